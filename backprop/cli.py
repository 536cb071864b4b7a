"""backprop: derive, check, render and present backpropagation.

The top of the dependency graph: one module per command, imported only when its command runs
(`backprop derive` never loads the video stack), each by name from COMMANDS, so a broken
command fails loudly instead of vanishing. Bad input never shows a traceback: it is one line
on stderr and exit status 2.
"""
from __future__ import annotations

import sys
from importlib import import_module

from backprop_core.errors import BadInput

from .options import Parser, apply_lang

COMMANDS = ("derive", "check", "graph", "train", "handout", "scenes", "render", "slides", "narration", "cache")


def _command_in(argv) -> str | None:
    """The command named on the command line, or None (no command, or --help: list them all)."""
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    return words[0] if words and words[0] in COMMANDS else None


def build_parser(argv=None) -> Parser:
    """The parser, with the full options of the command about to run (all of them for the listing)."""
    parser = Parser(prog="backprop", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    chosen = _command_in(argv)
    for name in COMMANDS:
        if chosen in (None, name):
            import_module(f".{name}", __package__).register(sub)
        else:
            sub.add_parser(name)            # named, so the choice is known; never run
    return parser


def main(argv=None) -> int:
    try:
        args = build_parser(argv).parse_args(argv)
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
