import pytest

from backprop_core.errors import BadInput
from backprop_core.network.spec import NetworkSpec


def test_default_is_the_lecture_network():
    spec = NetworkSpec()
    assert (spec.layers, spec.activation, spec.loss, spec.depth) == ((2, 2, 2), "sigmoid", "mse", 2)
    assert spec.slug == "2-2-2_sigmoid_mse"


@pytest.mark.parametrize("layers, message", [
    ("2,0,2", "at least 1"),
    ("2,-1,2", "at least 1"),
    ("2,1.5,2", "whole numbers"),
    ("2", "at least 2 sizes"),
    ("", "whole numbers"),
    ("2,a", "whole numbers"),
    ("2,5000,2", "too wide"),
    (",".join(["2"] * 66), "too deep"),
])
def test_bad_layer_sizes_are_rejected_with_a_reason(layers, message):
    with pytest.raises(BadInput, match=message):
        NetworkSpec.parse(layers)


def test_path_explosion_is_not_rejected_but_memory_is():
    assert NetworkSpec((16,) * 9).path_count(1) == 16 ** 7   # counted, never listed
    with pytest.raises(BadInput, match="too many"):
        NetworkSpec((1000, 1000, 10))


@pytest.mark.parametrize("activation, loss, message", [
    ("softplus", "mse", "unknown 'softplus'"),
    ("sigmoid", "hinge", "unknown 'hinge'"),
    ("tanh", "bce", "bce needs outputs in"),
    ("relu", "bce", "bce needs outputs in"),
])
def test_unknown_or_undefined_pairs_are_rejected(activation, loss, message):
    with pytest.raises(BadInput, match=message):
        NetworkSpec((2, 2), activation, loss)


def test_path_counts_are_products_of_later_widths():
    spec = NetworkSpec((3, 4, 5, 2))
    assert [spec.path_count(l) for l in (1, 2, 3)] == [5 * 2, 2, 1]
    soft = NetworkSpec((3, 4, 5, 2), "relu", "softmax_ce")
    assert [soft.path_count(l) for l in (1, 2, 3)] == [5 * 2 * 2, 2 * 2, 2]
