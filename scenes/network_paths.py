"""The network lecture, part one: gradients as paths on the network (the TDS article *Understanding Backpropagation*, fig. 1-4, 7-9, 17-18).

Render one beat::

    PYTHONHASHSEED=0 manim render -ql scenes/network_paths.py FinalLayerPaths

The network comes from ``BACKPROP_LAYERS`` / ``BACKPROP_ACTIVATION`` / ``BACKPROP_LOSS``
(default 2-2-2 sigmoid mse). Every formula is a core LaTeX string, every number comes from
``evaluate(d, Example.lecture(spec))``; this file only stages them. Small networks get
every gradient traced; bigger ones one representative path per layer and the counts.
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, Create, FadeIn, FadeOut, LaggedStart, MathTex, VGroup, Write

from backprop_anim.kit.network import EQUATIONS, SETUP, NetworkScene, coloured
from backprop_anim.kit.paths import MAX_TRACED_WEIGHTS, PathScene
from backprop_anim.kit.trace import MAX_FULL_PATHS
from backprop_anim.mobjects.layout import fit_into
from backprop_anim.theme import color_of
from backprop_core.i18n import N_, _
from backprop_core.network.matrix_form import general_equations
from backprop_core.notation import b_name
from backprop_core.number_format import show

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)


class NetworkSetup(NetworkScene):
    """The network as the TDS article draws it: inputs, neurons split into z and a, errors, biases, one forward pass."""

    TITLE = N_("The network")

    def construct(self):
        self.build_diagram(values=True, region=SETUP)
        self.draw_network()
        self.weights_and_biases()
        self.forward_pass()
        self.definitions()

    def draw_network(self):
        """Inputs, layer after layer, the errors; then the key of the letters."""
        spec, dg = self.spec, self.diagram
        self.beat(_("The network"))
        self.show_title(_("The network: {layers}, {activation}, {loss}").format(
            layers="-".join(map(str, spec.layers)), activation=spec.activation, loss=spec.loss))
        self.say(_("On the left the inputs x. Every neuron is drawn as two nodes: "
                   "z, the weighted sum, and a, the activation."))
        self.play(FadeIn(dg.column("x")), run_time=0.6)
        last = self.draw_layers()
        self.say(_("Each output has its own error e, and E is their total."))
        tail = {n for n in dg.nodes if n.startswith("e") or n == "E"} | last
        self.play(Create(self.edges_among(tail)), FadeIn(dg.column("e")), FadeIn(dg.column("E")), run_time=0.8)
        self.play(FadeIn(self.keep("key", self.network_key())), run_time=0.6)
        self.wait(1)

    def draw_layers(self) -> set:
        """Each layer: its weighted sums z with their incoming edges, then its activations a.
        Returns the last layer's a nodes."""
        dg = self.diagram
        prev = set(n for n in dg.nodes if n.startswith("x"))
        for l in range(1, self.spec.depth + 1):
            names = self.neuron_names(l)
            self.play(Create(self.edges_into(prev, names)), FadeIn(dg.column("z", l)), run_time=0.8)
            self.play(Create(self.edges_among(names)), FadeIn(dg.column("a", l)), run_time=0.6)
            prev = {n for n in names if n.startswith("a")}
        return prev

    def weights_and_biases(self):
        dg = self.diagram
        self.beat(_("Weights and biases"))
        self.say(_("Weights sit on the edges: w with layer l and indices j k goes to neuron j from neuron k, "
                   "so each row of weights feeds one neuron."))
        if dg.weight_labels:
            self.play(LaggedStart(*(FadeIn(m) for m in dg.weight_labels.values()), lag_ratio=0.08), run_time=1.5)
        biases = VGroup(*(dg.nodes[n] for n in dg.nodes if n.startswith("b")))
        bias_edges = VGroup(*(dg.edge(e.source, e.target) for e in dg.graph.edges if e.source.startswith("b")))
        self.say(_("Each z also gets a bias b."))
        self.play(FadeIn(biases), Create(bias_edges), run_time=0.8)
        hidden = len(dg.hidden_labels)
        if hidden:
            note = coloured(_("{n} weight labels hidden to keep the picture readable").format(n=hidden), 22, "muted")
            fit_into(note, EQUATIONS.width, 0.3).next_to(dg, DOWN, buff=0.12)
            if note.get_bottom()[1] < self.record.shown["key"].get_top()[1] + 0.05:   # a tall network:
                note.next_to(self.record.shown["key"], DOWN, buff=0.12)             # under the key
            self.play(FadeIn(self.keep("hidden_note", note)), run_time=0.4)
        self.wait(1)

    def forward_pass(self):
        dg = self.diagram
        self.beat(_("Forward pass"))
        self.say(_("One training example: a forward pass fills every node, "
                   "and the total error is {loss}.").format(loss=show(self.ev.loss)))
        for column in self.value_columns():
            self.play(FadeIn(column, shift=0.1 * DOWN), run_time=0.4)
        example = self.example_line()
        note = self.record.shown.get("hidden_note")
        if note is not None and note.get_bottom()[1] < example.get_top()[1]:     # the example's place
            del self.record.shown["hidden_note"]
            self.play(FadeIn(example), FadeOut(note), run_time=0.6)
        else:
            self.play(FadeIn(example), run_time=0.6)
        self.add(dg)  # as one mobject from now on (the unlit w -> z lines included)
        shown = self.record.shown
        self.checkpoint("setup: full network", *dg.labels(), shown["title"], *shown["key"], *example)
        self.wait(2)
        self.keep("example", example)

    def definitions(self):
        """The error E and the activation with its derivative, written out where the key was."""
        lines, one_row = self.definition_lines()
        self.keep("definitions", lines)
        shown = self.record.shown
        kept = [*self.diagram.labels(), *shown["example"]] if one_row else []   # else a slide of their own
        cleared = [shown["key"], *([shown["hidden_note"]] if "hidden_note" in shown else [])]
        cleared += [] if one_row else [shown["example"], self.diagram]
        self.beat(_("What E and the activation are"), *(FadeOut(m) for m in cleared))
        self.say(_("Written out: the error E, the activation, and its derivative. "
                   "With these lines every number on the screen can be recomputed."))
        self.play(LaggedStart(*(FadeIn(line) for line in lines), lag_ratio=0.5), run_time=1.5)
        self.say(_("The derivative of the activation is the factor every backward step multiplies by."))
        self.checkpoint("setup: definitions", shown["title"], *lines, *kept)
        self.key_result()


