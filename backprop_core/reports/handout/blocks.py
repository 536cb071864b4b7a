"""The handout as a list of blocks, so each section is written once and printed as LaTeX or Markdown.

Text is a translated message in which ``$...$`` is maths; a display holds whole formulas (LaTeX
strings or :class:`~backprop_core.equation.Equation`), a table cells of text.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1            # 1: a section (one scene or a few), 2: a part of it
    scenes: tuple[str, ...] = ()   # the lecture scenes (scenes/outline.py) this section follows


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Display:
    formulas: tuple            # str or Equation, one per row group, aligned at their relation


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str = ""            # LaTeX column letters (l, r, c); default: first l, the rest r
    small: bool = False

    @property
    def columns(self) -> str:
        return self.align or "l" + "r" * (len(self.head) - 1)


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Figure:
    path: str                  # a PNG made by the CLI (the lecture's own mobject), or "" for none
    caption: str


@dataclass
class Section:
    """One section: its heading and blocks."""
    heading: Heading
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> "Section":
        self.blocks.extend(blocks)
        return self


def math(tex) -> str:
    """Inline maths in a text cell."""
    return f"${tex}$"
