"""Render: the composed document as a PDF with reportlab, laid out like the DOCX, fonts embedded, reproducible.

Paper and margins come from the same DOCX template as the Word files; the font is Liberation Sans (metric-
compatible with Arial) in its four styles, shipped in the package, so that emphasis typed in a text (base.markup)
is set in italic and bold. Labelled items (Menimbang, dictum, ...) are borderless tables of
label / colon / marker / text columns, so wrapped lines hang at the text. Plan tables repeat their header rows
on every page; vertical merges are drawn by leaving out the lines between merged rows rather than by spans, so
a long area can still break across pages. In either kind of table, a row taller than a page is split inside
the row.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

from zi_decree.base import arguments, markup
from zi_decree.base.environment import check_source_date_epoch
from zi_decree.base.links import link_parts
from zi_decree.base.paper import PAPER_SIZES, PAPERS, Paper
from zi_decree.composing.document import (
    AttestationBlock,
    Block,
    Document,
    Item,
    Labeled,
    LampiranHeader,
    ListBlock,
    Orientation,
    Paragraph,
    ParagraphRole,
    Row,
    Section,
    SignatureBlock,
    Table,
)
from zi_decree.rendering.breaks import break_long_words
from zi_decree.rendering.layout import (
    COLON_GAP,
    LIST_UNIT,
    MARKER_STEP,
    SPACE,
    column_widths,
    default_template,
    label_width,
    right_block_indent,
)
from zi_decree.rendering.lines import balance, balanced
from zi_decree.rendering.pdf_grid import Grid, GridCell, GridSpec, Stack
from zi_decree.rendering.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph as RLParagraph,
)
from zi_decree.rendering.template import read_template

__all__ = ["FONT", "render_pdf"]

FONT = "ZI-LiberationSans"
FONT_BOLD = "ZI-LiberationSans-Bold"
FONT_ITALIC = "ZI-LiberationSans-Italic"
FONT_BOLD_ITALIC = "ZI-LiberationSans-BoldItalic"
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "justify": TA_JUSTIFY, "right": TA_LEFT}
# For each paragraph role: space before and after (points), and whether it stays with what follows (headings,
# titles and MEMUTUSKAN never end a page alone). The title's spacing is shared with the DOCX; the rest mirrors
# the template's paragraph styles.
_PARAGRAPHS: dict[ParagraphRole, tuple[int, int, bool]] = {
    "mark": (0, 12, True),
    "heading": (0, 0, True),
    "title": (SPACE["title"], 0, True),
    "title-number": (0, 0, True),
    "title-tentang": (SPACE["title-tentang"], 0, True),
    "title-subject": (SPACE["title-subject"], 0, True),
    "issuer": (12, 12, True),
    "memutuskan": (12, 12, True),
    "lampiran-title": (12, 12, True),
    "narrative-heading": (12, 6, True),
    "narrative": (0, 6, False),
    "body": (0, 0, False),
}


@lru_cache(maxsize=1)
def _register_fonts() -> None:
    folder = resources.files("zi_decree.templates").joinpath("fonts")
    pdfmetrics.registerFont(TTFont(FONT, str(folder.joinpath("LiberationSans-Regular.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder.joinpath("LiberationSans-Bold.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(folder.joinpath("LiberationSans-Italic.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD_ITALIC, str(folder.joinpath("LiberationSans-BoldItalic.ttf"))))
    # One family, so that a paragraph's <i> and <b> (emphasis) take the italic and bold faces of its font.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)


def _template_page(template: str) -> tuple[float, float, float, float, float]:
    """Margins (top, bottom, left, right, in points) and base font size of a DOCX template: those the DOCX is laid
    out with, as read_template checked them (once per template's content, without python-docx)."""
    checked = read_template(template)
    return (*checked.margins_pt, checked.font_size)


def _escape(text: str, quote: bool = False) -> str:
    """xml.sax.saxutils.escape (&, <, >, and " with `quote`): importing xml.sax.saxutils loads urllib.request,
    http.client, ssl and email (10 ms of a render)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _text(value: str | tuple[markup.Run, ...]) -> str:
    """User text as reportlab paragraph markup: its emphasis as <b> and <i>, the rest escaped, line breaks kept,
    tabs as spaces."""
    if isinstance(value, str):
        value = markup.runs(value)
    out = []
    for run in value:
        text = _escape(run.text).replace("\t", " ").replace("\n", "<br/>")
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _linked(value: str, width: float, measure: Callable[[str], float]) -> str:
    """User text as paragraph markup with each web address in it a link (reportlab annotates each of its
    lines), a word too long for the cell cut as break_long_words cuts it."""
    return "".join(_text(break_long_words(shown, width, measure)) if target is None else
                   f'<a href="{_escape(target, quote=True)}" color="#0563C1">'
                   f'<u>{_text(break_long_words(shown, width, measure))}</u></a>'
                   for shown, target in link_parts(value))


# Line height, in font sizes: Word's and LibreOffice's single spacing for Arial and Liberation Sans (their ascent
# and descent), so that a page holds as many lines as the DOCX's page.
_LINE = 1.15


class _Styles:
    def __init__(self, size: float):
        leading = size * _LINE
        # No line of a paragraph alone at the foot or the head of a page (Word's widow and orphan control).
        base = ParagraphStyle("zi", fontName=FONT, fontSize=size, leading=leading, alignment=TA_LEFT,
                              allowWidows=0, allowOrphans=0)
        self.size = size
        self.body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY)
        self.left = base
        self.bold_center = ParagraphStyle("bc", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER)
        self.bold_left = ParagraphStyle("bl", parent=base, fontName=FONT_BOLD)
        table = size * 0.75
        self.cell = ParagraphStyle("cell", parent=base, fontSize=table, leading=table * _LINE)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=FONT_BOLD)
        self.cell_head = ParagraphStyle("cellh", parent=self.cell_bold, alignment=TA_CENTER)
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)


# A justified line whose spaces would grow past this many times their width is set flush left instead (a Mengingat
# item with a long registry code on a line of its own would otherwise be spread out with wide gaps).
_STRETCH_LIMIT = 3.0


class _CellParagraph(RLParagraph):
    """A paragraph that lays its lines out once per width: a table cell is measured for its row's height, then
    drawn, at the same width (line breaking is a third of a PDF's time); and, for a text of one font, once per
    process: a batch sets the same plan's cells and the same considerations for every office."""

    _wrapped: tuple[float, float, float] | None = None

    def breakLines(self, width: Any) -> Any:  # reportlab's name
        key = _lines_key(self, width)
        kept = _LINES.get(key) if key is not None else None
        if kept is not None:
            lines, ascent, descent, width_max = kept
            self._width_max = width_max
            self._splitLongWordCount = self._hyphenations = 0
            self.height = 0
            # The paragraph's own fragment carries the lines (font, colour), as reportlab's simple case makes
            # them; the lines are copied, as the paragraph's own (a justified line may be set flush left).
            return self.frags[0].clone(kind=0, lines=[(extra, list(words)) for extra, words in lines],
                                       ascent=ascent, descent=descent, fontSize=self.frags[0].fontSize)
        broken = super().breakLines(width)
        if key is not None and broken.kind == 0 and not self._splitLongWordCount and not self._hyphenations \
                and all(type(word) is str for _extra, words in broken.lines for word in words):
            # (Words reportlab cut or hyphenated are objects a split may change: such lines are not kept.)
            if len(_LINES) >= _LINES_KEPT:
                _LINES.clear()
            _LINES[key] = (tuple((extra, tuple(words)) for extra, words in broken.lines), broken.ascent,
                           broken.descent, self._width_max)
        return broken

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        # A split that fails drops the lines reportlab broke: then they are broken again.
        if self._wrapped is not None and self._wrapped[0] == availWidth and hasattr(self, "blPara"):
            return self._wrapped[1], self._wrapped[2]
        width, height = super().wrap(availWidth, availHeight)
        lines = getattr(self, "blPara", None)
        if lines is not None and self.style.alignment == TA_JUSTIFY:
            _limit_stretch(lines, self.style)
        self._wrapped = (availWidth, width, height)
        return width, height


def _limit_stretch(para: Any, style: ParagraphStyle) -> None:
    """Lines of a justified paragraph that would be stretched too far are drawn flush left."""
    space = pdfmetrics.stringWidth(" ", style.fontName, style.fontSize)
    lines = para.lines
    for i in range(len(lines) - 1):  # the last line is flush left anyway
        line = lines[i]
        if para.kind == 0:
            extra, words = line
            gaps = len(words) - 1
            if gaps > 0 and extra / gaps > (_STRETCH_LIMIT - 1) * space:
                lines[i] = (0, words)
        else:
            gaps = getattr(line, "wordCount", 1) - 1
            if gaps > 0 and line.extraSpace / gaps > (_STRETCH_LIMIT - 1) * space:
                line.extraSpace = 0


def _lines_key(para: RLParagraph, width: Any) -> tuple[Any, ...] | None:
    """What reportlab's line breaking of a paragraph in one font reads: its text, font and size, the widths and
    the style (every attribute); None for a paragraph it breaks otherwise (several fonts, a bullet, words
    already split), whose lines are not kept."""
    frags = para.frags
    if len(frags) != 1 or para.bulletText is not None:
        return None
    frag = frags[0]
    text = getattr(frag, "text", None)
    style = para.style
    if text is None or hasattr(frag, "cbDefn") or hasattr(frag, "backColor") or style.endDots or style.shaping \
            or getattr(para, "autoLeading", None) is not None:
        return None
    widths = tuple(width) if isinstance(width, list) else width
    return text, frag.fontName, frag.fontSize, widths, _style_key(style)


def _style_key(style: ParagraphStyle) -> int:
    """A number for a style's attributes (all but its name and parent, whose attributes it has copied): styles
    alike get the same. Styles are not changed once made here."""
    seen = _STYLE_SEEN.get(id(style))
    if seen is not None and seen[0] is style:
        return seen[1]
    attributes = tuple(item for item in vars(style).items() if item[0] not in ("name", "parent"))
    number = _STYLE_KEYS.get(attributes)
    if number is None:
        if len(_STYLE_KEYS) >= _LINES_KEPT:
            _STYLE_KEYS.clear()
        # Never a number given before: what was kept under an old one stays right (renders run in threads too).
        number = _STYLE_KEYS[attributes] = next(_STYLE_NUMBERS)
    if len(_STYLE_SEEN) >= _LINES_KEPT:
        _STYLE_SEEN.clear()
    _STYLE_SEEN[id(style)] = (style, number)  # the style kept alive with its entry: its id is not reused
    return number


# Line breaks kept per text, font, widths and style (_CellParagraph.breakLines): a batch's plan and considerations
# repeat from office to office.
_LINES: dict[tuple[Any, ...], tuple[tuple[tuple[float, tuple[str, ...]], ...], float, float, float]] = {}
_LINES_KEPT = 20000
_STYLE_KEYS: dict[tuple[tuple[str, Any], ...], int] = {}
_STYLE_NUMBERS = itertools.count()
_STYLE_SEEN: dict[int, tuple[ParagraphStyle, int]] = {}


# Inner padding of a plan table's cells (points): as the DOCX's cell margins.
_CELL_PAD_X, _CELL_PAD_TOP, _CELL_PAD_BOTTOM = 3.5, 2.0, 2.0

def _plain_frag(style: ParagraphStyle) -> Any:
    key = _style_key(style)
    frag = _PLAIN.get(key)
    if frag is None:
        frag = _PLAIN[key] = RLParagraph("x", style).frags[0]
    return frag


def _overridden(style: ParagraphStyle, overrides: dict[str, Any]) -> ParagraphStyle:
    """A style with some attributes changed (an indent, the space before), made once per process for each
    style and change: a style is never changed once made, so paragraphs can share it."""
    key = (_style_key(style), style.name, tuple(overrides.items()))
    made = _OVERRIDDEN.get(key)
    if made is None:
        if len(_OVERRIDDEN) >= _FRAGS_KEPT:
            _OVERRIDDEN.clear()
        made = _OVERRIDDEN[key] = ParagraphStyle(style.name + "+", parent=style, **overrides)
    return made


# By the style's number (_style_key).
_PLAIN: dict[int, Any] = {}
_OVERRIDDEN: dict[tuple[int, str, tuple[tuple[str, Any], ...]], ParagraphStyle] = {}
_FRAGS: dict[tuple[str, int], list[Any]] = {}
_FRAGS_KEPT = 20000


@lru_cache(maxsize=65536)
def _cut(text: str, width: float, font: str, size: float) -> str:
    """break_long_words in a font, kept: a batch's plan and considerations repeat from office to office."""
    return break_long_words(text, width, lambda t: pdfmetrics.stringWidth(t, font, size))


def _short(flow: Sequence[Flowable], width: float, height: float) -> bool:
    """Whether flowables kept together take at most half a page: a block kept together is a few lines (a
    header, a signature); one that is not, with texts at their longest, is let flow and split."""
    return sum(f.wrap(width, height)[1] for f in flow) <= height / 2


class _Builder:
    def __init__(self, document: Document, paper: tuple[float, float], margins: tuple[float, float, float, float],
                 size: float):
        self.document = document
        self.paper = paper
        self.top, self.bottom, self.left, self.right = margins
        self.s = _Styles(size)
        self.story: list[Flowable] = []
        self.label = label_width(document, size)

    def width(self, orientation: Orientation) -> float:
        page_w = self.paper[1] if orientation == "landscape" else self.paper[0]
        return page_w - self.left - self.right

    def height(self, orientation: Orientation) -> float:
        page_h = self.paper[0] if orientation == "landscape" else self.paper[1]
        return page_h - self.top - self.bottom

    def para(self, text: str | tuple[markup.Run, ...], style: ParagraphStyle, width: float | None = None,
             **overrides: Any) -> RLParagraph:
        """A paragraph of user text (with its emphasis); given the width it is laid out in, a word too long for a
        line is cut where Indonesian allows (breaks.py), not wherever reportlab would: in each run's text, so
        that the cutting never splits an emphasis mark."""
        if width is not None:
            indent = overrides.get("leftIndent", style.leftIndent)
            size = overrides.get("fontSize", style.fontSize)
            font = overrides.get("fontName", style.fontName)
            runs = markup.runs(text) if isinstance(text, str) else text
            room = width - indent - style.rightIndent
            text = tuple(run if cut == run.text else dataclasses.replace(run, text=cut)
                         for run in runs for cut in (_cut(run.text, room, font, size),))
        if overrides:
            style = _overridden(style, overrides)
        source = _text(text)
        # reportlab parses a paragraph's source with an HTML parser each time; a batch draws the same plan's cells
        # for every office. The parse is kept per text and style, and each paragraph gets its own copies.
        key = (source, _style_key(style))
        frags = _FRAGS.get(key)
        if frags is None:
            if "<" in source or "&" in source:
                frags = RLParagraph(source, style).frags
            else:
                # Plain text is one fragment in the style's font: cloned from the style's, not parsed.
                frags = [_plain_frag(style).clone(text=source)]
            if len(_FRAGS) >= _FRAGS_KEPT:
                _FRAGS.clear()
            _FRAGS[key] = frags
        return _CellParagraph(source, style, frags=[f.clone() for f in frags])

    # ------------------------------------------------------------------------------------------- blocks

    def section(self, section: Section, index: int) -> None:
        width = self.width(section.orientation)
        if index:
            self.story.append(NextPageTemplate(section.orientation))
            self.story.append(PageBreak())
        blocks = section.blocks
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, (SignatureBlock, AttestationBlock)):
                # The place and date, the signature and the attestation: one block, never split, and kept with
                # the last row or lines of what comes before it.
                flow: list[Flowable] = []
                while i < len(blocks) and isinstance(blocks[i], (SignatureBlock, AttestationBlock)):
                    flow += self.closing(blocks[i], width)
                    i += 1
                self.keep_with_previous(flow, width, self.height(section.orientation))
                continue
            self.block(block, width, section.orientation)
            i += 1

    def keep_with_previous(self, flow: list[Flowable], width: float, height: float) -> None:
        """Keep a closing block (signature, attestation) with the content before it: as the tail of a table's
        last rows, or kept with the paragraph before. A block taller than half a page (texts at their longest)
        is not tied to a table's rows, whose slice could then never fit a page: it flows, and splits, alone."""
        last = self.story[-1] if self.story else None
        if isinstance(last, Grid) and last.spec.tail is None:
            tail = Stack(flow, width)
            if tail.height <= height / 2:
                last.spec.tail = tail
                return
            self.story.extend(flow)
            return
        if not _short(flow, width, height):
            self.story.extend(flow)
            return
        if isinstance(last, RLParagraph):
            last.keepWithNext = True
        self.story.append(KeepTogether(flow))

    def closing(self, block: Block, width: float) -> list[Flowable]:
        """The flowables of a signature or attestation block."""
        s = self.s
        flow: list[Flowable] = []
        if isinstance(block, SignatureBlock):
            indent = right_block_indent(width)
            for i, line in enumerate(block.place_date):
                flow.append(self.para(line, s.left, width, leftIndent=indent,
                                      spaceBefore=SPACE["place-date"] if i == 0 else 0))
            for i, line in enumerate(block.title):
                flow.append(self.para(line, s.left, width, leftIndent=indent,
                                      spaceBefore=SPACE["signing-title"] if i == 0 else 0))
            if block.signed_mark:
                flow.append(self.para(block.signed_mark, s.left, width, leftIndent=indent, spaceBefore=SPACE["ttd"]))
                flow.append(self.para(block.name, s.bold_left, width, leftIndent=indent,
                                      spaceBefore=SPACE["name-after-ttd"]))
            else:
                flow.append(self.para(block.name, s.bold_left, width, leftIndent=indent,
                                      spaceBefore=SPACE["signing-space"]))
        elif isinstance(block, AttestationBlock):
            flow = [self.para(line, s.left, width, spaceBefore=SPACE["attestation"] if i == 0 else 0)
                    for i, line in enumerate(block.lines)]
            flow.append(self.para(block.name, s.left, width, spaceBefore=SPACE["attestation-name"]))
            if block.nip:
                flow.append(self.para(block.nip, s.left, width))
        return flow

    def block(self, block: Block, width: float, orientation: Orientation, depth: int = 0) -> None:
        s = self.s
        if isinstance(block, Paragraph):
            before, after, keep = _PARAGRAPHS[block.role]
            style = s.bold_center if block.bold and block.align == "center" else \
                s.bold_left if block.bold else s.body if block.align == "justify" else s.left
            unit = LIST_UNIT
            # A centred title is broken into balanced lines here, as the DOCX breaks it.
            text = balance(markup.runs(block.text), width, style.fontSize, block.bold) \
                if balanced(block) and not depth else block.text
            self.story.append(self.para(text, style, width, spaceBefore=before, spaceAfter=after,
                                        leftIndent=unit * depth, alignment=_ALIGN[block.align],
                                        keepWithNext=keep))
        elif isinstance(block, LampiranHeader):
            indent = right_block_indent(width)
            lines: list[Flowable] = [
                self.para(balance(markup.runs(line), width - indent, s.left.fontSize), s.left, width,
                          leftIndent=indent, keepWithNext=True) for line in block.lines]
            if _short(lines, width, self.height(orientation)):
                header = KeepTogether(lines)
                header.keepWithNext = True
                self.story.append(header)
            else:  # texts at their longest: kept together they could never fit a page, and reportlab's tries cost
                self.story.extend(lines)
        elif isinstance(block, Labeled):
            self.labeled(block, width, orientation)
        elif isinstance(block, ListBlock):
            unit = LIST_UNIT
            for entry in block.entries:
                text = break_long_words(entry.text, width - unit * (depth + 1),
                                        lambda t: pdfmetrics.stringWidth(t, FONT, s.size))
                self.story.append(RLParagraph(_text(text), ParagraphStyle(
                    "li", parent=s.body, leftIndent=unit * (depth + 1), bulletIndent=unit * depth, spaceAfter=3,
                    bulletFontName=FONT), bulletText=entry.marker))
                for sub in entry.blocks:
                    self.block(sub, width, orientation, depth + 1)
        elif isinstance(block, (SignatureBlock, AttestationBlock)):
            self.keep_with_previous(self.closing(block, width), width, self.height(orientation))
        elif isinstance(block, Table):
            self.table(block, width, orientation)
        else:  # pragma: no cover
            raise TypeError(type(block).__name__)

    def add_grid(self, spec: GridSpec, space_before: float, width: float) -> None:
        """A grid, with the headings before it (what keeps with what follows) drawn as its lead: they go to a
        new page with its header and first row, not with the whole grid."""
        lead: list[Flowable] = []
        # The lead, the header and the first row's first lines must fit on a page: headings that would make them
        # taller (texts at their longest) flow on their own before it, and split as paragraphs do.
        room = spec.page_height - spec.header_height - spec.first_rows_height()
        while self.story and self.story[-1].getKeepWithNext():  # type: ignore[no-untyped-call]  # no stub types
            kept = self.story[-1]
            flows = kept._content if isinstance(kept, KeepTogether) else [kept]  # type: ignore[attr-defined]  # its flowables
            taller = Stack([*flows, *lead], width)
            if taller.height + max(taller.space_after, space_before) > room:
                for f in (kept, flows[-1]):  # (a block kept together passes its last line's keeping on)
                    f.keepWithNext = False
                break
            self.story.pop()
            lead[:0] = flows
        if lead:
            spec.lead = Stack(lead, width)
            spec.lead_gap = max(spec.lead.space_after, space_before)
            space_before = spec.lead.space_before
        self.story.append(Grid(spec, space_before=space_before))

    def labeled(self, block: Labeled, width: float, orientation: Orientation) -> None:
        """A labelled block as rows of label | colon | marker | text, which split between their lines as
        paragraphs do (at least two lines on either side of a page break)."""
        s = self.s
        colon, marker = COLON_GAP, MARKER_STEP
        widths = [self.label, colon, marker, width - self.label - colon - marker]
        text_width = widths[2] + widths[3]
        rows: list[list[GridCell]] = []

        def add(label: str, colon_text: str, mark: str, text: str, level: int) -> None:
            # Deeper levels shift marker and text right: the marker then reaches over into the text's column
            # (the cells have no borders, and the text starts further right by as much).
            indent = marker * level
            cells = [GridCell(0, [self.para(label, s.left, widths[0])] if label else ""),
                     GridCell(1, [self.para(colon_text, s.left, widths[1])] if colon_text else "")]
            if mark or level:
                if mark:
                    cells.append(GridCell(2, [self.para(mark, s.left, text_width, leftIndent=indent)], colspan=2))
                cells.append(GridCell(3, [self.para(text, s.body, widths[3], leftIndent=indent)]))
            else:
                cells.append(GridCell(2, [self.para(text, s.body, text_width)], colspan=2))
            rows.append(cells)

        def children(items: tuple[Item, ...], level: int) -> None:
            for item in items:
                add("", "", item.marker, item.text, level)
                children(item.children, level + (1 if item.marker else 0))

        for i, item in enumerate(block.items):
            add(block.label if i == 0 else "", ":" if i == 0 else "", item.marker, item.text, 0)
            children(item.children, 1 if item.marker else 0)
        spec = GridSpec(widths, [], rows, font=FONT, size=s.size, leading=s.body.leading, pad=(0, 0, 0, 3),
                        borders=False, split_any_row=True, page_height=self.height(orientation))
        self.add_grid(spec, 6, width)

    def table(self, table: Table, width: float, orientation: Orientation) -> None:
        s = self.s
        pad_left = pad_right = _CELL_PAD_X
        size = s.cell.fontSize
        relative = column_widths(table, width, size, pad_left + pad_right)
        total = sum(relative)
        widths = [width * w / total for w in relative]

        def measure(text: str) -> float:  # a link cell's text: the table's plain font
            return pdfmetrics.stringWidth(text, FONT, size)

        def rows_of(source: tuple[Row, ...]) -> list[list[GridCell]]:
            out: list[list[GridCell]] = []
            for row in source:
                cells: list[GridCell] = []
                col = 0
                for cell in row.cells:
                    if not cell.covered:
                        cell_width = sum(widths[col:col + cell.colspan]) - pad_left - pad_right
                        head = row.kind in ("header", "numbers")
                        content: Any
                        if not cell.lines:
                            content = ""
                        elif row.kind != "header" and not cell.bold and not cell.link and len(cell.lines) == 1 \
                                and "\t" not in cell.lines[0] and markup.plain(cell.lines[0]) == cell.lines[0] \
                                and pdfmetrics.stringWidth(cell.lines[0], FONT, size) <= cell_width:
                            # A short one-line cell (a number, a mark, a month) is drawn as a plain string: the
                            # same text, without the cost of a paragraph, which counts in a long plan's grid.
                            content = cell.lines[0]
                        else:
                            style = s.cell_head if row.kind == "header" else s.cell_center \
                                if cell.align == "center" or row.kind == "numbers" else \
                                s.cell_bold if cell.bold else s.cell
                            content = [_CellParagraph(_linked(line, cell_width, measure), style) if cell.link
                                       else self.para(line, style, cell_width) for line in cell.lines]
                        cells.append(GridCell(col, content, cell.colspan, cell.rowspan,
                                              "center" if cell.align == "center" or row.kind == "numbers"
                                              else "left", "middle" if head else "top"))
                    col += cell.colspan
                out.append(cells)
            return out

        keep = frozenset(r for r, row in enumerate(table.body) if row.kind == "area")
        spec = GridSpec(widths, rows_of(table.header), rows_of(table.body), font=FONT, size=size,
                        leading=s.cell.leading, pad=(pad_left, pad_right, _CELL_PAD_TOP, _CELL_PAD_BOTTOM),
                        borders=True, split_any_row=False, page_height=self.height(orientation), keep_with_next=keep)
        self.add_grid(spec, 4, width)

    # ------------------------------------------------------------------------------------------- pages

    def templates(self, doc: BaseDocTemplate) -> list[PageTemplate]:
        def page_number(canvas: Canvas, doc_: BaseDocTemplate) -> None:
            canvas.saveState()
            canvas.setFont(FONT, self.s.size * 0.85)
            page_w = canvas._pagesize[0]  # type: ignore[attr-defined]  # this page's size; no public getter
            canvas.drawCentredString(page_w / 2, self.bottom / 2, str(doc_.page))
            canvas.restoreState()

        out = []
        for orientation in ("portrait", "landscape"):
            w = self.paper[1] if orientation == "landscape" else self.paper[0]
            h = self.paper[0] if orientation == "landscape" else self.paper[1]
            frame = Frame(self.left, self.bottom, w - self.left - self.right, h - self.top - self.bottom,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=orientation)
            out.append(PageTemplate(id=orientation, frames=[frame], pagesize=(w, h), onPageEnd=page_number))
        return out


# What reportlab's invariant mode seeds a file's id with when SOURCE_DATE_EPOCH is unset (its 2000-01-01).
_INVARIANT_SEED = 946684800.0


def _stamp(document: Document) -> dt.datetime:
    """Creation date: the decree's date, as in the DOCX (never the time of rendering, nor SOURCE_DATE_EPOCH)."""
    return dt.datetime.fromisoformat(document.metadata.get("date", "2000-01-01"))


def render_pdf(document: Document, template: Path | str | None = None, paper: Paper = "f4") -> bytes:
    """PDF bytes of the document: same words and layout as the DOCX, fonts embedded, same bytes every time."""
    arguments.instance("document", document, Document, "from compose")
    template_path = str(arguments.optional_path("template", template) or default_template())
    paper = arguments.choice("paper", paper, PAPERS)
    check_source_date_epoch()
    _register_fonts()
    top, bottom, left, right, size = _template_page(template_path)
    width_mm, height_mm = PAPER_SIZES[paper]
    builder = _Builder(document, (width_mm * mm, height_mm * mm), (top, bottom, left, right), size)
    for i, section in enumerate(document.sections):
        builder.section(section, i)
    first = document.sections[0].orientation
    buffer = io.BytesIO()
    meta = document.metadata
    stamp = _stamp(document)

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(*args, **kwargs)
        # Invariant mode fixes the file id, but seeds it with SOURCE_DATE_EPOCH when that is set: seeded again
        # here as when it is not, the same document gives the same bytes whatever the environment says.
        canvas._doc.signature = hashlib.md5(  # type: ignore[attr-defined]  # private: the id's only source
            b"a reportlab document" + ascii(_INVARIANT_SEED).encode(), usedforsecurity=False)
        # The dates are the decree's.
        seconds = calendar.timegm(stamp.timetuple())
        ts = canvas._doc._timeStamp  # type: ignore[attr-defined]  # private: the only way to set the dates
        ts.t, ts.lt = seconds, time.gmtime(seconds)
        ts.YMDhms, ts.dhh, ts.dmm, ts.tzname = tuple(ts.lt)[:6], 0, 0, "UTC"
        return canvas

    doc = BaseDocTemplate(buffer, pagesize=builder.paper, title=meta.get("title", ""),
                          author=meta.get("author", ""), subject=meta.get("subject", ""),
                          # The stubs say a list; reportlab takes a string as well (Canvas.setKeywords).
                          keywords=meta.get("keywords", ""),  # type: ignore[arg-type]
                          creator="zi-decree", producer="zi-decree (reportlab)",
                          invariant=1, lang="id-ID", pageCompression=1, initialFontName=FONT, initialFontSize=size,
                          leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom)
    templates = builder.templates(doc)
    if first == "landscape":
        templates.reverse()
    doc.addPageTemplates(templates)
    doc.build(builder.story, canvasmaker=canvasmaker)
    return buffer.getvalue()
