"""The lecturer's own voice: a folder of WAV clips, one per beat, found by the beat's id.

Naming (``--voice DIR``): ``DIR/<Scene>/<beat>.wav`` where ``<Scene>`` is the scene's class name and
``<beat>`` the beat's number in the scene, counted from 1 (``3.wav``; ``03.wav`` and ``003.wav``
are the same beat), or the beat's name when the scene names it (``intro.wav``). A beat id is written
``<Scene>/<beat>`` (``ChainRuleCarPrice/3``), as in the script ``backprop narration`` writes. The
clip is used as recorded (any rate, mono or stereo, 16-bit PCM); a beat without a clip is listed by
:meth:`RecordedVoice.missing`, never guessed.

>>> import tempfile, pathlib, numpy as np
>>> from backprop_anim.voice.wav import write_wav
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "ChainRuleCarPrice").mkdir()
>>> write_wav(folder / "ChainRuleCarPrice" / "03.wav", np.zeros(22050, np.int16))
>>> voice = RecordedVoice(folder)
>>> voice.clip("ChainRuleCarPrice/3").name, voice.missing(["ChainRuleCarPrice/3", "ChainRuleCarPrice/4"])
('03.wav', ['ChainRuleCarPrice/4'])
"""
from __future__ import annotations

import re
from pathlib import Path

from backprop_core.errors import BadInput

BEAT_ID = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)/([A-Za-z0-9_-]+)$")


def parse_beat_id(beat_id: str) -> tuple[str, str]:
    """``"Scene/3"`` -> ``("Scene", "3")``; numbers lose their leading zeros."""
    match = BEAT_ID.match(str(beat_id))
    if not match:
        raise BadInput(f"beat id {str(beat_id)[:60]!r} is not <Scene>/<beat number or name> (e.g. ChainRuleCarPrice/3)")
    scene, beat = match.groups()
    return scene, str(int(beat)) if beat.isdigit() else beat


class RecordedVoice:
    """Clips by beat id from one folder; built once per render (the folder is read once)."""

    name = "recorded"

    def __init__(self, folder: Path):
        self.folder = Path(folder).expanduser()
        if not self.folder.is_dir():
            raise BadInput(f"--voice {folder}: no such folder of recorded clips (<Scene>/<beat>.wav)")
        self._clips: dict[tuple[str, str], Path] = {}
        for path in sorted(self.folder.glob("*/*.wav")):
            key = (path.parent.name, str(int(path.stem)) if path.stem.isdigit() else path.stem)
            if key in self._clips:
                raise BadInput(f"two clips for beat {key[0]}/{key[1]}: {self._clips[key].name} and {path.name}")
            self._clips[key] = path

    def clip(self, beat_id: str) -> Path | None:
        """The clip recorded for a beat, None when there is none."""
        return self._clips.get(parse_beat_id(beat_id))

    def missing(self, beat_ids) -> list[str]:
        """The beats of a lecture that have no clip, in the order given."""
        return [b for b in beat_ids if self.clip(b) is None]

    def voice_id(self) -> str:
        return f"recorded:{self.folder.resolve()}"
