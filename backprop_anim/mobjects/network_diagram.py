r"""The network drawn as seed 001 draws it: every neuron split into a z node and an a node.

Columns from left to right: inputs x, then for every layer its z nodes and a nodes, the
per-output errors e_j and the total error E. Biases are small labelled leaves above-left of
the z they feed. Every edge of the core's graph (``Derivation.graph.edges``) has a line:
``a_prev -> z`` is the line the weight w^{(l)}_{jk} sits on, ``w -> z`` is the part of that
line from the weight's label to z (invisible until a path highlighter lights it up),
``b -> z`` joins a bias to its z. Weight labels are placed along their lines so that no two
labels, nodes or value slots overlap; when a network is too crowded they shrink, and below
``min_label_scale`` they are hidden (``weight_labels="auto"``) and listed in
``hidden_labels``.

Example::

    from backprop_core import NetworkSpec, derive
    from backprop_anim import NetworkDiagram, frame_region

    diagram = NetworkDiagram(derive(NetworkSpec((2, 2, 2))))
    diagram.fit_in(frame_region("top"))          # equations go below it
    self.play(FadeIn(diagram))
    self.play(Indicate(diagram.node("z1_1")), diagram.edge("z1_1", "a1_1").animate.set_color(RED))
    values = diagram.set_values({"x0_1": 0.5, "E": 0.27})   # small live numbers under nodes
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from manim import (DOWN, ORIGIN, UP, Circle, Line, MathTex, Mobject, VGroup, VMobject)

from backprop_core import notation
from backprop_core.network.derivation import Derivation, derive
from backprop_core.number_format import show
from backprop_core.network.spec import NetworkSpec

from ..theme import color_of
from .layout import MIN_TEXT_PX, SAFE_HALF_WIDTH, Region, frame_region


@lru_cache(maxsize=None)
def min_tex_font() -> float:
    """The smallest MathTex font size whose capitals are MIN_TEXT_PX tall at 720p (about 28.3)."""
    probe = MathTex(r"\mathrm{H}", font_size=48)
    return MIN_TEXT_PX / (probe.height / 48 * 720 / 8) + 0.05

# Layout in diagram units before fitting; chosen so that 2-2-2 with its values fills the safe
# area's width (12.8 units) at about scale 1, where every label is at least 18 px at 720p.
ROW = 1.7            # vertical distance between neurons of one column
WEIGHT_GAP = 3.3     # a_prev column -> z column (room for the weight labels)
ACT_GAP = 1.3        # z column -> a column (two value labels side by side)
SOFTMAX_GAP = 2.0    # wider, because every z^L feeds every a^L
TAIL_GAP = 1.3       # a^L -> e and e -> E
RADIUS = 0.34
BIAS_OFFSET = np.array([-0.55, 0.8, 0.0])
LABEL_PAD = 0.06     # minimal clearance between two labels
VALUE_FONT = 30
# Where along a_prev -> z a weight label may sit (fraction from a_prev); near z first, so the
# labels of one z gather beside it like a row of W (seed 001's row alignment).
LABEL_FRACTIONS = (0.7, 0.66, 0.62, 0.74, 0.58, 0.78, 0.54, 0.5, 0.46, 0.42, 0.38, 0.34, 0.3)


def strip_svg_paths(mobject: Mobject) -> Mobject:
    """Drop the parsed SVG path each glyph keeps after construction (only needed to build its
    points): manim deep-copies mobjects for every animation, and those paths were most of the
    cost of a scene. Returns ``mobject``."""
    for m in mobject.get_family():
        if getattr(m, "path_obj", None) is not None:
            m.path_obj = None
    return mobject


class _Shared:
    """Holds the derivation outside the mobject's ``__dict__``: manim deep-copies mobjects for
    every animation and serialises them for its scene cache, and a SymPy derivation would make
    both cost seconds per call. Copies share the one derivation."""

    _values: dict[int, object] = {}

    def __init__(self, value):
        self.key = id(value)
        _Shared._values[self.key] = value

    def __deepcopy__(self, memo):
        return self

    @property
    def value(self):
        return _Shared._values[self.key]


def _box(m: Mobject, pad: float = 0.0):
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0 - pad, y0 - pad, x1 + pad, y1 + pad


def _hit(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class NetworkDiagram(VGroup):
    r"""x, z/a, e and E nodes, bias leaves, one line per graph edge, weight and value labels.

    ``source`` is a :class:`~backprop_core.network.derivation.Derivation` or a
    :class:`~backprop_core.network.spec.NetworkSpec`. ``weight_labels``: "auto" (shrink, hide if
    still crowded), "all" (shrink further and scatter along the lines, never hide), "none". ``bias``: draw the bias leaves.

    Example::

        diagram = NetworkDiagram(NetworkSpec((2, 3, 2), "tanh")).fit_in(frame_region("left"))
        diagram.node("a1_3"), diagram.edge("a1_3", "z2_1"), diagram.label("w2_1_3")
        diagram.set_values(evaluate(d, Example.lecture(d.spec)).node_values)
    """

    def __init__(self, source: Derivation | NetworkSpec | None = None, *, weight_labels: str = "auto",
                 bias: bool = True, label_font_size: float = 32, node_font_size: float = 32,
                 min_label_scale: float = 0.45, **kwargs):
        super().__init__(**kwargs)
        if weight_labels not in ("auto", "all", "none"):
            raise ValueError("weight_labels must be 'auto', 'all' or 'none'")
        self._shared = _Shared(source if isinstance(source, Derivation) else derive(source))
        self.show_bias = bias
        self.label_font_size, self.node_font_size = label_font_size, node_font_size
        self.nodes: dict[str, VGroup] = {}        # graph node name -> drawn node (x z a e E b)
        self.edges: dict[tuple[str, str], Line] = {}
        self.weight_labels: dict[str, MathTex] = {}
        self.value_labels: dict[str, MathTex] = {}
        self.hidden_labels: list[str] = []
        self.label_scale = 1.0
        self.centres = self._layout()
        self.edge_layer = VGroup()
        self.node_layer = VGroup()
        self.label_layer = VGroup()
        self.value_layer = VGroup()
        self._draw_nodes()
        self._draw_edges()
        if weight_labels != "none":
            self._place_weight_labels(allow_hiding=weight_labels == "auto", min_scale=min_label_scale)
        self._draw_weight_edges()
        self.add(self.edge_layer, self.node_layer, self.label_layer, self.value_layer)
        strip_svg_paths(self)
        self.move_to(ORIGIN)

    @property
    def derivation(self) -> Derivation:
        return self._shared.value

    @property
    def graph(self):
        return self.derivation.graph

    @property
    def spec(self) -> NetworkSpec:
        return self.derivation.spec

    # -- layout ---------------------------------------------------------------------------
    def _layout(self) -> dict[str, np.ndarray]:
        """Centre of every drawn node (bias leaves included) in diagram units."""
        sizes, L = self.spec.layers, self.spec.depth
        softmax = self.spec.loss_fn.softmax_output

        def column(x, names):
            n = len(names)
            return {name: np.array([x, (n - 1) / 2 * ROW - i * ROW, 0.0]) for i, name in enumerate(names)}

        out, x = {}, 0.0
        out.update(column(x, [notation.x_name(k) for k in range(1, sizes[0] + 1)]))
        for l in range(1, L + 1):
            x += WEIGHT_GAP
            out.update(column(x, [notation.z_name(l, j) for j in range(1, sizes[l] + 1)]))
            if self.show_bias:
                for j in range(1, sizes[l] + 1):
                    out[notation.b_name(l, j)] = out[notation.z_name(l, j)] + BIAS_OFFSET
            x += SOFTMAX_GAP if (l == L and softmax) else ACT_GAP
            out.update(column(x, [notation.a_name(l, j) for j in range(1, sizes[l] + 1)]))
        x += TAIL_GAP
        out.update(column(x, [notation.e_name(j) for j in range(1, sizes[L] + 1)]))
        x += TAIL_GAP
        out["E"] = np.array([x, 0.0, 0.0])
        return out

    # -- drawing --------------------------------------------------------------------------
    def _draw_nodes(self):
        for name, centre in self.centres.items():
            node = self.graph.nodes[name]
            tex = MathTex(node.latex, font_size=self.node_font_size, color=color_of(node.kind))
            if node.kind == "b":
                tex.add_background_rectangle(color=color_of("background"), opacity=1, buff=0.04)
                drawn = VGroup(tex)
            else:
                circle = Circle(radius=RADIUS, color=color_of(node.kind), stroke_width=3)
                circle.set_fill(color_of("background"), opacity=1)
                if tex.width > 1.6 * RADIUS:
                    tex.scale_to_fit_width(1.6 * RADIUS)
                drawn = VGroup(circle, tex)
            drawn.move_to(centre)
            drawn.label = tex
            self.nodes[name] = drawn
            self.node_layer.add(drawn)

    def _style_line(self, line: Line) -> Line:
        return line.set_stroke(color_of("muted"), width=2, opacity=0.85)

    def _draw_edges(self):
        for edge in self.graph.edges:
            kind = self.graph.nodes[edge.source].kind
            if kind == "w" or (kind == "b" and not self.show_bias):
                continue
            start, end = self.nodes[edge.source], self.nodes[edge.target]
            line = Line(self.centres[edge.source], self.centres[edge.target])
            buff_a = RADIUS if kind != "b" else 0.0
            a, b = self.centres[edge.source], self.centres[edge.target]
            unit = (b - a) / np.linalg.norm(b - a)
            if kind == "b":
                a = self._exit_point(start, unit)
            line = self._style_line(Line(a + unit * buff_a, b - unit * RADIUS))
            self.edges[(edge.source, edge.target)] = line
            self.edge_layer.add(line)

    @staticmethod
    def _exit_point(m: Mobject, unit: np.ndarray) -> np.ndarray:
        """Where a ray from m's centre along ``unit`` leaves m's bounding box."""
        c = m.get_center()
        half = np.array([m.width / 2, m.height / 2, 1.0])
        t = min(half[i] / abs(unit[i]) for i in (0, 1) if abs(unit[i]) > 1e-9)
        return c + unit * t

    def _weight_line(self, w: str) -> tuple[np.ndarray, np.ndarray]:
        weight = self.graph.nodes[w]
        (j, k), l = weight.index, weight.layer
        line = self.edges[(notation.a_name(l - 1, k), notation.z_name(l, j))]
        return line.get_start(), line.get_end()

    def _obstacles(self) -> list[tuple]:
        """Boxes labels must avoid: nodes, bias leaves and the value-label slot under each node."""
        boxes = [_box(m, LABEL_PAD) for m in self.nodes.values()]
        for name, m in self.nodes.items():
            if self.graph.nodes[name].kind != "b":
                boxes.append(_box(self._value_slot(m), LABEL_PAD))
        return boxes

    def _value_slot(self, node: Mobject) -> Mobject:
        """The room a value label will take under ``node`` (at the size it will have once legible)."""
        scale = self._scale_factor()
        slot = MathTex("-0.000", font_size=max(VALUE_FONT * scale, min_tex_font() if scale < 1 else 0))
        slot.next_to(node, DOWN, buff=0.05 * scale)
        return slot

    def _place_weight_labels(self, allow_hiding: bool, min_scale: float):
        """Per layer: one fraction for all its labels (tidy rows), shrinking down to ``min_scale``.

        "auto" hides a layer's labels when even that fails (labels scattered off their rows
        would sit on other lines and mislead); "all" then places them one by one.
        """
        taken = self._obstacles()
        scales = []
        for layer in range(1, self.spec.depth + 1):
            weights = [n for n in self.graph.nodes.values() if n.kind == "w" and n.layer == layer]
            texes = {w.name: self._weight_tex(w.name) for w in weights}
            scale, boxes = 1.0, None
            while scale >= min_scale - 1e-9:
                boxes = self._place_uniform(texes, taken)
                if boxes is not None:
                    break
                for tex in texes.values():
                    tex.scale(0.9)
                scale *= 0.9
            if boxes is None:
                if allow_hiding:
                    self.hidden_labels += list(texes)
                    continue
                while boxes is None and scale > 0.3:
                    boxes = self._place_greedy(texes, taken)
                    if boxes is None:
                        for tex in texes.values():
                            tex.scale(0.9)
                        scale *= 0.9
                if boxes is None:
                    raise ValueError(f"layer {layer}: weight labels cannot be placed without overlap")
            taken += boxes
            scales.append(scale)
            for name, tex in texes.items():
                self.weight_labels[name] = tex
                self.label_layer.add(tex)
        self.label_scale = min(scales, default=0.0)

    def _at(self, tex, name, t):
        a, b = self._weight_line(name)
        tex.move_to(a + (b - a) * t)
        return _box(tex)

    def _place_uniform(self, texes, taken):
        for t in LABEL_FRACTIONS:
            boxes = [self._at(tex, n, t) for n, tex in texes.items()]
            clash = any(_hit(b, o) for b in boxes for o in taken)
            clash = clash or any(_hit(b1, b2) for i, b1 in enumerate(boxes) for b2 in boxes[i + 1:])
            if not clash:
                return boxes
        return None

    def _place_rows(self, texes, taken):
        """Row by row of W (the labels into one z), one fraction per row: still rows a class can
        read, where crossing lines leave no single fraction free for the whole layer."""
        rows: dict[int, dict] = {}
        for n, tex in texes.items():
            rows.setdefault(self.graph.nodes[n].index[0], {})[n] = tex
        boxes = []
        for row in rows.values():
            placed = self._place_uniform(row, taken + boxes)
            if placed is None:
                return None
            boxes += placed
        return boxes

    def _place_greedy(self, texes, taken):
        """Label by label, the first free fraction on its line; None if one has no free place."""
        boxes = []
        for n, tex in texes.items():
            for t in LABEL_FRACTIONS:
                box = self._at(tex, n, t)
                if not any(_hit(box, o) for o in taken + boxes):
                    boxes.append(box)
                    break
            else:
                return None
        return boxes

    def _draw_weight_edges(self):
        """The graph edge w -> z: from the weight's label (or the line's middle) to z, unlit."""
        for edge in self.graph.edges:
            if self.graph.nodes[edge.source].kind != "w":
                continue
            a, b = self._weight_line(edge.source)
            label = self.weight_labels.get(edge.source)
            start = label.get_center() if label is not None else (a + b) / 2
            line = Line(start, b).set_stroke(color_of("w"), width=2, opacity=0)
            self.edges[(edge.source, edge.target)] = line
            self.edge_layer.add(line)

    # -- public API -----------------------------------------------------------------------
    def node(self, name: str) -> Mobject:
        """The drawn node of ``name`` (circle + label; bias leaf; for a weight: its label,
        or its w -> z line when labels are hidden)."""
        if name in self.nodes:
            return self.nodes[name]
        if name in self.weight_labels:
            return self.weight_labels[name]
        if name in self.graph.nodes and self.graph.nodes[name].kind == "w":
            return self.edge(name, self.graph.edges_from[name][0].target)
        raise KeyError(f"no drawn node {name!r}")

    def edge(self, source: str, target: str) -> Line:
        """The line of graph edge source -> target."""
        try:
            return self.edges[(source, target)]
        except KeyError:
            raise KeyError(f"no drawn edge {source} -> {target}") from None

    def label(self, name: str) -> MathTex:
        """The MathTex naming ``name``: a node's label or a weight's label along its line."""
        if name in self.weight_labels:
            return self.weight_labels[name]
        if name in self.nodes:
            return self.nodes[name].label
        raise KeyError(f"no label for {name!r} (hidden labels: {len(self.hidden_labels)})")

    def keep_weight_labels(self, names, min_font: float | None = None) -> "NetworkDiagram":
        """Hide every weight label below ``min_font`` (default: 18 px at 720p) except ``names``;
        those grow to it, moved along their lines where the size would make them touch something.
        For crowded networks: label what can be read (the weights a scene traces) and leave the rest
        to the matrices. Call after fitting."""
        least, keep = min_font or min_tex_font(), set(names)
        for name, tex in list(self.weight_labels.items()):
            if tex.font_size >= least - 1e-6:
                continue
            if name in keep:
                self._grow_label(name, tex, least)
            else:
                self.label_layer.remove(tex)
                del self.weight_labels[name]
                self.hidden_labels.append(name)
        return self

    def _grow_label(self, name: str, tex: MathTex, least: float):
        """``tex`` at font ``least``, at the first place along its line where it touches nothing (the
        place it had first); if there is none, as large as it can be where it was."""
        home, start = tex.get_center(), tex.font_size
        tex.scale(least / start)
        for t in (None, *LABEL_FRACTIONS):
            if t is not None:
                self._at(tex, name, t)
            if not self._crowded():
                self._attach_weight_edge(name)
                return
        tex.move_to(home)
        lo, hi = start, least
        for _ in range(7):
            mid = (lo + hi) / 2
            tex.scale(mid / tex.font_size)
            lo, hi = (mid, hi) if not self._crowded() else (lo, mid)
        tex.scale(lo / tex.font_size)

    def _attach_weight_edge(self, name: str):
        """The unlit w -> z line starts at the weight's label again (after the label moved)."""
        target = self.graph.edges_from[name][0].target
        line = self.edges[(name, target)]
        line.put_start_and_end_on(self.weight_labels[name].get_center(), line.get_end())

    def labels(self) -> list[Mobject]:
        """Every label shown (node labels, bias leaves, weight labels, value labels): for layout checks."""
        out = [m for m in self.nodes.values()] + list(self.weight_labels.values())
        return out + list(self.value_labels.values())

    def set_values(self, values: dict[str, float], names=None) -> VGroup:
        """Show ``values[name]`` under every drawn x/z/a/e/E node (or only ``names``).

        Replaces earlier value labels in place, so a scene can ``FadeIn`` the returned group.
        """
        group = VGroup()
        for name in names if names is not None else self.nodes:
            if name not in values or self.graph.nodes[name].kind == "b":
                continue
            node = self.nodes[name]
            tex = MathTex(show(float(values[name])), font_size=VALUE_FONT * self._scale_factor(),
                          color=color_of(self.graph.nodes[name].kind))
            tex.next_to(node, DOWN, buff=0.05 * self._scale_factor())
            strip_svg_paths(tex)
            if name in self.value_labels:
                self.value_layer.remove(self.value_labels[name])
            self.value_labels[name] = tex
            self.value_layer.add(tex)
            group.add(tex)
        self._keep_legible()            # grown to a legible size where there is room, then placed
        return group

    def value_label(self, name: str) -> MathTex:
        """The value label last set for ``name``."""
        return self.value_labels[name]

    def _scale_factor(self) -> float:
        """How much the diagram was scaled since construction (value labels follow it)."""
        circle = self.nodes[next(iter(self.centres))][0]
        return circle.width / (2 * RADIUS)

    def fit_in(self, region: Region, buff: float = 0.0, legible: bool = True) -> "NetworkDiagram":
        """Scale (up or down) and move so the whole diagram fills ``region`` less ``buff``; with
        ``legible``, node labels, bias leaves and values that would end below 18 px at 720p then
        grow back to it about their centres (weight labels: ``keep_weight_labels``)."""
        for attempt in range(6):          # grown labels may stick out: shrink the rest and grow them again
            ratio = min((region.width - 2 * buff - 1e-4) / self.width, (region.height - 2 * buff - 1e-4) / self.height)
            if attempt and ratio >= 1 - 1e-6:
                break
            self.scale(ratio)
            self.move_to(region.center)
            if legible:
                self._keep_legible()
                if self._legible_weight_labels():
                    self._keep_legible()      # the values and leaves make way for the new labels
        ratio = min((region.width - 2 * buff - 1e-4) / self.width, (region.height - 2 * buff - 1e-4) / self.height)
        if ratio < 1:                     # still sticking out after six tries: the region wins
            self.scale(ratio).move_to(region.center)
        return self

    def _legible_weight_labels(self):
        """Each layer whose weight labels ended below the legible size is labelled again at that
        size, if its labels then still fit in tidy rows clear of everything else (a wide network's
        diagram is scaled down, its labels with it; the room between the columns usually is not the
        limit). Layers that do not fit keep their labels (``keep_weight_labels`` decides).
        Returns whether any layer was labelled again."""
        least, again = min_tex_font(), False
        for layer in range(1, self.spec.depth + 1):
            old = {n: t for n, t in self.weight_labels.items() if self.graph.nodes[n].layer == layer}
            if not old or min(t.font_size for t in old.values()) >= least - 1e-6:
                continue
            texes = {n: self._weight_tex(n) for n in old}
            for n, tex in texes.items():
                tex.scale(least * 1.02 / tex.font_size)   # room for a last small fit
            others = [m for n, m in self.weight_labels.items() if n not in old]
            taken = self._obstacles() + [_box(m) for m in [*others, *self.value_labels.values()]]
            if self._place_uniform(texes, taken) is None and self._place_rows(texes, taken) is None:
                continue
            for n, tex in texes.items():
                self.label_layer.remove(old[n])
                self.label_layer.add(strip_svg_paths(tex))
                self.weight_labels[n] = tex
                self._attach_weight_edge(n)
            again = True
        return again

    def _weight_tex(self, name: str) -> MathTex:
        """A weight's label on its backdrop (so the lines under it do not cross the letters)."""
        tex = MathTex(self.graph.nodes[name].latex, font_size=self.label_font_size, color=color_of("w"))
        return tex.add_background_rectangle(color=color_of("background"), opacity=0.85, buff=0.03)

    def _keep_legible(self):
        """Grow every node (circle and label together) and value label below the legible size, as
        far as that leaves every node, leaf, value and weight label clear of the others (a crowded
        diagram in a small region keeps smaller labels rather than labels on labels)."""
        least = min_tex_font()
        items = [(m, m.label) for m in self.nodes.values()] + [(v, v) for v in self.value_labels.values()]
        needs = [max(1.0, least / label.font_size) for _, label in items]
        current = [1.0] * len(items)

        def grow(g: float) -> bool:
            for i, (m, _) in enumerate(items):
                f = min(needs[i], g)
                if abs(f - current[i]) > 1e-9:
                    m.scale(f / current[i])
                    current[i] = f
            self._place_biases()
            self._place_values()
            return not self._crowded()

        if grow(max(needs, default=1.0)):
            return
        lo, hi = 1.0, max(needs)
        for _ in range(7):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if grow(mid) else (lo, mid)
        grow(lo)

    def _crowded(self) -> bool:
        """Whether two of the nodes, leaves, value labels and weight labels touch."""
        boxes = [_box(m) for m in [*self.nodes.values(), *self.value_labels.values(), *self.weight_labels.values()]]
        return any(_hit(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])

    def _geometry_scale(self) -> float:
        """How much the diagram's layout was scaled since construction (nodes grown for legibility
        keep their centres, so this is the distance of two of them against the layout's)."""
        first, last = next(iter(self.centres)), "E"
        drawn = self.nodes[last].get_center() - self.nodes[first].get_center()
        return float(np.linalg.norm(drawn) / np.linalg.norm(self.centres[last] - self.centres[first]))

    def _place_biases(self):
        """Every bias leaf above-left of its z as laid out; where a grown node or leaf would touch
        something there (the z above it, in a tall column), tucked to the left of its z instead."""
        if not self.show_bias:
            return
        scale, pad = self._geometry_scale(), LABEL_PAD
        leaves = [n for n in self.nodes if self.graph.nodes[n].kind == "b"]
        others = [_box(m) for n, m in self.nodes.items() if n not in leaves]
        others += [_box(m) for m in self.weight_labels.values()]
        placed = []
        for name in leaves:
            leaf = self.nodes[name]
            z = self.nodes[self.graph.edges_from[name][0].target]
            zc, (zl, _, _, zt) = z.get_center(), _box(z)
            w, h = leaf.width, leaf.height
            left = zl - pad - w / 2
            for spot in (zc + BIAS_OFFSET * scale, np.array([left, zt + h / 2, 0.0]), np.array([left, zt, 0.0]),
                         np.array([left, zt - h / 2, 0.0]), np.array([zc[0], zt + pad + h / 2, 0.0])):
                leaf.move_to(spot)
                if not any(_hit(_box(leaf), b) for b in others + placed):
                    break
            placed.append(_box(leaf))
            self._attach_bias_edge(name, zc, scale)

    def _attach_bias_edge(self, name: str, zc: np.ndarray, scale: float):
        """The b -> z line from the leaf's edge to the z circle (after the leaf moved)."""
        leaf, target = self.nodes[name], self.graph.edges_from[name][0].target
        unit = (zc - leaf.get_center()) / np.linalg.norm(zc - leaf.get_center())
        self.edges[(name, target)].put_start_and_end_on(self._exit_point(leaf, unit), zc - unit * RADIUS * scale)

    def _place_values(self):
        """Every value label under its node, or beside or over it where it would touch a node, a
        leaf, a weight label or a value placed before (in a narrow diagram the a values go over their nodes)."""
        placed = [_box(m) for m in [*self.nodes.values(), *self.weight_labels.values()]]
        buff = 0.05 * self._scale_factor()
        for name, tex in self.value_labels.items():
            node = self.nodes[name]
            for side, shift in ((DOWN, 0.0), (DOWN, 0.5), (UP, 0.0), (UP, 0.5), (DOWN, 0.0)):
                tex.next_to(node, side, buff=buff).shift([shift * tex.width, 0, 0])
                _inside_sideways(tex)
                if not any(_hit(_box(tex), b) for b in placed):
                    break           # (the last candidate, under the node, stays if nothing is free)
            placed.append(_box(tex))

    def path_edges(self, path) -> list[Line]:
        """Lines of a :class:`~backprop_core.network.derivation.PathTerm`, parameter -> E order."""
        return [self.edge(e.source, e.target) for e in path.edges]

    def column(self, kind: str, layer: int | None = None) -> VGroup:
        """Every drawn node of one kind (and layer), e.g. ``column("z", 1)``."""
        return VGroup(*(m for name, m in self.nodes.items()
                        if self.graph.nodes[name].kind == kind
                        and (layer is None or self.graph.nodes[name].layer == layer)))


def _inside_sideways(m: Mobject) -> None:
    """Shift a value label sideways into the safe area (a long value under the last node, E, of a
    diagram that fills the width would stick out of it)."""
    over, under = m.get_right()[0] - SAFE_HALF_WIDTH, -SAFE_HALF_WIDTH - m.get_left()[0]
    if over > 0:
        m.shift([-over, 0, 0])
    elif under > 0:
        m.shift([under, 0, 0])
