"""The network a derivation is about: layer sizes, activation and loss, validated once.

>>> NetworkSpec.parse("2,3,2", "tanh", "mse").layers
(2, 3, 2)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .activations import ACTIVATIONS, Activation
from ..errors import BadInput
from .losses import LOSSES, Loss

# The derivation is polynomial (paths are counted, not listed), but it keeps one SymPy
# symbol and edge per weight; past these sizes memory, not mathematics, runs out.
MAX_WIDTH = 4096
MAX_WEIGHT_LAYERS = 64
MAX_PARAMETERS = 200_000
# A size as typed: ASCII digits only (str.isdigit also takes "²" and "①", which int() refuses).
_SIZE = re.compile(r"-?[0-9]+")
_SIZE_DIGITS = len(str(MAX_WIDTH))


@dataclass(frozen=True)
class NetworkSpec:
    """Layer widths n_0..n_L (n_0 inputs), one activation for every layer, one loss."""

    layers: tuple[int, ...] = (2, 2, 2)
    activation: str = "sigmoid"
    loss: str = "mse"

    def __post_init__(self):
        layers = tuple(self.layers)
        if len(layers) < 2:
            raise BadInput(f"layers: need at least 2 sizes (inputs and outputs), got {len(layers)}")
        for n in layers:
            if isinstance(n, bool) or not isinstance(n, int):
                raise BadInput(f"layers: sizes must be whole numbers, got {n!r}")
            if n < 1:
                raise BadInput(f"layers: every size must be at least 1, got {n}")
            if n > MAX_WIDTH:
                n = n if n < 10**12 else f"a {len(str(n))}-digit number of"
                raise BadInput(f"layers: a layer of {n} neurons is too wide to derive (at most {MAX_WIDTH})")
        if len(layers) - 1 > MAX_WEIGHT_LAYERS:
            raise BadInput(f"layers: {len(layers) - 1} weight layers is too deep to derive (at most {MAX_WEIGHT_LAYERS})")
        for field, value in (("activation", self.activation), ("loss", self.loss)):
            if not isinstance(value, str):
                raise BadInput(f"{field}: must be a name (text), got {type(value).__name__} {str(value)[:40]}")
        if self.activation not in ACTIVATIONS:
            raise BadInput(f"activation: unknown {self.activation[:40]!r}; choose one of {', '.join(ACTIVATIONS)}")
        if self.loss not in LOSSES:
            raise BadInput(f"loss: unknown {self.loss[:40]!r}; choose one of {', '.join(LOSSES)}")
        if LOSSES[self.loss].needs_unit_interval and self.activation != "sigmoid":
            raise BadInput(f"loss bce needs outputs in (0, 1): use it with sigmoid, not {self.activation}")
        params = sum((a + 1) * b for a, b in zip(layers, layers[1:]))
        if params > MAX_PARAMETERS:
            raise BadInput(f"layers: {params} parameters is too many to hold symbolically (at most {MAX_PARAMETERS})")
        object.__setattr__(self, "layers", layers)

    @classmethod
    def parse(cls, layers: str = "2,2,2", activation: str = "sigmoid", loss: str = "mse") -> "NetworkSpec":
        """Build a spec from command-line text such as ``"2,3,2"`` (ASCII digits; bounded before int())."""
        parts = [p.strip() for p in str(layers).split(",")]
        if len(parts) - 1 > MAX_WEIGHT_LAYERS:
            raise BadInput(f"layers: {len(parts) - 1} weight layers is too deep to derive (at most {MAX_WEIGHT_LAYERS})")
        sizes = []
        for part in parts:
            if not _SIZE.fullmatch(part):
                raise BadInput(f"layers: {str(layers)[:40]!r} is not a comma-separated list of whole numbers "
                               f"(digits 0-9, e.g. 2,3,2)")
            digits = part.lstrip("-").lstrip("0")
            if len(digits) > _SIZE_DIGITS:
                raise BadInput(f"layers: a size of {len(digits)} digits is too wide to derive (at most {MAX_WIDTH} neurons)")
            sizes.append(int(part))
        return cls(tuple(sizes), activation, loss)

    @property
    def depth(self) -> int:
        """L, the number of weight layers."""
        return len(self.layers) - 1

    @property
    def act(self) -> Activation:
        return ACTIVATIONS[self.activation]

    @property
    def loss_fn(self) -> Loss:
        return LOSSES[self.loss]

    def path_count(self, layer: int) -> int:
        """Chain-rule paths from one weight or bias of ``layer`` to E.

        A path picks one neuron in every later layer; softmax adds one more choice,
        because every softmax output depends on every z^{(L)}.
        """
        count = 1
        for n in self.layers[layer + 1:]:
            count *= n
        if self.loss_fn.softmax_output:
            count *= self.layers[-1]
        return count

    @property
    def slug(self) -> str:
        """A file-system name, e.g. ``2-2-2_sigmoid_mse``."""
        return "-".join(map(str, self.layers)) + f"_{self.activation}_{self.loss}"

    def to_dict(self) -> dict:
        return {"layers": list(self.layers), "activation": self.activation, "loss": self.loss}
