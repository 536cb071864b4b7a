"""The activations a layered network may use: each a symbolic pair (f, f') and a NumPy pair.

The symbolic functions themselves (σ, σ', tanh', ReLU, ReLU') live in :mod:`backprop_core.functions`,
which expression graphs share without depending on networks.
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


ACTIVATIONS = {
    "sigmoid": Activation(
        "sigmoid", r"\sigma", sigma, sigma_prime,
        np_sigmoid, lambda z: np_sigmoid(z) * (1 - np_sigmoid(z)),
    ),
    "tanh": Activation(
        "tanh", r"\tanh", sp.tanh, tanh_prime,
        np.tanh, lambda z: 1 - np.tanh(z) ** 2,
    ),
    "relu": Activation(
        "relu", r"\mathrm{ReLU}", relu, relu_prime,
        lambda z: np.maximum(z, 0.0), lambda z: (np.asarray(z) > 0).astype(float),
    ),
    "identity": Activation(
        "identity", r"\mathrm{id}", lambda z: z, lambda z: sp.S.One,
        lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(np.asarray(z, dtype=float)),
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
