"""The deck on paper: ``backprop slides --format pdf [--notes]`` -> renders/<slug>/slides/lecture.pdf.

One page per beat: the scene's heading and the beat's name above the beat's end frame (what the
presenter holds while the lecturer talks); with ``--notes`` the beat's notes below it. A title
page comes first; PDF bookmarks lead to every scene. Pages are A4: landscape for the frames alone,
portrait with notes (PowerPoint's slides and notes pages), so nothing is smaller than 9 pt on paper.

Drawn with cairo (pycairo, already there for manim): the words are real, searchable text in
embedded fonts — DejaVu Sans for English, WenQuanYi Micro Hei for Chinese (the lecture's CJK
font), each falling back to the other for a character it lacks (a Chinese beat name in an
English deck, a Greek letter) — and the frames are embedded as they were rendered. Long lines
wrap at spaces, and Chinese anywhere between two characters (never before a closing mark).
"""
from __future__ import annotations

import io
import re
import subprocess
from functools import lru_cache

from backprop_core.errors import BadInput

from backprop_core.languages import LATIN_FONT, RECORDS, SOURCE, language

from .cache import atomic_output
from .export import beat_heading, end_frame_png, scene_heading, title_words

PT_PER_MM = 72 / 25.4
A4 = (210 * PT_PER_MM, 297 * PT_PER_MM)           # portrait, in points
FONTS = {code: record.deck_fonts for code, record in RECORDS.items()}    # first choice, then fallback
INK, MUTED, RULE = (0.07, 0.07, 0.07), (0.35, 0.35, 0.35), (0.7, 0.7, 0.7)
HEADING, BEAT, NOTES, MIN_NOTES, FOOTER = 20, 13, 12, 9, 9        # sizes in pt
LINE = 1.4                                       # line height / font size
# a closing mark stays with the character before it: never at the start of a line
CLOSING = set("，。、：；！？）》」』】〉,.;:!?)]}%…")
# a line may break before and after any of these (CJK ideographs, kana, full-width forms, CJK punctuation)
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
TOKENS = re.compile(rf"[{CJK}]|[^\s{CJK}]+\s*|\s+")       # one CJK character, a word with its spaces, spaces


def write_pdf(deck, dest, notes: bool = False):
    """Write the deck to ``dest`` (atomically); returns ``dest``."""
    import cairo
    check_font(deck.lang)
    width, height = A4 if notes else A4[::-1]
    buf = io.BytesIO()
    surface = cairo.PDFSurface(buf, width, height)
    name, lecture, rendered = title_words(deck)
    surface.set_metadata(cairo.PDFMetadata.TITLE, f"{name} — {lecture}")
    surface.set_metadata(cairo.PDFMetadata.CREATOR, "backprop slides --format pdf")
    ctx = cairo.Context(surface)
    page = _Page(ctx, Writer(ctx, deck.lang), width, height, notes)
    page.title(name, lecture, rendered)
    outlined = set()
    for number, (scene, beat) in enumerate(deck.beats, 2):
        if scene.n not in outlined:                # a bookmark per scene, at its first beat
            surface.add_outline(cairo.PDF_OUTLINE_ROOT, scene_heading(scene), f"page={number}", 0)
            outlined.add(scene.n)
        page.beat(scene, beat, f"{lecture}  ·  {number} / {len(deck.beats) + 1}")
    surface.finish()
    with atomic_output(dest) as tmp:
        tmp.write_bytes(buf.getvalue())
    return dest


class _Page:
    """Draws the deck's pages on one cairo context: the title page, then one page per beat."""

    def __init__(self, ctx, text, width: float, height: float, notes: bool):
        self.ctx, self.text, self.width, self.height, self.notes = ctx, text, width, height, notes
        self.margin = (16 if notes else 13) * PT_PER_MM

    def title(self, name: str, lecture: str, rendered: str) -> None:
        text, y = self.text, self.height * 0.36
        for line, size, colour, bold in ((name, 36, INK, True), (lecture, 20, INK, False), (rendered, 12, MUTED, False)):
            for part in text.wrap(line, size, self.width - 2 * self.margin, bold):
                y += size * LINE
                text.show(part, size, (self.width - text.width(part, size, bold)) / 2, y, colour, bold)
            y += size * 0.6
        self.ctx.show_page()

    def beat(self, scene, beat, footer: str) -> None:
        """The scene and beat headings, the beat's end frame, its notes (notes pages), the footer."""
        text, margin = self.text, self.margin
        top = margin
        for line, size, colour, bold in ((scene_heading(scene), HEADING, INK, True),
                                         (beat_heading(scene, beat), BEAT, MUTED, False)):
            for part in text.wrap(line, size, self.width - 2 * margin, bold)[:2]:
                top += size * LINE
                text.show(part, size, margin, top - size * (LINE - 1) / 2, colour, bold)
        top += 4 * PT_PER_MM
        frame_bottom = self._frame(end_frame_png(beat.video), top)
        if self.notes and beat.notes:
            _notes(text, beat.notes, margin, frame_bottom + 6 * PT_PER_MM, self.width - 2 * margin,
                   self.height - margin)
        text.show(footer, FOOTER, margin, self.height - margin / 2, MUTED, False)
        self.ctx.show_page()

    def _frame(self, png: bytes, top: float) -> float:
        """The picture, as wide as the page allows (and on slides as high), ruled; returns its bottom."""
        import cairo
        ctx, margin = self.ctx, self.margin
        image = cairo.ImageSurface.create_from_png(io.BytesIO(png))
        iw, ih = image.get_width(), image.get_height()
        scale = (self.width - 2 * margin) / iw
        if not self.notes:
            scale = min(scale, (self.height - margin - top) / ih)
        left = (self.width - iw * scale) / 2
        ctx.save()
        ctx.translate(left, top)
        ctx.scale(scale, scale)
        ctx.set_source_surface(image, 0, 0)
        ctx.paint()
        ctx.restore()
        ctx.set_source_rgb(*RULE)
        ctx.set_line_width(0.5)
        ctx.rectangle(left, top, iw * scale, ih * scale)
        ctx.stroke()
        return top + ih * scale


