"""The learning scenes (scenes/learning.py) really run, keep every beat's end a clean slide, and show
the core's numbers, each compared here with an independent NumPy computation of its own."""
from __future__ import annotations

import re

import numpy as np
import pytest

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from backprop_core import Example, NetworkSpec
from tests.scene_runs import construct
from tests.section_ends import end_frame_problems

LANGS = ("en", "zh")
SPEC = NetworkSpec((2, 2, 2), "sigmoid", "mse")


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(W1, b1, W2, b2, x, y):
    """The 2-2-2 sigmoid/mse lecture network written out: every node value, by name."""
    z1 = W1 @ x + b1
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    e = 0.5 * (a2 - y) ** 2
    values = {"E": float(e.sum())}
    for j in range(2):
        values.update({f"z1_{j + 1}": z1[j], f"a1_{j + 1}": a1[j], f"z2_{j + 1}": z2[j], f"a2_{j + 1}": a2[j],
                       f"e_{j + 1}": e[j]})
    return values


def as_arrays(ex):
    return ex, [np.array(w, float) for w in ex.weights], [np.array(b, float) for b in ex.biases]


def lecture_example():
    """The example the nudge shows (every network scene's)."""
    return as_arrays(Example.lecture(SPEC))


def training_start():
    """Where the two-class run (and so the algorithm's first mini-batch) begins."""
    from backprop_core.network.two_classes import start
    return as_arrays(start())


def tex(m) -> str:
    return getattr(m, "tex_string", "")


def numbers_in(latex: str) -> list[float]:
    """Every decimal number in a LaTeX line (scientific notation read as such)."""
    latex = re.sub(r"([+-]?\d+\.\d+) \\times 10\^\{(-?\d+)\}", r"\1e\2", latex)
    return [float(x) for x in re.findall(r"[+-]?\d+(?:\.\d+)?(?:e-?\d+)?", latex)]


def clean_run(scene, lang):
    """What every scene of this file must do, in either language."""
    assert scene.renderer.time > 5
    problems = end_frame_problems(scene)
    assert not problems, problems
    for moment, boxes in scene.record.checkpoints:
        assert not off_frame(boxes), f"{moment}: something leaves the frame"
        assert not overlapping_pairs(boxes), f"{moment}: two things overlap"
    subs = [s.content for s in scene.renderer.file_writer.subcaptions]
    assert subs, "narration for the .srt"
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", s) for s in subs)
    assert scene.narrator.beats[-1].key, "the scene ends on a key result"


# ---- NudgeAWeight --------------------------------------------------------------------------------

@pytest.fixture(params=LANGS)
def nudge_scene(request):
    return construct("learning", "NudgeAWeight", lang=request.param), request.param


def test_nudge_scene_runs_clean(nudge_scene):
    scene, lang = nudge_scene
    clean_run(scene, lang)
    assert len(scene.section_ends) == 5


def test_nudge_changes_are_two_forward_passes(nudge_scene):
    """The change under each node is the difference of two forward passes, w and w + 0.1."""
    scene, _lang = nudge_scene
    ex, W, b = lecture_example()
    before = forward(W[0], b[0], W[1], b[1], ex.x, ex.y)
    W1 = W[0].copy()
    W1[0, 0] += 0.1
    after = forward(W1, b[0], W[1], b[1], ex.x, ex.y)
    shown = scene.record.shown["changes"]
    assert set(shown) == {"z1_1", "a1_1", "z2_1", "z2_2", "a2_1", "a2_2", "e_1", "e_2", "E"}
    for name, label in shown.items():
        assert float(tex(label)) == pytest.approx(after[name] - before[name], rel=5e-3)
    assert numbers_in(tex(scene.record.shown["actual"]))[-1] == pytest.approx(after["E"] - before["E"], rel=2e-3)


def hand_gradient(ex, W, b):
    """dE/dw^(1)_11 by hand: the two path products x1 s'(z1_1) w2_j1 s'(z2_j) (a2_j - y_j)."""
    v = forward(W[0], b[0], W[1], b[1], ex.x, ex.y)
    ds = lambda z: sigmoid(z) * (1 - sigmoid(z))          # noqa: E731
    paths = [ex.x[0] * ds(v["z1_1"]) * W[1][j, 0] * ds(v[f"z2_{j + 1}"]) * (v[f"a2_{j + 1}"] - ex.y[j])
             for j in range(2)]
    return paths


