"""Render-time benchmark of the full lecture: ratios measured in one run.

    .venv/bin/python benchmarks/render_bench.py              # cold N jobs, cached re-run, cold 1 job
    .venv/bin/python benchmarks/render_bench.py --no-serial  # skip the (slow) 1-job run
    .venv/bin/python benchmarks/render_bench.py --profile FinalLayerPaths --quality h   # where its time goes
    .venv/bin/python benchmarks/render_bench.py --languages   # cold English, then cold Chinese
    .venv/bin/python benchmarks/render_bench.py --farm [SCENE ...]   # a local Dask cluster of 2 workers vs --jobs 2
    .venv/bin/python benchmarks/render_bench.py --quality h --scenes FinalLayerPaths   # ours vs plain manim, PSNR
    .venv/bin/python benchmarks/render_bench.py --quality h --warm-tex --no-serial --voice none   # 1080p60 lecture

Prints: render time / video duration (target <= 2 on 2 cores at -ql), cached re-run / first run
(target <= 0.15), N jobs / 1 job; with --warm-tex, a cold render again into a fresh output root
that has only the first run's TeX pool (every formula compiled, nothing else kept); with --languages, the Chinese lecture against the English one;
with --farm, the lecture (or the named scenes) on a scheduler and 2 one-thread workers on this
machine against --jobs 2, both cold: the farm's overhead.
Each cold run uses a fresh output root (so a fresh cache, TeX pool included).
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def snapshot(dest: Path) -> Path:
    """Copy the packages and scenes, so edits by others during the benchmark cannot change the
    inputs between the first and the cached run (PYTHONPATH puts the copy before the install)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("backprop", "backprop_core", "backprop_anim", "scenes"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


VOICE: list[str] = []          # --voice X for every lecture render of this run (main sets it)


def render(out: Path, jobs: int, quality: str, root: Path = ROOT, extra=()) -> float:
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "backprop.cli", "render", "-q", quality, "--jobs", str(jobs),
           "--output", str(out), *VOICE, *extra]
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"render failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return seconds


def lecture_duration(out: Path) -> float:
    from backprop_anim.pipeline.join import video_info
    videos = list(out.glob("*/*/lecture.mp4"))       # renders/<slug>/<quality>/lecture.mp4
    return video_info(videos[0])[0]


# Where a render's main thread spends its time: cumulative time of these functions (file, name)
PARTS = {
    "TeX (latex + dvisvgm)": [("tex_file_writing.py", "tex_to_svg_file")],
    "rasterising (cairo)": [("camera.py", "capture_mobjects"), ("cairo_renderer.py", "get_frame"),
                            ("camera.py", "set_pixel_array")],
    "waiting for the encoder": [("scene_file_writer.py", "write_frame"), ("scene_file_writer.py", "end_animation"),
                                ("scene_file_writer.py", "finish")],
}


def breakdown(stats: pstats.Stats) -> dict[str, float]:
    """Seconds per part of :data:`PARTS`; the rest is the scene's own code (construction, copies,
    interpolation)."""
    cumulative = {}
    for (file, _, name), (_, _, _, ct, _) in stats.stats.items():
        key = (os.path.basename(file), name)
        cumulative[key] = max(cumulative.get(key, 0.0), ct)
    out = {part: sum(cumulative.get(f, 0.0) for f in funcs) for part, funcs in PARTS.items()}
    out["total"] = stats.total_tt
    out["scene code (the rest)"] = stats.total_tt - sum(v for k, v in out.items() if k != "total")
    return out


def profile_one(scene: str, frames: str, quality: str) -> None:
    """One scene in this process under cProfile; ``frames``: "ours" (the kit's frame path and the
    pipeline's encoder settings) or "manim" (plain manim: its frame path, its encoder defaults).
    Prints the breakdown as JSON, then the top functions by own time."""
    import json
    from backprop_anim.pipeline import encoder
    from backprop_anim.pipeline.lecture import lecture_scenes
    entry = next(e for e in lecture_scenes() if e.cls == scene)
    with tempfile.TemporaryDirectory() as media:
        sys.argv = ["manim", "render", f"-q{quality}", "--media_dir", media, "--progress_bar", "none",
                    "-v", "WARNING", str(entry.file), entry.cls]
        if frames == "ours":
            sys.argv[2:2] = ["--config_file", str(encoder.config_file(Path(media)))]
        os.environ.update(PYTHONHASHSEED="0", BACKPROP_FRAMES=frames)
        from manim.__main__ import main
        prof = cProfile.Profile()
        prof.enable()
        try:
            main(standalone_mode=False)
        except SystemExit:
            pass
        finally:
            prof.disable()
    stats = pstats.Stats(prof)
    print(json.dumps(breakdown(stats)))
    stats.strip_dirs().sort_stats("tottime").print_stats(15)


