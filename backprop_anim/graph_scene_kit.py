"""Shared pieces of the computational-graph lecture scenes: themed background, title, panels, pile-up.

Kept out of ``scenes/`` so manim does not list the base class as a scene.

Example::

    from .graph_scene_kit import GraphLectureScene

    class MyBeat(GraphLectureScene):
        def construct(self):
            title = self.show_title("The graph")
            diagram = self.graph_diagram(self.lecture_graph())
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, UL, UR, FadeIn, FadeOut, Transform, VGroup)

from backprop_core.expr.autodiff import PileUpStep
from backprop_core.expr.graph import build_graph
from backprop_core.number_format import show, show_factor

from backprop_core.i18n import _

from .config import expression
from .lang import MathTex, Text, subtitle
from .lecture_scene import LectureScene
from .mobjects.graph_mobjects import ExprGraphDiagram, with_backdrop
from .mobjects.layout import USABLE_WIDTH, fit_into
from .theme import color_of

# Screen regions (frame is 14.22 x 8): title strip on top, graph on the left, panel on the right.
GRAPH_CENTER = LEFT * 3.3 + DOWN * 0.35
GRAPH_SIZE = (6.6, 5.6)
PANEL_LEFT = 0.9
PANEL_WIDTH = 5.8
PANEL_TOP = 2.6


class GraphLectureScene(LectureScene):
    """Base for the graph-lecture scenes: helpers for titles, panels and the pile-up."""

    def setup(self):
        super().setup()
        self.built: dict = {}        # mobjects a test can compare with the core (name -> mobject)
        self._caption = None         # (text, start time, minimum duration) of the subtitle on screen

    def tear_down(self):
        self._flush_caption()
        super().tear_down()

    # ---- content ---------------------------------------------------------------------------
    def lecture_graph(self):
        """The configured expression (BACKPROP_EXPR / BACKPROP_AT / BACKPROP_CONFIG), built by the core."""
        text, at = expression()
        return build_graph(text, at)

    def graph_diagram(self, graph, **kwargs) -> ExprGraphDiagram:
        width, height = kwargs.pop("size", GRAPH_SIZE)
        diagram = ExprGraphDiagram(graph, width=width, height=height, **kwargs)
        fit_into(diagram, width + 0.9, height + 0.9)
        diagram.move_to(kwargs.get("center", GRAPH_CENTER))
        self.built["diagram"] = diagram
        return diagram

    # ---- text ------------------------------------------------------------------------------
    def show_title(self, text: str, caption: str | None = None, duration: float = 3):
        title = Text(text, font_size=36, color=color_of("text")).to_edge(UP, buff=0.3)
        fit_into(title, USABLE_WIDTH, 1.0)
        if caption:
            self.say(caption, duration)
        self.play(FadeIn(title, shift=DOWN * 0.2), run_time=0.6)
        if caption:
            self.wait(1.4)   # let the opening sentence be read
        self.built["title"] = title
        return title

    def say(self, caption: str, duration: float = 1.5):
        """Subtitle for the .srt; it stays until the next one starts (``duration`` only if nothing follows)."""
        self._flush_caption()
        self._caption = (caption, self.renderer.time, duration)

    def _flush_caption(self):
        if self._caption is None:
            return
        text, start, minimum = self._caption
        now = self.renderer.time
        duration = now - start if now - start > 0.2 else minimum   # never overlaps the next subtitle
        self.add_subcaption(subtitle(text), duration=duration, offset=start - now)   # starts back at `start`
        self._caption = None

    def panel(self, lines: list[str], top: float = PANEL_TOP, height: float = 4.8, font_size: float = 34,
              color=None, left: float = PANEL_LEFT, width: float = PANEL_WIDTH):
        """Left-aligned MathTex lines in the right-hand panel."""
        col = VGroup(*[MathTex(t, font_size=font_size, color=color or color_of("text")) for t in lines])
        col.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_into(col, width, height)
        col.move_to([left + col.width / 2, top - col.height / 2, 0])
        return col

    def slot(self, tex: str, y: float, font_size: float = 36, color=None, left: float = PANEL_LEFT,
             width: float = PANEL_WIDTH):
        """One MathTex line at height y in the panel, shrunk to the panel width."""
        mob = MathTex(tex, font_size=font_size, color=color or color_of("text"))
        fit_into(mob, width, 1.4)
        mob.move_to([left + mob.width / 2, y, 0])
        return mob

    def worded(self, words: str, tex: str, y: float, font_size: float = 36, color=None, left: float = PANEL_LEFT,
               width: float = PANEL_WIDTH):
        """Words (a translated Text) followed by a MathTex, as one line at height y in the panel."""
        color = color or color_of("text")
        parts = [Text(words, font_size=font_size * 0.8, color=color)]
        if tex:
            parts.append(MathTex(tex, font_size=font_size, color=color))
        mob = VGroup(*parts).arrange(RIGHT, buff=0.15)
        fit_into(mob, width, 1.4)
        mob.move_to([left + mob.width / 2, y, 0])
        return mob

    def clear_all(self, run_time: float = 0.6):
        if self.mobjects:
            self.play(*[FadeOut(m) for m in self.mobjects], run_time=run_time)

    # ---- the pile-up ---------------------------------------------------------------------------
    def pile_tex(self, parts: list[str], font_size: float = 30) -> MathTex:
        return with_backdrop(MathTex("+".join(parts), font_size=font_size, color=color_of("grad")))

    def _put_pile(self, diagram: ExprGraphDiagram, name: str, mob, inside: bool):
        """Inside: the pile sits in the node where its value was (../shared/seeds/000 piles up *in* the node)."""
        if inside:
            return diagram.in_node(name, mob)
        return diagram.place_near(name, mob, prefer=(RIGHT, LEFT, UR, UL, UP))

    def start_pile(self, diagram: ExprGraphDiagram, top: str, inside: bool = True):
        pile = self._put_pile(diagram, top, self.pile_tex(["1"]), inside)
        anims = [FadeIn(pile, scale=1.3), diagram.node(top).circle.animate.set_stroke(color=color_of("grad"))]
        if inside:
            anims.append(diagram.node(top).value.animate.set_opacity(0))
        self.play(*anims)
        return {top: (pile, ["1"])}

    def pile_up(self, diagram: ExprGraphDiagram, steps: list[PileUpStep], piles: dict, log_y: float | None = None,
                run_time: float = 1.0, inside: bool = True):
        """Play the pile-up (堆放) of ../shared/seeds/000: each step's chip travels down its edge and lands on the receiver's pile.

        ``piles`` maps node -> (mobject, summands); it is updated and returned. When ``log_y`` is given,
        a one-line log in the panel says what was sent.
        """
        log = None
        for step in steps:
            product = rf"{show_factor(step.sender_total)}\cdot{show_factor(step.partial)}"
            chip = with_backdrop(MathTex(product, font_size=28, color=color_of("grad")))
            anims = [diagram.send(step.sender, step.receiver, chip, downward=True, run_time=run_time)]
            if log_y is not None:
                new_log = self.slot(rf"{diagram.graph.node(step.sender).label_latex}\to "
                                    rf"{diagram.graph.node(step.receiver).label_latex}:\ {product} = {show(step.amount)}",
                                    log_y, font_size=34, color=color_of("grad"))
                anims.append(FadeIn(new_log) if log is None else Transform(log, new_log))
                log = log or new_log
            self.play(*anims)
            known = step.receiver in piles
            parts = (piles[step.receiver][1] if known else []) + [show(step.amount)]
            new = self.pile_tex(parts)
            if known:
                old = piles[step.receiver][0]
                if old in diagram.extras:
                    diagram.extras.remove(old)
                self._put_pile(diagram, step.receiver, new, inside)
                self.play(FadeOut(chip), Transform(old, new), run_time=0.5)
                if not inside:
                    diagram.extras[-1] = old
                piles[step.receiver] = (old, parts)
            else:
                self._put_pile(diagram, step.receiver, new, inside)
                anims = [Transform(chip, new)]
                if inside:
                    anims.append(diagram.node(step.receiver).value.animate.set_opacity(0))
                self.play(*anims, run_time=0.5)
                if not inside:
                    diagram.extras[-1] = chip
                piles[step.receiver] = (chip, parts)
        return piles, log

    def settle_piles(self, diagram: ExprGraphDiagram, piles: dict, totals: dict, inside: bool = True):
        """Replace every pile 2+3 by its total 5 (totals from the core)."""
        anims = []
        for name, (mob, parts) in piles.items():
            if len(parts) > 1:
                new = self.pile_tex([show(totals[name])])
                if inside:
                    diagram.in_node(name, new)
                else:
                    new.move_to(mob)
                anims.append(Transform(mob, new))
                piles[name] = (mob, [show(totals[name])])
        if anims:
            self.play(*anims, run_time=0.8)
        return piles
