"""The handout: the derivation the video shows, as Markdown or LaTeX, from the same core objects.

Every formula comes from ``report.derivation_dict`` (paths, chain-rule sums, δ factoring, matrix
form, BP1-BP4) and ``forward.layer_equations``; the numbers from ``check.gradient_table`` (the table ``backprop check`` and the video read) on
``Example.random``. Nothing is typed twice, so the handout cannot drift from the video.

Long sums are broken at top-level ``+`` and, if a single product is still too long, between its
factors, so no equation runs off an A4 page.
"""
from __future__ import annotations

import re

from .. import notation
from ..i18n import N_, _, current_language
from ..languages import language
from ..network.check import check_report, gradient_table
from ..network.derivation import derive
from ..network.example import Example
from ..equation import Equation
from ..network.forward import LayerEquations, layer_equations
from .derivation_report import derivation_dict
from ..network.spec import NetworkSpec

LINE_BUDGET = 44          # rough width units of one display line on an A4 page (see _width)


# ---- breaking long LaTeX -------------------------------------------------------------------------

def _atoms(tex: str) -> list[str]:
    """Top-level pieces: a control word with its brace arguments and scripts, a group, a char."""
    atoms, i = [], 0
    while i < len(tex):
        start = i
        if tex[i] == "\\":
            i += 1
            if i < len(tex) and tex[i].isalpha():
                while i < len(tex) and tex[i].isalpha():
                    i += 1
            else:
                i += 1
            if tex[start:i] in (r"\left", r"\right"):
                i += 1 if i < len(tex) and tex[i] != "\\" else len(re.match(r"\\[A-Za-z]+|\\.", tex[i:]).group(0))
                atoms.append(tex[start:i])
                continue
        elif tex[i] == "{":
            i = _close(tex, i)
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
        if a.startswith(r"\frac"):
            parts = _brace_args(a[5:])
            w += max((_width(p) for p in parts), default=1) + 0.4
        elif a.startswith("{"):
            w += _width(a[1:-1])
        elif a.startswith("\\"):
            name = re.match(r"\\[A-Za-z]+|\\.", a).group(0)
            rest = a[len(name):]
            w += (0 if name in (r"\left", r"\right", r"\,", r"\quad") else 1) + _script_width(rest)
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
    """Split at ``+`` / ``-`` outside braces and \\left...\\right; the sign stays with its term."""
    terms, depth, cur, i = [], 0, "", 0
    while i < len(rhs):
        if rhs.startswith(r"\left", i):
            depth += 1
        elif rhs.startswith(r"\right", i):
            depth -= 1
        c = rhs[i]
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0 and c in "+-" and cur.strip() and not cur.rstrip().endswith(("=", "(", "\\left(")):
            terms.append(cur.strip())
            cur = c
        else:
            cur += c
        i += 1
    if cur.strip():
        terms.append(cur.strip())
    return terms


def break_equation(tex: Equation | str, budget: float = LINE_BUDGET) -> list[str]:
    """``lhs = a + b + ...`` as display lines, the first starting ``lhs &= ``, the rest ``&\\quad``.

    An expression that is no equation (a plain string) is broken the same way, with no left side."""
    eq = isinstance(tex, Equation)
    lhs, rhs = (tex.lhs, tex.rhs) if eq else ("", tex)
    first_prefix = f"{lhs} &= " if eq else "& "
    room = budget - (_width(lhs) + 1 if eq else 0)
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


# ---- content ------------------------------------------------------------------------------------

def handout_data(spec: NetworkSpec, seed: int = 0) -> dict:
    """Everything the handout shows: the derivation dict, the forward equations, the check."""
    d = derive(spec)
    data = derivation_dict(d)
    example = Example.random(spec, seed)
    data["forward"] = [layer_equations(spec, l) for l in range(1, spec.depth + 1)]
    data["table"] = gradient_table(example)           # finite differences for every parameter: the table lists all
    data["check"] = check_report(data["table"])
    data["example"] = example
    data["seed"] = seed
    return data


def _forward_matrices(f: LayerEquations) -> Equation:
    """``z = W a + b, \\quad a = f(z)``: one display, aligned at the first equation's ``=``."""
    return Equation(f.matrix.lhs, rf"{f.matrix.rhs}, \quad {f.activation.latex}")


def _path_latex(path: list[str]) -> str:
    return r" \to ".join(notation.latex_of_name(n) for n in path)


def _title(data) -> str:
    net = data["network"]
    return _("Backpropagation for a {layers} network ({activation}, {loss})").format(
        layers="-".join(map(str, net["layers"])), activation=net["activation"], loss=net["loss"])


