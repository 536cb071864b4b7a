r"""Mini-batch stochastic gradient descent exactly as Nielsen's ``update_mini_batch`` does it.

For each mini-batch of m examples: every example's own forward pass and delta^{x,l} (BP1-BP4,
:func:`~backprop_core.network.numeric.numpy_backprop`), the gradients summed over the batch, then

    w -> w - (eta/m) sum_x dC_x/dw - eta lambda w        b -> b - (eta/m) sum_x dC_x/db

that is w -> w - eta (mean gradient + lambda w): the L2 term of the car/zhihu source
(penalty (lambda/2) sum w^2, whose derivative is lambda w; ``reg`` = lambda, 0 by default) and,
as there, no penalty on the biases. With lambda = 0 the arithmetic is Nielsen's, operation for
operation. Averaging over the batch (not summing) keeps eta's meaning when m changes.

An epoch visits every example once: ``seed=None`` takes the mini-batches in data order (the last
may be smaller); a seed draws ``numpy.random.default_rng(seed)`` once and, at the start of every
epoch, takes the examples in the order ``rng.permutation(n)`` (of the data's own order), cut into
consecutive batches of m. The loss reported after each epoch is the mean over all the data of
C_x (the penalty not included).

>>> from backprop_core.network.spec import NetworkSpec
>>> from backprop_core.network.training_data import TrainingData
>>> spec = NetworkSpec((1, 1))
>>> data = TrainingData(np.array([[1.0], [-1.0]]), np.array([[1.0], [0.0]]))
>>> run = train(spec, [np.zeros((1, 1))], [np.zeros(1)], data, TrainingSettings(eta=1.0, batch_size=2, epochs=3))
>>> [round(v, 4) for v in run.loss]
[0.1099, 0.0967, 0.0854]
>>> [len(b) for b in mini_batches(np.arange(5), 2)]
[2, 2, 1]
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from ..errors import BadInput
from ..i18n import _
from .batch_form import GradientSums, batch_losses
from .cost import parameter_count
from .example import Example
from .numeric import numpy_backprop
from .spec import NetworkSpec
from .training_data import TrainingData

# epochs x examples x parameters: what one run may cost (about a minute of NumPy at the top).
MAX_WORK = 10**8


def per_example_gradient_sums(spec: NetworkSpec, weights, biases, X: np.ndarray, Y: np.ndarray) -> GradientSums:
    """Nielsen's loop: backprop on each column (example) alone, nabla_w and nabla_b summed.

    >>> sums = per_example_gradient_sums(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)],
    ...                                  np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))
    >>> sums.weights[0].tolist(), sums.biases[0].tolist(), sums.loss
    ([[7.0]], [3.0], 2.5)
    """
    nabla_w = [np.zeros(w.shape) for w in weights]
    nabla_b = [np.zeros(b.shape) for b in biases]
    total = 0.0
    for x, y in zip(X.T, Y.T):
        loss, dw, db = numpy_backprop(Example(spec, x, y, weights, biases))
        nabla_w = [nw + d for nw, d in zip(nabla_w, dw)]
        nabla_b = [nb + d for nb, d in zip(nabla_b, db)]
        total += loss
    return GradientSums(nabla_w, nabla_b, total)


GradientSumsFn = Callable[[NetworkSpec, list, list, np.ndarray, np.ndarray], GradientSums]


def sgd_step(spec: NetworkSpec, weights, biases, X: np.ndarray, Y: np.ndarray, eta: float, reg: float = 0.0,
             gradient_sums: GradientSumsFn = per_example_gradient_sums):
    """One update from the mini-batch whose examples are the columns of X and Y: (new weights, new biases).

    The sums above are 7 (w) and 3 (b) over m = 2; eta = 0.1 and lambda = 0.5 on the weight only:

    >>> w, b = sgd_step(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)],
    ...                 np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]), eta=0.1, reg=0.5)
    >>> round(float(w[0][0, 0]), 12), round(float(b[0][0]), 12)      # 1 - 0.1 (7/2 + 0.5), 0 - 0.1 (3/2)
    (0.6, -0.15)
    """
    m = X.shape[1]
    sums = gradient_sums(spec, weights, biases, X, Y)
    new_w = [w - (eta / m) * nw - (eta * reg) * w for w, nw in zip(weights, sums.weights)]
    new_b = [b - (eta / m) * nb for b, nb in zip(biases, sums.biases)]
    return new_w, new_b


def mini_batches(order: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Consecutive slices of ``order`` of ``batch_size`` examples (the last may be smaller).

    >>> [b.tolist() for b in mini_batches(np.array([4, 0, 3, 1, 2]), 2)]
    [[4, 0], [3, 1], [2]]
    """
    return [order[k:k + batch_size] for k in range(0, len(order), batch_size)]


def mean_loss(spec: NetworkSpec, weights, biases, data: TrainingData) -> float:
    """(1/n) sum_x C_x over the whole training set.

    >>> mean_loss(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)],
    ...           TrainingData(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])))
    1.25
    """
    return float(np.mean(batch_losses(spec, weights, biases, data.X.T, data.Y.T)))


