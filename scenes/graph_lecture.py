"""The computational-graph lecture: chain rule, local partials, paths, the pile-up, both AD modes, local rules.

Render one beat::

    PYTHONHASHSEED=0 manim render -ql scenes/graph_lecture.py SumOverPaths

Scenes 2-5 follow ``BACKPROP_EXPR`` / ``BACKPROP_AT`` (default ``(a+b)*(b+1)`` at a=2, b=1).
Every number and formula on screen comes from ``backprop_core``; the staging is in
``backprop_anim.kit.graph``; this file only tells the lecture.
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, UR, Create, FadeIn, FadeOut, Indicate, LaggedStart, VGroup, Write

from backprop_anim.config import network_spec
from backprop_anim.kit.graph import GraphLectureScene
from backprop_anim.kit.morph import Swap
from backprop_anim.kit.panel import PANEL_WIDTH, in_panel, wrapped
from backprop_anim.kit.pile_up import PileUp
from backprop_anim.lang import MathTex, Text, word_labels
from backprop_anim.mobjects.graph_mobjects import ExprGraphDiagram, GateDiagram, NinePathDiagram
from backprop_anim.mobjects.layout import SAFE_HALF_HEIGHT, USABLE_WIDTH, fit_into
from backprop_anim.theme import color_of
from backprop_core.expr.autodiff import (adjoint_lines, adjoints, forward_sweep_latex, forward_sweeps,
                                         mode_costs_latex, nine_paths, path_edge_visits, reverse_steps,
                                         reverse_sweep_latex, reverse_mode_ops, shared_edges)
from backprop_core.expr.local_rules import (CAR_WORDS, add_rule, affine_rule, car_price, mul_rule, relu_rule,
                                            softmax_with_loss)
from backprop_core.network.activations import ACTIVATIONS
from backprop_core.network.bp_equations import bp2_from_local_rules
from backprop_core.i18n import N_, _
from backprop_core.number_format import show

KIND = "expression"     # the settings its scenes read (backprop_core.scene_source)

PATH_KINDS = ["e", "a", "w", "y", "b", "z"]   # one theme colour per path, cycling
# The car graph across the slide's upper part (labels on their edges), the legend and the sums below.
CAR_SIZE, CAR_GAP, CAR_BOX, CAR_Y = (10.0, 2.6), (5.0, 2.1), (12.0, 3.5), 1.05
LEGEND_TOP = -0.95
# Derivatives beside their nodes (the nodes keep their forward values), as the piles are.
TAG_SIZE, TAG_SIDES = 32, (RIGHT, LEFT, UR, UL, UP)
AFFINE_COLUMN = 6.0     # the affine layer's two columns: what is given, what flows back


class ChainRuleCarPrice(GraphLectureScene):
    """Chain rule on a car purchase (Mr. Kuohao on zhihu): 20 x 2 x 1.1 = 44, and d price / d unit = 2.2 backwards."""

    TITLE = N_("Chain rule: buying two cars")

    def construct(self):
        self.car = car_price(word_labels(CAR_WORDS))      # the nodes' words in the lecture's language
        self.forward_the_price()
        self.local_derivatives()
        self.backward_from_the_price()
        self.the_chain_rule()

    def forward_the_price(self):
        g = self.car.graph
        self.beat(_("Forward: the price"))
        diagram = ExprGraphDiagram(g, width=CAR_SIZE[0], height=CAR_SIZE[1], orientation="right", pull_leaves=True,
                                   labels="both", labels_on_edges=True, max_gap=CAR_GAP)
        fit_into(diagram, *CAR_BOX).move_to(DOWN * 0.3)     # the middle of the slide until the sums need room
        diagram.bounds = (-6.4, CAR_Y - CAR_BOX[1] / 2 - 0.1, 6.4, 3.05)     # the piles beside the nodes
        self.diagram = self.keep("diagram", diagram)
        for n in diagram.node_mobs.values():
            n.value.set_opacity(0)
        self.opening(_("One car costs 20 (units of 10,000 yuan); we buy 2 and pay 10% tax."),
                     Create(diagram.arrows), FadeIn(diagram.nodes), run_time=1.5)
        self.say(_("Forward: {cost} before tax, {total} to pay.").format(cost=show(g.node('cost').value),
                                                                   total=show(self.car.total)))
        for layer in sorted({n.layer for n in g.nodes}):
            names = [n.name for n in g.nodes if n.layer == layer]
            self.play(*[diagram.node(x).value.animate.set_opacity(1) for x in names], run_time=0.6)
        self.wait(1)

    def local_derivatives(self):
        self.beat(_("Local derivatives"))
        self.say(_("Each node knows its local derivative: multiplying by tax scales by tax."))
        self.play(LaggedStart(*[FadeIn(m) for m in self.diagram.labels], lag_ratio=0.3), run_time=1.5)
        self.wait(1)

    def backward_from_the_price(self):
        g = self.car.graph
        self.beat(_("Backward from the price"))
        self.say(_("Backward from the output with 1: every edge multiplies by its local derivative."))
        self.legend = wrapped(_("gold: how much the {top} changes per unit change of that node").format(
            top=_(CAR_WORDS[g.top])), USABLE_WIDTH, font_size=24, color=color_of("grad"))
        self.legend.move_to(UP * (LEGEND_TOP - self.legend.height / 2))
        self.play(self.diagram.animate.move_to(UP * CAR_Y), run_time=0.6)
        self.play(FadeIn(self.legend), run_time=0.5)
        self.say(_("Each gold number says how much the {top} changes per unit change of that node.").format(
            top=_(CAR_WORDS[g.top])))
        pile = PileUp(self, self.diagram)
        pile.start(g.top)
        steps = reverse_steps(g)
        pile.send(steps[:len(steps) // 2])
        self.say(_("Each node passes its number down, times the local derivative on the edge."))
        pile.send(steps[len(steps) // 2:])
        self.keep("piles", pile.summands())
        self.wait(1)

    def the_chain_rule(self):
        self.beat(_("The chain rule"))
        line1 = self.slot(self.car.chain_latex, -2.35, font_size=40, left=-6.4, width=USABLE_WIDTH)
        line2 = self.slot(self.car.other_gradients_latex, -3.35, font_size=36, left=-6.4, width=USABLE_WIDTH)
        result = VGroup(line1, line2).arrange(DOWN, aligned_edge=LEFT, buff=0.25)   # words in fractions: any height
        fit_into(result, USABLE_WIDTH, self.legend.get_bottom()[1] - 0.2 + SAFE_HALF_HEIGHT)
        result.next_to(self.legend, DOWN, buff=0.2).align_to([-6.4, 0, 0], LEFT)
        self.keep("result", result)
        self.say(_("Price per unit price: 1 x 1.1 x 2 = {value}: the chain rule.").format(
            value=show(self.car.gradients['unit'])))
        self.play(Write(line1))
        self.play(FadeIn(line2))
        self.wait(1.5)


class GraphLocalPartials(GraphLectureScene):
    """Build the expression graph, run the forward pass, and label every edge with its local partial."""

    TITLE = N_("A computational graph and its local derivatives")

    def construct(self):
        self.g = self.lecture_graph()
        self.the_graph()
        self.forward_pass()
        self.local_derivative_per_edge()

    def the_graph(self):
        g = self.g
        self.beat(_("The graph"))
        self.diagram = diagram = self.graph_diagram(g)
        for n in diagram.node_mobs.values():
            n.value.set_opacity(0)
        for i, layer in enumerate(sorted({n.layer for n in g.nodes})):
            names = [n.name for n in g.nodes if n.layer == layer]
            arrows = [diagram.arrow_mobs[k] for k in diagram.arrow_mobs if k[1] in names]
            grow = [*[FadeIn(diagram.node(x)) for x in names], *[Create(a) for a in arrows]]
            if i == 0:     # the title comes with the inputs
                self.opening(_("The expression {expr} as a graph: one node per operation.").format(expr=g.text),
                             *grow, run_time=0.7)
            else:
                self.play(*grow, run_time=0.7)
        self.wait(1)

    def forward_pass(self):
        g, diagram = self.g, self.diagram
        self.beat(_("Forward pass"))
        ops = [n for n in g.nodes if n.kind == "op"]
        panel = self.keep("panel", self.panel([g.point_latex] + [n.evaluation_latex for n in ops], height=3.6))
        self.say(_("Forward pass: evaluate every node from the inputs up."))
        self.play(FadeIn(panel[0]), *[diagram.node(x).value.animate.set_opacity(1) for x in g.point], run_time=0.8)
        for line, n in zip(panel[1:], ops):
            self.play(FadeIn(line), diagram.node(n.name).value.animate.set_opacity(1), run_time=0.5)
        self.wait(1)

    def local_derivative_per_edge(self):
        """One beat per edge; the panel's line changes from edge to edge."""
        slot = None
        for i, e in enumerate(self.g.edges):
            self.beat(_("Local derivative on {edge}").format(edge=f"{e.child}→{e.parent}"))
            if i == 0:
                self.say(_("On each edge: the derivative of the parent with respect to that child only."))
            else:
                self.say(_("{parent} with respect to {child}: {value}.").format(
                    parent=e.parent, child=e.child, value=show(e.value)))
            new = self.slot(e.local_latex, -2.7, font_size=40, color=color_of("local"))
            self.play(Indicate(self.diagram.arrow(e.child, e.parent), color=color_of("local")),
                      FadeIn(self.diagram.edge_label(e.child, e.parent)),
                      FadeIn(new) if slot is None else Swap(slot, new), run_time=1.0)
            slot = slot or new
            self.wait(1.0)
        self.keep("slot", slot)
        self.wait(1.0)


