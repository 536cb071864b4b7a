"""BP2 is the affine node's rule followed by the activation's gate: as formulas (the pieces join into BP2)
and as numbers (on the lecture's example, W^T delta then ⊙ σ'(z) is the delta backprop computes)."""
import numpy as np
import sympy as sp

from backprop_core.expr.local_rules import affine_backward
from backprop_core.network.bp_equations import bp2_from_local_rules, general_bp
from backprop_core.network.example import Example
from backprop_core.network.numeric import numpy_backprop
from backprop_core.network.spec import NetworkSpec


def test_the_pieces_are_bp2_and_the_two_rules():
    for act in (r"\sigma", r"\tanh"):
        r = bp2_from_local_rules(act)
        assert " ".join(r.parts) == general_bp(act)["BP2"].latex
        assert r.parts[1] == r"\left(" + r.affine.rhs + r"\right)"           # the affine rule's W^T delta
        assert r.affine.lhs == r"\frac{\partial E}{\partial a^{(l)}}" and r"W^{(l+1)}\right)^{T}" in r.affine.rhs
        assert r.gate.latex == (r"\frac{\partial E}{\partial z^{(l)}} = \frac{\partial E}{\partial a^{(l)}} \odot "
                                + act + r"'\left(z^{(l)}\right)")
        assert r.parts[2] == r"\odot " + act + r"'\left(z^{(l)}\right)"


def test_affine_rule_then_gate_is_backprops_delta_on_the_lecture_example():
    ex = Example.lecture(NetworkSpec((2, 2, 2)))
    _loss, _gw, gb = numpy_backprop(ex)                  # gb[l-1] is delta^(l) (BP3)
    sig = lambda z: 1 / (1 + np.exp(-z))                 # noqa: E731
    z1 = ex.weights[0] @ ex.x + ex.biases[0]
    col = lambda v: sp.Matrix(np.asarray(v, float).reshape(-1, 1))   # noqa: E731
    rule = affine_backward(col(ex.weights[1]).reshape(2, 2), col(sig(z1)), col(ex.biases[1]), col(gb[1]))
    da = np.array(rule.da.tolist(), float).ravel()
    assert np.allclose(da * sig(z1) * (1 - sig(z1)), gb[0], rtol=1e-12)
    wrong = np.array((col(ex.weights[1]).reshape(2, 2) * col(gb[1])).tolist(), float).ravel()   # W, not W^T
    assert not np.allclose(wrong * sig(z1) * (1 - sig(z1)), gb[0], rtol=1e-6)
