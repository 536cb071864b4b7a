"""The handout's network figure: the lecture's NetworkDiagram with the example's values, as one still.

Rendered by ``backprop handout --format pdf`` in its own manim process (``manim render -s``), so the
CLI and the core never import manim; the light theme, because it is printed. The diagram is the
one NetworkSetup ends on (the same mobject, the same example).
"""
from __future__ import annotations

import os

from manim import Scene

from backprop_anim.config import network_spec
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.theme import color_of
from backprop_core.network.derivation import derive
from backprop_core.network.example import Example
from backprop_core.network.numeric import evaluate



class NetworkFigure(Scene):
    """The network with every node's value: the handout's first picture."""

    def construct(self):
        self.camera.background_color = color_of("background")
        d = derive(network_spec())
        diagram = NetworkDiagram(d)
        seed = os.environ.get("BACKPROP_FIGURE_SEED")        # the handout's example (default: the lecture's)
        example = Example.lecture(d.spec) if seed is None else Example.random(d.spec, int(seed))
        diagram.set_values(evaluate(d, example).node_values)
        diagram.scale_to_fit_width(13.4)
        if diagram.height > 7.4:
            diagram.scale_to_fit_height(7.4)
        self.add(diagram.move_to([0, 0, 0]))
