"""The computational-graph lecture: chain rule, local partials, paths, the pile-up, both AD modes, local rules.

Render one beat::

    PYTHONHASHSEED=0 manim render -ql scenes/graph_lecture.py SumOverPaths

Scenes 2-5 follow ``BACKPROP_EXPR`` / ``BACKPROP_AT`` (default ``(a+b)*(b+1)`` at a=2, b=1).
Every number on screen comes from ``backprop_core``; this file only stages it.
"""
from __future__ import annotations

import sympy as sp
from manim import (DOWN, LEFT, RIGHT, UL, UP, UR, Axes, Create, Dot, FadeIn, FadeOut, Indicate, LaggedStart, Line,
                   Transform, VGroup, Write)

from backprop_anim.mobjects.graph_mobjects import ExprGraphDiagram, GateDiagram, NinePathDiagram, with_backdrop
from backprop_anim.mobjects.layout import fit_into
from backprop_anim.graph_scene_kit import PANEL_LEFT, GraphLectureScene
from backprop_anim.lang import MathTex, Text, word_labels
from backprop_anim.theme import color_of
from backprop_core.expr.autodiff import (adjoints, all_paths, forward_mode_ops, forward_sweeps, gradient,
                                         nine_paths, path_edge_visits, reverse_mode_ops, reverse_steps,
                                         shared_edges)
from backprop_core.expr.local_rules import (CAR_WORDS, add_rule, affine_rule, car_price, mul_rule, parameter_update,
                                            relu_rule, softmax_with_loss, step_size_demo)
from backprop_core.i18n import N_, _
from backprop_core.number_format import matrix_latex, show, show_factor

KIND = "expression"     # the settings its scenes read (backprop_core.scene_source)

PATH_KINDS = ["e", "a", "w", "y", "b", "z"]   # one theme colour per path, cycling


def _d(top_latex: str, wrt_latex: str) -> str:
    return rf"\frac{{\partial {top_latex}}}{{\partial {wrt_latex}}}"


