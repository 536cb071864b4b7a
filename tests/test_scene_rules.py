"""What scenes/ may hold (issue 15's rules): only lecture scenes, short named steps, no mathematics.

Each rule is a small function over a file's source, run on every scene file and on a planted
source that breaks it (so the rule is shown to bite).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from backprop_anim.pipeline.lecture import lecture_scenes

ROOT = Path(__file__).resolve().parent.parent
SCENE_FILES = sorted(p for p in (ROOT / "scenes").glob("*.py") if p.name != "__init__.py")
MAX_FUNCTION_LINES = 40
TEX = re.compile(r"\\[A-Za-z]+|[\^_]\{")       # a TeX command, or a super-/subscript group


def long_functions(source: str) -> list[tuple[str, int]]:
    """(name, lines) of every function longer than MAX_FUNCTION_LINES, def line to last line."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                out.append((node.name, length))
    return out


def typed_tex(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is TeX (docstrings and comments excepted)."""
    tree = ast.parse(source)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            and TEX.search(n.value)]


def classes(source: str) -> list[str]:
    return [n.name for n in ast.parse(source).body if isinstance(n, ast.ClassDef)]


@pytest.mark.parametrize("path", SCENE_FILES, ids=lambda p: p.name)
def test_no_function_in_a_scene_file_is_long(path):
    assert long_functions(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", SCENE_FILES, ids=lambda p: p.name)
def test_no_formula_is_typed_in_a_scene_file(path):
    assert typed_tex(path.read_text(encoding="utf-8")) == []


def test_scene_files_define_only_lecture_scenes():
    listed = {e.cls for e in lecture_scenes()}
    defined = {name for p in SCENE_FILES for name in classes(p.read_text(encoding="utf-8"))}
    assert defined == listed


def test_the_rules_bite_on_planted_sources():
    body = "\n".join(f"    x = {i}" for i in range(MAX_FUNCTION_LINES))
    assert long_functions(f"def construct(self):\n{body}\n") == [("construct", MAX_FUNCTION_LINES + 1)]
    assert long_functions("def short():\n    return 1\n") == []
    planted = 'class S:\n    """Uses \\\\delta in prose."""\n    def construct(self):\n        t = r"\\frac{a}{b}"\n        u = "x^{(0)} = "\n        v = "plain words"\n'
    assert [line for line, _text in typed_tex(planted)] == [4, 5]
    assert classes("class A: pass\nclass B: pass\n") == ["A", "B"]
