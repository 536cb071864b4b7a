"""Mobjects for computational graphs of scalar expressions (seed 000/002/003 lectures).

Everything shown comes from a core :class:`~backprop_core.expr.graph.ExprGraph`: names, values,
local partials. These classes only decide where things go and how they move; colours come from
:func:`backprop_anim.theme.color_of`.
"""
from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, UL, UR, DL, DR, AnimationGroup, Arrow, ArcBetweenPoints, Circle,
                   FadeIn, MoveAlongPath, Line, VGroup)

from backprop_core.number_format import show

from ..lang import MathTex
from ..theme import color_of
from .graph_layout import layered_positions
from .layout import fit_into

NAME_SIZE = 34
VALUE_SIZE = 30       # MathTex of 29 and more: a capital of 18 px at 720p (layout.MIN_TEXT_PX)
LABEL_SIZE = 32
# A long name (三字词 such as 购置税, or a long variable) shrinks to this width instead of
# swelling its circle: every circle of a graph stays about the same size in every language.
NAME_MAX_WIDTH = 0.92     # a name of three CJK characters at a readable size (>= 18 px at 720p)
# Labels must stay inside the safe area (layout.safe_area) and below the title strip; a scene that
# keeps part of the slide for something else gives the diagram its own ``bounds``.
SAFE_X, SAFE_BOTTOM, SAFE_TOP = 6.4, -3.6, 3.1


def boxes_overlap(a, b, pad: float = 0.0) -> bool:
    """Bounding boxes of two mobjects intersect (grown by pad)."""
    (ax0, ay0, _), (ax1, ay1, _) = a.get_corner(DL), a.get_corner(UR)
    (bx0, by0, _), (bx1, by1, _) = b.get_corner(DL), b.get_corner(UR)
    return ax0 < bx1 + pad and bx0 < ax1 + pad and ay0 < by1 + pad and by0 < ay1 + pad


def _segment_hits_box(p, q, box, pad=0.04) -> bool:
    (x0, y0, _), (x1, y1, _) = box.get_corner(DL), box.get_corner(UR)
    for t in np.linspace(0, 1, 25):
        x, y, _ = p + t * (q - p)
        if x0 - pad < x < x1 + pad and y0 - pad < y < y1 + pad:
            return True
    return False


def with_backdrop(mob, opacity: float = 0.85):
    """Give a label an opaque backdrop so it stays readable over arrows."""
    mob.add_background_rectangle(color=color_of("background"), opacity=opacity, buff=0.05)
    return mob


class GraphNodeMob(VGroup):
    """One node: a circle, its name, and (once revealed) its value.

    Example::

        node = GraphNodeMob("c", "3", kind="op")
        self.play(Create(node.circle), Write(node.name))
        self.play(FadeIn(node.value))
    """

    def __init__(self, name_latex: str, value_text: str | None, kind: str = "op", radius: float = 0.5, **kwargs):
        super().__init__(**kwargs)
        stroke = {"input": color_of("x"), "const": color_of("muted"), "op": color_of("node"),
                  "top": color_of("E")}[kind]
        self.name = MathTex(name_latex, font_size=NAME_SIZE if kind != "const" else VALUE_SIZE + 2,
                            color=color_of("text"))
        fit_into(self.name, width=NAME_MAX_WIDTH)
        self.value = MathTex(value_text, font_size=VALUE_SIZE, color=color_of("text")) if value_text else VGroup()
        if kind == "const":
            radius = 0.3
        r = max(radius, self.name.width / 2 + 0.12, self.value.width / 2 + 0.1 if value_text else 0)
        self.circle = Circle(radius=r, color=stroke, stroke_width=3)
        self.circle.set_fill(color_of("background"), opacity=1)
        if value_text and kind != "const":
            self.name.move_to(self.circle.get_center() + UP * 0.33 * r)
            self.value.move_to(self.circle.get_center() + DOWN * 0.42 * r)
        else:
            self.name.move_to(self.circle)
            self.value = VGroup()
        self.add(self.circle, self.name, self.value)

    @property
    def radius(self) -> float:
        """Current radius (follows any scaling of the diagram)."""
        return self.circle.width / 2


