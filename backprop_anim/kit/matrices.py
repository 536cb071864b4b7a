"""The matrix-form scenes' kit: a base that knows the network's matrix form, and the moves that
carry chain-rule factors from one matrix into the next.

The TDS article *Understanding Backpropagation* fig. 5-19 builds δ by moving single factors out
of long products into the cells of columns and matrices; :func:`gather` and :func:`frame` are
those moves, :class:`MatrixScene` knows the derivation and its :class:`~backprop_core.network.
matrix_form.LayerMatrixForm` per layer. Rows of matrices and operators are :class:`TermRow`-s,
built here (:func:`equation_row`, :func:`affine_row`, :func:`hadamard`) so that scenes never
type an operator of a formula.

Example::

    from backprop_anim.kit.matrices import MatrixScene, column, equation_row

    class Delta(MatrixScene):
        def construct(self):
            form = self.forms[self.spec.depth]
            delta = self.keep("delta", column([e[0] for e in form.entries(form.delta)]))
            self.beat(_("δ"), FadeIn(equation_row(form.delta_equation.lhs, delta)))
"""
from __future__ import annotations

from manim import (DOWN, LEFT, FadeIn, SurroundingRectangle, VGroup)

from backprop_core import notation
from backprop_core.network.derivation import derive
from backprop_core.network.forward import HADAMARD_LATEX
from backprop_core.network.matrix_form import matrix_forms
from backprop_core.quantity import Quantity

from ..config import network_spec
from ..lang import Text
from ..mobjects.layout import USABLE_WIDTH, Region, fit_into
from ..mobjects.matrix_terms import TermMatrix, TermRow, quantity_tex
from ..mobjects.network_diagram import NetworkDiagram
from ..theme import color_of
from . import morph
from .scene import LectureScene, TitleStyle

MAX_ROWS, MAX_COLS = 3, 3     # bigger layers show leading cells, ⋮ ⋯ and how many are left out
ROW_H = 2.8             # height of one row of matrices when two rows share the frame
FONT = 36              # matrix entries before fitting: legible at 480p
ROW_FONT = 44          # the forward pass's one row of matrices under the diagram: room for bigger entries
CARD_FONT = 46         # a layer's BP equations under its weight gradient: the result the beat ends on

# Diagrams: under the title, inside the safe area (layout.safe_area: |x| <= 6.4)
DIAGRAM_TOP = Region(-6.3, -0.4, 6.3, 3.1)            # equations below it
DIAGRAM_OVER_RULES = Region(-6.3, -0.85, 6.3, 3.1)    # two local rules below it
EQ_HEADER_Y, EQ_ROW_Y, EQ_ROW_H = -0.95, -2.5, 2.1      # the row ends inside the safe area (y >= -3.6)


class MatrixScene(LectureScene):
    """A lecture scene on the network's matrix form: ``spec``, ``derivation`` and ``forms``
    (layer -> LayerMatrixForm) are ready in ``construct``; the title is small and high, so two
    rows of matrices fit under it."""

    title_style = TitleStyle(font_size=30, top=0.25)
    reuses_partial_movies = False          # the network's matrices on screen: see LectureScene

    def setup(self):
        super().setup()
        self.spec = network_spec()
        self.derivation = derive(self.spec)
        self.forms = {f.layer: f for f in matrix_forms(self.derivation)}

    def delta_card(self, key: str, form, lhs, a_prev_row: TermMatrix, row_y: float, card_y: float):
        """dE/dW = delta (a)^T as a row at ``row_y``; the layer's BP1/BP2 boxed and BP4 at ``card_y``."""
        delta_col = self.keep(key, column([e[0] for e in form.entries(form.delta)], font_size=FONT))
        final = equation_row(lhs, delta_col, a_prev_row).fit(USABLE_WIDTH, ROW_H).move_to([0, row_y, 0])
        bp = quantity_tex(form.delta_equation_latex, font_size=CARD_FONT)
        bp4 = quantity_tex(form.weight_equation_latex, font_size=CARD_FONT)
        fit_into(VGroup(bp, bp4).arrange(DOWN, buff=0.35), USABLE_WIDTH - 1.5, 2.6).move_to([0.4, card_y, 0])
        box = SurroundingRectangle(bp, color=color_of("delta"), buff=0.12)
        tag = Text(form.bp_name, font_size=24, color=color_of("delta")).next_to(box, LEFT, buff=0.15)
        return delta_col, final, bp, bp4, box, tag

    @staticmethod
    def morph(old: TermRow, new: TermRow) -> list:
        """Item-by-item changes (:func:`.morph.change`) between two rows with the same number of items."""
        return [morph.change(a, b) for a, b in zip(old.items, new.items)]


# ---- rows of matrices ---------------------------------------------------------------------------

def equation_row(lhs, *rhs) -> TermRow:
    """``lhs = rhs...`` as one row (``lhs`` and the items of ``rhs``: LaTeX or mobjects)."""
    return TermRow(lhs, "=", *rhs)


