"""The first section: every symbol in words, E, f and f′ as formulas, and the network's picture."""
from __future__ import annotations

from ...i18n import N_, _
from ...network.definitions import definitions
from ...quantity import Quantity as Q
from .blocks import Display, Figure, Heading, Para, Section, Table, math

TITLE = N_("Backpropagation for a {layers} network ({activation}, {loss})")


def title(data) -> str:
    s = data.spec
    return _(TITLE).format(layers="-".join(map(str, s.layers)), activation=s.activation, loss=s.loss)


def _symbols(data) -> list[tuple[str, str]]:
    """(the symbol as the lecture writes it, what it means), in the order a reader meets them."""
    w, W = Q("w", "l", ("j", "k")).latex, Q("w", "l").latex
    b, bl = Q("b", "l", ("j",)).latex, Q("b", "l").latex
    z, a = Q("z", "l", ("j",)).latex, Q("a", "l", ("j",)).latex
    act = data.spec.act.latex
    return [
        (r"x = a^{(0)}", N_("the input: one training example, the activation of layer 0")),
        (r"y", N_("the target output of that example")),
        (w, N_("the weight into neuron $j$ of layer $l$ from neuron $k$ of layer $l-1$")),
        (W, N_("the matrix of layer $l$'s weights: row $j$ feeds neuron $j$")),
        (f"{b},\\ {bl}", N_("the bias of neuron $j$ of layer $l$; the column of them")),
        (f"{z} = \\sum_k {Q('w', 'l', ('j', 'k')).latex} {Q('a', 'l-1', ('k',)).latex} + {b}",
         N_("the weighted input of neuron $j$ (its weighted sum)")),
        (f"{a} = {act}\\left({z}\\right)", N_("the activation of neuron $j$; $L$ is the last layer")),
        (r"e_j,\ E = \sum_j e_j", N_("the error of output $j$ and the total error (the loss)")),
        (f"{Q('delta', 'l', ('j',)).latex} = \\frac{{\\partial E}}{{\\partial {z}}}",
         N_("the error signal of neuron $j$: how $E$ changes with its weighted input")),
        (r"\odot", N_("the element-wise (Hadamard) product")),
        (r"\eta", N_("the learning rate: the size of one gradient-descent step")),
    ]


def sections(data) -> list[Section]:
    s = Section(Heading(_("Notation and definitions"), scenes=()))
    s.add(Para(_("Every quantity of the lecture, as the slides write it:")),
          Table((_("symbol"), _("meaning")), tuple((math(sym), _(m)) for sym, m in _symbols(data)), "ll"),
          Para(_("The loss, the activation and its derivative used on this network:")),
          Display(tuple(line.latex for line in definitions(data.spec))))
    if data.figure:
        s.add(Figure(data.figure, _("The network of the lecture with the example's values (drawn by the "
                                    "same code as the video): inputs $x$, each neuron as $z$ and $a$, errors $e$, the total $E$.")))
    return [s]
