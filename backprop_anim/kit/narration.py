"""The picture waits for the voice: how long each ``say`` holds the floor, and each beat's hold.

The model is manim-voiceover's (a tracker per spoken line: its start on the scene's clock and its
length; the next line or the end of the block waits for what remains), offline and per beat:

* a ``say`` is spoken by the lecture's voice (``LectureSettings.voice``): its clip's length, or,
  with ``--voice none``, its reading time; either way at least the time its captions need to be
  read (:func:`backprop_core.captions.least_time`), so the subtitles never outrun the viewer;
* the next ``say`` and the end of the beat wait until that time has passed;
* a beat ends on its finished picture held :data:`HOLD` s after both its narration and its last
  animation (:data:`KEY_HOLD` s when the beat ends on a key result a lecturer pauses on);
* a folder of recorded clips (``--voice DIR``) has one clip per beat, started with its first
  ``say``; the beat's end waits for it too.

This module keeps the clock's book (no manim here); :class:`~backprop_anim.kit.scene.LectureScene`
does the waiting, the sound and the subtitles.

>>> n = Narrator("Hello", "en", "none")
>>> line = n.speak("Backprop reuses every delta.", at=0.0, beat_id="Hello/1")
>>> line.clip is None, round(line.span, 2), n.free_at == line.span
(True, 1.65, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backprop_core.captions import least_time
from backprop_core.languages import LISTED

HOLD = 2.0        # seconds the finished picture stays after the narration (and the last animation)
KEY_HOLD = 6.0    # ... when the beat ends on a result a lecturer pauses on


@dataclass
class Line:
    """One ``say``: its words, when it starts, its clip (None: silent) and how long it holds the floor."""

    beat_id: str
    text: str
    start: float
    clip: Path | None
    spoken: float | None      # seconds of audio, None when silent
    span: float               # max(spoken, the captions' least reading time)


@dataclass
class BeatTime:
    """One beat on the scene's clock, for the narration script and the tests."""

    beat_id: str
    name: str
    start: float
    end: float = 0.0
    waited: float = 0.0       # seconds the kit added for the voice and the hold
    key: bool = False
    clip_end: float = 0.0     # a recorded beat's clip ends here
    lines: list[Line] = field(default_factory=list)

    @property
    def picture(self) -> float:
        """Seconds the animations need on their own: what a recorded clip may fill without
        making the beat longer."""
        return round(self.end - self.start - self.waited, 3)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


class Narrator:
    """The narration of one scene: the voice (resolved once), the lines spoken, the beats timed."""

    def __init__(self, scene: str, lang: str, voice: str):
        from ..voice import RecordedVoice, resolve
        self.scene, self.lang = scene, lang
        # the pseudo-locale has no voice of its own: it is paced for reading, like --voice none
        self.voice = resolve(voice, lang) if lang in LISTED else None
        self.voice_name = voice
        self.recorded = isinstance(self.voice, RecordedVoice)
        self.free_at = 0.0            # when the narration spoken so far has ended
        self.beats: list[BeatTime] = []

    def begin_beat(self, name: str, at: float) -> BeatTime:
        beat = BeatTime(f"{self.scene}/{len(self.beats) + 1}", name, at)
        self.beats.append(beat)
        return beat

    @property
    def beat(self) -> BeatTime:
        if not self.beats:                        # a say before any beat: the scene's first beat
            self.begin_beat("", 0.0)
        return self.beats[-1]

    def speak(self, text: str, at: float, beat_id: str | None = None) -> Line:
        """The line ``text`` starting at ``at``: its clip and span; the floor is taken until it ends.
        A recorded beat's clip comes with its first line and may run under the lines after it."""
        from ..voice import clip, duration
        beat = self.beat
        beat_id = beat_id or beat.beat_id
        at = max(at, self.free_at)        # less than a frame early: start when the last line ends
        least = least_time(text, self.lang)
        if self.recorded:
            path = self.voice.clip(beat_id) if not beat.lines else None
        else:
            path = clip(text, self.lang, self.voice_name, beat_id) if self.voice is not None else None
        spoken = duration(path) if path else None
        span = least if self.recorded else max(spoken or 0.0, least)
        line = Line(beat_id, str(text), at, path, spoken, span)
        beat.lines.append(line)
        if self.recorded and path:
            beat.clip_end = at + spoken
        self.free_at = at + span
        return line

    def beat_end(self, last_change: float) -> float:
        """When the current beat may end: its narration (a recorded clip included) and its last
        animation, each followed by the hold."""
        beat = self.beat
        return max(self.free_at, beat.clip_end, last_change) + (KEY_HOLD if beat.key else HOLD)
