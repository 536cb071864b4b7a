r"""Scalar functions as SymPy functions that print like the lecture writes them.

Each is a SymPy ``Function`` class whose derivative is another one of them (``fdiff``), so a
chain-rule factor shows as ``\sigma'(z^{(2)}_{1})`` and still evaluates exactly or lambdifies
to NumPy, and ``sympy.diff`` of a closed-form loss gives the same f' the path products use.
Layered networks (:mod:`backprop_core.network.activations`) and expression graphs
(:mod:`backprop_core.expr`) both use them.

>>> import sympy as sp
>>> z = sp.Symbol("z")
>>> sp.diff(sigma(z), z)
sigma_prime(z)
>>> print(sp.latex(sigma_prime(z)))
\sigma'\left(z\right)
"""
from __future__ import annotations

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


def np_sigmoid(z):
    """σ in NumPy without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
