"""One pool of compiled formulas for all test workers: a formula is compiled by the first worker
that needs it, and the other reuses its svg (a cold run compiled ~850 formulas twice, ~0.4 s each).

Each worker still compiles in its own folder (two latex runs in one folder race); a finished,
drawable svg is then linked into the pool under a temporary name and renamed, so a reader sees
a whole file or none (``backprop_anim.pipeline.tex_pool``, as the render pipeline shares them).
A worker reads a pooled formula through a link in its own folder: manim writes and removes a
``<name>_.svg`` beside the file it reads, which two workers in one folder would race on.
"""
from __future__ import annotations

from pathlib import Path

import manim.mobject.text.tex_mobject as tex_mobject
from manim.utils import tex_file_writing

from backprop_anim.safe_io import link_or_copy
from backprop_anim.pipeline.tex_pool import TexPool

_compile = tex_file_writing.tex_to_svg_file


def share_formulas(pool_dir: Path) -> None:
    """Make every MathTex/Tex of this process look in ``pool_dir`` first and add what it compiles."""
    pool = TexPool(pool_dir)

    def tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template or tex_file_writing.config["tex_template"]
        tex_file = tex_file_writing.generate_tex_file(expression, environment, template)
        svg = tex_file.with_suffix(".svg")
        pooled = pool.get(svg.name)
        if pooled is not None and not svg.exists():
            # manim writes "<name>_.svg" beside the file it reads: read a link in this worker's folder
            link_or_copy(pooled, svg)
        if svg.exists():
            return svg
        svg = _compile(expression, environment, tex_template)
        pool.add(svg)
        return svg

    tex_mobject.tex_to_svg_file = tex_to_svg_file
