r"""An equation as its two LaTeX sides, so nothing has to find the ``=`` in a string again.

Records hand out equations; a report aligns them (``lhs &= rhs``), a scene shows one side,
and the lecture's last step (seed 001 fig. 16) turns one layer's equation into the general one
by rewriting its layer superscripts: ``^{(2)}`` becomes ``^{(L)}``, ``^{(1)}`` becomes ``^{(l)}``.
Every superscript of the core is written by :class:`~backprop_core.quantity.Quantity` as
``^{(k)}``, so that rewrite is exact.

>>> eq = Equation(r"\delta^{(2)}", r"\left(W^{(3)}\right)^{T} \delta^{(3)}")
>>> eq.latex
'\\delta^{(2)} = \\left(W^{(3)}\\right)^{T} \\delta^{(3)}'
>>> eq.generalise({2: "l", 3: "l+1"}).latex
'\\delta^{(l)} = \\left(W^{(l+1)}\\right)^{T} \\delta^{(l+1)}'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SUPERSCRIPT = re.compile(r"(\\delta|[A-Za-z])\^\{\((\d+)\)\}")


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs`` in LaTeX; ``str`` (and so JSON and f-strings) give :attr:`latex`."""

    lhs: str
    rhs: str

    @property
    def latex(self) -> str:
        return f"{self.lhs} = {self.rhs}"

    @property
    def aligned(self) -> str:
        """One row of an ``align`` block: ``lhs &= rhs``."""
        return f"{self.lhs} &= {self.rhs}"

    def __str__(self) -> str:
        return self.latex

    def generalise(self, layers: dict[int, str]) -> Equation:
        """The same equation with layer ``k`` written ``layers[k]`` (``x^{(0)}`` becomes ``a^{(l-1)}``)."""
        return Equation(generalise_superscripts(self.lhs, layers), generalise_superscripts(self.rhs, layers))


def generalise_superscripts(latex: str, layers: dict[int, str]) -> str:
    """Replace ``^{(k)}`` superscripts by ``layers[k]``; ``x^{(0)}`` becomes ``a^{(...)}`` (fig. 16)."""
    def swap(m):
        k = int(m.group(2))
        if k not in layers:
            return m.group(0)
        stem = "a" if m.group(1) == "x" else m.group(1)
        return f"{stem}^{{({layers[k]})}}"
    return _SUPERSCRIPT.sub(swap, latex)
