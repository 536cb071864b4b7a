"""Proofs that the derivation is right, without ``simplify``.

* ``symbolic_failures``: exact, by induction over layers, without enumerating paths. Every
  path from a node to E starts with one of the node's edges, so the path sum from z^{(l)}_j
  is the sum over its first steps (z -> a -> next z, or -> e -> E) of the step's local
  factors times the path sum from where the step lands. If each delta's recursion (BP1/BP2)
  has exactly those steps as its terms, with the next layer's delta where the step lands,
  then delta^{(L)} is its path sum (base case) and so is every delta below (step). A
  gradient's delta form delta * dz/dp is right when the parameter's only edge is into that
  z with local factor dz/dp. Terms compare as multisets of factors (``expand`` of the
  difference decides otherwise, so a different grouping is never called wrong). Work is
  linear in the number of edges. Paths somebody materialised (a list instead of the lazy
  view) are counted against the dynamic-programming count and compared term by term.
* ``diff_failures``: the path sums against ``sympy.diff`` of the closed-form loss, evaluated
  at random rational points with 50 significant digits. Slow for big nets (that is the
  point of backprop); the benchmark compares the two.
"""
from __future__ import annotations

import random
from collections import Counter

import sympy as sp

from .. import notation as n
from ..quantity import Quantity
from .derivation import Derivation, LazyPaths, PathTerm, factor_key

DIGITS = 50


def _delta_substitution(d: Derivation) -> dict:
    return {t.symbol: t.expanded for t in d.deltas.values()}


def _same_sum(left: list[tuple], right: list[tuple]) -> bool:
    """Are two sums of products (each a tuple of factors) equal?"""
    if Counter(left) == Counter(right):
        return True
    total = lambda terms: sp.Add(*(sp.Mul(*t) for t in terms))
    return sp.expand(total(left) - total(right)) == 0


def _first_steps(d: Derivation, z: str) -> list[tuple]:
    """What the path sum from ``z`` splits into: (step's local factors..., delta landed on or 1)."""
    g, steps = d.graph, []
    for to_a in g.edges_from[z]:
        for onward in g.edges_from[to_a.target]:
            up = g.nodes[onward.target]
            if up.kind == "z":
                rest = n.symbol(n.delta_name(up.layer, up.index[0]))
            else:   # a^{(L)} -> e_j -> E: the path ends after one more edge
                (last,) = g.edges_from[onward.target]
                assert last.target == "E"
                rest = last.local
            steps.append(factor_key((onward.local, to_a.local, rest)))
    return steps


def _materialised_paths_wrong(d: Derivation, source: str, paths, expected_keys) -> bool:
    """A hand-made path list (not the lazy view) must be the graph's paths, counted and multiplied."""
    if isinstance(paths, LazyPaths) and paths.graph is d.graph and paths.source == source:
        return False
    if len(paths) != d.graph.path_count(source):
        return True
    return not _same_sum([p.factor_key for p in paths], expected_keys())


def symbolic_failures(d: Derivation) -> list[str]:
    """Names of gradients/deltas whose delta form or recursion differs from the path sum."""
    bad = []
    for t in d.deltas.values():
        recursion = [factor_key(tuple(c) + (nxt,)) for c, nxt in t.terms]
        if not _same_sum(recursion, _first_steps(d, t.z_name)) or _materialised_paths_wrong(
                d, t.z_name, t.paths, lambda: [PathTerm(e).factor_key for e in d.graph.iter_paths(t.z_name)]):
            bad.append(t.name)
    for g in d.gradients.values():
        edges = d.graph.edges_from[g.name]
        z = n.z_name(g.parameter.layer, g.parameter.index[0])
        right = (len(edges) == 1 and edges[0].target == z and edges[0].local == g.local
                 and g.delta.z_name == z)
        if not right or _materialised_paths_wrong(
                d, g.name, g.paths, lambda: [PathTerm(e).factor_key for e in d.graph.iter_paths(g.name)]):
            bad.append(g.name)
    return bad


def random_point(d: Derivation, seed: int) -> dict[sp.Symbol, sp.Rational]:
    """Rational leaf values; targets sum to 1 so softmax's a - y simplification applies."""
    rng = random.Random(seed)
    point = {}
    for s in d.graph.leaf_symbols():
        if Quantity.parse(s.name).kind == "y":
            continue
        point[s] = sp.Rational(rng.randint(-90, 90), rng.choice([50, 70, 100]))
    ys = [n.symbol(n.y_name(j)) for j in range(1, d.spec.layers[-1] + 1)]
    raw = [rng.randint(1, 9) for _ in ys]
    for s, r in zip(ys, raw):
        point[s] = sp.Rational(r, sum(raw))
    return point


def node_values(d: Derivation, point: dict) -> dict:
    """Every node's value at a leaf point, to DIGITS significant digits."""
    g, values = d.graph, dict(point)
    for name in g.forward_order:
        values[n.symbol(name)] = g.forward[name].xreplace(values).evalf(DIGITS + 10)
    return values


def _close(a, b) -> bool:
    a, b = sp.Float(a, DIGITS), sp.Float(b, DIGITS)
    return abs(a - b) <= sp.Float(10) ** (-(DIGITS - 10)) * max(1, abs(a), abs(b))


def diff_failures(d: Derivation, seeds=(0,)) -> list[str]:
    """Gradients whose path sum disagrees with sympy.diff of the closed form somewhere."""
    closed = d.graph.closed_form
    subs = _delta_substitution(d)
    bad = []
    for seed in seeds:
        point = random_point(d, seed)
        values = node_values(d, point)
        for g in d.gradients.values():
            want = sp.diff(closed, g.parameter.symbol).xreplace(point).evalf(DIGITS + 10)
            got = g.path_sum.xreplace(values).evalf(DIGITS + 10)
            if not _close(want, got):
                bad.append(f"{g.name}@seed{seed}")
        for t in d.deltas.values():
            if not _close(t.simplified.xreplace(subs).xreplace(values).evalf(DIGITS + 10),
                          t.expanded.xreplace(values).evalf(DIGITS + 10)):
                bad.append(f"{t.name}(simplified)@seed{seed}")
    return bad
