"""One lecture scene, rendered and played inline in a Jupyter notebook.

>>> from backprop_anim.notebook import show
>>> show("GradientCheck")                                     # doctest: +SKIP
>>> show("SumOverPaths", expr="x*y + sin(x)", at="x=1,y=2")   # doctest: +SKIP

``show`` goes through the same pipeline as ``backprop render`` (:class:`~.pipeline.render.Job`
and :class:`~.pipeline.render.Settings`): the scene renders in its own manim process into
``renders/<lecture>/<quality>/`` (or under ``output``), and a second call with the same inputs is
answered from the render cache at once. Bad input raises :class:`~backprop_core.errors.BadInput`
with the line the command line prints. IPython is imported only inside ``show``, so the package
works without Jupyter (``pip install 'backprop-anim[notebook]'`` brings it).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from backprop_core.errors import BadInput
from backprop_core.languages import LISTED, RECORDS
from backprop_core.network.spec import NetworkSpec

from .config import check_drawable
from .pipeline.lecture import lecture_scenes, output_root, scenes_dir, select
from .pipeline.render import Job, render_problem, render_session
from .pipeline.settings import QUALITIES, Settings, expression_setting

VIDEO_WIDTH = 720       # pixels in the notebook; the 480p15 video scales up cleanly


class RenderFailed(RuntimeError):
    """manim ran but the scene did not render; the message names the scene, the error and the log."""


def _check_choice(option: str, value, choices) -> None:
    """Refuse a value outside ``choices`` with the line ``backprop render`` prints (argparse's own words)."""
    if isinstance(value, str) and value in choices:
        return
    flags = option.split("/")
    parser = argparse.ArgumentParser(prog="render", add_help=False, exit_on_error=False)
    parser.add_argument(*flags, choices=list(choices))
    try:
        parser.parse_args([flags[0], str(value)])
    except argparse.ArgumentError as exc:
        raise BadInput(f"render: {exc}") from None
    raise BadInput(f"render: argument {option}: invalid choice: {value!r}")


def scene_settings(*, quality: str = "l", layers="2,2,2", activation: str = "sigmoid", loss: str = "mse",
                   expr: str | None = None, at: str | None = None, lang: str = "en") -> Settings:
    """What ``backprop render -q QUALITY --layers … --lang …`` would render, checked the same way."""
    _check_choice("--quality/-q", quality, QUALITIES)
    if not (isinstance(lang, str) and lang in RECORDS):      # the pseudo-locale too, offered or not
        _check_choice("--lang", lang, LISTED)
    if isinstance(layers, (list, tuple)):
        layers = ",".join(map(str, layers))
    spec = check_drawable(NetworkSpec.parse(str(layers), activation, loss), "render: --layers")
    expr_text, point = expression_setting(expr, at)
    return Settings(spec, expr_text, point, quality, "mp4", None, False, lang, "screen")


def render_scene(scene: str, settings: Settings, output=None) -> Path:
    """Render one scene (or take it from the cache) and return its mp4."""
    if not isinstance(scene, str) or not scene.strip():
        raise BadInput(f"render: give one scene class by name, e.g. 'GradientCheck' (got {scene!r})")
    entries = lecture_scenes()
    if not entries:
        raise BadInput(f"render: no scenes found in {scenes_dir()}")
    chosen = select(entries, [scene.strip()])
    if len(chosen) != 1:
        raise BadInput(f"render: {scene!r} is a scene file with {len(chosen)} scenes; name one of "
                       f"{', '.join(e.cls for e in chosen)}")
    problem = render_problem(settings.lang)
    if problem:
        raise BadInput(problem)
    job = Job(chosen, settings, output_root(output), jobs=1, full_lecture=False)
    with render_session(job):
        [result] = job.run()
    if result.status == "failed":
        where = f" (log: {result.log})" if result.log else ""
        raise RenderFailed(f"render failed: {result.entry.cls}: {result.error}{where}")
    return next(p for p in result.outputs if p.suffix == ".mp4" and p.parent == job.out_dir)


def show(scene: str, *, quality: str = "l", layers="2,2,2", activation: str = "sigmoid", loss: str = "mse",
         expr: str | None = None, at: str | None = None, lang: str = "en", output=None,
         width: int = VIDEO_WIDTH):
    """Render the lecture scene ``scene`` (a class name from ``backprop scenes``) and return an
    inline video for the notebook (``IPython.display.Video``, embedded as a data: URL).

    ``quality`` l|m|h|k, ``layers``/``activation``/``loss`` for the network scenes, ``expr``/``at``
    for the graph scenes and ``lang`` en|zh are ``backprop render``'s options; ``output`` is its
    ``--output`` (default: the repository's ``renders/``).
    """
    settings = scene_settings(quality=quality, layers=layers, activation=activation, loss=loss,
                              expr=expr, at=at, lang=lang)
    path = render_scene(scene, settings, output)
    from IPython.display import Video           # only here: the package works without Jupyter
    return Video(str(path), embed=True, mimetype="video/mp4", width=width,
                 html_attributes="controls muted playsinline")