def profile(scene: str, quality: str) -> None:
    """Where one scene's time goes, plain manim against ours, each cold in a process of its own
    (silent: BACKPROP_VOICE=none unless set); under cProfile, so every part is slower than in a render."""
    import json
    env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_VOICE=os.environ.get("BACKPROP_VOICE", "none"))
    rows = {}
    for frames in ("manim", "ours"):
        proc = subprocess.run([sys.executable, __file__, "--profile-one", scene, frames, "--quality", quality],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("{")), None)
        if line is None:
            sys.exit(f"profile failed:\n{proc.stderr[-2000:]}")
        rows[frames] = json.loads(line)
    print(f"{scene} at -q{quality}, cold, under cProfile (main thread)   plain manim      ours")
    for part in rows["manim"]:
        print(f"  {part:42s} {rows['manim'][part]:9.1f} s {rows['ours'][part]:9.1f} s")


def compare_languages(jobs: int, quality: str) -> None:
    """The full lecture cold in English, then cold in Chinese (its own fresh cache), in one run."""
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        root = snapshot(Path(tmp) / "src")
        times, durations = {}, {}
        for lang in ("en", "zh"):
            out = Path(tmp) / lang
            times[lang] = render(out, jobs, quality, root, extra=("--lang", lang))
            durations[lang] = lecture_duration(out)
        for lang in ("en", "zh"):
            print(f"--lang {lang}: {times[lang]:7.1f} s for {durations[lang]:.1f} s of video at -q{quality}, "
                  f"{jobs} jobs")
        print(f"zh / en = {times['zh'] / times['en']:.2f}")


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def compare_farm(scenes: list[str], quality: str) -> None:
    """The same scenes cold with --jobs 2 and cold on a local Dask cluster of 2 one-thread workers
    (each with a fresh cache), in one run; the cluster is started here and ended before returning."""
    import signal
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        tmp = Path(tmp)
        root = snapshot(tmp / "src")
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(root))
        env.pop("BACKPROP_FARM_CACHE", None)
        address = f"tcp://127.0.0.1:{free_port()}"
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        cmds = [dask + ["--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard",
                         "--dashboard-address", "127.0.0.1:0"]]
        cmds += [[sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny",
                  "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(tmp / f"w{i}")] for i in (1, 2)]
        procs = [subprocess.Popen(c, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True) for c in cmds]
        try:
            from distributed import Client
            with Client(address, timeout=30, set_as_default=False) as client:
                client.wait_for_workers(2, timeout=60)
            local = render(tmp / "local", 2, quality, root, extra=scenes)
            farm = render(tmp / "farm", 2, quality, root, extra=("--scheduler", address, *scenes))
        finally:
            for proc in reversed(procs):           # the workers, then the scheduler
                os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                proc.wait()
        which = " ".join(scenes) if scenes else "the lecture"
        print(f"{which} at -q{quality}, cold: --jobs 2 {local:.1f} s, Dask cluster of 2 workers {farm:.1f} s; "
              f"farm / local = {farm / local:.2f}")


def frames_psnr(ours: Path, plain: Path, every: int = 5) -> tuple[float, int, int]:
    """The worst PSNR (dB) over every ``every``-th frame time of two videos (the pictures a player
    shows then: a held picture is one frame in our files), and their counts of frame times."""
    import numpy as np

    from backprop_anim.pipeline.frames import shown_frames
    worst, n_ours, n_plain = float("inf"), 0, 0
    for i, (a, b) in enumerate(itertools.zip_longest(shown_frames(ours), shown_frames(plain))):
        n_ours += a is not None
        n_plain += b is not None
        if a is not None and b is not None and i % every == 0:
            mse = float(np.mean((a.astype(np.float64) - b) ** 2))
            worst = min(worst, 99.0 if mse == 0 else 10 * np.log10(255 ** 2 / mse))
    return worst, n_ours, n_plain


def scene_ratios(scenes: list[str], quality: str) -> None:
    """Per scene, both cold (fresh media, fresh TeX): ``backprop render SCENE --jobs 1`` against plain
    ``manim render`` of the same file and class; render time / video duration; worst PSNR of our
    frames against plain manim's."""
    from backprop_anim.pipeline.join import video_info
    from backprop_anim.pipeline.lecture import lecture_scenes
    entries = {e.cls: e for e in lecture_scenes()}
    env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_VOICE=os.environ.get("BACKPROP_VOICE", "none"),
               BACKPROP_FRAMES="manim")                    # plain manim: its own frame path, not the kit's
    print(f"scene                    video s   ours s  plain s  ours/video  ours/plain  worst PSNR  frames")
    for name in scenes:
        entry = entries[name]
        with tempfile.TemporaryDirectory(prefix="scene-bench-") as tmp:
            start = time.monotonic()
            plain = subprocess.run([sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir",
                                    f"{tmp}/plain", "--progress_bar", "none", "-v", "WARNING", str(entry.file),
                                    entry.cls], cwd=ROOT, env=env, capture_output=True, text=True)
            plain_s = time.monotonic() - start
            if plain.returncode != 0:
                sys.exit(f"plain manim failed:\n{plain.stderr[-2000:]}")
            ours_s = render(Path(tmp) / "ours", 1, quality, extra=[name, "--voice", env["BACKPROP_VOICE"]])
            [ours] = [p for p in (Path(tmp) / "ours").rglob(f"*_{name}.mp4") if "sections" not in p.parts]
            [theirs] = list((Path(tmp) / "plain").rglob(f"{name}.mp4"))
            duration = video_info(ours)[0]
            psnr, n_ours, n_plain = frames_psnr(ours, theirs)
            print(f"{name:24s} {duration:7.1f} {ours_s:8.1f} {plain_s:8.1f} {ours_s / duration:11.2f} "
                  f"{ours_s / plain_s:11.2f} {psnr:10.2f}  {n_ours}/{n_plain}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quality", default="l")
    ap.add_argument("--no-serial", action="store_true", help="skip the cold 1-job run")
    ap.add_argument("--profile", metavar="SCENE", help="where one scene's time goes: plain manim against ours")
    ap.add_argument("--profile-one", nargs=2, metavar=("SCENE", "FRAMES"), help=argparse.SUPPRESS)
    ap.add_argument("--languages", action="store_true", help="compare a cold Chinese render with a cold English one")
    ap.add_argument("--scenes", nargs="+", metavar="SCENE", default=None,
                    help="per scene: our render (1 job, cold) against plain manim, with PSNR (use --quality h)")
    ap.add_argument("--warm-tex", action="store_true", help="also a cold render with the first run's TeX pool")
    ap.add_argument("--voice", help="the lecture's voice (none: silent, paced by reading time); default: render's")
    ap.add_argument("--farm", nargs="*", metavar="SCENE", default=None,
                    help="a local Dask cluster of 2 workers against --jobs 2 (the named scenes, else all)")
    args = ap.parse_args()
    if args.voice:
        VOICE[:] = ["--voice", args.voice]
    if args.farm is not None:
        compare_farm(args.farm, args.quality)
        return
    if args.scenes:
        scene_ratios(args.scenes, args.quality)
        return
    if args.profile_one:
        profile_one(*args.profile_one, args.quality)
        return
    if args.profile:
        profile(args.profile, args.quality)
        return
    if args.languages:
        compare_languages(args.jobs, args.quality)
        return
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        root = snapshot(Path(tmp) / "src")
        a, b = Path(tmp) / "parallel", Path(tmp) / "serial"
        first = render(a, args.jobs, args.quality, root)
        duration = lecture_duration(a)
        cached = render(a, args.jobs, args.quality, root)
        print(f"lecture: {duration:.1f} s of video at -q{args.quality}, {args.jobs} jobs on {os.cpu_count()} cores")
        print(f"first run:  {first:7.1f} s   render/duration = {first / duration:.2f}  (target <= 2)")
        print(f"cached run: {cached:7.1f} s   cached/first    = {cached / first:.3f} (target <= 0.15)")
        if args.warm_tex:
            warm = Path(tmp) / "warm-tex"
            shutil.copytree(a / ".cache" / "tex", warm / ".cache" / "tex")
            again = render(warm, args.jobs, args.quality, root)
            print(f"warm TeX:   {again:7.1f} s   render/duration = {again / duration:.2f}")
        if not args.no_serial:
            serial = render(b, 1, args.quality, root)
            print(f"1 job:      {serial:7.1f} s   {args.jobs} jobs / 1 job = {first / serial:.2f} "
                  f"(speed-up {serial / first:.2f}x)")


if __name__ == "__main__":
    main()
