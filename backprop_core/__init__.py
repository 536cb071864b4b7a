"""backprop_core: derive backpropagation symbolically and prove it (SymPy + NumPy, never manim).

Layered networks (:mod:`backprop_core.network`): spec → computational graph → chain-rule paths →
path sums → δ factoring → matrix form (BP1–BP4) → exact proof and numeric checks.

>>> from backprop_core import NetworkSpec, derive, matrix_forms
>>> d = derive(NetworkSpec((2, 2, 2), "sigmoid", "mse"))
>>> len(d.gradients), len(d.gradient("w1_1_1").paths)
(12, 2)
>>> [form.layer for form in matrix_forms(d)]
[2, 1]

Scalar expression graphs (:mod:`backprop_core.expr`), e.g. e = (a+b)(b+1) at a=2, b=1:

>>> from backprop_core import build_graph
>>> build_graph("(a+b)*(b+1)", "a=2,b=1").value
6

Reports (:mod:`backprop_core.reports`) turn both into text, LaTeX, Markdown, JSON and the handout.
"""
from __future__ import annotations

from .errors import BadInput
from .lazy import lazy_exports

# Loaded on first use (PEP 562): `backprop derive --help` and every `from backprop_core.x import y`
# would otherwise pay for SymPy (about a second) before anything is asked of it.
_EXPORTS = {
    "build_graph": "expr.graph", "check_example": "network.check", "Derivation": "network.derivation",
    "derive": "network.derivation", "Example": "network.example", "general_equations": "network.matrix_form",
    "matrix_forms": "network.matrix_form", "evaluate": "network.numeric", "NetworkSpec": "network.spec",
    "Quantity": "quantity", "Equation": "equation", "general_bp": "network.bp_equations",
}
__all__ = sorted(["BadInput", *_EXPORTS])
__getattr__ = lazy_exports(__name__, _EXPORTS)
