"""The end of the lecture: local backward rules, nudge one weight, the gradient check, the update,
the algorithm over a mini-batch, the training run and the recap (the scenes LocalBackwardRules ..
Recap, from the same core records: ``expr.local_rules``, ``network.nudge``, ``check``, ``update``,
``algorithm``, ``two_classes``)."""
from __future__ import annotations

from ...expr.local_rules import add_rule, affine_rule, mul_rule, relu_rule, softmax_with_loss, step_size_demo
from ...i18n import N_, _
from ...network.algorithm import algorithm_steps, first_batch, matrix_batch_latex, mini_batch_latex, recap_steps
from ...network.cost import gradient_cost
from ...network.numeric import CENTRAL, ONE_SIDED, RICHARDSON
from ...network.nudge import nudge
from ...network.two_classes import SETTINGS, snapshots, two_classes
from ...network.update import ETA, LAMBDA, NetworkUpdate
from ...number_format import show
from ...quantity import Quantity
from .blocks import Display, Heading, Items, Para, Section, Table, math

TITLES = {"LocalBackwardRules": N_("Local backward rules"),
          "NudgeAWeight": N_("The big picture: nudge one weight"),
          "GradientCheck": N_("Is the derivation right?"),
          "ParameterUpdate": N_("Parameter update"),
          "BackpropAlgorithm": N_("The backpropagation algorithm"),
          "TrainingRun": N_("Training: the network learns two classes"),
          "Recap": N_("Recap: from the chain rule to learning")}


# Nielsen's five steps as printed: the scene's words (plain subtitles), with their symbols as maths
STEP_WORDS = (N_("Input $x$: set the activation $a^{(0)}$ of the input layer"),
              N_("Feedforward: for each layer $l = 1, 2, \\ldots, L$"),
              N_("Output error: at the last layer $L$"),
              N_("Backpropagate the error: for $l = L-1, \\ldots, 1$"),
              N_("Output: the gradient of every weight and bias"))


def _heading(scene: str) -> Heading:
    return Heading(_(TITLES[scene]), scenes=(scene,))


def _gate(rule) -> tuple[str, ...]:
    back = r",\quad ".join(rf"\frac{{\partial E}}{{\partial {k}}} = {v} = {show(rule.grads[k])}"
                           for k, v in rule.backward_latex.items())
    inputs = r",\ ".join(f"{k} = {show(v)}" for k, v in rule.inputs.items())
    return (rf"{rule.forward_latex}:\quad {inputs},\ z = {show(rule.output)},\ "
            rf"\frac{{\partial E}}{{\partial z}} = {show(rule.upstream)}", back)


def rules_section() -> Section:
    relu, sm = relu_rule(), softmax_with_loss()
    return Section(_heading("LocalBackwardRules")).add(
        Para(_("Add node: the upstream gradient flows back unchanged.")), Display(_gate(add_rule())),
        Para(_("Multiply node: upstream times the other input.")), Display(_gate(mul_rule())),
        Para(_("Affine layer: like multiply, but with matrices; shapes tell you where the transpose goes.")),
        Display(tuple(affine_rule().lines_latex)),
        Para(_("ReLU is a gate: the gradient passes where $z > 0$ and stops elsewhere (also at $z = 0$).")),
        Display((relu.rule_latex, relu.table_latex)),
        Para(_("Softmax with cross-entropy: the backward signal is simply $a - y$, the output minus the target.")),
        Display((sm.loss_latex, sm.table_latex)))


def _node(name: str) -> str:
    return Quantity.parse(name).latex


def nudge_section(data) -> Section:
    n = nudge(data.derivation, data.example)
    paths = tuple((str(k), math(r" \to ".join(_node(x) for x in p.nodes if x[0] in "wzE")), math(show(p.product)))
                  for k, p in enumerate(n.paths, 1))
    head = tuple(math(h) for h in n.table_head_latex)
    return Section(_heading("NudgeAWeight")).add(
        Para(_("Change one weight by a little and run the network again: the change ripples forward to $E$.")),
        Display((n.nudge_latex, n.actual_latex)),
        Para(_("Along each path the change is scaled by every local derivative (the rate factors):")),
        Table(("", _("path to $E$ (its neurons' $z$)"), _("product of the rate factors")), paths, "rlr"),
        Para(_("The first path in numbers:")), Display((n.paths[0].numbers_latex,)),
        Para(_("The paths add up to the gradient, and predict the change:")),
        Display((n.sum_latex, n.predicted_latex)),
        Para(_("Smaller nudges: the ratio tends to the gradient from backprop, {g}.").format(g=math(n.gradient_latex))),
        Table(head, tuple(tuple(math(c) for c in r.cells) for r in n.rows), "rrrr"))


def _num(x: float) -> str:
    """A checked value in maths (a true minus sign), ten significant digits."""
    return math(f"{x:.10g}")


def _sci(x: float, digits: int = 1) -> str:
    """A small error as a reader writes it: 4.5 × 10⁻¹⁵, never 4.5e-15."""
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return math(rf"{mantissa} \times 10^{{{int(exponent)}}}") if x else math("0")


