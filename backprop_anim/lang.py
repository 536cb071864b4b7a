"""Words on screen in the screen's language: a ``Text`` that names the language's font (CJK for Chinese).

Scenes build words with this module's :class:`Text` (translated with ``backprop_core.i18n._``) and
pass subtitles through :func:`subtitle`; ``use_language_fonts()`` (called in every scene's ``setup``)
turns a missing font into one line (BadInput) before anything is drawn. Fonts: ``backprop_anim.fonts``.
"""
from __future__ import annotations

import manim

from backprop_core.i18n import subtitle

from .fonts import CJK_FONT, FONT_PACKAGE, check_fonts, missing_font, mono_font, text_font

__all__ = ["CJK_FONT", "FONT_PACKAGE", "Text", "check_fonts", "missing_font", "mono_font", "text_font",
           "use_language_fonts", "subtitle"]


class Text(manim.Text):
    """manim's Text in the language's font (CJK for Chinese); takes translated messages as they come."""

    def __init__(self, text: str, **kwargs):
        if not kwargs.get("font"):
            kwargs["font"] = text_font()
        super().__init__(str(text), **kwargs)


def use_language_fonts() -> None:
    """Check the language's fonts before a scene draws anything (called in each scene's setup)."""
    check_fonts()
