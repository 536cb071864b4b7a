"""``backprop render --scheduler``: a real Dask scheduler and two workers on 127.0.0.1, tiny scenes.

The cluster is ``dask scheduler`` and two ``dask worker --nthreads 1 --no-nanny`` processes (so a
SIGKILL really loses a worker), on free ports, with the tiny scenes as their BACKPROP_SCENES_DIR;
all three are ended when the module's tests are done.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backprop_anim.pipeline.farm import scheduler_address
from backprop_core.errors import BadInput
from browser import until
from test_render_pipeline import EXTRA, assert_one_line_error, make_scenes, no_partial_files, probe, run

VENV_BIN = Path(sys.executable).parent
SLUG = "2-2-2_sigmoid_mse"

# sleeps long enough for the test to find the worker that renders it and kill that worker
NAP = '''
class Nap(Scene):
    """Takes a few seconds."""
    def construct(self):
        self.play(Create(Square()), run_time=0.5)
        time.sleep(5)
        self.play(Create(Circle()), run_time=0.5)
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, log: Path, env) -> subprocess.Popen:
    return subprocess.Popen(cmd, stdout=open(log, "wb"), stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Cluster:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.scenes = make_scenes(tmp)
        with open(self.scenes / "gradient_check.py", "a") as fh:
            fh.write(EXTRA["Boom"] + NAP)
        self.env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_SCENES_DIR=str(self.scenes))
        self.env.pop("BACKPROP_FARM_CACHE", None)
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.procs["scheduler"] = start([VENV_BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                         self.address.rsplit(":", 1)[1], "--no-dashboard",
                                         "--dashboard-address", "127.0.0.1:0"],          # its HTTP routes
                                        tmp / "scheduler.log", self.env)
        for name in ("w1", "w2"):
            self.procs[name] = start([VENV_BIN / "dask", "worker", self.address, "--name", name, "--nthreads", "1",
                                      "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                                      "--local-directory", str(tmp / name)], tmp / f"{name}.log", self.env)
        from distributed import Client
        self.client = Client(self.address, timeout=30, set_as_default=False)
        self.client.wait_for_workers(2, timeout=60)

    def render(self, out: Path, *args, timeout=120):
        return run(["render", "-q", "l", "--output", str(out), "--scheduler", self.address, *args],
                   self.scenes, timeout=timeout)

    def worker_logs(self, scene: str) -> list[Path]:
        return sorted((self.tmp).glob(f"w*/**/backprop/.cache/logs/*/*_{scene}.*.log"))

    def close(self):
        self.client.close()
        for proc in reversed(list(self.procs.values())):       # the workers, then the scheduler
            stop(proc)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("farm"))
    try:
        yield c
    finally:
        c.close()


def files(root: Path) -> dict[str, bytes]:
    """Every file a render wrote for people (not its cache), by path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(root).parts}


@pytest.mark.slow
def test_two_scenes_on_the_farm_give_a_local_render_s_files_and_stamps(cluster, tmp_path):
    farm, local = tmp_path / "farm", tmp_path / "local"
    proc = cluster.render(farm, "NetworkSetup", "GradientCheck", "--sections")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    alone = run(["render", "-q", "l", "--output", str(local), "--jobs", "1", "--sections",
                 "NetworkSetup", "GradientCheck"], cluster.scenes)
    assert alone.returncode == 0, alone.stderr
    got, want = files(farm), files(local)
    assert sorted(got) == sorted(want) and got == want
    lecture = farm / SLUG / "480p15"
    assert {p.name for p in lecture.glob("*")} == {"01_NetworkSetup.mp4", "01_NetworkSetup.srt",
                                                  "02_GradientCheck.mp4", "02_GradientCheck.srt", "sections"}
    assert len(list((lecture / "sections").rglob("*.mp4"))) == 4
    assert abs(probe(lecture / "02_GradientCheck.mp4")[0] - 2.0) < 0.1
    assert not no_partial_files(lecture)
    # both workers rendered (one scene each, one thread each), and each kept its render to itself
    assert len(cluster.worker_logs("NetworkSetup")) == len(cluster.worker_logs("GradientCheck")) == 1
    assert not list(cluster.tmp.glob("w*/**/backprop/.cache/media/*/*/videos/*/*/*.mp4"))
    # the stamps are a local render's: rendering here again renders nothing
    again = run(["render", "-q", "l", "--output", str(farm), "--jobs", "1", "--sections",
                 "NetworkSetup", "GradientCheck"], cluster.scenes)
    assert again.returncode == 0 and "cached" in again.stdout and "rendered" not in again.stdout
    assert files(farm) == want


