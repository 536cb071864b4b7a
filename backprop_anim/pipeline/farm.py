"""``--scheduler tcp://HOST:PORT``: the scenes of a render as tasks on a Dask distributed cluster.

Why Dask and not Ray: ``distributed`` is a pure-Python install from PyPI, pinned like every other
package here; ``dask scheduler`` and ``dask worker`` are the commands people already run for
Python work; the scheduler re-runs the task of a worker that died (and gives up, ``KilledWorker``,
after ``distributed.scheduler.allowed-failures`` deaths); and it is small: a scheduler and a worker
are a Python process each. Ray brings a runtime of its own (a C++ core, a raylet and an object
store per node, a dashboard, wheels tied to platform builds) for what is here one function call
per scene that returns some files.

One mechanism, two executors. :class:`~.render.Job` makes a scene, then publishes it; locally
"make" runs manim here (:class:`~.render.LocalExecutor`); here it is a task:

* a task carries the scene's class name, the :class:`~.settings.Settings`, the client's ``BACKPROP_*``
  environment (theme, language…) and the scene's :func:`~.sources.code_key`;
* the worker finds the scene in its own installation (its scenes, or its BACKPROP_SCENES_DIR),
  refuses when its code key differs (another version would draw other pictures), and renders it
  with the same ``Job.make`` as a local render, into its own cache (BACKPROP_FARM_CACHE, else
  ``backprop/`` in the worker's local directory: TeX pool and partial movies stay there);
* it returns the bytes of what manim made (the scene's mp4/gif/png and .srt, its beat videos and
  their index) with the log; the client writes them into its own media folder (atomic renames) and
  from there the local path takes over: the same ``collect``, ``publish`` and stamp, so renders/
  holds the same file names and bytes, and a later local render finds a cache hit.

A scene that fails by itself (a bug in it) is a result, not an exception: it fails the render with
its one-line message and is never retried; a task whose function raised for another reason runs
:data:`RETRIES` more times.
"""
from __future__ import annotations

import logging
import os
import re
import threading
import time
import uuid
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from backprop_core.errors import BadInput

from .cache import FileLock, atomic_output, cache_lock
from .lecture import lecture_scenes
from .media import section_files
from .render import Job, Made
from .settings import Settings
from .sources import SourceIndex, code_key

CONNECT_TIMEOUT = 3.0      # seconds to reach the scheduler before saying it cannot be reached
WORKER_WAIT = 20.0         # seconds for the first worker to be there
RETRIES = 1                # extra runs of a task whose function raised (not a scene's own failure)
PROTOCOL = 1               # what a task carries and returns; raised when that changes
MAX_IN_FLIGHT = 256        # scenes submitted at once (one waiting thread each)
NOT_SENT = ("BACKPROP_CONFIG", "BACKPROP_SCENES_DIR", "BACKPROP_VOICE_CACHE")   # paths of this machine (the settings carry the config)
_ADDRESS = re.compile(r"tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})")


