"""Bad input to ``backprop train`` is one line on stderr and exit 2: no traceback, nothing on stdout."""
from __future__ import annotations

import json

import pytest

from backprop_core.network.two_classes import start, two_classes
from tests.test_bad_input import assert_one_line_exit_2, backprop

GOOD = ["--eta", "2", "--batch-size", "4", "--epochs", "3"]
DATA = two_classes().to_dict()

BAD_DATA = {
    "x rows too short": {**DATA, "x": [[0.1]] * 20},
    "y rows too long": {**DATA, "y": [[1, 0, 0]] * 20},
    "x and y counts differ": {**DATA, "y": DATA["y"][:-1]},
    "NaN": json.dumps(DATA).replace("-0.84", "NaN", 1),
    "Infinity": json.dumps(DATA).replace("-0.84", "-Infinity", 1),
    "1e400": json.dumps(DATA).replace("-0.84", "1e400", 1),
    "huge integer": json.dumps(DATA).replace("-0.84", "9" * 400, 1),
    "empty": {"x": [], "y": []},
    "text value": {**DATA, "x": [["a", 1]] + DATA["x"][1:]},
    "boolean value": {**DATA, "y": [[True, 0]] + DATA["y"][1:]},
    "row not a list": {**DATA, "x": [1.0] * 20},
    "missing y": {"x": DATA["x"]},
    "unknown key": {**DATA, "z": 1},
    "not an object": [DATA["x"], DATA["y"]],
    "not JSON": "{x: 1}",
}


@pytest.mark.parametrize("name", list(BAD_DATA))
def test_bad_data_file_is_one_line(name, tmp_path):
    spec, data = tmp_path / "spec.json", tmp_path / "data.json"
    spec.write_text(json.dumps(start().to_dict()))
    content = BAD_DATA[name]
    data.write_text(content if isinstance(content, str) else json.dumps(content))
    proc = backprop("train", "--spec", str(spec), "--data", str(data), *GOOD)
    assert_one_line_exit_2(proc)
    assert "data" in proc.stderr


GOOD_OPTIONS = dict(zip(GOOD[::2], GOOD[1::2]))
# each case: the options that replace or join the good ones (None: a flag)
BAD_OPTIONS = {
    "eta 0": {"--eta": "0"},
    "eta negative": {"--eta": "-1"},
    "eta nan": {"--eta": "nan"},
    "eta inf": {"--eta": "inf"},
    "eta text": {"--eta": "fast"},
    "eta Arabic digit": {"--eta": "\u0661"},
    "batch size 0": {"--batch-size": "0"},
    "batch size 1.5": {"--batch-size": "1.5"},
    "epochs 0": {"--epochs": "0"},
    "epochs 10**23": {"--epochs": str(10**23)},
    "reg negative": {"--reg": "-0.1"},
    "seed and no-shuffle": {"--seed": "1", "--no-shuffle": None},
    "seed -1": {"--seed": "-1"},
    "too much work": {"--epochs": "100000000"},
    "diverges": {"--eta": "1e300"},
}


@pytest.mark.parametrize("name", list(BAD_OPTIONS))
def test_bad_option_is_one_line(name, tmp_path):
    spec, data = tmp_path / "spec.json", tmp_path / "data.json"
    example = start().to_dict()
    if name == "diverges":      # identity activation: nothing saturates, a huge step overflows
        example["activation"] = "identity"
    spec.write_text(json.dumps(example))
    data.write_text(json.dumps(DATA))
    options = {**GOOD_OPTIONS, **BAD_OPTIONS[name]}
    argv = [a for kv in options.items() for a in kv if a is not None]
    proc = backprop("train", "--spec", str(spec), "--data", str(data), *argv)
    assert_one_line_exit_2(proc)
    if name == "diverges":
        assert "diverged" in proc.stderr


BAD_SPECS = {
    "missing weights": {k: v for k, v in start().to_dict().items() if k != "weights"},
    "bad x": {**start().to_dict(), "x": [1, "two"]},
    "wrong weight shape": {**start().to_dict(), "weights": [[[1, 2, 3]], [[1, 2], [3, 4]]]},
}


@pytest.mark.parametrize("name", list(BAD_SPECS))
def test_bad_spec_file_is_one_line(name, tmp_path):
    spec, data = tmp_path / "spec.json", tmp_path / "data.json"
    spec.write_text(json.dumps(BAD_SPECS[name]))
    data.write_text(json.dumps(DATA))
    assert_one_line_exit_2(backprop("train", "--spec", str(spec), "--data", str(data), *GOOD))


@pytest.mark.parametrize("missing", ["--spec", "--data", "--eta", "--batch-size", "--epochs"])
def test_a_required_option_left_out_is_one_line(missing, tmp_path):
    spec, data = tmp_path / "spec.json", tmp_path / "data.json"
    spec.write_text(json.dumps(start().to_dict()))
    data.write_text(json.dumps(DATA))
    given = {"--spec": str(spec), "--data": str(data), **GOOD_OPTIONS}
    del given[missing]
    proc = backprop("train", *[a for kv in given.items() for a in kv])
    assert_one_line_exit_2(proc)
    assert missing in proc.stderr


def test_the_same_files_with_good_options_train(tmp_path):
    """The refusals above come from the bad value, not from the files or the harness."""
    spec, data = tmp_path / "spec.json", tmp_path / "data.json"
    spec.write_text(json.dumps(start().to_dict()))
    data.write_text(json.dumps(DATA))
    proc = backprop("train", "--spec", str(spec), "--data", str(data), *GOOD, "--json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert len(json.loads(proc.stdout)["loss"]) == 3
