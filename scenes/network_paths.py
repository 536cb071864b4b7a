"""The network lecture, part one: gradients as paths on the network (the TDS article *Understanding Backpropagation*, fig. 1-4, 7-9, 17-18).

Render one beat::

    PYTHONHASHSEED=0 manim render -ql scenes/network_paths.py FinalLayerPaths

The network comes from ``BACKPROP_LAYERS`` / ``BACKPROP_ACTIVATION`` / ``BACKPROP_LOSS``
(default 2-2-2 sigmoid mse). Every formula is a core LaTeX string, every number comes from
``evaluate(d, Example.random(spec, seed=0))``; this file only stages them. Small networks get
every gradient traced; bigger ones one representative path per layer and the counts.
"""
from __future__ import annotations

from manim import (DL, DOWN, UR, Polygon, config, LEFT, RIGHT, UL, UP, Create, FadeIn, FadeOut, LaggedStart,
                   MathTex, Restore, SurroundingRectangle, Transform, VGroup, Write)

from backprop_anim.config import network_spec
from backprop_anim.lang import Text
from backprop_anim.lecture_scene import LectureScene
from backprop_anim.mobjects.layout import FRAME_WIDTH, Region, fit_into, grid
from backprop_anim.mobjects.network_diagram import NetworkDiagram, strip_svg_paths
from backprop_anim.mobjects.path_highlight import PathHighlight, chain_rule_lines, delta_sum_lines, delta_terms
from backprop_anim.theme import color_of
from backprop_core import Example, derive, evaluate
from backprop_core.i18n import N_, _
from backprop_core.network.matrix_form import general_equations
from backprop_core.notation import plain_of_name
from backprop_core.number_format import show

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)

TITLE_Y = 3.62
DIAGRAM = Region(-6.8, -0.45, 6.8, 3.25)      # top band: the network
SETUP = Region(-6.8, -1.9, 6.8, 3.25)         # the network alone; a note, the key and the example below
EQUATIONS = Region(-6.8, -3.85, 6.8, -0.6)    # bottom band: the chain rule
MAX_FULL_PATHS = 2      # gradients with more paths show one path fully and the rest as a count
MAX_TRACED_WEIGHTS = 6  # per layer; beyond that the rest of the layer is listed in delta form
EQ_FONT = 40
MIN_LABEL_HEIGHT = 0.26  # weight label incl. backdrop: 0.2 units of glyphs = 12 px at 480p, still legible


