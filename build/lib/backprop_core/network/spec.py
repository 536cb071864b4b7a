"""The network a derivation is about: layer sizes, activation and loss, validated once.

>>> NetworkSpec.parse("2,3,2", "tanh", "mse").layers
(2, 3, 2)
"""
from __future__ import annotations

from dataclasses import dataclass

from .activations import ACTIVATIONS, Activation
from ..errors import BadInput
from .losses import LOSSES, Loss

# Symbolic derivation enumerates every path; beyond these sizes it stops being a lecture.
MAX_WIDTH = 16
MAX_WEIGHT_LAYERS = 8
MAX_PATHS = 200_000


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
                raise BadInput(f"layers: a layer of {n} neurons is too wide to derive (at most {MAX_WIDTH})")
        if len(layers) - 1 > MAX_WEIGHT_LAYERS:
            raise BadInput(f"layers: {len(layers) - 1} weight layers is too deep to derive (at most {MAX_WEIGHT_LAYERS})")
        if self.activation not in ACTIVATIONS:
            raise BadInput(f"activation: unknown {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}")
        if self.loss not in LOSSES:
            raise BadInput(f"loss: unknown {self.loss!r}; choose one of {', '.join(LOSSES)}")
        if LOSSES[self.loss].needs_unit_interval and self.activation != "sigmoid":
            raise BadInput(f"loss bce needs outputs in (0, 1): use it with sigmoid, not {self.activation}")
        paths = self.path_count(1) * layers[1] * layers[0]
        if paths > MAX_PATHS:
            raise BadInput(f"layers: {paths} chain-rule paths is too many to enumerate (at most {MAX_PATHS})")
        object.__setattr__(self, "layers", layers)

    @classmethod
    def parse(cls, layers: str = "2,2,2", activation: str = "sigmoid", loss: str = "mse") -> "NetworkSpec":
        """Build a spec from command-line text such as ``"2,3,2"``."""
        sizes = []
        for part in str(layers).split(","):
            part = part.strip()
            if not part.lstrip("-").isdigit():
                raise BadInput(f"layers: {layers!r} is not a comma-separated list of whole numbers")
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
