"""Numbers: the symbolic gradients evaluated, and independent numbers to prove them against.

Ways to get dE/dp that share no code path:
  * ``evaluate``: the core's own delta recursion (BP1/BP2, proven equal to the path sums)
    lambdified over node values from the graph's forward expressions, and
    ``evaluate_path_sums``: the literal sums over paths (multiply along, add across);
  * ``numpy_backprop``: seed 004's algorithm (BP1-BP4) written directly in NumPy;
  * ``finite_differences``: central differences of the NumPy loss, Richardson-extrapolated
    (error O(h^4)), in float64;
and ``torch_gradients`` when torch is installed.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from .. import notation as n
from ..quantity import Quantity
from .activations import ACTIVATIONS, NUMPY_FUNCTIONS
from .derivation import Derivation
from .example import Example
from .losses import LOSSES


@dataclass
class Evaluation:
    """Every node value, delta and gradient of one example, as floats."""

    node_values: dict[str, float]
    deltas: dict[tuple[int, int], float]
    gradients: dict[str, float]
    loss: float

    def grad_arrays(self, spec) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients shaped like the weights and biases."""
        sizes = spec.layers
        gw = [np.array([[self.gradients[n.w_name(l, j, k)] for k in range(1, sizes[l - 1] + 1)]
                        for j in range(1, sizes[l] + 1)]) for l in range(1, spec.depth + 1)]
        gb = [np.array([self.gradients[n.b_name(l, j)] for j in range(1, sizes[l] + 1)])
              for l in range(1, spec.depth + 1)]
        return gw, gb


def _lambdify(args, exprs):
    return sp.lambdify(args, exprs, modules=[NUMPY_FUNCTIONS, "numpy"], cse=True)


class _CompiledDerivation:
    """Lambdified forward steps, delta recursions (BP1/BP2) and path sums of one derivation."""

    def __init__(self, d: Derivation):
        g = d.graph
        self.steps = [_step(name, g.forward[name]) for name in g.forward_order]
        # deltas output layer first, each from the next layer's values: backprop's own order
        self.delta_steps = [(key, *_step(t.name, t.recursive)[1:]) for key, t in d.deltas.items()]
        self.gradient_locals = [(g_.name, g_.delta.name, g_.local) for g_ in d.gradients.values()]
        self.derivation = d
        self._path_sums = None

    def path_sums(self):
        """One function evaluating every gradient as its literal sum over paths (slower)."""
        if self._path_sums is None:
            grads = list(self.derivation.gradients.values())
            exprs = [gr.path_sum for gr in grads]
            args = sorted(set().union(*(e.free_symbols for e in exprs)), key=lambda s: s.name)
            self._path_sums = ([gr.name for gr in grads], [a.name for a in args], _lambdify(args, exprs))
        return self._path_sums


def _step(name, expr):
    args = sorted(expr.free_symbols, key=lambda s: s.name)
    return name, [a.name for a in args], sp.lambdify(args, expr, modules=[NUMPY_FUNCTIONS, "numpy"])


@lru_cache(maxsize=32)
def _compiled(d: Derivation) -> _CompiledDerivation:
    return _CompiledDerivation(d)


def leaf_values(example: Example) -> dict[str, float]:
    """x, w, b and y of an example by node name."""
    spec, values = example.spec, {}
    for k, v in enumerate(example.x, 1):
        values[n.x_name(k)] = float(v)
    for j, v in enumerate(example.y, 1):
        values[n.y_name(j)] = float(v)
    for l in range(1, spec.depth + 1):
        W, b = example.weights[l - 1], example.biases[l - 1]
        for j in range(W.shape[0]):
            values[n.b_name(l, j + 1)] = float(b[j])
            for k in range(W.shape[1]):
                values[n.w_name(l, j + 1, k + 1)] = float(W[j, k])
    return values


def evaluate(d: Derivation, example: Example) -> Evaluation:
    """Evaluate the derivation at an example: forward pass, delta recursion, delta forms."""
    c = _compiled(d)
    values = leaf_values(example)
    for name, arg_names, fn in c.steps:
        values[name] = float(fn(*(values[a] for a in arg_names)))
    deltas = {}
    for key, arg_names, fn in c.delta_steps:
        deltas[key] = values[n.delta_name(*key)] = float(fn(*(values[a] for a in arg_names)))
    grads = {name: values[delta] * (values[local.name] if isinstance(local, sp.Symbol) else float(local))
             for name, delta, local in c.gradient_locals}
    forward = {k: v for k, v in values.items() if Quantity.parse(k).kind != "delta"}
    return Evaluation(forward, deltas, grads, values["E"])


def evaluate_path_sums(d: Derivation, example: Example) -> dict[str, float]:
    """Every gradient as the literal sum over its paths, evaluated (for cross-checks)."""
    ev = evaluate(d, example)
    names, arg_names, fn = _compiled(d).path_sums()
    out = fn(*(ev.node_values[a] for a in arg_names))
    return {name: float(v) for name, v in zip(names, out)}


# ---- independent numbers ---------------------------------------------------------------------

def _output(spec, z):
    if LOSSES[spec.loss].softmax_output:
        e = np.exp(z - z.max())
        return e / e.sum()
    return ACTIVATIONS[spec.activation].np_f(z)


