"""The path scenes construct for several networks, trace every edge, and keep everything on screen."""
import importlib
import logging
import re
import sys
from pathlib import Path

import pytest
from manim import logger, tempconfig

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.mobjects.path_highlight import (PathHighlight, chain_rule_lines, delta_sum_lines, delta_terms,
                                          factor_kind)
from backprop_core import NetworkSpec, derive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scenes"))
logger.setLevel(logging.WARNING)

SPECS = {
    "2-2-2_sigmoid_mse": ("2,2,2", "sigmoid", "mse"),
    "2-3-2_tanh_mse": ("2,3,2", "tanh", "mse"),
    "2-2-2_sigmoid_bce": ("2,2,2", "sigmoid", "bce"),
    "3-2-2-2_relu_softmax_ce": ("3,2,2,2", "relu", "softmax_ce"),
}
# every scene on the default network, and each other network through the scenes it stresses most
CASES = [(scene, "2-2-2_sigmoid_mse") for scene in
         ("NetworkSetup", "FinalLayerPaths", "FirstLayerPaths", "BiasGradient")] + [
    ("NetworkSetup", "3-2-2-2_relu_softmax_ce"),
    ("FinalLayerPaths", "3-2-2-2_relu_softmax_ce"),
    ("FirstLayerPaths", "3-2-2-2_relu_softmax_ce"),
    ("FinalLayerPaths", "2-3-2_tanh_mse"),
    ("BiasGradient", "2-3-2_tanh_mse"),
    ("FinalLayerPaths", "2-2-2_sigmoid_bce"),
]
_runs = {}


def run_scene(monkeypatch, scene_name, spec_key, lang="en"):
    """Construct the scene in dry-run mode (no frames written) for one network."""
    layers, act, loss = SPECS[spec_key]
    monkeypatch.setenv("BACKPROP_LANG", lang)
    monkeypatch.setenv("BACKPROP_LAYERS", layers)
    monkeypatch.setenv("BACKPROP_ACTIVATION", act)
    monkeypatch.setenv("BACKPROP_LOSS", loss)
    module = importlib.import_module("network_paths")
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none"}):
        scene = getattr(module, scene_name)()
        scene.render()
    return scene


@pytest.fixture
def scene_run(monkeypatch, request):
    key = request.param
    if key not in _runs:
        _runs[key] = run_scene(monkeypatch, *key)
        _runs[key].lang = key[2] if len(key) > 2 else "en"
    return _runs[key]


@pytest.mark.parametrize("scene_run", [c + (lang,) for lang in ("en", "zh") for c in CASES], indirect=True,
                         ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_scene_constructs_traces_and_stays_in_frame(scene_run):
    scene = scene_run
    assert scene.renderer.time > 5, "a beat should last a while"
    assert scene.renderer.time < 75, "a beat should stay under about a minute"
    assert scene.snapshots, "the scene recorded its key moments"
    for moment, boxes in scene.snapshots:
        assert not off_frame(boxes), f"{moment}: something leaves the frame"
        assert not overlapping_pairs(boxes), f"{moment}: two things overlap"
    for trace in scene.traces:   # one highlight step per edge of the core's path: nothing missing
        assert trace["steps"] == trace["edges"]
    assert scene.renderer.file_writer.subcaptions, "narration for the .srt"
    if scene.lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", s.content) for s in scene.renderer.file_writer.subcaptions)
    times = [(s.start, s.end) for s in scene.renderer.file_writer.subcaptions]
    assert all(a < b for a, b in times), "every subtitle lasts a while"


def test_lecture_order_and_descriptions():
    module = importlib.import_module("network_paths")
    assert module.LECTURE_ORDER == ["NetworkSetup", "FinalLayerPaths", "FirstLayerPaths", "BiasGradient"]
    for name in module.LECTURE_ORDER:
        doc = getattr(module, name).__doc__.strip().splitlines()[0]
        assert 10 < len(doc) < 120


def test_default_network_traces_every_weight(monkeypatch):
    """2-2-2: all 4 final-layer and all 4 first-layer weights traced, and at least one bias."""
    final = _runs.get(("FinalLayerPaths", "2-2-2_sigmoid_mse")) or run_scene(monkeypatch, "FinalLayerPaths", "2-2-2_sigmoid_mse")
    first = _runs.get(("FirstLayerPaths", "2-2-2_sigmoid_mse")) or run_scene(monkeypatch, "FirstLayerPaths", "2-2-2_sigmoid_mse")
    assert {t["gradient"] for t in final.traces} == {"w2_1_1", "w2_1_2", "w2_2_1", "w2_2_2"}
    assert {t["gradient"] for t in first.traces} == {"w1_1_1", "w1_1_2", "w1_2_1", "w1_2_2"}
    assert len(first.traces) == 8      # two paths each


SPEC_OBJECTS = [NetworkSpec((2, 2, 2)), NetworkSpec((2, 3, 2), "tanh"), NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce")]


@pytest.mark.parametrize("spec", SPEC_OBJECTS, ids=lambda s: s.slug)
def test_highlight_has_one_step_and_one_factor_per_core_edge(spec):
    d = derive(spec)
    dg = NetworkDiagram(d, weight_labels="none")
    for name in ("w1_1_1", f"w{spec.depth}_1_1", "b1_1"):
        g = d.gradient(name)
        lines, parts = chain_rule_lines(g)
        assert len(lines) == len(g.paths)
        for path, factors in zip(g.paths, parts):
            hl = PathHighlight(dg, path, factors=factors)
            assert len(hl.steps()) == len(path.edges) == len(factors)
            for edge, lit in zip(path.factors, hl.lines):   # lit from target back to source
                drawn = dg.edge(edge.source, edge.target)
                assert (lit.get_start() == drawn.get_end()).all()
        # the lines say exactly the core's chain rule
        joined = " ".join(" ".join(p.tex_string for p in line) for line in lines)
        assert joined.split() == g.chain_rule_latex.split()


def test_delta_naming_collapses_to_one_term_per_next_neuron():
    spec = NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce")
    d = derive(spec)
    g = d.gradient("w1_1_1")
    terms = delta_terms(g.paths, 2)
    assert len(g.paths) == spec.path_count(1) and len(terms) == spec.layers[2]
    lines, parts = delta_sum_lines(g, 2, d)
    assert len(parts) == len(terms)
    assert [p[0].tex_string for p in parts] == [d.deltas[(2, j)].latex for j in (1, 2)]


def test_factor_colour_rule():
    d = derive(NetworkSpec((2, 2, 2)))
    kinds = [factor_kind(e) for e in d.gradient("w1_1_1").paths[0].factors]
    assert kinds == ["e", "a", "z", "a", "z", "w"]
    assert factor_kind(d.graph.edges_from["b1_1"][0]) == "b"
