"""Videos joined one after another by copying their packets, both timestamps shifted.

Both a scene's segments (:class:`.kit.held_frames.LectureFileWriter`) and a lecture's scenes
(:func:`.pipeline.join.concat_videos`) are joined here. Each video starts where the previous one's
last picture ends (display time plus duration), and the decoding times are shifted with the display
times rather than guessed again: a guess lags the B-frame delay behind, and cut a video that ends on
a one-frame hold short by the hold.

Example::

    join_by_copying([Path("a.mp4"), Path("b.mp4")], Path("ab.mp4"))
"""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av


def copy_in_turn(inputs: list[Path], out, ostream) -> list[float]:
    """Mux every video packet of ``inputs`` into ``ostream`` of ``out``; returns each start (s)."""
    offsets, offset = [], Fraction(0)
    for path in inputs:
        offsets.append(float(offset))
        with av.open(str(path)) as src:
            vin = src.streams.video[0]
            tb = vin.time_base
            shift = int(offset / tb)
            end = 0
            for packet in src.demux(vin):
                if packet.dts is None:        # the demuxer's empty flush packet
                    continue
                end = max(end, packet.pts + (packet.duration or 0))
                packet.pts += shift
                packet.dts += shift
                packet.stream = ostream
                out.mux(packet)
            offset += end * tb
    return offsets


def join_by_copying(inputs: list[Path], output: Path) -> None:
    """``inputs`` (the same stream parameters) one after another in ``output``, via a temp name."""
    tmp = output.with_name(f".{output.stem}.partial{os.getpid()}{output.suffix}")
    try:
        with av.open(str(tmp), "w", format="mp4") as out:
            with av.open(str(inputs[0])) as first:
                ostream = out.add_stream_from_template(first.streams.video[0])
            copy_in_turn(inputs, out, ostream)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
