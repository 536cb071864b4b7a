"""``backprop slides``: a real (tiny) sections render, its folder, and the presenter driven in Chromium.

The browser: Debian's ``chromium`` driven through Selenium and Debian's ``chromium-driver``.
Why Selenium and not Playwright: the driver comes from the same Debian source package as the
browser, so their versions always match, and nothing is downloaded at run time (Playwright's
Python package pins its own browser build and protocol version, which Debian's chromium does
not follow). The browser tests skip, saying why, only when no browser is installed;
scripts/test.sh installs it, so they run in CI.
"""
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import browser, until, wait  # noqa: F401 (browser: a fixture)

ROOT = Path(__file__).resolve().parent.parent

# Two tiny scenes of three beats each; beat 2 draws a green square, beat 3 has a UTF-8 name.
TINY = '''
from manim import Circle, Create, Scene, Square, Triangle

class {cls}(Scene):
    """{title}"""
    TITLE = "{short}"     # a message of the catalogue: the side list and the headings show it
    def construct(self):
        self.next_section("circle")
        self.add_subcaption("a red circle", duration=1)
        self.play(Create(Circle(color="#FF0000").shift(2 * LEFT_)), run_time=1)
        self.next_section("square")
        self.add_subcaption("a green square", duration=1)
        self.play(Create(Square(color="#00FF00", fill_opacity=1)), run_time=1)
        self.next_section("权重 w")
        self.add_subcaption("a blue triangle", duration=1)
        self.play(Create(Triangle(color="#0000FF").shift(2 * RIGHT_)), run_time=1)
'''.replace("LEFT_", "__import__('manim').LEFT").replace("RIGHT_", "__import__('manim').RIGHT")


