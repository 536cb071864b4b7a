"""The script a lecturer records from: every beat's id, its words and the time its picture needs,
found by a dry run of the scenes (manim's ``dry_run``: every animation timed, nothing drawn or
encoded, silent and paced for reading).

``picture`` is what the animations take on their own; a clip of that length or shorter never makes
the beat longer (the picture is then held until the clip and the hold have passed), a longer clip
holds the picture for it. ``reading`` is the least time the beat's subtitles need.

>>> row = Beat("ChainRuleCarPrice/1", "Forward: the price", "One car costs 20.", 6.3, 1.0, 8.3)
>>> csv_text([row]).splitlines()[1]
'ChainRuleCarPrice/1,Forward: the price,6.3,1.0,8.3,One car costs 20.'
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import logging
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from backprop_core import settings as lecture_settings
from backprop_core.captions import least_time
from backprop_core.settings import LectureSettings

from .lecture import SceneEntry


@dataclass(frozen=True)
class Beat:
    """One row of the script: a clip to record as ``DIR/<Scene>/<n>.wav``."""

    beat_id: str
    name: str
    text: str
    picture: float      # seconds the animations need
    reading: float      # seconds the subtitles need at least
    silent: float       # seconds the beat lasts with --voice none (reading pace and holds)


def _scene_class(entry: SceneEntry):
    name = f"narration_{entry.file.stem}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, entry.file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module                 # dataclasses in scene files look themselves up here
        spec.loader.exec_module(module)
    return getattr(module, entry.cls)


def scene_beats(entry: SceneEntry, lecture: LectureSettings, media_dir: Path) -> list[Beat]:
    """The beats of one scene, by a silent dry run with ``lecture``'s network and language."""
    from manim import logger, tempconfig
    logger.setLevel(logging.WARNING)
    lecture_settings.use(lecture, voice="none")
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "disable_caching": True,
                     "media_dir": str(media_dir), "verbosity": "WARNING"}):
        scene = _scene_class(entry)()
        scene.render()
    lang = lecture.lang
    return [Beat(b.beat_id, b.name, b.text, b.picture, round(least_time(b.text, lang), 3) if b.text else 0.0,
                 round(b.end - b.start, 3)) for b in scene.narrator.beats]


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