def _notes(text, notes: str, left: float, top: float, width: float, bottom: float) -> None:
    """The notes from ``top`` down, wrapped; smaller (down to 9 pt) when they would not fit, and cut
    with "…" below that (a beat's notes are a few captions: it does not happen in the lecture)."""
    for size in range(NOTES, MIN_NOTES - 1, -1):
        lines = [part for para in notes.split("\n") for part in text.wrap(para, size, width)]
        room = int((bottom - top) // (size * LINE))
        if len(lines) <= room:
            break
    if len(lines) > room:
        lines = lines[:max(room, 1)]
        lines[-1] = lines[-1].rstrip() + " …"
    y = top
    for line in lines:
        y += size * LINE
        text.show(line, size, left, y, INK, False)


class Writer:
    """Text on a cairo context in the deck's fonts: per-character fallback, measuring, wrapping."""

    def __init__(self, ctx, lang: str):
        import cairo
        self.ctx, self.cairo = ctx, cairo
        self.families = FONTS.get(lang, FONTS[SOURCE])
        self.faces = {(f, bold): cairo.ToyFontFace(f, cairo.FONT_SLANT_NORMAL,
                                                   cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
                      for f in self.families for bold in (False, True)}
        self._has: dict[tuple[str, str], bool] = {}

    def _covers(self, family: str, ch: str) -> bool:
        key = (family, ch)
        if key not in self._has:
            c = self.cairo
            font = c.ScaledFont(self.faces[family, False], c.Matrix(xx=10, yy=10), c.Matrix(), c.FontOptions())
            self._has[key] = ch.isspace() or font.text_to_glyphs(0, 0, ch, False)[0].index != 0
        return self._has[key]

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (family, piece): each character in the first family that has it."""
        out: list[tuple[str, str]] = []
        for ch in text:
            family = next((f for f in self.families if self._covers(f, ch)), self.families[0])
            if out and out[-1][0] == family:
                out[-1] = (family, out[-1][1] + ch)
            else:
                out.append((family, ch))
        return out

    def _font(self, family: str, size: float, bold: bool) -> None:
        self.ctx.set_font_face(self.faces[family, bold])
        self.ctx.set_font_size(size)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        total = 0.0
        for family, piece in self.runs(text):
            self._font(family, size, bold)
            total += self.ctx.text_extents(piece).x_advance
        return total

    def show(self, text: str, size: float, x: float, y: float, colour, bold: bool) -> None:
        """``text`` with its baseline at ``y``, starting at ``x``."""
        self.ctx.set_source_rgb(*colour)
        for family, piece in self.runs(text):
            self._font(family, size, bold)
            self.ctx.move_to(x, y)
            self.ctx.show_text(piece)
            x += self.ctx.text_extents(piece).x_advance

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Lines no wider than ``width``: breaks at spaces, between Chinese characters (a closing
        mark stays on the line before), and inside a word only when the word alone is too wide."""
        tokens: list[str] = []
        for t in TOKENS.findall(text.strip()):
            if tokens and t[0] in CLOSING and not tokens[-1][-1].isspace():
                tokens[-1] += t
            else:
                tokens.append(t)
        lines, line = [], ""
        for t in tokens:
            if not line or self.width(line + t.rstrip(), size, bold) <= width:
                line += t
            else:
                lines.append(line.rstrip())
                line = t.lstrip()
        lines.append(line.rstrip())
        out = []
        for line in lines:                            # a word wider than the line: cut by characters
            while len(line) > 1 and self.width(line, size, bold) > width:
                cut = 1
                while cut < len(line) - 1 and self.width(line[:cut + 1], size, bold) <= width:
                    cut += 1
                out.append(line[:cut])
                line = line[cut:]
            out.append(line)
        return out


@lru_cache(maxsize=None)
def _fontconfig_family(name: str) -> str:
    try:
        proc = subprocess.run(["fc-match", "-f", "%{family}", name], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout if proc.returncode == 0 else ""


def check_font(lang: str) -> None:
    """BadInput (one line) when the deck's first font, one the language requires (Chinese), is not what
    fontconfig would draw with: cairo would quietly take another font, and Chinese would print as boxes."""
    record = language(lang)
    font = record.deck_fonts[0]
    if font in record.required_fonts and font not in _fontconfig_family(font).split(","):
        raise BadInput(f"slides: the {record.name} PDF deck needs the font {font!r}: install it with "
                       f"`apt-get install {record.font_package}` (or bash scripts/setup.sh)")
