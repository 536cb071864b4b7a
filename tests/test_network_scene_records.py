"""The core records the network scenes show as formulas: the training example line and the picture's key."""
import re

import pytest

from backprop_core import Example, NetworkSpec, derive, evaluate
from backprop_core.network.example import example_latex
from backprop_core.network.numeric import numpy_loss
from backprop_core.notation import PICTURE_KEY, latex_of_name

SPECS = [NetworkSpec((2, 2, 2)), NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce"), NetworkSpec((2, 3, 2), "tanh")]


def _numbers(tex: str) -> list[float]:
    return [float(t) for t in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?", tex.split(" = ", 1)[1])]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_example_line_states_the_example_and_its_error(spec):
    example = Example.lecture(spec)
    loss = evaluate(derive(spec), example).loss
    (kx, x), (ky, y), (ke, e) = example_latex(example, loss)
    assert (kx, ky, ke) == ("x", "y", "E")
    assert x.startswith(latex_of_name("x0_1").split("_")[0] + " = ") and y.startswith("y = ") and e.startswith("E = ")
    assert _numbers(x) == pytest.approx(list(example.x)) and _numbers(y) == pytest.approx(list(example.y))
    independent = numpy_loss(spec, example.x, example.y, example.weights, example.biases)   # NumPy, not SymPy
    assert _numbers(e) == pytest.approx([independent], rel=5e-3)


def test_picture_key_names_every_kind_the_network_draws():
    d = derive(NetworkSpec((2, 2, 2)))
    kinds = {node.kind for node in d.graph.nodes.values()}
    assert [k for k, _tex, _word in PICTURE_KEY] == ["x", "z", "a", "e", "E", "w", "b"]
    assert {k for k, _tex, _word in PICTURE_KEY} == kinds
    for kind, tex, _word in PICTURE_KEY:      # the key's letter is the letter of that kind's quantities
        name = next(n for n, node in d.graph.nodes.items() if node.kind == kind)
        assert latex_of_name(name).startswith(tex)
