"""Which layer each node of an expression graph is drawn in, and its place in that layer.

Pure Python, shared by everything that draws a graph: the manim diagrams
(:mod:`backprop_anim.mobjects.graph_layout` adds the geometry) and the notebook's SVG
(:mod:`backprop_core.reports.expr_notebook`), so both put the nodes in the same order.

>>> from backprop_core.expr.graph import build_graph
>>> g = build_graph("(a+b)*(b+1)", "a=2,b=1")
>>> layer_orders(g, display_layers(g))
[['a', 'b', 'const1'], ['c', 'd'], ['e']]
"""
from __future__ import annotations


def display_layers(graph, pull_leaves: bool = False) -> dict[str, int]:
    """Layer per node; with ``pull_leaves`` every leaf sits just below its lowest parent (seed 003 style)."""
    layer = {n.name: n.layer for n in graph.nodes}
    if pull_leaves:
        parents = _parents(graph)
        for n in graph.nodes:
            if n.kind != "op" and parents[n.name]:
                layer[n.name] = min(layer[p] for p in parents[n.name]) - 1
    low = min(layer.values())
    return {k: v - low for k, v in layer.items()}


def _parents(graph) -> dict[str, list[str]]:
    out = {n.name: [] for n in graph.nodes}
    for n in graph.nodes:
        for c in n.operands:
            if n.name not in out[c]:
                out[c].append(n.name)
    return out


def _children(graph) -> dict[str, list[str]]:
    return {n.name: list(dict.fromkeys(n.operands)) for n in graph.nodes}


def layer_orders(graph, layer: dict[str, int], sweeps: int = 3) -> list[list[str]]:
    """Node order inside each layer (bottom layer first), barycentre sweeps to avoid crossings."""
    rows = [[] for _ in range(max(layer.values()) + 1)]
    for n in graph.nodes:                      # creation order = the order the text is written
        rows[layer[n.name]].append(n.name)
    parents, children = _parents(graph), _children(graph)

    def reorder(row, neighbours, ref_rows):
        index = {name: i / max(1, len(r) - 1) for r in ref_rows for i, name in enumerate(r)}
        def key(item):
            i, name = item
            near = [index[m] for m in neighbours[name] if m in index]
            return (sum(near) / len(near)) if near else i / max(1, len(row) - 1)
        return [name for _, name in sorted(enumerate(row), key=key)]

    for _ in range(sweeps):
        for k in range(1, len(rows)):
            rows[k] = reorder(rows[k], children, rows[:k])
        for k in range(len(rows) - 2, -1, -1):
            rows[k] = reorder(rows[k], parents, rows[k + 1:])
    return rows
