"""What a reader must never see in the handout: a quantity's ASCII key (``w1_1_1``, ``z2_1``,
``delta1_2``) where its name (w⁽¹⁾₁₁) belongs, and a hedged plural such as "path(s)"."""
from __future__ import annotations

import re

ASCII_NAME = re.compile(r"(?<![A-Za-z\\])(?:[wbzaxe]|delta)\d+(?:_\d+)+\b|\b[wbzax]\d_\d\b")
HEDGED_PLURAL = re.compile(r"\w\(s\)")


def reader_problems(text: str) -> list[str]:
    """Every ASCII quantity key and hedged plural in ``text`` (a PDF's text, the Markdown)."""
    return ([f"ASCII name {m.group(0)!r}" for m in ASCII_NAME.finditer(text)]
            + [f"hedged plural {m.group(0)}(s)" for m in HEDGED_PLURAL.finditer(text)])
