"""What an animation redraws on every frame: fewer mobjects than manim redraws, the same pixels."""
from __future__ import annotations

import numpy as np
import pytest
from manim import BLUE, GREEN, RED, RIGHT, UP, WHITE, Circle, FadeIn, Scene, Square, Text, Transform, tempconfig

from backprop_anim.kit import redraw


def layout():
    """A square that moves right; a label far from it; a circle where it ends; a second square
    over that circle but clear of the square's path; a title at the top."""
    mover = Square(1, color=BLUE, fill_opacity=1).move_to([-3, 0, 0])
    far = Text("far away", color=WHITE).move_to([-3, -2.5, 0])
    at_end = Circle(0.8, color=RED, fill_opacity=1).move_to([1.5, 0.8, 0])
    over_circle = Square(1, color=GREEN, fill_opacity=1).move_to([2.6, 1.6, 0])
    title = Text("title", color=WHITE).to_edge([0, 1, 0])
    return mover, far, at_end, over_circle, title


def frames(split, make_animations, alphas=(0.0, 0.3, 0.6, 1.0)):
    """Frames drawn as manim's cairo renderer draws them: the still background, then the moving."""
    with tempconfig({"pixel_width": 320, "pixel_height": 180, "frame_rate": 15}):
        scene = Scene()
        mover, *rest = layout()
        scene.add(mover, *rest)
        animations = make_animations(mover)
        scene.compile_animation_data(*animations)
        for a in scene.animations:
            a._setup_scene(scene)
            a.begin()
        moving, static = split(scene, scene.animations)
        camera = scene.renderer.camera
        camera.reset()
        camera.capture_mobjects(static)
        background = camera.pixel_array.copy()
        out = []
        for alpha in alphas:
            for a in scene.animations:
                a.interpolate(alpha)
            camera.set_pixel_array(background)
            camera.capture_mobjects(moving)
            out.append(camera.pixel_array.copy())
        return out, len(moving)


def manims(scene, animations):
    return Scene.get_moving_and_static_mobjects(scene, animations)


def ours(scene, animations):
    moving, static = Scene.get_moving_and_static_mobjects(scene, animations)
    keep = redraw.redrawn(moving, animations)
    return keep, redraw.background(scene, keep)


ANIMATIONS = {
    "move": lambda m: [m.animate.shift(4 * RIGHT)],
    "fade in from below": lambda m: [FadeIn(m, shift=UP)],
}


@pytest.mark.parametrize("name", ANIMATIONS)
def test_fewer_mobjects_are_drawn_again_and_every_frame_is_the_same(name):
    theirs, n_theirs = frames(manims, ANIMATIONS[name])
    mine, n_mine = frames(ours, ANIMATIONS[name])
    assert n_mine < n_theirs
    for a, b in zip(theirs, mine):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("planted", ["no end region", "no chain through what is kept"])
def test_a_planted_mistake_in_the_region_changes_pixels(planted, monkeypatch):
    """The comparison bites: forgetting where the square ends, or that what lies over a kept
    mobject must be drawn after it, draws something below what should cover it."""
    if planted == "no end region":
        monkeypatch.setattr(redraw, "SWEPT", ("mobject", "starting_mobject"))
    else:
        monkeypatch.setattr(redraw, "_cover", lambda region, box: None)
    theirs, _ = frames(manims, ANIMATIONS["move"])
    mine, _ = frames(ours, ANIMATIONS["move"])
    assert any(not np.array_equal(a, b) for a, b in zip(theirs, mine))


def test_updaters_and_curved_paths_keep_manim_s_list():
    square, circle = Square(), Circle()
    square.add_updater(lambda m, dt: m)
    assert redraw.redrawn([square, circle], []) == [square, circle]
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        arc = Transform(Circle(), Square(), path_arc=1.0)
        arc.begin()
        assert redraw.redrawn([arc.mobject, circle], [arc]) == [arc.mobject, circle]
