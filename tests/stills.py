"""Every picture that stays on screen, recorded during the tests' dry runs, and what is wrong with it.

A beat's end frame is not the only one a class reads: each animation ends on a picture that stays
until the next one starts. ``install()`` (called from conftest) wraps ``Scene.play`` so that every
scene the tests construct keeps ``scene.stills``, one :class:`Still` per animation (what is visible
when it ends, and until when it stays); :func:`still_problems` checks them all:

* everything inside the **safe area**, no words on words, (5 % of the frame at each edge: projectors and players crop);
* **no text below 18 px** at 720p (a digit's or capital's height; subscripts are the formula's own);
* **no title alone** on screen for more than 1 s, and **no blank frame** inside a scene;
* **nothing traced or revealed for more than 3 s without a subtitle** on screen.

    problems = still_problems(construct("network_paths", "FinalLayerPaths"))
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from manim import MathTex, Scene, SingleStringMathTex, Text, Wait, config

from backprop_anim.mobjects.layout import MIN_TEXT_PX, SAFE_SHARE
from tests.section_ends import OVERLAP_TOLERANCE, _box, _contains, _overlap, _visible

MAX_TITLE_ALONE = 1.0         # seconds
PX_PER_UNIT_720 = 720 / 8     # manim's frame is 8 units high at every quality


@dataclass
class Still:
    began: float                 # when the animation that made it began
    start: float                 # when it ended
    end: float                   # when the next animation began (the scene's end for the last)
    boxes: list[tuple]           # (left, bottom, right, top, class name) per visible top-level mobject
    texts: list[tuple]           # (left, bottom, right, top, class name, px) per visible text
    title_only: bool             # what is visible is the scene's title and nothing else


@lru_cache(maxsize=None)
def cap_height_per_point(kind: str) -> float:
    """Scene units of a capital letter's height per point of font size (TeX and Pango differ)."""
    probe = MathTex(r"\mathrm{H}", font_size=48) if kind == "tex" else Text("H", font_size=48)
    return probe.height / 48


def text_px(m) -> float:
    """The height of a capital in ``m`` at 720p (from its font size after any scaling)."""
    kind = "tex" if isinstance(m, SingleStringMathTex) else "text"
    return m.font_size * cap_height_per_point(kind) * PX_PER_UNIT_720


def _texts(m, out: list) -> list:
    if isinstance(m, (SingleStringMathTex, Text)):
        if _visible(m):
            out.append((*_box(m), text_px(m)))
    else:
        for sub in m.submobjects:
            _texts(sub, out)
    return out


def snapshot(scene, began: float, at: float) -> Still:
    shown = [m for m in scene.mobjects if _visible(m)]
    texts = []
    for m in shown:
        _texts(m, texts)
    title = getattr(getattr(scene, "record", None), "shown", {}).get("title")
    alone = title is not None and bool(shown) and all(m is title for m in shown)
    return Still(began, at, at, [_box(m) for m in shown], texts, alone)


def install():
    """Wrap Scene.play once (idempotent): a Still after every animation that is not a wait."""
    if getattr(Scene.play, "_records_stills", False):
        return
    play = Scene.play

    def recording_play(self, *animations, **kwargs):
        stills = self.__dict__.setdefault("stills", [])
        if stills:
            stills[-1].end = self.renderer.time           # the last still stayed until now
        began = self.renderer.time
        play(self, *animations, **kwargs)
        if not all(isinstance(a, Wait) for a in animations):
            stills.append(snapshot(self, began, self.renderer.time))
        elif stills:
            stills[-1].end = self.renderer.time

    recording_play._records_stills = True
    Scene.play = recording_play


def still_problems(scene, text_size: bool = True, min_text_px: float = MIN_TEXT_PX) -> list[str]:
    """Everything wrong with the pictures the scene's animations end on (see the module doc)."""
    stills = getattr(scene, "stills", [])
    if stills:
        stills[-1].end = max(stills[-1].end, scene.renderer.time)
    mx, my = SAFE_SHARE * config.frame_width, SAFE_SHARE * config.frame_height
    half_w, half_h = config.frame_width / 2 - mx, config.frame_height / 2 - my
    problems = []
    for s in stills:
        at = f"{s.start:.1f} s"
        for b in s.boxes:
            if b[0] < -half_w - 1e-3 or b[2] > half_w + 1e-3 or b[1] < -half_h - 1e-3 or b[3] > half_h + 1e-3:
                problems.append(f"{at}: {b[4]} outside the safe area {tuple(round(v, 2) for v in b[:4])}")
        for t in s.texts if text_size else ():
            if t[5] < min_text_px - 0.05:
                problems.append(f"{at}: {t[4]} {t[5]:.1f} px at 720p {tuple(round(v, 2) for v in t[:4])}")
        for i, a in enumerate(s.texts):                 # words on words
            for b in s.texts[i + 1:]:
                if _overlap(a, b, OVERLAP_TOLERANCE) and not _contains(a, b) and not _contains(b, a):
                    problems.append(f"{at}: {a[4]} {tuple(round(v, 2) for v in a[:4])} overlaps "
                                    f"{b[4]} {tuple(round(v, 2) for v in b[:4])}")
        if s.title_only and s.end - s.start > MAX_TITLE_ALONE + 1e-6:
            problems.append(f"{at}: the title alone for {s.end - s.start:.1f} s")
        if not s.boxes and s is not stills[-1]:
            problems.append(f"{at}: a blank frame inside the scene for {s.end - s.start:.1f} s")
    if stills and not stills[-1].boxes:
        problems.append(f"{stills[-1].start:.1f} s: the scene ends on a blank frame")
    for a, b in uncued_stretches(scene):
        problems.append(f"{a:.1f} s: {b - a:.1f} s of animation with no subtitle on screen")
    return list(dict.fromkeys(problems))


MAX_UNCUED = 3.0              # seconds of tracing or revealing with no subtitle on screen


def uncued_stretches(scene, gap: float = 1.0) -> list[tuple[float, float]]:
    """Stretches longer than MAX_UNCUED s in which animations run with no cue on screen (animations
    less than ``gap`` s apart count as one stretch: the class is still watching it unfold)."""
    cues = sorted((c.start.total_seconds(), c.end.total_seconds()) for c in scene.renderer.file_writer.subcaptions)
    bare = []
    for s in getattr(scene, "stills", []):
        t, end = s.began, s.start
        for c0, c1 in cues:                       # the parts of [began, start] no cue covers
            if c1 <= t or c0 >= end:
                continue
            if c0 > t:
                bare.append((t, c0))
            t = max(t, c1)
        if t < end:
            bare.append((t, end))
    stretches = []
    for a, b in bare:
        if stretches and a - stretches[-1][1] < gap and not any(stretches[-1][1] <= c0 < a for c0, _ in cues):
            stretches[-1] = (stretches[-1][0], b)
        else:
            stretches.append((a, b))
    return [(round(a, 2), round(b, 2)) for a, b in stretches if b - a > MAX_UNCUED + 1e-6]


install()
