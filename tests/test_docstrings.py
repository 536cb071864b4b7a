"""The usage examples in the core's docstrings are kept true."""
import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def modules_with_examples() -> list[str]:
    """Every module of the three packages whose source holds a ``>>>`` example (none is skipped)."""
    names = []
    for package in ("backprop", "backprop_core", "backprop_anim"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if ">>> " in path.read_text(encoding="utf-8"):
                parts = path.relative_to(ROOT).with_suffix("").parts
                names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = modules_with_examples()


def test_the_examples_are_found():
    assert {"backprop_core.notation", "backprop_core.functions", "backprop_anim.pipeline.cache"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


def test_core_never_imports_manim():
    import subprocess
    import sys
    code = ("import sys, backprop.cli, backprop_core.network.derivation, backprop_core.network.numeric, "
            "backprop_core.network.check, backprop_core.reports.derivation_report, backprop_core.network.proof; "
            "print('manim' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
