"""The usage examples in the core's docstrings are kept true."""
import doctest
import importlib

import pytest

MODULES = ["backprop", "backprop_anim", "backprop_core", "backprop_core.i18n", "backprop_core.network.spec",
           "backprop_core.notation", "backprop_core.network.graph", "backprop_core.network.derivation",
           "backprop_core.network.matrix_form", "backprop_core.network.counts", "backprop_anim.mobjects.layout",
           "backprop_anim.pipeline.cache", "backprop_anim.pipeline.deck", "backprop_core.functions",
           "backprop_anim.pipeline.tex_pool", "backprop_anim.pipeline.settings", "backprop_anim.pipeline.export",
           "backprop_core.expr.layout", "backprop_core.reports.notebook", "backprop_core.reports.expr_notebook",
           "backprop_core.lazy", "backprop_core.settings", "backprop_core.languages", "backprop_core.pseudo"]


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
