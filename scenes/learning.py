"""The network lecture, part three: what the gradient means and how a network learns with it.

Nielsen, *Neural Networks and Deep Learning* ch. 2 (../shared/seeds/004): the "big picture" at the
end of the chapter (nudge one weight, the change ripples along every path, the rate factors
multiply along a path and add across paths), the backpropagation algorithm with its mini-batch and
matrix form, and a training run of the lecture network on two classes in the plane. Every number
and formula comes from the core (``backprop_core.network.nudge``, ``.algorithm``, ``.two_classes``);
this file only tells the story.

    PYTHONHASHSEED=0 manim render -ql scenes/learning.py NudgeAWeight
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UL, UP, Axes, Dot, FadeIn, FadeOut, Indicate, LaggedStart, Line,
                   SurroundingRectangle, VGroup, Write)

from backprop_anim.config import network_spec
from backprop_anim.kit.graph import GraphLectureScene
from backprop_anim.kit.network import EQUATIONS, NetworkScene, coloured
from backprop_anim.kit.panel import wrapped
from backprop_anim.kit.scene import LectureScene
from backprop_anim.kit.training import (LOSS_BOX, NET_BOX, PLANE_BOX, STATUS_AT, STATUS_WIDTH, ClassPlane, LossPlot,
                                        WeightDiagram)
from backprop_anim.lang import MathTex, Text
from backprop_anim.mobjects.layout import SAFE_HALF_HEIGHT, USABLE_WIDTH, fit_into
from backprop_anim.mobjects.path_highlight import PathHighlight
from backprop_anim.mobjects.network_diagram import strip_svg_paths
from backprop_anim.theme import color_of
from backprop_core import derive
from backprop_core.i18n import N_, _
from backprop_core.network.algorithm import (algorithm_steps, first_batch, matrix_batch_latex, mini_batch_latex,
                                             recap_steps)
from backprop_core.expr.local_rules import step_size_demo
from backprop_core.network.nudge import nudge
from backprop_core.network.update import network_update
from backprop_core.network.two_classes import GRID, PLANE, SPEC, snapshots, two_class_run, two_classes
from backprop_core.number_format import show

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)
EQ_SIZE = 36


class NudgeAWeight(NetworkScene):
    """Nudge one weight: the change ripples along every path to E; rates multiply along a path, paths add."""

    TITLE = N_("The big picture: nudge one weight")

    def construct(self):
        self.n = nudge(self.d, self.example)
        self.nudge_the_weight()
        self.the_ripple()
        self.multiply_along_each_path()
        self.add_across_paths()
        self.shrink_the_nudge()

    def line(self, latex: str, kind: str = "text", size: float = EQ_SIZE) -> MathTex:
        """One formula of the core in the bottom band, never wider than it."""
        return fit_into(strip_svg_paths(MathTex(latex, font_size=size, color=color_of(kind))), EQUATIONS.width)

    def stack(self, *mobjects) -> VGroup:
        """Lines stacked from the top of the bottom band, left-aligned, shrunk to fit it."""
        group = VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        fit_into(group, EQUATIONS.width, EQUATIONS.height)
        return group.move_to([EQUATIONS.left, EQUATIONS.top, 0], aligned_edge=UL)

    def nudge_the_weight(self):
        self.beat(_("Nudge one weight"))
        dg = self.build_diagram(values=True, traced=[self.n.parameter])
        self.show_title(_(self.TITLE))
        self.say(_("Take the network and one training example, and change one weight by a little."))
        self.play(FadeIn(dg), run_time=1.0)
        weight = dg.label(self.n.parameter)
        self.ring = SurroundingRectangle(weight, buff=0.05, color=color_of("w"))
        self.top = self.stack(self.line(self.n.nudge_latex, "w", 40),
                              coloured(_("Δw is small; everything after the weight moves a little too."), 26))
        self.say(_("Here we add {step} to it.").format(step=show(self.n.step)))
        self.play(Indicate(weight, color=color_of("w")), FadeIn(self.ring), FadeIn(self.top), run_time=1.2)
        self.keep("nudge", self.top)
        self.wait(0.8)

    def the_ripple(self):
        n, dg = self.n, self.diagram
        self.beat(_("The change ripples forward"), FadeOut(self.top))
        note = coloured(_("under each node now: how much it changed (two forward passes)"), 24, "muted")
        actual = self.line(n.actual_latex, "E")
        block = self.stack(note, actual)
        self.keep("actual", actual)
        self.say(_("The change runs forward: the weighted sum it feeds, that neuron's activation, "
                   "then every later neuron it reaches, the errors, and E."))
        self.play(FadeIn(note), *(FadeOut(v) for v in dg.value_labels.values()), run_time=0.6)
        changed = {}
        for column in self.change_columns():
            tags = dg.set_values(n.changes, column)
            changed.update(zip(column, tags))
            self.play(FadeIn(tags, shift=0.1 * DOWN), run_time=0.5)
        self.keep("changes", changed)
        self.say(_("E moves by {change}.").format(change=show(n.changes["E"])))
        self.play(Write(actual), run_time=1.0)
        self.checkpoint("ripple", *dg.labels(), self.record.shown["title"], *block)
        self.wait(0.8)
        self.leave(FadeOut(block))

    def change_columns(self) -> list[list[str]]:
        """The reached nodes in the order a forward pass fills them."""
        order = [f"{k}{l}" for l in range(1, self.spec.depth + 1) for k in ("z", "a")] + ["e", "E"]
        return [c for c in ([m for m in self.n.changes if m == p or m.startswith(p + "_")] for p in order) if c]

    def multiply_along_each_path(self):
        self.beat(_("Multiply along a path"))
        self.say(_("Each edge scales the change by its rate factor, the local derivative."))
        lines, self.lights = [], []
        paths = self.d.gradient(self.n.parameter).paths
        for i, (path, shown) in enumerate(zip(paths, self.n.paths)):
            factors = strip_svg_paths(MathTex(*(f.partial_latex for f in reversed(shown.factors)),
                                              font_size=EQ_SIZE, color=color_of("text")))
            numbers = strip_svg_paths(MathTex("=", shown.numbers_latex, font_size=EQ_SIZE, color=color_of("text")))
            numbers[1].set_color(color_of("grad"))
            lines.append(VGroup(factors, numbers).arrange(DOWN, aligned_edge=LEFT, buff=0.15))
        block = self.stack(*lines)
        self.keep("path_lines", block)
        for i, (path, line) in enumerate(zip(paths, lines)):
            if i == 1:
                self.say(_("Along one path the factors multiply; the weight reaches E along {n} paths.")
                         .format(n=len(paths)))
            hl = PathHighlight(self.diagram, path, factors=line[0])
            self.lights.append(hl.overlay)
            for step in hl.steps(run_time=0.4):
                self.play(step)
            self.play(FadeIn(line[1]), run_time=0.5)
        self.checkpoint("paths", *self.diagram.labels(), *block)
        self.wait(0.8)
        self.leave(FadeOut(block))

    def add_across_paths(self):
        n = self.n
        self.beat(_("Add across the paths"))
        total = self.line(n.sum_latex, "grad", 40)
        predicted, actual = self.line(n.predicted_latex), self.line(n.actual_latex, "E")
        block = self.stack(total, predicted, actual)
        self.keep("sum", block)
        self.say(_("The paths add: their sum is the rate at which E changes with this weight."))
        self.play(Write(total), run_time=1.2)
        self.say(_("Times the nudge, it predicts the change we measured."))
        self.play(FadeIn(predicted), run_time=0.8)
        self.play(FadeIn(actual), run_time=0.8)
        self.checkpoint("sum", *self.diagram.labels(), *block)
        self.wait(1.0)
        self.leave(FadeOut(block), *(FadeOut(m) for m in self.lights))

    def shrink_the_nudge(self):
        self.beat(_("Shrink the nudge"))
        self.key_result()
        table = self.nudge_table()
        self.say(_("Make the nudge smaller and smaller: the measured ratio closes in on backprop's gradient."))
        self.play(FadeIn(table[0]), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(r) for r in table[1:-1]), lag_ratio=0.5), run_time=2.0)
        self.say(_("Backpropagation computes exactly this limit, for every weight at once."))
        self.play(FadeIn(table[-1]), run_time=0.8)
        self.checkpoint("table", *self.diagram.labels(), *table)
        self.wait(1.0)

    def nudge_table(self) -> VGroup:
        """Header, one row per nudge, and the gradient the ratios approach: columns line up."""
        n = self.n
        head = [MathTex(h, font_size=30, color=color_of(k)) for h, k in
                zip(n.table_head_latex, ("w", "E", "text", "muted"))]
        rows = [[MathTex(c, font_size=30, color=color_of(k)) for c, k in zip(r.cells, ("w", "E", "text", "muted"))]
                for r in n.rows]
        table = VGroup(*(VGroup(*cells) for cells in [head, *rows]))
        width = EQUATIONS.width / 4
        for r, row in enumerate(table):
            for i, cell in enumerate(row):
                fit_into(cell, width - 0.25, 0.8)
                cell.move_to([EQUATIONS.left + (i + 0.5) * width, EQUATIONS.top - 0.3 - (r and 0.15 + r * 0.46), 0])
        gradient = self.line(n.gradient_latex, "grad", 30)
        gradient.next_to(table, DOWN, buff=0.15)
        self.keep("table", table)
        self.keep("gradient", gradient)
        return VGroup(*table, gradient)


class ParameterUpdate(GraphLectureScene):
    """Use the checked gradients: W <- W - η (∂E/∂W + λW), b <- b - η ∂E/∂b, and why the learning rate is small."""

    TITLE = N_("Parameter update")

    def construct(self):
        self.u = network_update(network_spec())
        self.the_update_rule()
        self.one_step_on_the_network()
        self.the_step_size()

    def the_update_rule(self):
        self.beat(_("The update rule"))
        u = self.u
        penalty = self.panel(u.penalty_latex, top=2.6, height=2.3, font_size=40, left=-5.8, width=11.6)
        rule = self.panel(u.rule_latex, top=-0.35, height=2.4, font_size=44, left=-5.8, width=11.6,
                          color=color_of("grad"))
        note = Text(_("the penalty is on the weights only: biases are not regularised"), font_size=26,
                    color=color_of("muted"))
        fit_into(note, USABLE_WIDTH, 0.5)
        note.move_to(DOWN * (SAFE_HALF_HEIGHT - 0.1 - note.height / 2))
        self.keep("rule", VGroup(penalty, rule))
        self.opening(_("Backprop gives every gradient; one step of gradient descent uses them."), FadeIn(penalty))
        self.say(_("The penalty lambda over two times w squared keeps the weights small; its derivative adds "
                   "lambda w."))
        self.say(_("So each weight steps against its gradient plus lambda w, with learning rate eta."))
        self.play(FadeIn(rule), FadeIn(note), run_time=1.2)
        self.wait(1.5)
        self.leave(FadeOut(penalty), FadeOut(rule), FadeOut(note))

    def one_step_on_the_network(self):
        u, depth = self.u, len(self.u.table.example.weights)
        self.beat(_("One step on the network"), run_time=0.8)
        lines = [u.rates_latex] + [u.weight_latex(l) for l in range(depth, 0, -1)]
        lines += [u.bias_latex(l) for l in range(depth, 0, -1)]
        numbers = self.panel(lines, top=2.6, height=6.1, font_size=34, left=-6.4, width=USABLE_WIDTH,
                             tight=True)
        self.keep("numbers", numbers)
        self.say(_("On our network, with the {n} gradients we checked.").format(n=len(u.table.rows)))
        self.play(FadeIn(numbers[0]), LaggedStart(*(FadeIn(n) for n in numbers[1:depth + 1]), lag_ratio=0.6),
                  run_time=2.5)
        self.say(_("The biases take the same step, without the penalty."))
        self.play(LaggedStart(*(FadeIn(n) for n in numbers[depth + 1:]), lag_ratio=0.6), run_time=1.5)
        self.wait(2)
        self.leave(FadeOut(numbers))

    def the_step_size(self):
        self.beat(_("The step size"), run_time=1.0)
        demo = step_size_demo()
        self.say(_("The learning rate is small: a big step jumps across the minimum."))
        plots = VGroup(*[self.descent_plot(demo.curve, label, steps) for label, steps in demo.runs])
        plots.arrange(RIGHT, buff=1.0).move_to(DOWN * 0.2)
        fit_into(plots, 12.5, 4.8)
        self.keep("plots", plots)
        self.play(*[FadeIn(VGroup(p[0], p[1], p[3])) for p in plots])
        self.play(*[LaggedStart(*[FadeIn(d, scale=1.5) for d in p[2]], lag_ratio=0.5) for p in plots], run_time=3)
        note = wrapped(_("The learning rate η is usually small, e.g. 0.0001 (Mr. Kuohao on zhihu)"), USABLE_WIDTH,
                       color=color_of("muted"))
        note.move_to(DOWN * (SAFE_HALF_HEIGHT - 0.1 - note.height / 2))
        self.play(FadeIn(note))
        self.wait(2)

    def descent_plot(self, curve, label_latex, steps) -> VGroup:
        """The loss curve with one rate's iterates on it: axes, curve, steps, label."""
        axes = Axes(x_range=[-1.3, 1.3, 0.5], y_range=[0, 1.5, 0.5], x_length=5.2, y_length=3.2,
                    axis_config={"color": color_of("muted"), "include_ticks": False, "tip_length": 0.15,
                                 "tip_width": 0.15})
        line = axes.plot_line_graph([float(w) for w, _v in curve], [float(v) for _w, v in curve],
                                    add_vertex_dots=False, line_color=color_of("E"), stroke_width=3)
        points = [axes.c2p(float(w), float(v)) for w, v in steps]
        dots = VGroup(*[Dot(p, radius=0.07, color=color_of("grad")) for p in points])
        dots.add(*[Line(p, q, color=color_of("grad"), stroke_width=2) for p, q in zip(points, points[1:])])
        label = MathTex(label_latex, font_size=36, color=color_of("text"))
        label.next_to(axes, UP, buff=0.1)
        return VGroup(axes, line, dots, label)


