"""The end-of-beat checker fails on the slides it is meant to catch (tiny scenes, no TeX)."""
from manim import DOWN, UL, FadeIn, FadeOut, Rectangle, Scene, Text, Wait, tempconfig

from tests.section_ends import end_frame_problems



def _run(body):
    class Tiny(Scene):
        def construct(self):
            body(self)
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "disable_caching": True}):
        scene = Tiny()
        scene.render()
    return scene



def test_two_full_slides_pass():
    def body(s):
        s.next_section("one")
        s.play(FadeIn(Rectangle(width=12, height=6.5)), FadeIn(Text("one", font_size=60)))
        s.next_section("two")
        s.play(FadeIn(Text("two", font_size=60).shift(DOWN)))
    assert end_frame_problems(_run(body)) == []



def test_planted_bad_beats_are_reported():
    def body(s):
        s.play(Wait(0.5))                                   # before the first named section
        s.next_section("corner")
        s.play(FadeIn(Text("tiny", font_size=30).to_corner(UL)))    # a corner of the frame
        s.next_section("overlap")
        s.play(FadeIn(Rectangle(width=12, height=6.5)), FadeIn(Text("words on", font_size=60)),
               FadeIn(Text("words", font_size=60).shift(0.1 * DOWN)))
        s.next_section("blank")
        s.play(FadeOut(*s.mobjects))                        # ends on an empty frame
        s.next_section("empty")                             # no animation: manim drops it
        s.next_section("off")
        s.play(FadeIn(Text("off the frame", font_size=60).shift(7 * DOWN)))
        s.next_section("off")                               # repeated name
        s.play(Wait(0.1))
    found = "\n".join(end_frame_problems(_run(body)))
    for expected in ("before the first named section", "end of 'corner': uses", "end of 'overlap': Text",
                     "end of 'blank': blank frame", "end of 'empty': no animation", "end of 'off': Text leaves the frame", "repeated section names"):
        assert expected in found, (expected, found)
