"""Scenes whose held pictures are one frame join with their timing: copied packet by packet, or
encoded again at the first scene's size and rate, each picture is shown for as long as it was."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec

from backprop_anim.kit.held_frames import HeldFrameEncoder
from backprop_anim.pipeline.encoder import X264
from backprop_anim.pipeline.frames import shown_frames
from backprop_anim.pipeline.join import concat_videos, video_info


def scene(path, width, writes):
    """A scene of segments; each write is (grey level, repeat): a held picture alone is one frame."""
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=width,
                            height=96, frame_rate=Fraction(15), options=tuple(sorted(X264.items())))
    parts = []
    for i, segment in enumerate(writes):
        part = path.with_name(f"{path.stem}-{i}.mp4")
        encoder = HeldFrameEncoder(target=part, spec=spec)
        for level, repeat in segment:
            encoder.write_frame(np.full((96, width, 4), (level, level, level, 255), np.uint8), repeat=repeat)
        encoder.finish()
        parts.append(part)
    concat_videos(parts, path)                      # as manim joins a scene's segments: by copying
    return path


@pytest.mark.parametrize("second_width", [160, 128])     # the same streams (copied), or not (encoded again)
def test_held_pictures_keep_their_time_in_the_lecture(tmp_path, second_width):
    a = scene(tmp_path / "a.mp4", 160, [[(40, 1), (80, 1)], [(120, 30)]])       # 2 frames, a 2 s hold
    b = scene(tmp_path / "b.mp4", second_width, [[(200, 15)], [(240, 1)]])      # a 1 s hold, 1 frame
    assert video_info(a) == (pytest.approx(32 / 15, abs=1e-3), 32)
    offsets = concat_videos([a, b], tmp_path / "lecture.mp4")
    assert offsets == [0.0, pytest.approx(32 / 15, abs=1e-3)]
    levels = [int(round(f[48, 60].mean())) for f in shown_frames(tmp_path / "lecture.mp4")]
    expected = [40, 80] + [120] * 30 + [200] * 15 + [240]
    assert len(levels) == len(expected) == video_info(tmp_path / "lecture.mp4")[1]
    assert all(abs(x - y) <= 3 for x, y in zip(levels, expected)), levels
