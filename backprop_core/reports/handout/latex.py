"""The handout's blocks as a LaTeX document (pdflatex for English, xelatex with ctex for Chinese)."""
from __future__ import annotations

import re

from ...i18n import current_language
from ...languages import language
from .blocks import Display, Figure, Heading, Items, Para, Table
from .breaking import display_lines

PREAMBLE = r"""\documentclass[10pt,a4paper]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{longtable,booktabs,graphicx,cellspace,needspace}
\setlength{\cellspacetoplimit}{4pt}
\setlength{\cellspacebottomlimit}{4pt}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\pagestyle{plain}
\setlength{\parskip}{4pt}
"""


def latex_preamble(lang: str | None = None) -> str:
    """The preamble in the language's document class, T1 fontenc where it uses one (Chinese: ctexart
    under xelatex, from texlive-xetex and texlive-lang-chinese; backprop handout picks the engine)."""
    record = language(lang or current_language())
    preamble = PREAMBLE.replace(r"\documentclass[10pt,a4paper]{article}",
                                rf"\documentclass[10pt,a4paper]{{{record.handout_class}}}")
    return preamble if record.handout_fontenc else preamble.replace("\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n", "")


def latex_engine(lang: str | None = None) -> str:
    """The language's handout engine: pdflatex for English, xelatex (with ctex) for Chinese."""
    return language(lang or current_language()).handout_engine


def tex_text(s: str) -> str:
    """Plain words safe in LaTeX text (the symbols the messages use, spelled for pdflatex)."""
    return (s.replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("&", r"\&")
            .replace("%", r"\%").replace("#", r"\#").replace("δ", r"$\delta$").replace("−", "-")
            .replace("–", "--").replace("→", r"$\to$").replace("“", "``").replace("”", "''")
            .replace("×", r"$\times$").replace("η", r"$\eta$").replace("λ", r"$\lambda$"))


def text(s: str) -> str:
    """A message with ``$...$`` maths and Markdown ``*emphasis*`` as LaTeX."""
    parts = str(s).split("$")
    return "$".join(p if i % 2 else re.sub(r"\*([^*]+)\*", r"\\emph{\1}", tex_text(p)) for i, p in enumerate(parts))


MATRIX_OF_FRACTIONS = re.compile(r"\\begin\{([bpv]?matrix)\}((?:(?!\\begin\{).)*?\\frac(?:(?!\\begin\{).)*?)\\end\{\1\}", re.S)


def _roomy(tex: str) -> str:
    """A matrix of derivatives with its fractions at full size and room between its rows (in text size
    they come out tiny and a subscript runs into the next entry)."""
    def roomy(m):
        body = m.group(2).replace(r"\frac", r"\dfrac")
        return rf"{{\renewcommand{{\arraystretch}}{{2.4}}\begin{{{m.group(1)}}}{body}\end{{{m.group(1)}}}}}"
    return MATRIX_OF_FRACTIONS.sub(roomy, tex)


def display(formulas) -> str:
    rows = [_roomy(row) for f in formulas for row in display_lines(f)]
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


SHORT_TABLE = 16      # rows: a shorter table is never split across pages (a tabular); a longer one is a longtable


def table(t: Table) -> str:
    """A table with room around every cell (cellspace's S columns: a fraction never touches the next
    row); kept on one page when short, split with its header repeated when long."""
    size = r"\small" if t.small else ""
    columns = "".join("S" + c for c in t.columns)
    head = " & ".join(_guard(text(h)) for h in t.head) + r" \\"
    rows = [" & ".join(_cell(c) for c in row) + r" \\" for row in t.rows]
    if len(t.rows) <= SHORT_TABLE:
        return "\n".join([r"\begin{center}" + size + r"\begin{tabular}{" + columns + "}", r"\toprule", head,
                          r"\midrule", *rows, r"\bottomrule", r"\end{tabular}\end{center}"])
    return "\n".join([r"{" + size + r"\begin{longtable}{" + columns + "}", r"\toprule", head, r"\midrule",
                      r"\endhead", *rows, r"\bottomrule", r"\end{longtable}}"])


def _cell(c: str) -> str:
    """A table cell; fractions in it at full size (cellspace makes the row tall enough)."""
    return _guard(text(c).replace("$", r"$\displaystyle ", 1) if r"\frac" in str(c) else text(c))


def _guard(cell: str) -> str:
    """A cell that starts with "[" (the pseudo-locale's brackets) is not read as cellspace's
    optional argument."""
    return "{}" + cell if cell.startswith("[") else cell


def figure(f: Figure) -> str:
    if not f.path:
        return ""
    return "\n".join([r"\begin{center}", rf"\includegraphics[width=\linewidth]{{{f.path}}}", r"\end{center}",
                      r"\begin{center}\small " + text(f.caption) + r"\end{center}"])


def block(b) -> str:
    if isinstance(b, Heading):
        command = {1: "section*", 2: "subsection*"}[b.level]
        room = {1: 8, 2: 6}[b.level]        # lines: a heading never ends a page alone with a line under it
        return rf"\Needspace{{{room}\baselineskip}}\{command}{{{text(b.text)}}}"
    if isinstance(b, Para):
        return text(b.text)
    if isinstance(b, Display):
        return display(b.formulas)
    if isinstance(b, Table):
        return table(b)
    if isinstance(b, Items):
        env = "enumerate" if b.numbered else "itemize"
        return "\n".join([rf"\begin{{{env}}}"] + [rf"\item {text(i)}" for i in b.items] + [rf"\end{{{env}}}"])
    if isinstance(b, Figure):
        return figure(b)
    raise TypeError(f"not a handout block: {b!r}")


def _lines(b) -> int:
    """About how many lines a table or display takes (0 for anything else, or one too long to keep
    whole: it may start on this page)."""
    if isinstance(b, Table):
        n = 2 * len(b.rows) + 4
    elif isinstance(b, Display):
        n = 2 * len(b.formulas) + 3
    else:
        return 0
    return n if n <= 24 else 0


def document(title: str, sections) -> str:
    out = [latex_preamble(), r"\begin{document}", r"\begin{center}{\LARGE " + text(title) + r"}\end{center}"]
    for s in sections:
        out += [block(s.heading)]
        for b, after in zip(s.blocks, list(s.blocks[1:]) + [None]):
            # a line that introduces a short table or formula stays on the page of what it introduces
            lines = _lines(after) if isinstance(b, Para) else 0
            out.append((rf"\Needspace{{{lines}\baselineskip}}" if lines else "") + block(b))
    return "\n\n".join(out + [r"\end{document}"]) + "\n"
