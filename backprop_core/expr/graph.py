"""The computational graph of a scalar expression, drawn the way seed 000 draws ``e=(a+b)(b+1)``.

Leaves are the input names and constants; every operation is one node (n-ary sums and products
are already binary in the syntax tree), named c, d, e, ... in evaluation order, skipping letters
that are inputs. Each edge child -> parent carries the *local* partial derivative of the parent's
formula with respect to that operand, as a SymPy expression in the operand names (``e = c d``
gives ``de/dc = d``), and its exact value at the point. Constants are drawn but never
differentiated.

>>> g = build_graph("(a+b)*(b+1)", "a=2,b=1")
>>> [(n.name, n.value) for n in g.nodes if n.kind != "const"]
[('a', 2), ('b', 1), ('c', 3), ('d', 2), ('e', 6)]
>>> [(e.child, e.parent, e.partial, e.value) for e in g.edges]
[('a', 'c', 1, 1), ('b', 'c', 1, 1), ('b', 'd', 1, 1), ('c', 'e', d, 2), ('d', 'e', c, 3)]
"""
from __future__ import annotations

import cmath
import string
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from ..functions import relu, sigma, sigma_prime
from ..errors import BadInput
from ..number_format import show
from .parser import Syntax, exact_number, parse_assignments, parse_expression, variables

MAX_NODES = 30
# Bounds checked before SymPy computes anything exactly (see check_bounds).
MAX_EXPONENT = 100              # the largest power an input or constant may be raised to: exact values stay ~2000 digits
MAX_MAGNITUDE = mpmath.mpf("1e100")
_UNDEFINED = "is not a finite real number (division by zero, log of a non-positive number or similar)"

_BINARY = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
    "pow": lambda x, y: x ** y,
}
_TEMPLATES = {
    "add": "{0} + {1}", "sub": "{0} - {1}", r"mul": r"{0} \cdot {1}", "div": r"\frac{{{0}}}{{{1}}}",
    "pow": "{{{0}}}^{{{1}}}", "neg": "-{0}", "exp": r"\exp({0})", "log": r"\log({0})",
    "sin": r"\sin({0})", "cos": r"\cos({0})", "tanh": r"\tanh({0})", "sigmoid": r"\sigma({0})",
    "relu": r"\mathrm{{ReLU}}({0})",
}
_UNARY = {
    "neg": lambda x: -x,
    "exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tanh": sp.tanh,
    "sigmoid": sigma, "relu": relu,
}


@dataclass
class GraphNode:
    """A leaf (kind input/const) or an operation (kind op) of the graph."""

    name: str                 # unique id; for constants "const1", ...
    kind: str                 # "input", "const" or "op"
    label_latex: str          # what the circle shows: a, 1, c ...
    op: str = ""              # add, sub, mul, div, pow, neg, exp, ... (ops only)
    operands: tuple = ()      # operand node names, in order (ops only)
    formula: sp.Expr = None   # the op in terms of operand symbols, e.g. c*d (ops only)
    expr: sp.Expr = None      # the node as a function of the inputs
    value: sp.Expr = None     # exact value at the point
    layer: int = 0            # 0 for inputs; parents sit above their children

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name)

    operand_latex: tuple = ()  # labels of the operands, for formula_latex

    @property
    def formula_latex(self) -> str:
        """``c = a + b`` for ops (operands in the order written), the name or number for leaves."""
        if self.kind != "op":
            return self.label_latex
        return f"{self.label_latex} = " + _TEMPLATES[self.op].format(*self.operand_latex)

    @property
    def evaluation_latex(self) -> str:
        """The forward pass at this node: ``c = a + b = 3``."""
        return f"{self.formula_latex} = {show(self.value)}"


@dataclass
class GraphEdge:
    """child -> parent, carrying the local partial d(parent)/d(child)."""

    child: str
    parent: str
    partial: sp.Expr          # in terms of the parent's operand symbols
    value: sp.Expr            # exact, at the point
    symbol_latex: str         # \frac{\partial e}{\partial c}
    partial_latex: str = ""   # the partial as LaTeX, in the nodes' display names

    @property
    def key(self) -> tuple[str, str]:
        return (self.child, self.parent)

    @property
    def local_latex(self) -> str:
        """The local derivative and its value: ``\\frac{\\partial e}{\\partial c} = d = 2`` (no middle
        step when the partial is a number)."""
        middle = "" if self.partial.is_number else f" = {self.partial_latex}"
        return f"{self.symbol_latex}{middle} = {show(self.value)}"


