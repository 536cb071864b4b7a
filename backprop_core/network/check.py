"""``backprop check``: the symbolic gradients at concrete numbers versus independent numbers."""
from __future__ import annotations

import numpy as np

from .derivation import derive
from .example import Example
from .matrix_numeric import matrix_gradients
from .numeric import evaluate, finite_differences, numpy_backprop, sampled_finite_differences, torch_gradients
from .proof import symbolic_failures

# Finite differences are an approximation (Richardson-extrapolated central differences,
# about 1e-12 absolute here); backprop and autograd must agree to rounding.
FD_TOLERANCE = 1e-6
EXACT_TOLERANCE = 1e-9
# Relative errors divide by max(|g|, |reference|, REL_FLOOR) so that gradients that are
# zero up to rounding are compared absolutely.
REL_FLOOR = 1e-4
# Up to this many parameters the element-wise derivation is built, proven and evaluated too;
# above it the matrix form alone is evaluated (``derive`` proves the same equations).
ELEMENTWISE_LIMIT = 600
# Finite differences for every parameter up to this many, else for this many drawn at random.
DEFAULT_SAMPLE = 200


def errors(got, want) -> tuple[float, float]:
    """(max absolute, max relative) error between two lists of arrays."""
    g = np.concatenate([np.ravel(a) for a in got])
    w = np.concatenate([np.ravel(a) for a in want])
    abs_err = np.abs(g - w)
    rel = abs_err / np.maximum(np.maximum(np.abs(g), np.abs(w)), REL_FLOOR)
    return float(abs_err.max(initial=0.0)), float(rel.max(initial=0.0))


def _finite_differences(example: Example, gw, gb, sample: int, seed: int):
    """(report entry, max abs error, max rel error): every parameter when few, else a seeded sample."""
    count = sum(w.size + b.size for w, b in zip(gw, gb))
    if count <= sample:
        fw, fb = finite_differences(example)
        max_abs, max_rel = errors(gw + gb, fw + fb)
        return {"grad_weights": [w.tolist() for w in fw], "grad_biases": [b.tolist() for b in fb]}, max_abs, max_rel
    fd = sampled_finite_differences(example, sample, seed)
    got = [(gw if kind == "w" else gb)[l][idx] for kind, l, idx, _ in fd.values()]
    max_abs, max_rel = errors([np.array(got)], [np.array([v[3] for v in fd.values()])])
    entry = {"sampled": len(fd), "of": count, "parameters": list(fd), "values": [v[3] for v in fd.values()]}
    return entry, max_abs, max_rel


def check_example(example: Example, sample: int = DEFAULT_SAMPLE, seed: int = 0) -> dict:
    """The ``backprop check --json`` report for one example.

    The symbolic gradients are the matrix form (BP1-BP4) evaluated in float64; small networks
    are also derived element by element, proven, evaluated, and compared with the matrix form.
    """
    spec = example.spec
    loss, gw, gb = matrix_gradients(example)
    unproven, elementwise = [], None
    if sum(w.size + b.size for w, b in zip(gw, gb)) <= ELEMENTWISE_LIMIT:
        d = derive(spec)
        ev = evaluate(d, example)
        ew, eb = ev.grad_arrays(spec)
        elementwise = errors(ew + eb, gw + gb)[1]
        unproven = symbolic_failures(d)
        gw, gb, loss = ew, eb, ev.loss
    fd_entry, max_abs, max_rel = _finite_differences(example, gw, gb, sample, seed)
    loss_np, nw, nb = numpy_backprop(example)
    np_abs, np_rel = errors(gw + gb, nw + nb)
    report = {
        "network": spec.to_dict(),
        "loss": loss,
        "grad_weights": [w.tolist() for w in gw],
        "grad_biases": [b.tolist() for b in gb],
        "finite_difference": fd_entry,
        "max_abs_error": max_abs,
        "max_rel_error": max_rel,
        "numpy_backprop": {"loss": loss_np, "max_abs_error": np_abs, "max_rel_error": np_rel},
        "unproven": unproven,
    }
    ok = not unproven and max_rel <= FD_TOLERANCE and np_rel <= EXACT_TOLERANCE and abs(loss_np - loss) <= 1e-12 * max(1, abs(loss_np))
    if elementwise is not None:
        report["elementwise_vs_matrix_max_rel_error"] = elementwise
        ok = ok and elementwise <= EXACT_TOLERANCE
    torch = torch_gradients(example)
    if torch is not None:
        t_abs, t_rel = errors(gw + gb, torch[0] + torch[1])
        report["torch"] = {"max_abs_error": t_abs, "max_rel_error": t_rel}
        ok = ok and t_rel <= EXACT_TOLERANCE
    report["ok"] = bool(ok)
    return report
