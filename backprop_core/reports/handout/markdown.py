"""The handout's blocks as Markdown (GitHub/Jupyter maths: ``$...$`` and ``$$...$$``)."""
from __future__ import annotations

from .blocks import Display, Figure, Heading, Items, Para, Table
from .breaking import display_lines


def display(formulas) -> str:
    rows = [row for f in formulas for row in display_lines(f)]
    return "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$"


def _cell(s: str) -> str:
    return str(s).replace("|", r"\|")


def block(b) -> str:
    if isinstance(b, Heading):
        return "#" * (b.level + 1) + " " + b.text
    if isinstance(b, Para):
        return str(b.text)
    if isinstance(b, Display):
        return display(b.formulas)
    if isinstance(b, Table):
        head = "| " + " | ".join(_cell(h) for h in b.head) + " |"
        rule = "|" + "|".join(":--" if c == "l" else "--:" if c == "r" else ":-:" for c in b.columns) + "|"
        return "\n".join([head, rule] + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows])
    if isinstance(b, Items):
        return "\n".join(f"{k}. {i}" if b.numbered else f"- {i}" for k, i in enumerate(b.items, 1))
    if isinstance(b, Figure):
        return f"![{b.caption}]({b.path})" if b.path else ""
    raise TypeError(f"not a handout block: {b!r}")


def document(title: str, sections) -> str:
    out = [f"# {title}"]
    for s in sections:
        out += [block(s.heading)] + [block(b) for b in s.blocks]
    return "\n\n".join(x for x in out if x) + "\n"
