"""The every-picture checks bite: planted faults that a beat-end check would miss are caught."""
from __future__ import annotations

from manim import RIGHT, FadeIn, FadeOut, tempconfig

from backprop_anim.kit.scene import LectureScene
from backprop_anim.lang import MathTex
from tests.section_ends import _beat_problems
from tests.stills import still_problems, uncued_stretches


class Clean(LectureScene):
    """A formula shown, said and moved, all inside the safe area."""

    planted = ""

    def construct(self):
        self.beat("Show")
        title = self.title("A clean slide")
        formula = MathTex(r"\delta = a - y", font_size=48)
        if self.planted == "title alone":
            self.play(FadeIn(title))
            self.wait(2)
        self.say("The error of the output: a minus y.")
        self.play(FadeIn(title), FadeIn(formula))
        if self.planted == "off frame":
            self.play(formula.animate.shift(6 * RIGHT))        # mid-beat, off the right edge
            self.play(formula.animate.shift(6 * -RIGHT))       # back before the beat ends
        if self.planted == "tiny":
            self.play(FadeIn(MathTex("x", font_size=20).shift(2 * RIGHT + RIGHT)))
        if self.planted == "uncued":
            self.play(formula.animate.shift(RIGHT), run_time=6)
        self.say("Then the next one.")
        self.beat("Next", FadeOut(formula), FadeIn(MathTex(r"\delta = a - y + 1", font_size=48)))
        self.play(title.animate.shift(0.1 * RIGHT))


def built(planted: str = ""):
    scene_class = type(f"Planted{planted.title().replace(' ', '')}", (Clean,), {"planted": planted})
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "disable_caching": True}):
        scene = scene_class()
        scene.render()
    return scene


def test_a_clean_scene_has_no_still_problems():
    assert still_problems(built()) == []


def test_a_formula_off_the_frame_mid_beat_is_caught_though_every_beat_ends_clean():
    scene = built("off frame")
    assert not [p for p in _beat_problems(scene, 2) if "leaves the frame" in p]
    assert any("outside the safe area" in p for p in still_problems(scene))


def test_tiny_text_a_lone_title_and_an_uncued_stretch_are_caught():
    assert any("px at 720p" in p for p in still_problems(built("tiny")))
    assert any("the title alone" in p for p in still_problems(built("title alone")))
    uncued = built("uncued")
    assert uncued_stretches(uncued) and any("no subtitle" in p for p in still_problems(uncued))