class NetworkPathScene(LectureScene):
    """Shared set-up: theme background, the derivation, numbers and what tests inspect.

    ``snapshots`` holds (moment, copies of what was on screen then) for layout tests;
    ``traces`` holds one record per highlighted path (gradient, steps played, edges on path).
    """

    def setup(self):
        # manim's scene cache hashes every mobject on screen at every play; with a whole network
        # on screen that costs more than rendering, and these scenes are re-rendered whole anyway
        config.disable_caching = True
        super().setup()
        self.spec = network_spec()
        self.d = derive(self.spec)
        self.example = Example.random(self.spec, seed=0)
        self.ev = evaluate(self.d, self.example)
        self.snapshots: list[tuple[str, VGroup]] = []
        self.traces: list[dict] = []
        self.diagram = None
        self.opening: list = []       # animations the next beat starts with (title, diagram)
        self.leftovers = None         # what the last beat left on screen: cleared when the next begins

    def beat(self, name: str):
        """Start a beat: a manim section, where a presenter pauses. The previous beat ends on its
        finished picture, so its equations are cleared here, at the start of the next one."""
        self.next_section(name)
        anims = list(self.opening) + (self.leftovers() if self.leftovers else [])
        self.opening, self.leftovers = [], None
        if anims:
            self.play(*anims, run_time=0.6)

    # -- helpers --------------------------------------------------------------------------
    def title(self, text: str) -> Text:
        title = Text(text, font_size=30, color=color_of("text"))
        fit_into(title, FRAME_WIDTH - 1.0, 0.6)
        self.title_mob = title.move_to([0, TITLE_Y, 0]).to_edge(LEFT, buff=0.4)
        return title

    def say(self, text: str, duration: float = 3.0):
        """Narration for the .srt, starting now."""
        self.narrate(text, duration)

    def checkpoint(self, moment: str, *mobjects):
        """Remember where things are at a key moment (tests check frame bounds and overlaps):
        one box per mobject (copying MathTex would cost more than the scene)."""
        boxes = VGroup()
        for m in mobjects:
            (x0, y0, _z0), (x1, y1, _z1) = m.get_corner(DL), m.get_corner(UR)
            boxes.add(Polygon([x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0]))
        self.snapshots.append((moment, boxes))

    def number(self, value: float) -> str:
        return show(value)

    def build_diagram(self, values: bool = False, region: Region = DIAGRAM, traced=()) -> NetworkDiagram:
        """The network fitted to ``region``; weight labels too small to read are dropped, except
        those of the ``traced`` weights (raised to a legible size)."""
        diagram = NetworkDiagram(self.d).fit_in(region)
        if values:
            diagram.set_values(self.ev.node_values)
            diagram.fit_in(region)
        diagram.keep_weight_labels(traced, MIN_LABEL_HEIGHT)
        self.diagram = diagram
        return diagram

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

    # -- the core move: trace a gradient's paths, name the deltas, give the delta form -----
    def equation_block(self, g, delta_layer: int, paths, extra: list):
        """Chain-rule lines, delta-named lines and the extra lines below, all fitted to EQUATIONS."""
        chain, chain_parts = chain_rule_lines(g, font_size=EQ_FONT, paths=paths)
        named, named_parts = delta_sum_lines(g, delta_layer, self.d, font_size=EQ_FONT)
        for line in extra:                # a long written-out line shrinks alone, not the whole block
            fit_into(line, EQUATIONS.width, EQUATIONS.height)
        below = VGroup(*extra).arrange(DOWN, aligned_edge=LEFT, buff=0.22) if extra else VGroup()
        width = max(chain.width, named.width, below.width if extra else 0)
        # the chain-rule lines leave before the lines below appear under the delta-named ones
        height = max(chain.height, named.height + (below.height + 0.3 if extra else 0))
        factor = min(1.0, EQUATIONS.width / width, EQUATIONS.height / height)
        corner = [EQUATIONS.left, EQUATIONS.top, 0]
        for m in (chain, named, below):
            m.scale(factor)
        chain.move_to(corner, aligned_edge=UL)
        named.move_to(corner, aligned_edge=UL)
        if extra:
            below.next_to(named, DOWN, buff=0.3 * factor, aligned_edge=LEFT)
        return chain, chain_parts, named, named_parts, below

    def trace_gradient(self, g, delta_layer: int, detailed: bool, extra_lines: list,
                       narration: tuple[str, ...] = ()):
        """One beat: trace every path of ``g`` (or one, plus a count, when there are many), name
        the repeated sub-products delta^{(delta_layer)}, then show ``extra_lines``; the beat
        ends on the result (cleared when the next beat starts)."""
        self.beat(_("Trace {weight}").format(weight=plain_of_name(g.name)))
        full = len(g.paths) <= MAX_FULL_PATHS
        shown_paths = g.paths if full else g.paths[:1]
        chain, chain_parts, named, named_parts, below = self.equation_block(g, delta_layer, shown_paths, extra_lines)
        highlights = [PathHighlight(self.diagram, p, factors=parts)
                      for p, parts in zip(shown_paths, chain_parts)]
        dimmed = self.dim_off_path(g)
        heads = VGroup(chain[0][:2], *(line[0] for line in chain[1:]))
        pace = 0.85 if detailed else 0.35
        self.play(FadeIn(heads), *(m.animate.set_opacity(0.25) for m in dimmed), run_time=0.6)
        if narration:
            self.say(narration[0], duration=len(shown_paths[0].edges) * pace * (1 if detailed else len(shown_paths)))
        if detailed:      # path after path, edge after edge (seed fig. 3 and 7)
            for hl in highlights:
                for step in hl.steps(run_time=pace):
                    self.play(step)
        else:             # all paths at once, one step per edge
            steps = [hl.steps(run_time=pace) for hl in highlights]
            for i in range(max(len(s) for s in steps)):
                self.play(*(s[i] for s in steps if i < len(s)))
        for hl, p in zip(highlights, shown_paths):
            self.traces.append({"gradient": g.name, "edges": len(p.edges), "steps": len(hl.steps())})
        self.checkpoint(f"{g.name}: chain rule", *chain, *self.diagram.labels())
        others = None
        if not full:      # the remaining paths light up together, with their count from the core
            others = [PathHighlight(self.diagram, p) for p in g.paths[1:]]
            count = Text(_("{n} paths to E: multiply along each, add them all").format(n=len(g.paths)),
                         font_size=24, color=color_of("text"))
            fit_into(count, EQUATIONS.width, 0.4).next_to(chain, DOWN, buff=0.2).align_to(chain, LEFT)
            self.say(_("This weight has {n} paths to E; each one gives a product like this.").format(n=len(g.paths)), 3)
            self.play(*(Create(VGroup(*h.lines)) for h in others), FadeIn(count), run_time=1.5)
            self.checkpoint(f"{g.name}: path count", *chain, count)
            self.play(FadeOut(count), run_time=0.3)
        # the repeated sub-products are a delta computed before (seed fig. 8)
        marks = VGroup()
        if detailed:
            for hl in highlights:
                part = hl.delta_part(delta_layer)[1]
                marks.add(SurroundingRectangle(part, color=color_of("delta"), buff=0.05, stroke_width=3))
            if narration[1:]:
                self.say(narration[1], 3)
            self.play(Create(marks), *(hl.delta_lines(delta_layer).animate.set_stroke(color_of("delta"))
                                        for hl in highlights), run_time=1.0)
            self.checkpoint(f"{g.name}: delta marked", *marks)
        anims, new = self.rename_as_delta(g, delta_layer, chain, highlights, shown_paths, named, named_parts)
        self.play(*anims, FadeOut(marks), run_time=1.0 if detailed else 0.6)
        self.remove(heads, chain, *(m for hl in highlights for m in hl.factors), *new)
        self.add(named)
        self.checkpoint(f"{g.name}: delta named", *named)
        if extra_lines:
            if narration[2:]:
                self.say(narration[2], 3)
            self.play(LaggedStart(*(FadeIn(line, shift=0.1 * UP) for line in below), lag_ratio=0.6),
                      run_time=1.2 if detailed else 0.7)
            self.checkpoint(f"{g.name}: result", *named, *below, *self.diagram.labels())
        self.wait(1.2 if detailed else 0.5)
        self.leftovers = lambda: [self.clear_equations(), *(Restore(m) for m in dimmed)]

    def clear_equations(self):
        """Fade every top-level mobject but the diagram and the title. Animations leave their own
        wrappers on the scene (Transform of a slice, FadeIn of a part), so fading what was built
        would leave ghosts behind; fading what is on screen does not."""
        keep = {id(self.diagram), id(getattr(self, "title_mob", None))}
        return FadeOut(*(m for m in self.mobjects if id(m) not in keep))

    def rename_as_delta(self, g, layer, chain, highlights, paths, named, named_parts):
        """Animations morphing the chain-rule lines into the delta-named lines, factor by factor,
        and the mobjects to swap for ``named`` once they have played."""
        terms = delta_terms(g.paths, layer)
        anims = [Transform(chain[0][:2], named[0][:2].copy())]
        used = set()
        for hl, path in zip(highlights, paths):
            name, count = path.delta_prefix(layer)
            t = terms.index((name, tuple(path.factors[count:])))
            anims.append(Transform(VGroup(*hl.factors[:count]), named_parts[t][0].copy()))
            anims.append(Transform(VGroup(*hl.factors[count:]), named_parts[t][1:].copy()))
            used.add(t)
        in_terms = {id(m) for part in named_parts for m in part} | {id(m) for m in named[0][:2]}
        new = [part for t, part in enumerate(named_parts) if t not in used]
        new += [m for line in named for m in line if id(m) not in in_terms]      # the "+" signs
        anims += [FadeOut(line[0]) for line in chain[1:]] + [FadeIn(m) for m in new]
        return anims, new

    def delta_line(self, layer: int, j: int) -> MathTex:
        """delta = its recursive form (BP1/BP2; softmax output simplified) = its number."""
        term = self.d.deltas[(layer, j)]
        softmax_out = layer == self.spec.depth and self.spec.loss_fn.softmax_output
        tex = MathTex(term.simplified_latex if softmax_out else term.recursive_latex, "=",
                      self.number(self.ev.deltas[(layer, j)]), font_size=EQ_FONT, color=color_of("text"))
        tex[2].set_color(color_of("delta"))
        return strip_svg_paths(tex)

    def gradient_line(self, g) -> MathTex:
        """dE/dp = delta a_prev (delta form) = its number."""
        tex = MathTex(g.delta_form_latex, "=", self.number(self.ev.gradients[g.name]),
                      font_size=EQ_FONT, color=color_of("text"))
        tex[2].set_color(color_of("grad"))
        return strip_svg_paths(tex)

    def summary_grid(self, gradients, columns: int) -> VGroup:
        """The gradients not traced, in delta form with their numbers."""
        texes = []
        for g in gradients:
            tex = MathTex(g.delta_form_latex, "=", self.number(self.ev.gradients[g.name]),
                          font_size=28, color=color_of("text"))
            tex[2].set_color(color_of("grad"))
            texes.append(strip_svg_paths(tex))
        return grid(texes, columns, EQUATIONS)


    def show_rest(self, rest, layer):
        """One beat: the weights not traced, in delta form; it ends on the table."""
        self.beat(_("Other weights of layer {layer}").format(layer=layer))
        note = Text(_("The other {n} weights of layer {layer}, each traced the same way").format(n=len(rest), layer=layer),
                    font_size=24, color=color_of("text"))
        fit_into(note, EQUATIONS.width, 0.4).move_to([0, EQUATIONS.top - 0.1, 0])
        table = self.summary_grid(rest, self.spec.layers[layer - 1])
        table.next_to(note, DOWN, buff=0.2)
        fit_into(table, EQUATIONS.width, EQUATIONS.height - 0.6)
        self.say(_("The other {n} weights of layer {layer}, each traced the same way").format(
            n=len(rest), layer=layer), 3)
        self.play(FadeIn(note), FadeIn(table), run_time=1.0)
        self.checkpoint(f"layer {layer}: rest", note, *table, *self.diagram.labels())
        self.wait(1.5)
        self.leftovers = lambda: [FadeOut(note), FadeOut(table)]


