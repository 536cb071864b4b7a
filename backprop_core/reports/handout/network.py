"""The network part of the lecture: set-up, forward pass, each layer's paths (one table per layer)
and matrix form, why δ saves work, the biases and BP1–BP4 (TDS *Understanding Backpropagation*,
Nielsen ch. 2). Formulas from ``derive``, numbers from ``check.gradient_table`` of the example.
"""
from __future__ import annotations

import numpy as np

from ...i18n import N_, _
from ...network.bp_equations import general_bp
from ...network.counts import network_counts
from ...network.forward import layer_equations
from ...network.matrix_form import matrix_forms
from ...number_format import show
from ...quantity import Quantity
from .blocks import Display, Heading, Para, Section, Table, math

TITLES = {"NetworkSetup": N_("The network"),
          "ForwardPassMatrixForm": N_("Forward pass in matrix form"),
          "FinalLayerPaths": N_("Final layer: follow the edges from $E$ back to the weight"),
          "FinalLayerMatrixForm": N_("Final layer: the chain-rule terms as matrices"),
          "FirstLayerPaths": N_("Earlier layers: several paths, added where they meet"),
          "HiddenLayerMatrixForm": N_("Hidden layers: δ comes back through the weights"),
          "WhyDeltaSavesWork": N_("Why δ saves work"),
          "BiasGradient": N_("Biases: the same paths, and the last factor is 1"),
          "GeneralEquations": N_("From this network to any network")}


def _heading(scene: str) -> Heading:
    return Heading(_(TITLES[scene]), scenes=(scene,))


def _column(v) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(show(float(x)) for x in np.ravel(v)) + r"\end{bmatrix}"


def _matrix(M) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(show(float(x)) for x in row) for row in np.atleast_2d(M)) + \
        r"\end{bmatrix}"


def setup_section(data) -> Section:
    ex, ev = data.example, data.evaluation
    values = [(math(Quantity.parse(n).latex), math(show(v))) for n, v in ev.node_values.items()
              if n[0] in "zae" or n == "E"]
    s = Section(_heading("NetworkSetup")).add(
        Para(_("On the left the inputs $x$. Every neuron is drawn as two nodes: $z$, the weighted sum, and $a$, "
               "the activation.")),
        Para(_("Weights sit on the edges: $w^{(l)}_{jk}$ goes from neuron $k$ of layer $l-1$ to neuron $j$ of "
               "layer $l$, so each row of $W^{(l)}$ feeds one neuron.")),
        Para(_("The example (random numbers, the same in every render and in the video):")),
        Display(tuple([rf"x = {_column(ex.x)},\quad y = {_column(ex.y)}"] +
                      [rf"{Quantity('w', l).latex} = {_matrix(W)},\quad {Quantity('b', l).latex} = {_column(b)}"
                       for l, (W, b) in enumerate(zip(ex.weights, ex.biases), 1)])),
        Para(_("A forward pass fills every node:")),
        Table((_("node"), _("value")) * 2, _two_up(values), "lrlr"))
    return s


def _two_up(rows: list[tuple[str, str]]) -> tuple:
    """A long two-column list as four columns (half the height)."""
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:] + [("", "")] * (2 * half - len(rows))
    return tuple(a + b for a, b in zip(left, right))


def forward_section(data) -> Section:
    spec = data.spec
    eqs = [layer_equations(spec, l) for l in range(1, spec.depth + 1)]
    return Section(_heading("ForwardPassMatrixForm")).add(
        Para(_("Each layer, one neuron at a time and then as one matrix product:")),
        Display(tuple(f for e in eqs for f in (e.sum, e.matrix, e.activation))))


def _layer_rows(data, layer: int) -> tuple:
    rows = []
    for g in data.derivation.gradients.values():
        if g.parameter.layer == layer:
            rows.append((math(g.parameter.latex), str(len(g.paths)), math(g.delta_form_equation.rhs),
                         math(show(data.values[g.name]))))
    return tuple(rows)


