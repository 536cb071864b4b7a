"""Seed 003's backward rules for typical nodes, as worked examples the scenes can show.

Each rule is a small record: the forward numbers, the upstream gradient, the gradients sent to
the inputs, and the general formula in LaTeX. Numbers are exact (SymPy rationals or matrices)
wherever the inputs are rational; softmax needs exp, so its values are exact SymPy expressions
with float approximations alongside. Every example is checked against an independent
computation (finite differences or ``sympy.diff``) in the tests.

>>> car_price().gradients
{'unit': 11/5, 'count': 22, 'tax': 40}
>>> mul_rule().grads
{'x': 11/5, 'y': 22}
>>> softmax_with_loss().grad_latex
'a - y'
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..i18n import N_
from ..number_format import matrix_latex, show
from .autodiff import all_paths, gradient
from .graph import ExprGraph, build_graph

CAR_EXPR = "unit*count*tax"
CAR_AT = "unit=20,count=2,tax=1.1"   # price in units of 10,000 yuan, 2 cars, 10% tax
CAR_NAMES = ("cost", "price")        # unit*count before tax, then the price paid
# The words on the nodes (translated where shown; ../shared/seeds/003: 汽车单价 20 万, 2 辆, 10% 购置税, 支付 44 万).
CAR_WORDS = {"unit": N_("unit"), "count": N_("count"), "tax": N_("tax"), "cost": N_("cost"), "price": N_("price")}


@dataclass(frozen=True)
class CarPrice:
    """20 x 2 x 1.1 = 44, and how the total reacts to each input (seed 003's chain rule)."""

    graph: ExprGraph
    total: sp.Expr
    gradients: dict
    backward_chain: list     # gradient arriving at each node along unit -> price, output first: 1, 1.1, 2.2

    @property
    def chain_latex(self) -> str:
        """d price/d unit = 1 x 1.1 x 2 = 2.2: the output's 1, then each local derivative on the way down."""
        factors = [self.backward_chain[0]] + all_paths(self.graph)["unit"][0].factor_values
        return (self.graph.top_derivative_latex("unit") + " = " + r" \times ".join(show(v) for v in factors)
                + f" = {show(self.gradients['unit'])}")

    @property
    def other_gradients_latex(self) -> str:
        """The price's derivatives with respect to the other inputs, on one line."""
        return r",\qquad ".join(self.graph.top_derivative_latex(k) + f" = {show(v)}"
                                 for k, v in self.gradients.items() if k != "unit")


def car_price(labels: dict[str, str] | None = None) -> CarPrice:
    """The car purchase as a graph; ``labels`` (node -> LaTeX) names the nodes in another language."""
    g = build_graph(CAR_EXPR, CAR_AT, op_names=CAR_NAMES, labels=labels)
    path = all_paths(g)["unit"][0]
    chain = [sp.Integer(1)]
    for factor in path.factor_values:
        chain.append(chain[-1] * factor)
    return CarPrice(g, g.value, gradient(g), chain)


@dataclass(frozen=True)
class ScalarRule:
    """z = f(x, y) with upstream dz: what flows back to x and y."""

    name: str
    forward_latex: str
    backward_latex: dict     # input -> rule in LaTeX
    inputs: dict
    output: sp.Expr
    upstream: sp.Expr
    grads: dict


def add_rule(x=sp.Integer(40), y=sp.Integer(4), upstream=sp.Rational(11, 10)) -> ScalarRule:
    """Add node: the upstream gradient passes through unchanged to both inputs."""
    return ScalarRule("add", "z = x + y",
                      {"x": r"\frac{\partial E}{\partial z}\cdot 1", "y": r"\frac{\partial E}{\partial z}\cdot 1"},
                      {"x": x, "y": y}, x + y, upstream, {"x": upstream * 1, "y": upstream * 1})


def mul_rule(x=sp.Integer(20), y=sp.Integer(2), upstream=sp.Rational(11, 10)) -> ScalarRule:
    """Multiply node: each input receives upstream times the *other* input (inputs swap)."""
    return ScalarRule("mul", r"z = x \cdot y",
                      {"x": r"\frac{\partial E}{\partial z}\cdot y", "y": r"\frac{\partial E}{\partial z}\cdot x"},
                      {"x": x, "y": y}, x * y, upstream, {"x": upstream * y, "y": upstream * x})


@dataclass(frozen=True)
class AffineRule:
    """z = W a + b with column vectors, as every network scene writes a layer; with delta = dE/dz
    coming back: dE/da = W^T delta, dE/dW = delta a^T (an outer product), dE/db = delta."""

    a: sp.Matrix       # (n_in, 1)
    W: sp.Matrix       # (n_out, n_in)
    b: sp.Matrix       # (n_out, 1)
    z: sp.Matrix       # (n_out, 1)
    delta: sp.Matrix   # dE/dz, (n_out, 1)
    da: sp.Matrix      # W^T delta, (n_in, 1)
    dW: sp.Matrix      # delta a^T, (n_out, n_in)
    db: sp.Matrix      # delta, (n_out, 1)

    @property
    def lines_latex(self) -> list[str]:
        """The layer, its numbers, the delta arriving, then the three backward rules with their values."""
        L, d = matrix_latex, r"\frac{\partial E}{\partial "
        return [r"z = W a + b", rf"a = {L(self.a)},\ W = {L(self.W)},\ b = {L(self.b)}",
                rf"\delta = {d}z}} = {L(self.delta)}",
                rf"{d}a}} = W^{{T}} \delta = {L(self.da)}",
                rf"{d}W}} = \delta\, a^{{T}} = {L(self.dW)}",
                rf"{d}b}} = \delta = {L(self.db)}"]


def affine_backward(W: sp.Matrix, a: sp.Matrix, b: sp.Matrix, delta: sp.Matrix) -> AffineRule:
    """The affine node's forward value and backward rules, every shape checked (a wrong shape is a ValueError)."""
    (n_out, n_in), column = W.shape, lambda m, n: m.shape == (n, 1)
    if not (column(a, n_in) and column(b, n_out) and column(delta, n_out)):
        raise ValueError(f"z = W a + b needs a ({n_in}x1), b and delta ({n_out}x1) for W {n_out}x{n_in}; "
                         f"got a {a.shape}, b {b.shape}, delta {delta.shape}")
    da, dW = W.T * delta, delta * a.T
    assert da.shape == a.shape and dW.shape == W.shape
    return AffineRule(a, W, b, W * a + b, delta, da, dW, delta)


def _table_latex(columns: str, rows: list[tuple[str, list]]) -> str:
    """An array with a name column: one row per (LaTeX name, values)."""
    body = r"\\".join(name + " & " + " & ".join(show(v) for v in values) for name, values in rows)
    return rf"\begin{{array}}{{{columns}}}" + body + r"\end{array}"


def _seeded_ints(rng, shape) -> sp.Matrix:
    return sp.Matrix(rng.choice([-2, -1, 1, 2, 3], size=shape).tolist())


def affine_rule(seed: int = 2) -> AffineRule:
    """Small integer example (seeded): W 2x3, so a (3x1) and delta (2x1) differ in shape and the
    shapes say where the transpose goes."""
    rng = np.random.default_rng(seed)
    W, a, b, delta = (_seeded_ints(rng, shape) for shape in ((2, 3), (3, 1), (2, 1), (2, 1)))
    return affine_backward(W, a, b, delta)


@dataclass(frozen=True)
class ReluRule:
    """ReLU gate: 1 where z > 0, else 0 (so relu'(0) = 0); dE/dz = dE/da * gate (the lecture's
    notation: z goes in, a = ReLU(z) comes out, E is the loss)."""

    x: list
    gate: list
    upstream: list
    dx: list

    rule_latex = (r"\mathrm{ReLU}:\ a = \max(0, z),\quad \frac{\partial a}{\partial z} = "
                  r"\begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}")

    @property
    def table_latex(self) -> str:
        """z, the gate, the upstream gradient and what passes back, one column per example."""
        return _table_latex("r|" + "c" * len(self.x), [
            ("z", self.x), (r"{[z>0]}", self.gate), (r"\partial E/\partial a", self.upstream),
            (r"\partial E/\partial z", self.dx)])


def relu_rule(x=(-2, 0, 3, sp.Rational(1, 2)), upstream=(5, 5, 5, 5)) -> ReluRule:
    x = [sp.nsimplify(v) for v in x]
    gate = [sp.Integer(1) if v > 0 else sp.Integer(0) for v in x]
    return ReluRule(x, gate, [sp.Integer(u) for u in upstream], [g * u for g, u in zip(gate, upstream)])


@dataclass(frozen=True)
class SoftmaxWithLoss:
    """Softmax then cross-entropy: the gradient w.r.t. the scores is simply (output - target).
    Fields keep the source's names (scores a, output y, target t, seed 003); the screen writes
    the lecture's: z the scores, a = softmax(z), y the target, E the loss, so dE/dz = a - y."""

    a: list            # scores (exact)
    t: list            # one-hot target
    y: list            # softmax(a), exact SymPy
    loss: sp.Expr      # -sum t log y
    grad: list         # y - t, exact
    grad_latex: str

    @property
    def loss_latex(self) -> str:
        """The cross-entropy and its value here."""
        return rf"E = -\sum_k y_k \ln a_k = {show(self.loss)}"

    @property
    def table_latex(self) -> str:
        """Scores, softmax, target and the gradient a - y, one column per class."""
        return _table_latex("r|" + "c" * len(self.a), [
            ("z", self.a), (r"a = \mathrm{softmax}(z)", self.y), ("y", self.t),
            (rf"\partial E/\partial z = {self.grad_latex}", self.grad)])


def softmax_with_loss(a=("0.3", "2.9", "4.0"), target_index: int = 2) -> SoftmaxWithLoss:
    a = [sp.Rational(str(v)) for v in a]   # the scores of the book seed 003 cites
    t = [sp.Integer(1 if i == target_index else 0) for i in range(len(a))]
    total = sum(sp.exp(v) for v in a)
    y = [sp.exp(v) / total for v in a]
    loss = -sum(ti * sp.log(yi) for ti, yi in zip(t, y))
    return SoftmaxWithLoss(a, t, y, sp.simplify(loss), [yi - ti for yi, ti in zip(y, t)], "a - y")


def softmax_loss_float(a: np.ndarray, t: np.ndarray) -> float:
    """Independent float64 loss, for finite-difference checks of y - t."""
    shifted = a - a.max()
    log_y = shifted - np.log(np.exp(shifted).sum())
    return float(-(t * log_y).sum())


@dataclass(frozen=True)
class StepSizeDemo:
    """Gradient descent on L(w) = w^2 from w = 1 with a small and a too-large learning rate."""

    curve: list              # (w, L) samples of the loss
    small_eta: sp.Rational
    small_steps: list        # (w, L) iterates with the small rate: creeps towards 0
    big_eta: sp.Rational
    big_steps: list          # (w, L) iterates with the big rate: jumps across the minimum

    @property
    def runs(self) -> list[tuple[str, list]]:
        """(the rate as LaTeX, its iterates) for the small rate, then the big one."""
        return [(rf"\eta = {show(eta)}", steps)
                for eta, steps in ((self.small_eta, self.small_steps), (self.big_eta, self.big_steps))]


def step_size_demo(small=sp.Rational(1, 5), big=sp.Rational(19, 20), steps: int = 4) -> StepSizeDemo:
    """Seed 003's remark on the learning rate, as numbers: w <- w - eta * dL/dw with dL/dw = 2w."""
    w = sp.Symbol("w")
    loss = w ** 2
    grad = sp.diff(loss, w)

    def run(eta):
        out, x = [], sp.Integer(1)
        for _ in range(steps + 1):
            out.append((x, loss.subs(w, x)))
            x = x - eta * grad.subs(w, x)
        return out
    curve = [(sp.Rational(i, 10), loss.subs(w, sp.Rational(i, 10))) for i in range(-12, 13)]
    return StepSizeDemo(curve, small, run(small), big, run(big))
