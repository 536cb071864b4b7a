"""The derivation as data and as text (JSON, plain text, LaTeX, Markdown) for the CLI and handout.

One function turns a Derivation into a plain dict (the ``backprop derive --format json``
contract); the text formats are views of that dict, so every output says the same thing.
"""
from __future__ import annotations

from ..network.derivation import Derivation
from ..network.matrix_form import general_equations, matrix_forms
from ..network.proof import symbolic_failures


def derivation_dict(d: Derivation, param: str | None = None) -> dict:
    """Everything ``derive`` prints; ``param`` restricts the parameters to one."""
    grads = [d.gradient(param)] if param else list(d.gradients.values())
    unproven = set(symbolic_failures(d))
    spec = d.spec
    return {
        "network": {**spec.to_dict(), "depth": spec.depth,
                    "parameter_count": len(d.gradients),
                    "paths_per_parameter": {str(l): spec.path_count(l) for l in range(1, spec.depth + 1)}},
        "parameters": [{
            "name": g.name,
            "latex": g.parameter.latex,
            "layer": g.parameter.layer,
            "paths": [list(p.nodes) for p in g.paths],
            "path_count": len(g.paths),
            "chain_rule_latex": g.chain_rule_latex,
            "evaluated_latex": g.evaluated_latex,
            "delta_form_latex": g.delta_form_latex,
            "delta": g.delta.name,
            "delta_form_proven": g.name not in unproven,
        } for g in grads],
        "deltas": [{
            "name": t.name,
            "latex": t.latex,
            "definition_latex": t.definition_latex,
            "recursive_latex": t.recursive_latex,
            "simplified_latex": t.simplified_latex,
            "replaces_latex": t.replaced_latex,
            "proven": t.name not in unproven,
        } for t in d.deltas.values()],
        "matrix_form": [{
            "layer": f.layer,
            "equation": f.bp_name,
            "delta_equation_latex": f.delta_equation_latex,
            "grouped_latex": f.grouped_latex,
            "dE_da": f.dE_da_entries,
            "da_dz": f.entries(f.da_dz) if f.softmax else [row[0] for row in f.entries(f.da_dz)],
            "grad_W": f.grad_W_entries,
            "weight_equation_latex": f.weight_equation_latex,
            "bias_equation_latex": f.bias_equation_latex,
        } for f in matrix_forms(d)],
        "equations": general_equations(spec.act.latex, spec.loss_fn.softmax_output),
    }


def as_text(data: dict) -> str:
    net = data["network"]
    lines = [f"Network {'-'.join(map(str, net['layers']))}, {net['activation']}, {net['loss']}: "
             f"{net['parameter_count']} parameters"]
    for p in data["parameters"]:
        lines += ["", f"{p['name']}: {p['path_count']} path(s) to E"]
        lines += ["  " + " -> ".join(path) for path in p["paths"]]
        lines += [f"  chain rule: {p['chain_rule_latex']}", f"  written out: {p['evaluated_latex']}",
                  f"  delta form: {p['delta_form_latex']}"
                  f"  ({'proven equal to the path sum' if p['delta_form_proven'] else 'NOT PROVEN'})"]
    lines += ["", "Deltas:"] + [f"  {t['definition_latex']};  {t['recursive_latex']}" for t in data["deltas"]]
    lines += ["", "Matrix form:"] + [f"  layer {m['layer']} ({m['equation']}): {m['delta_equation_latex']};  "
                                     f"{m['weight_equation_latex']};  {m['bias_equation_latex']}" for m in data["matrix_form"]]
    lines += ["", "General equations:"] + [f"  {k}: {v}" for k, v in data["equations"].items()]
    return "\n".join(lines)


def as_latex(data: dict) -> str:
    """A LaTeX fragment (align* blocks) of the whole derivation."""
    out = []
    for p in data["parameters"]:
        out += [r"\begin{align*}", p["chain_rule_latex"].replace(" = ", " &= ", 1) + r" \\",
                "&= " + p["evaluated_latex"].split(" = ", 1)[1] + r" \\",
                "&= " + p["delta_form_latex"].split(" = ", 1)[1], r"\end{align*}"]
    out += [r"\begin{align*}"] + [t["recursive_latex"].replace(" = ", " &= ", 1) + r" \\" for t in data["deltas"]]
    out[-1] = out[-1].removesuffix(r" \\")
    out += [r"\end{align*}", r"\begin{align*}"]
    eqs = list(data["equations"].items())
    out += [v.replace(" = ", " &= ", 1) + rf" && \text{{({k})}}" + (r" \\" if i < len(eqs) - 1 else "")
            for i, (k, v) in enumerate(eqs)]
    out += [r"\end{align*}"]
    return "\n".join(out)


def as_markdown(data: dict) -> str:
    net = data["network"]
    out = [f"# Backpropagation for a {'-'.join(map(str, net['layers']))} network "
           f"({net['activation']}, {net['loss']})", ""]
    for p in data["parameters"]:
        out += [f"## ${p['latex']}$ — {p['path_count']} path(s)", ""]
        out += [f"- `{' → '.join(path)}`" for path in p["paths"]]
        out += ["", f"$${p['chain_rule_latex']}$$", "", f"$${p['evaluated_latex']}$$", "",
                f"$${p['delta_form_latex']}$$", ""]
    out += ["## Deltas", ""] + [f"$${t['recursive_latex']}$$\n" for t in data["deltas"]]
    out += ["## BP1–BP4", ""] + [f"- {k}: ${v}$" for k, v in data["equations"].items()]
    return "\n".join(out) + "\n"
