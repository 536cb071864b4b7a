"""The path scenes' base: gradients traced on the network, one beat per traced gradient.

The network sits in the top band, the equations of the beat in the bottom band; each beat
clears the last one's equations and restores what it dimmed. Small networks get every gradient
traced; bigger ones one representative per layer (:data:`MAX_TRACED_WEIGHTS`), the rest listed
in delta form (``show_rest``).

Example::

    from backprop_anim.kit.paths import PathScene

    class OneWeight(PathScene):
        TITLE = N_("One weight")

        def construct(self):
            self.build_diagram(traced=["w2_1_1"])
            g = self.d.gradient("w2_1_1")
            self.trace_gradient(g, 2, detailed=True, extra_lines=[self.gradient_line(g)])
"""
from __future__ import annotations

from manim import DOWN, FadeIn, FadeOut, MathTex, Restore, VGroup

from backprop_core.i18n import _
from backprop_core.notation import plain_of_name
from backprop_core.number_format import show

from ..mobjects.layout import Region, fit_into, grid
from ..mobjects.network_diagram import min_tex_font, strip_svg_paths
from ..theme import color_of
from .network import EQ_FONT, EQUATIONS, NetworkScene, coloured
from .trace import GradientTrace

MAX_TRACED_WEIGHTS = 6  # per layer; beyond that the rest of the layer is listed in delta form
REST_ALONE = Region(-6.4, -3.6, 6.4, 2.9)   # the list on a slide of its own, under the title


class PathScene(NetworkScene):
    """A network scene whose beats trace gradients (``trace_gradient``) and list the rest
    (``show_rest``); the first such beat brings in the title (the scene's ``TITLE``) and the network."""

    def weights_of_layer(self, layer: int) -> list:
        """The core's gradients of the weights of one layer, in the derivation's order."""
        return [g for g in self.d.gradients.values() if g.parameter.kind == "w" and g.parameter.layer == layer]

    def entrance(self) -> list:
        """The title and the network fade in with the first beat (nothing once they are shown)."""
        if any(m is self.diagram for m in self.mobjects):
            return []
        return [FadeIn(self.title(_(self.TITLE))), FadeIn(self.diagram)]

    def trace_gradient(self, g, delta_layer: int, detailed: bool, extra_lines: list, narration=()):
        """One beat: :class:`~.trace.GradientTrace` of ``g``; it ends on the result, cleared (and
        the dimmed network restored) when the next beat starts."""
        self.beat(_("Trace {weight}").format(weight=plain_of_name(g.name)), *self.entrance())
        trace = GradientTrace(self, g, delta_layer, detailed, extra_lines, narration)
        trace.play()
        self.leave(lambda: [self.clear_equations(), *(Restore(m) for m in trace.dimmed)])

    def show_rest(self, rest, layer):
        """One beat: the weights not traced, in delta form; it ends on the table. Under the network
        if it is legible there, else on a slide of its own (the network comes back with the next beat)."""
        self.beat(_("Other weights of layer {layer}").format(layer=layer), *self.entrance())
        words = _("The other {n} weights of layer {layer}, each traced the same way").format(n=len(rest), layer=layer)
        note, table, alone = self.rest_table(rest, self.spec.layers[layer - 1], coloured(words, 24))
        self.say(words)
        self.play(FadeIn(note), FadeIn(table), *([FadeOut(self.diagram)] if alone else []), run_time=1.0)
        self.checkpoint(f"layer {layer}: rest", note, *table, *([] if alone else self.diagram.labels()))
        self.wait(1.5)
        self.leave(FadeOut(note), FadeOut(table), *([FadeIn(self.diagram)] if alone else []))

    def rest_table(self, rest, columns: int, note) -> tuple:
        """(note, table, alone?): the table of ``rest`` under the network, with as many of the
        ``columns`` as keep its lines legible; else alone under the title, in the middle of the slide."""
        least = min_tex_font()

        def legible(table) -> bool:
            return min(line.font_size for line in table) >= least - 1e-6

        for region in (EQUATIONS, REST_ALONE):
            fit_into(note, region.width, 0.4).move_to([0, region.top - 0.1, 0])
            for cols in range(columns, 0, -1):
                table = self.summary_grid(rest, cols, Region(region.left, region.bottom, region.right, region.top - 0.6))
                table.next_to(note, DOWN, buff=0.2)
                if legible(table):
                    break
            if legible(table):
                break
        if region is REST_ALONE:
            table.set_y((note.get_bottom()[1] - 0.2 + region.bottom) / 2)
        return note, table, region is REST_ALONE

    # -- what a trace needs from the scene ---------------------------------------------------
    def dim_off_path(self, gradient) -> list:
        """Fade everything that none of the gradient's paths touches (e.g. the other error)."""
        on = {name for p in gradient.paths for name in p.nodes}
        dg, dimmed = self.diagram, []
        for name, node in dg.nodes.items():
            if name not in on:
                dimmed.append(node)
        dimmed += [m for name, m in dg.weight_labels.items() if name not in on]
        for m in dimmed:
            m.save_state()
        return dimmed

    def clear_equations(self):
        """Fade every top-level mobject but the diagram and the title. Animations leave their own
        wrappers on the scene (Transform of a slice, FadeIn of a part), so fading what was built
        would leave ghosts behind; fading what is on screen does not."""
        keep = {id(self.diagram), id(self.record.shown.get("title"))}
        return FadeOut(*(m for m in self.mobjects if id(m) not in keep))

    # -- the lines under a trace: the core's LaTeX with this example's numbers ---------------
    def evaluated_line(self, g) -> MathTex:
        """dE/dp = the path products with this example's numbers filled in."""
        return strip_svg_paths(MathTex(g.evaluated_latex, font_size=EQ_FONT, color=color_of("text")))

    def delta_line(self, layer: int, j: int) -> MathTex:
        """delta = its recursive form (BP1/BP2; softmax output simplified) = its number."""
        term = self.d.deltas[(layer, j)]
        softmax_out = layer == self.spec.depth and self.spec.loss_fn.softmax_output
        return self._valued(term.simplified_latex if softmax_out else term.recursive_latex,
                            self.ev.deltas[(layer, j)], "delta", EQ_FONT)

    def gradient_line(self, g, font_size: float = EQ_FONT) -> MathTex:
        """dE/dp = delta a_prev (delta form) = its number."""
        return self._valued(g.delta_form_latex, self.ev.gradients[g.name], "grad", font_size)

    def summary_grid(self, gradients, columns: int, region: Region = EQUATIONS) -> VGroup:
        """The gradients not traced, in delta form with their numbers, fitted to ``region``."""
        return grid([self.gradient_line(g, font_size=36) for g in gradients], columns, region)

    def _valued(self, latex: str, value, kind: str, font_size: float) -> MathTex:
        tex = MathTex(latex, "=", show(value), font_size=font_size, color=color_of("text"))
        tex[2].set_color(color_of(kind))
        return strip_svg_paths(tex)
