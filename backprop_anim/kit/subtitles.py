"""A ``say`` as subtitle cues: the core's broadcast rules (:mod:`backprop_core.captions`) on the
words the screen shows, over the time the narration holds the floor.

With ``--subtitles both`` a cue holds two languages whose lines do not split alike, so each ``say``
stays one cue (Chinese above English) over its whole span; the rules are for one language a cue.

>>> from backprop_core import settings
>>> _ = settings.use(settings.LectureSettings())
>>> [(s, round(n, 2), w) for s, n, w in caption_cues("Forward pass.", "en", 2.0, 3.0)]
[(2.0, 3.0, 'Forward pass.')]
"""
from __future__ import annotations

from backprop_core import settings
from backprop_core.captions import cues
from backprop_core.i18n import subtitle


def caption_cues(text: str, lang: str, start: float, span: float) -> list[tuple[float, float, str]]:
    """(start, length, text) of each cue of ``text`` spoken from ``start`` for ``span`` seconds."""
    if settings.current().subtitles == "both":
        return [(start, span, subtitle(text))]
    return [(c.start, c.end - c.start, c.text) for c in cues(str(text), lang, start, span)]
