"""``backprop render`` / ``backprop scenes``: real manim runs on tiny scenes, probed with PyAV.

The tiny scenes live in a temp directory named like the real scene files and are picked up
through BACKPROP_SCENES_DIR, so the tests exercise the real registry, pipeline and join.
"""
import ast
import json
import runpy
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from backprop_anim.pipeline.join import merge_srt, read_srt
from backprop_anim.pipeline.lecture import lecture_scenes
from backprop_anim.pipeline.settings import Settings, expr_slug, lecture_slug

ROOT = Path(__file__).resolve().parent.parent

TINY = '''
import time
from manim import Circle, Create, MathTex, Scene, Square, Write

class {first}(Scene):
    """First tiny scene."""
    def construct(self):
        self.next_section("circle")
        self.add_subcaption("a circle", duration=1)
        self.play(Create(Circle()), run_time=1)
        self.next_section("formula")
        self.add_subcaption("a formula", duration=1)
        self.play(Write(MathTex(r"\\delta^{{(2)}}_1")), run_time=1)
'''

# scenes a test adds to the tiny gradient_check.py (not in the outline: they follow its scene)
EXTRA = {"Boom": '''
class Boom(Scene):
    """Fails half-way."""
    def construct(self):
        self.play(Create(Square()), run_time=0.5)
        raise RuntimeError("planted failure")
''', "Sleepy": '''
class Sleepy(Scene):
    """Takes long enough to be interrupted."""
    def construct(self):
        self.play(Create(Square()), run_time=0.2)
        time.sleep(120)
'''}


def make_scenes(tmp_path, extra_in_gradient_check=()):
    d = tmp_path / "scenes"
    d.mkdir()
    (d / "outline.py").write_text('LECTURE = ["NetworkSetup", "GradientCheck"]\n')
    (d / "network_paths.py").write_text(TINY.format(first="NetworkSetup"))
    extra = "".join(EXTRA[name] for name in extra_in_gradient_check)
    (d / "gradient_check.py").write_text(TINY.format(first="GradientCheck") + extra)
    return d


def run(args, scenes_dir=None, env_extra=None, timeout=300):
    env = dict(os.environ, PYTHONHASHSEED="0")
    if scenes_dir:
        env["BACKPROP_SCENES_DIR"] = str(scenes_dir)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "backprop.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


def probe(path):
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames = sum(1 for p in c.demux(s) if p.dts is not None)
        return c.duration / 1e6, frames, s.codec_context.height, c.chapters()


def no_partial_files(out_dir: Path):
    return [p for p in out_dir.rglob("*") if p.name.startswith(".") or "partial" in p.name]


def assert_one_line_error(proc, code=2):
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("backprop: ") and "Traceback" not in proc.stderr


def test_full_lecture_renders_joins_and_then_comes_from_the_cache(tmp_path):
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    proc = run(["render", "-q", "l", "--output", str(out), "--sections"], scenes)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    lecture = out / "2-2-2_sigmoid_mse" / "480p15"
    for stem in ("01_NetworkSetup", "02_GradientCheck"):
        seconds, frames, height, _ = probe(lecture / f"{stem}.mp4")
        assert abs(seconds - 2.0) < 0.1 and frames == 30 and height == 480
        assert [c[2] for c in read_srt((lecture / f"{stem}.srt").read_text())] == ["a circle", "a formula"]
        assert stem in proc.stdout                      # the table of written files
        # encoded with the pipeline's x264 settings (libx264 writes its options into the stream)
        assert b"crf=20.0" in (lecture / f"{stem}.mp4").read_bytes() and b"subme=2" in (lecture / f"{stem}.mp4").read_bytes()
    seconds, frames, _, chapters = probe(lecture / "lecture.mp4")
    assert abs(seconds - 4.0) < 0.1 and frames == 60
    # two named sections per scene -> four chapters, in order, titled by the docstrings
    assert [c["metadata"]["title"] for c in chapters] == [
        "First tiny scene. — circle", "First tiny scene. — formula"] * 2
    cues = read_srt((lecture / "lecture.srt").read_text())
    assert [round(c[0], 2) for c in cues] == [0.0, 1.0, 2.0, 3.0]
    assert (lecture / "lecture.chapters.txt").read_text().splitlines()[2].startswith("00:02 ")
    assert not no_partial_files(lecture)

    mtimes = {p: p.stat().st_mtime_ns for p in lecture.glob("*.mp4")}
    again = run(["render", "-q", "l", "--output", str(out), "--sections"], scenes)
    assert again.returncode == 0, again.stderr
    assert "cached" in again.stdout and "rendered" not in again.stdout
    assert {p: p.stat().st_mtime_ns for p in lecture.glob("*.mp4")} == mtimes   # nothing re-encoded


