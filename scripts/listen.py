"""Listen to a rendered lecture the way a machine can, before a person does: every subtitle cue
must have the voice under it, nothing clips, and (English, when pocketsphinx is installed) the
words a speech recogniser hears under each spoken line are the line's words.

    .venv/bin/python scripts/listen.py renders/2-2-2_sigmoid_mse/480p15            # every scene
    .venv/bin/python scripts/listen.py renders/2-2-2_sigmoid_mse-zh/480p15 --lang zh

pocketsphinx (``pip install pocketsphinx``: its wheel ships a US-English model) is optional and
not a project dependency; without it, or in Chinese, only the level checks run. Its word
recognition of synthetic speech is rough, so the word check is a recall of the line's words
(a wrong or missing clip scores near 0, the right one typically 0.4 to 0.8), not a transcript.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from backprop_anim.pipeline.join import read_srt    # noqa: E402

RATE = 16_000
QUIET_DBFS = -40.0      # a cue whose loudest 100 ms is below this has no voice under it
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def audio(path: Path) -> np.ndarray:
    """The file's audio, mono float in [-1, 1] at 16 kHz (empty when it has none)."""
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return np.zeros(0)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        chunks = [f.to_ndarray().ravel() for frame in c.decode(audio=0) for f in resampler.resample(frame)]
        chunks += [f.to_ndarray().ravel() for f in resampler.resample(None)]
    return np.concatenate(chunks) if chunks else np.zeros(0)


def dbfs(x: np.ndarray) -> float:
    return 20 * np.log10(max(float(np.sqrt(np.mean(x ** 2))) if len(x) else 0.0, 1e-9))


def loudest_100ms(x: np.ndarray) -> float:
    n = RATE // 10
    if len(x) < n:
        return dbfs(x)
    frames = x[: len(x) // n * n].reshape(-1, n)
    return max(dbfs(f) for f in frames)


def recogniser():
    try:
        from pocketsphinx import Decoder
    except ImportError:
        return None
    return Decoder(samprate=RATE, loglevel="FATAL")


def heard(decoder, x: np.ndarray) -> str:
    pcm = (np.clip(x, -1, 1) * 32767).astype(np.int16).tobytes()
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr if decoder.hyp() else ""


def recall(said: str, text: str) -> float | None:
    """Share of the line's words (3+ letters) that the recogniser heard; None if it has none."""
    want = [w for w in WORD.findall(text.lower()) if len(w) >= 3]
    got = set(WORD.findall(said.lower()))
    return sum(w in got for w in want) / len(want) if want else None


def lines(cues):
    """Cues joined into spoken lines: a cue that starts where the last ended continues its line."""
    out = []
    for start, end, text in cues:
        if out and start - out[-1][1] < 0.05:
            out[-1] = (out[-1][0], end, out[-1][2] + " " + text)
        else:
            out.append((start, end, text))
    return out


def listen(video: Path, lang: str, decoder) -> dict:
    x = audio(video)
    srt = video.with_suffix(".srt")
    cues = read_srt(srt.read_text(encoding="utf-8")) if srt.exists() else []
    cut = lambda a, b: x[int(a * RATE): int(b * RATE)]
    quiet = [(s, t) for s, e, t in cues if loudest_100ms(cut(s, e)) < QUIET_DBFS]
    scores = []
    if decoder is not None and lang == "en":
        for s, e, t in lines(cues):
            r = recall(heard(decoder, cut(max(0.0, s - 0.2), e + 0.3)), t)
            if r is not None:
                scores.append((r, s, t))
    return {"seconds": len(x) / RATE, "cues": len(cues), "quiet": quiet,
            "peak": 20 * np.log10(max(float(np.abs(x).max()) if len(x) else 0.0, 1e-9)),
            "speech_dbfs": dbfs(np.concatenate([cut(s, e) for s, e, _t in cues])) if cues else -180.0,
            "scores": scores}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--lang", default="en")
    p.add_argument("--worst", type=int, default=2, help="lines with the lowest word recall to show per scene")
    args = p.parse_args(argv)
    decoder = recogniser() if args.lang == "en" else None
    if args.lang == "en" and decoder is None:
        print("listen: pocketsphinx is not installed: level checks only", file=sys.stderr)
    bad = 0
    for video in sorted(args.folder.glob("[0-9][0-9]_*.mp4")):
        r = listen(video, args.lang, decoder)
        recalls = [s for s, _t0, _t in r["scores"]]
        words = f" words heard {np.mean(recalls):.2f} (min {min(recalls):.2f})" if recalls else ""
        print(f"{video.stem:28} {r['seconds']:6.1f} s  {r['cues']:3} cues  speech {r['speech_dbfs']:5.1f} dBFS  "
              f"peak {r['peak']:5.1f}  quiet cues {len(r['quiet'])}{words}")
        for start, text in r["quiet"]:
            print(f"    no voice at {start:7.2f} s: {text}")
        for score, start, text in sorted(r["scores"])[: args.worst]:
            print(f"    {score:.2f} at {start:7.2f} s: {text}")
        bad += len(r["quiet"]) + (r["peak"] > -0.1)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
