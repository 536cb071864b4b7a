"""The recipes of docs/architecture.md, followed in a temporary copy as a newcomer would.

"A new activation" says: one ``Activation`` record in ``backprop_core/network/activations.py``.
The test adds softplus (f = log(1 + e^z), f' = σ) to a copy of the packages exactly so, then runs
``backprop check`` there: the symbolic derivation, NumPy backprop, central finite differences and
torch must agree, and a record with a wrong derivative must be caught.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SOFTPLUS = '''    "softplus": Activation(
        "softplus", r"\\mathrm{softplus}", lambda z: sp.log(1 + sp.exp(z)), sigma,
        lambda z: np.logaddexp(0.0, z), {np_prime}, lambda torch: torch.nn.functional.softplus,
    ),
'''


def recipe_step(architecture: str) -> str:
    """The recipe's text, so the test fails when the document stops saying what it does."""
    start = architecture.index("### A new activation")
    return architecture[start:architecture.index("###", start + 5)]


def copy_with_activation(tmp_path: Path, np_prime: str) -> Path:
    for package in ("backprop", "backprop_core"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "backprop_core" / "network" / "activations.py"
    source = path.read_text(encoding="utf-8")
    anchor = 'ACTIVATIONS = {\n'
    assert anchor in source
    path.write_text(source.replace(anchor, anchor + SOFTPLUS.replace("{np_prime}", np_prime)), encoding="utf-8")
    return tmp_path


def check(copy: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "backprop", "check", "--activation", "softplus",
                           "--layers", "2,3,2", "--json"], cwd=copy, capture_output=True, text=True,
                          env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin", "BACKPROP_LANG": "en"}, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_the_recipe_says_one_record():
    step = recipe_step((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    assert "ACTIVATIONS" in step and "activations.py" in step


def test_a_new_activation_is_one_record(tmp_path):
    report = check(copy_with_activation(tmp_path, "np_sigmoid"))
    assert report["network"]["activation"] == "softplus" and report["ok"] is True
    assert report["max_rel_error"] < 1e-8 and report["numpy_backprop"]["max_rel_error"] < 1e-12
    pytest.importorskip("torch")                    # the optional cross-check ran with the record's torch_f
    assert report["torch"]["max_rel_error"] < 1e-12


def test_a_wrong_derivative_in_the_record_is_caught(tmp_path):
    report = check(copy_with_activation(tmp_path, "np.tanh"))      # planted: f' is not σ
    assert report["ok"] is False
