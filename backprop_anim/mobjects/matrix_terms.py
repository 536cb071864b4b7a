r"""Bracketed matrices of LaTeX terms whose every entry can be picked up and moved.

The matrix beats (seed 001 fig. 5-14) move single factors out of long chain-rule equations
into the cells of columns and matrices, so each cell must be its own MathTex and each factor
inside a cell its own part. Big layers would not fit, so a matrix can show only its leading
rows/columns with ⋮ / ⋯ and say how many it left out, and every group scales into a region.

Colours come from :func:`quantity_tex`, which colours every quantity token (δ, w/W, a, z,
x, b, y, e, E, and a gradient ∂E/∂· as a whole) with ``color_of(kind)`` using MathTex substring isolation, so a δ inside a
fraction or a sum keeps the δ colour.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
from manim import (DOWN, LEFT, ORIGIN, RIGHT, UP, MathTex, Mobject, VGroup, VMobject)

from backprop_core.i18n import _

from ..lang import Text

from ..theme import color_of
from .layout import fit_into

_SUP = r"\^\{\([^()]*\)\}"
_SUB = r"(?:_\{[^{}]*\})?"
_FREE = r"(?<![A-Za-z\\])"
_GROUP = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"      # a brace group, nested up to three deep
# (pattern, kind): longest/most specific first; each match becomes one coloured MathTex part.
TOKEN_PATTERNS = [
    # a gradient dE/d(anything) is a backward value, in one colour as a whole (as in the path scenes)
    (re.compile(r"\\frac\{\\partial E\}" + _GROUP), "grad"),
    (re.compile(r"\\delta" + _SUP + _SUB), "delta"),
    (re.compile(r"\\nabla_\{a\}"), "a"),
    (re.compile(_FREE + r"[Ww]" + _SUP + _SUB), "w"),
    (re.compile(_FREE + r"b" + _SUP + _SUB), "b"),
    (re.compile(_FREE + r"z" + _SUP + _SUB), "z"),
    (re.compile(_FREE + r"a" + _SUP + _SUB), "a"),
    (re.compile(_FREE + r"x" + _SUP + _SUB), "x"),
    (re.compile(_FREE + r"e_\{[^{}]*\}"), "e"),
    (re.compile(_FREE + r"y(?:_\{[^{}]*\})?(?![A-Za-z])"), "y"),
    (re.compile(_FREE + r"E(?![A-Za-z])"), "E"),
]


def quantity_tokens(latex: str) -> dict[str, str]:
    """Every quantity token of ``latex`` mapped to its kind, e.g. ``{'\\delta^{(2)}_{1}': 'delta'}``."""
    found: dict[str, str] = {}
    taken = np.zeros(len(latex), dtype=bool)
    for pattern, kind in TOKEN_PATTERNS:
        for m in pattern.finditer(latex):
            if not taken[m.start():m.end()].any():
                taken[m.start():m.end()] = True
                found.setdefault(m.group(0), kind)
    return found


def quantity_tex(*parts: str, font_size: float = 32, color=None, **kwargs) -> MathTex:
    """MathTex of ``parts`` (one submobject per part) with every quantity in its kind's colour.

    Example::

        eq = quantity_tex(r"\\delta^{(2)}_{1}", r"a^{(1)}_{2}")
        eq[0]   # the delta factor, coloured color_of("delta")
    """
    parts = [p for p in parts if p != ""] or ["{}"]
    tokens = quantity_tokens(" ".join(parts))
    colors = {tok: color_of(kind) for tok, kind in tokens.items()}
    return MathTex(*parts, font_size=font_size, color=color or color_of("text"),
                   tex_to_color_map=colors, **kwargs)


def _bracket(height: float, side: int, color, arm: float = 0.12, stroke: float = 3) -> VMobject:
    """A square bracket as three strokes; side -1 opens to the right, +1 to the left."""
    h = height / 2
    corners = [[-side * arm, h, 0], [0, h, 0], [0, -h, 0], [-side * arm, -h, 0]]
    return VMobject(color=color, stroke_width=stroke).set_points_as_corners(corners)


class TermMatrix(VGroup):
    r"""A bracketed matrix (or column, or row) of LaTeX terms; each entry is its own MathTex.

    An entry is a string, or a sequence of strings that become separate parts of the cell
    (``matrix.entry(i, j)[p]``), so single factors can move elsewhere. Matrices larger than
    ``max_rows`` x ``max_cols`` show their leading rows/columns, a ⋮ / ⋯ line and a note
    such as "+2 rows". ``source(i, j)`` gives back the LaTeX of any cell, shown or not.
    ``color`` is the colour of text that is no quantity token (e.g. numbers of a z column).

    Example::

        col = TermMatrix.column([r"\frac{\partial E}{\partial a^{(2)}_{1}}",
                                 r"\frac{\partial E}{\partial a^{(2)}_{2}}"])
        grad = TermMatrix(form.grad_W_entries, max_rows=3).fit(width=5)
        self.play(TransformFromCopy(equation[2], col.entry(0, 0)))
    """

    def __init__(self, rows: Sequence[Sequence[str | Sequence[str]]], *, max_rows: int = 4,
                 max_cols: int = 4, font_size: float = 32, h_buff: float = 0.45,
                 v_buff: float = 0.3, bracket_color=None, color=None, **kwargs):
        super().__init__(**kwargs)
        self.sources = [list(r) for r in rows]
        if not self.sources or not self.sources[0] or any(len(r) != len(self.sources[0]) for r in self.sources):
            raise ValueError("TermMatrix needs a non-empty rectangular list of rows")
        self.shape = (len(self.sources), len(self.sources[0]))
        self.font_size = font_size
        rows_shown = self._shown(self.shape[0], max_rows)
        cols_shown = self._shown(self.shape[1], max_cols)
        self.hidden_rows = self.shape[0] - len([r for r in rows_shown if r is not None])
        self.hidden_cols = self.shape[1] - len([c for c in cols_shown if c is not None])
        self.entries: list[list[MathTex | None]] = [[None] * self.shape[1] for _ in range(self.shape[0])]
        grid, self.ellipses = [], VGroup()
        for i in rows_shown:
            line = []
            for j in cols_shown:
                if i is not None and j is not None:
                    cell = self.sources[i][j]
                    parts = [cell] if isinstance(cell, str) else list(cell)
                    mob = quantity_tex(*parts, font_size=font_size, color=color)
                    self.entries[i][j] = mob
                else:
                    dots = r"\ddots" if i is None and j is None else (r"\vdots" if i is None else r"\cdots")
                    mob = MathTex(dots, font_size=font_size, color=color_of("muted"))
                    self.ellipses.add(mob)
                line.append(mob)
            grid.append(line)
        self.cells = VGroup(*[m for line in grid for m in line])
        self._place(grid, h_buff, v_buff)
        color = bracket_color or color_of("text")
        pad = 0.12
        height = self.cells.height + 2 * pad
        left = _bracket(height, -1, color).next_to(self.cells, LEFT, buff=0.12)
        right = _bracket(height, 1, color).next_to(self.cells, RIGHT, buff=0.12)
        self.brackets = VGroup(left, right)
        self.add(self.cells, self.brackets)
        self.note = None
        hidden = [msg.format(n=k) for k, msg in ((self.hidden_rows, _("+{n} rows")),
                                                 (self.hidden_cols, _("+{n} columns"))) if k]
        if hidden:
            self.note = Text(_(", ").join(hidden), font_size=font_size * 0.7, color=color_of("muted"))
            self.note.next_to(self.brackets, DOWN, buff=0.1)
            self.add(self.note)
        self.move_to(ORIGIN)

    # ---- construction helpers ------------------------------------------------------------------
    @staticmethod
    def _shown(count: int, limit: int) -> list[int | None]:
        """Indices to draw: all, or the first ``limit - 1`` and ``None`` where the dots go."""
        if count <= limit:
            return list(range(count))
        return list(range(max(limit - 1, 1))) + [None]

    def _place(self, grid, h_buff: float, v_buff: float) -> None:
        widths = [max(grid[r][c].width for r in range(len(grid))) for c in range(len(grid[0]))]
        heights = [max(m.height for m in line) for line in grid]
        y = 0.0
        for r, line in enumerate(grid):
            y -= heights[r] / 2
            x = 0.0
            for c, mob in enumerate(line):
                mob.move_to([x + widths[c] / 2, y, 0])
                x += widths[c] + h_buff
            y -= heights[r] / 2 + v_buff

    @classmethod
    def column(cls, entries: Sequence[str | Sequence[str]], **kwargs) -> "TermMatrix":
        """A column vector, e.g. the ∂E/∂a or δ column."""
        return cls([[e] for e in entries], **kwargs)

    @classmethod
    def row(cls, entries: Sequence[str | Sequence[str]], **kwargs) -> "TermMatrix":
        """A row vector, e.g. (a^{(l-1)})^T."""
        return cls([list(entries)], **kwargs)

    # ---- access ----------------------------------------------------------------------------------
    def entry(self, i: int, j: int = 0) -> MathTex:
        """The MathTex of cell (i, j); KeyError when that cell is hidden behind the dots."""
        mob = self.entries[i][j]
        if mob is None:
            raise KeyError(f"cell ({i}, {j}) of a {self.shape[0]}x{self.shape[1]} matrix is not shown")
        return mob

    def is_shown(self, i: int, j: int = 0) -> bool:
        return self.entries[i][j] is not None

    def shown_entries(self) -> list[MathTex]:
        """Every drawn cell, row by row."""
        return [m for line in self.entries for m in line if m is not None]

    def source(self, i: int, j: int = 0) -> str:
        """The LaTeX of cell (i, j), parts joined by spaces (also for hidden cells)."""
        cell = self.sources[i][j]
        return cell if isinstance(cell, str) else " ".join(cell)

    def fit(self, width: float | None = None, height: float | None = None) -> "TermMatrix":
        """Scale down to fit a region; returns self for chaining."""
        fit_into(self, width, height)
        return self

    def superscript(self, latex: str) -> MathTex:
        """A small exponent (e.g. ``T``) at the top right bracket; added to the matrix and returned."""
        sup = MathTex(latex, font_size=self.font_size * 0.7, color=color_of("text"))
        sup.next_to(self.brackets[1], RIGHT, buff=0.05).align_to(self.brackets[1], UP)
        self.add(sup)
        return sup


def label_below(target: Mobject, latex: str, font_size: float = 34, buff: float = 0.15) -> MathTex:
    """A quantity label (e.g. the transpose (W^{(2)})^T) centred under ``target``; not added to it."""
    label = quantity_tex(latex, font_size=font_size)
    label.next_to(target, DOWN, buff=buff)
    return label


class TermRow(VGroup):
    r"""Matrices, equation sides and operators (=, ⊙, +, ...) laid out left to right.

    Strings become quantity-coloured MathTex; mobjects are used as they are. ``items[i]``
    returns the i-th piece, so operators can be faded or swapped individually.

    Example::

        row = TermRow(r"\frac{\partial E}{\partial W^{(2)}}", "=", dE_da, r"\odot", da_dz, a_row)
        row.fit(width=12).to_edge(DOWN)
    """

    def __init__(self, *items: Mobject | str, font_size: float = 34, buff: float = 0.2, **kwargs):
        self.items = [quantity_tex(i, font_size=font_size) if isinstance(i, str) else i for i in items]
        super().__init__(*self.items, **kwargs)
        self.arrange(RIGHT, buff=buff)

    def fit(self, width: float | None = None, height: float | None = None) -> "TermRow":
        fit_into(self, width, height)
        return self
