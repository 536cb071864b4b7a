"""``backprop narration``: the script to record the lecture from — beat id, words, the time each
picture needs — as ``narration.json`` and ``narration.csv`` (found by a silent dry run of the
scenes; record ``DIR/<Scene>/<n>.wav`` per beat id and render with ``--voice DIR``)."""
from __future__ import annotations

from pathlib import Path

from backprop_anim.config import check_drawable
from backprop_anim.pipeline.cache import atomic_write_text
from backprop_anim.pipeline.lecture import lecture_scenes, output_root, scenes_dir, select
from backprop_anim.pipeline.settings import Settings, expression_setting, lecture_slug
from backprop_core.errors import BadInput
from backprop_core.i18n import current_language

from .options import lang_option, network_options, scenes_option, spec_from_args


def register(subparsers) -> None:
    p = subparsers.add_parser("narration", help="write the script to record the narration from (beat id, "
                                                "words, the time its picture needs)")
    p.add_argument("scenes", nargs="*", metavar="SCENE", help="scene classes or scene files (default: all)")
    network_options(p)
    p.add_argument("--expr", default=None, help='expression for the graph scenes, e.g. "(a+b)*(b+1)"')
    p.add_argument("--at", default=None, help="point for --expr, e.g. a=2,b=1")
    p.add_argument("--output", default=None,
                   help="folder for narration.json and narration.csv (default renders/<lecture>/)")
    scenes_option(p)
    lang_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from backprop_anim.pipeline.narration_script import csv_text, dry_run, json_text
    spec = check_drawable(spec_from_args(args), "narration: --layers")
    expr, at = expression_setting(args.expr, args.at)
    settings = Settings(spec, expr, at, lang=current_language(), voice="none")
    entries = lecture_scenes(args.scenes_dir)
    if not entries:
        raise BadInput(f"narration: no scenes found in {args.scenes_dir or scenes_dir()}")
    chosen = select(entries, args.scenes)
    root = output_root(None)
    dest = Path(args.output).expanduser() if args.output else root / lecture_slug(settings)
    beats = dry_run(chosen, settings, root / ".cache" / "narration-media")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        atomic_write_text(dest / "narration.json", json_text(beats, settings.lang))
        atomic_write_text(dest / "narration.csv", csv_text(beats))
    except OSError as exc:
        raise BadInput(f"narration: cannot write {exc.filename or dest}: {exc.strerror or exc}") from None
    print(dest / "narration.json")
    print(dest / "narration.csv")
    return 0
