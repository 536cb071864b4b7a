r"""What the lecture needs to know about each language, in one record per language.

Every place that once asked ``lang == "zh"`` asks the record instead (fonts, TeX engine and
preamble, caption limits, the decks' fonts and language tags), so adding a language is a message
catalogue (``backprop_core/locale/<code>/LC_MESSAGES/backprop.po``, made by ``bash scripts/i18n.sh``)
plus one :class:`Language` in :data:`RECORDS`. Data only: no manim, no TeX run, no font lookup.

``pseudo`` is the pseudo-locale (Microsoft's qps-ploc convention): English made longer and
accented at run time by :mod:`backprop_core.pseudo`, so layout checks see how every scene copes
with a longer translation. It is accepted by ``--lang`` but not listed (:data:`LISTED`).

>>> language("zh").caption_chars, language("en").caption_chars
(16, 42)
>>> language("zh").handout_engine, language("pseudo").text_font
('xelatex', '')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import BadInput

CJK_FONT = "WenQuanYi Micro Hei"
CJK_MONO_FONT = "WenQuanYi Micro Hei Mono"
LATIN_FONT = "DejaVu Sans"            # the PDF deck's Latin face (Pango's default for the screens)
LATIN_MONO_FONT = "DejaVu Sans Mono"
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
# Chinese characters, CJK punctuation and full-width forms: a formula holding one needs ctex
CJK_CHARACTERS = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


@dataclass(frozen=True)
class Language:
    """One language of the lecture: its words' fonts, TeX, limits and tags.

    >>> Language("fr", "French", "fr-FR").folder_suffix
    '-fr'
    """

    code: str                          # --lang value, catalogue folder, renders/<slug>-<code>/
    name: str                          # in English, for error messages ("the Chinese lecture needs ...")
    pptx_tag: str                      # the language PowerPoint marks every run with
    text_font: str = ""                # Text on screen ("" = Pango's default, Latin)
    mono_font: str = LATIN_MONO_FONT   # the gradient table's digits
    font_package: str = ""             # the apt package of the fonts below
    required_fonts: tuple[str, ...] = ()     # fonts that must be installed before a frame is drawn
    cjk: bool = False                  # lines break between any two characters; East Asian font runs
    # words inside formulas (MathTex): a TeX that holds `formula_script` is set by `formula_engine`
    # with `formula_preamble`; every other formula keeps manim's template (same maths in every language)
    formula_script: str | None = None
    formula_engine: str = "latex"
    formula_preamble: str = ""
    formula_tex_files: tuple[str, ...] = ()
    # the handout: engine, document class, whether T1 fontenc is loaded, files the class needs
    handout_engine: str = "pdflatex"
    handout_class: str = "article"
    handout_fontenc: bool = True
    handout_tex_files: tuple[str, ...] = ()
    tex_packages: str = "texlive-latex-base texlive-latex-extra"    # apt packages of that TeX
    tex_support: str = ""              # the TeX package named in messages ("ctex")
    caption_chars: int = 42            # most characters on one subtitle line
    reading_cps: int = 17              # most characters a viewer reads per second
    decimal_mark: str = "."            # numbers in prose (formulas keep the TeX's own)
    deck_fonts: tuple[str, str] = (LATIN_FONT, CJK_FONT)      # PDF deck: first choice, then fallback
    pptx_alt_tag: str | None = None    # PowerPoint's altLang of every run (Latin words in a CJK deck)
    spoken: str = "en"                 # the spoken language (ISO 639-3 for Mandarin: "cmn"), for the voices
    espeak_voice: str = "en-us"        # espeak-ng's voice, the fallback every language must have
    espeak_wpm: int = 160              # its pace: about the neural voices' (~3 words, ~4 syllables a second)
    source: bool = False               # the catalogue's source language: msgids are its words
    generated: bool = False            # words made at run time from the source (no catalogue)

    @property
    def folder_suffix(self) -> str:
        """renders/<slug>/ for the source language, renders/<slug>-<code>/ for every other."""
        return "" if self.source else f"-{self.code}"

    @property
    def has_catalogue(self) -> bool:
        return not (self.source or self.generated)

    def needs_formula_template(self, tex: str) -> bool:
        """Whether a formula's TeX holds this language's script (words inside maths)."""
        return bool(self.formula_script and re.search(self.formula_script, tex))


RECORDS: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", "English", "en-US", source=True),
    Language("zh", "Chinese", "zh-CN", text_font=CJK_FONT, mono_font=CJK_MONO_FONT, font_package=CJK_FONT_PACKAGE,
             required_fonts=(CJK_FONT, CJK_MONO_FONT), cjk=True, formula_script=CJK_CHARACTERS,
             formula_engine="xelatex",
             formula_preamble=rf"\usepackage[UTF8,fontset=none]{{ctex}}" "\n" rf"\setCJKmainfont{{{CJK_FONT}}}",
             formula_tex_files=("ctex.sty",), handout_engine="xelatex", handout_class="ctexart",
             handout_fontenc=False, handout_tex_files=("ctexart.cls",),
             tex_packages="texlive-xetex texlive-lang-chinese", tex_support="ctex",
             caption_chars=16, reading_cps=9, deck_fonts=(CJK_FONT, LATIN_FONT), pptx_alt_tag="en-US",
             spoken="cmn", espeak_voice="cmn-latn-pinyin", espeak_wpm=190),
    Language("pseudo", "pseudo-locale", "qps-ploc", generated=True),
)}
SOURCE = next(code for code, lang in RECORDS.items() if lang.source)
LISTED = tuple(code for code, lang in RECORDS.items() if not lang.generated)    # what --help offers
# --subtitles both: these two languages' lines, top first
BOTH = ("zh", "en")


def language(code: str) -> Language:
    """The record of ``code`` (case and spaces ignored); an unknown code is one BadInput line."""
    key = str(code).strip().lower()
    if key not in RECORDS:
        raise BadInput(f"language {key[:20]!r} is not available; choose one of {', '.join(LISTED)}")
    return RECORDS[key]