class SumOverPaths(GraphLectureScene):
    """Chain rule on the graph: multiply along each path, add the paths; and see the redundancy."""

    TITLE = N_("Multiply along a path, add over paths")

    def construct(self):
        self.g = self.lecture_graph()
        for b, name in enumerate(self.g.inputs):
            self.beat(_("Paths from {node}").format(node=name), run_time=0.4)   # resets the last beat's paths
            if b == 0:
                self.graph_and_sums()
            self.multiply_and_add(*self.blocks[b])
        self.shared_edges()

    def graph_and_sums(self):
        self.diagram = self.graph_diagram(self.g)
        self.opening(_("Each input's derivative is the sum over all its paths to the top."), FadeIn(self.diagram))
        self.blocks = [self.fitted_path_sum(self.g, name) for name in self.g.inputs]
        lines = [blk[-1] for blk in self.blocks]
        panel = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit_into(panel, PANEL_WIDTH, 4.9)
        in_panel(panel, y_top=2.6)
        self.panel_bottom = panel.get_bottom()[1]
        self.sums = self.keep("panel", VGroup(*lines))

    def multiply_and_add(self, path_sum, symbolic, numeric, _block):
        """One input: light its paths one by one, each with its product, then the sum."""
        self.say((_("d{top}/d{x}: one path from {x} to {top}; multiply along it.") if path_sum.total == 1 else
                  _("d{top}/d{x}: {n} paths from {x} to {top}; multiply along each, add them."))
                 .format(top=self.g.top, x=path_sum.wrt, n=path_sum.total))
        self.play(FadeIn(symbolic[:2]), run_time=0.4)
        for i, p in enumerate(path_sum.shown):
            color = color_of(PATH_KINDS[i % len(PATH_KINDS)])
            self.play(*self.diagram.highlight_path(p.nodes, color), run_time=0.8)
            symbolic[2 + 2 * i].set_color(color)
            numeric[1 + 2 * i].set_color(color)
            anims = [FadeIn(symbolic[2 + 2 * i]), FadeIn(numeric[1 + 2 * i])]
            if i > 0:
                anims += [FadeIn(symbolic[1 + 2 * i]), FadeIn(numeric[2 * i])]
            else:
                anims.append(FadeIn(numeric[0]))
            self.play(*anims, run_time=0.6)
        numeric[-2:].set_color(color_of("grad"))
        self.play(FadeIn(symbolic[-1]), FadeIn(numeric[-3:]), run_time=0.6)
        self.wait(1)
        self.leave(self.diagram.reset_colors)      # a beat ends on its paths lit; the next one resets them

    def shared_edges(self):
        g, diagram = self.g, self.diagram
        self.beat(_("Shared edges"), run_time=0.4)
        shared = shared_edges(g)
        if shared:
            (child, parent), users = next(iter(shared.items()))
            walked = ", ".join("-".join(p) for p in users)
            note = wrapped(_("{child}→{parent} is walked {n} times ({walked})").format(
                child=child, parent=parent, n=len(users), walked=walked), color=color_of("E"))
            self.say(_("Redundant: the edge {child}-{parent} is walked by {walked}.").format(
                child=child, parent=parent, walked=walked))
            self.play(*[diagram.arrow(*key).animate.set_color(color_of("E")).set_stroke(width=8) for key in shared],
                      run_time=0.6)
            self.play(Indicate(diagram.arrow(child, parent), color=color_of("E"), scale_factor=1.3), run_time=0.8)
        else:
            note = wrapped(_("no edge is shared here"), color=color_of("muted"))
        count = wrapped(_("edge visits: {visits}; edges in the graph: {n}").format(
            visits=path_edge_visits(g), n=len(g.edges)), color=color_of("E"))
        footer = VGroup(note, count).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        in_panel(footer, y_top=-3.5 + footer.height)
        if footer.get_top()[1] > self.panel_bottom:   # many inputs: the panel is tall, keep the footer below it
            footer.next_to(self.sums, DOWN, buff=0.2, aligned_edge=LEFT)
        self.keep("footer", footer)
        self.play(FadeIn(footer))
        self.wait(2)


