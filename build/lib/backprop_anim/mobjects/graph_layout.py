"""Where the nodes of a small expression graph go: layers stacked, few crossings, fitted to a box.

Pure geometry (NumPy only), so it can be tested without rendering.

Example::

    from backprop_core.expr.graph import build_graph
    from .graph_layout import layered_positions
    pos = layered_positions(build_graph("(a+b)*(b+1)", "a=2,b=1"), width=7, height=5)
    pos["e"]   # top node, centred above c and d
"""
from __future__ import annotations

import numpy as np


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


def layered_positions(graph, width: float = 7.0, height: float = 5.0, orientation: str = "up",
                      pull_leaves: bool = False, max_gap: tuple[float, float] = (2.9, 2.1),
                      min_gap: tuple[float, float] = (1.7, 1.45)) -> dict[str, np.ndarray]:
    """Centre of every node, inside a width x height box centred at the origin.

    ``orientation="up"`` puts inputs at the bottom and the top node at the top (seed 000);
    ``"right"`` flows left to right (seed 003's car price). Gaps never shrink below ``min_gap``
    (row, layer), so a big graph comes out larger than the box and the caller scales it down whole.
    """
    layer = display_layers(graph, pull_leaves)
    rows = layer_orders(graph, layer)
    n_layers, widest = len(rows), max(len(r) for r in rows)
    along, across = (height, width) if orientation == "up" else (width, height)
    layer_i, row_i = (1, 0) if orientation == "up" else (0, 1)
    gap_layer = max(min_gap[layer_i], min(max_gap[layer_i], along / max(1, n_layers - 1)))
    gap_row = max(min_gap[row_i], min(max_gap[row_i], across / max(1, widest - 1)))
    pos = {}
    for k, row in enumerate(rows):
        t = (k - (n_layers - 1) / 2) * gap_layer
        for i, name in enumerate(row):
            s = (i - (len(row) - 1) / 2) * gap_row
            pos[name] = np.array([s, t, 0.0]) if orientation == "up" else np.array([t, -s, 0.0])
    return pos
