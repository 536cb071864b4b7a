"""backprop: derive, check and (with the animation package) render backpropagation.

Bad input never shows a traceback: it is one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import json
import sys

from .errors import BadInput
from .spec import NetworkSpec


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as BadInput (one line, exit 2)."""

    def error(self, message):
        where = self.prog.removeprefix("backprop").strip()
        raise BadInput(f"{where}: {message}" if where else message)


def _network_options(p):
    p.add_argument("--layers", default="2,2,2", help="layer sizes, inputs first (default 2,2,2)")
    p.add_argument("--activation", default="sigmoid", help="sigmoid | tanh | relu | identity")
    p.add_argument("--loss", default="mse", help="mse | bce | softmax_ce")


def spec_from_args(args) -> NetworkSpec:
    return NetworkSpec.parse(args.layers, args.activation, args.loss)


def _derive(args) -> int:
    from .derivation import derive
    from .report import as_latex, as_markdown, as_text, derivation_dict
    data = derivation_dict(derive(spec_from_args(args)), args.param)
    render = {"json": lambda d: json.dumps(d, indent=2), "text": as_text,
              "latex": as_latex, "markdown": as_markdown}[args.format]
    print(render(data))
    return 0


def _check(args) -> int:
    from .check import check_example
    from .example import Example
    if args.spec:
        try:
            with open(args.spec, encoding="utf-8") as fh:
                data = json.load(fh)
        except OSError as exc:
            raise BadInput(f"--spec: cannot read {args.spec}: {exc.strerror}") from None
        except ValueError as exc:
            raise BadInput(f"--spec: {args.spec} is not valid JSON ({exc})") from None
        example = Example.from_dict(data)
    else:
        example = Example.random(spec_from_args(args), args.seed)
    report = check_example(example)
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="backprop", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("derive", help="print the derivation of every gradient")
    _network_options(p)
    p.add_argument("--param", help="only this parameter, e.g. w1_2_1 or b2_1")
    p.add_argument("--format", default="text", choices=["text", "latex", "markdown", "json"])
    p.set_defaults(func=_derive)

    p = sub.add_parser("check", help="compare symbolic gradients with finite differences")
    _network_options(p)
    p.add_argument("--spec", help="JSON file with layers, activation, loss, x, y, weights, biases")
    p.add_argument("--seed", type=int, default=0, help="seed for a random example (without --spec)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_check)

    for module in ("backprop_core.cli_graph", "backprop_core.cli_handout", "backprop_anim.commands"):
        try:
            register = __import__(module, fromlist=["register"]).register
        except ImportError:
            continue  # optional part not installed (or not written yet)
        register(sub)
    return parser


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except BadInput as exc:
        print(f"backprop: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("backprop: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
