"""``backprop graph``: the JSON contract, readable text, and one clean line for bad input."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    return subprocess.run([sys.executable, "-m", "backprop.cli", "graph", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_seed_000_json_contract():
    proc = run("(a+b)*(b+1)", "--at", "a=2,b=1", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["value"] == 6.0
    assert data["gradient"] == {"a": 2.0, "b": 5.0}
    assert [p["nodes"] for p in data["paths"]["b"]] == [["b", "c", "e"], ["b", "d", "e"]]
    assert [p["product"] for p in data["paths"]["b"]] == [2.0, 3.0]
    assert data["paths"]["a"][0]["factors_latex"] == [r"\frac{\partial e}{\partial c}", r"\frac{\partial c}{\partial a}"]
    assert (data["forward_mode_ops"], data["reverse_mode_ops"]) == (10, 5)
    assert all(isinstance(v, float) for v in data["gradient"].values())


def test_car_price_json():
    data = json.loads(run("unit*count*tax", "--at", "unit=20,count=2,tax=1.1", "--json").stdout)
    assert data["value"] == pytest.approx(44)
    assert data["gradient"] == pytest.approx({"unit": 2.2, "count": 22, "tax": 40})


def test_text_derivation_is_readable():
    proc = run("(a+b)*(b+1)", "--at", "a=2,b=1")
    assert proc.returncode == 0
    for line in ["c = a + b  = 3", "de/dc = d = 2", "[b-c-e] 2 * 1 + [b-d-e] 3 * 1 = 5",
                 "d sends 3 * 1 = 3 to b (pile: 5)", "forward mode 10 (2 sweeps), reverse mode 5 (1 sweep)"]:
        assert line in proc.stdout


@pytest.mark.parametrize("args", [
    ["__import__('os').system('echo hi')", "--at", "a=1"],
    ["a;b", "--at", "a=1,b=2"],
    ["foo(a)", "--at", "a=1"],
    ["(a+b", "--at", "a=1,b=2"],
    ["", "--at", "a=1"],
    ["a+b", "--at", "a=1"],
    ["a+b", "--at", "a=1,b=2,z=3"],
    ["a+b", "--at", "a=nan,b=2"],
    ["a/b", "--at", "a=1,b=0"],
    ["a+b"],
])
def test_bad_input_is_one_line_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("backprop: ")
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert "hi" not in proc.stdout
