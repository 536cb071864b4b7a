"""``backprop render``: every scene of the lecture through manim, in parallel, into renders/<slug>/.

Layout (docs/rendering.md)::

    renders/<slug>/<quality>/NN_Scene.mp4 (+ .srt)   one file per scene, NN = place in the full lecture;
                                             <quality> is manim's 480p15, 720p30, 1080p60, 2160p60
    renders/<slug>/<quality>/lecture.mp4 .srt .chapters.txt   the full lecture joined (full mp4 runs)
    renders/<slug>/<quality>/sections/NN_Scene/   one video per beat (--sections, backprop slides)
    renders/<slug>/handout.* , renders/<slug>/slides/   written by backprop handout / backprop slides
    renders/.cache/                          manim media per scene, shared TeX pool, stamps, logs

Why it is built this way:
  * one ``python -m manim`` process per scene: scenes are independent, a crash stays local and
    N processes use N cores (manim itself is single-threaded);
  * outputs appear only by ``os.replace`` from the cache (same file system), so a killed or failed
    render never leaves a half-written file in renders/<slug>/;
  * a scene whose inputs (its source, the package sources, the settings, manim's version) are
    unchanged and whose outputs still have the recorded SHA-256 is not rendered again (stamps);
  * every scene gets its own TeX directory filled by hard links from one shared pool of compiled
    formulas: TeX is compiled once per formula, and parallel manims never race on one directory;
  * one lock per scene job: two renders (or a render and ``slides``) of one scene at once do it
    once, the second waits and reuses it; what the cache holds is checked in :mod:`.cache`;
  * every manim runs under :mod:`.child`, so it dies with ``backprop`` even on SIGKILL.
"""
from __future__ import annotations

import ast
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from backprop_core.errors import BadInput
from backprop_core.network.spec import NetworkSpec

from .cache import (FileLock, TexPool, atomic_write_text, cache_lock, digest, drop_broken_texts,
                    keep_verified_partials, matches, record_partials)
from .lecture import ROOT, SceneEntry

CHILD = Path(__file__).with_name("child.py")

QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
FORMATS = ("mp4", "gif", "png")
GIF_MAX_RESOLUTION = "854,480"
DEFAULT_EXPR, DEFAULT_AT = "(a+b)*(b+1)", "a=2,b=1"


@dataclass(frozen=True)
class Settings:
    """What the scenes show and how they are encoded."""

    spec: NetworkSpec = NetworkSpec()
    expr: str = DEFAULT_EXPR
    at: str = DEFAULT_AT
    quality: str = "m"
    fmt: str = "mp4"
    resolution: str | None = None      # "W,H" passed to manim -r (gif defaults to <= 480p)
    sections: bool = False
    lang: str = "en"                   # words on screen, in subtitles and chapters (backprop_core.i18n)
    subtitles: str = "screen"          # "screen": the screen's language; "both": Chinese above English

    def env(self) -> dict[str, str]:
        """The environment of one manim child: scene settings via backprop_anim.config."""
        env = dict(os.environ)
        if env.get("BACKPROP_CONFIG"):          # manim runs in the repository: a relative path would move
            env["BACKPROP_CONFIG"] = os.path.abspath(env["BACKPROP_CONFIG"])
        env.update(BACKPROP_LAYERS=",".join(map(str, self.spec.layers)),
                   BACKPROP_ACTIVATION=self.spec.activation, BACKPROP_LOSS=self.spec.loss,
                   BACKPROP_EXPR=self.expr, BACKPROP_AT=self.at, PYTHONHASHSEED="0",
                   BACKPROP_LANG=self.lang, BACKPROP_SUBTITLES=self.subtitles)
        return env

    def key(self) -> dict:
        """Everything in the settings that changes pixels (the theme comes from the env)."""
        return {"spec": self.spec.to_dict(), "expr": self.expr, "at": self.at, "quality": self.quality,
                "fmt": self.fmt, "resolution": self.resolution,
                "theme": os.environ.get("BACKPROP_THEME", "dark").lower(), "lang": self.lang,
                "subtitles": self.subtitles, "catalogue": catalogue_digest(self.lang, self.subtitles)}


