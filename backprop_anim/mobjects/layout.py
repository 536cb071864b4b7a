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
# What a full-width line may use: the frame less about 0.4 units of margin on each side.
USABLE_WIDTH = 13.4


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
    w, h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
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
