"""The lecture's training run: two classes in the plane that the 2-2-2 sigmoid/mse network learns.

Twenty points, ten per class, drawn once from two normal clouds around (-1, -0.5) and (1, 0.5)
(standard deviation 0.45) and kept here rounded to two decimals, so they read well on screen and
never change with a NumPy version. One point of the second class, (-0.22, -0.35), sits on the
first class's side of the middle: it is the last point the network gets right. Targets are one-hot,
y = (1, 0) for the first class and (0, 1) for the second. The run starts from the weights of
``Example.random(spec, seed=0)`` (not the lecture's example, ``Example.lecture``, from which the same
run ends at 19 of 20), which put every point in the first class; with eta = 2, mini-batches of 4 and 30 epochs the network
gets all twenty right.

>>> run = two_class_run()
>>> len(run), run[0].number, run[0].loss > 10 * run[-1].loss
(31, 0, True)
>>> accuracy(run[0]) < accuracy(run[-1]) == 1.0
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch_form import batch_forward
from .example import Example
from .spec import NetworkSpec
from .training import Epoch, TrainingSettings, mean_loss, training_epochs
from .training_data import TrainingData

SPEC = NetworkSpec((2, 2, 2), "sigmoid", "mse")
START_SEED = 0
SETTINGS = TrainingSettings(eta=2.0, batch_size=4, epochs=30, seed=0)

_FIRST = [(-0.84, -0.13), (-0.85, -1.09), (-0.59, -0.3), (-1.24, -0.24), (-0.84, -0.37),
          (-0.99, -0.25), (-1.33, -0.57), (-1.22, -0.23), (-0.98, -0.63), (-1.35, -0.62)]
_SECOND = [(1.0, 0.38), (1.58, 0.95), (-0.22, -0.35), (0.92, 0.31), (1.1, 0.6),
           (1.95, 0.0), (0.83, 1.42), (1.29, 0.8), (0.77, -0.24), (1.08, 0.55)]


def two_classes() -> TrainingData:
    """The twenty points (inputs as rows) and their one-hot targets.

    >>> data = two_classes()
    >>> data.size, data.X[12].tolist(), data.Y[12].tolist()
    (20, [-0.22, -0.35], [0.0, 1.0])
    """
    X = np.array(_FIRST + _SECOND, dtype=float)
    Y = np.array([(1.0, 0.0)] * len(_FIRST) + [(0.0, 1.0)] * len(_SECOND))
    return TrainingData(X, Y)


def start() -> Example:
    """The lecture network's weights and biases, where training begins.

    >>> start().weights[0].tolist()
    [[0.27, -0.46], [-0.92, -0.97]]
    """
    return Example.random(SPEC, START_SEED)


def two_class_run(settings: TrainingSettings = SETTINGS) -> list[Epoch]:
    """The start as epoch 0, then every epoch of the lecture's run (what the TrainingRun scene shows).

    >>> [e.number for e in two_class_run(TrainingSettings(eta=2.0, batch_size=4, epochs=2))]
    [0, 1, 2]
    """
    first, data = start(), two_classes()
    begin = Epoch(0, first.weights, first.biases, mean_loss(SPEC, first.weights, first.biases, data))
    return [begin, *training_epochs(SPEC, first.weights, first.biases, data, settings)]


def accuracy(epoch: Epoch, data: TrainingData | None = None) -> float:
    """The share of points whose larger output is their class.

    >>> accuracy(two_class_run()[0])              # the start puts every point in the first class
    0.5
    """
    data = data or two_classes()
    _, A = batch_forward(SPEC, epoch.weights, epoch.biases, data.X.T)
    return float(np.mean(A[-1].argmax(axis=0) == data.Y.argmax(axis=1)))


# ---- what the TrainingRun scene shows: a few epochs of the run, each as a picture of the plane ----

PLANE = (-2.0, 2.4, -1.6, 1.9)          # x from, x to, y from, y to: every point inside, with a margin
GRID = (22, 16)                         # cells across, cells up: the decision regions, coarse
SNAPSHOTS = (0, 3, 5, 10, 30)           # the epochs shown: the start, the turn, the last point found


def cell_centres(plane=PLANE, grid=GRID) -> np.ndarray:
    """The centre of every grid cell as the columns of a 2 x (cols*rows) array, row by row from the bottom.

    >>> cell_centres(grid=(2, 1)).round(2).tolist()
    [[-0.9, 1.3], [0.15, 0.15]]
    """
    (x0, x1, y0, y1), (cols, rows) = plane, grid
    xs = x0 + (np.arange(cols) + 0.5) * (x1 - x0) / cols
    ys = y0 + (np.arange(rows) + 0.5) * (y1 - y0) / rows
    gx, gy = np.meshgrid(xs, ys)
    return np.vstack([gx.ravel(), gy.ravel()])


@dataclass(frozen=True)
class Snapshot:
    """One epoch of the run as the scene draws it: the network's class for every cell, loss, accuracy."""

    epoch: int
    loss: float
    accuracy: float
    weights: list[np.ndarray]
    cells: np.ndarray           # class (0 or 1) of every cell, in the order of :func:`cell_centres`


def snapshots(run: list[Epoch] | None = None, epochs=SNAPSHOTS) -> list[Snapshot]:
    """The shown epochs of the lecture's run.

    >>> [(s.epoch, s.accuracy) for s in snapshots()]
    [(0, 0.5), (3, 0.8), (5, 0.95), (10, 0.95), (30, 1.0)]
    """
    run = run or two_class_run()
    out = []
    for e in (run[k] for k in epochs):
        _, A = batch_forward(SPEC, e.weights, e.biases, cell_centres())
        out.append(Snapshot(e.number, e.loss, accuracy(e), e.weights, A[-1].argmax(axis=0)))
    return out