def check_section(data) -> Section:
    table, c = data.table, data.check
    head = [_("parameter"), _("symbolic"), _("finite diff."), _("numpy backprop")]
    head += ([_("torch")] if table.with_torch else []) + [_("|error|")]
    rows = tuple((math(r.latex), _num(r.symbolic), _num(r.finite_difference), _num(r.numpy))
                 + ((_num(r.torch),) if table.with_torch else ()) + (_sci(r.error),) for r in table.rows)
    cost = gradient_cost(data.spec)
    summary = [_("symbolic vs finite differences (central, Richardson-extrapolated): max abs error {abs}, "
                 "max rel {rel}").format(abs=_sci(c['max_abs_error'], 2), rel=_sci(c['max_rel_error'], 2)),
               _("symbolic vs numpy backprop (Nielsen's algorithm): max rel {rel}").format(
                   rel=_sci(c['numpy_backprop']['max_rel_error'], 2))]
    if "torch" in c:
        summary.append(_("symbolic vs torch autograd: max rel {rel}").format(rel=_sci(c['torch']['max_rel_error'], 2)))
    summary.append(_("result: all agree") if c["ok"] else _("result: MISMATCH"))
    return Section(_heading("GradientCheck")).add(
        Para(_("Check the derived gradients against the definition of a derivative: nudge one parameter, "
               "watch the error.")),
        Display((ONE_SIDED.latex, CENTRAL.latex, RICHARDSON.latex)),
        Para(_("On the example: loss $E = {loss}$.").format(loss=f"{c['loss']:.10g}")),
        Table(tuple(head), rows, "l" + "r" * (len(head) - 1), small=True),
        Items(tuple(summary)),
        Heading(_("Why backprop is fast"), 2),
        Items((_("$P = {n}$ parameters.").format(n=cost.parameters),
               _("Finite differences, one-sided (Nielsen's eq. (46)): $P + 1 = {n}$ forward passes.").format(n=cost.one_sided),
               _("Central differences: $2P = {n}$ forward passes.").format(n=cost.central),
               _("The check above (central at $h$ and $h/2$, Richardson): $4P = {n}$ forward passes.").format(
                   n=cost.richardson),
               _("Backprop: {f} forward + {b} backward pass for all $P$ gradients.").format(
                   f=cost.backprop_forward, b=cost.backprop_backward))))


def update_section(data) -> Section:
    u = NetworkUpdate(data.table, ETA, LAMBDA)          # the step from the handout's own checked gradients
    depth = data.spec.depth
    demo = step_size_demo()
    steps = tuple((math(label),) + tuple(math(show(w)) for w, _v in run) for label, run in demo.runs)
    return Section(_heading("ParameterUpdate")).add(
        Para(_("Backprop gives every gradient; one step of gradient descent uses them.")),
        Display(tuple(u.penalty_latex)), Display(tuple(u.rule_latex)),
        Para(_("The penalty is on the weights only: biases are not regularised.")),
        Para(_("On our network, with the {n} gradients we checked.").format(n=len(u.table.rows))),
        Display((u.rates_latex,) + tuple(u.weight_latex(l) for l in range(depth, 0, -1))
                + tuple(u.bias_latex(l) for l in range(depth, 0, -1))),
        Para(_("The learning rate is small: a big step jumps across the minimum.")),
        Para(_("Gradient descent on $E = w^2$ from $w = 1$, $w \\leftarrow w - \\eta \\cdot 2w$: $w$ after each step.")),
        Table((_("learning rate"),) + tuple(_("step {k}").format(k=k) for k in range(len(steps[0]) - 1)), steps,
              "l" + "r" * (len(steps[0]) - 1)))


def algorithm_section() -> Section:
    b = first_batch()
    L = len(b.deltas)
    s = Section(_heading("BackpropAlgorithm")).add(
        Para(_("Nielsen's algorithm, for one training example:")))
    steps = algorithm_steps()
    assert len(steps) == len(STEP_WORDS), "a step of algorithm_steps without its printed words"
    for k, (what, (_scene_words, formulas)) in enumerate(zip(STEP_WORDS, steps), 1):
        s.add(Para(f"{k}. " + _(what)), Display(tuple(formulas)))
    return s.add(
        Heading(_("A mini-batch"), 2), Display(tuple(mini_batch_latex())),
        Heading(_("The batch as matrices"), 2), Display(tuple(matrix_batch_latex())),
        Heading(_("The first mini-batch"), 2),
        Para(_("In numbers: the first {m} examples of the training run, one column each.").format(m=b.m)),
        Display((b.batch_latex,) + tuple(b.delta_latex(l) for l in range(L, 0, -1))
                + tuple(b.sum_latex(l) for l in range(L, 0, -1))),
        Heading(_("One step"), 2),
        Display(tuple(b.update_latex(l) for l in range(L, 0, -1)) + tuple(b.bias_update_latex(l) for l in range(L, 0, -1))))


def training_section() -> Section:
    shots = snapshots()
    rows = tuple((str(s.epoch), f"{s.loss:.4f}", f"{100 * s.accuracy:.0f} %") for s in shots)
    return Section(_heading("TrainingRun")).add(
        Para(_("{n} points in the plane, two classes; mini-batches of {m}, $\\eta = {eta}$, {epochs} epochs, "
               "starting from the weights of the step above.").format(n=two_classes().size, m=SETTINGS.batch_size,
                                                              eta=show(SETTINGS.eta), epochs=SETTINGS.epochs)),
        Table((_("epoch"), _("mean loss $E$"), _("points right")), rows, "rrr"))


def recap_section() -> Section:
    rows = tuple((_(name), _(says), math(f)) for name, says, f in recap_steps())
    return Section(_heading("Recap")).add(Table((_("step"), _("what it says"), _("formula")), rows, "lll"))


def sections(data) -> list[Section]:
    return [rules_section(), nudge_section(data), check_section(data), update_section(data), algorithm_section(),
            training_section(), recap_section()]
