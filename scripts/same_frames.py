"""Do two checkouts draw the same lecture? Every frame of every scene compared, pixel by pixel.

A refactor must not change the picture. This renders each scene with plain manim at -ql in this
checkout and in another one (e.g. a worktree of the commit before the refactor), decodes every
frame of both videos with PyAV and compares them (the encoder is deterministic: the same frames
give the same bytes, so any difference is a real one)::

    git worktree add --detach /tmp/before <commit>
    .venv/bin/python scripts/same_frames.py /tmp/before                  # every scene, English
    .venv/bin/python scripts/same_frames.py /tmp/before --lang zh FinalLayerPaths

One line per scene: the frame counts and the largest difference of any channel of any pixel;
exit status 1 when a scene differs. Both checkouts run with this venv's packages; each one's own
``backprop_core``/``backprop_anim``/``scenes`` come first on ``sys.path`` (its folder is the cwd).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def scene_files(checkout: Path) -> dict[str, str]:
    """Scene class -> its file, as the checkout's own ``backprop scenes`` lists them."""
    out = subprocess.run([sys.executable, "-m", "backprop", "scenes", "--json"], cwd=checkout,
                         capture_output=True, text=True, check=True, env=_env(checkout, {}))
    return {s["class"]: s["file"] for s in json.loads(out.stdout)}


def _env(checkout: Path, extra: dict) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(checkout), **extra)
    # each checkout's own scenes/: the editable install's ``backprop_scenes`` is this venv's checkout,
    # so without this the other checkout would render (or fail on) this one's scene files
    env["BACKPROP_SCENES_DIR"] = str(checkout / "scenes")
    return env


def render_frames(checkout: Path, file: str, scene: str, media: Path, extra: dict) -> list[np.ndarray]:
    """Every frame time's picture of one scene at -ql, decoded, in order (a held picture, one frame
    in the file, at each frame time of its hold)."""
    from backprop_anim.pipeline.frames import shown_frames
    cmd = [sys.executable, "-m", "manim", "render", "-ql", "--disable_caching",
           "--media_dir", str(media), "--progress_bar", "none", "-v", "WARNING", file, scene]
    done = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True, env=_env(checkout, extra))
    if done.returncode:
        raise RuntimeError(f"{checkout}: {scene} failed:\n{done.stderr[-2000:]}")
    (video,) = [p for p in media.rglob(f"{scene}.mp4") if "partial_movie_files" not in p.parts]
    return list(shown_frames(video))


def compare(old: list[np.ndarray], new: list[np.ndarray]) -> tuple[int, int]:
    """(frames that differ, largest channel difference); a different count counts as all."""
    if len(old) != len(new):
        return max(len(old), len(new)), 255
    differing, worst = 0, 0
    for x, y in zip(old, new):
        x, y = x.astype(np.int16), y.astype(np.int16)
        diff = 255 if x.shape != y.shape else int(np.abs(x - y).max())
        differing += diff > 0
        worst = max(worst, diff)
    return differing, worst


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path, help="the other checkout (the picture to keep)")
    ap.add_argument("scenes", nargs="*", help="scene classes (default: every scene)")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                    help="more settings for both renders, e.g. BACKPROP_LAYERS=3,2,2")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    extra = dict(kv.split("=", 1) for kv in args.env)
    extra["BACKPROP_LANG"] = args.lang
    before, after = args.before.resolve(), ROOT
    files = scene_files(after)
    names = args.scenes or list(files)
    old_files = scene_files(before)

    def one(scene: str) -> tuple[str, str, bool]:
        with tempfile.TemporaryDirectory() as tmp:
            old = render_frames(before, old_files[scene], scene, Path(tmp, "old"), extra)
            new = render_frames(after, files[scene], scene, Path(tmp, "new"), extra)
            differing, worst = compare(old, new)
        same = differing == 0
        line = f"{scene:24} {len(old):5} / {len(new):5} frames  " + (
            "identical" if same else f"{differing} differ, max diff {worst}")
        return scene, line, same

    ok = True
    with ThreadPoolExecutor(args.jobs) as pool:
        for _scene, line, same in pool.map(one, names):
            print(line, flush=True)
            ok &= same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
