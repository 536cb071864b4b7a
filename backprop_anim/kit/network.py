"""The network scenes' common ground: the lecture's network, its derivation, one training example
and its numbers, and the network drawn as the TDS article draws it.

Every network scene shows the same network (``BACKPROP_LAYERS`` / ``BACKPROP_ACTIVATION`` /
``BACKPROP_LOSS``) with the numbers of ``evaluate(d, Example.lecture(spec))``, so they
are set up once here. The screen has two bands: the network on top (:data:`DIAGRAM`; alone, it
may use :data:`SETUP`), its equations below (:data:`EQUATIONS`).

Example::

    from backprop_anim.kit.network import SETUP, NetworkScene

    class Picture(NetworkScene):
        def construct(self):
            self.beat(_("The network"))
            self.show_title(_("The network"))
            self.play(FadeIn(self.build_diagram(values=True, region=SETUP)), FadeIn(self.network_key()))
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, MathTex, VGroup

from backprop_core import Example, derive, evaluate
from backprop_core.i18n import _
from backprop_core.network.definitions import definitions
from backprop_core.network.example import example_latex
from backprop_core.notation import PICTURE_KEY

from ..config import network_spec
from ..lang import Text
from ..mobjects.layout import USABLE_WIDTH, Region, fit_into
from ..mobjects.network_diagram import NetworkDiagram
from ..theme import color_of
from .scene import LectureScene, TitleStyle

# Every band inside the safe area (|x| <= 6.4, |y| <= 3.6); the title takes the top 0.5.
DIAGRAM = Region(-6.3, -0.4, 6.3, 3.05)       # top band: the network
SETUP = Region(-6.4, -1.95, 6.4, 3.05)        # the network alone; a note, the key and the example below
EQUATIONS = Region(-6.4, -3.6, 6.4, -0.55)    # bottom band: the chain rule
EQ_FONT = 40
DEFINITION_FONT = 34     # the definitions under the network (NetworkSetup)


def coloured(words: str, size: float, kind: str = "text") -> Text:
    """Words in the theme's colour for ``kind`` (``"text"``, ``"muted"``, ``"delta"``, ...)."""
    return Text(words, font_size=size, color=color_of(kind))


class NetworkScene(LectureScene):
    """A lecture scene about the lecture's network: ``spec``, its derivation ``d``, the example
    and its evaluation ``ev``, and the diagram (``build_diagram``) the scene stages them on."""

    title_style = TitleStyle(font_size=30, middle=3.38, left=0.4, width=USABLE_WIDTH, max_height=0.55)

    reuses_partial_movies = False

    def setup(self):
        super().setup()
        self.spec = network_spec()
        self.d = derive(self.spec)
        self.example = Example.lecture(self.spec)
        self.ev = evaluate(self.d, self.example)
        self.diagram = None

    def build_diagram(self, values: bool = False, region: Region = DIAGRAM, traced=()) -> NetworkDiagram:
        """The network fitted to ``region``; weight labels too small to read are dropped, except
        those of the ``traced`` weights (raised to a legible size)."""
        diagram = NetworkDiagram(self.d).fit_in(region)
        if values:
            diagram.set_values(self.ev.node_values)
            diagram.fit_in(region)
        diagram.keep_weight_labels(traced)
        diagram.fit_in(region)          # the nodes grow to a legible size where the hidden labels were
        self.diagram = diagram
        return diagram

    # -- the picture, piece by piece (NetworkSetup draws it so) ----------------------------
    def edges_among(self, names) -> VGroup:
        """The drawn lines between two of ``names`` (a -> z inside one neuron, a -> e -> E)."""
        return VGroup(*(line for (s, t), line in self.diagram.edges.items() if s in names and t in names))

    def edges_into(self, sources, targets) -> VGroup:
        """The lines of the core's graph from ``sources`` into ``targets`` (a layer's weights)."""
        dg = self.diagram
        return VGroup(*(dg.edge(e.source, e.target) for e in dg.graph.edges
                        if e.source in sources and e.target in targets))

    def neuron_names(self, layer: int) -> set:
        """The z and a nodes of one layer."""
        dg = self.diagram
        return {n for n in dg.nodes if dg.graph.nodes[n].layer == layer and n[0] in "za"}

    def value_columns(self) -> list[VGroup]:
        """The value labels column by column, in the order a forward pass fills them."""
        order = ["x"] + [k for l in range(1, self.spec.depth + 1) for k in (f"z{l}", f"a{l}")] + ["e", "E"]
        values = self.diagram.value_labels
        return [VGroup(*(v for n, v in values.items()
                         if (n.startswith(prefix + "_") if prefix[0] in "za" else n.startswith(prefix))))
                for prefix in order]

    def network_key(self) -> VGroup:
        """What each letter of the picture stands for, in its colour, under the network (on two
        rows when one would not fit at a legible size)."""
        key = VGroup(*(VGroup(MathTex(sym, font_size=34, color=color_of(kind)),
                              coloured(_(word), 24, "muted")).arrange(RIGHT, buff=0.12)
                       for kind, sym, word in PICTURE_KEY)).arrange(RIGHT, buff=0.45)
        if key.width > EQUATIONS.width:
            key.arrange_in_grid(rows=2, buff=(0.45, 0.12), cell_alignment=LEFT)
        return fit_into(key, EQUATIONS.width, 0.95).move_to([0, -2.5, 0])

    def definition_lines(self) -> tuple[VGroup, bool]:
        """The core's definitions (:func:`~backprop_core.network.definitions.definitions`): on one row
        under the network where the key was, if they fit there legibly (the example line stays below
        them: E needs its y); else larger, on two rows, on a slide of their own. Returns (lines, one row?)."""
        lines = VGroup(*(MathTex(line.latex, font_size=DEFINITION_FONT, color=color_of(line.kind))
                         for line in definitions(self.spec))).arrange(RIGHT, buff=0.9)
        if lines.width <= EQUATIONS.width and lines.height <= 1.0:
            return lines.move_to([0, -2.5, 0]), True
        lines.scale(40 / DEFINITION_FONT)
        rows = VGroup(VGroup(*lines[:-2]).arrange(RIGHT, buff=0.8), VGroup(*lines[-2:]).arrange(RIGHT, buff=0.8))
        rows.arrange(DOWN, buff=0.6)
        return fit_into(lines, EQUATIONS.width, 5.5).move_to([0, -0.2, 0]), False

    def example_line(self) -> VGroup:
        """The training example the numbers come from: inputs, targets, total error."""
        line = VGroup(coloured(_("one training example:"), 24, "muted"),
                      *(MathTex(tex, font_size=32, color=color_of(kind))
                        for kind, tex in example_latex(self.example, self.ev.loss)))
        line.arrange(RIGHT, buff=0.4)
        return fit_into(line, EQUATIONS.width, 0.5).move_to([0, -3.3, 0])
