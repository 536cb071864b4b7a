"""The lecture as a deck of beats, whatever it is written to (presenter page, PowerPoint, PDF).

One beat = one manim section of one scene: its video (from the sections render), its caption cues
(the scene's .srt cut at the section boundaries) and its notes (for now the beat's caption text;
the narration replaces it when the lecture is narrated). Each output format is one converter that
reads a :class:`Deck` (manim-slides' model): ``slides.py`` (HTML), and the others beside it.

>>> deck_title("2-2-2_sigmoid_mse")
'2-2-2 network · sigmoid · MSE'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backprop_core.i18n import N_, _, current_language
from backprop_core.languages import RECORDS

from .join import read_srt

LOSS_NAMES = {"mse": N_("MSE"), "bce": N_("cross-entropy"), "softmax_ce": N_("softmax + cross-entropy")}


@dataclass
class Beat:
    """One stop of the lecture: a section video with its captions and notes."""

    number: int                           # 1.. within its scene
    name: str                             # the section's name (translated), "beat N" when manim made it up
    video: Path                           # the beat's mp4 under <quality>/sections/<scene>/
    duration: float
    cues: list[tuple[float, float, str]]  # caption cues, times relative to the beat
    notes: str                            # what the lecturer says here (the cues' text, one line each)


@dataclass
class DeckScene:
    n: int                                # place in the lecture
    cls: str
    name: str                             # short title (side list, slide title)
    title: str                            # the scene's one-line description
    beats: list[Beat] = field(default_factory=list)


@dataclass
class Deck:
    title: str                            # "2-2-2 network · sigmoid · MSE", in the deck's language
    lang: str
    quality: str                          # manim's folder name: 480p15, 720p30, …
    fps: int
    scenes: list[DeckScene]

    @property
    def beats(self) -> list[tuple[DeckScene, Beat]]:
        """Every beat in lecture order, with its scene."""
        return [(s, b) for s in self.scenes for b in s.beats]


def deck_title(slug: str) -> str:
    """The lecture in words, from its folder name: ``2-2-2_sigmoid_mse`` -> "2-2-2 network · sigmoid · MSE".

    An expression lecture (``…__expr-…``) keeps the network's words; the language suffix is dropped.
    """
    network = slug.split("__", 1)[0]
    for record in RECORDS.values():
        network = network.removesuffix(record.folder_suffix)
    parts = network.split("_", 2)
    if len(parts) != 3:
        return network
    layers, activation, loss = parts
    loss_name = _(LOSS_NAMES[loss]) if loss in LOSS_NAMES else loss
    network_name = _("{layers} network").format(layers=layers)
    return f"{network_name} · {activation} · {loss_name}"


def frame_rate(quality: str) -> int:
    """Frames per second from manim's quality folder ("480p15" -> 15)."""
    digits = quality.rsplit("p", 1)[-1]
    return int(digits) if digits.isdigit() else 60


def beat_name(name: str, number: int) -> str:
    """manim calls the section before the first next_section() "autocreated": show "beat N" instead."""
    return _("beat {n}").format(n=number) if not name or name.startswith("autocreated") else name


def beats_of(result) -> list[dict]:
    """The sections that hold video (manim skips empty ones; zero-length ones show nothing)."""
    return [s for s in result.sections if s.get("video") and s["duration"] > 0]


def split_cues(cues, durations) -> list[list[tuple[float, float, str]]]:
    """A scene's subtitle cues cut at its section boundaries, times relative to each section."""
    out, start = [], 0.0
    for d in durations:
        end = start + d
        part = [(max(a, start) - start, min(b, end) - start, text) for a, b, text in cues
                if a < end and b > start and min(b, end) - max(a, start) > 1e-3]
        out.append([(round(a, 3), round(b, 3), t) for a, b, t in part])
        start = end
    return out


def notes_of(cues) -> str:
    """The beat's notes: each caption once, in order (a cue cut at a boundary appears in two beats)."""
    lines: list[str] = []
    for _a, _b, text in cues:
        if text not in lines:
            lines.append(text)
    return "\n".join(lines)


def lecture_deck(job, results) -> Deck:
    """The deck of a finished sections render (``backprop slides``): every scene's beats in order."""
    scenes = []
    for r in results:
        beats = beats_of(r)
        srt = job.out_dir / f"{r.entry.stem}.srt"
        cues = read_srt(srt.read_text(encoding="utf-8")) if srt.exists() else []
        parts = split_cues(cues, [b["duration"] for b in beats])
        scene = DeckScene(r.entry.position, r.entry.cls, r.entry.title, r.entry.description)
        for i, (beat, beat_cues) in enumerate(zip(beats, parts), 1):
            video = job.out_dir / "sections" / r.entry.stem / Path(beat["video"]).name
            scene.beats.append(Beat(i, beat_name(beat["name"], i), video, beat["duration"], beat_cues,
                                    notes_of(beat_cues)))
        scenes.append(scene)
    return Deck(deck_title(job.slug), current_language(), job.quality, frame_rate(job.quality), scenes)
