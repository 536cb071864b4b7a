"""Construct each (scene, settings) once per test process and share the result between tests.

A dry run of a lecture scene takes seconds to a minute; every assertion about one scene on one
network (frame bounds, overlaps, the core's numbers, subcaptions ...) reads the same finished
scene object, so it is built once. Settings are the scenes' own environment variables
(``layers``, ``activation``, ``loss``, ``expr``, ``at``, ``theme``, ``lang``, ``voice``), set only
while the scene is built. Dry runs are silent (``voice="none"``, paced by reading time) unless a
test asks for a voice: a dry run never waits for a text-to-speech engine it does not test.

    scene = construct("network_paths", "FinalLayerPaths", layers="2,3,2", activation="tanh")
"""
from __future__ import annotations

import importlib.util
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from manim import logger, tempconfig

from backprop_core import settings as lecture_settings

SCENES = Path(__file__).resolve().parent.parent / "scenes"
SETTINGS = ("layers", "activation", "loss", "expr", "at", "theme", "lang", "voice")
_modules: dict[str, object] = {}
_scenes: dict[tuple, object] = {}
logger.setLevel(logging.WARNING)


def scene_module(stem: str):
    """scenes/<stem>.py, imported once (as ``scene_<stem>``, apart from any other import of it)."""
    if stem not in _modules:
        spec = importlib.util.spec_from_file_location(f"scene_{stem}", SCENES / f"{stem}.py")
        module = importlib.util.module_from_spec(spec)
        import sys
        sys.modules[spec.name] = module             # dataclasses in scene files look themselves up here
        spec.loader.exec_module(module)
        _modules[stem] = module
    return _modules[stem]


@contextmanager
def scene_env(**settings):
    """Exactly these BACKPROP_* settings in the environment (others unset) while the block runs; the
    process's cached settings (backprop_core.settings) are read from it afresh, and again after."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"unknown scene settings: {sorted(unknown)}")
    names = [f"BACKPROP_{k.upper()}" for k in SETTINGS] + ["BACKPROP_CONFIG"]
    saved = {n: os.environ.get(n) for n in names}
    try:
        for n in names:
            os.environ.pop(n, None)
        settings = {"voice": "none", **settings}
        for k, v in settings.items():
            if v is not None:
                os.environ[f"BACKPROP_{k.upper()}"] = str(v)
        lecture_settings.reset()
        yield
    finally:
        for n, v in saved.items():
            if v is None:
                os.environ.pop(n, None)
            else:
                os.environ[n] = v
        lecture_settings.reset()


def construct(stem: str, scene: str, **settings):
    """The scene ``scene`` of scenes/<stem>.py after a dry-run render with these settings (cached)."""
    key = (stem, scene, tuple(sorted((k, v) for k, v in settings.items() if v is not None)))
    if key not in _scenes:
        module = scene_module(stem)
        with scene_env(**settings), tempconfig({"dry_run": True, "quality": "low_quality",
                                                "progress_bar": "none", "disable_caching": True}):
            obj = getattr(module, scene)()
            obj.render()
        _scenes[key] = obj
    return _scenes[key]
