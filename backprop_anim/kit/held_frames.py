"""Held pictures written once: one frame that lasts as long as the hold.

A lecture holds its pictures for two thirds of its length (the voice speaks over a still, each
result is held 2–6 s): at 1080p60, 60 identical frames a second, and libx264 spends about 10 ms on
each of them, identical or not. manim sends a held picture (a ``wait`` with nothing moving) to its
segment encoder once, with a repeat count, as a segment of its own. :class:`HeldFrameEncoder`
writes such a segment as one frame whose duration is the hold: the same picture for the same time
in every player, for the price of one frame. The file's frame rate becomes variable; its timing
does not change (the frame starts and ends on the 60 fps grid, and the segment's length is
exactly ``repeat`` frames, so no B-frame reordering can shorten it: the segment has one frame).

A held picture that is *not* alone in its segment, and every picture when ``one_frame_holds`` is
off (a GIF, whose writer renumbers the frames it decodes), is encoded
``repeat`` times as manim does, with one colour conversion instead of one per repeat: the same
bytes as manim's encoder (``tests/test_held_frames.py`` compares them).

Example::

    from manim import CairoRenderer, Scene

    class Still(Scene):
        def __init__(self, **kwargs):
            super().__init__(renderer=CairoRenderer(file_writer_class=LectureFileWriter), **kwargs)
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from ..packet_join import join_by_copying


# The held frame's quantiser. At the stream's crf 20 one intra frame is about 39 dB from its picture
# (a run of identical frames refines to 47 dB); at 12 it is 52 dB, about the bytes of a run held 4 s.
# A zone of one frame leaves the stream's parameter sets alone, so segments still join by copying.
HELD_QP = 12


class HeldFrameEncoder(VideoSegmentEncoder):
    """manim's segment encoder; a segment that is one held picture is one frame lasting the hold,
    and a picture repeated inside a segment is converted to the stream's pixel format once."""

    def __init__(self, *, target, spec, one_frame_holds: bool = True) -> None:
        super().__init__(target=target, spec=spec)
        self._one_frame_holds = one_frame_holds
        self._held = None                         # (converted frame, repeat), not yet encoded

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        self._encode_held_as_frames()             # a held picture followed by more: not alone
        if repeat > 1 and self._one_frame_holds and self._next_pts == 0:
            self._held = (self._converted(pixels), repeat)
            return
        if repeat == 1:
            super().write_frame(pixels, repeat=1)
            return
        self._encode(self._converted(pixels), repeat)

    def finish(self) -> None:
        if self._held is not None and not self._closed:
            frame, repeat = self._held
            self._held = None
            try:
                self._encode_one_frame_held(frame, repeat)
            except BaseException as error:
                self.abort()
                raise self._operation_error("encode", error) from error
        super().finish()

    # ---- how -------------------------------------------------------------------------------

    @property
    def _time_base(self) -> Fraction:
        return Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)

    def _converted(self, pixels) -> av.VideoFrame:
        try:
            return av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                format=self.spec.pixel_format, width=self.spec.width, height=self.spec.height)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def _encode(self, frame: av.VideoFrame, repeat: int) -> None:
        try:
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = self._time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def _encode_held_as_frames(self) -> None:
        if self._held is not None:
            frame, repeat = self._held
            self._held = None
            self._encode(frame, repeat)

    def _encode_one_frame_held(self, frame: av.VideoFrame, repeat: int) -> None:
        """The segment's only frame, lasting ``repeat`` frame times (the encoder is flushed here,
        so the one packet carries its duration into the file)."""
        options = dict(self._stream.codec_context.options)
        params = ":".join(p for p in (options.get("x264-params"), f"zones=0,0,q={HELD_QP}") if p)
        self._stream.codec_context.options = {**options, "x264-params": params}
        frame.pts, frame.time_base, frame.duration = 0, self._time_base, repeat
        self._next_pts = repeat
        packets = list(self._stream.encode(frame)) + list(self._stream.encode())
        for packet in packets:
            packet.duration = repeat
            self._container.mux(packet)
        self._stream = _Flushed()                 # finish() must not flush it again


class _Flushed:
    """A stream whose encoder has been flushed: it has no more packets to give."""

    def encode(self, frame=None) -> list:
        return []


class LectureFileWriter(SceneFileWriter):
    """manim's file writer, with :class:`HeldFrameEncoder` for every segment (one-frame holds in
    videos, not in GIFs, whose writer renumbers the decoded frames one per frame time), and the
    segments joined keeping their decoding times.

    manim joins segments with the decoding times dropped and guessed again by the muxer from the
    display times; the guess lags the B-frame delay behind, so a scene or section that ends on a
    one-frame hold would be cut short by all of that hold but a frame. :mod:`..packet_join` (the
    lecture's join too) shifts both times and ends each segment where its last picture ends.
    """

    def combine_files(self, input_files, output_file, create_gif=False, includes_sound=False) -> None:
        if create_gif:
            super().combine_files(input_files, output_file, create_gif, includes_sound)
            return
        Path(output_file).parent.mkdir(parents=True, exist_ok=True)
        join_by_copying([Path(f) for f in input_files], Path(output_file))

    def _create_segment_encoder(self, target):
        if self.video_encoder is None:
            return super()._create_segment_encoder(target)
        return HeldFrameEncoder(target=target, spec=self.video_encoder,
                                one_frame_holds=not self.output_spec.is_gif)
