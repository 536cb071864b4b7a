"""Fonts for the screen's language: Chinese needs a CJK font, named explicitly so no frame shows tofu.

``fonts-wqy-microhei`` (Debian, ~5 MB installed, one .ttc with a proportional and a mono face)
covers every Chinese character the lecture uses; ``fonts-noto-cjk`` would be ~90 MB for the same
frames. Scenes build words with this module's :class:`Text`, which names the language's font;
``use_language_fonts()`` (called in every scene's ``setup``) turns a missing font into one line
(BadInput) before anything is drawn.
"""
from __future__ import annotations

import manim

from backprop_core.errors import BadInput
from backprop_core.i18n import current_language, subtitle

CJK_FONT = "WenQuanYi Micro Hei"
CJK_MONO_FONT = "WenQuanYi Micro Hei Mono"
LATIN_MONO_FONT = "DejaVu Sans Mono"
FONT_PACKAGE = "fonts-wqy-microhei"

__all__ = ["CJK_FONT", "Text", "check_fonts", "mono_font", "text_font", "use_language_fonts", "subtitle"]


class Text(manim.Text):
    """manim's Text in the language's font (CJK for Chinese); takes translated messages as they come."""

    def __init__(self, text: str, **kwargs):
        if not kwargs.get("font"):
            kwargs["font"] = text_font()
        super().__init__(str(text), **kwargs)


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
                f"`apt-get install {FONT_PACKAGE}` (or bash scripts/setup.sh --lang zh)")
    return None


def check_fonts(lang: str | None = None) -> None:
    problem = missing_font(lang)
    if problem:
        raise BadInput(problem)


def use_language_fonts() -> None:
    """Check the language's fonts before a scene draws anything (called in each scene's setup)."""
    check_fonts()