def test_slides_after_a_plain_render_reuse_its_beats(tmp_path):
    """A lecturer renders the lecture, then asks for slides: nothing renders twice."""
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    plain = run(["render", "-q", "l", "--output", str(out)], scenes)
    assert plain.returncode == 0, plain.stderr
    lecture = out / "2-2-2_sigmoid_mse" / "480p15"
    assert not (lecture / "sections").exists()            # a plain render keeps its beats in the cache
    slides = run(["slides", "-q", "l", "--output", str(out)], scenes)
    assert slides.returncode == 0, slides.stderr
    assert "cached" in slides.stdout and "rendered" not in slides.stdout
    for stem in ("01_NetworkSetup", "02_GradientCheck"):
        beats = sorted((lecture / "sections" / stem).glob("*.mp4"))
        assert len(beats) == 2 and all(abs(probe(b)[0] - 1.0) < 0.1 for b in beats)
    videos = sorted((out / "2-2-2_sigmoid_mse" / "slides" / "videos").glob("*.mp4"))
    assert len(videos) == 4
    again = run(["render", "-q", "l", "--output", str(out)], scenes)     # and back: still cached
    assert again.returncode == 0 and "rendered" not in again.stdout


def test_failed_scene_is_reported_and_leaves_no_file(tmp_path):
    scenes = make_scenes(tmp_path, ["Boom"])
    out = tmp_path / "renders"
    proc = run(["render", "GradientCheck", "Boom", "-q", "l", "--output", str(out), "--jobs", "2"], scenes)
    assert proc.returncode == 1
    assert "Boom" in proc.stderr and "planted failure" in proc.stderr
    lecture = out / "2-2-2_sigmoid_mse" / "480p15"
    assert sorted(p.name for p in lecture.iterdir()) == ["02_GradientCheck.mp4", "02_GradientCheck.srt"]
    assert probe(lecture / "02_GradientCheck.mp4")[1] == 30       # the other scene is intact


