"""Synthesized clips are cached by (text, voice id) in the render cache, so a sentence is spoken
once per voice, ever: ``<output>/.cache/voice/<engine>/<sha256>.wav``.

The name is the SHA-256 of the voice id and the text, so a new engine or model version (its
voice id changes) never reuses an old clip, and the same sentence in two scenes is one file. A clip
is written to a temp file and renamed (whole or absent); two processes asking for one sentence
take the clip's lock, and the second finds the first's file. Renders hold the cache's shared lock,
so ``backprop cache clean`` never removes a clip being written.

>>> clip_name("Forward pass.", "piper-1.8.0/en")[:16]
'5f3448ff3c247d28'
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..safe_io import FileLock, atomic_output, cache_lock
from .wav import PEAK_DBFS, is_whole, with_headroom, write_wav

REPO = Path(__file__).resolve().parents[2]


def default_cache() -> Path:
    """The render job's cache (BACKPROP_VOICE_CACHE, which a job gives its scenes: a render to
    ``--output elsewhere`` keeps its clips there), else the one the pipeline uses by default
    (``default_output_root()/.cache`` of :mod:`backprop_anim.pipeline.lecture`, restated: this
    layer sits below the pipeline)."""
    if os.environ.get("BACKPROP_VOICE_CACHE"):
        return Path(os.environ["BACKPROP_VOICE_CACHE"])
    if (REPO / "pyproject.toml").is_file() and (REPO / "scenes").is_dir():
        return REPO / "renders" / ".cache"
    return Path.cwd() / "renders" / ".cache"


def clip_name(text: str, voice_id: str) -> str:
    return hashlib.sha256(f"{voice_id}\n{text}".encode("utf-8")).hexdigest() + ".wav"


def cached_clip(cache: Path, engine_name: str, text: str, voice_id: str, speak) -> Path:
    """The clip of ``text`` in ``voice_id``, its peak at :data:`~.wav.PEAK_DBFS` at most; ``speak()``
    (samples) runs only when it is not cached."""
    path = Path(cache) / "voice" / engine_name / clip_name(text, f"{voice_id}/peak{PEAK_DBFS:g}dBFS")
    if is_whole(path):
        return path
    with cache_lock(Path(cache), shared=True), FileLock(Path(cache) / "locks" / "voice" / f"{path.stem}.lock"):
        if not is_whole(path):                 # another process may have made it while we waited
            samples = speak()
            with atomic_output(path) as tmp:
                write_wav(tmp, with_headroom(samples))
    return path
