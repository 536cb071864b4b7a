"""The language of every word a person reads: screens, subtitles, chapters, handout, CLI listings.

One gettext catalogue per language under ``backprop_core/locale/<lang>/LC_MESSAGES/backprop.mo``
(English is the source language, so it needs none). The language comes from ``BACKPROP_LANG``
(or ``"lang"`` in the ``BACKPROP_CONFIG`` JSON file); ``backprop ... --lang`` sets that variable.
Mathematics never goes through here: it stays in MathTex and is the same in every language.

>>> import os; os.environ["BACKPROP_LANG"] = "en"
>>> _("Sum over paths")
'Sum over paths'
"""
from __future__ import annotations

import gettext
import json
import os
from functools import lru_cache
from pathlib import Path

from .errors import BadInput

DOMAIN = "backprop"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")
DEFAULT = "en"


def current_language() -> str:
    """``BACKPROP_LANG``, else ``"lang"`` of the BACKPROP_CONFIG file, else English."""
    lang = os.environ.get("BACKPROP_LANG")
    if not lang and os.environ.get("BACKPROP_CONFIG"):
        try:
            with open(os.environ["BACKPROP_CONFIG"], encoding="utf-8") as fh:
                data = json.load(fh)
            lang = data.get("lang") if isinstance(data, dict) else None
        except (OSError, ValueError):
            lang = None             # backprop_anim.config reports an unreadable file in one line
    lang = (lang or DEFAULT).strip().lower()
    if lang not in LANGUAGES:
        raise BadInput(f"language {lang!r} is not available; choose one of {', '.join(LANGUAGES)}")
    return lang


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English: the identity)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str) -> str:
    """``message`` in the current language (read at call time, so tests can switch languages)."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the current language."""
    return translations(current_language()).ngettext(singular, plural, n)
