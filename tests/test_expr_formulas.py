"""The graph lecture's formula lines (core records' LaTeX) say the right numbers.

Each line's numbers are read back out of the LaTeX and compared with an independent float64
computation: the expression evaluated by NumPy (not the core's parser) and central finite
differences, so a line that formats the wrong value, or the right value of the wrong thing, fails.
"""
import re

import numpy as np
import pytest
import sympy as sp

from backprop_core.expr.autodiff import (adjoint_lines, all_paths, forward_sweep_latex, mode_costs_latex,
                                         nine_paths, path_sum, reverse_steps, reverse_sweep_latex)
from backprop_core.expr.graph import build_graph, derivative_latex

EXPRESSIONS = [("(a+b)*(b+1)", "a=2,b=1"), ("(x+y)*y", "x=1,y=-2"), ("a*b+b", "a=3,b=2"),
               ("x*y + sin(x)", "x=1,y=2"), ("sigmoid(w*x+b)", "w=0.5,x=2,b=-1"), ("tanh(u)/(2+cos(v*u))", "u=0.3,v=-1.5")]
NUMPY = {"sin": np.sin, "cos": np.cos, "tanh": np.tanh, "exp": np.exp, "log": np.log,
         "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: np.maximum(z, 0)}
TOL = dict(rel=5e-3, abs=5e-3)     # lines show 3 significant digits


def point_of(at: str) -> dict:
    return {k: float(v) for k, v in (kv.split("=") for kv in at.split(","))}


def f_numpy(text: str, point: dict) -> float:
    """The expression evaluated by NumPy from its text (the core's parser is not involved)."""
    return float(eval(text.replace("^", "**"), {"__builtins__": {}}, {**NUMPY, **point}))


def fd(text: str, point: dict, name: str, h: float = 1e-6) -> float:
    up, down = dict(point), dict(point)
    up[name] += h
    down[name] -= h
    return (f_numpy(text, up) - f_numpy(text, down)) / (2 * h)


def last_number(latex: str) -> float:
    return float(latex.rsplit("=", 1)[1].strip())


def product_of(latex: str) -> float:
    """``2\\cdot(-1)`` -> -2.0."""
    return float(np.prod([float(f.strip("() ")) for f in latex.split(r"\cdot")]))


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_point_and_forward_lines(text, at):
    g, point = build_graph(text, at), point_of(at)
    shown = dict(part.split(" = ") for part in g.point_latex.split(r",\ "))
    assert {k: float(v) for k, v in shown.items()} == pytest.approx(point)
    top = g.node(g.top)
    assert top.evaluation_latex.startswith(top.formula_latex + " = ")
    assert last_number(top.evaluation_latex) == pytest.approx(f_numpy(text, point), **TOL)


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_local_derivative_lines_against_finite_differences(text, at):
    g = build_graph(text, at)
    values = {n.name: float(n.value) for n in g.nodes if n.kind != "const"}
    for e in g.edges:
        formula = sp.lambdify([sp.Symbol(c) for c in values], g.node(e.parent).formula,
                              modules=[{"sigma": NUMPY["sigmoid"], "relu": NUMPY["relu"]}, "numpy"])
        up, down = dict(values), dict(values)
        up[e.child] += 1e-6
        down[e.child] -= 1e-6
        slope = (formula(**up) - formula(**down)) / 2e-6
        assert e.local_latex.startswith(derivative_latex(g.node(e.parent).label_latex, g.node(e.child).label_latex))
        assert last_number(e.local_latex) == pytest.approx(slope, **TOL), e.local_latex


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_adjoint_lines_and_path_sums_against_finite_differences(text, at):
    g, point = build_graph(text, at), point_of(at)
    for name, line in zip(g.inputs, adjoint_lines(g)):
        assert line.startswith(g.top_derivative_latex(name) + " = ")
        assert last_number(line) == pytest.approx(fd(text, point, name), **TOL)
    for name in g.inputs:
        whole = path_sum(g, name)
        assert whole.total == len(whole.shown) == len(all_paths(g)[name])
        products = [product_of(p) for p in whole.numeric[1:-2:2]]        # "=", path, "+", path, ..., more, "=", value
        assert len(products) == whole.total and whole.numeric[-3] == ""
        assert sum(products) == pytest.approx(fd(text, point, name), **TOL)
        assert float(whole.numeric[-1]) == pytest.approx(fd(text, point, name), **TOL)
        assert whole.symbolic[0] == g.top_derivative_latex(name) and len(whole.symbolic) == 2 * whole.total + 2
        if whole.total > 1:
            first = path_sum(g, name, 1)
            assert first.numeric[-1] == whole.numeric[-1] and first.symbolic[-1] == rf" + \cdots_{{(+{whole.total - 1})}}"


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_pile_up_chips_and_log(text, at):
    g, point = build_graph(text, at), point_of(at)
    piles = {}
    for step in reverse_steps(g):
        sent = step.log_latex(g)
        assert sent.startswith(rf"{g.node(step.sender).label_latex}\to {g.node(step.receiver).label_latex}:\ ")
        assert product_of(step.product_latex) == pytest.approx(last_number(sent), **TOL)
        piles[step.receiver] = piles.get(step.receiver, 0.0) + last_number(sent)
    for name in g.inputs:                  # the amounts the log shows add up to each input's derivative
        assert piles[name] == pytest.approx(fd(text, point, name), rel=2e-2, abs=2e-2)


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_sweep_heads_and_costs(text, at):
    g = build_graph(text, at)
    assert forward_sweep_latex(g, g.inputs[0]).endswith(rf"{{\partial {g.node(g.inputs[0]).label_latex}}}")
    assert reverse_sweep_latex(g).startswith(rf"\frac{{\partial {g.node(g.top).label_latex}}}")
    for line, sweeps in zip(mode_costs_latex(g), (len(g.inputs), 1)):
        m = re.fullmatch(r"(\d+) \\times (\d+) = (\d+)", line)
        assert m and int(m[1]) == sweeps and int(m[2]) == len(g.edges) and int(m[1]) * int(m[2]) == int(m[3])


def test_nine_paths_lines_are_the_same_sum():
    nine = nine_paths()
    assert nine.derivative_latex.startswith(r"\frac{\partial Z}{\partial X} = ")
    assert nine.derivative_latex.count("+") == 8 and nine.factored_latex.startswith("= ")
    rng = np.random.default_rng(0)
    values = dict(zip(sp.symbols("alpha beta gamma kappa mu nu"), rng.normal(size=6)))
    by_paths = sum(values[p[0]] * values[p[1]] for p in nine.paths)          # every path, multiplied out
    assert float(nine.factored.subs(values)) == pytest.approx(by_paths, rel=1e-12)
