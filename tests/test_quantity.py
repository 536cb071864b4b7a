r"""Quantity reads and writes every name; Equation keeps its sides; BP1-BP4 are written once.

The oracles below are the formatters the core used before Quantity and Equation existed, copied
verbatim: every name's LaTeX and plain form, every layer equation and BP1-BP4 must come out
byte for byte as they did, so nothing on screen or in the handout changes.
"""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_core import equation, quantity
from backprop_core.equation import Equation
from backprop_core.errors import BadInput
from backprop_core.network import bp_equations
from backprop_core.network.activations import ACTIVATIONS
from backprop_core.network.derivation import derive
from backprop_core.network.forward import generalisation, generalise, layer_equations, vector_latex
from backprop_core.network.losses import LOSSES
from backprop_core.network.matrix_form import general_equations, matrix_forms
from backprop_core.network.spec import NetworkSpec
from backprop_core.quantity import Quantity
from backprop_core.reports.derivation_report import as_json, derivation_dict

# every activation/loss pair NetworkSpec accepts (bce needs sigmoid)
COMBINATIONS = [(a, l) for a in ACTIVATIONS for l in LOSSES
                if not (LOSSES[l].needs_unit_interval and a != "sigmoid")]
SPECS = [NetworkSpec((2, 2, 2)), NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce"), NetworkSpec((1, 1), "identity"),
         NetworkSpec((2, 12, 3), "tanh"), NetworkSpec((4, 3, 1, 2, 3), "sigmoid", "bce")]


# ---- the old code, kept as the oracle --------------------------------------------------------------

def _old_pair(j: str, k: str) -> str:
    return f"{j}{k}" if len(j) == 1 and len(k) == 1 else f"{j},{k}"


_OLD_PATTERNS = [
    (re.compile(r"^x0_(\d+)$"), lambda k: rf"x^{{(0)}}_{{{k}}}"),
    (re.compile(r"^([za])(\d+)_(\d+)$"), lambda v, l, j: rf"{v}^{{({l})}}_{{{j}}}"),
    (re.compile(r"^w(\d+)_(\d+)_(\d+)$"), lambda l, j, k: rf"w^{{({l})}}_{{{_old_pair(j, k)}}}"),
    (re.compile(r"^b(\d+)_(\d+)$"), lambda l, j: rf"b^{{({l})}}_{{{j}}}"),
    (re.compile(r"^delta(\d+)_(\d+)$"), lambda l, j: rf"\delta^{{({l})}}_{{{j}}}"),
    (re.compile(r"^([ey])_(\d+)$"), lambda v, j: rf"{v}_{{{j}}}"),
    (re.compile(r"^E$"), lambda: "E"),
]


def old_latex_of_name(name: str) -> str:
    for pattern, render in _OLD_PATTERNS:
        m = pattern.match(name)
        if m:
            return render(*m.groups())
    raise KeyError(name)


def old_plain_of_name(name: str) -> str:
    latex = old_latex_of_name(name).replace(r"\delta", "δ")
    return re.sub(r"\{\(?([^{}]*?)\)?\}", lambda m: f"({m.group(1)})" if m.group(0).startswith("{(") else m.group(1),
                  latex)


def old_vector_latex(kind: str, layer: int, transpose: bool = False) -> str:
    stem = {"w": "W", "delta": r"\delta", "a": "x" if layer == 0 else "a",
            "z": "z", "b": "b", "x": "x", "y": "y"}[kind]
    text = stem if kind == "y" else f"{stem}^{{({layer})}}"
    return rf"\left({text}\right)^{{T}}" if transpose else text


def old_layer_equations(form) -> tuple[str, str, str]:
    """LayerMatrixForm.delta/weight/bias_equation_latex as matrix_form.py wrote them."""
    l, act = form.layer, form.act_latex
    if form.is_output:
        delta = (rf"\delta^{{({l})}} = a^{{({l})}} - y" if form.softmax
                 else rf"\delta^{{({l})}} = \nabla_{{a}} E \odot {act}'\left(z^{{({l})}}\right)")
    else:
        delta = (rf"\delta^{{({l})}} = \left(\left(W^{{({l + 1})}}\right)^{{T}} \delta^{{({l + 1})}}\right)"
                 rf" \odot {act}'\left(z^{{({l})}}\right)")
    prev = "x^{(0)}" if l == 1 else f"a^{{({l - 1})}}"
    weight = rf"\frac{{\partial E}}{{\partial W^{{({l})}}}} = \delta^{{({l})}} \left({prev}\right)^{{T}}"
    bias = rf"\frac{{\partial E}}{{\partial b^{{({l})}}}} = \delta^{{({l})}}"
    return delta, weight, bias


