"""The core move of the path scenes: trace a gradient's paths on the network, name the repeated
sub-products delta, then give the delta form (the TDS article, fig. 3, 7 and 8).

A :class:`GradientTrace` plays one gradient in steps (``walk``, ``count_other_paths``,
``mark_deltas``, ``name_deltas``, ``show_result``), so a beat reads as what the viewer sees.
Every line comes from the core (``chain_rule_lines``, ``delta_sum_lines``); this module only
places and morphs them.

Example::

    g = scene.d.gradient("w2_1_1")
    trace = GradientTrace(scene, g, delta_layer=2, detailed=True, extra_lines=[scene.gradient_line(g)])
    trace.play()            # the beat ends on the delta form; trace.dimmed are to be restored
"""
from __future__ import annotations

from manim import DOWN, LEFT, UL, UP, Create, FadeIn, FadeOut, LaggedStart, SurroundingRectangle, VGroup

from backprop_core.i18n import _

from ..mobjects.layout import fit_into
from ..mobjects.path_highlight import PathHighlight, chain_rule_lines, delta_sum_lines, delta_terms
from ..theme import color_of
from .network import EQ_FONT, EQUATIONS, coloured
from .morph import fly_into

MAX_FULL_PATHS = 2      # gradients with more paths show one path fully and the rest as a count


COLUMN_GAP = 0.8       # between the two columns of a tall equation block


def equation_block(d, g, delta_layer: int, paths, extra: list):
    """Chain-rule lines, delta-named lines and the extra lines below, all fitted to EQUATIONS;
    extra lines that would make one column too small to read go into a second column on the right."""
    chain, chain_parts = chain_rule_lines(g, font_size=EQ_FONT, paths=paths)
    named, named_parts = delta_sum_lines(g, delta_layer, d, font_size=EQ_FONT)
    for line in extra:                # a long written-out line shrinks alone, not the whole block
        fit_into(line, EQUATIONS.width, EQUATIONS.height)
    split, factor = _columns(chain, named, extra)
    corner = [EQUATIONS.left, EQUATIONS.top, 0]
    for m in (chain, named, *extra):
        m.scale(factor)
    chain.move_to(corner, aligned_edge=UL)
    named.move_to(corner, aligned_edge=UL)
    left, right = _stack(extra[:split], factor), _stack(extra[split:], factor)
    if len(left):
        left.next_to(named, DOWN, buff=0.3 * factor, aligned_edge=LEFT)
    if len(right):
        right.move_to([max(named.get_right()[0], left.get_right()[0] if len(left) else -99) + COLUMN_GAP * factor,
                       EQUATIONS.top, 0], aligned_edge=UL)
    return chain, chain_parts, named, named_parts, VGroup(*extra)


def _stack(lines, factor: float = 1.0) -> VGroup:
    return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.22 * factor) if lines else VGroup()


def _columns(chain, named, extra) -> tuple[int, float]:
    """How many extra lines stay under the delta-named ones (the rest start a right column),
    and the block's scale: the split that keeps the text largest."""
    best = (0, 0.0)
    for split in range(len(extra), -1, -1):
        left, right = _stack(extra[:split]), _stack(extra[split:])
        height = max(named.height + (left.height + 0.3 if split else 0), right.height if len(right) else 0)
        width = max(named.width, left.width if split else 0) + (COLUMN_GAP + right.width if len(right) else 0)
        factor = min(1.0, EQUATIONS.width / max(width, chain.width), EQUATIONS.height / max(height, chain.height))
        if factor > best[1] + 1e-6:
            best = (split, factor)
    return best


