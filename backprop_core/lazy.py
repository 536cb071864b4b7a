"""Package exports that load their module on first use (PEP 562), for the packages' ``__init__``.

Why: ``from backprop_core.errors import BadInput`` must not pay for SymPy, nor the command line
for manim, before anything is asked of them.

>>> getattr_ = lazy_exports("json", {"JSONEncoder": "encoder"})   # json.encoder defines JSONEncoder
>>> getattr_("JSONEncoder").__name__
'JSONEncoder'
"""
from __future__ import annotations

import sys
from importlib import import_module


def lazy_exports(package: str, exports: dict[str, str]):
    """A module ``__getattr__`` for ``package``: name -> the submodule (relative) that defines it;
    the value is kept on the package, so each is imported once."""
    def __getattr__(name: str):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{exports[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value
    return __getattr__
