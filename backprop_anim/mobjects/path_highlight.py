r"""Trace a chain-rule path on the network diagram, one edge and one factor at a time.

Seed 001 (fig. 3-4, 7-9, 17) walks from E back to a parameter: every step lights one edge and
the node it leads to, and the matching chain-rule factor appears. The factor and its edge
share one colour, chosen by :func:`factor_kind` for every scene.

Example::

    from .path_highlight import PathHighlight, chain_rule_lines

    g = d.gradient("w2_1_1")
    lines, parts = chain_rule_lines(g)            # lhs = factor factor ... (+ next path ...)
    hl = PathHighlight(diagram, g.paths[0], factors=parts[0])
    self.add(lines[0][:2])                        # lhs and "="
    for step in hl.steps():                       # E -> e_1 -> a -> z -> w, factor by factor
        self.play(step)
    name, shared = hl.delta_part(2)               # the leading factors that make delta^{(2)}_1
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Circle, Create, FadeIn, FadeOut, Line,
                   MathTex, Mobject, SurroundingRectangle, VGroup)

from backprop_core.network.graph import Edge
from backprop_core.quantity import Quantity

from .network_diagram import NetworkDiagram, strip_svg_paths
from ..theme import color_of


def factor_kind(edge: Edge) -> str:
    r"""The colour rule of every path scene: factor \partial t/\partial s and edge s -> t share
    the colour of s's kind, the quantity the factor passes the blame on to.

    ===========  ==========================  =======
    edge         factor                      kind
    ===========  ==========================  =======
    e_j -> E     dE/de_j                     e
    a^L -> e_j   de_j/da^L                   a
    z -> a       da/dz (f'(z), softmax too)  z
    a_prev -> z  dz/da_prev = w              a
    w -> z       dz/dw = a_prev              w
    b -> z       dz/db = 1                   b
    ===========  ==========================  =======
    """
    return Quantity.parse(edge.source).kind


def factor_color(edge: Edge):
    """Theme colour of :func:`factor_kind`."""
    return color_of(factor_kind(edge))


def factor_latex(edge: Edge, notation: str = "partial") -> str:
    """The factor an edge contributes: its partial (``partial``) or its value (``local``)."""
    return edge.partial_latex if notation == "partial" else edge.local_latex


def chain_rule_lines(gradient, notation: str = "partial", font_size: float = 34,
                     paths=None) -> tuple[VGroup, list[VGroup]]:
    r"""``lhs = f f f`` for the first path, ``+ f f f`` below it for each further path.

    Returns the lines (left-aligned at "=" / "+") and, per path, the factor parts in chain
    order (E first), ready for :class:`PathHighlight`. Every piece is a core LaTeX string; only
    "=" and "+" join them (multiply along a path, add across paths).
    """
    paths = gradient.paths if paths is None else paths
    lines, parts = VGroup(), []
    for i, path in enumerate(paths):
        head = [gradient.lhs_latex, "="] if i == 0 else ["+"]
        tex = MathTex(*head, *(factor_latex(f, notation) for f in path.factors),
                      font_size=font_size, color=color_of("text"))
        if i == 0:
            tex[0].set_color(color_of("grad"))
        for part, edge in zip(tex[len(head):], path.factors):
            part.set_color(factor_color(edge))
        lines.add(strip_svg_paths(tex))
        parts.append(VGroup(*tex[len(head):]))
    _stack(lines)
    return lines, parts


def _stack(lines: VGroup, buff: float = 0.2) -> VGroup:
    """Each line under the previous one, its leading "+" under the first line's "="."""
    for prev, line in zip(lines, lines[1:]):
        line.next_to(prev, DOWN, buff=buff)
        line.shift(RIGHT * (lines[0][1].get_x() - line[0].get_x()))
    return lines


def delta_terms(paths, layer: int) -> list[tuple[str, tuple]]:
    """The distinct (delta name, remaining edges in chain order) once every path's leading
    sub-product through z^{(layer)} is named delta: paths sharing both collapse into one term."""
    terms = []
    for path in paths:
        name, count = path.delta_prefix(layer)
        term = (name, tuple(path.factors[count:]))
        if term not in terms:
            terms.append(term)
    return terms


def delta_sum_lines(gradient, layer: int, derivation, font_size: float = 34,
                    per_line: int = 2) -> tuple[VGroup, list[VGroup]]:
    r"""``lhs = \delta f f + \delta f f`` (``per_line`` terms a line): the path sum with the
    repeated sub-products named (seed 001 fig. 8). Returns the lines and, per term, its parts
    (delta first, then the remaining factors)."""
    terms = delta_terms(gradient.paths, layer)
    deltas = {t.name: t for t in derivation.deltas.values()}
    rows: list[list[str]] = []
    spans = []                                    # per term: (row, first part index, part count)
    for i, (name, rest) in enumerate(terms):
        if i % per_line == 0:
            rows.append([gradient.lhs_latex, "="] if i == 0 else [])
        row = rows[-1]
        if i > 0:
            row.append("+")
        spans.append((len(rows) - 1, len(row), 1 + len(rest)))
        row += [deltas[name].latex, *(f.partial_latex for f in rest)]
    texes = VGroup(*(strip_svg_paths(MathTex(*row, font_size=font_size, color=color_of("text")))
                     for row in rows))
    texes[0][0].set_color(color_of("grad"))
    parts = []
    for (row, first, count), (name, rest) in zip(spans, terms):
        term = VGroup(*texes[row][first:first + count])
        term[0].set_color(color_of("delta"))
        for part, edge in zip(term[1:], rest):
            part.set_color(factor_color(edge))
        parts.append(term)
    _stack(texes)
    return texes, parts


class PathHighlight:
    r"""Animations that light a :class:`~backprop_core.network.derivation.PathTerm` from E back to its parameter.

    ``factors``: the factor mobjects to reveal (one per edge, chain order, E first), e.g. from
    :func:`chain_rule_lines`; by default one MathTex with a part per factor. The lit edges and
    node rings are kept in ``overlay`` (add/remove it with the scene).

    Example::

        hl = PathHighlight(diagram, d.gradient("w1_1_1").paths[1])
        self.play(*hl.steps(run_time=0.6))  # or one by one: for s in hl.steps(): self.play(s)
        self.play(hl.fade())
    """

    def __init__(self, diagram: NetworkDiagram, path, factors=None, notation: str = "partial",
                 font_size: float = 34, width: float = 5.0):
        self.diagram, self.path = diagram, path
        self.edges = list(path.factors)                  # E first
        if factors is None:
            factors = MathTex(*(factor_latex(e, notation) for e in self.edges),
                              font_size=font_size, color=color_of("text"))
            strip_svg_paths(factors)
        if len(factors) != len(self.edges):
            raise ValueError(f"{len(factors)} factor mobjects for a path of {len(self.edges)} edges")
        self.factors = factors
        for part, edge in zip(self.factors, self.edges):
            part.set_color(factor_color(edge))
        self.lines = [self._lit_line(e, width) for e in self.edges]
        self.rings = [self._ring(e.source, factor_color(e)) for e in self.edges]
        self.start_ring = self._ring("E", color_of("E"))
        self.overlay = VGroup(self.start_ring, *self.lines, *self.rings)

    def _lit_line(self, edge: Edge, width: float) -> Line:
        drawn = self.diagram.edge(edge.source, edge.target)
        # drawn backwards, target -> source: the error flows from E towards the parameter
        return Line(drawn.get_end(), drawn.get_start()).set_stroke(factor_color(edge), width=width, opacity=1)

    def _ring(self, name: str, color) -> Mobject:
        node = self.diagram.node(name)
        if isinstance(node, VGroup) and len(node) == 2 and isinstance(node[0], Circle):
            ring = Circle(radius=node[0].width / 2 * 1.18).move_to(node[0])
            return ring.set_stroke(color, width=5, opacity=1)
        return SurroundingRectangle(node, buff=0.04, stroke_width=3, color=color)

    def steps(self, run_time: float = 0.9, show_factors: bool = True) -> list[AnimationGroup]:
        """One animation per edge, E side first: lit edge, ring on the node reached, factor appears.

        The first step also rings E. ``len(steps()) == len(path.edges)``.
        """
        out = []
        for i, (line, ring, factor) in enumerate(zip(self.lines, self.rings, self.factors)):
            anims = [Create(line), Create(ring)]
            if i == 0:
                anims.insert(0, Create(self.start_ring))
            if show_factors:
                anims.append(FadeIn(factor, shift=0.15 * UP))
            out.append(AnimationGroup(*anims, run_time=run_time))
        return out

    def fade(self, run_time: float = 0.5) -> FadeOut:
        """Fade the lit edges and rings (the factors stay)."""
        return FadeOut(self.overlay, run_time=run_time)

    def delta_part(self, layer: int) -> tuple[str, VGroup]:
        """(delta name, leading factor mobjects) that this path repeats as delta^{(layer)}_j."""
        name, count = self.path.delta_prefix(layer)
        return name, VGroup(*self.factors[:count])

    def delta_lines(self, layer: int) -> VGroup:
        """The lit edges of that repeated sub-path (z^{(layer)}_j up to E)."""
        _, count = self.path.delta_prefix(layer)
        return VGroup(*self.lines[:count])
