"""Why δ wins, counted: δ⁽¹⁾₁ computed once and reused, then work against depth and width.

Every number comes from ``backprop_core.network.counts`` (exact counts by dynamic
programming); every formula from the derivation. Render one still with::

    PYTHONHASHSEED=0 manim render -ql -s scenes/why_delta.py WhyDeltaSavesWork
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UL, UP, Circumscribe, Dot, FadeIn, FadeOut, Flash, Indicate, MathTex, VGroup,
                   Write)

from backprop_anim.config import network_spec
from backprop_anim.kit.morph import Swap
from backprop_anim.kit.network import coloured
from backprop_anim.kit.scene import LectureScene, TitleStyle
from backprop_anim.kit.work_plot import decades_above, log_plot, work_curve
from backprop_anim.mobjects.layout import SAFE_HALF_HEIGHT, SAFE_HALF_WIDTH, Region, fit_into
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.theme import color_of
from backprop_core import notation
from backprop_core.i18n import N_, _
from backprop_core.network.counts import delta_reuse, depth_series, network_counts, width_series
from backprop_core.network.derivation import derive

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)

DEPTHS = range(2, 11)          # weight layers, at width 4
WIDTHS = (2, 4, 8, 16, 32, 64)  # at depth 3
NETWORK_BAND = Region(-6.3, -0.2, 6.3, 3.0)      # beat 1: the network on top, under the title
BELOW_TOP = -0.45                                # the two columns under it start here
LEFT_COLUMN, LEFT_WIDTH, RIGHT_COLUMN, RIGHT_WIDTH = -SAFE_HALF_WIDTH, 6.9, 1.0, 5.4
SAFE_BOTTOM = -SAFE_HALF_HEIGHT


class WhyDeltaSavesWork(LectureScene):
    """δ⁽¹⁾₁ is computed once and reused; the work of path sums explodes, δ's grows slowly."""

    TITLE = N_("Why δ saves work")
    title_style = TitleStyle(font_size=34, top=0.25)

    def setup(self):
        super().setup()
        self.spec = network_spec()
        self.derivation = derive(self.spec)
        self.reuse = delta_reuse(self.spec, 1, 1)
        self.totals = network_counts(self.spec)
        self.depth_points = depth_series(4, DEPTHS)
        self.width_points = width_series(3, WIDTHS)

    def construct(self):
        self.beat(_("δ computed once, reused"))
        self.show_title(_(self.TITLE), run_time=1.0)
        self.compute_delta_once()
        self.reuse_delta()
        self.beat(_("Work against depth and width"), run_time=1.0)
        self.plot_work()
        self.mark_our_network()
        self.compare_deepest()

    # -- beat 1: one δ, many uses ---------------------------------------------------------
    def compute_delta_once(self):
        """The network on top; under it δ⁽¹⁾₁'s recursive form and what computing it costs (left),
        the gradients that reuse it (right, ``reuse_delta``)."""
        d = self.derivation
        self.diagram = NetworkDiagram(d).fit_in(NETWORK_BAND)
        card = self.card = MathTex(d.deltas[(1, 1)].recursive_latex, font_size=38, color=color_of("delta"))
        fit_into(card, LEFT_WIDTH - 0.5).move_to([LEFT_COLUMN, BELOW_TOP, 0], aligned_edge=UL)
        once = self.once = VGroup(
            coloured(_("computed once: {n} multiplications").format(n=self.reuse.cost.multiplications), 26, "delta"),
            coloured(_("multiplications for each gradient:"), 26, "muted"))
        fit_into(once[0], LEFT_WIDTH).next_to(card, DOWN, buff=0.35).align_to(card, LEFT)
        fit_into(once[1], LEFT_WIDTH).next_to(once[0], DOWN, buff=0.2).align_to(card, LEFT)
        self.say(_("δ is computed once, then every weight and bias of the neuron reuses it."))
        self.play(FadeIn(self.diagram), Write(card), run_time=1.5)
        self.z = self.diagram.node(notation.z_name(1, 1))
        self.play(Circumscribe(self.z, color=color_of("delta")), FadeIn(once))

    def reuse_delta(self):
        """Each gradient of the neuron in turn: its work by paths and by δ, and the saving so far."""
        r, diagram, card = self.reuse, self.diagram, self.card
        rows, counter = VGroup(), None
        room = BELOW_TOP - SAFE_BOTTOM                                # the right column, from the top
        row_height = min(0.95, (room - 0.2 * (len(r.uses) - 1)) / len(r.uses))
        for (name, by_paths, by_delta), saved in zip(r.uses, r.saved):
            row = VGroup(MathTex(self.derivation.gradients[name].lhs_latex, font_size=34),
                         coloured(_("by paths: {paths}   by δ: {delta}").format(paths=by_paths, delta=by_delta), 26)
                         ).arrange(RIGHT, buff=0.3)
            fit_into(row, RIGHT_WIDTH, row_height)
            if len(rows):
                row.next_to(rows, DOWN, buff=0.2).align_to(rows, LEFT)
            else:
                row.move_to([RIGHT_COLUMN, BELOW_TOP, 0], aligned_edge=UL)
            rows.add(row)
            new_counter = coloured(_("multiplications saved: {n}").format(n=saved), 28, "grad")
            fit_into(new_counter, LEFT_WIDTH).next_to(self.once[1], DOWN, buff=0.4).align_to(card, LEFT)
            param = diagram.label(name) if name.startswith("w") else self.z
            anims = [FadeIn(row, shift=LEFT * 0.2), Indicate(card, color=color_of("delta")),
                     Flash(param, color=color_of("delta"))]
            anims.append(FadeIn(new_counter) if counter is None else Swap(counter, new_counter))
            self.play(*anims, run_time=1.0)
            counter = counter or new_counter
            self.wait(0.4)
        self.keep("reuse", [(name, p, q) for name, p, q in r.uses])
        self.keep("saved", r.saved[-1])
        self.wait(1.0)
        self.leave(FadeOut(VGroup(diagram, card, self.once, rows, counter)))   # stays until the next beat

    # -- beat 2: the curves -------------------------------------------------------------------
    def plot_work(self):
        """Multiplications for the whole gradient against depth and against width, both ways."""
        dp, wp = self.depth_points, self.width_points
        top = decades_above([p for _, p, _ in dp + wp])
        depth_x = [len(layers) - 1 for layers, _, _ in dp]
        width_x = list(range(len(wp)))            # evenly spaced: 2, 4, ..., 64
        self.depth_axes, left = log_plot(depth_x, [str(x) for x in depth_x], top, _("depth, width 4"))
        width_axes, right = log_plot(width_x, [str(layers[0]) for layers, _, _ in wp], top, _("width, depth 3"))
        plots = VGroup(left, right).arrange(RIGHT, buff=0.9)
        fit_into(plots, 2 * SAFE_HALF_WIDTH).next_to(self.record.shown["title"], DOWN, buff=0.3)
        curves = [work_curve(self.depth_axes, depth_x, [p for _, p, _ in dp], "E"),
                  work_curve(self.depth_axes, depth_x, [q for _, _, q in dp], "delta"),
                  work_curve(width_axes, width_x, [p for _, p, _ in wp], "E"),
                  work_curve(width_axes, width_x, [q for _, _, q in wp], "delta")]
        key = self.work_key = VGroup(coloured(_("sum over paths"), 24, "E"), coloured(_("δ (BP1-BP4)"), 24, "delta"))
        key.arrange(RIGHT, buff=0.8).move_to([0, -SAFE_HALF_HEIGHT + 0.25, 0])
        self.play(FadeIn(left), FadeIn(right), FadeIn(key))
        self.say(_("Multiplications for the whole gradient, on a log scale."))
        self.play(*(FadeIn(c) for c in curves), run_time=2)
        self.keep("depth", [(len(l) - 1, p, q) for l, p, q in dp])
        self.keep("width", [(l[0], p, q) for l, p, q in wp])

    def mark_our_network(self):
        """The lecture's network, where it sits on the depth axis."""
        paths, deltas = self.totals.total_path_sum.multiplications, self.totals.total_delta.multiplications
        self.keep("lecture", (paths, deltas))
        if not DEPTHS.start <= self.spec.depth < DEPTHS.stop:
            return
        marks = VGroup(*(Dot(self.depth_axes.c2p(self.spec.depth, value), radius=0.09, color=color_of("text"))
                         for value in (paths, deltas)))
        name = coloured(_("our {network}").format(network="-".join(map(str, self.spec.layers))), 24)
        marks.add(name.next_to(marks[1], DOWN + RIGHT, buff=0.1))
        self.play(FadeIn(marks))

    def compare_deepest(self):
        """The deepest network's two counts, side by side."""
        last = self.depth_points[-1]
        ratio = coloured(_("depth {depth}: {paths:,} vs {delta:,}").format(
            depth=len(last[0]) - 1, paths=last[1], delta=last[2]), 24)
        ratio.next_to(self.work_key, UP, buff=0.2)
        self.play(FadeIn(ratio))
        self.wait(2.5)