class ExprGraphDiagram(VGroup):
    """A layered drawing of a core ExprGraph: circles for nodes, arrows child -> parent, local partials on edges.

    Example::

        from backprop_core.expr.graph import build_graph
        g = build_graph("(a+b)*(b+1)", "a=2,b=1")
        diagram = ExprGraphDiagram(g, width=7, height=5).to_edge(LEFT)
        self.play(Create(diagram.arrows), FadeIn(diagram.nodes))   # labels come later
        self.play(*diagram.highlight_path(["b", "c", "e"], color_of("grad")))
        self.play(FadeIn(diagram.edge_label("c", "e")))        # "2", placed clear of everything
        chip = MathTex(r"1 \\cdot 2")
        self.play(diagram.send("e", "c", chip))                 # travels down the edge e -> c
    """

    def __init__(self, graph, width: float = 7.0, height: float = 5.0, orientation: str = "up",
                 pull_leaves: bool = False, labels: str = "value", node_values: bool = True,
                 labels_on_edges: bool = False, max_gap: tuple[float, float] = (2.9, 2.1), **kwargs):
        super().__init__(**kwargs)
        self.graph = graph
        self.orientation = orientation
        self.bounds = (-SAFE_X, SAFE_BOTTOM, SAFE_X, SAFE_TOP)   # where place_near may put things
        self.labels_on_edges = labels_on_edges   # a label sits on its edge (the line breaks under it)
        self.node_mobs: dict[str, GraphNodeMob] = {}
        for n in graph.nodes:
            kind = "top" if n.name == graph.top else n.kind
            self.node_mobs[n.name] = GraphNodeMob(n.label_latex, show(n.value) if node_values else None, kind)
        biggest = max(m.radius for m in self.node_mobs.values())
        pos = layered_positions(graph, width, height, orientation, pull_leaves, max_gap=max_gap,
                                min_gap=(2 * biggest + 0.8, 2 * biggest + 0.6))
        for name, mob in self.node_mobs.items():
            mob.move_to(pos[name])
        self.arrow_mobs: dict[tuple[str, str], Arrow] = {}
        for e in graph.edges:
            self.arrow_mobs[e.key] = self._arrow(e.child, e.parent, color_of("muted"))
        for child, parent in graph.const_edges:
            self.arrow_mobs[(child, parent)] = self._arrow(child, parent, color_of("muted")).set_opacity(0.5)
        self.arrows = VGroup(*self.arrow_mobs.values())
        self.nodes = VGroup(*self.node_mobs.values())
        self.add(self.arrows, self.nodes)
        self.labels = VGroup()
        self.label_mobs: dict[tuple[str, str], MathTex] = {}   # labels: "value", "partial", "both" or None
        self.extras: list = []     # piles and tags placed with place_near, kept clear of each other
        if labels:
            for e in graph.edges:
                if labels == "value" or e.partial.is_number:
                    tex = show(e.value)
                elif labels == "both":
                    tex = f"{e.partial_latex} = {show(e.value)}"
                else:
                    tex = e.partial_latex
                label = with_backdrop(MathTex(tex, font_size=LABEL_SIZE, color=color_of("local")))
                self.label_mobs[e.key] = self._place_edge_label(e.key, label)
            self.labels = VGroup(*self.label_mobs.values())
            self.add(self.labels)   # part of the diagram so they move with it; scenes may reveal them later

    # ---- geometry -------------------------------------------------------------------------
    def _ends(self, child: str, parent: str):
        a, b = self.node_mobs[child], self.node_mobs[parent]
        p, q = a.circle.get_center(), b.circle.get_center()
        unit = (q - p) / np.linalg.norm(q - p)
        return p + unit * a.radius, q - unit * b.radius

    def _arrow(self, child, parent, color):
        start, end = self._ends(child, parent)
        return Arrow(start, end, buff=0.02, stroke_width=3, color=color, tip_length=0.18,
                     max_tip_length_to_length_ratio=0.25, max_stroke_width_to_length_ratio=10)

    def _conflicts(self, mob, ignore_edge=None) -> int:
        (x0, y0, _), (x1, y1, _) = mob.get_corner(DL), mob.get_corner(UR)
        left, bottom, right, top = self.bounds
        hits = 10 if (x0 < left or x1 > right or y0 < bottom or y1 > top) else 0
        hits += sum(boxes_overlap(mob, n.circle, 0.04) for n in self.node_mobs.values())
        hits += sum(boxes_overlap(mob, m, 0.05) for m in list(self.label_mobs.values()) + self.extras)
        for key, arrow in self.arrow_mobs.items():
            if key != ignore_edge and _segment_hits_box(arrow.get_start(), arrow.get_end(), mob):
                hits += 1
        return hits

    def _place_edge_label(self, key, mob):
        start, end = self._ends(*key)
        d = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-d[1], d[0], 0.0])
        offset = abs(normal[0]) * mob.width / 2 + abs(normal[1]) * mob.height / 2 + 0.08
        best, best_score = None, None
        if self.labels_on_edges:        # on the edge itself: it cannot be read as a neighbour's
            for t in (0.5, 0.42, 0.58, 0.35, 0.65):
                mob.move_to(start + t * (end - start))
                score = self._conflicts(mob, ignore_edge=key)
                if best_score is None or score < best_score:
                    best, best_score = mob.get_center().copy(), score
                if score == 0:
                    return mob
        for t, push in [(t, 1.0) for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)] + [(0.5, 1.7), (0.35, 1.7), (0.65, 1.7)]:
            for side in (1, -1):
                mob.move_to(start + t * (end - start) + side * offset * push * normal)
                score = self._conflicts(mob, ignore_edge=key)
                if best_score is None or score < best_score:
                    best, best_score = mob.get_center().copy(), score
                if score == 0:
                    return mob
        mob.move_to(best)
        return mob

    def place_near(self, name: str, mob, prefer=(LEFT, RIGHT, UL, UR, DL, DR, UP, DOWN), remember: bool = True):
        """Put mob beside node ``name`` where it hits nothing else; returns mob."""
        node = self.node_mobs[name]
        best, best_score = None, None
        fallback = [np.array([np.cos(a), np.sin(a), 0.0]) for a in np.linspace(0, 2 * np.pi, 16, endpoint=False)]
        candidates = [(d, 1.0) for d in prefer] + [(d, 1.0) for d in fallback] + [(d, 1.8) for d in fallback]
        for direction, stretch in candidates:
            unit = np.array(direction, dtype=float) / np.linalg.norm(direction)
            reach = (node.radius + 0.1) * stretch + abs(unit[0]) * mob.width / 2 + abs(unit[1]) * mob.height / 2
            mob.move_to(node.circle.get_center() + unit * reach)
            score = self._conflicts(mob)
            if best_score is None or score < best_score:
                best, best_score = mob.get_center().copy(), score
            if score == 0:
                break
        mob.move_to(best)
        if remember:
            self.extras.append(mob)
        return mob

    def forget(self, mobs) -> list:
        """Stop keeping ``mobs`` (placed with place_near) clear of what comes next; returns them."""
        mobs = list(mobs)
        self.extras = [m for m in self.extras if all(m is not x for x in mobs)]
        return mobs

    def in_node(self, name: str, mob):
        """Put mob inside node ``name`` where its value is shown, shrunk to fit the circle."""
        node = self.node_mobs[name]
        r = node.radius
        fit_into(mob, 1.7 * r, 0.7 * r)
        mob.move_to(node.circle.get_center() + DOWN * 0.42 * r)
        return mob

    # ---- access -------------------------------------------------------------------------
    def node(self, name: str) -> GraphNodeMob:
        return self.node_mobs[name]

    def arrow(self, child: str, parent: str) -> Arrow:
        return self.arrow_mobs[(child, parent)]

    def edge_label(self, child: str, parent: str):
        return self.label_mobs[(child, parent)]

    def path_arrows(self, nodes: list[str]) -> list[Arrow]:
        return [self.arrow(c, p) for c, p in zip(nodes, nodes[1:])]

    # ---- animations ------------------------------------------------------------------------
    def highlight_path(self, nodes: list[str], color, width: float = 7):
        """Animations colouring the arrows and circles of a path input -> top."""
        anims = [a.animate.set_color(color).set_stroke(width=width) for a in self.path_arrows(nodes)]
        anims += [self.node_mobs[n].circle.animate.set_stroke(color=color, width=5) for n in nodes]
        return anims

    def reset_colors(self):
        """Animations returning every arrow and circle to its resting style."""
        anims = []
        for key, arrow in self.arrow_mobs.items():
            anims.append(arrow.animate.set_color(color_of("muted")).set_stroke(width=3))
        for n in self.graph.nodes:
            kind = "top" if n.name == self.graph.top else n.kind
            color = {"input": color_of("x"), "const": color_of("muted"), "op": color_of("node"),
                     "top": color_of("E")}[kind]
            anims.append(self.node_mobs[n.name].circle.animate.set_stroke(color=color, width=3))
        return anims

    def send(self, sender: str, receiver: str, chip, downward: bool = True, run_time: float = 1.2):
        """A chip (e.g. MathTex "1 x 2") travelling along the edge between two nodes.

        Downward (parent -> child) for reverse accumulation, upward for forward mode.
        Returns the animation; the chip ends next to the receiver.
        """
        if downward:
            start, end = self._ends(receiver, sender)[::-1]
        else:
            start, end = self._ends(sender, receiver)
        unit = (end - start) / np.linalg.norm(end - start)
        reach = abs(unit[0]) * chip.width / 2 + abs(unit[1]) * chip.height / 2 + 0.06
        if np.linalg.norm(end - start) > 2 * reach:       # clear of both circles (and the names in them)
            start, end = start + unit * reach, end - unit * reach
        chip.move_to(start)
        return AnimationGroup(FadeIn(chip, run_time=0.2), MoveAlongPath(chip, Line(start, end), run_time=run_time),
                              lag_ratio=1.0)


