"""A training set for ``backprop train``: inputs and targets as rows, checked against the network.

The file a person writes is ``{"x": [[...], ...], "y": [[...], ...]}``, one row per example; the
arrays keep that layout (example x is ``X[x]``), and every problem is one :class:`BadInput` line.

>>> from backprop_core.network.spec import NetworkSpec
>>> data = TrainingData.from_dict({"x": [[0, 1], [1, 0]], "y": [[1], [0]]}, NetworkSpec((2, 1)))
>>> data.size, data.X.shape, data.Y.shape
(2, (2, 2), (2, 1))
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import BadInput
from ..i18n import _
from ..jsonfile import check_keys
from .spec import NetworkSpec

DATA_KEYS = ("x", "y")


@dataclass(frozen=True)
class TrainingData:
    """n examples: X is (n, n_0), Y is (n, n_L); row x is one example (x, y(x)).

    >>> TrainingData(np.zeros((3, 2)), np.ones((3, 1))).size
    3
    """

    X: np.ndarray
    Y: np.ndarray

    @property
    def size(self) -> int:
        return len(self.X)

    @classmethod
    def from_dict(cls, data, spec: NetworkSpec) -> "TrainingData":
        """Parse and check the ``--data`` JSON object against the network it will train.

        >>> TrainingData.from_dict({"x": [[0, 1]], "y": [[1, 2]]}, NetworkSpec((2, 1)))
        Traceback (most recent call last):
        backprop_core.errors.BadInput: data: y[0] must be a list of 1 numbers (the network's layer sizes say so)
        """
        if not isinstance(data, dict):
            raise BadInput(_("data: the JSON must be an object with keys x and y, each a list of rows of numbers"))
        check_keys(data, DATA_KEYS, "data")
        missing = [k for k in DATA_KEYS if k not in data]
        if missing:
            raise BadInput(_("data: missing key(s) {keys}").format(keys=", ".join(missing)))
        X = _rows(data["x"], spec.layers[0], "x")
        Y = _rows(data["y"], spec.layers[-1], "y")
        if len(X) != len(Y):
            raise BadInput(_("data: x has {nx} examples but y has {ny}; give one target row per input row")
                           .format(nx=len(X), ny=len(Y)))
        if spec.loss == "bce" and not np.all((Y >= 0) & (Y <= 1)):
            raise BadInput(_("data: bce targets y must lie in [0, 1]"))
        return cls(X, Y)

    def to_dict(self) -> dict:
        """The ``--data`` JSON object.

        >>> TrainingData(np.zeros((1, 2)), np.ones((1, 1))).to_dict()
        {'x': [[0.0, 0.0]], 'y': [[1.0]]}
        """
        return {"x": self.X.tolist(), "y": self.Y.tolist()}


def _rows(rows, width: int, key: str) -> np.ndarray:
    """A non-empty list of rows of ``width`` finite numbers each."""
    if not isinstance(rows, list) or not rows:
        raise BadInput(_("data: {key} must be a non-empty list of rows (one row per example)").format(key=key))
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != width:
            raise BadInput(_("data: {key}[{i}] must be a list of {width} numbers (the network's layer sizes say so)")
                           .format(key=key, i=i, width=width))
        for v in row:
            _check_number(v, f"{key}[{i}]")
    return np.array(rows, dtype=float).reshape(len(rows), width)


def _check_number(v, where: str) -> None:
    """A JSON number that is a finite float (json gives ints of any size and NaN/Infinity)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise BadInput(_("data: {where} must hold numbers, got {kind} {shown}")
                       .format(where=where, kind=type(v).__name__, shown=str(v)[:40]))
    try:
        finite = math.isfinite(float(v))
    except OverflowError:
        finite = False
    if not finite:
        shown = str(v) if len(str(v)) <= 20 else f"{len(str(v))} digits"
        raise BadInput(_("data: {where} holds a number that is not finite ({shown}); numbers must be finite floats")
                       .format(where=where, shown=shown))
