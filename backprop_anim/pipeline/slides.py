"""The presenter: renders/<slug>/slides/ = index.html + one video and one WebVTT file per beat.

Why a folder of plain files: lecture halls are often offline, so the page opens from file://
with no server, no CDN and no external fonts or scripts. The beat list is embedded in
index.html (browsers refuse fetch() on file://), and so are the caption cues: Chromium blocks
<track src> loads from file:// pages, so the page builds the text track itself from the same
cues the .vtt files hold (those are there for other players).

Only the page is built here; the videos come from the render cache (manim's --save_sections),
so changing the page never re-renders a scene.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
from importlib.resources import files
from pathlib import Path

from backprop_core.i18n import N_, _

from .cache import link_or_copy
from .deck import lecture_deck

TEMPLATE = files(__package__) / "presenter"
ASSETS = ("presenter.css", "beats.js", "presenter.js", "speaker.css", "speaker.js")
PAGES = ("index.html", "speaker.html")   # the audience page and the speaker view (key s), each with the deck

# Every word of the pages, translated when the deck is built: the .html pages hold {{word}} slots,
# the scripts read deck.words. The pages themselves hold no language.
PAGE_WORDS = {
    "deck_title": N_("Backpropagation"),
    "nav_label": N_("scenes and beats"),
    "rendered_at": N_("Videos rendered at {quality}."),
    "press_for_keys": N_("Press {key} for keys."),
    "keys": N_("Keys"),
    "key_next": N_("play the next beat, then hold its last frame"),
    "key_previous": N_("previous beat, at its end"),
    "key_first_last": N_("first beat / last beat"),
    "number": N_("number"),
    "key_jump": N_("jump to that scene"),
    "key_full_screen": N_("full screen on/off"),
    "key_captions": N_("captions on/off"),
    "key_info": N_("scene title and beat number on/off"),
    "key_speaker": N_("speaker view: notes, next beat, clock (again: bring it to the front)"),
    "key_reset": N_("reset the speaker view's clock"),
    "key_help": N_("this help on/off / close it"),
    "handout": N_("Handout"),
    "jump_to": N_("scene {n}"),
    "info": N_("{n}. {title} — beat {beat}/{beats}: {name}"),
    # the speaker view
    "speaker_view": N_("Speaker view"),
    "beat_of": N_("beat {n} of {count}"),
    "now": N_("Now"),
    "next": N_("Next beat (its end)"),
    "end_of_lecture": N_("End of the lecture"),
    "notes": N_("Notes"),
    "no_notes": N_("(no notes for this beat)"),
    "elapsed": N_("Elapsed"),
    "reset": N_("Reset"),
    "clock": N_("Clock"),
    "speaker_keys": N_("The lecture keys pressed here drive the audience window too; {key} resets the clock."),
    "not_connected": N_("Not connected to the audience window: press {key} there to open this view again."),
}
# Slots whose text names a key: "{key}" becomes <kbd>key</kbd>.
KEY_SLOTS = {"press_for_keys": "?", "speaker_keys": "r", "not_connected": "s"}


def vtt_time(t: float) -> str:
    ms = round(max(t, 0.0) * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def vtt_text(text: str) -> str:
    """A cue's text as WebVTT cue text: ``&`` ``<`` ``>`` as ``&amp;`` ``&lt;`` ``&gt;`` (the escapes
    the format defines; a browser's parser gives the text back exactly), so ``-->`` cannot occur
    (it is ``--&gt;``); blank lines dropped, since one would end the cue (line breaks stay)."""
    lines = [l.rstrip() for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(l for l in lines if l.strip())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: list[tuple[float, float, str]]) -> str:
    """A WebVTT file, every cue's text through :func:`vtt_text`. (The presenter page does not read
    it: it builds its cues from the plain text embedded in index.html and shows them as text.)"""
    blocks = [f"{vtt_time(a)} --> {vtt_time(b)}\n{vtt_text(text)}" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n" if blocks else "")


def page_words() -> dict[str, str]:
    """The page's words in the current language."""
    return {key: str(_(message)) for key, message in PAGE_WORDS.items()}


# What the other converters write into slides/ (backprop slides --format pptx|pdf): kept on rebuilds
DECK_FILES = {"pptx": "lecture.pptx", "pdf": "lecture.pdf"}


def build_slides(job, results, handout: Path | None) -> Path:
    """Write job.lecture_dir/slides/ from a finished sections render; returns index.html.

    Built in a temp folder next to it and swapped in, so a failed build leaves the old deck; files
    the other formats wrote there (lecture.pptx, lecture.pdf) are carried over into the new folder.
    """
    dest = job.lecture_dir / "slides"
    tmp = job.lecture_dir / f".slides.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "videos").mkdir(parents=True)
    (tmp / "captions").mkdir()
    deck = lecture_deck(job, results)
    scenes = []
    try:
        for scene in deck.scenes:
            page_scene = {"n": scene.n, "cls": scene.cls, "name": scene.name, "title": scene.title, "beats": []}
            for beat in scene.beats:
                name = f"{beat.video.parent.name}_{beat.number:02d}"
                link_or_copy(beat.video, tmp / "videos" / f"{name}.mp4")
                (tmp / "captions" / f"{name}.vtt").write_text(webvtt(beat.cues), encoding="utf-8")
                page_scene["beats"].append({"name": beat.name, "video": f"videos/{name}.mp4",
                                            "captions": f"captions/{name}.vtt", "duration": beat.duration,
                                            "cues": beat.cues, "notes": beat.notes})
            scenes.append(page_scene)
        words = page_words()
        page_deck = {"title": f"{words['deck_title']} — {deck.title}", "quality": deck.quality, "fps": deck.fps,
                     "lang": deck.lang, "words": words, "handout": os.path.relpath(handout, dest) if handout else None,
                     "scenes": scenes}
        for asset in ASSETS:
            (tmp / asset).write_bytes((TEMPLATE / asset).read_bytes())
        for name in PAGES:
            (tmp / name).write_text(page(page_deck, name), encoding="utf-8")
        for other in DECK_FILES.values():
            if (dest / other).is_file():
                link_or_copy(dest / other, tmp / other)
        old = job.lecture_dir / f".slides.old{os.getpid()}"
        if dest.exists():
            os.replace(dest, old)
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest / "index.html"


def page(deck: dict, template: str = "index.html") -> str:
    """A page (index.html, speaker.html): the template's {{slots}} filled with the deck's words
    (escaped) and the deck as inline JSON ('<' escaped so no text ends the script). Both pages hold
    the same deck: a file:// page cannot read another file, nor the other window's document."""
    data = json.dumps(deck, ensure_ascii=False).replace("<", "\\u003c")
    slots = {key: html.escape(text) for key, text in deck["words"].items()}
    slots["rendered_at"] = slots["rendered_at"].format(quality=html.escape(deck["quality"]))
    for key, kbd in KEY_SLOTS.items():
        slots[key] = slots[key].format(key=f"<kbd>{kbd}</kbd>")
    slots.update(TITLE=html.escape(deck["title"]), LANG=html.escape(deck["lang"]), DECK=data)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: slots[m.group(1)], (TEMPLATE / template).read_text(encoding="utf-8"))
