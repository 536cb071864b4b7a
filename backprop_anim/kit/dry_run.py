"""A child process that dry-runs scenes and prints their beats as JSON: what ``backprop narration``
reads (the CLI and the pipeline never import manim; they run this module instead).

manim's ``dry_run`` times every animation and draws nothing; the kit's narrator keeps the clock's
book (:mod:`.narration`), so each beat's words and times come out as the render would have them.
Settings come from the environment, as for every manim child (``BACKPROP_VOICE=none``: silent).

    python -m backprop_anim.kit.dry_run scenes/graph_lecture.py:ChainRuleCarPrice MEDIA_DIR
"""
from __future__ import annotations

import importlib.util
import json
import logging
import sys
from pathlib import Path


def scene_class(file: Path, cls: str):
    """The class ``cls`` of the scene file ``file``, imported once under a name of its own."""
    name = f"dry_run_{file.stem}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module                 # dataclasses in scene files look themselves up here
        spec.loader.exec_module(module)
    return getattr(module, cls)


def beats(file: Path, cls: str, media_dir: Path) -> list[dict]:
    """Each beat of one scene: id, name, words, start, end, seconds the kit waited."""
    from manim import logger, tempconfig
    logger.setLevel(logging.WARNING)
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "disable_caching": True,
                     "media_dir": str(media_dir)}):
        scene = scene_class(file, cls)()
        scene.render()
    return [{"beat_id": b.beat_id, "name": b.name, "text": b.text, "picture": b.picture,
             "silent": round(b.end - b.start, 3)} for b in scene.narrator.beats]


def main(argv: list[str]) -> int:
    *targets, media = argv
    for target in targets:
        file, _, cls = target.rpartition(":")
        print(json.dumps({"scene": cls, "beats": beats(Path(file), cls, Path(media))}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
