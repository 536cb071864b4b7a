"""The gradient check's screens: the difference formulas, the table of gradients in pages, the cost bars.

Nielsen, *Neural Networks and Deep Learning* ch. 2, eq. (46) and "in what sense is backpropagation
a fast algorithm?". The numbers are one :class:`~backprop_core.network.check.GradientTable`
(the same table ``backprop check`` and the handout read), the formulas the core's
:class:`~backprop_core.network.numeric.DifferenceRule` records, the pass counts
``backprop_core.network.cost``; this module only lays them out, each screen on its own so that
tests can check it without a scene.

Example::

    table = gradient_table(Example.lecture(spec))
    sub, pages, summary = table_screens(spec, table, title_text(_("Is the derivation right?")))
    self.play(FadeIn(sub), FadeIn(pages[0]), FadeIn(summary))
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Line, MathTex, Rectangle, VGroup

from backprop_core.i18n import _
from backprop_core.network.cost import cost_for_parameters, gradient_cost
from backprop_core.network.numeric import CENTRAL, ONE_SIDED, RICHARDSON

from ..lang import Text, mono_font
from ..mobjects.layout import USABLE_WIDTH, fit_into
from ..theme import color_of

ROWS_PER_PAGE = 9
MAX_PAGES = 3               # bigger networks: the first pages, then a summary line


def paginate(rows: list, per_page: int = ROWS_PER_PAGE, max_pages: int = MAX_PAGES) -> tuple[list[list], int]:
    """Balanced pages of at most ``per_page`` rows; returns (shown pages, rows left unshown)."""
    pages_needed = max(1, math.ceil(len(rows) / per_page))
    size = math.ceil(len(rows) / pages_needed)
    pages = [rows[i:i + size] for i in range(0, len(rows), size)]
    shown = pages[:max_pages]
    return shown, len(rows) - sum(len(p) for p in shown)


def number(x: float) -> str:
    """A gradient in a table cell: 7 decimals, or 4 significant digits when tiny."""
    return f"{x:+.7f}" if abs(x) >= 1e-4 or x == 0 else f"{x:+.3e}"


def error_text(x: float) -> str:
    """An error in a table cell: its order of magnitude is what matters."""
    return "0" if x == 0 else f"{x:.1e}"


def mono(text: str, kind: str = "text", size: float = 22, width: float = USABLE_WIDTH) -> Text:
    """Monospaced text in a theme colour, so that digits line up in columns; a line wider than
    ``width`` (a longer translation) breaks between words into lines of about equal length, so it
    keeps its size (it shrinks only when a single word is too wide)."""
    line = Text(text, font=mono_font(), font_size=size, color=color_of(kind), max_width=None)
    words = text.split(" ")
    if line.width <= width or len(words) < 2:
        return fit_into(line, width)
    lines = balanced_lines(words, min(len(words), math.ceil(line.width / width)))
    wrapped = Text("\n".join(lines), font=mono_font(), font_size=size, color=color_of(kind),
                   max_width=None, line_spacing=0.8)
    return fit_into(wrapped, width)


def balanced_lines(words: list[str], count: int) -> list[str]:
    """``words`` in ``count`` lines whose longest is as short as it can be (monospaced: characters).

    >>> balanced_lines("ours, Richardson (h, h/2): 4P".split(" "), 2)
    ['ours, Richardson', '(h, h/2): 4P']
    """
    @lru_cache(maxsize=None)
    def best(start: int, left: int) -> tuple[int, tuple[str, ...]]:
        if left == 1:
            last = " ".join(words[start:])
            return len(last), (last,)
        options = []
        for end in range(start + 1, len(words) - left + 2):
            head = " ".join(words[start:end])
            longest, rest = best(end, left - 1)
            options.append((max(len(head), longest), (head, *rest)))
        return min(options)
    return list(best(0, count)[1])


def network_name(spec) -> str:
    return f"{'-'.join(map(str, spec.layers))} {spec.activation} {spec.loss}"


class TablePage(VGroup):
    """A header and rows of the check table at fixed column centres (so columns line up).

    Example::

        page = TablePage(table.rows[:9], with_torch=table.with_torch)
        self.play(FadeIn(page.header), FadeIn(page.rule), FadeIn(page.rows))
    """

    def __init__(self, rows: list, with_torch: bool, top: float = 2.2, row_h: float = 0.5):
        super().__init__()
        heads = [(_("parameter"), "text"), (_("backprop"), "grad"), (_("finite diff."), "text")]
        heads += [(_("torch"), "muted")] if with_torch else []
        heads += [("|error|", "muted")]
        xs = np.linspace(-4.95, 4.95, len(heads))      # the rule and the names end inside the safe area
        self.header = VGroup(*[mono(h, k, 22).move_to([x, top, 0]).align_to([0, top + 0.12, 0], UP)
                               for (h, k), x in zip(heads, xs)])
        width = xs[-1] - xs[0] + 2.6
        self.rule = Line([xs[0] - 1.3, top - 0.25, 0], [xs[0] - 1.3 + width, top - 0.25, 0],
                         color=color_of("muted"), stroke_width=2)
        self.rows = VGroup(*[self._row(r, with_torch, xs, top - 0.55 - i * row_h, row_h) for i, r in enumerate(rows)])
        self.add(self.header, self.rule, self.rows)

    @staticmethod
    def _row(r, with_torch: bool, xs, y: float, row_h: float) -> VGroup:
        name = MathTex(r.latex, color=color_of(r.kind)).scale(0.7)
        if name.height > 0.9 * row_h:
            name.scale_to_fit_height(0.9 * row_h)
        cells = [name, mono(number(r.symbolic), "grad", 20), mono(number(r.finite_difference), "text", 20)]
        if with_torch:
            cells.append(mono("—" if r.torch is None else number(r.torch), "muted", 20))
        cells.append(mono(error_text(r.error), "muted", 20))
        return VGroup(*[c.move_to([x, y, 0]) for c, x in zip(cells, xs)])


def formulas() -> VGroup:
    """Eq. (46) and what the core really computes (central differences + Richardson), with a note;
    centred under the title: the slide a lecturer holds while explaining the check."""
    eq46 = MathTex(ONE_SIDED.latex, rf"\qquad ({ONE_SIDED.number})", color=color_of("text"))
    ours = MathTex(CENTRAL.latex + r", \quad " + RICHARDSON.latex, color=color_of("text")).scale(0.9)
    note = mono(_("we use central differences at h and h/2 (Richardson): error ~ h⁴"), "muted", 22)
    return VGroup(eq46, ours, note).arrange(DOWN, buff=0.75).move_to([0, -0.45, 0])


def table_screens(spec, table, title) -> tuple[Text, list[TablePage], Text]:
    """(sub-heading under ``title``, one TablePage per shown page, summary line) of a GradientTable."""
    rows = list(table.rows)
    sub = mono(_("{network}, the lecture's example, all {n} parameters").format(
        network=network_name(spec), n=len(rows)), "muted", 22)
    sub.next_to(title, DOWN, buff=0.15)
    pages, hidden = paginate(rows)
    worst = max(r.error for r in rows)
    rel = max(r.error / max(abs(r.symbolic), abs(r.finite_difference), 1e-4) for r in rows)
    text = _("largest |error| {worst}, relative {rel}").format(worst=f"{worst:.1e}", rel=f"{rel:.1e}")
    if hidden:
        text = _("… {n} more not shown;  {rest}").format(n=hidden, rest=text)
    summary = mono(text, "grad", 24).to_edge(DOWN, buff=0.4)
    # the table starts under the sub-heading (two lines in a longer translation); short pages get
    # taller rows, so every page fills the space down to the summary line
    top = min(2.2, sub.get_bottom()[1] - 0.3)
    row_h = min(0.75, (top + 2.3) / max(len(p) for p in pages))
    return sub, [TablePage(p, table.with_torch, top=top, row_h=row_h) for p in pages], summary


LABEL_WIDTH = 6.2        # a bar's label ends left of the bars, which start at x = 0
LABEL_LEFT = -6.35       # just inside the safe area (layout.SAFE_HALF_WIDTH)


def cost_bars(spec) -> VGroup:
    """Horizontal bars: forward passes per method for this network, backprop last."""
    c = gradient_cost(spec)
    items = [(_("eq. (46), one-sided: P + 1"), c.one_sided, "muted"),
             (_("central differences: 2P"), c.central, "muted"),
             (_("ours, Richardson (h, h/2): 4P"), c.richardson, "text"),
             (_("backprop: 1 forward + 1 backward"), c.backprop_passes, "grad")]
    counts = [mono(_("{n} passes").format(n=value), kind, 22) for _label, value, kind in items]
    # the longest bar and its count end at the safe area's right edge
    longest, max_w = max(item[1] for item in items), min(4.3, -LABEL_LEFT - 0.2 - max(c.width for c in counts))
    group = VGroup()
    for i, ((label, value, kind), count) in enumerate(zip(items, counts)):
        y = 1.05 - i * 0.85
        text = mono(label, kind, 22, width=LABEL_WIDTH).move_to([LABEL_LEFT, y, 0], aligned_edge=LEFT)
        bar = Rectangle(width=max(0.06, max_w * value / longest), height=0.42, stroke_width=0,
                        fill_color=color_of(kind), fill_opacity=0.85)    # each bar in its label's colour
        bar.move_to([0.0, y, 0], aligned_edge=LEFT)
        count.next_to(bar, RIGHT, buff=0.2)
        group.add(VGroup(text, bar, count))
    return group


def cost_screen(spec, title) -> VGroup:
    """P under ``title``, the bars and Nielsen's million-weight comparison."""
    c = gradient_cost(spec)
    params = mono(_("{network}: P = {n} parameters").format(network=network_name(spec), n=c.parameters), "muted", 22)
    params.next_to(title, DOWN, buff=0.3)
    bars = cost_bars(spec)
    big = cost_for_parameters(1_000_000)
    million = mono(_("a million weights: {n} forward passes by eq. (46) ({ours} ours)").format(
        n=f"{big.one_sided:,}", ours=f"{big.richardson:,}"), "text", 22)
    million2 = mono(_("backprop: still {f} forward + {b} backward").format(f=big.backprop_forward, b=big.backprop_backward),
                    "grad", 24)
    VGroup(million, million2).arrange(DOWN, buff=0.25).to_edge(DOWN, buff=0.5)
    return VGroup(params, bars, million, million2)