def _summary(data) -> str:
    net = data["network"]
    per_layer = _(", ").join(_("layer {l}: {n}").format(l=l, n=n) for l, n in net["paths_per_parameter"].items())
    return _("{n} parameters; chain-rule paths from one parameter of layer $l$ to $E$: {paths}.").format(
        n=net["parameter_count"], paths=per_layer)


# Where the lecture's material comes from (shown at the end of the handout and in the README).
SOURCES = [
    (N_("Michael Nielsen, *Neural Networks and Deep Learning*, ch. 2 (Chinese translation)"),
     N_("the δ notation, BP1–BP4, eq. (46) for finite differences and why backprop is fast")),
    (N_("*Understanding Backpropagation* (Towards Data Science; read in Chinese translation)"),
     N_("the network drawn with z and a nodes, gradients traced as paths, the matrix form step by step")),
    (N_("Christopher Olah, *Calculus on Computational Graphs*, via the zhihu article “Backpropagation explained (part 1)”"),
     N_("forward- vs reverse-mode differentiation and the nine paths X→Y→Z")),
    (N_("zhihu question “How to explain the backpropagation algorithm intuitively?” (anonymous answer)"),
     N_("the graph e = (a+b)(b+1), the sum over paths and the reverse pile-up")),
    (N_("Mr. Kuohao (zhihu column), the backpropagation article of “Neural networks in 15 minutes”"),
     N_("the car-purchase chain rule (200,000 yuan a car, 2 cars, 10% tax), local rules of the add, multiply, "
        "affine, ReLU and softmax-with-loss nodes, the parameter update and a small learning rate")),
]


def _sources() -> list[str]:
    return [_("{source}: {taken}").format(source=_(s), taken=_(t)) for s, t in SOURCES]


def _cost_lines(data) -> list[str]:
    """Nielsen's "why backprop is fast" with this network's counts (backprop_core.network.cost)."""
    from ..network.cost import gradient_cost
    c = gradient_cost(NetworkSpec(tuple(data["network"]["layers"]), data["network"]["activation"],
                                  data["network"]["loss"]))
    return [_("P = {n} parameters.").format(n=c.parameters),
            _("Finite differences, eq. (46) one-sided: P + 1 = {n} forward passes.").format(n=c.one_sided),
            _("Central differences: 2P = {n} forward passes.").format(n=c.central),
            _("The check above (central at h and h/2, Richardson): 4P = {n} forward passes.").format(n=c.richardson),
            _("Backprop: {f} forward + {b} backward pass for all P gradients.").format(
                f=c.backprop_forward, b=c.backprop_backward)]


def _num(x: float) -> str:
    return f"{x:.10g}"


def _cells(row, with_torch: bool) -> list[str]:
    """One row of the numeric check table (``check.GradientTable``): the same cells in Markdown and LaTeX."""
    cells = [f"${row.latex}$", _num(row.symbolic), _num(row.finite_difference), _num(row.numpy)]
    return cells + ([_num(row.torch)] if with_torch else []) + [f"{row.error:.1e}"]


def _check_summary(c: dict) -> list[str]:
    lines = [_("symbolic vs finite differences (central, Richardson-extrapolated): max abs error {abs}, "
               "max rel {rel}").format(abs=f"{c['max_abs_error']:.2e}", rel=f"{c['max_rel_error']:.2e}"),
             _("symbolic vs numpy backprop (Nielsen's algorithm): max rel {rel}").format(
                 rel=f"{c['numpy_backprop']['max_rel_error']:.2e}")]
    if "torch" in c:
        lines.append(_("symbolic vs torch autograd: max rel {rel}").format(rel=f"{c['torch']['max_rel_error']:.2e}"))
    lines.append(_("result: all agree") if c["ok"] else _("result: MISMATCH"))
    return lines


# ---- Markdown -----------------------------------------------------------------------------------

def _md_display(tex: Equation | str) -> str:
    lines = break_equation(tex)
    if len(lines) == 1:
        return f"$$\n{tex}\n$$"
    return "$$\n\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}\n$$"


