"""The graph-lecture scenes really run (dry run), stay on screen, don't collide, and show the core's numbers."""
import importlib.util
import os
import re

import pytest
from manim import Text

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from tests.scene_runs import construct
from tests.section_ends import end_frame_problems
from backprop_core.expr.autodiff import adjoints, forward_mode_ops, gradient, reverse_mode_ops
from backprop_core.expr.graph import build_graph
from backprop_core.expr.local_rules import car_price
from backprop_core.number_format import show

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPRESSIONS = [("(a+b)*(b+1)", "a=2,b=1"), ("x*y + sin(x)", "x=1,y=2"), ("sigmoid(w*x+b)", "w=0.5,x=2,b=-1")]
GRAPH_SCENES = ["GraphLocalPartials", "SumOverPaths", "ReverseAccumulation", "ForwardVsReverseMode"]


def lecture_module():
    spec = importlib.util.spec_from_file_location("graph_lecture", os.path.join(ROOT, "scenes", "graph_lecture.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_scene(name, monkeypatch, expr=None, at=None, theme=None, lang="en"):
    """The scene after a dry run with these settings (built once per test process)."""
    return construct("graph_lecture", name, expr=expr, at=at, theme=theme, lang=lang)


def tex(m) -> str:
    return getattr(m, "tex_string", "")


def test_lecture_order_and_docstrings():
    module = lecture_module()
    order = [e.cls for e in __import__("backprop_anim.pipeline.lecture", fromlist=["x"]).lecture_scenes() if e.module == "graph_lecture"]
    assert order == ["ChainRuleCarPrice", "GraphLocalPartials", "SumOverPaths", "ReverseAccumulation",
                                    "ForwardVsReverseMode", "LocalBackwardRules"]
    for name in order:
        doc = getattr(module, name).__doc__
        assert doc and doc.strip().splitlines()[0].strip()


def chinese_throughout(scene):
    """Every subtitle and every Text on screen carries Chinese (no English sentence left over)."""
    subs = [s.content for s in scene.renderer.file_writer.subcaptions]
    texts = [m.original_text for top in scene.mobjects for m in top.get_family() if isinstance(m, Text)]
    return all(re.search(r"[\u4e00-\u9fff]", s) for s in subs + texts)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("expr, at", EXPRESSIONS)
@pytest.mark.parametrize("name", GRAPH_SCENES)
def test_graph_scenes_run_and_stay_in_frame(name, expr, at, lang, monkeypatch):
    scene = run_scene(name, monkeypatch, expr, at, lang=lang)
    assert not off_frame(scene.mobjects, margin=0.05)
    if lang == "zh":
        assert chinese_throughout(scene)
    assert scene.renderer.time > 5
    problems = end_frame_problems(scene)
    assert not problems, problems
    diagram = scene.record.shown.get("diagram")
    if diagram is not None:
        labels = list(diagram.labels)
        circles = [n.circle for n in diagram.node_mobs.values()]
        assert not overlapping_pairs(labels), f"edge labels collide for {expr}"
        assert not overlapping_pairs(circles)
        assert not [(l, c) for l in labels for c in circles if overlapping_pairs([l, c])]
        assert not off_frame(labels + circles)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["ChainRuleCarPrice", "LocalBackwardRules"])
def test_fixed_scenes_run_and_stay_in_frame(name, lang, monkeypatch):
    scene = run_scene(name, monkeypatch, lang=lang)
    assert not off_frame(scene.mobjects, margin=0.05)
    problems = end_frame_problems(scene)
    assert not problems, problems
    if lang == "zh":
        assert chinese_throughout(scene)
    for key, mob in scene.record.shown.items():
        if hasattr(mob, "has_points"):
            assert not off_frame([mob]), key


@pytest.mark.parametrize("expr, at", EXPRESSIONS)
def test_on_screen_numbers_are_the_cores(expr, at, monkeypatch):
    g = build_graph(expr, at)
    scene = run_scene("GraphLocalPartials", monkeypatch, expr, at)
    diagram = scene.record.shown["diagram"]
    for e in g.edges:
        assert tex(diagram.edge_label(e.child, e.parent)[1]) == show(e.value) or \
            tex(diagram.edge_label(e.child, e.parent)) == show(e.value)
    for n in g.nodes:
        if n.kind != "const":
            assert tex(diagram.node(n.name).value) == show(n.value)

    scene = run_scene("ReverseAccumulation", monkeypatch, expr, at)
    adj = adjoints(g)
    assert scene.record.shown["piles"] == {name: [show(adj[name])] for name in scene.record.shown["piles"]}
    assert set(scene.record.shown["piles"]) == {n.name for n in g.nodes if n.kind != "const"}
    panel = [tex(m) for m in scene.record.shown["panel"]]
    assert panel == [rf"\frac{{\partial {g.node(g.top).label_latex}}}{{\partial {g.node(x).label_latex}}} = "
                     f"{show(v)}" for x, v in gradient(g).items()]

    scene = run_scene("ForwardVsReverseMode", monkeypatch, expr, at)
    summary = [tex(m[-1]) for m in scene.record.shown["summary"]]     # words (Text), then the MathTex
    assert summary[0].endswith(f"= {forward_mode_ops(g)}") and summary[1].endswith(f"= {reverse_mode_ops(g)}")
    assert {k: tex(m) for k, m in scene.record.shown["adjoint_tags"].items()} == {k: show(v) for k, v in adj.items()}


def test_seed_000_piles_and_seed_003_car_numbers(monkeypatch):
    scene = run_scene("ReverseAccumulation", monkeypatch)
    assert scene.record.shown["piles"] == {"e": ["1"], "c": ["2"], "d": ["3"], "a": ["2"], "b": ["5"]}
    scene = run_scene("ChainRuleCarPrice", monkeypatch)
    line1, line2 = (tex(m) for m in scene.record.shown["result"])
    assert line1.endswith(r"= 1 \times 1.1 \times 2 = 2.2")
    assert "= 22" in line2 and "= 40" in line2
    assert scene.record.shown["piles"]["unit"] == ["2.2"] and scene.record.shown["piles"]["count"] == ["22"]
    assert car_price().gradients["unit"] == 2.2 or float(car_price().gradients["unit"]) == 2.2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_car_graph_speaks_the_lecture_language_and_keeps_the_numbers(lang, monkeypatch):
    """ChainRuleCarPrice names its nodes in the lecture's language (Nielsen-free: the zhihu car
    purchase, 单价 20 万, 2 辆, 购置税, 总价 44 万); the numbers on screen are the core's either way."""
    scene = run_scene("ChainRuleCarPrice", monkeypatch, lang=lang)
    diagram = scene.record.shown["diagram"]
    names = {k: tex(m.name) for k, m in diagram.node_mobs.items()}
    edge_labels = [tex(m) if tex(m) else tex(m[-1]) for m in diagram.labels]
    formulas = list(names.values()) + edge_labels + [tex(m) for m in scene.record.shown["result"]]
    english = re.compile(r"unit|count|tax|cost|price")
    if lang == "en":
        assert names == {"unit": r"\mathrm{unit}", "count": r"\mathrm{count}", "tax": r"\mathrm{tax}",
                         "cost": r"\mathrm{cost}", "price": r"\mathrm{price}"}
    else:
        assert names == {"unit": r"\text{单价}", "count": r"\text{数量}", "tax": r"\text{购置税}",
                         "cost": r"\text{税前价}", "price": r"\text{总价}"}
        assert not [f for f in formulas if english.search(f)]
        for m in diagram.node_mobs.values():      # set by XeLaTeX + ctex, in the on-screen CJK font
            assert m.name.tex_template.tex_compiler == "xelatex" and lang_font() in m.name.tex_template.preamble
        for m in diagram.node_mobs.values():
            assert tex(m.value) in {"20", "2", "1.1", "40", "44"}
    line1, line2 = (tex(m) for m in scene.record.shown["result"])
    assert line1.endswith(r"= 1 \times 1.1 \times 2 = 2.2") and "= 22" in line2 and "= 40" in line2
    assert scene.record.shown["piles"]["unit"] == ["2.2"] and scene.record.shown["piles"]["count"] == ["22"]


def lang_font():
    from backprop_anim.lang import CJK_FONT
    return CJK_FONT


def test_light_theme_background(monkeypatch):
    from manim import WHITE, ManimColor
    scene = run_scene("SumOverPaths", monkeypatch, theme="light")
    assert ManimColor(scene.camera.background_color) == ManimColor(WHITE)


def test_bad_expression_is_bad_input(monkeypatch):
    from backprop_core.errors import BadInput
    with pytest.raises(BadInput):
        run_scene("SumOverPaths", monkeypatch, "__import__('os')", "a=1")


def test_affine_numbers_are_the_cores(monkeypatch):
    from backprop_core.expr.local_rules import affine_rule
    from backprop_core.number_format import matrix_latex
    scene = run_scene("LocalBackwardRules", monkeypatch)
    affine = [tex(m) for m in scene.record.shown["affine"]]
    assert affine[3].endswith(matrix_latex(affine_rule().da)) and affine[4].endswith(matrix_latex(affine_rule().dW))


def test_five_input_graph_layout(monkeypatch):
    scene = run_scene("GraphLocalPartials", monkeypatch, "relu(w1*x1 + w2*x2 + b)", "w1=0.5,x1=2,w2=-1,x2=1,b=0.5")
    diagram = scene.record.shown["diagram"]
    labels, circles = list(diagram.labels), [n.circle for n in diagram.node_mobs.values()]
    assert not overlapping_pairs(labels) and not overlapping_pairs(circles)
    assert not off_frame(scene.mobjects, margin=0.05)


PLURAL_IN_PARENTHESES = re.compile(r"\b_\(\s*\"[^\"]*\w\(s\)[^\"]*\"")


def test_no_scene_words_say_path_s():
    """A viewer reads "one path" or "3 paths", never "1 path(s)" (the pattern bites on a planted line)."""
    assert PLURAL_IN_PARENTHESES.search('self.say(_("{n} path(s) from {x}"))')
    for name in sorted(os.listdir(os.path.join(ROOT, "scenes"))):
        if name.endswith(".py"):
            text = open(os.path.join(ROOT, "scenes", name), encoding="utf-8").read()
            assert not PLURAL_IN_PARENTHESES.search(text), name


def test_sum_over_paths_counts_in_words(monkeypatch):
    """(a+b)(b+1): a reaches e along one path, b along two."""
    g = build_graph("(a+b)*(b+1)", "a=2,b=1")
    from backprop_core.expr.autodiff import all_paths
    assert [len(all_paths(g)[x]) for x in ("a", "b")] == [1, 2]
    said = " ".join(s.content for s in run_scene("SumOverPaths", monkeypatch).renderer.file_writer.subcaptions)
    said = re.sub(r"\s+", " ", said)
    assert "one path from a to e" in said and "2 paths from b to e" in said and "(s)" not in said
