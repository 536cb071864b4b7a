"""Work counts by dynamic programming equal brute-force enumeration; the proof needs no paths."""
import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from backprop_core import notation as n
from backprop_core.network.check import check_example
from backprop_core.network.counts import graph_counts, network_counts
from backprop_core.network.derivation import derive
from backprop_core.network.example import Example
from backprop_core.network.graph import NetworkGraph
from backprop_core.network.numeric import numpy_backprop
from backprop_core.network.proof import symbolic_failures
from backprop_core.network.spec import NetworkSpec


def _brute(graph, name):
    paths = graph.paths_to_loss(name)
    factors = sum(sum(1 for e in p if e.local != 1) for p in paths)
    return len(paths), factors


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=2, max_size=4),
       st.sampled_from(["sigmoid", "identity", "relu"]), st.sampled_from(["mse", "softmax_ce"]))
def test_counts_equal_brute_force_enumeration(layers, act, loss):
    spec = NetworkSpec(tuple(layers), act, loss)
    g, counts = NetworkGraph(spec), network_counts(spec)
    for c in counts.layers:
        for name, work in ((n.w_name(c.layer, 1, 1), c.weight_path_sum), (n.b_name(c.layer, 1), c.bias_path_sum)):
            paths, factors = _brute(g, name)
            assert graph_counts(g, name) == (paths, factors)
            assert c.path_count == paths == g.path_count(name) == spec.path_count(c.layer)
            assert work.multiplications == factors - paths and work.additions == paths - 1


def test_delta_counts_by_hand_for_the_lecture_network():
    c = network_counts(NetworkSpec((2, 2, 2)))
    # BP1: 2 products; BP2: (w11 d1 + w21 d2) sigma'(z): 3 products each; BP4: 4 + 4
    assert c.total_delta.multiplications == 2 + 2 * 3 + 4 + 4
    assert c.total_delta.additions == 2
    assert c.multiplications_saved == c.total_path_sum.multiplications - c.total_delta.multiplications > 0


def test_deep_network_counts_paths_without_listing_them():
    d = derive(NetworkSpec((4,) * 8))
    assert len(d.gradients["w1_1_1"].paths) == 4 ** 6
    assert d.graph._paths == {}              # nothing was enumerated
    assert symbolic_failures(d) == []
    assert d.graph._paths == {}              # not even by the proof


def test_planted_bug_in_the_induction_step_is_caught():
    d = derive(NetworkSpec((4, 4, 4, 4)))
    t = d.deltas[(2, 3)]
    d.deltas[(2, 3)] = dataclasses.replace(t, terms=t.terms[:-1])     # one next-layer delta forgotten
    assert symbolic_failures(d) == ["delta2_3"]
    d = derive(NetworkSpec((4, 4, 4, 4)))
    t = d.deltas[(3, 1)]                                              # base case: drop f'(z) from BP1
    d.deltas[(3, 1)] = dataclasses.replace(t, terms=tuple(((c[0],), nxt) for c, nxt in t.terms))
    assert symbolic_failures(d) == ["delta3_1"]
    d = derive(NetworkSpec((4, 4, 4, 4)))
    g = d.gradients["w2_1_3"]                                          # wrong delta for a weight
    d.gradients["w2_1_3"] = dataclasses.replace(g, delta=d.deltas[(2, 2)])
    assert symbolic_failures(d) == ["w2_1_3"]


def test_check_on_a_wide_network_samples_finite_differences_and_compares_all():
    ex = Example.random(NetworkSpec((64, 40, 10), "sigmoid", "softmax_ce"), 3)
    report = check_example(ex, sample=30, seed=5)
    assert report["ok"] and report["unproven"] == []
    fd = report["finite_difference"]
    assert fd["sampled"] == 30 and fd["of"] == 64 * 40 + 40 + 40 * 10 + 10
    assert report["numpy_backprop"]["max_rel_error"] <= 1e-12
    if "torch" in report:
        assert report["torch"]["max_rel_error"] <= 1e-12
    _, gw, _ = numpy_backprop(ex)
    assert np.allclose(report["grad_weights"][0], gw[0], rtol=0, atol=1e-15)
    assert check_example(ex, sample=30, seed=5)["finite_difference"] == fd    # seeded


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "backprop.cli", *args], capture_output=True, text=True)


def test_derive_json_reports_counts_and_truncates_paths():
    proc = _cli("derive", "--layers", "2,3,3,2", "--format", "json", "--max-paths", "4")
    data = json.loads(proc.stdout)
    assert data["proof"] == {"method": "induction over layers", "exact": True, "unproven": []}
    first = data["parameters"][0]
    assert first["path_count"] == 6 and len(first["paths"]) == 4 and first["paths_truncated"]
    assert "4 of 6" in first["note"] and first["chain_rule_latex"].endswith(r"\cdots")
    assert data["counts"] == network_counts(NetworkSpec((2, 3, 3, 2))).to_dict()
    last = data["parameters"][-1]
    assert last["path_count"] == 1 and not last["paths_truncated"] and "note" not in last


def test_derive_counts_table():
    proc = _cli("derive", "--counts")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:3] == ["layer", "params", "paths/param"]
    assert lines[-2].split()[:4] == ["total", "12", "54", "6"]
    assert "saves 38 multiplications" in lines[-1]


@pytest.mark.parametrize("args", [["derive", "--max-paths", "-1"], ["check", "--sample", "0"]])
def test_bad_cap_or_sample_is_one_line_exit_2(args):
    proc = _cli(*args)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize("text, at", [("(a+b)*(b+1)", "a=2,b=1"), ("a*b*c + a*(b+c)", "a=1,b=2,c=3"),
                                      ("(x*y + y)*(x + y*y)", "x=1,y=2")])
def test_expression_graph_path_counts_equal_enumeration(text, at):
    from backprop_core.expr.autodiff import all_paths, path_counts, path_edge_visits
    from backprop_core.expr.graph import build_graph
    g = build_graph(text, at)
    paths = all_paths(g)
    assert path_edge_visits(g) == sum(len(p.edges) for ps in paths.values() for p in ps)
    counts = path_counts([(e.child, e.parent, e) for e in g.edges], g.top)
    assert all(counts[name][0] == len(paths[name]) for name in g.inputs)
