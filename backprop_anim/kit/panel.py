"""The right-hand panel of a graph slide: formula lines beside the diagram, left-aligned.

The graph lecture's slides put the graph on the left and what is said about it on the right;
these place core LaTeX (and translated words before it) there, shrunk to fit, so every scene
lines its formulas up the same way.

Example::

    from backprop_anim.kit.panel import panel, slot

    lines = panel([g.point_latex] + [n.evaluation_latex for n in ops], height=3.6)
    log = slot(step.log_latex(g), -2.0, color=color_of("grad"))
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, VGroup

from ..lang import MathTex, Text
from ..mobjects.layout import fit_into
from ..theme import color_of

# Screen regions (frame is 14.22 x 8): title strip on top, graph on the left, panel on the right.
GRAPH_CENTER = LEFT * 3.3 + DOWN * 0.35
GRAPH_SIZE = (6.6, 5.6)
PANEL_LEFT = 0.9
PANEL_WIDTH = 5.8
PANEL_TOP = 2.6


def panel(lines: list[str], top: float = PANEL_TOP, height: float = 4.8, font_size: float = 34,
          color=None, left: float = PANEL_LEFT, width: float = PANEL_WIDTH) -> VGroup:
    """Left-aligned MathTex lines in the panel, from ``top`` down, shrunk to ``width`` x ``height``."""
    col = VGroup(*[MathTex(t, font_size=font_size, color=color or color_of("text")) for t in lines])
    col.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
    fit_into(col, width, height)
    col.move_to([left + col.width / 2, top - col.height / 2, 0])
    return col


def slot(tex: str, y: float, font_size: float = 36, color=None, left: float = PANEL_LEFT,
         width: float = PANEL_WIDTH) -> MathTex:
    """One MathTex line at height y in the panel, shrunk to the panel width."""
    mob = MathTex(tex, font_size=font_size, color=color or color_of("text"))
    fit_into(mob, width, 1.4)
    mob.move_to([left + mob.width / 2, y, 0])
    return mob


def worded(words: str, tex: str, y: float, font_size: float = 36, color=None, left: float = PANEL_LEFT,
           width: float = PANEL_WIDTH) -> VGroup:
    """Words (a translated Text) followed by a MathTex, as one line at height y in the panel."""
    color = color or color_of("text")
    parts = [Text(words, font_size=font_size * 0.8, color=color)]
    if tex:
        parts.append(MathTex(tex, font_size=font_size, color=color))
    mob = VGroup(*parts).arrange(RIGHT, buff=0.15)
    fit_into(mob, width, 1.4)
    mob.move_to([left + mob.width / 2, y, 0])
    return mob


def in_panel(mob, y_top: float | None = None, y: float | None = None, left: float = PANEL_LEFT):
    """Put ``mob`` at the panel's left edge, its top at ``y_top`` (or its centre at ``y``)."""
    if y_top is not None:
        y = y_top - mob.height / 2
    return mob.move_to([left + mob.width / 2, y, 0])