class BackpropAlgorithm(LectureScene):
    """Nielsen's algorithm box, then one mini-batch: every example's δ summed, averaged, one step; as matrices."""

    TITLE = N_("The backpropagation algorithm")
    title_style = NetworkScene.title_style

    def construct(self):
        self.batch = first_batch()
        self.the_algorithm()
        self.a_mini_batch()
        self.the_batch_as_matrices()
        self.the_first_batch()
        self.one_step()

    def column(self, lines, top: float = 2.9, bottom: float = -3.6, size: float = 38, kind: str = "text",
               buff: float = 0.35) -> VGroup:
        """Core formulas stacked left-aligned from ``top``, shrunk to fit above ``bottom``."""
        group = VGroup(*(strip_svg_paths(MathTex(t, font_size=size, color=color_of(kind))) for t in lines))
        group.arrange(DOWN, aligned_edge=LEFT, buff=buff)
        fit_into(group, USABLE_WIDTH, top - bottom)
        return group.move_to([-USABLE_WIDTH / 2, top, 0], aligned_edge=UL)

    def the_algorithm(self):
        self.beat(_("The algorithm"))
        self.heading = self.show_title(_(self.TITLE))
        rows = VGroup(*(self.step_row(i, words, formulas) for i, (words, formulas) in enumerate(algorithm_steps(), 1)))
        labels = [r[0] for r in rows]
        factor = min(1.0, USABLE_WIDTH / max(m.width for m in labels))      # one size for every step's words
        for row in rows:
            row[0].scale(factor).move_to([-USABLE_WIDTH / 2, row[0].get_y(), 0], aligned_edge=LEFT)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        fit_into(rows, USABLE_WIDTH, 6.5).move_to([-USABLE_WIDTH / 2, 2.95, 0], aligned_edge=UL)
        self.keep("steps", rows)
        self.say(_("Here is the whole algorithm in five steps, for one training example."))
        self.play(FadeIn(rows[0]), FadeIn(rows[1]), run_time=1.0)
        self.say(_("Feed forward, compute the output error, send it back layer by layer."))
        self.play(FadeIn(rows[2]), FadeIn(rows[3]), run_time=1.0)
        self.say(_("Then every gradient is a delta times an activation."))
        self.play(FadeIn(rows[4]), run_time=0.8)
        self.checkpoint("algorithm", self.heading, *(m for r in rows for m in r))
        self.wait(1.0)
        self.leave(FadeOut(rows))

    @staticmethod
    def step_row(i: int, words: str, formulas: list) -> VGroup:
        """One step of the box: its number and words, its formulas indented under them."""
        kind = "delta" if i in (3, 4) else "grad" if i == 5 else "text"
        maths = VGroup(*(strip_svg_paths(MathTex(f, font_size=36, color=color_of(kind))) for f in formulas))
        fit_into(maths.arrange(RIGHT, buff=0.8), USABLE_WIDTH - 0.6, 0.85)
        label = coloured(f"{i}. " + _(words), 28)
        maths.next_to(label, DOWN, buff=0.1).align_to(label, LEFT).shift(0.6 * RIGHT)
        return VGroup(label, maths)

    def a_mini_batch(self):
        self.beat(_("A mini-batch"))
        note = coloured(_("m examples, each with its own δ: sum, average, one step of size η"), 28)
        fit_into(note, USABLE_WIDTH, 0.8).move_to([-USABLE_WIDTH / 2, 2.7, 0], aligned_edge=LEFT)
        rule = self.column(mini_batch_latex(), top=1.85, bottom=-1.35, size=46, kind="grad", buff=0.9)
        self.keep("mini_batch", rule)
        self.say(_("Training takes a mini-batch of m examples; each gets its own delta."))
        self.play(FadeIn(note), run_time=0.8)
        self.say(_("Sum their gradients, divide by m, and take one step of size eta."))
        self.play(Write(rule), run_time=1.6)
        self.top_block = VGroup(note, rule)
        self.wait(0.8)

    def the_batch_as_matrices(self):
        self.beat(_("The batch as matrices"))
        lines = self.column(matrix_batch_latex(), top=-1.55, bottom=-3.6, size=36)
        self.keep("matrix_form", lines)
        self.say(_("Put the examples side by side as columns: the sum over the batch becomes one matrix product."))
        self.play(LaggedStart(*(FadeIn(m) for m in lines), lag_ratio=0.5), run_time=2.0)
        self.checkpoint("batch", self.heading, *self.top_block, *lines)
        self.wait(1.0)
        self.leave(FadeOut(self.top_block), FadeOut(lines))

    def the_first_batch(self):
        b = self.batch
        self.beat(_("The first mini-batch"))
        lines = self.column([b.batch_latex, b.delta_latex(2), b.delta_latex(1)], size=46, buff=0.6)
        lines[1].set_color(color_of("delta"))
        lines[2].set_color(color_of("delta"))
        self.keep("first_batch", lines)
        self.say(_("In numbers: the first {m} examples of the training run, one column each.").format(m=b.m))
        self.play(FadeIn(lines[0]), run_time=0.8)
        self.say(_("One forward and one backward pass over all columns gives every delta."))
        self.play(FadeIn(lines[1]), run_time=0.8)
        self.play(FadeIn(lines[2]), run_time=0.8)
        self.checkpoint("first batch", self.heading, *lines)
        self.wait(1.0)
        self.leave(FadeOut(lines))

    def one_step(self):
        b = self.batch
        self.beat(_("One step"))
        self.key_result()
        lines = self.column([b.update_latex(2), b.update_latex(1), b.bias_update_latex(2), b.bias_update_latex(1)],
                            size=42, buff=0.45)
        self.keep("step", lines)
        self.say(_("Then one step: each weight matrix moves against its averaged gradient."))
        self.play(FadeIn(lines[0]), FadeIn(lines[1]), run_time=1.0)
        self.say(_("The biases likewise, with delta summed over the batch."))
        self.play(FadeIn(lines[2]), FadeIn(lines[3]), run_time=1.0)
        self.checkpoint("step", self.heading, *lines)
        self.wait(1.0)


