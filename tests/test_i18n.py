"""Every word a person reads exists in both languages, the catalogue matches the code, and paths/fonts follow --lang."""
from __future__ import annotations

import gettext
import io
import re
import string
from pathlib import Path

import pytest

from backprop_core import i18n

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "backprop_core" / "locale" / "zh" / "LC_MESSAGES" / "backprop.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")

babel = pytest.importorskip("babel")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402


def catalogue():
    with open(PO, "rb") as fh:
        return read_po(fh)


def code_messages() -> dict[str, str]:
    """msgid -> file, extracted from the code exactly as scripts/i18n.sh does (babel.cfg)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    out = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={"_": None, "N_": None}):
        out[message] = filename
    return out


def _placeholders(s: str) -> set:
    return {f for _t, f, _s, _c in string.Formatter().parse(s) if f is not None}


def _messages(mo: bytes) -> dict:
    """A compiled catalogue's messages, without its header (msgid ""): the header names the tool
    that wrote it ("Generated-By: Babel 2.19.0"), which says nothing about the translations."""
    return {k: v for k, v in gettext.GNUTranslations(io.BytesIO(mo))._catalog.items() if k != ""}


def test_mo_is_the_compiled_po():
    buf = io.BytesIO()
    write_mo(buf, catalogue())
    compiled = _messages(buf.getvalue())
    shipped = _messages(MO.read_bytes())
    assert len(shipped) > 150
    assert shipped == compiled, "backprop.mo is stale: run bash scripts/i18n.sh"


def test_mo_check_ignores_the_tool_header_but_not_a_message():
    """Planted: another Babel's header passes; one changed translation fails."""
    cat = catalogue()
    cat.header_comment = ""
    buf = io.BytesIO()
    write_mo(buf, cat)
    header = gettext.GNUTranslations(io.BytesIO(buf.getvalue()))._catalog[""]
    assert _messages(buf.getvalue()) == _messages(MO.read_bytes())
    assert "Generated-By" in header
    msg = next(m for m in cat if m.id and isinstance(m.id, str) and m.string)
    msg.string = msg.string + "！"
    buf = io.BytesIO()
    write_mo(buf, cat)
    assert _messages(buf.getvalue()) != _messages(MO.read_bytes())


def test_every_message_in_the_code_has_a_reviewed_translation():
    cat = catalogue()
    messages = code_messages()
    assert len(messages) > 150
    untranslated = [m for m in messages if not (cat.get(m) and cat.get(m).string)]
    assert not untranslated, f"untranslated (run scripts/i18n.sh, then translate): {untranslated}"
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries need review: {fuzzy}"


def test_no_catalogue_entry_that_no_code_uses():
    used = code_messages()
    unused = [m.id for m in catalogue() if m.id and m.id not in used]
    assert not unused, f"catalogue entries no code uses: {unused}"


def test_translations_keep_placeholders_and_are_chinese():
    for m in catalogue():
        if not m.id or m.id in (", ", "torch", "{source}: {taken}"):
            continue
        assert _placeholders(m.id) == _placeholders(m.string), m.id
        assert m.string.count("$") == m.id.count("$"), m.id
        assert CJK.search(m.string), f"not translated into Chinese: {m.id!r}"


def test_glossary_terms():
    """The Chinese sources' terms (../shared/seeds/): 反向传播, 链式法则, 计算图, 堆放, 学习率, 万元."""
    text = " ".join(m.string for m in catalogue() if m.id)
    for term in ("反向传播", "链式法则", "计算图", "堆放", "学习率", "万元", "误差信号", "有限差分", "前向传播"):
        assert term in text, term


def test_nothing_a_user_reads_names_a_seed_file():
    for m in catalogue():
        for s in (m.id, m.string):
            assert not re.search(r"seed 0\d\d|seed00", s or "", re.I), s
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert not re.search(r"seed 0\d\d", path.read_text(encoding="utf-8"), re.I), path


