"""forward.py: the lecture's forward-pass equations and numbers, checked independently in NumPy."""
import numpy as np
import pytest

from backprop_core.network.example import Example
from backprop_core.network.forward import (forward_numbers, format_number, generalisation, generalise,
                                   hadamard_example, layer_equations, vectorised_example)
from backprop_core.network.derivation import derive
from backprop_core.network.matrix_form import general_equations, matrix_forms
from backprop_core.network.spec import NetworkSpec

SPECS = [NetworkSpec((2, 2, 2)), NetworkSpec((2, 3, 2), "tanh", "mse"),
         NetworkSpec((2, 2, 2), "sigmoid", "bce"), NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce"),
         NetworkSpec((4, 1, 3), "identity", "softmax_ce")]


def numpy_forward(example):
    """Independent forward pass: z = W a + b, a = f(z), softmax at a softmax output."""
    acts = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
            "relu": lambda z: np.maximum(z, 0), "identity": lambda z: z}
    spec, a, out = example.spec, np.asarray(example.x, float), []
    for l, (W, b) in enumerate(zip(example.weights, example.biases), 1):
        z = W @ a + b
        if l == spec.depth and spec.loss == "softmax_ce":
            a = np.exp(z) / np.exp(z).sum()
        else:
            a = acts[spec.activation](z)
        out.append((z, a))
    return out


def test_seed_004_examples():
    v = vectorised_example()
    assert v.operands == [[2, 3]] and v.result == [4, 9] and v.written == ["f(2)", "f(3)"]
    assert v.definition_latex == "f(x) = x^{2}"
    h = hadamard_example()
    assert h.operands == [[1, 2], [3, 4]] and h.result == [3, 8] and h.operator_latex == r"\odot"
    assert hadamard_example((2, -1, 5), (3, 4, 0)).result == [6, -4, 0]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
@pytest.mark.parametrize("seed", [0, 7])
def test_forward_numbers_match_numpy(spec, seed):
    example = Example.random(spec, seed=seed)
    got = forward_numbers(spec, example)
    for layer, (z, a) in zip(got.layers, numpy_forward(example)):
        np.testing.assert_allclose(layer.z, z, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(layer.a, a, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(layer.weights, example.weights[layer.layer - 1])
        np.testing.assert_allclose(layer.biases, example.biases[layer.layer - 1])
    np.testing.assert_allclose(got.layers[0].inputs, example.x)
    for l in range(2, spec.depth + 1):
        assert got.layer(l).inputs == got.layer(l - 1).a
    assert got.node_values["a%d_1" % spec.depth] == got.layers[-1].a[0]


def test_forward_numbers_default_to_the_lecture_example_and_match_core_evaluation():
    from backprop_core.network.numeric import evaluate
    spec = SPECS[0]
    got = forward_numbers(spec)
    ev = evaluate(derive(spec), Example.lecture(spec))
    for name, value in got.node_values.items():
        assert value == pytest.approx(ev.node_values[name], rel=1e-12), name


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_layer_equations_have_every_term(spec):
    for l in range(1, spec.depth + 1):
        eq = layer_equations(spec, l)
        rows, cols = spec.layers[l], spec.layers[l - 1]
        assert len(eq.element_latex) == rows and len(eq.weights) == rows and len(eq.weights[0]) == cols
        for j, line in enumerate(eq.element_latex):
            assert line.startswith(eq.z[j] + " = ")
            assert all(w in line for w in eq.weights[j]) and all(a in line for a in eq.inputs)
            assert line.endswith(eq.biases[j])
        softmax = l == spec.depth and spec.loss == "softmax_ce"
        assert ("softmax" in eq.activation_latex) == softmax
        assert eq.matrix_latex == f"z^{{({l})}} = W^{{({l})}} {'x' if l == 1 else 'a'}^{{({l - 1})}} + b^{{({l})}}"
    with pytest.raises(ValueError):
        layer_equations(spec, 0)


def test_format_number():
    assert format_number(0.5) == "0.5" and format_number(-1.234) == "-1.23" and format_number(-0.0) == "0"
    assert format_number(1.1189) == "1.12"


def test_generalise_turns_the_2_2_2_equations_into_bp1_bp2():
    spec = SPECS[0]
    out, hid = matrix_forms(derive(spec))
    general = general_equations(spec.act.latex)
    assert generalise(out.delta_equation_latex, generalisation(spec, "output")) == general["BP1"]
    assert generalise(hid.delta_equation_latex, generalisation(spec, "hidden")) == general["BP2"]
    assert generalise(hid.weight_equation_latex, generalisation(spec, "weight")) == \
        r"\frac{\partial E}{\partial W^{(l)}} = \delta^{(l)} \left(a^{(l-1)}\right)^{T}"
    deep = SPECS[3]
    forms = matrix_forms(derive(deep))
    assert generalise(forms[1].delta_equation_latex, generalisation(deep, "hidden")) == \
        general_equations(deep.act.latex, True)["BP2"]
    with pytest.raises(ValueError):
        generalisation(spec, "nope")


def test_forward_docstring_examples_and_no_manim():
    import doctest
    import subprocess
    import sys
    import backprop_core.network.forward as forward
    result = doctest.testmod(forward)
    assert result.attempted > 0 and result.failed == 0
    code = "import sys, backprop_core.network.forward; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
