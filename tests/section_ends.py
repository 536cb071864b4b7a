"""What is on screen when each beat (manim section) ends, recorded during the tests' dry runs.

A presenter holds the last frame of every beat while the lecturer talks, so that frame must be a
slide: everything inside the frame, nothing on top of something else, and the picture using the
frame rather than a corner of it. ``install()`` (called from conftest) wraps ``Scene.next_section``
and ``Scene.tear_down`` so that every scene the tests construct keeps ``scene.section_ends``, one
:class:`SectionEnd` per beat; the existing constructions are reused, no scene is built twice.

    problems = end_frame_problems(construct("network_paths", "FinalLayerPaths"))
    assert not problems, problems
"""
from __future__ import annotations

from dataclasses import dataclass

from manim import Scene, SingleStringMathTex, Text, config

# The union of what is on screen must span this share of the frame height and of its area.
# A title over a picture in the upper half (the failure this guards against) spans about 0.5 of
# the height; a composed slide (title, diagram, equations below) 0.75-0.95. Graph scenes keep a
# margin around a central figure, hence the area share is lower than the height share.
MIN_HEIGHT_SHARE = 0.6
MIN_AREA_SHARE = 0.4
OVERLAP_TOLERANCE = 0.03      # scene units (2 px at 480p): touching borders are not overlaps
MAX_NAME = 40                 # a beat name fits one line of the presenter's side list


@dataclass
class SectionEnd:
    name: str
    start: float                 # scene time when the section began
    end: float                   # scene time when it ended
    boxes: list[tuple]           # (left, bottom, right, top, class name) per visible top-level mobject
    texts: list[tuple]           # the same for every visible piece of text (a whole Text / MathTex)


def _visible(m) -> bool:
    for sub in m.get_family():
        if not sub.has_points():
            continue
        try:
            stroke = sub.get_stroke_opacity() if sub.get_stroke_width() > 0 else 0
            fill = sub.get_fill_opacity()
        except (AttributeError, IndexError):
            return True
        if stroke > 0.01 or fill > 0.01:
            return True
    return False


def _box(m) -> tuple:
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1, type(m).__name__


def _texts(m, out: list) -> list:
    if isinstance(m, (SingleStringMathTex, Text)):
        if _visible(m):
            out.append(_box(m))
    else:
        for sub in m.submobjects:
            _texts(sub, out)
    return out


def _snapshot(scene) -> tuple[list, list]:
    shown = [m for m in scene.mobjects if _visible(m)]
    texts = []
    for m in shown:
        _texts(m, texts)
    return [_box(m) for m in shown], texts


def _close(scene):
    log = scene.__dict__.setdefault("section_ends", [])
    pending = scene.__dict__.pop("_section_open", None)
    if pending is not None:
        name, start = pending
        log.append(SectionEnd(name, start, scene.renderer.time, *_snapshot(scene)))
    return log


def install():
    """Wrap Scene.next_section / Scene.tear_down once (idempotent)."""
    if getattr(Scene.next_section, "_records_ends", False):
        return
    next_section, tear_down = Scene.next_section, Scene.tear_down

    def recording_next_section(self, name="unnamed", *args, **kwargs):
        _close(self)
        self._section_open = (name, self.renderer.time)
        return next_section(self, name, *args, **kwargs)

    def recording_tear_down(self):
        _close(self)
        return tear_down(self)

    recording_next_section._records_ends = True
    Scene.next_section, Scene.tear_down = recording_next_section, recording_tear_down


def _contains(a, b) -> bool:
    return a[0] <= b[0] + 1e-6 and a[1] <= b[1] + 1e-6 and b[2] <= a[2] + 1e-6 and b[3] <= a[3] + 1e-6


def _overlap(a, b, tol: float) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def end_frame_problems(scene, min_sections: int = 2, every_frame: bool = True, text_size: bool = True,
                       min_text_px: float | None = None) -> list[str]:
    """Everything wrong with the scene's beats: too few, unnamed, empty, or an end frame that is
    off-frame, overlapping or not using the frame. Empty means no animation: manim 0.22 drops
    such a section from the sections JSON, so the presenter would lose the beat. With
    ``every_frame``, also what is wrong with any picture an animation ends on (tests/stills.py)."""
    problems = _beat_problems(scene, min_sections)
    if every_frame:
        from tests.stills import MIN_TEXT_PX, still_problems
        problems += still_problems(scene, text_size=text_size, min_text_px=min_text_px or MIN_TEXT_PX)
    return problems


def _beat_problems(scene, min_sections: int) -> list[str]:
    ends = getattr(scene, "section_ends", [])
    problems = []
    if len(ends) < min_sections:
        problems.append(f"{len(ends)} sections, expected at least {min_sections}")
    if ends and ends[0].start > 0:
        problems.append(f"{ends[0].start:.1f} s play before the first named section")
    names = [e.name for e in ends]
    if len(set(names)) != len(names):
        problems.append(f"repeated section names: {names}")
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    for e in ends:
        where = f"end of {e.name!r}"
        if not e.name.strip() or e.name == "unnamed" or len(e.name) > MAX_NAME:
            problems.append(f"{where}: name must be short and meaningful")
        if e.end - e.start <= 0:
            problems.append(f"{where}: no animation (manim drops empty sections)")
        if not e.boxes:
            problems.append(f"{where}: blank frame")
            continue
        for b in e.boxes:
            if b[0] < -half_w - 1e-3 or b[2] > half_w + 1e-3 or b[1] < -half_h - 1e-3 or b[3] > half_h + 1e-3:
                problems.append(f"{where}: {b[4]} leaves the frame {tuple(round(v, 2) for v in b[:4])}")
        # lines and rings drawn over a figure are meant to cross it; words on words are not
        for i, a in enumerate(e.texts):
            for b in e.texts[i + 1:]:
                if _overlap(a, b, OVERLAP_TOLERANCE) and not _contains(a, b) and not _contains(b, a):
                    problems.append(f"{where}: {a[4]} {tuple(round(v, 2) for v in a[:4])} overlaps "
                                    f"{b[4]} {tuple(round(v, 2) for v in b[:4])}")
        x0, y0 = min(b[0] for b in e.boxes), min(b[1] for b in e.boxes)
        x1, y1 = max(b[2] for b in e.boxes), max(b[3] for b in e.boxes)
        height = (min(y1, half_h) - max(y0, -half_h)) / config.frame_height
        area = height * (min(x1, half_w) - max(x0, -half_w)) / config.frame_width
        if height < MIN_HEIGHT_SHARE or area < MIN_AREA_SHARE:
            problems.append(f"{where}: uses {height:.0%} of the frame height, {area:.0%} of its area")
    return problems


def section_table(scene) -> list[tuple[str, float, float]]:
    """(name, height share, area share) per beat: what the layout threshold was chosen from."""
    out = []
    for e in getattr(scene, "section_ends", []):
        if not e.boxes:
            out.append((e.name, 0.0, 0.0))
            continue
        x0, y0 = min(b[0] for b in e.boxes), min(b[1] for b in e.boxes)
        x1, y1 = max(b[2] for b in e.boxes), max(b[3] for b in e.boxes)
        out.append((e.name, (y1 - y0) / config.frame_height,
                    (y1 - y0) * (x1 - x0) / (config.frame_width * config.frame_height)))
    return out


install()
