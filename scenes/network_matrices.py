"""The network lecture in matrix form: forward pass, final layer (BP1), hidden layer (BP2), BP1-BP4.

The TDS article *Understanding Backpropagation* fig. 5-19 and Nielsen, *Neural Networks and Deep
Learning* ch. 2, eq. 23-28, BP1-BP4 (../shared/seeds/001, 004). Every formula comes from the core
(``backprop_core.network.matrix_form``, ``backprop_core.network.forward``), every number from the
example, the network from ``backprop_anim.config.network_spec()``; this file only arranges
and moves them. Render one scene with::

    PYTHONHASHSEED=0 manim render -ql scenes/network_matrices.py FinalLayerMatrixForm
    BACKPROP_LAYERS=3,2,2,2 BACKPROP_ACTIVATION=relu BACKPROP_LOSS=softmax_ce manim render -ql ...
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, Brace, FadeIn, FadeOut, Indicate, LaggedStart, MathTex,
                   ReplacementTransform, SurroundingRectangle, VGroup, Write)

from backprop_anim.config import network_spec
from backprop_anim.lang import Text
from backprop_anim.lecture_scene import LectureScene
from backprop_anim.mobjects.layout import USABLE_WIDTH, Region, fit_into
from backprop_anim.mobjects.matrix_terms import TermMatrix, TermRow, label_below, quantity_tex
from backprop_anim.mobjects.network_diagram import NetworkDiagram
from backprop_anim.theme import color_of
from backprop_core import notation
from backprop_core.i18n import N_, _
from backprop_core.network.derivation import derive
from backprop_core.network.example import Example
from backprop_core.network.forward import (forward_numbers, generalisation, generalise, hadamard_example,
                                   layer_equations, vectorised_example, vector_latex)
from backprop_core.network.matrix_form import general_equations, matrix_forms
from backprop_core.network.numeric import evaluate

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)

MAX_ROWS, MAX_COLS = 3, 3     # bigger layers show leading cells, ⋮ ⋯ and how many are left out
ROW_H = 2.8             # height of one row of matrices when two rows share the frame
FONT = 36              # matrix entries before fitting: legible at 480p


class _MatrixScene(LectureScene):
    """Shared set-up: theme background, the network's derivation, titles and subcaptions."""

    def setup(self):
        super().setup()
        self.spec = network_spec()
        self.derivation = derive(self.spec)
        self.forms = {f.layer: f for f in matrix_forms(self.derivation)}
        self.shown: dict[str, TermMatrix] = {}   # key matrices by name, for the tests' term checks
        self.leftovers: list = []     # fade-outs of the last section's picture, played with the next beat

    def keep(self, name: str, matrix: TermMatrix) -> TermMatrix:
        self.shown[name] = matrix
        return matrix

    def show_title(self, text: str) -> Text:
        title = Text(text, font_size=30, color=color_of("text")).to_edge(UP, buff=0.25)
        fit_into(title, width=USABLE_WIDTH)
        self.play(FadeIn(title, shift=DOWN * 0.2), run_time=0.6)
        return title

    def beat(self, caption: str, *animations, run_time: float = 1.5, wait: float = 1.0, section: str | None = None):
        """One step of the lecture: subcaption for its whole length, the animations, a pause.
        ``section`` starts a new manim section (a presenter pauses at its end) with this step;
        what the last section left to clear fades out with this step's animations."""
        if section:
            self.next_section(section)
        animations, self.leftovers = (*self.leftovers, *animations), []
        self.narrate(caption, duration=run_time + wait)
        if animations:
            self.play(*animations, run_time=run_time)
        if wait:
            self.wait(wait)

    def delta_card(self, key: str, form, lhs, a_prev_row: TermMatrix, row_y: float, card_y: float):
        """dE/dW = delta (a)^T as a row at ``row_y``; the layer's BP1/BP2 boxed and BP4 at ``card_y``."""
        delta_col = self.keep(key, _column([e[0] for e in form.entries(form.delta)], font_size=FONT))
        final = TermRow(lhs, "=", delta_col, a_prev_row).fit(USABLE_WIDTH, ROW_H).move_to([0, row_y, 0])
        bp = quantity_tex(form.delta_equation_latex, font_size=40)
        bp4 = quantity_tex(form.weight_equation_latex, font_size=40)
        fit_into(VGroup(bp, bp4).arrange(DOWN, buff=0.35), USABLE_WIDTH - 1.5, 2.6).move_to([0.4, card_y, 0])
        box = SurroundingRectangle(bp, color=color_of("delta"), buff=0.12)
        tag = Text(form.bp_name, font_size=24, color=color_of("delta")).next_to(box, LEFT, buff=0.15)
        return delta_col, final, bp, bp4, box, tag

    @staticmethod
    def morph(old: TermRow, new: TermRow) -> list:
        """Item-by-item ReplacementTransform between two rows with the same number of items."""
        return [ReplacementTransform(a, b) for a, b in zip(old.items, new.items)]


