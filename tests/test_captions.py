"""Captions to broadcast rules (backprop_core.captions): ≤ 2 lines, ≤ caption_chars a line,
≤ reading_cps, each cue ≥ 1 s, none overlapping; split where a listener hears a pause."""
from __future__ import annotations

import pytest

from backprop_core.captions import MIN_CUE, Cue, chunks, cue_problems, cues, least_time, reading_time, wrap
from backprop_core.languages import language

EN_LONG = ("Backward from the output with 1: every edge multiplies by its local derivative, and the "
           "children pile the amounts up; each input's derivative is its pile. That is the chain rule.")
ZH_LONG = "从输出开始反向传播，初值为1：每条边乘以它的局部导数，子节点把收到的量累加起来；每个输入的导数就是它的累加值。这就是链式法则。"


@pytest.mark.parametrize("lang, text", [("en", EN_LONG), ("zh", ZH_LONG), ("en", "Forward."), ("zh", "前向。")])
@pytest.mark.parametrize("span", [0.0, 3.0, 30.0])
def test_every_rule_holds_for_any_span(lang, text, span):
    found = cues(text, lang, 5.0, span)
    assert cue_problems(found, lang) == []
    assert found[0].start == 5.0
    assert found[-1].end == pytest.approx(5.0 + max(span, least_time(text, lang)), abs=0.002)
    assert all(len(c.lines) <= 2 and all(len(l) <= language(lang).caption_chars for l in c.lines) for c in found)


@pytest.mark.parametrize("lang, text", [("en", EN_LONG), ("zh", ZH_LONG)])
def test_nothing_is_lost_or_reordered(lang, text):
    joined = ("" if lang == "zh" else " ").join(" ".join(c) if lang == "en" else "".join(c) for c in chunks(text, lang))
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_english_splits_at_sentences_then_clauses():
    parts = [" ".join(c) for c in chunks(EN_LONG, "en")]
    assert parts[-1] == "That is the chain rule."               # a sentence of its own
    assert all(p.endswith((",", ";", ":", ".")) for p in parts)  # every cut at a pause


def test_chinese_splits_at_chinese_punctuation():
    parts = ["".join(c) for c in chunks(ZH_LONG, "zh")]
    assert parts[-1] == "这就是链式法则。"
    assert all(p[-1] in "，；：、。" for p in parts), parts
    assert all(len(line) <= 16 for c in chunks(ZH_LONG, "zh") for line in c)


def test_wrap_keeps_words_and_cuts_only_what_cannot_fit():
    assert wrap("a " * 30, "en") == [("a " * 15).strip(), ("a " * 15).strip()]     # two like lines, not 41 + 17
    assert wrap("x" * 50, "en") == ["x" * 42, "x" * 8]
    assert wrap("权重矩阵W的第j行是进入神经元j的权重", "zh") == ["权重矩阵W的第j行", "是进入神经元j的权重"]


def test_no_cue_is_a_lone_word():
    """A clause too long for one cue is cut into cues of like length ("… and torch" + "autograd."
    was a 1 s cue of one word after the voice had stopped)."""
    parts = chunks("Every gradient from backprop next to its finite-difference estimate and torch autograd.", "en")
    assert [" ".join(c) for c in parts] == ["Every gradient from backprop next to its",
                                             "finite-difference estimate and torch autograd."]
    assert all(len(" ".join(c).split()) >= 3 for c in parts)
    long = "Applying a function to a vector means applying it to every entry: so f([2, 3]) = [4, 9] here again."
    for cut in chunks(long * 1, "en"):
        text = " ".join(cut)
        assert text.count("(") == text.count(")") and text.count("[") == text.count("]"), cut


def test_reading_time_is_characters_over_the_languages_rate():
    assert reading_time("x" * 34, "en") == 2.0
    assert reading_time("字" * 18, "zh") == 2.0
    assert least_time("Hi.", "en") == MIN_CUE                 # a short cue still stays a second


def test_same_input_same_cues():
    assert cues(ZH_LONG, "zh", 1.0, 9.0) == cues(ZH_LONG, "zh", 1.0, 9.0)


@pytest.mark.parametrize("planted, why", [
    ([Cue(0, 3, ("one",)), Cue(2.5, 4, ("two",))], "overlaps the next cue"),
    ([Cue(0, 0.5, ("one",))], "on screen 0.500s"),
    ([Cue(0, 1, ("x" * 40,))], "characters a second"),
    ([Cue(0, 9, ("a", "b", "c"))], "3 lines"),
    ([Cue(0, 9, ("x" * 43,))], "a line of 43 characters"),
])
def test_a_planted_bad_cue_is_named(planted, why):
    problems = cue_problems(planted, "en")
    assert len(problems) == 1 and why in problems[0], problems


def test_chinese_limits_are_chinese():
    assert cue_problems([Cue(0, 2, ("字" * 17,))], "zh") == ["cue 1 at 0.000s: a line of 17 characters (at most 16)"]
    assert cue_problems([Cue(0, 1, ("字" * 10,))], "zh") == ["cue 1 at 0.000s: 10.0 characters a second (at most 9)"]


def test_two_lines_part_at_a_pause_not_inside_a_number():
    assert wrap("One car costs 20 (units of 10,000 yuan); we buy 2 and pay 10% tax.", "en") == [
        "One car costs 20 (units of 10,000 yuan);", "we buy 2 and pay 10% tax."]
    assert wrap("每个节点都知道自己的局部导数：乘以税率，导数就是税率。", "zh") == [
        "每个节点都知道自己的局部导数：", "乘以税率，导数就是税率。"]