@dataclass(frozen=True)
class TrainingSettings:
    """eta > 0, batch size m >= 1, epochs >= 1, lambda >= 0, and a seed (None: data order, no shuffle).

    >>> TrainingSettings(eta=0.5, batch_size=10, epochs=3).seed
    0
    >>> TrainingSettings(eta=0.0, batch_size=10, epochs=3)
    Traceback (most recent call last):
    backprop_core.errors.BadInput: eta: the learning rate must be greater than 0, got 0.0
    """

    eta: float
    batch_size: int
    epochs: int
    reg: float = 0.0
    seed: int | None = 0

    def __post_init__(self):
        for name, value, least, strict in (("eta", self.eta, 0.0, True), ("reg", self.reg, 0.0, False)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise BadInput(_("{name}: must be a finite number, got {value}").format(name=name, value=str(value)[:40]))
            if value < least or (strict and value == least):
                raise BadInput((_("eta: the learning rate must be greater than 0, got {value}") if strict else
                                _("reg: the L2 coefficient must be 0 or more, got {value}")).format(value=value))
        for name, value in (("batch-size", self.batch_size), ("epochs", self.epochs)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise BadInput(_("{name}: must be a whole number of at least 1, got {value}")
                               .format(name=name, value=str(value)[:40]))
        if self.seed is not None and (isinstance(self.seed, bool) or not isinstance(self.seed, int)
                                      or self.seed < 0):
            raise BadInput(_("seed: must be a whole number of at least 0, got {value}")
                           .format(value=str(self.seed)[:40]))


@dataclass(frozen=True)
class Epoch:
    """The network after one more pass over the data, and its mean loss.

    >>> Epoch(1, [np.ones((1, 1))], [np.zeros(1)], 0.25).number
    1
    """

    number: int
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    loss: float


def training_epochs(spec: NetworkSpec, weights, biases, data: TrainingData, settings: TrainingSettings,
                    gradient_sums: GradientSumsFn = per_example_gradient_sums) -> Iterator[Epoch]:
    """Every epoch of the run in turn (a scene can keep each; :func:`train` keeps the last).

    >>> data = TrainingData(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]]))
    >>> epochs = training_epochs(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)], data,
    ...                          TrainingSettings(eta=0.1, batch_size=2, epochs=2, seed=None))
    >>> [(e.number, round(e.loss, 4)) for e in epochs]
    [(1, 0.2225), (2, 0.0435)]
    """
    work = settings.epochs * data.size * parameter_count(spec)
    if work > MAX_WORK:
        raise BadInput(_("train: {epochs} epochs of {n} examples on {p} parameters is too much work "
                         "(epochs x examples x parameters at most {limit})")
                       .format(epochs=settings.epochs, n=data.size, p=parameter_count(spec), limit=MAX_WORK))
    rng = None if settings.seed is None else np.random.default_rng(settings.seed)
    weights = [np.array(w, dtype=float) for w in weights]
    biases = [np.array(b, dtype=float) for b in biases]
    for number in range(1, settings.epochs + 1):
        order = np.arange(data.size) if rng is None else rng.permutation(data.size)
        with np.errstate(all="ignore"):         # an overflow is reported once, below, not as warnings
            for batch in mini_batches(order, settings.batch_size):
                weights, biases = sgd_step(spec, weights, biases, data.X[batch].T, data.Y[batch].T,
                                           settings.eta, settings.reg, gradient_sums)
            loss = mean_loss(spec, weights, biases, data)
        if not (math.isfinite(loss) and all(np.isfinite(p).all() for p in [*weights, *biases])):
            raise BadInput(_("train: the run diverged in epoch {epoch} (a weight or the loss is no longer "
                             "a finite number); try a smaller --eta").format(epoch=number))
        yield Epoch(number, weights, biases, loss)


@dataclass(frozen=True)
class TrainingRun:
    """Where training ended, and the mean loss after each epoch.

    >>> TrainingRun([np.ones((1, 1))], [np.zeros(1)], [0.5, 0.25]).to_dict()
    {'weights': [[[1.0]]], 'biases': [[0.0]], 'loss': [0.5, 0.25]}
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    loss: list[float]

    def to_dict(self) -> dict:
        """Weights and biases nested as in the ``--spec`` file (W^{(l)} as rows), and the losses."""
        return {"weights": [w.tolist() for w in self.weights], "biases": [b.tolist() for b in self.biases],
                "loss": list(self.loss)}


def train(spec: NetworkSpec, weights, biases, data: TrainingData, settings: TrainingSettings,
          gradient_sums: GradientSumsFn = per_example_gradient_sums) -> TrainingRun:
    """Run every epoch; the final parameters and the loss curve.

    >>> data = TrainingData(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]]))
    >>> run = train(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)], data,
    ...             TrainingSettings(eta=0.1, batch_size=1, epochs=3, seed=None))
    >>> len(run.loss), run.loss[-1] < run.loss[0]
    (3, True)
    """
    losses, last = [], None
    for last in training_epochs(spec, weights, biases, data, settings, gradient_sums):
        losses.append(last.loss)
    return TrainingRun(last.weights, last.biases, losses)
