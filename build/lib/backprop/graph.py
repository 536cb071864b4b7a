"""``backprop graph "EXPR" --at a=2,b=1 [--json]``: the computational-graph derivation of an expression.

JSON contract and text form: :mod:`backprop_core.reports.expr_report`.
"""
from __future__ import annotations

import json

from backprop_core.expr.graph import build_graph
from backprop_core.reports.expr_report import graph_report, graph_text


def register(subparsers) -> None:
    """Add the ``graph`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser("graph", help="computational graph of a scalar expression: paths, pile-up, op counts")
    p.add_argument("expression", help='e.g. "(a+b)*(b+1)"; + - * / ** ^ ( ) exp log sin cos tanh sigmoid relu')
    p.add_argument("--at", default="", help="the point, e.g. a=2,b=1 (decimals are exact: 1.1 = 11/10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args) -> int:
    g = build_graph(args.expression, args.at)
    print(json.dumps(graph_report(g), indent=2) if args.json else graph_text(g))
    return 0
