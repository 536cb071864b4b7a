"""How many passes through the network each way of getting the gradient needs (seed 004, eq. 46).

Counts are of whole passes, the unit the seed's argument uses ("for a million weights, a million
and one forward passes"): numeric differentiation needs passes per parameter, backprop one forward
and one backward pass for all parameters together.

>>> c = gradient_cost(NetworkSpec((2, 2, 2)))
>>> c.parameters, c.one_sided, c.central, c.richardson, c.backprop_passes
(12, 13, 24, 48, 2)
"""
from __future__ import annotations

from dataclasses import dataclass

from .spec import NetworkSpec

# numeric.finite_differences: central differences at h and h/2, Richardson-combined, so each
# parameter costs 2 steps x 2 signs = 4 evaluations of the loss (tested against the real calls).
RICHARDSON_STEPS = 2
PASSES_PER_CENTRAL_DIFFERENCE = 2


def parameter_count(spec: NetworkSpec) -> int:
    """P: every weight and every bias."""
    sizes = spec.layers
    return sum(sizes[l] * sizes[l - 1] + sizes[l] for l in range(1, len(sizes)))


@dataclass(frozen=True)
class GradientCost:
    """Forward passes needed for the whole gradient, per method."""

    parameters: int
    one_sided: int         # eq. 46: E(w + eps e_j) for every j, plus E(w) once
    central: int           # (E(w + eps e_j) - E(w - eps e_j)) / 2 eps for every j
    richardson: int        # what backprop check does: central differences at h and h/2
    backprop_forward: int = 1
    backprop_backward: int = 1

    @property
    def backprop_passes(self) -> int:
        return self.backprop_forward + self.backprop_backward


def cost_for_parameters(p: int) -> GradientCost:
    """The counts for ``p`` parameters (e.g. the seed's million weights)."""
    return GradientCost(parameters=p, one_sided=p + 1, central=PASSES_PER_CENTRAL_DIFFERENCE * p,
                        richardson=RICHARDSON_STEPS * PASSES_PER_CENTRAL_DIFFERENCE * p)


def gradient_cost(spec: NetworkSpec) -> GradientCost:
    """The counts for a network's P parameters."""
    return cost_for_parameters(parameter_count(spec))