def test_nudge_path_products_add_up_to_the_gradient(nudge_scene):
    scene, _lang = nudge_scene
    ex, W, b = lecture_example()
    paths = hand_gradient(ex, W, b)
    lines = scene.record.shown["path_lines"]
    for line, product in zip(lines, paths):
        factors = numbers_in(tex(line[1][1]))
        assert np.prod(factors[:-1]) == pytest.approx(product, rel=1e-2)
        assert factors[-1] == pytest.approx(product, rel=5e-3)
    total, predicted, actual = (tex(m) for m in scene.record.shown["sum"])
    assert numbers_in(total)[-1] == pytest.approx(sum(paths), rel=5e-3)
    assert numbers_in(predicted)[-1] == pytest.approx(0.1 * sum(paths), rel=5e-3)


def test_nudge_table_ratios_approach_the_backprop_gradient(nudge_scene):
    """Each row: Delta E from two forward passes, the ratio, its gap to the gradient, which shrinks."""
    scene, _lang = nudge_scene
    ex, W, b = lecture_example()
    grad = sum(hand_gradient(ex, W, b))
    E0 = forward(W[0], b[0], W[1], b[1], ex.x, ex.y)["E"]
    rows = [[numbers_in(tex(c))[0] for c in row] for row in scene.record.shown["table"][1:]]
    assert [r[0] for r in rows] == [0.1, 0.01, 0.001]
    gaps = []
    for step, dE, ratio, gap in rows:
        W1 = W[0].copy()
        W1[0, 0] += step
        want = forward(W1, b[0], W[1], b[1], ex.x, ex.y)["E"] - E0
        assert dE == pytest.approx(want, rel=1e-4)
        assert ratio == pytest.approx(want / step, abs=6e-8)      # shown to 7 decimals
        assert gap == pytest.approx(want / step - grad, rel=0.05)
        gaps.append(abs(gap))
    assert gaps[0] > gaps[1] > gaps[2]
    assert numbers_in(tex(scene.record.shown["gradient"]))[-1] == pytest.approx(grad, abs=6e-8)


# ---- BackpropAlgorithm ---------------------------------------------------------------------------

