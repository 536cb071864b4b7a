"""The render cache (renders/.cache/) can be trusted: every entry proves its contents.

What can go wrong and what answers it here:
  * a zeroed or truncated output of the right size        -> outputs are recorded with their SHA-256
    (:func:`digest`) and a stamp counts only while every hash matches;
  * a half-written partial movie (kill, full disk) that manim would reuse by its name
    -> :func:`keep_verified_partials` keeps only the partials a successful render listed, with their hashes;
  * a truncated or empty TeX/Text svg that manim would reuse by its name -> :mod:`.tex_pool`
    checks every svg before it enters the shared TeX pool and before a scene sees it;
  * two renders of one scene at once -> :class:`FileLock` per job (the second waits, then reuses);
  * `backprop cache clean` while a render runs -> renders hold the cache's lock shared, clean exclusive.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "f"; _ = p.write_bytes(b"abc")
>>> digest(p)[:12]
'ba7816bf8f01'
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

# the whole-or-absent files and the locks live in ..safe_io (the voice layer, below the pipeline, uses them too)
from ..safe_io import FileLock, atomic_output, atomic_write_text, cache_lock, link_or_copy  # noqa: F401

PARTIALS_MANIFEST = "partials.sha256.json"


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (videos can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def matches(path: Path, expected: str | None) -> bool:
    """True when the file exists and has exactly the recorded contents."""
    try:
        return expected is not None and digest(path) == expected
    except OSError:
        return False


# ---- partial movies -----------------------------------------------------------------------------

def _partial_files(media: Path) -> list[Path]:
    return [p for p in (media / "videos").glob("*/*/partial_movie_files/*/*") if p.is_file()]


def record_partials(media: Path) -> None:
    """After a successful render: the partials it used (manim's concat list), with their hashes."""
    used = {}
    for listing in (media / "videos").glob("*/*/partial_movie_files/*/partial_movie_file_list.txt"):
        for line in listing.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("file '") and line.endswith("'"):
                path = Path(line[len("file '"):-1].removeprefix("file:"))
                if path.is_absolute() and path.is_file() and path.is_relative_to(media):
                    used[str(path.relative_to(media))] = digest(path)
    atomic_write_text(media / PARTIALS_MANIFEST, json.dumps(used, indent=0, sort_keys=True))


def keep_verified_partials(media: Path) -> list[Path]:
    """Before a render: delete every partial movie the last successful render did not vouch for
    (left by a killed run, damaged since, or of an older version of the scene); returns them."""
    try:
        vouched = json.loads((media / PARTIALS_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        vouched = {}
    dropped = []
    for path in _partial_files(media):
        rel = str(path.relative_to(media))
        if path.name == "partial_movie_file_list.txt":
            continue
        if not (isinstance(vouched, dict) and matches(path, vouched.get(rel))):
            path.unlink(missing_ok=True)
            dropped.append(path)
    return dropped


# ---- size, prune, clean -----------------------------------------------------------------------

def tree_size(path: Path) -> int:
    """Bytes in a folder (each hard-linked file once)."""
    seen, total = set(), 0
    for p in Path(path).rglob("*"):
        try:
            st = p.lstat()
        except OSError:
            continue
        if p.is_file() and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


def cache_info(cache: Path) -> dict:
    """Bytes per lecture (its media, stamps and logs) and of the shared TeX pool."""
    lectures: dict[str, int] = {}
    for part in ("media", "stamps", "logs"):
        for folder in sorted((cache / part).glob("*")):
            if folder.is_dir():
                lectures[folder.name] = lectures.get(folder.name, 0) + tree_size(folder)
    tex = tree_size(cache / "tex") if (cache / "tex").is_dir() else 0
    total = tree_size(cache) if cache.is_dir() else 0
    return {"cache": str(cache), "lectures": lectures, "tex_pool": tex, "total": total}


def prune(cache: Path, out_root: Path) -> int:
    """Remove what no render will use again; returns the bytes freed.

    Logs but the newest of each scene; partial movies no finished render vouches for; temp files
    of killed runs; the media, stamps and logs of lectures whose folder under the output root is gone.
    """
    before = tree_size(cache)
    for logs in (cache / "logs").glob("*"):
        newest: dict[str, Path] = {}
        for log in sorted(logs.glob("*.log"), key=lambda p: p.stat().st_mtime):
            scene = log.name.split(".", 1)[0]
            if scene in newest:
                newest[scene].unlink(missing_ok=True)
            newest[scene] = log
    for media in (cache / "media").glob("*/*"):
        if media.is_dir():
            keep_verified_partials(media)
    for tmp in cache.rglob(".*.tmp*"):           # every temp file here is named .<name>.tmp<…>
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
    for part in ("media", "stamps", "logs"):
        for folder in (cache / part).glob("*"):
            if folder.is_dir() and not (out_root / folder.name).exists():
                shutil.rmtree(folder, ignore_errors=True)
    return before - tree_size(cache)


def clean(cache: Path) -> int:
    """Remove the whole cache but its lock folder; returns the bytes freed."""
    before = tree_size(cache)
    for child in cache.iterdir() if cache.is_dir() else ():
        if child.name == "locks":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    return before - tree_size(cache)
