"""Work against network size on a log scale: how WhyDeltaSavesWork plots the core's counts.

Multiplication counts span many decades (a sum over paths grows exponentially with depth),
so the y axis is logarithmic with a label per decade, and both plots share one top decade
(:func:`decades_above`) so their curves compare by eye. The x axis has its own tick names, so
evenly spaced points can stand for widths 2, 4, ..., 64.

Example::

    axes, plot = log_plot([2, 3, 4], ["2", "3", "4"], decades_above([10, 900]), _("depth"))
    self.play(FadeIn(plot), FadeIn(work_curve(axes, [2, 3, 4], [10, 90, 900], "E")))
"""
from __future__ import annotations

from manim import DOWN, Axes, VGroup
from manim.mobject.graphing.scale import LogBase

from ..theme import color_of
from .network import coloured


def decades_above(values) -> int:
    """The smallest power of ten (at least 1) not below the largest value: the plots' top.

    >>> decades_above([3, 99]), decades_above([100]), decades_above([2])
    (2, 2, 1)
    """
    top = 1
    while 10 ** top < max(values):
        top += 1
    return top


def log_plot(xs, tick_names, top: int, x_label: str) -> tuple[Axes, VGroup]:
    """Axes from ``xs[0]`` to ``xs[-1]`` and 1 to 10^top (log scale), a tick name under every x,
    the label under them; returns the axes (to plot on) and the whole plot (to place)."""
    axes = Axes(x_range=[xs[0], xs[-1], 1], y_range=[0, top, 2],
                x_length=5.0, y_length=4.0, tips=False,
                axis_config={"color": color_of("muted"), "include_numbers": False},
                y_axis_config={"scaling": LogBase(custom_labels=True), "include_numbers": True,
                               "font_size": 30})
    label = coloured(x_label, 24, "muted").next_to(axes.x_axis, DOWN, buff=0.25)
    ticks = VGroup(*(coloured(name, 24, "muted").next_to(axes.c2p(x, 1), DOWN, buff=0.1)
                     for x, name in zip(xs, tick_names)))
    label.next_to(ticks, DOWN, buff=0.15)
    return axes, VGroup(axes, ticks, label)


def work_curve(axes: Axes, xs, ys, kind: str):
    """The counts ``ys`` at ``xs`` as a line through dots, in the colour of ``kind``."""
    return axes.plot_line_graph(xs, ys, line_color=color_of(kind), vertex_dot_radius=0.05,
                                vertex_dot_style={"fill_color": color_of(kind)})
