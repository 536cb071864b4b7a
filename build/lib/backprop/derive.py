"""``backprop derive``: every gradient's paths, path sums, δ form and matrix form (text, LaTeX, Markdown, JSON)."""
from __future__ import annotations

import json

from backprop_core.network.derivation import derive
from backprop_core.reports.derivation_report import as_latex, as_markdown, as_text, derivation_dict

from .options import network_options, spec_from_args

FORMATS = {"json": lambda d: json.dumps(d, indent=2), "text": as_text, "latex": as_latex, "markdown": as_markdown}


def register(subparsers) -> None:
    p = subparsers.add_parser("derive", help="print the derivation of every gradient")
    network_options(p)
    p.add_argument("--param", help="only this parameter, e.g. w1_2_1 or b2_1")
    p.add_argument("--format", default="text", choices=list(FORMATS))
    p.set_defaults(func=run)


def run(args) -> int:
    data = derivation_dict(derive(spec_from_args(args)), args.param)
    print(FORMATS[args.format](data))
    return 0
