"""A camera that builds each distinct cairo path once.

Drawing a frame, manim's camera turns every mobject's Bézier points into a cairo path in Python
(splitting the points into subpaths with NumPy, one ``curve_to`` per curve): more than half of a
lecture frame's drawing time, spent again on every frame for every glyph that is drawn again but
has not moved (a formula over an edge being traced, a label being recoloured). The path depends
only on the points, so :class:`PathCachingCamera` keeps the paths of mobjects drawn again with
the same points, keyed by the points' bytes, and replays a kept one with ``append_path``: the
same path elements, the same pixels (``tests/test_cairo_paths.py`` compares frames).

Example::

    from manim import CairoRenderer
    renderer = CairoRenderer(camera_class=PathCachingCamera)
"""
from __future__ import annotations

from collections import OrderedDict

from manim import Camera

KEPT = 20_000        # paths kept (the most recently used); a lecture frame draws a few thousand


class PathCachingCamera(Camera):
    """manim's Camera; a path already built for the same points is replayed, not rebuilt. A path
    is kept once its mobject is drawn a second time with the same points (what moves on every
    frame is never kept: copying its path would cost more than it saves)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths: OrderedDict = OrderedDict()     # points -> cairo path, the most recent last
        self._last: dict = {}                        # id(mobject) -> the points it was drawn with last

    def set_cairo_context_path(self, ctx, vmobject):
        points = vmobject.points
        if not len(points):
            return self
        key = (type(vmobject), vmobject.n_points_per_cubic_curve, vmobject.tolerance_for_point_equality,
               points.shape, points.tobytes())
        path = self._paths.get(key)
        if path is not None:
            self._paths.move_to_end(key)
            ctx.new_path()
            ctx.append_path(path)
            return self
        super().set_cairo_context_path(ctx, vmobject)
        if self._last.get(id(vmobject)) == key:
            self._paths[key] = ctx.copy_path()
            if len(self._paths) > KEPT:
                self._paths.popitem(last=False)
        elif len(self._last) > KEPT:
            self._last.clear()
        self._last[id(vmobject)] = key
        return self
