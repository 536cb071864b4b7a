"""The base of every lecture scene: what each one must do before it draws, and how it narrates.

Every scene checks the language's fonts first (a missing CJK font is one clear line, never a
video of boxes), paints the theme's background, and writes its narration as subtitles in the
chosen language (``--subtitles both``: Chinese above English). Keeping that here means a new
scene cannot forget one of them.

Example::

    from backprop_anim.lecture_scene import LectureScene

    class Hello(LectureScene):
        def construct(self):
            self.narrate(_("Backprop reuses every δ."), duration=2)
            self.play(FadeIn(Text(_("Backpropagation"))))
"""
from __future__ import annotations

from manim import Scene

from .lang import subtitle, use_language_fonts
from .theme import color_of


class LectureScene(Scene):
    """A manim Scene with the lecture's fonts, background and subtitles."""

    def setup(self):
        use_language_fonts()
        self.camera.background_color = color_of("background")

    def narrate(self, text: str, duration: float) -> None:
        """One subtitle for the .srt, starting now, in the lecture's language(s)."""
        self.add_subcaption(subtitle(text), duration=duration)
