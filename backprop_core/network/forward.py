r"""The forward pass as the lecture writes it (seed 004 eq. 23-25, 24, 28), and its numbers.

Beat 2 of the lecture shows one layer three ways: element by element
(z^{(l)}_j = \sum_k w^{(l)}_{jk} a^{(l-1)}_k + b^{(l)}_j), as matrices
(z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}, a^{(l)} = \sigma(z^{(l)})), and with the seeded
example's numbers in those matrices. Everything a scene writes comes from here or from the
rest of the core, so a scene never types a formula. Numbers are computed with SymPy from the
example's exact (two-decimal) values; the tests redo them in NumPy.

>>> vectorised_example().result
[4, 9]
>>> hadamard_example().result
[3, 8]
>>> layer_equations(NetworkSpec((2, 2, 2)), 1).matrix_latex
'z^{(1)} = W^{(1)} x^{(0)} + b^{(1)}'
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .. import notation as n
from ..equation import Equation, generalise_superscripts
from ..quantity import Quantity
from .bp_equations import GENERAL_LINES, layer_labels, transposed  # GENERAL_LINES: public here too
from .derivation import product_latex
from .example import Example
from ..number_format import show
from .spec import NetworkSpec

SOFTMAX_LATEX = r"\mathrm{softmax}"


# ---- layer-vector notation (the capital/bold quantities of the matrix form) -------------------

def vector_latex(kind: str, layer: int, transpose: bool = False) -> str:
    """``W^{(2)}``, ``\\delta^{(1)}``, ``a^{(1)}`` (``x^{(0)}`` for the inputs); transposed in brackets."""
    q = Quantity("y") if kind == "y" else Quantity.activation(layer) if kind == "a" else Quantity(kind, layer)
    return transposed(q.latex) if transpose else q.latex


def _output_function(spec: NetworkSpec, layer: int) -> str:
    return SOFTMAX_LATEX if layer == spec.depth and spec.loss_fn.softmax_output else spec.act.latex


# ---- symbolic equations of one layer ------------------------------------------------------------

@dataclass(frozen=True)
class LayerEquations:
    """One layer's forward pass: element sums, matrix equation and entries to fill matrices."""

    layer: int
    sum: Equation               # z^{(l)}_j = \sum_k w^{(l)}_{jk} a^{(l-1)}_k + b^{(l)}_j
    elements: list[Equation]    # z^{(l)}_j = w_{j1} a_1 + w_{j2} a_2 + b_j, one per neuron
    matrix: Equation            # z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}
    activation: Equation        # a^{(l)} = \sigma(z^{(l)})  (softmax at a softmax output)
    activation_elements: list[Equation]   # a^{(l)}_j = \sigma(z^{(l)}_j) / softmax element
    function_latex: str         # \sigma, \tanh, \mathrm{ReLU}, \mathrm{softmax}
    z: list[str]                # column entries
    weights: list[list[str]]    # W^{(l)} entries, n_l x n_{l-1}
    inputs: list[str]           # a^{(l-1)} entries
    biases: list[str]
    a: list[str]
    lhs: dict                   # names of the layer vectors: z, W, a_prev, b, a

    sum_latex = property(lambda self: self.sum.latex)
    element_latex = property(lambda self: [e.latex for e in self.elements])
    matrix_latex = property(lambda self: self.matrix.latex)
    activation_latex = property(lambda self: self.activation.latex)
    activation_element_latex = property(lambda self: [e.latex for e in self.activation_elements])


