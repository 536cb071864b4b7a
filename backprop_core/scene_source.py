"""What a scene file declares, read from its source without running it.

``backprop scenes``, the render planner and the catalogue's extractor must work without
importing manim, and even when one scene file is broken (that scene then fails alone at render
time), so they read scene files with ``ast``. A lecture scene is a class with a ``construct``
method; its first docstring line is its description, its ``TITLE`` (an ``N_()`` message) the
short title of the presenter's side list; the file's ``KIND`` says which settings it reads.

>>> f = scene_source('KIND = "expression"\\nclass A:\\n    \"\"\"Why.\"\"\"\\n    TITLE = N_("A")\\n'
...                  '    def construct(self): pass\\nclass Helper:\\n    pass\\n')
>>> f.kind, [(c.name, c.description, c.title) for c in f.scenes]
('expression', [('A', 'Why.', 'A')])
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

KINDS = ("network", "expression")     # network scenes read the layers/activation/loss, expression scenes the expression


@dataclass(frozen=True)
class SceneClass:
    name: str
    line: int
    description: str        # first docstring line (a msgid), or the class name
    title: str | None       # the TITLE message, untranslated


@dataclass(frozen=True)
class SceneFile:
    kind: str
    scenes: list[SceneClass]


def scene_source(source: str, filename: str = "<scene>") -> SceneFile:
    """The file's KIND (default "network") and its scene classes in definition order."""
    tree = ast.parse(source, filename=filename)
    kind = "network"
    scenes = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and _assigns(node, "KIND") and isinstance(node.value, ast.Constant):
            kind = node.value.value if node.value.value in KINDS else kind
        elif isinstance(node, ast.ClassDef) and any(isinstance(n, ast.FunctionDef) and n.name == "construct"
                                                     for n in node.body):
            doc = (ast.get_docstring(node) or "").strip()
            description = doc.splitlines()[0].strip() if doc else node.name
            scenes.append(SceneClass(node.name, node.lineno, description, _title(node)))
    return SceneFile(kind, scenes)


def _assigns(node: ast.Assign, name: str) -> bool:
    return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)


def _title(cls: ast.ClassDef) -> str | None:
    """``TITLE = N_("...")`` (or a plain string) in the class body."""
    for node in cls.body:
        if isinstance(node, ast.Assign) and _assigns(node, "TITLE"):
            value = node.value
            if isinstance(value, ast.Call) and value.args:
                value = value.args[0]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    return None
