"""Every bad input is one line on stderr and exit 2, at once: no traceback, no hang, nothing written (issue 14).

Each reproduction runs the real CLI in a subprocess; the subprocess timeout is the bound on
"at once" (before these fixes several ran until killed). The limits themselves are checked
in-process, and two planted failures show the checks can fail.
"""
import json
import os
import subprocess
import sys

import pytest

from backprop_core.errors import BadInput

TIMEOUT = 20        # seconds; a refusal takes about one interpreter start-up


def backprop(*args, env=None, cmd=None):
    """Run the CLI (or ``cmd``) with no BACKPROP_* settings but ``env``; returns the finished process."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BACKPROP_")}
    return subprocess.run(cmd or [sys.executable, "-m", "backprop.cli", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, env={**clean, **(env or {})})


def assert_one_line_exit_2(proc):
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-2000:]
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("backprop: ") and len(lines[0]) > len("backprop: "), proc.stderr
    assert proc.stdout == ""


BIG = "9" * 4301          # one digit more than Python's int() takes from text

EXPRESSIONS = {
    "huge exponent": ["graph", "a**(9**9)", "--at", "a=1.5"],
    "power tower": ["graph", "9**9**9*a", "--at", "a=1.5"],
    "variable exponent": ["graph", "a**b", "--at", "a=1.5,b=1000000"],
    "exp of n log": ["graph", "exp(log(a)*10000000000000000000)", "--at", "a=1.5"],
    "exp tower": ["graph", "exp(exp(exp(exp(a))))", "--at", "a=2"],
    "long literal": ["graph", "1" + "0" * 150 + "*a", "--at", "a=1"],
    "long point value": ["graph", "a*2", "--at", "a=" + "1" * 30],
    "non-ASCII digit": ["graph", "a*\u0661", "--at", "a=1"],
    "name _": ["graph", "_*a", "--at", "a=1"],
    "name a__b": ["graph", "a__b*c", "--at", "a__b=1,c=2"],
    "name trailing _": ["graph", "a_*c", "--at", "a_=1,c=2"],
    "--at name _x": ["graph", "a*2", "--at", "_x=1"],
}
RENDER = {
    "render --expr huge exponent": ["render", "--expr", "a**(9**9)", "--at", "a=1.5"],
    "render --expr power tower": ["render", "--expr", "9**9**9*a", "--at", "a=1.5"],
    "render --expr _*a": ["render", "--expr", "_*a", "--at", "a=1"],
    "render --resolution superscript": ["render", "--resolution", "\u00b2,4"],
    "render --resolution odd": ["render", "--resolution", "855,481"],
    "render --resolution huge": ["render", "--resolution", "100000,100000"],
    "render --jobs 10**23": ["render", "--jobs", str(10**23)],
    "render 784-30-10": ["render", "--layers", "784,30,10"],
    "render 5 wide": ["render", "--layers", "5,2"],
    "render 6 layers": ["render", "--layers", "2,2,2,2,2,2"],
    "slides 784-30-10": ["slides", "--layers", "784,30,10"],
}
ARGUMENTS = {
    "layers superscript": ["derive", "--layers", "\u00b2,2"],
    "layers circled": ["derive", "--layers", "\u2460,2"],
    "layers 4301 digits": ["derive", "--layers", f"{BIG},2"],
    "layers 30000 commas": ["derive", "--layers", "2," * 30000 + "2"],
    "max-paths 10**23": ["derive", "--max-paths", str(10**23)],
    "max-paths -1": ["derive", "--max-paths", "-1"],
    "check seed -1": ["check", "--seed", "-1"],
    "check seed superscript": ["check", "--seed", "\u00b2"],
    "check sample 0": ["check", "--sample", "0"],
    "handout seed -1": ["handout", "--seed", "-1"],
}


@pytest.mark.parametrize("args", [*EXPRESSIONS.values(), *ARGUMENTS.values()],
                         ids=[*EXPRESSIONS, *ARGUMENTS])
def test_bad_argument_is_one_line(args):
    assert_one_line_exit_2(backprop(*args))


@pytest.mark.parametrize("args", list(RENDER.values()), ids=list(RENDER))
def test_bad_render_option_is_one_line_before_any_rendering(args, tmp_path):
    out = tmp_path / "renders"
    assert_one_line_exit_2(backprop(*args, "--output", str(out)))
    assert not out.exists()


SPEC = {"layers": [1, 1], "x": [1], "y": [0], "weights": [[[1]]], "biases": [[0]]}
SPECS = {
    "activation list": json.dumps({**SPEC, "activation": ["sigmoid"]}),
    "activation int": json.dumps({**SPEC, "activation": 3}),
    "loss list": json.dumps({**SPEC, "loss": ["mse"]}),
    "number 10**400": json.dumps(SPEC).replace('"x": [1]', f'"x": [{10**400}]'),
    "layer 10**400": json.dumps(SPEC).replace('"layers": [1, 1]', f'"layers": [{10**400}, 1]'),
    "nested brackets": "[" * 100_000 + "]" * 100_000,
    "typo activaton": json.dumps({**SPEC, "activaton": "tanh"}),
    "over 1 MiB": json.dumps(SPEC) + " " * (1 << 20),
    "not UTF-8": b'{"layers": [1, 1], "\xe9": 1}',
}


@pytest.mark.parametrize("name", list(SPECS))
def test_bad_spec_file_is_one_line(name, tmp_path):
    path = tmp_path / "spec.json"
    content = SPECS[name]
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    proc = backprop("check", "--spec", str(path))
    assert_one_line_exit_2(proc)
    if name == "typo activaton":        # names the key and lists the accepted ones
        assert "'activaton'" in proc.stderr and "activation, loss" in proc.stderr


@pytest.mark.parametrize("kind", ["/dev/zero", "directory", "fifo"])
def test_spec_that_is_not_a_regular_file_is_one_line(kind, tmp_path):
    path = {"/dev/zero": "/dev/zero", "directory": str(tmp_path)}.get(kind, str(tmp_path / "fifo"))
    if kind == "fifo":
        os.mkfifo(path)
    assert_one_line_exit_2(backprop("check", "--spec", path))


CONFIGS = {
    "nested brackets": "[" * 100_000 + "]" * 100_000,
    "over 1 MiB": "{}" + " " * (1 << 20),
    "not an object": "[1]",
    "lang int": json.dumps({"lang": 5}),
    "unknown key": json.dumps({"lang": "zh", "layrs": [2, 2]}),
    "layers int": json.dumps({"layers": 5}),
}


@pytest.mark.parametrize("name", [*CONFIGS, "/dev/zero", "directory"])
def test_bad_backprop_config_is_one_line_even_for_scenes(name, tmp_path):
    path = tmp_path / "lecture.json"
    if name in CONFIGS:
        path.write_text(CONFIGS[name])
    path = {"/dev/zero": "/dev/zero", "directory": str(tmp_path)}.get(name, str(path))
    assert_one_line_exit_2(backprop("scenes", env={"BACKPROP_CONFIG": path}))


# -- the scene settings read by plain `manim render` (in-process: BadInput is what manim shows) --

def config_with(monkeypatch, tmp_path, data=None, **env):
    from backprop_anim import config
    for name in ("BACKPROP_CONFIG", "BACKPROP_LAYERS", "BACKPROP_ACTIVATION", "BACKPROP_LOSS",
                 "BACKPROP_EXPR", "BACKPROP_AT", "BACKPROP_LANG"):
        monkeypatch.delenv(name, raising=False)
    if data is not None:
        (tmp_path / "c.json").write_text(json.dumps(data))
        monkeypatch.setenv("BACKPROP_CONFIG", str(tmp_path / "c.json"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return config


@pytest.mark.parametrize("data, env, needle", [
    ({"layers": [784, 30, 10]}, {}, "at most 4 neurons per layer and 5 layers"),
    (None, {"BACKPROP_LAYERS": "784,30,10"}, "too large to draw legibly"),
    (None, {"BACKPROP_LAYERS": "\u00b2,2"}, "digits 0-9"),
    ({"layers": ["2", "2"]}, {}, "whole numbers"),
    ({"activation": ["tanh"]}, {}, "must be text"),
    ({"activaton": "tanh"}, {}, "accepted keys: layers, activation, loss, expr, at, lang"),
])
def test_scene_network_settings_are_refused_with_the_limit(monkeypatch, tmp_path, data, env, needle):
    config = config_with(monkeypatch, tmp_path, data, **env)
    with pytest.raises(BadInput, match=needle):
        config.network_spec()


def test_scene_expression_point_must_map_names_to_numbers(monkeypatch, tmp_path):
    config = config_with(monkeypatch, tmp_path, {"expr": "a*b", "at": {"a": [1], "b": 2}})
    with pytest.raises(BadInput, match="map names to numbers"):
        config.expression()


def test_what_the_lecture_uses_is_still_accepted(monkeypatch, tmp_path):
    from backprop.options import bounded_int
    from backprop.render import _resolution
    from backprop_core.expr.graph import build_graph
    from backprop_core.network.spec import NetworkSpec
    config = config_with(monkeypatch, tmp_path, {"layers": [4, 4, 4, 4, 4], "lang": "en", "at": {"a": 2, "b": 1}})
    assert config.network_spec().layers == (4, 4, 4, 4, 4)           # the largest drawable network
    assert config.expression() == ("(a+b)*(b+1)", "a=2,b=1")
    assert NetworkSpec.parse(" 784, 30 ,10").layers == (784, 30, 10)  # derive/check: any size
    assert build_graph("x_1*y + sin(x_1)", "x_1=1,y=2").value is not None
    assert build_graph("a**100", "a=1.5").value == __import__("sympy").Rational(3, 2) ** 100
    assert [_resolution(r) for r in ("854,480", "3840x2160", "16,16")] == ["854,480", "3840,2160", "16,16"]
    assert bounded_int(0, 10)("10") == 10 and bounded_int(0, 10)("0") == 0


# -- planted failures: the checks above can fail --------------------------------------------------

def test_planted_the_helper_rejects_a_traceback():
    proc = backprop(cmd=[sys.executable, "-c", "raise ValueError('boom')"])
    with pytest.raises(AssertionError):
        assert_one_line_exit_2(proc)
    proc = backprop(cmd=[sys.executable, "-c", "import sys; print('backprop: a', file=sys.stderr); sys.exit(1)"])
    with pytest.raises(AssertionError):
        assert_one_line_exit_2(proc)      # one line, but exit 1


def test_planted_the_refusals_come_from_the_bounds(monkeypatch, tmp_path):
    from backprop_core.expr import graph
    with pytest.raises(BadInput, match="at most 100"):
        graph.build_graph("a**200", "a=1.5")
    monkeypatch.setattr(graph, "MAX_EXPONENT", float("inf"))       # bound off: 1.5**200 is built
    assert graph.build_graph("a**200", "a=1.5").value == graph.sp.Rational(3, 2) ** 200
    config = config_with(monkeypatch, tmp_path, BACKPROP_LAYERS="5,2")
    with pytest.raises(BadInput):
        config.network_spec()
    monkeypatch.setattr(config, "MAX_DRAWN_WIDTH", 5)
    assert config.network_spec().layers == (5, 2)
