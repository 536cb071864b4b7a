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

import re
from functools import lru_cache

from manim import DOWN, LEFT, RIGHT, TexTemplate, VGroup, config

from ..lang import MathTex, Text
from ..mobjects.layout import fit_into
from ..theme import color_of

# Screen regions inside the safe area (|x| <= 6.4, |y| <= 3.6 of the 14.22 x 8 frame): title strip
# on top, graph on the left, panel on the right.
GRAPH_CENTER = LEFT * 3.0 + DOWN * 0.4
GRAPH_SIZE = (6.0, 5.4)          # the box the node centres are laid out in ...
GRAPH_BOX = (6.8, 6.1)           # ... and the one the whole drawing (rims included) must fit
GRAPH_TOP = 3.05                 # what is placed beside a node stays below the title
PANEL_LEFT = 0.8
PANEL_WIDTH = 5.6
PANEL_TOP = 2.6


@lru_cache(maxsize=None)
def tight_matrices() -> TexTemplate:
    """manim's template with matrix columns closer together (3 pt instead of 5 pt apart on each side):
    a line of four 2 x 2 matrices then fits the safe area's width at a readable size."""
    template = config.tex_template.copy()
    template.add_to_preamble(r"\setlength{\arraycolsep}{3pt}")
    return template


def panel(lines: list[str], top: float = PANEL_TOP, height: float = 4.8, font_size: float = 34,
          color=None, left: float = PANEL_LEFT, width: float = PANEL_WIDTH, tight: bool = False) -> VGroup:
    """Left-aligned MathTex lines in the panel, from ``top`` down, shrunk to ``width`` x ``height``
    (``tight``: matrices set with :func:`tight_matrices`)."""
    extra = {"tex_template": tight_matrices()} if tight else {}
    col = VGroup(*[MathTex(t, font_size=font_size, color=color or color_of("text"), **extra) for t in lines])
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


# Where a line may break: after a space-separated word, or after any CJK character or punctuation.
PIECES = re.compile(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+|\s+")


def wrapped(words: str, width: float = PANEL_WIDTH, font_size: float = 26, color=None) -> Text:
    """A translated sentence as one Text of lines no wider than ``width``, broken between words
    (between characters where the language writes no spaces): it keeps its size instead of shrinking."""
    lines, current = [], ""
    for piece in PIECES.findall(words):
        candidate = current + piece
        if current.strip() and not piece.isspace() and Text(candidate, font_size=font_size, max_width=None).width > width:
            lines.append(current.rstrip())
            candidate = piece
        current = candidate
    lines.append(current.rstrip())
    text = Text("\n".join(lines), font_size=font_size, color=color or color_of("text"), max_width=None)
    return fit_into(text, width)
