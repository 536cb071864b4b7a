"""How an exact value is written on screen and in text: short, and exact whenever that is short.

>>> show(sp.Rational(11, 10)), show(sp.Integer(5)), show(sp.Rational(1, 3)), show(sp.sin(1))
('1.1', '5', '0.333', '0.841')
>>> show_factor(sp.Integer(-2))
'(-2)'
"""
from __future__ import annotations

import sympy as sp


def show(value, digits: int = 3) -> str:
    """Integers and short terminating decimals exactly, everything else to ``digits`` significant digits."""
    value = sp.sympify(value)
    if value.is_Integer:
        return str(int(value))
    if value.is_Rational:
        q = int(value.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1:
            text = f"{float(value):.6f}".rstrip("0").rstrip(".")
            if sp.Rational(text) == value:
                return text
    x = float(sp.N(value, 20))
    text = f"{x:.{digits}g}"
    if "e" in text:
        return f"{x:.2e}"
    return "0" if text in ("-0", "0") else text


def show_factor(value, digits: int = 3) -> str:
    """Like :func:`show`, with negative numbers in parentheses so ``0.4 \\cdot (-2)`` reads right."""
    text = show(value, digits)
    return f"({text})" if text.startswith("-") else text


def matrix_latex(matrix) -> str:
    """A SymPy matrix as a bracketed LaTeX matrix with short entries (29/5 -> 5.8)."""
    rows = [" & ".join(show(matrix[i, j]) for j in range(matrix.cols)) for i in range(matrix.rows)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