def matrices_in(latex: str) -> list[np.ndarray]:
    """Every bmatrix in a LaTeX line, in order, as float arrays."""
    return [np.array([[float(x) for x in row.split("&")] for row in body.split(r"\\")])
            for body in re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", latex)]


def hand_backprop(W, b, x, y):
    """Nielsen's five steps for one example of the 2-2-2 sigmoid/mse network, in plain NumPy."""
    z1 = W[0] @ x + b[0]
    a1 = sigmoid(z1)
    z2 = W[1] @ a1 + b[1]
    a2 = sigmoid(z2)
    d2 = (a2 - y) * a2 * (1 - a2)                 # BP1
    d1 = (W[1].T @ d2) * a1 * (1 - a1)            # BP2
    return (d1, d2), (np.outer(d1, x), np.outer(d2, a1))   # BP3 (the deltas), BP4


@pytest.fixture(params=LANGS)
def algorithm_scene(request):
    return construct("learning", "BackpropAlgorithm", lang=request.param), request.param


def test_algorithm_scene_runs_clean(algorithm_scene):
    scene, lang = algorithm_scene
    clean_run(scene, lang)
    assert len(scene.record.shown["steps"]) == 5


def first_four():
    """The run's first mini-batch, as training.py draws it: the seed's permutation, m = 4."""
    from backprop_core.network.two_classes import SETTINGS, two_classes
    data = two_classes()
    order = np.random.default_rng(SETTINGS.seed).permutation(data.size)[:SETTINGS.batch_size]
    return data.X[order], data.Y[order], SETTINGS.eta


def test_the_first_batch_is_four_examples_with_their_own_deltas(algorithm_scene):
    scene, _lang = algorithm_scene
    ex, W, b = training_start()
    X, Y, eta = first_four()
    shown = [matrices_in(tex(m)) for m in scene.record.shown["first_batch"]]
    assert np.allclose(shown[0][0], X.T)                          # one column per example
    deltas = [hand_backprop(W, b, x, y)[0] for x, y in zip(X, Y)]
    for l, line in ((2, shown[1][0]), (1, shown[2][0])):
        want = np.stack([d[l - 1] for d in deltas], axis=1)
        assert np.allclose(line, want, rtol=5e-3, atol=5e-5)


def test_one_step_is_the_averaged_sum_and_trainings_own_step(algorithm_scene):
    from backprop_core.network.training import sgd_step
    from backprop_core.network.two_classes import SPEC
    scene, _lang = algorithm_scene
    ex, W, b = training_start()
    X, Y, eta = first_four()
    grads = [hand_backprop(W, b, x, y) for x, y in zip(X, Y)]
    new_w, new_b = sgd_step(SPEC, W, b, X.T, Y.T, eta)
    lines = [matrices_in(tex(m)) for m in scene.record.shown["step"]]
    for i, l in enumerate((2, 1)):
        before, summed, after = lines[i]
        assert np.allclose(before, W[l - 1])
        assert np.allclose(summed, sum(g[1][l - 1] for g in grads), rtol=5e-3, atol=5e-5)
        assert np.allclose(after, W[l - 1] - eta / 4 * sum(g[1][l - 1] for g in grads), rtol=5e-3, atol=5e-4)
        assert np.allclose(after, new_w[l - 1], rtol=5e-3, atol=5e-4)
        before, summed, after = lines[2 + i]
        assert np.allclose(summed.ravel(), sum(g[0][l - 1] for g in grads), rtol=5e-3, atol=5e-5)
        assert np.allclose(after.ravel(), new_b[l - 1], rtol=5e-3, atol=5e-4)
    rule = [tex(m) for m in scene.record.shown["mini_batch"]]
    assert all(r"\frac{\eta}{m} \sum_{x}" in r for r in rule)
    assert r"\Delta^{(l)} \left(A^{(l-1)}\right)^{T}" in tex(scene.record.shown["matrix_form"][2])


# ---- TrainingRun ---------------------------------------------------------------------------------

def hand_training(epochs: int = 30):
    """Nielsen's SGD written out for the two-class run: per-example backprop, averaged per mini-batch
    of 4, eta = 2, the examples of each epoch in the order of one seeded permutation; every epoch kept."""
    from backprop_core.network.two_classes import two_classes
    data = two_classes()
    _ex, W, b = training_start()
    rng = np.random.default_rng(0)
    kept = [(W, b)]
    for _ in range(epochs):
        order = rng.permutation(data.size)
        for k in range(0, data.size, 4):
            grads = [hand_backprop(W, b, data.X[i], data.Y[i]) for i in order[k:k + 4]]
            m = len(grads)
            W = [W[l] - 2.0 / m * sum(g[1][l] for g in grads) for l in range(2)]
            b = [b[l] - 2.0 / m * sum(g[0][l] for g in grads) for l in range(2)]
        kept.append((W, b))
    return data, kept


def hand_outputs(W, b, X):
    return sigmoid(W[1] @ sigmoid(W[0] @ X + b[0][:, None]) + b[1][:, None])


@pytest.fixture(params=LANGS)
def training_scene(request):
    return construct("learning", "TrainingRun", lang=request.param), request.param


def test_training_scene_runs_clean(training_scene):
    scene, lang = training_scene
    clean_run(scene, lang)


def test_training_epochs_show_the_runs_regions_weights_and_loss(training_scene):
    from manim import DashedLine, ManimColor
    from backprop_anim.theme import color_of
    scene, lang = training_scene
    data, kept = hand_training()
    shown = scene.record.shown["epochs"]
    assert list(shown) == [0, 3, 5, 10, 30]
    # the cell centres, independently: 22 x 16 cells over x in [-2, 2.4], y in [-1.6, 1.9]
    xs, ys = -2 + (np.arange(22) + 0.5) * 4.4 / 22, -1.6 + (np.arange(16) + 0.5) * 3.5 / 16
    centres = np.array([(x, y) for y in ys for x in xs]).T
    colours = [ManimColor(color_of(k)).to_hex() for k in ("class1", "class2")]
    for epoch, (cells, weights, status) in shown.items():
        W, b = kept[epoch]
        want = hand_outputs(W, b, centres).argmax(axis=0)
        assert [ManimColor(c.get_fill_color()).to_hex() for c in cells] == [colours[k] for k in want]
        for line in weights:
            name, value = line.weight
            l, j, k = (int(i) for i in name[1:].split("_"))
            assert value == pytest.approx(W[l - 1][j - 1, k - 1], abs=1e-9)
            assert isinstance(line, DashedLine) == (value < 0)
        widths = sorted((abs(line.weight[1]), line.get_stroke_width()) for line in weights
                        if not isinstance(line, DashedLine))
        assert [w for _, w in widths] == sorted(w for _, w in widths)
        out = hand_outputs(W, b, data.X.T)
        loss = float(np.mean(0.5 * ((out - data.Y.T) ** 2).sum(axis=0)))
        right = int(np.sum(out.argmax(axis=0) == data.Y.argmax(axis=1)))
        if lang == "en":
            assert status.original_text.startswith(f"epoch {epoch}: mean loss ")
            assert float(re.search(r"mean loss ([\d.]+)", status.original_text)[1]) == pytest.approx(loss, rel=5e-3)
            assert f"{right} of 20 points right" in status.original_text
    assert right == 20 and kept[30][0][0].shape == (2, 2)


def test_training_loss_curve_is_the_mean_loss_per_epoch(training_scene):
    scene, _lang = training_scene
    data, kept = hand_training()
    plot = scene.loss
    for epoch, (W, b) in enumerate(kept):
        out = hand_outputs(W, b, data.X.T)
        loss = float(np.mean(0.5 * ((out - data.Y.T) ** 2).sum(axis=0)))
        assert plot.axes.p2c(plot.point(epoch))[1] == pytest.approx(loss, rel=1e-6)
    assert plot.shown_to == 30


# ---- Recap ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_recap_card_ends_the_lecture(lang):
    from backprop_core.network.bp_equations import general_bp
    from scenes.outline import LECTURE
    scene = construct("learning", "Recap", lang=lang)
    clean_run(scene, lang)
    assert scene.narrator.beats[-1].key
    card = scene.record.shown["card"]
    assert len(card) == 6 and tex(card[3][2]) == general_bp()["BP2"].latex
    assert LECTURE[-4:] == ["ParameterUpdate", "BackpropAlgorithm", "TrainingRun", "Recap"]
    assert LECTURE.index("NudgeAWeight") + 1 == LECTURE.index("GradientCheck")
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", s.content) for s in scene.renderer.file_writer.subcaptions)


def test_backprop_scenes_lists_the_new_scenes_in_order():
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-m", "backprop", "scenes"], cwd=root, capture_output=True, text=True,
                         check=True).stdout
    names = [line.split()[1] for line in out.splitlines() if line.strip()[:1].isdigit()]
    order = [names.index(n) for n in ("NudgeAWeight", "GradientCheck", "ParameterUpdate", "BackpropAlgorithm",
                                       "TrainingRun", "Recap")]
    assert order == sorted(order) and names[-1] == "Recap"


