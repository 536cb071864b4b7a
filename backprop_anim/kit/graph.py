"""The base of the computational-graph lecture's scenes: the configured graph, its diagram, the
opening title with its first sentence, and the panel beside the diagram.

Scenes 2-5 follow the configured expression (``BACKPROP_EXPR`` / ``BACKPROP_AT``); every number
and formula comes from :mod:`backprop_core.expr`; this module only stages it.

Example::

    from backprop_anim.kit.graph import GraphLectureScene

    class MyGraph(GraphLectureScene):
        TITLE = N_("The graph")

        def construct(self):
            self.beat(_("The graph"))
            self.opening(_("One node per operation."))
            self.add(self.graph_diagram(self.lecture_graph()))
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, FadeOut, VGroup

from backprop_core.expr.autodiff import PathSum, all_paths
from backprop_core.expr.autodiff import path_sum as sum_over_paths
from backprop_core.expr.graph import build_graph
from backprop_core.i18n import _

from ..config import expression
from ..lang import MathTex
from ..mobjects.graph_mobjects import ExprGraphDiagram
from ..mobjects.layout import SAFE_HALF_HEIGHT, SAFE_HALF_WIDTH, fit_into
from ..theme import color_of
from . import panel as _panel
from .panel import GRAPH_BOX, GRAPH_CENTER, GRAPH_SIZE, GRAPH_TOP, PANEL_LEFT, PANEL_WIDTH
from .scene import LectureScene


class GraphLectureScene(LectureScene):
    """A lecture scene about an expression graph: the graph on the left, formulas on the right."""

    TITLE = ""
    panel = staticmethod(_panel.panel)       # formula lines in the right-hand panel
    slot = staticmethod(_panel.slot)         # one formula line at a height
    worded = staticmethod(_panel.worded)     # words, then a formula, on one line

    # ---- content ---------------------------------------------------------------------------
    def lecture_graph(self):
        """The configured expression (BACKPROP_EXPR / BACKPROP_AT / BACKPROP_CONFIG), built by the core."""
        text, at = expression()
        return build_graph(text, at)

    def graph_diagram(self, graph, **kwargs) -> ExprGraphDiagram:
        """The graph drawn in the left region (kept as ``diagram`` in the record)."""
        width, height = kwargs.pop("size", GRAPH_SIZE)
        center = kwargs.pop("center", GRAPH_CENTER)
        diagram = ExprGraphDiagram(graph, width=width, height=height, **kwargs)
        fit_into(diagram, GRAPH_BOX[0], GRAPH_BOX[1])      # the circles' rims inside the graph region
        diagram.move_to(center)
        diagram.bounds = (-SAFE_HALF_WIDTH, -SAFE_HALF_HEIGHT, PANEL_LEFT - 0.1, GRAPH_TOP)   # piles and tags
        return self.keep("diagram", diagram)

    # ---- words -----------------------------------------------------------------------------
    def opening(self, caption: str, *picture, title: str | None = None, run_time: float = 1.0):
        """The title (the scene's ``TITLE`` unless given) under the opening sentence, faded in together
        with the beat's first picture (``picture``: its animations), so the title is never alone."""
        self.say(caption)
        shown = self.title(title if title is not None else _(self.TITLE))
        self.play(FadeIn(shown, shift=DOWN * 0.2), *picture, run_time=run_time)
        return shown

    def fade_all(self) -> list:
        """Fade out everything on screen (a leftover for the next beat: ``self.leave(self.fade_all)``)."""
        return [FadeOut(m) for m in self.mobjects]

    def rule_block(self, title_latex: str, table_latex: str) -> VGroup:
        """A rule over its table of worked numbers, as large as the slide allows (legible at 480p)."""
        table = MathTex(table_latex, font_size=40, color=color_of("text"))
        title = MathTex(title_latex, font_size=38, color=color_of("text"))
        block = VGroup(title, table).arrange(DOWN, buff=0.5).move_to(DOWN * 0.3)
        block.scale(min(1.4, 12.5 / block.width, 6 / block.height))
        return block

    # ---- the sum over paths ----------------------------------------------------------------
    def fitted_path_sum(self, graph, name: str) -> tuple[PathSum, MathTex, MathTex, VGroup]:
        """The sum over paths for ``name`` with as many paths written out (up to 3) as stay readable
        on one panel line, and its two-line block."""
        total = len(all_paths(graph)[name])
        for k in range(min(3, total), 0, -1):
            path_sum = sum_over_paths(graph, name, k)
            symbolic, numeric, block = self.path_sum_block(path_sum)
            if block.width <= PANEL_WIDTH * 1.3:
                break
        fit_into(block, PANEL_WIDTH, 1.9)
        return path_sum, symbolic, numeric, block

    @staticmethod
    def path_sum_block(path_sum: PathSum) -> tuple[MathTex, MathTex, VGroup]:
        """Two MathTex lines for one input (the chain-rule products of its paths, then their numbers),
        one part per path so each can take its path's colour."""
        symbolic = MathTex(*path_sum.symbolic, font_size=34, color=color_of("text"))
        numeric = MathTex(*path_sum.numeric, font_size=34, color=color_of("text"))
        block = VGroup(symbolic, numeric).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        numeric.shift(RIGHT * (symbolic[0].width + 0.1))
        return symbolic, numeric, block
