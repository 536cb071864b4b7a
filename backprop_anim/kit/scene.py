"""The base of every lecture scene, and the one vocabulary scenes are written in.

A lecture is a sequence of **beats** (manim sections: a presenter pauses at the end of each).
A beat has a name, its narration (``say``) and its animations; the picture waits for the voice
(:mod:`.narration`): a beat lasts as long as its narration and ends on its finished picture, held
2 s (6 s when it ends on a ``key_result``), until the next beat begins and clears what the last one
``leave``-s behind. Every
scene checks the language's fonts first (a missing CJK font is one clear line, never a video of
boxes), paints the theme's background, and keeps a :class:`SceneRecord` that tests read.

Example::

    from backprop_anim.kit.scene import LectureScene

    class Hello(LectureScene):
        def construct(self):
            self.beat(_("Hello"))
            self.say(_("Backprop reuses every δ."))
            title = self.title(_("Backpropagation"))
            self.play(FadeIn(title))
            self.leave(FadeOut(title))
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

from manim import DL, LEFT, UP, UR, FadeIn, Polygon, Scene, VGroup, Wait, config
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer

from backprop_core import settings

from ..lang import Text, light, use_language_fonts
from ..mobjects.layout import USABLE_WIDTH, fit_into, keep_inside
from ..theme import color_of
from .cairo_paths import PathCachingCamera
from .held_frames import LectureFileWriter
from .morph import ScrambleError, scrambles
from .narration import Narrator
from .redraw import background, redrawn
from .subtitles import caption_cues


@dataclass
class SceneRecord:
    """What a scene showed, for tests: named mobjects, layout checkpoints, traced paths, beats."""

    shown: dict = field(default_factory=dict)         # name -> mobject (compared with the core)
    checkpoints: list = field(default_factory=list)   # (moment, VGroup of boxes) at key moments
    traces: list = field(default_factory=list)        # one dict per highlighted path
    beats: list = field(default_factory=list)         # beat names, in order
    narration: object = None                          # the scene's Narrator: lines and beat times


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
    return keep_inside(title)


def manims_frames() -> bool:
    """``BACKPROP_FRAMES=manim``: draw and encode frames as manim alone does (the benchmark's
    baseline, ``benchmarks/render_bench.py``); the pictures are the same either way."""
    return os.environ.get("BACKPROP_FRAMES") == "manim"


class LectureScene(Scene):
    """A manim Scene with the lecture's fonts, background, beats, narration and record."""

    title_style = TitleStyle()
    # manim's cache of partial movies hashes every mobject on screen at every play (waits too): with
    # a network or its matrices on screen that is 10-15 % of a render, more than the cache saves when
    # a changed scene renders again (the pipeline skips unchanged scenes whole); those scenes say False
    reuses_partial_movies = True

    def __init__(self, renderer=None, **kwargs):
        """manim's Scene, whose held pictures are encoded with one colour conversion
        (:mod:`.held_frames`) and whose camera builds each distinct path once (:mod:`.cairo_paths`)."""
        if renderer is None and config.renderer == RendererType.CAIRO and not manims_frames():
            renderer = CairoRenderer(file_writer_class=LectureFileWriter,
                                     camera_class=kwargs.get("camera_class", PathCachingCamera),
                                     skip_animations=kwargs.get("skip_animations", False))
        super().__init__(renderer=renderer, **kwargs)

    def setup(self):
        if not self.reuses_partial_movies:
            config.disable_caching = True
        use_language_fonts()
        self.camera.background_color = color_of("background")
        self.record = SceneRecord()
        lecture = settings.current()
        self.narrator = self.record.narration = Narrator(type(self).__name__, lecture.lang, lecture.voice)
        self._in_beat = False        # a beat has begun and not yet ended
        self._pending = None         # a say not yet spoken: it starts with what is played next
        self._changed = 0.0          # when the picture last changed (the end of the last animation)
        self._leftovers = []         # what the last beat left on screen: cleared when the next begins

    def tear_down(self):
        self.end_beat()
        self._pad_audio()
        super().tear_down()

    def _pad_audio(self):
        """The audio track as long as the video: silence after the last clip, through the last hold
        (manim's track ends where its last sound does)."""
        writer = self.renderer.file_writer
        if getattr(writer, "includes_sound", False):
            from pydub import AudioSegment
            writer.add_audio_segment(AudioSegment.silent(0), time=self.renderer.time)

    def play(self, *animations, **kwargs):
        """manim's play, under the narration said just before it; the kit notes when the picture
        last changed (a wait changes nothing)."""
        self._speak_pending()
        super().play(*animations, **kwargs)
        if not all(isinstance(a, Wait) for a in animations):
            self._changed = self.renderer.time

    def begin_animations(self) -> None:
        """manim's, after refusing any Transform that would morph glyphs into different ones (a
        scrambled reveal), and with every formula animated made light (:func:`~..lang.light`).
        Formulas change with :func:`.morph.change`, :func:`.morph.fly_into` or :class:`.morph.Swap`."""
        problems = [p for a in self.animations for p in scrambles(a)]
        if problems:
            raise ScrambleError(f"{type(self).__name__}: {problems[0]}")
        for a in self.animations:                  # every formula the animations copy, copied cheaply
            for m in (a.mobject, getattr(a, "target_mobject", None), getattr(a.mobject, "target", None)):
                if m is not None:
                    light(m)
        super().begin_animations()

    def get_moving_and_static_mobjects(self, animations):
        """manim's split, with what the animations leave untouched and uncovered moved into the
        still background (:mod:`.redraw`): drawn once, not on every frame."""
        moving, static = super().get_moving_and_static_mobjects(animations)
        keep = moving if manims_frames() else redrawn(moving, animations)
        if len(keep) == len(moving):
            return moving, static
        return keep, background(self, keep)

    def _wait_until(self, moment: float) -> None:
        """Hold the picture until ``moment`` on the scene's clock (nothing when it has passed)."""
        gap = moment - self.renderer.time
        if gap > 1e-6:                                 # whole frames: the clock moves by frames
            before = self.renderer.time
            self.wait(math.ceil(gap * config.frame_rate - 1e-6) / config.frame_rate)
            self.narrator.beat.waited += self.renderer.time - before

    # -- beats ------------------------------------------------------------------------------
    def beat(self, name: str, *animations, run_time: float = 0.6):
        """Start a beat: a manim section, where a presenter pauses. The last beat ends first (its
        narration spoken, its picture held); its leftovers fade out together with ``animations``
        (the new beat's opening), in one play."""
        carried, self._pending = self._pending, None      # said just before the beat: the new beat's words
        self.end_beat()
        self.next_section(name)
        self.record.beats.append(name)
        self.narrator.begin_beat(name, self.renderer.time)
        self._in_beat = True
        self._pending = carried
        anims = [*self.take_leftovers(), *animations]
        if anims:
            self.play(*anims, run_time=run_time)

    def key_result(self) -> None:
        """This beat ends on a result a lecturer pauses on: its picture is held ``KEY_HOLD`` s."""
        self.narrator.beat.key = True

    def end_beat(self) -> None:
        """Wait for the beat's narration, then hold its finished picture (``beat`` and the scene's
        end call this; a scene never needs to)."""
        self._speak_pending()
        if not self._in_beat:
            return
        self._wait_until(self.narrator.beat_end(self._changed))
        self.narrator.beat.end = self.renderer.time
        self._in_beat = False

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
    def say(self, text: str) -> None:
        """Narration from what is played next: spoken by the lecture's voice (its clip joins the
        scene's audio) and shown as subtitles cut to broadcast rules. The animations that follow
        run under it; the next ``say`` and the beat's end wait until it has been spoken (the
        narration's own length decides). A ``say`` just before ``beat`` is the new beat's."""
        self._speak_pending()
        self._pending = text

    def _speak_pending(self) -> None:
        if self._pending is None:
            return
        text, self._pending = self._pending, None
        self._wait_until(self.narrator.free_at)
        now = self.renderer.time
        line = self.narrator.speak(text, now)       # starts at now, or within a frame of it
        if line.clip is not None:
            self._add_clip(line.clip, line.start - now)
        for start, length, words in caption_cues(text, self.narrator.lang, line.start, line.span):
            self.add_subcaption(words, duration=length, offset=start - now)

    def _add_clip(self, clip, offset: float) -> None:
        """The clip into the scene's audio with manim's ``add_sound``, which drops a sound while
        ``skip_animations`` is set, and manim leaves it set after an animation that came from its
        cache of partial movies: a re-render after any change lost most of its narration. So the
        status is first reset as manim's own ``play`` resets it (a still or an animation range
        still skips the sound)."""
        renderer = self.renderer
        renderer.skip_animations = renderer._original_skipping_status
        renderer.update_skipping_status()
        self.add_sound(str(clip), time_offset=offset)

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