def layer_equations(spec: NetworkSpec, layer: int) -> LayerEquations:
    """The forward equations of ``layer`` (1..L) of ``spec``."""
    if not 1 <= layer <= spec.depth:
        raise ValueError(f"layer must be 1..{spec.depth}, got {layer}")
    rows, cols = spec.layers[layer], spec.layers[layer - 1]
    Q, prev = Quantity, layer - 1
    z = [Q("z", layer, (j,)).latex for j in range(1, rows + 1)]
    a = [Q("a", layer, (j,)).latex for j in range(1, rows + 1)]
    inputs = [Q.activation(prev, k).latex for k in range(1, cols + 1)]
    biases = [Q("b", layer, (j,)).latex for j in range(1, rows + 1)]
    weights = [[Q("w", layer, (j, k)).latex for k in range(1, cols + 1)] for j in range(1, rows + 1)]
    S = n.symbol
    element = []
    for j in range(1, rows + 1):
        products = [product_latex([S(n.w_name(layer, j, k)), S(n.a_name(prev, k))]) for k in range(1, cols + 1)]
        element.append(Equation(z[j - 1], " + ".join(products + [biases[j - 1]])))
    sum_eq = Equation(Q("z", layer, ("j",)).latex, rf"\sum_{{k}} {Q('w', layer, ('j', 'k')).latex} "
                                                     rf"{Q.activation(prev, 'k').latex} + {Q('b', layer, ('j',)).latex}")
    f = _output_function(spec, layer)
    names = {"z": vector_latex("z", layer), "W": vector_latex("w", layer),
             "a_prev": vector_latex("a", prev), "b": vector_latex("b", layer),
             "a": vector_latex("a", layer)}
    matrix = Equation(names["z"], f"{names['W']} {names['a_prev']} + {names['b']}")
    activation = Equation(names["a"], rf"{f}\left({names['z']}\right)")
    if f == SOFTMAX_LATEX:
        act_elements = [Equation(a[j], rf"\frac{{e^{{{z[j]}}}}}{{\sum_{{i}} e^{{{Q('z', layer, ('i',)).latex}}}}}")
                        for j in range(rows)]
    else:
        act_elements = [Equation(a[j], rf"{f}\left({z[j]}\right)") for j in range(rows)]
    return LayerEquations(layer, sum_eq, element, matrix, activation, act_elements, f,
                          z, weights, inputs, biases, a, names)


# ---- seed 004's two small examples ----------------------------------------------------------------

@dataclass(frozen=True)
class ElementwiseExample:
    """An elementwise operation shown in three steps: operands, written out, result."""

    operands: list[list[int]]   # input column(s)
    written: list[str]          # each element written out, e.g. f(2) or 1 \cdot 3
    result: list[int]
    operator_latex: str         # f, or \odot between the operands
    definition_latex: str       # f(x) = x^2 for the vectorised example, '' for Hadamard


def vectorised_example(values=(2, 3)) -> ElementwiseExample:
    """Seed 004 eq. 24: f([2, 3]) = [f(2), f(3)] = [4, 9] with f(x) = x^2, computed by SymPy."""
    x = sp.Symbol("x")
    f = sp.Lambda(x, x ** 2)
    column = sp.Matrix(list(values))
    result = column.applyfunc(f)
    return ElementwiseExample([list(values)], [f"f({v})" for v in values], [int(v) for v in result],
                              "f", rf"f(x) = {sp.latex(f.expr)}")


HADAMARD_LATEX = r"\odot"      # the Hadamard (entry-by-entry) product, seed 004 eq. 28


def hadamard_example(left=(1, 2), right=(3, 4)) -> ElementwiseExample:
    r"""Seed 004 eq. 28: [1, 2] \odot [3, 4] = [1 \cdot 3, 2 \cdot 4] = [3, 8], computed by SymPy."""
    u, v = sp.Matrix(list(left)), sp.Matrix(list(right))
    result = u.multiply_elementwise(v)
    return ElementwiseExample([list(left), list(right)], [rf"{p} \cdot {q}" for p, q in zip(left, right)],
                              [int(r) for r in result], HADAMARD_LATEX, "")


# ---- the seeded example's numbers ----------------------------------------------------------------

def format_number(value: float, digits: int = 3) -> str:
    """The same short form the network diagram prints under its nodes (``number_format.show``)."""
    return show(float(value), digits)


