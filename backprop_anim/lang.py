r"""Words on screen in the screen's language: a ``Text`` that names the language's font (CJK for Chinese).

Scenes build words with this module's :class:`Text` (translated with ``backprop_core.i18n._``) and
pass subtitles through :func:`subtitle`; ``use_language_fonts()`` (called in every scene's ``setup``)
turns a missing font into one line (BadInput) before anything is drawn. Fonts: ``backprop_anim.fonts``.

Words inside formulas (a graph whose nodes are named 单价, 总价 …) go through :class:`MathTex`:
TeX that holds the language's script (its record's ``formula_script``: Chinese) is set by the record's
engine and preamble (XeLaTeX with ctex in the on-screen CJK font); every other formula keeps manim's
LaTeX template, so the mathematics looks the same in every language.

Example::

    labels = word_labels(CAR_WORDS)          # None in English: the names stay as they are
    car = car_price(labels)
    MathTex(car.graph.node("price").label_latex)   # \text{总价} in Chinese, \mathrm{price} in English
"""
from __future__ import annotations

from functools import lru_cache

import manim
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

from backprop_core.i18n import _, current_language, subtitle
from backprop_core.languages import RECORDS, language

from .fonts import CJK_FONT, FONT_PACKAGE, check_fonts, missing_font, mono_font, text_font
from .mobjects.layout import USABLE_WIDTH, fit_into

__all__ = ["CJK_FONT", "FONT_PACKAGE", "MathTex", "Text", "check_fonts", "cjk_tex_template", "light", "missing_font",
           "mono_font", "text_font", "use_language_fonts", "subtitle", "word_labels"]

def light(mobject):
    """``mobject`` without the parsed SVG outlines its glyphs keep after drawing (their points stay):
    every copy manim makes (each Transform, FadeIn, ``.animate``) deep-copies them, and they cost ten
    times the glyphs themselves: 58 ms against 6 ms per copy of a one-line formula."""
    for sub in mobject.get_family():
        if isinstance(sub, VMobjectFromSVGPath):
            sub.path_obj = None
    return mobject


class Text(manim.Text):
    """manim's Text in the language's font (CJK for Chinese); takes translated messages as they come.

    A line is never wider than ``max_width`` (default: the frame's usable width): a longer
    translation shrinks to it, as :func:`~backprop_anim.mobjects.layout.fit_into` fits (English and
    Chinese lines are narrower and keep the size the scene chose; ``None`` turns it off).
    """

    def __init__(self, text: str, max_width: float | None = USABLE_WIDTH, **kwargs):
        if not kwargs.get("font"):
            kwargs["font"] = text_font()
        super().__init__(str(text), **kwargs)
        light(self)
        if max_width is not None:
            fit_into(self, width=max_width)


@lru_cache(maxsize=None)
def formula_template(lang: str) -> manim.TexTemplate:
    """manim's TeX template, compiled by the language's formula engine with its preamble (Chinese:
    XeLaTeX with ctex and the CJK font of the Text on screen)."""
    record = language(lang)
    template = manim.config.tex_template.copy()
    template.tex_compiler, template.output_format = record.formula_engine, ".xdv"
    template.add_to_preamble(record.formula_preamble)
    return template


def cjk_tex_template() -> manim.TexTemplate:
    """The template of the first CJK language (:func:`formula_template`), by its old name."""
    return formula_template(next(code for code, r in RECORDS.items() if r.cjk))


class MathTex(manim.MathTex):
    """manim's MathTex; a formula holding a language's script (Chinese words) is set with that language's
    :func:`formula_template`, whatever the screen's language."""

    def __init__(self, *tex_strings, **kwargs):
        if "tex_template" not in kwargs:
            script = next((r for r in RECORDS.values() if any(r.needs_formula_template(str(t)) for t in tex_strings)),
                          None)
            if script is not None:
                kwargs["tex_template"] = formula_template(script.code)
        super().__init__(*tex_strings, **kwargs)
        light(self)


def word_labels(words: dict[str, str]) -> dict[str, str] | None:
    """Node name -> ``\\text{word}`` in the current language, for ``build_graph(labels=...)``;
    None in the source language (English), where the names themselves are the words."""
    if language(current_language()).source:
        return None
    return {name: rf"\text{{{_(word)}}}" for name, word in words.items()}


def use_language_fonts() -> None:
    """Check the language's fonts before a scene draws anything (called in each scene's setup)."""
    check_fonts()
