"""The presenter: renders/<slug>/slides/ = index.html + one video and one WebVTT file per beat.

Why a folder of plain files: lecture halls are often offline, so the page opens from file://
with no server, no CDN and no external fonts or scripts. The beat list is embedded in
index.html (browsers refuse fetch() on file://), and so are the caption cues: Chromium blocks
<track src> loads from file:// pages, so the page builds the text track itself from the same
cues the .vtt files hold (those are there for other players).

Only the page is built here; the videos come from the render cache (manim's --save_sections),
so changing the page never re-renders a scene.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
from importlib.resources import files
from pathlib import Path

from .join import read_srt
from .render import _link_or_copy

TEMPLATE = files(__package__) / "presenter"
ASSETS = ("presenter.css", "presenter.js")


def vtt_time(t: float) -> str:
    ms = round(max(t, 0.0) * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def webvtt(cues: list[tuple[float, float, str]]) -> str:
    """A WebVTT file; '-->' cannot appear in a cue, so it is spelled with a space."""
    blocks = [f"{vtt_time(a)} --> {vtt_time(b)}\n{text.replace('-->', '-- >')}" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n" if blocks else "")


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


def short_name(cls: str) -> str:
    """The side list's scene name: ``FinalLayerPaths`` -> ``Final layer paths`` (the docstring is the tooltip)."""
    words = re.findall(r"[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z0-9]+", cls) or [cls]
    return " ".join([words[0]] + [w if w.isupper() else w.lower() for w in words[1:]])


def beat_name(name: str, number: int) -> str:
    """manim calls the section before the first next_section() "autocreated": show "beat N" instead."""
    return f"beat {number}" if not name or name.startswith("autocreated") else name


def beats_of(result) -> list[dict]:
    """The sections that hold video (manim skips empty ones; zero-length ones show nothing)."""
    return [s for s in result.sections if s.get("video") and s["duration"] > 0]


def build_slides(job, results, handout: Path | None) -> Path:
    """Write job.lecture_dir/slides/ from a finished sections render; returns index.html.

    Built in a temp folder next to it and swapped in, so a failed build leaves the old deck.
    """
    dest = job.lecture_dir / "slides"
    tmp = job.lecture_dir / f".slides.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "videos").mkdir(parents=True)
    (tmp / "captions").mkdir()
    scenes = []
    try:
        for r in results:
            beats = beats_of(r)
            srt = job.out_dir / f"{r.entry.stem}.srt"
            cues = read_srt(srt.read_text(encoding="utf-8")) if srt.exists() else []
            parts = split_cues(cues, [b["duration"] for b in beats])
            scene = {"n": r.entry.position, "cls": r.entry.cls, "name": short_name(r.entry.cls),
                     "title": r.entry.description, "beats": []}
            for i, (beat, beat_cues) in enumerate(zip(beats, parts), 1):
                name = f"{r.entry.stem}_{i:02d}"
                _link_or_copy(job.out_dir / "sections" / r.entry.stem / Path(beat["video"]).name,
                              tmp / "videos" / f"{name}.mp4")
                (tmp / "captions" / f"{name}.vtt").write_text(webvtt(beat_cues), encoding="utf-8")
                scene["beats"].append({"name": beat_name(beat["name"], i), "video": f"videos/{name}.mp4",
                                       "captions": f"captions/{name}.vtt", "duration": beat["duration"],
                                       "cues": beat_cues})
            scenes.append(scene)
        deck = {"title": f"Backpropagation — {job.slug}", "quality": job.quality,
                "handout": os.path.relpath(handout, dest) if handout else None, "scenes": scenes}
        for asset in ASSETS:
            (tmp / asset).write_bytes((TEMPLATE / asset).read_bytes())
        (tmp / "index.html").write_text(page(deck), encoding="utf-8")
        old = job.lecture_dir / f".slides.old{os.getpid()}"
        if dest.exists():
            os.replace(dest, old)
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest / "index.html"


def page(deck: dict) -> str:
    """index.html: the template with the deck as inline JSON ('<' escaped so no text ends the script)."""
    data = json.dumps(deck, ensure_ascii=False).replace("<", "\\u003c")
    template = (TEMPLATE / "index.html").read_text(encoding="utf-8")
    return (template.replace("{{TITLE}}", html.escape(deck["title"]))
            .replace("{{QUALITY}}", html.escape(deck["quality"]))
            .replace("{{DECK}}", data))
