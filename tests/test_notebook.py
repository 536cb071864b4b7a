"""Jupyter: the core's rich display (Markdown, LaTeX, SVG), ``backprop_anim.notebook.show`` and
docs/notebook.ipynb executed by a real kernel (the venv's Python), outputs checked; the checks
are shown to catch planted faults."""
import base64
import copy
import dataclasses
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backprop_core import BadInput, NetworkSpec, build_graph, derive, matrix_forms
from backprop_core.reports import expr_notebook as graph_report
from backprop_core.reports import notebook as nbreport

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
SVG_NS = "{http://www.w3.org/2000/svg}"
GRAPH_NAMES = ["a", "b", "c", "d", "e"]

# Known results, written out by hand: Nielsen's BP4 on the 2-2-2 network, Olah's e = (a+b)(b+1) at a=2, b=1.
W2_11 = r"\frac{\partial E}{\partial w^{(2)}_{11}}"
W2_11_DELTA = r"&= \delta^{(2)}_{1} a^{(1)}_{1}"
W1_11_DELTA = r"&= \delta^{(1)}_{1} x^{(0)}_{1}"
DE_DB = r"\frac{\partial e}{\partial b} = 2 \cdot 1 + 3 \cdot 1 = 5"


# ---- the checks, used on the reprs, on the executed notebook and on planted faults -----------------

def check_derivation_output(data: dict) -> None:
    """A derivation cell's output: BP1-BP4 and δ forms, in Markdown or LaTeX."""
    text = data.get("text/markdown", "") or data.get("text/latex", "")
    assert text, f"no text/markdown or text/latex among {sorted(data)}"
    for name in ("BP1", "BP2", "BP3", "BP4"):
        assert name in text, f"{name} missing"
    assert r"\delta^{(L)} = \nabla_{a} E" in text.replace("&", ""), "BP1 is not written with δ"
    assert W1_11_DELTA in text, "the δ form of w^(1)_11 is missing"


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)           # raises on text that is not well-formed XML
    assert root.tag == f"{SVG_NS}svg", root.tag
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def check_graph_svg(svg: str, names=GRAPH_NAMES) -> None:
    texts = svg_texts(svg)
    for name in names:
        assert name in texts, f"node {name!r} not drawn"
    assert "∂e/∂c = d = 2" in texts and "∂e/∂d = c = 3" in texts, "edge partials missing"


def check_video(data: dict, base: Path) -> None:
    """An HTML5 video: <video> with an embedded mp4 (or the path of one that exists)."""
    html = data.get("text/html", "")
    assert "<video" in html, "no <video> element"
    src = re.search(r'src="([^"]+)"', html)
    assert src, "the video has no source"
    if src.group(1).startswith("data:video/mp4;base64,"):
        mp4 = base64.b64decode(src.group(1).split(",", 1)[1])
        assert mp4[4:8] == b"ftyp" and len(mp4) > 10_000, "the embedded data is not an mp4"
    else:
        assert (base / src.group(1)).is_file(), f"{src.group(1)} does not exist"


# ---- the reprs, called directly -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def d222():
    return derive(NetworkSpec((2, 2, 2), "sigmoid", "mse"))


def test_derivation_markdown_is_short_and_has_the_key_result(d222):
    md = d222._repr_markdown_()
    check_derivation_output({"text/markdown": md})
    assert md.startswith("**Backpropagation in a 2-2-2 network** (sigmoid, mse): 12 parameters")
    assert "proven equal to its sum over paths" in md
    # the gradient of a known parameter, with its value: one path, four factors, then δ^(2)_1 a^(1)_1
    path = r" ".join([r"\frac{\partial E}{\partial e_{1}}", r"\frac{\partial e_{1}}{\partial a^{(2)}_{1}}",
                      r"\frac{\partial a^{(2)}_{1}}{\partial z^{(2)}_{1}}", r"\frac{\partial z^{(2)}_{1}}{\partial w^{(2)}_{11}}"])
    assert f"{W2_11} &= {path} \\\\\n{W2_11_DELTA}" in md
    assert "2 paths to $E$" in md and r"\frac{\partial E}{\partial b^{(1)}_{1}} = \delta^{(1)}_{1}" in md
    assert len(md.splitlines()) < 40, "a notebook cell shows the key result, not pages"
    assert repr(d222).startswith("<backprop_core.network.derivation.Derivation object at")   # plain repr unchanged


