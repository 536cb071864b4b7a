"""The path-caching camera draws what manim's camera draws, frame by frame."""
from __future__ import annotations

import numpy as np
import pytest
from manim import BLUE, DOWN, RIGHT, Camera, Circle, Square, Text, VGroup, tempconfig

from backprop_anim.kit import cairo_paths
from backprop_anim.kit.cairo_paths import PathCachingCamera


def film(camera_class, frames: int = 6) -> list[np.ndarray]:
    """Frames of a still label, a square that moves and a circle that moves back to where it was."""
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        label = Text("still text", color=BLUE)
        square, circle = Square(1, fill_opacity=1), Circle(0.5, fill_opacity=0.5)
        VGroup(label, square, circle).arrange(DOWN)
        camera, out = camera_class(), []
        for i in range(frames):
            square.shift(0.2 * RIGHT)
            circle.shift((0.3 if i % 2 == 0 else -0.3) * RIGHT)
            camera.reset()
            camera.capture_mobjects([label, square, circle])
            out.append(camera.pixel_array.copy())
        return out


def test_every_frame_is_manim_s():
    ours, theirs = film(PathCachingCamera), film(Camera)
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs))
    assert len({a.tobytes() for a in ours}) == len(ours)              # the film does move


def test_a_path_kept_for_other_points_is_seen(monkeypatch):
    """The comparison bites: a cache keyed by the mobject instead of its points draws a moved
    square where it was."""
    original = PathCachingCamera.set_cairo_context_path

    def keyed_by_mobject(self, ctx, vmobject):
        path = self._paths.get(id(vmobject))
        if path is not None:
            ctx.new_path()
            ctx.append_path(path)
            return self
        original(self, ctx, vmobject)
        self._paths[id(vmobject)] = ctx.copy_path()
        return self
    monkeypatch.setattr(PathCachingCamera, "set_cairo_context_path", keyed_by_mobject)
    assert not all(np.array_equal(a, b) for a, b in zip(film(PathCachingCamera), film(Camera)))


@pytest.mark.parametrize("kept", [1, 3])
def test_a_full_cache_forgets_the_oldest_and_still_draws_the_same(kept, monkeypatch):
    monkeypatch.setattr(cairo_paths, "KEPT", kept)
    assert all(np.array_equal(a, b) for a, b in zip(film(PathCachingCamera), film(Camera)))
