"""Where things go on a slide: regions of the frame, scaling to fit, small tables of equations.

Every scene lays out its slide with these few helpers instead of keeping its own copies, so a
"fits" means the same in every scene (scale *down* to fit, never up: text never grows past the
size the scene chose for legibility at 480p).

Example::

    eq = MathTex(r"\\delta^{(2)} = (a^{(2)} - y) \\odot \\sigma'(z^{(2)})")
    fit_into(eq, width=frame_region().width).move_to(frame_region("bottom").center)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import LEFT, UL, Mobject, VGroup, config

# manim's default camera frame (16:9): 14.22 x 8 scene units.
FRAME_WIDTH, FRAME_HEIGHT = 14.22, 8.0
# The safe area: projectors and players crop up to 5 % of the frame at each edge, so nothing that
# matters goes nearer the edge than that (tests check every picture that stays, tests/stills.py).
SAFE_SHARE = 0.05
SAFE_HALF_WIDTH, SAFE_HALF_HEIGHT = FRAME_WIDTH * (0.5 - SAFE_SHARE), FRAME_HEIGHT * (0.5 - SAFE_SHARE)
# What a full-width line may use: the safe area's width.
USABLE_WIDTH = 2 * SAFE_HALF_WIDTH
# The smallest text a class can read from the back row: a capital's height at 720p, in pixels
# (MathTex font size 29, Text font size 20).
MIN_TEXT_PX = 18


def safe_area() -> "Region":
    """The part of the frame everything must stay inside."""
    return Region(-SAFE_HALF_WIDTH, -SAFE_HALF_HEIGHT, SAFE_HALF_WIDTH, SAFE_HALF_HEIGHT)


def keep_inside(mobject: Mobject, region: "Region | None" = None) -> Mobject:
    """Shift ``mobject`` (not scale it) the least distance that puts it inside ``region`` (the safe
    area by default) where it fits; returns it."""
    r = region or safe_area()
    (x0, y0, _), (x1, y1, _) = mobject.get_corner([-1, -1, 0]), mobject.get_corner([1, 1, 0])
    dx = (r.left - x0) if x0 < r.left else (r.right - x1) if x1 > r.right else 0.0
    dy = (r.bottom - y0) if y0 < r.bottom else (r.top - y1) if y1 > r.top else 0.0
    if dx or dy:
        mobject.shift([dx, dy, 0])
    return mobject


@dataclass(frozen=True)
class Region:
    """An axis-aligned box in scene units (left, bottom, right, top).

    >>> Region(-1, -2, 3, 2).width, Region(-1, -2, 3, 2).center.tolist()
    (4, [1.0, 0.0, 0.0])
    """

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])


def frame_region(part: str = "full", margin: float = 0.3, fraction: float | None = None) -> Region:
    """A part of the camera frame: "full", "left", "right", "top" or "bottom".

    ``fraction`` is the share of the frame width ("left"/"right") or height ("top"/"bottom");
    defaults 0.58 and 0.56 leave room for equations beside or below a diagram.
    """
    w = min(config.frame_width / 2 - margin, SAFE_HALF_WIDTH)          # never outside the safe area
    h = min(config.frame_height / 2 - margin, SAFE_HALF_HEIGHT)
    if part == "full":
        return Region(-w, -h, w, h)
    if part in ("left", "right"):
        f = 0.58 if fraction is None else fraction
        cut = -w + 2 * w * f if part == "left" else w - 2 * w * f
        return Region(-w, -h, cut, h) if part == "left" else Region(cut, -h, w, h)
    if part in ("top", "bottom"):
        f = 0.56 if fraction is None else fraction
        cut = h - 2 * h * f if part == "top" else -h + 2 * h * f
        return Region(-w, cut, w, h) if part == "top" else Region(-w, -h, w, cut)
    raise ValueError(f"unknown frame part {part!r}")


def fit_into(mobject: Mobject, width: float | None = None, height: float | None = None) -> Mobject:
    """Scale ``mobject`` down (never up) until it fits ``width`` x ``height``; returns it."""
    factor = 1.0
    if width is not None and mobject.width > width:
        factor = min(factor, width / mobject.width)
    if height is not None and mobject.height > height:
        factor = min(factor, height / mobject.height)
    if factor < 1.0:
        mobject.scale(factor)
    return mobject


def grid(mobjects, columns: int, region: Region) -> VGroup:
    """Small equations in a table that fits ``region``, top-left aligned."""
    group = VGroup(*mobjects).arrange_in_grid(cols=max(1, columns), buff=(0.6, 0.25), cell_alignment=LEFT)
    fit_into(group, region.width, region.height)
    return group.move_to(region.center).align_to([region.left, region.top, 0], UL)