def old_general_equations(act_latex: str = r"\sigma", softmax: bool = False) -> dict[str, str]:
    bp1 = (r"\delta^{(L)} = a^{(L)} - y" if softmax
           else rf"\delta^{{(L)}} = \nabla_{{a}} E \odot {act_latex}'\left(z^{{(L)}}\right)")
    return {
        "BP1": bp1,
        "BP2": rf"\delta^{{(l)}} = \left(\left(W^{{(l+1)}}\right)^{{T}} \delta^{{(l+1)}}\right) \odot {act_latex}'\left(z^{{(l)}}\right)",
        "BP3": r"\frac{\partial E}{\partial b^{(l)}_{j}} = \delta^{(l)}_{j}",
        "BP4": r"\frac{\partial E}{\partial w^{(l)}_{jk}} = a^{(l-1)}_{k} \delta^{(l)}_{j}",
    }


# ---- checks (also run against planted bugs below) ----------------------------------------------------

def names_of(d) -> set[str]:
    """Every name the derivation produces: nodes, parameters, deltas and the names on its paths."""
    names = set(d.graph.nodes) | set(d.gradients) | {t.name for t in d.deltas.values()}
    for g in d.gradients.values():
        for p in g.paths.head(3):
            names |= set(p.nodes) | {p.delta_prefix(g.parameter.layer)[0]}
    return names


def round_trip_failures(d) -> list[str]:
    return [name for name in names_of(d) if str(Quantity.parse(name)) != name]


def latex_mismatches(d) -> list[str]:
    return [name for name in names_of(d) if (Quantity.parse(name).latex, Quantity.parse(name).plain)
            != (old_latex_of_name(name), old_plain_of_name(name))]


def general_mismatches() -> list[tuple]:
    out = []
    for act, loss in COMBINATIONS:
        spec = NetworkSpec((2, 2, 2), act, loss)
        args = (spec.act.latex, spec.loss_fn.softmax_output)
        if general_equations(*args) != old_general_equations(*args):
            out.append((act, loss))
    return out


# ---- Quantity --------------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, 4), min_size=2, max_size=5), st.sampled_from(COMBINATIONS))
def test_every_name_the_derivation_produces_round_trips(layers, combination):
    d = derive(NetworkSpec(tuple(layers), *combination))
    assert round_trip_failures(d) == []
    for name, node in d.graph.nodes.items():
        q = Quantity.parse(name)
        assert (q.kind, q.layer, q.index) == (node.kind, node.layer, node.index) and node.quantity == q
    assert latex_mismatches(d) == []


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_latex_and_plain_forms_are_the_old_ones_byte_for_byte(spec):
    d = derive(spec)
    assert latex_mismatches(d) == []
    assert any("," in Quantity.parse(n).latex for n in names_of(d)) == (max(spec.layers) >= 10)
    for l in range(spec.depth + 1):
        for kind in ("w", "delta", "a", "z", "b") if l else ("a",):
            for t in (False, True):
                assert vector_latex(kind, l, t) == old_vector_latex(kind, l, t)
    assert vector_latex("y", 0) == old_vector_latex("y", 0)


def test_quantity_reads_its_fields_and_general_indices():
    q = Quantity.parse("w10_12_3")
    assert (q.kind, q.layer, q.index) == ("w", 10, (12, 3)) and q.latex == "w^{(10)}_{12,3}"
    assert Quantity.parse("delta2_1") == Quantity("delta", 2, (1,)) and Quantity.parse("E") == Quantity("E")
    assert Quantity("w", "l", ("j", "k")).latex == "w^{(l)}_{jk}"
    assert Quantity.activation(0, 2) == Quantity.parse("x0_2") and Quantity.activation(3) == Quantity("a", 3)
    assert Quantity("w", 2).latex == "W^{(2)}" and Quantity("y").latex == "y"


@pytest.mark.parametrize("name", ["w1_2", "q3", "", "w1_2_1_4", "z0_1", "x1_1", "a01_1", "b1_0", "E_1",
                                  "e1", "delta_1", "w1_2_1 ", 3, None])
def test_bad_names_raise_a_clear_bad_input(name):
    with pytest.raises(BadInput) as err:
        Quantity.parse(name)
    assert isinstance(err.value, ValueError) and repr(name) in str(err.value)


@pytest.mark.parametrize("args", [("q", 1, (1,)), ("w", 1, (1,)), ("e", 1, (1,)), ("z", None, (1,)),
                                  ("z", 0, (1,)), ("b", 1, (0,))])
def test_bad_fields_raise_bad_input(args):
    with pytest.raises(BadInput):
        Quantity(*args)


# ---- Equation and BP1-BP4 ------------------------------------------------------------------------

