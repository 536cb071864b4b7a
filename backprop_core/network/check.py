"""``backprop check``: the symbolic gradients at concrete numbers versus independent numbers.

One :class:`GradientTable` per example holds every parameter's gradient four ways (the
derivation, finite differences, NumPy backprop, torch); ``backprop check``, the handout and the
GradientCheck scene all read it, so the three cannot disagree about a number.

>>> from backprop_core.network.spec import NetworkSpec
>>> table = gradient_table(Example.random(NetworkSpec((2, 2, 2)), 0), use_torch=False)
>>> row = table.rows[0]
>>> row.name, row.error < 1e-9
('w1_1_1', True)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import notation
from .derivation import Derivation, derive
from .example import Example
from .matrix_numeric import matrix_gradients
from .numeric import (evaluate, finite_differences, numpy_backprop, parameter_slots, sampled_finite_differences,
                      torch_gradients)
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


@dataclass(frozen=True)
class GradientRow:
    """One parameter's dE/dp four ways, so a reader sees them side by side."""

    name: str                          # w1_2_1, b2_1, ...
    latex: str
    kind: str                          # "w" or "b"
    layer: int                         # 0-based: weights[layer] / biases[layer]
    index: tuple                       # 0-based index into that array
    symbolic: float                    # the derivation (δ recursion; the matrix form for big networks)
    finite_difference: float | None    # central, Richardson-extrapolated; None when not sampled
    numpy: float                       # seed 004's algorithm written directly in NumPy
    torch: float | None                # torch autograd, None when torch is not installed

    @property
    def error(self) -> float:
        """|symbolic - finite difference|, the check's error."""
        return abs(self.symbolic - self.finite_difference)


