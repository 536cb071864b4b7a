"""The deck as PowerPoint: ``backprop slides --format pptx`` -> renders/<slug>/slides/lecture.pptx.

One 16:9 slide per beat: the scene's heading (its title placeholder, so outlines and navigators
list it) and the beat's name above the beat's video, embedded (``video/mp4``) with its end frame as
poster, so the slide looks like the presenter's held frame before and after it plays; the video
starts by itself when the slide is shown; the beat's notes are the speaker notes. A title slide
comes first. Chinese decks name WenQuanYi Micro Hei as the East Asian font of every run
(``a:ea``) and mark the text ``zh-CN``, so the CJK words never fall back to a Latin font.

Only what python-pptx writes, plus one piece of standard timing XML: python-pptx gives a movie the
play-on-click media node alone; :func:`autoplay` puts in front of it the main-sequence effect
PowerPoint writes for "Start: Automatically" (standard OOXML, so WPS reads it too; LibreOffice
Impress takes it as an "after previous" play command, which tests/test_deck_exports.py checks).
"""
from __future__ import annotations

import io

from backprop_core.languages import RECORDS, language

from .cache import atomic_output
from .export import beat_heading, end_frame_png, scene_heading, title_words

SLIDE_W, SLIDE_H = 12_192_000, 6_858_000        # EMU: 13.333 in x 7.5 in, PowerPoint's widescreen
EMU_PER_PT = 12_700
MARGIN = 380_000                                  # ~0.4 in at the sides
BACKGROUND, TEXT, MUTED = "000000", "FFFFFF", "BBBBBB"   # the videos' black; white and grey words
LANG_TAG = {code: record.pptx_tag for code, record in RECORDS.items()}
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5            # in python-pptx's default template

# PowerPoint's "Start: Automatically" for a movie (what it saves; ECMA-376 part 1, 19.5 "Animation"):
# the slide's main sequence (mainSeq) holds one effect group that begins with the sequence itself
# (evt="onBegin" on node 2, i.e. no click), whose one effect is a media call ("mediacall" preset 1,
# "afterEffect") playing the movie from its start for its duration; prev/next conditions are the
# slide's ordinary click navigation. The p:video node after it is the one python-pptx writes.
AUTOPLAY_TIMING = """\
<p:timing xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:tnLst><p:par>
 <p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>
  <p:seq concurrent="1" nextAc="seek">
   <p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>
    <p:par><p:cTn id="3" fill="hold">
     <p:stCondLst><p:cond delay="indefinite"/><p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst>
     <p:childTnLst><p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>
      <p:par><p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold" nodeType="afterEffect">
       <p:stCondLst><p:cond delay="0"/></p:stCondLst>
       <p:childTnLst><p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr>
        <p:cTn id="6" dur="{ms}" fill="hold"/><p:tgtEl><p:spTgt spid="{spid}"/></p:tgtEl>
       </p:cBhvr></p:cmd></p:childTnLst>
      </p:cTn></p:par>
     </p:childTnLst></p:cTn></p:par></p:childTnLst>
    </p:cTn></p:par>
   </p:childTnLst></p:cTn>
   <p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>
   <p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>
  </p:seq>
  <p:video><p:cMediaNode vol="80000"><p:cTn id="7" fill="hold" display="0">
   <p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>
   <p:tgtEl><p:spTgt spid="{spid}"/></p:tgtEl></p:cMediaNode></p:video>
 </p:childTnLst></p:cTn>
</p:par></p:tnLst></p:timing>"""


def autoplay(slide, movie, seconds: float) -> None:
    """Make ``movie`` start when ``slide`` is shown: its p:timing replaced by :data:`AUTOPLAY_TIMING`."""
    from pptx.oxml import parse_xml
    sld = slide._element
    for old in sld.findall("{http://schemas.openxmlformats.org/presentationml/2006/main}timing"):
        sld.remove(old)
    timing = parse_xml(AUTOPLAY_TIMING.format(spid=movie.shape_id, ms=max(1, round(seconds * 1000))))
    sld.insert_element_before(timing, "p:extLst")      # p:timing comes after p:transition, before p:extLst


