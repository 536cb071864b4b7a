"""Delta derivation + proof versus naive sympy.diff of the closed-form loss.

Both sides end with the same thing: every gradient of the network as an evaluated number
at one example. The baseline is what one would write without backprop: build E as one
closed-form expression, ``sympy.diff`` it by every parameter, lambdify (with cse) and
evaluate. Ours: derive paths and deltas, prove delta form == path sum exactly (expand),
lambdify the path sums and evaluate. Ratios are measured in the same run.

Then the scaling tables (issue 10): derive+prove time and peak RSS against depth (width 4,
depth 3..12) and width (depth 3, width 2..64), each in a fresh process; the naive baseline
where it finishes within --naive-budget; the fitted exponent k of time ~ depth^k; the two
CLI targets (derive 4^8 as JSON, check 784-30-10) timed end to end.

    .venv/bin/python benchmarks/derive_bench.py [--budget SECONDS] [--skip-table]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import sympy as sp

from backprop_core.network.activations import NUMPY_FUNCTIONS
from backprop_core.network.derivation import Derivation
from backprop_core.network.example import Example
from backprop_core.network.graph import NetworkGraph
from backprop_core.network.numeric import evaluate, leaf_values
from backprop_core.network.proof import symbolic_failures
from backprop_core.network.spec import NetworkSpec

NETWORKS = [(2, 2, 2), (4, 4, 4), (8, 8, 8), (4, 4, 4, 4, 4)]


def derive_and_prove(spec):
    d = Derivation(spec)
    assert symbolic_failures(d) == []
    return d


def naive_diff(spec, budget):
    """sympy.diff of the closed form by each parameter; None if over the time budget."""
    start = time.perf_counter()
    g = NetworkGraph(spec)
    closed = g.closed_form
    grads = []
    for p in g.parameters:
        grads.append(sp.diff(closed, p.symbol))
        if time.perf_counter() - start > budget:
            return None
    return g, grads


def naive_numbers(g, grads, example):
    leaves = g.leaf_symbols()
    fn = sp.lambdify(leaves, grads, modules=[NUMPY_FUNCTIONS, "numpy"], cse=True)
    values = leaf_values(example)
    out = fn(*(values[s.name] for s in leaves))
    return {p.name: float(v) for p, v in zip(g.parameters, out)}


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=600, help="seconds allowed for one naive run")
    parser.add_argument("--naive-budget", type=float, default=60, help="seconds for one naive run in the scaling tables")
    parser.add_argument("--skip-table", action="store_true", help="only the scaling tables and CLI targets")
    args = parser.parse_args(argv)
    if not args.skip_table:
        small_table(args)
    scaling(args)


# One measurement in a fresh interpreter: its own time (imports excluded) and its peak RSS.
_CHILD = """
import json, resource, sys, time
from backprop_core.network.spec import NetworkSpec
layers, what = tuple(json.loads(sys.argv[1])), sys.argv[2]
spec = NetworkSpec(layers)
start = time.perf_counter()
if what == "ours":
    from backprop_core.network.derivation import derive
    from backprop_core.network.proof import symbolic_failures
    from backprop_core.reports.derivation_report import derivation_dict
    data = derivation_dict(derive(spec))
    ok = data["proof"]["unproven"] == [] and all(
        p["path_count"] == spec.path_count(p["layer"]) for p in data["parameters"])
else:
    import sympy as sp
    from backprop_core.network.graph import NetworkGraph
    g = NetworkGraph(spec)
    closed = g.closed_form
    grads = [sp.diff(closed, p.symbol) for p in g.parameters]
    ok = True
