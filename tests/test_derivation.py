"""The derivation's structure (paths, deltas, matrix form) and its proofs."""
import itertools

import pytest
import sympy as sp

from backprop_core import notation as n
from backprop_core.network.derivation import derive
from backprop_core.network.matrix_form import general_equations, matrix_forms
from backprop_core.network.proof import diff_failures, symbolic_failures
from backprop_core.network.spec import NetworkSpec

SMALL_SPECS = [NetworkSpec(layers, act, loss)
               for layers in [(2, 2, 2), (1, 1), (2, 3, 2), (3, 2, 2, 2)]
               for act, loss in [("sigmoid", "mse"), ("sigmoid", "bce"), ("tanh", "mse"),
                                 ("relu", "softmax_ce"), ("identity", "mse"), ("tanh", "softmax_ce")]]


def test_default_network_has_twelve_parameters_with_seed_001_paths():
    d = derive()
    assert len(d.gradients) == 12
    for name, g in d.gradients.items():
        assert len(g.paths) == (1 if g.parameter.layer == 2 else 2), name


def test_final_layer_weight_path_is_seed_001_figure_3():
    g = derive().gradient("w2_1_1")
    (path,) = g.paths
    assert path.nodes == ("w2_1_1", "z2_1", "a2_1", "e_1", "E")
    # only the error it touches appears
    assert "e_2" not in path.nodes
    assert [f.partial_latex for f in path.factors] == [
        n.partial_latex("E", "e_1"), n.partial_latex("e_1", "a2_1"),
        n.partial_latex("a2_1", "z2_1"), n.partial_latex("z2_1", "w2_1_1")]
    assert g.delta_form == n.symbol("delta2_1") * n.symbol("a1_1")


def test_first_layer_weight_has_two_paths_meeting_at_a1():
    g = derive().gradient("w1_2_1")
    assert [p.nodes for p in g.paths] == [
        ("w1_2_1", "z1_2", "a1_2", "z2_1", "a2_1", "e_1", "E"),
        ("w1_2_1", "z1_2", "a1_2", "z2_2", "a2_2", "e_2", "E")]
    # the first three factors of each path are the output-layer delta it passes through
    assert [p.delta_prefix(2) for p in g.paths] == [("delta2_1", 3), ("delta2_2", 3)]
    assert g.delta_form == n.symbol("delta1_2") * n.symbol("x0_1")
    assert r"\delta^{(1)}_{2} x^{(0)}_{1}" in g.delta_form_latex


def test_bias_gradient_is_delta():
    d = derive()
    assert d.gradient("b2_1").delta_form == n.symbol("delta2_1")
    assert d.gradient("b1_2").delta_form == n.symbol("delta1_2")


@pytest.mark.parametrize("spec", SMALL_SPECS, ids=lambda s: s.slug)
def test_path_counts_match_the_product_formula(spec):
    d = derive(spec)
    for g in d.gradients.values():
        assert len(g.paths) == spec.path_count(g.parameter.layer)
        assert len(set(p.nodes for p in g.paths)) == len(g.paths)
        for p in g.paths:
            assert p.nodes[0] == g.name and p.nodes[-1] == "E"


@pytest.mark.parametrize("spec", [pytest.param(s, marks=pytest.mark.slow) if s.slug == "3-2-2-2_tanh_softmax_ce"
                                  else s for s in SMALL_SPECS], ids=lambda s: s.slug)
def test_delta_form_equals_path_sum_equals_diff_of_closed_form(spec):
    d = derive(spec)
    assert symbolic_failures(d) == []
    assert diff_failures(d, seeds=(1, 2)) == []


def test_deeper_and_wider_nets_are_proven_symbolically():
    for layers in [(4, 4, 4, 4, 4), (1, 4, 1, 4), (3, 1, 1, 1, 2)]:
        assert symbolic_failures(derive(NetworkSpec(layers, "tanh", "mse"))) == []


def test_hidden_delta_is_bp2_elementwise():
    d = derive()
    t = d.deltas[(1, 1)]
    w, dl = n.symbol, n.symbol
    from backprop_core.network.activations import sigma_prime
    expected = (w("w2_1_1") * dl("delta2_1") + w("w2_2_1") * dl("delta2_2")) * sigma_prime(n.symbol("z1_1"))
    assert sp.expand(t.recursive - expected) == 0
    assert t.recursive_latex == (r"\delta^{(1)}_{1} = \left(w^{(2)}_{11} \delta^{(2)}_{1} + "
                                 r"w^{(2)}_{21} \delta^{(2)}_{2}\right) \sigma'\left(z^{(1)}_{1}\right)")


def test_softmax_output_delta_simplifies_to_a_minus_y():
    d = derive(NetworkSpec((2, 3), "relu", "softmax_ce"))
    t = d.deltas[(1, 2)]
    assert t.simplified == n.symbol("a1_2") - n.symbol("y_2")
    ys = sum(n.symbol(n.y_name(j)) for j in (1, 2, 3))
    # the exact recursion is a_j * sum(y) - y_j; equal to a_j - y_j when targets sum to one
    assert sp.expand(t.recursive - (n.symbol("a1_2") * ys - n.symbol("y_2"))) == 0


def test_matrix_form_groups_terms_like_seed_001():
    forms = matrix_forms(derive())
    out, hidden = forms
    assert (out.layer, out.bp_name, hidden.layer, hidden.bp_name) == (2, "BP1", 1, "BP2")
    assert out.sizes == (2, 2) and len(out.terms_partial) == 2 and len(out.terms_partial[0]) == 2
    assert out.dE_da_entries == [r"a^{(2)}_{1} - y_{1}", r"a^{(2)}_{2} - y_{2}"]
    # hidden dE/da is W^T delta: row j of W^T is column j of W
    assert hidden.dE_da_entries[1] == r"w^{(2)}_{12} \delta^{(2)}_{1} + w^{(2)}_{22} \delta^{(2)}_{2}"
    assert hidden.grad_W == hidden.delta * hidden.a_prev.T
    assert r"\left(W^{(2)}\right)^{T}" in hidden.delta_equation_latex
    for i, j in itertools.product(range(2), range(2)):
        assert sp.expand(hidden.dE_da[i] - sum(hidden.next_weights[k, i] * hidden.next_delta[k] for k in range(2))) == 0


def test_general_equations_name_all_four():
    eqs = general_equations()
    assert list(eqs) == ["BP1", "BP2", "BP3", "BP4"]
    assert r"\odot" in eqs["BP1"] and "^{T}" in eqs["BP2"]
    assert general_equations(softmax=True)["BP1"] == r"\delta^{(L)} = a^{(L)} - y"


def test_softmax_output_layer_has_a_jacobian_not_a_column():
    from backprop_core.network.matrix_form import layer_matrix_form
    form = layer_matrix_form(derive(NetworkSpec((2, 3), "relu", "softmax_ce")), 1)
    assert form.da_dz.shape == (3, 3) and form.da_dz_partial is None
    a1, a2 = n.symbol("a1_1"), n.symbol("a1_2")
    assert form.da_dz[0, 0] == a1 * (1 - a1) and form.da_dz[0, 1] == -a1 * a2
    assert form.dE_dz_partial[2] == n.partial_latex("E", "z1_3")
    # dE/dz = J^T dE/da, element by element equal to the delta recursion
    d = derive(NetworkSpec((2, 3), "relu", "softmax_ce"))
    via_jacobian = form.da_dz.T * form.dE_da
    for j, t in enumerate(d.layer_deltas(1)):
        assert sp.expand(via_jacobian[j] - t.recursive) == 0
