"""Which font draws the words of each language, and a one-line error when it is missing (no manim import).

``fonts-wqy-microhei`` (Debian, 5.1 MB installed, one .ttc with a proportional and a mono face)
covers every Chinese character the lecture uses; ``fonts-noto-cjk`` would be 91 MB for the same
frames. Chinese words inside formulas (the car-price graph's node names) are set by XeLaTeX with
ctex in that same font (``texlive-xetex``, ``texlive-lang-chinese``). ``backprop render --lang zh``
calls :func:`missing_font` and :func:`missing_cjk_tex` before any rendering; the scenes call
:func:`check_fonts` in ``setup`` (see ``backprop_anim.lang``).
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from backprop_core.errors import BadInput
from backprop_core.i18n import current_language

CJK_FONT = "WenQuanYi Micro Hei"
CJK_MONO_FONT = "WenQuanYi Micro Hei Mono"
LATIN_MONO_FONT = "DejaVu Sans Mono"
FONT_PACKAGE = "fonts-wqy-microhei"


def text_font(lang: str | None = None) -> str:
    """The font ``Text`` uses in ``lang`` ("" = Pango's default, enough for English)."""
    return CJK_FONT if (lang or current_language()) == "zh" else ""


def mono_font(lang: str | None = None) -> str:
    return CJK_MONO_FONT if (lang or current_language()) == "zh" else LATIN_MONO_FONT


def missing_font(lang: str | None = None) -> str | None:
    """One line saying which font is missing for ``lang``, or None."""
    lang = lang or current_language()
    if lang != "zh":
        return None
    import manimpango
    fonts = set(manimpango.list_fonts())
    lacking = [f for f in (CJK_FONT, CJK_MONO_FONT) if f not in fonts]
    if lacking:
        return (f"the Chinese lecture needs the font {lacking[0]!r}: install it with "
                f"`apt-get install {FONT_PACKAGE}` (or bash scripts/setup.sh)")
    return None


@lru_cache(maxsize=None)
def tex_has(name: str) -> bool:
    """Whether the TeX installation has the file ``name`` (e.g. ``ctex.sty``), by kpsewhich."""
    if shutil.which("kpsewhich") is None:
        return False
    proc = subprocess.run(["kpsewhich", name], capture_output=True, text=True)
    return proc.returncode == 0 and bool(proc.stdout.strip())


def missing_cjk_tex(lang: str | None = None) -> str | None:
    """One line when Chinese words in formulas cannot be typeset (xelatex and ctex), or None."""
    if (lang or current_language()) != "zh":
        return None
    if shutil.which("xelatex") is None or not tex_has("ctex.sty"):
        return ("the Chinese lecture sets words inside formulas with xelatex and ctex: install them with "
                "`apt-get install texlive-xetex texlive-lang-chinese` (or bash scripts/setup.sh --lang zh)")
    return None


def check_fonts(lang: str | None = None) -> None:
    """BadInput (one line) when the language's glyphs or its TeX cannot be drawn."""
    problem = missing_font(lang) or missing_cjk_tex(lang)
    if problem:
        raise BadInput(problem)
