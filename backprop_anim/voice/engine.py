"""What every text-to-speech engine offers the voice layer: a name for ``--voice``, the languages it
speaks, whether it is installed, an id that changes whenever its output could, and the samples.

An engine is only ever asked through :func:`backprop_anim.voice.synthesize`, which caches: so an
engine need not be fast to load, only deterministic (same text, same samples) and offline.

>>> class Beep(Engine):
...     name, languages = "beep", ("en",)
...     def version(self): return "1"
...     def speak(self, text, language): return silence(0.1)
>>> Beep().voice_id("en"), Beep().installed()
('beep-1/en', True)
"""
from __future__ import annotations

from importlib import metadata

import numpy as np

from .wav import silence  # noqa: F401  (engines build pauses with it)


class Engine:
    """One offline text-to-speech engine. Subclasses set ``name`` and ``languages`` and define
    :meth:`version` (what the cache key must change with) and :meth:`speak`."""

    name: str = ""
    languages: tuple[str, ...] = ()

    def installed(self) -> bool:
        """True when everything the engine needs is on this machine (nothing is fetched later)."""
        return True

    def version(self) -> str:
        raise NotImplementedError

    def voice_id(self, language: str) -> str:
        """Engine, model and versions: the second half of every cache key."""
        return f"{self.name}-{self.version()}/{language}"

    def speak(self, text: str, language: str) -> np.ndarray:
        """Mono samples at :data:`.wav.RATE` (int16, or floats in [-1, 1])."""
        raise NotImplementedError


def dist_version(name: str) -> str | None:
    """An installed distribution's version, None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