class ChainRuleCarPrice(GraphLectureScene):
    """Chain rule on a car purchase (Mr. Kuohao on zhihu): 20 x 2 x 1.1 = 44, and d price / d unit = 2.2 backwards."""

    TITLE = N_("Chain rule: buying two cars")

    def construct(self):
        car = car_price(word_labels(CAR_WORDS))      # the nodes' words in the lecture's language
        g = car.graph
        self.next_section(_("Forward: the price"))
        self.show_title(_("Chain rule: buying two cars"),
                        _("One car costs 20 (units of 10,000 yuan); we buy 2 and pay 10% tax."))
        diagram = ExprGraphDiagram(g, width=9.0, height=3.0, orientation="right", pull_leaves=True, labels="both")
        diagram.scale(min(12.5 / diagram.width, 3.9 / diagram.height))   # as large as the slide allows
        diagram.move_to(DOWN * 0.3)      # alone on the slide until the backward pass needs the space below
        self.built["diagram"] = diagram
        for n in diagram.node_mobs.values():
            n.value.set_opacity(0)
        self.play(Create(diagram.arrows), FadeIn(diagram.nodes), run_time=1.5)

        self.say(_("Forward: {cost} before tax, {total} to pay.").format(cost=show(g.node('cost').value),
                                                                   total=show(car.total)), 3)
        for layer in sorted({n.layer for n in g.nodes}):
            names = [n.name for n in g.nodes if n.layer == layer]
            self.play(*[diagram.node(x).value.animate.set_opacity(1) for x in names], run_time=0.6)

        self.wait(1)

        self.next_section(_("Local derivatives"))
        self.say(_("Each node knows its local derivative: multiplying by tax scales by tax."), 3)
        self.play(LaggedStart(*[FadeIn(m) for m in diagram.labels], lag_ratio=0.3), run_time=1.5)
        self.wait(1)

        self.next_section(_("Backward from the price"))
        self.say(_("Backward from the output with 1: every edge multiplies by its local derivative."), 4)
        legend = Text(_("gold: how much the {top} changes per unit change of that node").format(
            top=_(CAR_WORDS[g.top])), font_size=24, color=color_of("grad"))
        fit_into(legend, 12.5, 0.5)
        legend.move_to(DOWN * 1.3)
        self.play(diagram.animate.move_to(UP * 1.2), run_time=0.6)
        self.play(FadeIn(legend), run_time=0.5)
        piles = self.start_pile(diagram, g.top, inside=False)
        piles = self.pile_up(diagram, reverse_steps(g), piles, inside=False)[0]
        self.built["piles"] = {k: v[1] for k, v in piles.items()}
        self.wait(1)

        self.next_section(_("The chain rule"))
        chain = car.backward_chain
        unit_path = all_paths(g)["unit"][0]
        top, unit = g.node(g.top).label_latex, g.node("unit").label_latex
        line1 = self.slot(_d(top, unit) + " = " + r" \times ".join(show(v) for v in [chain[0]] + unit_path.factor_values)
                          + f" = {show(car.gradients['unit'])}", -2.35, font_size=40, left=-6.5, width=12.8)
        line2 = self.slot(r",\qquad ".join(_d(top, g.node(k).label_latex) + f" = {show(v)}"
                                           for k, v in car.gradients.items() if k != "unit"),
                          -3.35, font_size=34, left=-6.5, width=12.8)
        result = VGroup(line1, line2).arrange(DOWN, aligned_edge=LEFT, buff=0.3)   # words in fractions: any height
        fit_into(result, 12.8, legend.get_bottom()[1] - 0.3 + 3.8)
        result.next_to(legend, DOWN, buff=0.3).align_to([-6.5, 0, 0], LEFT)
        self.built["result"] = result
        self.say(_("Price per unit price: 1 x 1.1 x 2 = {value}: the chain rule.").format(
            value=show(car.gradients['unit'])), 4)
        self.play(Write(line1))
        self.play(FadeIn(line2))
        self.wait(1.5)


class GraphLocalPartials(GraphLectureScene):
    """Build the expression graph, run the forward pass, and label every edge with its local partial."""

    TITLE = N_("A computational graph and its local derivatives")

    def construct(self):
        g = self.lecture_graph()
        self.next_section(_("The graph"))
        self.show_title(_("A computational graph and its local derivatives"),
                        _("The expression {expr} as a graph: one node per operation.").format(expr=g.text))
        diagram = self.graph_diagram(g)
        for n in diagram.node_mobs.values():
            n.value.set_opacity(0)
        layers = sorted({n.layer for n in g.nodes})
        for layer in layers:
            names = [n.name for n in g.nodes if n.layer == layer]
            arrows = [diagram.arrow_mobs[k] for k in diagram.arrow_mobs if k[1] in names]
            self.play(*[FadeIn(diagram.node(x)) for x in names], *[Create(a) for a in arrows], run_time=0.7)

        self.wait(1)

        self.next_section(_("Forward pass"))
        point = r",\ ".join(f"{g.node(k).label_latex} = {show(v)}" for k, v in g.point.items())
        ops = [n for n in g.nodes if n.kind == "op"]
        panel = self.panel([point] + [f"{n.formula_latex} = {show(n.value)}" for n in ops], height=3.6)
        self.built["panel"] = panel
        self.say(_("Forward pass: evaluate every node from the inputs up."), 3)
        self.play(FadeIn(panel[0]), *[diagram.node(x).value.animate.set_opacity(1) for x in g.point], run_time=0.8)
        for line, n in zip(panel[1:], ops):
            self.play(FadeIn(line), diagram.node(n.name).value.animate.set_opacity(1), run_time=0.5)

        self.wait(1)
        slot = None
        for i, e in enumerate(g.edges):
            self.next_section(_("Local derivative on {edge}").format(edge=f"{e.child}→{e.parent}"))
            if i == 0:
                self.say(_("On each edge: the derivative of the parent with respect to that child only."), 4)
            middle = "" if e.partial.is_number else f" = {e.partial_latex}"
            new = self.slot(f"{e.symbol_latex}{middle} = {show(e.value)}", -2.7, font_size=40,
                            color=color_of("local"))
            self.play(Indicate(diagram.arrow(e.child, e.parent), color=color_of("local")),
                      FadeIn(diagram.edge_label(e.child, e.parent)),
                      FadeIn(new) if slot is None else Transform(slot, new), run_time=1.0)
            slot = slot or new
            self.wait(1.0)
        self.built["slot"] = slot
        self.wait(1.0)


