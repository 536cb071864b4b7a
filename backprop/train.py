"""``backprop train``: mini-batch gradient descent (Nielsen's ``update_mini_batch``) from a spec's weights."""
from __future__ import annotations

import argparse
import json
import math
import unicodedata

from backprop_core.i18n import _
from backprop_core.jsonfile import read_json
from backprop_core.network.example import Example, network_from_dict
from backprop_core.network.training import TrainingSettings, train
from backprop_core.network.training_data import TrainingData

from .options import MAX_SEED, bounded_int, lang_option

MAX_COUNT = 10**9       # batch size and epochs; the work bound of the core refuses far less


def finite_number(text: str) -> float:
    """An argparse type for a finite decimal number such as 0.5 or 3e-2 (ASCII only: float() also reads "١")."""
    shown = repr(text) if len(text) <= 20 else _("a value of {n} characters").format(n=len(text))
    try:
        value = float(text) if text.isascii() and len(text) <= 40 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(_("{shown} is not a finite number (e.g. 0.5 or 3e-2)").format(shown=shown))
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser("train", help=_("train the network of a spec file by mini-batch gradient descent"))
    p.add_argument("--spec", required=True, metavar="FILE",
                   help=_("JSON file as for check --spec; its weights and biases are the start (x and y may be left out)"))
    p.add_argument("--data", required=True, metavar="FILE",
                   help=_("JSON file with keys x and y: lists of rows of numbers, one row per example"))
    p.add_argument("--eta", type=finite_number, required=True, metavar="η", help=_("learning rate, greater than 0"))
    p.add_argument("--batch-size", type=bounded_int(1, MAX_COUNT), required=True, metavar="M",
                   help=_("examples per mini-batch (the last one of an epoch may be smaller)"))
    p.add_argument("--epochs", type=bounded_int(1, MAX_COUNT), required=True, metavar="N",
                   help=_("passes over the data"))
    p.add_argument("--reg", type=finite_number, default=0.0, metavar="λ",
                   help=_("L2 coefficient: w ← w − η(mean gradient + λw); biases are not regularised (default 0)"))
    order = p.add_mutually_exclusive_group()
    order.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=None,
                       help=_("shuffle: one numpy.random.default_rng(SEED) for the run, each epoch in the "
                              "order of its permutation(n), cut into mini-batches (default: shuffle with seed 0)"))
    order.add_argument("--no-shuffle", action="store_true",
                       help=_("take the mini-batches in data order"))
    p.add_argument("--json", action="store_true",
                   help=_("print the final weights and biases and the mean loss after each epoch as JSON"))
    lang_option(p)
    p.set_defaults(func=run)


def _settings(args) -> TrainingSettings:
    seed = None if args.no_shuffle else (0 if args.seed is None else args.seed)
    return TrainingSettings(eta=args.eta, batch_size=args.batch_size, epochs=args.epochs, reg=args.reg, seed=seed)


def _network(path):
    """The spec's network and starting parameters; x and y, when given, are checked as check --spec does."""
    spec_data = read_json(path, "--spec")
    spec, weights, biases = network_from_dict(spec_data)
    if "x" in spec_data or "y" in spec_data:
        Example.from_dict(spec_data)
    return spec, weights, biases


def _right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return " " * max(width - columns, 0) + text


def run(args) -> int:
    settings = _settings(args)
    spec, weights, biases = _network(args.spec)
    data = TrainingData.from_dict(read_json(args.data, "--data"), spec)
    result = train(spec, weights, biases, data, settings)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    order = (_("data order") if settings.seed is None
             else _("shuffled with seed {seed}").format(seed=settings.seed))
    print(_("{network}: {n} examples, η = {eta:g}, mini-batches of {m}, λ = {reg:g}, {order}").format(
        network=f"{'-'.join(map(str, spec.layers))} {spec.activation} {spec.loss}", n=data.size,
        eta=settings.eta, m=settings.batch_size, reg=settings.reg, order=order))
    epoch_head, loss_head = _("epoch"), _("mean loss")
    print(f"{_right(epoch_head, 6)}  {loss_head}")
    for number, loss in enumerate(result.loss, 1):
        print(f"{number:>6}  {loss:.6g}")
    return 0
