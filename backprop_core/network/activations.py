"""The activations a layered network may use: each one record, its symbolic pair (f, f'), its NumPy
pair and its torch function (for the optional cross-check).

The symbolic functions themselves (σ, σ', tanh', ReLU, ReLU') live in :mod:`backprop_core.functions`,
which expression graphs share without depending on networks. A new activation is one record here
(and, when f or f' is a new SymPy function, that function in ``functions`` and its NumPy twin in
``NUMPY_FUNCTIONS``): see docs/architecture.md, "A new activation".

>>> float(ACTIVATIONS["tanh"].np_f_prime(0.0))
1.0
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..functions import np_sigmoid, relu, relu_prime, sigma, sigma_prime, tanh_prime


@dataclass(frozen=True)
class Activation:
    """An elementwise activation: symbolic pair (f, f') and NumPy pair for fast numbers."""

    name: str
    latex: str          # the symbol used in the general equations, e.g. \sigma
    f: object           # callable on a SymPy expression
    f_prime: object
    np_f: object
    np_f_prime: object
    torch_f: object = None   # torch module -> the torch function (None: the cross-check skips it)


ACTIVATIONS = {
    "sigmoid": Activation(
        "sigmoid", r"\sigma", sigma, sigma_prime,
        np_sigmoid, lambda z: np_sigmoid(z) * (1 - np_sigmoid(z)), lambda torch: torch.sigmoid,
    ),
    "tanh": Activation(
        "tanh", r"\tanh", sp.tanh, tanh_prime,
        np.tanh, lambda z: 1 - np.tanh(z) ** 2, lambda torch: torch.tanh,
    ),
    "relu": Activation(
        "relu", r"\mathrm{ReLU}", relu, relu_prime,
        lambda z: np.maximum(z, 0.0), lambda z: (np.asarray(z) > 0).astype(float), lambda torch: torch.relu,
    ),
    "identity": Activation(
        "identity", r"\mathrm{id}", lambda z: z, lambda z: sp.S.One,
        lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(np.asarray(z, dtype=float)),
        lambda torch: (lambda z: z),
    ),
}

# What lambdify needs to turn the custom functions into NumPy calls.
NUMPY_FUNCTIONS = {
    "sigma": ACTIVATIONS["sigmoid"].np_f,
    "sigma_prime": ACTIVATIONS["sigmoid"].np_f_prime,
    "tanh_prime": ACTIVATIONS["tanh"].np_f_prime,
    "relu": ACTIVATIONS["relu"].np_f,
    "relu_prime": ACTIVATIONS["relu"].np_f_prime,
}
