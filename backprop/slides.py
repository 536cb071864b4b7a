"""``backprop slides``: the lecture as a presenter that stops at every beat (renders/<slug>/slides/).

Renders like ``backprop render --sections`` (same options, same cache: nothing re-renders when
only the page changes), then writes index.html, one video and one WebVTT file per beat.
"""
from __future__ import annotations

from backprop_anim.pipeline.cache import FileLock
from backprop_anim.pipeline.slides import build_slides

from .render import lecture_options, render_job, settings_from_args


def register(subparsers) -> None:
    p = subparsers.add_parser("slides", help="a presenter page that stops at every beat (offline, no server)")
    lecture_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    job, results, code = render_job(args, settings_from_args(args, fmt="mp4", sections=True), join=False)
    if code:
        return code
    handout = next((p for p in (job.lecture_dir / "handout.pdf", job.lecture_dir / "handout.md") if p.exists()), None)
    with FileLock(job.cache / "locks" / job.slug / "slides.lock"):    # two decks at once swap in turn
        index = build_slides(job, results, handout)
    print(index)
    return 0
