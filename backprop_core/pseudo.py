r"""The pseudo-locale: English made about 40 % longer and accented, so layouts meet a long translation early.

The i18n convention (Microsoft's qps-ploc): a translation is usually longer than the English, and
a layout that only fits English breaks in German or French long after the scene was written.
Here every letter of a message becomes an accented look-alike, every word grows by about 40 %,
and the message is bracketed (``[…]``) so a clipped end shows. Made at run time from the English
msgid, so there is no catalogue to keep up. What code reads stays as it is: ``{placeholders}``
(with their format specs), ``{{``/``}}``, ``$…$`` TeX, ``\commands``, ``%s``-style formats,
`` `code` `` and URLs. Accents are Latin-1 only, so the words also set in plain LaTeX.

>>> pseudo("Sum over paths")
'[Súmm óvérr pátthss]'
>>> pseudo("{n} path(s) to $E$").format(n=3)
'[3 páátthh(ss) tóó $E$]'
"""
from __future__ import annotations

import re

ACCENTS = str.maketrans("aeiouyncAEIOUYNC", "áéíóúýñçÁÉÍÓÚÝÑÇ")
GROWTH = 0.4
# what code or TeX reads: kept character for character
KEPT = re.compile(r"\{\{|\}\}|\{[^{}]*\}|\$[^$]*\$|\\[A-Za-z]+|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXr%]"
                  r"|`[^`]*`|https?://\S+")
WORD = re.compile(r"[A-Za-z]+")


def _longer(word: str, growth: float) -> str:
    """The word with ``growth`` times more letters: evenly spaced letters doubled ("paths" -> "ppathhs")."""
    extra = round(len(word) * growth)
    out = []
    for i, ch in enumerate(word):
        out.append(ch)
        if (i + 1) * extra // len(word) > i * extra // len(word):
            out.append(ch)
    return "".join(out)


def _words(text: str, growth: float) -> str:
    return WORD.sub(lambda m: _longer(m.group(), growth).translate(ACCENTS), text)


def pseudo(message: str) -> str:
    """``message`` in the pseudo-locale (a message without letters, such as ``", "``, stays as it is)."""
    kept = list(KEPT.finditer(message))
    bounds = [0, *(i for m in kept for i in m.span()), len(message)]
    prose = [message[a:b] for a, b in zip(bounds[::2], bounds[1::2])]
    letters = sum(len(w) for p in prose for w in WORD.findall(p))
    if not letters:
        return message
    # the words carry the whole message's growth (spaces, digits and TeX do not grow); "[" and "]" count
    growth = min(1.0, max(0.0, (GROWTH * len(message) - 2) / letters))
    out = [_words(prose[0], growth)]
    for m, p in zip(kept, prose[1:]):
        out += [m.group(), _words(p, growth)]
    return "[" + "".join(out) + "]"
