"""Faults a real render meets: two runs at once, a full disk, a cache that was damaged, a killed or
hung-up parent, a relative --output. Real manim runs on the tiny scenes of test_render_pipeline;
each check has a planted failure beside it showing that it can fail."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import av
import numpy as np
import pytest

from backprop_anim.pipeline import cache as store
from backprop_anim.pipeline.tex_pool import drawable_svg
from backprop_anim.pipeline.lecture import ROOT, default_output_root, lecture_scenes
from backprop_anim.pipeline.render import CHILD, Job
from backprop_anim.pipeline.settings import Settings
from browser import until
from test_render_pipeline import assert_one_line_error, make_scenes, probe, run

LECTURE = Path("2-2-2_sigmoid_mse") / "480p15"


def cli(args, scenes, cwd=ROOT):
    env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_SCENES_DIR=str(scenes))
    return subprocess.Popen([sys.executable, "-m", "backprop.cli", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def last_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        frame = None
        for frame in c.decode(video=0):
            pass
        return frame.to_ndarray(format="rgb24").astype(int)


@pytest.fixture
def rendered(tmp_path):
    """GradientCheck (a circle, then a formula) rendered once into tmp/renders."""
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    proc = run(["render", "GradientCheck", "-q", "l", "--output", str(out)], scenes)
    assert proc.returncode == 0, proc.stderr
    return SimpleNamespace(scenes=scenes, out=out, video=out / LECTURE / "02_GradientCheck.mp4",
                           media=next((out / ".cache" / "media").glob("*/02_GradientCheck-l-mp4")),
                           frame=last_frame(out / LECTURE / "02_GradientCheck.mp4"))


# ---- races ---------------------------------------------------------------------------------------

def test_two_renders_and_a_deck_of_one_scene_at_once_all_succeed(tmp_path):
    scenes = make_scenes(tmp_path)
    out = tmp_path / "renders"
    args = ["GradientCheck", "-q", "l", "--output", str(out)]
    procs = [cli(["render", *args], scenes), cli(["render", *args], scenes), cli(["slides", *args], scenes)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (stdout, stderr) in zip(procs, results):
        assert p.returncode == 0, stderr
    # the scene was rendered once; the others waited for it and reused it
    assert sum("rendered" in stdout for stdout, _ in results) == 1, [r[0] for r in results]
    assert probe(out / LECTURE / "02_GradientCheck.mp4")[1] == 30
    assert (out / "2-2-2_sigmoid_mse" / "slides" / "index.html").is_file()
    logs = list((out / ".cache" / "logs").rglob("*.log"))
    assert len(logs) == 1 and "02_GradientCheck." in logs[0].name     # one log per run, named by the run


# ---- a cache that cannot lie -----------------------------------------------------------------------

def test_a_zeroed_output_of_the_same_size_is_rendered_again(rendered):
    size = rendered.video.stat().st_size
    rendered.video.write_bytes(b"\0" * size)
    again = run(["render", "GradientCheck", "-q", "l", "--output", str(rendered.out)], rendered.scenes)
    assert again.returncode == 0, again.stderr
    assert "rendered" in again.stdout and "cached" not in again.stdout
    assert probe(rendered.video)[1] == 30


def test_planted_a_size_check_would_call_the_zeroed_output_cached(rendered, monkeypatch):
    """The check above fails when the cache trusts sizes: restore that and the zeroed file is 'cached'."""
    entry = next(e for e in lecture_scenes(rendered.scenes) if e.cls == "GradientCheck")
    job = Job([entry], Settings(quality="l"), rendered.out, 1, full_lecture=False)
    stamp = json.loads(job.stamp_path(entry).read_text())
    size = rendered.video.stat().st_size
    rendered.video.write_bytes(b"\0" * size)
    assert job.cached(entry, stamp["key"]) is None
    sizes = {rendered.out / LECTURE / n: (rendered.out / LECTURE / n).stat().st_size for n in stamp["outputs"]}
    import backprop_anim.pipeline.render as render
    monkeypatch.setattr(render, "matches", lambda p, h: p.exists() and p.stat().st_size == sizes[p])
    assert job.cached(entry, stamp["key"]) is not None


def test_damaged_partial_movies_and_tex_svgs_are_rebuilt_not_shipped(rendered):
    partials = [p for p in rendered.media.rglob("partial_movie_files/*/*.mp4")]
    assert partials
    for p in partials:                                   # garbage of the same size
        p.write_bytes(os.urandom(p.stat().st_size))
    pool = rendered.out / ".cache" / "tex"
    svgs = sorted(pool.glob("*.svg"))
    assert svgs and all(drawable_svg(s) for s in svgs)
    svgs[0].unlink()
    svgs[0].write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>')   # valid, empty
    for s in svgs[1:]:
        s.unlink()
        s.write_text(s.name[:5])                         # truncated
    rendered.video.unlink()                              # force the scene to render again
    again = run(["render", "GradientCheck", "-q", "l", "--output", str(rendered.out)], rendered.scenes)
    assert again.returncode == 0, again.stderr
    assert probe(rendered.video)[1] == 30
    assert np.abs(last_frame(rendered.video) - rendered.frame).max() <= 8      # the formula is there again
    assert all(drawable_svg(s) for s in pool.glob("*.svg")) and len(list(pool.glob("*.svg"))) == len(svgs)


def test_planted_an_empty_svg_draws_nothing():
    """Why the svg check matters: manim reads an inkless svg without complaint."""
    from manim import SVGMobject
    import tempfile
    path = Path(tempfile.mkdtemp()) / "empty.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>')
    assert len(SVGMobject(str(path)).family_members_with_points()) == 0
    assert not drawable_svg(path)


# ---- a full disk -----------------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Take all but `leave` bytes of the disk with one file."""
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        try:
            while shutil.disk_usage(disk).free > leave:
                fh.write(b"\0" * min(1 << 20, max(4096, shutil.disk_usage(disk).free - leave)))
                fh.flush()
        except OSError:
            pass
    return filler


