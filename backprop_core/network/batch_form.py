r"""Backprop over a whole mini-batch at once: the m examples as the columns of X (Nielsen's exercise).

Stack the inputs as columns, A^{(0)} = X = [x^1 ... x^m] (n_0 x m), the targets likewise as Y.
Each operation below acts on every column alone, its local derivative beside it:

    Z^{(l)} = W^{(l)} A^{(l-1)} + b^{(l)} 1^T     dZ/dA^{(l-1)}: W^{(l)} on each column; dZ/db: 1 per column
    A^{(l)} = f(Z^{(l)})                          dA/dZ: f'(Z^{(l)}), elementwise
    C_x     = sum_j e(A^{(L)}_{jx}, Y_{jx})       dC_x/dA^{(L)}_{jx} = e'(A_{jx}, Y_{jx}), column x only
    Delta^{(L)} = e'(A^{(L)}, Y) (.) f'(Z^{(L)})              BP1, every column
                  (softmax: A^{(L)} (.) (1 1^T Y) - Y, since delta_j = sum_i (-y_i/a_i) a_i (1[i=j] - a_j))
    Delta^{(l)} = ((W^{(l+1)})^T Delta^{(l+1)}) (.) f'(Z^{(l)})   BP2, every column
    sum_x dC_x/dW^{(l)} = Delta^{(l)} (A^{(l-1)})^T               BP4 summed over the batch
    sum_x dC_x/db^{(l)} = Delta^{(l)} 1                           BP3 summed over the batch

Why it equals the per-example sum: column x of W A + b 1^T is W a^x + b, and f, f', (.) are
elementwise, so by induction over the layers column x of Z^{(l)}, A^{(l)} is z^{x,l}, a^{x,l}; going
back, W^T multiplies each column and (.) is elementwise, so column x of Delta^{(l)} is delta^{x,l}.
Finally a matrix product is the sum of its column outer products,
(Delta A^T)_{jk} = sum_x Delta_{jx} A_{kx} = sum_x delta^{x}_j a^{x}_k, and Delta 1 = sum_x delta^x.
:func:`batch_form_failures` checks the same identities symbolically (SymPy, no simplify).

>>> import numpy as np
>>> from backprop_core.network.spec import NetworkSpec
>>> spec = NetworkSpec((2, 2, 2))
>>> W, b = [np.eye(2), np.eye(2)], [np.zeros(2), np.zeros(2)]
>>> sums = batch_gradient_sums(spec, W, b, np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros((2, 2)))
>>> [g.shape for g in sums.weights], round(sums.loss, 6)
([(2, 2), (2, 2)], 0.843131)
>>> batch_form_failures(NetworkSpec((2, 2, 2), "tanh"), m=2)
[]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .activations import ACTIVATIONS
from .losses import LOSSES
from .spec import NetworkSpec


@dataclass(frozen=True)
class GradientSums:
    """sum_x dC_x/dW^{(l)} and sum_x dC_x/db^{(l)} over a mini-batch, and sum_x C_x.

    >>> GradientSums([np.zeros((1, 1))], [np.zeros(1)], 0.0).loss
    0.0
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    loss: float


def _softmax_columns(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=0, keepdims=True))       # shifted per column: no overflow, same value
    return E / E.sum(axis=0, keepdims=True)


def batch_forward(spec: NetworkSpec, weights, biases, X: np.ndarray):
    """(Z per layer, A per layer with A[0] = X) for the inputs as the columns of X.

    >>> Zs, As = batch_forward(NetworkSpec((1, 1)), [np.ones((1, 1))], [np.zeros(1)], np.array([[0.0, 2.0]]))
    >>> Zs[0].tolist(), len(As)
    ([[0.0, 2.0]], 2)
    """
    act, softmax = ACTIVATIONS[spec.activation], LOSSES[spec.loss].softmax_output
    A, Zs, As = np.asarray(X, dtype=float), [], []
    As.append(A)
    for l, (W, b) in enumerate(zip(weights, biases), 1):
        Z = W @ A + b[:, None]                          # b 1^T: the bias joins every column
        A = _softmax_columns(Z) if (l == spec.depth and softmax) else act.np_f(Z)
        Zs.append(Z)
        As.append(A)
    return Zs, As


