"""``backprop cache [--output DIR] info|prune|clean``: what the render cache holds, and making it smaller.

The cache (``<output>/.cache``) keeps manim's media per scene, the shared TeX pool, stamps and logs,
so re-renders are nearly free; it grows with every distinct formula and scene version.
``prune`` removes what no render will use again (old logs, partial movies no finished render vouches
for, temp files of killed runs, lectures whose folder is gone); ``clean`` removes all of it. Both wait
for no render to be running (renders hold the cache's lock shared).
"""
from __future__ import annotations

import json

from backprop_core.errors import BadInput

from backprop_anim.pipeline import cache as store

from backprop_anim.pipeline.lecture import output_root

from .render import DEFAULT_OUT


def register(subparsers) -> None:
    p = subparsers.add_parser("cache", help="show the render cache's size; prune or clean it")
    p.add_argument("action", choices=["info", "prune", "clean"])
    p.add_argument("--output", default=None, help=f"output root whose .cache is meant (default {DEFAULT_OUT})")
    p.add_argument("--json", action="store_true", help="info as JSON")
    p.set_defaults(func=run)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000


def run(args) -> int:
    root = output_root(args.output or None)
    cache = root / ".cache"
    if args.action == "info":
        info = store.cache_info(cache)
        if args.json:
            print(json.dumps(info, indent=2))
            return 0
        print(f"{cache}: {_size(info['total'])}")
        for slug, size in sorted(info["lectures"].items()):
            print(f"  {_size(size):>9}  {slug}")
        print(f"  {_size(info['tex_pool']):>9}  TeX pool (shared by every lecture)")
        return 0
    if not cache.is_dir():
        print(f"{cache}: nothing to {args.action}")
        return 0
    lock = store.cache_lock(cache, shared=False)
    if not lock.acquire(blocking=False):
        raise BadInput(f"cache: a render is using {cache}; {args.action} it when the render has finished")
    try:
        freed = store.prune(cache, root) if args.action == "prune" else store.clean(cache)
    except OSError as exc:
        raise BadInput(f"cache: cannot {args.action} {cache}: {exc.strerror or exc}") from None
    finally:
        lock.release()
    print(f"{cache}: freed {_size(freed)}, {_size(store.tree_size(cache))} left")
    return 0
