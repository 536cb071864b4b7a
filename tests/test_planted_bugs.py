"""Plant the classic backprop bugs and show that the checkers catch every one."""
import dataclasses

import numpy as np
import pytest
import sympy as sp

from backprop_core import notation as n
from backprop_core.network import activations
from backprop_core.network.check import check_example, errors
from backprop_core.network.derivation import derive
from backprop_core.network.example import Example
from backprop_core.network.numeric import evaluate, evaluate_path_sums, finite_differences
from backprop_core.network.proof import diff_failures, symbolic_failures
from backprop_core.network.spec import NetworkSpec

SPEC = NetworkSpec((3, 3, 3), "tanh", "mse")


def _fd_error(d, example):
    gw, gb = evaluate(d, example).grad_arrays(d.spec)
    fw, fb = finite_differences(example)
    return errors(gw + gb, fw + fb)[1]


def test_unplanted_derivation_passes_every_checker():
    d = derive(SPEC)
    assert symbolic_failures(d) == [] and diff_failures(d) == []
    assert _fd_error(d, Example.random(SPEC, 1)) <= 1e-9


def test_dropping_a_path_is_caught():
    d = derive(SPEC)
    g = d.gradients["w1_2_3"]
    d.gradients["w1_2_3"] = dataclasses.replace(g, paths=g.paths[:-1])
    assert symbolic_failures(d) == ["w1_2_3"]
    assert diff_failures(d) == ["w1_2_3@seed0"]
    ex = Example.random(SPEC, 1)
    fw, _ = finite_differences(ex)
    assert abs(evaluate_path_sums(d, ex)["w1_2_3"] - fw[0][1, 2]) > 1e-3


def test_dropping_the_activation_derivative_is_caught(monkeypatch):
    broken = dataclasses.replace(activations.ACTIVATIONS["tanh"], f_prime=lambda z: sp.S.One)
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", broken)
    report = check_example(Example.random(SPEC, 1))
    assert not report["ok"] and report["max_rel_error"] > 1e-3
    d = derive(SPEC)
    assert diff_failures(d)  # sympy.diff still knows tanh' != 1


def test_using_W_instead_of_its_transpose_is_caught():
    d = derive(SPEC)
    swap = {n.symbol(n.w_name(2, j, k)): n.symbol(n.w_name(2, k, j)) for j in range(1, 4) for k in range(1, 4)}
    for key in [(1, 1), (1, 2), (1, 3)]:
        t = d.deltas[key]
        terms = tuple((tuple(f.xreplace(swap) for f in c), nxt) for c, nxt in t.terms)
        d.deltas[key] = dataclasses.replace(t, terms=terms)
    assert set(symbolic_failures(d)) == {"delta1_1", "delta1_2", "delta1_3"}

    # the same bug in a numeric backprop is caught by finite differences
    ex = Example.random(SPEC, 4)
    from backprop_core.network.numeric import numpy_backprop
    _, gw, gb = numpy_backprop(ex)
    z1 = ex.weights[0] @ ex.x + ex.biases[0]
    a1 = np.tanh(z1)
    a2 = np.tanh(ex.weights[1] @ a1 + ex.biases[1])
    d2 = (a2 - ex.y) * (1 - a2 ** 2)
    wrong_d1 = (ex.weights[1] @ d2) * (1 - a1 ** 2)      # planted: W, not W^T
    fw, fb = finite_differences(ex)
    assert errors([np.outer(wrong_d1, ex.x)], [fw[0]])[1] > 1e-3
    assert errors([gw[0]], [fw[0]])[1] <= 1e-9