def batch_losses(spec: NetworkSpec, weights, biases, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """C_x for every column x: the per-output errors of that column, summed.

    >>> batch_losses(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)],
    ...              np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]])).tolist()
    [0.5, 2.0]
    """
    _, As = batch_forward(spec, weights, biases, X)
    return np.sum(LOSSES[spec.loss].np_error(As[-1], np.asarray(Y, dtype=float)), axis=0)


def batch_gradient_sums(spec: NetworkSpec, weights, biases, X: np.ndarray, Y: np.ndarray) -> GradientSums:
    """BP1-BP4 on all columns at once; the sums over the batch are two matrix products.

    Identity network, C_x = (w x - y)^2 / 2, so sum_x dC_x/dw = sum_x (w x - y) x = 1 + 6:

    >>> sums = batch_gradient_sums(NetworkSpec((1, 1), "identity"), [np.ones((1, 1))], [np.zeros(1)],
    ...                            np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))
    >>> sums.weights[0].tolist(), sums.biases[0].tolist()
    ([[7.0]], [3.0])
    """
    act, loss = ACTIVATIONS[spec.activation], LOSSES[spec.loss]
    Y = np.asarray(Y, dtype=float)
    Zs, As = batch_forward(spec, weights, biases, X)
    if loss.softmax_output:
        Delta = As[-1] * Y.sum(axis=0, keepdims=True) - Y                    # BP1 through softmax
    else:
        Delta = loss.np_error_prime(As[-1], Y) * act.np_f_prime(Zs[-1])      # BP1
    gw, gb = [None] * spec.depth, [None] * spec.depth
    for l in range(spec.depth, 0, -1):
        gw[l - 1] = Delta @ As[l - 1].T                  # BP4 summed: sum_x delta^{x,l} (a^{x,l-1})^T
        gb[l - 1] = Delta.sum(axis=1)                    # BP3 summed: Delta 1
        if l > 1:
            Delta = (weights[l - 1].T @ Delta) * act.np_f_prime(Zs[l - 2])     # BP2
    total = float(np.sum(loss.np_error(As[-1], Y)))
    return GradientSums(gw, gb, total)


# ---- the same identities, symbolically ---------------------------------------------------------

def _symbolic_network(spec: NetworkSpec, m: int):
    sizes = spec.layers
    W = [sp.Matrix(sizes[l], sizes[l - 1], lambda j, k, l=l: sp.Symbol(f"w{l}_{j + 1}_{k + 1}"))
         for l in range(1, len(sizes))]
    b = [sp.Matrix(sizes[l], 1, lambda j, _k, l=l: sp.Symbol(f"b{l}_{j + 1}")) for l in range(1, len(sizes))]
    X = sp.Matrix(sizes[0], m, lambda k, x: sp.Symbol(f"x{x + 1}_{k + 1}"))
    Y = sp.Matrix(sizes[-1], m, lambda j, x: sp.Symbol(f"y{x + 1}_{j + 1}"))
    return W, b, X, Y


def _symbolic_output(spec: NetworkSpec, z: sp.Matrix) -> sp.Matrix:
    if LOSSES[spec.loss].softmax_output:
        e = z.applyfunc(sp.exp)
        return e / sum(e)
    return z.applyfunc(ACTIVATIONS[spec.activation].f)


def _example_gradients(spec, W, b, x, y):
    """One column's BP1-BP4 from the local derivatives (softmax: its full Jacobian), like Nielsen's backprop."""
    act, loss = ACTIVATIONS[spec.activation], LOSSES[spec.loss]
    a, acts, zs = x, [x], []
    for l in range(1, spec.depth + 1):
        z = W[l - 1] * a + b[l - 1]
        a = _symbolic_output(spec, z) if l == spec.depth else z.applyfunc(act.f)
        zs.append(z)
        acts.append(a)
    g = sp.Matrix([loss.error_prime(a[i], y[i]) for i in range(len(a))])           # dC/da^{(L)}
    if loss.softmax_output:
        jac = sp.Matrix(len(a), len(a), lambda i, j: a[i] * ((1 if i == j else 0) - a[j]))  # da_i/dz_j
        delta = jac.T * g
    else:
        delta = g.multiply_elementwise(zs[-1].applyfunc(act.f_prime))
    gw, gb = [None] * spec.depth, [None] * spec.depth
    for l in range(spec.depth, 0, -1):
        gw[l - 1], gb[l - 1] = delta * acts[l - 1].T, delta
        if l > 1:
            delta = (W[l - 1].T * delta).multiply_elementwise(zs[l - 2].applyfunc(act.f_prime))
    return gw, gb


def _batch_gradients(spec, W, b, X, Y):
    """The module's matrix form, written with SymPy matrices."""
    act, loss, m = ACTIVATIONS[spec.activation], LOSSES[spec.loss], X.shape[1]
    ones = sp.ones(m, 1)
    A, As, Zs = X, [X], []
    for l in range(1, spec.depth + 1):
        Z = W[l - 1] * A + b[l - 1] * ones.T
        A = (sp.Matrix.hstack(*(_symbolic_output(spec, Z[:, x]) for x in range(m))) if l == spec.depth
             else Z.applyfunc(act.f))
        Zs.append(Z)
        As.append(A)
    if loss.softmax_output:
        Delta = sp.Matrix(A.shape[0], m, lambda j, x: A[j, x] * sum(Y[:, x]) - Y[j, x])
    else:
        G = sp.Matrix(A.shape[0], m, lambda j, x: loss.error_prime(A[j, x], Y[j, x]))
        Delta = G.multiply_elementwise(Zs[-1].applyfunc(act.f_prime))
    gw, gb = [None] * spec.depth, [None] * spec.depth
    for l in range(spec.depth, 0, -1):
        gw[l - 1], gb[l - 1] = Delta * As[l - 1].T, Delta * ones
        if l > 1:
            Delta = (W[l - 1].T * Delta).multiply_elementwise(Zs[l - 2].applyfunc(act.f_prime))
    return gw, gb


def _same(left, right) -> bool:
    return left == right or sp.expand(sp.cancel(sp.expand(left - right))) == 0


def batch_form_failures(spec: NetworkSpec, m: int = 2) -> list[str]:
    """Entries where the batch matrix form differs from the sum of m per-example gradients (none: proven).

    Both sides are built from symbols for every x, y, w and b, so equality holds for all values;
    softmax's side per example uses the full Jacobian, proving the A (.) 1 1^T Y - Y shortcut too.
    """
    W, b, X, Y = _symbolic_network(spec, m)
    batch_w, batch_b = _batch_gradients(spec, W, b, X, Y)
    per = [_example_gradients(spec, W, b, X[:, x], Y[:, x]) for x in range(m)]
    failures = []
    for l in range(spec.depth):
        summed_w = sum((gw[l] for gw, _ in per), sp.zeros(*batch_w[l].shape))
        summed_b = sum((gb[l] for _, gb in per), sp.zeros(*batch_b[l].shape))
        failures += [f"W{l + 1}[{j},{k}]" for j in range(summed_w.rows) for k in range(summed_w.cols)
                     if not _same(batch_w[l][j, k], summed_w[j, k])]
        failures += [f"b{l + 1}[{j}]" for j in range(summed_b.rows) if not _same(batch_b[l][j], summed_b[j])]
    return failures
