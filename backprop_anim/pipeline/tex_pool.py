"""The shared pool of compiled formulas, and the svg checks that keep manim from reusing a broken one.

manim names a formula's svg by the hash of its TeX and reuses any file of that name; a file cut
short by a full disk or a killed run would fail (or silently draw nothing) in every later run.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.svg"
>>> _ = p.write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L1 1"/></svg>')
>>> drawable_svg(p), parsable_svg(p)
(True, True)
>>> _ = p.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
>>> drawable_svg(p), parsable_svg(p)
(False, True)
"""
from __future__ import annotations

import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from .cache import atomic_output, link_or_copy

# svg elements that put ink on the page (a formula's glyphs are <path>s or <use>s of them)
_INK = {"path", "use", "rect", "line", "polyline", "polygon", "circle", "ellipse"}


def _svg_root(path: Path):
    """The root element of a complete svg file, None when the file is cut short, zeroed or not an svg."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None
    return root if _local(root.tag) == "svg" else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def drawable_svg(path: Path) -> bool:
    """A complete svg with at least one element that draws: a truncated, zeroed or empty file is not."""
    root = _svg_root(path)
    return root is not None and any(_local(el.tag) in _INK for el in root.iter())


def parsable_svg(path: Path) -> bool:
    """A complete svg (Pango draws a space as an svg with no ink, which is fine)."""
    return _svg_root(path) is not None


class TexPool:
    """Compiled formulas shared by every scene: TeX runs once per formula, scenes get hard links.

    Only drawable svgs enter the pool (atomically), and each pool file is checked once per job
    before it is linked into a scene, so a damaged entry is dropped and compiled again.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self._checked: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _good(self, svg: Path) -> bool:
        try:
            st = svg.stat()
        except OSError:
            return False
        ident = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            if self._checked.get(svg.name) == ident:
                return True
        if not drawable_svg(svg):
            svg.unlink(missing_ok=True)
            return False
        with self._lock:
            self._checked[svg.name] = ident
        return True

    def seed(self, tex_dir: Path) -> None:
        """Give a scene a fresh TeX folder holding links to every good pool formula.

        The folder is emptied first: whatever a killed or failed run left there (a truncated svg
        or dvi that manim would trust by its name) is gone.
        """
        shutil.rmtree(tex_dir, ignore_errors=True)
        tex_dir.mkdir(parents=True, exist_ok=True)
        if not self.root.is_dir():
            return
        for svg in self.root.glob("*.svg"):
            if self._good(svg):
                link_or_copy(svg, tex_dir / svg.name)

    def share(self, tex_dir: Path) -> None:
        """Add a scene's newly compiled, drawable formulas to the pool."""
        for svg in tex_dir.glob("*.svg"):
            self.add(svg)

    def add(self, svg: Path) -> None:
        """One compiled formula into the pool, if drawable and new (link to a temp name, rename)."""
        target = self.root / svg.name
        if target.exists() or not drawable_svg(svg):
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with atomic_output(target) as tmp:
            link_or_copy(svg, tmp)

    def get(self, name: str) -> Path | None:
        """The pool's good svg of this name, or None."""
        svg = self.root / name
        return svg if self._good(svg) else None


def drop_broken_texts(media: Path) -> list[Path]:
    """Remove Pango text svgs that do not parse (manim would reuse them by name and fail)."""
    dropped = []
    for svg in (media / "texts").glob("*.svg"):
        if not parsable_svg(svg):
            svg.unlink(missing_ok=True)
            dropped.append(svg)
    return dropped
