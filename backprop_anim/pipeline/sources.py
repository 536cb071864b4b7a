"""Which inputs decide a scene's pixels, hashed: the key its stamp is checked against.

Why not hash every source: editing one mobject module must not re-render scenes that never
import it, and the render pipeline's own modules never change a scene's pixels.
"""
from __future__ import annotations

import ast
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

from .lecture import ROOT, SceneEntry
from .settings import Settings, catalogue_digest

PACKAGES = ("backprop_core", "backprop_anim")


class SourceIndex:
    """Which project sources a scene imports (static ``ast`` walk), each hashed once per job.

    Why not hash every source: editing one mobject module must not re-render scenes that never
    import it, and the render pipeline's own modules never change a scene's pixels.
    """

    def __init__(self, root: Path = ROOT):
        self.root = root
        self._deps: dict[Path, set[Path]] = {}
        self._digest: dict[Path, str] = {}

    def digest(self, path: Path) -> str:
        if path not in self._digest:
            self._digest[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digest[path]

    def _module_file(self, dotted: str) -> Path | None:
        base = self.root.joinpath(*dotted.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def _direct(self, path: Path) -> set[Path]:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            return set()
        try:                                   # a scene file may live outside the project (tests)
            package = path.parent.relative_to(self.root).as_posix().replace("/", ".").strip(".")
        except ValueError:
            package = ""
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    mod = ".".join(p for p in [*parts, mod] if p)
                names.append(mod)
                names += [f"{mod}.{a.name}" for a in node.names]       # "from pkg import module"
        found = set()
        for name in names:
            if name.split(".")[0] not in PACKAGES:
                continue
            parts = name.split(".")
            for i in range(1, len(parts) + 1):                          # packages' __init__ too
                f = self._module_file(".".join(parts[:i]))
                if f:
                    found.add(f)
        return found

    def inputs(self, scene_file: Path) -> list[Path]:
        """The scene file and every project module it reaches through imports, sorted."""
        seen, todo = set(), [scene_file]
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            if path not in self._deps:
                self._deps[path] = self._direct(path)
            todo += self._deps[path] - seen
        return sorted(seen)


def _code_hash(entry: SceneEntry, sources: SourceIndex):
    h = hashlib.sha256(f"manim {version('manim')} python {sys.version_info[:2]}".encode())
    for path in sources.inputs(entry.file):
        h.update(f"{path.name}:{sources.digest(path)}".encode())
    return h


def scene_key(entry: SceneEntry, settings: Settings, sources: SourceIndex) -> str:
    """Hash of what decides a scene's output: imported sources, settings, manim and Python versions."""
    h = _code_hash(entry, sources)
    h.update(json.dumps({"cls": entry.cls, "position": entry.position, **settings.key()}, sort_keys=True).encode())
    return h.hexdigest()


def code_key(entry: SceneEntry, settings: Settings, sources: SourceIndex) -> str:
    """The part of :func:`scene_key` an installation decides (manim and Python versions, the scene's
    sources and the modules it imports, its place in the lecture, the compiled catalogue), without
    what the client's environment decides: a farm worker must have the same to draw the same pictures."""
    h = _code_hash(entry, sources)
    h.update(json.dumps({"cls": entry.cls, "position": entry.position,
                         "catalogue": catalogue_digest(settings.lang, settings.subtitles)}, sort_keys=True).encode())
    return h.hexdigest()
