r"""What a student needs to reproduce every number: the loss E, the activation and its derivative.

Each line is built from SymPy expressions (so it cannot drift from what the derivation uses) and
printed as the lecture writes it; the scene that introduces the network and the handout's first
section show the same lines.

>>> from backprop_core.network.spec import NetworkSpec
>>> for line in definitions(NetworkSpec((2, 2, 2))):
...     print(line.kind, line.latex)
E E = \tfrac{1}{2}\sum_j \left(a^{(L)}_j - y_j\right)^2
a \sigma(z) = \frac{1}{1 + e^{-z}}
a \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .spec import NetworkSpec

Z = sp.Symbol("z")


@dataclass(frozen=True)
class Definition:
    """One defining line: its colour kind, its LaTeX, and (for a function of z) its right side
    as SymPy, so a test can check that the line is true."""

    kind: str
    latex: str
    rhs: sp.Expr | None = None


def _forms(activation: str) -> tuple[str, str, sp.Expr, str, sp.Expr]:
    """(f's TeX name, f(z) as written, f(z), f'(z) as written, f'(z)): each line beside its SymPy form."""
    s, t = sp.Function("sigma")(Z), sp.tanh(Z)
    return {
        "sigmoid": (r"\sigma", r"\frac{1}{1 + e^{-z}}", 1 / (1 + sp.exp(-Z)),
                    r"\sigma(z)\,\bigl(1 - \sigma(z)\bigr)", s * (1 - s)),
        "tanh": (r"\tanh", r"\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", t, r"1 - \tanh^2(z)", 1 - t ** 2),
        "relu": (r"\mathrm{ReLU}", r"\max(0, z)", sp.Max(0, Z),
                 r"\begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}", sp.Piecewise((1, Z > 0), (0, True))),
        "identity": (r"\mathrm{id}", "z", Z, "1", sp.S.One),
    }[activation]


def activation_lines(activation: str) -> tuple[Definition, Definition]:
    r"""``f(z) = …`` and ``f'(z) = …`` for one activation.

    >>> print(activation_lines("tanh")[1].latex)
    \tanh'(z) = 1 - \tanh^2(z)
    """
    name, f_latex, f, prime_latex, f_prime = _forms(activation)
    return Definition("a", f"{name}(z) = {f_latex}", f), Definition("a", f"{name}'(z) = {prime_latex}", f_prime)


def definitions(spec: NetworkSpec) -> tuple[Definition, ...]:
    """The loss, then the activation and its derivative (softmax outputs add their own line)."""
    loss = spec.loss_fn
    lines = [Definition("E", f"E = {loss.latex}")]
    if loss.softmax_output:
        lines.append(Definition("a", r"a^{(L)}_j = \mathrm{softmax}\left(z^{(L)}\right)_j"
                                     r" = \frac{e^{z^{(L)}_j}}{\sum_k e^{z^{(L)}_k}}"))
    return tuple(lines) + activation_lines(spec.activation)


def elementary(expr: sp.Expr) -> sp.Expr:
    """A right side with sigma spelled out (what tests differentiate)."""
    return expr.replace(sp.Function("sigma"), lambda z: 1 / (1 + sp.exp(-z)))