class GradientTrace:
    """One gradient on the network: every path (or one, plus a count, when there are many)
    traced edge by edge, the repeated sub-products named delta^{(delta_layer)}, then
    ``extra_lines``. ``narration`` gives up to three sentences: tracing, delta, result (a weight
    traced like the one before it gets a short default: every beat is narrated)."""

    def __init__(self, scene, g, delta_layer: int, detailed: bool, extra_lines: list, narration=()):
        self.scene, self.g, self.layer, self.detailed = scene, g, delta_layer, detailed
        self.extra, self.narration = extra_lines, tuple(narration) or (
            _("The next one: the same walk back from E, factor by factor."), "",
            _("Its gradient comes from the same deltas."))
        self.full = len(g.paths) <= MAX_FULL_PATHS
        self.paths = g.paths if self.full else g.paths[:1]
        (self.chain, self.chain_parts, self.named, self.named_parts,
         self.below) = equation_block(scene.d, g, delta_layer, self.paths, extra_lines)
        self.highlights = [PathHighlight(scene.diagram, p, factors=parts)
                           for p, parts in zip(self.paths, self.chain_parts)]
        self.dimmed = scene.dim_off_path(g)
        self.heads = VGroup(self.chain[0][:2], *(line[0] for line in self.chain[1:]))
        self.pace = 0.85 if detailed else 0.35
        self.marks = VGroup()

    def play(self):
        """Every step, in order."""
        self.walk()
        self.count_other_paths()
        self.mark_deltas()
        self.name_deltas()
        self.show_result()

    def walk(self):
        """Dim what no path touches, then light the paths edge by edge, one factor per edge."""
        s, pace = self.scene, self.pace
        s.play(FadeIn(self.heads), *(m.animate.set_opacity(0.25) for m in self.dimmed), run_time=0.6)
        if self.narration:
            s.say(self.narration[0])
        if self.detailed:      # path after path, edge after edge (seed fig. 3 and 7)
            for i, hl in enumerate(self.highlights):
                if i:
                    s.say(_("The next path: multiply along it as well."))
                steps = hl.steps(run_time=pace)
                for k, step in enumerate(steps):
                    if k == len(steps) // 2 and len(steps) >= 5 - bool(i):  # a long walk: a word on the way
                        s.say(_("Each edge adds its local derivative as a factor."))
                    s.play(step)
        else:                  # all paths at once, one step per edge
            steps = [hl.steps(run_time=pace) for hl in self.highlights]
            for i in range(max(len(st) for st in steps)):
                s.play(*(st[i] for st in steps if i < len(st)))
        for hl, p in zip(self.highlights, self.paths):
            s.record.traces.append({"gradient": self.g.name, "edges": len(p.edges), "steps": len(hl.steps())})
        s.checkpoint(f"{self.g.name}: chain rule", *self.chain, *s.diagram.labels())

    def count_other_paths(self):
        """When only one path was traced: the others light up together, with their count."""
        if self.full:
            return
        s, g, chain = self.scene, self.g, self.chain
        others = [PathHighlight(s.diagram, p) for p in g.paths[1:]]
        count = coloured(_("{n} paths to E: multiply along each, add them all").format(n=len(g.paths)), 24)
        fit_into(count, EQUATIONS.width, 0.4).next_to(chain, DOWN, buff=0.2).align_to(chain, LEFT)
        s.say(_("This weight has {n} paths to E; each one gives a product like this.").format(n=len(g.paths)))
        s.play(*(Create(VGroup(*h.lines)) for h in others), FadeIn(count), run_time=1.5)
        s.checkpoint(f"{g.name}: path count", *chain, count)
        s.play(FadeOut(count), run_time=0.3)

    def mark_deltas(self):
        """Box the sub-product each path shares with a delta computed before (seed fig. 8)."""
        if not self.detailed:
            return
        s = self.scene
        for hl in self.highlights:
            part = hl.delta_part(self.layer)[1]
            self.marks.add(SurroundingRectangle(part, color=color_of("delta"), buff=0.05, stroke_width=3))
        if self.narration[1:2] != ("",) and self.narration[1:]:
            s.say(self.narration[1])
        s.play(Create(self.marks), *(hl.delta_lines(self.layer).animate.set_stroke(color_of("delta"))
                                     for hl in self.highlights), run_time=1.0)
        s.checkpoint(f"{self.g.name}: delta marked", *self.marks)

    def name_deltas(self):
        """The chain-rule lines become the delta-named sum: each factor flies into its place and fades into its name."""
        s = self.scene
        anims, new = self.rename_as_delta()
        s.play(*anims, FadeOut(self.marks), run_time=1.0 if self.detailed else 0.6)
        s.remove(self.heads, self.chain, *(m for hl in self.highlights for m in hl.factors), *new, *self.landed)
        s.add(self.named)
        s.checkpoint(f"{self.g.name}: delta named", *self.named)

    def show_result(self):
        """The extra lines under the delta-named sum; the beat ends on them, a key result."""
        s = self.scene
        s.key_result()
        if self.extra:
            if self.narration[2:] and self.narration[2]:
                s.say(self.narration[2])
            s.play(LaggedStart(*(FadeIn(line, shift=0.1 * UP) for line in self.below), lag_ratio=0.6),
                   run_time=1.2 if self.detailed else 0.7)
            s.checkpoint(f"{self.g.name}: result", *self.named, *self.below, *s.diagram.labels())
        s.wait(1.2 if self.detailed else 0.5)

    def rename_as_delta(self):
        """Animations carrying the chain-rule lines into the delta-named lines, factor by factor,
        and the mobjects to swap for ``named`` once they have played."""
        chain, named, named_parts = self.chain, self.named, self.named_parts
        terms = delta_terms(self.g.paths, self.layer)
        self.landed = [named[0][:2].copy()]          # what the factors fly into (removed once landed)
        anims = [fly_into(chain[0][:2], self.landed[0])]
        used = set()
        for hl, path in zip(self.highlights, self.paths):
            name, count = path.delta_prefix(self.layer)
            t = terms.index((name, tuple(path.factors[count:])))
            self.landed += [named_parts[t][0].copy(), named_parts[t][1:].copy()]
            anims.append(fly_into(VGroup(*hl.factors[:count]), self.landed[-2]))
            anims.append(fly_into(VGroup(*hl.factors[count:]), self.landed[-1]))
            used.add(t)
        in_terms = {id(m) for part in named_parts for m in part} | {id(m) for m in named[0][:2]}
        new = [part for t, part in enumerate(named_parts) if t not in used]
        new += [m for line in named for m in line if id(m) not in in_terms]      # the "+" signs
        anims += [FadeOut(line[0]) for line in chain[1:]] + [FadeIn(m) for m in new]
        return anims, new
