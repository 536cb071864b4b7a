"""The picture waits for the voice (backprop_anim.kit.narration): every beat lasts as long as its
narration and ends on its finished picture held ≥ 2 s (≥ 6 s on a key result); silent renders are
paced by reading time; recorded clips by beat id hold their beat."""
from __future__ import annotations

import numpy as np
import pytest

from backprop_anim.kit.narration import HOLD, KEY_HOLD, Narrator
from backprop_anim.voice.wav import RATE, write_wav
from backprop_core.captions import Cue, cue_problems, least_time

from scene_runs import construct

CAR = ("graph_lecture", "ChainRuleCarPrice")


def subtitle_cues(scene) -> list[Cue]:
    return [Cue(s.start.total_seconds(), s.end.total_seconds(), tuple(s.content.split("\n")))
            for s in scene.renderer.file_writer.subcaptions]


def assert_beats_wait_and_hold(scene):
    for beat in scene.narrator.beats:
        assert beat.lines, f"{beat.beat_id} has no narration"
        spoken_until = max(max(l.start + l.span for l in beat.lines), beat.clip_end)
        hold = KEY_HOLD if beat.key else HOLD
        assert beat.end >= spoken_until + hold - 1e-6, f"{beat.beat_id}: the picture is not held after the voice"
        for a, b in zip(beat.lines, beat.lines[1:]):
            assert b.start >= a.start + a.span - 1e-6, f"{beat.beat_id}: a line starts before the last one ends"


@pytest.mark.parametrize("lang", ["en", "zh", "pseudo"])
def test_silent_beats_are_paced_by_reading_time_and_held(lang):
    scene = construct(*CAR, lang=lang)                   # voice none (scene_runs' default)
    assert [b.beat_id for b in scene.narrator.beats] == [f"ChainRuleCarPrice/{n}" for n in range(1, 5)]
    for line in (l for b in scene.narrator.beats for l in b.lines):
        assert line.clip is None and line.span == pytest.approx(least_time(line.text, lang))
    assert_beats_wait_and_hold(scene)
    assert cue_problems(subtitle_cues(scene), lang) == []
    assert scene.narrator.beats[-1].end == pytest.approx(scene.renderer.time)


def test_key_results_are_held_six_seconds():
    scene = construct("gradient_check", "GradientCheck")
    keys = [b for b in scene.narrator.beats if b.key]
    assert keys and all(b.name.startswith("The check") for b in keys)
    assert_beats_wait_and_hold(scene)


def test_a_synthesized_voice_sets_the_pace(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_VOICE_CACHE", str(tmp_path))
    silent = construct(*CAR, lang="en")
    voiced = construct(*CAR, lang="en", voice="espeak-ng")
    lines = [l for b in voiced.narrator.beats for l in b.lines]
    assert all(l.clip is not None and l.span >= l.spoken > 0.5 for l in lines)
    assert_beats_wait_and_hold(voiced)
    assert voiced.renderer.time > silent.renderer.time    # espeak-ng speaks slower than the eye reads
    assert cue_problems(subtitle_cues(voiced), "en") == []


def test_a_recorded_clip_holds_its_beat(tmp_path):
    (tmp_path / "ChainRuleCarPrice").mkdir()
    t = np.arange(12 * RATE) / RATE
    write_wav(tmp_path / "ChainRuleCarPrice" / "2.wav", (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype(np.int16))
    scene = construct(*CAR, lang="en", voice=str(tmp_path))
    beat = scene.narrator.beats[1]
    assert beat.lines[0].spoken == pytest.approx(12.0)
    assert beat.end - beat.lines[0].start >= 12.0 + HOLD - 1e-6
    assert [b.lines[0].clip for b in scene.narrator.beats].count(None) == 3     # the others: not recorded
    assert_beats_wait_and_hold(scene)


def test_a_line_starts_when_the_last_one_ends_not_a_frame_before():
    n = Narrator("S", "en", "none")
    n.begin_beat("one", 0.0)
    first = n.speak("Forward pass.", 0.0)
    second = n.speak("Backward pass.", first.span - 0.01)
    assert second.start == first.start + first.span


def test_the_pseudo_locale_is_silent_and_paced_for_reading():
    n = Narrator("S", "pseudo", "auto")
    assert n.voice is None
