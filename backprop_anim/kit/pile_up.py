"""The pile-up (堆放, ../shared/seeds/000) played on a drawn graph: reverse accumulation as motion.

The top starts with 1; each step's chip (sender's total x edge partial, from the core's
:class:`~backprop_core.expr.autodiff.PileUpStep`) travels down its edge and lands on the
receiver's pile, which reads 2+3 until it is settled to 5. Kept apart from the scenes so the
chain-rule scene and the reverse-accumulation scene pile up the same way.

Example::

    from backprop_anim.kit.pile_up import PileUp

    pile = PileUp(self, diagram)            # piles beside the nodes; their forward values stay
    pile.start(g.top)
    pile.send(reverse_steps(g), log_y=-2.0)
    pile.settle(adjoints(g))
    self.keep("piles", pile.summands())
"""
from __future__ import annotations

from manim import LEFT, RIGHT, UL, UP, UR, AnimationGroup, FadeIn, FadeOut, Succession

from ..lang import MathTex
from ..mobjects.graph_mobjects import with_backdrop
from ..theme import color_of
from .morph import Swap
from .panel import slot
from backprop_core.number_format import show


PILE_SIZE = 34     # a pile beside its node, and the chip on its way (both read from the back row)
CHIP_SIZE = 32


def pile_tex(parts: list[str], font_size: float = PILE_SIZE) -> MathTex:
    """A pile: its summands joined by +, in the gradient colour on a backdrop."""
    return with_backdrop(MathTex("+".join(parts), font_size=font_size, color=color_of("grad")))


class PileUp:
    """The piles on one diagram: node -> (mobject, summands), played in ``scene``.

    A pile sits beside its node in the gradient colour, where nothing else is; the node keeps its
    forward value (every graph scene shows the backward numbers so).
    """

    def __init__(self, scene, diagram):
        self.scene, self.diagram = scene, diagram
        self.piles: dict = {}
        self.log = None           # the last send's one-line log in the panel, if any

    def _put(self, name: str, mob):
        return self.diagram.place_near(name, mob, prefer=(RIGHT, LEFT, UR, UL, UP))

    def start(self, top: str):
        """The top node's pile: 1."""
        pile = self._put(top, pile_tex(["1"]))
        node = self.diagram.node(top)
        self.scene.play(FadeIn(pile, scale=1.3), node.circle.animate.set_stroke(color=color_of("grad")))
        self.piles[top] = (pile, ["1"])

    def send(self, steps, log_y: float | None = None, run_time: float = 1.0):
        """Play each step: its chip travels down its edge and lands on the receiver's pile, in one
        animation (the chip never rests on a label). With ``log_y``, a one-line log at that height in
        the panel says what was sent."""
        self.log = None
        for step in steps:
            chip = with_backdrop(MathTex(step.product_latex, font_size=CHIP_SIZE, color=color_of("grad")))
            travel = self.diagram.send(step.sender, step.receiver, chip, downward=True, run_time=run_time)
            landing, held = self._landing(step, chip)
            anims = [Succession(travel, AnimationGroup(*landing, run_time=0.5))]
            if log_y is not None:
                new_log = slot(step.log_latex(self.diagram.graph), log_y, font_size=34, color=color_of("grad"))
                anims.append(FadeIn(new_log) if self.log is None else Swap(self.log, new_log))
                self.log = self.log or new_log
            self.scene.play(*anims)
            self.diagram.extras[-1] = held         # the mobject the scene holds now shows the pile

    def _landing(self, step, chip) -> tuple[list, object]:
        """The receiver's new pile placed beside it; the animations that put it there, and the
        mobject that shows it afterwards (the old pile, or the chip for a first pile)."""
        known = step.receiver in self.piles
        parts = (self.piles[step.receiver][1] if known else []) + [show(step.amount)]
        new = pile_tex(parts)
        if known:
            old = self.piles[step.receiver][0]
            if old in self.diagram.extras:
                self.diagram.extras.remove(old)
            self._put(step.receiver, new)
            self.piles[step.receiver] = (old, parts)
            return [FadeOut(chip), Swap(old, new)], old
        self._put(step.receiver, new)
        self.piles[step.receiver] = (chip, parts)
        return [Swap(chip, new)], chip

    def settle(self, totals: dict):
        """Replace every pile 2+3 by its total 5 (``totals`` from the core)."""
        anims = []
        for name, (mob, parts) in self.piles.items():
            if len(parts) > 1:
                new = pile_tex([show(totals[name])]).move_to(mob)     # on the pile's side, against the node
                new.align_to(mob, LEFT if mob.get_x() > self.diagram.node(name).circle.get_x() else RIGHT)
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
