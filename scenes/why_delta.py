"""Why δ wins, counted: δ⁽¹⁾₁ computed once and reused, then work against depth and width.

Every number comes from ``backprop_core.network.counts`` (exact counts by dynamic
programming); every formula from the derivation. Render one still with::

    PYTHONHASHSEED=0 manim render -ql -s scenes/why_delta.py WhyDeltaSavesWork
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, Circumscribe, Dot, FadeIn, FadeOut, Flash, Indicate, MathTex, VGroup,
                   Write)

from backprop_anim.config import network_spec
from backprop_anim.kit.morph import Swap
from backprop_anim.kit.network import coloured
from backprop_anim.kit.scene import LectureScene, TitleStyle
from backprop_anim.kit.work_plot import decades_above, log_plot, work_curve
from backprop_anim.mobjects.layout import FRAME_WIDTH, fit_into, frame_region
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.theme import color_of
from backprop_core import notation
from backprop_core.i18n import N_, _
from backprop_core.network.counts import delta_reuse, depth_series, network_counts, width_series
from backprop_core.network.derivation import derive

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)

DEPTHS = range(2, 11)          # weight layers, at width 4
WIDTHS = (2, 4, 8, 16, 32, 64)  # at depth 3
RIGHT_EDGE = FRAME_WIDTH / 2 - 0.15   # the rows beside the network end here


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
        """The network, δ⁽¹⁾₁'s recursive form and what computing it costs."""
        d = self.derivation
        self.diagram = NetworkDiagram(d).fit_in(frame_region("left", fraction=0.5), buff=0.2)
        self.diagram.shift(DOWN * 0.3)
        card = self.card = MathTex(d.deltas[(1, 1)].recursive_latex, color=color_of("delta")).scale(0.8)
        card.next_to(self.record.shown["title"], DOWN, buff=0.4).to_edge(RIGHT, buff=0.4)
        if card.width > 6.2:
            card.scale_to_fit_width(6.2).to_edge(RIGHT, buff=0.4)
        once = self.once = VGroup(
            coloured(_("computed once: {n} multiplications").format(n=self.reuse.cost.multiplications), 22, "delta"),
            coloured(_("multiplications for each gradient:"), 22, "muted")).arrange(DOWN, aligned_edge=LEFT)
        fit_into(once, RIGHT_EDGE - card.get_left()[0])       # longer translations shrink, never leave the frame
        once.next_to(card, DOWN, buff=0.25).align_to(card, LEFT)
        self.say(_("δ is computed once, then every weight and bias of the neuron reuses it."), duration=4)
        self.play(FadeIn(self.diagram), Write(card), run_time=1.5)
        self.z = self.diagram.node(notation.z_name(1, 1))
        self.play(Circumscribe(self.z, color=color_of("delta")), FadeIn(once))

    def reuse_delta(self):
        """Each gradient of the neuron in turn: its work by paths and by δ, and the saving so far."""
        r, diagram, card = self.reuse, self.diagram, self.card
        rows, counter = VGroup(), None
        for (name, by_paths, by_delta), saved in zip(r.uses, r.saved):
            row = VGroup(MathTex(self.derivation.gradients[name].lhs_latex, font_size=30),
                         coloured(_("by paths: {paths}   by δ: {delta}").format(paths=by_paths, delta=by_delta), 22)
                         ).arrange(RIGHT, buff=0.3)
            fit_into(row, RIGHT_EDGE - self.once.get_left()[0])
            row.next_to(rows if len(rows) else self.once, DOWN, buff=0.25).align_to(self.once, LEFT)
            rows.add(row)
            new_counter = coloured(_("multiplications saved: {n}").format(n=saved), 26, "grad")
            new_counter.to_edge(DOWN, buff=0.4).to_edge(RIGHT, buff=0.5)
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
        VGroup(left, right).arrange(RIGHT, buff=1.0).next_to(self.record.shown["title"], DOWN, buff=0.35)
        curves = [work_curve(self.depth_axes, depth_x, [p for _, p, _ in dp], "E"),
                  work_curve(self.depth_axes, depth_x, [q for _, _, q in dp], "delta"),
                  work_curve(width_axes, width_x, [p for _, p, _ in wp], "E"),
                  work_curve(width_axes, width_x, [q for _, _, q in wp], "delta")]
        key = self.work_key = VGroup(coloured(_("sum over paths"), 22, "E"), coloured(_("δ (BP1-BP4)"), 22, "delta"))
        key.arrange(RIGHT, buff=0.8).to_edge(DOWN, buff=0.25)
        self.play(FadeIn(left), FadeIn(right), FadeIn(key))
        self.say(_("Multiplications for the whole gradient, on a log scale."), duration=3)
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
        name = coloured(_("our {network}").format(network="-".join(map(str, self.spec.layers))), 20)
        marks.add(name.next_to(marks[1], DOWN + RIGHT, buff=0.1))
        self.play(FadeIn(marks))

    def compare_deepest(self):
        """The deepest network's two counts, side by side."""
        last = self.depth_points[-1]
        ratio = coloured(_("depth {depth}: {paths:,} vs {delta:,}").format(
            depth=len(last[0]) - 1, paths=last[1], delta=last[2]), 22)
        ratio.next_to(self.work_key, UP, buff=0.2)
        self.play(FadeIn(ratio))
        self.wait(2.5)