def paths_table(data, layer: int) -> list:
    """One table for the layer's parameters, then one of them written out path by path."""
    first = next(g for g in data.derivation.gradients.values() if g.parameter.layer == layer)
    n = len(first.paths)
    many = _("Every parameter of layer {l} reaches $E$ along {n} paths; multiply along each, add them.") if n > 1 \
        else _("Every parameter of layer {l} reaches $E$ along one path: multiply the local derivatives along it.")
    return [Heading(_("Layer {l}").format(l=layer), 2), Para(many.format(l=layer, n=n)),
            Table((_("parameter"), _("number of paths"), _("δ form of the sum"), _("value")),
                  _layer_rows(data, layer), "lrlr"),
            Para(_("For example {p}, path by path, then with the local derivatives written out:").format(
                p=math(first.parameter.latex))),
            Display((first.chain_rule(*_few(first)), first.evaluated(*_few(first)), first.delta_form_equation))]


SHOWN_PATHS = 4       # paths written out for the example parameter (deep networks have many)


def _few(g) -> tuple[list, bool]:
    shown = g.paths.head(SHOWN_PATHS) if hasattr(g.paths, "head") else list(g.paths)[:SHOWN_PATHS]
    return shown, len(g.paths) > len(shown)


def matrix_blocks(data, layer: int) -> list:
    m = next(f for f in matrix_forms(data.derivation) if f.layer == layer)
    return [Heading(_("Layer {l} ({equation})").format(l=layer, equation=m.bp_name), 2),
            Display((m.grouped, m.delta_equation, m.weight_equation, m.bias_equation))]


def delta_section(data) -> Section:
    c = network_counts(data.spec)
    rows = tuple((str(l.layer), str(l.path_count), str(l.path_sum.multiplications),
                  str((l.delta + l.gradients).multiplications))                   # δ and its gradients, as the total
                 for l in c.layers)
    s = Section(_heading("WhyDeltaSavesWork")).add(
        Para(_("Every path through $z^{(l)}_j$ shares the product from $z^{(l)}_j$ up to $E$; "
               "that shared product is $\\delta^{(l)}_j = \\partial E / \\partial z^{(l)}_j$.")),
        Display(tuple(f for t in data.derivation.deltas.values() for f in (t.definition, t.recursive_equation))),
        Para(_("δ is computed once, then every weight and bias of the neuron reuses it.")),
        Table((_("layer"), _("paths per parameter"), _("multiplications, path by path"),
               _("multiplications with δ (and the gradients)")), rows, "rrrr"),
        Para(_("In all: {paths} multiplications path by path, {delta} with δ ({saved} saved).").format(
            paths=c.total_path_sum.multiplications, delta=c.total_delta.multiplications, saved=c.multiplications_saved)))
    return s


def bias_section(data) -> Section:
    biases = [g for g in data.derivation.gradients.values() if g.parameter.kind == "b"]
    rows = tuple((math(g.parameter.latex), math(g.delta_form_equation.rhs), math(show(data.values[g.name])))
                 for g in biases)
    return Section(_heading("BiasGradient")).add(
        Para(_("A bias feeds its z with weight 1, so its paths are its neuron's and the last factor is 1:")),
        Display((biases[-1].chain_rule(*_few(biases[-1])), biases[-1].delta_form_equation)),
        Para(_("Every other bias works the same way: its gradient is its delta.")),
        Table((_("parameter"), _("δ form"), _("value")), rows, "llr"))


def general_section(data) -> Section:
    spec = data.spec
    eqs = general_bp(spec.act.latex, spec.loss_fn.softmax_output)
    return Section(_heading("GeneralEquations")).add(
        Para(_("The four equations BP1–BP4, for any number of layers:")),
        Table((_("equation"), _("formula")), tuple((k, math(v.latex)) for k, v in eqs.items()), "ll"))


def sections(data) -> list[Section]:
    L = data.spec.depth
    return [setup_section(data), forward_section(data),
            Section(_heading("FinalLayerPaths")).add(*paths_table(data, L)),
            Section(_heading("FinalLayerMatrixForm")).add(*matrix_blocks(data, L)),
            Section(_heading("FirstLayerPaths")).add(*[b for l in range(L - 1, 0, -1) for b in paths_table(data, l)]),
            Section(_heading("HiddenLayerMatrixForm")).add(*[b for l in range(L - 1, 0, -1) for b in matrix_blocks(data, l)]),
            delta_section(data), bias_section(data), general_section(data)]
