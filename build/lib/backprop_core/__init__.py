"""backprop_core: derive backpropagation symbolically and prove it (SymPy + NumPy, no manim).

>>> from backprop_core import NetworkSpec, derive
>>> d = derive(NetworkSpec((2, 2, 2), "sigmoid", "mse"))
>>> len(d.gradients), len(d.gradient("w1_1_1").paths)
(12, 2)
"""
from .network.derivation import Derivation, derive
from .errors import BadInput
from .network.example import Example
from .network.numeric import evaluate
from .network.spec import NetworkSpec

__all__ = ["BadInput", "Derivation", "Example", "NetworkSpec", "derive", "evaluate"]
