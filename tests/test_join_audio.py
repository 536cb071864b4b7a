"""The joined lecture carries one AAC track laid by the scenes' offsets (backprop_anim.pipeline.join):
as long as the video, each scene's sound under its own pictures, silence where a scene has none;
each beat video gets its stretch of the scene's track (beat_audio)."""
from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from backprop_anim.pipeline.beat_audio import audio_samples, encode_aac, aac_stream, give_beats_their_audio
from backprop_anim.pipeline.join import concat_videos

RATE, FPS = 48000, 15


def clip(path, seconds: float, tone: float | None):
    """A small test video (grey frames), with a sine of ``tone`` Hz as its AAC track, or none."""
    with av.open(str(path), "w", format="mp4") as out:
        v = out.add_stream("libx264", rate=FPS)
        v.width, v.height, v.pix_fmt = 64, 64, "yuv420p"
        a = aac_stream(out, RATE, "mono") if tone else None
        for i in range(round(seconds * FPS)):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), 100, np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            for p in v.encode(frame):
                out.mux(p)
        for p in v.encode():
            out.mux(p)
        if tone:
            t = np.arange(round(seconds * RATE)) / RATE
            encode_aac(out, a, (0.5 * np.sin(2 * np.pi * tone * t)).astype(np.float32)[None, :], RATE, "mono")
    return path


def lengths(path):
    with av.open(str(path)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        return float(v.duration * v.time_base), float(a.duration * a.time_base)


def rms(samples):
    return float(np.sqrt(np.mean(samples ** 2)))


def test_the_lecture_track_lies_under_its_scenes_with_silence_where_one_has_none(tmp_path):
    voiced = clip(tmp_path / "a.mp4", 2.0, 440)
    silent = clip(tmp_path / "b.mp4", 1.0, None)
    lecture = tmp_path / "lecture.mp4"
    offsets = concat_videos([voiced, silent, voiced], lecture)
    assert offsets == [0.0, 2.0, 3.0]
    video, audio = lengths(lecture)
    assert abs(video - 5.0) < 0.07 and abs(audio - video) < 0.07
    track, rate, _ = audio_samples(lecture)
    second = lambda a, b: track[:, round(a * rate):round(b * rate)]
    assert rms(second(0.2, 1.8)) > 0.3 and rms(second(3.2, 4.8)) > 0.3      # each voiced scene under itself
    assert rms(second(2.1, 2.9)) < 0.01                                     # the silent one stays silent


def test_each_beat_gets_its_stretch_of_the_scene_track(tmp_path):
    scene = clip(tmp_path / "scene.mp4", 3.0, 440)
    beats = [clip(tmp_path / "b1.mp4", 1.0, None), clip(tmp_path / "b2.mp4", 2.0, None)]
    assert give_beats_their_audio(scene, beats) == 2
    for beat, seconds in zip(beats, (1.0, 2.0)):
        video, audio = lengths(beat)
        assert abs(video - seconds) < 0.07 and abs(audio - video) < 0.07
        assert rms(audio_samples(beat)[0]) > 0.3


def test_a_silent_scene_leaves_its_beats_silent(tmp_path):
    scene = clip(tmp_path / "scene.mp4", 1.0, None)
    beat = clip(tmp_path / "b1.mp4", 1.0, None)
    assert give_beats_their_audio(scene, [beat]) == 0
    with av.open(str(beat)) as c:
        assert not c.streams.audio
