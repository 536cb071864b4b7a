"""The network diagram: every core edge drawn, labels never collide or leave the frame."""
import pytest

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from backprop_anim.mobjects.layout import frame_region
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_core import Example, NetworkSpec, derive, evaluate

SPECS = [
    NetworkSpec((2, 2, 2), "sigmoid", "mse"),
    NetworkSpec((2, 3, 2), "tanh", "mse"),
    NetworkSpec((2, 2, 2), "sigmoid", "bce"),
    NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce"),
]
_cache = {}


def diagram(spec, mode="auto"):
    """Built once per spec/mode: MathTex construction is the slow part."""
    if (spec, mode) not in _cache:
        d = derive(spec)
        dg = NetworkDiagram(d, weight_labels=mode)
        dg.set_values(evaluate(d, Example.random(spec, seed=0)).node_values)
        _cache[(spec, mode)] = dg
    return _cache[(spec, mode)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_every_core_edge_and_node_is_drawn(spec):
    dg = diagram(spec)
    for edge in dg.graph.edges:
        assert dg.edge(edge.source, edge.target) is not None
    assert len(dg.edges) == len(dg.graph.edges)
    for name in dg.graph.nodes:
        assert dg.node(name) is not None
    if spec.loss_fn.softmax_output:  # every z^L feeds every a^L
        L, n = spec.depth, spec.layers[-1]
        assert all((f"z{L}_{i}", f"a{L}_{j}") in dg.edges for i in range(1, n + 1) for j in range(1, n + 1))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
@pytest.mark.parametrize("part", ["full", "top", "left"])
def test_labels_fit_region_and_never_overlap(spec, part):
    dg = diagram(spec)
    region = frame_region(part)
    dg.fit_in(region)
    assert dg.width <= region.width + 1e-6 and dg.height <= region.height + 1e-6
    assert not off_frame(dg.labels())
    assert not overlapping_pairs(dg.labels())
    # value labels followed the scaling (they sit right under their node)
    v, node = dg.value_label("z1_1"), dg.node("z1_1")
    assert v.get_top()[1] <= node.get_bottom()[1] and node.get_bottom()[1] - v.get_top()[1] < 0.2


@pytest.mark.parametrize("spec", SPECS[:2] + [NetworkSpec((2, 4, 3), "tanh", "mse")], ids=lambda s: s.slug)
def test_weight_labels_shown_for_lecture_sizes(spec):
    dg = diagram(spec)
    assert not dg.hidden_labels
    assert set(dg.weight_labels) == {n for n in dg.graph.nodes if n.startswith("w")}
    assert dg.label("w1_1_1").tex_string == r"w^{(1)}_{11}"
    assert dg.label("z1_2").tex_string == r"z^{(1)}_{2}"


def test_crowded_network_hides_or_shrinks_labels_without_overlap():
    spec = NetworkSpec((4, 4, 4))
    auto, every = diagram(spec, "auto"), diagram(spec, "all")
    assert auto.hidden_labels and not auto.weight_labels
    assert auto.node("w1_1_1") is auto.edge("w1_1_1", "z1_1")   # still addressable for paths
    assert not every.hidden_labels and 0 < every.label_scale < 1
    for dg in (auto, every):
        dg.fit_in(frame_region("top"))
        assert not overlapping_pairs(dg.labels())
        assert not off_frame(dg.labels())


def test_no_labels_option_and_unknown_names():
    dg = NetworkDiagram(NetworkSpec((2, 2, 2)), weight_labels="none")
    assert not dg.weight_labels
    with pytest.raises(KeyError):
        dg.edge("x0_1", "E")
    with pytest.raises(KeyError):
        dg.node("z9_9")
    with pytest.raises(ValueError):
        NetworkDiagram(NetworkSpec((2, 2, 2)), weight_labels="some")


def test_light_theme_colours(monkeypatch):
    from backprop_anim.theme import LIGHT
    from manim import ManimColor
    monkeypatch.setenv("BACKPROP_THEME", "light")
    dg = NetworkDiagram(NetworkSpec((2, 1, 1)), weight_labels="none")
    circle = dg.node("z1_1")[0]
    assert ManimColor(circle.get_stroke_color()) == ManimColor(LIGHT["z"])
    assert ManimColor(circle.get_fill_color()) == ManimColor(LIGHT["background"])