def _fill(row, y: float, height: float = 3.2):
    """A row alone on the slide: up to 1.35 x larger (still inside the frame), centred at height y."""
    row.scale(min(1.35, USABLE_WIDTH / row.width, height / row.height))
    return row.move_to([0, y, 0])


def _matrix(rows, **kwargs) -> TermMatrix:
    return TermMatrix(rows, max_rows=MAX_ROWS, max_cols=MAX_COLS, **kwargs)


def _column(entries, **kwargs) -> TermMatrix:
    return TermMatrix.column(entries, max_rows=MAX_ROWS, **kwargs)


def _row_vector(entries, **kwargs) -> TermMatrix:
    return TermMatrix.row(entries, max_cols=MAX_COLS, **kwargs)


def _gather(sources: TermMatrix, targets: TermMatrix, pick) -> list:
    """Copies of parts of every shown source cell fly into the target cells they belong to.

    ``pick(i, j)`` -> list of (target row, target col, part index) for source cell (i, j).
    Several parts landing in one cell merge into it.
    """
    groups: dict[tuple[int, int], list] = {}
    for i, line in enumerate(sources.entries):
        for j, cell in enumerate(line):
            if cell is None:
                continue
            for ti, tj, part in pick(i, j):
                if targets.is_shown(ti, tj):
                    groups.setdefault((ti, tj), []).append(cell[part].copy())
    return [ReplacementTransform(VGroup(*copies), targets.entry(ti, tj)) for (ti, tj), copies in groups.items()]


def _frame(target: TermMatrix) -> list:
    """The non-entry parts of a matrix (brackets, dots, note) for fading in around moved entries."""
    parts = [target.brackets, *target.ellipses]
    if target.note is not None:
        parts.append(target.note)
    extras = [m for m in target.submobjects if m not in (target.cells, target.brackets, target.note)]
    return [FadeIn(p) for p in parts + extras]


DIAGRAM_TOP = Region(-6.8, -0.4, 6.8, 3.15)      # under the title, equations below it
EQ_HEADER_Y, EQ_ROW_Y, EQ_ROW_H = -0.95, -2.6, 2.2


def _example_row(example, *, font_size=FONT) -> TermRow:
    """Nielsen ch. 2 eq. 24 / 28 laid out: operands, written out, result."""
    operands = [TermMatrix.column([str(v) for v in col], font_size=font_size) for col in example.operands]
    left = [example.operator_latex, operands[0]] if len(operands) == 1 else [operands[0], example.operator_latex, operands[1]]
    return TermRow(*left, "=", TermMatrix.column(example.written, font_size=font_size), "=",
                   TermMatrix.column([str(v) for v in example.result], font_size=font_size))