@dataclass
class ExprGraph:
    """Nodes in creation order (leaves first where they appear), differentiable edges, the top node."""

    text: str
    point: dict
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    top: str
    const_edges: list[tuple[str, str]] = field(default_factory=list)  # drawn, never differentiated

    def node(self, name: str) -> GraphNode:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    @property
    def inputs(self) -> list[str]:
        return [n.name for n in self.nodes if n.kind == "input"]

    @property
    def expr(self) -> sp.Expr:
        return self.node(self.top).expr

    @property
    def value(self) -> sp.Expr:
        return self.node(self.top).value

    @property
    def expr_latex(self) -> str:
        """The whole expression in its inputs, as a reader writes it: ``\\left(a + b\\right) \\left(b + 1\\right)``
        (products by juxtaposition, never the ``*`` of the text it was typed as)."""
        names = {self.node(n).symbol: self.node(n).label_latex for n in self.inputs}
        return sp.latex(self.expr, symbol_names=names)

    @property
    def point_latex(self) -> str:
        """Where the graph is evaluated: ``a = 2,\\ b = 1``."""
        return r",\ ".join(f"{self.node(k).label_latex} = {show(v)}" for k, v in self.point.items())

    def top_derivative_latex(self, name: str) -> str:
        """d(top)/d(name) as a fraction in the nodes' display names."""
        return derivative_latex(self.node(self.top).label_latex, self.node(name).label_latex)

    def edge(self, child: str, parent: str) -> GraphEdge:
        for e in self.edges:
            if e.key == (child, parent):
                return e
        raise KeyError((child, parent))

    def edges_into(self, parent: str) -> list[GraphEdge]:
        return [e for e in self.edges if e.parent == parent]

    def edges_from(self, child: str) -> list[GraphEdge]:
        return [e for e in self.edges if e.child == child]

    def layers(self) -> dict[int, list[str]]:
        """layer -> node names (constants included), in creation order."""
        out: dict[int, list[str]] = {}
        for n in self.nodes:
            out.setdefault(n.layer, []).append(n.name)
        return dict(sorted(out.items()))

    # Jupyter shows the derivation and the picture (backprop_core.reports.expr_notebook)
    def _repr_markdown_(self) -> str:
        from ..reports.expr_notebook import graph_markdown
        return graph_markdown(self)

    def _repr_svg_(self) -> str:
        from ..reports.expr_notebook import graph_svg
        return graph_svg(self)


def _fold_constants(t: Syntax) -> Syntax | sp.Expr:
    """Return a SymPy number for constant subtrees so ``2*3*a`` has one constant leaf 6."""
    if t.op == "num":
        return exact_number(t.name)
    if t.op == "var":
        return t
    args = [_fold_constants(a) for a in t.args]
    if all(isinstance(a, sp.Expr) for a in args):
        value = concrete(_BINARY[t.op](*args) if t.op in _BINARY else _UNARY[t.op](*args))
        _require_finite(value, f"constant part at position {t.pos}")
        return value
    return Syntax(t.op, tuple(args), t.name, t.pos)


def _require_finite(value: sp.Expr, what: str):
    try:
        z = complex(sp.N(value, 30))
    except (TypeError, ValueError):
        raise BadInput(f"{what} cannot be evaluated to a number") from None
    except OverflowError:
        raise BadInput(f"{what} is too large to show (more than about 1e308)") from None
    if not cmath.isfinite(z) or abs(z.imag) > 1e-12 * max(1.0, abs(z.real)):
        raise BadInput(f"{what} {_UNDEFINED}")


_MP = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y, "pow": mpmath.power, "neg": lambda x: -x,
    "exp": mpmath.exp, "log": mpmath.log, "sin": mpmath.sin, "cos": mpmath.cos, "tanh": mpmath.tanh,
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)), "relu": lambda x: mpmath.mpc(max(x.real, 0)),
}


def check_bounds(tree: Syntax, point: dict) -> None:
    """Refuse, before SymPy computes anything exactly, an expression whose exact values would explode.

    SymPy raises exact numbers to exact powers: ``a**(9**9)`` at a=3/2 is a fraction of hundreds of
    millions of digits and ``9**9**9`` an integer of 370 million, so both ran until killed. One quick
    pass in floats of unlimited range (mpmath) bounds every node first: its value is 0 or between
    1e-100 and 1e100 in size, and its *degree* (the largest power it may raise an input or constant
    to: exponents multiply through nested powers, and exp(n*log(x)) is x**n) is at most MAX_EXPONENT.
    """
    _bound(tree, {k: mpmath.mpc(mpmath.mpf(v.p) / v.q) for k, v in point.items()})