def as_markdown(data: dict) -> str:
    net = data["network"]
    out = [f"# {_title(data)}", "", _summary(data), ""]
    out += ["## " + _("1. Forward pass"), ""]
    for f in data["forward"]:
        out += [_md_display(f.sum), "", _md_display(_forward_matrices(f)), ""]
    out += ["## " + _("2. Every gradient: paths and the chain rule"), "", _(MULTIPLY_ALONG), ""]
    for p in data["parameters"]:
        out += [f"### ${p['latex']}$ (`{p['name']}`): " + _("{n} path(s)").format(n=p["path_count"]), ""]
        out += [f"{i}. ${_path_latex(path)}$" for i, path in enumerate(p["paths"], 1)]
        out += ["", _("Chain rule, summed over paths:"), "", _md_display(p["chain_rule_latex"]), "",
                _("Written out:"), "", _md_display(p["evaluated_latex"]), "",
                _(WITH_DELTA), "", _md_display(p["delta_form_latex"]), ""]
    out += ["## " + _(FACTORING), "", _(SHARED_PRODUCT), ""]
    for t in data["deltas"]:
        out += [f"### ${t['latex']}$", "", _md_display(t["definition_latex"]), "", _("It replaces:"), ""]
        out += [_md_display(r) for r in t["replaces_latex"]]
        out += ["", _("Recursively:"), "", _md_display(t["recursive_latex"]), ""]
    out += ["## " + _("4. Matrix form"), ""]
    for m in data["matrix_form"]:
        out += [f"### {_layer_heading(m)}", "", _md_display(m["grouped_latex"]), "",
                _md_display(m["delta_equation_latex"]), "", _md_display(m["weight_equation_latex"]), "",
                _md_display(m["bias_equation_latex"]), ""]
    out += ["## " + _("5. The four equations BP1–BP4"), ""]
    for k, v in data["equations"].items():
        out += [f"**{k}**", "", _md_display(v), ""]
    out += ["## " + _(NUMERIC_CHECK).format(number=data["seed"]), ""]
    ex = data["example"]
    out += [f"x = {ex.x.tolist()}, y = {ex.y.tolist()}, " + _("loss") + f" E = {_num(data['check']['loss'])}", ""]
    table = data["table"]
    head = [_("parameter"), _("symbolic (δ recursion)"), _("finite differences"), _("numpy backprop")]
    head += ([_("torch")] if table.with_torch else []) + [_("abs error (symbolic − FD)")]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cells(r, table.with_torch)) + " |" for r in table.rows]
    out += [""] + [f"- {line}" for line in _check_summary(data["check"])]
    out += ["", "## " + _("7. Why backprop is fast"), ""] + [f"- {line}" for line in _cost_lines(data)]
    out += ["", "## " + _("8. Sources"), ""] + [f"- {line}" for line in _sources()]
    return "\n".join(out) + "\n"


MULTIPLY_ALONG = N_("Multiply the local partials along each path from the parameter to $E$, add the paths.")
WITH_DELTA = N_("With $\\delta$ (the repeated sub-product):")
FACTORING = N_("3. Factoring out $\\delta$")
SHARED_PRODUCT = N_("Every path through $z^{(l)}_j$ shares the product from $z^{(l)}_j$ up to $E$; "
                    "that shared product is $\\delta^{(l)}_j = \\partial E / \\partial z^{(l)}_j$.")
NUMERIC_CHECK = N_("6. Numeric check (reproducible random example no. {number})")


def LOSS_WORD() -> str:
    return _("loss")


def _layer_heading(m) -> str:
    return _("Layer {l} ({equation})").format(l=m["layer"], equation=m["equation"])


# ---- LaTeX --------------------------------------------------------------------------------------

PREAMBLE = r"""\documentclass[10pt,a4paper]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage[T1]{fontenc}
\usepackage{longtable}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
"""


def _tex_text(s: str) -> str:
    return (s.replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("&", r"\&")
            .replace("%", r"\%").replace("#", r"\#").replace("δ", r"$\delta$").replace("−", "-")
            .replace("–", "--").replace("→", r"$\to$").replace("“", "``").replace("”", "''"))


def _sub(title: str) -> str:
    return r"\subsection*{" + _tex_text(title) + "}"


def _tex_display(tex: Equation | str) -> str:
    lines = break_equation(tex)
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def latex_preamble(lang: str | None = None) -> str:
    """The preamble in the language's document class, T1 fontenc where it uses one (Chinese: ctexart
    under xelatex, from texlive-xetex and texlive-lang-chinese; backprop handout picks the engine)."""
    record = language(lang or current_language())
    preamble = PREAMBLE.replace(r"\documentclass[10pt,a4paper]{article}",
                                rf"\documentclass[10pt,a4paper]{{{record.handout_class}}}")
    return preamble if record.handout_fontenc else preamble.replace("\\usepackage[T1]{fontenc}\n", "")


