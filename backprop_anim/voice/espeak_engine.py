"""The fallback for both languages: espeak-ng (Debian's package, GPL-3.0; formant synthesis, robotic
but intelligible, deterministic, over 100x faster than real time).

Mandarin is its ``cmn-latn-pinyin`` voice: the plain ``cmn`` voice of espeak-ng 1.51 turns characters
into pinyin and then reads the pinyin with English phonemes (``-x`` shows ``(en)k,aI55…`` for 前),
which no listener would take for Mandarin; ``cmn-latn-pinyin`` reads it with Mandarin phonemes and
tones (``tS;h'iE35n``, qián).

>>> EspeakEngine().voices["zh"]
'cmn-latn-pinyin'
"""
from __future__ import annotations

import io
import shutil
import subprocess
import wave
from functools import lru_cache

import numpy as np

from backprop_core.errors import BadInput
from backprop_core.languages import LISTED, RECORDS

from .engine import Engine
from .wav import RATE

# words a minute (for Mandarin, about syllables), from each language's record: espeak-ng's default
# (175) hurries English; these give about the pace of the neural voices (~3 words, ~4 syllables a second)
SPEEDS = {code: RECORDS[code].espeak_wpm for code in LISTED}


@lru_cache(maxsize=1)
def _version() -> str:
    out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.split()
    return out[3] if len(out) > 3 else "unknown"          # "eSpeak NG text-to-speech: 1.51 ..."


class EspeakEngine(Engine):
    name, languages = "espeak-ng", LISTED
    voices = {code: RECORDS[code].espeak_voice for code in LISTED}

    def installed(self) -> bool:
        return shutil.which("espeak-ng") is not None

    def version(self) -> str:
        return _version()

    def voice_id(self, language: str) -> str:
        return f"{self.name}-{_version()}/{self.voices[language]}:s{SPEEDS[language]}"

    def speak(self, text: str, language: str) -> np.ndarray:
        proc = subprocess.run(["espeak-ng", "-v", self.voices[language], "-s", str(SPEEDS[language]), "--stdout"],
                              input=text.encode("utf-8"), capture_output=True, timeout=120)   # stdin: text may start with "-"
        if proc.returncode != 0:
            raise BadInput(f"espeak-ng failed: {proc.stderr.decode(errors='replace').strip()[:200]}")
        with wave.open(io.BytesIO(proc.stdout)) as w:       # espeak-ng's own rate is 22050 Hz
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE), w.getparams()
            return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