def test_a_deep_network_stays_short():
    md = derive(NetworkSpec((4, 4, 4, 4, 4)))._repr_markdown_()
    assert "64 paths to $E$, the first 2 written out" in md and r"\cdots" in md
    assert len(md) < 6000


def test_derivation_latex_is_one_balanced_display(d222):
    tex = d222._repr_latex_()
    assert tex.startswith("$$\\begin{aligned}") and tex.endswith("\\end{aligned}$$")
    assert tex.count("{") == tex.count("}") and tex.count(r"\left") == tex.count(r"\right")
    assert W1_11_DELTA in tex and all(f"({k})" in tex for k in ("BP1", "BP2", "BP3", "BP4"))


def test_matrix_form_reprs(d222):
    out, hidden = matrix_forms(d222)
    md = out._repr_markdown_()
    assert "(BP1)" in md and r"\odot" in md
    assert r"\begin{bmatrix} a^{(2)}_{1} - y_{1} \\ a^{(2)}_{2} - y_{2} \end{bmatrix}" in md
    assert (r"\begin{bmatrix} \delta^{(2)}_{1} a^{(1)}_{1} & \delta^{(2)}_{1} a^{(1)}_{2} \\ "
            r"\delta^{(2)}_{2} a^{(1)}_{1} & \delta^{(2)}_{2} a^{(1)}_{2} \end{bmatrix}") in md
    md = hidden._repr_markdown_()
    assert "(BP2)" in md and r"\left(W^{(2)}\right)^{T}" in md
    assert r"w^{(2)}_{11} \delta^{(2)}_{1} + w^{(2)}_{21} \delta^{(2)}_{2}" in md   # a row of (W^(2))^T δ^(2)
    assert hidden._repr_latex_().startswith("$$\\begin{aligned}")
    wide = matrix_forms(derive(NetworkSpec((7, 2, 2))))[1]._repr_markdown_()
    assert "bmatrix" not in wide and "too large to write out" in wide


def test_graph_markdown_has_the_sum_over_paths():
    md = build_graph("(a+b)*(b+1)", "a=2,b=1")._repr_markdown_()
    assert DE_DB in md and r"\frac{\partial e}{\partial a} = 2 \cdot 1 = 2" in md
    assert r"$\frac{\partial e}{\partial c} = d = 2$" in md and "$e = c \\cdot d = 6$" in md


def test_graph_svg_is_well_formed_and_readable():
    g = build_graph("(a+b)*(b+1)", "a=2,b=1")
    svg = g._repr_svg_()
    check_graph_svg(svg)
    texts = svg_texts(svg)
    assert "6" in texts and "sum over paths:  ∂e/∂a = 2 · 1 = 2;  ∂e/∂b = 2 · 1 + 3 · 1 = 5" in texts
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}" and 360 <= width <= 900
    boxes = []
    for e in root.iter(f"{SVG_NS}ellipse"):
        cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
        assert rx <= cx <= width - rx and ry <= cy <= height - ry, "a node leaves the picture"
        boxes.append((cx - rx, cy - ry, cx + rx, cy + ry))
    assert len(boxes) == 6 and not any(graph_report._overlap(p, q) for i, p in enumerate(boxes) for q in boxes[i + 1:])
    sizes = {float(t.get("font-size")) for t in root.iter(f"{SVG_NS}text")}
    assert min(sizes) >= 13, "text too small at notebook width"


def test_graph_svg_bends_an_edge_around_a_node_in_its_way():
    """g = e/f with f one layer below e: the edge f -> g would run through e, so it is a curve."""
    root = ET.fromstring(build_graph("x**2*sin(y)/(x-1)", "x=3,y=1")._repr_svg_())
    curves = [p.get("d") for p in root.iter(f"{SVG_NS}path")]
    bent = [d for d in curves if not _is_straight(d)]
    assert len(bent) == 1, f"{len(bent)} of {len(curves)} edges bent: only f -> g crosses a node"


