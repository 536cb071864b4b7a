"""The derivation as data and as text (JSON, plain text, LaTeX, Markdown) for the CLI and handout.

One function turns a Derivation into a dict of plain values and
:class:`~backprop_core.equation.Equation` records (``backprop derive --format json`` writes each
equation as its LaTeX string, :func:`as_json`); the text formats are views of that dict, so every
output says the same thing, and a view that aligns an equation at its ``=`` asks it for its sides.
"""
from __future__ import annotations

import json

from ..equation import Equation
from ..network.counts import network_counts
from ..network.derivation import Derivation
from ..network.bp_equations import general_bp
from ..network.matrix_form import LayerMatrixForm, matrix_forms
from ..network.proof import symbolic_failures


# Paths listed per parameter in JSON/text before the listing is cut (the count is always exact).
MAX_PATHS = 64


def parameter_dict(g, unproven: set, max_paths: int = MAX_PATHS) -> dict:
    """One gradient as ``derive --format json`` lists it: paths (up to ``max_paths``), chain rule, δ form."""
    shown = g.paths.head(max_paths) if hasattr(g.paths, "head") else list(g.paths)[:max_paths]
    truncated = len(g.paths) > len(shown)
    out = {
        "name": g.name,
        "latex": g.parameter.latex,
        "layer": g.parameter.layer,
        "paths": [list(p.nodes) for p in shown],
        "path_count": len(g.paths),
        "paths_truncated": truncated,
        "chain_rule_latex": g.chain_rule(shown, truncated),
        "evaluated_latex": g.evaluated(shown, truncated),
        "delta_form_latex": g.delta_form_equation,
        "delta": g.delta.name,
        "delta_form_proven": g.name not in unproven,
    }
    if truncated:
        out["note"] = f"showing the first {len(shown)} of {len(g.paths)} paths (--max-paths)"
    return out


def network_dict(d: Derivation) -> dict:
    """The network's layers, activation and loss, its size and the paths per parameter of each layer."""
    spec = d.spec
    return {**spec.to_dict(), "depth": spec.depth, "parameter_count": len(d.gradients),
            "paths_per_parameter": {str(l): spec.path_count(l) for l in range(1, spec.depth + 1)}}


def matrix_form_dict(f: LayerMatrixForm) -> dict:
    """One layer's matrix form: its BP equation, the grouped columns and the entries written out."""
    return {
        "layer": f.layer,
        "equation": f.bp_name,
        "delta_equation_latex": f.delta_equation,
        "grouped_latex": f.grouped,
        "dE_da": f.dE_da_entries,
        "da_dz": f.entries(f.da_dz) if f.softmax else [row[0] for row in f.entries(f.da_dz)],
        "grad_W": f.grad_W_entries,
        "weight_equation_latex": f.weight_equation,
        "bias_equation_latex": f.bias_equation,
    }


def derivation_dict(d: Derivation, param: str | None = None, max_paths: int = MAX_PATHS) -> dict:
    """Everything ``derive`` prints; ``param`` restricts the parameters to one.

    Paths are listed up to ``max_paths`` per parameter (``path_count`` is always exact and
    the proof never needs the list).
    """
    grads = [d.gradient(param)] if param else list(d.gradients.values())
    unproven = set(symbolic_failures(d))
    spec = d.spec
    return {
        "network": network_dict(d),
        "proof": {"method": "induction over layers", "exact": True, "unproven": sorted(unproven)},
        "counts": network_counts(spec).to_dict(),
        "parameters": [parameter_dict(g, unproven, max_paths) for g in grads],
        "deltas": [{
            "name": t.name,
            "latex": t.latex,
            "definition_latex": t.definition,
            "recursive_latex": t.recursive_equation,
            "simplified_latex": t.simplified_equation,
            "replaces_latex": [p.partial_latex for p in t.paths.head(max_paths)]
            if hasattr(t.paths, "head") else t.replaced_latex,
            "replaces_count": len(t.paths),
            "proven": t.name not in unproven,
        } for t in d.deltas.values()],
        "matrix_form": [matrix_form_dict(f) for f in matrix_forms(d)],
        "equations": general_bp(spec.act.latex, spec.loss_fn.softmax_output),
    }


def as_json(data: dict) -> str:
    """``derive --format json``: the dict with every equation written as its LaTeX string."""
    return json.dumps(data, indent=2, default=_json_value)


