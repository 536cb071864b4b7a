"""``backprop handout``: write the derivation handout (Markdown, LaTeX or PDF).

Default output: renders/<slug>/handout.{md,tex,pdf}, in the lecture folder (the videos are in its <quality>/
folders); with ``--lang zh`` renders/<slug>-zh/ (the Chinese lecture's folder). PDF needs pdflatex (English) or
xelatex with ctex (Chinese: apt-get install texlive-xetex texlive-lang-chinese); it compiles in a temp dir and
only the finished PDF is moved into place.

Where it writes (see :func:`output_target`): the default renders/ is the checkout's (the folder the lecture is
rendered into), whatever the current directory; installed from a wheel (no checkout) it is renders/ under the
current directory, and the path written is printed either way. A relative ``--output`` is taken from the current
directory, resolved before anything runs. A regular file (or a symlink to one: its target, the link stays) is
replaced atomically: a temp file in the same directory, fsync, rename. A device, FIFO or ``-`` (stdout) is
written into (no temp file, no rename: ``--output /dev/full`` must not become a regular file). A directory is
refused. A full, read-only or forbidden file system is one line (exit 2) and leaves no temp file.
"""
from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from backprop_anim.fonts import tex_has
from backprop_core.errors import BadInput
from backprop_core.i18n import current_language
from backprop_core.languages import language
from backprop_core.reports.handout import as_latex, as_markdown, handout_data, latex_engine

from backprop_anim.pipeline.lecture import default_output_root
from backprop_anim.pipeline.settings import lang_suffix

from .handout_figure import network_figure
from .options import MAX_SEED, bounded_int, lang_option, network_options, spec_from_args

EXTENSIONS = {"markdown": "md", "latex": "tex", "pdf": "pdf"}


def register(subparsers) -> None:
    p = subparsers.add_parser("handout", help="write the derivation handout (markdown, latex or pdf)")
    network_options(p)
    p.add_argument("--format", default="markdown", choices=list(EXTENSIONS))
    p.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=None,
                   help=f"seed of the numeric example (0..{MAX_SEED}; default: the lecture's example, "
                        f"the first whose shown numbers all differ)")
    p.add_argument("--output", help="file to write, from the current directory (default: the checkout's "
                                    "renders/<slug>[-zh]/handout.<ext>; - for stdout)")
    lang_option(p)
    p.set_defaults(func=run)


def pdf_problem(lang: str) -> str | None:
    """One line saying what a PDF in ``lang`` lacks (engine or ctex), or None."""
    record = language(lang)
    engine = latex_engine(lang)
    if record.handout_tex_files:
        if shutil.which(engine) is None or not all(tex_has(f) for f in record.handout_tex_files):
            return (f"handout: a {record.name} PDF needs {engine} and {record.tex_support}: install them "
                    f"(apt-get install {record.tex_packages}, or bash scripts/setup.sh --lang {record.code}) "
                    f"or use --format latex")
        return None
    if shutil.which(engine) is None:
        return (f"handout: --format pdf needs {engine}: install it (apt-get install {record.tex_packages}) "
                f"or use --format latex")
    return None


def run(args) -> int:
    spec = spec_from_args(args)
    lang = current_language()
    problem = pdf_problem(lang) if args.format == "pdf" else None
    if problem:
        raise BadInput(problem)
    if args.output == "-" and args.format == "pdf":
        raise BadInput("handout: a PDF cannot go to stdout; give --output FILE.pdf")
    default = None if args.output else renders_root() / f"{spec.slug}{lang_suffix(lang)}" / f"handout.{EXTENSIONS[args.format]}"
    target = output_target(args.output, default)          # absolute, checked, before any work
    data = handout_data(spec, args.seed)
    if args.format == "pdf":
        figure = network_figure(spec, lang, renders_root() / ".cache", data.seed, data.evaluation.node_values)
        data.figure = str(figure) if figure else ""
    if args.format == "markdown":
        text = as_markdown(data)
    else:
        text = as_latex(data)
    if target is None:
        _write_stdout(text.encode("utf-8"))
        return 0
    if args.format == "pdf":
        return _write_pdf(text, target, latex_engine(lang))
    write_output(target, text.encode("utf-8"))
    print(target.shown)
    return 0


# ---- where the handout goes ---------------------------------------------------------------------

def renders_root() -> Path:
    """The default output root, absolute, the one ``backprop render`` uses: the checkout's renders/,
    or renders/ under the current directory when the package is installed without a checkout (a wheel)."""
    try:
        return default_output_root()
    except FileNotFoundError:            # a wheel, called from a directory that was removed
        return _cwd() / "renders"


def _cwd() -> Path:
    try:
        return Path.cwd()
    except FileNotFoundError:
        raise BadInput("handout: the current directory no longer exists; cd elsewhere or give an absolute "
                       "--output") from None


@dataclass(frozen=True)
class Target:
    """Where the bytes go. ``shown``: the path as the user named it (absolute), printed at the end;
    ``path``: the regular file to replace (symlinks resolved) or the special file to write into;
    ``into``: write into ``path`` (device, FIFO, socket): no temp file, no rename."""
    shown: Path
    path: Path
    into: bool


