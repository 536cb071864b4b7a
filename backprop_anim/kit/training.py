"""The training run's pictures: the plane with its points and decision regions, the loss curve, the weights.

The TrainingRun scene shows a few epochs of the core's run (``backprop_core.network.two_classes``):
the input plane as a coarse grid of squares, each in the colour of the class the network gives its
centre, with the twenty points on top in the colour of their own class; the mean loss per epoch,
drawn up to the epoch shown; the network with one line per weight, as thick as the weight is large,
solid when it is positive and dashed when negative. Every number comes from the core; this module
only draws it, each piece on its own so tests can read it back.

Example::

    plane = ClassPlane(two_classes(), PLANE, GRID, PLANE_BOX)
    self.play(FadeIn(plane.points), FadeIn(plane.cells(snapshot.cells)))
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedLine, Dot, Line, Rectangle, Square, VGroup

from ..lang import Text
from ..mobjects.layout import Region, fit_into, keep_inside
from ..mobjects.network_diagram import NetworkDiagram
from ..theme import color_of

# inside the safe area (|x| <= 6.4, |y| <= 3.6), under the title and the epoch's line
PLANE_BOX = Region(-6.4, -2.5, -0.6, 2.55)    # the input plane, left (its key below)
LOSS_BOX = Region(0.0, -0.45, 6.4, 2.55)      # the loss curve, top right
NET_BOX = Region(0.0, -2.95, 6.4, -0.95)      # the network and its weights, bottom right (its key below)
STATUS_AT = np.array([-6.4, 2.87, 0.0])       # the epoch's line, under the title
STATUS_WIDTH = 12.8
CLASS_KINDS = ("class1", "class2")
MIN_WIDTH, PER_UNIT = 1.0, 2.2                # a weight's line: 1 px plus 2.2 px per unit of |w|


class ClassPlane:
    """The input plane fitted to a box: its frame, the data's points, and the cells of one epoch."""

    def __init__(self, data, plane, grid, box: Region):
        (self.x0, self.x1, self.y0, self.y1), (self.cols, self.rows) = plane, grid
        self.scale = min(box.width / (self.x1 - self.x0), box.height / (self.y1 - self.y0))
        self.origin = box.center - self.scale * np.array([(self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2, 0])
        self.frame = Rectangle(width=self.scale * (self.x1 - self.x0), height=self.scale * (self.y1 - self.y0),
                               stroke_color=color_of("muted"), stroke_width=2).move_to(self.at(
                                   (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2))
        self.points = VGroup(*(Dot(self.at(*x), radius=0.09, color=color_of(CLASS_KINDS[int(y.argmax())]),
                                   stroke_color=color_of("background"), stroke_width=1.5)
                               for x, y in zip(data.X, data.Y)))

    def at(self, x: float, y: float) -> np.ndarray:
        """The scene point of the plane's point (x, y)."""
        return self.origin + self.scale * np.array([x, y, 0.0])

    def cells(self, classes) -> VGroup:
        """One square per grid cell (row by row from the bottom), in the colour of its class."""
        w, h = (self.x1 - self.x0) / self.cols, (self.y1 - self.y0) / self.rows
        group = VGroup()
        for i, c in enumerate(classes):
            row, col = divmod(i, self.cols)
            cell = Square(side_length=1).stretch_to_fit_width(self.scale * w).stretch_to_fit_height(self.scale * h)
            cell.set_stroke(width=0).set_fill(color_of(CLASS_KINDS[int(c)]), opacity=0.32)
            group.add(cell.move_to(self.at(self.x0 + (col + 0.5) * w, self.y0 + (row + 0.5) * h)))
        return group

    def key(self, first: str, second: str, squares: str) -> VGroup:
        """The two classes' dots and what the squares mean, under the plane."""
        items = [VGroup(Dot(radius=0.1, color=color_of(k)), Text(words, font_size=24, color=color_of("text")))
                 .arrange(RIGHT, buff=0.12) for k, words in zip(CLASS_KINDS, (first, second))]
        row = VGroup(VGroup(*items).arrange(RIGHT, buff=0.35), Text(squares, font_size=24, color=color_of("muted")))
        row.arrange(DOWN, buff=0.12)
        fit_into(row, self.frame.width + 0.5, 0.8)     # inside the safe area, clear of the right half
        return keep_inside(row.next_to(self.frame, DOWN, buff=0.15))


class LossPlot(VGroup):
    """Axes of mean loss against epoch for the whole run; ``up_to(n)`` draws the curve to epoch n."""

    def __init__(self, losses, box: Region, x_label: str, y_label: str):
        super().__init__()
        self.losses = list(losses)
        top = float(np.ceil(max(self.losses) * 10) / 10)
        self.axes = Axes(x_range=[0, len(self.losses) - 1, 10], y_range=[0, top, 0.1], x_length=box.width - 0.8,
                         y_length=box.height - 1.3, tips=False,
                         axis_config={"color": color_of("muted"), "include_numbers": True, "font_size": 34})
        xl = Text(x_label, font_size=24, color=color_of("muted")).next_to(self.axes.x_axis, DOWN, buff=0.45)
        xl.align_to(self.axes.x_axis, RIGHT)
        yl = Text(y_label, font_size=24, color=color_of("E")).next_to(self.axes.y_axis, UP, buff=0.15)
        yl.align_to(self.axes.y_axis, LEFT)
        self.add(self.axes, xl, yl)
        fit_into(self, box.width, box.height)
        self.move_to(box.center)
        self.curve = None
        self.shown_to = None

    def point(self, epoch: int) -> np.ndarray:
        return self.axes.c2p(epoch, self.losses[epoch])

    def up_to(self, epoch: int) -> list:
        """Animations that extend the curve to ``epoch`` (a dot marks it)."""
        from manim import Create, FadeIn, FadeOut
        start = 0 if self.shown_to is None else self.shown_to
        points = [self.point(e) for e in range(start, epoch + 1)]
        anims = []
        if len(points) > 1:
            piece = VGroup(*(Line(p, q, color=color_of("E"), stroke_width=4) for p, q in zip(points, points[1:])))
            self.add(piece)
            anims.append(Create(piece))
        dot = Dot(self.point(epoch), radius=0.07, color=color_of("E"))
        if self.curve is not None:
            anims.append(FadeOut(self.curve))
        anims.append(FadeIn(dot))
        self.curve, self.shown_to = dot, epoch
        return anims


class WeightDiagram(VGroup):
    """The network without labels or biases; ``weights(W)`` draws one line per weight over its edge."""

    def __init__(self, derivation, box: Region):
        super().__init__()
        self.diagram = NetworkDiagram(derivation, weight_labels="none", bias=False).fit_in(box, legible=False)
        for (s, t), line in self.diagram.edges.items():
            if s[0] in "xa" and t[0] == "z":
                line.set_stroke(opacity=0.15)
        for node in self.diagram.nodes.values():     # too small to read here: the circles say enough
            node.label.set_opacity(0)
        self.add(self.diagram)

    def key(self, words: str) -> Text:
        """What the lines mean, under the network."""
        key = Text(words, font_size=24, color=color_of("w"))
        fit_into(key, self.diagram.width, 0.4)
        return key.next_to(self.diagram, DOWN, buff=0.2)

    def weights(self, weights) -> VGroup:
        """Line ``w{l}_{j}_{k}`` over the edge a^{(l-1)}_k -> z^{(l)}_j: width by |w|, dashed if negative."""
        group = VGroup()
        for l, W in enumerate(weights, 1):
            for (j, k), w in np.ndenumerate(W):
                source = f"x0_{k + 1}" if l == 1 else f"a{l - 1}_{k + 1}"
                edge = self.diagram.edge(source, f"z{l}_{j + 1}")
                kind = Line if w >= 0 else DashedLine
                line = kind(edge.get_start(), edge.get_end(), color=color_of("w"),
                            stroke_width=MIN_WIDTH + PER_UNIT * abs(float(w)))
                line.weight = (f"w{l}_{j + 1}_{k + 1}", float(w))
                group.add(line)
        return group