def catalogue_digest(lang: str, subtitles: str) -> str | None:
    """The compiled catalogue's hash when words come from it (a new translation re-renders)."""
    if lang == "en" and subtitles != "both":
        return None
    from backprop_core.i18n import DOMAIN, LOCALE_DIR
    mo = LOCALE_DIR / "zh" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    return hashlib.sha256(mo.read_bytes()).hexdigest()[:16] if mo.exists() else None


def lang_suffix(lang: str) -> str:
    """Each language has its own lecture folder: renders/<slug>/ (English), renders/<slug>-zh/."""
    return "" if lang == "en" else f"-{lang}"


_EXPR_WORDS = {"+": "plus", "-": "minus", "*": "times", "/": "over", "^": "pow", "**": "pow"}


def expr_slug(expr: str, at: str) -> str:
    """A readable, shell-safe name for an expression and its point, e.g.
    ``expr-a-plus-b-times-b-plus-1_at-a2-b1_<hash>``: letters, digits, ``-``, ``_`` and ``.`` only.

    A short hash of the exact text keeps ``(a+b)*c`` and ``(a*b)+c`` (same words) apart.
    """
    words = re.sub(r"\*\*|[-+*/^]", lambda m: f" {_EXPR_WORDS[m.group()]} ", expr)
    clean = lambda s: "-".join(re.findall(r"[A-Za-z0-9.]+", s)) or "none"
    digest = hashlib.sha1(f"{expr}@{at}".encode()).hexdigest()[:6]
    return f"expr-{clean(words)}_at-{clean(at.replace('=', ''))}_{digest}"[:100]


def lecture_slug(settings: Settings) -> str:
    """The lecture folder: the network (``2-2-2_sigmoid_mse``), plus the expression only when it
    is not the default one, so every scene of one lecture lands in one folder."""
    slug = settings.spec.slug
    if (settings.expr, settings.at) != (DEFAULT_EXPR, DEFAULT_AT):
        slug += "__" + expr_slug(settings.expr, settings.at)
    return slug + lang_suffix(settings.lang)



def quality_dir(settings: Settings) -> str:
    """``480p15``, ``720p30`` … as manim names it: the height (from --resolution when given) and fps."""
    height, fps = QUALITIES[settings.quality].split("p")
    resolution = settings.resolution or (GIF_MAX_RESOLUTION if settings.fmt == "gif" and settings.quality != "l" else None)
    if resolution:
        height = resolution.split(",")[1]
    return f"{height}p{fps}"


# ---- what a render is asked for -----------------------------------------------------------------

def expression_setting(expr: str | None, at: str | None) -> tuple[str, str]:
    """``--expr``/``--at`` as the graph scenes get them (``backprop render`` and the notebook's
    ``show``): the default graph when neither is given, the text stripped, the point normalised,
    and a bad expression refused before any work with the graph builder's own message."""
    text = DEFAULT_EXPR if expr is None else expr.strip()
    if not text:
        raise BadInput("render: --expr is empty")
    point = parse_at(at) if at is not None else (DEFAULT_AT if expr is None else "")
    if expr is not None or at is not None:
        from backprop_core.expr.graph import build_graph
        try:
            build_graph(text, point)
        except BadInput as exc:
            raise BadInput(f"render: {exc}") from None
    return text, point


def file_system_problem(exc: OSError, where: Path) -> str:
    """One line for an environment fault while rendering, naming the folder."""
    if exc.errno == errno.ENOSPC:
        return (f"no space left on device under {where} (nothing half-written was kept; free some space "
                "or run `backprop cache prune`, then run again)")
    if exc.errno == errno.EROFS:
        return f"read-only file system: cannot write under {where}"
    return f"cannot write {exc.filename or where}: {exc.strerror or exc}"