class FinalLayerPaths(PathScene):
    """Final-layer weights: each path traced from E back to the weight, one chain-rule factor per edge."""

    TITLE = N_("Final layer: follow the edges from E back to the weight")

    def construct(self):
        weights = self.weights_of_layer(self.spec.depth)
        traced = weights if len(weights) <= MAX_TRACED_WEIGHTS else weights[:2]
        self.build_diagram(traced=[g.name for g in traced])
        for i, g in enumerate(traced):
            self.trace_weight(g, first=i == 0)
        if len(traced) < len(weights):
            self.show_rest(weights[len(traced):], self.spec.depth)

    def trace_weight(self, g, first: bool):
        """One beat: the weight's paths, then its gradient written out, evaluated and in delta form."""
        L = self.spec.depth
        extra = [self.evaluated_line(g), self.delta_line(L, g.parameter.index[0]), self.gradient_line(g)]
        self.trace_gradient(g, L, detailed=first, extra_lines=extra, narration=self.first_words(g) if first else ())

    def first_words(self, g) -> tuple[str, str, str]:
        """The narration of the first weight, traced in detail."""
        first = (_("Start at E and step back edge by edge to the weight; each edge adds one "
                   "factor of the chain rule, and only the error it touches appears.") if len(g.paths) == 1 else
                 _("Start at E and step back edge by edge to the weight; each edge adds one "
                   "factor of the chain rule, and softmax joins every output, so every error appears."))
        return (first,
                _("The factors nearest E are the same for every weight into this neuron: "
                  "we name them delta."),
                _("Written out, evaluated, and in delta form, with this example's numbers."))


