"""Where ``backprop handout`` writes, what it does when it cannot, and caption text escaping (issue 14).

The faults are real, not mocked: a null device made with mknod, a FIFO, /dev/full, read-only and full
tmpfs mounts (root, as in CI; each test skips, saying why, where mount or mknod is not permitted).
Every fault check is a function returning its problems, and each has a planted failure: the old
write helper (a temp file renamed over whatever --output names) or the old escaping put back
in-process, and the same check must then report something.
"""
import errno
import functools
import html
import http.server
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from browser import browser, wait  # noqa: F401 (browser: a fixture)

from backprop_anim.pipeline.join import merge_srt, read_srt, srt_cue, srt_text, srt_time
from backprop_anim.pipeline.slides import vtt_text, webvtt

ROOT = Path(__file__).resolve().parent.parent
TITLE = "# Backpropagation for a 2-2-2 network"
NULL, FULL = os.makedev(1, 3), os.makedev(1, 7)


# ---- running the command ------------------------------------------------------------------------

@dataclass
class Outcome:
    code: int | None          # None: it raised (a traceback)
    out: str
    err: str


def cli(*args, cwd, env_extra=None) -> Outcome:
    env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_LANG="en", **(env_extra or {}))
    p = subprocess.run([sys.executable, "-m", "backprop.cli", *args], capture_output=True, text=True,
                       timeout=300, cwd=cwd, env=env)
    return Outcome(p.returncode, p.stdout, p.stderr)


@pytest.fixture
def inproc(monkeypatch, capsys):
    """``backprop`` in this process (so a helper can be planted); an exception is what a user would
    see as a traceback."""
    monkeypatch.setenv("BACKPROP_LANG", "en")
    from backprop.cli import main

    def go(*args) -> Outcome:
        capsys.readouterr()
        try:
            code, extra = main(list(args)), ""
        except Exception as exc:        # noqa: BLE001 — the old helpers let OSError out
            code, extra = None, f"Traceback (most recent call last):\n{type(exc).__name__}: {exc}\n"
        cap = capsys.readouterr()
        return Outcome(code, cap.out, cap.err + extra)
    return go


@pytest.fixture
def handout_mod():
    import backprop.handout
    return backprop.handout