class ForwardPassMatrixForm(_MatrixScene):
    """Forward pass: z = W a + b and a = σ(z) as matrices, with one example's numbers on nodes and in matrices."""

    TITLE = N_("Forward pass in matrix form")

    def construct(self):
        spec = self.spec
        self.next_section(_("Each z, entry by entry"))
        self.show_title(_("Forward pass in matrix form"))
        example = Example.random(spec, seed=0)
        numbers = forward_numbers(spec, example)
        node_values = evaluate(self.derivation, example).node_values
        diagram = NetworkDiagram(self.derivation).fit_in(DIAGRAM_TOP)
        inputs = diagram.set_values(node_values, [f"x0_{k}" for k in range(1, spec.layers[0] + 1)])
        self.beat(_("The network with one training example: these are its inputs."),
                  FadeIn(diagram), run_time=1.2, wait=0.8)

        eq = layer_equations(spec, 1)
        header = quantity_tex(eq.sum_latex, font_size=38).move_to([0, EQ_HEADER_Y, 0])
        lines = VGroup(*[quantity_tex(t, font_size=36) for t in eq.element_latex]).arrange(DOWN, buff=0.3)
        fit_into(lines, USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        self.beat(_("Each z of layer 1 adds up its weighted inputs and a bias."),
                  Write(header), FadeIn(lines), run_time=1.5, wait=1.2)

        sym = TermRow(TermMatrix.column(eq.z, font_size=FONT), "=", self.keep("W_symbols", _matrix(eq.weights, font_size=FONT)),
                      _column(eq.inputs, font_size=FONT), "+", _column(eq.biases, font_size=FONT))
        sym.fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        new_header = quantity_tex(eq.matrix_latex, font_size=40).move_to(header)
        self.beat(_("Stack the rows: row j of the weight matrix W holds the weights into neuron j, "
                    "so z = W a + b."), ReplacementTransform(lines, sym), ReplacementTransform(header, new_header),
                  run_time=1.8, wait=1.0, section=_("Stack the rows into W"))
        header, row = new_header, sym
        for l in range(1, spec.depth + 1):
            header, row = self._layer_numbers(l, numbers, diagram, node_values, header, row)
            if l == 1:
                header, row = self._vectorised(header, row)

        had = _example_row(hadamard_example()).fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        had_header = Text(_("Hadamard product: entry by entry"), font_size=28, color=color_of("muted")).move_to(header)
        errors = diagram.set_values(node_values, [n for n in node_values if n.startswith("e_") or n == "E"])
        self.beat(_("The error E follows from the outputs. One more elementwise tool for later: "
                    "the Hadamard product ⊙ multiplies two vectors entry by entry."),
                  FadeIn(errors), FadeOut(row), FadeOut(header), FadeIn(had), FadeIn(had_header),
                  run_time=1.5, wait=2.5, section=_("The error; the Hadamard product"))

    def _layer_numbers(self, l, numbers, diagram, node_values, header, row):
        """z^{(l)} = W a + b with numbers, then a^{(l)} = f(z^{(l)}); both appear on the diagram."""
        spec, eq, nums = self.spec, layer_equations(self.spec, l), numbers.layer(l)
        fs = FONT
        prev_kind = "x" if l == 1 else "a"
        numeric = TermRow(_column(nums.entries("z"), font_size=fs, color=color_of("z")), "=",
                          self.keep(f"W{l}", _matrix(nums.entries("weights"), font_size=fs, color=color_of("w"))),
                          _column(nums.entries("inputs"), font_size=fs, color=color_of(prev_kind)),
                          "+", _column(nums.entries("biases"), font_size=fs, color=color_of("b")))
        numeric.fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        z_header = quantity_tex(eq.matrix_latex, font_size=40).move_to(header)
        z_values = diagram.set_values(node_values, [f"z{l}_{j}" for j in range(1, spec.layers[l] + 1)])
        anims = [FadeOut(row), FadeIn(numeric), ReplacementTransform(header, z_header), FadeIn(z_values)]
        self.beat(_("Layer {l} with the example's numbers: z = W a + b.").format(l=l), *anims, run_time=1.5, wait=1.2,
                  section=_("Layer {layer}: weighted sums").format(layer=l))

        a_row = TermRow(self.keep(f"a{l}", _column(nums.entries("a"), font_size=fs, color=color_of("a"))), "=", eq.function_latex,
                        _column(nums.entries("z"), font_size=fs, color=color_of("z"))).fit(USABLE_WIDTH, EQ_ROW_H)
        a_row.move_to([0, EQ_ROW_Y, 0])
        a_header = quantity_tex(eq.activation_latex, font_size=40).move_to(header)
        a_values = diagram.set_values(node_values, [f"a{l}_{j}" for j in range(1, spec.layers[l] + 1)])
        softmax = eq.function_latex != spec.act.latex
        caption = (_("The output layer uses softmax: every output depends on every z and they sum to 1.")
                   if softmax else _("Then the activation, applied to every entry: a = {f}(z).").format(f=spec.activation))
        self.beat(caption, ReplacementTransform(numeric, a_row), ReplacementTransform(z_header, a_header),
                  FadeIn(a_values), run_time=1.5, wait=1.2,
                  section=_("Layer {layer}: activation").format(layer=l))
        return a_header, a_row

    def _vectorised(self, header, row):
        """Nielsen ch. 2 eq. 24: what applying f to a vector means."""
        ex = vectorised_example()
        ex_row = _example_row(ex).fit(USABLE_WIDTH, EQ_ROW_H).move_to([0, EQ_ROW_Y, 0])
        definition = quantity_tex(ex.definition_latex, font_size=40).move_to(header)
        self.beat(_("Applying a function to a vector means applying it to every entry: with f(x) = x², f([2, 3]) = [4, 9]."),
                  FadeOut(row), FadeOut(header), FadeIn(ex_row), FadeIn(definition), run_time=1.2, wait=2.0,
                  section=_("A function of a vector"))
        return definition, ex_row


class FinalLayerMatrixForm(_MatrixScene):
    """Final layer: chain-rule terms move into the ∂E/∂a and ∂a/∂z columns and the ∂z/∂w part, then δ (BP1)."""

    TITLE = N_("Final layer: the chain-rule terms as matrices")

    def construct(self):
        L, d = self.spec.depth, self.derivation
        form = self.forms[L]
        self.next_section(_("One product per weight"))
        self.show_title(_("Final layer {L}: the chain-rule terms as matrices").format(L=L))
        lhs = form.weight_equation.lhs
        rows, cols = form.sizes
        if form.softmax:   # softmax couples every a to every z: group by dE/dz_j directly
            factor_columns = [form.dE_dz_partial]
        else:
            factor_columns = [form.dE_da_partial, form.da_dz_partial]
        terms = self.keep("terms", _matrix([[[c[j] for c in factor_columns] + [form.dz_dw_partial[j][k]] for k in range(cols)]
                         for j in range(rows)], font_size=FONT))
        top = TermRow(_matrix(form.grad_W_partial, font_size=FONT), "=", terms).fit(USABLE_WIDTH, ROW_H)
        top.move_to([0, -0.2, 0])         # alone on the slide first; it moves up for the grouping
        self.beat(_("Every weight of the final layer has one chain-rule product. "
                    "Collect them, one cell per weight."), FadeIn(top), run_time=1.5, wait=1.5)
        self.next_section(_("Group the factors"))
        self.play(top.animate.move_to([0, 1.55, 0]), run_time=0.6)

        # fig. 5: the factors move into their columns
        def grouped_items(columns, last):
            items = [lhs, "="]
            for i, c in enumerate(columns):
                items += ([r"\odot"] if i else []) + [c]
            return items + [last]

        a_prev_row = lambda: _row_vector(form.entries(form.a_prev.T)[0], font_size=FONT)
        col_items = [_column(c, font_size=FONT) for c in factor_columns]
        dz_dw = self.keep("dz_dw", _matrix(form.dz_dw_partial, font_size=FONT))
        for name, c in zip(("dE_da", "da_dz") if not form.softmax else ("dE_dz",), col_items):
            self.keep(name, c)
        grouped = TermRow(*grouped_items(col_items, dz_dw)).fit(USABLE_WIDTH, ROW_H).move_to([0, -1.7, 0])
        moves = []
        for p, target in enumerate(col_items):
            moves += _gather(terms, target, lambda i, j, p=p: [(i, 0, p)])
        moves += _gather(terms, dz_dw, lambda i, j: [(i, j, len(factor_columns))])
        frames = [f for m in col_items + [dz_dw] for f in _frame(m)]
        others = [FadeIn(m) for m in grouped.items if not isinstance(m, TermMatrix)]
        repeat = (_("The same factors repeat along each row: the ∂E/∂a column and the ∂a/∂z column meet element "
                    "by element (⊙), then the ∂z/∂w part.") if not form.softmax else
                  _("The same factors repeat along each row: softmax ties every output to every z, so the ∂E/∂z "
                    "column, then the ∂z/∂w part."))
        self.beat(repeat,
                  LaggedStart(*moves, lag_ratio=0.08), *frames, *others, run_time=2.5, wait=1.5)

        # ∂z_j/∂w_jk = a_k: the ∂z/∂w part is one row, a^T
        a_row = self.keep("a_prev_T", a_prev_row())
        state = TermRow(*grouped_items([_column(c, font_size=FONT) for c in factor_columns], a_row))
        _fill(state.fit(USABLE_WIDTH, ROW_H), -0.2)
        self.beat(_("∂z_j/∂w_jk is the activation a_k feeding the weight, the same in every row: "
                    "the ∂z/∂w part is the row (a)ᵀ."), FadeOut(top), *self.morph(grouped, state),
                  run_time=1.8, wait=1.2, section=_("The ∂z/∂w part is a row"))

        # write the factors out
        if form.softmax:
            value_columns = [[e[0] for e in form.entries(form.delta_value)]]
            caption = _("With softmax and cross-entropy the sum over outputs simplifies: ∂E/∂z_j = a_j − y_j.")
        else:
            value_columns = [[e[0] for e in form.entries(form.dE_da)], [e[0] for e in form.entries(form.da_dz)]]
            caption = _("Write each factor out: ∂E/∂a is the loss derivative, ∂a/∂z the activation's derivative.")
        values = TermRow(*grouped_items([_column(c, font_size=FONT) for c in value_columns], a_prev_row()))
        _fill(values.fit(USABLE_WIDTH, ROW_H), -0.2)
        self.beat(caption, *self.morph(state, values), run_time=1.8, wait=1.5, section=_("Write the factors out"))

        # fig. 6: the first two factors are delta
        factored = VGroup(*values.items[2:-1])
        brace = Brace(factored, DOWN, color=color_of("delta"))
        brace_label = quantity_tex(vector_latex("delta", L), font_size=34).next_to(brace, DOWN, buff=0.1)
        self.beat(_("Together they are δ, the error of each output neuron: computed once, reused below."),
                  FadeIn(brace), Write(brace_label), run_time=1.2, wait=1.0, section=_("Name them δ"))
        delta_col, final, bp1, bp4, box, tag = self.delta_card("delta", form, lhs, a_prev_row(), 1.2, -2.0)
        self.beat(_("{bp}: δ for the final layer; the weight gradient is δ times (a)ᵀ.").format(bp=form.bp_name),
                  ReplacementTransform(VGroup(factored, brace, brace_label), delta_col),
                  *[ReplacementTransform(values.items[i], final.items[i]) for i in (0, 1, -1)],
                  Write(bp1), FadeIn(box), FadeIn(tag), FadeIn(bp4), run_time=2.0, wait=1.0,
                  section=_("{bp}: δ of the final layer").format(bp=form.bp_name))
        deltas, acts = [e[0] for e in form.entries(form.delta)], form.entries(form.a_prev.T)[0]
        grad = self.keep("grad_W", _matrix([[[deltas[j], acts[k]] for k in range(cols)] for j in range(rows)],
                                           font_size=FONT))
        product = TermRow(lhs, "=", grad).fit(USABLE_WIDTH, ROW_H).move_to(final)
        a_shown = final.items[-1]
        moves = [ReplacementTransform(VGroup(delta_col.entry(j).copy(), a_shown.entry(0, k).copy()), grad.entry(j, k))
                 for j in range(rows) for k in range(cols) if grad.is_shown(j, k)
                 and delta_col.is_shown(j) and a_shown.is_shown(0, k)]
        self.beat(_("Multiplying out gives every entry: ∂E/∂w_jk = δ_j a_k."),
                  ReplacementTransform(final.items[0], product.items[0]),
                  ReplacementTransform(final.items[1], product.items[1]),
                  LaggedStart(*moves, lag_ratio=0.1), *_frame(grad),
                  FadeOut(delta_col), FadeOut(a_shown), run_time=1.8, wait=2.0, section=_("Multiply out"))


class HiddenLayerMatrixForm(_MatrixScene):
    """Hidden layer: the ∂E/∂a column splits into Wᵀ times δ (row × column, hence the transpose), BP2; dz/da = w, dz/dw = x on the edges."""

    TITLE = N_("Hidden layers: δ comes back through the weights")

    def construct(self):
        L = self.spec.depth
        layers = [L - 1] + ([1] if L - 1 > 1 else [])
        self.next_section(_("Layer {layer}: group the factors").format(layer=layers[0]) if L > 1
                          else _("No hidden layer"))
        self.show_title(_("Hidden layers: δ comes back through the weights"))
        if L < 2:
            self.beat(_("This network has no hidden layer: BP1 and the weight gradient are all it needs."), wait=2.0)
            return
        for i, l in enumerate(layers):
            self._layer(l, pace=1.0 if i == 0 else 0.6)
        self._edges(layers[-1])

    def _layer(self, l: int, pace: float):
        """TDS article fig. 10-12 for layer l: group, sums, split into Wᵀ δ, BP2."""
        F = self.forms[l]
        rows = F.sizes[0]
        lhs = F.weight_equation.lhs
        a_prev_row = lambda: _row_vector(F.entries(F.a_prev.T)[0], font_size=FONT)
        da_dz = lambda: _column(F.da_dz_partial, font_size=FONT)
        grouped = TermRow(lhs, "=", _column(F.dE_da_partial, font_size=FONT), r"\odot", da_dz(), a_prev_row())
        _fill(grouped.fit(USABLE_WIDTH, ROW_H), -0.2)      # alone on the slide until the split below it
        first = l == self.spec.depth - 1     # its section began with the title
        self.beat(_("Layer {l}: the same grouping as in the final layer — ∂E/∂a ⊙ ∂a/∂z, times (a)ᵀ.").format(l=l),
                  FadeIn(grouped), run_time=1.2 * pace, wait=1.0 * pace,
                  section=None if first else _("Layer {layer}: group the factors").format(layer=l))

        wT = F.entries(F.next_weights.T)
        d_next = [e[0] for e in F.entries(F.next_delta)]
        n_next = len(d_next)
        sum_parts = [[p for k in range(n_next) for p in (["+"] if k else []) + [wT[j][k], d_next[k]]]
                     for j in range(rows)]
        sums = self.keep(f"sums{l}", _column(sum_parts, font_size=FONT))
        summed = TermRow(lhs, "=", sums, r"\odot", da_dz(), a_prev_row()).fit(USABLE_WIDTH, ROW_H)
        fitted_width = summed.width      # its size once it moves up to make room for the split
        _fill(summed, -0.2)
        self.beat(_("Now several paths lead from each a^({l}) to E. Their sum is a weighted sum of the "
                    "δ of layer {next}, already computed: ∂E/∂a_j = Σ_k w_kj δ_k.").format(l=l, next=l + 1),
                  *self.morph(grouped, summed), run_time=1.5 * pace, wait=1.5 * pace,
                  section=_("Layer {layer}: sum over paths").format(layer=l))

        self.next_section(_("Layer {layer}: Wᵀ times δ").format(layer=l))
        self.play(summed.animate.scale_to_fit_width(fitted_width).move_to([0, 1.55, 0]), *self.leftovers,
                  run_time=0.6 * pace)
        self.leftovers = []
        W_T = self.keep(f"W_T{l}", _matrix(wT, font_size=FONT))
        D = self.keep(f"delta_next{l}", TermMatrix.column(d_next, max_rows=MAX_COLS, font_size=FONT))
        split = TermRow(_column(sum_parts, font_size=FONT), "=", W_T, D).fit(USABLE_WIDTH, 2.0).move_to([0, -1.3, 0])
        labels = VGroup(label_below(W_T, vector_latex("w", l + 1, transpose=True)),
                        label_below(D, vector_latex("delta", l + 1)))
        moves = _gather(sums, W_T, lambda i, j: [(i, k, 3 * k) for k in range(n_next)])
        moves += _gather(sums, D, lambda i, j: [(k, 0, 3 * k + 1) for k in range(n_next)])
        self.beat(_("Each sum is a row times a column: row j pairs w_1j, w_2j, … with δ. "
                    "Those rows are the columns of W — hence the transpose."),
                  ReplacementTransform(sums.copy(), split.items[0]), FadeIn(split.items[1]),
                  LaggedStart(*moves, lag_ratio=0.05), *_frame(W_T), *_frame(D), FadeIn(labels),
                  run_time=2.2 * pace, wait=1.8 * pace)

        delta_col, final, bp2, bp4, box, tag = self.delta_card(f"delta{l}", F, lhs, a_prev_row(), 1.55, -1.6)
        self.beat(_("{bp}: δ of layer {l} is Wᵀ times the δ above, ⊙ the activation's derivative. "
                    "The weight gradient is again δ times (a)ᵀ.").format(bp=F.bp_name, l=l),
                  FadeOut(VGroup(*split.items, labels)),
                  ReplacementTransform(VGroup(*summed.items[2:-1]), delta_col),
                  *[ReplacementTransform(summed.items[i], final.items[i]) for i in (0, 1, -1)],
                  Write(bp2), FadeIn(box), FadeIn(tag), FadeIn(bp4), run_time=2.0 * pace, wait=2.0 * pace,
                  section=_("Layer {layer}: {bp}").format(layer=l, bp=F.bp_name))
        self.leftovers = [FadeOut(m) for m in (*final.items, bp2, bp4, box, tag)]

    def _edges(self, l: int):
        """TDS article fig. 13-14: dz/da = w and dz/dw = x read off the edges they come from."""
        g = self.derivation.graph
        diagram = NetworkDiagram(self.derivation).fit_in(Region(-6.8, -0.85, 6.8, 3.15))
        a_prev, z_next = notation.a_name(l, 1), notation.z_name(l + 1, 1)
        via_a = next(e for e in g.edges_from[a_prev] if e.target == z_next)
        w = notation.w_name(l, 1, 1)
        via_w = g.edges_from[w][0]
        source = notation.a_name(l - 1, 1)
        eq_a = quantity_tex(via_a.partial_latex, "=", via_a.local_latex, font_size=42)
        eq_w = quantity_tex(via_w.partial_latex, "=", via_w.local_latex, font_size=42)
        VGroup(eq_a, eq_w).arrange(RIGHT, buff=1.5).move_to([0, -1.75, 0])
        weight_eq = quantity_tex(self.forms[l].weight_equation_latex, font_size=40).move_to([0, -3.1, 0])
        self.beat(_("Where do the entries come from? Read them off the network."), FadeIn(diagram),
                  run_time=1.0, wait=0.5, section=_("∂z/∂a is a weight"))
        w_next = notation.w_name(l + 1, 1, 1)
        self.beat(_("z depends on a through exactly one edge, weighted by w: so ∂z/∂a = w."),
                  diagram.edge(a_prev, z_next).animate.set_stroke(color_of("w"), width=6, opacity=1),
                  Indicate(diagram.node(a_prev)), Indicate(diagram.node(z_next)),
                  FadeIn(VGroup(eq_a[0], eq_a[1])), _from_diagram(diagram, w_next, eq_a[2]),
                  run_time=1.8, wait=1.2)
        self.beat(_("And z depends on the weight only through the input at the edge's start: ∂z/∂w = x."),
                  diagram.edge(source, via_w.target).animate.set_stroke(color_of("x" if l == 1 else "a"), width=6, opacity=1),
                  Indicate(diagram.node(source)), FadeIn(VGroup(eq_w[0], eq_w[1])),
                  _from_diagram(diagram, source, eq_w[2]), run_time=1.8, wait=1.2,
                  section=_("∂z/∂w is an input"))
        self.beat(_("That is why W appears in BP2 and the inputs appear in the weight gradient."),
                  Write(weight_eq), run_time=1.2, wait=2.0, section=_("Why W and x appear"))


def _from_diagram(diagram: NetworkDiagram, name: str, target):
    """The diagram's label of ``name`` copied into an equation part (faded in if the label is hidden)."""
    try:
        source = diagram.label(name)
    except KeyError:
        return FadeIn(target)
    return ReplacementTransform(source.copy(), target)


class GeneralEquations(_MatrixScene):
    """General equations: superscripts become l−1, l, l+1, L, and the BP1–BP4 summary card."""

    TITLE = N_("From this network to any network")

    def construct(self):
        L, spec = self.spec.depth, self.spec
        self.next_section(_("This network's equations"))
        self.show_title(_("From this network to any network"))
        hidden_layer = L - 1 if L > 1 else L
        lines = [("output", self.forms[L].delta_equation_latex)]
        h = self.forms[hidden_layer]
        if L > 1:
            lines.append(("hidden", h.delta_equation_latex))
        lines += [("weight", h.weight_equation_latex), ("bias", h.bias_equation_latex)]
        concrete = VGroup(*[quantity_tex(latex, font_size=38) for _line, latex in lines])
        concrete.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        fit_into(concrete, 8.4, 5.6)
        concrete.move_to([-2.2, -0.3, 0])
        mappings = {line: generalisation(spec, line, hidden_layer) for line, _latex in lines}
        legend = VGroup()
        for (line, _latex), c in zip(lines, concrete):
            pairs = sorted(mappings[line].items(), reverse=True)
            text = r",\quad ".join(rf"({k}) \to ({v})" for k, v in pairs)
            legend.add(MathTex(text, font_size=32, color=color_of("muted")).set_y(c.get_y()))
        legend.align_to([USABLE_WIDTH / 2, 0, 0], RIGHT)
        fit_into(legend, 4.2)
        for m in legend:
            m.align_to(legend, LEFT)
        legend.align_to([USABLE_WIDTH / 2, 0, 0], RIGHT)
        self.beat(_("The equations we found for this {layers} network, layer by layer.").format(
                      layers="-".join(map(str, spec.layers))),
                  LaggedStart(*[Write(c) for c in concrete], lag_ratio=0.3), run_time=2.5, wait=2.0)
        general = VGroup(*[quantity_tex(generalise(latex, mappings[line]), font_size=38) for line, latex in lines])
        for g, c in zip(general, concrete):
            g.move_to(c, aligned_edge=LEFT)
        fit_into(general, 8.4, 5.6)
        self.beat(_("Name the layers by their role: the current layer l, the one before l−1, "
                    "the one after l+1, and the last layer L."),
                  LaggedStart(*[FadeIn(m, shift=LEFT * 0.2) for m in legend], lag_ratio=0.2), run_time=1.5, wait=2.0,
                  section=_("Name the layers by role"))
        self.beat(_("With these names the equations hold for every layer of every network."),
                  *[ReplacementTransform(c, g) for c, g in zip(concrete, general)], run_time=2.0, wait=2.5,
                  section=_("Every layer, every network"))

        # Nielsen ch. 2 / TDS fig. 19: the four equations
        bp = general_equations(spec.act.latex, spec.loss_fn.softmax_output)
        names = ["BP1", "BP2", "BP3", "BP4"]
        eqs = VGroup(*[quantity_tex(bp[k], font_size=40) for k in names]).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        tags = VGroup(*[Text(k, font_size=26, color=color_of("delta")).next_to(e, LEFT, buff=0.5) for k, e in zip(names, eqs)])
        tags.align_to(tags[0], RIGHT)
        for t, e in zip(tags, eqs):
            t.set_y(e.get_y())
        card_content = VGroup(tags, eqs)
        fit_into(card_content, 11.5, 5.4)
        card_content.move_to([0, -0.35, 0])
        card = SurroundingRectangle(card_content, color=color_of("muted"), buff=0.35, corner_radius=0.15)
        self.beat(_("Backpropagation in four equations: BP1 starts at the output, BP2 carries δ back, "
                    "BP3 and BP4 turn δ into the gradients."),
                  FadeOut(general), FadeOut(legend), FadeIn(card), FadeIn(card_content), run_time=1.5, wait=4.5,
                  section=_("BP1 to BP4"))
