r"""Nudge one weight and watch the error move: Nielsen's "big picture" of backpropagation, as numbers.

*Neural Networks and Deep Learning* ch. 2, the end of the chapter (../shared/seeds/004, eq. 47-53):
change one weight by a little, Delta w. The change ripples forward: Delta z of the neuron the weight
feeds, then Delta a, then every later z and a it reaches, every error e, and finally Delta E. Each edge
scales the change by its rate factor (the local derivative the derivation already holds), so along
one path the factors multiply; the weight reaches E along several paths, so the paths add:

    Delta E  ~  (sum over paths of the product of the rate factors) Delta w  =  (dE/dw) Delta w

This module does it with real forward passes (NumPy, the weight really changed) and compares:
every node's actual change for one Delta w, each path's product of rate factors (the local
derivatives at this example), their sum, and Delta E / Delta w for shrinking Delta w, which tends
to the gradient from backprop (``evaluate``: the delta recursion).

>>> from backprop_core.network.derivation import derive
>>> from backprop_core.network.example import Example
>>> d = derive()
>>> n = nudge(d, Example.random(d.spec, seed=0))
>>> len(n.paths), abs(sum(p.product for p in n.paths) - n.gradient) < 1e-12
(2, True)
>>> [round(r.ratio, 6) for r in n.rows], round(n.gradient, 6)
([0.002999, 0.003028, 0.00303], 0.003031)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..number_format import show, show_factor
from ..quantity import Quantity
from .activations import NUMPY_FUNCTIONS
from .batch_form import batch_forward
from .derivation import Derivation
from .example import Example
from .losses import LOSSES
from .numeric import evaluate

PARAMETER = "w1_1_1"            # a first-layer weight: it reaches E along more than one path
SHOWN_STEP = 0.1                # the nudge the ripple shows
STEPS = (0.1, 0.01, 0.001)      # the nudges of the table


def node_values(example: Example, weights=None) -> dict[str, float]:
    """Every z, a, e and E of one forward pass (NumPy), by the graph's node names; ``weights``
    replaces the example's weights (a nudged copy).

    >>> from backprop_core.network.spec import NetworkSpec
    >>> ex = Example(NetworkSpec((1, 1), "identity"), np.array([2.0]), np.array([1.0]), [np.ones((1, 1))], [np.zeros(1)])
    >>> node_values(ex)
    {'z1_1': 2.0, 'a1_1': 2.0, 'e_1': 0.5, 'E': 0.5}
    """
    spec = example.spec
    Zs, As = batch_forward(spec, example.weights if weights is None else weights, example.biases,
                           np.asarray(example.x, dtype=float)[:, None])
    values = {}
    for l, (Z, A) in enumerate(zip(Zs, As[1:]), 1):
        for j in range(Z.shape[0]):
            values[f"z{l}_{j + 1}"] = float(Z[j, 0])
            values[f"a{l}_{j + 1}"] = float(A[j, 0])
    errors = LOSSES[spec.loss].np_error(As[-1][:, 0], np.asarray(example.y, dtype=float))
    for j, e in enumerate(errors, 1):
        values[f"e_{j}"] = float(e)
    values["E"] = float(np.sum(errors))
    return values


def nudged_weights(example: Example, name: str, step: float) -> list[np.ndarray]:
    """The example's weights with weight ``name`` (``w{l}_{j}_{k}``) changed by ``step``."""
    q = Quantity.parse(name)
    weights = [np.array(w, dtype=float) for w in example.weights]
    weights[q.layer - 1][q.index[0] - 1, q.index[1] - 1] += step
    return weights


def signed(x: float) -> str:
    """A change as the ripple writes it: three significant digits, its sign always shown.

    >>> signed(0.00029992), signed(-0.0710)
    ('+0.000300', '-0.0710')
    """
    return f"{x:+#.3g}"


def scientific(x: float, digits: int) -> str:
    r"""``x`` in LaTeX's scientific notation with ``digits`` decimals and a sign.

    >>> scientific(0.00029992, 3), scientific(-3.1e-06, 1)
    ('+2.999 \\times 10^{-4}', '-3.1 \\times 10^{-6}')
    """
    mantissa, exponent = f"{x:+.{digits}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


@dataclass(frozen=True)
class RateFactor:
    """One edge of a path: the change at ``source`` times ``rate`` is the change at ``target``."""

    source: str
    target: str
    rate: float             # the local derivative d(target)/d(source) at this example
    partial_latex: str      # \frac{\partial target}{\partial source}


@dataclass(frozen=True)
class NudgePath:
    """One path from the weight to E: its rate factors (weight first) and their product."""

    nodes: tuple[str, ...]
    factors: tuple[RateFactor, ...]

    @property
    def product(self) -> float:
        return float(np.prod([f.rate for f in self.factors]))

    @property
    def chain_latex(self) -> str:
        """The product of the rate factors in chain order (E first), as Nielsen writes eq. 53."""
        return " ".join(f.partial_latex for f in reversed(self.factors))

    @property
    def numbers_latex(self) -> str:
        """The same product with this example's numbers, and its value."""
        shown = [show_factor(f.rate) for f in reversed(self.factors)]
        return r" \cdot ".join(shown) + f" = {show(self.product)}"


