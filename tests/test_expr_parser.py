"""The whitelist parser: precedence, exact numbers, and clean rejection of everything else."""
import pytest
import sympy as sp

from backprop_core.errors import BadInput
from backprop_core.expr.graph import build_graph
from backprop_core.expr.parser import parse_assignments, parse_expression, variables


def expr_of(text, at):
    names = variables(parse_expression(text))
    point = {k: v for k, v in parse_assignments(at).items() if k in names}
    return build_graph(text, point).expr


@pytest.mark.parametrize("text, expected", [
    ("a+b*c", "a + b*c"),
    ("a-b-c", "a - b - c"),
    ("a/b/c", "a/(b*c)"),
    ("a**b**c", "a**(b**c)"),
    ("a^b^c", "a**(b**c)"),
    ("-a**2", "-a**2"),
    ("a**-b", "a**(-b)"),
    ("-(a+b)*c", "-(a + b)*c"),
    ("2*a + 0.5", "2*a + 1/2"),
    ("sigmoid(a) + relu(b) + tanh(c)", None),
])
def test_precedence_and_associativity(text, expected):
    x = expr_of(text, "a=2,b=3,c=0.5")
    if expected is not None:
        a, b, c = sp.symbols("a b c")
        assert sp.simplify(x - sp.sympify(expected, locals={"a": a, "b": b, "c": c})) == 0


def test_decimals_are_exact_rationals():
    assert parse_assignments("a=2,b=1.1, c=-0.25") == {"a": 2, "b": sp.Rational(11, 10), "c": sp.Rational(-1, 4)}
    assert all(isinstance(v, sp.Rational) for v in parse_assignments("a=2,b=1.1").values())
    assert build_graph("x*1.1", "x=20").value == 22


def test_variables_in_order_of_appearance():
    assert variables(parse_expression("(b+a)*sin(b)")) == ["b", "a"]


@pytest.mark.parametrize("text, needle", [
    ("__import__('os')", "position"),
    ("__import__(a)", "unknown function '__import__'"),
    ("a;b", "';' at position 1"),
    ("foo(a)", "unknown function 'foo'"),
    ("(a+b", "')'"),
    ("a+b)", "position 3"),
    ("", "empty"),
    ("   ", "empty"),
    ("a+", "end of input"),
    ("2a", "position 1"),
    ("a.b", "position"),
    ("exp", "needs an argument"),
    ("exp(a, b)", "one argument"),
    ("a" * 201, "too long"),
    ("lambda: 1", "':'"),
    ("a[0]", "'['"),
    ("a == b", "'='"),
    ("1e5*a", "position"),
])
def test_rejected_expressions(text, needle):
    with pytest.raises(BadInput) as err:
        build_graph(text, "a=1,b=2")
    message = str(err.value)
    assert needle in message
    assert "\n" not in message


@pytest.mark.parametrize("at, needle", [
    ("a=nan,b=1", "not a finite"),
    ("a=inf,b=1", "not a finite"),
    ("a=1e5,b=1", "not a finite"),
    ("a=2,a=3,b=1", "twice"),
    ("a=1,b=1,z=3", "unknown variable z"),
    ("a=1", "no value for b"),
    ("a:1,b=2", "name=number"),
    ("a=1,,b=2", "name=number"),
    ("exp=1,a=1,b=1", "not a variable name"),
    ("a=__import__('os'),b=1", "not a finite"),
])
def test_rejected_points(at, needle):
    with pytest.raises(BadInput) as err:
        build_graph("(a+b)*(b+1)", at)
    assert needle in str(err.value)


def test_size_limit_in_nodes():
    text = "+".join(f"x{i}" for i in range(20))
    with pytest.raises(BadInput, match="too large"):
        build_graph(text, ",".join(f"x{i}=1" for i in range(20)))


@pytest.mark.parametrize("text, at", [("log(a)", "a=0"), ("a/b", "a=1,b=0"), ("log(a)", "a=-1"),
                                      ("1/0 + a", "a=1"), ("a**0.5", "a=-4")])
def test_undefined_at_the_point(text, at):
    with pytest.raises(BadInput, match="not a finite real number"):
        build_graph(text, at)


@pytest.mark.parametrize("text", ["2+3", "a"])
def test_nothing_to_differentiate(text):
    with pytest.raises(BadInput):
        build_graph(text, "a=1" if "a" in text else "")