def _json_value(value):
    if isinstance(value, Equation):
        return value.latex
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _paths(n: int) -> str:
    """``1 path``, ``3 paths``: a reader is told how many, not "path(s)"."""
    return f"{n} path" if n == 1 else f"{n} paths"


def as_text(data: dict) -> str:
    net = data["network"]
    lines = [f"Network {'-'.join(map(str, net['layers']))}, {net['activation']}, {net['loss']}: "
             f"{net['parameter_count']} parameters"]
    for p in data["parameters"]:
        lines += ["", f"{p['name']}: {_paths(p['path_count'])} to E"]
        lines += ["  " + " -> ".join(path) for path in p["paths"]]
        if p.get("note"):
            lines += [f"  ... {p['note']}"]
        lines += [f"  chain rule: {p['chain_rule_latex']}", f"  written out: {p['evaluated_latex']}",
                  f"  delta form: {p['delta_form_latex']}"
                  f"  ({'proven equal to the path sum' if p['delta_form_proven'] else 'NOT PROVEN'})"]
    lines += ["", "Deltas:"] + [f"  {t['definition_latex']};  {t['recursive_latex']}" for t in data["deltas"]]
    lines += ["", "Matrix form:"] + [f"  layer {m['layer']} ({m['equation']}): {m['delta_equation_latex']};  "
                                     f"{m['weight_equation_latex']};  {m['bias_equation_latex']}" for m in data["matrix_form"]]
    lines += ["", "General equations:"] + [f"  {k}: {v}" for k, v in data["equations"].items()]
    return "\n".join(lines)


def counts_table(data: dict) -> str:
    """``backprop derive --counts``: paths and work per layer, path sums versus δ."""
    c = data["counts"]
    head = f"{'layer':>5} {'params':>8} {'paths/param':>14} {'path-sum mult':>16} {'path-sum add':>16} {'delta mult':>12} {'delta add':>10}"
    rows = [head]
    for r in c["layers"]:
        rows.append(f"{r['layer']:>5} {r['weights'] + r['biases']:>8} {r['path_count']:>14} "
                    f"{r['path_sum']['multiplications']:>16} {r['path_sum']['additions']:>16} "
                    f"{r['delta']['multiplications']:>12} {r['delta']['additions']:>10}")
    t = c["total"]
    rows.append(f"{'total':>5} {data['network']['parameter_count']:>8} {'':>14} "
                f"{t['path_sum']['multiplications']:>16} {t['path_sum']['additions']:>16} "
                f"{t['delta']['multiplications']:>12} {t['delta']['additions']:>10}")
    ratio = t["path_sum"]["multiplications"] / max(1, t["delta"]["multiplications"])
    rows.append(f"delta saves {t['multiplications_saved']} multiplications ({ratio:.3g} times fewer)")
    return "\n".join(rows)


def as_latex(data: dict) -> str:
    """A LaTeX fragment (align* blocks) of the whole derivation."""
    out = []
    for p in data["parameters"]:
        out += [r"\begin{align*}", p["chain_rule_latex"].aligned + r" \\",
                "&= " + p["evaluated_latex"].rhs + r" \\",
                "&= " + p["delta_form_latex"].rhs, r"\end{align*}"]
    out += [r"\begin{align*}"] + [t["recursive_latex"].aligned + r" \\" for t in data["deltas"]]
    out[-1] = out[-1].removesuffix(r" \\")
    out += [r"\end{align*}", r"\begin{align*}"]
    eqs = list(data["equations"].items())
    out += [v.aligned + rf" && \text{{({k})}}" + (r" \\" if i < len(eqs) - 1 else "")
            for i, (k, v) in enumerate(eqs)]
    out += [r"\end{align*}"]
    return "\n".join(out)


def as_markdown(data: dict) -> str:
    net = data["network"]
    out = [f"# Backpropagation for a {'-'.join(map(str, net['layers']))} network "
           f"({net['activation']}, {net['loss']})", ""]
    for p in data["parameters"]:
        out += [f"## ${p['latex']}$ — {_paths(p['path_count'])}", ""]
        out += [f"- `{' → '.join(path)}`" for path in p["paths"]]
        out += ["", f"$${p['chain_rule_latex']}$$", "", f"$${p['evaluated_latex']}$$", "",
                f"$${p['delta_form_latex']}$$", ""]
    out += ["## Deltas", ""] + [f"$${t['recursive_latex']}$$\n" for t in data["deltas"]]
    out += ["## BP1–BP4", ""] + [f"- {k}: ${v}$" for k, v in data["equations"].items()]
    return "\n".join(out) + "\n"
