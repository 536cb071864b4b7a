"""The network lecture in matrix form: forward pass, final layer (BP1), hidden layer (BP2), BP1-BP4.

The TDS article *Understanding Backpropagation* fig. 5-19 and Nielsen, *Neural Networks and Deep
Learning* ch. 2, eq. 23-28, BP1-BP4 (../shared/seeds/001, 004). Every formula comes from the core
(``backprop_core.network.matrix_form``, ``backprop_core.network.forward``), every number from the
example, the network from ``backprop_anim.config.network_spec()``; the moves from
``backprop_anim.kit.matrices``; this file only puts them in order. Render one scene with::

    PYTHONHASHSEED=0 manim render -ql scenes/network_matrices.py FinalLayerMatrixForm
    BACKPROP_LAYERS=3,2,2,2 BACKPROP_ACTIVATION=relu BACKPROP_LOSS=softmax_ce manim render -ql ...
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, Brace, FadeIn, FadeOut, Indicate, LaggedStart, MathTex,
                   SurroundingRectangle, VGroup, Write)

from backprop_anim.kit.matrices import (DIAGRAM_OVER_RULES, DIAGRAM_TOP, EQ_HEADER_Y, EQ_ROW_H, EQ_ROW_Y, FONT,
                                        MAX_COLS, ROW_FONT, ROW_H, MatrixScene, activations_row, affine_row, column,
                                        dz_dw_label, dz_dw_values, equation_row, example_row, fill, frame,
                                        from_diagram, gather, hadamard, local_rule, matrix, sum_parts)
from backprop_anim.kit.morph import change, fly_into
from backprop_anim.lang import Text
from backprop_anim.mobjects.layout import USABLE_WIDTH, fit_into
from backprop_anim.mobjects.matrix_terms import TermMatrix, TermRow, label_below, quantity_tex
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.theme import color_of
from backprop_core import notation
from backprop_core.i18n import N_, _
from backprop_core.network.example import Example
from backprop_core.network.forward import (forward_numbers, generalisation, generalisation_latex, generalise,
                                           hadamard_example, layer_equations, vectorised_example, vector_latex)
from backprop_core.network.matrix_form import general_equations
from backprop_core.network.numeric import evaluate

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)
# Wᵀ times δ: the sums row over the split into Wᵀ and δ (three-row layers keep 18 px entries)
UPPER_ROW_H, UPPER_ROW_Y, SPLIT_ROW_Y = 3.5, 1.38, -1.7


class ForwardPassMatrixForm(MatrixScene):
    """Forward pass: z = W a + b and a = σ(z) as matrices, with one example's numbers on nodes and in matrices."""

    TITLE = N_("Forward pass in matrix form")

    def construct(self):
        self.beat(_("Each z, entry by entry"))
        self.show_title(_(self.TITLE), shift=DOWN * 0.2)
        self.show_network()
        self.sums_of_layer_1()
        self.stack_the_rows()
        for l in range(1, self.spec.depth + 1):
            self.weighted_sums(l)
            self.activation(l)
            if l == 1:
                self.function_of_a_vector()
        self.error_and_hadamard()

    def show_network(self):
        example = Example.lecture(self.spec)
        self.numbers = forward_numbers(self.spec, example)
        self.node_values = evaluate(self.derivation, example).node_values
        self.diagram = NetworkDiagram(self.derivation).fit_in(DIAGRAM_TOP)
        self.diagram.set_values(self.node_values, [f"x0_{k}" for k in range(1, self.spec.layers[0] + 1)])
        self.say(_("The network with one training example: these are its inputs."))
        self.play(FadeIn(self.diagram), run_time=1.2)
        self.wait(0.8)

    def sums_of_layer_1(self):
        eq = layer_equations(self.spec, 1)
        self.header = quantity_tex(eq.sum_latex, font_size=38).move_to([0, EQ_HEADER_Y, 0])
        self.row = VGroup(*[quantity_tex(t, font_size=36) for t in eq.element_latex]).arrange(DOWN, buff=0.3)
        fit_into(self.row, USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        self.say(_("Each z of layer 1 adds up its weighted inputs and a bias."))
        self.play(Write(self.header), FadeIn(self.row), run_time=1.5)
        self.wait(1.2)

    def stack_the_rows(self):
        eq = layer_equations(self.spec, 1)
        # symbols with sub- and superscripts are taller than numbers: the common size, so 3 rows still fit
        sym = affine_row(TermMatrix.column(eq.z, font_size=FONT), self.keep("W_symbols", matrix(eq.weights, font_size=FONT)),
                         column(eq.inputs, font_size=FONT), column(eq.biases, font_size=FONT))
        sym.fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        header = quantity_tex(eq.matrix_latex, font_size=40).move_to(self.header)
        self.say(_("Stack the rows: row j of the weight matrix W holds the weights into neuron j, "
                   "so z = W a + b."))
        self.beat(_("Stack the rows into W"), change(self.row, sym),
                  change(self.header, header), run_time=1.8)
        self.wait(1.0)
        self.header, self.row = header, sym

    def weighted_sums(self, l: int):
        """z = W a + b of layer l with the example's numbers, on the diagram too."""
        eq, nums = layer_equations(self.spec, l), self.numbers.layer(l)
        numeric = affine_row(column(nums.entries("z"), font_size=ROW_FONT, color=color_of("z")),
                             self.keep(f"W{l}", matrix(nums.entries("weights"), font_size=ROW_FONT, color=color_of("w"))),
                             column(nums.entries("inputs"), font_size=ROW_FONT, color=color_of("x" if l == 1 else "a")),
                             column(nums.entries("biases"), font_size=ROW_FONT, color=color_of("b")))
        numeric.fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        header = quantity_tex(eq.matrix_latex, font_size=40).move_to(self.header)
        z_values = self.diagram.set_values(self.node_values, [f"z{l}_{j}" for j in range(1, self.spec.layers[l] + 1)])
        self.say(_("Layer {l} with the example's numbers: z = W a + b.").format(l=l))
        self.beat(_("Layer {layer}: weighted sums").format(layer=l), FadeOut(self.row), FadeIn(numeric),
                  change(self.header, header), FadeIn(z_values), run_time=1.5)
        self.wait(1.2)
        self.header, self.row = header, numeric

    def activation(self, l: int):
        """a = f(z) of layer l: the activation (softmax at a softmax output) entry by entry."""
        eq, nums = layer_equations(self.spec, l), self.numbers.layer(l)
        a_row = equation_row(self.keep(f"a{l}", column(nums.entries("a"), font_size=ROW_FONT, color=color_of("a"))),
                             eq.function_latex, column(nums.entries("z"), font_size=ROW_FONT, color=color_of("z")))
        a_row.fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        header = quantity_tex(eq.activation_latex, font_size=40).move_to(self.header)
        a_values = self.diagram.set_values(self.node_values, [f"a{l}_{j}" for j in range(1, self.spec.layers[l] + 1)])
        softmax = eq.function_latex != self.spec.act.latex
        caption = (_("The output layer uses softmax: every output depends on every z and they sum to 1.") if softmax
                   else _("Then the activation, applied to every entry: a = {f}(z).").format(f=self.spec.activation))
        self.say(caption)
        self.beat(_("Layer {layer}: activation").format(layer=l), change(self.row, a_row),
                  change(self.header, header), FadeIn(a_values), run_time=1.5)
        self.wait(1.2)
        self.header, self.row = header, a_row

    def function_of_a_vector(self):
        """Nielsen ch. 2 eq. 24: what applying f to a vector means."""
        ex = vectorised_example()
        ex_row = example_row(ex, font_size=ROW_FONT).fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        definition = quantity_tex(ex.definition_latex, font_size=40).move_to(self.header)
        self.say(_("Applying a function to a vector means applying it to every entry: with f(x) = x², "
                   "f([2, 3]) = [4, 9]."))
        self.beat(_("A function of a vector"), FadeOut(self.row), FadeOut(self.header), FadeIn(ex_row),
                  FadeIn(definition), run_time=1.2)
        self.wait(2.0)
        self.header, self.row = definition, ex_row

    def error_and_hadamard(self):
        """Nielsen ch. 2 eq. 28: the Hadamard product, with the error E on the diagram."""
        had = example_row(hadamard_example(), font_size=ROW_FONT).fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        had_header = Text(_("Hadamard product: entry by entry"), font_size=28, color=color_of("muted")).move_to(self.header)
        errors = self.diagram.set_values(self.node_values, [n for n in self.node_values if n.startswith("e_") or n == "E"])
        self.say(_("The error E follows from the outputs. One more elementwise tool for later: "
                   "the Hadamard product ⊙ multiplies two vectors entry by entry."))
        self.beat(_("Error, Hadamard product"), FadeIn(errors), FadeOut(self.row), FadeOut(self.header),
                  FadeIn(had), FadeIn(had_header), run_time=1.5)
        self.wait(2.5)


class FinalLayerMatrixForm(MatrixScene):
    """Final layer: chain-rule terms move into the ∂E/∂a and ∂a/∂z columns and the ∂z/∂w part, then δ (BP1)."""

    TITLE = N_("Final layer: the chain-rule terms as matrices")

    def construct(self):
        L = self.spec.depth
        self.form = self.forms[L]
        self.lhs = self.form.weight_equation.lhs
        # softmax couples every a to every z: group by dE/dz_j directly
        self.factors = ([self.form.dE_dz_partial] if self.form.softmax
                        else [self.form.dE_da_partial, self.form.da_dz_partial])
        self.beat(_("One product per weight"))
        self.show_title(_("Final layer {L}: the chain-rule terms as matrices").format(L=L), shift=DOWN * 0.2)
        self.one_product_per_weight()
        self.group_the_factors()
        self.dz_dw_is_a_row()
        self.write_the_factors_out()
        self.name_them_delta()
        self.bp1()
        self.multiply_out()

    def one_product_per_weight(self):
        form, (rows, cols) = self.form, self.form.sizes
        self.terms = self.keep("terms", matrix([[[c[j] for c in self.factors] + [form.dz_dw_partial[j][k]]
                                                 for k in range(cols)] for j in range(rows)], font_size=FONT))
        self.top = equation_row(matrix(form.grad_W_partial, font_size=FONT), self.terms).fit(USABLE_WIDTH, ROW_H)
        self.top.move_to([0, -0.2, 0])         # alone on the slide first; it moves up for the grouping
        self.say(_("Every weight of the final layer has one chain-rule product. "
                   "Collect them, one cell per weight."))
        self.play(FadeIn(self.top), run_time=1.5)
        self.wait(1.5)

    def group_the_factors(self):
        """TDS fig. 5: the factors move into their columns; the ∂z/∂w factors into a matrix of their own."""
        self.beat(_("Group the factors"), self.top.animate.move_to([0, 1.55, 0]), run_time=0.6)
        form = self.form
        columns = [column(c, font_size=FONT) for c in self.factors]
        dz_dw = self.keep("dz_dw", matrix(form.dz_dw_partial, font_size=FONT))
        for name, c in zip(("dE_da", "da_dz") if not form.softmax else ("dE_dz",), columns):
            self.keep(name, c)
        self.rows_part = TermRow(*hadamard(*columns))            # one factor per row j
        self.weights_part = equation_row(dz_dw_label(form), dz_dw)   # one factor per weight: no product yet
        self.grouped = VGroup(self.rows_part, self.weights_part).arrange(RIGHT, buff=1.4)
        fit_into(self.grouped, USABLE_WIDTH, ROW_H).move_to([0, -1.7, 0])
        moves = []
        for p, target in enumerate(columns):
            moves += gather(self.terms, target, lambda i, j, p=p: [(i, 0, p)])
        moves += gather(self.terms, dz_dw, lambda i, j: [(i, j, len(self.factors))])
        frames = [f for m in columns + [dz_dw] for f in frame(m)]
        others = [FadeIn(m) for m in self.rows_part.items + self.weights_part.items if not isinstance(m, TermMatrix)]
        self.say(_("The same factors repeat along each row: the ∂E/∂a column and the ∂a/∂z column meet element "
                   "by element (⊙). The ∂z/∂w factors, one per weight, make a matrix of their own.")
                 if not form.softmax else
                 _("The same factors repeat along each row: softmax ties every output to every z, so one ∂E/∂z "
                   "column. The ∂z/∂w factors, one per weight, make a matrix of their own."))
        self.play(LaggedStart(*moves, lag_ratio=0.08), *frames, *others, run_time=2.5)
        self.wait(1.5)

    def dz_dw_is_a_row(self):
        """∂z_j/∂w_jk = a_k: the rows of ∂z/∂w are equal, each (a)ᵀ, so ∂E/∂W is a column times that row."""
        form, dz_dw = self.form, self.weights_part.items[-1]
        values = self.keep("dz_dw_values", matrix(dz_dw_values(self.derivation, form), font_size=FONT))
        values.scale(dz_dw.entry(0, 0).font_size / FONT).move_to(dz_dw)      # the same size of entries
        self.say(_("∂z_j/∂w_jk is the activation a_k feeding the weight: every row of ∂z/∂w is the same row (a)ᵀ."))
        self.beat(_("The ∂z/∂w part is a row"), change(dz_dw, values), run_time=1.5)
        self.wait(1.0)
        a_row = self.keep("a_prev_T", activations_row(form))
        self.state = equation_row(self.lhs, *hadamard(*[column(c, font_size=FONT) for c in self.factors]), a_row)
        fill(self.state.fit(USABLE_WIDTH, ROW_H), -0.2)
        self.say(_("So entry jk is the row's factor times a_k: a column times the row (a)ᵀ, "
                   "an outer product that gives the whole matrix."))
        self.play(FadeOut(self.top), FadeOut(VGroup(*self.weights_part.items[:-1])), FadeIn(self.state.items[0]),
                  FadeIn(self.state.items[1]), *[change(a, b) for a, b in zip(self.rows_part.items, self.state.items[2:-1])],
                  change(values, a_row), run_time=1.8)
        self.wait(1.2)

    def write_the_factors_out(self):
        form = self.form
        if form.softmax:
            value_columns = [[e[0] for e in form.entries(form.delta_value)]]
            caption = _("With softmax and cross-entropy the sum over outputs simplifies: ∂E/∂z_j = a_j − y_j.")
        else:
            value_columns = [[e[0] for e in form.entries(form.dE_da)], [e[0] for e in form.entries(form.da_dz)]]
            caption = _("Write each factor out: ∂E/∂a is the loss derivative, ∂a/∂z the activation's derivative.")
        self.values = equation_row(self.lhs, *hadamard(*[column(c, font_size=FONT) for c in value_columns]),
                                   activations_row(form))
        fill(self.values.fit(USABLE_WIDTH, ROW_H), -0.2)
        self.say(caption)
        self.beat(_("Write the factors out"), *self.morph(self.state, self.values), run_time=1.8)
        self.wait(1.5)

    def name_them_delta(self):
        """TDS fig. 6: the first two factors are δ."""
        self.factored = VGroup(*self.values.items[2:-1])
        self.brace = Brace(self.factored, DOWN, color=color_of("delta"))
        self.brace_label = quantity_tex(vector_latex("delta", self.spec.depth), font_size=34)
        self.brace_label.next_to(self.brace, DOWN, buff=0.1)
        self.say(_("Together they are δ, the error of each output neuron: computed once, reused below."))
        self.beat(_("Name them δ"), FadeIn(self.brace), Write(self.brace_label), run_time=1.2)
        self.key_result()
        self.wait(1.0)

    def bp1(self):
        form = self.form
        self.delta_col, self.final, bp1, bp4, box, tag = self.delta_card("delta", form, self.lhs,
                                                                         activations_row(form), 1.2, -2.0)
        self.say(_("{bp}: δ for the final layer; the weight gradient is δ times (a)ᵀ.").format(bp=form.bp_name))
        self.beat(_("{bp}: δ of the final layer").format(bp=form.bp_name),
                  change(VGroup(self.factored, self.brace, self.brace_label), self.delta_col),
                  *[change(self.values.items[i], self.final.items[i]) for i in (0, 1, -1)],
                  Write(bp1), FadeIn(box), FadeIn(tag), FadeIn(bp4), run_time=2.0)
        self.wait(1.0)

    def multiply_out(self):
        form, (rows, cols), delta_col, final = self.form, self.form.sizes, self.delta_col, self.final
        deltas, acts = [e[0] for e in form.entries(form.delta)], form.entries(form.a_prev.T)[0]
        grad = self.keep("grad_W", matrix([[[deltas[j], acts[k]] for k in range(cols)] for j in range(rows)],
                                          font_size=FONT))
        product = equation_row(self.lhs, grad).fit(USABLE_WIDTH, ROW_H).move_to(final)
        a_shown = final.items[-1]
        moves = [fly_into([delta_col.entry(j).copy(), a_shown.entry(0, k).copy()], grad.entry(j, k))
                 for j in range(rows) for k in range(cols) if grad.is_shown(j, k)
                 and delta_col.is_shown(j) and a_shown.is_shown(0, k)]
        self.say(_("Multiplying out gives every entry: ∂E/∂w_jk = δ_j a_k."))
        self.beat(_("Multiply out"), change(final.items[0], product.items[0]),
                  change(final.items[1], product.items[1]),
                  LaggedStart(*moves, lag_ratio=0.1), *frame(grad),
                  FadeOut(delta_col), FadeOut(a_shown), run_time=1.8)
        self.wait(2.0)


class HiddenLayerMatrixForm(MatrixScene):
    """Hidden layer: the ∂E/∂a column splits into Wᵀ times δ (row × column, hence the transpose), BP2; dz/da = w, dz/dw = x on the edges."""

    TITLE = N_("Hidden layers: δ comes back through the weights")

    def construct(self):
        L = self.spec.depth
        layers = [L - 1] + ([1] if L - 1 > 1 else [])
        self.beat(_("Layer {layer}: group the factors").format(layer=layers[0]) if L > 1 else _("No hidden layer"))
        self.show_title(_(self.TITLE), shift=DOWN * 0.2)
        if L < 2:
            self.say(_("This network has no hidden layer: BP1 and the weight gradient are all it needs."))
            self.wait(2.0)
            return
        for i, l in enumerate(layers):
            pace = 1.0 if i == 0 else 0.6
            self.group_the_factors(l, pace)
            self.sum_over_paths(l, pace)
            self.weights_transposed(l, pace)
            self.bp2(l, pace)
        self.network_again(layers[-1])
        self.dz_da_is_a_weight(layers[-1])
        self.dz_dw_is_an_input(layers[-1])
        self.why_W_and_x_appear(layers[-1])

    def group_the_factors(self, l: int, pace: float):
        """TDS fig. 10 for layer l: the final layer's grouping."""
        F = self.forms[l]
        self.lhs = F.weight_equation.lhs
        self.grouped = equation_row(self.lhs, *hadamard(column(F.dE_da_partial, font_size=FONT),
                                                        column(F.da_dz_partial, font_size=FONT)), activations_row(F))
        fill(self.grouped.fit(USABLE_WIDTH, ROW_H), -0.2)      # alone on the slide until the split below it
        caption = _("Layer {l}: the same grouping as in the final layer — ∂E/∂a ⊙ ∂a/∂z, times (a)ᵀ.").format(l=l)
        if l == self.spec.depth - 1:     # its beat began with the title
            self.say(caption)
            self.play(FadeIn(self.grouped), run_time=1.2 * pace)
        else:
            self.say(caption)
            self.beat(_("Layer {layer}: group the factors").format(layer=l), FadeIn(self.grouped), run_time=1.2 * pace)
        self.wait(1.0 * pace)

    def sum_over_paths(self, l: int, pace: float):
        """TDS fig. 11: ∂E/∂a_j = Σ_k w_kj δ_k, written out."""
        F = self.forms[l]
        self.wT, self.d_next = F.entries(F.next_weights.T), [e[0] for e in F.entries(F.next_delta)]
        self.sum_parts = [sum_parts(self.wT, self.d_next, j) for j in range(F.sizes[0])]
        self.sums = self.keep(f"sums{l}", column(self.sum_parts, font_size=FONT))
        self.summed = equation_row(self.lhs, *hadamard(self.sums, column(F.da_dz_partial, font_size=FONT)),
                                   activations_row(F)).fit(USABLE_WIDTH, UPPER_ROW_H)
        self.fitted_width = self.summed.width      # its size once it moves up to make room for the split
        fill(self.summed, -0.2)
        self.say(_("Now several paths lead from each a^({l}) to E. Their sum is a weighted sum of the "
                   "δ of layer {next}, already computed: ∂E/∂a_j = Σ_k w_kj δ_k.").format(l=l, next=l + 1))
        self.beat(_("Layer {layer}: sum over paths").format(layer=l), *self.morph(self.grouped, self.summed),
                  run_time=1.5 * pace)
        self.wait(1.5 * pace)

    def weights_transposed(self, l: int, pace: float):
        """TDS fig. 12: each sum is a row of Wᵀ times the column δ."""
        self.beat(_("Layer {layer}: Wᵀ times δ").format(layer=l),
                  self.summed.animate.scale_to_fit_width(self.fitted_width).move_to([0, UPPER_ROW_Y, 0]),
                  run_time=0.6 * pace)
        n_next = len(self.d_next)
        W_T = self.keep(f"W_T{l}", matrix(self.wT, font_size=FONT))
        D = self.keep(f"delta_next{l}", TermMatrix.column(self.d_next, max_rows=MAX_COLS, font_size=FONT))
        self.split = equation_row(column(self.sum_parts, font_size=FONT), W_T, D).fit(USABLE_WIDTH, 2.0)
        self.split.move_to([0, SPLIT_ROW_Y, 0])
        self.labels = VGroup(label_below(W_T, vector_latex("w", l + 1, transpose=True)),
                             label_below(D, vector_latex("delta", l + 1)))
        moves = gather(self.sums, W_T, lambda i, j: [(i, k, 3 * k) for k in range(n_next)])
        moves += gather(self.sums, D, lambda i, j: [(k, 0, 3 * k + 1) for k in range(n_next)])
        self.say(_("Each sum is a row times a column: row j pairs w_1j, w_2j, … with δ. "
                   "Those rows are the columns of W — hence the transpose."))
        self.play(fly_into([self.sums.copy()], self.split.items[0]), FadeIn(self.split.items[1]),
                  LaggedStart(*moves, lag_ratio=0.05), *frame(W_T), *frame(D), FadeIn(self.labels),
                  run_time=2.2 * pace)
        self.wait(1.8 * pace)

    def bp2(self, l: int, pace: float):
        F = self.forms[l]
        delta_col, final, bp2, bp4, box, tag = self.delta_card(f"delta{l}", F, self.lhs, activations_row(F), 1.55, -1.6)
        self.say(_("{bp}: δ of layer {l} is Wᵀ times the δ above, ⊙ the activation's derivative. "
                   "The weight gradient is again δ times (a)ᵀ.").format(bp=F.bp_name, l=l))
        self.beat(_("Layer {layer}: {bp}").format(layer=l, bp=F.bp_name),
                  FadeOut(VGroup(*self.split.items, self.labels)),
                  change(VGroup(*self.summed.items[2:-1]), delta_col),
                  *[change(self.summed.items[i], final.items[i]) for i in (0, 1, -1)],
                  Write(bp2), FadeIn(box), FadeIn(tag), FadeIn(bp4), run_time=2.0 * pace)
        self.wait(2.0 * pace)
        self.leave(*[FadeOut(m) for m in (*final.items, bp2, bp4, box, tag)])

    def network_again(self, l: int):
        """TDS fig. 13-14: the entries read off the edges they come from."""
        g = self.derivation.graph
        self.diagram = NetworkDiagram(self.derivation).fit_in(DIAGRAM_OVER_RULES)
        via_a = next(e for e in g.edges_from[notation.a_name(l, 1)] if e.target == notation.z_name(l + 1, 1))
        self.via_w = g.edges_from[notation.w_name(l, 1, 1)][0]
        self.eq_a, self.eq_w = local_rule(via_a), local_rule(self.via_w)
        VGroup(self.eq_a, self.eq_w).arrange(RIGHT, buff=1.5).move_to([0, -1.75, 0])
        self.weight_eq = quantity_tex(self.forms[l].weight_equation_latex, font_size=40).move_to([0, -3.1, 0])
        self.say(_("Where do the entries come from? Read them off the network."))
        self.beat(_("∂z/∂a is a weight"), FadeIn(self.diagram), run_time=1.0)
        self.wait(0.5)

    def dz_da_is_a_weight(self, l: int):
        a_prev, z_next, eq_a = notation.a_name(l, 1), notation.z_name(l + 1, 1), self.eq_a
        self.say(_("z depends on a through exactly one edge, weighted by w: so ∂z/∂a = w."))
        self.play(self.diagram.edge(a_prev, z_next).animate.set_stroke(color_of("w"), width=6, opacity=1),
                  Indicate(self.diagram.node(a_prev)), Indicate(self.diagram.node(z_next)),
                  FadeIn(VGroup(eq_a[0], eq_a[1])), from_diagram(self.diagram, notation.w_name(l + 1, 1, 1), eq_a[2]),
                  run_time=1.8)
        self.wait(1.2)

    def dz_dw_is_an_input(self, l: int):
        source, eq_w = notation.a_name(l - 1, 1), self.eq_w
        self.say(_("And z depends on the weight only through the input at the edge's start: ∂z/∂w = x."))
        self.beat(_("∂z/∂w is an input"),
                  self.diagram.edge(source, self.via_w.target).animate.set_stroke(color_of("x" if l == 1 else "a"),
                                                                                 width=6, opacity=1),
                  Indicate(self.diagram.node(source)), FadeIn(VGroup(eq_w[0], eq_w[1])),
                  from_diagram(self.diagram, source, eq_w[2]), run_time=1.8)
        self.wait(1.2)

    def why_W_and_x_appear(self, l: int):
        self.say(_("That is why W appears in BP2 and the inputs appear in the weight gradient."))
        self.beat(_("Why W and x appear"), Write(self.weight_eq), run_time=1.2)
        self.wait(2.0)


class GeneralEquations(MatrixScene):
    """General equations: superscripts become l−1, l, l+1, L, and the BP1–BP4 summary card."""

    TITLE = N_("From this network to any network")

    def construct(self):
        self.beat(_("This network's equations"))
        self.show_title(_(self.TITLE), shift=DOWN * 0.2)
        self.this_networks_equations()
        self.name_the_layers_by_role()
        self.every_layer_every_network()
        self.four_equations()

    def this_networks_equations(self):
        L = self.spec.depth
        self.hidden_layer = L - 1 if L > 1 else L
        h = self.forms[self.hidden_layer]
        self.lines = ([("output", self.forms[L].delta_equation_latex)] + ([("hidden", h.delta_equation_latex)] if L > 1 else [])
                      + [("weight", h.weight_equation_latex), ("bias", h.bias_equation_latex)])
        self.concrete = VGroup(*[quantity_tex(latex, font_size=38) for _line, latex in self.lines])
        self.concrete.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        fit_into(self.concrete, 8.4, 5.6)
        self.concrete.move_to([-2.2, -0.3, 0])
        self.say(_("The equations we found for this {layers} network, layer by layer.").format(
            layers="-".join(map(str, self.spec.layers))))
        self.play(LaggedStart(*[Write(c) for c in self.concrete], lag_ratio=0.3), run_time=2.5)
        self.wait(2.0)

    def name_the_layers_by_role(self):
        self.mappings = {line: generalisation(self.spec, line, self.hidden_layer) for line, _latex in self.lines}
        self.legend = VGroup(*[MathTex(generalisation_latex(self.mappings[line]), font_size=32, color=color_of("muted"))
                               .set_y(c.get_y()) for (line, _latex), c in zip(self.lines, self.concrete)])
        self.legend.align_to([USABLE_WIDTH / 2, 0, 0], RIGHT)
        fit_into(self.legend, 4.2)
        for m in self.legend:
            m.align_to(self.legend, LEFT)
        self.legend.align_to([USABLE_WIDTH / 2, 0, 0], RIGHT)
        self.say(_("Name the layers by their role: the current layer l, the one before l−1, "
                   "the one after l+1, and the last layer L."))
        self.beat(_("Name the layers by role"),
                  LaggedStart(*[FadeIn(m, shift=LEFT * 0.2) for m in self.legend], lag_ratio=0.2), run_time=1.5)
        self.wait(2.0)

    def every_layer_every_network(self):
        self.general = VGroup(*[quantity_tex(generalise(latex, self.mappings[line]), font_size=38)
                                for line, latex in self.lines])
        for g, c in zip(self.general, self.concrete):
            g.move_to(c, aligned_edge=LEFT)
        fit_into(self.general, 8.4, 5.6)
        self.say(_("With these names the equations hold for every layer of every network."))
        self.beat(_("Every layer, every network"),
                  *[change(c, g) for c, g in zip(self.concrete, self.general)], run_time=2.0)
        self.wait(2.5)

    def four_equations(self):
        """Nielsen ch. 2 / TDS fig. 19: BP1-BP4 on one card."""
        bp = general_equations(self.spec.act.latex, self.spec.loss_fn.softmax_output)
        eqs = VGroup(*[quantity_tex(latex, font_size=40) for latex in bp.values()]).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        tags = VGroup(*[Text(name, font_size=26, color=color_of("delta")).next_to(e, LEFT, buff=0.5)
                        for name, e in zip(bp, eqs)])
        tags.align_to(tags[0], RIGHT)
        for t, e in zip(tags, eqs):
            t.set_y(e.get_y())
        card_content = VGroup(tags, eqs)
        fit_into(card_content, 11.5, 5.4)
        card_content.move_to([0, -0.35, 0])
        card = SurroundingRectangle(card_content, color=color_of("muted"), buff=0.35, corner_radius=0.15)
        self.say(_("Backpropagation in four equations: BP1 starts at the output, BP2 carries δ back, "
                   "BP3 and BP4 turn δ into the gradients."))
        self.beat(_("BP1 to BP4"), FadeOut(self.general), FadeOut(self.legend), FadeIn(card), FadeIn(card_content),
                  run_time=1.5)
        self.key_result()
        self.wait(4.5)
