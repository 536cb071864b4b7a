"""What an expression graph shows in a Jupyter notebook: forward values, local partials and the
sum over paths as Markdown, and the graph itself as an SVG drawn here in plain SVG text (nodes in
their layers in the order :mod:`backprop_core.expr.layout` gives, as the animation orders them).

Apart from :mod:`.notebook` (layered networks), so expression graphs never depend on networks.

>>> from backprop_core import build_graph
>>> svg = graph_svg(build_graph("(a+b)*(b+1)", "a=2,b=1"))
>>> svg.startswith("<svg") and "∂e/∂c = d = 2" in svg
True
"""
from __future__ import annotations

import math
from html import escape

from ..expr.autodiff import all_paths, forward_mode_ops, gradient, reverse_mode_ops
from ..expr.graph import ExprGraph
from ..expr.layout import display_layers, layer_orders
from ..number_format import show
from .expr_report import edge_text, node_text, path_product_text


def _at_text(g: ExprGraph) -> str:
    return ", ".join(f"{k} = {show(v)}" for k, v in g.point.items())


def graph_markdown(g: ExprGraph) -> str:
    """Forward pass, local partials, the sum over paths and the work of both modes, as Markdown."""
    top = g.node(g.top)
    ops = [x for x in g.nodes if x.kind == "op"]
    grads = gradient(g)
    forward = ", ".join(f"${x.evaluation_latex}$" for x in ops)
    partials = ", ".join(f"${e.local_latex}$" for e in g.edges)
    sums = []
    for name, paths in all_paths(g).items():
        lhs = g.top_derivative_latex(name)
        terms = " + ".join(path_product_text(p, r" \cdot ") for p in paths) or "0"
        sums.append(f"$${lhs} = {terms} = {show(grads[name])}$$")
    out = [f"**Computational graph of `{g.text}`** at {_at_text(g)}: ${top.label_latex} = {show(top.value)}$", "",
           f"- forward pass: {forward}",
           f"- local partial derivatives (one per edge): {partials}",
           "- multiply along each path, add over the paths:", ""]
    out += sums
    out += ["", f"Reverse mode visits {reverse_mode_ops(g)} edges in one sweep; forward mode "
                f"{forward_mode_ops(g)} in {len(g.inputs)} sweeps (one per input)."]
    return "\n".join(out) + "\n"


# ---- an expression graph: SVG -----------------------------------------------------------------------

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
GAP_X, GAP_Y = 180, 125          # between neighbours in a layer, between layers (pixels)
NODE_RY, CONST_R = 27, 16
NAME_SIZE, VALUE_SIZE, EDGE_SIZE, TEXT_SIZE = 17, 14, 14, 14
MARGIN = 28
MAX_TEXT_WIDTH = 640            # caption lines wrap here
INDENT = 24                     # a caption line that continues the one above
COLOURS = {"text": "#222222", "muted": "#6b6b6b", "edge": "#8a8a8a", "local": "#1c758a", "value": "#3d7a2a",
           "grad": "#9a5b13", "input": "#e6f0fa", "op": "#ffffff", "const": "#f3f3f3", "stroke": "#333333"}


def _width(text: str, size: float) -> float:
    """Estimated width of a line of sans-serif text (a little generous, so boxes never touch)."""
    return 0.62 * size * len(text)


def _pretty(formula: str) -> str:
    """``c*d`` → ``c·d``, ``x**2`` → ``x^2``, ``sigma_prime(f)`` → ``σ'(f)``: SymPy's plain text, easier to read."""
    return (formula.replace("**", "^").replace("*", "·").replace("sigma_prime(", "σ'(")
            .replace("sigma(", "σ("))


def _attrs(**kw) -> str:
    return " ".join(f'{k.rstrip("_").replace("_", "-")}="{escape(str(v), quote=True)}"' for k, v in kw.items())


def _text(x: float, y: float, text: str, size: float, colour: str, anchor: str = "middle", bold: bool = False,
          halo: bool = False) -> str:
    extra = {"font_weight": "bold"} if bold else {}
    if halo:       # a white outline under the letters keeps a label readable where it crosses a line
        extra.update(stroke="#ffffff", stroke_width=4, stroke_linejoin="round", paint_order="stroke")
    return (f"<text {_attrs(x=f'{x:.1f}', y=f'{y:.1f}', font_size=size, fill=colour, text_anchor=anchor, **extra)}>"
            f"{escape(text, quote=False)}</text>")


def _overlap(a: tuple, b: tuple) -> float:
    """Area shared by two boxes (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _rim(cx: float, cy: float, rx: float, ry: float, dx: float, dy: float) -> tuple[float, float]:
    """Where the ray from an ellipse's centre in direction (dx, dy) leaves the ellipse."""
    t = 1 / math.sqrt((dx / rx) ** 2 + (dy / ry) ** 2)
    return cx + t * dx, cy + t * dy


