"""The layers are checked, not assumed: import-linter's contracts hold and catch planted
upward imports, and a wheel installed outside the checkout finds its scenes."""
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"backprop": "backprop", "backprop_core": "backprop_core", "backprop_anim": "backprop_anim",
            "backprop_scenes": "scenes"}
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")


def lint(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(LINT is None, reason="import-linter is not installed (pip install -e '.[test]')")
def test_import_contracts_hold():
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


PLANTS = [
    ("backprop_core/notation.py", "import manim", "no manim"),
    ("backprop_core/network/spec.py", "from backprop_anim import theme", "above core"),
    ("backprop_anim/mobjects/matrix_terms.py", "from backprop_anim.pipeline import join", "render pipeline"),
    ("scenes/gradient_check.py", "from backprop_anim.pipeline import lecture", "render pipeline"),
    ("backprop_anim/pipeline/lecture.py", "import backprop.cli", "above core"),
    ("backprop/graph.py", "from backprop_anim.pipeline import join", "video stack"),
    ("backprop/train.py", "from backprop_anim import theme", "video stack"),
    ("backprop_anim/voice/wav.py", "import manim", "audio only"),
    ("backprop_anim/voice/cache.py", "from backprop_anim.pipeline import cache", "audio only"),
    ("backprop_core/i18n.py", "from backprop_anim.voice import synthesize", "never speaks"),
    ("backprop/derive.py", "from backprop_anim import voice", "video stack"),
]


@pytest.mark.skipif(LINT is None, reason="import-linter is not installed (pip install -e '.[test]')")
@pytest.mark.parametrize("path, line, contract", PLANTS, ids=[p[0] for p in PLANTS])
def test_a_planted_upward_import_breaks_a_contract(tmp_path, path, line, contract):
    for package, folder in PACKAGES.items():
        shutil.copytree(ROOT / folder, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    planted = tmp_path / path.replace("scenes/", "backprop_scenes/", 1)
    planted.write_text(planted.read_text() + f"\n{line}\n")
    proc = lint(tmp_path, pythonpath=tmp_path)
    assert proc.returncode != 0, proc.stdout
    broken = [l for l in proc.stdout.splitlines() if l.endswith("BROKEN")]
    assert len(broken) >= 1 and any(contract in l for l in broken), proc.stdout


def test_wheel_installed_outside_the_checkout_finds_its_scenes(tmp_path):
    """`pip install .` (not editable) gives a `backprop` that lists and derives from anywhere."""
    src = tmp_path / "backprop-anim"
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not files:
        pytest.skip("not a git checkout")
    for f in files:
        if (ROOT / f).is_file():
            (src / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, src / f)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                            str(src)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("*.whl"))
    import zipfile
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("backprop_core/locale/zh/LC_MESSAGES/backprop.mo", "backprop_core/locale/zh/LC_MESSAGES/backprop.po",
                 "backprop_anim/pipeline/presenter/presenter.js"):
        assert data in names, f"{data} missing from the wheel"
    assert "BuildBackendWarning" not in build.stderr, build.stderr[-2000:]
    tracked_modules = {f for f in files if f.endswith(".py") and f.split("/")[0] in ("backprop", "backprop_core",
                                                                                   "backprop_anim")}
    missing = sorted(f for f in tracked_modules if f not in names)
    assert not missing, f"modules missing from the wheel (pyproject's packages): {missing}"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies (manim, sympy, ...) come from this environment, after the wheel's own packages
    Path(site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKPROP_") and k != "PYTHONPATH"}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scenes = subprocess.run([str(venv / "bin" / "backprop"), "scenes", "--json"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert scenes.returncode == 0, scenes.stderr
    import json
    listed = json.loads(scenes.stdout)
    assert len(listed) >= 16 and [e["position"] for e in listed] == list(range(1, len(listed) + 1))
    assert all(e["file"].startswith("backprop_scenes/") for e in listed)        # the wheel's copies
    derive = subprocess.run([str(venv / "bin" / "backprop"), "derive", "--layers", "2,3,2", "--format", "json"],
                            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert derive.returncode == 0, derive.stderr
    data = json.loads(derive.stdout)
    assert data["network"]["layers"] == [2, 3, 2]
    where = subprocess.run([str(py), "-c", "import backprop_core, backprop_scenes; print(backprop_core.__file__); "
                            "print(backprop_scenes.__file__)"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert all(line.startswith(site) for line in where.stdout.split()), where.stdout


@pytest.mark.parametrize("argv", [["derive", "--param", "w1_1_1"], ["check", "--layers", "2,3,2"],
                                  ["graph", "(a+b)*(b+1)", "--at", "a=2,b=1"], ["derive", "--help"],
                                  ["train", "--help"]])
def test_the_mathematics_commands_never_load_the_video_stack(argv):
    """`backprop derive` and its kin load neither manim nor PyAV nor a voice (cli imports only the command that runs)."""
    code = (f"import sys; from backprop.cli import main\ntry: main({argv!r})\nexcept SystemExit: pass\n"
            "loaded = [m for m in ('manim', 'manimpango', 'av', 'backprop_anim.pipeline', 'backprop_anim.voice', "
            "'piper', 'onnxruntime', 'ai_edge_litert') if m in sys.modules]\n"
            "assert not loaded, loaded")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_planted_an_eager_command_table_loads_the_video_stack():
    """The check above can fail: importing every command module, as cli.py used to, loads PyAV."""
    code = ("import sys, importlib, backprop.cli as cli\n"
            "[importlib.import_module('backprop.' + c) for c in cli.COMMANDS]\nassert 'av' in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