def _children_running(marker: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in cmd and "manim" in cmd:
                pids.append(int(proc.name))
    return pids


def test_interrupt_kills_manim_and_leaves_no_partial_file(tmp_path):
    scenes = make_scenes(tmp_path, ["Sleepy"])
    out = tmp_path / "renders"
    env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_SCENES_DIR=str(scenes))
    proc = subprocess.Popen([sys.executable, "-m", "backprop.cli", "render", "Sleepy", "-q", "l",
                             "--output", str(out)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _children_running(str(scenes)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _children_running(str(scenes)), "manim never started"
    time.sleep(4)                                  # let it start writing partial movie files
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "backprop: interrupted"
    time.sleep(0.5)
    assert _children_running(str(scenes)) == []
    lecture = out / "2-2-2_sigmoid_mse" / "480p15"
    assert not lecture.exists() or list(lecture.iterdir()) == []
    # manim would reuse a (possibly half-written) partial movie by its hash: none may survive
    assert list((out / ".cache" / "media").rglob("partial_movie_files/*/*.mp4")) == []


@pytest.mark.parametrize("args", [
    ["render", "--quality", "z"],
    ["render", "--layers", "2,0,2"],
    ["render", "--activation", "swish"],
    ["render", "--jobs", "0"],
    ["render", "--format", "avi"],
    ["render", "NoSuchScene"],
    ["render", "--expr", "a+*b"],
    ["render", "--expr", "a*b", "--at", "a=1"],
    ["render", "--at", "a=x"],
    ["render", "--resolution", "big"],
    ["render", "--bogus"],
    ["scenes", "extra"],
])
def test_bad_options_exit_2_with_one_line(args):
    assert_one_line_error(run(args))


def test_missing_latex_is_one_line_before_any_work(tmp_path):
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    proc = run(["render", "-q", "l", "--output", str(out)], scenes, env_extra={"PATH": str(tmp_path)})
    assert_one_line_error(proc)
    assert "latex" in proc.stderr and "install" in proc.stderr
    assert not out.exists()


def test_gif_is_at_most_480p(tmp_path):
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    proc = run(["render", "NetworkSetup", "--format", "gif", "-q", "m", "--output", str(out)], scenes)
    assert proc.returncode == 0, proc.stderr
    gif = out / "2-2-2_sigmoid_mse" / "480p30" / "01_NetworkSetup.gif"   # manim's name: height, fps
    with av.open(str(gif)) as c:
        assert c.streams.video[0].codec_context.height == 480
        assert sum(1 for _ in c.decode(video=0)) >= 30


def test_scenes_lists_every_registered_scene_in_order():
    entries = lecture_scenes()
    proc = run(["scenes"])
    assert proc.returncode == 0
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == len(entries) >= 1
    for line, e in zip(lines, entries):
        assert e.cls in line and e.description in line
    listed = json.loads(run(["scenes", "--json"]).stdout)
    assert [s["class"] for s in listed] == [e.cls for e in entries]


def test_registry_classes_exist_in_their_files_and_keep_the_lecture_order():
    entries = lecture_scenes()
    known = outline()
    for e in entries:
        tree = ast.parse(e.file.read_text())
        classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        assert e.cls in classes, (e.file, e.cls)
        assert e.description == (ast.get_docstring(classes[e.cls]) or e.cls).splitlines()[0].strip()
    positions = [known.index(e.cls) for e in entries if e.cls in known]
    assert positions == sorted(positions)
    assert "GradientCheck" in [e.cls for e in entries]


def outline() -> list[str]:
    return runpy.run_path(str(ROOT / "scenes" / "outline.py"))["LECTURE"]


def test_every_scene_class_is_in_the_outline_once_and_the_outline_names_only_scenes():
    entries = lecture_scenes()
    assert sorted(e.cls for e in entries) == sorted(outline()) and len(set(outline())) == len(outline())
    assert [e.cls for e in entries] == outline()


def test_extra_scenes_of_a_file_follow_its_known_scenes(tmp_path):
    entries = lecture_scenes(make_scenes(tmp_path, ["Sleepy"]))
    assert [e.cls for e in entries] == ["NetworkSetup", "GradientCheck", "Sleepy"]
    assert [e.stem for e in entries] == ["01_NetworkSetup", "02_GradientCheck", "03_Sleepy"]


def test_merged_subtitles_shift_by_offsets(tmp_path):
    a, b = tmp_path / "a.srt", tmp_path / "b.srt"
    a.write_text("1\n00:00:00,000 --> 00:00:01,500\nfirst\n")
    b.write_text("1\n00:00:00,250 --> 00:00:01,000\nsecond\nline two\n")
    merged = read_srt(merge_srt([(0.0, a), (61.5, None), (61.5, b)]))
    assert merged == [(0.0, 1.5, "first"), (61.75, 62.5, "second\nline two")]


def test_expression_slugs_are_readable_shell_safe_and_distinct():
    s1, s2 = expr_slug("(a+b)*(b+1)", "a=2,b=1"), expr_slug("(a*b)+(b+1)", "a=2,b=1")
    assert s1.startswith("expr-a-plus-b-times-b-plus-1_at-a2-b1_") and s1 != s2
    assert re.fullmatch(r"[A-Za-z0-9._-]+", expr_slug("exp(-x)/(1+x**2)", "x=-0.5"))
    # the default expression adds nothing: the lecture folder is the network's
    assert lecture_slug(Settings()) == "2-2-2_sigmoid_mse"
    assert lecture_slug(Settings(expr="a*b", at="a=1,b=2")).startswith("2-2-2_sigmoid_mse__expr-a-times-b_at-a1-b2_")


def test_qualities_never_clobber_each_other(tmp_path):
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    assert run(["render", "NetworkSetup", "-q", "l", "--output", str(out)], scenes).returncode == 0
    low = out / "2-2-2_sigmoid_mse" / "480p15" / "01_NetworkSetup.mp4"
    before = low.stat().st_mtime_ns
    proc = run(["render", "NetworkSetup", "-q", "m", "--output", str(out)], scenes)
    assert proc.returncode == 0, proc.stderr
    high = out / "2-2-2_sigmoid_mse" / "720p30" / "01_NetworkSetup.mp4"
    assert probe(high)[2] == 720 and probe(low)[2] == 480
    assert low.stat().st_mtime_ns == before


def test_a_scene_that_moved_leaves_nothing_under_its_old_number(tmp_path):
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    assert run(["render", "GradientCheck", "-q", "l", "--sections", "--output", str(out)], scenes).returncode == 0
    folder = out / "2-2-2_sigmoid_mse" / "480p15"
    assert (folder / "02_GradientCheck.mp4").exists() and (folder / "sections" / "02_GradientCheck").is_dir()
    (folder / "02_GradientCheckOld.mp4").write_bytes(b"another scene's file")   # a longer name is not it
    (scenes / "outline.py").write_text('LECTURE = ["GradientCheck", "NetworkSetup"]\n')
    proc = run(["render", "GradientCheck", "-q", "l", "--sections", "--output", str(out)], scenes)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert "01_GradientCheck.mp4" in names and not [n for n in names if n.startswith("02_GradientCheck.")]
    assert sorted(p.name for p in (folder / "sections").iterdir()) == ["01_GradientCheck"]
    assert (folder / "02_GradientCheckOld.mp4").read_bytes() == b"another scene's file"


def test_an_expression_scene_alone_goes_to_its_lecture_folder(tmp_path):
    scenes = make_scenes(tmp_path)
    (scenes / "graph_lecture.py").write_text('KIND = "expression"\n' + TINY.format(first="ChainRuleCarPrice"))
    (scenes / "outline.py").write_text('LECTURE = ["ChainRuleCarPrice", "NetworkSetup", "GradientCheck"]\n')
    out = tmp_path / "renders"
    proc = run(["render", "ChainRuleCarPrice", "-q", "l", "--output", str(out)], scenes)
    assert proc.returncode == 0, proc.stderr
    assert (out / "2-2-2_sigmoid_mse" / "480p15" / "01_ChainRuleCarPrice.mp4").exists()
    proc = run(["render", "ChainRuleCarPrice", "-q", "l", "--expr", "(x+y)*y", "--at", "x=1,y=-2",
                "--output", str(out)], scenes)
    assert proc.returncode == 0, proc.stderr
    (other,) = [p for p in out.iterdir() if p.name != "2-2-2_sigmoid_mse" and not p.name.startswith(".")]
    assert other.name.startswith("2-2-2_sigmoid_mse__expr-x-plus-y-times-y_at-x1-y-2_")
    assert re.fullmatch(r"[A-Za-z0-9._-]+", other.name)
    assert (other / "480p15" / "01_ChainRuleCarPrice.mp4").exists()


def test_listing_scenes_does_not_import_manim():
    code = ("import sys; from backprop.cli import main; main(['scenes']); "
            "print('manim' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stderr.strip() == "False"


def test_scene_inputs_follow_imports_only(tmp_path):
    from backprop_anim.pipeline.sources import SourceIndex
    (tmp_path / "backprop_anim").mkdir()
    (tmp_path / "backprop_core").mkdir()
    (tmp_path / "backprop_anim" / "__init__.py").write_text("")
    (tmp_path / "backprop_core" / "__init__.py").write_text("from .spec import X\n")
    (tmp_path / "backprop_core" / "spec.py").write_text("X = 1\n")
    (tmp_path / "backprop_anim" / "used.py").write_text("from backprop_core import X\n")
    (tmp_path / "backprop_anim" / "unused.py").write_text("import numpy\n")
    scene = tmp_path / "scene.py"
    scene.write_text("from manim import Scene\nfrom backprop_anim import used\n")
    names = [p.relative_to(tmp_path).as_posix() for p in SourceIndex(tmp_path).inputs(scene)]
    assert names == ["backprop_anim/__init__.py", "backprop_anim/used.py", "backprop_core/__init__.py",
                     "backprop_core/spec.py", "scene.py"]
