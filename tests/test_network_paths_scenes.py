"""The path scenes construct for several networks, trace every edge, and keep everything on screen."""
import importlib
import logging
import re
import sys
from pathlib import Path

import pytest
from manim import logger

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.mobjects.path_highlight import (PathHighlight, chain_rule_lines, delta_sum_lines, delta_terms,
                                          factor_kind)
from backprop_core import NetworkSpec, derive
from backprop_core.notation import plain_of_name
from tests.scene_runs import construct
from tests.section_ends import end_frame_problems

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scenes"))
logger.setLevel(logging.WARNING)

SPECS = {
    "2-2-2_sigmoid_mse": ("2,2,2", "sigmoid", "mse"),
    "2-3-2_tanh_mse": ("2,3,2", "tanh", "mse"),
    "2-2-2_sigmoid_bce": ("2,2,2", "sigmoid", "bce"),
    "3-2-2-2_relu_softmax_ce": ("3,2,2,2", "relu", "softmax_ce"),
    "4-3-3_tanh_mse": ("4,3,3", "tanh", "mse"),
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
    ("FirstLayerPaths", "4-3-3_tanh_mse"),      # three paths per weight, twelve weights: traced one, listed the rest
]
SLOW = {("FinalLayerPaths", "2-3-2_tanh_mse")}   # constructing it takes > 20 s on 2 cores (docs/testing.md)


def run_scene(monkeypatch, scene_name, spec_key, lang="en"):
    """The scene after a dry run (no frames written) for one network, built once per test process."""
    layers, act, loss = SPECS[spec_key]
    scene = construct("network_paths", scene_name, layers=layers, activation=act, loss=loss, lang=lang)
    scene.lang = lang
    return scene


@pytest.fixture
def scene_run(monkeypatch, request):
    return run_scene(monkeypatch, *request.param)


# Chinese on the lecture's network for every scene, and on the deepest one where paths add up
ZH_CASES = [c for c in CASES if c[1] == "2-2-2_sigmoid_mse"] + [("FirstLayerPaths", "3-2-2-2_relu_softmax_ce")]


@pytest.mark.parametrize("scene_run", [pytest.param(c + (lang,), marks=[pytest.mark.slow] if c in SLOW else [])
                                       for lang in ("en", "zh") for c in CASES if lang == "en" or c in ZH_CASES],
                         indirect=True,
                         ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_scene_constructs_traces_and_stays_in_frame(scene_run):
    scene = scene_run
    assert scene.renderer.time > 5, "a beat should last a while"
    assert scene.renderer.time < 120, "a scene paced for reading stays under two minutes"
    assert scene.record.checkpoints, "the scene recorded its key moments"
    for moment, boxes in scene.record.checkpoints:
        assert not off_frame(boxes), f"{moment}: something leaves the frame"
        assert not overlapping_pairs(boxes), f"{moment}: two things overlap"
    for trace in scene.record.traces:   # one highlight step per edge of the core's path: nothing missing
        assert trace["steps"] == trace["edges"]
    assert scene.renderer.file_writer.subcaptions, "narration for the .srt"
    problems = end_frame_problems(scene)
    assert not problems, problems
    traced = list(dict.fromkeys(t["gradient"] for t in scene.record.traces))
    names = [e.name for e in scene.section_ends]
    if scene.lang == "en":
        assert [n for n in names if n.startswith("Trace ")] == [f"Trace {plain_of_name(g)}" for g in traced]
    if scene.lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", s.content) for s in scene.renderer.file_writer.subcaptions)
    times = [(s.start, s.end) for s in scene.renderer.file_writer.subcaptions]
    assert all(a < b for a, b in times), "every subtitle lasts a while"


def test_final_layer_beats_are_its_traced_weights(monkeypatch):
    """What ``manim render --save_sections`` names the final-layer beats (the presenter lists them)."""
    final = run_scene(monkeypatch, "FinalLayerPaths", "2-2-2_sigmoid_mse")
    assert [e.name for e in final.section_ends] == ["Trace w^(2)_11", "Trace w^(2)_12", "Trace w^(2)_21",
                                                      "Trace w^(2)_22"]
    first = run_scene(monkeypatch, "FirstLayerPaths", "4-3-3_tanh_mse")
    assert [e.name for e in first.section_ends] == ["Trace w^(1)_11", "Other weights of layer 1"]


def test_crowded_network_labels_only_what_can_be_read():
    """4-3-3: twelve first-layer labels would be ~9 px tall at 480p; only the traced weight keeps
    its label, at a legible size, clear of every node (the rest are listed by the scene's table)."""
    from backprop_anim.kit import network as paths
    from backprop_anim.mobjects.network_diagram import min_tex_font
    dg = NetworkDiagram(derive(NetworkSpec((4, 3, 3), "tanh"))).fit_in(paths.DIAGRAM)
    assert min(t.font_size for t in dg.weight_labels.values()) < min_tex_font()   # the problem
    dg.keep_weight_labels(["w1_1_1"])
    assert list(dg.weight_labels) == ["w1_1_1"] and len(dg.hidden_labels) == 20
    label = dg.weight_labels["w1_1_1"]
    assert label.font_size >= min_tex_font() - 1e-6
    assert not overlapping_pairs(list(dg.nodes.values()) + [label])
    w_to_z = dg.edge("w1_1_1", "z1_1")          # the unlit part of the line starts at the label
    assert abs(w_to_z.get_start() - label.get_center()).max() < 1e-6


def test_lecture_order_and_descriptions():
    module = importlib.import_module("network_paths")
    order = [e.cls for e in __import__("backprop_anim.pipeline.lecture", fromlist=["x"]).lecture_scenes() if e.module == "network_paths"]
    assert order == ["NetworkSetup", "FinalLayerPaths", "FirstLayerPaths", "BiasGradient"]
    for name in order:
        doc = getattr(module, name).__doc__.strip().splitlines()[0]
        assert 10 < len(doc) < 120


def test_default_network_traces_every_weight(monkeypatch):
    """2-2-2: all 4 final-layer and all 4 first-layer weights traced, and at least one bias."""
    final = run_scene(monkeypatch, "FinalLayerPaths", "2-2-2_sigmoid_mse")
    first = run_scene(monkeypatch, "FirstLayerPaths", "2-2-2_sigmoid_mse")
    assert {t["gradient"] for t in final.record.traces} == {"w2_1_1", "w2_1_2", "w2_2_1", "w2_2_2"}
    assert {t["gradient"] for t in first.record.traces} == {"w1_1_1", "w1_1_2", "w1_2_1", "w1_2_2"}
    assert len(first.record.traces) == 8      # two paths each


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
