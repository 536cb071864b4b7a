"""What the PowerPoint deck and the PDF deck share (``pptx_deck.py``, ``pdf_deck.py``).

* :func:`end_frame` — a beat's picture: the last frame of its video, the one the presenter holds
  while the lecturer talks (PowerPoint shows it as the video's poster, the PDF prints it);
* the words around it — :func:`title_words` (the first slide or page), :func:`scene_heading` and
  :func:`beat_heading` (above every beat), all in the deck's language from the one catalogue;
* the deck file appears whole or not at all: :func:`.cache.atomic_output`, as every file of the pipeline.

>>> from backprop_anim.pipeline.deck import Beat, DeckScene
>>> scene = DeckScene(3, "SumOverPaths", "Sum over paths", "Add up every path.")
>>> scene.beats = [Beat(1, "one", None, 1.0, [], ""), Beat(2, "Nine paths", None, 1.0, [], "")]
>>> scene_heading(scene), beat_heading(scene, scene.beats[1])
('3. Sum over paths', 'Nine paths · beat 2/2')
"""
from __future__ import annotations

import io
from pathlib import Path

from backprop_core.i18n import N_, _

# The deck's own words; the messages are the presenter page's (one translation for both)
DECK_NAME = N_("Backpropagation")
RENDERED_AT = N_("Videos rendered at {quality}.")
BEAT_OF = N_("beat {n}")                  # with n = "2/5": "beat 2/5", "第 2/5 步"
SEEK_BACK_US = 2_000_000                  # decode the last 2 s of a video (from the key frame before)


def end_frame(video: Path):
    """The last frame of ``video`` as an RGB PIL image (PyAV).

    Seeks to the key frame before the last two seconds and decodes from there (a beat at 60 fps is
    thousands of frames); a short video, or one whose seek lands past every frame, is decoded whole.
    """
    import av
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        last = None
        if container.duration and container.duration > SEEK_BACK_US:
            container.seek(container.duration - SEEK_BACK_US, backward=True)   # microseconds
            for frame in container.decode(stream):
                last = frame
        if last is None:
            container.seek(0)
            for frame in container.decode(stream):
                last = frame
        if last is None:
            raise ValueError(f"{video}: no video frame to show")
        return last.to_image().convert("RGB")


def end_frame_png(video: Path) -> bytes:
    """:func:`end_frame` as PNG bytes (PowerPoint's poster frame, the PDF page's picture)."""
    buf = io.BytesIO()
    end_frame(video).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def title_words(deck) -> tuple[str, str, str]:
    """The first slide or page: ("Backpropagation", the lecture in words, "Videos rendered at 480p15.")."""
    return str(_(DECK_NAME)), deck.title, str(_(RENDERED_AT)).format(quality=deck.quality)


def scene_heading(scene) -> str:
    """"3. Sum over paths": the scene's place in the lecture and its short title."""
    return f"{scene.n}. {scene.name}"


def beat_heading(scene, beat) -> str:
    """"Nine paths · beat 2/5": the beat's name and where it is in its scene."""
    where = str(_(BEAT_OF)).format(n=f"{beat.number}/{len(scene.beats)}")
    return f"{beat.name} · {where}"
