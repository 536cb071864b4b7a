r"""Words on screen in the screen's language: a ``Text`` that names the language's font (CJK for Chinese).

Scenes build words with this module's :class:`Text` (translated with ``backprop_core.i18n._``) and
pass subtitles through :func:`subtitle`; ``use_language_fonts()`` (called in every scene's ``setup``)
turns a missing font into one line (BadInput) before anything is drawn. Fonts: ``backprop_anim.fonts``.

Words inside formulas (a graph whose nodes are named 单价, 总价 …) go through :class:`MathTex`:
TeX that holds Chinese is set by XeLaTeX with ctex in the on-screen CJK font; every other formula
keeps manim's LaTeX template, so the mathematics looks the same in both languages.

Example::

    labels = word_labels(CAR_WORDS)          # None in English: the names stay as they are
    car = car_price(labels)
    MathTex(car.graph.node("price").label_latex)   # \text{总价} in Chinese, \mathrm{price} in English
"""
from __future__ import annotations

import re
from functools import lru_cache

import manim

from backprop_core.i18n import _, current_language, subtitle

from .fonts import CJK_FONT, FONT_PACKAGE, check_fonts, missing_font, mono_font, text_font

__all__ = ["CJK_FONT", "FONT_PACKAGE", "MathTex", "Text", "check_fonts", "cjk_tex_template", "missing_font",
           "mono_font", "text_font", "use_language_fonts", "subtitle", "word_labels"]

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class Text(manim.Text):
    """manim's Text in the language's font (CJK for Chinese); takes translated messages as they come."""

    def __init__(self, text: str, **kwargs):
        if not kwargs.get("font"):
            kwargs["font"] = text_font()
        super().__init__(str(text), **kwargs)


@lru_cache(maxsize=None)
def cjk_tex_template() -> manim.TexTemplate:
    """manim's TeX template, compiled by XeLaTeX with ctex and the CJK font of the Text on screen."""
    template = manim.config.tex_template.copy()
    template.tex_compiler, template.output_format = "xelatex", ".xdv"
    template.add_to_preamble(rf"\usepackage[UTF8,fontset=none]{{ctex}}" "\n" rf"\setCJKmainfont{{{CJK_FONT}}}")
    return template


class MathTex(manim.MathTex):
    """manim's MathTex; a formula holding Chinese words is set with :func:`cjk_tex_template`."""

    def __init__(self, *tex_strings, **kwargs):
        if "tex_template" not in kwargs and any(CJK.search(str(t)) for t in tex_strings):
            kwargs["tex_template"] = cjk_tex_template()
        super().__init__(*tex_strings, **kwargs)


def word_labels(words: dict[str, str]) -> dict[str, str] | None:
    """Node name -> ``\\text{word}`` in the current language, for ``build_graph(labels=...)``;
    None in English, where the names themselves are the words."""
    if current_language() == "en":
        return None
    return {name: rf"\text{{{_(word)}}}" for name, word in words.items()}


def use_language_fonts() -> None:
    """Check the language's fonts before a scene draws anything (called in each scene's setup)."""
    check_fonts()