def run(args, scenes, out):
    env = dict(os.environ, PYTHONHASHSEED="0", BACKPROP_SCENES_DIR=str(scenes))
    return subprocess.run([sys.executable, "-m", "backprop.cli", *args, "-q", "l", "--output", str(out)],
                          capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """One real render for the whole module: renders/2-2-2_sigmoid_mse/slides/."""
    tmp = tmp_path_factory.mktemp("slides")
    scenes = tmp / "scenes"
    scenes.mkdir()
    (scenes / "outline.py").write_text('LECTURE = ["NetworkSetup", "GradientCheck"]\n')
    (scenes / "network_paths.py").write_text(TINY.format(cls="NetworkSetup", title="Tiny scene one.", short="The network"))
    (scenes / "gradient_check.py").write_text(TINY.format(cls="GradientCheck", title="Tiny scene two.", short="Is the derivation right?"))
    out = tmp / "renders"
    lecture = out / "2-2-2_sigmoid_mse"
    lecture.mkdir(parents=True)
    (lecture / "handout.md").write_text("# handout\n")
    proc = run(["slides"], scenes, out)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return {"scenes": scenes, "out": out, "slides": lecture / "slides", "stdout": proc.stdout}


# ---- the folder ---------------------------------------------------------------------------------

def test_one_video_and_one_caption_file_per_beat(deck):
    slides = deck["slides"]
    assert sorted(p.name for p in (slides / "videos").iterdir()) == [
        f"{stem}_{i:02d}.mp4" for stem in ("01_NetworkSetup", "02_GradientCheck") for i in (1, 2, 3)]
    vtt = (slides / "captions" / "02_GradientCheck_02.vtt").read_text(encoding="utf-8")
    assert vtt == "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na green square\n"
    page = (slides / "index.html").read_text(encoding="utf-8")
    assert "权重 w" in page and '<meta charset="utf-8">' in page
    assert "480p15" in page and "../handout.md" in page
    speaker = (slides / "speaker.html").read_text(encoding="utf-8")     # the speaker view holds the same deck
    assert "<h1>Backpropagation — 2-2-2 network · sigmoid · MSE</h1>" in speaker and "权重 w" in speaker
    assert all((slides / f).is_file() for f in ("beats.js", "speaker.js", "speaker.css"))
    assert str(slides / "index.html") in deck["stdout"]


def test_the_page_needs_no_network(deck):
    for f in deck["slides"].glob("*.*"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), f.name
        assert "@import" not in text and "url(" not in text


def test_slides_again_reuse_the_render_cache(deck):
    again = run(["slides"], deck["scenes"], deck["out"])
    assert again.returncode == 0, again.stderr
    assert "cached" in again.stdout and "rendered" not in again.stdout
    sections = run(["render", "--sections"], deck["scenes"], deck["out"])   # the same cache both ways
    assert sections.returncode == 0 and "rendered" not in sections.stdout
    assert (deck["slides"] / "index.html").exists() and not list(deck["slides"].parent.glob(".slides*"))


def test_cues_are_cut_at_section_boundaries_and_shifted():
    from backprop_anim.pipeline.deck import split_cues
    from backprop_anim.pipeline.slides import webvtt
    cues = [(0.0, 1.5, "one"), (1.5, 2.5, "two --> three"), (2.5, 3.0, "four")]
    parts = split_cues(cues, [1.0, 1.0, 1.0])
    assert parts == [[(0.0, 1.0, "one")], [(0.0, 0.5, "one"), (0.5, 1.0, "two --> three")],
                     [(0.0, 0.5, "two --> three"), (0.5, 1.0, "four")]]
    assert webvtt(parts[2]) == ("WEBVTT\n\n00:00:00.000 --> 00:00:00.500\ntwo --&gt; three\n\n"
                                "00:00:00.500 --> 00:00:01.000\nfour\n")


def test_the_deck_knows_its_frame_rate(deck):
    from backprop_anim.pipeline.deck import frame_rate
    assert (frame_rate("480p15"), frame_rate("1080p60"), frame_rate("1280x720p30")) == (15, 60, 30)
    assert '"fps": 15' in (deck["slides"] / "index.html").read_text(encoding="utf-8")


def test_side_list_names(monkeypatch):
    import runpy
    from backprop_anim.pipeline.lecture import ROOT, lecture_scenes
    from backprop_anim.pipeline.deck import beat_name
    monkeypatch.delenv("BACKPROP_SCENES_DIR", raising=False)
    from backprop_core import settings
    for lang in ("en", "zh"):
        settings.use(lang=lang)
        entries = lecture_scenes()
        assert [e.cls for e in entries] == runpy.run_path(str(ROOT / "scenes" / "outline.py"))["LECTURE"]
        for e in entries:       # a readable title, never the class name, in the deck's language
            assert e.title and not re.fullmatch(r"[A-Za-z0-9]+", e.title), e.title
            assert bool(re.search(r"[\u4e00-\u9fff]", e.title)) == (lang == "zh"), e.title
    settings.use(lang="en")
    assert beat_name("autocreated", 1) == "beat 1" and beat_name("权重 w", 2) == "权重 w"
    settings.use(lang="zh")
    assert beat_name("autocreated", 2) == "第 2 步"


# ---- the browser --------------------------------------------------------------------------------

@pytest.fixture
def page(deck, browser):
    browser.get((deck["slides"] / "index.html").as_uri())
    assert wait(browser, "window.presenter && document.getElementById('video').readyState >= 1")
    return browser


def press(b, *keys):
    from selenium.webdriver.common.action_chains import ActionChains
    for k in keys:
        ActionChains(b).send_keys(k).perform()


def keys():
    from selenium.webdriver.common.keys import Keys
    return Keys


def video(b) -> dict:
    return b.execute_script("""const v = document.getElementById('video');
        return {src: v.src.split('/').pop(), t: v.currentTime, d: v.duration, paused: v.paused, ended: v.ended,
                phase: window.presenter.phase, caption: document.getElementById('caption').innerText};""")


AT_END = "(v => v.duration > 0 && v.paused && !v.seeking && v.readyState >= 2 && v.currentTime >= v.duration - 0.07)(document.getElementById('video'))"


def green_share(b, element_id="video") -> float:
    """Share of pure-green pixels in a video element: beat 2 ends on a filled green square."""
    import numpy as np
    from PIL import Image
    px = np.asarray(Image.open(io.BytesIO(b.find_element("id", element_id).screenshot_as_png)).convert("RGB")).astype(int)
    return float(((px[..., 1] > 180) & (px[..., 0] < 80) & (px[..., 2] < 80)).mean())


def test_right_arrow_plays_each_beat_and_holds_its_end(page):
    K = keys()
    assert video(page)["src"] == "01_NetworkSetup_01.mp4" and video(page)["phase"] == "start"
    press(page, K.ARROW_RIGHT, K.ARROW_RIGHT, K.ARROW_RIGHT)
    assert wait(page, "window.presenter.i === 2")
    assert video(page)["src"] == "01_NetworkSetup_03.mp4"
    assert wait(page, "window.presenter.phase === 'end'") and wait(page, AT_END)
    v = video(page)
    assert abs(v["d"] - 1.0) < 0.1 and v["caption"] == "a blue triangle"
    current = page.find_element("css selector", "#scenes ol li.current")
    assert current.text == "权重 w"


def test_left_arrow_shows_the_previous_beats_end_frame(page):
    K = keys()
    press(page, K.ARROW_RIGHT, K.ARROW_RIGHT, K.ARROW_RIGHT)
    assert wait(page, "window.presenter.i === 2")
    press(page, K.ARROW_LEFT)
    assert wait(page, "window.presenter.i === 1") and wait(page, AT_END)
    v = video(page)
    assert v["src"] == "01_NetworkSetup_02.mp4" and v["phase"] == "end"
    # the filled square (~3.5 % of the frame): beat 2's end, not its start (painted soon after the seek)
    assert until(lambda: green_share(page) > 0.02)
    press(page, K.HOME)
    assert wait(page, "window.presenter.i === 0 && document.getElementById('video').currentTime === 0")
    assert until(lambda: green_share(page) < 0.001)


def test_number_enter_jumps_to_a_scene_and_clicker_keys_work(page):
    K = keys()
    press(page, "2", K.ENTER)
    assert wait(page, "window.presenter.i === 3")
    v = video(page)
    assert v["src"] == "02_GradientCheck_01.mp4" and v["phase"] == "start" and v["t"] == 0
    press(page, K.PAGE_DOWN)                 # clicker "next": plays it
    assert wait(page, "window.presenter.phase === 'end'") and wait(page, AT_END)
    assert video(page)["src"] == "02_GradientCheck_01.mp4"
    press(page, K.PAGE_UP)                   # clicker "back": the last beat of scene 1, at its end
    assert wait(page, "window.presenter.i === 2") and wait(page, AT_END)
    assert video(page)["src"] == "01_NetworkSetup_03.mp4"
    press(page, K.END)
    assert wait(page, "window.presenter.i === 5") and wait(page, AT_END)
    page.find_element("xpath", "//li[@data-beat='4']").click()      # the side list
    assert wait(page, "window.presenter.i === 4") and video(page)["src"] == "02_GradientCheck_02.mp4"


def test_captions_toggle_and_show_the_cue(page):
    K = keys()
    press(page, K.ARROW_RIGHT, K.ARROW_RIGHT)                  # beat 2 plays: its cue shows
    assert wait(page, "document.getElementById('caption').innerText === 'a green square'")
    caption = page.find_element("id", "caption")
    assert caption.is_displayed()
    press(page, "c")
    assert not caption.is_displayed()
    press(page, "c")
    assert caption.is_displayed() and caption.text == "a green square"


def test_help_and_scene_info_on_demand(page):
    help_box, info = page.find_element("id", "help"), page.find_element("id", "info")
    assert not help_box.is_displayed() and not info.is_displayed()
    press(page, "?")
    assert help_box.is_displayed() and "PageDown" in help_box.text
    press(page, keys().ESCAPE, "i")
    assert not help_box.is_displayed()
    assert info.text.splitlines() == ["1. The network — beat 1/3: circle", "a red circle"]   # and the beat's notes
    press(page, keys().ARROW_RIGHT, keys().ARROW_RIGHT)
    assert wait(page, "window.presenter.i === 1")
    assert info.text.splitlines() == ["1. The network — beat 2/3: square", "a green square"]
    names = [e.text for e in page.find_elements("css selector", "#scenes > li > .scene")]
    assert names == ["The network", "Is the derivation right?"]
    assert page.find_element("css selector", "html").get_attribute("lang") == "en"


def test_full_screen_hides_the_side_list(page):
    side = page.find_element("id", "side")
    assert side.is_displayed()
    press(page, "f")
    assert wait(page, "document.fullscreenElement !== null || document.body.classList.contains('fullscreen')")
    assert wait(page, "getComputedStyle(document.getElementById('side')).display === 'none'")
    press(page, "f")
    assert wait(page, "getComputedStyle(document.getElementById('side')).display !== 'none'")


def test_screenshot_is_not_blank(page, deck):
    from PIL import Image, ImageStat
    press(page, keys().ARROW_RIGHT)
    assert wait(page, AT_END)
    shot = deck["out"] / "presenter.png"
    page.save_screenshot(str(shot))
    img = Image.open(shot).convert("L")
    assert img.size[0] >= 800
    assert ImageStat.Stat(img).var[0] > 100          # a blank (one colour) page has variance 0


@pytest.mark.parametrize("args", [["--quality", "z"], ["--format", "gif"], ["NoSuchScene"], ["--layers", "2,0"]])
def test_bad_options_exit_2_with_one_line(args, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "backprop.cli", "slides", *args, "--output", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED="0"))
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("backprop: ")
    assert not (tmp_path / "r").exists()


