"""Proofs that the derivation is right, without ``simplify``.

* ``symbolic_failures``: exact identities, term by term. Both sides are sums of products of
  local derivatives; a product is kept as the sorted multiset of its factors, so two sums
  are identical when their multisets of products are equal (where they are not, ``expand``
  of the difference decides, so a different grouping is never called wrong). Checked: each gradient's path sum == its delta form with delta
  replaced by delta's own path sum, and each delta's recursion (BP1/BP2) with the next
  deltas replaced by their path sums == its own path sum.
* ``diff_failures``: the path sums against ``sympy.diff`` of the closed-form loss, evaluated
  at random rational points with 50 significant digits. Slow for big nets (that is the
  point of backprop); the benchmark compares the two.
"""
from __future__ import annotations

import random
from collections import Counter

import sympy as sp

from .. import notation as n
from .derivation import Derivation, factor_key

DIGITS = 50


def _delta_substitution(d: Derivation) -> dict:
    return {t.symbol: t.expanded for t in d.deltas.values()}


def _same_sum(left: list[tuple], right: list[tuple]) -> bool:
    """Are two sums of products (each a tuple of factors) equal?"""
    if Counter(left) == Counter(right):
        return True
    total = lambda terms: sp.Add(*(sp.Mul(*t) for t in terms))
    return sp.expand(total(left) - total(right)) == 0


def symbolic_failures(d: Derivation) -> list[str]:
    """Names of gradients/deltas whose delta form or recursion differs from the path sum."""
    paths_of = {t.symbol: t.paths for t in d.deltas.values()}
    bad = []
    for g in d.gradients.values():
        delta_form = [factor_key(q.factor_key + (g.local,)) for q in paths_of[g.delta.symbol]]
        if not _same_sum([p.factor_key for p in g.paths], delta_form):
            bad.append(g.name)
    for t in d.deltas.values():
        recursion = [factor_key(c + (q.factor_key if q else ()))
                     for c, nxt in t.terms for q in (paths_of[nxt] if nxt != 1 else [None])]
        if not _same_sum([p.factor_key for p in t.paths], recursion):
            bad.append(t.name)
    return bad


def random_point(d: Derivation, seed: int) -> dict[sp.Symbol, sp.Rational]:
    """Rational leaf values; targets sum to 1 so softmax's a - y simplification applies."""
    rng = random.Random(seed)
    point = {}
    for s in d.graph.leaf_symbols():
        if s.name.startswith("y"):
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