def _bound(t: Syntax, point: dict) -> tuple:
    """(value, degree, log weight) of ``t``; the log weight is how much a log inside was multiplied."""
    if t.op == "num":
        return mpmath.mpc(mpmath.mpf(t.name)), 1.0, 0.0
    if t.op == "var":
        return point[t.name], 1.0, 0.0
    kids = [_bound(a, point) for a in t.args]
    degree, logw = _degree(t.op, kids)
    if degree > MAX_EXPONENT:
        raise BadInput(f"the expression at position {t.pos} raises numbers to a total power of about {degree:.3g}; "
                       f"at most {MAX_EXPONENT} is allowed (exponents multiply through nested powers, add in products)")
    try:
        value = _MP[t.op](*(k[0] for k in kids))
    except ZeroDivisionError:
        value = mpmath.mpc(mpmath.inf)
    if not mpmath.isfinite(value):
        raise BadInput(f"the expression at position {t.pos} {_UNDEFINED}")
    size = abs(value)
    if size and not 1 / MAX_MAGNITUDE <= size <= MAX_MAGNITUDE:
        raise BadInput(f"the value at position {t.pos} is about {mpmath.nstr(size, 3)}; values must be 0 "
                       f"or between 1e-100 and 1e+100 in size")
    return value, degree, logw


def _degree(op: str, kids: list) -> tuple[float, float]:
    """Degree and log weight of an operation from its operands' (value, degree, log weight)."""
    (x, dx, lx) = kids[0]
    if len(kids) == 1:
        if op in ("exp", "sigmoid", "tanh"):     # exp(n*log(x)) becomes x**n
            return max(dx, lx), 0.0
        return (dx, dx) if op == "log" else (dx, lx if op == "neg" else 0.0)
    (y, dy, ly) = kids[1]
    ax, ay = float(abs(x)), float(abs(y))
    if op in ("add", "sub"):
        return max(dx, dy), max(lx, ly)
    if op == "mul":
        return dx + dy, lx * ay + ly * ax
    if op == "div":
        return dx + dy, lx / ay if ay else 0.0
    return max(dx * max(1.0, ay), dy), lx * max(1.0, ay)       # pow


class _Builder:
    def __init__(self, text: str, point: dict, labels: dict[str, str] | None = None):
        self.text, self.point, self.labels = text, point, dict(labels or {})
        self.symbols = {sp.Symbol(k): v for k, v in point.items()}
        self.nodes: list[GraphNode] = []
        self.edges: list[GraphEdge] = []
        self.const_edges: list[tuple[str, str]] = []
        self.inputs: dict[str, GraphNode] = {}
        self.n_const = 0
        self.ops: list[GraphNode] = []

    def leaf(self, item) -> GraphNode:
        if isinstance(item, sp.Expr):
            self.n_const += 1
            label = sp.latex(item) if item.is_Rational else show(item)   # sigmoid(2)**2 shows as 0.776
            node = GraphNode(f"const{self.n_const}", "const", label, expr=item, value=item)
            self.nodes.append(node)
            return node
        if item.name not in self.inputs:
            sym = sp.Symbol(item.name)
            node = GraphNode(item.name, "input", self.label(item.name), expr=sym, value=self.point[item.name])
            self.inputs[item.name] = node
            self.nodes.append(node)
        return self.inputs[item.name]

    def build(self, item) -> GraphNode:
        if isinstance(item, sp.Expr) or item.op == "var":
            return self.leaf(item)
        children = [self.build(a) for a in item.args]
        fn = _BINARY.get(item.op) or _UNARY[item.op]
        node = GraphNode("", "op", "", op=item.op, expr=fn(*[c.expr for c in children]))
        node.value = concrete(node.expr.subs(self.symbols))
        _require_finite(node.value, f"the expression at position {item.pos}")
        self.ops.append(node)
        self.nodes.append(node)
        node.children = children
        return node

    def label(self, name: str) -> str:
        """What the circle and every formula call a node: a given label, else its name in LaTeX."""
        return self.labels.get(name) or name_latex(name)

    def finish(self, top: GraphNode, op_names=None) -> ExprGraph:
        names = list(op_names) if op_names else _intermediate_names(len(self.ops), set(self.inputs))
        if len(names) != len(self.ops) or len(set(names) | set(self.inputs)) != len(names) + len(self.inputs):
            raise BadInput(f"need {len(self.ops)} distinct operation names, different from the inputs")
        for node, name in zip(self.ops, names):
            node.name, node.label_latex = name, self.label(name)
        for node in self.ops:   # formulas need the final names of the operands
            node.operands = tuple(c.name for c in node.children)
            atoms = [c.value if c.kind == "const" else c.symbol for c in node.children]
            fn = _BINARY.get(node.op) or _UNARY[node.op]
            node.formula = fn(*atoms)
            node.operand_latex = tuple(_operand_latex(c) for c in node.children)
        values = {n.symbol: n.value for n in self.nodes if n.kind != "const"}
        display = {n.symbol: n.label_latex for n in self.nodes if n.kind != "const"}
        for node in self.ops:
            seen = set()
            for child in node.children:
                if child.kind == "const":
                    self.const_edges.append((child.name, node.name))
                    continue
                if child.name in seen:      # x*x: one edge whose partial is 2x
                    continue
                seen.add(child.name)
                partial = sp.diff(node.formula, child.symbol)
                if node.op == "pow":   # x**y*y/x reads better as y*x**(y-1)
                    partial = sp.powsimp(sp.simplify(partial))
                value = concrete(partial.subs(values))
                _require_finite(value, f"the local derivative d{node.name}/d{child.name}")
                self.edges.append(GraphEdge(
                    child.name, node.name, partial, value,
                    derivative_latex(node.label_latex, child.label_latex),
                    sp.latex(partial, symbol_names=display, mul_symbol="dot")))
        _assign_layers(self.nodes)
        for node in self.ops:
            del node.children
        return ExprGraph(self.text, dict(self.point), self.nodes, self.edges, top.name, self.const_edges)