def affine_row(z, weights, inputs, biases) -> TermRow:
    """``z = W a + b`` with the four given matrices (seed 004 eq. 25)."""
    return TermRow(z, "=", weights, inputs, "+", biases)


def hadamard(*columns) -> list:
    """The columns with ⊙ between them (items for a TermRow)."""
    items = []
    for i, c in enumerate(columns):
        items += ([HADAMARD_LATEX] if i else []) + [c]
    return items


def sum_parts(weights_T, deltas, j: int) -> list:
    """Row j of the sums Σ_k w_kj δ_k written out: w, δ, +, w, δ, ... (parts 3k and 3k+1)."""
    return [p for k in range(len(deltas)) for p in (["+"] if k else []) + [weights_T[j][k], deltas[k]]]


def activations_row(form) -> TermMatrix:
    """(a)ᵀ of the layer below ``form``'s, the ∂z/∂w part of its weight gradient."""
    return row_vector(form.entries(form.a_prev.T)[0], font_size=FONT)


def dz_dw_label(form) -> str:
    """``∂z/∂W`` of ``form``'s layer: the name of the matrix of the ∂z_j/∂w_jk factors."""
    return notation.partial_latex(Quantity("z", form.layer), Quantity("w", form.layer))


def dz_dw_values(derivation, form) -> list[list[str]]:
    """∂z_j/∂w_jk read off the network's edges (the local derivative of each weight's edge): a_k in
    every row j, so the rows are all equal, each the row (a)ᵀ of :func:`activations_row`."""
    g, l, (rows, cols) = derivation.graph, form.layer, form.sizes
    edge = lambda j, k: next(e for e in g.edges_from[notation.w_name(l, j, k)]
                             if e.target == notation.z_name(l, j))
    return [[edge(j, k).local_latex for k in range(1, cols + 1)] for j in range(1, rows + 1)]


def local_rule(edge, font_size: float = 42):
    """An edge's local partial ``∂z/∂a = w`` as a MathTex of three parts (partial, =, value)."""
    return quantity_tex(edge.partial_latex, "=", edge.local_latex, font_size=font_size)


def fill(row, y: float, height: float = 3.8):
    """A row alone on the slide: up to 1.6 x larger (still inside the safe area), centred at height y."""
    row.scale(min(1.6, USABLE_WIDTH / row.width, height / row.height))
    return row.move_to([0, y, 0])


def matrix(rows, **kwargs) -> TermMatrix:
    """A matrix showing at most MAX_ROWS x MAX_COLS cells."""
    return TermMatrix(rows, max_rows=MAX_ROWS, max_cols=MAX_COLS, **kwargs)


def column(entries, **kwargs) -> TermMatrix:
    """A column showing at most MAX_ROWS cells."""
    return TermMatrix.column(entries, max_rows=MAX_ROWS, **kwargs)


def row_vector(entries, **kwargs) -> TermMatrix:
    """A row showing at most MAX_COLS cells."""
    return TermMatrix.row(entries, max_cols=MAX_COLS, **kwargs)


def example_row(example, *, font_size=FONT) -> TermRow:
    """Nielsen ch. 2 eq. 24 / 28 laid out: operands, written out, result."""
    operands = [TermMatrix.column([str(v) for v in col], font_size=font_size) for col in example.operands]
    left = [example.operator_latex, operands[0]] if len(operands) == 1 else [operands[0], example.operator_latex, operands[1]]
    return TermRow(*left, "=", TermMatrix.column(example.written, font_size=font_size), "=",
                   TermMatrix.column([str(v) for v in example.result], font_size=font_size))


# ---- moves --------------------------------------------------------------------------------------

def gather(sources: TermMatrix, targets: TermMatrix, pick) -> list:
    """Copies of parts of every shown source cell fly into the target cells they belong to.

    ``pick(i, j)`` -> list of (target row, target col, part index) for source cell (i, j).
    Several parts landing in one cell merge into it.
    """
    groups: dict[tuple[int, int], list] = {}
    for i, line in enumerate(sources.entries):
        for j, cell in enumerate(line):
            if cell is None:
                continue
            for ti, tj, part in pick(i, j):
                if targets.is_shown(ti, tj):
                    groups.setdefault((ti, tj), []).append(cell[part].copy())
    return [morph.fly_into(copies, targets.entry(ti, tj)) for (ti, tj), copies in groups.items()]


def frame(target: TermMatrix) -> list:
    """The non-entry parts of a matrix (brackets, dots, note) for fading in around moved entries."""
    parts = [target.brackets, *target.ellipses]
    if target.note is not None:
        parts.append(target.note)
    extras = [m for m in target.submobjects if m not in (target.cells, target.brackets, target.note)]
    return [FadeIn(p) for p in parts + extras]


def from_diagram(diagram: NetworkDiagram, name: str, target):
    """The diagram's label of ``name`` copied into an equation part (faded in if the label is hidden)."""
    try:
        source = diagram.label(name)
    except KeyError:
        return FadeIn(target)
    return morph.fly_into([source.copy()], target)
