"""Files that are whole or absent, and locks that die with their holder.

The render pipeline's cache (:mod:`backprop_anim.pipeline.cache`) and the voice layer
(:mod:`backprop_anim.voice`) both write through these. They live here, not in the pipeline, because
the voice layer sits below the pipeline: scenes may ask it for a clip's length, and scenes never
import the pipeline.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "clip.txt"
>>> with atomic_output(out) as tmp:
...     _ = tmp.write_text("whole")
>>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
('whole', ['clip.txt'])
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_output(path: Path):
    """Yield a temp path next to ``path``; renamed onto it when the block succeeds, removed when not
    (a full disk or an interruption leaves the old file, never half a new one). Every temp file of
    the pipeline is named ``.<name>.tmp<pid>.<thread>``, which ``backprop cache prune`` removes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}.{threading.get_ident()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write a small file through :func:`atomic_output`."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def link_or_copy(src: Path, dst: Path) -> None:
    """A hard link (same bytes, no copy); a copy across file systems; a full disk is raised."""
    try:
        os.link(src, dst)
    except FileExistsError:
        pass
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise
        shutil.copyfile(src, dst)


class FileLock:
    """An advisory ``flock`` on a file: held by one process (exclusive) or many (shared).

    The kernel drops it when the holder dies, so a killed render never leaves a stale lock.
    """

    def __init__(self, path: Path, shared: bool = False):
        self.path, self.shared, self._fh = Path(path), shared, None

    def acquire(self, blocking: bool = True) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+b")
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        try:
            fcntl.flock(self._fh, mode | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            self._fh.close()
            self._fh = None
            return False
        return True

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def cache_lock(cache: Path, shared: bool) -> FileLock:
    """The lock of the whole cache: renders share it, ``backprop cache prune|clean`` take it alone."""
    return FileLock(cache / "locks" / "cache.lock", shared=shared)
