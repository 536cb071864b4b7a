"""A small whitelist parser for scalar expressions typed by a lecturer.

User text never reaches ``sympify``/``eval``: a tokenizer accepts only numbers, names,
``+ - * / ** ^``, parentheses and a fixed set of one-argument functions, and a recursive-descent
parser builds a tiny syntax tree. Anything else is a :class:`BadInput` naming the position and
what was expected.

Grammar (lowest precedence first; ``**``/``^`` bind right to left, unary minus binds looser
than a power, so ``-a**2`` is ``-(a**2)``)::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := ("-" | "+") unary | power
    power := atom (("**" | "^") unary)?
    atom  := NUMBER | NAME | FUNC "(" expr ")" | "(" expr ")"

>>> parse_expression("(a+b)*(b+1)")
Syntax(op='mul', args=(Syntax(op='add', args=(Syntax(op='var', args=(), name='a', pos=1), Syntax(op='var', args=(), name='b', pos=3)), name='', pos=2), Syntax(op='add', args=(Syntax(op='var', args=(), name='b', pos=7), Syntax(op='num', args=(), name='1', pos=9)), name='', pos=8)), name='', pos=5)
>>> parse_assignments("a=2, b=1.1")
{'a': 2, 'b': 11/10}
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..errors import BadInput

FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "relu")
MAX_CHARS = 200
MAX_NAME = 16
MAX_DIGITS = 20     # digits in one number: exact rationals stay small, so bounded powers stay fast

# ASCII digits only: \d also matches other scripts' digits ("١"), which no formula shows.
_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op>\*\*|[-+*/^(),]))")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A name LaTeX can set (expr.graph.name_latex): a letter, then letters and digits, and at most one
# underscore followed by a subscript (x, x1, x_1, x_in). "_", "_a", "a_", "a__b" are not.
_VARIABLE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?")
NAME_RULE = ("a name is a letter, then letters and digits, with at most one underscore "
             "before a subscript (e.g. x, x1, x_1, alpha, x_in)")


@dataclass(frozen=True)
class Syntax:
    """One node of the syntax tree: op is num, var, add, sub, mul, div, pow, neg or a function name."""

    op: str
    args: tuple = ()
    name: str = ""      # the variable name, or the number's text for op == "num"
    pos: int = 0


@dataclass(frozen=True)
class _Token:
    kind: str   # num, name, op, end
    text: str
    pos: int


def exact_number(text: str) -> sp.Rational:
    """'1.1' -> 11/10 exactly (no binary floating point on the way)."""
    return sp.Rational(text)


def check_digits(number: str, where: str) -> None:
    """Refuse a number with more than MAX_DIGITS digits (e.g. a 199-digit literal), naming where it is."""
    digits = sum(ch.isdigit() for ch in number)
    if digits > MAX_DIGITS:
        raise BadInput(f"{where}: the number {number[:12]}... has {digits} digits (at most {MAX_DIGITS})")


def check_name(name: str, where: str) -> None:
    """Refuse a variable name LaTeX cannot set, saying the rule."""
    if not _VARIABLE.fullmatch(name):
        raise BadInput(f"{where}: {name[:20]!r} is not a usable variable name: {NAME_RULE}")


def tokenize(text: str) -> list[_Token]:
    """Split text into tokens; any character outside the whitelist is a BadInput."""
    if not text or not text.strip():
        raise BadInput("empty expression: expected something like (a+b)*(b+1)")
    if len(text) > MAX_CHARS:
        raise BadInput(f"expression too long ({len(text)} characters, at most {MAX_CHARS})")
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m:
            start = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise BadInput(f"unexpected character {text[start]!r} at position {start}: expected a number, "
                           f"a name, + - * / ** ^ or parentheses")
        kind = m.lastgroup
        start = m.start(kind)
        if kind == "num":
            check_digits(m.group(kind), f"position {start}")
        tokens.append(_Token(kind, m.group(kind), start))
        pos = m.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def _describe(self, tok: _Token) -> str:
        return "end of input" if tok.kind == "end" else repr(tok.text)

    def fail(self, expected: str):
        raise BadInput(f"unexpected {self._describe(self.tok)} at position {self.tok.pos}: expected {expected}")

    def take(self, text: str) -> bool:
        if self.tok.kind == "op" and self.tok.text == text:
            self.i += 1
            return True
        return False

    def parse(self) -> Syntax:
        tree = self.expr()
        if self.tok.kind != "end":
            self.fail("an operator (+ - * / ** ^) or end of input")
        return tree

    def expr(self) -> Syntax:
        left = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            pos = self.tok.pos
            op = "add" if self.tok.text == "+" else "sub"
            self.i += 1
            left = Syntax(op, (left, self.term()), pos=pos)
        return left

    def term(self) -> Syntax:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            pos = self.tok.pos
            op = "mul" if self.tok.text == "*" else "div"
            self.i += 1
            left = Syntax(op, (left, self.unary()), pos=pos)
        return left

    def unary(self) -> Syntax:
        pos = self.tok.pos
        if self.take("-"):
            inner = self.unary()
            if inner.op == "num" and not inner.name.startswith("-"):
                return Syntax("num", name="-" + inner.name, pos=pos)
            return Syntax("neg", (inner,), pos=pos)
        if self.take("+"):
            return self.unary()
        return self.power()

    def power(self) -> Syntax:
        base = self.atom()
        pos = self.tok.pos
        if self.take("**") or self.take("^"):
            return Syntax("pow", (base, self.unary()), pos=pos)
        return base

    def atom(self) -> Syntax:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            return Syntax("num", name=tok.text, pos=tok.pos)
        if tok.kind == "name":
            self.i += 1
            if self.tok.kind == "op" and self.tok.text == "(":
                if tok.text not in FUNCTIONS:
                    raise BadInput(f"unknown function {tok.text!r} at position {tok.pos}: "
                                   f"expected one of {', '.join(FUNCTIONS)}")
                self.i += 1
                arg = self.expr()
                if not self.take(")"):
                    self.fail(f"')' closing {tok.text}( (functions take exactly one argument)")
                return Syntax(tok.text, (arg,), pos=tok.pos)
            if tok.text in FUNCTIONS:
                raise BadInput(f"function {tok.text!r} at position {tok.pos} needs an argument: "
                               f"expected {tok.text}(...)")
            if len(tok.text) > MAX_NAME:
                raise BadInput(f"name {tok.text[:20]!r} at position {tok.pos} is too long "
                               f"(at most {MAX_NAME} characters)")
            check_name(tok.text, f"position {tok.pos}")
            return Syntax("var", name=tok.text, pos=tok.pos)
        if self.take("("):
            inner = self.expr()
            if not self.take(")"):
                self.fail("')' to close the '(' opened earlier")
            return inner
        self.fail("a number, a name, a function call or '('")


def parse_expression(text: str) -> Syntax:
    """Parse user text into a :class:`Syntax` tree, or raise BadInput."""
    if not isinstance(text, str):
        raise BadInput("expression must be text")
    return _Parser(text).parse()


def variables(tree: Syntax) -> list[str]:
    """Variable names in order of first appearance."""
    seen: list[str] = []

    def walk(t: Syntax):
        if t.op == "var" and t.name not in seen:
            seen.append(t.name)
        for a in t.args:
            walk(a)
    walk(tree)
    return seen


def parse_assignments(text: str) -> dict[str, sp.Rational]:
    """``"a=2,b=1.1"`` -> ``{"a": 2, "b": 11/10}`` with exact rationals; BadInput for anything else."""
    if not isinstance(text, str) or not text.strip():
        return {}
    if len(text) > MAX_CHARS:
        raise BadInput(f"--at too long ({len(text)} characters, at most {MAX_CHARS})")
    values: dict[str, sp.Rational] = {}
    for part in text.split(","):
        if part.count("=") != 1:
            raise BadInput(f"--at: {part.strip()!r} is not name=number (write e.g. a=2,b=1)")
        name, number = (s.strip() for s in part.split("="))
        if not _NAME.match(name) or name in FUNCTIONS:
            raise BadInput(f"--at: {name[:20]!r} is not a variable name")
        check_name(name, "--at")
        if not _NUMBER.match(number):
            raise BadInput(f"--at: value {number[:20]!r} for {name} is not a finite decimal number (e.g. 2, -0.5, 1.1)")
        check_digits(number, f"--at: {name}")
        if name in values:
            raise BadInput(f"--at: {name} is given twice")
        values[name] = exact_number(number)
    return values
