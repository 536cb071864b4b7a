"""Where the nodes of a small expression graph go: layers stacked, few crossings, fitted to a box.

Pure geometry (NumPy only), so it can be tested without rendering. Each node's layer and place in
its layer come from :mod:`backprop_core.expr.layout` (the notebook's SVG uses the same order).

Example::

    from backprop_core.expr.graph import build_graph
    from .graph_layout import layered_positions
    pos = layered_positions(build_graph("(a+b)*(b+1)", "a=2,b=1"), width=7, height=5)
    pos["e"]   # top node, centred above c and d
"""
from __future__ import annotations

import numpy as np

from backprop_core.expr.layout import display_layers, layer_orders


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