class ReverseAccumulation(GraphLectureScene):
    """Reverse accumulation (the pile-up): start the top with 1 and send value x partial down, layer by layer."""

    TITLE = N_("Reverse accumulation: piling up from the top")

    def construct(self):
        self.g = self.lecture_graph()
        steps = reverse_steps(self.g)
        for i, layer in enumerate(sorted({s.layer for s in steps}, reverse=True)):
            self.pile_up_from(i, [s for s in steps if s.layer == layer])
        self.every_input_at_once()

    def start_at_the_top(self):
        g = self.g
        diagram = self.graph_diagram(g)
        self.opening(_("Start at {top} with 1 and work down one layer at a time.").format(top=g.top),
                     FadeIn(diagram))
        self.pile = PileUp(self, diagram)
        self.pile.start(g.top)

    def pile_up_from(self, i, batch):
        """One layer: its nodes send their piles down; the children pile the amounts up."""
        senders = list(dict.fromkeys(s.sender for s in batch))
        who = _(" and ").join(senders)
        self.beat(_("Pile up from {nodes}").format(nodes=", ".join(senders)))
        if i == 0:
            self.start_at_the_top()
        self.pile.drop_log()         # the last step's log stayed for its beat's end frame
        self.say((_("{who} sends its pile × local derivative down each edge; the children pile the amounts up.")
                  if len(senders) == 1 else
                  _("{who} send their piles × local derivative down each edge; the children pile the amounts up."))
                 .format(who=who))
        self.pile.send(batch, log_y=-2.0, run_time=1.3)
        self.pile.settle(adjoints(self.g))
        self.wait(0.6)

    def every_input_at_once(self):
        g = self.g
        self.beat(_("Every input at once"))
        self.pile.drop_log()
        self.keep("piles", self.pile.summands())
        panel = self.keep("panel", self.panel(adjoint_lines(g), top=2.4, height=3.4, color=color_of("grad"),
                                              font_size=38))
        sweep = wrapped(_("one sweep: {n} edge visits, all inputs at once").format(n=reverse_mode_ops(g)))
        in_panel(sweep, y_top=panel.get_bottom()[1] - 0.4)
        self.say(_("Each edge was used once; every input's derivative is its pile."))
        self.play(FadeIn(panel), FadeIn(sweep))
        self.wait(2)