# ---- ParameterUpdate ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_update_scene_runs_clean(lang):
    scene = construct("learning", "ParameterUpdate", lang=lang)
    problems = end_frame_problems(scene)
    assert not problems, problems
    assert not off_frame(scene.mobjects, margin=0.05)
    subs = [s.content for s in scene.renderer.file_writer.subcaptions]
    assert subs and (lang != "zh" or all(re.search(r"[\u4e00-\u9fff]", s) for s in subs))


def test_parameter_update_is_one_step_with_the_lecture_networks_checked_gradients():
    """ParameterUpdate: the 2-2-2 example's twelve gradients (central differences of a hand-written
    forward pass here), eta and the L2 term on the weights only, W - eta (G + lambda W) = the new W."""
    scene = construct("learning", "ParameterUpdate", lang="en")
    ex = Example.lecture(NetworkSpec((2, 2, 2)))
    params = [np.array(p, float) for p in (*ex.weights, *ex.biases)]
    loss = lambda p: forward(p[0], p[2], p[1], p[3], ex.x, ex.y)["E"]       # noqa: E731
    grads = []
    for i, p in enumerate(params):
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            up, down = [q.copy() for q in params], [q.copy() for q in params]
            up[i][idx] += 1e-6
            down[i][idx] -= 1e-6
            g[idx] = (loss(up) - loss(down)) / 2e-6
        grads.append(g)
    lines = [tex(m) for m in scene.record.shown["numbers"]]
    eta, lam = (float(x) for x in re.findall(r"= ([\d.]+)", lines[0]))
    assert (eta, lam) == (0.5, 0.01)
    for line, l in zip(lines[1:3], (2, 1)):
        W, G, W_again, new = matrices_in(line)
        assert np.allclose(W, params[l - 1]) and np.allclose(W_again, W)
        assert np.allclose(G, grads[l - 1], rtol=5e-3, atol=1e-6)
        assert np.allclose(new, W - eta * (grads[l - 1] + lam * W), rtol=5e-3, atol=5e-4)
    for line, l in zip(lines[3:5], (2, 1)):
        b, G, new = matrices_in(line)
        assert np.allclose(G.ravel(), grads[1 + l], rtol=5e-3, atol=1e-6)
        assert np.allclose(new.ravel(), b.ravel() - eta * grads[1 + l], rtol=5e-3, atol=5e-4)   # no penalty
    rule = [tex(m) for part in scene.record.shown["rule"] for m in part]
    assert r"\frac{\lambda}{2}" in rule[0] and r"+ \lambda\, w^{(l)}_{jk}" in rule[1]
    assert r"\eta" in rule[2] and r"\lambda" in rule[2] and r"\lambda" not in rule[3]
    assert not any(r"\varepsilon" in t for t in rule + lines)