# ---- the Chinese deck ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zh_deck(deck):
    """The same tiny lecture with --lang zh: its own folder, every word of the page in Chinese."""
    proc = run(["slides", "--lang", "zh"], deck["scenes"], deck["out"])
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return deck["out"] / "2-2-2_sigmoid_mse-zh" / "slides"


def test_chinese_deck_speaks_chinese(zh_deck, browser):
    CJK = re.compile(r"[\u4e00-\u9fff]")
    browser.get((zh_deck / "index.html").as_uri())
    assert wait(browser, "window.presenter && document.getElementById('video').readyState >= 1")
    assert browser.find_element("css selector", "html").get_attribute("lang") == "zh"
    names = [e.text for e in browser.find_elements("css selector", "#scenes > li > .scene")]
    assert names == ["网络", "推导对不对？"]
    side = browser.find_element("id", "side").text
    assert "Videos rendered" not in side and "Press" not in side and CJK.search(side)
    press(browser, "?")
    help_box = browser.find_element("id", "help")
    assert help_box.is_displayed() and "快捷键" in help_box.text
    rows = help_box.find_elements("css selector", "td:last-child")
    assert len(rows) == 10 and all(CJK.search(r.text) for r in rows)
    press(browser, keys().ESCAPE, "i")
    assert browser.find_element("id", "info").text.splitlines()[0] == "1. 网络 — 第 1/3 步：circle"
    press(browser, "2")
    assert browser.find_element("id", "jump").text == "场景 2"
    press(browser, keys().ENTER)
    assert wait(browser, "window.presenter.i === 3")
    browser.save_screenshot(str(zh_deck.parent / "presenter_zh.png"))