class ForwardVsReverseMode(GraphLectureScene):
    """Forward mode needs one sweep per input, reverse mode one sweep for all; then nine paths merged (Olah)."""

    TITLE = N_("Forward mode vs reverse mode")

    def construct(self):
        self.g = self.lecture_graph()
        for s, sweep in enumerate(forward_sweeps(self.g)):
            self.beat(_("Forward sweep for {node}").format(node=sweep.wrt))
            if s == 0:
                self.graph_and_counter()
            self.forward_sweep(sweep)
        self.reverse_sweep()
        self.compare_costs()
        self.nine_paths()
        self.merge_the_paths()

    def graph_and_counter(self):
        self.diagram = self.graph_diagram(self.g)
        self.visits, self.counter_y = 0, -2.4
        self.counter = self.worded(_("forward edge visits:"), "0", self.counter_y, font_size=34)
        self.opening(_("Forward mode pushes one input's influence up the graph: one sweep per input."),
                     FadeIn(self.diagram), FadeIn(self.counter))
        self.tags_shown, self.head = [], None

    def forward_sweep(self, sweep):
        """d(node)/d(input) for every node, layer by layer up; the counter adds the sweep's edge visits."""
        g, diagram = self.g, self.diagram
        new_head = self.worded(_("forward sweep for {x}:").format(x=sweep.wrt), forward_sweep_latex(g, sweep.wrt),
                               2.3, font_size=36, color=color_of("z"))
        self.say(_("Forward sweep for {x}: every node gets d(node)/d{x}.").format(x=sweep.wrt))
        self.play(FadeIn(new_head) if self.head is None else Swap(self.head, new_head),
                  *[FadeOut(t) for t in diagram.forget(self.tags_shown)], run_time=0.5)
        self.head = self.head or new_head
        self.tags_shown = []
        for layer in sorted({n.layer for n in g.nodes if n.kind != "const"}):
            names = [n.name for n in g.nodes if n.layer == layer and n.kind != "const"]
            tags = [diagram.place_near(x, MathTex(show(sweep.tangents[x]), font_size=TAG_SIZE, color=color_of("z")),
                                       prefer=TAG_SIDES) for x in names]     # beside the node: its value stays
            self.tags_shown += tags
            self.play(*[FadeIn(t) for t in tags], run_time=0.5)
        self.visits += sweep.edge_visits
        new_counter = self.worded(_("forward edge visits:"), str(self.visits), self.counter_y, font_size=34)
        self.play(Swap(self.counter, new_counter), run_time=0.5)
        self.wait(1)

    def reverse_sweep(self):
        """One sweep from the top: every node's d(top)/d(node)."""
        g, diagram = self.g, self.diagram
        self.beat(_("Reverse sweep"))
        rev_head = self.worded(_("reverse sweep:"), reverse_sweep_latex(g), 2.3, font_size=36, color=color_of("grad"))
        self.say(_("Reverse mode: one sweep from the top gives every input's derivative."))
        self.play(*[FadeOut(t) for t in diagram.forget(self.tags_shown)], Swap(self.head, rev_head), run_time=0.5)
        adj, steps = adjoints(g), reverse_steps(g)
        shown = {g.top: diagram.place_near(g.top, MathTex("1", font_size=TAG_SIZE, color=color_of("grad")),
                                           prefer=TAG_SIDES)}
        self.play(FadeIn(shown[g.top]), run_time=0.4)
        for layer in sorted({s.layer for s in steps}, reverse=True):
            names = list(dict.fromkeys(s.receiver for s in steps if s.layer == layer))
            tags = [diagram.place_near(x, MathTex(show(adj[x]), font_size=TAG_SIZE, color=color_of("grad")),
                                       prefer=TAG_SIDES) for x in names]
            shown.update(zip(names, tags))
            self.play(*[FadeIn(t) for t in tags], run_time=0.5)
        self.keep("adjoint_tags", shown)

    def compare_costs(self):
        forward, reverse = mode_costs_latex(self.g)
        summary = VGroup(self.worded(_("forward:"), forward, 0, 34),
                         self.worded(_("reverse:"), reverse, 0, 34)).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_into(summary, PANEL_WIDTH, 1.4)
        in_panel(summary, y_top=-2.05)
        summary[1].set_color(color_of("grad"))
        self.keep("summary", summary)
        self.play(FadeOut(self.counter), FadeIn(summary))
        self.wait(1.5)

    def nine_paths(self):
        self.beat(_("Nine paths"))
        nine = nine_paths()
        diagram9 = NinePathDiagram(nine).move_to(UP * 1.0)
        fit_into(diagram9, 11, 3.2)
        self.keep("nine", diagram9)
        self.opening(_("Three edges X to Y and three Y to Z: nine paths."), *self.fade_all(), Create(diagram9.arcs),
                     FadeIn(diagram9.nodes), FadeIn(diagram9.labels), title=_("Why merging paths matters"))
        self.play(LaggedStart(*[LaggedStart(*diagram9.highlight(p, color_of("grad")), lag_ratio=0.3)
                                for p in nine.paths], lag_ratio=0.4), run_time=3)
        self.bring_to_front(diagram9.nodes, diagram9.labels)   # LaggedStart re-added the arcs on top
        path_sum = MathTex(nine.derivative_latex, font_size=34, color=color_of("text"))
        fit_into(path_sum, 13, 1.2)
        path_sum.move_to(DOWN * 1.3)
        self.factored = MathTex(nine.factored_latex, font_size=40, color=color_of("grad"))
        self.factored.next_to(path_sum, DOWN, buff=0.35)
        self.counts = Text(_("{n} paths: {visits} edge visits; merged: {merged}").format(
            n=len(nine.paths), visits=nine.path_edge_visits, merged=nine.merged_edge_visits), font_size=26,
            color=color_of("text"))
        self.counts.next_to(self.factored, DOWN, buff=0.3)
        self.keep("nine_text", VGroup(path_sum, self.factored, self.counts))
        self.say(_("Adding every path multiplies out nine products..."))
        self.play(*diagram9.reset(), Write(path_sum), run_time=2)
        self.wait(1)

    def merge_the_paths(self):
        self.beat(_("Merge the paths"))
        self.say(_("...merging edges first needs each edge once: this is what both modes do."))
        self.play(FadeIn(self.factored, shift=DOWN * 0.2))
        self.play(FadeIn(self.counts))
        self.wait(2)


