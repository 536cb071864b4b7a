"""GradientCheck: the core's numbers, every screen on the frame without collisions, theme colours."""
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_core import Example, NetworkSpec, derive, evaluate
from backprop_core.network.numeric import finite_differences

ROOT = Path(__file__).resolve().parent.parent
SPECS = [NetworkSpec((2, 2, 2), "sigmoid", "mse"), NetworkSpec((2, 3, 2), "tanh", "mse"),
         NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce")]

manim = pytest.importorskip("manim")
sys.path.insert(0, str(ROOT / "scenes"))
import gradient_check as gc  # noqa: E402
from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs  # noqa: E402


@pytest.fixture(autouse=True)
def _media(tmp_path_factory):
    manim.config.media_dir = str(tmp_path_factory.getbasetemp() / "media")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_rows_are_the_cores_numbers(spec):
    rows = gc.check_rows(spec, use_torch=False)
    ex = Example.random(spec, gc.SEED)
    ev = evaluate(derive(spec), ex)
    fw, fb = finite_differences(ex)
    assert [r.name for r in rows] == list(ev.gradients)
    fd = np.concatenate([w.ravel() for w in fw] + [b.ravel() for b in fb])
    by_kind = sorted(rows, key=lambda r: (r.kind == "b", int(r.name[1])))  # all weights, then biases
    assert np.allclose([r.finite_difference for r in by_kind], fd, rtol=0, atol=0)
    assert all(r.backprop == ev.gradients[r.name] for r in rows)
    assert max(r.error for r in rows) < 1e-9


def test_pages_cover_every_row_and_stay_small():
    for n in (1, 9, 12, 17, 20, 60):
        pages, hidden = gc.paginate(list(range(n)))
        assert all(len(p) <= gc.ROWS_PER_PAGE for p in pages) and len(pages) <= gc.MAX_PAGES
        assert [x for p in pages for x in p] + list(range(n - hidden, n)) == list(range(n))
        assert max(map(len, pages)) - min(map(len, pages)) <= 1 or hidden
    assert gc.paginate(list(range(60)))[1] == 60 - 27


def _screens(spec):
    rows = gc.check_rows(spec, use_torch=True)
    sub, tables, summary = gc.table_screens(spec, rows)
    title = gc.heading(gc._("Is the derivation right?"))
    screens = {"formulas": list(gc.formulas_screen()), "cost": list(gc.cost_screen(spec))}
    for i, t in enumerate(tables):
        screens[f"table{i}"] = [title, sub, t.header, *t.rows, summary]
    return screens, tables


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", SPECS + [NetworkSpec((4, 4, 4, 4))], ids=lambda s: s.slug)
def test_every_screen_is_on_frame_and_nothing_collides(spec, lang, monkeypatch):
    monkeypatch.setenv("BACKPROP_LANG", lang)
    screens, tables = _screens(spec)
    for name, parts in screens.items():
        assert not off_frame(parts, margin=0.1), name
        assert not overlapping_pairs(parts), name
    for t in tables:
        cells = [c for row in t.rows for c in row] + list(t.header)
        assert not overlapping_pairs(cells, pad=0.02)
        for row in t.rows:                       # readable at 480p: at least ~12 px tall text
            assert min(c.height for c in row) * 480 / 8 >= 8
    bars = screens["cost"][2]
    widths = [g[1].width for g in bars]
    assert widths[3] < widths[0] < widths[1] < widths[2]       # backprop's bar is the short one


def test_light_theme_colours_come_from_the_palette(monkeypatch):
    from backprop_anim import theme
    monkeypatch.setenv("BACKPROP_THEME", "light")
    rows = gc.check_rows(SPECS[0], use_torch=False)
    page = gc.TablePage(rows[:2], with_torch=False)
    backprop_cell = page.rows[0][1]
    assert backprop_cell.get_color().to_hex().lower() == manim.ManimColor(theme.LIGHT["grad"]).to_hex().lower()
    assert page.rows[0][0].get_color().to_hex().lower() == manim.ManimColor(theme.LIGHT["w"]).to_hex().lower()


def test_scene_never_picks_colours_itself():
    source = (ROOT / "scenes" / "gradient_check.py").read_text()
    assert not re.search(r"#[0-9A-Fa-f]{6}\b", source)
    assert not re.search(r"\b(RED|BLUE|GREEN|YELLOW|GOLD|WHITE|BLACK|GREY|GRAY|ORANGE|TEAL|PURPLE|MAROON)(_[A-E])?\b",
                         source)
    assert "color_of(" in source and "KIND = \"network\"" in source


def test_scene_renders_through_the_pipeline(tmp_path):
    """The real scene, last frame only (fast), for the biggest of the issue's networks."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run([sys.executable, "-m", "backprop.cli", "render", "GradientCheck", "--format", "png",
                           "-q", "l", "--layers", "3,2,2,2", "--activation", "relu", "--loss", "softmax_ce",
                           "--output", str(tmp_path)], capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    pngs = list((tmp_path / "3-2-2-2_relu_softmax_ce" / "480p15").glob("*_GradientCheck.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 10_000


def test_every_beat_ends_on_a_composed_slide():
    """Dry run of the default network: four beats (formulas, table pages, cost, a million
    weights), none empty, each ending on a full, collision-free frame."""
    from tests.scene_runs import construct
    from tests.section_ends import end_frame_problems
    scene = construct("gradient_check", "GradientCheck")
    problems = end_frame_problems(scene, min_sections=4)
    assert not problems, problems
    assert scene.section_ends[0].name == "Finite differences"
    assert scene.section_ends[-1].name == "A million weights"
