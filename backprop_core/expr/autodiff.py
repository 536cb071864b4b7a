"""Three ways to get the gradient from an :class:`~backprop_core.expr.graph.ExprGraph`.

* **sum over paths** (seed 000): every path input -> top, multiply the local partials on it,
  add the paths. Honest but redundant: ``a-c-e`` and ``b-c-e`` both walk ``c-e``.
* **reverse accumulation** (the "pile-up"): start the top with 1, go down layer by layer; each
  node sends (its total) x (edge partial) to each child, which piles the amounts up. One sweep
  gives every input's partial.
* **forward mode** (seed 002): one sweep per input, pushing d(node)/d(input) upwards.

Operation counts are edge visits: forward mode visits every edge once per input, reverse mode
once in total, path sums once per path edge.

>>> from backprop_core.expr.graph import build_graph
>>> g = build_graph("(a+b)*(b+1)", "a=2,b=1")
>>> gradient(g)
{'a': 2, 'b': 5}
>>> [p.nodes for p in all_paths(g)["b"]]
[['b', 'c', 'e'], ['b', 'd', 'e']]
>>> [(s.sender, s.receiver, s.amount, s.total) for s in reverse_steps(g)]
[('e', 'c', 2, 2), ('e', 'd', 3, 3), ('c', 'a', 2, 2), ('c', 'b', 2, 2), ('d', 'b', 3, 5)]
>>> forward_mode_ops(g), reverse_mode_ops(g)
(10, 5)
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..number_format import show, show_factor
from .graph import ExprGraph


@dataclass(frozen=True)
class Path:
    """One path input -> top with its chain-rule factors (top-most factor first, like seed 000)."""

    nodes: list[str]
    factors_latex: list[str]      # \frac{\partial e}{\partial c} ...
    factor_values: list[sp.Expr]
    product: sp.Expr

    @property
    def edges(self) -> list[tuple[str, str]]:
        return list(zip(self.nodes, self.nodes[1:]))


def paths_between(edges, source, target) -> list[list]:
    """Every path source -> target in a DAG given as (child, parent, payload) triples.

    Parallel edges count as different paths (seed 002's X->Y->Z has 3 x 3 = 9).
    Returns lists of the triples along each path.
    """
    out: list[list] = []

    def walk(node, trail):
        if node == target:
            out.append(list(trail))
            return
        for edge in edges:
            if edge[0] == node:
                walk(edge[1], trail + [edge])
    walk(source, [])
    return out


def all_paths(g: ExprGraph) -> dict[str, list[Path]]:
    """input name -> its paths to the top node, each with factors and product."""
    triples = [(e.child, e.parent, e) for e in g.edges]
    out = {}
    for name in g.inputs:
        paths = []
        for trail in paths_between(triples, name, g.top):
            edges = [t[2] for t in reversed(trail)]
            product = sp.Integer(1)
            for e in edges:
                product *= e.value
            paths.append(Path([name] + [t[1] for t in trail], [e.symbol_latex for e in edges],
                              [e.value for e in edges], product))
        out[name] = paths
    return out


@dataclass(frozen=True)
class PathSum:
    """The chain rule for one input, summed over (the first few of) its paths, as two lines of LaTeX
    parts: ``symbolic`` (d top/d x = product + product + ...) and ``numeric`` (= numbers + ... = value).

    Each path is one part of each line (``symbolic[2 + 2i]``, ``numeric[1 + 2i]``), so a scene can
    colour a path and its numbers alike; paths left out are summarised as ``+ ...(+n)``.
    """

    wrt: str
    shown: list[Path]     # the paths written out
    total: int            # how many paths there are
    symbolic: list[str]
    numeric: list[str]
    value: sp.Expr        # the sum over *all* paths


def path_sum(g: ExprGraph, name: str, shown: int | None = None) -> PathSum:
    """The sum over paths for input ``name``, writing out its first ``shown`` paths (all by default)."""
    paths = all_paths(g)[name]
    written = paths[:shown] if shown is not None else paths
    more = rf" + \cdots_{{(+{len(paths) - len(written)})}}" if len(paths) > len(written) else ""
    sym = ["".join(p.factors_latex) for p in written]
    num = [r"\cdot".join(show_factor(v) for v in p.factor_values) for p in written]
    value = sum((p.product for p in paths), sp.Integer(0))
    return PathSum(name, written, len(paths), [g.top_derivative_latex(name), "=", *_interleave(sym, "+"), more],
                   ["=", *_interleave(num, "+"), more, "=", show(value)], value)


def _interleave(items: list[str], sep: str) -> list[str]:
    out = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.append(item)
    return out


def gradient(g: ExprGraph) -> dict[str, sp.Expr]:
    """d(top)/d(input) as the sum over paths of the path products (exact)."""
    return {name: sum((p.product for p in paths), sp.Integer(0)) for name, paths in all_paths(g).items()}


def shared_edges(g: ExprGraph) -> dict[tuple[str, str], list[list[str]]]:
    """Edges walked by more than one input's path: the redundancy reverse mode removes."""
    use: dict[tuple[str, str], list[list[str]]] = {}
    for paths in all_paths(g).values():
        for p in paths:
            for edge in p.edges:
                use.setdefault(edge, []).append(p.nodes)
    return {edge: ps for edge, ps in use.items() if len(ps) > 1}


def path_counts(edges, top) -> dict:
    """node -> (paths to ``top``, edges summed over those paths), by DP, never listing paths.

    ``edges`` are (child, parent, payload) triples of a DAG; parallel edges count separately.
    """
    memo = {top: (1, 0)}
    ups: dict = {}
    for child, parent, _ in edges:
        ups.setdefault(child, []).append(parent)

    def walk(node):
        if node not in memo:
            p = length = 0
            for parent in ups.get(node, []):
                pp, pl = walk(parent)
                p, length = p + pp, length + pl + pp
            memo[node] = (p, length)
        return memo[node]

    for child, _, _ in edges:
        walk(child)
    return memo


def path_edge_visits(g: ExprGraph) -> int:
    """Edge visits when every input sums its own paths (counted by DP, for any graph)."""
    counts = path_counts([(e.child, e.parent, e) for e in g.edges], g.top)
    return sum(counts.get(name, (0, 0))[1] for name in g.inputs)


@dataclass(frozen=True)
class PileUpStep:
    """One send in reverse accumulation: sender's total x edge partial piles up at the receiver."""

    layer: int            # the sender's layer (steps are grouped top layer first)
    sender: str
    receiver: str
    sender_total: sp.Expr
    partial: sp.Expr      # exact value of d(sender)/d(receiver)
    amount: sp.Expr       # sender_total * partial
    total: sp.Expr        # the receiver's pile after this step

    @property
    def product_latex(self) -> str:
        """What travels down the edge: ``2\\cdot(-1)`` (sender's total times the partial)."""
        return rf"{show_factor(self.sender_total)}\cdot{show_factor(self.partial)}"

    def log_latex(self, g: ExprGraph) -> str:
        """One line of the pile-up's log: ``e\\to c:\\ 1\\cdot2 = 2``."""
        return (rf"{g.node(self.sender).label_latex}\to {g.node(self.receiver).label_latex}:\ "
                rf"{self.product_latex} = {show(self.amount)}")


def _topdown(g: ExprGraph) -> list[str]:
    order = [n.name for n in g.nodes if n.kind != "const"]
    return sorted(order, key=lambda name: -g.node(name).layer)   # stable: creation order within a layer


def reverse_steps(g: ExprGraph) -> list[PileUpStep]:
    """The pile-up of seed 000: the top starts with 1, layer by layer towards the inputs."""
    pile = {g.top: sp.Integer(1)}
    steps = []
    for name in _topdown(g):
        if name not in pile:
            continue
        for e in g.edges_into(name):
            amount = pile[name] * e.value
            pile[e.child] = pile.get(e.child, sp.Integer(0)) + amount
            steps.append(PileUpStep(g.node(name).layer, name, e.child, pile[name], e.value, amount, pile[e.child]))
    return steps


def adjoints(g: ExprGraph) -> dict[str, sp.Expr]:
    """d(top)/d(node) for every non-constant node, from the pile-up."""
    pile = {g.top: sp.Integer(1)}
    for s in reverse_steps(g):
        pile[s.receiver] = s.total
    return {n.name: pile.get(n.name, sp.Integer(0)) for n in g.nodes if n.kind != "const"}


def adjoint_lines(g: ExprGraph) -> list[str]:
    """Every input's derivative from the pile-up, one LaTeX line each: ``d top/d a = 2``."""
    adj = adjoints(g)
    return [f"{g.top_derivative_latex(x)} = {show(adj[x])}" for x in g.inputs]


@dataclass(frozen=True)
class ForwardSweep:
    """Forward mode for one input: d(node)/d(input) for every node, bottom-up."""

    wrt: str
    tangents: dict           # node -> exact value, in the order computed
    edge_visits: int


def forward_sweep(g: ExprGraph, wrt: str) -> ForwardSweep:
    tangent = {name: sp.Integer(1 if name == wrt else 0) for name in g.inputs}
    visits = 0
    for name in sorted(_topdown(g), key=lambda n: g.node(n).layer):
        if g.node(name).kind != "op":
            continue
        total = sp.Integer(0)
        for e in g.edges_into(name):
            total += e.value * tangent[e.child]
            visits += 1
        tangent[name] = total
    return ForwardSweep(wrt, tangent, visits)


def forward_sweeps(g: ExprGraph) -> list[ForwardSweep]:
    return [forward_sweep(g, name) for name in g.inputs]


def forward_mode_ops(g: ExprGraph) -> int:
    """Edge visits for forward mode: one full sweep per input."""
    return sum(s.edge_visits for s in forward_sweeps(g))


def reverse_mode_ops(g: ExprGraph) -> int:
    """Edge visits for reverse mode: one sweep for all inputs."""
    return len(reverse_steps(g))


def forward_sweep_latex(g: ExprGraph, wrt: str) -> str:
    """What a forward sweep computes at every node: d(node)/d(wrt), with a dot for the node."""
    return rf"\frac{{\partial\,\cdot}}{{\partial {g.node(wrt).label_latex}}}"


def reverse_sweep_latex(g: ExprGraph) -> str:
    """What the reverse sweep computes at every node: d(top)/d(node)."""
    return rf"\frac{{\partial {g.node(g.top).label_latex}}}{{\partial\,\cdot}}"


def mode_costs_latex(g: ExprGraph) -> tuple[str, str]:
    """The edge visits of both modes as products: (inputs x edges = forward, 1 x edges = reverse)."""
    return (rf"{len(g.inputs)} \times {len(g.edges)} = {forward_mode_ops(g)}",
            rf"1 \times {len(g.edges)} = {reverse_mode_ops(g)}")


@dataclass(frozen=True)
class NinePaths:
    """Seed 002's X -> Y -> Z with three parallel edges per stage."""

    edges: list              # (child, parent, symbol)
    paths: list              # lists of symbols along each path
    path_sum: sp.Expr        # alpha*kappa + alpha*mu + ... (9 terms)
    factored: sp.Expr        # (alpha+beta+gamma)*(kappa+mu+nu)
    path_edge_visits: int    # 9 paths x 2 edges
    merged_edge_visits: int  # each edge once

    @property
    def path_sum_latex(self) -> str:
        """The nine products in path order (SymPy would sort the factors alphabetically)."""
        return " + ".join(" ".join(sp.latex(s) for s in p) for p in self.paths)

    @property
    def derivative_latex(self) -> str:
        """dZ/dX as the sum of the nine path products."""
        return r"\frac{\partial Z}{\partial X} = " + self.path_sum_latex

    @property
    def factored_latex(self) -> str:
        """``= (alpha + beta + gamma)(kappa + mu + nu)``: each edge once."""
        return r"= " + sp.latex(self.factored)


def merged_influence(edges, source, order) -> sp.Expr:
    """Forward accumulation over a DAG with symbolic edges: never expands, so it comes out factored."""
    influence = {source: sp.Integer(1)}
    for node in order[1:]:
        children = list(dict.fromkeys(c for c, p, _ in edges if p == node))
        influence[node] = sp.Add(*[influence[c] * sp.Add(*[lab for cc, p, lab in edges if cc == c and p == node])
                                   for c in children])
    return influence[order[-1]]


# Olah's edge labels are alpha beta gamma / delta epsilon zeta; the lecture keeps delta for the error
# and eta for the learning rate, so the second stage is kappa mu nu (letters that mean nothing else here).
EDGE_LETTERS = ("alpha", "beta", "gamma"), ("kappa", "mu", "nu")


def nine_paths() -> NinePaths:
    """Olah's X -> Y -> Z (seed 002), its second stage's labels renamed so delta keeps one meaning."""
    first, second = (sp.symbols(" ".join(stage)) for stage in EDGE_LETTERS)
    edges = [("X", "Y", s) for s in first] + [("Y", "Z", s) for s in second]
    trails = paths_between(edges, "X", "Z")
    paths = [[t[2] for t in trail] for trail in trails]
    path_sum = sp.Add(*[sp.Mul(*p) for p in paths])
    factored = merged_influence(edges, "X", ["X", "Y", "Z"])
    return NinePaths(edges, paths, path_sum, factored, sum(len(p) for p in paths), len(edges))