def numpy_loss(spec, x, y, weights, biases) -> float:
    a = np.asarray(x, dtype=float)
    for l, (W, b) in enumerate(zip(weights, biases), 1):
        z = W @ a + b
        a = _output(spec, z) if l == spec.depth else ACTIVATIONS[spec.activation].np_f(z)
    return float(np.sum(LOSSES[spec.loss].np_error(a, y)))


def numpy_backprop(example: Example):
    """Seed 004's algorithm: forward, BP1 at the output, BP2 backwards, BP3/BP4 per layer."""
    spec, act, loss = example.spec, ACTIVATIONS[example.spec.activation], LOSSES[example.spec.loss]
    a, activations, zs = example.x.astype(float), [example.x.astype(float)], []
    for l, (W, b) in enumerate(zip(example.weights, example.biases), 1):
        z = W @ a + b
        zs.append(z)
        a = _output(spec, z) if l == spec.depth else act.np_f(z)
        activations.append(a)
    y = example.y
    if loss.softmax_output:
        delta = a * y.sum() - y                      # softmax Jacobian^T times -y/a
    else:
        delta = loss.np_error_prime(a, y) * act.np_f_prime(zs[-1])   # BP1
    gw, gb = [None] * spec.depth, [None] * spec.depth
    for l in range(spec.depth, 0, -1):
        gw[l - 1] = np.outer(delta, activations[l - 1])             # BP4
        gb[l - 1] = delta.copy()                                     # BP3
        if l > 1:
            delta = (example.weights[l - 1].T @ delta) * act.np_f_prime(zs[l - 2])  # BP2
    return float(np.sum(loss.np_error(a, y))), gw, gb


def finite_differences(example: Example, h: float = 1e-3):
    """Central differences of the loss in every parameter, Richardson-extrapolated."""
    spec = example.spec

    def loss_with(kind, l, idx, delta):
        W = [w.copy() for w in example.weights]
        b = [v.copy() for v in example.biases]
        (W if kind == "w" else b)[l][idx] += delta
        return numpy_loss(spec, example.x, example.y, W, b)

    def derivative(kind, l, idx):
        central = lambda s: (loss_with(kind, l, idx, s) - loss_with(kind, l, idx, -s)) / (2 * s)
        return (4 * central(h / 2) - central(h)) / 3

    gw = [np.zeros_like(w) for w in example.weights]
    gb = [np.zeros_like(b) for b in example.biases]
    for l in range(spec.depth):
        for idx in np.ndindex(*gw[l].shape):
            gw[l][idx] = derivative("w", l, idx)
        for idx in np.ndindex(*gb[l].shape):
            gb[l][idx] = derivative("b", l, idx)
    return gw, gb


def parameter_slots(spec) -> list[tuple[str, str, int, tuple]]:
    """(name, kind, layer index, array index) of every parameter, in the JSON order."""
    out = []
    for l in range(spec.depth):
        rows, cols = spec.layers[l + 1], spec.layers[l]
        out += [(n.w_name(l + 1, j + 1, k + 1), "w", l, (j, k)) for j in range(rows) for k in range(cols)]
        out += [(n.b_name(l + 1, j + 1), "b", l, (j,)) for j in range(rows)]
    return out


def sampled_finite_differences(example: Example, k: int, seed: int = 0, h: float = 1e-3) -> dict[str, tuple]:
    """Finite differences for ``k`` parameters drawn with a fixed seed: name -> (kind, layer, index, value)."""
    slots = parameter_slots(example.spec)
    rng = np.random.default_rng(seed)
    chosen = sorted(rng.choice(len(slots), size=min(k, len(slots)), replace=False))
    spec, out = example.spec, {}
    for i in chosen:
        name, kind, l, idx = slots[i]

        def loss_with(step):
            W, b = list(example.weights), list(example.biases)
            target = (W if kind == "w" else b)
            target[l] = target[l].copy()
            target[l][idx] += step
            return numpy_loss(spec, example.x, example.y, W, b)

        central = lambda s: (loss_with(s) - loss_with(-s)) / (2 * s)
        out[name] = (kind, l, idx, (4 * central(h / 2) - central(h)) / 3)
    return out


def torch_gradients(example: Example):
    """Gradients from torch autograd in float64, or None when torch is not installed (or the
    activation has no torch function)."""
    try:
        import torch
    except (ImportError, OSError):  # absent, or a broken install: the cross-check is optional
        return None
    spec = example.spec
    act = ACTIVATIONS[spec.activation]
    if act.torch_f is None:
        return None
    t = lambda v: torch.tensor(np.asarray(v, dtype=float), dtype=torch.float64)
    Ws = [t(w).requires_grad_() for w in example.weights]
    bs = [t(b).requires_grad_() for b in example.biases]
    a, y = t(example.x), t(example.y)
    for l, (W, b) in enumerate(zip(Ws, bs), 1):
        z = W @ a + b
        if l == spec.depth and spec.loss == "softmax_ce":
            a = torch.softmax(z, dim=0)
        else:
            a = act.torch_f(torch)(z)
    if spec.loss == "mse":
        E = 0.5 * ((a - y) ** 2).sum()
    elif spec.loss == "bce":
        E = -(y * torch.log(a) + (1 - y) * torch.log(1 - a)).sum()
    else:
        E = -(y * torch.log(a)).sum()
    E.backward()
    return [w.grad.numpy() for w in Ws], [b.grad.numpy() for b in bs]
