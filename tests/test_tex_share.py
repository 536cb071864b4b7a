"""Test workers share compiled formulas: the second worker reuses the first one's svg, and a
damaged pool file is compiled again rather than trusted."""
import manim.mobject.text.tex_mobject as tex_mobject
import pytest
from manim import MathTex, tempconfig

from backprop_anim.pipeline.tex_pool import drawable_svg
from tests import tex_share


@pytest.fixture
def pool(tmp_path, monkeypatch):
    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", tex_mobject.tex_to_svg_file)   # restored after
    tex_share.share_formulas(tmp_path / "pool")
    return tmp_path / "pool"


def test_a_second_worker_reuses_the_first_one_s_formula(pool, tmp_path, monkeypatch):
    with tempconfig({"tex_dir": str(tmp_path / "worker-a")}):
        first = MathTex(r"\delta^{(2)}_{1} = 0.0176")
    (svg,) = pool.glob("*.svg")
    def no_latex(*args):
        raise AssertionError("compiled again")
    monkeypatch.setattr(tex_share, "_compile", no_latex)
    with tempconfig({"tex_dir": str(tmp_path / "worker-b")}):
        second = MathTex(r"\delta^{(2)}_{1} = 0.0176")
    assert len(second.submobjects[0]) == len(first.submobjects[0]) > 5
    (read,) = (tmp_path / "worker-b").glob("*.svg")             # the pool's file, read through a link here
    assert read.read_bytes() == svg.read_bytes() and read.parent != svg.parent


def test_a_damaged_pool_file_is_compiled_again(pool, tmp_path, monkeypatch):
    with tempconfig({"tex_dir": str(tmp_path / "worker-a")}):
        MathTex(r"a^{(1)}_{2}")
    (svg,) = pool.glob("*.svg")
    svg.write_text("<svg")                       # cut short by a full disk or a kill
    compiled = []
    real = tex_share._compile
    monkeypatch.setattr(tex_share, "_compile", lambda *a: compiled.append(a) or real(*a))
    with tempconfig({"tex_dir": str(tmp_path / "worker-b")}):
        again = MathTex(r"a^{(1)}_{2}")
    assert compiled and len(again.submobjects[0]) > 2
    assert drawable_svg(pool / svg.name)          # the pool holds the good one again
