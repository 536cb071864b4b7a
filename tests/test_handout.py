"""``backprop handout``: every derived gradient is in it, the numbers are the core's, equations fit."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_core import NetworkSpec, derive, Example
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
    table = gradient_table(Example.lecture(SPEC))    # the video's numbers
    for r in table.rows:
        # the check table's row: the error as a reader writes it (4.5 x 10^-15), never 4.5e-15
        row = next(l for l in text.splitlines() if l.startswith(f"| ${r.latex}$ | ") and r"\times 10^{" in l.split("|")[-2])
        cells = [c.strip().strip("$") for c in row.strip("|").split("|")]
        assert float(cells[1]) == pytest.approx(r.symbolic, rel=1e-9)
        assert float(cells[2]) == pytest.approx(r.finite_difference, rel=1e-9)
        mantissa, exponent = re.fullmatch(r"([\d.]+) \\times 10\^\{(-?\d+)\}", cells[-1]).groups()
        assert float(mantissa) * 10 ** int(exponent) == pytest.approx(r.error, rel=0.06)
    assert "all agree" in text and not re.search(r"\de-\d", text)
    c = gradient_cost(SPEC)
    assert f"$4P = {c.richardson}$ forward passes" in text


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


# ---- the PDFs: each (network, language) built once for this file -------------------------------

_BUILT: dict = {}


def _built(tmp_path_factory, lang="en", layers="2,2,2", act="sigmoid", loss="mse") -> Path:
    """The PDF of ``backprop handout`` for that network and language, made on first use only."""
    key = (lang, layers, act, loss)
    if key not in _BUILT:
        from backprop.handout import pdf_problem
        if pdf_problem(lang):
            pytest.skip(f"no TeX for a {lang} PDF")
        out = tmp_path_factory.mktemp(f"pdf-{lang}") / "h.pdf"
        proc = run("handout", "--layers", layers, "--activation", act, "--loss", loss, "--format", "pdf",
                   "--lang", lang, "--output", str(out))
        assert proc.returncode == 0, proc.stderr
        assert out.read_bytes().startswith(b"%PDF")
        _BUILT[key] = out
    return _BUILT[key]


@pytest.mark.parametrize("lang, layers, act, loss", [("en", "2,2,2", "sigmoid", "mse"), ("zh", "2,2,2", "sigmoid", "mse"),
                                                      ("en", "3,2,2,2", "relu", "softmax_ce"),
                                                      ("en", "2,2,2,2,2,2", "tanh", "mse")])
def test_pdf_compiles_without_anything_running_off_the_page(tmp_path, tmp_path_factory, lang, layers, act, loss):
    from backprop.handout import latex_engine
    _built(tmp_path_factory, lang, layers, act, loss)
    tex = tmp_path / "h.tex"
    assert run("handout", "--layers", layers, "--activation", act, "--loss", loss, "--format", "latex",
               "--lang", lang, "--output", str(tex)).returncode == 0
    subprocess.run([latex_engine(lang), "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
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


# ---- what the PDFs say -----------------------------------------------------------------------------

HEADINGS = {"en": ["Notation and definitions", "Chain rule: buying two cars", "Forward mode vs reverse mode",
                   "The network", "Why δ saves work", "Local backward rules", "Is the derivation right?",
                   "Parameter update", "The backpropagation algorithm", "Recap: from the chain rule to learning",
                   "Sources"]}


def _pdf_text(lang, tmp_path_factory) -> str:
    out = _built(tmp_path_factory, lang)
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
    for r in gradient_table(Example.lecture(SPEC)).rows:    # the video's numbers
        assert f"{r.symbolic:.10g}".replace("-", "−") in text or f"{r.symbolic:.10g}" in text, r.name


# ---- printing: the expression, tables and matrices as a reader expects them ---------------------

def test_the_expression_is_printed_as_the_lecture_writes_it(data):
    g = data.graph
    assert g.text == "(a+b)*(b+1)" and g.expr_latex == r"\left(a + b\right) \left(b + 1\right)"
    for text in (as_latex(data), as_markdown(data)):
        assert g.expr_latex in text and "*(" not in text and ")*" not in text


def test_matrices_of_derivatives_print_their_fractions_at_full_size(data):
    from backprop_core.reports.handout.latex import _roomy
    tex = as_latex(data)
    grouped = next(l for l in tex.splitlines() if r"\odot \begin{bmatrix}" in l or r"\odot {\renewcommand" in l)
    assert r"\begin{bmatrix} \dfrac{\partial E}" in grouped and r"\arraystretch}{2.4}" in grouped
    numbers = r"\begin{bmatrix}0.63 & 0.83 \\ 0.21 & 0.46\end{bmatrix}"
    assert _roomy(numbers) == numbers                        # a matrix of numbers keeps its height


def test_short_tables_stay_on_a_page_and_long_ones_split_with_their_header():
    from backprop_core.reports.handout.blocks import Table
    from backprop_core.reports.handout.latex import SHORT_TABLE, table
    short = table(Table(("a", "b"), (("$\\frac{1}{2}$", "1"),) * SHORT_TABLE))
    long = table(Table(("a", "b"), (("x", "1"),) * (SHORT_TABLE + 1)))
    assert r"\begin{tabular}{SlSr}" in short and "longtable" not in short and r"$\displaystyle \frac" in short
    assert r"\begin{longtable}{SlSr}" in long and r"\endhead" in long


def test_a_pdf_is_compiled_again_until_its_long_tables_settle(tmp_path):
    from backprop import handout
    count = tmp_path / "runs"
    engine = tmp_path / "fake-tex"
    engine.write_text("#!/bin/sh\necho x >> runs\n[ $(wc -l < runs) -lt 2 ] && echo 'Table widths have changed. Rerun LaTeX.'\n"
                      "exit 0\n")
    engine.chmod(0o755)
    handout._compile(str(engine), tmp_path / "h.tex", tmp_path)
    assert count.read_text().count("x") == 2                 # once more after the rerun request, then done
    engine.write_text("#!/bin/sh\necho x >> runs\necho Rerun\n")
    count.unlink()
    handout._compile(str(engine), tmp_path / "h.tex", tmp_path)
    assert count.read_text().count("x") == handout.MAX_RUNS   # never a loop


def test_each_heading_is_its_scene_s_title():
    """The handout's headings are the scenes' own TITLEs (the core keeps a copy, with symbols set as
    maths, since it never reads scene files; this keeps the copy true), so the handout and the
    presenter's side list agree."""
    from pathlib import Path

    from backprop_core.reports.handout import graph_lecture, learning, network
    from backprop_core.scene_source import scene_source
    titles = {}
    for f in (Path(__file__).resolve().parents[1] / "scenes").glob("*.py"):
        titles.update({c.name: c.title for c in scene_source(f.read_text(encoding="utf-8")).scenes})
    copies = {**graph_lecture.TITLES, **network.TITLES, **learning.TITLES}
    as_read = {name: title.replace("$", "") for name, title in copies.items()}    # "$E$": E set as maths
    assert copies and {name: titles.get(name) for name in copies} == as_read
