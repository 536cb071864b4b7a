"""The matrix form over a mini-batch (examples as columns) equals the sum of per-example backprop."""
from __future__ import annotations

import numpy as np
import pytest

from backprop_core.network import batch_form
from backprop_core.network.activations import ACTIVATIONS
from backprop_core.network.batch_form import batch_form_failures, batch_gradient_sums, batch_losses
from backprop_core.network.losses import LOSSES
from backprop_core.network.spec import NetworkSpec
from backprop_core.network.training import TrainingSettings, per_example_gradient_sums, train
from tests.test_training import EXACT, max_rel_error, random_problem

COMBINATIONS = [(a, l) for a in ACTIVATIONS for l in LOSSES if l != "bce" or a == "sigmoid"]


def random_shapes(count: int, seed: int):
    """(spec, m) with 1-4 weight layers of 1-5 neurons, every activation/loss pair, batches of 1-7."""
    rng = np.random.default_rng(seed)
    for i in range(count):
        activation, loss = COMBINATIONS[i % len(COMBINATIONS)]
        layers = tuple(int(v) for v in rng.integers(1, 6, size=rng.integers(2, 6)))
        if loss == "softmax_ce" and layers[-1] == 1:
            layers = layers[:-1] + (2,)
        yield NetworkSpec(layers, activation, loss), int(rng.integers(1, 8))


@pytest.mark.parametrize("spec, m", list(random_shapes(40, seed=17)), ids=lambda v: getattr(v, "slug", str(v)))
def test_batch_form_equals_the_per_example_sum(spec, m):
    example, data = random_problem(spec, m, seed=m + len(spec.layers))
    X, Y = data.X.T, data.Y.T
    batch = batch_gradient_sums(spec, example.weights, example.biases, X, Y)
    summed = per_example_gradient_sums(spec, example.weights, example.biases, X, Y)
    for got, want in zip(batch.weights + batch.biases, summed.weights + summed.biases):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)     # atol: ReLU's exact zeros
    assert batch.loss == pytest.approx(summed.loss, rel=1e-12)
    assert batch_losses(spec, example.weights, example.biases, X, Y).shape == (m,)


@pytest.mark.parametrize("activation, loss", COMBINATIONS)
def test_training_with_the_batch_form_is_training_per_example(activation, loss):
    spec = NetworkSpec((2, 3, 2), activation, loss)
    example, data = random_problem(spec, 9, seed=3)
    settings = TrainingSettings(eta=0.5, batch_size=4, epochs=4, reg=0.01, seed=2)
    per = train(spec, example.weights, example.biases, data, settings)
    whole = train(spec, example.weights, example.biases, data, settings, gradient_sums=batch_gradient_sums)
    assert max_rel_error(whole.weights + whole.biases, per.weights + per.biases) <= EXACT
    assert max_rel_error(whole.loss, per.loss) <= EXACT


@pytest.mark.parametrize("spec", [NetworkSpec((2, 2, 2)), NetworkSpec((2, 3, 2), "tanh"),
                                  NetworkSpec((3, 2, 2, 2), "relu"), NetworkSpec((2, 2, 1), "sigmoid", "bce"),
                                  NetworkSpec((2, 2, 3), "identity", "softmax_ce")], ids=lambda s: s.slug)
def test_batch_form_is_proven_symbolically(spec):
    assert batch_form_failures(spec, m=3) == []


def test_planted_a_wrong_batch_form_fails_the_proof_and_the_numbers(monkeypatch):
    """A batch form that drops the last example's column is caught, symbolically and numerically."""
    spec = NetworkSpec((2, 2, 2))
    real = batch_form._batch_gradients

    def first_columns_only(spec, W, b, X, Y):
        return real(spec, W, b, X[:, :-1], Y[:, :-1])

    monkeypatch.setattr(batch_form, "_batch_gradients", first_columns_only)
    assert len(batch_form_failures(spec, m=2)) == 12          # every entry of W1, b1, W2, b2
    example, data = random_problem(spec, 5, seed=1)
    X, Y = data.X.T, data.Y.T
    summed = per_example_gradient_sums(spec, example.weights, example.biases, X, Y)
    wrong = batch_gradient_sums(spec, example.weights, example.biases, X[:, :-1], Y[:, :-1])
    assert max_rel_error(wrong.weights, summed.weights) > 1e-3

