"""Gradient check: the derived gradients against finite differences, and why backprop is fast.

Nielsen, *Neural Networks and Deep Learning* ch. 2, eq. (46) and "in what sense is backpropagation a
fast algorithm?" (../shared/seeds/004): numbers from the core (``backprop_core.network.numeric``)
for a seeded example, the errors between them, and the pass counts of ``backprop_core.network.cost``.

    BACKPROP_LAYERS=3,2,2,2 BACKPROP_ACTIVATION=relu BACKPROP_LOSS=softmax_ce \\
        manim render -ql scenes/gradient_check.py GradientCheck
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, GrowFromEdge, LaggedStart, Line, MathTex,
                   Rectangle, VGroup, Write)

from backprop_anim.config import network_spec
from backprop_anim.lang import Text, mono_font
from backprop_anim.lecture_scene import LectureScene
from backprop_anim.theme import color_of
from backprop_core import Example, derive, evaluate
from backprop_core.i18n import N_, _
from backprop_core.network.cost import cost_for_parameters, gradient_cost
from backprop_core.network.numeric import finite_differences, torch_gradients

KIND = "network"     # the settings its scenes read (backprop_core.scene_source)

SEED = 0
ROWS_PER_PAGE = 9
MAX_PAGES = 3               # bigger networks: the first pages, then a summary line


@dataclass(frozen=True)
class CheckRow:
    """One parameter: its gradient from backprop (the derivation), finite differences, torch."""

    name: str
    latex: str
    kind: str                 # "w" or "b"
    backprop: float
    finite_difference: float
    torch: float | None

    @property
    def error(self) -> float:
        """|backprop - finite difference|, the check's error."""
        return abs(self.backprop - self.finite_difference)


def check_rows(spec, seed: int = SEED, use_torch: bool = True) -> list[CheckRow]:
    """Every parameter of the seeded example, in the derivation's order (weights, then biases)."""
    d = derive(spec)
    example = Example.random(spec, seed)
    ev = evaluate(d, example)
    fw, fb = finite_differences(example)
    torch = torch_gradients(example) if use_torch else None
    rows = []
    for g in d.gradients.values():
        p = g.parameter
        layer, idx = p.layer - 1, tuple(i - 1 for i in p.index)
        fd = (fw if p.kind == "w" else fb)[layer][idx]
        tv = None if torch is None else float((torch[0] if p.kind == "w" else torch[1])[layer][idx])
        rows.append(CheckRow(g.name, p.latex, p.kind, ev.gradients[g.name], float(fd), tv))
    return rows


def paginate(rows: list, per_page: int = ROWS_PER_PAGE, max_pages: int = MAX_PAGES) -> tuple[list[list], int]:
    """Balanced pages of at most ``per_page`` rows; returns (shown pages, rows left unshown)."""
    pages_needed = max(1, math.ceil(len(rows) / per_page))
    size = math.ceil(len(rows) / pages_needed)
    pages = [rows[i:i + size] for i in range(0, len(rows), size)]
    shown = pages[:max_pages]
    return shown, len(rows) - sum(len(p) for p in shown)


def number(x: float) -> str:
    return f"{x:+.7f}" if abs(x) >= 1e-4 or x == 0 else f"{x:+.3e}"


def error_text(x: float) -> str:
    return "0" if x == 0 else f"{x:.1e}"


def mono(text: str, kind: str = "text", size: float = 22) -> Text:
    return Text(text, font=mono_font(), font_size=size, color=color_of(kind))


class TablePage(VGroup):
    """A header and rows of the check table at fixed column centres (so columns line up)."""

    def __init__(self, rows: list[CheckRow], with_torch: bool, top: float = 2.2, row_h: float = 0.5):
        super().__init__()
        heads = [(_("parameter"), "text"), (_("backprop"), "grad"), (_("finite diff."), "text")]
        heads += [(_("torch"), "muted")] if with_torch else []
        heads += [("|error|", "muted")]
        xs = np.linspace(-5.6, 5.6, len(heads)) if with_torch else np.linspace(-5.0, 5.0, len(heads))
        self.header = VGroup(*[mono(h, k, 22).move_to([x, top, 0]).align_to([0, top + 0.12, 0], UP)
                               for (h, k), x in zip(heads, xs)])
        width = xs[-1] - xs[0] + 2.6
        self.rule = Line([xs[0] - 1.3, top - 0.25, 0], [xs[0] - 1.3 + width, top - 0.25, 0],
                         color=color_of("muted"), stroke_width=2)
        self.rows = VGroup()
        for i, r in enumerate(rows):
            y = top - 0.55 - i * row_h
            name = MathTex(r.latex, color=color_of(r.kind)).scale(0.7)
            if name.height > 0.9 * row_h:
                name.scale_to_fit_height(0.9 * row_h)
            cells = [name,
                     mono(number(r.backprop), "grad", 20), mono(number(r.finite_difference), "text", 20)]
            if with_torch:
                cells.append(mono("—" if r.torch is None else number(r.torch), "muted", 20))
            cells.append(mono(error_text(r.error), "muted", 20))
            self.rows.add(VGroup(*[c.move_to([x, y, 0]) for c, x in zip(cells, xs)]))
        self.add(self.header, self.rule, self.rows)


