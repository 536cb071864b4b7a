r"""BP1-BP4, written once: as one layer's equations; the general forms are those, generalised.

The lecture derives each equation for a concrete layer of a concrete network and only at the
end (seed 001 fig. 16) writes the layer numbers as L, l, l+1 and l-1. So does this module:
each function here gives one layer's equation, the matrix form shows it with that layer's
numbers, and :func:`general_bp` rewrites the superscripts of the same equations
(:meth:`Equation.generalise`) into BP1-BP4 of seed 004.

>>> output_delta(2, r"\sigma").latex
"\\delta^{(2)} = \\nabla_{a} E \\odot \\sigma'\\left(z^{(2)}\\right)"
>>> general_bp()["BP2"].latex
"\\delta^{(l)} = \\left(\\left(W^{(l+1)}\\right)^{T} \\delta^{(l+1)}\\right) \\odot \\sigma'\\left(z^{(l)}\\right)"
"""
from __future__ import annotations

from dataclasses import dataclass

from ..equation import Equation
from ..notation import partial_latex
from ..quantity import Quantity

Q = Quantity
E = Q("E")
_REFERENCE_DEPTH = 3      # BP1-BP4 are generalised from layer 2 of a 3-layer network: l-1, l, l+1
                          # and L are then four different numbers, and none of them is the input 0


def transposed(latex: str) -> str:
    return rf"\left({latex}\right)^{{T}}"


def output_delta(layer: int, act_latex: str, softmax: bool = False) -> Equation:
    """BP1 at output layer ``layer``: the error times f'(z); with softmax and cross-entropy, a - y."""
    delta, z, a = Q("delta", layer).latex, Q("z", layer).latex, Q("a", layer).latex
    if softmax:
        return Equation(delta, f"{a} - {Q('y').latex}")
    return Equation(delta, rf"\nabla_{{a}} E \odot {act_latex}'\left({z}\right)")


def hidden_delta(layer: int, act_latex: str) -> Equation:
    """BP2 at hidden layer ``layer``: the next layer's delta brought back through (W^{(l+1)})^T."""
    back = rf"{transposed(Q('w', layer + 1).latex)} {Q('delta', layer + 1).latex}"
    return Equation(Q("delta", layer).latex,
                    rf"\left({back}\right) \odot {act_latex}'\left({Q('z', layer).latex}\right)")


def weight_gradient(layer: int) -> Equation:
    """BP4 as one layer's matrix: dE/dW^{(l)} = delta^{(l)} (a^{(l-1)})^T."""
    return Equation(partial_latex(E, Q("w", layer)),
                    f"{Q('delta', layer).latex} {transposed(Q.activation(layer - 1).latex)}")


def bias_gradient(layer: int) -> Equation:
    """BP3 as one layer's column: dE/db^{(l)} = delta^{(l)}."""
    return Equation(partial_latex(E, Q("b", layer)), Q("delta", layer).latex)


def weight_element(layer: int, j: int | str = "j", k: int | str = "k") -> Equation:
    """BP4 for one weight: dE/dw^{(l)}_{jk} = a^{(l-1)}_k delta^{(l)}_j."""
    return Equation(partial_latex(E, Q("w", layer, (j, k))),
                    f"{Q.activation(layer - 1, k).latex} {Q('delta', layer, (j,)).latex}")


def bias_element(layer: int, j: int | str = "j") -> Equation:
    """BP3 for one bias: dE/db^{(l)}_j = delta^{(l)}_j."""
    return Equation(partial_latex(E, Q("b", layer, (j,))), Q("delta", layer, (j,)).latex)


GENERAL_LINES = ("output", "hidden", "weight", "bias")


def layer_labels(line: str, depth: int, hidden: int) -> dict[int, str]:
    """Concrete layer number -> general superscript for one line of the final equations (fig. 16).

    In the output line (BP1) the last layer ``depth`` becomes L; in the hidden lines layer
    ``hidden`` becomes l, the one after it l+1 and the one before it l-1.

    >>> layer_labels("hidden", 2, 1), layer_labels("weight", 2, 1)
    ({1: 'l', 2: 'l+1'}, {1: 'l', 0: 'l-1'})
    """
    h = hidden
    maps = {"output": {depth: "L"}, "hidden": {h: "l", h + 1: "l+1"},
            "weight": {h: "l", h - 1: "l-1"}, "bias": {h: "l"}}
    if line not in maps:
        raise ValueError(f"line must be one of {GENERAL_LINES}, got {line!r}")
    return maps[line]


def general_bp(act_latex: str = r"\sigma", softmax: bool = False) -> dict[str, Equation]:
    """BP1-BP4 of seed 004 (superscripts L, l-1, l, l+1): the layer equations above, generalised."""
    L, l = _REFERENCE_DEPTH, _REFERENCE_DEPTH - 1
    labels = lambda line: layer_labels(line, L, l)
    return {
        "BP1": output_delta(L, act_latex, softmax).generalise(labels("output")),
        "BP2": hidden_delta(l, act_latex).generalise(labels("hidden")),
        "BP3": bias_element(l).generalise(labels("bias")),
        "BP4": weight_element(l).generalise(labels("weight")),
    }


@dataclass(frozen=True)
class BP2FromLocalRules:
    r"""BP2 read as two local rules in a row: the affine node z^{(l+1)} = W^{(l+1)} a^{(l)} + b^{(l+1)}
    sends back (W^{(l+1)})^T delta^{(l+1)}, then the activation's gate multiplies by f'(z^{(l)}).

    ``parts`` are BP2's three pieces (left side, the affine factor, the gate factor), which join into
    :func:`general_bp`'s BP2; ``affine`` and ``gate`` are the two rules written for those layers.
    """

    parts: tuple[str, str, str]
    affine: Equation
    gate: Equation


def bp2_from_local_rules(act_latex: str = r"\sigma") -> BP2FromLocalRules:
    r"""The same layer-2-of-3 equations as :func:`general_bp`, generalised the same way.

    >>> r = bp2_from_local_rules()
    >>> r.affine.latex
    '\\frac{\\partial E}{\\partial a^{(l)}} = \\left(W^{(l+1)}\\right)^{T} \\delta^{(l+1)}'
    >>> r.parts[2]
    "\\odot \\sigma'\\left(z^{(l)}\\right)"
    """
    l = _REFERENCE_DEPTH - 1
    labels = layer_labels("hidden", _REFERENCE_DEPTH, l)
    bp2 = hidden_delta(l, act_latex).generalise(labels)
    back, gate = bp2.rhs.split(r" \odot ")
    da = partial_latex(E, Q("a", l))
    affine = Equation(da, rf"{transposed(Q('w', l + 1).latex)} {Q('delta', l + 1).latex}").generalise(labels)
    gate_rule = Equation(partial_latex(E, Q("z", l)), rf"{da} \odot {act_latex}'\left({Q('z', l).latex}\right)")
    return BP2FromLocalRules((f"{bp2.lhs} =", back, rf"\odot {gate}"), affine, gate_rule.generalise(labels))
