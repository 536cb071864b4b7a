"""Why δ wins, counted: δ^{(1)}_1 computed once and reused, then work against depth and width.

Every number comes from ``backprop_core.network.counts`` (exact counts by dynamic
programming); every formula from the derivation. Render one still with::

    PYTHONHASHSEED=0 manim render -ql -s scenes/why_delta.py WhyDeltaSavesWork
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, Axes, Circumscribe, Dot, FadeIn, FadeOut, Flash, Indicate, MathTex,
                   VGroup, Write)
from manim.mobject.graphing.scale import LogBase

from backprop_anim.config import network_spec
from backprop_anim.lang import Text
from backprop_anim.lecture_scene import LectureScene
from backprop_anim.mobjects.layout import frame_region
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.theme import color_of
from backprop_core import notation
from backprop_core.i18n import N_, _
from backprop_core.network.counts import delta_reuse, depth_series, network_counts, width_series
from backprop_core.network.derivation import derive

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)

DEPTHS = range(2, 11)          # weight layers, at width 4
WIDTHS = (2, 4, 8, 16, 32, 64)  # at depth 3
FONT = 26


def _log10_top(values) -> int:
    top = 1
    while 10 ** top < max(values):
        top += 1
    return top


class WhyDeltaSavesWork(LectureScene):
    """δ⁽¹⁾₁ is computed once and reused; the work of path sums explodes, δ's grows slowly."""

    TITLE = N_("Why δ saves work")

    def setup(self):
        super().setup()
        self.spec = network_spec()
        self.derivation = derive(self.spec)
        self.reuse = delta_reuse(self.spec, 1, 1)
        self.totals = network_counts(self.spec)
        self.depth_points = depth_series(4, DEPTHS)
        self.width_points = width_series(3, WIDTHS)
        self.shown_counts: dict[str, object] = {}   # what the viewer reads, for the tests

    def _text(self, words: str, size: int = FONT, kind: str = "text") -> Text:
        return Text(words, font_size=size, color=color_of(kind))

    def construct(self):
        self.next_section(_("δ computed once, reused"))
        title = self._text(_("Why δ saves work"), 34).to_edge(UP, buff=0.25)
        self.play(FadeIn(title))
        self.reuse_beat(title)
        self.plot_beat(title)

    # -- beat 1: one δ, many uses ---------------------------------------------------------
    def reuse_beat(self, title):
        r, d = self.reuse, self.derivation
        diagram = NetworkDiagram(d).fit_in(frame_region("left", fraction=0.5), buff=0.2)
        diagram.shift(DOWN * 0.3)
        delta = d.deltas[(1, 1)]
        card = MathTex(delta.recursive_latex, color=color_of("delta")).scale(0.8)
        card.next_to(title, DOWN, buff=0.4).to_edge(RIGHT, buff=0.4)
        if card.width > 6.2:
            card.scale_to_fit_width(6.2).to_edge(RIGHT, buff=0.4)
        once = VGroup(self._text(_("computed once: {n} multiplications").format(n=r.cost.multiplications), 22, "delta"),
                      self._text(_("multiplications for each gradient:"), 22, "muted")).arrange(DOWN, aligned_edge=LEFT)
        once.next_to(card, DOWN, buff=0.25).align_to(card, LEFT)
        self.narrate(_("δ is computed once, then every weight and bias of the neuron reuses it."), duration=4)
        self.play(FadeIn(diagram), Write(card), run_time=1.5)
        z = diagram.node(notation.z_name(1, 1))
        self.play(Circumscribe(z, color=color_of("delta")), FadeIn(once))
        rows, counter = VGroup(), None
        for (name, by_paths, by_delta), saved in zip(r.uses, r.saved):
            row = VGroup(MathTex(d.gradients[name].lhs_latex, font_size=30),
                         self._text(_("by paths: {paths}   by δ: {delta}").format(paths=by_paths, delta=by_delta), 22)).arrange(RIGHT, buff=0.3)
            row.next_to(rows if len(rows) else once, DOWN, buff=0.25).align_to(once, LEFT)
            rows.add(row)
            new_counter = self._text(_("multiplications saved: {n}").format(n=saved), 26, "grad")
            new_counter.to_edge(DOWN, buff=0.4).to_edge(RIGHT, buff=0.5)
            param = diagram.label(name) if name.startswith("w") else z
            anims = [FadeIn(row, shift=LEFT * 0.2), Indicate(card, color=color_of("delta")),
                     Flash(param, color=color_of("delta"))]
            anims.append(FadeIn(new_counter) if counter is None else counter.animate.become(new_counter))
            self.play(*anims, run_time=1.0)
            counter = counter or new_counter
            self.wait(0.4)
        self.shown_counts["reuse"] = [(name, p, q) for name, p, q in r.uses]
        self.shown_counts["saved"] = r.saved[-1]
        self.wait(1.0)
        self.reused = VGroup(diagram, card, once, rows, counter)     # stays on the slide until the next beat

    # -- beat 2: the curves -------------------------------------------------------------------
    def _axes(self, xs, top, x_label):
        axes = Axes(x_range=[xs[0], xs[-1], 1], y_range=[0, top, 2],
                    x_length=5.6, y_length=4.2, tips=False,
                    axis_config={"color": color_of("muted"), "include_numbers": False},
                    y_axis_config={"scaling": LogBase(custom_labels=True), "include_numbers": True,
                                   "font_size": 22})
        label = self._text(x_label, 22, "muted").next_to(axes.x_axis, DOWN, buff=0.25)
        return axes, label

    def _curve(self, axes, xs, ys, kind):
        return axes.plot_line_graph(xs, ys, line_color=color_of(kind), vertex_dot_radius=0.05,
                                    vertex_dot_style={"fill_color": color_of(kind)})

    def plot_beat(self, title):
        self.next_section(_("Work against depth and width"))
        self.play(FadeOut(self.reused))
        dp, wp = self.depth_points, self.width_points
        top = _log10_top([p for _, p, _ in dp + wp])
        depth_x = [len(layers) - 1 for layers, _, _ in dp]
        ax1, l1 = self._axes(depth_x, top, _("depth, width 4"))
        width_x = list(range(len(wp)))            # evenly spaced: 2, 4, ..., 64
        ax2, l2 = self._axes(width_x, top, _("width, depth 3"))
        ticks = VGroup(*(self._text(str(layers[0]), 18, "muted").next_to(ax2.c2p(i, 1), DOWN, buff=0.1)
                         for i, (layers, _, _) in enumerate(wp)))
        ticks1 = VGroup(*(self._text(str(x), 18, "muted").next_to(ax1.c2p(x, 1), DOWN, buff=0.1) for x in depth_x))
        l1.next_to(ticks1, DOWN, buff=0.15)
        l2.next_to(ticks, DOWN, buff=0.15)
        left = VGroup(ax1, ticks1, l1)
        right = VGroup(ax2, ticks, l2)
        VGroup(left, right).arrange(RIGHT, buff=1.0).next_to(title, DOWN, buff=0.35)
        curves = [self._curve(ax1, depth_x, [p for _, p, _ in dp], "E"),
                  self._curve(ax1, depth_x, [q for _, _, q in dp], "delta"),
                  self._curve(ax2, width_x, [p for _, p, _ in wp], "E"),
                  self._curve(ax2, width_x, [q for _, _, q in wp], "delta")]
        key = VGroup(self._text(_("sum over paths"), 22, "E"), self._text(_("δ (BP1-BP4)"), 22, "delta"))
        key.arrange(RIGHT, buff=0.8).to_edge(DOWN, buff=0.25)
        self.play(FadeIn(left), FadeIn(right), FadeIn(key))
        self.narrate(_("Multiplications for the whole gradient, on a log scale."), duration=3)
        self.play(*(FadeIn(c) for c in curves), run_time=2)
        # the lecture's network, where it sits on the depth axis
        layers, paths, deltas = self.spec.layers, self.totals.total_path_sum.multiplications, \
            self.totals.total_delta.multiplications
        marks = VGroup()
        if DEPTHS.start <= self.spec.depth < DEPTHS.stop:
            for value, kind in ((paths, "E"), (deltas, "delta")):
                marks.add(Dot(ax1.c2p(self.spec.depth, value), radius=0.09, color=color_of("text")))
            name = self._text(_("our {network}").format(network="-".join(map(str, layers))), 20).next_to(marks[1], DOWN + RIGHT, buff=0.1)
            marks.add(name)
            self.play(FadeIn(marks))
        last = dp[-1]
        ratio = self._text(_("depth {depth}: {paths:,} vs {delta:,}").format(depth=len(last[0]) - 1, paths=last[1], delta=last[2]), 22)
        ratio.next_to(key, UP, buff=0.2)
        self.play(FadeIn(ratio))
        self.shown_counts["depth"] = [(len(l) - 1, p, q) for l, p, q in dp]
        self.shown_counts["width"] = [(l[0], p, q) for l, p, q in wp]
        self.shown_counts["lecture"] = (paths, deltas)
        self.wait(2.5)