class TrainingRun(NetworkScene):
    """The lecture network learns two classes in the plane: its regions, the falling loss, the weights, epoch by epoch."""

    TITLE = N_("Training: the network learns two classes")

    def construct(self):
        self.shots, self.run = snapshots(), two_class_run()
        self.the_data()
        for shot in self.shots:
            self.epoch(shot)

    def the_data(self):
        self.beat(_("Twenty points, two classes"))
        self.show_title(_(self.TITLE))
        self.plane = ClassPlane(two_classes(), PLANE, GRID, PLANE_BOX)
        self.loss = LossPlot([e.loss for e in self.run], LOSS_BOX, _("epoch"), _("mean loss E"))
        self.net = WeightDiagram(derive(SPEC), NET_BOX)
        key = VGroup(self.plane.key(_("class 1"), _("class 2"), _("squares: the network's class there")),
                     self.net.key(_("line width: |w|; solid w > 0, dashed w < 0")))
        self.keep("key", key)
        self.say(_("Twenty points in the plane, ten of each class; the network should tell them apart."))
        self.play(FadeIn(self.plane.points), FadeIn(self.plane.frame), FadeIn(key), run_time=1.0)
        self.say(_("Right: the mean loss over the data, and the network with its weights."))
        self.play(FadeIn(self.loss), FadeIn(self.net), run_time=1.0)
        self.cells = self.status = self.weights = None
        self.shown = {}
        self.wait(0.5)

    def epoch(self, shot):
        self.beat(_("Epoch {n}").format(n=shot.epoch))
        if shot.epoch == self.shots[-1].epoch:
            self.key_result()
        cells, weights = self.plane.cells(shot.cells), self.net.weights(shot.weights)
        status = coloured(_("epoch {n}: mean loss {loss}, {right} of 20 points right").format(
            n=shot.epoch, loss=show(shot.loss), right=round(shot.accuracy * 20)), 24)
        fit_into(status, STATUS_WIDTH, 0.5).move_to(STATUS_AT, aligned_edge=LEFT)
        self.say(self.words_for(shot))
        anims = [FadeIn(cells), FadeIn(weights), FadeIn(status), *self.loss.up_to(shot.epoch)]
        anims += [FadeOut(m) for m in (self.cells, self.weights, self.status) if m is not None]
        self.play(*anims, run_time=1.2)
        self.bring_to_front(self.plane.points)
        self.cells, self.weights, self.status = cells, weights, status
        self.shown[shot.epoch] = (cells, weights, status)
        self.keep("epochs", self.shown)
        self.checkpoint(f"epoch {shot.epoch}", self.record.shown["title"], status, self.plane.frame, self.loss,
                        *self.record.shown["key"])
        self.wait(1.0)

    def words_for(self, shot) -> str:
        """What the lecturer says at each shown epoch."""
        if shot.epoch == 0:
            return _("Before training every spot is class 1: half the points are wrong.")
        if shot.epoch == self.shots[-1].epoch:
            return _("After {n} epochs all twenty are right, and the loss is a small fraction of where it began.").format(
                n=shot.epoch)
        return _("After {n} epochs of mini-batch steps: {right} of 20 right.").format(
            n=shot.epoch, right=round(shot.accuracy * 20))


