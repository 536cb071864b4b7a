"""The derivation itself: paths -> chain-rule products -> sums -> delta factoring.

For every weight and bias the derivation keeps what the lecture shows, in order: each path
from the parameter to E, the chain-rule product along it (multiply along a path), the sum
across paths (add across paths), and the rewrite as delta^{(l)}_j a^{(l-1)}_k where
delta^{(l)}_j = dE/dz^{(l)}_j is the sub-product every path through z^{(l)}_j repeats.

>>> d = derive(NetworkSpec((2, 2, 2)))
>>> [len(d.gradient(p).paths) for p in ("w2_1_1", "w1_1_1")]
[1, 2]
>>> d.gradient("w1_1_1").delta_form_equation.rhs
'\\\\delta^{(1)}_{1} x^{(0)}_{1}'
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice

import sympy as sp

from .. import notation as n
from ..equation import Equation
from ..quantity import Quantity
from .graph import Edge, NetworkGraph, Node
from .spec import NetworkSpec


@lru_cache(maxsize=65536)   # the same few factors recur on thousands of paths
def _factor_latex(expr: sp.Expr) -> str:
    """LaTeX of one factor, bracketed when it is a sum so juxtaposition reads as a product."""
    text = n.to_latex(expr)
    bracket = isinstance(expr, sp.Add) or text.startswith("-")
    return rf"\left({text}\right)" if bracket else text


def factor_key(factors) -> tuple:
    """A product as a sorted tuple of its factors other than 1: equal tuples, equal products."""
    return tuple(sorted((f for f in factors if f is not sp.S.One), key=hash))


def product_latex(exprs) -> str:
    """Juxtaposed factors in the given (chain) order, dropping factors equal to 1."""
    shown = [_factor_latex(e) for e in exprs if e is not sp.S.One]
    return " ".join(shown) if shown else "1"


@dataclass(frozen=True)
class PathTerm:
    """One path from a parameter up to E and its chain-rule product."""

    edges: tuple[Edge, ...]   # parameter -> ... -> E

    @cached_property
    def product(self) -> sp.Expr:
        """The chain-rule product of the edges' local derivatives."""
        return sp.Mul(*(f.local for f in self.factors))

    @property
    def factor_key(self) -> tuple:
        """The product as a canonical multiset of its non-unit factors (cheap to compare)."""
        return factor_key(e.local for e in self.edges)

    @property
    def nodes(self) -> tuple[str, ...]:
        """Node names from the parameter to ``"E"``."""
        return (self.edges[0].source,) + tuple(e.target for e in self.edges)

    @property
    def factors(self) -> tuple[Edge, ...]:
        """The edges in chain-rule order, from E down to the parameter."""
        return tuple(reversed(self.edges))

    @property
    def partial_latex(self) -> str:
        r"""``\frac{\partial E}{\partial e_1}\frac{\partial e_1}{\partial a^{(2)}_1}\cdots``"""
        return " ".join(f.partial_latex for f in self.factors)

    @property
    def product_latex(self) -> str:
        return product_latex(f.local for f in self.factors)

    def delta_prefix(self, layer: int) -> tuple[str, int]:
        """(delta name, number of leading factors) that make up delta^{(layer)} on this path."""
        for count, edge in enumerate(self.factors, start=1):
            q = Quantity.parse(edge.source)
            if q.kind == "z" and q.layer == layer:
                return str(Quantity("delta", layer, q.index)), count
        raise ValueError(f"path does not pass through layer {layer}")


class LazyPaths(Sequence):
    """The paths from one node to E, enumerated only when someone looks at them.

    ``len`` is the dynamic-programming count (no enumeration); ``head(k)`` walks only the
    first k paths, so a 4^8 network can name its path counts without building 4^6 tuples.
    """

    def __init__(self, graph: NetworkGraph, source: str):
        self.graph, self.source = graph, source
        self._items: tuple[PathTerm, ...] | None = None

    def __len__(self) -> int:
        return self.graph.path_count(self.source)

    def _all(self) -> tuple[PathTerm, ...]:
        if self._items is None:
            self._items = tuple(map(PathTerm, self.graph.paths_to_loss(self.source)))
        return self._items

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all()) if self._items is not None else map(PathTerm, self.graph.iter_paths(self.source))

    def head(self, k: int) -> list[PathTerm]:
        """The first ``k`` paths, in the same order as iteration."""
        return list(islice(iter(self), k))


@dataclass(frozen=True)
class DeltaTerm(n.Named):
    """delta^{(l)}_j = dE/dz^{(l)}_j, defined recursively and as the sum of its paths."""

    layer: int
    index: int
    terms: tuple[tuple[tuple[sp.Expr, ...], sp.Expr], ...]  # (coefficient factors, next delta symbol or 1)
    paths: Sequence[PathTerm]     # every path from z^{(l)}_j to E (lazy)
    simplified: sp.Expr           # what the lecture writes (softmax: a_j - y_j)
    recursive_rhs_latex: str      # recursive, written in lecture order: (sum w delta) f'(z)

    @property
    def name(self) -> str:
        return n.delta_name(self.layer, self.index)

    @property
    def z_name(self) -> str:
        return n.z_name(self.layer, self.index)

    @property
    def recursive(self) -> sp.Expr:
        """BP1 / BP2 for this element: sum of coefficient x next-layer delta."""
        return sp.Add(*(sp.Mul(*c) * nxt for c, nxt in self.terms))

    @cached_property
    def expanded(self) -> sp.Expr:
        """Sum over paths from z to E of the path products (no deltas left)."""
        return sp.Add(*(p.product for p in self.paths))

    @property
    def definition(self) -> Equation:
        return Equation(self.latex, n.partial_latex("E", self.z_name))

    @property
    def replaced_latex(self) -> list[str]:
        """The repeated sub-products (one per path from z to E) that this delta names."""
        return [p.partial_latex for p in self.paths]

    @property
    def recursive_equation(self) -> Equation:
        return Equation(self.latex, self.recursive_rhs_latex)

    @property
    def simplified_equation(self) -> Equation:
        return Equation(self.latex, n.to_latex(self.simplified))

    definition_latex = property(lambda self: self.definition.latex)
    recursive_latex = property(lambda self: self.recursive_equation.latex)
    simplified_latex = property(lambda self: self.simplified_equation.latex)


