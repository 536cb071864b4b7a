"""One colour per kind of quantity, the same in every scene.

A student learns "yellow is delta" once; every scene must keep that promise, so scenes and
mobjects never pick colours themselves, they ask :func:`color_of`.

Example::

    from .theme import color_of
    MathTex(r"\\delta^{(2)}_{1}", color=color_of("delta"))
"""
from __future__ import annotations

from manim import (BLACK, BLUE_C, BLUE_E, DARK_BROWN, GOLD_C, GOLD_E, GREEN_C, GREEN_E, GREY_B, GREY_D,
                   MAROON_C, MAROON_E, ORANGE, PINK, PURPLE_B, PURPLE_E, RED_C, RED_E, TEAL_C, TEAL_E, WHITE,
                   YELLOW_C)

from backprop_core import settings

# Quantity kinds: x inputs, w weights, b biases, z weighted sums, a activations,
# e per-output errors, E total error, delta = dE/dz, grad = dE/d(parameter),
# y targets, node (plain graph node in expression graphs), local (edge partials),
# class1/class2 the two classes of the training run (its points and the regions the network gives them).
# Every kind has a colour of its own (tests/test_colours.py: at least ΔE 20 apart in CIELAB);
# only PLAIN kinds share one, the colour of plain words.
PLAIN = ("text", "node")
DARK = {
    "x": GREY_B, "w": BLUE_C, "b": PURPLE_B, "z": TEAL_C, "a": GREEN_C,
    "e": ORANGE, "E": RED_C, "delta": YELLOW_C, "grad": GOLD_C, "y": MAROON_C,
    "node": WHITE, "local": PINK, "text": WHITE, "muted": "#777777",
    "class1": "#FF9E9E", "class2": "#9E9EFF",
    "background": BLACK,
}
LIGHT = {
    "x": GREY_D, "w": BLUE_E, "b": PURPLE_E, "z": TEAL_E, "a": GREEN_E,
    "e": DARK_BROWN, "E": RED_E, "delta": GOLD_E, "grad": "#E65100", "y": MAROON_E,
    "node": BLACK, "local": "#A0359A", "text": BLACK, "muted": GREY_B,
    "class1": "#F06292", "class2": "#4040D0",
    "background": WHITE,
}


def palette() -> dict:
    """The active palette: dark (default) or light when the settings' theme is light (BACKPROP_THEME=light, for slides)."""
    return LIGHT if settings.current().theme == "light" else DARK


def color_of(kind: str):
    """Colour for a quantity kind (see module docstring); unknown kinds raise KeyError."""
    return palette()[kind]