print(json.dumps({"seconds": time.perf_counter() - start, "ok": ok,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(layers, what, timeout):
    """{"seconds", "ok", "peak_mb"} of one run, or None when it exceeded ``timeout``."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(list(layers)), what], env=env,
                             capture_output=True, text=True, timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.strip().splitlines()[-1])


def cli(args, timeout=600):
    """(wall seconds, peak MB, exit status, stdout) of one ``backprop`` command in a fresh process."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "p = subprocess.run([sys.executable, '-m', 'backprop.cli'] + sys.argv[1:], capture_output=True, text=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode); "
            "print(p.stdout)")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                         timeout=timeout).stdout
    head, _, rest = out.partition("\n")
    secs, mb, rc = head.split()
    return float(secs), float(mb), int(rc), rest


def _table(title, rows, key_name, naive_budget):
    print(f"\n{title}")
    print(f"{key_name:>6}{'params':>8}{'paths (layer 1)':>18}{'ours s':>9}{'ours MB':>9}{'naive s':>10}{'naive/ours':>11}")
    points, naive_alive = [], True
    for key, layers in rows:
        spec = NetworkSpec(layers)
        ours = measure(layers, "ours", 600)
        naive = measure(layers, "naive", naive_budget) if naive_alive else None
        naive_alive = naive is not None      # bigger networks only take longer
        params = sum((a + 1) * b for a, b in zip(layers, layers[1:]))
        naive_s = f"{naive['seconds']:.2f}" if naive else f">{naive_budget:.0f}"
        ratio = f"{naive['seconds'] / ours['seconds']:.1f}" if naive else "-"
        print(f"{key:>6}{params:>8}{spec.path_count(1):>18}{ours['seconds']:>9.3f}{ours['peak_mb']:>9.0f}"
              f"{naive_s:>10}{ratio:>11}{'' if ours['ok'] else '  PROOF/COUNT FAILED'}")
        sys.stdout.flush()
        points.append((key, ours["seconds"], params))
    return points


def scaling(args):
    points = _table("derive+prove (JSON report, exact induction proof) vs depth, width 4:",
                    [(d, (4,) * (d + 1)) for d in range(3, 13)], "depth", args.naive_budget)
    k = np.polyfit(np.log([p[0] for p in points]), np.log([p[1] for p in points]), 1)[0]
    kp = np.polyfit(np.log([p[2] for p in points]), np.log([p[1] for p in points]), 1)[0]
    print(f"fitted: time ~ depth^{k:.2f}; time ~ parameters^{kp:.2f} (paths grow as 4^depth)")
    points = _table("derive+prove vs width, depth 3:", [(w, (w,) * 4) for w in (2, 4, 8, 16, 32, 64)],
                    "width", args.naive_budget)
    k = np.polyfit(np.log([p[0] for p in points]), np.log([p[1] for p in points]), 1)[0]
    kp = np.polyfit(np.log([p[2] for p in points]), np.log([p[1] for p in points]), 1)[0]
    print(f"fitted: time ~ width^{k:.2f}; time ~ parameters^{kp:.2f}")

    print("\nCLI targets (wall time of the whole command, peak RSS):")
    secs, mb, rc, out = cli(["derive", "--layers", "4,4,4,4,4,4,4,4", "--format", "json"])
    data = json.loads(out)
    counts_ok = all(p["path_count"] == 4 ** (7 - p["layer"]) for p in data["parameters"])
    print(f"derive 4^8 --format json: {secs:.2f} s (target <= 2), {mb:.0f} MB (target <= 300), exit {rc}, "
          f"path_count layer 1 = {data['network']['paths_per_parameter']['1']} (4^6 = {4 ** 6}), "
          f"all counts right: {counts_ok}, proof: {data['proof']['method']}, unproven {data['proof']['unproven']}")
    secs, mb, rc, out = cli(["check", "--layers", "784,30,10", "--seed", "1", "--json"])
    rep = json.loads(out)
    torch = rep.get("torch", {}).get("max_rel_error", "torch not installed")
    print(f"check 784-30-10 --seed 1: {secs:.2f} s (target <= 20), {mb:.0f} MB, exit {rc}, "
          f"rel err vs numpy {rep['numpy_backprop']['max_rel_error']:.3g}, vs torch {torch}, "
          f"finite differences on {rep['finite_difference'].get('sampled')} of {rep['finite_difference'].get('of')} "
          f"(max rel {rep['max_rel_error']:.3g})")


def small_table(args):
    # warm SymPy's lazy imports once, so neither side pays them
    derive_and_prove(NetworkSpec((1, 1)))
    naive_diff(NetworkSpec((1, 1)), args.budget)
    print("derive+prove = paths, deltas and the exact proof delta form == path sum (ours);")
    print("naive diff = sympy.diff of the closed-form E by every parameter;")
    print("numbers = either side carried on to every gradient evaluated at one example.\n")
    print(f"{'network':<12}{'params':>7}{'derive+prove s':>16}{'naive diff s':>14}{'ratio':>8}"
          f"{'ours numbers s':>16}{'naive numbers s':>17}{'ratio':>8}  same")
    for layers in NETWORKS:
        spec = NetworkSpec(layers, "sigmoid", "mse")
        example = Example.random(spec, 0)
        t_ours, d = timed(derive_and_prove, spec)
        t_eval, ev = timed(evaluate, d, example)
        t_naive, naive = timed(naive_diff, spec, args.budget)
        name = "-".join(map(str, layers))
        if naive is None:
            print(f"{name:<12}{len(d.gradients):>7}{t_ours:>16.3f}{'>' + format(t_naive, '.0f'):>14}"
                  f"{'>' + format(t_naive / t_ours, '.0f'):>8}   (naive stopped at the budget)")
            continue
        t_num, g_naive = timed(naive_numbers, *naive, example)
        ours_total, naive_total = t_ours + t_eval, t_naive + t_num
        same = max(abs(ev.gradients[k] - g_naive[k]) for k in g_naive) < 1e-9
        print(f"{name:<12}{len(d.gradients):>7}{t_ours:>16.3f}{t_naive:>14.3f}{t_naive / t_ours:>8.0f}"
              f"{ours_total:>16.3f}{naive_total:>17.3f}{naive_total / ours_total:>8.0f}  {same}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
