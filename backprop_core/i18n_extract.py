"""Babel extraction for scene files: the ``_()``/``N_()`` messages plus each class docstring's first line.

The first docstring line of a scene class is its description in ``backprop scenes`` and its chapter
title; ``backprop_anim.pipeline.lecture`` translates it through the catalogue, so it is a msgid too.
Used by babel.cfg (its ``[extractors]`` section names this function).
"""
from __future__ import annotations

from .scene_source import scene_source


def first_docstring_lines(source: str) -> list[tuple[int, str]]:
    """(line, first docstring line) of every scene class of the file (a class with ``construct``)."""
    return [(c.line, c.description) for c in scene_source(source).scenes if c.description != c.name]


def extract_scenes(fileobj, keywords, comment_tags, options):
    from babel.messages.extract import extract_python
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for lineno, line in first_docstring_lines(source):
        yield lineno, None, line, ["scene description (backprop scenes, chapter title)"]
