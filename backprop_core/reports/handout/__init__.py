"""The handout: the lecture in print, section by section in the order of the scenes, from the same core records.

Each module is one part of the lecture and returns :class:`~.blocks.Section` values (headings,
text, displays, tables, a figure); :mod:`.latex` and :mod:`.markdown` print them. Order: the
definitions, the graph lecture, the network, the learning scenes, the sources; each heading says
which scenes (``scenes/outline.py``) it follows, and a test holds the two orders together.
"""
from __future__ import annotations

from . import graph_lecture, latex, learning, markdown, network, opening, sources
from .breaking import LINE_BUDGET, _width, break_equation, matrix_problems
from .context import HandoutData, handout_data
from .latex import latex_engine, latex_preamble
from .names import reader_problems
from .sources import SOURCES

PARTS = (opening, graph_lecture, network, learning, sources)


def sections(data: HandoutData) -> list:
    """Every section of the handout, in the lecture's order."""
    return [s for part in PARTS for s in part.sections(data)]


def lecture_order(data: HandoutData) -> list[str]:
    """The scenes the sections follow, in the handout's order (a test compares it with the lecture's)."""
    return [scene for s in sections(data) for scene in s.heading.scenes]


def as_latex(data: HandoutData) -> str:
    return latex.document(opening.title(data), sections(data))


def as_markdown(data: HandoutData) -> str:
    return markdown.document(opening.title(data), sections(data))


__all__ = ["HandoutData", "LINE_BUDGET", "SOURCES", "_width", "as_latex", "as_markdown", "break_equation",
           "handout_data", "latex_engine", "latex_preamble", "lecture_order", "matrix_problems", "reader_problems",
           "sections"]
