"""``backprop train`` against independent mini-batch SGD: Nielsen's code, torch autograd, finite differences.

Every comparison runs the real command (``backprop.cli.main`` on files, JSON on stdout) and an
implementation that shares no code with the core (tests/nielsen.py, torch), several epochs long;
planted bugs (eta instead of eta/m, a penalty on the biases) show the comparison catches them.
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from backprop.cli import main
from backprop_core.network import training
from backprop_core.network.activations import ACTIVATIONS
from backprop_core.network.example import Example
from backprop_core.network.spec import NetworkSpec
from backprop_core.network.training import TrainingSettings, sgd_step
from backprop_core.network.training_data import TrainingData
from backprop_core.network.two_classes import SETTINGS, SPEC, accuracy, start, two_class_run, two_classes
from tests import nielsen

EXACT = 1e-12       # relative, on every weight, bias and loss


def max_rel_error(got, want) -> float:
    """max |got - want| / |want| over every entry of two nested lists/arrays."""
    g = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in got])
    w = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in want])
    assert g.shape == w.shape
    return float(np.max(np.abs(g - w) / np.maximum(np.abs(w), 1e-300)))


def random_problem(spec: NetworkSpec, n: int, seed: int):
    """A starting network (the seeded Example's weights) and n examples whose targets fit the loss."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, spec.layers[0]))
    if spec.loss == "softmax_ce":
        Y = np.eye(spec.layers[-1])[rng.integers(spec.layers[-1], size=n)]
    else:
        Y = rng.uniform(0.05, 0.95, size=(n, spec.layers[-1]))
    return Example.random(spec, seed), TrainingData(X, Y)


def write_problem(tmp_path, example: Example, data: TrainingData):
    spec_file, data_file = tmp_path / "spec.json", tmp_path / "data.json"
    spec_file.write_text(json.dumps(example.to_dict()))
    data_file.write_text(json.dumps(data.to_dict()))
    return spec_file, data_file


def run_train(capsys, spec_file, data_file, *options) -> dict:
    code = main(["train", "--spec", str(spec_file), "--data", str(data_file), *map(str, options), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def nielsen_run(example: Example, data: TrainingData, eta, m, epochs, reg=0.0, seed=None):
    net = nielsen.Network(example.spec.activation, example.spec.loss, example.weights, example.biases)
    losses = net.SGD(nielsen.training_data(data.X, data.Y), epochs, m, eta, reg, seed)
    return [w.tolist() for w in net.weights], [b.ravel().tolist() for b in net.biases], losses


CASES = {
    # spec, examples, eta, batch size, epochs, extra options
    "2-2-2 sigmoid mse, data order": (NetworkSpec((2, 2, 2)), 10, 2.0, 4, 6, ["--no-shuffle"]),
    "2-2-2 sigmoid mse, reg": (NetworkSpec((2, 2, 2)), 10, 2.0, 4, 6, ["--no-shuffle", "--reg", 0.01]),
    "2-2-2 sigmoid mse, seed 7": (NetworkSpec((2, 2, 2)), 10, 2.0, 3, 6, ["--seed", 7]),
    "3-4-2 tanh mse, seed, reg": (NetworkSpec((3, 4, 2), "tanh"), 9, 0.3, 2, 5, ["--seed", 3, "--reg", 0.05]),
    "2-3-3 relu softmax_ce": (NetworkSpec((2, 3, 3), "relu", "softmax_ce"), 8, 0.5, 3, 5, ["--no-shuffle"]),
    "2-3-2-1 sigmoid bce, reg": (NetworkSpec((2, 3, 2, 1), "sigmoid", "bce"), 7, 1.0, 2, 4, ["--reg", 0.02]),
    "2-3-2 identity mse, m > n": (NetworkSpec((2, 3, 2), "identity"), 5, 0.1, 8, 5, ["--seed", 1]),
    "4-3-3 tanh softmax_ce, m = 1": (NetworkSpec((4, 3, 3), "tanh", "softmax_ce"), 6, 0.2, 1, 3, []),
}


@pytest.mark.parametrize("case", list(CASES))
def test_train_equals_nielsens_update_mini_batch(case, tmp_path, capsys):
    spec, n, eta, m, epochs, options = CASES[case]
    example, data = random_problem(spec, n, seed=len(case))
    out = run_train(capsys, *write_problem(tmp_path, example, data),
                    "--eta", eta, "--batch-size", m, "--epochs", epochs, *options)
    reg = float(options[options.index("--reg") + 1]) if "--reg" in options else 0.0
    seed = None if "--no-shuffle" in options else (int(options[options.index("--seed") + 1])
                                                   if "--seed" in options else 0)
    weights, biases, losses = nielsen_run(example, data, eta, m, epochs, reg, seed)
    assert max_rel_error(out["weights"], weights) <= EXACT
    assert max_rel_error(out["biases"], biases) <= EXACT
    assert len(out["loss"]) == epochs and max_rel_error(out["loss"], losses) <= EXACT
    # and training moved every layer: the comparison is not of two untouched starts
    assert all(not np.allclose(w, w0) for w, w0 in zip(out["weights"], example.weights))


def test_output_is_nested_as_in_the_spec(tmp_path, capsys):
    example, data = random_problem(NetworkSpec((3, 4, 2)), 6, seed=2)
    out = run_train(capsys, *write_problem(tmp_path, example, data), "--eta", 1, "--batch-size", 2, "--epochs", 2)
    assert set(out) == {"weights", "biases", "loss"}
    assert [np.shape(w) for w in out["weights"]] == [(4, 3), (2, 4)]
    assert [np.shape(b) for b in out["biases"]] == [(4,), (2,)]
    trained = Example.from_dict({**example.to_dict(), "weights": out["weights"], "biases": out["biases"]})
    assert trained.spec == example.spec      # the output is a valid start for the next run


def test_the_spec_may_leave_out_x_and_y(tmp_path, capsys):
    example, data = random_problem(NetworkSpec((2, 2, 2)), 6, seed=4)
    spec_file, data_file = write_problem(tmp_path, example, data)
    with_xy = run_train(capsys, spec_file, data_file, "--eta", 1, "--batch-size", 2, "--epochs", 3)
    bare = {k: v for k, v in example.to_dict().items() if k not in ("x", "y")}
    spec_file.write_text(json.dumps(bare))
    assert run_train(capsys, spec_file, data_file, "--eta", 1, "--batch-size", 2, "--epochs", 3) == with_xy


def test_seed_is_reproducible_and_default_is_seed_0(tmp_path, capsys):
    files = write_problem(tmp_path, *random_problem(NetworkSpec((2, 3, 2)), 12, seed=5))
    common = ["--eta", 1.5, "--batch-size", 3, "--epochs", 4]
    seeded = run_train(capsys, *files, *common, "--seed", 11)
    assert run_train(capsys, *files, *common, "--seed", 11) == seeded
    assert run_train(capsys, *files, *common, "--seed", 12) != seeded
    assert run_train(capsys, *files, *common) == run_train(capsys, *files, *common, "--seed", 0)
    assert run_train(capsys, *files, *common, "--no-shuffle") != run_train(capsys, *files, *common)


def test_readable_table_has_one_row_per_epoch(tmp_path, capsys):
    files = write_problem(tmp_path, start(), two_classes())
    assert main(["train", "--spec", str(files[0]), "--data", str(files[1]), "--eta", "2", "--batch-size", "4",
                 "--epochs", "3", "--no-shuffle"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "20" in lines[0] and "data order" in lines[0]
    rows = [line.split() for line in lines[2:]]
    losses = run_train(capsys, *files, "--eta", 2, "--batch-size", 4, "--epochs", 3, "--no-shuffle")["loss"]
    assert [int(r[0]) for r in rows] == [1, 2, 3]
    assert [float(r[1]) for r in rows] == pytest.approx(losses, rel=1e-5)


def test_train_never_loads_the_video_stack(tmp_path):
    spec_file, data_file = write_problem(tmp_path, start(), two_classes())
    argv = ["train", "--spec", str(spec_file), "--data", str(data_file), "--eta", "2", "--batch-size", "4",
            "--epochs", "2", "--json"]
    code = (f"import sys; from backprop.cli import main\nassert main({argv!r}) == 0\n"
            "loaded = [m for m in ('manim', 'manimpango', 'av', 'backprop_anim') if m in sys.modules]\n"
            "assert not loaded, loaded")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# ---- torch autograd and finite differences ---------------------------------------------------------

def torch_run(example: Example, data: TrainingData, eta, m, epochs, reg, seed):
    """The same schedule with torch's autograd of (mean mini-batch loss + lambda/2 sum of w^2)."""
    torch = pytest.importorskip("torch")
    spec = example.spec
    Ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in example.weights]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in example.biases]
    act = ACTIVATIONS[spec.activation].torch_f(torch)       # the record's torch function, as check uses it
    X, Y = torch.tensor(data.X, dtype=torch.float64), torch.tensor(data.Y, dtype=torch.float64)

    def losses(rows):
        a = X[rows]
        for l, (W, b) in enumerate(zip(Ws, bs), 1):
            z = a @ W.T + b
            a = torch.softmax(z, dim=1) if (l == spec.depth and spec.loss == "softmax_ce") else act(z)
        y = Y[rows]
        if spec.loss == "mse":
            return 0.5 * ((a - y) ** 2).sum(dim=1)
        if spec.loss == "bce":
            return -(y * torch.log(a) + (1 - y) * torch.log(1 - a)).sum(dim=1)
        return -(y * torch.log(a)).sum(dim=1)

    rng = None if seed is None else np.random.default_rng(seed)
    curve = []
    for _ in range(epochs):
        order = np.arange(len(X)) if rng is None else rng.permutation(len(X))
        for k in range(0, len(X), m):
            batch = torch.tensor(order[k:k + m])
            objective = losses(batch).mean() + reg / 2 * sum((W ** 2).sum() for W in Ws)
            grads = torch.autograd.grad(objective, Ws + bs)
            with torch.no_grad():
                for p, g in zip(Ws + bs, grads):
                    p -= eta * g
        with torch.no_grad():
            curve.append(float(losses(torch.arange(len(X))).mean()))
    return [W.detach().numpy() for W in Ws], [b.detach().numpy() for b in bs], curve


@pytest.mark.parametrize("case", ["2-2-2 sigmoid mse, reg", "3-4-2 tanh mse, seed, reg", "2-3-3 relu softmax_ce",
                                  "2-3-2-1 sigmoid bce, reg"])
def test_train_equals_torch_autograd(case, tmp_path, capsys):
    spec, n, eta, m, epochs, options = CASES[case]
    example, data = random_problem(spec, n, seed=len(case))
    reg = float(options[options.index("--reg") + 1]) if "--reg" in options else 0.0
    seed = None if "--no-shuffle" in options else (int(options[options.index("--seed") + 1])
                                                   if "--seed" in options else 0)
    weights, biases, curve = torch_run(example, data, eta, m, epochs, reg, seed)
    out = run_train(capsys, *write_problem(tmp_path, example, data),
                    "--eta", eta, "--batch-size", m, "--epochs", epochs, *options)
    assert max_rel_error(out["weights"], weights) <= EXACT
    assert max_rel_error(out["biases"], biases) <= EXACT
    assert max_rel_error(out["loss"], curve) <= EXACT


def central_differences(objective, params, h=1e-5):
    """d objective / d p for every entry of every array in params (central differences)."""
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(*p.shape):
            saved = p[idx]
            p[idx] = saved + h
            up = objective()
            p[idx] = saved - h
            down = objective()
            p[idx] = saved
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


@pytest.mark.parametrize("spec, reg", [(NetworkSpec((2, 3, 2)), 0.0), (NetworkSpec((3, 2, 2), "tanh"), 0.1),
                                       (NetworkSpec((2, 3, 3), "sigmoid", "softmax_ce"), 0.05)])
def test_one_step_is_eta_times_the_finite_difference_gradient(spec, reg):
    """(w - w')/eta is the gradient of mean_x C_x + (lambda/2) sum w^2 over the mini-batch; (b - b')/eta
    that of the mean loss alone (biases are not regularised)."""
    example, data = random_problem(spec, 5, seed=9)
    eta = 0.7
    batch = data.X.T, data.Y.T
    new_w, new_b = sgd_step(spec, example.weights, example.biases, *batch, eta, reg)
    W = [w.copy() for w in example.weights]
    b = [v.copy() for v in example.biases]

    def objective():
        losses = [nielsen.cost(spec.loss, nielsen.Network(spec.activation, spec.loss, W, b).feedforward(
            x.reshape(-1, 1)), y.reshape(-1, 1)) for x, y in zip(data.X, data.Y)]
        return np.mean(losses) + reg / 2 * sum(np.sum(w ** 2) for w in W)

    fd = central_differences(objective, W + b)
    steps = [(old - new) / eta for old, new in zip(example.weights + example.biases, new_w + new_b)]
    for got, want in zip(steps, fd):
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)


# ---- the lecture's data set -------------------------------------------------------------------------

def test_the_loss_falls_on_the_lecture_data_set():
    run = two_class_run()
    losses = [e.loss for e in run]
    assert [e.number for e in run] == list(range(SETTINGS.epochs + 1))
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < losses[0] / 10
    assert accuracy(run[0]) == 0.5 and accuracy(run[-1]) == 1.0


def test_the_lecture_run_is_what_backprop_train_prints(tmp_path, capsys):
    out = run_train(capsys, *write_problem(tmp_path, start(), two_classes()), "--eta", SETTINGS.eta,
                    "--batch-size", SETTINGS.batch_size, "--epochs", SETTINGS.epochs, "--seed", SETTINGS.seed)
    last = two_class_run()[-1]
    assert out["weights"] == [w.tolist() for w in last.weights] and out["loss"][-1] == last.loss
    weights, _biases, losses = nielsen_run(start(), two_classes(), SETTINGS.eta, SETTINGS.batch_size,
                                           SETTINGS.epochs, seed=SETTINGS.seed)
    assert max_rel_error(out["weights"], weights) <= EXACT and max_rel_error(out["loss"], losses) <= EXACT
    assert SPEC == start().spec


# ---- planted bugs: the comparison catches them -----------------------------------------------------

def eta_not_over_m(spec, weights, biases, X, Y, eta, reg=0.0, gradient_sums=training.per_example_gradient_sums):
    sums = gradient_sums(spec, weights, biases, X, Y)
    return ([w - eta * nw - eta * reg * w for w, nw in zip(weights, sums.weights)],
            [b - eta * nb for b, nb in zip(biases, sums.biases)])


def biases_regularised(spec, weights, biases, X, Y, eta, reg=0.0, gradient_sums=training.per_example_gradient_sums):
    m, sums = X.shape[1], gradient_sums(spec, weights, biases, X, Y)
    return ([w - (eta / m) * nw - eta * reg * w for w, nw in zip(weights, sums.weights)],
            [b - (eta / m) * nb - eta * reg * b for b, nb in zip(biases, sums.biases)])


@pytest.mark.parametrize("bug, case", [(eta_not_over_m, "2-2-2 sigmoid mse, data order"),
                                       (biases_regularised, "2-2-2 sigmoid mse, reg")])
def test_planted_update_bug_is_caught(bug, case, tmp_path, capsys, monkeypatch):
    spec, n, eta, m, epochs, options = CASES[case]
    example, data = random_problem(spec, n, seed=len(case))
    reg = float(options[options.index("--reg") + 1]) if "--reg" in options else 0.0
    weights, biases, _ = nielsen_run(example, data, eta, m, epochs, reg, None)
    monkeypatch.setattr(training, "sgd_step", bug)
    out = run_train(capsys, *write_problem(tmp_path, example, data),
                    "--eta", eta, "--batch-size", m, "--epochs", epochs, *options)
    assert max_rel_error(out["weights"] + out["biases"], weights + biases) > 1e-3


def test_planted_a_different_shuffle_is_caught(tmp_path, capsys):
    """--seed S must be the documented rule, not just any reproducible order."""
    example, data = random_problem(NetworkSpec((2, 2, 2)), 10, seed=6)
    out = run_train(capsys, *write_problem(tmp_path, example, data), "--eta", 2, "--batch-size", 3,
                    "--epochs", 3, "--seed", 5)
    weights, _, _ = nielsen_run(example, data, 2.0, 3, 3, seed=5)
    other, _, _ = nielsen_run(example, data, 2.0, 3, 3, seed=6)
    assert max_rel_error(out["weights"], weights) <= EXACT < max_rel_error(out["weights"], other)


def test_settings_are_checked_in_the_core_too():
    from backprop_core.errors import BadInput
    for bad in (dict(eta=0.0), dict(eta=float("nan")), dict(batch_size=0), dict(epochs=0), dict(reg=-1.0),
                dict(seed=-1), dict(batch_size=2.5)):
        with pytest.raises(BadInput):
            TrainingSettings(**{"eta": 1.0, "batch_size": 1, "epochs": 1, **bad})
