"""What every command shares: an argparse that reports usage errors as one line, and the network options."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from backprop_core import settings
from backprop_core.errors import BadInput
from backprop_core.i18n import current_language
from backprop_core.languages import LISTED, RECORDS
from backprop_core.network.spec import NetworkSpec


MAX_SEED = 2**32 - 1        # numpy's default_rng refuses negative seeds; 32 bits is plenty for a lecture


def bounded_int(lo: int, hi: int):
    """An argparse type for a whole number in lo..hi: ``type=int`` takes 10**23 and -1 and lets them
    fail later with a traceback (numpy refuses negative seeds); ASCII digits only, at most 12 of them."""
    def parse(text: str) -> int:
        digits = text.strip().removeprefix("-")
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 12):
            shown = repr(text) if len(text) <= 20 else f"a value of {len(text)} characters"
            raise argparse.ArgumentTypeError(f"{shown} is not a whole number from {lo} to {hi}")
        value = int(text)
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range: give a whole number from {lo} to {hi}")
        return value
    return parse


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as BadInput (one line, exit 2), never as a usage dump."""

    def error(self, message):
        where = self.prog.removeprefix("backprop").strip()
        raise BadInput(f"{where}: {message}" if where else message)


def network_options(p) -> None:
    """--layers/--activation/--loss: the network a command derives, checks or renders."""
    p.add_argument("--layers", default="2,2,2", help="layer sizes, inputs first (default 2,2,2)")
    p.add_argument("--activation", default="sigmoid", help="sigmoid | tanh | relu | identity")
    p.add_argument("--loss", default="mse", help="mse | bce | softmax_ce")


def spec_from_args(args) -> NetworkSpec:
    return NetworkSpec.parse(args.layers, args.activation, args.loss)


def language_code(text: str) -> str:
    """An argparse type for --lang: any language with a record, the pseudo-locale too; the message
    (like argparse's own for choices) offers only the listed ones."""
    if text not in RECORDS:
        raise argparse.ArgumentTypeError(f"invalid choice: {text[:20]!r} (choose from {', '.join(map(repr, LISTED))})")
    return text


def lang_option(p) -> None:
    """--lang en|zh: the language of every word a person reads (sets BACKPROP_LANG for child processes).
    The pseudo-locale (``--lang pseudo``, for layout tests) is accepted but not offered."""
    p.add_argument("--lang", type=language_code, default=None, metavar="{" + ",".join(LISTED) + "}",
                   help="language of titles, subtitles, chapters and handout (default en; env BACKPROP_LANG)")


def apply_lang(args) -> str:
    """Make ``--lang`` the language of this process (its settings) and of its children (BACKPROP_LANG);
    returns the language in force."""
    if getattr(args, "lang", None):
        os.environ["BACKPROP_LANG"] = args.lang
        settings.use(lang=args.lang)
    return current_language()


def scenes_option(p) -> None:
    """--scenes DIR: another folder of scene files (default: the scenes installed with the package)."""
    p.add_argument("--scenes", dest="scenes_dir", type=Path, default=None, metavar="DIR",
                   help="folder of scene files (default: the packaged scenes; env BACKPROP_SCENES_DIR)")
