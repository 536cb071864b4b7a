"""Every lecture scene survives a longer translation: each is built in the pseudo-locale (every word
accented and about 40 % longer, backprop_core.pseudo) and put through the layout checks the English
and Chinese scenes pass: the end frame of every beat (tests/section_ends.py) and the scene's own
layout checkpoints (nothing off the frame, no two boxes on top of each other).

A scene that fails only here needs the kit or the mobjects to fit its words into their region
(backprop_anim/mobjects/layout.py ``fit_into``); the cases listed in KNOWN are such failures that
would need a change in scenes/, marked xfail(strict) so fixing one shows up.
"""
from __future__ import annotations

import re

import pytest
from manim import Text

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from backprop_anim.pipeline.lecture import lecture_scenes
from tests.scene_runs import construct
from tests.section_ends import end_frame_problems

pytestmark = pytest.mark.slow          # 17 dry runs: several minutes on the 2-core machine (docs/testing.md)
LECTURE = [(entry.file.stem, entry.cls) for entry in lecture_scenes()]     # (scene file, class), in order
ACCENTED = re.compile(r"[áéíóúýñçÁÉÍÓÚÝÑÇ]")
# scene -> why it fails in the pseudo-locale (none left; a new entry is an xfail that must keep failing)
KNOWN: dict[str, str] = {}


def checkpoints(scene) -> list:
    """The scene's layout checkpoints, (moment, boxes): ``scene.record.checkpoints`` (the kit) or the
    older ``scene.snapshots``."""
    record = getattr(scene, "record", None)
    return list(getattr(record, "checkpoints", None) or getattr(scene, "snapshots", None) or [])


def layout_problems(scene) -> list[str]:
    """Everything the English and Chinese scenes are held to, except the text size: a pseudo-locale
    line is 40 % longer and may shrink to fit; what it tests is that it fits."""
    problems = list(end_frame_problems(scene, text_size=False))
    for moment, boxes in checkpoints(scene):
        if off_frame(boxes):
            problems.append(f"{moment}: something leaves the frame")
        if overlapping_pairs(boxes):
            problems.append(f"{moment}: two things overlap")
    if off_frame(scene.mobjects):
        problems.append("the last frame: something leaves the frame")
    return problems


def pseudo_throughout(scene) -> bool:
    """Every subtitle, and some words on screen, are the pseudo-locale's (nothing left in plain English)."""
    subs = [s.content for s in scene.renderer.file_writer.subcaptions]
    texts = [m.original_text for top in scene.mobjects for m in top.get_family() if isinstance(m, Text)]
    return bool(subs) and all(ACCENTED.search(s) for s in subs) and any(ACCENTED.search(t) for t in texts)


@pytest.mark.parametrize("stem, name", [pytest.param(stem, name, marks=[pytest.mark.xfail(
    strict=True, reason=KNOWN[name])] if name in KNOWN else []) for stem, name in LECTURE],
    ids=[name for _stem, name in LECTURE])
def test_scene_lays_out_in_the_pseudo_locale(stem, name):
    scene = construct(stem, name, lang="pseudo")
    assert pseudo_throughout(scene), "a subtitle or the screen is not in the pseudo-locale"
    problems = layout_problems(scene)
    assert not problems, problems


def test_planted_text_off_the_frame_is_a_layout_problem():
    """The checks above can fail: one of the pseudo-locale scenes with a long line pushed off the frame."""
    from manim import RIGHT
    scene = construct("network_paths", "NetworkSetup", lang="pseudo")
    assert not layout_problems(scene)
    stray = Text("[Thhíís líñéé ís tóó lóññg]").shift(9 * RIGHT)
    scene.add(stray)
    try:
        assert "the last frame: something leaves the frame" in layout_problems(scene)
    finally:
        scene.remove(stray)
