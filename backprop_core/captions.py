"""Subtitles to broadcast rules, made from the narration: a spoken sentence becomes cues a viewer
can read in time.

The rules (each language's record, :mod:`.languages`): at most :data:`MAX_LINES` lines a cue, at
most ``caption_chars`` characters a line, at most ``reading_cps`` characters a second, every cue
on screen at least :data:`MIN_CUE` s, and no cue overlapping the next. Text is split where a
listener hears a pause: sentences first (``. ! ? 。！？``), then clauses (``, ; : ，；：、``), then
words (English) or characters (Chinese, where any two characters may part). Pure functions, so
the kit, the pipeline and the tests agree on one reading of the rules.

>>> text = "Forward pass first. Then, from the output, every edge multiplies by its local derivative."
>>> [(c.start, c.end, c.lines) for c in cues(text, "en", 0, 6)]
[(0.0, 1.31, ('Forward pass first.',)), (1.31, 6.0, ('Then, from the output, every edge', 'multiplies by its local derivative.'))]
>>> cue_problems(cues("前向传播。", "zh", 0.0, 0.1), "zh")
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import language

MAX_LINES = 2
MIN_CUE = 1.0          # seconds: a shorter cue is a flash nobody reads
GAP = 0.0              # cues may touch (end == next start) but never overlap
_TOLERANCE = 0.002     # SRT keeps milliseconds: rounding may add this much to a rate

_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")          # "…" lists, it does not end
_CLAUSE = re.compile(r"(?<=[,;:])\s+|(?<=[，；：、])")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Cue:
    """One subtitle on screen: when, and its lines.

    >>> Cue(1.0, 2.5, ("Forward pass.",)).chars
    13
    """

    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def chars(self) -> int:
        """Characters a viewer reads (line breaks are not read)."""
        return sum(len(line) for line in self.lines)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def reading_time(text: str, lang: str) -> float:
    """Seconds a viewer needs to read ``text`` at the language's ``reading_cps``."""
    return len(" ".join(str(text).split())) / language(lang).reading_cps


def _tokens(text: str, cjk: bool) -> list[str]:
    """Words with their following space; in CJK text every CJK character is a word of its own."""
    if not cjk:
        return re.findall(r"\S+\s*", text)
    return re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+\s*|\s+",
                      text)


def wrap(text: str, lang: str) -> list[str]:
    """Lines of at most ``caption_chars`` characters; two lines part after a clause's punctuation
    when one fits (nearest the middle), else between the words nearest the middle (any CJK
    character); a word longer than a line is cut."""
    lines = _greedy(text, lang)
    if len(lines) == 2:
        text = " ".join(text.split())
        return _at_a_pause(text, lang) or _near_the_middle(text, lang) or lines
    return lines


def _near_the_middle(text: str, lang: str) -> list[str] | None:
    """Two lines parted between words (any CJK character) nearest the middle, if both fit: two
    lines of like length, not a full line over one word."""
    width, tokens = language(lang).caption_chars, _tokens(text, language(lang).cjk)
    cuts = [sum(len(t) for t in tokens[:i]) for i in range(1, len(tokens))]
    fitting = [c for c in cuts if len(text[:c].rstrip()) <= width and len(text[c:].strip()) <= width]
    if not fitting:
        return None
    cut = min(fitting, key=lambda c: abs(len(text) / 2 - c))
    return [text[:cut].rstrip(), text[cut:].strip()]


def _at_a_pause(text: str, lang: str) -> list[str] | None:
    """Two lines parted after a comma, semicolon or colon (the one nearest the middle), if both fit."""
    width = language(lang).caption_chars
    cuts = [m.end() for m in re.finditer(r"[,;:](?=\s)|[，；：、]", text) if m.end() < len(text)]
    fitting = [c for c in cuts if len(text[:c].rstrip()) <= width and len(text[c:].strip()) <= width]
    if not fitting:
        return None
    cut = min(fitting, key=lambda c: abs(len(text) / 2 - c))
    return [text[:cut].rstrip(), text[cut:].strip()]


