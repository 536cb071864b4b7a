"""Proofs that the derivation is right, without ``simplify``.

* ``symbolic_failures``: exact identities. Every path product is a monomial in node symbols
  and f'(z) applications, so ``expand`` puts both sides into the same canonical sum:
  path sum == delta form with each delta replaced by its own path sum, and each delta's
  recursive definition (BP1/BP2) == its path sum.
* ``diff_failures``: the path sums against ``sympy.diff`` of the closed-form loss, evaluated
  at random rational points with 50 significant digits. Slow for big nets (that is the
  point of backprop); the benchmark compares the two.
"""
from __future__ import annotations

import random

import sympy as sp

from . import notation as n
from .derivation import Derivation

DIGITS = 50


def _delta_substitution(d: Derivation) -> dict:
    return {t.symbol: t.expanded for t in d.deltas.values()}


def symbolic_failures(d: Derivation) -> list[str]:
    """Names of gradients/deltas whose delta form or recursion differs from the path sum."""
    subs = _delta_substitution(d)
    bad = []
    for g in d.gradients.values():
        if sp.expand(g.delta_form.xreplace(subs) - g.path_sum) != 0:
            bad.append(g.name)
    for t in d.deltas.values():
        if sp.expand(t.recursive.xreplace(subs) - t.expanded) != 0:
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
    order = [name for name in g.nodes if name in g.forward and name != "E"] + ["E"]
    for name in order:
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