# ---- the speaker view ---------------------------------------------------------------------------

def open_speaker(b) -> str | None:
    """Press s in the audience window (the current one); returns the new window's handle, switched to."""
    main = b.current_window_handle
    before = set(b.window_handles)
    press(b, "s")
    if not until(lambda: len(b.window_handles) > len(before), timeout=5):
        return None
    handle = (set(b.window_handles) - before).pop()
    b.switch_to.window(handle)
    assert b.current_window_handle != main
    return handle


def close_others(b, main):
    for h in b.window_handles:
        if h != main:
            b.switch_to.window(h)
            b.close()
    b.switch_to.window(main)


def text(b, element_id) -> str:
    return b.execute_script(f"return document.getElementById('{element_id}').innerText")


def speaker_follows(b, slides, timeout=5.0) -> bool:
    """The sync check: s opens the speaker window showing beat 1's notes; → → pressed there advance
    the audience window to beat 2 and the speaker's notes become beat 2's. Leaves one window open."""
    b.get((slides / "index.html").as_uri())
    assert wait(b, "window.presenter && document.getElementById('video').readyState >= 1")
    main = b.current_window_handle
    try:
        if not open_speaker(b):
            return False
        notes = "(n => n ? n.innerText : '')(document.getElementById('notes'))"
        if not wait(b, f"{notes} === 'a red circle'", timeout):
            return False
        press(b, keys().ARROW_RIGHT, keys().ARROW_RIGHT)
        if not wait(b, f"{notes} === 'a green square'", timeout):
            return False
        b.switch_to.window(main)
        return wait(b, "window.presenter.i === 1", timeout) is True
    finally:
        close_others(b, main)


