"""The pile-up (堆放, ../shared/seeds/000) played on a drawn graph: reverse accumulation as motion.

The top starts with 1; each step's chip (sender's total x edge partial, from the core's
:class:`~backprop_core.expr.autodiff.PileUpStep`) travels down its edge and lands on the
receiver's pile, which reads 2+3 until it is settled to 5. Kept apart from the scenes so the
chain-rule scene and the reverse-accumulation scene pile up the same way.

Example::

    from backprop_anim.kit.pile_up import PileUp

    pile = PileUp(self, diagram)            # piles inside the nodes, where their values were
    pile.start(g.top)
    pile.send(reverse_steps(g), log_y=-2.0)
    pile.settle(adjoints(g))
    self.keep("piles", pile.summands())
"""
from __future__ import annotations

from manim import LEFT, RIGHT, UL, UP, UR, FadeIn, FadeOut

from ..lang import MathTex
from ..mobjects.graph_mobjects import with_backdrop
from ..theme import color_of
from .morph import Swap
from .panel import slot
from backprop_core.number_format import show


def pile_tex(parts: list[str], font_size: float = 30) -> MathTex:
    """A pile: its summands joined by +, in the gradient colour on a backdrop."""
    return with_backdrop(MathTex("+".join(parts), font_size=font_size, color=color_of("grad")))


class PileUp:
    """The piles on one diagram: node -> (mobject, summands), played in ``scene``.

    ``inside``: a pile sits in its node where the value was (seed 000 piles up *in* the node);
    otherwise beside it.
    """

    def __init__(self, scene, diagram, inside: bool = True):
        self.scene, self.diagram, self.inside = scene, diagram, inside
        self.piles: dict = {}
        self.log = None           # the last send's one-line log in the panel, if any

    def _put(self, name: str, mob):
        if self.inside:
            return self.diagram.in_node(name, mob)
        return self.diagram.place_near(name, mob, prefer=(RIGHT, LEFT, UR, UL, UP))

    def start(self, top: str):
        """The top node's pile: 1."""
        pile = self._put(top, pile_tex(["1"]))
        node = self.diagram.node(top)
        anims = [FadeIn(pile, scale=1.3), node.circle.animate.set_stroke(color=color_of("grad"))]
        if self.inside:
            anims.append(node.value.animate.set_opacity(0))
        self.scene.play(*anims)
        self.piles[top] = (pile, ["1"])

    def send(self, steps, log_y: float | None = None, run_time: float = 1.0):
        """Play each step: its chip travels down its edge, then lands on the receiver's pile. With
        ``log_y``, a one-line log at that height in the panel says what was sent."""
        self.log = None
        for step in steps:
            chip = with_backdrop(MathTex(step.product_latex, font_size=28, color=color_of("grad")))
            anims = [self.diagram.send(step.sender, step.receiver, chip, downward=True, run_time=run_time)]
            if log_y is not None:
                new_log = slot(step.log_latex(self.diagram.graph), log_y, font_size=34, color=color_of("grad"))
                anims.append(FadeIn(new_log) if self.log is None else Swap(self.log, new_log))
                self.log = self.log or new_log
            self.scene.play(*anims)
            self._land(step, chip)

    def _land(self, step, chip):
        known = step.receiver in self.piles
        parts = (self.piles[step.receiver][1] if known else []) + [show(step.amount)]
        new = pile_tex(parts)
        extras = self.diagram.extras
        if known:
            old = self.piles[step.receiver][0]
            if old in extras:
                extras.remove(old)
            self._put(step.receiver, new)
            self.scene.play(FadeOut(chip), Swap(old, new), run_time=0.5)
            if not self.inside:
                extras[-1] = old
            self.piles[step.receiver] = (old, parts)
            return
        self._put(step.receiver, new)
        anims = [Swap(chip, new)]
        if self.inside:
            anims.append(self.diagram.node(step.receiver).value.animate.set_opacity(0))
        self.scene.play(*anims, run_time=0.5)
        if not self.inside:
            extras[-1] = chip
        self.piles[step.receiver] = (chip, parts)

    def settle(self, totals: dict):
        """Replace every pile 2+3 by its total 5 (``totals`` from the core)."""
        anims = []
        for name, (mob, parts) in self.piles.items():
            if len(parts) > 1:
                new = pile_tex([show(totals[name])])
                if self.inside:
                    self.diagram.in_node(name, new)
                else:
                    new.move_to(mob)
                anims.append(Swap(mob, new))
                self.piles[name] = (mob, [show(totals[name])])
        if anims:
            self.scene.play(*anims, run_time=0.8)

    def drop_log(self):
        """Take the last log off the screen (it stayed for its beat's end frame)."""
        if self.log is not None:
            self.scene.remove(self.log)

    def summands(self) -> dict:
        """node -> the summands its pile shows (what tests compare with the core)."""
        return {k: v[1] for k, v in self.piles.items()}