def test_a_scene_that_fails_by_itself_fails_once_with_its_line(cluster, tmp_path):
    proc = cluster.render(tmp_path / "out", "Boom")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "render failed: Boom: RuntimeError: planted failure" in lines[0], proc.stderr
    log = Path(lines[0].split("(log: ")[1].rstrip(")"))
    assert log.is_file() and "planted failure" in log.read_text()        # the worker's log, kept here
    assert len(cluster.worker_logs("Boom")) == 1                           # not retried
    assert not (tmp_path / "out" / SLUG / "480p15" / "03_Boom.mp4").exists()


def test_an_unreachable_scheduler_or_a_bad_address_is_one_line_fast(tmp_path):
    for bad in ("tcp://127.0.0.1:99999", "tcp://127.0.0.1", "127.0.0.1:8786", "tcp://a b:1", "tcp://h:1/x", ""):
        with pytest.raises(BadInput, match="--scheduler must be tcp://HOST:PORT"):
            scheduler_address(bad)
    assert scheduler_address("tcp://[::1]:8786") == "tcp://[::1]:8786"
    scenes = make_scenes(tmp_path)
    for address in (f"tcp://127.0.0.1:{free_port()}", "nonsense"):
        start = time.monotonic()
        proc = run(["render", "-q", "l", "--output", str(tmp_path / "out"), "--scheduler", address], scenes)
        assert time.monotonic() - start < 15, address
        assert_one_line_error(proc)
        assert "scheduler" in proc.stderr
        assert not (tmp_path / "out").exists()                             # nothing written


def test_a_worker_with_other_code_is_refused_before_anything_is_written(cluster, tmp_path):
    other = tmp_path / "scenes"
    other.mkdir()
    for p in cluster.scenes.glob("*.py"):
        (other / p.name).write_text(p.read_text())
    with open(other / "network_paths.py", "a") as fh:
        fh.write("# an edit the workers do not have\n")
    proc = run(["render", "-q", "l", "--output", str(tmp_path / "out"), "--scheduler", cluster.address,
                "--scenes", str(other), "NetworkSetup"], other)
    assert_one_line_error(proc)
    assert "other code" in proc.stderr and "NetworkSetup" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_worker_killed_mid_task_has_its_scene_rendered_by_the_other(cluster, tmp_path):
    """Last in the file: it leaves the cluster one worker short."""
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "backprop.cli", "render", "-q", "l", "--output", str(out),
                             "--scheduler", cluster.address, "Nap"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=cluster.env)
    try:
        busy = []

        def nap_running():
            busy[:] = [w for w, keys in cluster.client.processing().items() if any("Nap" in k for k in keys)]
            return bool(busy) and bool(cluster.worker_logs("Nap"))        # the worker's manim has started
        assert until(nap_running, timeout=60)
        names = {w: info["name"] for w, info in cluster.client.scheduler_info()["workers"].items()}
        victim = cluster.procs[names[busy[0]]]
        time.sleep(1)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    video = out / SLUG / "480p15" / "04_Nap.mp4"
    assert abs(probe(video)[0] - 1.0) < 0.1
    logs = cluster.worker_logs("Nap")          # started on the victim, rendered by the other worker
    assert len(logs) == 2 and len({log.relative_to(cluster.tmp).parts[0] for log in logs}) == 2
