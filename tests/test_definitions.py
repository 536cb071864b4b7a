"""The definitions shown where the network is introduced are true: each f' is f's derivative
(central finite differences in float64) and each f is the activation the derivation uses."""
import numpy as np
import pytest
import sympy as sp

from backprop_core.network.activations import ACTIVATIONS
from backprop_core.network.definitions import Z, activation_lines, definitions, elementary
from backprop_core.network.losses import LOSSES
from backprop_core.network.spec import NetworkSpec

POINTS = np.array([-2.3, -0.7, -0.1, 0.2, 0.9, 1.7])   # away from ReLU's kink at 0


def as_numpy(expr):
    return np.vectorize(lambda v: float(elementary(expr).subs(Z, v)))


def derivative_is_right(f, f_prime, h=1e-6) -> bool:
    numeric = (f(POINTS + h) - f(POINTS - h)) / (2 * h)
    return np.allclose(f_prime(POINTS), numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_line_is_the_activation_and_its_derivative(name):
    f_line, prime_line = activation_lines(name)
    act = ACTIVATIONS[name]
    assert np.allclose(as_numpy(f_line.rhs)(POINTS), act.np_f(POINTS), rtol=1e-12)
    assert derivative_is_right(act.np_f, as_numpy(prime_line.rhs))
    assert np.allclose(as_numpy(prime_line.rhs)(POINTS), act.np_f_prime(POINTS), rtol=1e-12)
    assert f_line.latex.startswith(act.latex + "(z) = ") and prime_line.latex.startswith(act.latex + "'(z) = ")


def test_a_wrong_derivative_is_caught():
    act = ACTIVATIONS["sigmoid"]
    planted = as_numpy(sp.Function("sigma")(Z) * (1 + sp.Function("sigma")(Z)))    # sign slip
    assert not derivative_is_right(act.np_f, planted)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_the_loss_comes_first_and_is_the_derivation_s(loss):
    lines = definitions(NetworkSpec((2, 2, 2), "sigmoid", loss))
    assert lines[0].kind == "E" and lines[0].latex == "E = " + LOSSES[loss].latex
    assert any("softmax" in line.latex for line in lines[1:]) == LOSSES[loss].softmax_output
    assert [line.latex for line in lines[-2:]] == [line.latex for line in activation_lines("sigmoid")]


def test_mse_defines_the_half_squared_error_the_numbers_use():
    a, y = np.array([0.3, 0.8]), np.array([0.71, 0.21])
    assert "\\tfrac{1}{2}" in definitions(NetworkSpec((2, 2)))[0].latex
    assert float(sum(LOSSES["mse"].np_error(a, y))) == pytest.approx(0.5 * np.sum((a - y) ** 2), rel=1e-15)
