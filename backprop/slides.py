"""``backprop slides``: the lecture as a deck that stops at every beat (renders/<slug>/slides/).

Renders like ``backprop render --sections`` (same options, same cache: nothing re-renders when
only the deck changes), then writes one of its formats, each a converter of the one deck model
(``backprop_anim.pipeline.deck``):

* ``--format html`` (default): index.html, one video and one WebVTT file per beat (the presenter);
* ``--format pptx``: lecture.pptx, one slide per beat, its video starting by itself, notes as
  speaker notes;
* ``--format pdf``: lecture.pdf, one page per beat (its end frame), ``--notes`` under each page.
"""
from __future__ import annotations

from backprop_core.errors import BadInput

from backprop_anim.pipeline.cache import FileLock
from backprop_anim.pipeline.deck import lecture_deck
from backprop_anim.pipeline.pdf_deck import write_pdf
from backprop_anim.pipeline.pptx_deck import write_pptx
from backprop_anim.pipeline.render import render_session
from backprop_anim.pipeline.slides import DECK_FILES, build_slides

from .render import lecture_options, render_job, settings_from_args

FORMATS = ("html", "pptx", "pdf")


def register(subparsers) -> None:
    p = subparsers.add_parser("slides", help="a presenter page (offline, no server), a PowerPoint or a PDF deck "
                                             "that stops at every beat")
    lecture_options(p)
    p.add_argument("--format", dest="deck_format", choices=FORMATS, default="html",
                   help="html: the presenter page (default); pptx: slides/lecture.pptx; pdf: slides/lecture.pdf")
    p.add_argument("--notes", action="store_true", help="pdf: the beat's notes under each page")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.notes and args.deck_format != "pdf":
        raise BadInput(f"slides: --notes is for --format pdf (--format {args.deck_format} "
                       + ("keeps the notes as speaker notes)" if args.deck_format == "pptx" else "shows the captions)"))
    job, results, code = render_job(args, settings_from_args(args, fmt="mp4", sections=True), join=False)
    if code:
        return code
    slides = job.lecture_dir / "slides"
    # a full or read-only file system is one line; two decks at once write in turn
    with render_session(job), FileLock(job.cache / "locks" / job.slug / "slides.lock"):
        if args.deck_format == "html":
            handout = next((p for p in (job.lecture_dir / "handout.pdf", job.lecture_dir / "handout.md")
                            if p.exists()), None)
            out = build_slides(job, results, handout)      # keeps lecture.pptx/.pdf in slides/
        else:
            out = _write_deck(args.deck_format, lecture_deck(job, results), slides / DECK_FILES[args.deck_format],
                              notes=args.notes)
    print(out)
    return 0


def _write_deck(fmt: str, deck, dest, notes: bool):
    return write_pptx(deck, dest) if fmt == "pptx" else write_pdf(deck, dest, notes=notes)
