"""The derivation of a scalar expression graph as JSON-ready data and as readable text (../shared/seeds/000).

JSON contract (other tools rely on these names)::

    {"value": 6.0, "gradient": {"a": 2.0, "b": 5.0},
     "paths": {"b": [{"nodes": ["b","c","e"], "factors_latex": [...], "product": 2.0}, ...]},
     "forward_mode_ops": 10, "reverse_mode_ops": 5}

Numbers are JSON floats of the exact values; the text form prints the whole derivation.
"""
from __future__ import annotations

import json

import sympy as sp

from ..expr.autodiff import all_paths, forward_mode_ops, gradient, reverse_mode_ops, reverse_steps
from ..expr.graph import ExprGraph, build_graph
from ..number_format import show, show_factor


def graph_report(g: ExprGraph) -> dict:
    """The JSON-ready summary of a graph: value, gradient, paths, operation counts."""
    return {
        "expression": g.text,
        "at": {k: float(v) for k, v in g.point.items()},
        "value": float(g.value),
        "gradient": {k: float(v) for k, v in gradient(g).items()},
        "paths": {name: [{"nodes": p.nodes, "factors_latex": p.factors_latex, "product": float(p.product)}
                         for p in paths] for name, paths in all_paths(g).items()},
        "forward_mode_ops": forward_mode_ops(g),
        "reverse_mode_ops": reverse_mode_ops(g),
    }


def graph_text(g: ExprGraph) -> str:
    """A readable derivation: nodes, local partials, paths, pile-up, operation counts."""
    lines = [f"expression: {g.text}   at " + ", ".join(f"{k}={show(v)}" for k, v in g.point.items()), "",
             "nodes (forward pass):"]
    for n in g.nodes:
        if n.kind == "op":
            lines.append(f"  {node_text(n)}  = {show(n.value)}")
    lines += ["", "local partial derivatives (edges):"]
    lines += [f"  {edge_text(e)}" for e in g.edges]
    lines += ["", "sum over paths:"]
    grads = gradient(g)
    for name, paths in all_paths(g).items():
        terms = [path_product_text(p) for p in paths]
        lines.append(f"  d{g.top}/d{name}: " + " + ".join(f"[{'-'.join(p.nodes)}] {t}" for p, t in zip(paths, terms))
                     + f" = {show(grads[name])}")
    lines += ["", f"reverse accumulation (start {g.top} with 1):"]
    for s in reverse_steps(g):
        lines.append(f"  {s.sender} sends {show_factor(s.sender_total)} * {show_factor(s.partial)} = {show(s.amount)} to {s.receiver}"
                     f" (pile: {show(s.total)})")
    lines += ["", f"edge visits: forward mode {forward_mode_ops(g)} ({len(g.inputs)} sweeps), "
              f"reverse mode {reverse_mode_ops(g)} (1 sweep)"]
    return "\n".join(lines)


def node_text(n) -> str:
    """``c = a + b``: an operation in its operands' names, as plain text."""
    return f"{n.name} = {sp.sstr(n.formula)}"


def edge_text(e, d: str = "d") -> str:
    """``de/dc = d = 2``: an edge's local partial, its formula (unless it is a number) and its value."""
    formula = "" if e.partial.is_number else f"{sp.sstr(e.partial)} = "
    return f"{d}{e.parent}/{d}{e.child} = {formula}{show(e.value)}"


def path_product_text(p, times: str = " * ") -> str:
    """The values multiplied along one path, top-most factor first: ``2 * 1``."""
    return times.join(show_factor(v) for v in p.factor_values)
