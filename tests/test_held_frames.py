"""The held-frame encoder: a segment that is one held picture is one frame lasting the hold, at a
quality no lower than manim's run of identical frames; every other segment has manim's own bytes."""
from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from backprop_anim.kit.held_frames import HeldFrameEncoder
from backprop_anim.pipeline.encoder import X264

SPEC = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=320, height=192,
                        frame_rate=Fraction(60), options=tuple(sorted(X264.items())))


def picture(seed: int) -> np.ndarray:
    """An opaque RGBA picture with sharp edges and colours (chroma subsampling matters there)."""
    rng = np.random.default_rng(seed)
    pixels = np.zeros((SPEC.height, SPEC.width, 4), np.uint8)
    pixels[..., 3] = 255
    pixels[20:150, 30:290, :3] = rng.integers(0, 256, (130, 260, 3), dtype=np.uint8)
    return pixels


def encode(cls, path, writes, **kwargs) -> bytes:
    encoder = cls(target=path, spec=SPEC, **kwargs)
    for seed, repeat in writes:
        encoder.write_frame(picture(seed), repeat=repeat)
    encoder.finish()
    return path.read_bytes()


def decoded(path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def timing(path) -> tuple[list[Fraction], Fraction, bytes]:
    """(each frame's start, the video's end, the stream's parameter sets), in seconds."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        packets = [p for p in c.demux(s) if p.dts is not None]
        starts = sorted(p.pts * s.time_base for p in packets)
        return starts, max(p.pts + p.duration for p in packets) * s.time_base, bytes(s.codec_context.extradata)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(float) - b) ** 2)
    return 99.0 if mse == 0 else float(10 * np.log10(255 ** 2 / mse))


def as_yuv_and_back(pixels: np.ndarray) -> np.ndarray:
    """The picture as the best encoder could give it back (YUV 4:2:0 and back to RGB)."""
    return av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(format="yuv420p").to_ndarray(format="rgb24")


WRITES = [(0, 1), (1, 1), (1, 37), (2, 1), (3, 90)]     # animated frames, then holds of 37 and 90


def test_a_held_picture_gives_manim_s_bytes_and_frames(tmp_path):
    ours = encode(HeldFrameEncoder, tmp_path / "ours.mp4", WRITES)
    theirs = encode(VideoSegmentEncoder, tmp_path / "theirs.mp4", WRITES)
    assert ours == theirs
    frames = decoded(tmp_path / "ours.mp4")
    assert len(frames) == sum(r for _, r in WRITES)
    change = [np.abs(a.astype(int) - b).mean() for a, b in zip(frames, frames[1:])]
    assert max(change[2:38]) < 1 < change[38]          # held for 37 frames, then the next picture


def test_a_segment_that_is_one_held_picture_is_one_frame_lasting_the_hold(tmp_path):
    encode(HeldFrameEncoder, tmp_path / "held.mp4", [(4, 150)])
    encode(VideoSegmentEncoder, tmp_path / "manim.mp4", [(4, 150)])
    starts, end, params = timing(tmp_path / "held.mp4")
    assert starts == [0] and end == Fraction(150, 60)              # 2.5 s, as manim's 150 frames
    assert timing(tmp_path / "manim.mp4")[1:] == (end, params)     # and the same parameter sets: joined by copying
    [ours] = decoded(tmp_path / "held.mp4")
    theirs = decoded(tmp_path / "manim.mp4")
    best = as_yuv_and_back(picture(4))
    assert psnr(ours, best) >= max(psnr(frame, best) for frame in theirs)   # noise: 41 dB against 32


def test_a_held_picture_among_other_frames_and_a_gif_s_are_manim_s_frames(tmp_path):
    """Only a segment that is one held picture becomes one frame: a hold followed by frames (rare: a
    wait with nothing moving is a segment of its own), and every hold in a GIF (whose writer counts
    frames), are encoded as manim encodes them."""
    for writes, kwargs in (([(1, 37), (2, 1)], {}), ([(3, 90)], {"one_frame_holds": False})):
        ours = encode(HeldFrameEncoder, tmp_path / "ours.mp4", writes, **kwargs)
        assert ours == encode(VideoSegmentEncoder, tmp_path / "theirs.mp4", writes)


def test_a_planted_conversion_difference_is_seen(tmp_path, monkeypatch):
    """The comparison bites: a held frame converted with another scaler is not manim's."""
    def reformat(self, format=None, width=None, height=None, **_):
        return original(self, format=format, width=width, height=height, interpolation="POINT",
                        src_colorspace="ITU601", dst_colorspace="ITU709")
    original = av.VideoFrame.reformat
    monkeypatch.setattr(av.VideoFrame, "reformat", reformat)
    ours = encode(HeldFrameEncoder, tmp_path / "ours.mp4", WRITES)
    monkeypatch.undo()
    assert ours != encode(VideoSegmentEncoder, tmp_path / "theirs.mp4", WRITES)


def test_a_bad_repeat_is_refused_as_manim_refuses_it(tmp_path):
    encoder = HeldFrameEncoder(target=tmp_path / "x.mp4", spec=SPEC)
    with pytest.raises(ValueError):
        encoder.write_frame(picture(0), repeat=0)
    encoder.abort()


ENDS_ON_A_HOLD = '''
from manim import CairoRenderer, Circle, Create, Scene
from backprop_anim.kit.held_frames import LectureFileWriter

class EndsOnAHold(Scene):
    def __init__(self, **kwargs):
        super().__init__(renderer=CairoRenderer(file_writer_class=LectureFileWriter), **kwargs)

    def construct(self):
        self.next_section("draw")
        self.play(Create(Circle()), run_time=1)
        self.wait(1)
        self.next_section("hold")
        self.wait(2)
'''


def test_a_scene_and_its_sections_that_end_on_a_hold_last_to_its_end(tmp_path):
    """manim's join guesses decoding times that lag the B-frame delay behind: a scene ending on a
    one-frame hold came out 2 s short of its 4 s. The kit's join keeps them."""
    import subprocess
    import sys

    from backprop_anim.pipeline.join import video_info
    (tmp_path / "hold.py").write_text(ENDS_ON_A_HOLD)
    done = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--save_sections", "--media_dir",
                           str(tmp_path / "media"), "--progress_bar", "none", "-v", "WARNING",
                           str(tmp_path / "hold.py"), "EndsOnAHold"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    videos = tmp_path / "media" / "videos" / "hold" / "480p15"
    assert video_info(videos / "EndsOnAHold.mp4")[1] == 15 * 4
    sections = sorted((videos / "sections").glob("*.mp4"))
    assert [video_info(v)[1] for v in sections] == [15 * 2, 15 * 2]