class NinePathDiagram(VGroup):
    """Seed 002's X -> Y -> Z with three parallel edges per stage, labelled from the core's NinePaths.

    Example::

        from backprop_core.expr.autodiff import nine_paths
        nine = NinePathDiagram(nine_paths()).shift(UP)
        self.play(Create(nine))
        self.play(*nine.highlight(nine.data.paths[0], color_of("grad")))
    """

    def __init__(self, data, gap: float = 4.2, **kwargs):
        super().__init__(**kwargs)
        import sympy as sp
        self.data = data
        names = list(dict.fromkeys([c for c, _, _ in data.edges] + [p for _, p, _ in data.edges]))
        self.node_mobs = {}
        for i, name in enumerate(names):
            node = GraphNodeMob(name, None, "input" if i == 0 else ("top" if i == len(names) - 1 else "op"))
            node.move_to(RIGHT * (i - (len(names) - 1) / 2) * gap)
            self.node_mobs[name] = node
        self.edge_mobs, self.label_mobs = {}, {}
        counts: dict = {}
        for child, parent, symbol in data.edges:
            k = counts.get((child, parent), 0)
            counts[(child, parent)] = k + 1
            angle = [-1.1, 0.0, 1.1, -1.6, 1.6][k]
            a, b = self.node_mobs[child], self.node_mobs[parent]
            start = a.circle.get_center() + RIGHT * a.radius
            end = b.circle.get_center() + LEFT * b.radius
            arc = ArcBetweenPoints(start, end, angle=angle, color=color_of("muted"), stroke_width=3)
            arc.add_tip(tip_length=0.14, tip_width=0.12)
            label = MathTex(sp.latex(symbol), font_size=LABEL_SIZE + 4, color=color_of("local"))
            mid = arc.point_from_proportion(0.5)
            with_backdrop(label)
            label.move_to(mid + (UP * 0.3 if angle < 0 else DOWN * 0.3 if angle > 0 else 0))
            self.edge_mobs[symbol] = arc
            self.label_mobs[symbol] = label
        self.arcs = VGroup(*self.edge_mobs.values())
        self.labels = VGroup(*self.label_mobs.values())
        self.nodes = VGroup(*self.node_mobs.values())
        self.add(self.arcs, self.nodes, self.labels)

    def highlight(self, path_symbols, color, width: float = 7):
        return [self.edge_mobs[s].animate.set_color(color).set_stroke(width=width) for s in path_symbols]

    def reset(self):
        return [arc.animate.set_color(color_of("muted")).set_stroke(width=3) for arc in self.edge_mobs.values()]


