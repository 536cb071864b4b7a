"""The pseudo-locale: every message accented and about 40 % longer, made from the English msgid with
what code reads kept intact; accepted by --lang, never offered by --help."""
from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_core.pseudo import pseudo
from tests.test_bad_input import assert_one_line_exit_2, backprop

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "backprop_core" / "locale" / "zh" / "LC_MESSAGES" / "backprop.po"
ASCII_VOWELS = re.compile(r"[aeiouAEIOU]")


def msgids() -> list[str]:
    from babel.messages.pofile import read_po
    with open(PO, "rb") as fh:
        return [m.id for m in read_po(fh) if m.id]


def fields(s: str) -> list[tuple]:
    return [(f, spec, conv) for _t, f, spec, conv in string.Formatter().parse(s) if f is not None]


def test_every_catalogue_message_keeps_its_placeholders_and_formats():
    ids = msgids()
    assert len(ids) > 300
    for msgid in ids:
        made = pseudo(msgid)
        assert fields(made) == fields(msgid), msgid
        assert re.findall(r"\$[^$]*\$", made) == re.findall(r"\$[^$]*\$", msgid), msgid
        args = {f: 1234 for f, _spec, _conv in fields(msgid) if f}
        assert made.format(**args).count("1,234" if ":," in msgid else "1234") == msgid.format(**args).count(
            "1,234" if ":," in msgid else "1234"), msgid


def test_messages_are_accented_bracketed_and_about_forty_percent_longer():
    ids = [m for m in msgids() if re.search(r"[A-Za-z]{3}", re.sub(r"\{[^}]*\}|\$[^$]*\$", "", m))]
    ratios = [len(pseudo(m)) / len(m) for m in ids]
    assert 1.3 <= sum(ratios) / len(ratios) <= 1.5
    for m in ids:
        made = pseudo(m)
        assert made.startswith("[") and made.endswith("]"), m
        prose = re.sub(r"\{[^}]*\}|\$[^$]*\$|\\[A-Za-z]+|`[^`]*`|https?://\S+", "", made)
        assert not ASCII_VOWELS.search(prose), (m, made)


def test_what_code_reads_stays_as_it_is():
    assert pseudo("{n:.3f} at {{literal}} and $\\delta^{(l)}_j$ via `backprop render` %(x)s %d") == (
        "[{n:.3f} áátt {{llííttéérrááll}} ááññdd $\\delta^{(l)}_j$ vvííáá `backprop render` %(x)s %d]")     # {{ }}: text
    assert pseudo(", ") == ", " and pseudo("{source}: {taken}") == "{source}: {taken}"
    assert pseudo("see https://example.org/a_b now").count("https://example.org/a_b") == 1


def test_planted_a_transform_that_touches_placeholders_is_caught(monkeypatch):
    from backprop_core import pseudo as module
    monkeypatch.setattr(module, "KEPT", re.compile(r"\$[^$]*\$"))      # placeholders no longer kept
    broken = [m for m in msgids() if fields(module.pseudo(m)) != fields(m)]
    assert broken


def test_help_does_not_offer_pseudo_but_lang_accepts_it():
    for command in ("render", "handout", "scenes"):
        out = subprocess.run([sys.executable, "-m", "backprop.cli", command, "--help"], capture_output=True,
                             text=True, timeout=60).stdout
        assert "--lang {en,zh}" in out and "pseudo" not in out, out
    proc = backprop("scenes", "--lang", "pseudo")
    assert proc.returncode == 0 and "[" in proc.stdout and "á" in proc.stdout, proc.stderr


@pytest.mark.parametrize("command", [["render", "GradientCheck"], ["handout"], ["scenes"]])
def test_bad_lang_is_still_one_line_and_exit_2(command):
    proc = backprop(*command, "--lang", "xx")
    assert_one_line_exit_2(proc)
    assert "invalid choice: 'xx' (choose from 'en', 'zh')" in proc.stderr


class Started(Exception):
    pass


def test_render_lang_pseudo_is_accepted_and_reaches_the_renderer(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LANG", "en")        # restored afterwards (--lang sets it for the process)
    from backprop.cli import main
    from backprop_anim.pipeline import render as pipeline
    seen = []

    def run(job, *args, **kwargs):
        seen.append(job)
        raise Started

    monkeypatch.setattr(pipeline.Job, "run", run)
    with pytest.raises(Started):
        main(["render", "--lang", "pseudo", "-ql", "GradientCheck", "--output", str(tmp_path)])
    [job] = seen
    assert job.settings.lang == "pseudo" and job.slug.endswith("-pseudo")
    env = job.settings.env()
    assert env["BACKPROP_LANG"] == "pseudo" and env["BACKPROP_LAYERS"] == "2,2,2"


def test_handout_lang_pseudo(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LANG", "en")
    from backprop.cli import main
    assert main(["handout", "--lang", "pseudo", "--output", str(tmp_path / "h.md")]) == 0
    text = (tmp_path / "h.md").read_text(encoding="utf-8")
    assert text.startswith("# [Bááççkk") and "ñééttwwóórrkk" in text, text[:200]
    assert "$" in text and "\\partial" in text                  # the maths is the same
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not installed")
    assert main(["handout", "--lang", "pseudo", "--format", "pdf", "--output", str(tmp_path / "h.pdf")]) == 0
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