class SumOverPaths(GraphLectureScene):
    """Chain rule on the graph: multiply along each path, add the paths; and see the redundancy."""

    TITLE = N_("Multiply along a path, add over paths")

    def construct(self):
        g = self.lecture_graph()
        self.next_section(_("Paths from {node}").format(node=next(iter(all_paths(g)))))
        self.show_title(_("Multiply along a path, add over paths"),
                        _("Each input's derivative is the sum over all its paths to the top."))
        diagram = self.graph_diagram(g)
        self.add(diagram)
        paths, grads = all_paths(g), gradient(g)
        top = g.node(g.top).label_latex
        blocks = []
        for name, plist in paths.items():
            for k in range(min(3, len(plist)), 0, -1):   # as many paths as stay readable on one line
                symbolic, numeric, block = _path_sum_block(g, name, plist[:k], len(plist))
                if block.width <= 5.8 * 1.3:
                    break
            fit_into(block, 5.8, 1.9)
            blocks.append((name, plist, plist[:k], symbolic, numeric, block))
        lines = [blk[-1] for blk in blocks]
        panel = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit_into(panel, 5.8, 4.9)
        panel.move_to([PANEL_LEFT + panel.width / 2, 2.6 - panel.height / 2, 0])
        for b, (name, plist, shown, symbolic, numeric, block) in enumerate(blocks):
            if b:     # a beat ends on its paths lit; the next one starts by resetting them
                self.next_section(_("Paths from {node}").format(node=name))
                self.play(*diagram.reset_colors(), run_time=0.4)
            self.say(_("d{top}/d{x}: {n} path(s) from {x} to {top}; multiply along each, add them.").format(
                top=g.top, x=name, n=len(plist)))
            self.play(FadeIn(symbolic[:2]), run_time=0.4)
            for i, p in enumerate(shown):
                color = color_of(PATH_KINDS[i % len(PATH_KINDS)])
                self.play(*diagram.highlight_path(p.nodes, color), run_time=0.8)
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
        y = panel.get_bottom()[1]
        self.built["panel"] = VGroup(*lines)

        self.next_section(_("Shared edges"))
        self.play(*diagram.reset_colors(), run_time=0.4)
        shared = shared_edges(g)
        visits, n_edges = path_edge_visits(g), len(g.edges)
        if shared:
            (child, parent), users = next(iter(shared.items()))
            walked = ", ".join("-".join(p) for p in users)
            note = Text(_("{child}→{parent} is walked {n} times ({walked})").format(
                child=child, parent=parent, n=len(users), walked=walked), font_size=26,
                        color=color_of("E"))
            self.say(_("Redundant: the edge {child}-{parent} is walked by {walked}.").format(
                child=child, parent=parent, walked=walked), 4)
            self.play(*[a.animate.set_color(color_of("E")).set_stroke(width=8)
                        for key in shared for a in [diagram.arrow(*key)]], run_time=0.6)
            self.play(Indicate(diagram.arrow(child, parent), color=color_of("E"), scale_factor=1.3), run_time=0.8)
        else:
            note = Text(_("no edge is shared here"), font_size=26, color=color_of("muted"))
        count = Text(_("edge visits: {visits} for {n} edges").format(visits=visits, n=n_edges), font_size=26, color=color_of("E"))
        footer = VGroup(note, count).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        fit_into(footer, 5.8, 1.2)
        footer.move_to([PANEL_LEFT + footer.width / 2, -3.1, 0])
        if footer.get_top()[1] > y:   # many inputs: the panel is tall, keep the footer below it
            footer.next_to(VGroup(*lines), DOWN, buff=0.2, aligned_edge=LEFT)
        self.built["footer"] = footer
        self.play(FadeIn(footer))
        self.wait(2)