class GateDiagram(VGroup):
    """One add or multiply node with its forward numbers (above the wires) and backward numbers (below).

    Built from a core ``ScalarRule`` (``add_rule()`` / ``mul_rule()``); ``forward_part`` and
    ``backward_part`` can be revealed separately.

    Example::

        from backprop_core.expr.local_rules import mul_rule
        gate = GateDiagram(mul_rule())
        self.play(FadeIn(gate.forward_part))
        self.play(FadeIn(gate.backward_part))
    """

    def __init__(self, rule, **kwargs):
        super().__init__(**kwargs)
        symbol = {"add": "+", "mul": r"\times"}[rule.name]
        circle = Circle(radius=0.45, color=color_of("node"), stroke_width=3).set_fill(color_of("background"), 1)
        op = MathTex(symbol, font_size=44, color=color_of("text")).move_to(circle)
        fwd, back = VGroup(circle, op), VGroup()
        ends = {"x": np.array([-3.2, 1.5, 0]), "y": np.array([-3.2, -1.5, 0])}
        for name, start in ends.items():
            end = circle.get_center() + (start - circle.get_center()) / np.linalg.norm(start) * 0.45
            wire = Arrow(start, end, buff=0, stroke_width=3, color=color_of("muted"), tip_length=0.18)
            tag = MathTex(name, font_size=36, color=color_of("text")).next_to(start, LEFT, buff=0.15)
            value = MathTex(show(rule.inputs[name]), font_size=34, color=color_of("text"))
            normal = np.array([-(end - start)[1], (end - start)[0], 0])
            normal = normal / np.linalg.norm(normal)
            if normal[1] * start[1] < 0:      # forward numbers on the outer side, gradients inside
                normal = -normal
            mid = (start + end) / 2
            value.move_to(mid + normal * 0.35)
            grad = MathTex(show(rule.grads[name]), font_size=34, color=color_of("grad"))
            grad.move_to(mid - normal * 0.52)
            back_arrow = Arrow(mid - normal * 0.2 + (end - start) * 0.12, mid - normal * 0.2 - (end - start) * 0.12,
                               buff=0, stroke_width=2, color=color_of("grad"), tip_length=0.12)
            fwd.add(wire, tag, value)
            back.add(grad, back_arrow)
        out_end = circle.get_center() + RIGHT * 2.6
        out = Arrow(circle.get_right(), out_end, buff=0, stroke_width=3, color=color_of("muted"), tip_length=0.18)
        z = MathTex("z", font_size=36, color=color_of("text")).next_to(out_end, RIGHT, buff=0.15)
        z_val = MathTex(show(rule.output), font_size=34, color=color_of("text")).next_to(out, UP, buff=0.12)
        below = out.get_center() + DOWN * 0.2
        up_arrow = Arrow(below + RIGHT * 0.3, below + LEFT * 0.3, buff=0, stroke_width=2, color=color_of("grad"),
                         tip_length=0.12)
        up = MathTex(show(rule.upstream), font_size=34, color=color_of("grad")).next_to(up_arrow, DOWN, buff=0.1)
        formula = MathTex(rule.forward_latex, font_size=36, color=color_of("text")).next_to(circle, UP, buff=1.5)
        fwd.add(out, z, z_val, formula)
        back.add(up, up_arrow)
        self.forward_part, self.backward_part = fwd, back
        self.add(fwd, back)
