r"""Long display equations broken into lines that fit an A4 page, never inside a matrix.

A sum is broken at top-level ``+``/``-``; a single product still too long, between its factors.
A ``\begin{bmatrix}...\end{bmatrix}`` (any environment) is one unbreakable atom: cutting it would
put the display's own ``\\`` inside the matrix, which is how a column came out as an anti-diagonal
2x2 in the old handout. :func:`matrix_problems` finds such a cut in finished LaTeX (the tests use it).
"""
from __future__ import annotations

import re

from ...equation import Equation

LINE_BUDGET = 42          # rough width units of one display line on an A4 page (see _width)


# ---- breaking long LaTeX -------------------------------------------------------------------------

def _atoms(tex: str) -> list[str]:
    """Top-level pieces: a control word with its brace arguments and scripts, a group, a char."""
    atoms, i = [], 0
    while i < len(tex):
        start = i
        if tex.startswith("\\begin{", i):
            i = _environment_end(tex, i)
            atoms.append(tex[start:i])
            continue
        if tex[i] == "\\":
            i += 1
            if i < len(tex) and tex[i].isalpha():
                while i < len(tex) and tex[i].isalpha():
                    i += 1
            else:
                i += 1
            if tex[start:i] == r"\left":              # \left( ... \right): one piece, never cut
                i = _left_end(tex, start)
                atoms.append(tex[start:i])
                continue
            if tex[start:i] in (r"\left", r"\right"):
                i += 1 if i < len(tex) and tex[i] != "\\" else len(re.match(r"\\[A-Za-z]+|\\.", tex[i:]).group(0))
                atoms.append(tex[start:i])
                continue
        elif tex[i] == "{":
            i = _close(tex, i)
        elif tex[i].isdigit():                       # a number is one piece: 0.01 never becomes 0.0 and 1
            while i < len(tex) and (tex[i].isdigit() or (tex[i] == "." and tex[i + 1:i + 2].isdigit())):
                i += 1
        else:
            i += 1
        while i < len(tex) and tex[i] in "{^_'":      # arguments and scripts belong to the atom
            if tex[i] == "{":
                i = _close(tex, i)
            elif tex[i] in "^_":
                i += 1
                i = _close(tex, i) if i < len(tex) and tex[i] == "{" else i + 1
            else:
                i += 1
        atoms.append(tex[start:i])
    return atoms


def _close(tex: str, i: int) -> int:
    depth = 0
    for j in range(i, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[j], 0)
        if depth == 0:
            return j + 1
    return len(tex)


def _width(tex: str) -> float:
    """Estimated printed width: a fraction is as wide as its wider part, scripts are small."""
    w, atoms = 0.0, _atoms(tex)
    k = 0
    while k < len(atoms):
        a = atoms[k]
        if a.startswith(r"\begin{"):
            w += _environment_width(a)
        elif a.startswith(r"\frac"):
            parts = _brace_args(a[5:])
            w += max((_width(p) for p in parts), default=1) + 0.4
        elif a.startswith("{"):
            w += _width(a[1:-1])
        elif a.startswith("\\"):
            name = re.match(r"\\[A-Za-z]+|\\.", a).group(0)
            rest = a[len(name):]
            w += (0 if name in (r"\left", r"\right", r"\,", r"\quad") else 1) + _script_width(rest)
        elif a[0].isdigit() and "." in a:          # a decimal (0.0118): half a unit a character, digits are narrow
            w += 0.5 * len(a)
        elif a.strip():
            w += 1 + _script_width(a[1:])
        k += 1
    return w


def _script_width(rest: str) -> float:
    parts = re.findall(r"[\^_](\{(?:[^{}]|\{[^{}]*\})*\}|.)", rest)
    return max((0.6 * _width(p[1:-1] if p.startswith("{") else p) for p in parts), default=0) if parts else (
        _width(rest) if rest else 0)


def _brace_args(tex: str) -> list[str]:
    out, i = [], 0
    while i < len(tex) and tex[i] == "{":
        j = _close(tex, i)
        out.append(tex[i + 1:j - 1])
        i = j
    return out


