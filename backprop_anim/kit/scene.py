"""The base of every lecture scene, and the one vocabulary scenes are written in.

A lecture is a sequence of **beats** (manim sections: a presenter pauses at the end of each).
A beat has a name, its narration (``say``) and its animations; it ends on its finished picture,
which stays until the next beat begins and clears what the last one ``leave``-s behind. Every
scene checks the language's fonts first (a missing CJK font is one clear line, never a video of
boxes), paints the theme's background, and keeps a :class:`SceneRecord` that tests read.

Example::

    from backprop_anim.kit.scene import LectureScene

    class Hello(LectureScene):
        def construct(self):
            self.beat(_("Hello"))
            self.say(_("Backprop reuses every δ."), 2)
            title = self.title(_("Backpropagation"))
            self.play(FadeIn(title))
            self.leave(FadeOut(title))
"""
from __future__ import annotations

from dataclasses import dataclass, field

from manim import DL, LEFT, UP, UR, FadeIn, Polygon, Scene, VGroup

from ..lang import Text, subtitle, use_language_fonts
from ..mobjects.layout import USABLE_WIDTH, fit_into
from ..theme import color_of


@dataclass
class SceneRecord:
    """What a scene showed, for tests: named mobjects, layout checkpoints, traced paths, beats."""

    shown: dict = field(default_factory=dict)         # name -> mobject (compared with the core)
    checkpoints: list = field(default_factory=list)   # (moment, VGroup of boxes) at key moments
    traces: list = field(default_factory=list)        # one dict per highlighted path
    beats: list = field(default_factory=list)         # beat names, in order


@dataclass(frozen=True)
class TitleStyle:
    """Where a scene family puts its title: size, distance from the top, left-aligned or centred."""

    font_size: float = 36
    top: float = 0.3                # buff to the top edge
    left: float | None = None       # buff to the left edge; None: centred
    width: float = USABLE_WIDTH     # longer titles shrink to this width ...
    max_height: float = 1.0         # ... and this height
    middle: float | None = None     # the centre's height instead of ``top`` (titles of any height on one line)


def title_text(text: str, style: TitleStyle = TitleStyle()) -> Text:
    """A title in ``style``, outside any scene (for screens built and tested on their own)."""
    title = Text(text, font_size=style.font_size, color=color_of("text")).to_edge(UP, buff=style.top)
    fit_into(title, style.width, style.max_height)
    if style.middle is not None:
        title.set_y(style.middle)
    if style.left is not None:
        title.to_edge(LEFT, buff=style.left)
    return title


class LectureScene(Scene):
    """A manim Scene with the lecture's fonts, background, beats, narration and record."""

    title_style = TitleStyle()

    def setup(self):
        use_language_fonts()
        self.camera.background_color = color_of("background")
        self.record = SceneRecord()
        self._caption = None         # (text, start time, minimum duration) of the subtitle on screen
        self._leftovers = []         # what the last beat left on screen: cleared when the next begins

    def tear_down(self):
        self._flush_caption()
        super().tear_down()

    # -- beats ------------------------------------------------------------------------------
    def beat(self, name: str, *animations, run_time: float = 0.6):
        """Start a beat: a manim section, where a presenter pauses. The last beat's leftovers
        fade out together with ``animations`` (the new beat's opening), in one play."""
        self._flush_caption()
        self.next_section(name)
        self.record.beats.append(name)
        anims = [*self.take_leftovers(), *animations]
        if anims:
            self.play(*anims, run_time=run_time)

    def leave(self, *leftovers):
        """What the next beat clears: animations, or callables that return a list of them when
        the next beat starts (for what is on screen only then)."""
        self._leftovers.extend(leftovers)

    def take_leftovers(self) -> list:
        """The pending leftovers as animations (and none pending afterwards)."""
        anims = []
        for item in self._leftovers:
            anims.extend(item() if callable(item) else [item])
        self._leftovers = []
        return anims

    # -- words ------------------------------------------------------------------------------
    def say(self, text: str, duration: float = 3.0) -> None:
        """Narration from now, as a subtitle in the lecture's language(s): it lasts until the next
        ``say`` or beat (``duration`` when nothing follows at once), so no two overlap."""
        self._flush_caption()
        self._caption = (text, self.renderer.time, duration)

    def _flush_caption(self):
        if self._caption is None:
            return
        text, start, minimum = self._caption
        now = self.renderer.time
        duration = now - start if now - start > 0.2 else minimum
        self.add_subcaption(subtitle(text), duration=duration, offset=start - now)   # starts back at `start`
        self._caption = None

    def title(self, text: str) -> Text:
        """The scene's title in its family's :class:`TitleStyle` (not yet shown)."""
        title = title_text(text, self.title_style)
        self.record.shown["title"] = title
        return title

    def show_title(self, text: str, shift=None, run_time: float = 0.6) -> Text:
        """The title, faded in."""
        title = self.title(text)
        self.play(FadeIn(title, **({"shift": shift} if shift is not None else {})), run_time=run_time)
        return title

    # -- what tests read --------------------------------------------------------------------
    def keep(self, name: str, mobject):
        """Remember ``mobject`` as ``name`` in the record (tests compare it with the core)."""
        self.record.shown[name] = mobject
        return mobject

    def checkpoint(self, moment: str, *mobjects):
        """Where things are at a key moment (tests check frame bounds and overlaps): one box per
        mobject (copying MathTex would cost more than the scene)."""
        boxes = VGroup()
        for m in mobjects:
            (x0, y0, _z0), (x1, y1, _z1) = m.get_corner(DL), m.get_corner(UR)
            boxes.add(Polygon([x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0]))
        self.record.checkpoints.append((moment, boxes))
