"""Babel extraction for scene files: the ``_()``/``N_()`` messages plus each class docstring's first line.

The first docstring line of a scene class is its description in ``backprop scenes`` and its chapter
title; ``backprop_anim.pipeline.lecture`` translates it through the catalogue, so it is a msgid too.
Used by babel.cfg (its ``[extractors]`` section names this function).
"""
from __future__ import annotations

import ast


def first_docstring_lines(source: str) -> list[tuple[int, str]]:
    """(line, first docstring line) of every scene class the file lists in ``LECTURE_ORDER``."""
    tree = ast.parse(source)
    order: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "LECTURE_ORDER" for t in node.targets):
            if isinstance(node.value, (ast.List, ast.Tuple)):
                order = {e.value if isinstance(e, ast.Constant) else getattr(e, "id", "") for e in node.value.elts}
    out = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in order:
            doc = (ast.get_docstring(node) or "").strip()
            if doc:
                out.append((node.lineno, doc.splitlines()[0].strip()))
    return out


def extract_scenes(fileobj, keywords, comment_tags, options):
    from babel.messages.extract import extract_python
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for lineno, line in first_docstring_lines(source):
        yield lineno, None, line, ["scene description (backprop scenes, chapter title)"]