def output_target(output: str | None, default: Path | None) -> Target | None:
    """The checked destination of ``--output`` (None: stdout), ``default`` when it is not given. A
    relative path is taken from the current directory now, so nothing later (a compiler's cwd, a
    chdir) changes its meaning."""
    if output == "-":
        return None
    if output == "":
        raise BadInput("handout: --output is empty; give a file name (or - for stdout)")
    if not output:
        out = default
    else:
        out = Path(output) if os.path.isabs(output) else _cwd() / output
    try:
        st = os.stat(out)                             # follows symlinks: what the link points to
    except FileNotFoundError:
        # nothing there yet, or a dangling symlink: create the file (the link's target)
        return Target(out, Path(os.path.realpath(out)), into=False)
    except OSError as exc:                            # a loop of links, a file used as a folder, no access
        raise _fault(exc, out, "cannot use") from None
    if stat.S_ISDIR(st.st_mode):
        raise BadInput(f"handout: --output {_show(out)} is a directory; give a file name")
    if stat.S_ISREG(st.st_mode):
        return Target(out, Path(os.path.realpath(out)), into=False)
    return Target(out, out, into=True)


def write_output(target: Target, data: bytes) -> None:
    """Write ``data`` to ``target``: into a special file, atomically over (or as) a regular one."""
    if target.into:
        _write_into(target.path, data)
        return
    parent = target.path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fault(exc, parent, "cannot create", under=_existing_ancestor(parent)) from None
    _atomic_write(target.path, data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _atomic_write(path: Path, data: bytes) -> None:
    """A temp file next to ``path`` (same file system), fsynced, renamed onto it; the temp file is
    removed whatever fails. An existing file keeps its permission bits."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None                                   # a new file: 0666 minus the umask, as usual
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise _fault(exc, path, under=path.parent) from None
    done = False
    try:
        try:
            try:
                if mode is not None:
                    os.fchmod(fd, mode)
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
            done = True
        except OSError as exc:
            raise _fault(exc, path, under=path.parent) from None
    finally:
        if not done:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _write_into(path: Path, data: bytes) -> None:
    """Open an existing special file and write into it (never O_CREAT: it must not become a regular file)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _fault(exc, path) from None
    try:
        _write_all(fd, data)
    except BrokenPipeError:                           # the FIFO's reader left, as `| head` does
        raise
    except OSError as exc:
        raise _fault(exc, path) from None
    finally:
        try:
            os.close(fd)
        except OSError:
            pass


def _write_stdout(data: bytes) -> None:
    """``--output -``: the UTF-8 bytes straight to fd 1 (nothing left buffered to fail again at exit)."""
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):     # stdout replaced in-process (tests): write text
        sys.stdout.write(data.decode("utf-8"))
        return
    try:
        _write_all(fd, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _fault(exc, None) from None


def _show(path) -> str:
    """A path for a one-line message: control characters (a newline in a file name) escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


def _fault(exc: OSError, path: Path | None, doing: str = "cannot write", under: Path | None = None) -> BadInput:
    """One line for an environment fault: what could not be done, to what, and why (``under``: the
    directory whose file system is full)."""
    what = f"handout: {doing} {_show(path) if path is not None else 'stdout'}"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        why = "no space left on device" if code == errno.ENOSPC else "disk quota exceeded"
        return BadInput(f"{what}: {why}" + (f" under {_show(under)}" if under is not None else ""))
    if code == errno.EROFS:
        return BadInput(f"{what}: read-only file system")
    if code in (errno.EACCES, errno.EPERM):
        return BadInput(f"{what}: permission denied")
    return BadInput(f"{what}: {(exc.strerror or str(exc)).lower()}")


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


# ---- the PDF ------------------------------------------------------------------------------------

def _write_pdf(tex: str, target: Target, engine: str = "pdflatex") -> int:
    """Compile in a temp dir (removed whatever happens), then write the PDF like any output."""
    try:
        tmp = Path(tempfile.mkdtemp(prefix="backprop-handout-"))
    except OSError as exc:               # TMPDIR full, read-only, forbidden
        where = tempfile.tempdir or os.environ.get("TMPDIR") or "/tmp"      # gettempdir() may fail again
        raise _fault(exc, Path(where), "cannot make a temp dir in") from None
    try:
        src = tmp / "handout.tex"
        try:
            src.write_text(tex, encoding="utf-8")
        except OSError as exc:
            raise _fault(exc, src, under=tmp.parent) from None
        proc = _compile(engine, src, tmp)
        pdf = tmp / "handout.pdf"
        if proc.returncode != 0 or not pdf.exists():
            lines = [l for l in proc.stdout.splitlines() if l.startswith("!")]
            if _no_room(tmp, proc.stdout):
                raise BadInput(f"handout: {engine} cannot write its output: no space left on device "
                               f"under {_show(tmp.parent)}")
            print(f"backprop: handout: {engine} failed: {lines[0] if lines else 'see the .tex (--format latex)'}",
                  file=sys.stderr)
            return 1
        try:
            data = pdf.read_bytes()
        except OSError as exc:
            raise _fault(exc, pdf, "cannot read") from None
        write_output(target, data)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(target.shown)
    return 0


MAX_RUNS = 3          # longtable settles its column widths in the .aux: a second run, rarely a third


def _compile(engine: str, src: Path, tmp: Path) -> subprocess.CompletedProcess:
    """Run the engine until the tables stop asking for a rerun (one run leaves a long table's
    pages with different column widths and its header off-centre). TeX prints its font's bytes
    (pdflatex's T1 accents are not UTF-8): read them with replacement, never fail on them."""
    for _run in range(MAX_RUNS):
        try:
            proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", src.name],
                                  cwd=tmp, capture_output=True, text=True, errors="replace", timeout=300)
        except OSError as exc:
            raise BadInput(f"handout: cannot run {engine}: {(exc.strerror or str(exc)).lower()}") from None
        if proc.returncode != 0 or "Rerun" not in proc.stdout:
            return proc
    return proc


def _no_room(folder: Path, log: str) -> bool:
    """Whether a failed compile was the file system's fault: TeX could not write a file, or the
    temp dir has (almost) no space left."""
    if "I can't write on file" in log or "fwrite" in log or "No space left" in log:
        return True
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 1 << 20