def cost_bars(spec) -> VGroup:
    """Horizontal bars: forward passes per method for this network, backprop last."""
    c = gradient_cost(spec)
    items = [(_("eq. (46), one-sided: P + 1"), c.one_sided, "muted"),
             (_("central differences: 2P"), c.central, "muted"),
             (_("ours, Richardson (h, h/2): 4P"), c.richardson, "text"),
             (_("backprop: 1 forward + 1 backward"), c.backprop_passes, "grad")]
    longest, max_w = max(item[1] for item in items), 4.3
    group = VGroup()
    for i, (label, value, kind) in enumerate(items):
        y = 1.05 - i * 0.85
        text = mono(label, kind, 22).move_to([-6.6, y, 0], aligned_edge=LEFT)
        bar = Rectangle(width=max(0.06, max_w * value / longest), height=0.42, stroke_width=0,
                        fill_color=color_of("grad" if kind == "grad" else "w"), fill_opacity=0.85)
        bar.move_to([0.0, y, 0], aligned_edge=LEFT)
        count = mono(_("{n} passes").format(n=value), kind, 22).next_to(bar, RIGHT, buff=0.2)
        group.add(VGroup(text, bar, count))
    return group


def heading(text: str) -> Text:
    return Text(text, font_size=36, color=color_of("text")).to_edge(UP, buff=0.3)


def network_name(spec) -> str:
    return f"{'-'.join(map(str, spec.layers))} {spec.activation} {spec.loss}"


def formulas_screen() -> VGroup:
    """Eq. (46) and what the core really computes (central differences + Richardson)."""
    title = heading(_("Is the derivation right?"))
    eq46 = MathTex(r"\frac{\partial E}{\partial w_j} \approx \frac{E(w + \epsilon e_j) - E(w)}{\epsilon}",
                   r"\qquad (46)", color=color_of("text"))
    ours = MathTex(r"D(h) = \frac{E(w + h e_j) - E(w - h e_j)}{2h}, \quad "
                   r"\frac{\partial E}{\partial w_j} \approx \frac{4\,D(h/2) - D(h)}{3}",
                   color=color_of("text")).scale(0.9)
    note = mono(_("we use central differences at h and h/2 (Richardson): error ~ h⁴"), "muted", 22)
    # centred under the title: the slide a lecturer holds while explaining the check
    VGroup(eq46, ours, note).arrange(DOWN, buff=0.75).move_to([0, -0.45, 0])
    return VGroup(title, eq46, ours, note)


def table_screens(spec, rows: list[CheckRow]) -> tuple[VGroup, list[TablePage], Text]:
    """(sub-heading, one TablePage per shown page, summary line) under the same heading."""
    with_torch = rows[0].torch is not None
    sub = mono(_("{network}, one reproducible random example, all {n} parameters").format(
        network=network_name(spec), n=len(rows)), "muted", 22)
    sub.next_to(heading(_("Is the derivation right?")), DOWN, buff=0.15)
    pages, hidden = paginate(rows)
    worst = max(r.error for r in rows)
    rel = max(r.error / max(abs(r.backprop), abs(r.finite_difference), 1e-4) for r in rows)
    text = _("largest |error| {worst}, relative {rel}").format(worst=f"{worst:.1e}", rel=f"{rel:.1e}")
    if hidden:
        text = _("… {n} more not shown;  {rest}").format(n=hidden, rest=text)
    summary = mono(text, "grad", 24).to_edge(DOWN, buff=0.4)
    # short pages get taller rows, so every page fills the space down to the summary line
    row_h = min(0.75, 4.5 / max(len(p) for p in pages))
    return sub, [TablePage(p, with_torch, row_h=row_h) for p in pages], summary


