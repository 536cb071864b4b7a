"""``backprop slides --format pptx|pdf``: a real (tiny) render written as PowerPoint and as a PDF deck,
read back (python-pptx, poppler's pdfinfo/pdftotext) and opened in LibreOffice Impress.

The checks are functions that return problems (``pptx_problems``, ``pdf_problems``), so the
planted failures below run the very checks the real decks pass.
"""
import errno
import io
import os
import re
import shutil
import sys
import subprocess
import tempfile
from pathlib import Path

import pytest

from test_output_faults import fill, tmpfs  # noqa: F401  (a fixture)
from test_slides import run

# Two tiny scenes of three beats, their beat names and captions in the deck's language
# (beat 2 ends on a filled green square, beat 3's name is Chinese in both decks).
TINY = '''
from manim import Circle, Create, LEFT, RIGHT, Scene, Square, Triangle
from backprop_core.i18n import current_language
ZH = current_language() == "zh"

class {cls}(Scene):
    """{title}"""
    TITLE = "{short}"     # a message of the catalogue: the side list and the headings show it
    def construct(self):
        self.next_section("圆" if ZH else "circle")
        self.add_subcaption("一个红色的圆" if ZH else "a red circle", duration=1)
        self.play(Create(Circle(color="#FF0000").shift(2 * LEFT)), run_time=1)
        self.next_section("方块" if ZH else "square")
        self.add_subcaption("一个绿色的方块" if ZH else "a green square", duration=1)
        self.play(Create(Square(color="#00FF00", fill_opacity=1)), run_time=1)
        self.next_section("权重 w")
        self.add_subcaption("一个蓝色的三角形" if ZH else "a blue triangle", duration=1)
        self.play(Create(Triangle(color="#0000FF").shift(2 * RIGHT)), run_time=1)
'''
NOTES = {"en": ["a red circle", "a green square", "a blue triangle"] * 2,
         "zh": ["一个红色的圆", "一个绿色的方块", "一个蓝色的三角形"] * 2}
HEADINGS = {"en": ["1. The network", "2. Is the derivation right?"], "zh": ["1. 网络", "2. 推导对不对？"]}
TITLE = {"en": ("Backpropagation", "2-2-2 network · sigmoid · MSE"), "zh": ("反向传播", "2-2-2 网络 · sigmoid · 均方误差")}
BEATS = 6
A4_LANDSCAPE, A4_PORTRAIT = (841.89, 595.276), (595.276, 841.89)     # pdfinfo's points
CJK = re.compile(r"[\u4e00-\u9fff]")
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """One tiny render per language, written as pptx and pdf (English without notes, Chinese with)."""
    tmp = tmp_path_factory.mktemp("decks")
    scenes = tmp / "scenes"
    scenes.mkdir()
    (scenes / "outline.py").write_text('LECTURE = ["NetworkSetup", "GradientCheck"]\n')
    (scenes / "network_paths.py").write_text(TINY.format(cls="NetworkSetup", title="Tiny scene one.", short="The network"))
    (scenes / "gradient_check.py").write_text(TINY.format(cls="GradientCheck", title="Tiny scene two.", short="Is the derivation right?"))
    out = tmp / "renders"
    paths = {}
    for lang, pdf_args in (("en", []), ("zh", ["--notes"])):
        for args in (["--format", "pptx"], ["--format", "pdf", *pdf_args]):
            proc = run(["slides", "--lang", lang, *args], scenes, out)
            assert proc.returncode == 0, proc.stderr + proc.stdout
            path = Path(proc.stdout.strip().splitlines()[-1])
            assert path.name == f"lecture.{args[1]}" and path.parent.name == "slides", proc.stdout
            paths[lang, args[1]] = path
    return {"scenes": scenes, "out": out, **{f"{lang}_{fmt}": p for (lang, fmt), p in paths.items()}}


# ---- the checks ---------------------------------------------------------------------------------

