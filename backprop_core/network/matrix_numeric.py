"""The matrix form (BP1-BP4) evaluated with NumPy float64, so wide layers cost matrix products.

The scalar pieces come from the core's symbolic definitions, lambdified once per network:
the activation f and its derivative f' (the same SymPy functions the path products use), the
per-output error e(a, y) and de/da. Softmax's Jacobian entry a_i (1[i=j] - a_j) is the graph's
local derivative, applied as a matrix: delta = a * g - a (a . g) with g = de/da.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .activations import NUMPY_FUNCTIONS
from .example import Example
from .spec import NetworkSpec


@dataclass(frozen=True)
class CompiledForm:
    """The scalar pieces of BP1-BP4 as NumPy functions of arrays."""

    f: object
    f_prime: object
    error: object
    error_prime: object


def compile_form(spec: NetworkSpec) -> CompiledForm:
    """Lambdify the symbolic activation, its derivative and the loss pieces of ``spec``."""
    z, a, y = sp.symbols("z a y")
    lam = lambda args, expr: sp.lambdify(args, expr, modules=[NUMPY_FUNCTIONS, "numpy"])
    act, loss = spec.act, spec.loss_fn
    return CompiledForm(lam([z], act.f(z)), lam([z], act.f_prime(z)),
                        lam([a, y], loss.error(a, y)), lam([a, y], loss.error_prime(a, y)))


def _elementwise(fn, *arrays) -> np.ndarray:
    """A lambdified scalar expression over arrays (constants broadcast to the arrays' shape)."""
    return np.broadcast_to(np.asarray(fn(*arrays), dtype=float), arrays[0].shape)


def matrix_gradients(example: Example):
    """(loss, dE/dW per layer, dE/db per layer) by the symbolic BP1-BP4 in float64."""
    spec, form = example.spec, compile_form(example.spec)
    softmax = spec.loss_fn.softmax_output
    a, acts, zs = np.asarray(example.x, dtype=float), [], []
    acts.append(a)
    for l, (W, b) in enumerate(zip(example.weights, example.biases), 1):
        z = W @ a + b
        zs.append(z)
        if l == spec.depth and softmax:
            e = np.exp(z - z.max())
            a = e / e.sum()
        else:
            a = _elementwise(form.f, z)
        acts.append(a)
    y = np.asarray(example.y, dtype=float)
    loss = float(np.sum(_elementwise(form.error, a, y)))
    g = _elementwise(form.error_prime, a, y)                     # dE/da^{(L)}
    if softmax:
        delta = a * g - a * np.dot(a, g)                          # BP1 through the softmax Jacobian
    else:
        delta = g * _elementwise(form.f_prime, zs[-1])            # BP1
    gw, gb = [None] * spec.depth, [None] * spec.depth
    for l in range(spec.depth, 0, -1):
        gw[l - 1] = np.outer(delta, acts[l - 1])                  # BP4
        gb[l - 1] = delta.copy()                                  # BP3
        if l > 1:
            delta = (example.weights[l - 1].T @ delta) * _elementwise(form.f_prime, zs[l - 2])  # BP2
    return loss, gw, gb