class Recap(LectureScene):
    """The lecture on one card: chain rule, paths, δ, BP1–BP4, the check and the update."""

    TITLE = N_("Recap: from the chain rule to learning")
    title_style = NetworkScene.title_style

    def construct(self):
        self.beat(_("Six steps"))
        heading = self.show_title(_("Recap: backpropagation in six steps"))
        rows = VGroup(*(self.card_row(i, *step) for i, step in enumerate(recap_steps(), 1)))
        factor = min(1.0, 6.0 / max(r[1].width for r in rows))      # one size for every step's words
        for r in rows:
            r[1].scale(factor).next_to(r[0], DOWN, buff=0.08).align_to(r[0], LEFT)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        fit_into(rows, USABLE_WIDTH, 6.55).move_to([-USABLE_WIDTH / 2, 2.98, 0], aligned_edge=UL)
        self.keep("card", rows)
        self.say(_("The whole lecture in six steps."))
        self.play(LaggedStart(*(FadeIn(VGroup(r[0], r[2])) for r in rows), lag_ratio=0.3), run_time=1.5)
        self.wait(0.5)
        self.beat(_("The lecture on one card"))
        self.key_result()
        self.say(_("The chain rule multiplies along a path, and the paths add."))
        self.play(LaggedStart(*(FadeIn(r[1]) for r in rows[:2]), lag_ratio=0.5), run_time=1.2)
        self.say(_("Delta names what the paths share, and BP1 to BP4 compute it backwards."))
        self.play(LaggedStart(*(FadeIn(r[1]) for r in rows[2:4]), lag_ratio=0.5), run_time=1.2)
        self.say(_("We checked it numerically, and used it to learn."))
        self.play(LaggedStart(*(FadeIn(r[1]) for r in rows[4:]), lag_ratio=0.5), run_time=1.2)
        self.checkpoint("card", heading, *(m for r in rows for m in r))
        self.wait(1.0)

    @staticmethod
    def card_row(i: int, name: str, words: str, formula: str) -> VGroup:
        """One step: its name over what it says on the left, its formula on the right."""
        head = coloured(f"{i}. " + _(name), 28, "grad")
        said = coloured(_(words), 26).next_to(head, DOWN, buff=0.08).align_to(head, LEFT)
        maths = strip_svg_paths(MathTex(formula, font_size=34, color=color_of("text")))
        fit_into(maths, 6.2, 0.95)
        words_col = VGroup(head, said).move_to([-USABLE_WIDTH / 2, 0, 0], aligned_edge=LEFT)
        maths.move_to([0.2, words_col.get_y(), 0], aligned_edge=LEFT)
        return VGroup(head, said, maths)
