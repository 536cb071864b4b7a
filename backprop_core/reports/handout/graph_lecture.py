"""The graph lecture (Olah; the zhihu answers; Mr. Kuohao's car): the chain rule on a purchase,
local derivatives on e = (a+b)(b+1), the sum over paths as a table, the pile-up, both modes, nine paths.

Every formula is a record of ``backprop_core.expr`` (the ones the scenes ChainRuleCarPrice ..
ForwardVsReverseMode stage); the expression is the configured one, as in the scenes.
"""
from __future__ import annotations

from ...expr.autodiff import (adjoint_lines, forward_sweeps, mode_costs_latex, nine_paths,
                              path_edge_visits, path_sum, reverse_mode_ops, reverse_steps, shared_edges)
from ...expr.local_rules import CAR_WORDS, car_price
from ...i18n import N_, _
from ...number_format import show
from .blocks import Display, Heading, Items, Para, Section, Table, math

TITLES = {"ChainRuleCarPrice": N_("Chain rule: buying two cars"),
          "GraphLocalPartials": N_("A computational graph and its local derivatives"),
          "SumOverPaths": N_("Multiply along a path, add over paths"),
          "ReverseAccumulation": N_("Reverse accumulation: piling up from the top"),
          "ForwardVsReverseMode": N_("Forward mode vs reverse mode")}


def _heading(scene: str) -> Heading:
    return Heading(_(TITLES[scene]), scenes=(scene,))


def _ops(g) -> list[str]:
    return [n.evaluation_latex for n in g.nodes if n.kind == "op"]


def car_section() -> Section:
    car = car_price({k: rf"\text{{{_(v)}}}" for k, v in CAR_WORDS.items()})
    g = car.graph
    edges = tuple((math(rf"{g.node(e.child).label_latex} \to {g.node(e.parent).label_latex}"), math(e.local_latex))
                  for e in g.edges)
    return Section(_heading("ChainRuleCarPrice")).add(
        Para(_("Forward: {cost} before tax, {total} to pay.").format(cost=show(g.node("cost").value),
                                                                     total=show(car.total))),
        Display(tuple(_ops(g))),
        Para(_("Each node knows its local derivative: multiplying by tax scales by tax.")),
        Table((_("edge"), _("local derivative")), edges, "ll"),
        Para(_("Backward from the output with 1: every edge multiplies by its local derivative.")),
        Display((car.chain_latex, car.other_gradients_latex)))


def local_partials_section(g) -> Section:
    edges = tuple((math(rf"{g.node(e.child).label_latex} \to {g.node(e.parent).label_latex}"), math(e.local_latex))
                  for e in g.edges)
    return Section(_heading("GraphLocalPartials")).add(
        Para(_("The expression {expr} as a graph: one node per operation.").format(expr=math(g.expr_latex))),
        Para(_("Forward pass: evaluate every node from the inputs up.")),
        Display((g.point_latex, *_ops(g))),
        Para(_("On each edge: the derivative of the parent with respect to that child only.")),
        Table((_("edge"), _("local derivative")), edges, "ll"))


def _path_row(g, name: str) -> tuple[str, ...]:
    s = path_sum(g, name)
    return (math(g.node(name).label_latex), str(s.total), math(" ".join(s.symbolic)), math(" ".join(s.numeric[:-2])),
            math(show(s.value)))


def sum_over_paths_section(g) -> Section:
    s = Section(_heading("SumOverPaths")).add(
        Para(_("Each input's derivative is the sum over all its paths to the top.")),
        Table((_("input"), _("number of paths"), _("sum of the path products"), _("in numbers"), _("value")),
              tuple(_path_row(g, x) for x in g.inputs), "lrllr"))
    shared = shared_edges(g)
    if shared:
        (child, parent), users = next(iter(shared.items()))
        walked = ", ".join(r"\to ".join(g.node(n).label_latex for n in p) for p in users)
        edge = rf"{g.node(child).label_latex} \to {g.node(parent).label_latex}"
        s.add(Para(_("The edge {edge} is walked {n} times: {walked}.").format(
            edge=math(edge), n=len(users), walked=math(walked))))
    return s.add(Para(_("Path by path: {visits} edge visits for {n} edges.").format(
        visits=path_edge_visits(g), n=len(g.edges))))


def reverse_section(g) -> Section:
    rows = tuple((str(k), math(s.log_latex(g)), math(f"{g.node(s.receiver).label_latex}: {show(s.total)}"))
                 for k, s in enumerate(reverse_steps(g), 1))
    return Section(_heading("ReverseAccumulation")).add(
        Para(_("Start at {top} with 1 and work down one layer at a time.").format(top=math(g.node(g.top).label_latex))),
        Table((_("step"), _("sent down the edge"), _("pile after it")), rows, "rll"),
        Para(_("Each edge was used once; every input's derivative is its pile.")),
        Display(tuple(adjoint_lines(g))),
        Para(_("One sweep: {n} edge visits, all inputs at once.").format(n=reverse_mode_ops(g))))


def modes_section(g) -> Section:
    nodes = [n.name for n in g.nodes if n.kind != "const"]
    head = (_("forward sweep for"),) + tuple(math(rf"\partial {g.node(n).label_latex}") for n in nodes) + (
        _("edge visits"),)
    rows = tuple((math(g.node(s.wrt).label_latex),) + tuple(math(show(s.tangents[n])) for n in nodes)
                 + (str(s.edge_visits),) for s in forward_sweeps(g))
    forward, reverse = mode_costs_latex(g)
    nine = nine_paths()
    return Section(_heading("ForwardVsReverseMode")).add(
        Para(_("Forward mode pushes one input's influence up the graph: one sweep per input.")),
        Table(head, rows, "l" + "r" * (len(head) - 1)),
        Para(_("Reverse mode: one sweep from the top gives every input's derivative.")),
        Items((_("forward:") + " " + math(forward), _("reverse:") + " " + math(reverse))),
        Heading(_("Why merging paths matters"), 2),
        Para(_("Three edges from $X$ to $Y$ and three from $Y$ to $Z$: nine paths.")),
        Display((nine.derivative_latex.replace(" = ", " = ", 1), nine.factored_latex.removeprefix("= ").join(
            [r"\frac{\partial Z}{\partial X} = ", ""]))),
        Para(_("{n} paths: {visits} edge visits; merged first: {merged}.").format(
            n=len(nine.paths), visits=nine.path_edge_visits, merged=nine.merged_edge_visits)),
        Para(_("Merging the edges first uses each edge once: this is what both modes do.")))


def sections(data) -> list[Section]:
    g = data.graph
    return [car_section(), local_partials_section(g), sum_over_paths_section(g), reverse_section(g), modes_section(g)]
