r"""A network quantity as a value: its kind, layer and index, read from and written as its name.

Names such as ``w1_2_1`` stay the keys of every graph, gradient and JSON record; this module is
the one place that reads them (:meth:`Quantity.parse`) and writes them (``str``), and the one
place that decides how a quantity is typeset, so nothing else slices a name by hand.
Indices are 1-based, superscripts are layers (seed 001's notation). A quantity without an index
is its layer's whole column or matrix (``W^{(2)}``, ``\delta^{(1)}``), which the matrix form and
BP1-BP4 write; an index or layer may also be a letter (``j``, ``l``) for a general equation.

>>> q = Quantity.parse("w1_2_1")
>>> q
Quantity(kind='w', layer=1, index=(2, 1))
>>> str(q), q.latex, q.plain
('w1_2_1', 'w^{(1)}_{21}', 'w^(1)_21')
>>> Quantity("delta", 2).latex, Quantity.activation(0, 1).latex, str(Quantity("E"))
('\\delta^{(2)}', 'x^{(0)}_{1}', 'E')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .errors import BadInput

Label = int | str        # a layer or index: a number, or a letter in a general equation


class _Kind(NamedTuple):
    latex: str           # the element's stem
    whole: str           # the stem of the whole layer (column or matrix)
    layered: bool        # has a layer superscript
    arity: int           # number of indices of one element


KINDS = {
    "x": _Kind("x", "x", True, 1),          # the inputs, layer 0
    "z": _Kind("z", "z", True, 1),
    "a": _Kind("a", "a", True, 1),
    "w": _Kind("w", "W", True, 2),
    "b": _Kind("b", "b", True, 1),
    "delta": _Kind(r"\delta", r"\delta", True, 1),
    "e": _Kind("e", "e", False, 1),
    "y": _Kind("y", "y", False, 1),
    "E": _Kind("E", "E", False, 0),
}

_NUMBER = r"(0|[1-9][0-9]*)"
_NAME = re.compile(rf"(delta|[xzawb]){_NUMBER}((?:_{_NUMBER})+)|([ey])((?:_{_NUMBER})+)|(E)")


@dataclass(frozen=True)
class Quantity:
    """One quantity of a layered network (or, with no index, one layer's column or matrix)."""

    kind: str
    layer: Label | None = None
    index: tuple[Label, ...] = ()

    def __post_init__(self):
        spec = KINDS.get(self.kind)
        if spec is None:
            raise BadInput(f"unknown quantity kind {self.kind!r}; kinds are {', '.join(KINDS)}")
        if spec.layered != (self.layer is not None):
            raise BadInput(f"{self.kind} {'needs' if spec.layered else 'has no'} layer, got {self.layer!r}")
        if self.index and len(self.index) != spec.arity:
            raise BadInput(f"{self.kind} has {spec.arity} indices, got {self.index!r}")
        if isinstance(self.layer, int) and (self.layer == 0) != (self.kind == "x"):
            raise BadInput(f"layer 0 holds only the inputs x; got {self.kind}{self.layer}")
        if any(isinstance(i, int) and i < 1 for i in self.index):
            raise BadInput(f"indices are 1-based, got {self.index!r}")

    @classmethod
    def activation(cls, layer: Label, j: Label | None = None) -> Quantity:
        """``a^{(l)}_j``, which is the input ``x^{(0)}_j`` at layer 0."""
        return cls("x" if layer == 0 else "a", layer, () if j is None else (j,))

    @staticmethod
    @lru_cache(maxsize=None)
    def parse(name: str) -> Quantity:
        """The quantity a name such as ``z1_2`` or ``delta2_1`` stands for; BadInput if it names none."""
        m = _NAME.fullmatch(name) if isinstance(name, str) else None
        try:
            if m is None:
                raise BadInput("names look like x0_1, w1_2_1, b1_2, z2_1, a2_1, delta2_1, e_1, y_1, E")
            layered, layer, index, unlayered, index2, total = m.group(1, 2, 3, 5, 6, 8)
            if total:
                return Quantity("E")
            numbers = tuple(int(i) for i in (index or index2)[1:].split("_"))
            if len(numbers) != KINDS[layered or unlayered].arity:
                raise BadInput(f"{layered or unlayered} takes {KINDS[layered or unlayered].arity} indices")
            return Quantity(layered, int(layer), numbers) if layered else Quantity(unlayered, None, numbers)
        except BadInput as e:
            raise BadInput(f"not a network quantity name: {name!r} ({e})") from None

    # ---- writing ------------------------------------------------------------------------------
    def __str__(self) -> str:
        """The name: ``w1_2_1``, ``e_1``, ``E`` (a layer's whole column: ``w1``)."""
        tail = "".join(f"_{i}" for i in self.index)
        return f"{self.kind}{'' if self.layer is None else self.layer}{tail}"

    @property
    def name(self) -> str:
        return str(self)

    @property
    def latex(self) -> str:
        """``w^{(1)}_{21}``, ``\\delta^{(2)}_{1}``, ``e_{1}``; the whole layer: ``W^{(1)}``."""
        return _written(self, r"{stem}^{{({layer})}}", r"_{{{index}}}")

    @property
    def plain(self) -> str:
        """The name as read where no LaTeX is drawn (slide and chapter names): ``w^(1)_21``, ``δ^(2)_1``."""
        return _written(self, "{stem}^({layer})", "_{index}", plain=True)


def _written(q: Quantity, layered: str, indexed: str, plain: bool = False) -> str:
    """One formatter for LaTeX and plain text: the stem, then ``^(layer)``, then ``_index``."""
    stem = KINDS[q.kind].latex if q.index else KINDS[q.kind].whole
    stem = stem.replace(r"\delta", "δ") if plain else stem
    text = stem if q.layer is None else layered.format(stem=stem, layer=q.layer)
    return text + (indexed.format(index=_indices(q.index)) if q.index else "")


def _indices(index: tuple[Label, ...]) -> str:
    """``21`` for single-character indices, ``10,2`` once one of them has two digits."""
    parts = [str(i) for i in index]
    return "".join(parts) if all(len(p) == 1 for p in parts) else ",".join(parts)
