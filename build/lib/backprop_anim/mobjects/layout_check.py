"""Geometry checks a lecturer would do by eye: is every label on screen, do two labels collide?

Used by the scene tests (manim's frames_comparison skips on this machine's cairo, so the
tests check geometry instead of pixels).

Example::

    from .layout_check import off_frame, overlapping_pairs
    assert not off_frame(scene.mobjects)
    assert not overlapping_pairs(labels)
"""
from __future__ import annotations

from manim import Mobject, config


def box(m: Mobject) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a mobject's bounding box in scene units."""
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def off_frame(mobjects, margin: float = 0.0) -> list[Mobject]:
    """Mobjects (with points) that reach outside the camera frame, less ``margin``."""
    half_w, half_h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
    out = []
    for m in mobjects:
        if not m.has_points() and not m.submobjects:
            continue
        x0, y0, x1, y1 = box(m)
        if x0 < -half_w - 1e-6 or x1 > half_w + 1e-6 or y0 < -half_h - 1e-6 or y1 > half_h + 1e-6:
            out.append(m)
    return out


def overlaps(a: Mobject, b: Mobject, pad: float = 0.0) -> bool:
    """True when the bounding boxes of a and b intersect (by more than -pad)."""
    ax0, ay0, ax1, ay1 = box(a)
    bx0, by0, bx1, by1 = box(b)
    return ax0 < bx1 + pad and bx0 < ax1 + pad and ay0 < by1 + pad and by0 < ay1 + pad


def overlapping_pairs(mobjects, pad: float = 0.0) -> list[tuple[Mobject, Mobject]]:
    """Every pair of mobjects whose bounding boxes intersect."""
    ms = list(mobjects)
    return [(a, b) for i, a in enumerate(ms) for b in ms[i + 1:] if overlaps(a, b, pad)]
