"""What a derivation and a layer's matrix form show in a Jupyter notebook (expression graphs:
:mod:`.expr_notebook`).

The core objects display themselves through thin ``_repr_markdown_`` / ``_repr_latex_`` /
``_repr_svg_`` methods that call the functions here. Every formula comes from the reports
(:mod:`.derivation_report`, :mod:`.expr_report`) and the core objects' own LaTeX, so a notebook
says what ``backprop derive`` and ``backprop graph`` say, only shorter: a cell shows the key
result, not pages.

* a :class:`~backprop_core.network.derivation.Derivation`: the network, BP1–BP4, and a few
  gradients (the first weight of the output layer and of the first layer as the sum over paths
  and its δ form, a bias as its δ form);
* a :class:`~backprop_core.network.matrix_form.LayerMatrixForm`: that layer's BP1 or BP2 with the
  columns written out, ∂E/∂W = δ (a⁽ˡ⁻¹⁾)ᵀ as a matrix, and ∂E/∂b = δ;

>>> from backprop_core import derive
>>> r"\\delta^{(1)}_{1} x^{(0)}_{1}" in derivation_markdown(derive())
True
"""
from __future__ import annotations


from .. import notation as n
from ..network.derivation import Derivation
from ..network.bp_equations import general_bp
from ..network.matrix_form import LayerMatrixForm, matrix_latex
from ..network.proof import symbolic_failures
from ..quantity import Quantity
from .derivation_report import matrix_form_dict, network_dict, parameter_dict
from .handout import break_equation

SHOWN_PATHS = 2          # paths written out per gradient before "+ ⋯" (the count is always exact)
SHOWN_LAYERS = 3         # layers whose first weight is shown: L, L-1 and 1 in a deep network
WRITTEN_OUT = 6          # matrices with more rows or columns are given as equations only


# ---- a derivation -------------------------------------------------------------------------------

def shown_parameters(d: Derivation) -> list[str]:
    """The gradients a notebook cell shows: the first weight of the output layer, the layer below
    it and the first layer (of every layer when there are at most three), and the first bias of
    the first layer."""
    layers = list(range(d.spec.depth, 0, -1))
    if len(layers) > SHOWN_LAYERS:
        layers = layers[:SHOWN_LAYERS - 1] + [1]
    return [n.w_name(l, 1, 1) for l in layers] + [n.b_name(1, 1)]


def _aligned(rows: list[str]) -> str:
    r"""One display block ``$$\begin{aligned} ... \end{aligned}$$`` of rows already holding their ``&``."""
    return "$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$"


def _derivation_parts(d: Derivation) -> dict:
    unproven = set(symbolic_failures(d))
    return {
        "network": network_dict(d),
        "unproven": sorted(unproven),
        "parameters": [parameter_dict(d.gradient(name), unproven, SHOWN_PATHS) for name in shown_parameters(d)],
        "equations": general_bp(d.spec.act.latex, d.spec.loss_fn.softmax_output),
        "delta_definition": d.deltas[(1, 1)].definition_latex,
    }


def _network_line(parts: dict) -> str:
    net = parts["network"]
    proof = ("every δ form is proven equal to its sum over paths" if not parts["unproven"]
             else "**not proven**: " + ", ".join(parts["unproven"]))
    return (f"**Backpropagation in a {'-'.join(map(str, net['layers']))} network** "
            f"({net['activation']}, {net['loss']}): {net['parameter_count']} parameters; {proof}.")


def _gradient_rows(p: dict) -> list[str]:
    """The sum over paths, broken into lines as the handout breaks it, then its δ form."""
    return break_equation(p["chain_rule_latex"]) + ["&= " + p["delta_form_latex"].rhs]


def _paths_phrase(p: dict) -> str:
    count = p["path_count"]
    shown = f", the first {SHOWN_PATHS} written out" if p["paths_truncated"] else ""
    return f"{count} path{'s' if count != 1 else ''} to $E${shown}"