def test_language_switch_and_messages_remember_their_source(monkeypatch):
    from backprop_core import settings
    monkeypatch.setenv("BACKPROP_LANG", "zh")
    title = i18n._("Chain rule: buying two cars")
    assert title == "链式法则：买两辆车"
    said = i18n._("Forward: {cost} before tax, {total} to pay.").format(cost="40", total="44")
    assert said == "正向传播：税前 40 万元，应付 44 万元。"
    assert i18n.bilingual(said) == "正向传播：税前 40 万元，应付 44 万元。\nForward: 40 before tax, 44 to pay."
    assert i18n.subtitle(said) == said                   # read once: a later change of the env is not seen
    monkeypatch.setenv("BACKPROP_SUBTITLES", "both")
    assert i18n.subtitle(said) == said
    settings.reset()                                     # ... until the settings are read again
    assert i18n.subtitle(said).splitlines() == [said, "Forward: 40 before tax, 44 to pay."]
    settings.use(lang="en")
    english = i18n._("Chain rule: buying two cars")
    assert english == "Chain rule: buying two cars"
    assert i18n.subtitle(english) == "链式法则：买两辆车\nChain rule: buying two cars"     # both, from English
    monkeypatch.setenv("BACKPROP_LANG", "fr")
    settings.reset()
    with pytest.raises(i18n.BadInput):
        i18n._("Parameter update")


def test_missing_translation_is_recorded(monkeypatch):
    monkeypatch.setenv("BACKPROP_LANG", "zh")
    i18n.MISSING.discard("A sentence nobody translated")
    assert i18n._("A sentence nobody translated") == "A sentence nobody translated"
    assert "A sentence nobody translated" in i18n.MISSING
    i18n.MISSING.discard("A sentence nobody translated")


def test_scene_descriptions_come_from_the_catalogue(monkeypatch):
    from backprop_anim.pipeline.lecture import lecture_scenes
    monkeypatch.delenv("BACKPROP_SCENES_DIR", raising=False)
    from backprop_core import settings
    settings.use(lang="en")
    english = lecture_scenes()
    settings.use(lang="zh")
    chinese = lecture_scenes()
    from scenes.outline import LECTURE
    assert [e.cls for e in english] == [e.cls for e in chinese] == LECTURE     # every scene is in the outline
    for en, zh in zip(english, chinese):
        assert not CJK.search(en.description) and CJK.search(zh.description), en.cls
        assert "seed" not in en.description.lower()


def test_lecture_slug_and_handout_folder_per_language(monkeypatch):
    from backprop_anim.pipeline.settings import Settings, lecture_slug
    monkeypatch.setenv("BACKPROP_LANG", "en")
    assert lecture_slug(Settings()) == "2-2-2_sigmoid_mse"
    assert lecture_slug(Settings(lang="zh")) == "2-2-2_sigmoid_mse-zh"
    assert Settings(lang="zh").env()["BACKPROP_LANG"] == "zh"
    assert Settings(lang="zh").key() != Settings().key()
    assert Settings(subtitles="both").env()["BACKPROP_SUBTITLES"] == "both"