class NetworkSetup(NetworkPathScene):
    """The network as the TDS article draws it: inputs, neurons split into z and a, errors, biases, one forward pass."""

    TITLE = N_("The network")

    def construct(self):
        spec, dg = self.spec, self.build_diagram(values=True, region=SETUP)
        self.beat(_("The network"))
        title = self.title(_("The network: {layers}, {activation}, {loss}").format(
            layers="-".join(map(str, spec.layers)), activation=spec.activation, loss=spec.loss))
        self.play(FadeIn(title), run_time=0.6)
        self.say(_("On the left the inputs x. Every neuron is drawn as two nodes: "
                   "z, the weighted sum, and a, the activation."), 4)
        edges_between = lambda names: VGroup(*(line for (s, t), line in dg.edges.items()
                                               if s in names and t in names))
        self.play(FadeIn(dg.column("x")), run_time=0.6)
        prev = set(n for n in dg.nodes if n.startswith("x"))
        for l in range(1, spec.depth + 1):
            zs, as_ = dg.column("z", l), dg.column("a", l)
            names = {n for n in dg.nodes if dg.graph.nodes[n].layer == l and n[0] in "za"}
            incoming = VGroup(*(dg.edge(e.source, e.target) for e in dg.graph.edges
                                if e.source in prev and e.target in names))
            self.play(Create(incoming), FadeIn(zs), run_time=0.8)
            self.play(Create(edges_between(names)), FadeIn(as_), run_time=0.6)
            prev = {n for n in names if n.startswith("a")}
        self.say(_("Each output has its own error e, and E is their total."), 3)
        tail = {n for n in dg.nodes if n.startswith("e") or n == "E"} | prev
        self.play(Create(edges_between(tail)), FadeIn(dg.column("e")), FadeIn(dg.column("E")), run_time=0.8)
        key = self.key()
        self.play(FadeIn(key), run_time=0.6)
        self.wait(1)

        self.beat(_("Weights and biases"))
        self.say(_("Weights sit on the edges: w with layer l and indices j k goes to neuron j from neuron k, "
                   "so each row of weights feeds one neuron."), 4)
        self.play(LaggedStart(*(FadeIn(m) for m in dg.weight_labels.values()), lag_ratio=0.08), run_time=1.5)
        biases = VGroup(*(dg.nodes[n] for n in dg.nodes if n.startswith("b")))
        bias_edges = VGroup(*(dg.edge(e.source, e.target) for e in dg.graph.edges if e.source.startswith("b")))
        self.say(_("Each z also gets a bias b."), 2)
        self.play(FadeIn(biases), Create(bias_edges), run_time=0.8)
        hidden = len(dg.hidden_labels)
        if hidden:
            note = Text(_("{n} weight labels hidden to keep the picture readable").format(n=hidden),
                        font_size=22, color=color_of("muted"))
            fit_into(note, EQUATIONS.width, 0.3).next_to(dg, DOWN, buff=0.12)
            self.play(FadeIn(note), run_time=0.4)
        self.wait(1)

        self.beat(_("Forward pass"))
        self.say(_("One training example (random numbers, the same in every render): a forward pass fills every node, "
                   "and the total error is {loss}.").format(loss=self.number(self.ev.loss)), 4)
        order = ["x"] + [k for l in range(1, spec.depth + 1) for k in (f"z{l}", f"a{l}")] + ["e", "E"]
        for prefix in order:
            group = VGroup(*(v for n, v in dg.value_labels.items()
                             if (n.startswith(prefix + "_") if prefix[0] in "za" else n.startswith(prefix))))
            self.play(FadeIn(group, shift=0.1 * DOWN), run_time=0.4)
        example = self.example_line()
        self.play(FadeIn(example), run_time=0.6)
        self.add(dg)  # as one mobject from now on (the unlit w -> z lines included)
        self.checkpoint("setup: full network", *dg.labels(), title, *key, *example)
        self.wait(2)

    def key(self) -> VGroup:
        """What each letter of the picture stands for, in its colour, under the network."""
        items = [("x", "x", _("input")), ("z", "z", _("weighted sum")), ("a", "a", _("activation")),
                 ("e", "e", _("error")), ("E", "E", _("total error")), ("w", "w", _("weight")),
                 ("b", "b", _("bias"))]
        key = VGroup(*(VGroup(MathTex(sym, font_size=30, color=color_of(kind)),
                              Text(word, font_size=20, color=color_of("muted"))).arrange(RIGHT, buff=0.12)
                       for kind, sym, word in items)).arrange(RIGHT, buff=0.45)
        return fit_into(key, EQUATIONS.width, 0.45).move_to([0, -2.75, 0])

    def example_line(self) -> VGroup:
        """The training example the numbers come from: inputs, targets, total error."""
        vec = lambda values: "(" + r",\ ".join(self.number(float(v)) for v in values) + ")"
        line = VGroup(Text(_("one training example:"), font_size=22, color=color_of("muted")),
                      MathTex(r"x^{(0)} = " + vec(self.example.x), font_size=30, color=color_of("x")),
                      MathTex(r"y = " + vec(self.example.y), font_size=30, color=color_of("y")),
                      MathTex(r"E = " + self.number(self.ev.loss), font_size=30, color=color_of("E")))
        line.arrange(RIGHT, buff=0.4)
        return fit_into(line, EQUATIONS.width, 0.5).move_to([0, -3.5, 0])