def old_write(target, data: bytes) -> None:
    """The write helper before issue 14: a temp file next to the path as given, renamed over it."""
    path = target.shown
    tmp = path.with_name(f".{path.name}.partial{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def leaky_write(target, data: bytes) -> None:
    """A helper that forgets its temp file when the write fails."""
    tmp = target.path.with_name(f".{target.path.name}.partial")
    with open(tmp, "wb", buffering=0) as fh:
        fh.write(data)
    os.replace(tmp, target.path)


# ---- the checks ---------------------------------------------------------------------------------

def fault_problems(r: Outcome, *words: str) -> list[str]:
    """Why ``r`` is not one clean fault line: exit 2, one ``backprop: handout: ...`` line naming ``words``."""
    problems = []
    if r.code != 2:
        problems.append(f"exit status {r.code}")
    lines = r.err.strip().splitlines()
    if len(lines) != 1 or not r.err.startswith("backprop: handout: "):
        problems.append(f"stderr is not one line: {r.err!r}")
    if "Traceback" in r.err:
        problems.append("a traceback")
    problems += [f"{w!r} not said" for w in words if w.lower() not in r.err.lower()]
    return problems


def leftovers(folder: Path, expected) -> list[str]:
    """Names in ``folder`` other than ``expected`` (a temp file left behind, a file where none belongs)."""
    return sorted(set(os.listdir(folder)) - set(expected))


def device_problems(path: Path, rdev: int) -> list[str]:
    st = os.lstat(path)
    if not stat.S_ISCHR(st.st_mode):
        return [f"{path} is no longer a character device (mode {stat.filemode(st.st_mode)})"]
    return [] if st.st_rdev == rdev else [f"{path} is another device"]


def is_handout(data: bytes | str) -> bool:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return text.startswith(TITLE) and "BP4" in text and text.endswith("\n")


# ---- file systems and special files -------------------------------------------------------------

@pytest.fixture
def tmpfs(tmp_path):
    """mount(name, size) -> a fresh tmpfs under tmp_path; all unmounted at teardown."""
    mounted = []

    def mount(name: str, size: str = "64k") -> Path:
        point = tmp_path / name
        point.mkdir()
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)],
                           capture_output=True, text=True)
        if p.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {p.stderr.strip() or 'not permitted'}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        if subprocess.run(["umount", str(point)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


def remount_read_only(point: Path) -> None:
    p = subprocess.run(["mount", "-o", "remount,ro", str(point)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def fill(point: Path) -> None:
    """Write zeros into point/fill until the file system says it is full."""
    fd = os.open(point / "fill", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    assert os.statvfs(point).f_bavail == 0


def make_device(path: Path, rdev: int) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, rdev)
    except PermissionError:
        pytest.skip("mknod is not permitted (needs root)")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        pytest.skip(f"device files do not open under {path.parent} ({exc.strerror}: a nodev mount?)")
    return path


class FifoReader:
    """Reads a FIFO in a thread until released. It holds both ends itself (O_RDWR), so neither the
    writer's open nor its own waits, and end of file comes only from :meth:`finish`."""

    def __init__(self, path: Path):
        self.keep = os.open(path, os.O_RDWR)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(self.fd, True)
        self.data = bytearray()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while chunk := os.read(self.fd, 65536):
            self.data += chunk

    def finish(self) -> bytes:
        os.close(self.keep)
        self.thread.join(timeout=30)
        os.close(self.fd)
        return bytes(self.data)


# ---- 1. symlinks, devices, FIFOs: what --output names ----------------------------------------------

def symlink_setup(tmp_path: Path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "handout.md"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to("real/handout.md")
    return link, target


def symlink_problems(link: Path, dest: str, target: Path) -> list[str]:
    problems = []
    if not link.is_symlink():
        problems.append(f"{link} is no longer a symlink")
    elif os.readlink(link) != dest:
        problems.append(f"{link} points elsewhere now")
    if not is_handout(target.read_bytes()):
        problems.append(f"{target} (the link's target) was not written")
    return problems


def test_a_symlink_output_writes_its_target_and_the_link_stays(tmp_path):
    link, target = symlink_setup(tmp_path)
    r = cli("handout", "--output", "link.md", cwd=tmp_path)
    assert r.code == 0, r.err
    assert symlink_problems(link, "real/handout.md", target) == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o640          # replaced, permission bits kept
    assert Path(r.out.strip()) == link
    dangling = tmp_path / "new-link.md"                           # a dangling link: its target is made
    dangling.symlink_to("real/new.md")
    assert cli("handout", "--output", str(dangling), cwd=tmp_path).code == 0
    assert symlink_problems(dangling, "real/new.md", tmp_path / "real" / "new.md") == []
    assert leftovers(tmp_path / "real", {"handout.md", "new.md"}) == []
    assert leftovers(tmp_path, {"real", "link.md", "new-link.md"}) == []


def test_planted_rename_over_the_link_is_caught(tmp_path, inproc, monkeypatch, handout_mod):
    link, target = symlink_setup(tmp_path)
    monkeypatch.setattr(handout_mod, "write_output", old_write)
    assert inproc("handout", "--output", str(link)).code == 0
    assert symlink_problems(link, "real/handout.md", target)      # the link became a regular file


def test_a_directory_is_refused(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "to-d").symlink_to("d")
    for out in ("d", "to-d"):
        r = cli("handout", "--output", out, cwd=tmp_path)
        assert fault_problems(r, "is a directory") == []
    assert leftovers(tmp_path / "d", set()) == []


def test_a_null_device_is_written_into_and_stays_a_device(tmp_path):
    null = make_device(tmp_path / "null", NULL)
    r = cli("handout", "--output", str(null), cwd=tmp_path)
    assert r.code == 0, r.err
    assert device_problems(null, NULL) == []
    assert leftovers(tmp_path, {"null"}) == []


def test_planted_rename_over_the_device_is_caught(tmp_path, inproc, monkeypatch, handout_mod):
    null = make_device(tmp_path / "null", NULL)
    monkeypatch.setattr(handout_mod, "write_output", old_write)
    assert inproc("handout", "--output", str(null)).code == 0
    assert device_problems(null, NULL)                            # a regular file now


def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    r = cli("handout", "--output", str(fifo), cwd=tmp_path)
    data = reader.finish()
    assert r.code == 0, r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and is_handout(data)
    monkeypatch.setenv("BACKPROP_LANG", "en")
    from backprop_core import NetworkSpec
    from backprop_core.reports.handout import as_markdown, handout_data
    assert data.decode("utf-8") == as_markdown(handout_data(NetworkSpec((2, 2, 2), "sigmoid", "mse")))   # the lecture's example
    assert leftovers(tmp_path, {"pipe"}) == []


def test_planted_rename_over_the_fifo_is_caught(tmp_path, inproc, monkeypatch, handout_mod):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    monkeypatch.setattr(handout_mod, "write_output", old_write)
    assert inproc("handout", "--output", str(fifo)).code == 0
    data = reader.finish()
    assert not (stat.S_ISFIFO(os.lstat(fifo).st_mode) and is_handout(data))


def test_stdout_is_written_into_and_a_full_stdout_is_one_line(tmp_path):
    r = cli("handout", "--output", "-", cwd=tmp_path)
    assert r.code == 0 and is_handout(r.out) and leftovers(tmp_path, set()) == []
    if not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "backprop.cli", "handout", "--output", "-"], stdout=full,
                           stderr=subprocess.PIPE, text=True, timeout=300, cwd=tmp_path,
                           env=dict(os.environ, BACKPROP_LANG="en"))
    assert fault_problems(Outcome(p.returncode, "", p.stderr), "stdout", "no space left on device") == []
    if shutil.which("pdflatex"):
        r = cli("handout", "--format", "pdf", "--output", "-", cwd=tmp_path)
        assert fault_problems(r, "stdout") == []                  # a PDF to - stays refused


# ---- 3. environment faults: one line, exit 2, nothing left ---------------------------------------

def test_dev_full_is_one_line_and_stays_a_device(tmp_path):
    if not os.path.exists("/dev/full") or device_problems(Path("/dev/full"), FULL):
        pytest.skip("no /dev/full character device here")
    r = cli("handout", "--output", "/dev/full", cwd=tmp_path)
    assert fault_problems(r, "/dev/full", "no space left on device") == []
    assert device_problems(Path("/dev/full"), FULL) == []
    assert not [n for n in os.listdir("/dev") if n.startswith(".full")]
    own = make_device(tmp_path / "full", FULL)                   # the same on a device of our own
    r = cli("handout", "--output", "full", cwd=tmp_path)
    assert fault_problems(r, "no space left on device") == [] and device_problems(own, FULL) == []
    assert leftovers(tmp_path, {"full"}) == []


def test_planted_rename_over_a_full_device_is_caught(tmp_path, inproc, monkeypatch, handout_mod):
    own = make_device(tmp_path / "full", FULL)                   # never the real /dev/full
    monkeypatch.setattr(handout_mod, "write_output", old_write)
    r = inproc("handout", "--output", str(own))
    assert fault_problems(r, "no space left on device") and device_problems(own, FULL)


def test_read_only_file_system_is_one_line_and_nothing_changes(tmpfs, tmp_path, inproc):
    ro = tmpfs("ro")
    (ro / "old.md").write_text("old\n")
    remount_read_only(ro)
    r = cli("handout", "--output", str(ro / "old.md"), cwd=tmp_path)
    assert fault_problems(r, str(ro / "old.md"), "read-only file system") == []
    for out in (ro / "new.md", ro / "sub" / "new.md"):           # a new file, a parent to create
        assert fault_problems(inproc("handout", "--output", str(out)), "read-only file system") == []
    r = inproc("handout", "--format", "latex", "--output", str(ro / "sub" / "h.tex"))
    assert fault_problems(r, f"cannot create {ro / 'sub'}") == []
    assert leftovers(ro, {"old.md"}) == [] and (ro / "old.md").read_text() == "old\n"


def test_planted_unguarded_write_on_read_only_is_caught(tmpfs, inproc, monkeypatch, handout_mod):
    ro = tmpfs("ro")
    remount_read_only(ro)
    monkeypatch.setattr(handout_mod, "write_output", old_write)
    assert fault_problems(inproc("handout", "--output", str(ro / "new.md")), "read-only")


def test_full_file_system_is_one_line_no_temp_file_and_works_once_freed(tmpfs, tmp_path, inproc):
    full = tmpfs("full", "64k")
    (full / "old.md").write_text("old\n")
    fill(full)
    for out in ("new.md", "old.md"):
        r = cli("handout", "--output", str(full / out), cwd=tmp_path)
        assert fault_problems(r, f"no space left on device under {full}") == []
        assert leftovers(full, {"fill", "old.md"}) == []
    assert (full / "old.md").read_text() == "old\n"               # the old file is still whole
    r = inproc("handout", "--output", str(full / "sub" / "new.md"))   # the folder fits, the file does not
    assert fault_problems(r, "no space left on device") == []
    assert not (full / "sub").exists() or leftovers(full / "sub", set()) == []
    (full / "fill").unlink()
    r = cli("handout", "--output", str(full / "new.md"), cwd=tmp_path)
    assert r.code == 0, r.err
    assert is_handout((full / "new.md").read_bytes()) and leftovers(full, {"new.md", "old.md", "sub"}) == []


def test_planted_temp_file_left_on_a_full_file_system_is_caught(tmpfs, inproc, monkeypatch, handout_mod):
    full = tmpfs("full", "64k")
    fill(full)
    monkeypatch.setattr(handout_mod, "write_output", old_write)   # a traceback instead of one line
    assert fault_problems(inproc("handout", "--output", str(full / "h.md")), "no space")
    monkeypatch.setattr(handout_mod, "write_output", leaky_write)  # and a temp file left behind
    inproc("handout", "--output", str(full / "h.md"))
    assert leftovers(full, {"fill"})


def without_permission_override(args: list[str]) -> list[str]:
    """Root writes anywhere (CAP_DAC_OVERRIDE): run it without that capability, so a 0555 folder
    says "permission denied" to root as it does to everyone else."""
    if os.geteuid() != 0:
        return args
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's permission override")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *args]


def test_permission_denied_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    env = dict(os.environ, BACKPROP_LANG="en", PYTHONDONTWRITEBYTECODE="1")
    try:
        def run(out):
            p = subprocess.run(without_permission_override([sys.executable, "-m", "backprop.cli", "handout",
                                                            "--output", str(out)]),
                               capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
            return Outcome(p.returncode, p.stdout, p.stderr)
        probe = subprocess.run(without_permission_override(["sh", "-c", f"touch {locked}/probe"]), capture_output=True)
        if probe.returncode == 0:
            pytest.skip("permissions are not enforced here")
        assert fault_problems(run(locked / "h.md"), f"cannot write {locked / 'h.md'}", "permission denied") == []
        assert fault_problems(run(locked / "sub" / "h.md"), f"cannot create {locked / 'sub'}",
                              "permission denied") == []
        assert leftovers(locked, set()) == []
    finally:
        locked.chmod(0o755)


def test_a_parent_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    r = cli("handout", "--output", "file/sub/h.md", cwd=tmp_path)
    assert fault_problems(r, "not a directory") == [] and leftovers(tmp_path, {"file"}) == []


needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")


@needs_pdflatex
def test_pdf_on_a_full_file_system_leaves_nothing(tmpfs, tmp_path):
    full = tmpfs("full", "64k")
    fill(full)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    r = cli("handout", "--format", "pdf", "--output", str(full / "h.pdf"), cwd=tmp_path,
            env_extra={"TMPDIR": str(tmp)})
    assert fault_problems(r, f"no space left on device under {full}") == []
    assert leftovers(full, {"fill"}) == [] and leftovers(tmp, set()) == []   # nor the compile's temp dir


@needs_pdflatex
def test_pdf_temp_dir_full_or_read_only_is_one_line(tmpfs, tmp_path, inproc, monkeypatch):
    full, ro = tmpfs("full", "64k"), tmpfs("ro")
    fill(full)
    remount_read_only(ro)
    out = tmp_path / "h.pdf"
    monkeypatch.setattr(tempfile, "tempdir", str(full))         # TMPDIR would be skipped when unusable
    assert fault_problems(inproc("handout", "--format", "pdf", "--output", str(out)), "no space left on device") == []
    assert leftovers(full, {"fill"}) == []
    monkeypatch.setattr(tempfile, "tempdir", str(ro))
    assert fault_problems(inproc("handout", "--format", "pdf", "--output", str(out)), "read-only") == []
    assert not out.exists()


@needs_pdflatex
def test_planted_temp_dir_left_behind_is_caught(tmpfs, tmp_path, inproc, monkeypatch, handout_mod):
    full = tmpfs("full", "64k")
    fill(full)
    monkeypatch.setattr(tempfile, "tempdir", str(full))
    monkeypatch.setattr(handout_mod.shutil, "rmtree", lambda *a, **k: None)
    inproc("handout", "--format", "pdf", "--output", str(tmp_path / "h.pdf"))
    assert leftovers(full, {"fill"})


# ---- 2. relative and default output ------------------------------------------------------------

def test_a_relative_output_is_the_callers_directory(tmp_path):
    (tmp_path / "here").mkdir()
    r = cli("handout", "--output", "../out/h.md", cwd=tmp_path / "here")
    assert r.code == 0, r.err
    assert is_handout((tmp_path / "out" / "h.md").read_bytes())
    assert Path(r.out.strip()).resolve() == (tmp_path / "out" / "h.md").resolve()
    assert leftovers(tmp_path, {"here", "out"}) == [] and leftovers(tmp_path / "here", set()) == []


def relative_problems(here: Path, elsewhere: Path) -> list[str]:
    problems = [] if (here / "rel" / "h.md").exists() else [f"nothing at {here / 'rel' / 'h.md'}"]
    if (elsewhere / "rel").exists():
        problems.append(f"written under {elsewhere}, the directory changed to while it ran")
    return problems


def _chdir_while_running(monkeypatch, handout_mod, elsewhere):
    real = handout_mod.handout_data

    def moving(*args, **kwargs):
        monkeypatch.chdir(elsewhere)        # anything that runs may change directory
        return real(*args, **kwargs)
    monkeypatch.setattr(handout_mod, "handout_data", moving)


def test_a_relative_output_is_resolved_before_anything_runs(tmp_path, inproc, monkeypatch, handout_mod):
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir(), elsewhere.mkdir()
    monkeypatch.chdir(here)
    _chdir_while_running(monkeypatch, handout_mod, elsewhere)
    assert inproc("handout", "--output", "rel/h.md").code == 0
    assert relative_problems(here, elsewhere) == []


def test_planted_late_resolution_is_caught(tmp_path, inproc, monkeypatch, handout_mod):
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir(), elsewhere.mkdir()
    monkeypatch.chdir(here)
    _chdir_while_running(monkeypatch, handout_mod, elsewhere)
    monkeypatch.setattr(handout_mod, "output_target",
                        lambda output, default: handout_mod.Target(Path(output), Path(output), False))
    inproc("handout", "--output", "rel/h.md")
    assert relative_problems(here, elsewhere)


SLUG_ARGS = ("--layers", "3,1,2", "--activation", "identity", "--loss", "mse")   # a lecture nobody renders


@pytest.fixture
def repo_handout():
    """renders/3-1-2_identity_mse/handout.md of the checkout, put back as it was afterwards."""
    folder = ROOT / "renders" / "3-1-2_identity_mse"
    path = folder / "handout.md"
    had_folder, before = folder.exists(), (path.read_bytes() if path.exists() else None)
    yield path
    if before is not None:
        path.write_bytes(before)
    else:
        path.unlink(missing_ok=True)
    if not had_folder and folder.exists() and not os.listdir(folder):
        folder.rmdir()


def default_problems(r: Outcome, cwd: Path, expected: Path) -> list[str]:
    problems = [] if r.code == 0 else [f"exit {r.code}: {r.err}"]
    if r.out.strip() != str(expected):
        problems.append(f"printed {r.out.strip()!r}, not {expected}")
    if not expected.exists():
        problems.append(f"nothing at {expected}")
    if os.listdir(cwd):
        problems.append(f"wrote into the current directory: {os.listdir(cwd)}")
    return problems


def test_default_output_is_the_checkouts_renders(tmp_path, repo_handout):
    r = cli("handout", *SLUG_ARGS, cwd=tmp_path)
    assert default_problems(r, tmp_path, repo_handout) == []
    assert repo_handout.read_text().startswith("# Backpropagation for a 3-1-2 network")


def test_planted_cwd_relative_default_is_caught(tmp_path, inproc, monkeypatch, handout_mod, repo_handout):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(handout_mod, "renders_root", lambda: Path("renders"))    # the old default
    assert default_problems(inproc("handout", *SLUG_ARGS), tmp_path, repo_handout)


def test_installed_without_a_checkout_the_default_is_under_the_cwd_and_printed(tmp_path, inproc, monkeypatch):
    from backprop_anim.pipeline import lecture
    monkeypatch.setattr(lecture, "ROOT", tmp_path / "site-packages")      # what a wheel's ROOT looks like
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    r = inproc("handout")
    expected = tmp_path / "cwd" / "renders" / "2-2-2_sigmoid_mse" / "handout.md"
    assert r.code == 0 and r.out.strip() == str(expected) and is_handout(expected.read_bytes())


# ---- 4. caption text: WebVTT and SRT ------------------------------------------------------------

CUES = [(0.0, 1.0, "a < b & c > d"), (1.0, 2.0, "x --> y"), (2.0, 3.0, "one\n\n  \ntwo"),
        (3.0, 4.0, "<b>not bold</b> &amp; {\\an8} C:\\New"), (4.0, 5.0, "line\r\nbreak"), (5.0, 6.0, "plain")]


def collapsed(text: str) -> str:
    """The text a cue can carry: line breaks kept, blank lines gone."""
    lines = [l.rstrip() for l in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(l for l in lines if l.strip())


def vtt_problems(vtt: str, cues) -> list[str]:
    """Parse ``vtt`` as the WebVTT spec does (blank line ends a cue, ``-->`` makes a timing line,
    ``<`` starts a tag, ``&`` an escape) and compare each cue's decoded text with ``cues``."""
    problems = []
    if not vtt.startswith("WEBVTT\n\n"):
        return ["no WEBVTT header"]
    blocks = [b for b in vtt[len("WEBVTT\n\n"):].removesuffix("\n").split("\n\n") if b]
    parsed = []
    for block in blocks:
        lines = block.split("\n")
        m = re.fullmatch(r"(\S+) --> (\S+)", lines[0])
        if not m:
            problems.append(f"a block without a timing line: {block!r}")
            continue
        payload = "\n".join(lines[1:])
        if "-->" in payload:
            problems.append(f"'-->' in a cue: {payload!r}")
        if "<" in payload:
            problems.append(f"markup in a cue: {payload!r}")
        if re.search(r"&(?!(amp|lt|gt);)", payload):
            problems.append(f"a bare '&' in a cue: {payload!r}")
        parsed.append(html.unescape(payload))
    want = [collapsed(t) for *_, t in cues]
    if parsed != want:
        problems.append(f"cue texts {parsed!r} != {want!r}")
    return problems


def old_webvtt(cues):
    """webvtt() before issue 14: '-->' spelled with a space, nothing else escaped."""
    blocks = [f"00:00:00.000 --> 00:00:01.000\n{text.replace('-->', '-- >')}" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def test_webvtt_escapes_and_parses_back_to_the_text():
    vtt = webvtt(CUES)
    assert vtt_problems(vtt, CUES) == []
    assert "a &lt; b &amp; c &gt; d" in vtt and "x --&gt; y" in vtt and "one\ntwo" in vtt
    assert vtt_text("plain words, 权重 w") == "plain words, 权重 w"
    assert vtt_problems(old_webvtt(CUES), CUES)                    # planted: the old escaping fails


def looks(srt_cue_text: str) -> str:
    """What a viewer reads in a cue written by srt_text: the lookalikes read as what they stand for."""
    t = srt_cue_text.replace("‹", "<").replace("›", ">").replace("｛", "{").replace("｝", "}")
    return t.replace("\u2060", "").replace("-- >", "-->")


def srt_problems(srt: str, texts: list[str]) -> list[str]:
    """``srt`` decoded by FFmpeg's SRT decoder (what mpv and most players use, through PyAV): one
    event per cue, no markup or override read into it, and the viewer reads the original words."""
    av = pytest.importorskip("av")
    problems = []
    with tempfile.NamedTemporaryFile("w", suffix=".srt", encoding="utf-8", delete=False) as fh:
        fh.write(srt)
    try:
        with av.open(fh.name) as c:
            shown = [sub.dialogue.decode("utf-8") for p in c.demux(c.streams.subtitles[0]) for sub in p.decode()]
    finally:
        os.unlink(fh.name)
    if len(shown) != len(texts):
        problems.append(f"{len(shown)} events for {len(texts)} cues: {shown!r}")
    for got, text in zip(shown, texts):
        if looks(got) != collapsed(text):
            problems.append(f"a player shows {got!r} for {text!r}")
    return problems


def old_merge(cues) -> str:
    """merge_srt's output before issue 14: the text as it came."""
    return "\n".join(f"{n}\n{srt_time(a)} --> {srt_time(b)}\n{t}\n" for n, (a, b, t) in enumerate(cues, 1))


def test_srt_text_is_safe_for_players_and_round_trips(tmp_path):
    srt = "\n".join(srt_cue(n, a, b, t) for n, (a, b, t) in enumerate(CUES, 1))
    assert srt_problems(srt, [t for *_, t in CUES]) == []
    assert [(a, b) for a, b, _ in read_srt(srt)] == [(a, b) for a, b, _ in CUES]
    assert [t for *_, t in read_srt(srt)] == [srt_text(t) for *_, t in CUES]
    for *_, t in CUES:
        assert srt_text(srt_text(t)) == srt_text(t)
        assert not re.search(r"<[^<>]*>|[{}]|-->|\n\s*\n", srt_text(t))
    assert srt_text("plain words, 权重 w, a <= b & c") == "plain words, 权重 w, a <= b & c"
    assert srt_problems(old_merge(CUES), [t for *_, t in CUES])    # planted: the old text fails


def test_merge_srt_escapes_what_manim_wrote_and_is_stable(tmp_path):
    # what manim writes for a subcaption (srt.compose drops blank lines, escapes nothing)
    a, b = tmp_path / "01.srt", tmp_path / "02.srt"
    a.write_text("1\n00:00:00,000 --> 00:00:01,000\ne = (a+b)*(b+1) <b>\n\n2\n00:00:01,000 --> 00:00:02,000\n"
                 "{\\an8}δ < 0 > ε\n", encoding="utf-8")
    b.write_text("1\n00:00:00,500 --> 00:00:01,000\nsecond\nline two\n", encoding="utf-8")
    merged = merge_srt([(0.0, a), (10.0, b)])
    texts = ["e = (a+b)*(b+1) <b>", "{\\an8}δ < 0 > ε", "second\nline two"]
    assert srt_problems(merged, texts) == []
    assert read_srt(merged) == [(0.0, 1.0, srt_text(texts[0])), (1.0, 2.0, srt_text(texts[1])),
                                (10.5, 11.0, "second\nline two")]
    again = tmp_path / "lecture.srt"
    again.write_text(merged, encoding="utf-8")
    assert merge_srt([(0.0, again)]) == merged                     # merging a merged file changes nothing


# ---- the browser: Chromium's own WebVTT parser, and the presenter page ----------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    """tmp_path over http://127.0.0.1 (a <track> loads from the same origin only, never from file://)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def chromium_cues(b, base: str, name: str) -> list[str]:
    """The cue texts of ``name`` as Chromium's WebVTT parser reads them (decoded, tags applied)."""
    b.get(f"{base}/page.html")
    b.execute_script("""const v = document.createElement('video'); const t = document.createElement('track');
        t.kind = 'captions'; t.src = arguments[0]; t.default = true; v.appendChild(t); document.body.appendChild(v);
        t.track.mode = 'hidden'; window.loaded = false; t.onload = () => { window.loaded = true; };
        t.onerror = () => { window.loaded = 'error'; }; window.vtt = t;""", name)
    assert wait(b, "window.loaded") is True, "the .vtt did not load"
    return b.execute_script("return Array.from(window.vtt.track.cues).map(c => c.getCueAsHTML().textContent);")


def test_chromium_reads_our_webvtt_back_as_the_text(browser, served):
    folder, base = served
    (folder / "page.html").write_text("<!doctype html><meta charset='utf-8'><body></body>")
    (folder / "new.vtt").write_text(webvtt(CUES), encoding="utf-8")
    (folder / "old.vtt").write_text(old_webvtt(CUES), encoding="utf-8")
    want = [collapsed(t) for *_, t in CUES]
    assert chromium_cues(browser, base, "new.vtt") == want
    assert chromium_cues(browser, base, "old.vtt") != want        # planted: the old file reads otherwise


def tiny_video(path: Path, seconds: float = 2.0, fps: int = 15) -> None:
    import av
    import numpy as np
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as out:
        s = out.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = 160, 96, "yuv420p"
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((96, 160, 3), 8 * i, np.uint8), format="rgb24")
            for packet in s.encode(frame):
                out.mux(packet)
        for packet in s.encode():
            out.mux(packet)


SPECIAL = "a < b && c > d --> e <b>not bold</b> {\\an8} &amp;"


def test_the_presenter_shows_cue_text_as_written(browser, tmp_path, monkeypatch):
    """A deck built from a scene .srt whose cue holds markup-like text: the page shows it literally."""
    monkeypatch.setenv("BACKPROP_LANG", "en")
    from backprop_anim.pipeline.slides import build_slides
    out_dir = tmp_path / "renders" / "x" / "480p15"
    tiny_video(out_dir / "sections" / "01_Tiny" / "beat.mp4")
    (out_dir / "01_Tiny.srt").write_text(f"1\n00:00:00,000 --> 00:00:02,000\n{SPECIAL}\n", encoding="utf-8")
    job = SimpleNamespace(lecture_dir=out_dir.parent, out_dir=out_dir, slug="x", quality="480p15")
    entry = SimpleNamespace(stem="01_Tiny", position=1, cls="Tiny", title="Tiny", description="A tiny scene.")
    result = SimpleNamespace(entry=entry, sections=[{"name": "beat", "video": "beat.mp4", "duration": 2.0}])
    index = build_slides(job, [result], None)
    assert vtt_problems((index.parent / "captions" / "01_Tiny_01.vtt").read_text(encoding="utf-8"),
                        [(0, 2, SPECIAL)]) == []
    browser.get(index.as_uri())
    assert wait(browser, "window.presenter && document.getElementById('video').readyState >= 1")
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    shown = wait(browser, "document.getElementById('caption').innerText")
    assert shown == SPECIAL
