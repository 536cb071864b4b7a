"""The computational graph of a layered network, each edge carrying its local derivative.

Nodes follow seed 001's picture: inputs x^{(0)}, every neuron split into its two functions
z (weighted sum) and a (activation), one error node e_j per output and the total E.
Weights and biases are leaves that feed the z they belong to. Like micrograd, every local
derivative is written down beside the forward operation that creates the edge.

>>> from backprop_core.network.spec import NetworkSpec
>>> g = NetworkGraph(NetworkSpec((2, 2, 2)))
>>> [e.target for e in g.edges_from["w2_1_1"]]
['z2_1']
>>> len(g.paths_to_loss("w1_1_1"))
2
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy as sp

from .. import notation as n
from ..quantity import Quantity
from .spec import NetworkSpec


@dataclass(frozen=True)
class Node(n.Named):
    """One quantity of the network: kind is one of x w b z a e E."""

    name: str
    kind: str
    layer: int | None
    index: tuple[int, ...]


@lru_cache(maxsize=65536)   # the same edges recur on thousands of listed paths
def _partial_latex(target: str, source: str) -> str:
    return n.partial_latex(target, source)


@dataclass(frozen=True)
class Edge:
    """source feeds target; ``local`` is d(target)/d(source) over node symbols."""

    source: str
    target: str
    local: sp.Expr

    @property
    def partial_latex(self) -> str:
        return _partial_latex(self.target, self.source)

    @property
    def local_latex(self) -> str:
        return n.to_latex(self.local)


class NetworkGraph:
    """Nodes, edges and forward expressions of one network spec."""

    def __init__(self, spec: NetworkSpec):
        self.spec = spec
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.edges_from: dict[str, list[Edge]] = {}
        self.edges_to: dict[str, list[Edge]] = {}
        # forward[name] = the node's value as a function of the nodes one step below it
        self.forward: dict[str, sp.Expr] = {}
        self._paths: dict[str, list[tuple[Edge, ...]]] = {}
        self._build()

    # -- construction ---------------------------------------------------------------------
    def _node(self, q: Quantity) -> str:
        name = str(q)
        self.nodes[name] = Node(name, q.kind, q.layer, q.index)
        self.edges_from.setdefault(name, [])
        self.edges_to.setdefault(name, [])
        return name

    def _edge(self, source, target, local):
        edge = Edge(source, target, sp.sympify(local))
        self.edges.append(edge)
        self.edges_from[source].append(edge)
        self.edges_to[target].append(edge)

    def _build(self):
        sizes, L = self.spec.layers, self.spec.depth
        act, loss = self.spec.act, self.spec.loss_fn
        S = n.symbol
        for k in range(1, sizes[0] + 1):
            self._node(Quantity("x", 0, (k,)))
        for l in range(1, L + 1):
            for j in range(1, sizes[l] + 1):
                z = self._node(Quantity("z", l, (j,)))
                products = []
                for k in range(1, sizes[l - 1] + 1):
                    w, prev = self._node(Quantity("w", l, (j, k))), n.a_name(l - 1, k)
                    self._edge(w, z, S(prev))        # dz/dw = a^{(l-1)}_k
                    self._edge(prev, z, S(w))        # dz/da_prev = w
                    products.append(S(w) * S(prev))
                b = self._node(Quantity("b", l, (j,)))
                self._edge(b, z, 1)                  # dz/db = 1
                self.forward[z] = sp.Add(*products, S(b))
            softmax = l == L and loss.softmax_output
            for j in range(1, sizes[l] + 1):
                self._node(Quantity("a", l, (j,)))
            for j in range(1, sizes[l] + 1):
                a, z = n.a_name(l, j), n.z_name(l, j)
                if softmax:
                    zs = [S(n.z_name(l, i)) for i in range(1, sizes[l] + 1)]
                    self.forward[a] = sp.exp(S(z)) / sum(sp.exp(zi) for zi in zs)
                    for i in range(1, sizes[l] + 1):  # da_j/dz_i = a_j (1[i=j] - a_i)
                        a_i = S(n.a_name(l, i))
                        self._edge(n.z_name(l, i), a, S(a) * ((1 if i == j else 0) - a_i))
                else:
                    self.forward[a] = act.f(S(z))
                    self._edge(z, a, act.f_prime(S(z)))  # da/dz = f'(z)
        self._node(Quantity("E"))
        errors = []
        for j in range(1, sizes[L] + 1):
            e, a, y = self._node(Quantity("e", None, (j,))), n.a_name(L, j), n.y_name(j)
            self.forward[e] = loss.error(S(a), S(y))
            self._edge(a, e, loss.error_prime(S(a), S(y)))  # de/da
            self._edge(e, "E", 1)                            # dE/de = 1
            errors.append(S(e))
        self.forward["E"] = sp.Add(*errors)

    # -- queries --------------------------------------------------------------------------
    @property
    def parameters(self) -> list[Node]:
        """Weights then biases of each layer, layer 1 first (the JSON order)."""
        out = []
        for l in range(1, self.spec.depth + 1):
            out += [v for v in self.nodes.values() if v.kind == "w" and v.layer == l]
            out += [v for v in self.nodes.values() if v.kind == "b" and v.layer == l]
        return out

    def paths_to_loss(self, source: str) -> list[tuple[Edge, ...]]:
        """Every path of edges from ``source`` up to E, in a stable order."""
        if source == "E":
            return [()]
        if source not in self._paths:
            self._paths[source] = [(edge,) + rest for edge in self.edges_from[source]
                                   for rest in self.paths_to_loss(edge.target)]
        return list(self._paths[source])

    def iter_paths(self, source: str):
        """The same paths as ``paths_to_loss``, one at a time, remembering nothing."""
        if source == "E":
            yield ()
            return
        for edge in self.edges_from[source]:
            for rest in self.iter_paths(edge.target):
                yield (edge,) + rest

    @cached_property
    def _path_counts(self) -> dict[str, int]:
        """Paths from every node to E, by dynamic programming from E down (exact integers)."""
        counts = {"E": 1}

        def count(name):
            if name not in counts:
                counts[name] = sum(count(e.target) for e in self.edges_from[name])
            return counts[name]

        for name in self.nodes:
            count(name)
        return counts

    def path_count(self, source: str) -> int:
        """How many paths lead from ``source`` to E, without listing them."""
        return self._path_counts[source]

    @cached_property
    def forward_order(self) -> list[str]:
        """Computed nodes in an order where every node comes after what it depends on."""
        # nodes were added bottom-up, except E, which exists before the e_j that feed it
        return [name for name in self.nodes if name in self.forward and name != "E"] + ["E"]

    @cached_property
    def closed_form(self) -> sp.Expr:
        """E as one expression in x, w, b, y: the thing naive differentiation starts from."""
        values: dict[sp.Symbol, sp.Expr] = {}
        for name in self.forward_order:
            values[n.symbol(name)] = self.forward[name].xreplace(values)
        return values[n.symbol("E")]

    def leaf_symbols(self) -> list[sp.Symbol]:
        """Inputs, parameters and targets: everything E ultimately depends on."""
        out = [v.symbol for v in self.nodes.values() if v.kind in ("x", "w", "b")]
        out += [n.symbol(n.y_name(j)) for j in range(1, self.spec.layers[-1] + 1)]
        return out