class LocalBackwardRules(GraphLectureScene):
    """Backward rules of typical nodes: add passes through, multiply swaps, affine, ReLU gate, softmax-with-loss."""

    TITLE = N_("Local backward rules")

    def construct(self):
        self.add_node()
        self.multiply_node()
        self.affine_layer()
        self.relu()
        self.softmax_with_loss()
        self.bp2_from_the_rules()

    def add_node(self):
        self.beat(_("Add node"))
        gates = VGroup(GateDiagram(add_rule()), GateDiagram(mul_rule())).arrange(RIGHT, buff=1.4).move_to(UP * 0.4)
        fit_into(gates, USABLE_WIDTH - 0.2, 4.2)
        self.gates = self.keep("gates", gates)
        self.captions = VGroup(wrapped(_("add: passes the gradient on unchanged"), gates[0].width),
                               wrapped(_("multiply: each input gets the other one"), gates[1].width))
        for cap, gate in zip(self.captions, gates):
            cap.next_to(gate, DOWN, buff=0.45)
        self.opening(_("Each kind of node has a simple backward rule: white numbers go forward, gold ones back."),
                     FadeIn(gates[0].forward_part))
        self.gate(0, _("Add node: the upstream gradient flows back unchanged."))

    def multiply_node(self):
        self.beat(_("Multiply node"))
        self.gate(1, _("Multiply node: upstream times the other input."))
        self.wait(1)
        self.leave(FadeOut(self.gates), FadeOut(self.captions))

    def gate(self, i, text):
        """Gate i: its forward numbers, then what flows back, with its caption."""
        self.say(text)
        if i:     # the first gate's came with the title
            self.play(FadeIn(self.gates[i].forward_part), run_time=0.8)
        self.play(FadeIn(self.gates[i].backward_part, shift=LEFT * 0.3), FadeIn(self.captions[i]), run_time=1.0)
        self.wait(0.8)

    def affine_layer(self):
        self.beat(_("Affine layer"), run_time=1.0)
        lines = affine_rule().lines_latex      # the layer and its numbers on the left, the rules on the right
        given = self.panel(lines[:3], top=2.6, height=5.6, font_size=38, left=-6.3, width=AFFINE_COLUMN)
        rules = self.panel(lines[3:], top=2.6, height=5.6, font_size=38, left=0.3, width=AFFINE_COLUMN,
                           color=color_of("grad"))
        block = VGroup(*given, *rules)
        block.move_to(DOWN * 0.2)
        self.keep("affine", block)
        self.say(_("Affine layer, with column vectors as in the network: like multiply, but with matrices; "
                   "the shapes tell you where the transpose goes."))
        self.play(FadeIn(block[:3]))
        self.play(LaggedStart(*[FadeIn(b) for b in block[3:]], lag_ratio=0.6), run_time=2.5)
        self.wait(1.5)
        self.leave(FadeOut(block))

    def relu(self):
        self.beat(_("ReLU"), run_time=1.0)
        relu = relu_rule()
        block = self.keep("relu", self.rule_block(relu.rule_latex, relu.table_latex))
        self.say(_("ReLU is a gate: the gradient passes where z > 0 and stops elsewhere (also at z = 0)."))
        self.play(FadeIn(block[0]))
        self.play(FadeIn(block[1]))
        self.wait(2)
        self.leave(FadeOut(block))

    def softmax_with_loss(self):
        self.beat(_("Softmax with loss"), run_time=1.0)
        sm = softmax_with_loss()
        block = self.keep("softmax", self.rule_block(sm.loss_latex, sm.table_latex))
        self.say(_("Softmax with cross-entropy: the backward signal is simply a minus y, the output minus the target."))
        self.play(FadeIn(block[0]))
        self.play(FadeIn(block[1]))
        self.play(Indicate(block[1], color=color_of("grad"), scale_factor=1.05))
        self.wait(2)
        self.leave(FadeOut(block))

    def bp2_from_the_rules(self):
        """BP2 of the network is the affine node's rule, then the activation's gate."""
        self.beat(_("BP2 from two rules"), run_time=1.0)
        r = bp2_from_local_rules(ACTIVATIONS[network_spec().activation].latex)
        bp2 = MathTex(*r.parts, font_size=52)
        for part, kind in zip(bp2, ("delta", "w", "a")):
            part.set_color(color_of(kind))
        affine = self.worded(_("the affine node sends back:"), r.affine.latex, 0, 40, color=color_of("w"),
                             left=-6.4, width=USABLE_WIDTH)
        gate = self.worded(_("then the activation's gate:"), r.gate.latex, 0, 40, color=color_of("a"),
                           left=-6.4, width=USABLE_WIDTH)
        block = VGroup(bp2, affine, gate).arrange(DOWN, buff=0.7)
        fit_into(block, USABLE_WIDTH, 6.0).move_to(DOWN * 0.2)
        self.keep("bp2", block)
        self.say(_("Back on the network, BP2 is two of these rules in a row."))
        self.play(FadeIn(bp2))
        self.say(_("The affine node sends back W transpose times delta,"))
        self.play(FadeIn(affine), Indicate(bp2[1], color=color_of("w"), scale_factor=1.1), run_time=1.5)
        self.say(_("and the activation's gate multiplies, element by element, by its derivative."))
        self.play(FadeIn(gate), Indicate(bp2[2], color=color_of("a"), scale_factor=1.1), run_time=1.5)
        self.key_result()