def test_equation_sides_alignment_and_generalisation():
    eq = Equation(r"\frac{\partial E}{\partial W^{(1)}}", r"\delta^{(1)} \left(x^{(0)}\right)^{T}")
    assert str(eq) == eq.latex == eq.lhs + " = " + eq.rhs and eq.aligned == eq.lhs + " &= " + eq.rhs
    assert eq.generalise({1: "l", 0: "l-1"}).latex == \
        r"\frac{\partial E}{\partial W^{(l)}} = \delta^{(l)} \left(a^{(l-1)}\right)^{T}"
    assert eq.generalise({}) == eq and generalise(eq.latex, {1: "l"}) == eq.generalise({1: "l"}).latex


@pytest.mark.parametrize("spec", SPECS + [NetworkSpec((2, 3, 2), a, l) for a, l in COMBINATIONS], ids=str)
def test_layer_equations_are_the_old_ones_and_generalise_to_bp1_bp4(spec):
    general = general_equations(spec.act.latex, spec.loss_fn.softmax_output)
    for form in matrix_forms(derive(spec)):
        old = old_layer_equations(form)
        assert (form.delta_equation_latex, form.weight_equation_latex, form.bias_equation_latex) == old
        assert (form.delta_equation.latex, form.weight_equation.latex, form.bias_equation.latex) == old
        line = "output" if form.is_output else "hidden"
        labels = generalisation(spec, line, None if form.is_output else form.layer)
        assert form.delta_equation.generalise(labels).latex == general["BP1" if form.is_output else "BP2"]
        weight = form.weight_equation.generalise(generalisation(spec, "weight", form.layer))
        assert weight.latex == r"\frac{\partial E}{\partial W^{(l)}} = \delta^{(l)} \left(a^{(l-1)}\right)^{T}"


def test_general_bp1_bp4_are_the_old_ones_for_every_activation_and_loss():
    assert len(COMBINATIONS) >= 9 and general_mismatches() == []
    for act, loss in COMBINATIONS:
        spec = NetworkSpec((2, 2), act, loss)
        eqs = bp_equations.general_bp(spec.act.latex, spec.loss_fn.softmax_output)
        assert {k: e.latex for k, e in eqs.items()} == old_general_equations(spec.act.latex, spec.loss_fn.softmax_output)


def test_forward_equations_keep_their_sides():
    eq = layer_equations(NetworkSpec((2, 2, 2)), 1)
    assert eq.sum_latex == r"z^{(1)}_{j} = \sum_{k} w^{(1)}_{jk} x^{(0)}_{k} + b^{(1)}_{j}"
    assert (eq.matrix.lhs, eq.matrix.rhs) == ("z^{(1)}", "W^{(1)} x^{(0)} + b^{(1)}")
    assert eq.element_latex[1] == "z^{(1)}_{2} = w^{(1)}_{21} x^{(0)}_{1} + w^{(1)}_{22} x^{(0)}_{2} + b^{(1)}_{2}"


def test_json_writes_every_equation_as_its_latex():
    d = derive()
    data = json.loads(as_json(derivation_dict(d, "w1_1_1")))
    g = d.gradient("w1_1_1")
    assert data["parameters"][0]["chain_rule_latex"] == g.chain_rule_latex
    assert data["parameters"][0]["delta_form_latex"] == g.delta_form_latex
    assert data["equations"] == old_general_equations()
    assert data["matrix_form"][0]["delta_equation_latex"] == matrix_forms(d)[0].delta_equation_latex


@pytest.mark.parametrize("module", [quantity, equation, bp_equations])
def test_docstring_examples(module):
    import doctest
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_the_core_exports_them():
    import backprop_core
    assert backprop_core.Quantity is Quantity and backprop_core.Equation is Equation
    assert backprop_core.general_bp is bp_equations.general_bp


# ---- planted bugs ---------------------------------------------------------------------------------

def test_a_formatter_that_swaps_j_and_k_is_caught(monkeypatch):
    d = derive(NetworkSpec((2, 3, 2)))
    monkeypatch.setattr(quantity, "_indices", lambda index: "".join(str(i) for i in reversed(index)))
    bad = latex_mismatches(d)
    assert bad and all(Quantity.parse(n).kind == "w" for n in bad) and "w1_1_1" not in bad
    assert "w1_2_1" in bad


def test_a_name_writer_that_drops_an_index_is_caught(monkeypatch):
    d = derive(NetworkSpec((2, 2, 2)))
    monkeypatch.setattr(Quantity, "__str__", lambda q: f"{q.kind}{q.layer or ''}_{q.index[0] if q.index else ''}")
    assert "w1_2_1" in round_trip_failures(d)


def test_swapped_general_superscripts_are_caught(monkeypatch):
    real = bp_equations.layer_labels
    monkeypatch.setattr(bp_equations, "layer_labels",
                        lambda line, depth, hidden: {k: v.replace("l+1", "l") if "+" in v else v.replace("l", "l+1")
                                                     for k, v in real(line, depth, hidden).items()})
    assert len(general_mismatches()) == len(COMBINATIONS)
