"""TermMatrix / TermRow / quantity_tex: every term present, addressable, coloured, and fitting."""
import pytest
from manim import MathTex

from backprop_anim.mobjects.layout_check import off_frame, overlapping_pairs
from backprop_anim.mobjects.layout import fit_into
from backprop_anim.mobjects.matrix_terms import TermMatrix, TermRow, label_below, quantity_tex, quantity_tokens
from backprop_anim.theme import color_of
from backprop_core.network.derivation import derive
from backprop_core.network.matrix_form import matrix_forms
from backprop_core.network.spec import NetworkSpec


def test_tokens_find_each_quantity_once_with_its_kind():
    tokens = quantity_tokens(r"w^{(2)}_{11} \delta^{(2)}_{1} + \frac{\partial E}{\partial a^{(1)}_{2}} - y_{1}")
    assert tokens == {r"w^{(2)}_{11}": "w", r"\delta^{(2)}_{1}": "delta",
                      r"\frac{\partial E}{\partial a^{(1)}_{2}}": "grad", "y_{1}": "y"}
    # a gradient is one backward value, as in the path scenes; E alone stays the loss
    assert quantity_tokens(r"E = \frac{\partial E}{\partial W^{(2)}}") == {
        "E": "E", r"\frac{\partial E}{\partial W^{(2)}}": "grad"}
    # no false hits inside commands (\partial, \delta, \tanh, \nabla)
    assert quantity_tokens(r"\tanh'\left(z^{(1)}_{1}\right)") == {r"z^{(1)}_{1}": "z"}
    assert quantity_tokens(r"\left(W^{(2)}\right)^{T}") == {r"W^{(2)}": "w"}


def test_quantity_tex_colours_delta_inside_a_sum():
    tex = quantity_tex(r"w^{(2)}_{11} \delta^{(2)}_{1} + w^{(2)}_{21} \delta^{(2)}_{2}")
    delta = tex.get_part_by_tex(r"\delta^{(2)}_{1}")
    w = tex.get_part_by_tex(r"w^{(2)}_{21}")
    assert delta.get_color().to_hex().lower() == color_of("delta").to_hex().lower()
    assert w.get_color().to_hex().lower() == color_of("w").to_hex().lower()


def test_cells_are_the_core_entries_and_parts_are_addressable():
    form = matrix_forms(derive(NetworkSpec((2, 3, 2), "tanh", "mse")))[1]   # layer 1: 3 x 2
    m = TermMatrix(form.grad_W_entries)
    assert m.shape == (3, 2) and len(m.shown_entries()) == 6
    assert [[m.source(i, j) for j in range(2)] for i in range(3)] == form.grad_W_entries
    assert [[m.entry(i, j).get_tex_string() for j in range(2)] for i in range(3)] == form.grad_W_entries
    split = TermMatrix([[r.split(" ") for r in row] for row in form.grad_W_entries])
    assert len(split.entry(0, 0).submobjects) == 2 and split.source(2, 1) == form.grad_W_entries[2][1]
    assert not overlapping_pairs(m.shown_entries())
    assert m.note is None and m.hidden_rows == m.hidden_cols == 0


def test_big_matrix_shows_leading_cells_and_says_how_many_are_hidden():
    rows = [[rf"\frac{{\partial E}}{{\partial w^{{(1)}}_{{{i},{j}}}}}" for j in range(1, 7)] for i in range(1, 6)]
    m = TermMatrix(rows, max_rows=4, max_cols=4)
    assert m.hidden_rows == 2 and m.hidden_cols == 3
    assert m.is_shown(2, 2) and not m.is_shown(3, 0) and not m.is_shown(0, 3)
    with pytest.raises(KeyError):
        m.entry(4, 5)
    assert m.source(4, 5) == rows[4][5]
    assert m.note.original_text == "+2 rows, +3 columns"
    assert len(m.ellipses) == 3 + 3 + 1
    m.fit(width=6, height=4)
    assert m.width <= 6 + 1e-6 and m.height <= 4 + 1e-6
    assert not off_frame([m]) and not overlapping_pairs(m.shown_entries() + list(m.ellipses))


def test_term_row_fits_and_operators_do_not_overlap_matrices():
    form = matrix_forms(derive(NetworkSpec((4, 4, 4), "sigmoid", "mse")))[1]
    col1, col2 = TermMatrix.column(form.dE_da_entries), TermMatrix.column(form.da_dz_partial)
    row = TermRow(r"\frac{\partial E}{\partial W^{(1)}}", "=", col1, r"\odot", col2,
                  TermMatrix(form.dz_dw_partial)).fit(width=13)
    assert row.width <= 13 + 1e-6 and not off_frame([row])
    assert not overlapping_pairs(row.items)
    label = label_below(col1, r"\delta^{(1)}")
    assert label.get_top()[1] < col1.get_bottom()[1]


def test_validation_and_fit_never_enlarges():
    with pytest.raises(ValueError):
        TermMatrix([["a"], ["b", "c"]])
    small = MathTex("x")
    width = small.width
    fit_into(small, width=10)
    assert small.width == pytest.approx(width)


def test_superscript_sits_right_of_the_closing_bracket():
    m = TermMatrix.column([r"\delta^{(2)}_{1}", r"\delta^{(2)}_{2}"])
    t = m.superscript("T")
    assert t in m.submobjects
    assert t.get_left()[0] >= m.brackets[1].get_right()[0] - 1e-6
    assert t.get_top()[1] == pytest.approx(m.brackets[1].get_top()[1])