class FinalLayerPaths(NetworkPathScene):
    """Final-layer weights: each path traced from E back to the weight, one chain-rule factor per edge."""

    TITLE = N_("Final layer: follow the edges from E back to the weight")

    def construct(self):
        spec, L = self.spec, self.spec.depth
        weights = [g for g in self.d.gradients.values() if g.parameter.kind == "w" and g.parameter.layer == L]
        traced = weights if len(weights) <= MAX_TRACED_WEIGHTS else weights[:2]
        self.build_diagram(traced=[g.name for g in traced])
        title = self.title(_("Final layer: follow the edges from E back to the weight"))
        self.opening = [FadeIn(title), FadeIn(self.diagram)]
        for i, g in enumerate(traced):
            j = g.parameter.index[0]
            extra = [strip_svg_paths(MathTex(g.evaluated_latex, font_size=EQ_FONT, color=color_of("text"))),
                     self.delta_line(L, j), self.gradient_line(g)]
            narration = ()
            if i == 0:
                first = (_("Start at E and step back edge by edge to the weight; each edge adds one "
                           "factor of the chain rule, and only the error it touches appears.") if len(g.paths) == 1 else
                         _("Start at E and step back edge by edge to the weight; each edge adds one "
                           "factor of the chain rule, and softmax joins every output, so every error appears."))
                narration = (first,
                             _("The factors nearest E are the same for every weight into this neuron: "
                               "we name them delta."),
                             _("Written out, evaluated, and in delta form, with this example's numbers."))
            self.trace_gradient(g, L, detailed=i == 0, extra_lines=extra, narration=narration)
        if len(traced) < len(weights):
            self.show_rest(weights[len(traced):], L)