class FirstLayerPaths(PathScene):
    """Hidden-layer weights: several paths, multiplied along and added across, their repeated part is delta."""

    TITLE = N_("Earlier layers: several paths, added where they meet")

    def construct(self):
        plan = self.plan()
        self.build_diagram(traced=[g.name for _layer, traced, _rest in plan for g in traced])
        if self.spec.depth < 2:
            self.no_hidden_layer()
            return
        for layer, traced, rest in plan:
            self.trace_layer(layer, traced, rest)

    def plan(self) -> list[tuple[int, list, list]]:
        """Per hidden layer, last first: (layer, weights traced, weights only listed)."""
        out = []
        for layer in range(self.spec.depth - 1, 0, -1):
            weights = self.weights_of_layer(layer)
            few = self.spec.path_count(layer) <= MAX_FULL_PATHS and len(weights) <= MAX_TRACED_WEIGHTS
            traced = weights if few else weights[:1]
            out.append((layer, traced, weights[len(traced):]))
        return out

    def no_hidden_layer(self):
        self.beat(_("No hidden layer"))
        self.play(FadeIn(self.title(_(self.TITLE))), FadeIn(self.diagram), run_time=0.8)
        self.say(_("This network has no hidden layer: every weight is in the final layer."))
        self.wait(2)

    def trace_layer(self, layer: int, traced: list, rest: list):
        """One beat per traced weight of ``layer`` (the first in detail), then one for the rest."""
        for i, g in enumerate(traced):
            extra = [self.delta_line(layer, g.parameter.index[0]), self.gradient_line(g)]
            self.trace_gradient(g, layer + 1, detailed=i == 0, extra_lines=extra,
                                narration=self.first_words(layer, g) if i == 0 else ())
        if rest:
            self.show_rest(rest, layer)

    def first_words(self, layer: int, g) -> tuple[str, str, str]:
        """The narration of a layer's first weight, traced in detail."""
        return (_("A weight of layer {layer} reaches E along {n} paths. "
                  "Multiply along each path; where the paths meet, add them.").format(layer=layer, n=len(g.paths)),
                _("Each path begins with a product we already know: a delta of layer "
                  "{layer}.").format(layer=layer + 1),
                _("So the gradient is this layer's delta times the input of the weight."))


class BiasGradient(PathScene):
    """A bias gradient traced like a weight: its last factor is 1, so dE/db = delta (BP3)."""

    TITLE = N_("Biases: the same paths, and the last factor is 1")
    LAYER = 1        # the layer of the bias traced

    def construct(self):
        self.build_diagram()
        self.trace_bias()
        self.every_bias()

    def trace_bias(self):
        L, layer = self.spec.depth, self.LAYER
        g = self.d.gradient(b_name(layer, 1))
        extra = [self.delta_line(layer, 1), self.gradient_line(g)]
        self.trace_gradient(g, layer + 1 if layer < L else L, detailed=True, extra_lines=extra, narration=(
            _("Trace a bias exactly like a weight: from E back along every path to b."),
            _("Again the repeated products are the deltas we already have."),
            _("The last edge, from b into z, contributes 1: the bias gradient is the delta itself.")))

    def every_bias(self):
        spec, traced = self.spec, b_name(self.LAYER, 1)
        self.beat(_("Every bias: BP3"))
        rest = [b for b in self.d.gradients.values() if b.parameter.kind == "b" and b.name != traced]
        table = self.summary_grid(rest, max(spec.layers[1:]))
        bp3 = MathTex(general_equations(spec.act.latex, spec.loss_fn.softmax_output)["BP3"],
                      font_size=40, color=color_of("text"))
        note = coloured(_("every other bias, the same way"), 26)
        block = VGroup(VGroup(note, table).arrange(DOWN, buff=0.3, aligned_edge=LEFT), bp3).arrange(RIGHT, buff=1.2)
        fit_into(block, EQUATIONS.width, EQUATIONS.height).move_to(EQUATIONS.center)
        self.say(_("Every other bias works the same way: its gradient is its delta."))
        self.play(FadeIn(note), LaggedStart(*(FadeIn(t) for t in table), lag_ratio=0.15), run_time=1.5)
        self.say(_("In general, BP3: the gradient of a bias is the delta of its neuron."))
        self.play(Write(bp3), run_time=1.2)
        self.checkpoint("bias: rest and BP3", note, *table, bp3, *self.diagram.labels())
        self.wait(2)
