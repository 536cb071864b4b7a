"""Formulas and words drop the parsed SVG outlines once drawn (``lang.light``), so manim's many
copies are cheap; what is drawn stays exactly the same."""
from __future__ import annotations

import copy

import numpy as np
from manim import MathTex as PlainMathTex
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

from backprop_anim.lang import MathTex, Text, light


def outlines(m) -> list[np.ndarray]:
    return [g.points.copy() for g in m.get_family() if isinstance(g, VMobjectFromSVGPath)]


def test_a_light_formula_draws_the_same_points_and_copies_without_outlines():
    tex = r"\frac{\partial E}{\partial w^{(2)}_{11}} = \delta^{(2)}_1 a^{(1)}_1"
    plain, ours = PlainMathTex(tex, font_size=30), MathTex(tex, font_size=30)
    assert any(g.path_obj is not None for g in plain.get_family() if isinstance(g, VMobjectFromSVGPath))
    assert all(g.path_obj is None for g in ours.get_family() if isinstance(g, VMobjectFromSVGPath))
    a, b = outlines(plain), outlines(ours)
    assert len(a) == len(b) > 10 and all(np.array_equal(x, y) for x, y in zip(a, b))
    twin = copy.deepcopy(ours).shift([1, 0, 0])
    assert all(np.allclose(x + [1, 0, 0], y) for x, y in zip(b, outlines(twin)))


def test_words_are_light_too_and_light_returns_its_argument():
    words = Text("multiplications saved: 12", font_size=26)
    assert all(g.path_obj is None for g in words.get_family() if isinstance(g, VMobjectFromSVGPath))
    m = PlainMathTex("x")
    assert light(m) is m