def scheduler_address(text: str, where: str = "render") -> str:
    """``tcp://HOST:PORT`` as given, checked before any network is touched."""
    m = _ADDRESS.fullmatch(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 65535:
        shown = repr(text) if len(text) <= 60 else f"a value of {len(text)} characters"
        raise BadInput(f"{where}: --scheduler must be tcp://HOST:PORT (the address `dask scheduler` prints, "
                       f"e.g. tcp://10.0.0.5:8786), got {shown}")
    return text.strip()


def connect(text: str, where: str = "render") -> "FarmExecutor":
    """A client of the scheduler with at least one worker, or one line saying why not."""
    address = scheduler_address(text, where)
    logging.getLogger("distributed").setLevel(logging.CRITICAL)   # our one line says it; no log noise
    from distributed import Client
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise BadInput(f"{where}: cannot reach the Dask scheduler at {address} within {CONNECT_TIMEOUT:.0f} s "
                       f"({type(exc).__name__}); start one there with `dask scheduler` or check --scheduler") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except (OSError, TimeoutError):
        client.close()
        raise BadInput(f"{where}: the Dask scheduler at {address} has no worker (waited {WORKER_WAIT:.0f} s); "
                       f"start one with `dask worker {address}`") from None
    return FarmExecutor(client, address, where)


def package_version() -> str:
    try:
        return version("backprop-anim")
    except PackageNotFoundError:
        return "not installed"


def client_env(settings: Settings) -> dict[str, str]:
    """The variables of a manim child that this machine decides (scene settings, theme, language)."""
    return {k: v for k, v in settings.env().items()
            if (k.startswith("BACKPROP_") and k not in NOT_SENT) or k == "PYTHONHASHSEED"}


class FarmExecutor:
    """Scenes made on the cluster's workers, then published here exactly as a local render publishes."""

    def __init__(self, client, address: str, where: str = "render"):
        self.client, self.address, self.where = client, address, where
        self._futures: set = set()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def check(self, job: Job) -> None:
        """Refuse, before anything is written, when a worker has other code than this machine."""
        sources = SourceIndex()
        ours = {e.cls: code_key(e, job.settings, sources) for e in job.entries}
        try:
            theirs = self.client.run(worker_code_keys, sorted(ours), job.settings)
        except Exception as exc:          # e.g. a worker without backprop-anim cannot unpickle the call
            raise BadInput(f"{self.where}: the Dask workers at {self.address} cannot run backprop-anim "
                           f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                           "install it there (README: a lecture farm)") from None
        for worker, found in sorted(theirs.items()):
            if found.get("protocol") != PROTOCOL:
                differs = f"backprop-anim {found.get('version')} there, {package_version()} here"
            else:
                bad = [c for c in ours if found["keys"].get(c) != ours[c]]
                if not bad:
                    continue
                differs = (f"scene {bad[0]}: its file, the modules it imports, its place in the lecture, "
                           "the catalogue, manim or Python")
            raise BadInput(f"{self.where}: the Dask worker {worker} has other code than this machine ({differs}); "
                           "install the same commit of backprop-anim (same manim, same Python) on every worker")

    def threads(self, job: Job, todo: list) -> int:
        return min(len(todo), MAX_IN_FLIGHT)

    def make(self, job: Job, entry) -> Made:
        """Run the scene as a task; write what it made into this job's media folder."""
        from concurrent.futures import CancelledError
        from distributed.scheduler import KilledWorker
        if job._stopping.is_set():
            return Made(error="interrupted")
        media = job.clear_outputs(entry)
        future = self.client.submit(render_task, entry.cls, job.settings, client_env(job.settings),
                                    code_key(entry, job.settings, SourceIndex()),
                                    key=f"backprop-{entry.stem}-{uuid.uuid4().hex[:12]}", pure=False,
                                    retries=RETRIES, priority=int(job.previous_seconds(entry)))
        with self._lock:
            self._futures.add(future)
        try:
            reply = future.result()
        except CancelledError:
            return Made(error="interrupted")
        except KilledWorker:
            return Made(error="every Dask worker that ran it died (the scheduler's allowed-failures); "
                              "see the workers' logs")
        except Exception as exc:
            text = str(exc).splitlines()[0] if str(exc) else ""
            return Made(error=f"on the Dask cluster: {type(exc).__name__}: {text}"[:300])
        finally:
            with self._lock:
                self._futures.discard(future)
            future.release()
        log = job.log_path(entry)
        with atomic_output(log) as tmp:
            tmp.write_bytes(reply["log"])
        if reply["error"]:
            return Made(error=f"{reply['error']} (on the Dask worker {reply['worker']})"[:400], log=log)
        root = media.resolve()
        for rel, data in sorted(reply["files"].items(), key=lambda kv: kv[0].endswith(f".{job.settings.fmt}")):
            dest = media / rel
            if not dest.resolve().is_relative_to(root):
                return Made(error=f"the Dask worker {reply['worker']} sent a file outside the scene: {rel[:80]}",
                            log=log)
            with atomic_output(dest) as tmp:
                tmp.write_bytes(data)
        made = job.collect(entry, log)
        made.seconds = reply["seconds"]
        return made

    def stop(self, job: Job) -> None:
        """Cancel the tasks (a running manim on a worker finishes; its result is dropped)."""
        with self._lock:
            futures = list(self._futures)
        if futures:
            try:
                self.client.cancel(futures)
            except Exception:           # the scheduler may be gone already: nothing left to cancel
                pass


# ---- on a worker -------------------------------------------------------------------------------

class WorkerJob(Job):
    """One scene rendered on a worker, in its own cache, with the client's scene environment."""

    def __init__(self, entry, settings: Settings, root: Path, env: dict[str, str]):
        super().__init__([entry], settings, root, jobs=1, full_lecture=False)
        self.env = env

    def child_env(self) -> dict[str, str]:
        return {**self.settings.env(), **self.env, "BACKPROP_VOICE_CACHE": str(self.cache)}


def worker_root(local_directory: str) -> Path:
    """Where a worker keeps its render cache: BACKPROP_FARM_CACHE (kept across restarts; workers
    on one machine may share it, as two renders share one), else its own local directory."""
    return Path(os.environ.get("BACKPROP_FARM_CACHE") or Path(local_directory) / "backprop").absolute()


def worker_code_keys(classes: list[str], settings: Settings) -> dict:
    """This worker's package version and code key of each scene (None when it has no such scene)."""
    sources = SourceIndex()
    found = {e.cls: e for e in lecture_scenes()}
    keys = {c: code_key(found[c], settings, sources) if c in found else None for c in classes}
    return {"protocol": PROTOCOL, "version": package_version(), "keys": keys}


def render_task(cls: str, settings: Settings, env: dict[str, str], expected_key: str) -> dict:
    """Render one scene on this worker; the bytes of what manim made, its log, or the scene's error."""
    from distributed import get_worker
    worker = get_worker()
    start = time.monotonic()
    reply = {"worker": worker.address, "files": {}, "log": b"", "error": "", "seconds": 0.0}
    entry = next((e for e in lecture_scenes() if e.cls == cls), None)
    if entry is None:
        reply["error"] = f"the worker has no scene {cls}: install the same commit of backprop-anim there"
        return reply
    if code_key(entry, settings, SourceIndex()) != expected_key:
        reply["error"] = "the worker has other code for this scene: install the same commit of backprop-anim there"
        return reply
    job = WorkerJob(entry, settings, worker_root(worker.local_directory), env)
    with cache_lock(job.cache, shared=True), FileLock(job.lock_path(entry)):
        made = job.make(entry)
        if made.log and made.log.exists():
            reply["log"] = made.log.read_bytes()
        if made.error:
            reply["error"] = made.error + (" (no space left on the worker)" if made.disk_full else "")
            return reply
        media = job.media_dir(entry)
        files = made.produced + section_files(media, entry)
        reply["files"] = {p.relative_to(media).as_posix(): p.read_bytes() for p in files}
        for p in files:                  # handed over: the worker keeps its TeX and partial movies
            p.unlink()
    reply["seconds"] = time.monotonic() - start
    return reply
