"""A language is one record: no code outside backprop_core/languages.py names a language to decide
something, and every catalogue has its record (adding a language = a catalogue + one record)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from backprop_core.i18n import LOCALE_DIR
from backprop_core.languages import LISTED, RECORDS, SOURCE, language

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["backprop", "backprop_anim", "backprop_core", "scenes"]
RECORD = ROOT / "backprop_core" / "languages.py"
OTHER_CODES = {code for code in RECORDS if code != SOURCE}


def language_checks(source: str, filename: str = "<planted>") -> list[str]:
    """Every place in ``source`` that decides by a language code: any literal of a code other than the
    source language ("zh", also as a dict key or in a tuple), and the source code ("en") in a comparison."""
    tree = ast.parse(source, filename)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in OTHER_CODES:
            found.append(f"{filename}:{node.lineno}: {node.value!r}")
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                if isinstance(side, ast.Constant) and side.value == SOURCE:
                    found.append(f"{filename}:{node.lineno}: compares with {SOURCE!r}")
    return found


def test_no_language_is_named_outside_its_record():
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path != RECORD:
                found += language_checks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "ask the language record (backprop_core.languages) instead:\n" + "\n".join(found)


@pytest.mark.parametrize("planted", [
    'if lang == "zh":\n    pass\n',
    'font = CJK if lang != "zh" else ""\n',
    'TAGS = {"en": "en-US", "zh": "zh-CN"}\n',
    'chinese = lang in ("zh", "zh-CN")\n',
    'mo = LOCALE_DIR / "zh" / "LC_MESSAGES"\n',
    'if current_language() == "en":\n    pass\n',
])
def test_planted_a_language_check_is_found(planted):
    assert language_checks(planted)


def test_the_record_module_itself_may_name_them_and_plain_defaults_pass():
    assert language_checks(RECORD.read_text(encoding="utf-8"))      # it is where the names live
    assert not language_checks('def f(lang: str = "en"):\n    return language(lang).cjk\n')


def test_i18n_script_loops_over_the_catalogues_instead_of_naming_one():
    script = (ROOT / "scripts" / "i18n.sh").read_text(encoding="utf-8")
    assert not re.search(r"\bzh\b", script), "scripts/i18n.sh names a language"
    assert "LC_MESSAGES/backprop.po" in script and "for po in" in script


def test_every_catalogue_has_its_record_and_every_record_its_catalogue():
    folders = {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/backprop.po")}
    assert folders == {code for code, record in RECORDS.items() if record.has_catalogue}
    assert SOURCE in LISTED and "pseudo" in RECORDS and "pseudo" not in LISTED


def test_records_carry_what_their_readers_need():
    zh, en, pseudo = language("zh"), language("en"), language(" PSEUDO ")
    assert (zh.caption_chars, zh.reading_cps, en.caption_chars, en.reading_cps) == (16, 9, 42, 17)
    assert zh.cjk and zh.required_fonts and zh.handout_engine == "xelatex" and zh.needs_formula_template(r"\text{总价}")
    assert not en.needs_formula_template(r"\text{price}") and en.folder_suffix == "" and zh.folder_suffix == "-zh"
    assert (pseudo.text_font, pseudo.handout_engine, pseudo.cjk) == (en.text_font, en.handout_engine, False)
    assert pseudo.generated and not pseudo.has_catalogue
