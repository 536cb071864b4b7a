"""How much work each way of computing the gradient takes: literal path sums versus δ (BP1-BP4).

Counts are exact integers from dynamic programming over the graph, never from listing paths:
for every node, the number of paths to E and the number of non-unit local factors on them
(dE/de_j = 1 and dz/db = 1 are not multiplied). A path with m such factors costs m - 1
multiplications; P paths are added with P - 1 additions.

The δ way computes each δ once and reuses it (seed 004, BP1-BP4):
  * BP1 δ^{(L)}_j = (dE/da_j) f'(z_j): 1 multiplication per output (softmax: the full row
    sum_i (de_i/da_i)(da_i/dz_j), n_L multiplications and n_L - 1 additions);
  * BP2 δ^{(l)}_j = (sum_i w_ij δ^{(l+1)}_i) f'(z_j): n_{l+1} + 1 multiplications, n_{l+1} - 1 additions;
  * BP3 dE/db = δ: nothing; BP4 dE/dw_jk = δ_j a_k: 1 multiplication.

>>> from backprop_core.network.spec import NetworkSpec
>>> c = network_counts(NetworkSpec((2, 2, 2)))
>>> c.layers[0].path_count, c.total_path_sum.multiplications, c.total_delta.multiplications
(2, 54, 16)
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .spec import NetworkSpec


@dataclass(frozen=True)
class Work:
    """Multiplications and additions of one way of computing something."""

    multiplications: int
    additions: int

    def __add__(self, other: "Work") -> "Work":
        return Work(self.multiplications + other.multiplications, self.additions + other.additions)

    def scaled(self, k: int) -> "Work":
        return Work(self.multiplications * k, self.additions * k)

    def to_dict(self) -> dict:
        return {"multiplications": self.multiplications, "additions": self.additions}


ZERO = Work(0, 0)


@dataclass(frozen=True)
class LayerCounts:
    """One layer's parameters: paths and path-sum work per weight and per bias, δ work for the layer."""

    layer: int
    weights: int
    biases: int
    path_count: int              # paths from any one weight or bias of this layer to E
    weight_path_sum: Work        # literal sum over paths, for one weight
    bias_path_sum: Work          # ... for one bias (one factor fewer per path: dz/db = 1)
    delta: Work                  # computing this layer's δ column (BP1 or BP2), once
    gradients: Work              # BP3 and BP4 for the whole layer, given δ

    @property
    def path_sum(self) -> Work:
        """Every parameter of the layer by its own path sum."""
        return self.weight_path_sum.scaled(self.weights) + self.bias_path_sum.scaled(self.biases)

    def to_dict(self) -> dict:
        return {"layer": self.layer, "weights": self.weights, "biases": self.biases,
                "path_count": self.path_count,
                "weight_path_sum": self.weight_path_sum.to_dict(),
                "bias_path_sum": self.bias_path_sum.to_dict(),
                "path_sum": self.path_sum.to_dict(),
                "delta": (self.delta + self.gradients).to_dict()}


@dataclass(frozen=True)
class NetworkCounts:
    """Every layer's counts and the totals the lecture compares."""

    layers: tuple[LayerCounts, ...]

    @property
    def total_path_sum(self) -> Work:
        return sum((c.path_sum for c in self.layers), ZERO)

    @property
    def total_delta(self) -> Work:
        return sum((c.delta + c.gradients for c in self.layers), ZERO)

    @property
    def multiplications_saved(self) -> int:
        return self.total_path_sum.multiplications - self.total_delta.multiplications

    def to_dict(self) -> dict:
        return {"layers": [c.to_dict() for c in self.layers],
                "total": {"path_sum": self.total_path_sum.to_dict(), "delta": self.total_delta.to_dict(),
                          "multiplications_saved": self.multiplications_saved}}