def _top_level_terms(rhs: str) -> list[str]:
    """Split at ``+`` / ``-`` outside braces and \\left...\\right; the sign stays with its term
    (a matrix is one piece, its + signs included)."""
    terms, cur = [], ""
    for i, j, depth in _steps(rhs):
        piece = rhs[i:j]
        if depth == 0 and piece in ("+", "-") and cur.strip() and not cur.rstrip().endswith(("=", "(", "\\left(")):
            terms.append(cur.strip())
            cur = piece
        else:
            cur += piece
    if cur.strip():
        terms.append(cur.strip())
    return terms


def break_equation(tex: Equation | str, budget: float = LINE_BUDGET) -> list[str]:
    """``lhs = a + b + ...`` as display lines, the first starting ``lhs &= ``, the rest ``&\\quad``.

    A chain ``lhs = x = y`` too wide for one line gives each further ``= y`` its own line, aligned
    under the first ``=`` (never an ``=`` left dangling at a line's end). An expression that is no
    equation (a plain string) is broken the same way, with no left side."""
    eq = isinstance(tex, Equation)
    lhs, rhs = (tex.lhs, tex.rhs) if eq else ("", tex)
    first_prefix = f"{lhs} &= " if eq else "& "
    room = budget - (_width(lhs) + 1 if eq else 0)
    segments = _chain(rhs) if eq and _width(rhs) > room else [rhs]
    lines = _lines(segments[0], room, first_prefix)
    for segment in segments[1:]:
        lines += _lines(segment, room, "&= ")
    return lines


def _chain(rhs: str) -> list[str]:
    """``x = y = z`` as ``[x, y, z]`` (top-level ``=`` only; matrices and brackets are never cut)."""
    out = []
    parts = split_relation(rhs)
    while parts and parts[1] == "=" and parts[0]:
        out.append(parts[0])
        rhs = parts[2]
        parts = split_relation(rhs)
    return out + [rhs]


def _lines(rhs: str, room: float, first_prefix: str) -> list[str]:
    """One right-hand side cut into lines at its terms (a product too wide, between its factors)."""
    pieces = []
    for term in _top_level_terms(rhs):
        pieces += _split_product(term, room)
    lines, cur, cur_w = [], "", 0.0
    for piece in pieces:
        w = _width(piece)
        if cur and cur_w + w > room:
            lines.append(cur)
            cur, cur_w = "", 0.0
        cur = f"{cur} {piece}".strip()
        cur_w += w
    if cur:
        lines.append(cur)
    return [first_prefix + lines[0]] + [r"&\quad " + l for l in lines[1:]]


def _split_product(term: str, room: float) -> list[str]:
    """A product too wide for one line, cut between factors (the cut shows as \\cdots)."""
    if _width(term) <= room:
        return [term]
    out, cur, cur_w = [], "", 0.0
    for atom in _atoms(term):
        w = _width(atom)
        if cur.strip() and cur_w + w > room * 0.9:
            out.append(cur.strip())
            cur, cur_w = "", 0.0
        cur += atom
        cur_w += w
    if cur.strip():
        out.append(cur.strip())
    return out


LEFT, RIGHT = re.compile(r"\\left(?![A-Za-z])"), re.compile(r"\\right(?![A-Za-z])")


def _left_end(tex: str, i: int) -> int:
    """The index just after the delimiter of the ``\\right`` matching the ``\\left`` at ``i``."""
    depth, j = 0, i
    while j < len(tex):
        if LEFT.match(tex, j):
            depth += 1
            j += 5
            continue
        if RIGHT.match(tex, j):
            depth -= 1
            j += 6
            if depth == 0:
                m = re.match(r"\\[A-Za-z]+|\\.|.", tex[j:])
                return j + (len(m.group(0)) if m else 0)
            continue
        j += 1
    return len(tex)


def _environment_end(tex: str, i: int) -> int:
    """The index just after the ``\\end{...}`` that closes the ``\\begin{...}`` at ``i`` (nesting counted)."""
    depth = 0
    for m in re.finditer(r"\\(begin|end)\{[A-Za-z*]+\}", tex[i:]):
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return i + m.end()
    return len(tex)


