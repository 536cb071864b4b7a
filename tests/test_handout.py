"""``backprop handout``: every derived gradient is in it, the numbers are the core's, equations fit."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_core import NetworkSpec, derive, evaluate, Example
from backprop_core.network import numeric
from backprop_core.network.check import gradient_table
from backprop_core.network.cost import gradient_cost
from backprop_core.reports.handout import (_width, as_latex, as_markdown, break_equation, handout_data, lecture_order,
                                          matrix_problems, reader_problems)

ROOT = Path(__file__).resolve().parent.parent
SPEC = NetworkSpec((2, 2, 2), "sigmoid", "mse")


def run(*args, env_extra=None, cwd=ROOT):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "backprop.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def data():
    return handout_data(SPEC)


def chain_terms(equation) -> list[str]:
    """The path products of ``lhs = p1 + p2 + ...`` (2-2-2 products never need splitting)."""
    return [t.strip() for t in equation.rhs.split(" + ")]


@pytest.mark.parametrize("render", [as_markdown, as_latex])
def test_every_gradient_with_its_delta_form_and_the_bp_equations(data, render):
    text = render(data)
    d = derive(SPEC)
    assert len(d.gradients) == 12
    for g in d.gradients.values():
        assert g.parameter.latex in text and g.delta_form_equation.rhs in text
    for t in d.deltas.values():
        assert t.recursive_equation.rhs in text
    for bp in ("BP1", "BP2", "BP3", "BP4"):
        assert bp in text
    assert reader_problems(text) == []


def test_the_handout_follows_the_lecture_scene_by_scene(data):
    import ast
    tree = ast.parse((ROOT / "scenes" / "outline.py").read_text())
    lecture = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                   and n.targets[0].id == "LECTURE")
    assert lecture_order(data) == lecture


def test_matrices_are_never_cut_by_a_line_break(data):
    assert matrix_problems(as_latex(data)) == []
    wide = r"W \leftarrow " + r" + ".join([r"\begin{bmatrix}0.123 & 0.456 \\ 0.789 & 0.321\end{bmatrix}"] * 6)
    from backprop_core.reports.handout.breaking import display_lines
    lines = display_lines(wide, budget=20)
    assert len(lines) > 1 and matrix_problems(" \\\\\n".join(lines)) == []
    # planted: the old cut (the display's row break inside the matrix) is seen
    cut = r"\begin{bmatrix} \frac{a}{b} \\ &\quad \frac{c}{d} & e \end{bmatrix}"
    assert matrix_problems(cut)


def test_a_planted_ascii_name_or_hedged_plural_is_caught():
    assert reader_problems(r"gradient of w1_1_1 is") and reader_problems("2 path(s)")
    assert reader_problems("z2_1 and delta1_2") and not reader_problems(r"$w^{(1)}_{11}$, 2 paths, x_1")


def test_numeric_table_holds_the_cores_numbers(data):
    text = as_markdown(data)
    table = gradient_table(Example.random(SPEC, 0))
    for r in table.rows:
        row = next(l for l in text.splitlines() if l.startswith(f"| ${r.latex}$ | ") and "e-" in l.split("|")[-2])
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[1]) == pytest.approx(r.symbolic, rel=1e-9)
        assert float(cells[2]) == pytest.approx(r.finite_difference, rel=1e-9)
    assert "all agree" in text
    c = gradient_cost(SPEC)
    assert f"4P = {c.richardson} forward passes" in text


def test_long_sums_are_broken_into_lines_that_fit():
    d = derive(NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce"))
    g = d.gradient("w1_1_1")
    lines = break_equation(g.chain_rule())
    assert len(lines) == len(g.paths) == 8
    assert lines[0].startswith(g.lhs_latex + " &= ")
    assert all(l.startswith(r"&\quad ") for l in lines[1:])
    joined = " ".join(l.split("&", 1)[1].removeprefix("=").removeprefix(r"\quad") for l in lines)
    assert joined.split() == g.chain_rule().rhs.split()
    for term in lines[1:]:
        assert _width(term) < 60


def test_cost_counts_match_the_real_finite_difference_calls(monkeypatch):
    spec = NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce")
    calls = []
    real = numeric.numpy_loss
    monkeypatch.setattr(numeric, "numpy_loss", lambda *a: calls.append(1) or real(*a))
    numeric.finite_differences(Example.random(spec, 1))
    c = gradient_cost(spec)
    assert len(calls) == c.richardson == 4 * c.parameters == 4 * 20


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
@pytest.mark.parametrize("layers, act, loss", [("2,2,2", "sigmoid", "mse"), ("3,2,2,2", "relu", "softmax_ce"),
                                                ("2,2,2,2,2,2", "tanh", "mse")])
def test_pdf_compiles_without_anything_running_off_the_page(tmp_path, layers, act, loss):
    out = tmp_path / "h.pdf"
    proc = run("handout", "--layers", layers, "--activation", act, "--loss", loss, "--format", "pdf",
               "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF")
    tex = tmp_path / "h.tex"
    assert run("handout", "--layers", layers, "--activation", act, "--loss", loss, "--format", "latex",
               "--output", str(tex)).returncode == 0
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                   capture_output=True, timeout=300)
    log = (tmp_path / "h.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log


def test_pdf_without_pdflatex_is_one_line(tmp_path):
    proc = run("handout", "--format", "pdf", "--output", str(tmp_path / "x.pdf"), env_extra={"PATH": str(tmp_path)})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "pdflatex" in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("args", [["--format", "doc"], ["--layers", "2"], ["--loss", "hinge"], ["--seed", "x"]])
def test_bad_handout_options_exit_2(args):
    proc = run("handout", *args)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert re.match(r"backprop: ", proc.stderr) and "Traceback" not in proc.stderr


def test_handout_and_cost_are_pure_python_and_documented():
    import doctest
    import backprop_core.network.cost
    assert doctest.testmod(backprop_core.network.cost).failed == 0
    code = ("import sys, backprop_core.reports.handout, backprop.handout, backprop_core.network.cost; "
            "print('manim' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---- the PDFs, built once per language for this file --------------------------------------------

HEADINGS = {"en": ["Notation and definitions", "Chain rule: buying two cars", "Forward mode vs reverse mode",
                   "The network", "Why δ saves work", "Local backward rules", "Is the derivation right?",
                   "Parameter update", "The backpropagation algorithm", "Recap: from the chain rule to learning",
                   "Sources"]}


def _pdf_text(lang, tmp_path_factory) -> str:
    from backprop.handout import pdf_problem
    if pdf_problem(lang):
        pytest.skip(f"no TeX for a {lang} PDF")
    out = tmp_path_factory.mktemp(f"pdf-{lang}") / "h.pdf"
    proc = run("handout", "--format", "pdf", "--lang", lang, "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    return subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=["en", "zh"])
def pdf_text(request, tmp_path_factory):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return request.param, _pdf_text(request.param, tmp_path_factory)


def test_pdf_reads_as_a_reader_writes(pdf_text):
    lang, text = pdf_text
    assert reader_problems(text) == [], lang
    assert "(s)" not in text


def test_pdf_sections_in_the_lecture_order(pdf_text):
    lang, text = pdf_text
    if lang != "en":
        pytest.skip("headings checked in English; the order is the same code")
    import unicodedata
    lines = [" ".join(unicodedata.normalize("NFKC", l).split()) for l in text.splitlines()]
    where = [lines.index(h) if h in lines else -1 for h in HEADINGS["en"]]
    assert -1 not in where and where == sorted(where), list(zip(HEADINGS["en"], where))


def test_pdf_gradient_values_are_the_tables(pdf_text):
    _lang, text = pdf_text
    for r in gradient_table(Example.random(SPEC, 0)).rows:
        assert f"{r.symbolic:.10g}".replace("-", "−") in text or f"{r.symbolic:.10g}" in text, r.name
