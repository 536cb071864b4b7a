"""Where the lecture's material comes from, by author and title (the last section)."""
from __future__ import annotations

from ...i18n import N_, _
from .blocks import Heading, Items, Section

SOURCES = [
    (N_("Michael Nielsen, *Neural Networks and Deep Learning*, ch. 2 (Chinese translation)"),
     N_("the δ notation, BP1–BP4, eq. (46) for finite differences and why backprop is fast")),
    (N_("*Understanding Backpropagation* (Towards Data Science; read in Chinese translation)"),
     N_("the network drawn with z and a nodes, gradients traced as paths, the matrix form step by step")),
    (N_("Christopher Olah, *Calculus on Computational Graphs*, via the zhihu article “Backpropagation explained (part 1)”"),
     N_("forward- vs reverse-mode differentiation and the nine paths X→Y→Z")),
    (N_("zhihu question “How to explain the backpropagation algorithm intuitively?” (anonymous answer)"),
     N_("the graph e = (a+b)(b+1), the sum over paths and the reverse pile-up")),
    (N_("Mr. Kuohao (zhihu column), the backpropagation article of “Neural networks in 15 minutes”"),
     N_("the car-purchase chain rule (200,000 yuan a car, 2 cars, 10% tax), local rules of the add, multiply, "
        "affine, ReLU and softmax-with-loss nodes, the parameter update and a small learning rate")),
]


def sections(data) -> list[Section]:
    return [Section(Heading(_("Sources"))).add(
        Items(tuple(_("{source}: {taken}").format(source=_(s), taken=_(t)) for s, t in SOURCES)))]