def _is_straight(d: str) -> bool:
    x0, y0, qx, qy, x1, y1 = map(float, re.findall(r"-?\d+(?:\.\d+)?", d))
    cross = (x1 - x0) * (qy - y0) - (y1 - y0) * (qx - x0)
    return abs(cross) / max(1e-9, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5) < 1.0    # control point on the line


def test_svg_escapes_markup_in_names_and_text():
    g = build_graph("(a+b)*(b+1)", "a=2,b=1", op_names=["c<d", "p&q", "top"])
    g = dataclasses.replace(g, text='(a+b)*(b+1) <script>"&"</script>')
    svg = g._repr_svg_()
    texts = svg_texts(svg)
    assert "c<d" in texts and "p&q" in texts and "<script>" not in svg
    assert any('<script>"&"</script>' in t for t in texts) and "&lt;script&gt;" in svg and "&amp;" in svg


# ---- the checks catch planted faults ---------------------------------------------------------------------

def test_a_derivation_repr_without_delta_fails_the_check(d222, monkeypatch):
    real = nbreport.derivation_markdown
    monkeypatch.setattr(nbreport, "derivation_markdown", lambda d: real(d).replace(r"\delta", "d"))
    with pytest.raises(AssertionError, match="δ"):
        check_derivation_output({"text/markdown": d222._repr_markdown_()})


def test_an_svg_without_escaping_fails_the_check(monkeypatch):
    monkeypatch.setattr(graph_report, "escape", lambda text, quote=True: text)
    g = build_graph("(a+b)*(b+1)", "a=2,b=1", op_names=["c<d", "d", "e"])
    with pytest.raises(ET.ParseError):
        check_graph_svg(g._repr_svg_(), ["a", "b"])


def test_the_video_check_catches_a_missing_file_and_a_non_video(tmp_path):
    with pytest.raises(AssertionError, match="does not exist"):
        check_video({"text/html": '<video controls><source src="gone.mp4" type="video/mp4"></video>'}, tmp_path)
    fake = base64.b64encode(b"not a video" * 2000).decode()
    with pytest.raises(AssertionError, match="not an mp4"):
        check_video({"text/html": f'<video><source src="data:video/mp4;base64,{fake}"></video>'}, tmp_path)
    with pytest.raises(AssertionError, match="no <video>"):
        check_video({"text/html": "<p>rendered</p>"}, tmp_path)


# ---- show(): the CLI's checks and lines; IPython only when called ---------------------------------------

BAD = [
    (dict(scene="NoSuchScene"), ["NoSuchScene"]),
    (dict(scene="GradientCheck", quality="x"), ["GradientCheck", "-q", "x"]),
    (dict(scene="GradientCheck", lang="fr"), ["GradientCheck", "--lang", "fr"]),
    (dict(scene="FirstLayerPaths", layers="5,5"), ["FirstLayerPaths", "--layers", "5,5"]),
    (dict(scene="GradientCheck", activation="softplus"), ["GradientCheck", "--activation", "softplus"]),
    (dict(scene="SumOverPaths", expr="x*y", at="x=1"), ["SumOverPaths", "--expr", "x*y", "--at", "x=1"]),
    (dict(scene="SumOverPaths", expr="  "), ["SumOverPaths", "--expr", "  "]),
]


