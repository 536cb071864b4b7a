"""backprop: derive, check, render and present backpropagation.

The top of the dependency graph: one module per command, each imported here by name, so a
broken command fails loudly instead of vanishing. Bad input never shows a traceback: it is
one line on stderr and exit status 2.
"""
from __future__ import annotations

import sys

from backprop_core.errors import BadInput

from . import cache, check, derive, graph, handout, render, scenes, slides
from .options import Parser, apply_lang

COMMANDS = (derive, check, graph, handout, scenes, render, slides, cache)


def build_parser() -> Parser:
    parser = Parser(prog="backprop", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        apply_lang(args)
        return args.func(args)
    except BadInput as exc:
        print(f"backprop: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("backprop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:             # `backprop derive | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
