"""Names and LaTeX for every quantity of a layered network, in seed 001's notation.

One place decides how ``w1_2_1`` is written (``w^{(1)}_{21}``), so the CLI, the handout and
every scene print the same thing. Indices are 1-based; superscripts are layers.

>>> latex_of_name("w1_2_1")
'w^{(1)}_{21}'
>>> to_latex(symbol("delta2_1") * symbol("a1_2"))
'a^{(1)}_{2} \\\\delta^{(2)}_{1}'
"""
from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp

from .i18n import N_

_PATTERNS = [
    (re.compile(r"^x0_(\d+)$"), lambda k: rf"x^{{(0)}}_{{{k}}}"),
    (re.compile(r"^([za])(\d+)_(\d+)$"), lambda v, l, j: rf"{v}^{{({l})}}_{{{j}}}"),
    (re.compile(r"^w(\d+)_(\d+)_(\d+)$"), lambda l, j, k: rf"w^{{({l})}}_{{{_pair(j, k)}}}"),
    (re.compile(r"^b(\d+)_(\d+)$"), lambda l, j: rf"b^{{({l})}}_{{{j}}}"),
    (re.compile(r"^delta(\d+)_(\d+)$"), lambda l, j: rf"\delta^{{({l})}}_{{{j}}}"),
    (re.compile(r"^([ey])_(\d+)$"), lambda v, j: rf"{v}_{{{j}}}"),
    (re.compile(r"^E$"), lambda: "E"),
]


# What each letter of the network picture stands for: (colour kind, its LaTeX, its name; translate
# the name where it is shown). The order is the picture's, left to right, then the parameters.
PICTURE_KEY = (("x", "x", N_("input")), ("z", "z", N_("weighted sum")), ("a", "a", N_("activation")),
               ("e", "e", N_("error")), ("E", "E", N_("total error")), ("w", "w", N_("weight")),
               ("b", "b", N_("bias")))


def _pair(j: str, k: str) -> str:
    return f"{j}{k}" if len(j) == 1 and len(k) == 1 else f"{j},{k}"


def x_name(k: int) -> str: return f"x0_{k}"
def z_name(l: int, j: int) -> str: return f"z{l}_{j}"
def a_name(l: int, j: int) -> str: return f"a{l}_{j}" if l > 0 else x_name(j)
def w_name(l: int, j: int, k: int) -> str: return f"w{l}_{j}_{k}"
def b_name(l: int, j: int) -> str: return f"b{l}_{j}"
def e_name(j: int) -> str: return f"e_{j}"
def y_name(j: int) -> str: return f"y_{j}"
def delta_name(l: int, j: int) -> str: return f"delta{l}_{j}"


@lru_cache(maxsize=None)
def latex_of_name(name: str) -> str:
    """LaTeX for a node or parameter name such as ``z1_2`` or ``b2_1``."""
    for pattern, render in _PATTERNS:
        m = pattern.match(name)
        if m:
            return render(*m.groups())
    raise KeyError(f"not a network quantity name: {name!r}")


@lru_cache(maxsize=None)
def plain_of_name(name: str) -> str:
    """Plain text for a quantity name, where no LaTeX is drawn (slide and chapter names).

    >>> plain_of_name("w2_1_2"), plain_of_name("b1_1"), plain_of_name("delta2_1")
    ('w^(2)_12', 'b^(1)_1', 'δ^(2)_1')
    """
    latex = latex_of_name(name).replace(r"\delta", "δ")
    return re.sub(r"\{\(?([^{}]*?)\)?\}", lambda m: f"({m.group(1)})" if m.group(0).startswith("{(") else m.group(1),
                  latex)


@lru_cache(maxsize=None)
def symbol(name: str) -> sp.Symbol:
    """The SymPy symbol that stands for a named quantity (real-valued)."""
    latex_of_name(name)  # validates the name
    return sp.Symbol(name, real=True)


class Named:
    """Mixin: the ``symbol`` and ``latex`` of anything that has a quantity ``name``."""

    @property
    def symbol(self) -> sp.Symbol:
        return symbol(self.name)

    @property
    def latex(self) -> str:
        return latex_of_name(self.name)


def partial_latex(top: str, bottom: str) -> str:
    r"""``\frac{\partial top}{\partial bottom}`` for two quantity names."""
    return rf"\frac{{\partial {latex_of_name(top)}}}{{\partial {latex_of_name(bottom)}}}"


def to_latex(expr) -> str:
    """LaTeX of a SymPy expression over quantity symbols, in lecture notation."""
    names = {s: latex_of_name(s.name) for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    return sp.latex(expr, symbol_names=names, mul_symbol=None)
