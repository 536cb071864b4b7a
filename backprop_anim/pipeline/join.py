"""Join per-scene videos into one lecture: video (PyAV), chapters and merged subtitles.

Why remux: every scene comes from the same manim encoder settings, so the H.264 streams can be
copied packet by packet with shifted timestamps (seconds, no quality loss). When the streams do
not match (different size or encoder parameters) we fall back to decoding and re-encoding.
The narration (:mod:`.beat_audio`) is decoded from every scene, laid at the scene's start on one
track (silence where a scene has none) and encoded once as AAC: one audio stream, exactly under
the video it belongs to, whatever each scene's audio parameters.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from ..packet_join import copy_in_turn
from .frames import each_shown, frame_rate, video_end


@dataclass
class Chapter:
    start: float      # seconds
    end: float
    title: str


def concat_videos(inputs: list[Path], output: Path, chapters: list[Chapter] | None = None) -> list[float]:
    """Write ``inputs`` one after another into ``output`` (via a temp name); returns start offsets."""
    tmp = output.with_name(f".{output.stem}.partial{os.getpid()}{output.suffix}")
    try:
        remux = _same_stream_parameters(inputs)
        audio = lecture_audio(inputs, _planned_offsets(inputs, remux))
        if remux:
            offsets = _remux(inputs, tmp, chapters, audio)
        else:
            offsets = _reencode(inputs, tmp, chapters, audio)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return offsets


def _same_stream_parameters(inputs: list[Path]) -> bool:
    seen = set()
    for path in inputs:
        with av.open(str(path)) as c:
            s = c.streams.video[0]
            cc = s.codec_context
            # the frame rate the encoder wrote (its SPS), not average_rate: a held picture is one
            # frame lasting the hold (kit/held_frames.py), so the average differs from scene to scene
            seen.add((cc.name, cc.width, cc.height, cc.pix_fmt, bytes(cc.extradata or b""), s.time_base,
                      frame_rate(s)))
    return len(seen) == 1


def _planned_offsets(inputs: list[Path], remux: bool) -> list[float]:
    """Each input's start in the joined video (seconds), before it is written: where the last one
    ends, on the first input's frame grid when the videos are encoded again (:func:`_reencode`)."""
    offsets, t = [], Fraction(0)
    rate = _output_rate(inputs[0])
    for path in inputs:
        offsets.append(float(t))
        end = video_end(path)
        t += end if remux else Fraction(round(end * rate)) / rate
    offsets.append(float(t))
    return offsets


def _output_rate(path: Path) -> Fraction:
    with av.open(str(path)) as first:
        return Fraction(round(float(frame_rate(first.streams.video[0])))).limit_denominator(1001)


def lecture_audio(inputs: list[Path], offsets: list[float]):
    """(samples, rate, layout) of every input's audio at its offset, or None when none has audio;
    ``offsets`` holds each start and the total length last."""
    import numpy as np

    from .beat_audio import audio_samples
    voiced = [(i, p) for i, p in enumerate(inputs) if _has_audio(p)]
    if not voiced:
        return None
    first, rate, layout = audio_samples(voiced[0][1])
    track = np.zeros((first.shape[0], round(offsets[-1] * rate)), np.float32)
    for i, path in voiced:
        samples = audio_samples(path, rate, layout)[0]
        a = round(offsets[i] * rate)
        b = min(a + samples.shape[1], round(offsets[i + 1] * rate), track.shape[1])
        track[:, a:b] = samples[:, :b - a]
    return track, rate, layout


def _has_audio(path: Path) -> bool:
    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def _add_audio_stream(out, audio):
    from .beat_audio import aac_stream
    return aac_stream(out, audio[1], audio[2]) if audio is not None else None


def _write_audio(out, stream, audio):
    from .beat_audio import encode_aac
    if audio is not None:
        encode_aac(out, stream, *audio)


def _set_chapters(out, chapters):
    if chapters:
        out.set_chapters([{"id": i, "start": round(c.start * 1000), "end": round(c.end * 1000),
                           "time_base": Fraction(1, 1000), "metadata": {"title": c.title}}
                          for i, c in enumerate(chapters)])


def _remux(inputs: list[Path], output: Path, chapters, audio=None) -> list[float]:
    with av.open(str(output), "w", format="mp4") as out:
        with av.open(str(inputs[0])) as first:
            ostream = out.add_stream_from_template(first.streams.video[0])
        astream = _add_audio_stream(out, audio)
        offsets = copy_in_turn(inputs, out, ostream)
        _write_audio(out, astream, audio)
        _set_chapters(out, chapters)
    return offsets