@dataclass(frozen=True)
class LayerNumbers:
    """One layer of the numeric forward pass: every matrix as floats, in the equation's order."""

    layer: int
    weights: list[list[float]]
    inputs: list[float]
    biases: list[float]
    z: list[float]
    a: list[float]

    def entries(self, name: str, digits: int = 3):
        """Formatted strings of ``weights`` (matrix) or a column (``inputs``, ``biases``, ``z``, ``a``)."""
        value = getattr(self, name)
        if name == "weights":
            return [[format_number(v, digits) for v in row] for row in value]
        return [format_number(v, digits) for v in value]


@dataclass(frozen=True)
class ForwardNumbers:
    """The seeded example's forward pass, layer by layer, plus every node value by name."""

    spec: NetworkSpec
    layers: list[LayerNumbers]
    x: list[float]
    y: list[float]
    node_values: dict[str, float]   # x0_k, z{l}_j, a{l}_j, y_j

    def layer(self, l: int) -> LayerNumbers:
        return self.layers[l - 1]


def _apply(spec: NetworkSpec, layer: int, z: sp.Matrix) -> sp.Matrix:
    if layer == spec.depth and spec.loss_fn.softmax_output:
        exps = z.applyfunc(sp.exp)
        return exps / sum(exps)
    return z.applyfunc(spec.act.f)


def forward_numbers(spec: NetworkSpec, example: Example | None = None) -> ForwardNumbers:
    """Forward pass of ``example`` (default the lecture's, ``Example.lecture(spec)``) with exact SymPy matrices."""
    example = example or Example.lecture(spec)
    exact = lambda v: sp.Rational(str(float(v)))
    a = sp.Matrix([exact(v) for v in example.x])
    values = {n.x_name(k): float(v) for k, v in enumerate(example.x, 1)}
    values.update({n.y_name(j): float(v) for j, v in enumerate(example.y, 1)})
    layers = []
    for l in range(1, spec.depth + 1):
        W = sp.Matrix(example.weights[l - 1].tolist()).applyfunc(exact)
        b = sp.Matrix([exact(v) for v in example.biases[l - 1]])
        z = W * a + b
        a_next = _apply(spec, l, z)
        as_floats = lambda m: [float(sp.N(v, 17)) for v in m]
        layers.append(LayerNumbers(l, [as_floats(W.row(i)) for i in range(W.rows)], as_floats(a),
                                   as_floats(b), as_floats(z), as_floats(a_next)))
        for j, (zv, av) in enumerate(zip(layers[-1].z, layers[-1].a), 1):
            values[n.z_name(l, j)] = zv
            values[n.a_name(l, j)] = av
        a = a_next
    return ForwardNumbers(spec, layers, [float(v) for v in example.x], [float(v) for v in example.y], values)


# ---- generalising superscripts (seed 001 fig. 16; the rewrite itself: equation.Equation.generalise) ---

def generalisation(spec: NetworkSpec, line: str, hidden_layer: int | None = None) -> dict[int, str]:
    """Concrete layer number -> general superscript for one line of ``spec``'s final equations.

    The hidden lines use layer ``hidden_layer`` (default L-1). For 2-2-2: output {2: 'L'},
    hidden {1: 'l', 2: 'l+1'}, weight {1: 'l', 0: 'l-1'}.
    """
    return layer_labels(line, spec.depth, spec.depth - 1 if hidden_layer is None else hidden_layer)


def generalisation_latex(mapping: dict[int, str]) -> str:
    r"""A line's renaming as a legend, later layers first: ``(2) \to (l+1),\quad (1) \to (l)``."""
    return r",\quad ".join(rf"({k}) \to ({v})" for k, v in sorted(mapping.items(), reverse=True))


def generalise(latex: str, mapping: dict[int, str]) -> str:
    """Layer superscripts of ``latex`` rewritten by ``mapping`` (:func:`~backprop_core.equation.generalise_superscripts`)."""
    return generalise_superscripts(latex, mapping)
