"""The handout: the derivation the video shows, as Markdown or LaTeX, from the same core objects.

Every formula comes from ``report.derivation_dict`` (paths, chain-rule sums, δ factoring, matrix
form, BP1-BP4) and ``forward.layer_equations``; the numbers from ``check.check_example`` on
``Example.random``. Nothing is typed twice, so the handout cannot drift from the video.

Long sums are broken at top-level ``+`` and, if a single product is still too long, between its
factors, so no equation runs off an A4 page.
"""
from __future__ import annotations

import re

from .. import notation
from ..network.check import check_example
from ..network.derivation import derive
from ..network.example import Example
from ..network.forward import layer_equations
from ..network.numeric import evaluate
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


def break_equation(tex: str, budget: float = LINE_BUDGET) -> list[str]:
    """``lhs = a + b + ...`` as display lines, the first starting ``lhs &= ``, the rest ``&\\quad``."""
    lhs, eq, rhs = tex.partition(" = ")
    if not eq:
        lhs, rhs = "", tex
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
    data["check"] = check_example(example)
    data["evaluation"] = evaluate(d, example)
    data["example"] = example
    data["seed"] = seed
    return data


def _path_latex(path: list[str]) -> str:
    return r" \to ".join(notation.latex_of_name(n) for n in path)


def _title(data) -> str:
    net = data["network"]
    return f"Backpropagation for a {'-'.join(map(str, net['layers']))} network ({net['activation']}, {net['loss']})"


def _rows(data) -> list[tuple[str, str, float, float, float, float | None]]:
    """(name, latex, symbolic, finite difference, numpy backprop, torch or None) per parameter."""
    from ..network.numeric import numpy_backprop, torch_gradients
    example, ev = data["example"], data["evaluation"]
    _, nw, nb = numpy_backprop(example)
    torch = torch_gradients(example) if "torch" in data["check"] else None
    fd = data["check"]["finite_difference"]
    rows = []
    for p in data["parameters"]:
        parts = [int(x) for x in p["name"][1:].split("_")]
        l, idx = parts[0] - 1, tuple(i - 1 for i in parts[1:])
        kind = "grad_weights" if p["name"][0] == "w" else "grad_biases"
        f = fd[kind][l]
        for i in idx:
            f = f[i]
        npv = (nw if kind == "grad_weights" else nb)[l][idx]
        tv = None if torch is None else float((torch[0] if kind == "grad_weights" else torch[1])[l][idx])
        rows.append((p["name"], p["latex"], ev.gradients[p["name"]], float(f), float(npv), tv))
    return rows


def _cost_lines(data) -> list[str]:
    """Seed 004's "why backprop is fast" with this network's counts (backprop_core.network.cost)."""
    from ..network.cost import gradient_cost
    c = gradient_cost(NetworkSpec(tuple(data["network"]["layers"]), data["network"]["activation"],
                                  data["network"]["loss"]))
    return [f"P = {c.parameters} parameters.",
            f"Finite differences, eq. (46) one-sided: P + 1 = {c.one_sided} forward passes.",
            f"Central differences: 2P = {c.central} forward passes.",
            f"The check above (central at h and h/2, Richardson): 4P = {c.richardson} forward passes.",
            f"Backprop: {c.backprop_forward} forward + {c.backprop_backward} backward pass for all P gradients."]


def _num(x: float) -> str:
    return f"{x:.10g}"


def _check_summary(c: dict) -> list[str]:
    lines = [f"symbolic vs finite differences (central, Richardson-extrapolated): max abs error "
             f"{c['max_abs_error']:.2e}, max rel {c['max_rel_error']:.2e}",
             f"symbolic vs numpy backprop (seed 004's algorithm): max rel {c['numpy_backprop']['max_rel_error']:.2e}"]
    if "torch" in c:
        lines.append(f"symbolic vs torch autograd: max rel {c['torch']['max_rel_error']:.2e}")
    lines.append("result: " + ("all agree" if c["ok"] else "MISMATCH"))
    return lines


