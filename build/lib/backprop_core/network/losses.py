"""Loss functions with their exact definitions (so any autograd can reproduce the numbers).

Every loss is a sum of per-output error nodes e_j, and E = sum_j e_j (seed 001's picture).
``softmax_ce`` replaces the output activation by softmax(z^{(L)}); its per-output errors are
e_j = -y_j ln a_j and the famous simplification delta^{(L)} = a^{(L)} - y (seed 003) follows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp


@dataclass(frozen=True)
class Loss:
    """Per-output error e_j(a_j, y_j) and its local derivative de_j/da_j."""

    name: str
    latex: str                     # how E is written in the general equations
    error: object                  # (a, y) -> SymPy e_j
    error_prime: object            # (a, y) -> SymPy de_j/da_j
    np_error: object               # (a, y) -> NumPy e_j
    np_error_prime: object
    softmax_output: bool = False   # output layer is softmax(z^{(L)}) instead of the activation
    needs_unit_interval: bool = False  # outputs must lie in (0, 1)


LOSSES = {
    "mse": Loss(
        "mse", r"\tfrac{1}{2}\sum_j \left(a^{(L)}_j - y_j\right)^2",
        lambda a, y: sp.Rational(1, 2) * (a - y) ** 2,
        lambda a, y: a - y,
        lambda a, y: 0.5 * (a - y) ** 2,
        lambda a, y: a - y,
    ),
    "bce": Loss(
        "bce", r"-\sum_j \left[y_j \ln a^{(L)}_j + (1-y_j)\ln\left(1-a^{(L)}_j\right)\right]",
        lambda a, y: -(y * sp.log(a) + (1 - y) * sp.log(1 - a)),
        lambda a, y: (a - y) / (a * (1 - a)),
        lambda a, y: -(y * np.log(a) + (1 - y) * np.log(1 - a)),
        lambda a, y: (a - y) / (a * (1 - a)),
        needs_unit_interval=True,
    ),
    "softmax_ce": Loss(
        "softmax_ce", r"-\sum_j y_j \ln \mathrm{softmax}\left(z^{(L)}\right)_j",
        lambda a, y: -y * sp.log(a),
        lambda a, y: -y / a,
        lambda a, y: -y * np.log(a),
        lambda a, y: -y / a,
        softmax_output=True,
    ),
}
