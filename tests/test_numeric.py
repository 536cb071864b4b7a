"""The symbolic gradients against independent numbers on many random networks."""
import random

import numpy as np
import pytest

from backprop_core.network.check import check_example, errors
from backprop_core.network.derivation import derive
from backprop_core.network.example import Example
from backprop_core.network.numeric import evaluate, evaluate_path_sums, finite_differences, numpy_backprop, numpy_loss, torch_gradients
from backprop_core.network.spec import NetworkSpec

PAIRS = [("sigmoid", "mse"), ("sigmoid", "bce"), ("sigmoid", "softmax_ce"), ("tanh", "mse"),
         ("tanh", "softmax_ce"), ("relu", "mse"), ("relu", "softmax_ce"), ("identity", "mse"),
         ("identity", "softmax_ce")]


def random_cases(count=45, seed=2026):
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        act, loss = PAIRS[i % len(PAIRS)]
        layers = tuple(rng.randint(1, 4) for _ in range(rng.randint(2, 5)))  # depth 1-4, widths 1-4
        cases.append((NetworkSpec(layers, act, loss), rng.randint(0, 10_000)))
    return cases


CASES = random_cases()


@pytest.mark.parametrize("spec, seed", CASES, ids=[f"{s.slug}-{k}" for s, k in CASES])
def test_symbolic_gradients_match_numpy_backprop_and_finite_differences(spec, seed):
    example = Example.random(spec, seed)
    ev = evaluate(derive(spec), example)
    gw, gb = ev.grad_arrays(spec)
    loss, nw, nb = numpy_backprop(example)
    assert ev.loss == pytest.approx(loss, rel=1e-12, abs=1e-14)
    assert ev.loss == pytest.approx(numpy_loss(spec, example.x, example.y, example.weights, example.biases), rel=1e-12)
    assert errors(gw + gb, nw + nb)[1] <= 1e-9
    fw, fb = finite_differences(example)
    assert errors(gw + gb, fw + fb)[1] <= 1e-6
    sums = evaluate_path_sums(derive(spec), example)
    assert max(abs(sums[k] - v) / max(abs(v), 1e-4) for k, v in ev.gradients.items()) <= 1e-9


def test_every_defined_pair_checks_ok_on_the_issue_network():
    for act, loss in PAIRS:
        report = check_example(Example.random(NetworkSpec((3, 4, 2), act, loss), 7))
        assert report["ok"], (act, loss)
        assert report["max_rel_error"] <= 1e-9, (act, loss, report["max_rel_error"])


def test_deltas_are_dE_dz_by_finite_differences():
    spec = NetworkSpec((2, 3, 2), "tanh", "mse")
    example = Example.random(spec, 3)
    ev = evaluate(derive(spec), example)
    # dE/dz^{(l)}_j equals dE/db^{(l)}_j, since z depends on b with slope 1
    fw, fb = finite_differences(example)
    for (l, j), value in ev.deltas.items():
        assert value == pytest.approx(fb[l - 1][j - 1], abs=1e-10)


def test_forward_values_follow_the_definition():
    spec = NetworkSpec((2, 2, 2))
    ex = Example.random(spec, 0)
    ev = evaluate(derive(spec), ex)
    z1 = ex.weights[0] @ ex.x + ex.biases[0]
    a1 = 1 / (1 + np.exp(-z1))
    assert [ev.node_values["z1_1"], ev.node_values["z1_2"]] == pytest.approx(list(z1), rel=1e-14)
    assert [ev.node_values["a1_1"], ev.node_values["a1_2"]] == pytest.approx(list(a1), rel=1e-14)


def test_examples_are_reproducible_and_fit_the_loss():
    spec = NetworkSpec((3, 2, 4), "relu", "softmax_ce")
    a, b = Example.random(spec, 5), Example.random(spec, 5)
    assert a.to_dict() == b.to_dict()
    assert sorted(a.y.tolist()) == [0, 0, 0, 1]
    assert Example.random(spec, 6).to_dict() != a.to_dict()


@pytest.mark.skipif(torch_gradients(Example.random(NetworkSpec(), 0)) is None, reason="torch not installed")
@pytest.mark.parametrize("spec, seed", CASES[:18], ids=[f"{s.slug}-{k}" for s, k in CASES[:18]])
def test_symbolic_gradients_match_torch_autograd(spec, seed):
    example = Example.random(spec, seed)
    gw, gb = evaluate(derive(spec), example).grad_arrays(spec)
    tw, tb = torch_gradients(example)
    assert errors(gw + gb, tw + tb)[1] <= 1e-9