@pytest.fixture
def speaker(page):
    """The audience page with its speaker window (key s), which is the current window; closed after."""
    main = page.current_window_handle
    handle = open_speaker(page)
    assert handle, "s opened no window"
    assert wait(page, "window.speaker && window.speaker.i === 0")
    yield main, handle
    close_others(page, main)


def at_end(element_id) -> str:
    return AT_END.replace("'video'", f"'{element_id}'")


def test_speaker_window_shows_the_beat_the_next_beat_and_the_notes(page, speaker):
    main, _ = speaker
    assert page.find_element("tag name", "h1").text == "Backpropagation — 2-2-2 network · sigmoid · MSE"
    assert page.title == "Speaker view — Backpropagation — 2-2-2 network · sigmoid · MSE"
    assert text(page, "scene") == "1. The network — circle" and text(page, "count") == "beat 1 of 6"
    assert text(page, "scene-title") == "Tiny scene one." and text(page, "notes") == "a red circle"
    # the next beat's picture: beat 2's last frame, the filled green square
    assert wait(page, "document.getElementById('next').src.endsWith('01_NetworkSetup_02.mp4')")
    assert wait(page, at_end("next"))
    assert until(lambda: green_share(page, "next") > 0.02)
    assert page.find_element("id", "offline").is_displayed() is False


def test_keys_in_either_window_drive_both(page, speaker):
    main, other = speaker
    K = keys()
    press(page, K.ARROW_RIGHT, K.ARROW_RIGHT)               # pressed in the speaker window
    assert wait(page, "document.getElementById('notes').innerText === 'a green square'")
    assert text(page, "count") == "beat 2 of 6"
    assert wait(page, "document.getElementById('now').src.endsWith('01_NetworkSetup_02.mp4')")
    assert wait(page, at_end("now"))                       # in sync: it played and holds its end too
    assert wait(page, "document.getElementById('next').src.endsWith('01_NetworkSetup_03.mp4')")
    page.switch_to.window(main)
    assert wait(page, "window.presenter.i === 1") and wait(page, AT_END)
    press(page, K.ARROW_LEFT)                              # pressed in the audience window
    assert wait(page, "window.presenter.i === 0 && window.presenter.phase === 'end'")
    page.switch_to.window(other)
    assert wait(page, "window.speaker.i === 0 && window.speaker.phase === 'end'")
    assert text(page, "notes") == "a red circle" and text(page, "count") == "beat 1 of 6"
    assert wait(page, "document.getElementById('now').src.endsWith('01_NetworkSetup_01.mp4')") and wait(page, at_end("now"))
    press(page, K.END)                                     # the last beat: nothing comes next
    assert wait(page, "window.speaker.i === 5")
    assert not page.find_element("id", "next").is_displayed()
    assert page.find_element("id", "the-end").text == "End of the lecture"


