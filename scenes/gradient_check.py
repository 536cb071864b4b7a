"""Gradient check: the derived gradients against finite differences, and why backprop is fast.

Nielsen, *Neural Networks and Deep Learning* ch. 2, eq. (46) and "in what sense is backpropagation a
fast algorithm?" (../shared/seeds/004): the core's gradient table (``backprop_core.network.check``)
for a seeded example, the errors in it, and the pass counts of ``backprop_core.network.cost``; the
screens are laid out by ``backprop_anim.kit.check_table``.

    BACKPROP_LAYERS=3,2,2,2 BACKPROP_ACTIVATION=relu BACKPROP_LOSS=softmax_ce \\
        manim render -ql scenes/gradient_check.py GradientCheck
"""
from __future__ import annotations

from manim import LEFT, RIGHT, FadeIn, FadeOut, GrowFromEdge, LaggedStart, Write

from backprop_anim.config import network_spec
from backprop_anim.kit.check_table import cost_screen, formulas, table_screens
from backprop_anim.kit.scene import LectureScene
from backprop_core import Example
from backprop_core.i18n import N_, _
from backprop_core.network.check import gradient_table

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)


class GradientCheck(LectureScene):
    """Gradient check: backprop's gradients next to finite differences (eq. 46), and why backprop is fast."""

    TITLE = N_("Is the derivation right?")

    def construct(self):
        self.spec = network_spec()
        self.table = gradient_table(Example.lecture(self.spec))
        self.finite_differences()
        pages = self.check_screens()
        for number, page in enumerate(pages, 1):
            self.check_page(number, page, len(pages))
        self.they_agree()
        self.why_backprop_is_fast()
        self.a_million_weights()

    def finite_differences(self):
        self.beat(_("Finite differences"))
        self.heading = self.title(_(self.TITLE))
        eq46, ours, note = formulas()
        self.say(_("Check the derived gradients against the definition of a derivative: "
                   "nudge one parameter, watch the error."))
        self.play(FadeIn(self.heading), Write(eq46), run_time=2)
        self.say(_("We use central differences at two step sizes, combined by Richardson "
                   "extrapolation, so the check is accurate to about 1e-10."))
        self.play(Write(ours), FadeIn(note), run_time=2)
        self.wait(1)
        self.leave(FadeOut(eq46), FadeOut(ours), FadeOut(note))

    def check_screens(self) -> list:
        self.sub, pages, self.summary = table_screens(self.spec, self.table, self.heading)
        return pages

    def check_page(self, number: int, page, pages: int):
        """One page of the table; the first one opens with its sub-heading."""
        self.beat(_("The check, page {page} of {pages}").format(page=number, pages=pages) if pages > 1
                  else _("The check"), run_time=0.7 if number == 1 else 0.4)
        self.key_result()
        if number == 1:
            self.play(FadeIn(self.sub), run_time=0.5)
            self.say(_("Every gradient from backprop next to its finite-difference estimate and torch autograd.")
                     if self.table.with_torch else _("Every gradient from backprop next to its finite-difference estimate."))
        self.play(FadeIn(page.header), FadeIn(page.rule), run_time=0.4)
        self.play(LaggedStart(*[FadeIn(r, shift=0.1 * RIGHT) for r in page.rows], lag_ratio=0.15),
                  run_time=min(3.0, 0.25 * len(page.rows) + 0.5))
        self.wait(1.2)
        self.leave(FadeOut(page))

    def they_agree(self):
        worst = max(r.error for r in self.table.rows)
        self.say(_("They agree: the largest difference is {worst}, "
                   "rounding and the finite-difference error.").format(worst=f"{worst:.1e}"))
        self.play(FadeIn(self.summary), run_time=0.6)
        self.wait(2)
        self.leave(FadeOut(self.summary), FadeOut(self.sub), FadeOut(self.heading))

    def why_backprop_is_fast(self):
        title = self.title(_("Why backprop is fast"))
        params, bars, self.million, self.million2 = cost_screen(self.spec, title)
        self.say(_("Finite differences need passes for every one of the {n} "
                   "parameters; the check we ran needs four per parameter.").format(n=len(self.table.rows)))
        # the table's screen fades out while the new one comes in: never a blank frame between
        self.beat(_("Why backprop is fast"), FadeIn(title), FadeIn(params), run_time=0.8)
        for group in bars[:3]:
            self.play(FadeIn(group[0]), GrowFromEdge(group[1], LEFT), FadeIn(group[2]), run_time=0.8)
        self.say(_("Backprop gets all of them from one forward and one backward pass."))
        self.play(FadeIn(bars[3][0]), GrowFromEdge(bars[3][1], LEFT), FadeIn(bars[3][2]), run_time=0.8)
        self.wait(1)

    def a_million_weights(self):
        self.beat(_("A million weights"))
        self.say(_("With a million weights that is a million and one forward passes, "
                   "against one forward and one backward pass."))
        self.play(FadeIn(self.million), run_time=0.8)
        self.play(FadeIn(self.million2), run_time=0.8)
        self.wait(2.4)
