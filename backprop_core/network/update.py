r"""One gradient-descent step on the lecture network with its checked gradients, and the L2 penalty.

The gradients are those GradientCheck shows (:func:`.check.gradient_table` of the lecture's example:
the derivation's, compared there with finite differences). The step is the one ``training.py``
takes for one example (m = 1), with the car/zhihu source's penalty on the weights only:

    E_lambda = E + (lambda/2) sum_w w^2,   dE_lambda/dw = dE/dw + lambda w   (biases: not penalised)
    W^{(l)} <- W^{(l)} - eta (dE/dW^{(l)} + lambda W^{(l)}),   b^{(l)} <- b^{(l)} - eta dE/db^{(l)}

>>> from backprop_core.network.spec import NetworkSpec
>>> u = network_update(NetworkSpec((2, 2, 2)))
>>> len(u.table.rows), u.eta, u.lam
(12, 0.5, 0.01)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..number_format import show
from ..quantity import Quantity as Q
from .check import GradientTable, gradient_table
from .example import Example

ETA, LAMBDA = 0.5, 0.01


def _matrix(M) -> str:
    rows = [" & ".join(show(float(v)) for v in row) for row in np.atleast_2d(M)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def _column(v) -> str:
    return _matrix(np.asarray(v, dtype=float)[:, None])


@dataclass(frozen=True)
class NetworkUpdate:
    """eta, lambda, the example's parameters, their checked gradients, and the parameters after one step."""

    table: GradientTable
    eta: float
    lam: float

    def gradient(self, kind: str, layer: int) -> np.ndarray:
        """dE/dW^{(l)} or dE/db^{(l)} from the table's rows (the derivation's, checked)."""
        ex = self.table.example
        out = np.zeros_like(ex.weights[layer - 1] if kind == "w" else ex.biases[layer - 1], dtype=float)
        for r in self.table.rows:
            if r.kind == kind and r.layer == layer - 1:
                out[r.index] = r.symbolic
        return out

    def new_weights(self, layer: int) -> np.ndarray:
        W = self.table.example.weights[layer - 1]
        return W - self.eta * (self.gradient("w", layer) + self.lam * W)

    def new_biases(self, layer: int) -> np.ndarray:
        return self.table.example.biases[layer - 1] - self.eta * self.gradient("b", layer)

    # ---- as the screen writes it -----------------------------------------------------------
    @property
    def penalty_latex(self) -> list[str]:
        """The penalised error and its derivative: where the + lambda w of the rule comes from."""
        w = Q("w", "l", ("j", "k")).latex
        return [rf"E_{{\lambda}} = E + \frac{{\lambda}}{{2}} \sum_{{l,j,k}} \left({w}\right)^{{2}}",
                rf"\frac{{\partial E_{{\lambda}}}}{{\partial {w}}} = \frac{{\partial E}}{{\partial {w}}} + \lambda\, {w}"]

    @property
    def rule_latex(self) -> list[str]:
        W, b = Q("w", "l").latex, Q("b", "l").latex
        return [rf"{W} \leftarrow {W} - \eta\left(\frac{{\partial E}}{{\partial {W}}} + \lambda\, {W}\right)",
                rf"{b} \leftarrow {b} - \eta\, \frac{{\partial E}}{{\partial {b}}}"]

    @property
    def rates_latex(self) -> str:
        return rf"\eta = {show(self.eta)}, \quad \lambda = {show(self.lam)}"

    def weight_latex(self, layer: int) -> str:
        """W^{(l)} <- W - eta (G + lambda W) = new, with the numbers."""
        W = self.table.example.weights[layer - 1]
        return (rf"{Q('w', layer).latex} \leftarrow {_matrix(W)} - {show(self.eta)}\left({_matrix(self.gradient('w', layer))}"
                rf" + {show(self.lam)}{_matrix(W)}\right) = {_matrix(self.new_weights(layer))}")

    def bias_latex(self, layer: int) -> str:
        b = self.table.example.biases[layer - 1]
        return (rf"{Q('b', layer).latex} \leftarrow {_column(b)} - {show(self.eta)}{_column(self.gradient('b', layer))}"
                rf" = {_column(self.new_biases(layer))}")


def network_update(spec, eta: float = ETA, lam: float = LAMBDA) -> NetworkUpdate:
    """The step from the lecture's example of ``spec`` (``Example.lecture(spec)``, as every scene)."""
    return NetworkUpdate(gradient_table(Example.lecture(spec), use_torch=False), eta, lam)
