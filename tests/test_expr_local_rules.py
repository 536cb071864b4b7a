"""Seed 003's worked examples: car price, add/mul/affine/ReLU/softmax-with-loss rules, parameter update."""
import numpy as np
import pytest
import sympy as sp

from backprop_core.expr.local_rules import (add_rule, affine_rule, car_price, mul_rule, parameter_update, relu_rule,
                                       softmax_loss_float, softmax_with_loss)


def test_car_price_seed_numbers():
    car = car_price()
    assert car.total == 44
    assert car.gradients == {"unit": sp.Rational(11, 5), "count": 22, "tax": 40}
    assert car.backward_chain == [1, sp.Rational(11, 10), sp.Rational(11, 5)]
    assert [n.value for n in car.graph.nodes if n.kind == "op"] == [40, 44]


def test_add_passes_gradient_unchanged_and_mul_swaps():
    add = add_rule()
    assert add.grads == {"x": add.upstream, "y": add.upstream}
    mul = mul_rule()
    assert mul.output == 40
    assert mul.grads == {"x": mul.upstream * mul.inputs["y"], "y": mul.upstream * mul.inputs["x"]}
    assert mul.grads == {"x": sp.Rational(11, 5), "y": 22}


def test_affine_rule_against_finite_differences_of_a_linear_probe():
    aff = affine_rule()
    X, W, b, dY = (np.array(m.tolist(), dtype=float) for m in (aff.X, aff.W, aff.b, aff.dY))
    assert aff.dX.shape == aff.X.shape == (1, 2)
    assert aff.dW.shape == aff.W.shape == (2, 3) and aff.db.shape == aff.b.shape == (1, 3)

    def probe(X, W, b):            # L = sum(dY * Y), so dL/dY = dY
        return float((dY * (X @ W + b)).sum())

    def fd(f, arr):
        g = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            h = np.zeros_like(arr)
            h[idx] = 1e-6
            g[idx] = (f(arr + h) - f(arr - h)) / 2e-6
        return g
    assert np.allclose(fd(lambda x: probe(x, W, b), X), np.array(aff.dX.tolist(), dtype=float))
    assert np.allclose(fd(lambda w: probe(X, w, b), W), np.array(aff.dW.tolist(), dtype=float))
    assert np.allclose(fd(lambda c: probe(X, W, c), b), np.array(aff.db.tolist(), dtype=float))
    assert aff.Y == aff.X * aff.W + aff.b


def test_relu_gate_is_zero_at_zero():
    r = relu_rule()
    assert r.x == [-2, 0, 3, sp.Rational(1, 2)]
    assert r.gate == [0, 0, 1, 1]
    assert r.dx == [0, 0, 5, 5]


def test_softmax_with_loss_gradient_is_y_minus_t():
    s = softmax_with_loss()
    assert s.t == [0, 0, 1]
    assert sum(s.y).simplify() == 1
    assert s.grad == [y - t for y, t in zip(s.y, s.t)]
    a, t = np.array([float(v) for v in s.a]), np.array([float(v) for v in s.t])
    for i in range(3):
        h = np.zeros(3)
        h[i] = 1e-6
        fd = (softmax_loss_float(a + h, t) - softmax_loss_float(a - h, t)) / 2e-6
        assert float(s.grad[i]) == pytest.approx(fd, rel=1e-6, abs=1e-8)
    symbols = sp.symbols("a1:4")
    exps = [sp.exp(x) for x in symbols]
    loss = -sp.log(exps[2] / sum(exps))
    for i, x in enumerate(symbols):   # exactly y - t, symbolically
        assert sp.simplify(sp.diff(loss, x) - (exps[i] / sum(exps) - s.t[i])) == 0


def test_parameter_update_numbers():
    u = parameter_update()
    assert u.eps == sp.Rational(1, 10) and u.reg == sp.Rational(1, 10)
    assert u.dW_reg == u.dW + u.reg * u.W
    assert u.W_new == u.W - u.eps * (u.dW + u.reg * u.W)
    assert u.b_new == u.b - u.eps * u.db
    assert all(isinstance(v, sp.Rational) for v in u.W_new)
