"""One colour per kind of quantity, the same in every scene.

A student learns "yellow is delta" once; every scene must keep that promise, so scenes and
mobjects never pick colours themselves, they ask :func:`color_of`.

Example::

    from .theme import color_of
    MathTex(r"\\delta^{(2)}_{1}", color=color_of("delta"))
"""
from __future__ import annotations

from manim import (BLUE_C, GOLD_C, GREEN_C, GREY_B, MAROON_C, ORANGE, PURPLE_B, RED_C,
                   TEAL_C, WHITE, YELLOW_C, BLACK, BLUE_E, GREEN_E, TEAL_E, RED_E,
                   PURPLE_E, GOLD_E, GREY_D, MAROON_E, DARK_BROWN, PINK, LIGHT_BROWN, GREY_BROWN)

from backprop_core import settings

# Quantity kinds: x inputs, w weights, b biases, z weighted sums, a activations,
# e per-output errors, E total error, delta = dE/dz, grad = dE/d(parameter),
# y targets, node (plain graph node in expression graphs), local (edge partials),
# class1/class2 the two classes of the training run (its points and the regions the network gives them).
DARK = {
    "x": GREY_B, "w": BLUE_C, "b": PURPLE_B, "z": TEAL_C, "a": GREEN_C,
    "e": ORANGE, "E": RED_C, "delta": YELLOW_C, "grad": GOLD_C, "y": MAROON_C,
    "node": WHITE, "local": BLUE_C, "text": WHITE, "muted": GREY_B,
    "class1": PINK, "class2": LIGHT_BROWN,
    "background": BLACK,
}
LIGHT = {
    "x": GREY_D, "w": BLUE_E, "b": PURPLE_E, "z": TEAL_E, "a": GREEN_E,
    "e": DARK_BROWN, "E": RED_E, "delta": GOLD_E, "grad": GOLD_E, "y": MAROON_E,
    "node": BLACK, "local": BLUE_E, "text": BLACK, "muted": GREY_D,
    "class1": PINK, "class2": GREY_BROWN,
    "background": WHITE,
}


def palette() -> dict:
    """The active palette: dark (default) or light when the settings' theme is light (BACKPROP_THEME=light, for slides)."""
    return LIGHT if settings.current().theme == "light" else DARK


def color_of(kind: str):
    """Colour for a quantity kind (see module docstring); unknown kinds raise KeyError."""
    return palette()[kind]