def _greedy(text: str, lang: str) -> list[str]:
    width, cjk = language(lang).caption_chars, language(lang).cjk
    lines, line = [], ""
    for token in _tokens(" ".join(text.split()), cjk):
        while len(token.rstrip()) > width:                  # a formula longer than a line: cut it
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            lines.append(token[:width])
            token = token[width:]
        if len((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return [l for l in lines if l]


def _pieces(text: str, pattern: re.Pattern) -> list[str]:
    """``text`` cut where ``pattern`` matches outside brackets (the comma of "f([2, 3])" is no pause)."""
    pieces, start = [], 0
    for m in pattern.finditer(text):
        before = text[:m.start()]
        if sum(before.count(c) for c in "([{") == sum(before.count(c) for c in ")]}"):
            pieces.append(text[start:m.start()])
            start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p and p.strip()]


def chunks(text: str, lang: str) -> list[tuple[str, ...]]:
    """The narration as cue texts (each a tuple of at most :data:`MAX_LINES` lines), split at
    sentences, then clauses, then lines; short neighbours are joined while they fit one cue."""
    def fits(piece: str) -> bool:
        return len(wrap(piece, lang)) <= MAX_LINES

    def split(piece: str) -> list[str]:
        if fits(piece):
            return [piece]
        for pattern in (_SENTENCE, _CLAUSE):
            parts = _pieces(piece, pattern)
            if len(parts) > 1:
                return [q for p in parts for q in split(p)]
        return _balanced(piece, lang)

    joiner = "" if language(lang).cjk else " "
    merged: list[str] = []
    for piece in split(" ".join(str(text).split())):
        if merged and fits(merged[-1] + joiner + piece) and not _SENTENCE.search(merged[-1] + joiner):
            merged[-1] = merged[-1] + joiner + piece
        else:
            merged.append(piece)
    return [tuple(wrap(p, lang)) for p in merged]


def _balanced(piece: str, lang: str) -> list[str]:
    """A clause too long for one cue, in the fewest cues that fit, each about as long as the
    others (never a lone last word: "… estimate and torch" / "autograd."), and never inside
    brackets ("f([2," / "3]) = [4, 9].")."""
    tokens = _tokens(piece, language(lang).cjk)
    ends = [sum(len(t) for t in tokens[:i + 1]) for i in range(len(tokens))]   # characters up to token i
    depth = [0]                                  # brackets open after token i: never cut a formula apart
    for t in tokens:
        depth.append(depth[-1] + sum(t.count(c) for c in "([{") - sum(t.count(c) for c in ")]}"))
    for n in range(max(2, -(-len(wrap(piece, lang)) // MAX_LINES)), len(tokens) + 1):
        cuts, last = [], 0
        for k in range(1, n):                    # cut after the token ending nearest k/n of the text
            cut = min(range(last + 1, len(tokens) - (n - k) + 1),
                      key=lambda i: abs(ends[i - 1] - k * ends[-1] / n) + (1000 if depth[i] > 0 else 0))
            cuts.append(cut)
            last = cut
        groups = ["".join(tokens[i:j]).strip() for i, j in zip([0] + cuts, cuts + [len(tokens)])]
        if all(len(wrap(g, lang)) <= MAX_LINES for g in groups):
            return groups
    return [t.strip() for t in tokens]


def least_time(text: str, lang: str) -> float:
    """The shortest time the narration's cues can take and keep every rule (≥ 1 s, ≤ cps each)."""
    return sum(_least(c, lang) for c in chunks(text, lang))


def _least(lines: tuple[str, ...], lang: str) -> float:
    return max(MIN_CUE, sum(map(len, lines)) / language(lang).reading_cps)


def cues(text: str, lang: str, start: float, span: float) -> list[Cue]:
    """The narration's cues from ``start``, filling ``span`` seconds (or :func:`least_time`, when
    longer): each cue's share grows with its least time, so every rule holds."""
    parts = chunks(text, lang)
    least = [_least(p, lang) for p in parts]
    total = sum(least)
    scale = max(1.0, span / total) if total else 1.0
    out, t = [], float(start)
    for lines, need in zip(parts, least):
        out.append(Cue(round(t, 3), round(t + need * scale, 3), lines))
        t += need * scale
    return out


def cue_problems(found: list[Cue], lang: str) -> list[str]:
    """Every broken rule in a list of cues (in time order), one line each; [] when all hold."""
    record, problems = language(lang), []
    for i, cue in enumerate(found):
        where = f"cue {i + 1} at {cue.start:.3f}s"
        length = cue.end - cue.start
        if len(cue.lines) > MAX_LINES:
            problems.append(f"{where}: {len(cue.lines)} lines (at most {MAX_LINES})")
        for line in cue.lines:
            if len(line) > record.caption_chars:
                problems.append(f"{where}: a line of {len(line)} characters (at most {record.caption_chars})")
        if length < MIN_CUE - _TOLERANCE:
            problems.append(f"{where}: on screen {length:.3f}s (at least {MIN_CUE:g}s)")
        if length > 0 and cue.chars / length > record.reading_cps * (1 + _TOLERANCE) + _TOLERANCE:
            problems.append(f"{where}: {cue.chars / length:.1f} characters a second (at most {record.reading_cps})")
        if i + 1 < len(found) and found[i + 1].start < cue.end - _TOLERANCE:
            problems.append(f"{where}: overlaps the next cue ({cue.end:.3f}s > {found[i + 1].start:.3f}s)")
    return problems
