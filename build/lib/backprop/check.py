"""``backprop check``: symbolic gradients against finite differences, NumPy backprop and torch."""
from __future__ import annotations

import json

from backprop_core.errors import BadInput
from backprop_core.network.check import check_example
from backprop_core.network.example import Example

from .options import network_options, spec_from_args


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="compare symbolic gradients with finite differences")
    network_options(p)
    p.add_argument("--spec", help="JSON file with layers, activation, loss, x, y, weights, biases")
    p.add_argument("--seed", type=int, default=0, help="seed for a random example (without --spec)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _example(args) -> Example:
    if not args.spec:
        return Example.random(spec_from_args(args), args.seed)
    try:
        with open(args.spec, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BadInput(f"--spec: cannot read {args.spec}: {exc.strerror}") from None
    except ValueError as exc:
        raise BadInput(f"--spec: {args.spec} is not valid JSON ({exc})") from None
    return Example.from_dict(data)


def run(args) -> int:
    report = check_example(_example(args))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        net = report["network"]
        print(f"{'-'.join(map(str, net['layers']))} {net['activation']} {net['loss']}: loss {report['loss']:.12g}")
        print(f"symbolic vs finite differences: max abs {report['max_abs_error']:.3g}, max rel {report['max_rel_error']:.3g}")
        print(f"symbolic vs numpy backprop:     max rel {report['numpy_backprop']['max_rel_error']:.3g}")
        if "torch" in report:
            print(f"symbolic vs torch autograd:     max rel {report['torch']['max_rel_error']:.3g}")
        print("ok" if report["ok"] else "MISMATCH")
    return 0 if report["ok"] else 1
