"""The shared layout helpers every scene uses: regions of the frame, scale-down-only fitting, tables."""
import pytest
from manim import MathTex, Square, config

from backprop_anim.mobjects.layout import FRAME_HEIGHT, FRAME_WIDTH, Region, fit_into, frame_region, grid


def test_frame_constants_are_manims_frame():
    assert FRAME_WIDTH == pytest.approx(config.frame_width, abs=0.01)
    assert FRAME_HEIGHT == pytest.approx(config.frame_height)


@pytest.mark.parametrize("part", ["left", "right", "top", "bottom"])
def test_frame_parts_lie_inside_the_full_frame(part):
    full, region = frame_region(), frame_region(part)
    assert full.left <= region.left < region.right <= full.right
    assert full.bottom <= region.bottom < region.top <= full.top
    assert region.width * region.height < full.width * full.height


def test_left_and_right_split_at_the_fraction():
    left, right = frame_region("left", fraction=0.5), frame_region("right", fraction=0.5)
    assert left.right == pytest.approx(0) and right.left == pytest.approx(0)
    with pytest.raises(ValueError):
        frame_region("middle")


def test_fit_into_shrinks_but_never_grows():
    big = Square(side_length=4)
    fit_into(big, 2, 3)
    assert big.width == pytest.approx(2) and big.height == pytest.approx(2)
    small = Square(side_length=1)
    fit_into(small, 5, 5)
    assert small.width == pytest.approx(1)
    tall = Square(side_length=2)
    fit_into(tall, height=0.5)
    assert tall.height == pytest.approx(0.5)


def test_grid_fits_its_region_top_left():
    region = Region(-6, -3.5, 6, -0.5)
    table = grid([MathTex(rf"w_{{{i}}} = {i}.25") for i in range(12)], 4, region)
    assert table.width <= region.width + 1e-6 and table.height <= region.height + 1e-6
    assert table.get_left()[0] == pytest.approx(region.left) and table.get_top()[1] == pytest.approx(region.top)
    rows = {round(m.get_y(), 3) for m in table}
    assert len(rows) == 3
