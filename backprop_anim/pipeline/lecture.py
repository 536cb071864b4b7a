"""The lecture's scenes in order, read from the scene files without importing manim.

Why ``ast`` and not ``import``: ``backprop scenes`` and the render planner must be quick and
must work even when one scene file is broken (that scene then fails alone at render time).

Every ``*.py`` of the scenes folder is a scene file; each class in it with a ``construct`` is a
scene (``backprop_core.scene_source``). The order is the outline's (scenes/outline.py); a scene
the outline does not list follows the last listed scene of its file, so a new scene appears
without editing any table. Titles, kinds and descriptions live with the scenes.
"""
from __future__ import annotations

import ast
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from backprop_core.i18n import _
from backprop_core.scene_source import SceneFile, scene_source

# The folder that holds backprop_core/ and backprop_anim/: the checkout, or site-packages.
ROOT = Path(__file__).resolve().parents[2]

OUTLINE = "outline.py"       # the lecture's order, in the scenes folder


@dataclass(frozen=True)
class SceneEntry:
    """One scene of the lecture: where it lives, what it shows."""

    position: int          # 1-based place in the full lecture
    file: Path
    cls: str
    kind: str              # "network" or "expression"
    description: str       # first line of the class docstring, in the current language (the catalogue)
    short_title: str | None = None   # the scene's TITLE, untranslated

    @property
    def title(self) -> str:
        """A short title in the current language (the scene's TITLE; else its description)."""
        return str(_(self.short_title)) if self.short_title else self.description

    @property
    def module(self) -> str:
        return self.file.stem

    @property
    def stem(self) -> str:
        """Output file name without extension, e.g. ``07_FinalLayerPaths``."""
        return f"{self.position:02d}_{self.cls}"


def _read_file(path: Path) -> SceneFile | None:
    try:
        return scene_source(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None


def _outline(scenes_dir: Path) -> list[str]:
    """Scene names of ``LECTURE = [...]`` in the folder's outline (none without one)."""
    try:
        tree = ast.parse((scenes_dir / OUTLINE).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "LECTURE" for t in node.targets):
            if isinstance(node.value, (ast.List, ast.Tuple)):
                return [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def packaged_scenes_dir() -> Path:
    """The scenes that ship with the package: ``backprop_scenes``, which is the checkout's scenes/."""
    spec = importlib.util.find_spec("backprop_scenes")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return ROOT / "scenes"          # a checkout used without installing it


def default_output_root() -> Path:
    """renders/ of the repository when running from a checkout (wherever the command is called
    from), else renders/ under the current directory (an installed wheel has no repository)."""
    if (ROOT / "pyproject.toml").is_file() and (ROOT / "scenes").is_dir():
        return ROOT / "renders"
    return Path.cwd() / "renders"


def output_root(output=None) -> Path:
    """An output root as the user means it: absolute, a relative path taken from the directory the
    command (or notebook) runs in; :func:`default_output_root` when none is given."""
    return Path(os.path.abspath(Path(output).expanduser())) if output is not None else default_output_root()


def scenes_dir() -> Path:
    """``--scenes DIR`` / BACKPROP_SCENES_DIR when given (tests use a folder of tiny scenes), else the packaged ones."""
    return Path(os.environ.get("BACKPROP_SCENES_DIR") or packaged_scenes_dir()).resolve()


def lecture_scenes(scenes_dir: Path | None = None) -> list[SceneEntry]:
    """Every scene that exists, in lecture order, numbered 1..n."""
    scenes_dir = Path(scenes_dir).resolve() if scenes_dir else globals()["scenes_dir"]()
    files = {p: _read_file(p) for p in sorted(scenes_dir.glob("*.py")) if p.name not in ("__init__.py", OUTLINE)}
    found = {c.name: (path, info, c) for path, info in files.items() if info for c in info.scenes}
    planned = [name for name in _outline(scenes_dir) if name in found]
    for path, info in files.items():          # scenes the outline does not list
        for c in (info.scenes if info else []):
            if c.name in planned:
                continue
            last = max((i for i, n in enumerate(planned) if found[n][0] == path), default=len(planned) - 1)
            planned.insert(last + 1, c.name)
    entries = []
    for i, name in enumerate(planned, 1):
        path, info, c = found[name]
        entries.append(SceneEntry(i, path, name, info.kind, str(_(c.description)), c.title))
    return entries


def select(entries: list[SceneEntry], names: list[str]) -> list[SceneEntry]:
    """The entries named by class (``GradientCheck``) or file (``network_paths``), in lecture order.

    Unknown names raise BadInput listing what exists.
    """
    from backprop_core.errors import BadInput
    if not names:
        return list(entries)
    wanted = set()
    for name in names:
        hits = [e for e in entries if name in (e.cls, e.module)]
        if not hits:
            known = ", ".join(e.cls for e in entries) or "none (no scene files found)"
            raise BadInput(f"render: unknown scene {name!r}; known scenes: {known}")
        wanted.update(hits)
    return [e for e in entries if e in wanted]