def test_speaker_clock_runs_and_resets(page, speaker):
    main, other = speaker
    elapsed = "Date.now() - window.speaker.start"
    first = text(page, "elapsed")
    assert re.fullmatch(r"00:0\d", first) and re.search(r"\d\d:\d\d", text(page, "clock"))
    time.sleep(2.2)
    assert wait(page, f"document.getElementById('elapsed').innerText !== '{first}'")
    assert page.execute_script(f"return {elapsed}") >= 2000
    press(page, "r")                                       # the key, in the speaker window
    assert page.execute_script(f"return {elapsed}") < 1000 and text(page, "elapsed") == "00:00"
    time.sleep(1.2)
    page.find_element("id", "reset").click()               # the button
    assert page.execute_script(f"return {elapsed}") < 1000
    time.sleep(1.2)
    page.switch_to.window(main)
    press(page, "r")                                       # the key, in the audience window
    page.switch_to.window(other)
    assert wait(page, f"{elapsed} < 1000")


def test_closing_the_speaker_window_leaves_the_audience_working(page, speaker):
    main, other = speaker
    page.switch_to.window(main)
    press(page, "s")                                       # s again: the same window, no second one
    time.sleep(0.5)
    assert len(page.window_handles) == 2
    page.switch_to.window(other)
    page.close()
    page.switch_to.window(main)
    K = keys()
    press(page, K.ARROW_RIGHT, K.ARROW_RIGHT)
    assert wait(page, "window.presenter.i === 1") and wait(page, AT_END)
    assert until(lambda: green_share(page) > 0.02)
    assert open_speaker(page), "s after closing opens it again"
    assert wait(page, "window.speaker && window.speaker.i === 1 && window.speaker.phase === 'end'")


def test_speaker_window_says_when_the_audience_is_gone_and_finds_it_again(page, deck, speaker):
    main, other = speaker
    page.switch_to.window(main)
    page.get("about:blank")                                # the audience page goes away
    page.switch_to.window(other)
    assert wait(page, "!document.getElementById('offline').hidden", timeout=6)
    assert "press s there" in page.find_element("id", "offline").text
    page.switch_to.window(main)                            # and comes back: the speaker's next hello finds it
    page.get((deck["slides"] / "index.html").as_uri())
    assert wait(page, "window.presenter && document.getElementById('video').readyState >= 1")
    press(page, keys().END)
    page.switch_to.window(other)
    assert wait(page, "window.speaker.i === 5 && document.getElementById('offline').hidden", timeout=6)


def test_sync_check_fails_when_speaker_js_is_blank(deck, browser, tmp_path):
    """The planted failure: the same deck with an empty speaker.js does not follow the audience."""
    assert speaker_follows(browser, deck["slides"])
    broken = tmp_path / "slides"
    shutil.copytree(deck["slides"], broken)
    (broken / "speaker.js").write_text("")
    assert speaker_follows(browser, broken, timeout=3) is False


def test_chinese_speaker_window(zh_deck, browser):
    CJK = re.compile(r"[\u4e00-\u9fff]")
    browser.get((zh_deck / "index.html").as_uri())
    assert wait(browser, "window.presenter && document.getElementById('video').readyState >= 1")
    main = browser.current_window_handle
    try:
        assert open_speaker(browser)
        assert wait(browser, "window.speaker && window.speaker.i === 0")
        assert browser.find_element("tag name", "h1").text == "反向传播 — 2-2-2 网络 · sigmoid · 均方误差"
        assert browser.title == "演讲者视图 — 反向传播 — 2-2-2 网络 · sigmoid · 均方误差"
        assert text(browser, "count") == "第 1 步，共 6 步" and text(browser, "scene") == "1. 网络 — circle"
        labels = [e.text for e in browser.find_elements("css selector", "figcaption, h2, .label, button, footer .note")]
        assert len(labels) == 7 and all(CJK.search(t) for t in labels), labels
        assert not re.search(r"Now|Next|Notes|Elapsed|Reset|Clock", browser.find_element("tag name", "body").text)
        press(browser, keys().ARROW_RIGHT)
        assert wait(browser, "window.speaker.phase === 'end'") and wait(browser, at_end("next"))
        browser.save_screenshot(str(zh_deck.parent / "speaker_zh.png"))
    finally:
        close_others(browser, main)