@pytest.mark.parametrize("leave", [0, 64 << 10, 1 << 20])
def test_a_full_disk_is_one_line_keeps_nothing_and_the_next_run_succeeds(tmp_path, tiny_disk, leave):
    scenes = make_scenes(tmp_path)
    out = tiny_disk / "renders"
    filler = fill(tiny_disk, leave)
    full = run(["render", "GradientCheck", "-q", "l", "--output", str(out)], scenes)
    if full.returncode != 0:
        assert_one_line_error(full)
        assert "no space left on device under" in full.stderr
        lecture = out / LECTURE
        assert not lecture.exists() or list(lecture.iterdir()) == []      # nothing half-written published
        assert not [p for p in out.rglob(".*.tmp*")], "temp files left behind"
    filler.unlink()
    again = run(["render", "GradientCheck", "-q", "l", "--output", str(out)], scenes)
    assert again.returncode == 0, again.stderr
    assert probe(out / LECTURE / "02_GradientCheck.mp4")[1] == 30
    assert all(drawable_svg(s) for s in (out / ".cache" / "tex").glob("*.svg"))


# ---- the parent dies -------------------------------------------------------------------------------

def survivors(marker: str) -> list[int]:
    """Processes whose command line holds the marker (manim, latex under it, a planted sleeper)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (proc / "stat").read_text().split()[2]
            except OSError:
                continue
            if marker in cmd and state != "Z":
                found.append(int(proc.name))
    return found


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGHUP])
def test_killing_render_leaves_no_manim_behind(tmp_path, signum):
    scenes = make_scenes(tmp_path, ["Sleepy"])
    proc = cli(["render", "Sleepy", "-q", "l", "--output", str(tmp_path / "renders")], scenes)
    assert until(lambda: any("manim" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
                                for p in survivors(str(scenes))), timeout=60), "manim never started"
    time.sleep(1)
    proc.send_signal(signum)
    proc.communicate(timeout=60)
    assert until(lambda: not survivors(str(scenes)), timeout=10), survivors(str(scenes))


@pytest.mark.parametrize("guarded", [False, True])
def test_planted_a_child_without_the_guard_outlives_a_killed_parent(tmp_path, guarded):
    """The survivor check catches an orphan: a sleeper started without child.py outlives its
    SIGKILLed parent; the same sleeper under child.py does not."""
    marker = f"sleeper-{tmp_path.name}"
    sleeper = [sys.executable, "-c", f"import time; time.sleep(60)  # {marker}"]
    cmd = [sys.executable, "-I", str(CHILD), "PARENT", "--", *sleeper] if guarded else sleeper
    parent = subprocess.Popen([sys.executable, "-c",
                               "import os, subprocess, sys, time; cmd = sys.argv[1:]; "
                               "cmd = [str(os.getpid()) if a == 'PARENT' else a for a in cmd]; "
                               "subprocess.Popen(cmd, start_new_session=True); time.sleep(60)", *cmd])
    try:
        assert until(lambda: survivors(marker), timeout=20)
        time.sleep(0.5)
        parent.kill()
        parent.wait()
        gone = until(lambda: not survivors(marker), timeout=5)
        assert gone == guarded
    finally:
        for pid in survivors(marker):
            os.kill(pid, signal.SIGKILL)


# ---- paths and the cache command -------------------------------------------------------------------

def test_relative_output_is_taken_from_where_the_user_is(tmp_path):
    scenes = make_scenes(tmp_path)
    elsewhere = tmp_path / "work" / "here"
    elsewhere.mkdir(parents=True)
    proc = cli(["render", "GradientCheck", "-q", "l", "--output", "../out"], scenes, cwd=elsewhere)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert probe(tmp_path / "work" / "out" / LECTURE / "02_GradientCheck.mp4")[1] == 30
    assert not (ROOT / "out").exists() and not (ROOT / "here").exists()


def test_the_default_output_is_the_repositorys_renders_wherever_you_are(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_output_root() == ROOT / "renders"


def test_cache_info_prune_clean_then_render_again(rendered):
    def info():
        proc = run(["cache", "info", "--json", "--output", str(rendered.out)])
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)
    before = info()
    assert before["total"] > 0 and before["tex_pool"] > 0 and before["lectures"]["2-2-2_sigmoid_mse"] > 0
    cache = rendered.out / ".cache"
    junk = [cache / "media" / "2-2-2_sigmoid_mse" / ".stamp.json.tmp123", cache / "logs" / "gone-lecture" / "x.log",
            next(rendered.media.rglob("partial_movie_files/*")) / "unvouched.mp4"]
    for j in junk:
        j.parent.mkdir(parents=True, exist_ok=True)
        j.write_bytes(b"x" * 100_000)
    pruned = run(["cache", "prune", "--output", str(rendered.out)])
    assert pruned.returncode == 0, pruned.stderr
    assert not any(j.exists() for j in junk)
    assert info()["total"] < before["total"] + 300_000
    cached = run(["render", "GradientCheck", "-q", "l", "--output", str(rendered.out)], rendered.scenes)
    assert cached.returncode == 0 and "cached" in cached.stdout          # prune kept what is in use
    cleaned = run(["cache", "clean", "--output", str(rendered.out)])
    assert cleaned.returncode == 0, cleaned.stderr
    assert info()["total"] < 1000
    again = run(["render", "GradientCheck", "-q", "l", "--output", str(rendered.out)], rendered.scenes)
    assert again.returncode == 0, again.stderr
    assert probe(rendered.video)[1] == 30


def test_cache_clean_waits_for_no_render(rendered):
    lock = store.cache_lock(rendered.out / ".cache", shared=True)      # as a running render holds it
    with lock:
        busy = run(["cache", "clean", "--output", str(rendered.out)])
    assert_one_line_error(busy)
    assert "a render is using" in busy.stderr
    assert rendered.video.exists()
