"""Names and LaTeX for every quantity of a layered network, in seed 001's notation.

:class:`~backprop_core.quantity.Quantity` decides how ``w1_2_1`` is read and written
(``w^{(1)}_{21}``), so the CLI, the handout and every scene print the same thing; these are the
short spellings the rest of the core uses. Indices are 1-based; superscripts are layers.

>>> latex_of_name("w1_2_1")
'w^{(1)}_{21}'
>>> to_latex(symbol("delta2_1") * symbol("a1_2"))
'a^{(1)}_{2} \\\\delta^{(2)}_{1}'
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .i18n import N_
from .quantity import Quantity


def x_name(k: int) -> str: return str(Quantity("x", 0, (k,)))
def z_name(l: int, j: int) -> str: return str(Quantity("z", l, (j,)))
def a_name(l: int, j: int) -> str: return str(Quantity.activation(l, j))
def w_name(l: int, j: int, k: int) -> str: return str(Quantity("w", l, (j, k)))
def b_name(l: int, j: int) -> str: return str(Quantity("b", l, (j,)))
def e_name(j: int) -> str: return str(Quantity("e", None, (j,)))
def y_name(j: int) -> str: return str(Quantity("y", None, (j,)))
def delta_name(l: int, j: int) -> str: return str(Quantity("delta", l, (j,)))


# What each letter of the network picture stands for: (colour kind, its LaTeX, its name; translate
# the name where it is shown). The order is the picture's, left to right, then the parameters.
PICTURE_KEY = (("x", "x", N_("input")), ("z", "z", N_("weighted sum")), ("a", "a", N_("activation")),
               ("e", "e", N_("error")), ("E", "E", N_("total error")), ("w", "w", N_("weight")),
               ("b", "b", N_("bias")))


@lru_cache(maxsize=None)    # thousands of path factors ask for the same few names
def latex_of_name(name: str) -> str:
    """LaTeX for a node or parameter name such as ``z1_2`` or ``b2_1`` (BadInput for any other name)."""
    return Quantity.parse(name).latex


@lru_cache(maxsize=None)
def plain_of_name(name: str) -> str:
    """Plain text for a quantity name, where no LaTeX is drawn (slide and chapter names).

    >>> plain_of_name("w2_1_2"), plain_of_name("b1_1"), plain_of_name("delta2_1")
    ('w^(2)_12', 'b^(1)_1', 'δ^(2)_1')
    """
    return Quantity.parse(name).plain


@lru_cache(maxsize=None)
def symbol(name: str) -> sp.Symbol:
    """The SymPy symbol that stands for a named quantity (real-valued)."""
    latex_of_name(name)  # validates the name
    return sp.Symbol(name, real=True)


class Named:
    """Mixin: the ``quantity``, ``symbol`` and ``latex`` of anything that has a quantity ``name``."""

    @property
    def quantity(self) -> Quantity:
        return Quantity.parse(self.name)

    @property
    def symbol(self) -> sp.Symbol:
        return symbol(self.name)

    @property
    def latex(self) -> str:
        return latex_of_name(self.name)


def partial_latex(top: str | Quantity, bottom: str | Quantity) -> str:
    r"""``\frac{\partial top}{\partial bottom}`` for two quantities or their names."""
    return rf"\frac{{\partial {_latex(top)}}}{{\partial {_latex(bottom)}}}"


def _latex(q: str | Quantity) -> str:
    return q.latex if isinstance(q, Quantity) else latex_of_name(q)


def to_latex(expr) -> str:
    """LaTeX of a SymPy expression over quantity symbols, in lecture notation."""
    names = {s: latex_of_name(s.name) for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    return sp.latex(expr, symbol_names=names, mul_symbol=None)