def derivative_latex(top_latex: str, wrt_latex: str) -> str:
    """The partial derivative of ``top`` with respect to ``wrt`` as a fraction (both given as LaTeX).

    >>> derivative_latex("e", "c")
    '\\\\frac{\\\\partial e}{\\\\partial c}'
    """
    return rf"\frac{{\partial {top_latex}}}{{\partial {wrt_latex}}}"


def name_latex(name: str) -> str:
    """x -> x, x1 -> x_{1}, alpha -> \\alpha, unit -> \\mathrm{unit} (multi-letter names upright)."""
    text = sp.latex(sp.Symbol(name))
    return rf"\mathrm{{{text}}}" if text == name and len(name) > 1 else text


def concrete(value: sp.Expr) -> sp.Expr:
    """Exact value with sigma written out, so sigma(0) becomes 1/2 (sin, tanh ... stay as they are)."""
    def s(z):
        return 1 / (1 + sp.exp(-z))
    return value.replace(sigma_prime, lambda z: s(z) * (1 - s(z))).replace(sigma, s)


def _operand_latex(node: GraphNode) -> str:
    if node.kind == "const" and (node.value.is_negative or not node.value.is_Integer):
        return rf"\left({node.label_latex}\right)"
    return node.label_latex


def _intermediate_names(count: int, taken: set[str]) -> list[str]:
    """c, d, e, ... like the seed, skipping input names; v1, v2, ... if the alphabet runs out."""
    letters = [ch for ch in string.ascii_lowercase[2:] if ch not in taken]
    if count <= len(letters):
        return letters[:count]
    return [n for n in (f"v{i}" for i in range(1, 4 * count)) if n not in taken][:count]


def _assign_layers(nodes: list[GraphNode]):
    """Inputs at 0, an op one above its highest non-constant operand, a constant just below its parent."""
    by_name = {n.name: n for n in nodes}
    for n in nodes:   # creation order is a topological order
        if n.kind == "op":
            below = [by_name[c].layer for c in n.operands if by_name[c].kind != "const"]
            n.layer = 1 + max(below)
    for n in nodes:
        if n.kind == "op":
            for c in n.operands:
                if by_name[c].kind == "const":
                    by_name[c].layer = n.layer - 1


def build_graph(text: str, at, op_names=None, labels: dict[str, str] | None = None) -> ExprGraph:
    """Parse ``text`` (whitelist parser) and build its graph at the point ``at``.

    ``at`` is ``"a=2,b=1"`` or a mapping name -> number; every variable needs exactly one value.
    ``op_names`` optionally names the operations in evaluation order (seed 003 calls the top "price");
    ``labels`` (name -> LaTeX, from code, never user text) gives nodes other display names, e.g. the
    words of another language: names, values and derivatives stay the same.
    """
    tree = parse_expression(text)
    point = parse_assignments(at) if isinstance(at, str) else {
        str(k): exact_number(str(v)) for k, v in (at or {}).items()}
    names = variables(tree)
    if not names:
        raise BadInput("the expression has no variables to differentiate with respect to")
    missing = [n for n in names if n not in point]
    if missing:
        raise BadInput(f"--at: no value for {', '.join(missing)} (expression uses {', '.join(names)})")
    extra = [n for n in point if n not in names]
    if extra:
        raise BadInput(f"--at: unknown variable {', '.join(extra)} (expression uses {', '.join(names)})")
    check_bounds(tree, point)
    folded = _fold_constants(tree)
    if isinstance(folded, sp.Expr):
        raise BadInput("the expression is constant: nothing to differentiate")
    if folded.op == "var":
        raise BadInput("the expression is a single variable: write at least one operation")
    builder = _Builder(text, point, labels)
    top = builder.build(folded)
    if len(builder.nodes) > MAX_NODES:
        raise BadInput(f"expression too large for a lecture graph ({len(builder.nodes)} nodes, at most {MAX_NODES})")
    return builder.finish(top, op_names)
