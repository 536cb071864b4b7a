"""Every beat video carries its part of the scene's narration.

manim cuts a scene into beat videos (``--save_sections``) from its silent partial movies, so the
presenter's beats would be mute while the scene video speaks. After a render, each beat video is
given the stretch of the scene's audio track under it: beats are consecutive, so beat *k* starts
where beats 1…k-1 end (their video lengths, counted from their own streams). The video packets are
copied; the audio is encoded once more as AAC. A scene without audio (``--voice none``) is left
as it is.

>>> give_beats_their_audio(Path("/nonexistent.mp4"), [])
0
"""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import numpy as np

FRAME = 1024           # samples per AAC frame


def _has_audio(path: Path) -> bool:
    import av
    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def _video_seconds(path: Path) -> float:
    import av
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        end = max((p.pts + (p.duration or 0) for p in c.demux(s) if p.pts is not None), default=0)
        return float(end * s.time_base)


def audio_samples(path: Path, rate: int | None = None, layout: str | None = None) -> tuple[np.ndarray, int, str]:
    """The whole audio track as planar floats (channels × samples), its rate and channel layout
    (or resampled to ``rate`` and ``layout``)."""
    import av
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        rate, layout = rate or stream.rate, layout or stream.layout.name
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        parts = [f.to_ndarray() for frame in c.decode(stream) for f in resampler.resample(frame)]
        parts += [f.to_ndarray() for f in resampler.resample(None)]
    channels = len(av.AudioLayout(layout).channels)
    return (np.concatenate(parts, axis=1) if parts else np.zeros((channels, 0), np.float32)), rate, layout


def aac_stream(out, rate: int, layout: str):
    """A new AAC stream in ``out`` (add every stream before the first packet is written)."""
    return out.add_stream("aac", rate=rate, layout=layout)


def encode_aac(out, stream, samples: np.ndarray, rate: int, layout: str) -> None:
    """Write ``samples`` (planar floats) into the AAC ``stream`` of the open container ``out``."""
    import av
    n = samples.shape[1]
    padded = np.zeros((samples.shape[0], -(-max(n, 1) // FRAME) * FRAME), np.float32)
    padded[:, :n] = samples
    for start in range(0, padded.shape[1], FRAME):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(padded[:, start:start + FRAME]), format="fltp",
                                           layout=layout)
        frame.rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def with_audio(video: Path, samples: np.ndarray, rate: int, layout: str) -> None:
    """Replace ``video`` by a copy of its video stream with ``samples`` as its audio track."""
    import av
    tmp = video.with_name(f".{video.stem}.audio{os.getpid()}{video.suffix}")
    try:
        with av.open(str(video)) as src, av.open(str(tmp), "w", format="mp4") as out:
            vin = src.streams.video[0]
            vout = out.add_stream_from_template(vin)
            aout = aac_stream(out, rate, layout)
            for packet in src.demux(vin):
                if packet.dts is None:
                    continue
                packet.stream = vout
                out.mux(packet)
            encode_aac(out, aout, samples, rate, layout)
        os.replace(tmp, video)
    finally:
        tmp.unlink(missing_ok=True)


def give_beats_their_audio(scene_video: Path, beat_videos: list[Path]) -> int:
    """Give each beat video (in order) its stretch of the scene's audio; returns how many got one."""
    if not beat_videos or not Path(scene_video).exists() or not _has_audio(scene_video):
        return 0
    samples, rate, layout = audio_samples(scene_video)
    start = 0.0
    for beat in beat_videos:
        length = _video_seconds(beat)
        a, b = round(start * rate), round((start + length) * rate)
        part = np.zeros((samples.shape[0], b - a), np.float32)
        piece = samples[:, a:b]
        part[:, :piece.shape[1]] = piece
        with_audio(beat, part, rate, layout)
        start += length
    return len(beat_videos)
