"""``backprop derive``: every gradient's paths, path sums, δ form and matrix form (text, LaTeX, Markdown, JSON)."""
from __future__ import annotations

from backprop_core.network.derivation import derive
from backprop_core.reports.derivation_report import (MAX_PATHS, as_json, as_latex, as_markdown, as_text, counts_table,
                                                     derivation_dict)

from .options import bounded_int, network_options, spec_from_args

MAX_LISTED_PATHS = 10_000   # per parameter; path_count stays exact for any number

FORMATS = {"json": as_json, "text": as_text, "latex": as_latex, "markdown": as_markdown}


def register(subparsers) -> None:
    p = subparsers.add_parser("derive", help="print the derivation of every gradient")
    network_options(p)
    p.add_argument("--param", help="only this parameter, e.g. w1_2_1 or b2_1")
    p.add_argument("--format", default="text", choices=list(FORMATS))
    p.add_argument("--max-paths", type=bounded_int(0, MAX_LISTED_PATHS), default=MAX_PATHS, metavar="N",
                   help=f"list at most N paths per parameter (0..{MAX_LISTED_PATHS}, default {MAX_PATHS}); "
                        "path_count is always exact")
    p.add_argument("--counts", action="store_true",
                   help="print only the work table: paths and multiplications, path sums versus delta")
    p.set_defaults(func=run)


def run(args) -> int:
    data = derivation_dict(derive(spec_from_args(args)), args.param, args.max_paths)
    print(counts_table(data) if args.counts else FORMATS[args.format](data))
    return 0
