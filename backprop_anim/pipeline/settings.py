"""What a render is of and how it is encoded (:class:`Settings`), and the folder names that follow.

>>> lecture_slug(Settings())
'2-2-2_sigmoid_mse'
>>> quality_dir(Settings(quality="l"))
'480p15'
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from backprop_core import settings as lecture_settings
from backprop_core.errors import BadInput
from backprop_core.languages import BOTH, LISTED, language
from backprop_core.network.spec import NetworkSpec
from backprop_core.settings import DEFAULT_AT, DEFAULT_EXPR, LectureSettings

from . import encoder

QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
FORMATS = ("mp4", "gif", "png")
GIF_MAX_RESOLUTION = "854,480"


@dataclass(frozen=True)
class Settings:
    """What the scenes show and how they are encoded."""

    spec: NetworkSpec = NetworkSpec()
    expr: str = DEFAULT_EXPR
    at: str = DEFAULT_AT
    quality: str = "m"
    fmt: str = "mp4"
    resolution: str | None = None      # "W,H" passed to manim -r (gif defaults to <= 480p)
    sections: bool = False
    lang: str = "en"                   # words on screen, in subtitles and chapters (backprop_core.i18n)
    subtitles: str = "screen"          # "screen": the screen's language; "both": Chinese above English
    voice: str = "auto"                # who narrates: auto|<engine>|DIR|none (backprop_anim.voice)

    def lecture(self) -> LectureSettings:
        """What the scenes show, as the scenes read it (the theme is this process's)."""
        return LectureSettings(",".join(map(str, self.spec.layers)), self.spec.activation, self.spec.loss,
                               self.expr, self.at, self.lang, lecture_settings.current().theme, self.subtitles,
                               self.voice)

    def env(self) -> dict[str, str]:
        """The environment of one manim child: the scene settings (:meth:`LectureSettings.to_env`)."""
        env = dict(os.environ)
        if env.get("BACKPROP_CONFIG"):          # manim runs in the repository: a relative path would move
            env["BACKPROP_CONFIG"] = os.path.abspath(env["BACKPROP_CONFIG"])
        env.update(self.lecture().to_env(), PYTHONHASHSEED="0")
        return env

    @property
    def manim_resolution(self) -> str | None:
        """``"W,H"`` for manim's ``-r``: --resolution when given, a gif at most 480p, else the quality's own."""
        if self.resolution:
            return self.resolution
        return GIF_MAX_RESOLUTION if self.fmt == "gif" and self.quality != "l" else None

    def key(self) -> dict:
        """Everything in the settings that changes pixels (the theme is this process's)."""
        return {"spec": self.spec.to_dict(), "expr": self.expr, "at": self.at, "quality": self.quality,
                "fmt": self.fmt, "resolution": self.resolution,
                "theme": lecture_settings.current().theme, "lang": self.lang,
                "subtitles": self.subtitles, "catalogue": catalogue_digest(self.lang, self.subtitles),
                "voice": voice_key(self.voice, self.lang),
                "encoder": encoder.key() if self.fmt == "mp4" else None}


def voice_key(voice: str, lang: str) -> str:
    """What the narration's sound and timing come from, for the cache key: ``none``; the engine,
    model and versions that speak; or a recorded folder with the SHA-256 of its clips (a clip
    recorded again renders again). A voiced and a silent render are never the same render."""
    from backprop_anim.voice import RecordedVoice, resolve
    chosen = resolve(voice, lang) if language(lang).code in LISTED else None
    if chosen is None:
        return "none"
    if isinstance(chosen, RecordedVoice):
        h = hashlib.sha256()
        for path in sorted(chosen.folder.glob("*/*.wav")):
            h.update(f"{path.relative_to(chosen.folder)}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
        return f"{chosen.voice_id()}#{h.hexdigest()[:16]}"
    return chosen.voice_id(lang)


def catalogue_digest(lang: str, subtitles: str) -> str | None:
    """The hash of what the words come from, when not only the source (a new translation re-renders):
    the compiled catalogue of each language shown, or the pseudo-locale's generator."""
    from backprop_core.i18n import DOMAIN, LOCALE_DIR
    shown = dict.fromkeys([lang, *(BOTH if subtitles == "both" else ())])
    sources = []
    for record in map(language, shown):
        if record.generated:
            from backprop_core import pseudo
            sources.append(Path(pseudo.__file__))
        elif record.has_catalogue:
            sources.append(LOCALE_DIR / record.code / "LC_MESSAGES" / f"{DOMAIN}.mo")
    found = [p.read_bytes() for p in sources if p.exists()]
    return hashlib.sha256(b"".join(found)).hexdigest()[:16] if found else None


def lang_suffix(lang: str) -> str:
    """Each language has its own lecture folder: renders/<slug>/ (English), renders/<slug>-zh/ …"""
    return language(lang).folder_suffix


_EXPR_WORDS = {"+": "plus", "-": "minus", "*": "times", "/": "over", "^": "pow", "**": "pow"}


def expr_slug(expr: str, at: str) -> str:
    """A readable, shell-safe name for an expression and its point, e.g.
    ``expr-a-plus-b-times-b-plus-1_at-a2-b1_<hash>``: letters, digits, ``-``, ``_`` and ``.`` only.

    A short hash of the exact text keeps ``(a+b)*c`` and ``(a*b)+c`` (same words) apart.
    """
    words = re.sub(r"\*\*|[-+*/^]", lambda m: f" {_EXPR_WORDS[m.group()]} ", expr)
    clean = lambda s: "-".join(re.findall(r"[A-Za-z0-9.]+", s)) or "none"
    digest = hashlib.sha1(f"{expr}@{at}".encode()).hexdigest()[:6]
    return f"expr-{clean(words)}_at-{clean(at.replace('=', ''))}_{digest}"[:100]


def lecture_slug(settings: Settings) -> str:
    """The lecture folder: the network (``2-2-2_sigmoid_mse``), plus the expression only when it
    is not the default one, so every scene of one lecture lands in one folder."""
    slug = settings.spec.slug
    if (settings.expr, settings.at) != (DEFAULT_EXPR, DEFAULT_AT):
        slug += "__" + expr_slug(settings.expr, settings.at)
    return slug + lang_suffix(settings.lang)



def quality_dir(settings: Settings) -> str:
    """``480p15``, ``720p30`` … as manim names it: the height (from --resolution when given) and fps."""
    height, fps = QUALITIES[settings.quality].split("p")
    if settings.manim_resolution:
        height = settings.manim_resolution.split(",")[1]
    return f"{height}p{fps}"


def expression_setting(expr: str | None, at: str | None) -> tuple[str, str]:
    """``--expr``/``--at`` as the graph scenes get them (``backprop render`` and the notebook's
    ``show``): the default graph when neither is given, the text stripped, the point normalised,
    and a bad expression refused before any work with the graph builder's own message."""
    text = DEFAULT_EXPR if expr is None else expr.strip()
    if not text:
        raise BadInput("render: --expr is empty")
    point = parse_at(at) if at is not None else (DEFAULT_AT if expr is None else "")
    if expr is not None or at is not None:
        from backprop_core.expr.graph import build_graph
        try:
            build_graph(text, point)
        except BadInput as exc:
            raise BadInput(f"render: {exc}") from None
    return text, point


def parse_at(at: str) -> str:
    """Validate ``a=2,b=1`` (names = numbers); returns it normalised without spaces."""
    at = at.strip()
    if not at:
        return at
    parts = []
    for item in at.split(","):
        name, eq, value = item.partition("=")
        name, value = name.strip(), value.strip()
        try:
            float(value)
        except ValueError:
            raise BadInput(f"--at: {item.strip()!r} is not name=number (example: --at a=2,b=1)") from None
        if not eq or not name.isidentifier():
            raise BadInput(f"--at: {item.strip()!r} is not name=number (example: --at a=2,b=1)")
        parts.append(f"{name}={value}")
    return ",".join(parts)