class FirstLayerPaths(NetworkPathScene):
    """Hidden-layer weights: several paths, multiplied along and added across, their repeated part is delta."""

    TITLE = N_("Earlier layers: several paths, added where they meet")

    def plan(self) -> list[tuple[int, list, list]]:
        """Per hidden layer, last first: (layer, weights traced, weights only listed)."""
        out = []
        for layer in range(self.spec.depth - 1, 0, -1):
            weights = [g for g in self.d.gradients.values()
                       if g.parameter.kind == "w" and g.parameter.layer == layer]
            few = self.spec.path_count(layer) <= MAX_FULL_PATHS and len(weights) <= MAX_TRACED_WEIGHTS
            traced = weights if few else weights[:1]
            out.append((layer, traced, weights[len(traced):]))
        return out

    def construct(self):
        spec, L = self.spec, self.spec.depth
        plan = self.plan()
        self.build_diagram(traced=[g.name for _layer, traced, _rest in plan for g in traced])
        title = self.title(_("Earlier layers: several paths, added where they meet"))
        if L < 2:
            self.beat(_("No hidden layer"))
            self.play(FadeIn(title), FadeIn(self.diagram), run_time=0.8)
            self.say(_("This network has no hidden layer: every weight is in the final layer."), 3)
            self.wait(2)
            return
        self.opening = [FadeIn(title), FadeIn(self.diagram)]
        for layer, traced, rest in plan:
            for i, g in enumerate(traced):
                j = g.parameter.index[0]
                extra = [self.delta_line(layer, j), self.gradient_line(g)]
                narration = ()
                if i == 0:
                    narration = (_("A weight of layer {layer} reaches E along {n} paths. "
                                   "Multiply along each path; where the paths meet, add them.").format(
                                       layer=layer, n=len(g.paths)),
                                 _("Each path begins with a product we already know: a delta of layer "
                                   "{layer}.").format(layer=layer + 1),
                                 _("So the gradient is this layer's delta times the input of the weight."))
                self.trace_gradient(g, layer + 1, detailed=i == 0, extra_lines=extra, narration=narration)
            if rest:
                self.show_rest(rest, layer)