@pytest.mark.parametrize("kwargs, argv", BAD, ids=[" ".join(a) for _, a in BAD])
def test_show_refuses_bad_input_with_the_cli_line(kwargs, argv, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LANG", "en")
    from backprop.cli import main
    from backprop_anim.notebook import show
    from backprop_anim.pipeline import render as pipeline
    monkeypatch.setattr(pipeline.Job, "run", lambda *a, **k: pytest.fail("rendering started"))
    assert main(["render", *argv, "--output", str(tmp_path)]) == 2
    cli_line = capsys.readouterr().err.strip().removeprefix("backprop: ")
    with pytest.raises(BadInput) as exc:
        show(**kwargs, output=tmp_path)
    assert str(exc.value) == cli_line and "\n" not in cli_line
    assert not list(tmp_path.iterdir())


def test_show_wants_one_scene_class(tmp_path):
    from backprop_anim.notebook import show
    with pytest.raises(BadInput, match="name one of NetworkSetup, FinalLayerPaths"):
        show("network_paths", output=tmp_path)


def test_importing_the_notebook_modules_loads_neither_ipython_nor_manim():
    code = ("import sys, backprop_anim.notebook, backprop_core.reports.notebook, backprop_core; "
            "backprop_core.derive()._repr_markdown_(); print('IPython' in sys.modules, 'manim' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# ---- the example notebook, run by a real kernel ------------------------------------------------------------

def _kernel_env(tmp_path: Path, monkeypatch) -> None:
    """A kernel spec "python3" that runs this venv's Python with PYTHONHASHSEED=0, found first
    (JUPYTER_PATH comes before the user's and the system's kernels); IPython's and Jupyter's own
    files go to tmp_path."""
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (backprop-anim .venv)", "language": "python",
        "env": {"PYTHONHASHSEED": "0"}}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("BACKPROP_LANG", "en")
    for name in ("BACKPROP_SCENES_DIR", "BACKPROP_CONFIG", "BACKPROP_THEME"):   # the packaged scenes, as a student has them
        monkeypatch.delenv(name, raising=False)


def _by_id(nb) -> dict:
    return {cell.get("id"): cell for cell in nb.cells}


def _data(cell, kind: str = "execute_result") -> list[dict]:
    return [o["data"] for o in cell.outputs if o["output_type"] == kind]


def test_the_committed_notebook_has_no_outputs_and_cites_by_author_and_title():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "Nielsen, *Neural Networks and Deep Learning*" in text and "Olah, *Calculus on" in text
    assert "seed" not in text.lower()


@pytest.mark.slow       # about 23 s: a kernel, SymPy, and one real (cold) render of the quickest scene
def test_the_example_notebook_runs_in_a_real_kernel(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    _kernel_env(tmp_path, monkeypatch)
    renders = tmp_path / "renders"
    repo_renders = sorted(p.relative_to(ROOT) for p in (ROOT / "renders").rglob("*"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = _by_id(nb)
    cells["parameters"].source = f"output = {str(renders)!r}"          # the parameter cell: never renders/
    nb.cells.append(nbformat.v4.new_code_cell("import os, sys\nprint(sys.executable)\nprint(os.environ['PYTHONHASHSEED'])"))
    started = time.monotonic()
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    seconds = time.monotonic() - started

    executable, hashseed = nb.cells[-1].outputs[0]["text"].split()
    assert Path(executable) == Path(sys.executable) and hashseed == "0"     # the venv's Python ran it

    [derivation] = _data(cells["derivation"])
    check_derivation_output(derivation)
    assert "text/latex" in derivation
    forms = _data(cells["matrix-form"], "display_data")
    assert [("(BP1)" in f["text/markdown"], "(BP2)" in f["text/markdown"]) for f in forms] == [(True, False), (False, True)]
    [graph] = _data(cells["graph"])
    assert DE_DB in graph["text/markdown"]
    check_graph_svg(graph["image/svg+xml"])
    [picture] = _data(cells["graph-svg"])
    check_graph_svg(picture["image/svg+xml"])
    [video] = _data(cells["video"])
    check_video(video, tmp_path)
    assert (renders / "2-2-2_sigmoid_mse" / "480p15" / "18_ParameterUpdate.mp4").is_file()
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "renders").rglob("*")) == repo_renders

    # the same checks fail on planted faults in these very outputs
    planted = copy.deepcopy(derivation)
    planted["text/markdown"] = planted["text/markdown"].replace(r"\delta", "")
    planted.pop("text/latex")
    with pytest.raises(AssertionError):
        check_derivation_output(planted)
    with pytest.raises(ET.ParseError):
        check_graph_svg(picture["image/svg+xml"].replace("</svg>", ""))
    with pytest.raises(AssertionError):
        check_video({"text/html": re.sub(r'src="[^"]+"', 'src="missing.mp4"', video["text/html"])}, tmp_path)

    # a second show() of the same scene is answered from the cache
    from backprop_anim.notebook import show
    again = time.monotonic()
    second = show("ParameterUpdate", output=renders)
    assert time.monotonic() - again < 5
    assert second._repr_html_() == video["text/html"]
    assert seconds < 120, f"the notebook took {seconds:.0f} s"
