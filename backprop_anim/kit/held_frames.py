"""Held pictures encoded with one colour conversion, not one per frame.

A lecture holds its pictures for most of its length (the voice speaks over a still, each result
is held 2–6 s): at 1080p60, 60 identical frames a second. manim sends a held picture to its encoder
once with a repeat count (its static-frame path), and its encoder then converts the same RGBA
array to YUV again for every repeat; that conversion is about half the cost of each held frame.
:class:`HeldFrameEncoder` converts once and encodes the converted frame ``repeat`` times: the
same frames and the same bytes as manim's encoder (``tests/test_held_frames.py`` compares them),
in less time. :class:`LectureFileWriter` gives every scene's segments this encoder.

Example::

    from manim import CairoRenderer, Scene

    class Still(Scene):
        def __init__(self, **kwargs):
            super().__init__(renderer=CairoRenderer(file_writer_class=LectureFileWriter), **kwargs)
"""
from __future__ import annotations

from fractions import Fraction

import av
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder


class HeldFrameEncoder(VideoSegmentEncoder):
    """manim's segment encoder; a frame repeated n times is converted to the stream's pixel
    format once."""

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        if repeat == 1:
            super().write_frame(pixels, repeat=1)
            return
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                format=self.spec.pixel_format, width=self.spec.width, height=self.spec.height)
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


class LectureFileWriter(SceneFileWriter):
    """manim's file writer, with :class:`HeldFrameEncoder` for every segment."""

    def _create_segment_encoder(self, target):
        if self.video_encoder is None:
            return super()._create_segment_encoder(target)
        return HeldFrameEncoder(target=target, spec=self.video_encoder)