def latex_engine(lang: str | None = None) -> str:
    """The language's handout engine: pdflatex for English, xelatex (with ctex) for Chinese."""
    return language(lang or current_language()).handout_engine


def _md_math_text(s: str) -> str:
    """A message with $...$ maths and Markdown *emphasis* as LaTeX text."""
    parts = s.split("$")
    return "$".join(p if i % 2 else re.sub(r"\*([^*]+)\*", r"\\emph{\1}", _tex_text(p)) for i, p in enumerate(parts))


def as_latex(data: dict) -> str:
    net = data["network"]
    preamble = latex_preamble()
    out = [preamble, r"\begin{document}", rf"\section*{{{_tex_text(_title(data))}}}", _md_math_text(_summary(data)),
           _sub(_("1. Forward pass"))]
    for f in data["forward"]:
        out += [_tex_display(f.sum), _tex_display(_forward_matrices(f))]
    out += [_sub(_("2. Every gradient: paths and the chain rule")),
            _md_math_text(_(MULTIPLY_ALONG))]
    for p in data["parameters"]:
        count = _tex_text(_("{n} path(s)").format(n=p["path_count"]))
        out += [rf"\subsubsection*{{${p['latex']}$ (\texttt{{{_tex_text(p['name'])}}}): {count}}}",
                r"\begin{enumerate}"] + [rf"\item ${_path_latex(path)}$" for path in p["paths"]] + [r"\end{enumerate}"]
        out += [_tex_text(_("Chain rule, summed over paths:")), _tex_display(p["chain_rule_latex"]),
                _tex_text(_("Written out:")), _tex_display(p["evaluated_latex"]), _md_math_text(_(WITH_DELTA)),
                _tex_display(p["delta_form_latex"])]
    out += [rf"\subsection*{{{_md_math_text(_(FACTORING))}}}", _md_math_text(_(SHARED_PRODUCT))]
    for t in data["deltas"]:
        out += [rf"\subsubsection*{{${t['latex']}$}}", _tex_display(t["definition_latex"]), _tex_text(_("It replaces:"))]
        out += [_tex_display(r) for r in t["replaces_latex"]]
        out += [_tex_text(_("Recursively:")), _tex_display(t["recursive_latex"])]
    out += [_sub(_("4. Matrix form"))]
    for m in data["matrix_form"]:
        out += [rf"\subsubsection*{{{_tex_text(_layer_heading(m))}}}",
                _tex_display(m["grouped_latex"]), _tex_display(m["delta_equation_latex"]),
                _tex_display(m["weight_equation_latex"]), _tex_display(m["bias_equation_latex"])]
    out += [_sub(_("5. The four equations BP1–BP4")), r"\begin{align*}"]
    eqs = list(data["equations"].items())
    out += [" \\\\\n".join(v.aligned + rf" && \text{{({k})}}" for k, v in eqs), r"\end{align*}"]
    ex = data["example"]
    out += [rf"\subsection*{{{_tex_text(_(NUMERIC_CHECK).format(number=data['seed']))}}}",
            rf"$x = {_vec(ex.x)}$, $y = {_vec(ex.y)}$, {_tex_text(LOSS_WORD())} $E = {_num(data['check']['loss'])}$."]
    table = data["table"]
    cols = 5 + (1 if table.with_torch else 0)
    head = [_tex_text(h) for h in (_("parameter"), _("symbolic"), _("finite diff."), _("numpy backprop"))]
    head += ([_tex_text(_("torch"))] if table.with_torch else []) + ["$|$" + _tex_text(_("error")) + "$|$"]
    out += [r"{\small\begin{longtable}{l" + "r" * (cols - 1) + "}", " & ".join(head) + r" \\ \hline \endhead"]
    out += [" & ".join(_cells(r, table.with_torch)) + r" \\" for r in table.rows]
    out += [r"\end{longtable}}", r"\begin{itemize}"] + [rf"\item {_tex_text(l)}" for l in _check_summary(data["check"])]
    out += [r"\end{itemize}", _sub(_("7. Why backprop is fast")), r"\begin{itemize}"]
    out += [rf"\item {_tex_text(l)}" for l in _cost_lines(data)]
    out += [r"\end{itemize}", _sub(_("8. Sources")), r"\begin{itemize}"]
    out += [rf"\item {_md_math_text(l)}" for l in _sources()]
    out += [r"\end{itemize}", r"\end{document}", ""]
    return "\n".join(out)


def _vec(v) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(f"{x:g}" for x in v) + r"\end{pmatrix}"
