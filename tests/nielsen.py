"""An independent mini-batch SGD, written the way Nielsen's network.py writes it (ch. 1-3), in plain NumPy.

Nothing here comes from backprop_core: column vectors of shape (n, 1), ``zs``/``activations``
lists, ``delta = cost_derivative * sigma_prime(z)``, nabla_b/nabla_w summed over the mini-batch and
``w - (eta/len(mini_batch))*nw``. Nielsen has only the sigmoid and the quadratic cost; the other
activations and costs the spec supports are written out here from their definitions, and softmax
goes through its full Jacobian (no a - y shortcut). The L2 step is Nielsen's ch. 3 form
``(1 - eta*lmbda)*w - (eta/m)*nw`` with his lmbda/n replaced by the per-batch lambda of
``--reg`` (biases untouched): the same update as w - eta(mean gradient + lambda w), arranged
differently.
"""
from __future__ import annotations

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1.0 / np.cosh(z) ** 2),
    "relu": (lambda z: z * (z > 0), lambda z: 1.0 * (z > 0)),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
}


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def cost(loss, a, y) -> float:
    """C_x for one example (column vectors)."""
    if loss == "mse":
        return 0.5 * float(np.linalg.norm(a - y) ** 2)
    if loss == "bce":
        return float(np.sum(-y * np.log(a) - (1 - y) * np.log(1 - a)))
    return float(np.sum(-y * np.log(a)))


def cost_derivative(loss, a, y):
    """dC_x/da for the output activations."""
    if loss == "mse":
        return a - y
    if loss == "bce":
        return (a - y) / (a * (1 - a))
    return -y / a


class Network:
    def __init__(self, activation, loss, weights, biases):
        self.act, self.act_prime = ACTIVATIONS[activation]
        self.loss = loss
        self.weights = [np.array(w, dtype=float) for w in weights]
        self.biases = [np.array(b, dtype=float).reshape(-1, 1) for b in biases]
        self.num_layers = len(self.weights) + 1

    def output(self, z, last):
        return softmax(z) if (last and self.loss == "softmax_ce") else self.act(z)

    def feedforward(self, a):
        for i, (b, w) in enumerate(zip(self.biases, self.weights)):
            a = self.output(np.dot(w, a) + b, i == len(self.weights) - 1)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, lmbda=0.0, seed=None):
        """Nielsen's SGD; the shuffle is backprop train's documented one (seed None: data order)."""
        n, losses = len(training_data), []
        rng = None if seed is None else np.random.default_rng(seed)
        for _ in range(epochs):
            order = list(range(n)) if rng is None else list(rng.permutation(n))
            shuffled = [training_data[i] for i in order]
            mini_batches = [shuffled[k:k + mini_batch_size] for k in range(0, n, mini_batch_size)]
            for mini_batch in mini_batches:
                self.update_mini_batch(mini_batch, eta, lmbda)
            losses.append(sum(cost(self.loss, self.feedforward(x), y) for x, y in training_data) / n)
        return losses

    def update_mini_batch(self, mini_batch, eta, lmbda=0.0):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        if lmbda:
            self.weights = [(1 - eta * lmbda) * w - (eta / len(mini_batch)) * nw
                            for w, nw in zip(self.weights, nabla_w)]
        else:
            self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for i, (b, w) in enumerate(zip(self.biases, self.weights)):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = self.output(z, i == len(self.weights) - 1)
            activations.append(activation)
        if self.loss == "softmax_ce":
            a = activations[-1]
            jacobian = np.diagflat(a) - np.dot(a, a.transpose())        # da_i/dz_j
            delta = np.dot(jacobian.transpose(), cost_derivative(self.loss, a, y))
        else:
            delta = cost_derivative(self.loss, activations[-1], y) * self.act_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = self.act_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return (nabla_b, nabla_w)


def training_data(xs, ys):
    """Nielsen's list of (x, y) column-vector pairs."""
    return [(np.array(x, dtype=float).reshape(-1, 1), np.array(y, dtype=float).reshape(-1, 1))
            for x, y in zip(xs, ys)]