@dataclass(frozen=True)
class NudgeRow:
    """One nudge of the table: Delta w, the actual Delta E, their ratio and its gap to the gradient."""

    step: float
    delta_E: float
    ratio: float
    gap: float              # ratio - dE/dw

    @property
    def cells(self) -> tuple[str, str, str, str]:
        """The row as the table writes it (LaTeX): the ratio to enough digits to see it close in."""
        return (f"{self.step:g}", scientific(self.delta_E, 4), f"{self.ratio:.7f}", scientific(self.gap, 1))


@dataclass(frozen=True)
class Nudge:
    """Delta w on one weight: the node changes it causes, its paths to E, and the table of ratios."""

    parameter: str
    step: float                         # the nudge the ripple shows
    before: dict[str, float]            # node values of the example
    changes: dict[str, float]           # node -> actual change for ``step`` (nodes the weight reaches)
    paths: tuple[NudgePath, ...]
    gradient: float                     # dE/dw from backprop (the delta recursion)
    delta_form_latex: str               # dE/dw = delta a, the derivation's delta form
    rows: tuple[NudgeRow, ...]

    @property
    def parameter_latex(self) -> str:
        return Quantity.parse(self.parameter).latex

    @property
    def path_sum(self) -> float:
        return sum(p.product for p in self.paths)

    @property
    def predicted_change(self) -> float:
        """Delta E as the rate factors predict it: (sum of path products) Delta w."""
        return self.path_sum * self.step

    def change_latex(self, node: str) -> str:
        r"""``\Delta z^{(1)}_{1}`` for a node name (``\Delta w`` for the weight)."""
        return rf"\Delta {Quantity.parse(node).latex}"

    def change_value_latex(self, node: str) -> str:
        """The node's change, as its tag on the diagram shows it."""
        value = self.step if node == self.parameter else self.changes[node]
        return signed(value)

    @property
    def nudge_latex(self) -> str:
        return rf"{self.change_latex(self.parameter)} = {show(self.step)}"

    @property
    def actual_latex(self) -> str:
        r"""\Delta E = E(w + \Delta w) - E(w) = number, from two forward passes."""
        w = self.parameter_latex
        return (rf"\Delta E = E({w} + \Delta {w}) - E({w}) = {signed(self.changes['E'])}")

    @property
    def sum_latex(self) -> str:
        """dE/dw = the sum of the path products: Nielsen's eq. 53 with this example's numbers."""
        terms = show(self.paths[0].product) + "".join(
            f" - {show(-p.product)}" if p.product < 0 else f" + {show(p.product)}" for p in self.paths[1:])
        return rf"\frac{{\partial E}}{{\partial {self.parameter_latex}}} = {terms} = {show(self.path_sum)}"

    @property
    def predicted_latex(self) -> str:
        r"""\Delta E \approx (dE/dw) \Delta w = number, next to the actual change."""
        w = self.parameter_latex
        return (rf"\Delta E \approx \frac{{\partial E}}{{\partial {w}}}\,\Delta {w} = "
                rf"{show(self.path_sum)} \cdot {show(self.step)} = {signed(self.predicted_change)}")

    @property
    def table_head_latex(self) -> tuple[str, str, str, str]:
        w = self.parameter_latex
        return (rf"\Delta {w}", r"\Delta E", rf"\Delta E / \Delta {w}",
                rf"\Delta E / \Delta {w} - \frac{{\partial E}}{{\partial {w}}}")

    @property
    def gradient_latex(self) -> str:
        """The backprop gradient the ratios approach."""
        return rf"{self.delta_form_latex} = {self.gradient:.7f}"


def _rate(edge, values: dict[str, float]) -> float:
    """The edge's local derivative (a SymPy expression of node values) at ``values``."""
    args = sorted(edge.local.free_symbols, key=lambda s: s.name)
    f = sp.lambdify(args, edge.local, modules=[NUMPY_FUNCTIONS, "numpy"])
    return float(f(*(values[a.name] for a in args)))


def nudge(d: Derivation, example: Example, parameter: str = PARAMETER, step: float = SHOWN_STEP,
          steps=STEPS) -> Nudge:
    """Nudge ``parameter`` of ``example`` by ``step`` (and each of ``steps`` for the table)."""
    ev = evaluate(d, example)
    g = d.gradient(parameter)
    paths = tuple(NudgePath(p.nodes, tuple(RateFactor(e.source, e.target, _rate(e, ev.node_values), e.partial_latex)
                                           for e in p.edges)) for p in g.paths)
    before = node_values(example)
    after = node_values(example, nudged_weights(example, parameter, step))
    reached = {name for p in paths for name in p.nodes[1:]}
    changes = {name: after[name] - before[name] for name in before if name in reached}
    gradient = ev.gradients[parameter]
    rows = []
    for h in steps:
        dE = node_values(example, nudged_weights(example, parameter, h))["E"] - before["E"]
        rows.append(NudgeRow(h, dE, dE / h, dE / h - gradient))
    return Nudge(parameter, step, before, changes, paths, gradient, g.delta_form_latex, tuple(rows))
