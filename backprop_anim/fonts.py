"""Which font draws the words of each language, and a one-line error when it is missing (no manim import).

The fonts are the language's record (:mod:`backprop_core.languages`). ``fonts-wqy-microhei``
(Debian, 5.1 MB installed, one .ttc with a proportional and a mono face) covers every Chinese
character the lecture uses; ``fonts-noto-cjk`` would be 91 MB for the same frames. Chinese words
inside formulas (the car-price graph's node names) are set by XeLaTeX with ctex in that same font
(``texlive-xetex``, ``texlive-lang-chinese``). ``backprop render --lang zh`` calls
:func:`missing_font` and :func:`missing_cjk_tex` before any rendering; the scenes call
:func:`check_fonts` in ``setup`` (see ``backprop_anim.lang``).
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from backprop_core.errors import BadInput
from backprop_core.i18n import current_language
from backprop_core.languages import CJK_FONT, CJK_FONT_PACKAGE, CJK_MONO_FONT, LATIN_MONO_FONT, Language, language

__all__ = ["CJK_FONT", "CJK_MONO_FONT", "FONT_PACKAGE", "LATIN_MONO_FONT", "check_fonts", "missing_cjk_tex",
           "missing_font", "mono_font", "tex_has", "text_font"]
FONT_PACKAGE = CJK_FONT_PACKAGE


def _record(lang: str | None) -> Language:
    return language(lang or current_language())


def text_font(lang: str | None = None) -> str:
    """The font ``Text`` uses in ``lang`` ("" = Pango's default, enough for Latin script)."""
    return _record(lang).text_font


def mono_font(lang: str | None = None) -> str:
    return _record(lang).mono_font


def missing_font(lang: str | None = None) -> str | None:
    """One line saying which font is missing for ``lang``, or None."""
    record = _record(lang)
    if not record.required_fonts:
        return None
    import manimpango
    fonts = set(manimpango.list_fonts())
    lacking = [f for f in record.required_fonts if f not in fonts]
    if lacking:
        return (f"the {record.name} lecture needs the font {lacking[0]!r}: install it with "
                f"`apt-get install {record.font_package}` (or bash scripts/setup.sh)")
    return None


@lru_cache(maxsize=None)
def tex_has(name: str) -> bool:
    """Whether the TeX installation has the file ``name`` (e.g. ``ctex.sty``), by kpsewhich."""
    if shutil.which("kpsewhich") is None:
        return False
    proc = subprocess.run(["kpsewhich", name], capture_output=True, text=True)
    return proc.returncode == 0 and bool(proc.stdout.strip())


def missing_cjk_tex(lang: str | None = None) -> str | None:
    """One line when the language's words in formulas cannot be typeset (for Chinese: xelatex and ctex), or None."""
    record = _record(lang)
    if not record.formula_tex_files:
        return None
    if shutil.which(record.formula_engine) is None or not all(tex_has(f) for f in record.formula_tex_files):
        return (f"the {record.name} lecture sets words inside formulas with {record.formula_engine} and "
                f"{record.tex_support}: install them with `apt-get install {record.tex_packages}` "
                f"(or bash scripts/setup.sh --lang {record.code})")
    return None


def check_fonts(lang: str | None = None) -> None:
    """BadInput (one line) when the language's glyphs or its TeX cannot be drawn."""
    problem = missing_font(lang) or missing_cjk_tex(lang)
    if problem:
        raise BadInput(problem)
