"""How a formula on screen becomes another one without crushed glyphs.

A ``Transform`` between two formulas morphs glyph *i* of the first into glyph *i* of the second:
where the glyphs differ (a fraction becoming δ, 0.71 becoming 0.64) the viewer sees a second of
scrambled strokes exactly at the reveal. So glyphs move only onto the same glyph; everything else
fades. :func:`change`, :func:`fly_into` and :class:`Swap` pick the right animation; :func:`scrambles` finds a ``Transform`` that would
scramble, and :class:`~backprop_anim.kit.scene.LectureScene` refuses to play one, so a scene cannot
get it wrong.

Example::

    from backprop_anim.kit.morph import Swap, change, fly_into

    old, new = MathTex(r"\\delta_1", "a_1"), MathTex(r"\\delta_1", "a_2")
    self.play(change(old, new))          # δ₁ moves (same glyphs), a₁ fades into a₂
    self.play(fly_into([x.copy(), y.copy()], product))   # the factors fly into their product, fading
"""
from __future__ import annotations

import numpy as np
from manim import (AnimationGroup, ClockwiseTransform, CounterclockwiseTransform, FadeTransform, MoveToTarget,
                   ReplacementTransform, Transform, TransformFromCopy, TransformMatchingShapes, VGroup)
from manim.animation.transform_matching_parts import TransformMatchingAbstractBase
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

SHAPE_TOLERANCE = 0.02        # of a glyph's size: the same glyph drawn at another size or place
# The transforms onto a target someone chose (FadeIn, Indicate … transform a mobject into itself)
ONTO_A_TARGET = (Transform, ReplacementTransform, TransformFromCopy, ClockwiseTransform, CounterclockwiseTransform)


class ScrambleError(ValueError):
    """A Transform that would morph one glyph into a different one."""


def glyphs(mobject) -> list:
    """The glyphs (outlines from TeX or a font) of ``mobject``, in drawing order."""
    return [m for m in mobject.get_family() if isinstance(m, VMobjectFromSVGPath) and m.has_points()]


def _outline(glyph) -> np.ndarray:
    points = glyph.points - glyph.get_center()
    size = max(glyph.width, glyph.height, 1e-9)
    return points / size


def same_glyphs(a, b) -> bool:
    """Whether ``a`` and ``b`` are the same glyphs in the same order (moved, scaled or recoloured)."""
    ga, gb = glyphs(a), glyphs(b)
    if len(ga) != len(gb):
        return False
    for x, y in zip(ga, gb):
        px, py = _outline(x), _outline(y)
        if px.shape != py.shape or np.abs(px - py).max() > SHAPE_TOLERANCE:
            return False
    return True


def change(old, new, **kwargs):
    """``old`` becomes ``new`` (and ``new`` is on screen afterwards): a plain move when they are the
    same glyphs, otherwise the glyphs they share move and the rest fades."""
    if same_glyphs(old, new):
        return ReplacementTransform(old, new, **kwargs)
    return TransformMatchingShapes(old, new, **kwargs)


def fly_into(sources, target, **kwargs):
    """The ``sources`` (copies of factors, entries …) fly into ``target`` (on screen afterwards):
    moved when they are its glyphs, else fading into it on the way."""
    group = sources if isinstance(sources, VGroup) else VGroup(*sources)
    if same_glyphs(group, target):
        return ReplacementTransform(group, target, **kwargs)
    return FadeTransform(group, target, **kwargs)


class Swap(FadeTransform):
    """``old`` fades into ``new`` and then takes its shape: ``old`` stays the mobject the scene holds
    (in its groups and names), showing ``new``; ``new`` itself is never on screen afterwards.

    Example::

        counter = MathTex("3")
        self.play(Swap(counter, MathTex("4").move_to(counter)))     # counter now reads 4
    """

    def __init__(self, old, new, **kwargs):
        super().__init__(old, new, **kwargs)
        self.old, self.new = old, new

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        self.old.become(self.new)
        scene.remove(self.new)
        scene.add(self.old)


def scrambles(animation) -> list[str]:
    """Every Transform in ``animation`` (and the groups it holds) between different glyphs."""
    if isinstance(animation, TransformMatchingAbstractBase):     # moves only glyphs of one shape
        return []
    if isinstance(animation, AnimationGroup):
        return [p for a in animation.animations for p in scrambles(a)]
    if isinstance(animation, MoveToTarget):                      # ``.animate`` and ``generate_target``
        target = getattr(animation.mobject, "target", None)
    elif type(animation) in ONTO_A_TARGET:
        target = animation.target_mobject
    else:
        return []
    if target is None or not (glyphs(animation.mobject) or glyphs(target)):
        return []
    if same_glyphs(animation.mobject, target):
        return []
    return [f"{type(animation).__name__} morphs {len(glyphs(animation.mobject))} glyphs into "
            f"{len(glyphs(target))} different ones: use kit.morph.change, fly_into or Swap"]
