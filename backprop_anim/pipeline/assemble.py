"""The full lecture as one file set: lecture.mp4 (with mp4 chapters), lecture.srt, lecture.chapters.txt.

Skipped when the scene files it was joined from are unchanged (same names and SHA-256 as the stamp)
and the joined files still hold the recorded SHA-256. Two runs joining one lecture take turns (a lock).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .join import Chapter, chapter_list, concat_videos, merge_srt, video_info
from .cache import FileLock, atomic_write_text, digest, matches


def _chapters(results, offsets, durations) -> list[Chapter]:
    chapters = []
    for r, start, length in zip(results, offsets, durations):
        sections = [s for s in r.sections if s["duration"] > 0]
        named = [s for s in sections if s["name"] and not s["name"].startswith("autocreated")]
        if len(sections) > 1 and named:
            t = start
            for s in sections:
                chapters.append(Chapter(t, t + s["duration"], f"{r.entry.description} — {s['name']}"))
                t += s["duration"]
        else:
            chapters.append(Chapter(start, start + length, r.entry.description))
    return chapters


def assemble_lecture(job, results) -> list[tuple[Path, float | None]]:
    """Join the scene videos of a complete mp4 run; returns [(file, duration or None)]."""
    with FileLock(job.cache / "locks" / job.slug / f"lecture-{job.quality}.lock"):
        return _assemble(job, results)


def _assemble(job, results) -> list[tuple[Path, float | None]]:
    videos = [next(p for p in r.outputs if p.suffix == ".mp4") for r in results]
    out = job.out_dir
    names = ("lecture.mp4", "lecture.srt", "lecture.chapters.txt")
    key = hashlib.sha256(json.dumps([[p.name, digest(p), r.entry.description, r.sections]
                                     for p, r in zip(videos, results)]).encode()).hexdigest()
    stamp = job.cache / "stamps" / job.slug / job.quality / "lecture.json"
    try:
        previous = json.loads(stamp.read_text())
    except (OSError, ValueError):
        previous = {}
    hashes = previous.get("sha256") if isinstance(previous, dict) else None
    if (isinstance(hashes, list) and len(hashes) == len(names) and previous.get("key") == key
            and all(matches(out / n, h) for n, h in zip(names, hashes))):
        return [(out / "lecture.mp4", previous.get("duration")), (out / names[1], None), (out / names[2], None)]

    durations = [video_info(v)[0] for v in videos]
    offsets, t = [], 0.0
    for d in durations:
        offsets.append(t)
        t += d
    chapters = _chapters(results, offsets, durations)
    real_offsets = concat_videos(videos, out / "lecture.mp4", chapters)
    srts = [(off, v.with_suffix(".srt") if v.with_suffix(".srt").exists() else None)
            for off, v in zip(real_offsets, videos)]
    atomic_write_text(out / "lecture.srt", merge_srt(srts))
    atomic_write_text(out / "lecture.chapters.txt", chapter_list(chapters))
    duration = video_info(out / "lecture.mp4")[0]
    stamp.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(stamp, json.dumps({"key": key, "duration": duration,
                                         "sha256": [digest(out / n) for n in names]}))
    return [(out / "lecture.mp4", duration), (out / names[1], None), (out / names[2], None)]