def write_pptx(deck, dest):
    """Write the deck to ``dest`` (atomically); returns ``dest``."""
    from pptx import Presentation
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    lang = deck.lang
    name, lecture, rendered = title_words(deck)
    _widescreen_notes(prs)
    first = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    _black(first)
    title, subtitle = first.placeholders[0], first.placeholders[1]
    _place(title, MARGIN, 1_900_000, SLIDE_W - 2 * MARGIN, 1_300_000)
    _write(title.text_frame, [(name, 54, TEXT, True)], lang)
    _place(subtitle, MARGIN, 3_350_000, SLIDE_W - 2 * MARGIN, 1_500_000)
    _write(subtitle.text_frame, [(lecture, 28, TEXT, False), (rendered, 16, MUTED, False)], lang)
    for scene, beat in deck.beats:
        # the heading band (scene, then beat) is about 1 in; the video takes the rest, at its own aspect
        slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        _black(slide)
        heading = slide.shapes.title
        _place(heading, MARGIN, 60_000, SLIDE_W - 2 * MARGIN, 500_000)
        _write(heading.text_frame, [(scene_heading(scene), 26, TEXT, True)], lang)
        line = slide.shapes.add_textbox(MARGIN, 540_000, SLIDE_W - 2 * MARGIN, 330_000)
        _write(line.text_frame, [(beat_heading(scene, beat), 16, MUTED, False)], lang)
        poster = end_frame_png(beat.video)
        left, top, width, height = _video_box(poster, top=900_000, bottom=SLIDE_H - 80_000)
        movie = slide.shapes.add_movie(str(beat.video), left, top, width, height,
                                       poster_frame_image=io.BytesIO(poster), mime_type="video/mp4")
        movie.name = f"{scene.cls} {beat.number}"
        autoplay(slide, movie, beat.duration)
        _write(slide.notes_slide.notes_text_frame, [(text, 14, None, False) for text in beat.notes.split("\n")],
               lang, align=None)
    with atomic_output(dest) as tmp:
        prs.save(str(tmp))
    return dest


def _video_box(png: bytes, top: int, bottom: int) -> tuple[int, int, int, int]:
    """The largest box of the frame's aspect ratio between ``top`` and ``bottom``, centred."""
    from PIL import Image
    w, h = Image.open(io.BytesIO(png)).size
    height = bottom - top
    width = round(height * w / h)
    if width > SLIDE_W - 2 * MARGIN:
        width = SLIDE_W - 2 * MARGIN
        height = round(width * h / w)
    return (SLIDE_W - width) // 2, top, width, height


def _widescreen_notes(prs) -> None:
    """python-pptx's notes master has a 4:3 slide picture: made 16:9 (same width, centred on the old box)."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    for ph in prs.notes_master.placeholders:
        if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_IMAGE:
            height = round(ph.width * SLIDE_H / SLIDE_W)
            ph.top, ph.height = ph.top + (ph.height - height) // 2, height


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _black(slide) -> None:
    from pptx.dml.color import RGBColor
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(BACKGROUND)


def _write(frame, paragraphs, lang: str, align="center") -> None:
    """Fill a text frame: one paragraph per (text, size in pt, colour or None, bold), in ``lang``."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt
    frame.clear()                                     # leaves one empty paragraph
    frame.word_wrap = True
    if align:
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for i, (text, size, color, bold) in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align:
            p.alignment = PP_ALIGN.CENTER
        if i:
            p.space_before = Pt(size)
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        _language(run.font._rPr, lang)


def _language(rPr, lang: str) -> None:
    """Mark a run's language; in a CJK language (Chinese), name its font as the East Asian typeface (a:ea)."""
    from pptx.oxml import parse_xml
    rPr.set("lang", LANG_TAG.get(lang, lang))
    record = language(lang)
    if record.pptx_alt_tag:
        rPr.set("altLang", record.pptx_alt_tag)
    if record.cjk:
        ea = parse_xml(f'<a:ea xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                       f'typeface="{record.text_font}"/>')
        rPr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
