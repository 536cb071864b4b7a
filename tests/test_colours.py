"""One meaning per colour, from the theme: every kind of quantity has a colour no other kind has,
in both palettes, and nothing outside the theme picks a colour itself.

Distances are CIE76 ΔE in CIELAB (computed here from sRGB, independently of manim): about 2 is
the smallest difference an eye sees side by side; 20 is two colours a class tells apart on a
projector without being told.
"""
from __future__ import annotations

import ast
import itertools
from pathlib import Path

import numpy as np
import pytest
from manim import ManimColor

from backprop_anim import theme

ROOT = Path(__file__).resolve().parent.parent
MIN_APART = 20.0


def lab(colour) -> np.ndarray:
    rgb = np.array(ManimColor(colour).to_rgb(), dtype=float)
    linear = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz /= np.array([0.95047, 1.0, 1.08883])                                  # D65 white
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def too_close(palette: dict) -> list[tuple]:
    pairs = []
    for a, b in itertools.combinations(sorted(palette), 2):
        if {a, b} <= set(theme.PLAIN):
            continue
        d = float(np.linalg.norm(lab(palette[a]) - lab(palette[b])))
        if d < MIN_APART:
            pairs.append((a, b, round(d, 1)))
    return pairs


def test_lab_matches_known_values():
    assert lab("#FFFFFF") == pytest.approx([100, 0, 0], abs=0.05)
    assert lab("#FF0000") == pytest.approx([53.24, 80.09, 67.20], abs=0.1)


@pytest.mark.parametrize("name", ["DARK", "LIGHT"])
def test_every_kind_has_a_colour_of_its_own(name):
    palette = getattr(theme, name)
    assert set(palette) == set(theme.DARK)                   # the same kinds in both palettes
    assert too_close(palette) == []


def test_a_planted_shared_colour_is_caught():
    planted = {**theme.DARK, "local": theme.DARK["w"]}       # edge partials blue like the weights (was so)
    assert ("local", "w", 0.0) in too_close(planted)


def colour_literals(source: str) -> list[str]:
    """Colour constants of manim (RED, GOLD_C …) and hex strings used in code (docstrings aside)."""
    tree, found = ast.parse(source), []
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id.split("_")[0] in {
                "WHITE", "BLACK", "RED", "GREEN", "BLUE", "YELLOW", "GOLD", "ORANGE", "PURPLE", "PINK",
                "TEAL", "MAROON", "GREY", "GRAY", "LIGHT", "DARK", "PURE"} and node.id.isupper():
            found.append(node.id)
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                and node.value.startswith("#") and len(node.value) in (4, 7)):
            found.append(node.value)
    return found


def test_nothing_outside_the_theme_picks_a_colour():
    files = [*(ROOT / "scenes").glob("*.py"), *(ROOT / "backprop_anim").rglob("*.py")]
    offenders = {str(f.relative_to(ROOT)): colour_literals(f.read_text(encoding="utf-8"))
                 for f in files if f.name != "theme.py"}
    assert {f: c for f, c in offenders.items() if c} == {}
    assert colour_literals("x = MathTex('a', color=GOLD_C)\ny = Dot(color='#ff0000')") == ["GOLD_C", "#ff0000"]