class BiasGradient(NetworkPathScene):
    """A bias gradient traced like a weight: its last factor is 1, so dE/db = delta (BP3)."""

    TITLE = N_("Biases: the same paths, and the last factor is 1")

    def construct(self):
        spec, L = self.spec, self.spec.depth
        self.build_diagram()
        title = self.title(_("Biases: the same paths, and the last factor is 1"))
        self.opening = [FadeIn(title), FadeIn(self.diagram)]
        layer = 1
        g = self.d.gradient(f"b{layer}_1")
        delta_layer = layer + 1 if layer < L else L
        extra = [self.delta_line(layer, 1), self.gradient_line(g)]
        self.trace_gradient(g, delta_layer, detailed=True, extra_lines=extra, narration=(
            _("Trace a bias exactly like a weight: from E back along every path to b."),
            _("Again the repeated products are the deltas we already have."),
            _("The last edge, from b into z, contributes 1: the bias gradient is the delta itself.")))
        self.beat(_("Every bias: BP3"))
        rest = [b for b in self.d.gradients.values() if b.parameter.kind == "b" and b.name != g.name]
        table = self.summary_grid(rest, max(spec.layers[1:]))
        bp3 = MathTex(general_equations(spec.act.latex, spec.loss_fn.softmax_output)["BP3"],
                      font_size=40, color=color_of("text"))
        note = Text(_("every other bias, the same way"), font_size=24, color=color_of("text"))
        block = VGroup(note, table, bp3).arrange(DOWN, buff=0.3)
        fit_into(block, EQUATIONS.width, EQUATIONS.height).move_to(EQUATIONS.center)
        self.say(_("Every other bias works the same way: its gradient is its delta."), 3)
        self.play(FadeIn(note), LaggedStart(*(FadeIn(t) for t in table), lag_ratio=0.15), run_time=1.5)
        self.say(_("In general, BP3: the gradient of a bias is the delta of its neuron."), 3)
        self.play(Write(bp3), run_time=1.2)
        self.checkpoint("bias: rest and BP3", note, *table, bp3, *self.diagram.labels())
        self.wait(2)
