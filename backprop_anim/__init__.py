"""backprop_anim: the mobjects, colours and scene settings a lecture scene is built from, and the render pipeline.

What a scene author needs is exported here; it loads manim only when first used, so the command
line (which imports :mod:`backprop_anim.pipeline`) stays quick.

>>> from manim import Scene
>>> from backprop_anim import NetworkDiagram, PathHighlight, color_of, network_spec
>>> from backprop_core import derive
>>> class FirstPath(Scene):
...     def construct(self):
...         derivation = derive(network_spec())
...         diagram = NetworkDiagram(derivation)
...         self.add(diagram)
...         highlight = PathHighlight(diagram, derivation.gradient("w2_1_1").paths[0])
...         self.play(*highlight.steps())
>>> color_of("delta") == color_of("delta")
True

Subpackages: :mod:`backprop_anim.mobjects` (reusable mobjects and layout helpers) and
:mod:`backprop_anim.pipeline` (render, join, lecture order; never imported by scenes).
"""
from __future__ import annotations

from backprop_core.lazy import lazy_exports

_EXPORTS = {
    "NetworkDiagram": "mobjects.network_diagram",
    "Region": "mobjects.layout", "frame_region": "mobjects.layout", "fit_into": "mobjects.layout",
    "grid": "mobjects.layout",
    "PathHighlight": "mobjects.path_highlight", "chain_rule_lines": "mobjects.path_highlight",
    "delta_sum_lines": "mobjects.path_highlight",
    "TermMatrix": "mobjects.matrix_terms", "TermRow": "mobjects.matrix_terms",
    "ExprGraphDiagram": "mobjects.graph_mobjects", "GateDiagram": "mobjects.graph_mobjects",
    "NinePathDiagram": "mobjects.graph_mobjects",
    "off_frame": "mobjects.layout_check", "overlapping_pairs": "mobjects.layout_check",
    "color_of": "theme", "network_spec": "config", "expression": "config",
    "GraphLectureScene": "kit.graph", "LectureScene": "lecture_scene",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)   # PEP 562: manim loads on first use