def _reencode(inputs: list[Path], output: Path, chapters, audio=None) -> list[float]:
    """Decode and encode again at the first input's size and rate: each picture is shown from its
    time to the next picture's (or the video's end), as a player shows it."""
    offsets = []
    with av.open(str(inputs[0])) as first:
        width, height = first.streams.video[0].codec_context.width, first.streams.video[0].codec_context.height
    rate = _output_rate(inputs[0])
    with av.open(str(output), "w", format="mp4") as out:
        ostream = out.add_stream("libx264", rate=rate)
        ostream.width, ostream.height, ostream.pix_fmt = width, height, "yuv420p"
        ostream.codec_context.time_base = 1 / rate
        astream = _add_audio_stream(out, audio)
        count = 0
        for path in inputs:
            offsets.append(count / float(rate))
            for frame, times in each_shown(path, rate):
                frame = frame.reformat(width=width, height=height, format="yuv420p")
                for _ in range(times):
                    frame.pts, frame.time_base = count, 1 / rate
                    for packet in ostream.encode(frame):
                        out.mux(packet)
                    count += 1
        for packet in ostream.encode():
            out.mux(packet)
        _write_audio(out, astream, audio)
        _set_chapters(out, chapters)
    return offsets


# ---- subtitles and chapter lists ------------------------------------------------------------

_TIME = re.compile(r"(\d+):(\d+):(\d+)[,.](\d+)\s*-->\s*(\d+):(\d+):(\d+)[,.](\d+)")


def _seconds(h, m, s, ms) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")[:3]) / 1000


def srt_time(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def read_srt(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) cues of an .srt file."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            m = _TIME.search(line)
            if m:
                g = m.groups()
                cues.append((_seconds(*g[:4]), _seconds(*g[4:]), "\n".join(lines[i + 1:]).strip()))
                break
    return cues


_SRT_TAG = re.compile(r"<([^<>]*)>")
_ASS_ESCAPE = re.compile(r"\\(?=[Nnh])")


def srt_text(text: str) -> str:
    """A cue's text made safe for SRT, which has no escapes of its own (``&lt;`` shows as ``&lt;``).

    What players do with SRT text (checked against FFmpeg's SRT decoder through PyAV; mpv and
    most players use it): a blank line ends the cue; a line with ``-->`` is a timing line;
    ``<…>`` with no ``<``/``>`` inside is read as a tag (``<b>``, ``<font>``, and even ``a < b > c``
    turns bold, unknown ones vanish); ``{…}`` is an ASS override block (``{\\an8}``), hidden;
    ``\\N``, ``\\n``, ``\\h`` are ASS line breaks and hard spaces. So, and only there:

    * blank lines are dropped (line breaks stay), trailing spaces stripped;
    * ``-->`` is written ``-- >`` (legible, and no line can look like a timing line);
    * a ``<…>`` pair becomes ``‹…›`` (U+2039/U+203A, the single guillemets): a lone ``<`` or ``>``
      (``x < 1``, ``a <= b``) stays, it is never read as a tag;
    * ``{`` ``}`` become ``｛`` ``｝`` (fullwidth braces); ``\\N`` ``\\n`` ``\\h`` get a WORD JOINER
      (U+2060) after the backslash: it looks the same and is no longer an escape;
    * ``&`` and everything else stay as they are (SRT has no entities: ``&amp;`` would show as is).

    Plain text passes unchanged, and the function is idempotent: ``read_srt(merge_srt(...))`` gives
    each cue's ``srt_text``, and merging a merged file again changes nothing.
    """
    lines = [l.rstrip() for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(l for l in lines if l.strip())
    while "-->" in text:
        text = text.replace("-->", "-- >")
    while True:
        tagged = _SRT_TAG.sub(r"‹\1›", text)
        if tagged == text:
            break
        text = tagged
    text = text.replace("{", "｛").replace("}", "｝")
    return _ASS_ESCAPE.sub("\\\\\u2060", text)


def srt_cue(n: int, start: float, end: float, text: str) -> str:
    """One SRT block (number, timing line, escaped text) with its closing newline."""
    return f"{n}\n{srt_time(start)} --> {srt_time(end)}\n{srt_text(text)}\n"


def merge_srt(parts: list[tuple[float, Path | None]]) -> str:
    """One .srt from (offset seconds, srt file or None) per scene, renumbered, text through :func:`srt_text`."""
    out, n = [], 0
    for offset, path in parts:
        if path is None or not path.exists():
            continue
        for start, end, text in read_srt(path.read_text(encoding="utf-8", errors="replace")):
            n += 1
            out.append(srt_cue(n, start + offset, end + offset, text))
    return "\n".join(out)


def chapter_list(chapters: list[Chapter]) -> str:
    """``00:00 Title`` lines (the form video sites read as chapters)."""
    def stamp(t):
        s = int(t)
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"
    return "".join(f"{stamp(c.start)} {c.title}\n" for c in chapters)


def video_info(path: Path) -> tuple[float, int]:
    """(seconds, frames) of a video file: the frames a player shows at the video's rate (a held
    picture is one frame in the file, shown for the length of its hold)."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        seconds = c.duration / 1_000_000 if c.duration else float((s.duration or 0) * s.time_base)
        return seconds, round(seconds * frame_rate(s))