def _path_sum_block(g, name, shown, total):
    """Two MathTex lines for one input: the chain-rule products of its paths, then their numbers."""
    top, wrt = g.node(g.top).label_latex, g.node(name).label_latex
    more = rf" + \cdots_{{(+{total - len(shown)})}}" if total > len(shown) else ""
    sym = [r"".join(p.factors_latex) for p in shown]
    num = [r"\cdot".join(show_factor(v) for v in p.factor_values) for p in shown]
    symbolic = MathTex(_d(top, wrt), "=", *_interleave(sym, "+"), more, font_size=34, color=color_of("text"))
    numeric = MathTex("=", *_interleave(num, "+"), more, "=", show(gradient(g)[name]), font_size=34,
                      color=color_of("text"))
    block = VGroup(symbolic, numeric).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    numeric.shift(RIGHT * (symbolic[0].width + 0.1))
    return symbolic, numeric, block


def _interleave(items: list[str], sep: str) -> list[str]:
    out = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.append(item)
    return out


class ReverseAccumulation(GraphLectureScene):
    """Reverse accumulation (the pile-up): start the top with 1 and send value x partial down, layer by layer."""

    TITLE = N_("Reverse accumulation: piling up from the top")

    def construct(self):
        g = self.lecture_graph()
        steps = reverse_steps(g)
        log = None
        for i, layer in enumerate(sorted({s.layer for s in steps}, reverse=True)):
            batch = [s for s in steps if s.layer == layer]
            senders = list(dict.fromkeys(s.sender for s in batch))
            who = _(" and ").join(senders)
            self.next_section(_("Pile up from {nodes}").format(nodes=", ".join(senders)))
            if i == 0:
                self.show_title(_("Reverse accumulation: piling up from the top"),
                                _("Start at {top} with 1 and work down one layer at a time.").format(top=g.top))
                diagram = self.graph_diagram(g)
                self.add(diagram)
                piles = self.start_pile(diagram, g.top)
            if log is not None:   # the last step's log stayed for its beat's end frame
                self.remove(log)
            self.say((_("{who} sends its pile × local derivative down each edge; the children pile the amounts up.")
                      if len(senders) == 1 else
                      _("{who} send their piles × local derivative down each edge; the children pile the amounts up."))
                     .format(who=who))
            piles, log = self.pile_up(diagram, batch, piles, log_y=-2.0, run_time=1.3)
            piles = self.settle_piles(diagram, piles, adjoints(g))
            self.wait(0.6)
        self.next_section(_("Every input at once"))
        if log is not None:
            self.remove(log)
        self.built["piles"] = {k: v[1] for k, v in piles.items()}
        adj = adjoints(g)
        top = g.node(g.top).label_latex
        lines = [f"{_d(top, g.node(x).label_latex)} = {show(adj[x])}" for x in g.inputs]
        panel = self.panel(lines, top=2.4, height=3.4, color=color_of("grad"), font_size=38)
        sweep = Text(_("one sweep: {n} edge visits, all inputs at once").format(n=reverse_mode_ops(g)), font_size=26,
                     color=color_of("text"))
        fit_into(sweep, 5.8, 0.6)
        sweep.move_to([PANEL_LEFT + sweep.width / 2, -3.1, 0])
        self.built["panel"] = panel
        self.say(_("Each edge was used once; every input's derivative is its pile."), 3)
        self.play(FadeIn(panel), FadeIn(sweep))
        self.wait(2)


