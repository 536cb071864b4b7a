"""A concrete training example: inputs, targets, weights and biases, validated.

Used by ``backprop check``, the handout's numeric table and the scenes' live numbers.
``Example.random(spec, seed)`` is reproducible: the same seed gives the same numbers;
``Example.lecture(spec)`` is the lecture's example, the first of them that writes no number twice.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import BadInput
from ..jsonfile import check_keys
from ..number_format import show
from ..quantity import Quantity
from .spec import NetworkSpec

SPEC_KEYS = ("layers", "activation", "loss", "x", "y", "weights", "biases")


@dataclass
class Example:
    spec: NetworkSpec
    x: np.ndarray              # (n_0,)
    y: np.ndarray              # (n_L,)
    weights: list[np.ndarray]  # W^{(l)}: (n_l, n_{l-1}), l = 1..L
    biases: list[np.ndarray]   # b^{(l)}: (n_l,)

    @classmethod
    def random(cls, spec: NetworkSpec, seed: int = 0) -> "Example":
        """Seeded example; targets fit the loss (probabilities for bce, one-hot for softmax)."""
        rng = np.random.default_rng(seed)
        sizes = spec.layers
        # round to 2 decimals: readable on screen and exact as rationals
        r = lambda *shape: np.round(rng.uniform(-1, 1, size=shape), 2)
        weights = [r(sizes[l], sizes[l - 1]) for l in range(1, len(sizes))]
        biases = [r(sizes[l]) for l in range(1, len(sizes))]
        x = r(sizes[0])
        if spec.loss == "softmax_ce":
            y = np.zeros(sizes[-1])
            y[rng.integers(sizes[-1])] = 1.0
        else:
            y = np.round(rng.uniform(0.05, 0.95, size=sizes[-1]), 2)
        return cls(spec, x, y, weights, biases)

    @classmethod
    def lecture(cls, spec: NetworkSpec) -> "Example":
        """The example every scene, the handout and ``backprop check`` show: the first seed from 0
        whose numbers (x, y, W, b, z, a, e, E, delta, gradients) are all written differently
        (:func:`.distinct.lecture_seed`), so no value on screen can be mistaken for another."""
        from .distinct import lecture_seed      # it draws examples: imported here, not at the top
        return cls.random(spec, lecture_seed(spec))

    @classmethod
    def from_dict(cls, data: dict) -> "Example":
        """Parse the ``backprop check --spec`` JSON object, with one clear error per problem."""
        spec, weights, biases = network_from_dict(data, required=("layers", "x", "y", "weights", "biases"))
        x = _vector(data["x"], spec.layers[0], "x")
        y = _vector(data["y"], spec.layers[-1], "y")
        if spec.loss == "bce" and not np.all((y >= 0) & (y <= 1)):
            raise BadInput("spec: bce targets y must lie in [0, 1]")
        return cls(spec, x, y, weights, biases)

    def to_dict(self) -> dict:
        return {**self.spec.to_dict(), "x": self.x.tolist(), "y": self.y.tolist(),
                "weights": [w.tolist() for w in self.weights], "biases": [b.tolist() for b in self.biases]}

    def parameter_value(self, name: str) -> float:
        """Value of ``w{l}_{j}_{k}`` or ``b{l}_{j}``."""
        q = Quantity.parse(name)
        if q.kind not in ("w", "b"):
            raise BadInput(f"{name!r} is not a parameter (a weight w{{l}}_{{j}}_{{k}} or a bias b{{l}}_{{j}})")
        arrays = self.weights if q.kind == "w" else self.biases
        return float(arrays[q.layer - 1][tuple(i - 1 for i in q.index)])


def network_from_dict(data: dict, required=("layers", "weights", "biases")):
    """(spec, weights, biases) of a ``--spec`` JSON object: the network without its example
    (``backprop train`` starts from a spec's parameters; its x and y may be left out).

    >>> spec, weights, biases = network_from_dict({"layers": [1, 1], "weights": [[[2]]], "biases": [[0]]})
    >>> spec.layers, weights[0].tolist(), biases[0].tolist()
    ((1, 1), [[2.0]], [0.0])
    """
    if not isinstance(data, dict):
        raise BadInput("spec: the JSON must be an object with layers, activation, loss, x, y, weights, biases")
    check_keys(data, SPEC_KEYS, "spec")
    missing = [k for k in required if k not in data]
    if missing:
        raise BadInput(f"spec: missing key(s) {', '.join(missing)}")
    layers = data["layers"]
    if not isinstance(layers, list):
        raise BadInput("spec: layers must be a list of whole numbers")
    spec = NetworkSpec(tuple(layers), data.get("activation", "sigmoid"), data.get("loss", "mse"))
    sizes = spec.layers
    W, b = data["weights"], data["biases"]
    if not isinstance(W, list) or len(W) != spec.depth:
        raise BadInput(f"spec: weights must be a list of {spec.depth} matrices (W1..W{spec.depth})")
    if not isinstance(b, list) or len(b) != spec.depth:
        raise BadInput(f"spec: biases must be a list of {spec.depth} vectors (b1..b{spec.depth})")
    weights = [_matrix(W[l - 1], sizes[l], sizes[l - 1], f"weights[{l - 1}] (W{l})") for l in range(1, spec.depth + 1)]
    biases = [_vector(b[l - 1], sizes[l], f"biases[{l - 1}] (b{l})") for l in range(1, spec.depth + 1)]
    return spec, weights, biases


def _number(v, what: str) -> float:
    """A JSON number as a finite float; json gives ints of any size (10**400 overflows float())."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise BadInput(f"spec: {what} must hold numbers, got {type(v).__name__} {str(v)[:40]}")
    try:
        x = float(v)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        shown = str(v) if len(str(v)) <= 20 else f"a {len(str(v))}-digit integer"
        raise BadInput(f"spec: {what} holds a number too large or not finite ({shown}); "
                       f"numbers must be finite floats (below about 1.8e308)")
    return x


def _vector(v, size: int, what: str) -> np.ndarray:
    if not isinstance(v, list) or len(v) != size:
        raise BadInput(f"spec: {what} must be a list of {size} numbers")
    return np.array([_number(e, what) for e in v])


def _matrix(m, rows: int, cols: int, what: str) -> np.ndarray:
    if not isinstance(m, list) or len(m) != rows:
        raise BadInput(f"spec: {what} must have {rows} rows of {cols} numbers")
    return np.array([_vector(r, cols, what) for r in m]).reshape(rows, cols)


def example_latex(example: Example, loss: float) -> tuple[tuple[str, str], ...]:
    r"""The example as a scene states it: (colour kind, LaTeX) of the inputs, the targets and the
    total error ``loss`` (the scene's own evaluation), each number short (:func:`~..number_format.show`).

    >>> spec = NetworkSpec((2, 1))
    >>> example_latex(Example(spec, np.array([0.5, -1.0]), np.array([0.25]), [], []), 0.125)
    (('x', 'x^{(0)} = (0.5,\\ -1)'), ('y', 'y = (0.25)'), ('E', 'E = 0.125'))
    """
    vector = lambda values: "(" + r",\ ".join(show(float(v)) for v in values) + ")"
    sides = ((Quantity("x", 0), vector(example.x)), (Quantity("y"), vector(example.y)), (Quantity("E"), show(loss)))
    return tuple((q.kind, f"{q.latex} = {value}") for q, value in sides)
