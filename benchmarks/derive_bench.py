"""Delta derivation + proof versus naive sympy.diff of the closed-form loss.

Both sides end with the same thing: every gradient of the network as an evaluated number
at one example. The baseline is what one would write without backprop: build E as one
closed-form expression, ``sympy.diff`` it by every parameter, lambdify (with cse) and
evaluate. Ours: derive paths and deltas, prove delta form == path sum exactly (expand),
lambdify the path sums and evaluate. Ratios are measured in the same run.

    .venv/bin/python benchmarks/derive_bench.py [--budget SECONDS]
"""
from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
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
