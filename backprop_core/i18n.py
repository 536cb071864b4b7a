"""The language of every word a person reads: screens, subtitles, chapters, handout, CLI listings.

One gettext catalogue per language under ``backprop_core/locale/<lang>/LC_MESSAGES/backprop.mo``
(English is the source language, so it needs none; the reviewed ``backprop.po`` sits next to it
and ``scripts/i18n.sh`` extracts and compiles with Babel); what else a language needs (fonts, TeX,
limits) is its record in :mod:`backprop_core.languages`. The language is the process's
:class:`~backprop_core.settings.LectureSettings` ``lang``, read once (``backprop ... --lang`` sets
it; ``BACKPROP_LANG`` or ``"lang"`` in the ``BACKPROP_CONFIG`` file carry it to manim). The
pseudo-locale ``pseudo`` has no catalogue: its words are made from the English msgid
(:mod:`backprop_core.pseudo`). Mathematics never goes through here: it stays in MathTex and is
the same in every language.

Messages are plain ``str`` that also remember their English source and format arguments
(:class:`Message`), so a subtitle can be written in both languages (``--subtitles both``).
Module-level constants are marked with :func:`N_` and translated where they are shown.

>>> from backprop_core import settings; english = settings.use(lang="en")
>>> _("Sum over paths")
'Sum over paths'
>>> translate("Sum over paths", "pseudo")
'[Súmm óvérr pátthss]'
>>> settings.reset()
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from . import settings
from .errors import BadInput
from .languages import BOTH, LISTED, SOURCE, language
from .pseudo import pseudo

DOMAIN = "backprop"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = LISTED          # what --lang offers (the pseudo-locale is accepted but not listed)
DEFAULT = SOURCE
# Messages asked for in a language whose catalogue lacks them (tests fail on any).
MISSING: set[str] = set()


def current_language() -> str:
    """The process's language (:func:`backprop_core.settings.current`: ``BACKPROP_LANG``, else
    ``"lang"`` of the BACKPROP_CONFIG file, else English), read once."""
    return settings.current().lang


def check_language(lang: str) -> str:
    """``lang`` as a known code; an unknown one is one BadInput line."""
    return language(lang).code


class PseudoTranslations(gettext.NullTranslations):
    """The pseudo-locale's "catalogue": every message made longer and accented from its msgid."""

    def gettext(self, message):
        return pseudo(message)


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (the source language: the identity; a generated one: made from the msgid)."""
    record = language(lang)
    if record.source:
        return gettext.NullTranslations()
    if record.generated:
        return PseudoTranslations()
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
    if language(lang).has_catalogue and text == message and any(c.isalpha() for c in message):
        MISSING.add(message)
    return text


def _(message: str) -> Message:
    """``message`` in the process's language (:func:`current_language`)."""
    out = Message(translate(message, current_language()))
    out.msgid = message
    return out


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; ``_(constant)`` translates it where it is shown."""
    return message


def bilingual(text: str) -> str:
    """The two languages of :data:`~backprop_core.languages.BOTH` (Chinese above English), for
    ``--subtitles both`` (plain text stays as it is)."""
    if not isinstance(text, Message):
        return text
    top, bottom = (text.in_language(lang) for lang in BOTH)
    return top if top == bottom else f"{top}\n{bottom}"


def subtitle(text: str) -> str:
    """A subtitle as the settings' ``subtitles`` ask: the screen's language (default) or ``both``."""
    return bilingual(text) if settings.current().subtitles == "both" else str(text)
