"""The language of every word a person reads: screens, subtitles, chapters, handout, CLI listings.

One gettext catalogue per language under ``backprop_core/locale/<lang>/LC_MESSAGES/backprop.mo``
(English is the source language, so it needs none; the reviewed ``backprop.po`` sits next to it
and ``scripts/i18n.sh`` extracts and compiles with Babel). The language comes from
``BACKPROP_LANG`` (or ``"lang"`` in the ``BACKPROP_CONFIG`` JSON file); ``backprop ... --lang``
sets that variable. Mathematics never goes through here: it stays in MathTex and is the same in
every language.

Messages are plain ``str`` that also remember their English source and format arguments
(:class:`Message`), so a subtitle can be written in both languages (``--subtitles both``).
Module-level constants are marked with :func:`N_` and translated where they are shown.

>>> import os; os.environ["BACKPROP_LANG"] = "en"
>>> _("Sum over paths")
'Sum over paths'
"""
from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

from .errors import BadInput
from .jsonfile import read_config

DOMAIN = "backprop"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")
DEFAULT = "en"
# Messages asked for in a language whose catalogue lacks them (tests fail on any).
MISSING: set[str] = set()


def current_language() -> str:
    """``BACKPROP_LANG``, else ``"lang"`` of the BACKPROP_CONFIG file, else English."""
    lang = os.environ.get("BACKPROP_LANG")
    if not lang and os.environ.get("BACKPROP_CONFIG"):
        # a file that cannot be read is one BadInput line, not a silent fall-back to English
        lang = read_config(os.environ["BACKPROP_CONFIG"]).get("lang")
    return check_language(lang or DEFAULT)


def check_language(lang: str) -> str:
    lang = str(lang).strip().lower()
    if lang not in LANGUAGES:
        raise BadInput(f"language {lang[:20]!r} is not available; choose one of {', '.join(LANGUAGES)}")
    return lang


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English: the identity)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except OSError:
        raise BadInput(f"no {lang} message catalogue in {LOCALE_DIR} (run bash scripts/i18n.sh)") from None


class Message(str):
    """A translated string that remembers its msgid and format arguments (to re-say it in another language)."""

    msgid: str
    args: tuple = ()
    kwargs: dict = {}

    def format(self, *args, **kwargs) -> "Message":
        out = Message(str.format(self, *args, **kwargs))
        out.msgid, out.args, out.kwargs = self.msgid, args, kwargs
        return out

    def __reduce__(self):       # pickles (manim copies mobjects) as the plain text
        return (str, (str(self),))

    def in_language(self, lang: str) -> str:
        text = translate(self.msgid, lang)
        return text.format(*self.args, **self.kwargs) if (self.args or self.kwargs) else text


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang``; a message the catalogue lacks is recorded in MISSING."""
    text = translations(lang).gettext(message)
    if lang != DEFAULT and text == message and any(c.isalpha() for c in message):
        MISSING.add(message)
    return text


def _(message: str) -> Message:
    """``message`` in the current language (read at call time, so tests can switch languages)."""
    out = Message(translate(message, current_language()))
    out.msgid = message
    return out


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; ``_(constant)`` translates it where it is shown."""
    return message


def bilingual(text: str) -> str:
    """Chinese line above the English one, for ``--subtitles both`` (plain text stays as it is)."""
    if not isinstance(text, Message):
        return text
    zh, en = text.in_language("zh"), text.in_language("en")
    return zh if zh == en else f"{zh}\n{en}"


def subtitle(text: str) -> str:
    """A subtitle as ``BACKPROP_SUBTITLES`` asks: the screen's language (default) or ``both``."""
    return bilingual(text) if os.environ.get("BACKPROP_SUBTITLES", "").lower() == "both" else str(text)
