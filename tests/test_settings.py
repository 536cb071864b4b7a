"""The lecture's settings are one value: written to the env for manim children and read back whole,
read once per process (the BACKPROP_CONFIG file opened once, not once per message)."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from backprop_core import i18n, settings
from backprop_core.errors import BadInput
from backprop_core.languages import RECORDS
from backprop_core.settings import ENV, LectureSettings

# what a person may write: layer lists, names, expressions with spaces, commas and unicode
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
lectures = st.builds(
    LectureSettings,
    layers=st.lists(st.integers(1, 4), min_size=2, max_size=5).map(lambda xs: ",".join(map(str, xs))),
    activation=text, loss=text, expr=text, at=st.none() | st.text(max_size=20).filter(lambda s: "\x00" not in s),
    lang=st.sampled_from(sorted(RECORDS)), theme=st.sampled_from(["dark", "light"]),
    subtitles=st.sampled_from(["screen", "both"]))


@hsettings(max_examples=200, deadline=None)
@given(lectures)
def test_to_env_and_back_is_the_same_value(lecture):
    env = lecture.to_env()
    assert set(env) <= set(ENV.values()) and all(isinstance(v, str) for v in env.values())
    assert LectureSettings.from_env(env) == lecture


def test_planted_a_setting_left_out_of_the_env_breaks_the_round_trip():
    lecture = LectureSettings("2,3,2", "tanh", "bce", "x*y", "x=1", lang="zh", theme="light", subtitles="both",
                              voice="none")
    for name in ENV.values():
        env = {k: v for k, v in lecture.to_env().items() if k != name}
        assert LectureSettings.from_env(env) != lecture, name


def test_the_env_wins_over_the_config_file_and_the_file_fills_the_rest(tmp_path):
    path = tmp_path / "lecture.json"
    path.write_text(json.dumps({"layers": [3, 2, 2], "activation": "tanh", "lang": "zh", "at": {"a": 3, "b": 1}}))
    got = LectureSettings.from_env({"BACKPROP_CONFIG": str(path), "BACKPROP_ACTIVATION": "relu"})
    assert got == LectureSettings(layers=(3, 2, 2), activation="relu", lang="zh", at="a=3,b=1")
    assert got.to_env()["BACKPROP_LAYERS"] == "3,2,2"


@pytest.mark.parametrize("env, needle", [
    ({"BACKPROP_LANG": "xx"}, "language 'xx' is not available; choose one of en, zh"),
    ({"BACKPROP_CONFIG": "/nonexistent/lecture.json"}, "BACKPROP_CONFIG: cannot read"),
])
def test_a_bad_setting_is_one_line(env, needle):
    with pytest.raises(BadInput, match=needle) as info:
        LectureSettings.from_env(env)
    assert "\n" not in str(info.value)


def _count_config_opens(monkeypatch, tmp_path) -> list:
    path = tmp_path / "lecture.json"
    path.write_text(json.dumps({"lang": "zh"}))
    monkeypatch.delenv("BACKPROP_LANG", raising=False)
    monkeypatch.setenv("BACKPROP_CONFIG", str(path))
    opens, real = [], os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opens.append(p) if str(p) == str(path) else None)
                        or real(p, *a, **k))
    return opens


def test_the_config_file_is_opened_once_for_a_thousand_messages(monkeypatch, tmp_path):
    """Before LectureSettings every _() re-read the env and opened BACKPROP_CONFIG: 1000 opens here."""
    opens = _count_config_opens(monkeypatch, tmp_path)
    said = [i18n._("Chain rule: buying two cars") for _ in range(1000)]
    assert said[-1] == "链式法则：买两辆车"
    assert len(opens) == 1


def test_planted_without_the_cache_every_message_opens_the_file(monkeypatch, tmp_path):
    opens = _count_config_opens(monkeypatch, tmp_path)
    monkeypatch.setattr(settings, "current", lambda: LectureSettings.from_env())
    for _ in range(10):
        i18n._("Chain rule: buying two cars")
    assert len(opens) == 10


def test_use_and_reset_are_the_only_ways_the_settings_change(monkeypatch):
    monkeypatch.delenv("BACKPROP_VOICE", raising=False)     # conftest makes test renders silent
    monkeypatch.setenv("BACKPROP_LANG", "zh")
    assert settings.current().lang == "zh"
    monkeypatch.setenv("BACKPROP_LANG", "en")
    assert settings.current().lang == "zh"            # read once
    assert settings.use(theme="light").theme == "light" and settings.current().lang == "zh"
    settings.reset()
    assert settings.current() == LectureSettings(lang="en")
    with pytest.raises(BadInput, match="theme"):
        settings.use(theme="sepia")
