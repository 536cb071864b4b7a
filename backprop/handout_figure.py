"""The handout's network figure: one still of the lecture's NetworkDiagram, rendered by manim in a
child process (the CLI never imports manim) and kept in the render cache by its inputs.

Key: the network, the example's seed and every value the figure shows, the language, manim's
version and the sources that draw it (the figure scene, the diagram, the theme), so a changed
diagram or example is drawn again and an unchanged one costs nothing.
Any failure leaves the handout without its figure and says so in one line on stderr.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from PIL import Image, ImageChops

import backprop_anim
from backprop_core.settings import LectureSettings
from backprop_core.network.spec import NetworkSpec

ANIM = Path(backprop_anim.__file__).resolve().parent
SCENE_FILE = ANIM / "kit" / "figure.py"
SOURCES = (SCENE_FILE, ANIM / "mobjects" / "network_diagram.py", ANIM / "theme.py")


def figure_key(spec: NetworkSpec, lang: str, seed: int, values: dict) -> str:
    shown = "|".join(f"{k}={v!r}" for k, v in sorted(values.items()))
    h = hashlib.sha256(f"{spec.slug}|{seed}|{shown}|{lang}|{version('manim')}".encode())
    for f in SOURCES:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def network_figure(spec: NetworkSpec, lang: str, cache: Path, seed: int, values: dict) -> Path | None:
    """The PNG of the network with the example of ``seed`` (whose node ``values`` the handout
    prints), made once per key under ``cache``; None when manim cannot make it."""
    out = cache / "handout-figure" / f"{spec.slug}-{lang}-{figure_key(spec, lang, seed, values)}.png"
    if out.is_file():
        return out
    env = LectureSettings(layers=",".join(map(str, spec.layers)), activation=spec.activation, loss=spec.loss,
                          lang=lang, theme="light").to_env()
    env["BACKPROP_FIGURE_SEED"] = str(seed)
    with tempfile.TemporaryDirectory(prefix="backprop-figure-") as tmp:
        cmd = [sys.executable, "-m", "manim", "render", "-qh", "-s", "--disable_caching", "--media_dir", tmp,
               "-o", "figure", str(SCENE_FILE), "NetworkFigure"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=300,
                                  env={**__import__("os").environ, **env})
        except (OSError, subprocess.TimeoutExpired) as exc:
            print(f"backprop: handout: no network figure ({exc})", file=sys.stderr)
            return None
        made = sorted(Path(tmp).rglob("figure*.png"))
        if proc.returncode != 0 or not made:
            last = (proc.stderr.strip().splitlines() or ["manim failed"])[-1][:200]
            print(f"backprop: handout: no network figure (manim: {last})", file=sys.stderr)
            return None
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_suffix(".partial")
        _trimmed(made[0], part)
        part.replace(out)
    return out


def _trimmed(src: Path, dst: Path, margin: int = 12) -> None:
    """The still without its empty border (the frame is 16:9, the network is wide and flat)."""
    img = Image.open(src).convert("RGB")
    box = ImageChops.difference(img, Image.new("RGB", img.size, img.getpixel((0, 0)))).getbbox()
    if box:
        x0, y0, x1, y1 = box
        img = img.crop((max(0, x0 - margin), max(0, y0 - margin), min(img.width, x1 + margin),
                        min(img.height, y1 + margin)))
    img.save(dst, format="PNG")