def _bezier(p0, q, p1, t: float) -> tuple[float, float]:
    """The point at ``t`` on the quadratic curve from p0 to p1 pulled towards q."""
    return tuple((1 - t) ** 2 * a + 2 * (1 - t) * t * b + t * t * c for a, b, c in zip(p0, q, p1))


def _inside(point, box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _control_point(p0, p1, boxes) -> tuple[float, float]:
    """The control point of an edge's curve: the midpoint (a straight line) unless that crosses
    another node, else pulled sideways, a little more each try, until the curve is clear."""
    mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
    length = math.hypot(p1[0] - p0[0], p1[1] - p0[1]) or 1.0
    nx, ny = -(p1[1] - p0[1]) / length, (p1[0] - p0[0]) / length
    for offset in (0, 50, -50, 90, -90, 140, -140, 200, -200):
        q = (mx + offset * nx, my + offset * ny)
        if not any(_inside(_bezier(p0, q, p1, i / 40), box) for i in range(1, 40) for box in boxes):
            return q
    return mx, my


def _wrap(items: list[str], first: str, size: float) -> list[tuple[str, bool]]:
    """``first`` then the items, broken into lines no wider than MAX_TEXT_WIDTH; each line with
    whether it continues the one above (drawn indented)."""
    lines, cur = [], first
    for item in items:
        candidate = f"{cur}  {item}" if cur else item
        if _width(candidate, size) > MAX_TEXT_WIDTH and cur != first:
            lines.append(cur)
            cur = item
        else:
            cur = candidate
    lines.append(cur)
    return [(line, i > 0) for i, line in enumerate(lines)]


def _captions(g: ExprGraph) -> tuple[str, list, list]:
    """The title, the forward-pass lines and the sum-over-paths lines (the words decide the width)."""
    grads, paths = gradient(g), all_paths(g)
    title = f"{g.top} = {g.text}   at {_at_text(g)}"
    forward = _wrap([f"{_pretty(node_text(x))} = {show(x.value)};" for x in g.nodes if x.kind == "op"],
                    "forward:", TEXT_SIZE)
    sums = _wrap([f"∂{g.top}/∂{name} = " + (" + ".join(path_product_text(p, " · ") for p in ps) or "0")
                  + f" = {show(grads[name])};" for name, ps in paths.items()], "sum over paths:", TEXT_SIZE)
    forward[-1], sums[-1] = (forward[-1][0].rstrip(";"), forward[-1][1]), (sums[-1][0].rstrip(";"), sums[-1][1])
    return title, forward, sums


def _node_places(g: ExprGraph, rows: list[list[str]], width: float, top_y: float) -> tuple[dict, dict]:
    """Each node's centre and half-width/half-height: inputs at the bottom row, the top above."""
    pos, size = {}, {}
    for k, row in enumerate(rows):
        y = top_y + (len(rows) - 1 - k) * GAP_Y
        for i, name in enumerate(row):
            pos[name] = (width / 2 + (i - (len(row) - 1) / 2) * GAP_X, y)
            node = g.node(name)
            if node.kind == "const":
                size[name] = (max(CONST_R, _width(show(node.value), VALUE_SIZE) / 2 + 6), CONST_R)
            else:
                inner = max(_width(name, NAME_SIZE), _width(show(node.value), VALUE_SIZE))
                size[name] = (max(NODE_RY, inner / 2 + 10), NODE_RY)
    return pos, size


def _edge_svg(ends, control, size_child, size_parent, dashed: bool) -> tuple[list[str], tuple]:
    """One edge (child -> parent) as a quadratic curve with an arrowhead at the parent; returns the
    SVG elements and the curve's (start, control, end) for placing its label."""
    (x0, y0), (x1, y1) = ends
    qx, qy = control
    ax, ay = _rim(x0, y0, *size_child, qx - x0, qy - y0)
    bx, by = _rim(x1, y1, *size_parent, qx - x1, qy - y1)
    tx, ty = bx - qx, by - qy                      # the curve's direction where it arrives
    norm = math.hypot(tx, ty) or 1.0
    ux, uy = tx / norm, ty / norm
    base = (bx - 10 * ux, by - 10 * uy)
    head = [(bx, by), (base[0] - 5 * uy, base[1] + 5 * ux), (base[0] + 5 * uy, base[1] - 5 * ux)]
    dash = {"stroke_dasharray": "5 4"} if dashed else {}
    path = f"M {ax:.1f} {ay:.1f} Q {qx:.1f} {qy:.1f} {base[0]:.1f} {base[1]:.1f}"
    return [f'<path {_attrs(d=path, fill="none", stroke=COLOURS["edge"], stroke_width=1.6, **dash)}/>',
            f'<polygon {_attrs(points=" ".join(f"{px:.1f},{py:.1f}" for px, py in head), fill=COLOURS["edge"])}/>'
            ], ((ax, ay), (qx, qy), (bx, by))


def _label_spot(curve, label: str, taken: list) -> tuple[float, float, tuple]:
    """Where along the edge its label clashes least with what is drawn (the first free spot)."""
    w, h = _width(label, EDGE_SIZE) / 2 + 3, EDGE_SIZE * 0.7
    best = None
    for t in (0.5, 0.38, 0.62, 0.28, 0.72):      # slide along the edge until the label is free
        cx, cy = _bezier(*curve, t)
        box = (cx - w, cy - h, cx + w, cy + h)
        clash = sum(_overlap(box, other) for other in taken)
        if best is None or clash < best[0]:
            best = (clash, cx, cy, box)
        if clash == 0:
            break
    return best[1:]


def _edges_svg(g: ExprGraph, pos: dict, size: dict) -> tuple[list[str], list[str]]:
    """Every edge (an edge that would cross another node bends around it) and, apart, its label."""
    boxes = {name: (x - w - 6, y - h - 6, x + w + 6, y + h + 6) for name, (x, y) in pos.items()
             for (w, h) in [size[name]]}
    taken = list(boxes.values())
    out, labels = [], []
    drawn = [(e.child, e.parent, _pretty(edge_text(e, "∂"))) for e in g.edges] + [(c, p, None) for c, p in g.const_edges]
    for child, parent, label in drawn:
        others = [box for name, box in boxes.items() if name not in (child, parent)]
        control = _control_point(pos[child], pos[parent], others)
        parts, curve = _edge_svg((pos[child], pos[parent]), control, size[child], size[parent], label is None)
        out += parts
        if label is None:
            continue
        cx, cy, box = _label_spot(curve, label, taken)
        taken.append(box)
        labels.append(_text(cx, cy + EDGE_SIZE * 0.35, label, EDGE_SIZE, COLOURS["local"], halo=True))
    return out, labels


def _node_svg(g: ExprGraph, name: str, centre, half) -> list[str]:
    """One node: an ellipse with its name and value (a constant: dashed, its value only)."""
    node, (x, y), (rx, ry) = g.node(name), centre, half
    if node.kind == "const":
        return [f'<ellipse {_attrs(cx=f"{x:.1f}", cy=f"{y:.1f}", rx=f"{rx:.1f}", ry=ry, fill=COLOURS["const"], stroke=COLOURS["muted"], stroke_width=1.4, stroke_dasharray="4 3")}/>',
                _text(x, y + VALUE_SIZE * 0.35, show(node.value), VALUE_SIZE, COLOURS["muted"])]
    fill = COLOURS["input"] if node.kind == "input" else COLOURS["op"]
    width_stroke = 2.4 if name == g.top else 1.6
    return [f'<ellipse {_attrs(cx=f"{x:.1f}", cy=f"{y:.1f}", rx=f"{rx:.1f}", ry=ry, fill=fill, stroke=COLOURS["stroke"], stroke_width=width_stroke)}/>',
            _text(x, y - 2, name, NAME_SIZE, COLOURS["text"], bold=True),
            _text(x, y + VALUE_SIZE + 2, show(node.value), VALUE_SIZE, COLOURS["value"])]


def graph_svg(g: ExprGraph) -> str:
    """The graph as plain SVG text: inputs at the bottom, the top node above; every node with its
    name and value, every edge with its local partial (``∂e/∂c = d = 2``), constants dashed; under it
    the forward pass and each input's gradient as the sum over its paths."""
    rows = layer_orders(g, display_layers(g))
    title, forward, sums = _captions(g)
    graph_w = (max(len(r) for r in rows) - 1) * GAP_X + 2 * 60
    text_w = max(_width(title, TEXT_SIZE + 1), *(_width(line, TEXT_SIZE) + INDENT * more for line, more in forward + sums))
    width = int(max(graph_w, text_w + 2 * MARGIN, 360))
    top_y = MARGIN + 30 + NODE_RY
    caption_y = top_y + (len(rows) - 1) * GAP_Y + NODE_RY + 40
    height = int(caption_y + (len(forward) + len(sums)) * (TEXT_SIZE + 8) + MARGIN)
    pos, size = _node_places(g, rows, width, top_y)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" {_attrs(width=width, height=height, viewBox=f"0 0 {width} {height}", font_family=FONT)}>',
           f"<title>{escape('computational graph of ' + title, quote=False)}</title>",
           f'<rect {_attrs(x=0, y=0, width=width, height=height, fill="#ffffff")}/>',
           _text(MARGIN, MARGIN + 8, title, TEXT_SIZE + 1, COLOURS["text"], anchor="start", bold=True)]
    edges, labels = _edges_svg(g, pos, size)
    out += edges
    for name in pos:                     # nodes above the edges, labels above everything
        out += _node_svg(g, name, pos[name], size[name])
    out += labels
    y = caption_y
    for (line, more), colour in [(f, COLOURS["text"]) for f in forward] + [(p, COLOURS["grad"]) for p in sums]:
        out.append(_text(MARGIN + INDENT * more, y, line, TEXT_SIZE, colour, anchor="start"))
        y += TEXT_SIZE + 8
    out.append("</svg>")
    return "\n".join(out) + "\n"
