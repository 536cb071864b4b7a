r"""The backpropagation algorithm as Nielsen boxes it, then for a mini-batch, then as matrices over it.

*Neural Networks and Deep Learning* ch. 2 (../shared/seeds/004), "The backpropagation algorithm":
input, feedforward, output error (BP1), backpropagate (BP2), output (BP3, BP4); then one step of
gradient descent on a mini-batch of m examples, each with its own delta^{x,(l)}, summed and averaged,
and the same step with the examples as the columns of one matrix (:mod:`.batch_form`). The formulas
are the lecture's notation (:class:`~backprop_core.quantity.Quantity`, BP1-BP4 from
:func:`.bp_equations.general_bp`); the numbers are the first mini-batch of the lecture's training run
(:mod:`.two_classes`: its data, its start, its eta, m and seed).

>>> b = first_batch()
>>> b.X.shape, b.deltas[0].shape, b.deltas[1].shape
((2, 4), (2, 4), (2, 4))
>>> [s[0] for s in algorithm_steps()][:2]
['Input x: set the activation of the input layer', 'Feedforward: for each layer l = 1, 2, ..., L']
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..i18n import N_
from ..number_format import show
from ..quantity import Quantity as Q
from .activations import ACTIVATIONS
from .batch_form import batch_forward
from .bp_equations import general_bp
from .losses import LOSSES
from .two_classes import SETTINGS, SPEC, start, two_classes


def _t(latex: str) -> str:
    return rf"\left({latex}\right)^{{T}}"


def algorithm_steps(act: str = r"\sigma") -> list[tuple[str, list[str]]]:
    """Nielsen's five steps: (what the step does, a message to translate; its formulas as LaTeX)."""
    bp = {k: e.latex for k, e in general_bp(act).items()}
    a_in, x = "a^{(0)}", "x"      # Nielsen's a^1 = x: the input is the activation of layer 0
    z, a, w, b, a_prev = Q("z", "l").latex, Q("a", "l").latex, Q("w", "l").latex, Q("b", "l").latex, Q("a", "l-1").latex
    return [(N_("Input x: set the activation of the input layer"), [rf"{a_in} = {x}"]),
            (N_("Feedforward: for each layer l = 1, 2, ..., L"),
             [rf"{z} = {w} {a_prev} + {b}", rf"{a} = {act}\left({z}\right)"]),
            (N_("Output error: at the last layer L"), [bp["BP1"]]),
            (N_("Backpropagate the error: for l = L-1, ..., 1"), [bp["BP2"]]),
            (N_("Output: the gradient of every weight and bias"), [bp["BP4"], bp["BP3"]])]


def _x(kind: str, layer: str) -> str:
    r"""``\delta^{x,(l)}``: a quantity of example x (Nielsen's superscript x)."""
    return Q(kind, layer).latex.replace("^{(", "^{x,(", 1)


def mini_batch_latex() -> list[str]:
    r"""The update from m examples: each its own delta^{x,(l)}, summed, averaged by m, one step of eta."""
    W, b, delta, a_prev = Q("w", "l").latex, Q("b", "l").latex, _x("delta", "l"), _x("a", "l-1")
    return [rf"{W} \leftarrow {W} - \frac{{\eta}}{{m}} \sum_{{x}} {delta} {_t(a_prev)}",
            rf"{b} \leftarrow {b} - \frac{{\eta}}{{m}} \sum_{{x}} {delta}"]


def matrix_batch_latex() -> list[str]:
    r"""The same sums as matrix products: the examples as the columns of X, A^{(l)} and Delta^{(l)}."""
    A_prev, D = r"A^{(l-1)}", r"\Delta^{(l)}"
    return [r"X = A^{(0)} = \begin{bmatrix} x^{1} & \cdots & x^{m} \end{bmatrix}",
            rf"{D} = \begin{{bmatrix}} \delta^{{1,(l)}} & \cdots & \delta^{{m,(l)}} \end{{bmatrix}}",
            rf"\sum_{{x}} {_x('delta', 'l')} {_t(_x('a', 'l-1'))} = {D} \left({A_prev}\right)^{{T}}, \quad "
            rf"\sum_{{x}} {_x('delta', 'l')} = {D}\, \mathbf{{1}}"]