def xp(element, query: str) -> list:
    """XPath with the OOXML prefixes, on any element python-pptx parsed."""
    from lxml import etree
    return etree.XPath(query, namespaces=NS)(element)


def last_frame(video: bytes):
    """The last frame of a video, decoded frame by frame (independent of backprop's own end_frame)."""
    import av
    with av.open(io.BytesIO(video)) as c:
        frame = None
        for frame in c.decode(video=0):
            pass
        return frame.to_image().convert("RGB")


def green_share(image) -> float:
    import numpy as np
    px = np.asarray(image.convert("RGB")).astype(int)
    return float(((px[..., 1] > 180) & (px[..., 0] < 80) & (px[..., 2] < 80)).mean())


def autoplay_problem(slide) -> str | None:
    """None when the slide starts its movie by itself, the way PowerPoint saves "Start: Automatically":
    a media call playFrom on the movie, in the main sequence, triggered by the sequence's own begin."""
    sld = slide._element
    movie_ids = [p.get("id") for p in xp(sld, ".//p:pic[.//a:videoFile]/p:nvPicPr/p:cNvPr")]
    if not xp(sld, "./p:timing"):
        return "no p:timing"
    main = xp(sld, "./p:timing//p:cTn[@nodeType='mainSeq']")
    if not main:
        return "no main sequence (python-pptx's own timing plays on click only)"
    calls = xp(main[0], ".//p:cTn[@presetClass='mediacall']")
    for call in calls:
        targets = xp(call, ".//p:cmd[starts-with(@cmd, 'playFrom')]//p:spTgt/@spid")
        group = xp(call, "ancestor::p:par[3]/p:cTn")               # the effect's click group
        starts = xp(group[0], "./p:stCondLst/p:cond[@evt='onBegin']/p:tn/@val") if group else []
        if (set(targets) & set(movie_ids) and call.get("nodeType") in ("afterEffect", "withEffect")
                and main[0].get("id") in starts):
            return None
    return "no media call that plays the movie when the slide begins"


def pptx_problems(path: Path, lang: str, notes: list[str]) -> list[str]:
    from pptx import Presentation
    prs = Presentation(str(path))
    problems = []
    if abs(prs.slide_width / prs.slide_height - 16 / 9) > 1e-3:
        problems.append(f"not 16:9: {prs.slide_width}x{prs.slide_height}")
    slides = list(prs.slides)
    if len(slides) != len(notes) + 1:
        problems.append(f"{len(slides)} slides for {len(notes)} beats + the title slide")
    first = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame) if slides else ""
    if not all(t in first for t in TITLE[lang]):
        problems.append(f"title slide says {first!r}")
    for k, (slide, expected) in enumerate(zip(slides[1:], notes), 2):
        pics = xp(slide._element, ".//p:pic[.//a:videoFile]")
        if len(pics) != 1:
            problems.append(f"slide {k}: {len(pics)} movies")
            continue
        video_rid = xp(pics[0], ".//a:videoFile/@r:link")[0]
        part = slide.part.related_part(video_rid)
        if part.content_type != "video/mp4" or not str(part.partname).endswith(".mp4"):
            problems.append(f"slide {k}: the movie is {part.content_type} {part.partname}")
            continue
        poster_rid = xp(pics[0], ".//a:blip/@r:embed")
        if not poster_rid:
            problems.append(f"slide {k}: no poster frame")
        else:
            from PIL import Image, ImageChops
            poster = Image.open(io.BytesIO(slide.part.related_part(poster_rid[0]).blob)).convert("RGB")
            if ImageChops.difference(poster, last_frame(part.blob)).getbbox() is not None:
                problems.append(f"slide {k}: the poster is not the video's end frame")
        text = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if text != expected:
            problems.append(f"slide {k}: notes {text!r}, not {expected!r}")
        problem = autoplay_problem(slide)
        if problem:
            problems.append(f"slide {k}: {problem}")
    return problems


def pdf_info(path: Path) -> tuple[int, tuple[float, float]]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M).groups())
    return pages, (w, h)


