"""The lecture's scenes in order, read from the scene files without importing manim.

Why ``ast`` and not ``import``: ``backprop scenes`` and the render planner must be quick and
must work even when one scene file is broken (that scene then fails alone at render time).

The lecture order (see docs/rendering.md):

1. expression graphs (scenes/graph_lecture.py): chain rule, local partials, sum over paths,
   reverse accumulation, forward vs reverse mode;
2. the network lecture in the beats of the TDS article *Understanding Backpropagation*, alternating scenes/network_paths.py and
   scenes/network_matrices.py: set-up, forward pass, final-layer paths, final-layer matrix
   form (BP1), first-layer paths, hidden-layer matrix form (BP2), bias (BP3), BP1-BP4;
3. local backward rules (graph_lecture), the gradient check (scenes/gradient_check.py) and the
   parameter update (graph_lecture).

Scenes a file lists in its ``LECTURE_ORDER`` but this order does not know are appended after
that file's last known scene, so new scenes appear without editing this module.
"""
from __future__ import annotations

import ast
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from backprop_core.i18n import N_, _

# The folder that holds backprop_core/ and backprop_anim/: the checkout, or site-packages.
ROOT = Path(__file__).resolve().parents[2]

# File stem -> what the scene is about: "network" scenes read BACKPROP_LAYERS/ACTIVATION/LOSS,
# "expression" scenes read BACKPROP_EXPR/AT.
FILE_KINDS = {
    "graph_lecture": "expression",
    "network_paths": "network",
    "network_matrices": "network",
    "gradient_check": "network",
    "why_delta": "network",
}

LECTURE = [
    ("graph_lecture", "ChainRuleCarPrice"),
    ("graph_lecture", "GraphLocalPartials"),
    ("graph_lecture", "SumOverPaths"),
    ("graph_lecture", "ReverseAccumulation"),
    ("graph_lecture", "ForwardVsReverseMode"),
    ("network_paths", "NetworkSetup"),
    ("network_matrices", "ForwardPassMatrixForm"),
    ("network_paths", "FinalLayerPaths"),
    ("network_matrices", "FinalLayerMatrixForm"),
    ("network_paths", "FirstLayerPaths"),
    ("network_matrices", "HiddenLayerMatrixForm"),
    ("why_delta", "WhyDeltaSavesWork"),
    ("network_paths", "BiasGradient"),
    ("network_matrices", "GeneralEquations"),
    ("graph_lecture", "LocalBackwardRules"),
    ("gradient_check", "GradientCheck"),
    ("graph_lecture", "ParameterUpdate"),
]


# A short title per scene for the presenter's side list (the docstring line is its tooltip):
# the scene's own on-screen title where it has one, so both languages share one translation.
SCENE_TITLES = {
    "ChainRuleCarPrice": N_("Chain rule: buying two cars"),
    "GraphLocalPartials": N_("A computational graph and its local derivatives"),
    "SumOverPaths": N_("Multiply along a path, add over paths"),
    "ReverseAccumulation": N_("Reverse accumulation: piling up from the top"),
    "ForwardVsReverseMode": N_("Forward mode vs reverse mode"),
    "NetworkSetup": N_("The network"),
    "ForwardPassMatrixForm": N_("Forward pass in matrix form"),
    "FinalLayerPaths": N_("Final layer: follow the edges from E back to the weight"),
    "FinalLayerMatrixForm": N_("Final layer: the chain-rule terms as matrices"),
    "FirstLayerPaths": N_("Earlier layers: several paths, added where they meet"),
    "HiddenLayerMatrixForm": N_("Hidden layers: δ comes back through the weights"),
    "WhyDeltaSavesWork": N_("Why δ saves work"),
    "BiasGradient": N_("Biases: the same paths, and the last factor is 1"),
    "GeneralEquations": N_("From this network to any network"),
    "LocalBackwardRules": N_("Local backward rules"),
    "GradientCheck": N_("Is the derivation right?"),
    "ParameterUpdate": N_("Parameter update"),
}


@dataclass(frozen=True)
class SceneEntry:
    """One scene of the lecture: where it lives, what it shows."""

    position: int          # 1-based place in the full lecture
    file: Path
    cls: str
    kind: str              # "network" or "expression"
    description: str       # first line of the class docstring, in the current language (the catalogue)

    @property
    def title(self) -> str:
        """A short title in the current language (SCENE_TITLES; the description for other scenes)."""
        return str(_(SCENE_TITLES[self.cls])) if self.cls in SCENE_TITLES else self.description

    @property
    def module(self) -> str:
        return self.file.stem

    @property
    def stem(self) -> str:
        """Output file name without extension, e.g. ``07_FinalLayerPaths``."""
        return f"{self.position:02d}_{self.cls}"


@dataclass
class _FileInfo:
    classes: dict[str, str]        # class name -> first docstring line
    order: list[str]               # module-level LECTURE_ORDER (names), may be empty


def _read_file(path: Path) -> _FileInfo | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None
    classes, order = {}, []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            doc = ast.get_docstring(node) or ""
            classes[node.name] = doc.strip().splitlines()[0].strip() if doc.strip() else node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "LECTURE_ORDER" for t in targets):
                order = _names(node.value)
    return _FileInfo(classes, order)


def _names(value) -> list[str]:
    """Scene names from ``LECTURE_ORDER = [A, B]`` or ``["A", "B"]``."""
    if not isinstance(value, (ast.List, ast.Tuple)):
        return []
    out = []
    for elt in value.elts:
        if isinstance(elt, ast.Name):
            out.append(elt.id)
        elif isinstance(elt, ast.Constant) and isinstance(elt.value, str):
            out.append(elt.value)
    return out


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
    infos = {stem: _read_file(scenes_dir / f"{stem}.py") for stem in FILE_KINDS}
    infos = {stem: info for stem, info in infos.items() if info is not None}
    planned: list[tuple[str, str]] = []
    for stem, cls in LECTURE:
        info = infos.get(stem)
        if info and cls in info.classes:
            planned.append((stem, cls))
    for stem, info in infos.items():          # scenes a file adds beyond the known order
        extra = [c for c in info.order if c in info.classes and (stem, c) not in planned]
        if not extra:
            continue
        last = max((i for i, (s, _cls) in enumerate(planned) if s == stem), default=len(planned) - 1)
        planned[last + 1:last + 1] = [(stem, c) for c in extra]
    return [SceneEntry(i, scenes_dir / f"{stem}.py", cls, FILE_KINDS[stem], str(_(infos[stem].classes[cls])))
            for i, (stem, cls) in enumerate(planned, 1)]


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