def test_cli_scenes_lang_zh(capsys, monkeypatch):
    monkeypatch.setenv("BACKPROP_LANG", "en")        # restored afterwards (--lang sets it for the process)
    from backprop.cli import main
    monkeypatch.delenv("BACKPROP_SCENES_DIR", raising=False)
    assert main(["scenes", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "用买车的例子讲链式法则" in out and "seed" not in out.lower()
    assert main(["scenes", "--lang", "en"]) == 0
    assert not CJK.search(capsys.readouterr().out)


def test_missing_cjk_font_is_one_line_before_rendering(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LANG", "en")        # restored afterwards (--lang sets it for the process)
    import manimpango
    from backprop.cli import main
    from backprop_anim.pipeline import render as pipeline
    monkeypatch.setattr(manimpango, "list_fonts", lambda: ["DejaVu Sans"])
    monkeypatch.setattr(pipeline.Job, "run", lambda *a, **k: pytest.fail("rendering started"))
    status = main(["render", "--lang", "zh", "GradientCheck", "--output", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert status == 2 and len(err.splitlines()) == 1
    assert "WenQuanYi Micro Hei" in err and "fonts-wqy-microhei" in err
    assert not list(tmp_path.iterdir())


def test_missing_chinese_tex_is_one_line_before_rendering(capsys, monkeypatch, tmp_path):
    """Chinese words inside formulas need xelatex + ctex: without them, one line and exit 2, no render."""
    monkeypatch.setenv("BACKPROP_LANG", "en")
    import shutil
    from backprop.cli import main
    from backprop_anim import fonts
    from backprop_anim.pipeline import render as pipeline
    real_which = shutil.which
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None if name == "xelatex" else real_which(name))
    monkeypatch.setattr(pipeline.Job, "run", lambda *a, **k: pytest.fail("rendering started"))
    assert fonts.missing_cjk_tex("en") is None
    status = main(["render", "--lang", "zh", "ChainRuleCarPrice", "--output", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert status == 2 and len(err.splitlines()) == 1
    assert "xelatex" in err and "texlive-lang-chinese" in err
    assert not list(tmp_path.iterdir())


def test_handout_per_language_folder_and_missing_xelatex(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LANG", "en")        # restored afterwards (--lang sets it for the process)
    import shutil
    from backprop.cli import main
    import backprop.handout
    monkeypatch.setattr(backprop.handout, "renders_root", lambda: tmp_path / "renders")   # not the repo's
    assert main(["handout", "--lang", "zh"]) == 0
    zh = (tmp_path / "renders" / "2-2-2_sigmoid_mse-zh" / "handout.md").read_text(encoding="utf-8")
    assert zh.startswith("# 2-2-2 网络的反向传播") and "\n## 参考来源\n" in zh and "Nielsen" in zh
    assert "种子" not in zh                            # the example is never called a seed
    assert main(["handout", "--lang", "en"]) == 0
    en = (tmp_path / "renders" / "2-2-2_sigmoid_mse" / "handout.md").read_text(encoding="utf-8")
    assert "\n## Sources\n" in en and not CJK.search(en) and "seed" not in en.lower()
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "xelatex" else real_which(name))
    capsys.readouterr()
    assert main(["handout", "--lang", "zh", "--format", "pdf"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "texlive-xetex texlive-lang-chinese" in err


def test_bilingual_subtitles_chinese_above_english(monkeypatch, tmp_path):
    manim = pytest.importorskip("manim")
    import sys
    sys.path.insert(0, str(ROOT / "tests"))
    from scene_runs import scene_env, scene_module
    module = scene_module("gradient_check")
    monkeypatch.setenv("BACKPROP_SUBTITLES", "both")
    with scene_env(lang="zh"), manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True,
                                                 "progress_bar": "none", "media_dir": str(tmp_path)}):
        scene = module.GradientCheck()
        scene.render()
    subs = [s.content for s in scene.renderer.file_writer.subcaptions]
    assert len(subs) >= 5
    for s in subs:
        zh, en = s.split("\n")
        assert CJK.search(zh) and not CJK.search(en), s
    assert subs[0].endswith("Check the derived gradients against the definition of a derivative: "
                            "nudge one parameter, watch the error.")


def test_chinese_handout_pdf_compiles_with_xelatex_and_nothing_runs_off(monkeypatch, tmp_path):
    import shutil
    import subprocess
    from backprop.handout import pdf_problem
    from backprop_core.network.spec import NetworkSpec
    from backprop_core.reports.handout import as_latex, handout_data
    if pdf_problem("zh"):
        pytest.skip("xelatex/ctex not installed (bash scripts/setup.sh --lang zh)")
    monkeypatch.setenv("BACKPROP_LANG", "zh")
    tex = as_latex(handout_data(NetworkSpec((3, 2, 2, 2), "relu", "softmax_ce")))
    assert r"\documentclass[10pt,a4paper]{ctexart}" in tex and "参考来源" in tex
    (tmp_path / "h.tex").write_text(tex, encoding="utf-8")
    proc = subprocess.run([shutil.which("xelatex"), "-interaction=nonstopmode", "-halt-on-error", "h.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and (tmp_path / "h.pdf").exists(), proc.stdout[-2000:]
    assert "Overfull \\hbox" not in proc.stdout
    assert "Missing character" not in (tmp_path / "h.log").read_text(errors="replace")