def pdf_text(path: Path) -> list[str]:
    """The text of each page (pdftotext; pages end with a form feed)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def pdf_problems(path: Path, beats: int, size, texts: dict[int, list[str]], absent: list[str] = ()) -> list[str]:
    """Page count = beats + title page, every page of ``size`` points, each listed text on its page."""
    pages, got = pdf_info(path)
    problems = []
    if pages != beats + 1:
        problems.append(f"{pages} pages for {beats} beats + the title page")
    if abs(got[0] - size[0]) > 1 or abs(got[1] - size[1]) > 1:
        problems.append(f"pages are {got}, not {size}")
    text = pdf_text(path)
    for page, words in texts.items():
        flat = re.sub(r"\s+", " ", text[page - 1]) if page <= len(text) else ""
        problems += [f"page {page} lacks {w!r}" for w in words if w not in flat]
    joined = " ".join(text)
    problems += [f"{w!r} is printed" for w in absent if w in joined]
    return problems


def expected_pages(lang: str, with_notes: bool) -> dict[int, list[str]]:
    name, lecture = TITLE[lang]
    pages = {1: [name, lecture]}
    for i in range(BEATS):
        heading = HEADINGS[lang][i // 3]
        pages[i + 2] = [heading] + ([NOTES[lang][i]] if with_notes else [])
    return pages


# ---- PowerPoint ---------------------------------------------------------------------------------

def test_pptx_slide_per_beat_with_its_video_poster_notes_and_autoplay(decks):
    assert pptx_problems(decks["en_pptx"], "en", NOTES["en"]) == []


def test_pptx_headings_and_posters_are_the_beats(decks):
    from PIL import Image
    from pptx import Presentation
    slides = list(Presentation(str(decks["en_pptx"])).slides)
    assert [s.shapes.title.text_frame.text for s in slides[1:]] == [HEADINGS["en"][0]] * 3 + [HEADINGS["en"][1]] * 3
    lines = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh != s.shapes.title)
             for s in slides[1:4]]
    assert lines == ["circle · beat 1/3", "square · beat 2/3", "权重 w · beat 3/3"]
    posters = []
    for s in slides[1:3]:
        blip = xp(s._element, ".//p:pic//a:blip/@r:embed")[0]
        posters.append(Image.open(io.BytesIO(s.part.related_part(blip).blob)))
    assert green_share(posters[0]) < 0.001 < 0.02 < green_share(posters[1])   # beat 2 ends on the square


def test_chinese_pptx_speaks_chinese_in_the_cjk_font(decks):
    from pptx import Presentation
    assert pptx_problems(decks["zh_pptx"], "zh", NOTES["zh"]) == []
    prs = Presentation(str(decks["zh_pptx"]))
    assert [s.shapes.title.text_frame.text for s in list(prs.slides)[1:]][::3] == HEADINGS["zh"]
    runs = [r for s in prs.slides for r in xp(s._element, ".//a:r")]
    runs += [r for s in prs.slides for r in xp(s.notes_slide.notes_text_frame._txBody, ".//a:r")]
    chinese = [r for r in runs if CJK.search("".join(xp(r, "./a:t/text()")))]
    assert len(chinese) >= 1 + 2 * BEATS
    for r in chinese:
        rpr = r.find("a:rPr", NS)
        assert rpr.get("lang") == "zh-CN" and rpr.find("a:ea", NS).get("typeface") == "WenQuanYi Micro Hei"


def test_planted_pptx_without_autoplay_or_with_wrong_notes_fails(decks, tmp_path):
    from pptx import Presentation
    prs = Presentation(str(decks["en_pptx"]))
    slides = list(prs.slides)
    sld = slides[2]._element
    sld.remove(sld.find("p:timing", NS))                       # what python-pptx alone would not add
    xp(slides[3]._element, ".//p:cTn[@presetClass='mediacall']")[0].set("nodeType", "clickEffect")
    slides[4].notes_slide.notes_text_frame.text = "something else"
    planted = tmp_path / "planted.pptx"
    prs.save(str(planted))
    assert pptx_problems(planted, "en", NOTES["en"]) == [
        "slide 3: no p:timing", "slide 4: no media call that plays the movie when the slide begins",
        "slide 5: notes 'something else', not 'a red circle'"]
    assert pptx_problems(decks["en_pptx"], "en", NOTES["en"][:-1])[0] == "7 slides for 5 beats + the title slide"


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_impress_opens_the_pptx_and_sees_the_autoplay(decks, tmp_path):
    soffice = _soffice()
    if not soffice:
        pytest.skip("LibreOffice Impress is not installed: apt-get install libreoffice-impress "
                    "(bash scripts/setup.sh --test does it)")
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        for fmt in ("pdf", "odp"):
            proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                                   fmt, "--outdir", str(tmp_path), str(decks["en_pptx"])],
                                  capture_output=True, text=True, timeout=180)
            assert (tmp_path / f"lecture.{fmt}").exists(), proc.stderr + proc.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pages, size = pdf_info(tmp_path / "lecture.pdf")
    assert pages == BEATS + 1 and abs(size[0] / size[1] - 16 / 9) < 1e-2
    text = pdf_text(tmp_path / "lecture.pdf")
    assert "Backpropagation" in text[0] and "1. The network" in text[1] and "权重 w" in text[3]
    # Impress's own model of the slides: each beat's main sequence plays (a media "play" command)
    # the moment the slide begins (after-previous, begin 0s), not on a click
    import zipfile
    content = zipfile.ZipFile(tmp_path / "lecture.odp").read("content.xml").decode()
    plays = re.findall(r'<anim:par smil:begin="0s"[^>]*presentation:node-type="(?:after|with)-previous"'
                       r'[^>]*presentation:preset-class="media-call"[^>]*><anim:command[^>]*anim:command="play"', content)
    assert len(plays) == BEATS


# ---- PDF ----------------------------------------------------------------------------------------

def test_pdf_deck_a_landscape_page_per_beat_with_headings_without_notes(decks):
    assert pdf_problems(decks["en_pdf"], BEATS, A4_LANDSCAPE, expected_pages("en", False),
                        absent=NOTES["en"]) == []
    assert "权重 w · beat 3/3" in pdf_text(decks["en_pdf"])[3]      # a Chinese beat name in an English deck


def test_chinese_pdf_deck_with_notes_in_the_cjk_font(decks):
    assert pdf_problems(decks["zh_pdf"], BEATS, A4_PORTRAIT, expected_pages("zh", True)) == []
    fonts = subprocess.run(["pdffonts", str(decks["zh_pdf"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"WenQuanYiMicroHei\s.*\byes\s+yes\s+yes", fonts), fonts     # embedded, subset, unicode


def tiny_deck(out: Path):
    """The English tiny deck built in-process from its rendered beat videos (for planted decks)."""
    from backprop_anim.pipeline.deck import Beat, Deck, DeckScene
    sections = out / "2-2-2_sigmoid_mse" / "480p15" / "sections"
    scenes = []
    for n, stem in enumerate(("01_NetworkSetup", "02_GradientCheck"), 1):
        videos = sorted((sections / stem).glob("*.mp4"))
        scenes.append(DeckScene(n, stem, stem, stem, [Beat(i, f"b{i}", v, 1.0, [], NOTES["en"][i - 1])
                                                      for i, v in enumerate(videos, 1)]))
    return Deck(TITLE["en"][1], "en", "480p15", 15, scenes)


def test_planted_pdf_deck_missing_a_beat_fails(decks, tmp_path):
    from backprop_anim.pipeline.pdf_deck import write_pdf
    deck = tiny_deck(decks["out"])
    deck.scenes[1].beats.pop()                                      # the planted fault
    pdf = write_pdf(deck, tmp_path / "d.pdf")
    assert pdf_problems(pdf, BEATS, A4_LANDSCAPE, {}) == ["6 pages for 6 beats + the title page"]
    assert pdf_problems(pdf, BEATS - 1, A4_PORTRAIT, {2: ["nowhere"]}) == [
        f"pages are {A4_LANDSCAPE}, not {A4_PORTRAIT}", "page 2 lacks 'nowhere'"]


@pytest.mark.parametrize("fmt", ["pptx", "pdf"])
def test_a_full_disk_leaves_the_old_deck_and_no_temp_file(fmt, decks, tmpfs):
    from backprop_anim.pipeline.pdf_deck import write_pdf
    from backprop_anim.pipeline.pptx_deck import write_pptx
    write = write_pptx if fmt == "pptx" else write_pdf
    point = tmpfs("full", "1m")
    dest = point / f"lecture.{fmt}"
    dest.write_bytes(b"the old deck")
    fill(point)
    with pytest.raises(OSError) as exc:
        write(tiny_deck(decks["out"]), dest)
    assert exc.value.errno == errno.ENOSPC
    assert dest.read_bytes() == b"the old deck" and sorted(p.name for p in point.iterdir()) == ["fill", dest.name]
    (point / "fill").unlink()                                       # space again: it works
    assert write(tiny_deck(decks["out"]), dest) == dest and dest.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")


def test_long_chinese_notes_wrap_per_character():
    import cairo
    from backprop_anim.pipeline.pdf_deck import CLOSING, Writer
    w = Writer(cairo.Context(cairo.ImageSurface(cairo.FORMAT_RGB24, 10, 10)), "zh")
    text = "权重在边上：第 l 层下标为 j k 的 w，从神经元 k 连到神经元 j，所以每一行权重输入同一个神经元。" * 3
    lines = w.wrap(text, 12, 200)
    assert len(lines) > 5 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(w.width(l, 12) <= 200 for l in lines)
    assert all(w.width(l, 12) > 200 - 3 * 12 for l in lines[:-1])       # full lines, not a word per line
    assert not any(l[0] in CLOSING for l in lines)
    english = w.wrap("backpropagation carries delta back through every layer " * 4, 12, 200)
    assert all(l.split() and all(word in "backpropagation carries delta back through every layer"
                                 for word in l.split()) for l in english)      # words are never cut


# ---- the command --------------------------------------------------------------------------------

def test_end_frame_is_the_last_frame_also_past_the_seek(decks):
    from PIL import ImageChops
    from backprop_anim.pipeline.export import end_frame
    scene_video = decks["out"] / "2-2-2_sigmoid_mse" / "480p15" / "01_NetworkSetup.mp4"     # 3 s: it seeks
    beat_video = next((decks["out"] / "2-2-2_sigmoid_mse" / "480p15" / "sections" / "01_NetworkSetup").glob("*.mp4"))
    for video in (scene_video, beat_video):
        assert ImageChops.difference(end_frame(video), last_frame(video.read_bytes())).getbbox() is None, video


def test_the_presenter_keeps_the_pptx_and_pdf_and_the_render_is_reused(decks):
    before = {p: p.read_bytes() for p in (decks["en_pptx"], decks["en_pdf"])}
    proc = run(["slides"], decks["scenes"], decks["out"])
    assert proc.returncode == 0, proc.stderr
    assert "rendered" not in proc.stdout and (decks["en_pptx"].parent / "index.html").exists()
    assert {p: p.read_bytes() for p in before} == before
    assert not list(decks["en_pptx"].parent.parent.glob(".slides*"))
    assert not list(decks["en_pptx"].parent.glob(".lecture*"))       # no temp file left by the atomic writes


@pytest.mark.parametrize("args", [["--notes"], ["--format", "pptx", "--notes"], ["--format", "docx"]])
def test_bad_combinations_exit_2_with_one_line(args, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "backprop.cli", "slides", *args, "--output", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent,
                          env=dict(os.environ, PYTHONHASHSEED="0"))
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("backprop: slides: ")
    assert not (tmp_path / "r").exists()