def _environment_width(atom: str) -> float:
    """A matrix is as wide as its widest row: the cells side by side, a gap between them."""
    body = re.sub(r"^\\begin\{[A-Za-z*]+\}|\\end\{[A-Za-z*]+\}$", "", atom)
    rows = _split_top(body, r"\\")
    return max((sum(_width(c) for c in _split_top(r, "&")) + len(_split_top(r, "&")) for r in rows), default=1) + 1


def _split_top(body: str, sep: str) -> list[str]:
    """``body`` cut at ``sep`` outside braces and nested environments."""
    out, depth, cur, i = [], 0, "", 0
    while i < len(body):
        if body.startswith("\\begin{", i):
            j = _environment_end(body, i)
            cur += body[i:j]
            i = j
            continue
        c = body[i]
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0 and body.startswith(sep, i) and not (sep == "&" and body[i - 1:i] == "\\"):
            out.append(cur)
            cur, i = "", i + len(sep)
            continue
        cur += c
        i += 1
    return out + [cur]


MATRIX = re.compile(r"\\begin\{([bpv]?matrix|smallmatrix)\}")


def matrix_problems(tex: str) -> list[str]:
    """Matrices in ``tex`` that a line break cut: an unclosed one, a row with another number of
    columns than the first, or a display's alignment (``&=``, ``&\\quad``) inside a cell."""
    problems = []
    for m in MATRIX.finditer(tex):
        end = _environment_end(tex, m.start())
        closing = tex.rfind(r"\end{", m.start(), end)
        if closing < 0 or not tex[closing:end].endswith("{" + m.group(1) + "}"):
            problems.append(f"unclosed {m.group(1)} at {m.start()}")
            continue
        body = tex[m.end():closing]
        rows = [r for r in _split_top(body, r"\\")]
        widths = {len(_split_top(r, "&")) for r in rows if r.strip()}
        if len(widths) > 1 or re.search(r"&\s*(=|\\quad)", body):
            problems.append(f"cut {m.group(1)}: {body.strip()[:60]}")
    return problems


RELATIONS = ("=", r"\leftarrow", r"\to", r"\approx")


def split_relation(tex: str) -> tuple[str, str, str] | None:
    """``(lhs, relation, rhs)`` at the first top-level relation of ``tex``, or None."""
    for i, j, depth in _steps(tex):
        if depth == 0 and j - i <= 2:                      # not inside an environment
            for rel in RELATIONS:
                if tex.startswith(rel, i) and (rel == "=" or not tex[i + len(rel):i + len(rel) + 1].isalpha()):
                    return tex[:i].strip(), rel, tex[i + len(rel):].strip()
    return None


def _steps(tex: str):
    """A left-to-right scan of ``tex``: ``(start, end, depth)`` per step, the depth (braces and
    \\left...\\right) after the step's own opening or closing; an environment is one step, a
    control symbol such as ``\\{`` two characters. The one scanner of top-level structure."""
    depth, i = 0, 0
    while i < len(tex):
        if tex.startswith("\\begin{", i):
            j = _environment_end(tex, i)
            yield i, j, depth
            i = j
            continue
        if LEFT.match(tex, i):
            depth += 1
        elif RIGHT.match(tex, i):
            depth -= 1
        c = tex[i]
        depth += {"{": 1, "}": -1}.get(c, 0)
        j = i + (2 if c == "\\" else 1)
        yield i, j, depth
        i = j


def display_lines(tex: Equation | str, budget: float = LINE_BUDGET) -> list[str]:
    """Rows of an ``align*`` for one formula: aligned at its first relation, broken when too wide."""
    if isinstance(tex, Equation):
        return break_equation(tex, budget)
    parts = split_relation(tex)
    if parts is None:
        return break_equation(tex, budget) if _width(tex) > budget else ["& " + tex]
    lhs, rel, rhs = parts
    if rel == "=":
        return break_equation(Equation(lhs, rhs), budget)
    lines = break_equation(Equation(lhs, rhs), budget)
    return [lines[0].replace(" &= ", f" &{rel} ", 1)] + lines[1:]
