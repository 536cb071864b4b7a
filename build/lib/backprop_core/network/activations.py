"""Activation functions as SymPy functions that print like the lecture writes them.

Each activation is a pair of SymPy ``Function`` classes, f and f', so that a chain-rule
factor can be shown as ``\\sigma'(z^{(2)}_{1})`` and still be evaluated exactly or
lambdified to NumPy. ``fdiff`` ties them together, so ``sympy.diff`` of a closed-form loss
produces the same f' the path products use.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp


class sigma(sp.Function):
    r"""Logistic sigmoid :math:`\sigma(z) = 1/(1+e^{-z})`."""

    def fdiff(self, argindex=1):
        return sigma_prime(self.args[0])

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_evalf(self, prec):
        return self.rewrite(sp.exp)._eval_evalf(prec)

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class sigma_prime(sp.Function):
    r""":math:`\sigma'(z) = \sigma(z)(1-\sigma(z))`."""

    def fdiff(self, argindex=1):
        z = self.args[0]
        return sigma_prime(z) * (1 - 2 * sigma(z))

    def _eval_rewrite_as_exp(self, z, **kwargs):
        s = 1 / (1 + sp.exp(-z))
        return s * (1 - s)

    def _eval_evalf(self, prec):
        return self.rewrite(sp.exp)._eval_evalf(prec)

    def _latex(self, printer):
        return r"\sigma'\left(%s\right)" % printer._print(self.args[0])


class tanh_prime(sp.Function):
    r""":math:`\tanh'(z) = 1-\tanh^2(z)`."""

    def fdiff(self, argindex=1):
        z = self.args[0]
        return -2 * sp.tanh(z) * tanh_prime(z)

    def _eval_rewrite_as_tanh(self, z, **kwargs):
        return 1 - sp.tanh(z) ** 2

    def _eval_evalf(self, prec):
        return (1 - sp.tanh(self.args[0]) ** 2)._eval_evalf(prec)

    def _latex(self, printer):
        return r"\tanh'\left(%s\right)" % printer._print(self.args[0])


class relu(sp.Function):
    r""":math:`\mathrm{ReLU}(z) = \max(0, z)`."""

    @classmethod
    def eval(cls, z):
        if z.is_number and z.is_real:
            return z if z > 0 else sp.S.Zero

    def fdiff(self, argindex=1):
        return relu_prime(self.args[0])

    def _latex(self, printer):
        return r"\mathrm{ReLU}\left(%s\right)" % printer._print(self.args[0])


class relu_prime(sp.Function):
    r"""ReLU gate: 1 if z > 0 else 0 (so ReLU'(0) = 0, as seed 003 has it)."""

    @classmethod
    def eval(cls, z):
        if z.is_number and z.is_real:
            return sp.S.One if z > 0 else sp.S.Zero

    def fdiff(self, argindex=1):
        return sp.S.Zero

    def _latex(self, printer):
        return r"\mathrm{ReLU}'\left(%s\right)" % printer._print(self.args[0])


def _np_sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


@dataclass(frozen=True)
class Activation:
    """An elementwise activation: symbolic pair (f, f') and NumPy pair for fast numbers."""

    name: str
    latex: str          # the symbol used in the general equations, e.g. \sigma
    f: object           # callable on a SymPy expression
    f_prime: object
    np_f: object
    np_f_prime: object


ACTIVATIONS = {
    "sigmoid": Activation(
        "sigmoid", r"\sigma", sigma, sigma_prime,
        _np_sigmoid, lambda z: _np_sigmoid(z) * (1 - _np_sigmoid(z)),
    ),
    "tanh": Activation(
        "tanh", r"\tanh", sp.tanh, tanh_prime,
        np.tanh, lambda z: 1 - np.tanh(z) ** 2,
    ),
    "relu": Activation(
        "relu", r"\mathrm{ReLU}", relu, relu_prime,
        lambda z: np.maximum(z, 0.0), lambda z: (np.asarray(z) > 0).astype(float),
    ),
    "identity": Activation(
        "identity", r"\mathrm{id}", lambda z: z, lambda z: sp.S.One,
        lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(np.asarray(z, dtype=float)),
    ),
}

# What lambdify needs to turn the custom functions into NumPy calls.
NUMPY_FUNCTIONS = {
    "sigma": ACTIVATIONS["sigmoid"].np_f,
    "sigma_prime": ACTIVATIONS["sigmoid"].np_f_prime,
    "tanh_prime": ACTIVATIONS["tanh"].np_f_prime,
    "relu": ACTIVATIONS["relu"].np_f,
    "relu_prime": ACTIVATIONS["relu"].np_f_prime,
}
