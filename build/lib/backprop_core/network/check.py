"""``backprop check``: the symbolic gradients at concrete numbers versus independent numbers."""
from __future__ import annotations

import numpy as np

from .derivation import derive
from .example import Example
from .numeric import evaluate, finite_differences, numpy_backprop, torch_gradients
from .proof import symbolic_failures

# Finite differences are an approximation (Richardson-extrapolated central differences,
# about 1e-12 absolute here); backprop and autograd must agree to rounding.
FD_TOLERANCE = 1e-6
EXACT_TOLERANCE = 1e-9
# Relative errors divide by max(|g|, |reference|, REL_FLOOR) so that gradients that are
# zero up to rounding are compared absolutely.
REL_FLOOR = 1e-4


def errors(got, want) -> tuple[float, float]:
    """(max absolute, max relative) error between two lists of arrays."""
    g = np.concatenate([np.ravel(a) for a in got])
    w = np.concatenate([np.ravel(a) for a in want])
    abs_err = np.abs(g - w)
    rel = abs_err / np.maximum(np.maximum(np.abs(g), np.abs(w)), REL_FLOOR)
    return float(abs_err.max(initial=0.0)), float(rel.max(initial=0.0))


def check_example(example: Example) -> dict:
    """The ``backprop check --json`` report for one example."""
    d = derive(example.spec)
    ev = evaluate(d, example)
    gw, gb = ev.grad_arrays(example.spec)
    fw, fb = finite_differences(example)
    max_abs, max_rel = errors(gw + gb, fw + fb)
    loss_np, nw, nb = numpy_backprop(example)
    np_abs, np_rel = errors(gw + gb, nw + nb)
    report = {
        "network": example.spec.to_dict(),
        "loss": ev.loss,
        "grad_weights": [w.tolist() for w in gw],
        "grad_biases": [b.tolist() for b in gb],
        "finite_difference": {"grad_weights": [w.tolist() for w in fw], "grad_biases": [b.tolist() for b in fb]},
        "max_abs_error": max_abs,
        "max_rel_error": max_rel,
        "numpy_backprop": {"loss": loss_np, "max_abs_error": np_abs, "max_rel_error": np_rel},
        "unproven": symbolic_failures(d),
    }
    ok = not report["unproven"] and max_rel <= FD_TOLERANCE and np_rel <= EXACT_TOLERANCE and abs(loss_np - ev.loss) <= 1e-12 * max(1, abs(loss_np))
    torch = torch_gradients(example)
    if torch is not None:
        t_abs, t_rel = errors(gw + gb, torch[0] + torch[1])
        report["torch"] = {"max_abs_error": t_abs, "max_rel_error": t_rel}
        ok = ok and t_rel <= EXACT_TOLERANCE
    report["ok"] = bool(ok)
    return report
