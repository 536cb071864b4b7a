"""Which mobjects an animation's frames must draw again, and which its still background holds.

manim draws the mobjects that do not move once, as a background, and draws the rest on every
frame; "the rest" is everything after the first animated mobject in drawing order, so tracing one
edge of a network redraws every label and formula added after the network, 60 times a second at
1080p60. Only what an animation changes, and what lies over it, needs drawing again: a mobject
that is not animated, has no updater, and lies clear of everything drawn again can go into the
background, since drawing it below instead of above changes no pixel where nothing overlaps it.

:func:`redrawn` keeps, in drawing order, every animated mobject and every mobject whose box
(padded) meets the region the animations sweep (start and end of each animated mobject) or the
box of a mobject already kept; it gives up (keeps all) on updaters and curved paths, whose
region it cannot know. ``tests/test_redraw.py`` compares frames drawn both ways.

Example::

    keep = redrawn(moving, scene.animations)      # in LectureScene.get_moving_and_static_mobjects
    still = background(scene, keep)
"""
from __future__ import annotations

import numpy as np
from manim import AnimationGroup
from manim.utils.family import extract_mobject_family_members
from manim.utils.iterables import list_update

PAD = 0.15        # scene units around each box: strokes, anti-aliasing, a scaled Indicate's edge


def _box(points: np.ndarray) -> np.ndarray:
    """(min x, min y, max x, max y) of ``points``, padded."""
    return np.array([points[:, 0].min() - PAD, points[:, 1].min() - PAD,
                     points[:, 0].max() + PAD, points[:, 1].max() + PAD])


def _family_box(mobject) -> np.ndarray | None:
    points = [m.points for m in mobject.get_family() if len(m.points)]
    return _box(np.concatenate(points)) if points else None


def _meets(box: np.ndarray, boxes: list[np.ndarray]) -> bool:
    return any(box[0] <= b[2] and b[0] <= box[2] and box[1] <= b[3] and b[1] <= box[3] for b in boxes)


def _leaves(animations):
    for a in animations:
        yield a
        if isinstance(a, AnimationGroup):
            yield from _leaves(a.animations)


SWEPT = ("mobject", "starting_mobject", "target_copy")    # an animation's shapes from start to end


def _cover(region: list, box: np.ndarray) -> None:
    """What is drawn again covers its box too: what lies over it must be drawn after it."""
    region.append(box)


def redrawn(moving: list, animations) -> list:
    """The mobjects of manim's ``moving`` list that must still be drawn on every frame, in order."""
    leaves = list(_leaves(animations))
    if any(getattr(a, "path_arc", 0) for a in leaves) or any(m.updaters for m in moving):
        return moving
    animated, region = set(), []
    for a in leaves:
        animated.update(id(m) for m in a.mobject.get_family())
        for shape in (getattr(a, name, None) for name in SWEPT):
            box = _family_box(shape) if shape is not None else None
            if box is not None:
                region.append(box)
    keep = []
    for m in moving:
        box = _box(m.points) if len(m.points) else None      # its own drawing: its family is listed too
        if id(m) in animated or (box is not None and _meets(box, region)):
            keep.append(m)
            if box is not None:
                _cover(region, box)
    return keep


def background(scene, keep: list) -> list:
    """Everything of ``scene`` with points that ``keep`` does not redraw, in manim's drawing order
    (z-index included): the still background of a frame whose moving part is ``keep``."""
    kept = {id(m) for m in keep}
    families = extract_mobject_family_members(list_update(scene.mobjects, scene.foreground_mobjects),
                                              use_z_index=scene.renderer.camera.use_z_index,
                                              only_those_with_points=True)
    return [m for m in families if id(m) not in kept]
