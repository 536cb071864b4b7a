"""``backprop check``: symbolic gradients against finite differences, NumPy backprop and torch."""
from __future__ import annotations

import json

from backprop_core.jsonfile import read_json
from backprop_core.network.check import DEFAULT_SAMPLE, check_example
from backprop_core.network.distinct import lecture_seed
from backprop_core.network.example import Example
from backprop_core.network.spec import MAX_PARAMETERS

from .options import MAX_SEED, bounded_int, network_options, spec_from_args


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="compare symbolic gradients with finite differences")
    network_options(p)
    p.add_argument("--spec", help="JSON file with layers, activation, loss, x, y, weights, biases")
    p.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=None,
                   help=f"seed for a random example (without --spec), 0..{MAX_SEED}; default: the "
                        f"lecture's example, the first whose shown numbers all differ")
    p.add_argument("--sample", type=bounded_int(1, MAX_PARAMETERS), default=DEFAULT_SAMPLE, metavar="K",
                   help=f"finite differences for K parameters drawn at random (all when fewer; default {DEFAULT_SAMPLE})")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _seed(args) -> int:
    return lecture_seed(spec_from_args(args)) if args.seed is None else args.seed


def _example(args) -> Example:
    if not args.spec:
        return Example.random(spec_from_args(args), _seed(args))
    return Example.from_dict(read_json(args.spec, "--spec"))


def run(args) -> int:
    sampling = args.seed if args.seed is not None else (0 if args.spec else _seed(args))
    report = check_example(_example(args), args.sample, sampling)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        net = report["network"]
        print(f"{'-'.join(map(str, net['layers']))} {net['activation']} {net['loss']}: loss {report['loss']:.12g}")
        fd = report["finite_difference"]
        if "sampled" in fd:
            print(f"finite differences on {fd['sampled']} of {fd['of']} parameters, drawn at random")
        print(f"symbolic vs finite differences: max abs {report['max_abs_error']:.3g}, max rel {report['max_rel_error']:.3g}")
        print(f"symbolic vs numpy backprop:     max rel {report['numpy_backprop']['max_rel_error']:.3g}")
        if "torch" in report:
            print(f"symbolic vs torch autograd:     max rel {report['torch']['max_rel_error']:.3g}")
        print("ok" if report["ok"] else "MISMATCH")
    return 0 if report["ok"] else 1
