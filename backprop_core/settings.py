"""What one lecture is about and how it looks, as one value: :class:`LectureSettings`.

The environment is only the transport: ``backprop render`` writes a LectureSettings into the
environment of each manim child (:meth:`LectureSettings.to_env`), and a process reads it back once
(:func:`current`, cached; the ``BACKPROP_CONFIG`` JSON file is opened at most that once). Plain
``manim render`` works the same way::

    BACKPROP_LAYERS=2,3,2 BACKPROP_ACTIVATION=tanh BACKPROP_LANG=zh manim render -ql scenes/...

Environment variables win over the file's keys (``layers``, ``activation``, ``loss``, ``expr``,
``at``, ``lang``, ``voice``). Whoever changes the settings inside a running process says so: :func:`use`
sets them, :func:`reset` makes the next :func:`current` read the environment again (tests do
this per scene). The network is kept as given (text or the file's list): the scenes and commands
that draw it check it, with the limits of their own (``backprop_anim.config``).

>>> s = LectureSettings(layers="2,3,2", lang="zh")
>>> s.to_env()["BACKPROP_LAYERS"], LectureSettings.from_env(s.to_env()) == s
('2,3,2', True)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Mapping

from .errors import BadInput
from .jsonfile import read_config
from .languages import SOURCE, language

DEFAULT_EXPR = "(a+b)*(b+1)"
DEFAULT_AT = "a=2,b=1"
THEMES = ("dark", "light")
SUBTITLES = ("screen", "both")
# setting -> its environment variable (the transport to manim children)
ENV = {"layers": "BACKPROP_LAYERS", "activation": "BACKPROP_ACTIVATION", "loss": "BACKPROP_LOSS",
       "expr": "BACKPROP_EXPR", "at": "BACKPROP_AT", "lang": "BACKPROP_LANG", "theme": "BACKPROP_THEME",
       "subtitles": "BACKPROP_SUBTITLES", "voice": "BACKPROP_VOICE"}
CONFIG = "BACKPROP_CONFIG"


@dataclass(frozen=True)
class LectureSettings:
    """The network, the expression and its point, the language, the theme, the subtitles and the voice of a lecture.

    >>> LectureSettings(expr="x*y").point, LectureSettings().point
    ('', 'a=2,b=1')
    """

    layers: str | tuple = "2,2,2"      # "2,3,2", or the config file's list as it was written
    activation: str = "sigmoid"
    loss: str = "mse"
    expr: str = DEFAULT_EXPR
    at: str | None = None              # None: the default graph's point, or none for another expression
    lang: str = SOURCE
    theme: str = "dark"                # "light": the slide palette
    subtitles: str = "screen"          # "both": Chinese above English
    voice: str = "auto"                # who speaks the narration: auto|<engine>|DIR|none (backprop_anim.voice)

    def __post_init__(self):
        object.__setattr__(self, "lang", language(self.lang).code)
        for name, allowed in (("theme", THEMES), ("subtitles", SUBTITLES)):
            if getattr(self, name) not in allowed:
                raise BadInput(f"{name}: {str(getattr(self, name))[:20]!r} is not one of {', '.join(allowed)}")

    @property
    def point(self) -> str:
        """The expression's point as text (``at`` or the default for the default expression)."""
        if self.at is not None:
            return self.at
        return DEFAULT_AT if self.expr == DEFAULT_EXPR else ""

    @property
    def layers_text(self) -> str:
        return self.layers if isinstance(self.layers, str) else ",".join(map(str, self.layers))

    def to_env(self) -> dict[str, str]:
        """These settings as environment variables (every one given, so a config file cannot override them)."""
        env = {ENV[f.name]: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) is not None}
        env[ENV["layers"]] = self.layers_text
        return env

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "LectureSettings":
        """Read ``environ`` (default ``os.environ``) and its BACKPROP_CONFIG file; a bad value is one BadInput line."""
        env = os.environ if environ is None else environ
        path = env.get(CONFIG)
        file = read_config(path) if path else {}
        given = {key: env[var] if var in env else file.get(key) for key, var in ENV.items()}
        values = {k: v for k, v in given.items() if v is not None and k in ("layers", "activation", "loss", "expr")}
        if isinstance(values.get("layers"), list):
            values["layers"] = tuple(values["layers"])
        return cls(**values, at=_point(given["at"]),
                   lang=env.get(ENV["lang"]) or file.get("lang") or SOURCE,
                   theme="light" if str(given["theme"] or "").lower() == "light" else "dark",
                   subtitles="both" if str(given["subtitles"] or "").lower() == "both" else "screen",
                   voice=str(given["voice"] or "auto").strip() or "auto")


def _point(at) -> str | None:
    """The config file's ``at`` mapping as ``a=2,b=1`` text (numbers only); text stays as it is."""
    if isinstance(at, dict):
        bad = [k for k, v in at.items() if isinstance(v, bool) or not isinstance(v, (int, float, str))]
        if bad:
            raise BadInput(f"{CONFIG}: 'at' must map names to numbers, e.g. {{\"a\": 2, \"b\": 1}}; "
                           f"{bad[0]!r} is not a number")
        at = ",".join(f"{k}={v}" for k, v in at.items())
    return None if at is None else str(at)


_current: LectureSettings | None = None


def current() -> LectureSettings:
    """This process's settings: the environment, read the first time they are asked for."""
    global _current
    if _current is None:
        _current = LectureSettings.from_env()
    return _current


def use(settings: LectureSettings | None = None, **changes) -> LectureSettings:
    """Make ``settings`` (default: the current ones), with ``changes``, this process's settings."""
    global _current
    _current = replace(settings or current(), **changes)
    return _current


def reset() -> None:
    """Forget the settings read, so the next :func:`current` reads the environment again."""
    global _current
    _current = None
