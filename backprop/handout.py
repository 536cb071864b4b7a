"""``backprop handout``: write the derivation handout (Markdown, LaTeX or PDF).

Default output: renders/<slug>/handout.{md,tex,pdf}, in the lecture folder (the videos are in its <quality>/
folders); with ``--lang zh`` renders/<slug>-zh/ (the Chinese lecture's folder). PDF needs pdflatex (English) or
xelatex with ctex (Chinese: apt-get install texlive-xetex texlive-lang-chinese); it compiles in a temp dir and
only the finished PDF is moved into place.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from backprop_anim.fonts import tex_has
from backprop_core.errors import BadInput
from backprop_core.i18n import current_language
from backprop_core.reports.handout import as_latex, as_markdown, handout_data, latex_engine

from backprop_anim.pipeline.render import lang_suffix

from .options import lang_option, network_options, spec_from_args

EXTENSIONS = {"markdown": "md", "latex": "tex", "pdf": "pdf"}


def register(subparsers) -> None:
    p = subparsers.add_parser("handout", help="write the derivation handout (markdown, latex or pdf)")
    network_options(p)
    p.add_argument("--format", default="markdown", choices=list(EXTENSIONS))
    p.add_argument("--seed", type=int, default=0, help="seed of the numeric example (default 0)")
    p.add_argument("--output", help="file to write (default renders/<slug>[-zh]/handout.<ext>; - for stdout)")
    lang_option(p)
    p.set_defaults(func=run)


def pdf_problem(lang: str) -> str | None:
    """One line saying what a PDF in ``lang`` lacks (engine or ctex), or None."""
    engine = latex_engine(lang)
    if lang == "zh":
        if shutil.which(engine) is None or not tex_has("ctexart.cls"):
            return ("handout: a Chinese PDF needs xelatex and ctex: install them (apt-get install texlive-xetex "
                    "texlive-lang-chinese, or bash scripts/setup.sh --lang zh) or use --format latex")
        return None
    if shutil.which(engine) is None:
        return ("handout: --format pdf needs pdflatex: install it (apt-get install texlive-latex-base "
                "texlive-latex-extra) or use --format latex")
    return None


def run(args) -> int:
    spec = spec_from_args(args)
    lang = current_language()
    problem = pdf_problem(lang) if args.format == "pdf" else None
    if problem:
        raise BadInput(problem)
    folder = Path("renders") / f"{spec.slug}{lang_suffix(lang)}"
    out = Path(args.output) if args.output else folder / f"handout.{EXTENSIONS[args.format]}"
    if args.output == "-" and args.format == "pdf":
        raise BadInput("handout: a PDF cannot go to stdout; give --output FILE.pdf")
    if args.output != "-" and out.exists() and out.is_dir():
        raise BadInput(f"handout: --output {out} is a directory; give a file name")
    data = handout_data(spec, args.seed)
    if args.format == "markdown":
        text = as_markdown(data)
    else:
        text = as_latex(data)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"handout: cannot create {out.parent}: {exc.strerror}") from None
    if args.format == "pdf":
        return _write_pdf(text, out, latex_engine(lang))
    _atomic_write(out, text.encode("utf-8"))
    print(out)
    return 0


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.partial{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_pdf(tex: str, out: Path, engine: str = "pdflatex") -> int:
    with tempfile.TemporaryDirectory(prefix="backprop-handout-") as tmp:
        src = Path(tmp) / "handout.tex"
        src.write_text(tex, encoding="utf-8")
        proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", src.name],
                              cwd=tmp, capture_output=True, text=True, timeout=300)
        pdf = Path(tmp) / "handout.pdf"
        if proc.returncode != 0 or not pdf.exists():
            lines = [l for l in proc.stdout.splitlines() if l.startswith("!")]
            print(f"backprop: handout: {engine} failed: {lines[0] if lines else 'see the .tex (--format latex)'}",
                  file=sys.stderr)
            return 1
        _atomic_write(out, pdf.read_bytes())
    print(out)
    return 0