class ForwardVsReverseMode(GraphLectureScene):
    """Forward mode needs one sweep per input, reverse mode one sweep for all; then nine paths merged (Olah)."""

    TITLE = N_("Forward mode vs reverse mode")

    def construct(self):
        g = self.lecture_graph()
        sweeps = forward_sweeps(g)
        self.next_section(_("Forward sweep for {node}").format(node=sweeps[0].wrt))
        self.show_title(_("Forward mode vs reverse mode"),
                        _("Forward mode pushes one input's influence up the graph: one sweep per input."))
        diagram = self.graph_diagram(g)
        self.add(diagram)
        counter_y, visits = -2.4, 0
        counter = self.worded(_("forward edge visits:"), "0", counter_y, font_size=34)
        self.add(counter)
        tags_shown, head = [], None
        for s, sweep in enumerate(sweeps):
            if s:
                self.next_section(_("Forward sweep for {node}").format(node=sweep.wrt))
            wrt = g.node(sweep.wrt).label_latex
            new_head = self.worded(_("forward sweep for {x}:").format(x=sweep.wrt),
                                   rf"\frac{{\partial\,\cdot}}{{\partial {wrt}}}", 2.3, font_size=36, color=color_of("z"))
            self.say(_("Forward sweep for {x}: every node gets d(node)/d{x}.").format(x=sweep.wrt), 3.5)
            self.play(FadeIn(new_head) if head is None else Transform(head, new_head),
                      *[FadeOut(t) for t in tags_shown], run_time=0.5)
            head = head or new_head
            tags_shown = []
            for layer in sorted({n.layer for n in g.nodes if n.kind != "const"}):
                names = [n.name for n in g.nodes if n.layer == layer and n.kind != "const"]
                tags = [diagram.in_node(x, MathTex(show(sweep.tangents[x]), font_size=30, color=color_of("z")))
                        for x in names]
                tags_shown += tags
                self.play(*[FadeIn(t) for t in tags], *[diagram.node(x).value.animate.set_opacity(0) for x in names],
                          run_time=0.5)
            visits += sweep.edge_visits
            new_counter = self.worded(_("forward edge visits:"), str(visits), counter_y, font_size=34)
            self.play(Transform(counter, new_counter), run_time=0.5)
            self.wait(1)
        self.next_section(_("Reverse sweep"))
        top = g.node(g.top).label_latex
        rev_head = self.worded(_("reverse sweep:"), rf"\frac{{\partial {top}}}{{\partial\,\cdot}}", 2.3,
                               font_size=36, color=color_of("grad"))
        self.say(_("Reverse mode: one sweep from the top gives every input's derivative."), 3.5)
        self.play(*[FadeOut(t) for t in tags_shown], Transform(head, rev_head), run_time=0.5)
        adj = adjoints(g)
        steps = reverse_steps(g)
        shown = {}
        top_tag = diagram.in_node(g.top, MathTex("1", font_size=30, color=color_of("grad")))
        shown[g.top] = top_tag
        self.play(FadeIn(top_tag), run_time=0.4)
        for layer in sorted({s.layer for s in steps}, reverse=True):
            names = list(dict.fromkeys(s.receiver for s in steps if s.layer == layer))
            tags = [diagram.in_node(x, MathTex(show(adj[x]), font_size=30, color=color_of("grad"))) for x in names]
            shown.update(zip(names, tags))
            self.play(*[FadeIn(t) for t in tags], run_time=0.5)
        self.built["adjoint_tags"] = shown
        summary = VGroup(
            self.worded(_("forward:"), rf"{len(g.inputs)} \times {len(g.edges)} = {forward_mode_ops(g)}", 0, 34),
            self.worded(_("reverse:"), rf"1 \times {len(g.edges)} = {reverse_mode_ops(g)}", 0, 34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_into(summary, 5.8, 1.4)
        summary.move_to([PANEL_LEFT + summary.width / 2, -2.05 - summary.height / 2, 0])
        summary[1].set_color(color_of("grad"))
        self.built["summary"] = summary
        self.play(FadeOut(counter), FadeIn(summary))
        self.wait(1.5)

        self.next_section(_("Nine paths"))
        self.clear_all()
        nine = nine_paths()
        self.show_title(_("Why merging paths matters"), _("Three edges X to Y and three Y to Z: nine paths."))
        diagram9 = NinePathDiagram(nine).move_to(UP * 1.0)
        fit_into(diagram9, 11, 3.2)
        self.built["nine"] = diagram9
        self.play(Create(diagram9.arcs), FadeIn(diagram9.nodes), FadeIn(diagram9.labels))
        self.play(LaggedStart(*[LaggedStart(*diagram9.highlight(p, color_of("grad")), lag_ratio=0.3)
                                for p in nine.paths], lag_ratio=0.4), run_time=3)
        self.bring_to_front(diagram9.nodes, diagram9.labels)   # LaggedStart re-added the arcs on top
        path_sum = MathTex(r"\frac{\partial Z}{\partial X} = " + nine.path_sum_latex, font_size=34,
                           color=color_of("text"))
        fit_into(path_sum, 13, 1.2)
        path_sum.move_to(DOWN * 1.3)
        factored = MathTex(r"= " + sp.latex(nine.factored), font_size=40, color=color_of("grad"))
        factored.next_to(path_sum, DOWN, buff=0.35)
        counts = Text(_("{n} paths: {visits} edge visits; merged: {merged}").format(
            n=len(nine.paths), visits=nine.path_edge_visits, merged=nine.merged_edge_visits), font_size=26, color=color_of("text"))
        counts.next_to(factored, DOWN, buff=0.3)
        self.built["nine_text"] = VGroup(path_sum, factored, counts)
        self.say(_("Adding every path multiplies out nine products..."), 3)
        self.play(*diagram9.reset(), Write(path_sum), run_time=2)
        self.wait(1)

        self.next_section(_("Merge the paths"))
        self.say(_("...merging edges first needs each edge once: this is what both modes do."), 4)
        self.play(FadeIn(factored, shift=DOWN * 0.2))
        self.play(FadeIn(counts))
        self.wait(2)


class LocalBackwardRules(GraphLectureScene):
    """Backward rules of typical nodes: add passes through, multiply swaps, affine, ReLU gate, softmax-with-loss."""

    TITLE = N_("Local backward rules")

    def construct(self):
        self.next_section(_("Add node"))
        self.show_title(_("Local backward rules"),
                        _("Each kind of node has a simple backward rule: white numbers go forward, gold ones back."))
        add, mul = add_rule(), mul_rule()
        gates = VGroup(GateDiagram(add), GateDiagram(mul)).arrange(RIGHT, buff=1.4).move_to(UP * 0.4)
        fit_into(gates, 13, 4.2)
        self.built["gates"] = gates
        captions = VGroup(Text(_("add: passes the gradient on unchanged"), font_size=26, color=color_of("text")),
                          Text(_("multiply: each input gets the other one"), font_size=26, color=color_of("text")))
        for cap, gate in zip(captions, gates):
            fit_into(cap, 6.2, 0.5)
            cap.next_to(gate, DOWN, buff=0.45)
        for gate, cap, text, name in (
                (gates[0], captions[0], _("Add node: the upstream gradient flows back unchanged."), None),
                (gates[1], captions[1], _("Multiply node: upstream times the other input."), _("Multiply node"))):
            if name:
                self.next_section(name)
            self.say(text, 4)
            self.play(FadeIn(gate.forward_part), run_time=0.8)
            self.play(FadeIn(gate.backward_part, shift=LEFT * 0.3), FadeIn(cap), run_time=1.0)
            self.wait(0.8)
        self.wait(1)

        self.next_section(_("Affine layer"))
        self.play(FadeOut(gates), FadeOut(captions))

        aff = affine_rule()
        L = matrix_latex
        lines = [r"Y = X W + b", rf"X = {L(aff.X)},\ W = {L(aff.W)},\ b = {L(aff.b)}",
                 rf"\frac{{\partial L}}{{\partial Y}} = {L(aff.dY)}",
                 rf"\frac{{\partial L}}{{\partial X}} = \frac{{\partial L}}{{\partial Y}} W^{{T}} = {L(aff.dX)}",
                 rf"\frac{{\partial L}}{{\partial W}} = X^{{T}} \frac{{\partial L}}{{\partial Y}} = {L(aff.dW)}",
                 rf"\frac{{\partial L}}{{\partial b}} = \frac{{\partial L}}{{\partial Y}} = {L(aff.db)}"]
        block = self.panel(lines, top=2.9, height=6.3, font_size=34, left=-5.8, width=11.6)
        block[3:].set_color(color_of("grad"))
        block.set_x(0)
        self.built["affine"] = block
        self.say(_("Affine layer: like multiply, but with matrices; shapes tell you where the transpose goes."), 5)
        self.play(FadeIn(block[:3]))
        self.play(LaggedStart(*[FadeIn(b) for b in block[3:]], lag_ratio=0.6), run_time=2.5)
        self.wait(1.5)

        self.next_section(_("ReLU"))
        self.play(FadeOut(block))

        relu = relu_rule()
        row = lambda name, vals: name + " & " + " & ".join(show(v) for v in vals)
        relu_tex = MathTex(r"\begin{array}{r|cccc}" + r"\\".join([
            row("x", relu.x), row(r"{[x>0]}", relu.gate), row(r"\partial L/\partial y", relu.upstream),
            row(r"\partial L/\partial x", relu.dx)]) + r"\end{array}", font_size=40, color=color_of("text"))
        relu_title = MathTex(r"\mathrm{ReLU}:\ y = \max(0, x),\quad \frac{\partial y}{\partial x} = "
                             r"\begin{cases}1 & x > 0\\ 0 & x \le 0\end{cases}", font_size=38, color=color_of("text"))
        relu_block = VGroup(relu_title, relu_tex).arrange(DOWN, buff=0.5).move_to(DOWN * 0.3)
        relu_block.scale(min(1.4, 12.5 / relu_block.width, 6 / relu_block.height))   # fills the slide, legible at 480p
        self.built["relu"] = relu_block
        self.say(_("ReLU is a gate: the gradient passes where x > 0 and stops elsewhere (also at 0)."), 5)
        self.play(FadeIn(relu_title))
        self.play(FadeIn(relu_tex))
        self.wait(2)

        self.next_section(_("Softmax with loss"))
        self.play(FadeOut(relu_block))

        sm = softmax_with_loss()
        sm_tex = MathTex(r"\begin{array}{r|ccc}" + r"\\".join([
            row("a", sm.a), row(r"y = \mathrm{softmax}(a)", sm.y), row("t", sm.t),
            row(r"\partial L/\partial a = y - t", sm.grad)]) + r"\end{array}", font_size=40, color=color_of("text"))
        sm_title = MathTex(rf"L = -\sum_k t_k \log y_k = {show(sm.loss)}", font_size=38, color=color_of("text"))
        sm_block = VGroup(sm_title, sm_tex).arrange(DOWN, buff=0.5).move_to(DOWN * 0.3)
        sm_block.scale(min(1.4, 12.5 / sm_block.width, 6 / sm_block.height))   # fills the slide, legible at 480p
        self.built["softmax"] = sm_block
        self.say(_("Softmax with cross-entropy: the backward signal is simply y - t."), 5)
        self.play(FadeIn(sm_title))
        self.play(FadeIn(sm_tex))
        self.play(Indicate(sm_tex, color=color_of("grad"), scale_factor=1.05))
        self.wait(2)


class ParameterUpdate(GraphLectureScene):
    """Use the gradients: W <- W - eps (dW + reg W), b <- b - eps db, and why the learning rate is small."""

    TITLE = N_("Parameter update")

    def construct(self):
        self.next_section(_("The update rule"))
        self.show_title(_("Parameter update"), _("Backprop gives dW and db; the update uses them."))
        u = parameter_update()
        L = matrix_latex
        rule = self.panel([r"W \leftarrow W - \varepsilon\,(dW + \mathrm{reg}\cdot W)",
                           r"b \leftarrow b - \varepsilon\, db"], top=2.9, height=1.6, font_size=40, left=-5.8,
                          width=11.6)
        numbers = self.panel([
            rf"\varepsilon = {show(u.eps)},\quad \mathrm{{reg}} = {show(u.reg)},\quad W = {L(u.W)},\quad dW = {L(u.dW)}",
            rf"dW + \mathrm{{reg}}\cdot W = {L(u.dW_reg)}",
            rf"W \leftarrow {L(u.W_new)}",
            rf"b = {L(u.b)},\ db = {L(u.db)}\ \Rightarrow\ b \leftarrow {L(u.b_new)}"],
            top=1.0, height=4.4, font_size=32, left=-5.8, width=11.6)
        numbers[2].set_color(color_of("grad"))
        numbers[3].set_color(color_of("grad"))
        self.built["numbers"] = numbers
        self.say(_("The regularisation term reg*W comes from the penalty W^2/2."), 4)
        self.play(FadeIn(rule))
        self.play(LaggedStart(*[FadeIn(n) for n in numbers], lag_ratio=0.7), run_time=3)
        self.wait(2)

        self.next_section(_("The step size"))
        self.play(FadeOut(rule), FadeOut(numbers))

        demo = step_size_demo()
        self.say(_("The learning rate is small: a big step jumps across the minimum."), 5)
        plots = VGroup()
        for eps, steps in ((demo.small_eps, demo.small_steps), (demo.big_eps, demo.big_steps)):
            axes = Axes(x_range=[-1.3, 1.3, 0.5], y_range=[0, 1.5, 0.5], x_length=5.2, y_length=3.2,
                        axis_config={"color": color_of("muted"), "include_ticks": False, "tip_length": 0.15,
                                     "tip_width": 0.15})
            curve = axes.plot_line_graph([float(w) for w, _v in demo.curve], [float(v) for _w, v in demo.curve],
                                         add_vertex_dots=False, line_color=color_of("E"), stroke_width=3)
            points = [axes.c2p(float(w), float(v)) for w, v in steps]
            dots = VGroup(*[Dot(p, radius=0.07, color=color_of("grad")) for p in points])
            dots.add(*[Line(p, q, color=color_of("grad"), stroke_width=2) for p, q in zip(points, points[1:])])
            label = MathTex(rf"\varepsilon = {show(eps)}", font_size=36, color=color_of("text"))
            label.next_to(axes, UP, buff=0.1)
            plots.add(VGroup(axes, curve, dots, label))
        plots.arrange(RIGHT, buff=1.0).move_to(DOWN * 0.4)
        fit_into(plots, 12.5, 5.2)
        self.built["plots"] = plots
        self.play(*[FadeIn(VGroup(p[0], p[1], p[3])) for p in plots])
        self.play(*[LaggedStart(*[FadeIn(d, scale=1.5) for d in p[2]], lag_ratio=0.5) for p in plots], run_time=3)
        note = Text(_("The learning rate ε is usually tiny, e.g. 0.0001 (Mr. Kuohao on zhihu)"), font_size=26, color=color_of("muted"))
        note.to_edge(DOWN, buff=0.35)
        self.play(FadeIn(note))
        self.wait(2)
