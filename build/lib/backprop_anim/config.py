"""What the scenes are about, read from the environment so plain ``manim render`` needs no code edits.

Network scenes::

    BACKPROP_LAYERS=2,3,2 BACKPROP_ACTIVATION=tanh BACKPROP_LOSS=mse manim render -ql scenes/...

Expression-graph scenes::

    BACKPROP_EXPR="x*y + sin(x)" BACKPROP_AT="x=1,y=2" manim render -ql scenes/...

``BACKPROP_CONFIG=lecture.json`` may hold the same settings as keys
``layers`` (list or "2,3,2"), ``activation``, ``loss``, ``expr``, ``at`` ("a=2,b=1" or a mapping);
environment variables win over the file. ``BACKPROP_THEME=light`` switches to the slide palette.
"""
from __future__ import annotations

import json
import os

from backprop_core.errors import BadInput
from backprop_core.network.spec import NetworkSpec

DEFAULT_EXPR = "(a+b)*(b+1)"
DEFAULT_AT = "a=2,b=1"


def _file_settings() -> dict:
    path = os.environ.get("BACKPROP_CONFIG")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise BadInput(f"BACKPROP_CONFIG: cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise BadInput(f"BACKPROP_CONFIG: {path} must hold a JSON object")
    return data


def _setting(env: str, key: str, default):
    if env in os.environ:
        return os.environ[env]
    return _file_settings().get(key, default)


def network_spec() -> NetworkSpec:
    """The network the network scenes show (default 2-2-2 sigmoid mse)."""
    layers = _setting("BACKPROP_LAYERS", "layers", "2,2,2")
    if isinstance(layers, (list, tuple)):
        layers = ",".join(str(n) for n in layers)
    return NetworkSpec.parse(str(layers), _setting("BACKPROP_ACTIVATION", "activation", "sigmoid"),
                             _setting("BACKPROP_LOSS", "loss", "mse"))


def expression() -> tuple[str, str]:
    """The expression text and its point, e.g. ``("(a+b)*(b+1)", "a=2,b=1")`` (unparsed)."""
    expr = _setting("BACKPROP_EXPR", "expr", DEFAULT_EXPR)
    at = _setting("BACKPROP_AT", "at", None)
    if isinstance(at, dict):
        at = ",".join(f"{k}={v}" for k, v in at.items())
    if at is None:
        at = DEFAULT_AT if expr == DEFAULT_EXPR else ""
    return str(expr), str(at)