# ---- preflight ---------------------------------------------------------------------------------

def missing_tools() -> str | None:
    """One sentence naming what to install when LaTeX or Pango is missing, else None."""
    missing = [t for t in ("latex", "dvisvgm") if shutil.which(t) is None]
    if missing:
        return (f"{' and '.join(missing)} not found: install LaTeX "
                "(apt-get install texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm)")
    try:
        import manimpango  # noqa: F401  (needs the Pango shared libraries)
    except ImportError as exc:
        return f"Pango is not usable ({exc}): install it (apt-get install libpango1.0-dev) and reinstall manim"
    return None


def render_problem(lang: str) -> str | None:
    """What stops any render before it starts (LaTeX, Pango, the language's fonts), in one sentence."""
    from ..fonts import missing_cjk_tex, missing_font
    return missing_tools() or missing_font(lang) or missing_cjk_tex(lang)


# ---- inputs and stamps -------------------------------------------------------------------------

PACKAGES = ("backprop_core", "backprop_anim")


class SourceIndex:
    """Which project sources a scene imports (static ``ast`` walk), each hashed once per job.

    Why not hash every source: editing one mobject module must not re-render scenes that never
    import it, and the render pipeline's own modules never change a scene's pixels.
    """

    def __init__(self, root: Path = ROOT):
        self.root = root
        self._deps: dict[Path, set[Path]] = {}
        self._digest: dict[Path, str] = {}

    def digest(self, path: Path) -> str:
        if path not in self._digest:
            self._digest[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digest[path]

    def _module_file(self, dotted: str) -> Path | None:
        base = self.root.joinpath(*dotted.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def _direct(self, path: Path) -> set[Path]:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            return set()
        try:                                   # a scene file may live outside the project (tests)
            package = path.parent.relative_to(self.root).as_posix().replace("/", ".").strip(".")
        except ValueError:
            package = ""
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    mod = ".".join(p for p in [*parts, mod] if p)
                names.append(mod)
                names += [f"{mod}.{a.name}" for a in node.names]       # "from pkg import module"
        found = set()
        for name in names:
            if name.split(".")[0] not in PACKAGES:
                continue
            parts = name.split(".")
            for i in range(1, len(parts) + 1):                          # packages' __init__ too
                f = self._module_file(".".join(parts[:i]))
                if f:
                    found.add(f)
        return found

    def inputs(self, scene_file: Path) -> list[Path]:
        """The scene file and every project module it reaches through imports, sorted."""
        seen, todo = set(), [scene_file]
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            if path not in self._deps:
                self._deps[path] = self._direct(path)
            todo += self._deps[path] - seen
        return sorted(seen)


def scene_key(entry: SceneEntry, settings: Settings, sources: SourceIndex) -> str:
    """Hash of what decides a scene's output: imported sources, settings, manim and Python versions."""
    h = hashlib.sha256(f"manim {version('manim')} python {sys.version_info[:2]}".encode())
    for path in sources.inputs(entry.file):
        h.update(f"{path.name}:{sources.digest(path)}".encode())
    h.update(json.dumps({"cls": entry.cls, "position": entry.position, **settings.key()}, sort_keys=True).encode())
    return h.hexdigest()


@dataclass
class SceneResult:
    entry: SceneEntry
    status: str                      # "rendered", "cached", "failed"
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    duration: float | None = None    # video seconds (mp4/gif)
    error: str = ""
    log: Path | None = None
    sections: list[dict] = field(default_factory=list)
    disk_full: bool = False          # failed for want of space: the command says so in one line


class Job:
    """One ``backprop render`` run: which scenes, where to, how many at once."""

    def __init__(self, entries: list[SceneEntry], settings: Settings, out_root: Path, jobs: int,
                 full_lecture: bool):
        self.entries, self.settings, self.jobs = entries, settings, max(1, jobs)
        self.full_lecture = full_lecture and settings.fmt == "mp4"
        self.slug = lecture_slug(settings)
        self.out_root = Path(out_root).expanduser().absolute()   # manim runs elsewhere (cwd=ROOT)
        self.lecture_dir = self.out_root / self.slug              # handout.*, slides/
        self.quality = quality_dir(settings)
        self.out_dir = self.lecture_dir / self.quality            # videos of this quality only
        self.cache = self.out_root / ".cache"
        self.tex_pool = TexPool(self.cache / "tex")
        self.run_id = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
        self._children: dict[int, subprocess.Popen] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    # paths
    def media_dir(self, entry: SceneEntry) -> Path:
        return self.cache / "media" / self.slug / f"{entry.stem}-{self.settings.quality}-{self.settings.fmt}"

    def stamp_path(self, entry: SceneEntry) -> Path:
        return self.cache / "stamps" / self.slug / self.quality / f"{entry.stem}.{self.settings.fmt}.json"

    def log_path(self, entry: SceneEntry) -> Path:
        """One log per scene per run: concurrent runs never write into one file."""
        return self.cache / "logs" / self.slug / f"{entry.stem}.{self.run_id}.log"

    def lock_path(self, entry: SceneEntry) -> Path:
        return self.cache / "locks" / self.slug / f"{entry.stem}-{self.settings.quality}-{self.settings.fmt}.lock"

    # ---- one scene
    def cached(self, entry: SceneEntry, key: str) -> SceneResult | None:
        """The previous result when the stamp matches and every output is still there."""
        try:
            stamp = json.loads(self.stamp_path(entry).read_text())
        except (OSError, ValueError):
            return None
        outputs = [self.out_dir / name for name in stamp.get("outputs", [])]
        hashes = stamp.get("sha256")
        if stamp.get("key") != key or not outputs or not isinstance(hashes, list) or len(hashes) != len(outputs):
            return None
        if not all(matches(p, h) for p, h in zip(outputs, hashes)):
            return None
        sections = stamp.get("sections", [])
        if self.settings.sections and self.settings.fmt == "mp4":
            outputs = self.cached_sections(entry, stamp, outputs)
            if outputs is None:
                return None
        return SceneResult(entry, "cached", outputs, 0.0, stamp.get("duration"),
                           sections=sections if self.settings.sections else [])

    def cached_sections(self, entry: SceneEntry, stamp: dict, outputs: list[Path]) -> list[Path] | None:
        """The beat videos of a cached render, published from the media cache when an earlier plain
        ``render`` left them there; None when they are gone (the scene must render again)."""
        dest = self.out_dir / "sections" / entry.stem
        wanted = [dest / Path(s["video"]).name for s in stamp.get("sections", []) if s.get("video")]
        if not wanted:
            return None
        if not all(p in outputs for p in wanted):         # beats only in the media cache: check, then publish
            vouched = stamp.get("media_sections", {})
            media_beats = {p.name: p for p in section_files(self.media_dir(entry), entry) if p.suffix == ".mp4"}
            if not all(matches(media_beats.get(p.name, dest / "missing"), vouched.get(p.name)) for p in wanted):
                return None
            moved = publish_sections(self.media_dir(entry), entry, dest)
            outputs = outputs + [p for p in moved if p not in outputs]
            self.write_stamp(entry, stamp["key"], outputs, stamp.get("duration"), stamp["sections"],
                             stamp.get("seconds", 0.0))
        return outputs

    def previous_seconds(self, entry: SceneEntry) -> float:
        """How long this scene took last time: this slug's stamp, else any slug's (a 2-3-2 lecture
        is ordered by the 2-2-2 timings); 0 when never rendered."""
        stamps = [self.stamp_path(entry)] + sorted((self.cache / "stamps").glob(f"*/*/{entry.stem}.*.json"))
        for path in stamps:
            try:
                return float(json.loads(path.read_text()).get("seconds", 0.0))
            except (OSError, ValueError, TypeError, AttributeError):
                continue
        return 0.0

    def command(self, entry: SceneEntry) -> list[str]:
        s = self.settings
        cmd = [sys.executable, "-m", "manim", "render", f"-q{s.quality}", "--media_dir", str(self.media_dir(entry)),
               "-o", entry.stem, "--progress_bar", "none", "-v", "WARNING", "--format", s.fmt]
        resolution = s.resolution or (GIF_MAX_RESOLUTION if s.fmt == "gif" and s.quality != "l" else None)
        if resolution:
            cmd += ["-r", resolution]
        if s.fmt == "mp4":        # always: a later `backprop slides` reuses this render's beats
            cmd.append("--save_sections")
        return cmd + [str(entry.file), entry.cls]

    def render_scene(self, entry: SceneEntry, key: str) -> SceneResult:
        start, wall_start = time.monotonic(), time.time()
        media = self.media_dir(entry)
        media.mkdir(parents=True, exist_ok=True)
        self.tex_pool.seed(media / "Tex")             # a fresh TeX folder from the checked pool
        keep_verified_partials(media)                 # what manim may reuse: only what a render vouched for
        drop_broken_texts(media)
        log = self.log_path(entry)
        log.parent.mkdir(parents=True, exist_ok=True)
        for old in produced_files(media, entry, self.settings.fmt) + section_files(media, entry):
            old.unlink()                                                # never pick up a stale file
        with open(log, "wb") as fh:
            cmd = [sys.executable, "-I", str(CHILD), str(os.getpid()), "--", *self.command(entry)]
            proc = subprocess.Popen(cmd, cwd=ROOT, env=self.settings.env(), stdout=fh,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            with self._lock:
                self._children[proc.pid] = proc
            try:
                code = proc.wait()
            finally:
                with self._lock:
                    self._children.pop(proc.pid, None)
        seconds = time.monotonic() - start
        if self._stopping.is_set():
            drop_recent_partials(media, wall_start)
            return SceneResult(entry, "failed", seconds=seconds, error="interrupted", log=log)
        produced = produced_files(media, entry, self.settings.fmt)
        main = [p for p in produced if p.suffix == f".{self.settings.fmt}"]
        if code != 0 or not main:
            drop_recent_partials(media, wall_start)
            why = last_error(log) if code != 0 else f"manim wrote no .{self.settings.fmt} file"
            return SceneResult(entry, "failed", seconds=seconds, error=why, log=log,
                               disk_full=disk_was_full(log, self.cache))
        self.tex_pool.share(media / "Tex")
        record_partials(media)
        sections = read_sections(media, entry)
        duration = probe_duration(main[0]) if self.settings.fmt != "png" else None
        beats = {p.name: digest(p) for p in section_files(media, entry) if p.suffix == ".mp4"}
        outputs = self.publish(entry, produced, media)
        self.write_stamp(entry, key, outputs, duration, sections, seconds, media_sections=beats)
        return SceneResult(entry, "rendered", outputs, seconds, duration, log=log,
                           sections=sections if self.settings.sections else [])

    def publish(self, entry: SceneEntry, produced: list[Path], media: Path) -> list[Path]:
        """Move finished files into renders/<slug>/ (atomic renames; the main file last)."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        main_ext = f".{self.settings.fmt}"
        produced = sorted(produced, key=lambda p: p.suffix == main_ext)
        names = {p.suffix for p in produced}
        if main_ext == ".mp4" and ".srt" not in names:          # a stale .srt would lie
            (self.out_dir / f"{entry.stem}.srt").unlink(missing_ok=True)
        outputs = []
        for src in produced:
            if src.suffix == ".srt":                  # manim writes the text as given: escape it as SRT needs
                from .join import merge_srt           # (PyAV is imported only when a render runs)
                atomic_write_text(src, merge_srt([(0.0, src)]))
            dst = self.out_dir / f"{entry.stem}{src.suffix}"
            os.replace(src, dst)
            outputs.append(dst)
        if self.settings.sections and main_ext == ".mp4":
            outputs += publish_sections(media, entry, self.out_dir / "sections" / entry.stem)
        return outputs

    def write_stamp(self, entry, key, outputs, duration, sections, seconds, media_sections=None):
        """What a later run trusts: the outputs with their SHA-256 (and the beats left in the media cache)."""
        path = self.stamp_path(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        if media_sections is None:
            try:
                media_sections = json.loads(path.read_text()).get("media_sections", {})
            except (OSError, ValueError, AttributeError):
                media_sections = {}
        data = {"key": key, "outputs": [str(p.relative_to(self.out_dir)) for p in outputs],
                "sha256": [digest(p) for p in outputs], "duration": duration, "sections": sections,
                "seconds": round(seconds, 2), "media_sections": media_sections}
        atomic_write_text(path, json.dumps(data, indent=1))

    # ---- the whole job
    def run(self, progress=None) -> list[SceneResult]:
        """Render every scene (cached ones are skipped); Ctrl-C kills the children and re-raises."""
        sources = SourceIndex()
        keys = {e: scene_key(e, self.settings, sources) for e in self.entries}
        results: dict[SceneEntry, SceneResult] = {}
        todo = []
        for e in self.entries:
            hit = self.cached(e, keys[e])
            if hit:
                results[e] = hit
                progress and progress.done(e, hit)
            else:
                todo.append(e)
        todo.sort(key=lambda e: -self.previous_seconds(e))   # longest first: shortest makespan
        previous = _install_signals()
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        try:
            futures = {}
            for e in todo:
                futures[pool.submit(self._render_tracked, e, keys[e], progress)] = e
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for f in done:
                    results[futures[f]] = f.result()
                    progress and progress.done(futures[f], results[futures[f]])
        except BaseException:
            self.stop()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        pool.shutdown(wait=True)
        return [results[e] for e in self.entries]

    def _render_tracked(self, entry, key, progress):
        if self._stopping.is_set():
            return SceneResult(entry, "failed", error="interrupted")
        try:
            with FileLock(self.lock_path(entry)):     # another run renders it? wait, then reuse its result
                hit = self.cached(entry, key)
                if hit:
                    return hit
                progress and progress.started(entry)
                return self.render_scene(entry, key)
        except OSError as exc:
            return SceneResult(entry, "failed", error=f"{exc.strerror or exc}: {exc.filename or self.cache}",
                               log=self.log_path(entry), disk_full=exc.errno == errno.ENOSPC)
        except Exception as exc:     # a broken scene must not take the others down
            return SceneResult(entry, "failed", error=f"{type(exc).__name__}: {exc}", log=self.log_path(entry))

    def stop(self):
        """Kill every running manim (whole process group: manim's latex children too)."""
        self._stopping.set()
        with self._lock:
            children = list(self._children.values())
        for proc in children:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for proc in children:
            proc.wait()


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _install_signals() -> dict:
    """SIGTERM and SIGHUP (a closed terminal) behave like Ctrl-C: the children die, temp files go."""
    sigs = (signal.SIGTERM, signal.SIGHUP)
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {sig: signal.signal(sig, _raise_interrupt) for sig in sigs}


# ---- files -------------------------------------------------------------------------------------

def produced_files(media: Path, entry: SceneEntry, fmt: str) -> list[Path]:
    """What manim wrote for this scene: the video/gif/png and the subtitles next to it."""
    if fmt == "png":
        return sorted((media / "images").glob(f"*/{entry.stem}.png"))
    found = []
    for ext in (fmt, "srt"):
        found += sorted((media / "videos").glob(f"*/*/{entry.stem}.{ext}"))
    return found


def drop_recent_partials(media: Path, since: float) -> None:
    """Forget manim's partial movies from a killed or failed run: one may be half-written, and
    manim would reuse it by its hash next time."""
    for path in (media / "videos").glob("*/*/partial_movie_files/*/*"):
        try:
            if path.stat().st_mtime >= since - 1:
                path.unlink()
        except OSError:
            pass


def read_sections(media: Path, entry: SceneEntry) -> list[dict]:
    """manim's section list (name, duration) for chapters; empty when there is none."""
    for path in (media / "videos").glob(f"*/*/sections/{entry.stem}.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return []
        return [{"name": s.get("name", ""), "video": s.get("video", ""),
                 "duration": float(s.get("duration") or 0.0)} for s in data]
    return []


def section_files(media: Path, entry: SceneEntry) -> list[Path]:
    """manim's beat videos and section list of this scene in its media cache."""
    found = []
    for src_dir in (media / "videos").glob("*/*/sections"):
        found += sorted(src_dir.glob(f"{entry.stem}_*.mp4")) + sorted(src_dir.glob(f"{entry.stem}.json"))
    return found


def publish_sections(media: Path, entry: SceneEntry, dest: Path) -> list[Path]:
    """Move a scene's section videos into dest, dropping the previous render's (fewer beats now)."""
    for old in dest.glob(f"{entry.stem}_*.mp4"):
        old.unlink()
    out = []
    for src_dir in (media / "videos").glob("*/*/sections"):
        files = sorted(src_dir.glob(f"{entry.stem}_*.mp4"))
        if files:
            dest.mkdir(parents=True, exist_ok=True)
        for src in files:
            dst = dest / src.name
            os.replace(src, dst)
            out.append(dst)
    return out


LOW_SPACE = 16 << 20     # a failed render with less than this free under the cache ran out of room


def disk_was_full(log: Path, cache: Path) -> bool:
    """Did manim (or latex under it) stop for want of space? Then the command says so in one line.

    The log says so when it could be written; when the disk was too full even for the log, the
    free space left under the cache does.
    """
    try:
        text = log.read_text(errors="replace")
    except OSError:
        text = ""
    if "No space left on device" in text or "[Errno 28]" in text:
        return True
    try:
        return shutil.disk_usage(cache).free < LOW_SPACE
    except OSError:
        return False


def last_error(log: Path) -> str:
    """The most telling line of a manim log: the exception line, else the last line."""
    try:
        lines = [l.strip() for l in log.read_text(errors="replace").splitlines() if l.strip()]
    except OSError:
        return "manim failed (no log)"
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_.]*(Error|Exception|Interrupt)\b", line) or "Error:" in line:
            return line[:300]
    return (lines[-1] if lines else "manim failed without output")[:300]


def probe_duration(path: Path) -> float | None:
    """Seconds of video in a file (PyAV), None when it cannot be read."""
    import av
    try:
        with av.open(str(path)) as c:
            if c.duration:
                return c.duration / 1_000_000
            s = c.streams.video[0]
            return float(s.duration * s.time_base) if s.duration else None
    except (av.FFmpegError, IndexError, OSError):
        return None


def parse_at(at: str) -> str:
    """Validate ``a=2,b=1`` (names = numbers); returns it normalised without spaces."""
    at = at.strip()
    if not at:
        return at
    parts = []
    for item in at.split(","):
        name, eq, value = item.partition("=")
        name, value = name.strip(), value.strip()
        try:
            float(value)
        except ValueError:
            raise BadInput(f"--at: {item.strip()!r} is not name=number (example: --at a=2,b=1)") from None
        if not eq or not name.isidentifier():
            raise BadInput(f"--at: {item.strip()!r} is not name=number (example: --at a=2,b=1)")
        parts.append(f"{name}={value}")
    return ",".join(parts)