def derivation_markdown(d: Derivation) -> str:
    """The network, BP1–BP4 and a few gradients (sum over paths = δ form), as Markdown with math."""
    parts = _derivation_parts(d)
    net = parts["network"]
    out = [_network_line(parts), "",
           _aligned([v.aligned + rf" && \text{{({k})}}" for k, v in parts["equations"].items()]), "",
           f"with ${parts['delta_definition']}$ and likewise for every neuron. "
           "A few gradients: multiply the local derivatives along each path, add over the paths, "
           "and the repeated part is δ:", ""]
    *weights, bias = parts["parameters"]
    for p in weights:
        out += [f"${p['latex']}$: {_paths_phrase(p)}", "", _aligned(_gradient_rows(p)), ""]
    out += [f"A bias has the same paths as the weights into its neuron, with a last factor of 1: "
            f"${bias['delta_form_latex']}$ ({bias['path_count']} path{'s' if bias['path_count'] != 1 else ''}).", ""]
    command = (f"backprop derive --layers {','.join(map(str, net['layers']))} --activation {net['activation']} "
               f"--loss {net['loss']} --format markdown")
    out += [f"All {net['parameter_count']} gradients with every path: `{command}`; the matrix form: "
            "`matrix_forms(d)`."]
    return "\n".join(out) + "\n"


def derivation_latex(d: Derivation) -> str:
    """The same as one display block: BP1–BP4, then the shown gradients' path sums and δ forms."""
    parts = _derivation_parts(d)
    rows = [v.aligned + rf" && \text{{({k})}}" for k, v in parts["equations"].items()]
    *weights, bias = parts["parameters"]
    for p in weights:
        rows += _gradient_rows(p)
    rows.append(bias["delta_form_latex"].aligned)
    return _aligned(rows)


# ---- one layer's matrix form ----------------------------------------------------------------------

def _column(entries: list[str]) -> str:
    return matrix_latex([[e] for e in entries])


def _matrix_rows(f: LayerMatrixForm) -> list[str]:
    m = matrix_form_dict(f)
    small = max(f.sizes) <= WRITTEN_OUT
    delta = m["delta_equation_latex"].aligned
    if small and not f.softmax:
        delta += rf" = {_column(m['dE_da'])} \odot {_column(m['da_dz'])}"
    weight = m["weight_equation_latex"].aligned
    if small:
        weight += " = " + matrix_latex(m["grad_W"])
    return [delta, weight, m["bias_equation_latex"].aligned]


def _layer_title(f: LayerMatrixForm) -> str:
    m = matrix_form_dict(f)
    where = "the output layer" if f.is_output else "a hidden layer"
    rows, cols = f.sizes
    return f"**Layer {m['layer']}, {where} ({m['equation']})**: ${Quantity('w', f.layer).latex}$ is {rows}×{cols}"


def matrix_form_markdown(f: LayerMatrixForm) -> str:
    """One layer: the chain-rule terms grouped into columns, its BP1/BP2 written out, BP4 and BP3."""
    m = matrix_form_dict(f)
    out = [_layer_title(f) + ".", ""]
    if max(f.sizes) <= WRITTEN_OUT:
        out += ["Every weight's chain-rule terms, grouped into columns:", "", f"$${m['grouped_latex']}$$", ""]
    out += ["So δ, the weights' and the biases' gradients:", "", _aligned(_matrix_rows(f))]
    if max(f.sizes) > WRITTEN_OUT:
        out += ["", "(too large to write out here: `backprop derive --format json` lists every entry)"]
    return "\n".join(out) + "\n"


def matrix_form_latex(f: LayerMatrixForm) -> str:
    """The layer's BP1/BP2, BP4 and BP3 as one display block."""
    return _aligned(_matrix_rows(f))


# ---- an expression graph: Markdown ------------------------------------------------------------------