def _paths_and_factors(spec: NetworkSpec) -> list[tuple[int, int]]:
    """For layer l = 1..L, (paths from z^{(l)}_j to E, non-unit factors summed over them).

    From z^{(L)}_j: z -> a -> e -> E has the factors f'(z) (or the softmax entry) and de/da;
    softmax adds one path per output. Below: every path goes z -> a -> z^{(l+1)}_i (factors
    f'(z) and w) and on, one choice of i per neuron of the next layer.
    """
    sizes, L, softmax = spec.layers, spec.depth, spec.loss_fn.softmax_output
    f_prime = 0 if spec.act.f_prime(sp.Symbol("z")) == 1 else 1   # identity: f'(z) = 1 is not multiplied
    fan = sizes[L] if softmax else 1
    paths, factors = fan, (2 if softmax else 1 + f_prime) * fan
    out = [(paths, factors)]
    for l in range(L - 1, 0, -1):
        nxt = sizes[l + 1]
        paths, factors = nxt * paths, nxt * (factors + (1 + f_prime) * paths)
        out.append((paths, factors))
    return out[::-1]


def network_counts(spec: NetworkSpec) -> NetworkCounts:
    """Exact work counts for every layer of ``spec``, in time linear in its depth."""
    sizes, L, softmax = spec.layers, spec.depth, spec.loss_fn.softmax_output
    out = []
    for l, (P, F) in enumerate(_paths_and_factors(spec), start=1):
        n_l, n_prev = sizes[l], sizes[l - 1]
        weight = Work(F, P - 1)                  # F + P factors (a^{(l-1)}_k on every path), minus P
        bias = Work(F - P, P - 1)
        if l == L:
            delta = Work(n_l * n_l, n_l * (n_l - 1)) if softmax else Work(n_l, 0)
        else:
            nxt = sizes[l + 1]
            delta = Work(n_l * (nxt + 1), n_l * (nxt - 1))
        out.append(LayerCounts(l, n_l * n_prev, n_l, P, weight, bias, delta, Work(n_l * n_prev, 0)))
    return NetworkCounts(tuple(out))


def graph_counts(graph, source: str) -> tuple[int, int]:
    """(paths, non-unit factors over them) from ``source`` to E by DP on the element graph.

    The independent check of ``network_counts``: same numbers, from the actual edges.
    """
    memo = {"E": (1, 0)}

    def walk(name):
        if name not in memo:
            p = f = 0
            for e in graph.edges_from[name]:
                tp, tf = walk(e.target)
                p += tp
                f += tf + (tp if e.local != 1 else 0)
            memo[name] = (p, f)
        return memo[name]

    return walk(source)


@dataclass(frozen=True)
class DeltaReuse:
    """What naming δ^{(l)}_j saves: its one-time cost, then each parameter that reuses it."""

    layer: int
    index: int
    cost: Work                                  # BP1/BP2 for this one δ, given the next layer's δ
    uses: tuple[tuple[str, int, int], ...]      # (parameter, path-sum multiplications, δ-way multiplications)

    @property
    def saved(self) -> list[int]:
        """Multiplications saved so far after each use (the δ's own cost paid at the first)."""
        out, total = [], -self.cost.multiplications
        for _, by_paths, by_delta in self.uses:
            total += by_paths - by_delta
            out.append(total)
        return out


def delta_reuse(spec: NetworkSpec, layer: int, index: int = 1) -> DeltaReuse:
    """The weights and bias of neuron ``index`` in ``layer`` and what each costs both ways."""
    from .. import notation as n
    c = network_counts(spec).layers[layer - 1]
    per_neuron = Work(c.delta.multiplications // spec.layers[layer], c.delta.additions // spec.layers[layer])
    uses = tuple((n.w_name(layer, index, k), c.weight_path_sum.multiplications, 1)
                 for k in range(1, spec.layers[layer - 1] + 1))
    uses += ((n.b_name(layer, index), c.bias_path_sum.multiplications, 0),)
    return DeltaReuse(layer, index, per_neuron, uses)


def work_vs_size(layer_sizes) -> list[tuple[tuple[int, ...], int, int]]:
    """(layers, path-sum multiplications, δ multiplications) for each network in ``layer_sizes``."""
    out = []
    for layers in layer_sizes:
        c = network_counts(NetworkSpec(tuple(layers)))
        out.append((tuple(layers), c.total_path_sum.multiplications, c.total_delta.multiplications))
    return out


def depth_series(width: int = 4, depths=range(2, 11)):
    """Work against depth (weight layers) for a network of constant ``width``."""
    return work_vs_size([(width,) * (d + 1) for d in depths])


def width_series(depth: int = 3, widths=(2, 4, 8, 16, 32, 64)):
    """Work against width for ``depth`` weight layers."""
    return work_vs_size([(w,) * (depth + 1) for w in widths])
