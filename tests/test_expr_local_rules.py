"""Seed 003's worked examples: car price, add/mul/affine/ReLU/softmax-with-loss rules, the step size."""
import re

import numpy as np
import pytest
import sympy as sp

from backprop_core.expr.local_rules import (add_rule, affine_backward, affine_rule, car_price, mul_rule, relu_rule,
                                            softmax_loss_float, softmax_with_loss, step_size_demo)


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
    a, W, b, delta = (np.array(m.tolist(), dtype=float) for m in (aff.a, aff.W, aff.b, aff.delta))
    assert aff.da.shape == aff.a.shape == (3, 1) and aff.delta.shape == aff.b.shape == (2, 1)
    assert aff.dW.shape == aff.W.shape == (2, 3) and aff.db.shape == aff.b.shape

    def probe(a, W, b):            # E = delta . z, so dE/dz = delta
        return float((delta * (W @ a + b)).sum())

    def fd(f, arr):
        g = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            h = np.zeros_like(arr)
            h[idx] = 1e-6
            g[idx] = (f(arr + h) - f(arr - h)) / 2e-6
        return g
    assert np.allclose(fd(lambda x: probe(x, W, b), a), np.array(aff.da.tolist(), dtype=float))
    assert np.allclose(fd(lambda w: probe(a, w, b), W), np.array(aff.dW.tolist(), dtype=float))
    assert np.allclose(fd(lambda c: probe(a, W, c), b), np.array(aff.db.tolist(), dtype=float))
    assert aff.z == aff.W * aff.a + aff.b


def test_affine_shapes_are_checked():
    W, col = sp.ones(2, 3), lambda n: sp.ones(n, 1)
    assert affine_backward(W, col(3), col(2), col(2)).dW.shape == (2, 3)
    for a, b, delta in ((col(2), col(2), col(2)), (col(3), col(3), col(2)), (col(3), col(2), sp.ones(1, 2))):
        with pytest.raises(ValueError, match="z = W a \\+ b needs"):
            affine_backward(W, a, b, delta)


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


# ---- the formula lines the lecture shows: numbers read back from the LaTeX, checked in float64 ----

def matrices_in(latex: str) -> list[np.ndarray]:
    """Every bmatrix in a LaTeX line, in order, as float arrays."""
    out = []
    for body in re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", latex):
        out.append(np.array([[float(x) for x in row.split("&")] for row in body.split(r"\\")]))
    return out


def table_rows(latex: str) -> dict[str, list[float]]:
    body = re.fullmatch(r"\\begin\{array\}\{r\|c+\}(.*)\\end\{array\}", latex)[1]
    rows = [row.split(" & ") for row in body.split(r"\\")]
    return {row[0]: [float(x) for x in row[1:]] for row in rows}


def central(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        g[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return g


def test_car_chain_lines_against_finite_differences():
    car = car_price()
    price = lambda unit, count, tax: unit * count * tax            # noqa: E731 (float64, not the core's graph)
    at = np.array([20.0, 2.0, 1.1])
    grads = central(lambda v: price(*v), at)
    chain, value = car.chain_latex.rsplit(" = ", 1)
    factors = [float(x) for x in chain.split(" = ", 1)[1].split(r" \times ")]
    assert factors[0] == 1 and np.prod(factors) == pytest.approx(float(value)) == pytest.approx(grads[0])
    others = [float(part.rsplit(" = ", 1)[1]) for part in car.other_gradients_latex.split(r",\qquad ")]
    assert others == pytest.approx(list(grads[1:]))


def test_affine_lines_against_numpy_and_finite_differences():
    """The column form every network scene uses: dE/da = W^T delta, dE/dW = delta a^T (outer), dE/db = delta."""
    lines = affine_rule().lines_latex
    assert lines[0] == "z = W a + b"
    (a, W, b), (delta,) = matrices_in(lines[1]), matrices_in(lines[2])
    (da,), (dW,), (db,) = (matrices_in(line) for line in lines[3:])
    probe = lambda a, W, b: float((delta * (W @ a + b)).sum())    # noqa: E731  E = delta . z: dE/dz = delta
    assert np.allclose(da, W.T @ delta) and np.allclose(da, central(lambda x: probe(x, W, b), a))
    assert np.allclose(dW, np.outer(delta, a)) and np.allclose(dW, central(lambda w: probe(a, w, b), W))
    assert np.allclose(db, delta) and np.allclose(db, central(lambda c: probe(a, W, c), b))
    assert a.shape == (3, 1) and W.shape == (2, 3) and dW.shape == (2, 3)
    assert r"W^{T} \delta" in lines[3] and r"\delta\, a^{T}" in lines[4] and "X" not in "".join(lines)


def test_relu_table_against_numpy():
    r = relu_rule()
    rows = table_rows(r.table_latex)
    x, up = np.array(rows["z"]), np.array(rows[r"\partial E/\partial a"])
    relu = lambda v: np.maximum(v, 0)                                  # noqa: E731
    slope = np.where(x != 0, central(lambda v: relu(v).sum(), x), 0.0)  # relu'(0) = 0 by convention
    assert rows["{[z>0]}"] == list((x > 0).astype(float)) == pytest.approx(slope)
    assert rows[r"\partial E/\partial z"] == pytest.approx(list(up * slope))
    assert r"\max(0, z)" in r.rule_latex and r"0 & z \le 0" in r.rule_latex


def test_softmax_table_against_numpy_and_finite_differences():
    s = softmax_with_loss()
    rows = table_rows(s.table_latex)
    a, t = np.array(rows["z"]), np.array(rows["y"])
    y = np.exp(a - a.max()) / np.exp(a - a.max()).sum()
    assert rows[r"a = \mathrm{softmax}(z)"] == pytest.approx(list(y), rel=5e-3, abs=5e-4)
    grad = central(lambda v: softmax_loss_float(v, t), a)
    assert rows[r"\partial E/\partial z = a - y"] == pytest.approx(list(grad), rel=5e-3, abs=5e-4)
    assert float(s.loss_latex.rsplit(" = ", 1)[1]) == pytest.approx(softmax_loss_float(a, t), rel=5e-3)


def test_step_size_runs_against_gradient_descent():
    demo = step_size_demo()
    for (label, steps), eta in zip(demo.runs, (demo.small_eta, demo.big_eta)):
        rate = float(label.split(" = ")[1])
        assert label.startswith(r"\eta = ") and rate == float(eta)
        w = 1.0
        for x, loss in steps:                                      # w <- w - eta * dL/dw, L = w^2
            assert float(x) == pytest.approx(w) and float(loss) == pytest.approx(w * w)
            w -= rate * central(lambda v: (v ** 2).sum(), np.array([w]))[0]
