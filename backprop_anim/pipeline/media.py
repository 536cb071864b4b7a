"""What manim leaves in a scene's media folder: its outputs, beats and logs, read and moved."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from .lecture import SceneEntry

def produced_files(media: Path, entry: SceneEntry, fmt: str) -> list[Path]:
    """What manim wrote for this scene: the video/gif/png and the subtitles next to it."""
    if fmt == "png":
        return sorted((media / "images").glob(f"*/{entry.stem}.png"))
    found = []
    for ext in (fmt, "srt"):
        found += sorted((media / "videos").glob(f"*/*/{entry.stem}.{ext}"))
    return found


def read_sections(media: Path, entry: SceneEntry) -> list[dict]:
    """manim's section list (name, duration) for chapters; empty when there is none."""
    for path in (media / "videos").glob(f"*/*/sections/{entry.stem}.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return []
        return [{"name": s.get("name", ""), "video": s.get("video", ""),
                 "duration": float(s.get("duration") or 0.0)} for s in data]
    return []


def section_files(media: Path, entry: SceneEntry) -> list[Path]:
    """manim's beat videos and section list of this scene in its media cache."""
    found = []
    for src_dir in (media / "videos").glob("*/*/sections"):
        found += sorted(src_dir.glob(f"{entry.stem}_*.mp4")) + sorted(src_dir.glob(f"{entry.stem}.json"))
    return found


def publish_sections(media: Path, entry: SceneEntry, dest: Path) -> list[Path]:
    """Move a scene's section videos into dest, dropping the previous render's (fewer beats now)."""
    for old in dest.glob(f"{entry.stem}_*.mp4"):
        old.unlink()
    out = []
    for src_dir in (media / "videos").glob("*/*/sections"):
        files = sorted(src_dir.glob(f"{entry.stem}_*.mp4"))
        if files:
            dest.mkdir(parents=True, exist_ok=True)
        for src in files:
            dst = dest / src.name
            os.replace(src, dst)
            out.append(dst)
    return out


LOW_SPACE = 16 << 20     # a failed render with less than this free under the cache ran out of room


def disk_was_full(log: Path, cache: Path) -> bool:
    """Did manim (or latex under it) stop for want of space? Then the command says so in one line.

    The log says so when it could be written; when the disk was too full even for the log, the
    free space left under the cache does.
    """
    try:
        text = log.read_text(errors="replace")
    except OSError:
        text = ""
    if "No space left on device" in text or "[Errno 28]" in text:
        return True
    try:
        return shutil.disk_usage(cache).free < LOW_SPACE
    except OSError:
        return False


def last_error(log: Path) -> str:
    """The most telling line of a manim log: the exception line, else the last line."""
    try:
        lines = [l.strip() for l in log.read_text(errors="replace").splitlines() if l.strip()]
    except OSError:
        return "manim failed (no log)"
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_.]*(Error|Exception|Interrupt)\b", line) or "Error:" in line:
            return line[:300]
    return (lines[-1] if lines else "manim failed without output")[:300]


def probe_duration(path: Path) -> float | None:
    """Seconds of video in a file (PyAV), None when it cannot be read."""
    import av
    try:
        with av.open(str(path)) as c:
            if c.duration:
                return c.duration / 1_000_000
            s = c.streams.video[0]
            return float(s.duration * s.time_base) if s.duration else None
    except (av.FFmpegError, IndexError, OSError):
        return None