def cost_screen(spec) -> VGroup:
    """Heading, P, the bars and Nielsen's million-weight comparison."""
    c = gradient_cost(spec)
    title = heading(_("Why backprop is fast"))
    params = mono(_("{network}: P = {n} parameters").format(network=network_name(spec), n=c.parameters), "muted", 22)
    params.next_to(title, DOWN, buff=0.3)
    bars = cost_bars(spec)
    big = cost_for_parameters(1_000_000)
    million = mono(_("a million weights: {n} forward passes by eq. (46) ({ours} ours)").format(
        n=f"{big.one_sided:,}", ours=f"{big.richardson:,}"), "text", 22)
    million2 = mono(_("backprop: still {f} forward + {b} backward").format(f=big.backprop_forward, b=big.backprop_backward),
                    "grad", 24)
    VGroup(million, million2).arrange(DOWN, buff=0.25).to_edge(DOWN, buff=0.5)
    return VGroup(title, params, bars, million, million2)


class GradientCheck(LectureScene):
    """Gradient check: backprop's gradients next to finite differences (eq. 46), and why backprop is fast."""

    TITLE = N_("Is the derivation right?")

    def construct(self):
        spec = network_spec()
        rows = check_rows(spec)
        with_torch = rows[0].torch is not None

        self.next_section(_("Finite differences"))
        title, eq46, ours, note = formulas_screen()
        self.narrate(_("Check the derived gradients against the definition of a derivative: "
                       "nudge one parameter, watch the error."), duration=3)
        self.play(FadeIn(title), Write(eq46), run_time=2)
        self.narrate(_("We use central differences at two step sizes, combined by Richardson "
                       "extrapolation, so the check is accurate to about 1e-10."), duration=3)
        self.play(Write(ours), FadeIn(note), run_time=2)
        self.wait(1)

        sub, tables, summary = table_screens(spec, rows)
        shown = None
        for page, table in enumerate(tables, 1):
            self.next_section(_("The check, page {page} of {pages}").format(page=page, pages=len(tables))
                              if len(tables) > 1 else _("The check"))
            if shown is None:     # each beat ends on its picture: the last one is cleared here
                self.play(FadeOut(eq46), FadeOut(ours), FadeOut(note), run_time=0.7)
                self.play(FadeIn(sub), run_time=0.5)
                self.narrate(
                    _("Every gradient from backprop next to its finite-difference estimate and torch autograd.")
                    if with_torch else _("Every gradient from backprop next to its finite-difference estimate."),
                    duration=3)
            else:
                self.play(FadeOut(shown), run_time=0.4)
            self.play(FadeIn(table.header), FadeIn(table.rule), run_time=0.4)
            self.play(LaggedStart(*[FadeIn(r, shift=0.1 * RIGHT) for r in table.rows], lag_ratio=0.15),
                      run_time=min(3.0, 0.25 * len(table.rows) + 0.5))
            self.wait(1.2)
            shown = table
        worst = max(r.error for r in rows)
        self.narrate(_("They agree: the largest difference is {worst}, "
                       "rounding and the finite-difference error.").format(worst=f"{worst:.1e}"), duration=3)
        self.play(FadeIn(summary), run_time=0.6)
        self.wait(2)

        self.next_section(_("Why backprop is fast"))
        self.play(FadeOut(shown), FadeOut(summary), FadeOut(sub), FadeOut(title), run_time=0.6)
        c = gradient_cost(spec)
        title2, params, bars, million, million2 = cost_screen(spec)
        self.narrate(_("Finite differences need passes for every one of the {n} "
                       "parameters; the check we ran needs four per parameter.").format(n=c.parameters), duration=4)
        self.play(FadeIn(title2), FadeIn(params), run_time=0.6)
        for group in bars[:3]:
            self.play(FadeIn(group[0]), GrowFromEdge(group[1], LEFT), FadeIn(group[2]), run_time=0.8)
        self.narrate(_("Backprop gets all of them from one forward and one backward pass."), duration=3)
        self.play(FadeIn(bars[3][0]), GrowFromEdge(bars[3][1], LEFT), FadeIn(bars[3][2]), run_time=0.8)
        self.wait(1)

        self.next_section(_("A million weights"))
        self.narrate(_("With a million weights that is a million and one forward passes, "
                       "against one forward and one backward pass."), duration=4)
        self.play(FadeIn(million), run_time=0.8)
        self.play(FadeIn(million2), run_time=0.8)
        self.wait(2.4)