def _matrix(M: np.ndarray) -> str:
    rows = [" & ".join(show(float(v)) for v in row) for row in np.atleast_2d(M)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


@dataclass(frozen=True)
class FirstBatch:
    """The first mini-batch of the lecture's run: which examples, X, Delta per layer, the sums, the update."""

    order: tuple[int, ...]        # the examples' rows in the data set
    X: np.ndarray                 # n_0 x m
    Y: np.ndarray
    activations: list[np.ndarray]  # A^{(0)} = X, A^{(1)}, ...
    deltas: list[np.ndarray]      # Delta^{(l)}, l = 1..L, n_l x m
    weights: list[np.ndarray]     # before the step
    biases: list[np.ndarray]
    eta: float

    @property
    def m(self) -> int:
        return self.X.shape[1]

    def weight_sum(self, l: int) -> np.ndarray:
        """sum_x delta^{x,(l)} (a^{x,(l-1)})^T = Delta^{(l)} (A^{(l-1)})^T."""
        return self.deltas[l - 1] @ self.activations[l - 1].T

    def bias_sum(self, l: int) -> np.ndarray:
        return self.deltas[l - 1].sum(axis=1)

    def new_weights(self, l: int) -> np.ndarray:
        return self.weights[l - 1] - (self.eta / self.m) * self.weight_sum(l)

    def new_biases(self, l: int) -> np.ndarray:
        return self.biases[l - 1] - (self.eta / self.m) * self.bias_sum(l)

    # ---- as the screen writes it -----------------------------------------------------------
    @property
    def batch_latex(self) -> str:
        """X = the m inputs as columns; the settings of the step."""
        return (rf"X = {_matrix(self.X)}, \quad m = {self.m}, \quad \eta = {show(self.eta)}")

    def delta_latex(self, l: int) -> str:
        return rf"\Delta^{{({l})}} = {_matrix(self.deltas[l - 1])}"

    def sum_latex(self, l: int) -> str:
        A = "X" if l == 1 else rf"A^{{({l - 1})}}"
        return rf"\Delta^{{({l})}} \left({A}\right)^{{T}} = {_matrix(self.weight_sum(l))}"

    def update_latex(self, l: int) -> str:
        W = Q("w", l).latex
        return (rf"{W} \leftarrow {_matrix(self.weights[l - 1])} - \frac{{{show(self.eta)}}}{{{self.m}}}"
                rf"{_matrix(self.weight_sum(l))} = {_matrix(self.new_weights(l))}")

    def bias_update_latex(self, l: int) -> str:
        b = Q("b", l).latex
        col = lambda v: _matrix(np.asarray(v)[:, None])      # noqa: E731
        return (rf"{b} \leftarrow {col(self.biases[l - 1])} - \frac{{{show(self.eta)}}}{{{self.m}}}"
                rf"{col(self.bias_sum(l))} = {col(self.new_biases(l))}")


def first_batch(batch_size: int = SETTINGS.batch_size) -> FirstBatch:
    """The run's first mini-batch (the seed's first permutation, its first m examples): forward
    over the columns, Delta^{(L)} by BP1 and Delta^{(l)} by BP2, every column at once."""
    data, ex = two_classes(), start()
    order = np.random.default_rng(SETTINGS.seed).permutation(data.size)[:batch_size]
    X, Y = data.X[order].T, data.Y[order].T
    act, loss = ACTIVATIONS[SPEC.activation], LOSSES[SPEC.loss]
    Zs, As = batch_forward(SPEC, ex.weights, ex.biases, X)
    deltas = [None] * SPEC.depth
    deltas[-1] = loss.np_error_prime(As[-1], Y) * act.np_f_prime(Zs[-1])                         # BP1
    for l in range(SPEC.depth - 1, 0, -1):
        deltas[l - 1] = (ex.weights[l].T @ deltas[l]) * act.np_f_prime(Zs[l - 1])                # BP2
    return FirstBatch(tuple(int(i) for i in order), X, Y, As, deltas, ex.weights, ex.biases, SETTINGS.eta)


def recap_steps() -> list[tuple[str, str, str]]:
    """The lecture in six steps: (its name, what it says, both messages to translate; one formula)."""
    bp = {k: e.latex for k, e in general_bp().items()}
    w = Q("w", "l", ("j", "k")).latex
    return [(N_("Chain rule"), N_("multiply local derivatives along a path"),
             r"\frac{\partial E}{\partial w} = \frac{\partial E}{\partial a}\frac{\partial a}{\partial z}"
             r"\frac{\partial z}{\partial w}"),
            (N_("Paths"), N_("add over all paths from w to E"), r"\sum_{m, \ldots} \frac{\partial E}{\partial a^{(L)}_{m}} \cdots "
             r"\frac{\partial z^{(l)}_{j}}{\partial w^{(l)}_{jk}}"),
            (N_("δ"), N_("name the paths' shared tail"), r"\delta^{(l)}_{j} = \frac{\partial E}{\partial z^{(l)}_{j}}"),
            (N_("BP1–BP4"), N_("δ at the output, then backwards"), bp["BP2"]),
            (N_("Check"), N_("compare with finite differences"),
             rf"\frac{{E({w} + h) - E({w} - h)}}{{2h}}"),
            (N_("Update"), N_("step against the mean gradient"),
             rf"{w} \leftarrow {w} - \eta\, \frac{{\partial E}}{{\partial {w}}}")]
