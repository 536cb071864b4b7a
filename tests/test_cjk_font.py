"""A real (small) render of a Chinese scene: its words are drawn in the named CJK font, not as tofu boxes."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

manim = pytest.importorskip("manim")
manimpango = pytest.importorskip("manimpango")

from backprop_anim import lang  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scene_runs import scene_env, scene_module  # noqa: E402

pytestmark = pytest.mark.skipif(lang.CJK_FONT not in manimpango.list_fonts(),
                                reason=f"{lang.FONT_PACKAGE} not installed (scripts/setup.sh installs it)")


def is_box(ink: np.ndarray, band: int = 2) -> bool:
    """A hollow rectangle (a tofu box): every edge band of the glyph's ink box is mostly inked."""
    ys, xs = np.nonzero(ink)
    if len(ys) == 0:
        return False
    g = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    if min(g.shape) <= 2 * band + 1:
        return False
    edges = [g[:band].any(0), g[-band:].any(0), g[:, :band].any(1), g[:, -band:].any(1)]
    return all(e.mean() > 0.8 for e in edges) and g[band:-band, band:-band].mean() < 0.5


def test_box_detector_flags_tofu_and_passes_a_glyph():
    box = np.zeros((20, 14), bool)
    box[2:18, 2:12] = True
    box[4:16, 4:10] = False
    assert is_box(box)
    cross = np.zeros((20, 20), bool)           # 十: ink on no edge all the way
    cross[9:11, 1:19] = True
    cross[1:19, 9:11] = True
    assert not is_box(cross)


def _render_last_frame(stem: str, name: str, tmp_path):
    module = scene_module(stem)
    with scene_env(lang="zh"), manim.tempconfig({
            "quality": "low_quality", "pixel_width": 854, "pixel_height": 480, "write_to_movie": False,
            "save_last_frame": False, "disable_caching": True, "progress_bar": "none",
            "media_dir": str(tmp_path)}):
        scene = getattr(module, name)()
        scene.render()
        frame = np.array(scene.renderer.get_frame())
        return scene, frame


def _pixels(mob, frame):
    """The frame's pixels under a mobject's bounding box (frame 14.22 x 8 units, origin centred)."""
    h, w = frame.shape[:2]
    scale = w / manim.config.frame_width
    (x0, y0, _), (x1, y1, _) = mob.get_corner(manim.DL), mob.get_corner(manim.UR)
    cols = slice(max(0, int((x0 + manim.config.frame_width / 2) * scale) - 1),
                 min(w, int((x1 + manim.config.frame_width / 2) * scale) + 2))
    rows = slice(max(0, int((manim.config.frame_height / 2 - y1) * scale) - 1),
                 min(h, int((manim.config.frame_height / 2 - y0) * scale) + 2))
    return frame[rows, cols, :3]


def test_chinese_title_is_drawn_in_the_cjk_font(tmp_path):
    scene, frame = _render_last_frame("graph_lecture", "ChainRuleCarPrice", tmp_path)
    title = scene.record.shown["title"]
    assert title.original_text == "链式法则：买两辆车"
    assert title.font == lang.CJK_FONT and lang.CJK_FONT in manimpango.list_fonts()
    region = _pixels(title, frame)
    ink = region.max(axis=2) > 128                     # white text on the dark background
    assert 0.05 < ink.mean() < 0.6, "the title area is empty or a solid block"
    glyphs = [g for g in title.submobjects if g.width > 0.05]
    assert len(glyphs) == len(title.original_text)
    shapes = []
    for g in glyphs:
        cell = _pixels(g, frame).max(axis=2) > 128
        assert cell.any(), "a glyph left no ink"
        assert not is_box(cell), "a glyph is a tofu box"
        ys, xs = np.nonzero(cell)
        crop = cell[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(float)
        rows = np.linspace(0, crop.shape[0] - 1, 12).astype(int)
        cols = np.linspace(0, crop.shape[1] - 1, 12).astype(int)
        shapes.append(crop[np.ix_(rows, cols)])
    # 链 式 法 则 买 两 辆 车 are eight different characters: their bitmaps differ pairwise
    cjk = [s for s, ch in zip(shapes, title.original_text) if "\u4e00" <= ch <= "\u9fff"]
    diffs = [np.abs(a - b).mean() for i, a in enumerate(cjk) for b in cjk[i + 1:]]
    assert min(diffs) > 0.1, "identical glyph shapes: boxes, not characters"
    # words inside formulas (XeLaTeX + ctex): the node 单价 shows two distinct glyphs, not boxes
    name = scene.record.shown["diagram"].node_mobs["unit"].name
    glyphs = [g for g in name.family_members_with_points() if g.width > 0.05]
    assert len(glyphs) == 2
    cells = [_pixels(g, frame).max(axis=2) > 128 for g in glyphs]
    assert all(c.any() and not is_box(c) for c in cells)
