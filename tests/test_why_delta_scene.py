"""WhyDeltaSavesWork shows the core's counts, stays in frame, and sits in the lecture after BP2."""
import importlib
import logging
import sys
from pathlib import Path

import numpy as np
from manim import config, logger, tempconfig

from backprop_anim.pipeline.lecture import lecture_scenes
from backprop_core.network.counts import delta_reuse, network_counts
from backprop_core.network.spec import NetworkSpec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scenes"))
logger.setLevel(logging.WARNING)


def _run(monkeypatch, layers="2,2,2"):
    monkeypatch.setenv("BACKPROP_LAYERS", layers)
    module = importlib.import_module("why_delta")
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none"}):
        scene = module.WhyDeltaSavesWork()
        scene.render()
        w, h = config.frame_width / 2, config.frame_height / 2
        for m in scene.mobjects:
            pts = m.get_all_points()
            if len(pts):
                assert np.all(np.abs(pts[:, 0]) <= w + 1e-6) and np.all(np.abs(pts[:, 1]) <= h + 1e-6)
    return scene


def test_scene_counts_are_the_cores(monkeypatch):
    scene = _run(monkeypatch)
    spec = NetworkSpec((2, 2, 2))
    reuse = delta_reuse(spec, 1, 1)
    assert scene.record.shown["reuse"] == list(reuse.uses)
    assert scene.record.shown["saved"] == reuse.saved[-1] == 8 + 8 + 6 - 1 - 1 - 3
    totals = network_counts(spec)
    assert scene.record.shown["lecture"] == (totals.total_path_sum.multiplications,
                                             totals.total_delta.multiplications)
    for depth, paths, deltas in scene.record.shown["depth"]:
        c = network_counts(NetworkSpec((4,) * (depth + 1)))
        assert (paths, deltas) == (c.total_path_sum.multiplications, c.total_delta.multiplications)
    assert [w for w, _, _ in scene.record.shown["width"]] == [2, 4, 8, 16, 32, 64]
    assert 5 < scene.renderer.time < 75


def test_scene_is_in_the_lecture_after_the_hidden_layer_matrix_form():
    entries = lecture_scenes()
    assert next(e.kind for e in entries if e.cls == "WhyDeltaSavesWork") == "network"
    names = [e.cls for e in entries]
    assert names.index("WhyDeltaSavesWork") == names.index("HiddenLayerMatrixForm") + 1


def test_scene_on_a_wider_softmax_network_stays_in_frame(monkeypatch):
    monkeypatch.setenv("BACKPROP_ACTIVATION", "relu")
    monkeypatch.setenv("BACKPROP_LOSS", "softmax_ce")
    scene = _run(monkeypatch, "3,4,3")
    spec = NetworkSpec((3, 4, 3), "relu", "softmax_ce")
    assert scene.record.shown["reuse"] == list(delta_reuse(spec, 1, 1).uses)
