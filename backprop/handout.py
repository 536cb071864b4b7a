"""``backprop handout``: write the derivation handout (Markdown, LaTeX or PDF).

Default output: renders/<slug>/handout.{md,tex,pdf}, in the lecture folder (the videos are in its <quality>/ folders).
PDF needs pdflatex; it compiles in a temp dir and only the finished PDF is moved into place.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from backprop_core.errors import BadInput
from backprop_core.reports.handout import as_latex, as_markdown, handout_data

from .options import network_options, spec_from_args

EXTENSIONS = {"markdown": "md", "latex": "tex", "pdf": "pdf"}


def register(subparsers) -> None:
    p = subparsers.add_parser("handout", help="write the derivation handout (markdown, latex or pdf)")
    network_options(p)
    p.add_argument("--format", default="markdown", choices=list(EXTENSIONS))
    p.add_argument("--seed", type=int, default=0, help="seed of the numeric example (default 0)")
    p.add_argument("--output", help="file to write (default renders/<slug>/handout.<ext>; - for stdout)")
    p.set_defaults(func=run)


def run(args) -> int:
    spec = spec_from_args(args)
    if args.format == "pdf" and shutil.which("pdflatex") is None:
        raise BadInput("handout: --format pdf needs pdflatex: install it (apt-get install texlive-latex-base "
                       "texlive-latex-extra) or use --format latex")
    out = Path(args.output) if args.output else Path("renders") / spec.slug / f"handout.{EXTENSIONS[args.format]}"
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
        return _write_pdf(text, out)
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


def _write_pdf(tex: str, out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="backprop-handout-") as tmp:
        src = Path(tmp) / "handout.tex"
        src.write_text(tex, encoding="utf-8")
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", src.name],
                              cwd=tmp, capture_output=True, text=True, timeout=300)
        pdf = Path(tmp) / "handout.pdf"
        if proc.returncode != 0 or not pdf.exists():
            lines = [l for l in proc.stdout.splitlines() if l.startswith("!")]
            print(f"backprop: handout: pdflatex failed: {lines[0] if lines else 'see the .tex (--format latex)'}",
                  file=sys.stderr)
            return 1
        _atomic_write(out, pdf.read_bytes())
    print(out)
    return 0
