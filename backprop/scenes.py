"""``backprop scenes``: the lecture's scenes in order, with what each one shows."""
from __future__ import annotations

import json
from pathlib import Path

from backprop_anim.pipeline.lecture import ROOT, lecture_scenes, scenes_dir
from backprop_core.i18n import _

from .options import lang_option, scenes_option


def register(subparsers) -> None:
    p = subparsers.add_parser("scenes", help="list the lecture's scenes in order")
    scenes_option(p)
    lang_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    entries = lecture_scenes(args.scenes_dir)
    if args.json:
        print(json.dumps([{"position": e.position, "file": _shown(e.file), "class": e.cls,
                           "kind": e.kind, "description": e.description} for e in entries], indent=2))
        return 0
    if not entries:
        print(_("no scenes found in {folder}").format(folder=args.scenes_dir or scenes_dir()))
    for e in entries:
        print(f"{e.position:2d}  {e.cls:<24} {e.kind:<10} {_shown(e.file)}  {e.description}")
    return 0


def _shown(path: Path) -> str:
    """A path relative to the project when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
