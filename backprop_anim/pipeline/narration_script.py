"""The script a lecturer records from: every beat's id, its words and the time its picture needs,
found by a dry run of the scenes in one child process (:mod:`backprop_anim.kit.dry_run`: every
animation timed, nothing drawn, silent and paced for reading).

``picture`` is what the animations take on their own: a clip that long or shorter never makes the
beat longer (the picture is held until the clip and the hold have passed); a longer clip holds the
picture for it. ``reading`` is the least time the beat's subtitles need; ``silent`` the beat's
length with ``--voice none``.

>>> row = Beat("ChainRuleCarPrice/1", "Forward: the price", "One car costs 20.", 6.3, 1.0, 8.3)
>>> csv_text([row]).splitlines()[1]
'ChainRuleCarPrice/1,Forward: the price,6.3,1.0,8.3,One car costs 20.'
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from backprop_core.captions import least_time
from backprop_core.errors import BadInput

from .lecture import ROOT, SceneEntry
from .settings import Settings


@dataclass(frozen=True)
class Beat:
    """One row of the script: a clip to record as ``DIR/<Scene>/<n>.wav``."""

    beat_id: str
    name: str
    text: str
    picture: float      # seconds the animations need
    reading: float      # seconds the subtitles need at least
    silent: float       # seconds the beat lasts with --voice none (reading pace and holds)


def dry_run(entries: list[SceneEntry], settings: Settings, media_dir: Path) -> list[Beat]:
    """Every beat of ``entries`` (in order), by one silent dry-run child with ``settings``."""
    env = Settings(**{**settings.__dict__, "voice": "none"}).env()
    cmd = [sys.executable, "-m", "backprop_anim.kit.dry_run", *(f"{e.file}:{e.cls}" for e in entries), str(media_dir)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise BadInput(f"narration: a dry run of the scenes failed: {last[:200]}")
    rows = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            for b in json.loads(line)["beats"]:
                reading = round(least_time(b["text"], settings.lang), 3) if b["text"].strip() else 0.0
                rows.append(Beat(b["beat_id"], b["name"], b["text"], b["picture"], reading, b["silent"]))
    return rows


def json_text(beats: list[Beat], lang: str) -> str:
    return json.dumps({"lang": lang, "beats": [asdict(b) for b in beats]}, ensure_ascii=False, indent=1) + "\n"


def csv_text(beats: list[Beat]) -> str:
    """The script as CSV (a spreadsheet or a teleprompter reads it): id, name, seconds, words."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["beat_id", "name", "picture_s", "reading_s", "silent_s", "text"])
    for b in beats:
        w.writerow([b.beat_id, b.name, f"{b.picture:.1f}", f"{b.reading:.1f}", f"{b.silent:.1f}", b.text])
    return out.getvalue()