@dataclass(frozen=True)
class GradientTable:
    """Every parameter of one example in the derivation's order (the matrix form's for big networks)."""

    example: Example
    rows: tuple[GradientRow, ...]
    loss: float                        # E, from the same evaluation as ``symbolic``
    numpy_loss: float
    derivation: Derivation | None      # the element-wise derivation ``symbolic`` comes from; None: the matrix form

    @property
    def with_torch(self) -> bool:
        return bool(self.rows) and self.rows[0].torch is not None

    @property
    def sampled(self) -> bool:
        """Finite differences for a sample of the parameters only."""
        return any(r.finite_difference is None for r in self.rows)

    def arrays(self, column: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """One column (``"symbolic"``, ``"finite_difference"``, ...) shaped like the weights and biases."""
        ex = self.example
        out = ([np.zeros(w.shape) for w in ex.weights], [np.zeros(b.shape) for b in ex.biases])
        for r in self.rows:
            out[r.kind == "b"][r.layer][r.index] = getattr(r, column)
        return out

    def in_json_order(self) -> list[GradientRow]:
        """The rows layer by layer, weights before biases (``backprop check --json``'s order)."""
        by_name = {r.name: r for r in self.rows}
        return [by_name[slot[0]] for slot in parameter_slots(self.example.spec)]

    def checked(self) -> list[GradientRow]:
        """The rows with a finite difference, in the JSON order."""
        return [r for r in self.in_json_order() if r.finite_difference is not None]


def _symbolic(example: Example, elementwise: bool):
    """(derivation or None, loss, name -> gradient, [(name, latex)] in order): the element-wise
    derivation for small networks, else the matrix form."""
    if elementwise:
        d = derive(example.spec)
        ev = evaluate(d, example)
        return d, ev.loss, ev.gradients, [(g.name, g.parameter.latex) for g in d.gradients.values()]
    loss, gw, gb = matrix_gradients(example)
    values = {name: float((gw if kind == "w" else gb)[l][idx]) for name, kind, l, idx in parameter_slots(example.spec)}
    return None, loss, values, [(name, notation.latex_of_name(name)) for name in values]


def _finite_differences(example: Example, sample: int | None, seed: int) -> dict[str, float]:
    """name -> finite difference: every parameter when at most ``sample`` (or None), else a seeded sample."""
    slots = parameter_slots(example.spec)
    if sample is None or len(slots) <= sample:
        fw, fb = finite_differences(example)
        return {name: float((fw if kind == "w" else fb)[l][idx]) for name, kind, l, idx in slots}
    return {name: float(v[3]) for name, v in sampled_finite_differences(example, sample, seed).items()}


def gradient_table(example: Example, sample: int | None = None, seed: int = 0, use_torch: bool = True) -> GradientTable:
    """Every gradient of ``example``: symbolic, finite differences (all, or ``sample`` drawn with
    ``seed`` when there are more parameters), NumPy backprop, torch (when installed and wanted)."""
    slots = parameter_slots(example.spec)
    d, loss, symbolic, order = _symbolic(example, len(slots) <= ELEMENTWISE_LIMIT)
    fd = _finite_differences(example, sample, seed)
    loss_np, nw, nb = numpy_backprop(example)
    torch = torch_gradients(example) if use_torch else None
    where = {name: (kind, l, idx) for name, kind, l, idx in slots}
    rows = []
    for name, latex in order:
        kind, l, idx = where[name]
        w = kind == "w"
        rows.append(GradientRow(name, latex, kind, l, idx, symbolic[name], fd.get(name),
                                float((nw if w else nb)[l][idx]),
                                None if torch is None else float((torch[0] if w else torch[1])[l][idx])))
    return GradientTable(example, tuple(rows), loss, loss_np, d)


def _finite_difference_entry(table: GradientTable) -> dict:
    if not table.sampled:
        fw, fb = table.arrays("finite_difference")
        return {"grad_weights": [w.tolist() for w in fw], "grad_biases": [b.tolist() for b in fb]}
    checked = table.checked()
    return {"sampled": len(checked), "of": len(table.rows), "parameters": [r.name for r in checked],
            "values": [r.finite_difference for r in checked]}


def _column_errors(rows, column: str) -> tuple[float, float]:
    return errors([np.array([r.symbolic for r in rows])], [np.array([getattr(r, column) for r in rows])])


def check_example(example: Example, sample: int = DEFAULT_SAMPLE, seed: int = 0) -> dict:
    """The ``backprop check --json`` report for one example."""
    return check_report(gradient_table(example, sample, seed))


def check_report(table: GradientTable) -> dict:
    """The ``backprop check --json`` report of a table.

    The symbolic gradients are the matrix form (BP1-BP4) evaluated in float64; small networks
    are also derived element by element, proven, evaluated, and compared with the matrix form.
    """
    example, spec = table.example, table.example.spec
    gw, gb = table.arrays("symbolic")
    unproven, elementwise = [], None
    if table.derivation is not None:
        _loss, mw, mb = matrix_gradients(example)
        elementwise = errors(gw + gb, mw + mb)[1]
        unproven = symbolic_failures(table.derivation)
    max_abs, max_rel = _column_errors(table.checked(), "finite_difference")
    np_abs, np_rel = _column_errors(table.rows, "numpy")
    report = {
        "network": spec.to_dict(),
        "loss": table.loss,
        "grad_weights": [w.tolist() for w in gw],
        "grad_biases": [b.tolist() for b in gb],
        "finite_difference": _finite_difference_entry(table),
        "max_abs_error": max_abs,
        "max_rel_error": max_rel,
        "numpy_backprop": {"loss": table.numpy_loss, "max_abs_error": np_abs, "max_rel_error": np_rel},
        "unproven": unproven,
    }
    loss_np = table.numpy_loss
    ok = (not unproven and max_rel <= FD_TOLERANCE and np_rel <= EXACT_TOLERANCE
          and abs(loss_np - table.loss) <= 1e-12 * max(1, abs(loss_np)))
    if elementwise is not None:
        report["elementwise_vs_matrix_max_rel_error"] = elementwise
        ok = ok and elementwise <= EXACT_TOLERANCE
    if table.with_torch:
        t_abs, t_rel = _column_errors(table.rows, "torch")
        report["torch"] = {"max_abs_error": t_abs, "max_rel_error": t_rel}
        ok = ok and t_rel <= EXACT_TOLERANCE
    report["ok"] = bool(ok)
    return report