@dataclass(frozen=True)
class Gradient:
    """dE/d(parameter): its paths, their sum, and the delta form."""

    parameter: Node
    paths: Sequence[PathTerm]     # lazy: enumerated only when shown
    delta: DeltaTerm
    local: sp.Expr                # dz/d(parameter): a^{(l-1)}_k for a weight, 1 for a bias

    @property
    def name(self) -> str:
        return self.parameter.name

    @cached_property
    def path_sum(self) -> sp.Expr:
        return sp.Add(*(p.product for p in self.paths))

    @property
    def delta_form(self) -> sp.Expr:
        return self.delta.symbol * self.local

    @property
    def lhs_latex(self) -> str:
        return n.partial_latex("E", self.name)

    def chain_rule(self, paths: Sequence[PathTerm] | None = None, more: bool = False) -> Equation:
        r"""dE/dp = sum over paths of the partial-derivative products (seed 004 eq. 53).

        ``paths`` (default all) may be the first few, with ``more`` adding ``\cdots``."""
        return self._sum([p.partial_latex for p in (self.paths if paths is None else paths)], more)

    def evaluated(self, paths: Sequence[PathTerm] | None = None, more: bool = False) -> Equation:
        """The same sum with every local derivative written out."""
        return self._sum([p.product_latex for p in (self.paths if paths is None else paths)], more)

    def _sum(self, terms: list[str], more: bool) -> Equation:
        return Equation(self.lhs_latex, " + ".join(terms + ([r"\cdots"] if more else [])))

    @property
    def delta_form_equation(self) -> Equation:
        """dE/dp = delta times dz/dp, the :attr:`delta_form` as the lecture writes it."""
        return Equation(self.lhs_latex, product_latex([self.delta.symbol, self.local]))

    chain_rule_latex = property(lambda self: self.chain_rule().latex)
    evaluated_latex = property(lambda self: self.evaluated().latex)
    delta_form_latex = property(lambda self: self.delta_form_equation.latex)


class Derivation:
    """Everything the lecture derives for one network, built once and shared by all consumers."""

    def __init__(self, spec: NetworkSpec):
        self.spec = spec
        self.graph = NetworkGraph(spec)
        self.deltas: dict[tuple[int, int], DeltaTerm] = {}
        for l in range(spec.depth, 0, -1):
            for j in range(1, spec.layers[l] + 1):
                self.deltas[(l, j)] = self._delta(l, j)
        self.gradients: dict[str, Gradient] = {}
        for p in self.graph.parameters:
            l, j = p.layer, p.index[0]
            local = self.graph.edges_from[p.name][0].local
            self.gradients[p.name] = Gradient(p, self._paths(p.name), self.deltas[(l, j)], local)

    def _delta(self, l: int, j: int) -> DeltaTerm:
        g, z = self.graph, n.z_name(l, j)
        terms, shown = [], []
        for to_a in g.edges_from[z]:
            inner_shown = []
            for onward in g.edges_from[to_a.target]:
                up = g.nodes[onward.target]
                rest = n.symbol(n.delta_name(up.layer, up.index[0])) if up.kind == "z" else sp.S.One
                terms.append(((onward.local, to_a.local), rest))
                inner_shown.append(product_latex([onward.local, rest]))
            text = " + ".join(inner_shown)
            if len(inner_shown) > 1:
                text = rf"\left({text}\right)"
            shown.append(product_latex([to_a.local]) if text == "1" else
                         text if to_a.local == 1 else f"{text} {_factor_latex(to_a.local)}")
        simplified = sp.Add(*(sp.Mul(*c) * nxt for c, nxt in terms))
        if l == self.spec.depth and self.spec.loss_fn.softmax_output:
            # sum_i (-y_i/a_i) a_i (1[i=j] - a_j) = a_j sum_i y_i - y_j = a_j - y_j for sum y = 1
            simplified = n.symbol(n.a_name(l, j)) - n.symbol(n.y_name(j))
        return DeltaTerm(l, j, tuple(terms), self._paths(z), simplified, " + ".join(shown))

    def _paths(self, source: str) -> LazyPaths:
        return LazyPaths(self.graph, source)

    def gradient(self, name: str) -> Gradient:
        from ..errors import BadInput
        try:
            return self.gradients[name]
        except KeyError:
            raise BadInput(f"unknown parameter {name!r}; this network has "
                           f"{', '.join(list(self.gradients)[:6])}, ...") from None

    def layer_deltas(self, layer: int) -> list[DeltaTerm]:
        return [self.deltas[(layer, j)] for j in range(1, self.spec.layers[layer] + 1)]

    # Jupyter shows the key result (backprop_core.reports.notebook); repr() stays the default.
    def _repr_markdown_(self) -> str:
        from ..reports.notebook import derivation_markdown
        return derivation_markdown(self)

    def _repr_latex_(self) -> str:
        from ..reports.notebook import derivation_latex
        return derivation_latex(self)


def derive(spec: NetworkSpec | None = None) -> Derivation:
    """Derive every gradient of ``spec`` (default 2-2-2 sigmoid mse)."""
    return Derivation(spec or NetworkSpec())
