"""A video's frames as a player shows them: one picture per frame time.

A held picture is one frame in our files, lasting its hold (:mod:`backprop_anim.kit.held_frames`);
a player shows it at every frame time until the next picture. Comparisons of two renders (the
benchmark against plain manim, ``scripts/same_frames.py``) go frame time by frame time, and the
lecture's join, when it must encode again, shows each picture for as many frame times.

Example::

    for picture in shown_frames(Path("renders/.../01_NetworkSetup.mp4")):
        ...                                  # 60 RGB arrays a second at 1080p60
"""
from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av


def frame_rate(stream) -> Fraction:
    """The frames per second a video is made for (the encoder's timing, or the stream's base rate)."""
    return Fraction(stream.codec_context.framerate or stream.base_rate or 0)


def video_end(path: Path) -> Fraction:
    """Where a video ends (seconds): the end of its last-shown frame (display time plus duration)."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        ends = (p.pts + (p.duration or 0) for p in c.demux(s) if p.dts is not None)
        return max(ends, default=0) * s.time_base


def each_shown(path: Path, rate: Fraction | None = None) -> Iterator[tuple[av.VideoFrame, int]]:
    """Each decoded frame and at how many frame times (at ``rate``, default the video's own) a
    player shows it: until the next frame's time, the last one until the video's end; once at least."""
    end = video_end(path)
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        rate = rate or frame_rate(s)
        shown, count = None, 0
        for frame in c.decode(s):
            if shown is not None:
                times = max(round(Fraction(frame.pts or 0) * frame.time_base * rate) - count, 1)
                yield shown, times
                count += times
            shown = frame
        if shown is not None:
            yield shown, max(round(end * rate) - count, 1)


def shown_frames(path: Path, format: str = "rgb24") -> Iterator:
    """Each frame time's picture, as an array in ``format``, from the first frame to the video's end."""
    for frame, times in each_shown(path):
        picture = frame.to_ndarray(format=format)
        for _ in range(times):
            yield picture
