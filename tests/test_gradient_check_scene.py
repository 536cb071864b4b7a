"""GradientCheck: the core's numbers, every screen on the frame without collisions, theme colours."""
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_core import Example, NetworkSpec, derive, evaluate
from backprop_core.network.check import gradient_table
from backprop_core.network.numeric import finite_differences

ROOT = Path(__file__).resolve().parent.parent
SPECS = [NetworkSpec((2, 2, 2), "sigmoid", "mse"), NetworkSpec((2, 3, 2), "tanh", "mse"),
         NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce")]

manim = pytest.importorskip("manim")
from backprop_anim.kit import check_table as ct  # noqa: E402
from backprop_anim.kit.scene import title_text  # noqa: E402
from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs  # noqa: E402
from backprop_core.i18n import _  # noqa: E402


@pytest.fixture(autouse=True)
def _media(tmp_path_factory):
    manim.config.media_dir = str(tmp_path_factory.getbasetemp() / "media")


def _table(spec, use_torch=True):
    return gradient_table(Example.lecture(spec), use_torch=use_torch)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_pages_show_the_cores_table(spec):
    """Every cell on a page is the core's number (the table itself is tested in test_gradient_table)."""
    table = _table(spec, use_torch=False)
    ex = Example.lecture(spec)
    ev = evaluate(derive(spec), ex)
    fw, fb = finite_differences(ex)
    _sub, pages, _summary = ct.table_screens(spec, table, title_text(_("Is the derivation right?")))
    shown = [r for page in pages for r in page.rows]
    assert len(shown) == len(table.rows) == len(ev.gradients)
    for row, cells in zip(table.rows, shown):
        want_fd = (fw if row.kind == "w" else fb)[row.layer][row.index]
        assert row.symbolic == ev.gradients[row.name] and row.finite_difference == want_fd
        assert [c.original_text for c in cells[1:]] == [ct.number(row.symbolic), ct.number(want_fd),
                                                         ct.error_text(row.error)]


def test_pages_cover_every_row_and_stay_small():
    for n in (1, 9, 12, 17, 20, 60):
        pages, hidden = ct.paginate(list(range(n)))
        assert all(len(p) <= ct.ROWS_PER_PAGE for p in pages) and len(pages) <= ct.MAX_PAGES
        assert [x for p in pages for x in p] + list(range(n - hidden, n)) == list(range(n))
        assert max(map(len, pages)) - min(map(len, pages)) <= 1 or hidden
    assert ct.paginate(list(range(60)))[1] == 60 - 27


def _screens(spec):
    title = title_text(_("Is the derivation right?"))
    sub, tables, summary = ct.table_screens(spec, _table(spec), title)
    cost_title = title_text(_("Why backprop is fast"))
    screens = {"formulas": [title, *ct.formulas()], "cost": [cost_title, *ct.cost_screen(spec, cost_title)]}
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
    rows = _table(SPECS[0], use_torch=False).rows
    page = ct.TablePage(rows[:2], with_torch=False)
    backprop_cell = page.rows[0][1]
    assert backprop_cell.get_color().to_hex().lower() == manim.ManimColor(theme.LIGHT["grad"]).to_hex().lower()
    assert page.rows[0][0].get_color().to_hex().lower() == manim.ManimColor(theme.LIGHT["w"]).to_hex().lower()


def test_scene_never_picks_colours_itself():
    scene = (ROOT / "scenes" / "gradient_check.py").read_text()
    kit = (ROOT / "backprop_anim" / "kit" / "check_table.py").read_text()
    for source in (scene, kit):
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", source)
        assert not re.search(r"\b(RED|BLUE|GREEN|YELLOW|GOLD|WHITE|BLACK|GREY|GRAY|ORANGE|TEAL|PURPLE|MAROON)(_[A-E])?\b",
                             source)
    assert "color_of(" in kit and "KIND = \"network\"" in scene


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