# ---- Markdown -----------------------------------------------------------------------------------

def _md_display(tex: str) -> str:
    lines = break_equation(tex)
    if len(lines) == 1:
        return f"$$\n{tex}\n$$"
    return "$$\n\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}\n$$"


def as_markdown(data: dict) -> str:
    net = data["network"]
    out = [f"# {_title(data)}", "",
           f"{net['parameter_count']} parameters; chain-rule paths from one parameter of layer l to E: "
           + ", ".join(f"layer {l}: {n}" for l, n in net["paths_per_parameter"].items()) + ".", ""]
    out += ["## 1. Forward pass", ""]
    for f in data["forward"]:
        out += [_md_display(f.sum_latex), "", _md_display(f"{f.matrix_latex}, \\quad {f.activation_latex}"), ""]
    out += ["## 2. Every gradient: paths and the chain rule", "",
            "Multiply the local partials along each path from the parameter to E, add the paths.", ""]
    for p in data["parameters"]:
        out += [f"### ${p['latex']}$ (`{p['name']}`): {p['path_count']} path(s)", ""]
        out += [f"{i}. ${_path_latex(path)}$" for i, path in enumerate(p["paths"], 1)]
        out += ["", "Chain rule, summed over paths:", "", _md_display(p["chain_rule_latex"]), "",
                "Written out:", "", _md_display(p["evaluated_latex"]), "",
                "With δ (the repeated sub-product):", "", _md_display(p["delta_form_latex"]), ""]
    out += ["## 3. Factoring out δ", "",
            "Every path through $z^{(l)}_j$ shares the product from $z^{(l)}_j$ up to E; "
            "that shared product is $\\delta^{(l)}_j = \\partial E / \\partial z^{(l)}_j$.", ""]
    for t in data["deltas"]:
        out += [f"### ${t['latex']}$", "", _md_display(t["definition_latex"]), "", "It replaces:", ""]
        out += [_md_display(r) for r in t["replaces_latex"]]
        out += ["", "Recursively:", "", _md_display(t["recursive_latex"]), ""]
    out += ["## 4. Matrix form", ""]
    for m in data["matrix_form"]:
        out += [f"### Layer {m['layer']} ({m['equation']})", "", _md_display(m["grouped_latex"]), "",
                _md_display(m["delta_equation_latex"]), "", _md_display(m["weight_equation_latex"]), "",
                _md_display(m["bias_equation_latex"]), ""]
    out += ["## 5. The four equations BP1–BP4", ""]
    for k, v in data["equations"].items():
        out += [f"**{k}**", "", _md_display(v), ""]
    out += [f"## 6. Numeric check (seeded example, seed {data['seed']})", ""]
    ex = data["example"]
    out += [f"x = {ex.x.tolist()}, y = {ex.y.tolist()}, loss E = {_num(data['check']['loss'])}", ""]
    rows = _rows(data)
    torch = rows and rows[0][5] is not None
    head = ["parameter", "symbolic (δ recursion)", "finite differences", "numpy backprop"] + (["torch"] if torch else [])
    head += ["abs error (symbolic − FD)"]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, latex, sym, fd, npv, tv in rows:
        cells = [f"${latex}$", _num(sym), _num(fd), _num(npv)] + ([_num(tv)] if torch else [])
        cells += [f"{abs(sym - fd):.1e}"]
        out.append("| " + " | ".join(cells) + " |")
    out += [""] + [f"- {line}" for line in _check_summary(data["check"])]
    out += ["", "## 7. Why backprop is fast", ""] + [f"- {line}" for line in _cost_lines(data)]
    return "\n".join(out) + "\n"


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
            .replace("–", "--"))


