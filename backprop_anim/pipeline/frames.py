"""A video's frames as a player shows them: one picture per frame time.

A held picture is one frame in our files, lasting its hold (:mod:`backprop_anim.kit.held_frames`);
a player shows it at every frame time until the next picture. Comparisons of two renders (the
benchmark against plain manim, ``scripts/same_frames.py``) go frame time by frame time.

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


def shown_frames(path: Path, format: str = "rgb24") -> Iterator:
    """Each frame time's picture, as an array in ``format``, from the first frame to the video's end."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        rate = frame_rate(s)
        end = round(Fraction(c.duration, 1_000_000) * rate) if c.duration else None
        shown, count = None, 0
        for frame in c.decode(s):
            tick = round(Fraction(frame.pts or 0) * frame.time_base * rate)
            if shown is not None:
                for _ in range(max(tick - count, 1)):       # until this frame's time (at least once)
                    yield shown
                count = max(tick, count + 1)
            shown = frame.to_ndarray(format=format)
        if shown is not None:
            for _ in range(max((end or 0) - count, 1)):
                yield shown
