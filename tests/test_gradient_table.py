"""The one gradient table (``backprop check``, the handout and the GradientCheck scene read it):
its numbers against an independent float64 central difference and torch, and the difference
formulas the video shows against the arithmetic the check runs."""
import math

import numpy as np
import pytest

from backprop_core import Example, NetworkSpec, derive, evaluate
from backprop_core.network.check import check_example, check_report, gradient_table
from backprop_core.network.forward import HADAMARD_LATEX, generalisation, generalisation_latex
from backprop_core.network.numeric import (CENTRAL, ONE_SIDED, RICHARDSON, finite_differences, numpy_backprop,
                                           parameter_slots)

SPECS = [NetworkSpec((2, 2, 2), "sigmoid", "mse"), NetworkSpec((2, 3, 2), "tanh", "mse"),
         NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce"), NetworkSpec((2, 2, 2), "sigmoid", "bce")]


def _loss(spec, x, y, weights, biases) -> float:
    """The loss written out here, sharing no code with the core."""
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
         "identity": lambda z: z}[spec.activation]
    a = np.array(x, dtype=np.float64)
    for l, (W, b) in enumerate(zip(weights, biases), 1):
        z = W @ a + b
        if l == len(weights) and spec.loss == "softmax_ce":
            a = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        else:
            a = f(z)
    if spec.loss == "mse":
        return float(0.5 * ((a - y) ** 2).sum())
    if spec.loss == "bce":
        return float(-(y * np.log(a) + (1 - y) * np.log(1 - a)).sum())
    return float(-(y * np.log(a)).sum())


def _central(example, kind, layer, index, h=1e-5) -> float:
    def at(step):
        W = [w.astype(np.float64).copy() for w in example.weights]
        b = [v.astype(np.float64).copy() for v in example.biases]
        (W if kind == "w" else b)[layer][index] += step
        return _loss(example.spec, example.x, example.y, W, b)
    return (at(h) - at(-h)) / (2 * h)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_every_row_is_the_gradient_by_an_independent_central_difference(spec):
    ex = Example.random(spec, 0)
    table = gradient_table(ex, use_torch=False)
    d = derive(spec)
    assert [r.name for r in table.rows] == list(d.gradients)              # the derivation's order
    assert {r.name for r in table.rows} == {s[0] for s in parameter_slots(spec)}
    ev = evaluate(d, ex)
    for r in table.rows:
        independent = _central(ex, r.kind, r.layer, r.index)
        assert r.symbolic == ev.gradients[r.name]
        assert r.symbolic == pytest.approx(independent, rel=1e-6, abs=1e-9), r.name
        assert r.finite_difference == pytest.approx(independent, rel=1e-6, abs=1e-9), r.name
        assert r.numpy == pytest.approx(r.symbolic, rel=1e-12, abs=1e-15)
        assert r.error < 1e-9 and r.torch is None
    assert table.loss == pytest.approx(_loss(spec, ex.x, ex.y, ex.weights, ex.biases), rel=1e-12)


def test_torch_column_is_autograd():
    torch = pytest.importorskip("torch")
    spec = SPECS[2]
    ex = Example.random(spec, 0)
    table = gradient_table(ex)
    Ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in ex.weights]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in ex.biases]
    a = torch.tensor(ex.x, dtype=torch.float64)
    for l, (W, b) in enumerate(zip(Ws, bs), 1):
        a = torch.softmax(W @ a + b, 0) if l == len(Ws) else torch.relu(W @ a + b)
    (-(torch.tensor(ex.y, dtype=torch.float64) * torch.log(a)).sum()).backward()
    assert table.with_torch
    for r in table.rows:
        want = float((Ws if r.kind == "w" else bs)[r.layer].grad[r.index])
        assert r.torch == pytest.approx(want, rel=1e-12, abs=1e-15)
        assert r.symbolic == pytest.approx(want, rel=1e-9, abs=1e-12)


def test_arrays_are_shaped_like_the_parameters_and_hold_the_core_numbers():
    ex = Example.random(SPECS[1], 2)
    table = gradient_table(ex, use_torch=False)
    fw, fb = finite_differences(ex)
    gw, gb = table.arrays("finite_difference")
    assert all(np.array_equal(a, b) for a, b in zip(gw + gb, fw + fb))
    _loss_np, nw, nb = numpy_backprop(ex)
    assert all(np.array_equal(a, b) for a, b in zip(table.arrays("numpy")[0], nw))
    assert not table.sampled


def test_a_sampled_table_is_the_check_reports_sample():
    ex = Example.random(NetworkSpec((6, 5, 3)), 4)
    table = gradient_table(ex, sample=10, seed=5, use_torch=False)
    checked = table.checked()
    assert table.sampled and len(checked) == 10
    report = check_example(ex, sample=10, seed=5)
    assert report["finite_difference"]["parameters"] == [r.name for r in checked]
    assert report["finite_difference"]["values"] == [r.finite_difference for r in checked]
    assert check_report(table)["max_abs_error"] == report["max_abs_error"] == max(r.error for r in checked)


def test_difference_formulas_estimate_a_known_derivative():
    E = lambda s: math.exp(0.3 + s)            # dE/ds at 0 is exp(0.3)
    exact, h = math.exp(0.3), 1e-2
    assert abs(ONE_SIDED.estimate(E, h) - exact) == pytest.approx(exact * h / 2, rel=0.05)    # error ~ h
    assert abs(CENTRAL.estimate(E, h) - exact) == pytest.approx(exact * h ** 2 / 6, rel=0.05)  # ~ h^2
    assert abs(RICHARDSON.estimate(E, h) - exact) < exact * h ** 4                            # ~ h^4
    assert RICHARDSON.estimate(E, h) == (4 * CENTRAL.estimate(E, h / 2) - CENTRAL.estimate(E, h)) / 3


def test_finite_differences_run_the_formula_the_video_shows():
    ex = Example.random(SPECS[0], 0)
    fw, _fb = finite_differences(ex)

    def E(step):
        W = [w.copy() for w in ex.weights]
        W[0][0, 1] += step
        return _loss(ex.spec, ex.x, ex.y, W, ex.biases)
    assert fw[0][0, 1] == pytest.approx(RICHARDSON.estimate(E, 1e-3), rel=1e-12)
    assert ONE_SIDED.number == "46" and CENTRAL.number is None
    assert "D(h/2)" in RICHARDSON.latex and CENTRAL.latex.startswith("D(h) = ")
    assert r"\epsilon" in ONE_SIDED.latex


def test_generalisation_legend_and_hadamard():
    spec = NetworkSpec((2, 2, 2))
    assert generalisation_latex(generalisation(spec, "weight")) == r"(1) \to (l),\quad (0) \to (l-1)"
    assert generalisation_latex(generalisation(spec, "output")) == r"(2) \to (L)"
    assert HADAMARD_LATEX == r"\odot"