def _tex_display(tex: str) -> str:
    lines = break_equation(tex)
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def as_latex(data: dict) -> str:
    net = data["network"]
    out = [PREAMBLE, r"\begin{document}", rf"\section*{{{_tex_text(_title(data))}}}",
           f"{net['parameter_count']} parameters; chain-rule paths from one parameter of layer $l$ to $E$: "
           + ", ".join(f"layer {l}: {n}" for l, n in net["paths_per_parameter"].items()) + ".",
           r"\subsection*{1. Forward pass}"]
    for f in data["forward"]:
        out += [_tex_display(f.sum_latex), _tex_display(f"{f.matrix_latex}, \\quad {f.activation_latex}")]
    out += [r"\subsection*{2. Every gradient: paths and the chain rule}",
            "Multiply the local partials along each path from the parameter to $E$, add the paths."]
    for p in data["parameters"]:
        out += [rf"\subsubsection*{{${p['latex']}$ (\texttt{{{_tex_text(p['name'])}}}): {p['path_count']} path(s)}}",
                r"\begin{enumerate}"] + [rf"\item ${_path_latex(path)}$" for path in p["paths"]] + [r"\end{enumerate}"]
        out += ["Chain rule, summed over paths:", _tex_display(p["chain_rule_latex"]), "Written out:",
                _tex_display(p["evaluated_latex"]), r"With $\delta$ (the repeated sub-product):",
                _tex_display(p["delta_form_latex"])]
    out += [r"\subsection*{3. Factoring out $\delta$}",
            r"Every path through $z^{(l)}_j$ shares the product from $z^{(l)}_j$ up to $E$; that shared "
            r"product is $\delta^{(l)}_j = \partial E / \partial z^{(l)}_j$."]
    for t in data["deltas"]:
        out += [rf"\subsubsection*{{${t['latex']}$}}", _tex_display(t["definition_latex"]), "It replaces:"]
        out += [_tex_display(r) for r in t["replaces_latex"]]
        out += ["Recursively:", _tex_display(t["recursive_latex"])]
    out += [r"\subsection*{4. Matrix form}"]
    for m in data["matrix_form"]:
        out += [rf"\subsubsection*{{Layer {m['layer']} ({m['equation']})}}",
                _tex_display(m["grouped_latex"]), _tex_display(m["delta_equation_latex"]),
                _tex_display(m["weight_equation_latex"]), _tex_display(m["bias_equation_latex"])]
    out += [r"\subsection*{5. The four equations BP1--BP4}", r"\begin{align*}"]
    eqs = list(data["equations"].items())
    out += [" \\\\\n".join(v.replace(" = ", " &= ", 1) + rf" && \text{{({k})}}" for k, v in eqs), r"\end{align*}"]
    ex = data["example"]
    out += [rf"\subsection*{{6. Numeric check (seeded example, seed {data['seed']})}}",
            rf"$x = {_vec(ex.x)}$, $y = {_vec(ex.y)}$, loss $E = {_num(data['check']['loss'])}$."]
    rows = _rows(data)
    torch = rows and rows[0][5] is not None
    cols = 5 + (1 if torch else 0)
    head = ["parameter", "symbolic", "finite diff.", "numpy backprop"] + (["torch"] if torch else []) + ["$|$error$|$"]
    out += [r"{\small\begin{longtable}{l" + "r" * (cols - 1) + "}", " & ".join(head) + r" \\ \hline \endhead"]
    for name, latex, sym, fd, npv, tv in rows:
        cells = [f"${latex}$", _num(sym), _num(fd), _num(npv)] + ([_num(tv)] if torch else []) + [f"{abs(sym - fd):.1e}"]
        out.append(" & ".join(cells) + r" \\")
    out += [r"\end{longtable}}", r"\begin{itemize}"] + [rf"\item {_tex_text(l)}" for l in _check_summary(data["check"])]
    out += [r"\end{itemize}", r"\subsection*{7. Why backprop is fast}", r"\begin{itemize}"]
    out += [rf"\item {_tex_text(l)}" for l in _cost_lines(data)]
    out += [r"\end{itemize}", r"\end{document}", ""]
    return "\n".join(out)


def _vec(v) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(f"{x:g}" for x in v) + r"\end{pmatrix}"
