"""Read a small JSON file a person wrote (``check --spec``, ``BACKPROP_CONFIG``) without hanging or a traceback.

A path can name anything: ``/dev/zero`` never ends, a FIFO blocks, a huge file fills memory,
100,000 nested brackets overflow the parser's recursion. So only regular files are opened,
at most ``MAX_BYTES + 1`` bytes are read, and every failure is one :class:`BadInput` line that
names the path.
"""
from __future__ import annotations

import json
import os
import stat

from .errors import BadInput

MAX_BYTES = 1 << 20     # 1 MiB: a spec of a 600-parameter network is about 20 kB
# The keys of the BACKPROP_CONFIG file (scene settings, and the language) and the JSON types each may have.
CONFIG_KEYS = {"layers": (list, str), "activation": (str,), "loss": (str,), "expr": (str,),
               "at": (str, dict), "lang": (str,)}
_TYPE_NAMES = {list: "a list", str: "text", dict: "an object"}


def _shown(path) -> str:
    """The path as the message shows it: quoted when it holds a newline or other unprintable characters."""
    return str(path) if str(path).isprintable() else repr(str(path))


def read_json(path, what: str):
    """The parsed JSON in ``path``; ``what`` (e.g. "--spec") starts every error message."""
    shown = _shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))   # a FIFO must not block the open
    except OSError as exc:
        raise BadInput(f"{what}: cannot read {shown}: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BadInput(f"{what}: {shown} is not a regular file (give a JSON file)")
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise BadInput(f"{what}: cannot read {shown}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise BadInput(f"{what}: {shown} is larger than {MAX_BYTES} bytes (1 MiB); give a small JSON file")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(f"{what}: {shown} is not UTF-8 text") from None
    except RecursionError:
        raise BadInput(f"{what}: {shown} nests brackets too deeply to read") from None
    except ValueError as exc:
        raise BadInput(f"{what}: {shown} is not valid JSON ({exc})") from None


def check_keys(data: dict, accepted, what: str, where: str = "") -> None:
    """Refuse keys outside ``accepted``, naming them (a typo such as "activaton" must not quietly
    fall back to a default); ``where`` (e.g. " in lecture.json") follows the names."""
    unknown = [k for k in data if k not in accepted]
    if unknown:
        raise BadInput(f"{what}: unknown key(s) {', '.join(repr(k[:40]) for k in unknown[:5])}{where}; "
                       f"accepted keys: {', '.join(accepted)}")


def read_config(path) -> dict:
    """The BACKPROP_CONFIG file: a JSON object whose keys are known (a typo is named) and of the right type."""
    data, shown = read_json(path, "BACKPROP_CONFIG"), _shown(path)
    if not isinstance(data, dict):
        raise BadInput(f"BACKPROP_CONFIG: {shown} must hold a JSON object with keys {', '.join(CONFIG_KEYS)}")
    check_keys(data, CONFIG_KEYS, "BACKPROP_CONFIG", f" in {shown}")
    for key, value in data.items():
        if not isinstance(value, CONFIG_KEYS[key]):
            kinds = " or ".join(_TYPE_NAMES[t] for t in CONFIG_KEYS[key])
            raise BadInput(f"BACKPROP_CONFIG: {key!r} in {shown} must be {kinds}, got {type(value).__name__}")
    return data
