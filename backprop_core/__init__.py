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
from .errors import BadInput
from .expr.graph import build_graph
from .network.check import check_example
from .network.derivation import Derivation, derive
from .network.example import Example
from .network.matrix_form import general_equations, matrix_forms
from .network.numeric import evaluate
from .network.spec import NetworkSpec

__all__ = ["BadInput", "Derivation", "Example", "NetworkSpec", "build_graph", "check_example", "derive", "evaluate",
           "general_equations", "matrix_forms"]
