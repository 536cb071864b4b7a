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
  * making a scene and publishing it are two steps (:class:`Made` between them): the executor makes
    it here (:class:`LocalExecutor`) or on a Dask cluster (:mod:`.farm`), publishing is one path.

The pieces beside this module: :mod:`.settings` (what is rendered, folder names), :mod:`.sources`
(the inputs a stamp is checked against), :mod:`.media` (what manim leaves in a scene's media folder),
:mod:`.cache` (hashes, locks, partial movies, size and clean-up), :mod:`.tex_pool` (shared formulas).
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from backprop_core.errors import BadInput

from . import encoder
from .cache import (FileLock, atomic_write_text, cache_lock, digest, keep_verified_partials, matches,
                    record_partials)
from .lecture import ROOT, SceneEntry
from .media import (disk_was_full, last_error, probe_duration, produced_files, publish_sections, read_sections,
                    section_files)
from .settings import Settings, lecture_slug, quality_dir
from .sources import SourceIndex, scene_key
from .tex_pool import TexPool, drop_broken_texts

CHILD = Path(__file__).with_name("child.py")

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


def file_system_problem(exc: OSError, where: Path) -> str:
    """One line for an environment fault while rendering, naming the folder."""
    if exc.errno == errno.ENOSPC:
        return (f"no space left on device under {where} (nothing half-written was kept; free some space "
                "or run `backprop cache prune`, then run again)")
    if exc.errno == errno.EROFS:
        return f"read-only file system: cannot write under {where}"
    return f"cannot write {exc.filename or where}: {exc.strerror or exc}"


@contextmanager
def render_session(job: "Job"):
    """Around every run of a job (``backprop render``/``slides``, the notebook's ``show``): the cache
    held shared, so ``backprop cache clean`` waits, and a file-system fault as one line."""
    try:
        with cache_lock(job.cache, shared=True):
            yield
    except OSError as exc:
        raise BadInput(file_system_problem(exc, job.out_root)) from None


@dataclass
class Made:
    """What one render of a scene left in its media folder, ready to publish (or why it failed):
    the one hand-over between making a scene (here, or on a farm worker) and publishing it."""
    produced: list[Path] = field(default_factory=list)   # the main file and its .srt, in the media folder
    duration: float | None = None
    sections: list[dict] = field(default_factory=list)
    beats: dict = field(default_factory=dict)             # beat file name -> SHA-256 (media_sections)
    log: Path | None = None
    error: str = ""
    disk_full: bool = False
    seconds: float | None = None     # the render's own time when it ran elsewhere (a farm worker)


class LocalExecutor:
    """Scenes made here: one manim child process per scene, ``--jobs`` at once."""

    def threads(self, job: "Job", todo: list) -> int:
        return job.jobs

    def make(self, job: "Job", entry: SceneEntry) -> Made:
        return job.make(entry)

    def stop(self, job: "Job") -> None:
        pass


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
                 full_lecture: bool, executor=None):
        self.entries, self.settings, self.jobs = entries, settings, max(1, jobs)
        self.executor = executor or LocalExecutor()     # or a Dask farm (.farm.FarmExecutor)
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
        """One lock per media folder: whoever holds it is the only manim writing there."""
        return self.cache / "locks" / self.slug / f"{self.media_dir(entry).name}.lock"

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
            if not all(p.name in media_beats and matches(media_beats[p.name], vouched.get(p.name)) for p in wanted):
                return None
            moved = publish_sections(self.media_dir(entry), entry, dest)
            outputs = outputs + [p for p in moved if p not in outputs]
            self.write_stamp(entry, stamp["key"], outputs, stamp.get("duration"), stamp["sections"],
                             stamp.get("seconds", 0.0), vouched)
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
        if s.manim_resolution:
            cmd += ["-r", s.manim_resolution]
        if s.fmt == "mp4":        # always: a later `backprop slides` reuses this render's beats
            cmd += ["--save_sections", "--config_file", str(encoder.config_file(self.cache))]
        return cmd + [str(entry.file), entry.cls]

    def child_env(self) -> dict[str, str]:
        """The environment of this job's manim children (their voice clips in this job's cache)."""
        return {**self.settings.env(), "BACKPROP_VOICE_CACHE": str(self.cache)}

    def clear_outputs(self, entry: SceneEntry) -> Path:
        """The scene's media folder without the files a previous render left to publish; returns it."""
        media = self.media_dir(entry)
        media.mkdir(parents=True, exist_ok=True)
        for old in produced_files(media, entry, self.settings.fmt) + section_files(media, entry):
            old.unlink()                                                # never pick up a stale file
        return media

    def make(self, entry: SceneEntry) -> Made:
        """Run manim for one scene into its media folder (this machine)."""
        media = self.clear_outputs(entry)
        self.tex_pool.seed(media / "Tex")             # a fresh TeX folder from the checked pool
        keep_verified_partials(media)                 # what manim may reuse: only what a render vouched for
        drop_broken_texts(media)
        log = self.log_path(entry)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as fh:
            cmd = [sys.executable, "-I", str(CHILD), str(os.getpid()), "--", *self.command(entry)]
            proc = subprocess.Popen(cmd, cwd=ROOT, env=self.child_env(), stdout=fh,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            with self._lock:
                self._children[proc.pid] = proc
                stopped_meanwhile = self._stopping.is_set()   # stop() listed the children before this
            if stopped_meanwhile:
                _kill_group(proc.pid)
            try:
                code = proc.wait()
            finally:
                with self._lock:
                    self._children.pop(proc.pid, None)
        if self._stopping.is_set():
            keep_verified_partials(media)             # a killed manim may have left one half-written
            return Made(error="interrupted", log=log)
        main = [p for p in produced_files(media, entry, self.settings.fmt) if p.suffix == f".{self.settings.fmt}"]
        if code != 0 or not main:
            keep_verified_partials(media)
            why = last_error(log) if code != 0 else f"manim wrote no .{self.settings.fmt} file"
            return Made(error=why, log=log, disk_full=disk_was_full(log, self.cache))
        self.tex_pool.share(media / "Tex")
        record_partials(media)
        if self.settings.fmt == "mp4":                # the presenter's beats speak as the scene does
            from .beat_audio import give_beats_their_audio
            give_beats_their_audio(main[0], [p for p in section_files(media, entry) if p.suffix == ".mp4"])
        return self.collect(entry, log)

    def collect(self, entry: SceneEntry, log: Path | None) -> Made:
        """What a finished render left in the scene's media folder, read as a local render reads it
        (also after a farm's files were written there)."""
        media = self.media_dir(entry)
        produced = produced_files(media, entry, self.settings.fmt)
        main = [p for p in produced if p.suffix == f".{self.settings.fmt}"]
        if not main:
            return Made(error=f"manim wrote no .{self.settings.fmt} file", log=log)
        duration = probe_duration(main[0]) if self.settings.fmt != "png" else None
        beats = {p.name: digest(p) for p in section_files(media, entry) if p.suffix == ".mp4"}
        return Made(produced, duration, read_sections(media, entry), beats, log)

    def render_scene(self, entry: SceneEntry, key: str) -> SceneResult:
        """Make the scene (here or on the farm), then publish it and write its stamp: one path for both."""
        start = time.monotonic()
        made = self.executor.make(self, entry)
        seconds = made.seconds if made.seconds is not None else time.monotonic() - start
        if made.error:
            return SceneResult(entry, "failed", seconds=seconds, error=made.error, log=made.log,
                               disk_full=made.disk_full)
        outputs = self.publish(entry, made.produced, self.media_dir(entry))
        self.write_stamp(entry, key, outputs, made.duration, made.sections, seconds, made.beats)
        return SceneResult(entry, "rendered", outputs, seconds, made.duration, log=made.log,
                           sections=made.sections if self.settings.sections else [])

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
        remove_old_numbers(self.out_dir, entry)
        return outputs

    def write_stamp(self, entry, key, outputs, duration, sections, seconds, media_sections: dict):
        """What a later run trusts: the outputs with their SHA-256, and the beats left in the media
        cache with theirs (``media_sections``: beat file name -> SHA-256)."""
        path = self.stamp_path(entry)
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
        signalled: list[int] = []
        previous = _install_signals(signalled)
        pool = ThreadPoolExecutor(max_workers=max(1, self.executor.threads(self, todo)))
        try:
            futures = {}
            for e in todo:
                futures[pool.submit(self._render_tracked, e, keys[e], progress)] = e
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if signalled:
                    raise KeyboardInterrupt
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
        """Kill every running manim (whole process group: manim's latex children too); a farm
        cancels its tasks."""
        self._stopping.set()
        self.executor.stop(self)
        with self._lock:
            children = list(self._children.values())
        for proc in children:
            _kill_group(proc.pid)
        for proc in children:
            proc.wait()


def remove_old_numbers(out_dir: Path, entry: SceneEntry) -> None:
    """A scene that moved in the lecture leaves nothing under its old number (``16_GradientCheck.mp4``
    beside ``17_GradientCheck.mp4`` would be shown as a 22nd scene)."""
    for old in out_dir.glob(f"[0-9][0-9]_{entry.cls}.*"):
        if not old.name.startswith(entry.stem + "."):
            old.unlink(missing_ok=True)
    for old in (out_dir / "sections").glob(f"[0-9][0-9]_{entry.cls}"):
        if old.name != entry.stem:
            shutil.rmtree(old, ignore_errors=True)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _install_signals(signalled: list[int]) -> dict:
    """Ctrl-C, SIGTERM and SIGHUP (a closed terminal) are noted in ``signalled`` and acted on
    between two waits for the scenes: the children die, temp files go. Raised inside the wait
    itself, an interrupt could leave a future's lock taken, and the job hang on its workers."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {sig: signal.signal(sig, lambda signum, frame: signalled.append(signum))
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}


