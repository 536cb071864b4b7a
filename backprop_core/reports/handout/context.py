"""What every section reads: the core records of one network and example, built once.

The same records the scenes stage (``derive``, ``evaluate``, ``check.gradient_table`` of
``Example.lecture(spec)`` or the example of a chosen seed, the configured expression graph), so the handout cannot drift
from the video. ``figure`` is a PNG of the network drawn by the lecture's own mobject; the
command line makes it (the core never imports manim) and passes its path in.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ... import settings
from ...network.check import GradientTable, check_report, gradient_table
from ...network.derivation import Derivation, derive
from ...network.distinct import lecture_seed
from ...network.example import Example
from ...network.numeric import Evaluation, evaluate
from ...network.spec import NetworkSpec


@dataclass
class HandoutData:
    spec: NetworkSpec
    seed: int
    derivation: Derivation
    example: Example
    evaluation: Evaluation
    table: GradientTable
    figure: str = ""

    @cached_property
    def check(self) -> dict:
        return check_report(self.table)

    @cached_property
    def graph(self):
        """The expression graph of the graph lecture (``BACKPROP_EXPR`` / ``BACKPROP_AT``, as the scenes)."""
        from ...expr.graph import build_graph
        now = settings.current()
        return build_graph(str(now.expr), now.point)

    @property
    def values(self) -> dict[str, float]:
        """gradient_table's value of every parameter, by name (the table the check scene reads)."""
        return {r.name: r.symbolic for r in self.table.rows}

    # dict-style access for older callers (``data["table"]``)
    def __getitem__(self, key):
        return {"check": self.check, "table": self.table, "example": self.example, "seed": self.seed}[key]


def handout_data(spec: NetworkSpec, seed: int | None = None, figure: str = "") -> HandoutData:
    """Everything the handout shows, from ``spec`` and the example's ``seed`` (None: the lecture's)."""
    d = derive(spec)
    seed = lecture_seed(spec) if seed is None else seed
    example = Example.random(spec, seed)
    return HandoutData(spec, seed, d, example, evaluate(d, example), gradient_table(example), figure)
