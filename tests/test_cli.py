"""The CLI contract other tools rely on, and one clean line for every kind of bad input."""
import json
import subprocess
import sys

import pytest


def run(*args, check_code=None):
    proc = subprocess.run([sys.executable, "-m", "backprop.cli", *args],
                          capture_output=True, text=True, timeout=300)
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr
    return proc


def assert_bad_input(proc):
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("backprop: ")
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_derive_json_contract_for_the_default_network():
    data = json.loads(run("derive", "--layers", "2,2,2", "--format", "json", check_code=0).stdout)
    assert data["network"]["layers"] == [2, 2, 2]
    params = data["parameters"]
    assert len(params) == 12
    by_name = {p["name"]: p for p in params}
    assert set(by_name) == {f"w{l}_{j}_{k}" for l in (1, 2) for j in (1, 2) for k in (1, 2)} | {
        f"b{l}_{j}" for l in (1, 2) for j in (1, 2)}
    for p in params:
        assert set(p) >= {"name", "latex", "paths", "chain_rule_latex", "delta_form_latex", "path_count"}
        assert p["path_count"] == len(p["paths"]) == (1 if p["name"][1] == "2" else 2)
        assert p["delta_form_proven"] is True
        assert all(path[0] == p["name"] and path[-1] == "E" for path in p["paths"])
    assert by_name["w2_1_1"]["paths"] == [["w2_1_1", "z2_1", "a2_1", "e_1", "E"]]
    assert by_name["w1_1_1"]["paths"][1] == ["w1_1_1", "z1_1", "a1_1", "z2_2", "a2_2", "e_2", "E"]
    assert len(data["deltas"]) == 4 and len(data["matrix_form"]) == 2


@pytest.mark.parametrize("fmt, needle", [("text", "2 paths to E"), ("latex", r"\begin{align*}"),
                                         ("markdown", "# Backpropagation for a 2-2-2 network")])
def test_derive_text_formats(fmt, needle):
    out = run("derive", "--format", fmt, "--param", "w1_1_1", check_code=0).stdout
    assert needle in out and "w^{(1)}_{11}" in out


def test_check_seeded_issue_network_is_ok_to_1e_9():
    data = json.loads(run("check", "--layers", "3,4,2", "--activation", "tanh", "--loss", "mse",
                          "--seed", "7", "--json", check_code=0).stdout)
    assert data["ok"] is True and data["max_rel_error"] <= 1e-9
    assert [len(w) for w in data["grad_weights"]] == [4, 2]
    assert [len(w[0]) for w in data["grad_weights"]] == [3, 4]
    assert [len(b) for b in data["grad_biases"]] == [4, 2]
    assert set(data["finite_difference"]) == {"grad_weights", "grad_biases"}
    assert isinstance(data["loss"], float)


def test_check_spec_file(tmp_path):
    spec = {"layers": [2, 2, 2], "activation": "sigmoid", "loss": "mse", "x": [0.05, 0.10], "y": [0.01, 0.99],
            "weights": [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]], "biases": [[0.35, 0.35], [0.60, 0.60]]}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    data = json.loads(run("check", "--spec", str(path), "--json", check_code=0).stdout)
    # the well-known worked example (Mazur): E = 0.298371109, dE/dw^{(2)}_{11} = 0.082167041
    assert data["loss"] == pytest.approx(0.298371109, abs=1e-9)
    assert data["grad_weights"][1][0][0] == pytest.approx(0.082167041, abs=1e-9)
    assert data["ok"]


def test_check_reports_a_mismatch_with_exit_1(tmp_path):
    # relu exactly at its kink: the gradient (relu'(0) = 0) differs from the two-sided difference
    spec = {"layers": [1, 1, 1], "activation": "relu", "loss": "mse", "x": [1.0], "y": [0.5],
            "weights": [[[1.0]], [[1.0]]], "biases": [[-1.0], [0.0]]}
    path = tmp_path / "kink.json"
    path.write_text(json.dumps(spec))
    proc = run("check", "--spec", str(path), "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["ok"] is False


BAD_SPECS = {
    "malformed": "{not json",
    "not an object": "[1, 2]",
    "missing keys": json.dumps({"layers": [2, 2]}),
    "wrong shape": json.dumps({"layers": [2, 2], "x": [1, 2], "y": [1, 2], "weights": [[[1, 2]]], "biases": [[0, 0]]}),
    "nan": '{"layers": [1, 1], "x": [NaN], "y": [0], "weights": [[[1]]], "biases": [[0]]}',
    "infinity": '{"layers": [1, 1], "x": [1], "y": [0], "weights": [[[Infinity]]], "biases": [[0]]}',
    "string number": json.dumps({"layers": [1, 1], "x": ["1"], "y": [0], "weights": [[[1]]], "biases": [[0]]}),
    "bad layers": json.dumps({"layers": [1, 0], "x": [1], "y": [], "weights": [[]], "biases": [[]]}),
    "bce on tanh": json.dumps({"layers": [1, 1], "activation": "tanh", "loss": "bce", "x": [1], "y": [0],
                               "weights": [[[1]]], "biases": [[0]]}),
}


@pytest.mark.parametrize("name", list(BAD_SPECS))
def test_check_bad_spec_files(tmp_path, name):
    path = tmp_path / "bad.json"
    path.write_text(BAD_SPECS[name])
    assert_bad_input(run("check", "--spec", str(path)))


@pytest.mark.parametrize("args", [
    ["derive", "--layers", "0,2"], ["derive", "--layers", "-1,2"], ["derive", "--layers", "2.5,2"],
    ["derive", "--layers", "2,5000,2"], ["derive", "--layers", ",".join(["2"] * 66)],
    ["derive", "--activation", "swish"], ["derive", "--loss", "hinge"],
    ["derive", "--activation", "relu", "--loss", "bce"], ["derive", "--param", "w9_9_9"],
    ["derive", "--format", "pdf"], ["check", "--spec", "/nonexistent/spec.json"],
    ["check", "--seed", "x"], ["frobnicate"], [],
])
def test_bad_arguments_exit_2_with_one_line(args):
    assert_bad_input(run(*args))
