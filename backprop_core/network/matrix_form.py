"""Matrix bookkeeping of one layer's gradients (seed 001 fig. 5, 10-14) and BP1-BP4.

The element dE/dw^{(l)}_{jk} = (dE/da^{(l)}_j)(da^{(l)}_j/dz^{(l)}_j)(dz^{(l)}_j/dw^{(l)}_{jk})
groups into a column of dE/da, a column of da/dz (joined by the Hadamard product) and the row
of dz/dw = (a^{(l-1)})^T; the first two make the column delta^{(l)}. In a hidden layer the
column dE/da is the dot product of the rows of (W^{(l+1)})^T with delta^{(l+1)}, which is
where the transpose of BP2 comes from.

>>> from backprop_core.network.derivation import derive
>>> form = layer_matrix_form(derive(), 2)
>>> form.bp_name
'BP1'
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .. import notation as n
from ..equation import Equation
from ..quantity import Quantity
from . import bp_equations as bp
from .derivation import Derivation, product_latex


def _column(entries) -> sp.Matrix:
    return sp.Matrix([[e] for e in entries])


def matrix_latex(rows: list[list[str]]) -> str:
    r"""``\begin{bmatrix}..\end{bmatrix}`` from already-rendered entries."""
    body = r" \\ ".join(" & ".join(r) for r in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


@dataclass(frozen=True)
class LayerMatrixForm:
    """One layer's gradient as columns and matrices, both in d-notation and written out."""

    layer: int
    is_output: bool
    softmax: bool
    dE_da: sp.Matrix          # column: dE/da^{(l)} (loss' at L, (W^{(l+1)})^T delta^{(l+1)} below)
    da_dz: sp.Matrix          # column f'(z^{(l)}); softmax output: the full Jacobian da_i/dz_j
    a_prev: sp.Matrix         # column a^{(l-1)}; dz/dw row is its transpose
    delta: sp.Matrix          # column of delta symbols
    delta_value: sp.Matrix    # column: each delta written out from the line above
    grad_W: sp.Matrix         # delta a_prev^T, element by element
    grad_b: sp.Matrix         # delta
    sizes: tuple[int, int]    # (n_l, n_{l-1})
    act_latex: str            # \\sigma, \\tanh, ...
    next_weights: sp.Matrix | None = None   # W^{(l+1)} below the output layer
    next_delta: sp.Matrix | None = None     # delta^{(l+1)} column below the output layer

    # ---- d-notation pieces (strings ready for MathTex) -------------------------------------
    def _names(self, kind):
        l, (rows, cols) = self.layer, self.sizes
        if kind == "a":
            return [n.a_name(l, j) for j in range(1, rows + 1)]
        if kind == "z":
            return [n.z_name(l, j) for j in range(1, rows + 1)]
        return [n.a_name(l - 1, k) for k in range(1, cols + 1)]

    @property
    def dE_da_partial(self) -> list[str]:
        return [n.partial_latex("E", a) for a in self._names("a")]

    @property
    def da_dz_partial(self) -> list[str] | None:
        """Column of da_j/dz_j; None for softmax, whose da/dz is not a column but a Jacobian."""
        if self.softmax:
            return None
        return [n.partial_latex(a, z) for a, z in zip(self._names("a"), self._names("z"))]

    @property
    def dE_dz_partial(self) -> list[str]:
        """Column of dE/dz_j, i.e. the delta column in d-notation."""
        return [n.partial_latex("E", z) for z in self._names("z")]

    @property
    def dz_dw_partial(self) -> list[list[str]]:
        l, (rows, cols) = self.layer, self.sizes
        return [[n.partial_latex(n.z_name(l, j), n.w_name(l, j, k)) for k in range(1, cols + 1)]
                for j in range(1, rows + 1)]

    @property
    def terms_partial(self) -> list[list[str]]:
        """Fig. 5/10: every element of dE/dW as its three grouped partial factors."""
        return [[f"{self.dE_da_partial[j]} {self.da_dz_partial[j]} {self.dz_dw_partial[j][k]}"
                 for k in range(self.sizes[1])] for j in range(self.sizes[0])]

    @property
    def grad_W_partial(self) -> list[list[str]]:
        l, (rows, cols) = self.layer, self.sizes
        return [[n.partial_latex("E", n.w_name(l, j, k)) for k in range(1, cols + 1)]
                for j in range(1, rows + 1)]

    # ---- whole equations ---------------------------------------------------------------------
    @property
    def bp_name(self) -> str:
        return "BP1" if self.is_output else "BP2"

    @staticmethod
    def entries(m: sp.Matrix) -> list[list[str]]:
        return [[n.to_latex(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]

    def latex(self, m: sp.Matrix) -> str:
        return matrix_latex(self.entries(m))

    @property
    def grad_W_entries(self) -> list[list[str]]:
        """delta_j a_k, written delta first as in BP4's matrix form."""
        return [[product_latex([self.delta[j], self.a_prev[k]]) for k in range(self.sizes[1])]
                for j in range(self.sizes[0])]

    @property
    def dE_da_entries(self) -> list[str]:
        """Output: the loss derivative; hidden: row j of (W^{(l+1)})^T times delta^{(l+1)}."""
        if self.is_output:
            return [n.to_latex(e) for e in self.dE_da]
        W, d = self.next_weights, self.next_delta
        return [" + ".join(product_latex([W[k, j], d[k]]) for k in range(W.rows))
                for j in range(self.sizes[0])]

    @property
    def grouped(self) -> Equation:
        r"""dE/dW^{(l)} = [dE/da] \odot [da/dz] [dz/dw]  (d-notation, fig. 5/10)."""
        col = lambda xs: matrix_latex([[x] for x in xs])
        row = self.latex(self.a_prev.T)
        lhs = n.partial_latex("E", Quantity("w", self.layer))
        if self.softmax:
            return Equation(lhs, f"{col(self.dE_dz_partial)} {row}")
        return Equation(lhs, rf"{col(self.dE_da_partial)} \odot {col(self.da_dz_partial)} {row}")

    @property
    def delta_equation(self) -> Equation:
        """This layer's BP1 or BP2 with concrete superscripts."""
        if self.is_output:
            return bp.output_delta(self.layer, self.act_latex, self.softmax)
        return bp.hidden_delta(self.layer, self.act_latex)

    @property
    def weight_equation(self) -> Equation:
        """BP4 for this layer: dE/dW = delta (a^{(l-1)})^T."""
        return bp.weight_gradient(self.layer)

    @property
    def bias_equation(self) -> Equation:
        return bp.bias_gradient(self.layer)

    grouped_latex = property(lambda self: self.grouped.latex)
    delta_equation_latex = property(lambda self: self.delta_equation.latex)
    weight_equation_latex = property(lambda self: self.weight_equation.latex)
    bias_equation_latex = property(lambda self: self.bias_equation.latex)

    # Jupyter shows the layer's BP equations written out (backprop_core.reports.notebook)
    def _repr_markdown_(self) -> str:
        from ..reports.notebook import matrix_form_markdown
        return matrix_form_markdown(self)

    def _repr_latex_(self) -> str:
        from ..reports.notebook import matrix_form_latex
        return matrix_form_latex(self)


def layer_matrix_form(d: Derivation, layer: int) -> LayerMatrixForm:
    """Collect one layer's gradients into columns and matrices."""
    spec, L = d.spec, d.spec.depth
    rows, cols = spec.layers[layer], spec.layers[layer - 1]
    S = n.symbol
    deltas = d.layer_deltas(layer)
    is_output = layer == L
    softmax = is_output and spec.loss_fn.softmax_output
    W_next = next_delta = None
    if is_output:
        dE_da = _column(spec.loss_fn.error_prime(S(n.a_name(L, j)), S(n.y_name(j))) for j in range(1, rows + 1))
    else:
        W_next = sp.Matrix(spec.layers[layer + 1], rows,
                           lambda i, j: S(n.w_name(layer + 1, i + 1, j + 1)))
        next_delta = _column(t.symbol for t in d.layer_deltas(layer + 1))
        dE_da = W_next.T * next_delta
    if softmax:
        a = [S(n.a_name(layer, i)) for i in range(1, rows + 1)]
        da_dz = sp.Matrix(rows, rows, lambda i, j: a[i] * ((1 if i == j else 0) - a[j]))
    else:
        da_dz = _column(spec.act.f_prime(S(n.z_name(layer, j))) for j in range(1, rows + 1))
    a_prev = _column(S(n.a_name(layer - 1, k)) for k in range(1, cols + 1))
    delta = _column(t.symbol for t in deltas)
    delta_value = _column(t.simplified for t in deltas)
    form = LayerMatrixForm(layer, is_output, softmax, dE_da, da_dz, a_prev, delta, delta_value,
                           delta * a_prev.T, delta, (rows, cols), spec.act.latex, W_next, next_delta)
    return form


def matrix_forms(d: Derivation) -> list[LayerMatrixForm]:
    """Every layer's matrix form, output layer first (the order the lecture derives them)."""
    return [layer_matrix_form(d, l) for l in range(d.spec.depth, 0, -1)]


def general_equations(act_latex: str = r"\sigma", softmax: bool = False) -> dict[str, str]:
    """BP1-BP4 of seed 004, with superscripts l-1, l, l+1, L, as LaTeX (:func:`.bp_equations.general_bp`)."""
    return {name: eq.latex for name, eq in bp.general_bp(act_latex, softmax).items()}
