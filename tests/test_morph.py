"""Formulas change without scrambled glyphs: the kit's morphs, and the kit refusing a scrambling one.

Every lecture scene is built by the other scene tests under the same kit, so a scene that played a
Transform between different formulas would fail there with a ScrambleError; here the rule itself
is tried on planted animations.
"""
from __future__ import annotations

import pytest
from manim import (FadeIn, Indicate, ReplacementTransform, Transform, TransformFromCopy, TransformMatchingShapes,
                   VGroup, tempconfig)

from backprop_anim.kit.morph import ScrambleError, Swap, change, fly_into, glyphs, same_glyphs, scrambles
from backprop_anim.kit.scene import LectureScene
from backprop_anim.lang import MathTex


def tex(s: str, **kw) -> MathTex:
    return MathTex(s, **kw)


def test_the_same_glyphs_moved_scaled_or_recoloured_are_the_same():
    a = tex(r"\delta_1 a_2")
    assert same_glyphs(a, a.copy().scale(1.7).shift([2, -1, 0]).set_color("#ff0000"))
    assert not same_glyphs(tex("0.71"), tex("0.64"))             # as many glyphs, other digits
    assert not same_glyphs(tex(r"\delta_1"), tex(r"\delta_1 a_2"))
    assert not same_glyphs(tex("b"), tex("d"))                   # a mirrored glyph is another glyph


def test_a_transform_between_different_formulas_is_a_scramble_and_a_move_is_not():
    a, b = tex(r"\frac{\partial E}{\partial a}"), tex(r"\delta")
    assert scrambles(Transform(a, b)) and scrambles(ReplacementTransform(a, b)) and scrambles(TransformFromCopy(a, b))
    assert scrambles(a.copy().animate.become(b).build())
    assert not scrambles(a.animate.shift([1, 0, 0]).scale(0.5).build())
    assert not scrambles(Transform(a, a.copy().next_to(b)))
    assert not scrambles(FadeIn(a)) and not scrambles(Indicate(a))
    planted = VGroup(tex("x"), tex("y"))
    assert scrambles(TransformMatchingShapes(a, b)) == []           # moves only same-shaped glyphs
    assert scrambles(ReplacementTransform(planted, VGroup(tex("x"), tex("z"))))


def test_change_and_fly_into_pick_a_move_or_a_fade():
    a = tex(r"\delta_1")
    assert isinstance(change(a, a.copy().shift([1, 0, 0])), ReplacementTransform)
    for anim in (change(tex("0.71"), tex("0.64")), fly_into([tex("a"), tex("b")], tex("ab"))):
        assert not scrambles(anim)


class Planted(LectureScene):
    """A scene that reveals δ by morphing the fraction into it (the scramble the issue saw)."""

    def construct(self):
        self.beat("Reveal")
        fraction = tex(r"\frac{\partial E}{\partial z}")
        self.play(FadeIn(fraction))
        self.play(Transform(fraction, tex(r"\delta")))


class Swapped(LectureScene):
    """A counter that keeps its name while it changes from 3 to 4."""

    def construct(self):
        self.beat("Count")
        self.counter = tex("3")
        self.play(FadeIn(self.counter))
        self.four = tex("4").move_to(self.counter)
        self.play(Swap(self.counter, self.four))


def dry_run(scene_class):
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "disable_caching": True}):
        scene = scene_class()
        scene.render()
    return scene


def test_the_kit_refuses_a_scrambling_transform():
    with pytest.raises(ScrambleError, match="Planted: Transform morphs"):
        dry_run(Planted)


def test_swap_keeps_the_old_mobject_showing_the_new_one():
    scene = dry_run(Swapped)
    assert scene.counter in scene.mobjects and scene.four not in scene.mobjects
    shown, four = glyphs(scene.counter), glyphs(scene.four)
    assert len(shown) == len(four) and not same_glyphs(scene.counter, tex("3"))
    for a, b in zip(shown, four):            # 4's outlines (resampled to 3's number of points)
        assert a.get_center() == pytest.approx(b.get_center(), abs=1e-6) and a.height == pytest.approx(b.height)
    assert all(g.get_fill_opacity() == pytest.approx(1) for g in shown)       # shown, not a ghost
