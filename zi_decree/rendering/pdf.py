"""Render: the composed document as a PDF with reportlab, laid out like the DOCX, fonts embedded, reproducible.

Paper and margins come from the same DOCX template as the Word files; the font is Liberation Sans (metric-
compatible with Arial), shipped in the package. Labelled items (Menimbang, dictum, ...) are borderless tables of
label / colon / marker / text columns, so wrapped lines hang at the text. Plan tables repeat their header rows
on every page; vertical merges are drawn by leaving out the lines between merged rows rather than by spans, so
a long area can still break across pages. In either kind of table, a row taller than a page is split inside
the row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph as RLParagraph,
    Spacer,
    Table as RLTable,
    TableStyle,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

from zi_decree.base import arguments
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
    Section,
    SignatureBlock,
    Table,
)
from zi_decree.rendering.layout import (
    COLON_GAP,
    LIST_UNIT,
    MARKER_STEP,
    SPACE,
    default_template,
    label_width,
    right_block_indent,
)
from zi_decree.rendering.template import read_template

__all__ = ["FONT", "render_pdf"]

FONT = "ZI-LiberationSans"
FONT_BOLD = "ZI-LiberationSans-Bold"
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
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _template_page(template: str) -> tuple[float, float, float, float, float]:
    """Margins (top, bottom, left, right, in points) and base font size of a DOCX template: those the DOCX is laid
    out with, as read_template checked them (once per template's content, without python-docx)."""
    checked = read_template(template)
    return (*checked.margins_pt, checked.font_size)


def _text(value: str) -> str:
    """User text as reportlab paragraph markup: escaped, line breaks kept, tabs as spaces."""
    return escape(value).replace("\t", " ").replace("\n", "<br/>")


def _linked(value: str) -> str:
    """User text as paragraph markup with each web address in it a link (reportlab annotates it)."""
    return "".join(_text(shown) if target is None else
                   f'<a href="{escape(target, {chr(34): "&quot;"})}" color="#0563C1"><u>{_text(shown)}</u></a>'
                   for shown, target in link_parts(value))


class _Styles:
    def __init__(self, size: float):
        leading = size * 1.2
        base = ParagraphStyle("zi", fontName=FONT, fontSize=size, leading=leading, alignment=TA_LEFT)
        self.size = size
        self.body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY)
        self.left = base
        self.bold_center = ParagraphStyle("bc", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER)
        self.bold_left = ParagraphStyle("bl", parent=base, fontName=FONT_BOLD)
        table = size * 0.75
        self.cell = ParagraphStyle("cell", parent=base, fontSize=table, leading=table * 1.2)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=FONT_BOLD)
        self.cell_head = ParagraphStyle("cellh", parent=self.cell_bold, alignment=TA_CENTER)
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)


def _splitting_table(full_height: float) -> type[RLTable]:
    """A table class that splits inside a row only when the row is taller than a whole page."""

    class PlanTable(RLTable):
        def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # reportlab's parameter names
            self.splitInRow = 0
            parts = super().split(availWidth, availHeight)
            if parts or availHeight < full_height - 1:
                return parts
            self.splitInRow = 1
            return super().split(availWidth, availHeight)

    return PlanTable


class _CellParagraph(RLParagraph):
    """A paragraph that lays its lines out once per width: a table cell is measured for its row's height, then
    wrapped again by reportlab to be drawn, at the same width (line breaking is a third of a PDF's time)."""

    _wrapped: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        # A split that fails drops the lines reportlab broke: then they are broken again.
        if self._wrapped is not None and self._wrapped[0] == availWidth and hasattr(self, "blPara"):
            return self._wrapped[1], self._wrapped[2]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, width, height)
        return width, height


_FRAGS: dict[tuple[str, str, str, float, float], list[Any]] = {}
_FRAGS_KEPT = 20000


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

    def para(self, text: str, style: ParagraphStyle, **overrides: Any) -> RLParagraph:
        if overrides:
            style = ParagraphStyle(style.name + "+", parent=style, **overrides)
            return _CellParagraph(_text(text), style)
        markup = _text(text)
        # reportlab parses a paragraph's markup with an HTML parser each time; a batch draws the same plan's cells
        # for every office. The parse is kept per text and style, and each paragraph gets its own copies.
        key = (markup, style.name, style.fontName, style.fontSize, style.leading)
        frags = _FRAGS.get(key)
        if frags is None:
            frags = RLParagraph(markup, style).frags
            if len(_FRAGS) >= _FRAGS_KEPT:
                _FRAGS.clear()
            _FRAGS[key] = frags
        return _CellParagraph(markup, style, frags=[f.clone() for f in frags])

    # ------------------------------------------------------------------------------------------- blocks

    def section(self, section: Section, index: int) -> None:
        width = self.width(section.orientation)
        if index:
            self.story.append(NextPageTemplate(section.orientation))
            self.story.append(PageBreak())
        for block in section.blocks:
            self.block(block, width, section.orientation)

    def block(self, block: Block, width: float, orientation: Orientation, depth: int = 0) -> None:
        s = self.s
        if isinstance(block, Paragraph):
            before, after, keep = _PARAGRAPHS[block.role]
            style = s.bold_center if block.bold and block.align == "center" else \
                s.bold_left if block.bold else s.body if block.align == "justify" else s.left
            unit = LIST_UNIT
            self.story.append(self.para(block.text, style, spaceBefore=before, spaceAfter=after,
                                        leftIndent=unit * depth, alignment=_ALIGN[block.align],
                                        keepWithNext=keep))
        elif isinstance(block, LampiranHeader):
            indent = right_block_indent(width)
            self.story.append(KeepTogether([self.para(line, s.left, leftIndent=indent, keepWithNext=True)
                                            for line in block.lines]))
        elif isinstance(block, Labeled):
            self.labeled(block, width, orientation)
        elif isinstance(block, ListBlock):
            unit = LIST_UNIT
            for entry in block.entries:
                self.story.append(RLParagraph(_text(entry.text), ParagraphStyle(
                    "li", parent=s.body, leftIndent=unit * (depth + 1), bulletIndent=unit * depth, spaceAfter=3,
                    bulletFontName=FONT), bulletText=entry.marker))
                for sub in entry.blocks:
                    self.block(sub, width, orientation, depth + 1)
        elif isinstance(block, SignatureBlock):
            indent = right_block_indent(width)
            flow: list[Flowable] = []
            for i, line in enumerate(block.place_date):
                flow.append(self.para(line, s.left, leftIndent=indent,
                                      spaceBefore=SPACE["place-date"] if i == 0 else 0))
            for i, line in enumerate(block.title):
                flow.append(self.para(line, s.left, leftIndent=indent,
                                      spaceBefore=SPACE["signing-title"] if i == 0 else 0))
            if block.signed_mark:
                flow.append(self.para(block.signed_mark, s.left, leftIndent=indent, spaceBefore=SPACE["ttd"]))
                flow.append(self.para(block.name, s.bold_left, leftIndent=indent,
                                      spaceBefore=SPACE["name-after-ttd"]))
            else:
                flow.append(self.para(block.name, s.bold_left, leftIndent=indent, spaceBefore=SPACE["signing-space"]))
            self.story.append(KeepTogether(flow))
        elif isinstance(block, AttestationBlock):
            flow = [self.para(line, s.left, spaceBefore=SPACE["attestation"] if i == 0 else 0)
                    for i, line in enumerate(block.lines)]
            flow.append(self.para(block.name, s.left, spaceBefore=SPACE["attestation-name"]))
            if block.nip:
                flow.append(self.para(block.nip, s.left))
            self.story.append(KeepTogether(flow))
        elif isinstance(block, Table):
            self.table(block, width, orientation)
        else:  # pragma: no cover
            raise TypeError(type(block).__name__)

    def labeled(self, block: Labeled, width: float, orientation: Orientation) -> None:
        s = self.s
        style = s.body
        colon, marker = COLON_GAP, MARKER_STEP
        rows: list[list[list[RLParagraph] | str]] = []
        commands: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), FONT),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]

        widths = [self.label, colon, marker, width - self.label - colon - marker]
        # A row at least this tall may have to be split inside (reportlab does so when it is taller than a page).
        tall = self.height(orientation) - 2 * style.leading

        def add(label: str, colon_text: str, mark: str, text: str, level: int) -> None:
            # Columns: label | colon | marker | text; deeper levels shift marker and text right. Each cell is a
            # list of flowables, which reportlab can split inside a row taller than a page (a lone paragraph
            # it cannot).
            indent = marker * level
            cells: list[list[RLParagraph] | str] = [[self.para(label, s.left)], [self.para(colon_text, s.left)]]
            if mark or level:
                cells.append([self.para(mark, s.left, leftIndent=indent)] if mark else "")
                cells.append([self.para(text, style, leftIndent=indent)])
                rows.append(cells)
                return
            paragraph = self.para(text, style)
            if paragraph.wrap(widths[2] + widths[3], 1e6)[1] < tall:
                cells += [[paragraph], ""]
                commands.append(("SPAN", (2, len(rows)), (3, len(rows))))
            else:
                # Splitting a row, reportlab lays each cell out at its own column's width, even a spanned one's;
                # so a text this tall sits in the last column, drawn from the marker column by a negative indent.
                cells += ["", [self.para(text, style, leftIndent=-marker)]]
            rows.append(cells)

        def children(items: tuple[Item, ...], level: int) -> None:
            for item in items:
                add("", "", item.marker, item.text, level)
                children(item.children, level + (1 if item.marker else 0))

        for i, item in enumerate(block.items):
            add(block.label if i == 0 else "", ":" if i == 0 else "", item.marker, item.text, 0)
            children(item.children, 1 if item.marker else 0)
        cls = _splitting_table(self.height(orientation))
        table = cls(rows, colWidths=widths, style=TableStyle(commands), spaceBefore=6, hAlign="LEFT")
        self.story.append(table)

    def table(self, table: Table, width: float, orientation: Orientation) -> None:
        s = self.s
        total = sum(table.widths)
        widths = [width * w / total for w in table.widths]
        rows_all = (*table.header, *table.body)
        data: list[list[Any]] = []  # per cell: a plain string, or the paragraphs of its lines
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), s.cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), s.cell.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, len(table.header) - 1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
            ("INNERGRID", (0, 0), (-1, len(table.header) - 1), 0.5, colors.black),
        ]
        ncols = table.columns
        pad_x, pad_top, pad_bottom = 5.0, 1.5, 2.0
        leading = s.cell.leading
        heights: list[float | None] = []  # None: reportlab measures the row
        for r, row in enumerate(rows_all):
            cells: list[Any] = []
            col = 0
            height = leading
            for cell in row.cells:
                span_width = sum(widths[col:col + cell.colspan]) - pad_x
                if cell.covered or not cell.lines:
                    cells.append("")
                elif row.kind != "header" and not cell.bold and not cell.link and len(cell.lines) == 1 \
                        and "\t" not in cell.lines[0] \
                        and pdfmetrics.stringWidth(cell.lines[0], FONT, s.cell.fontSize) <= span_width:
                    # A short one-line cell (a number, a mark, a month) is drawn as a plain string: the same text,
                    # without the cost of a paragraph, which matters in a 12-month grid of a long plan.
                    cells.append(cell.lines[0])
                    commands.append(("ALIGN", (col, r), (col, r), "CENTER" if cell.align == "center" else "LEFT"))
                else:
                    style = s.cell_head if row.kind == "header" else s.cell_center if cell.align == "center" \
                        else s.cell_bold if cell.bold else s.cell
                    flow = [_CellParagraph(_linked(line), style) if cell.link else self.para(line, style)
                            for line in cell.lines]
                    cells.append(flow)
                    if cell.rowspan == 1 or row.kind != "header":
                        height = max(height, sum(p.wrap(span_width, 1e6)[1] for p in flow))
                if cell.colspan > 1:
                    commands.append(("SPAN", (col, r), (col + cell.colspan - 1, r)))
                    cells += [""] * (cell.colspan - 1)
                if row.kind == "header" and cell.rowspan > 1 and not cell.covered:
                    commands.append(("SPAN", (col, r), (col, r + cell.rowspan - 1)))
                col += cell.colspan
            data.append(cells)
            heights.append(height + pad_top + pad_bottom)
        if table.header and any(c.rowspan > 1 for c in table.header[0].cells):
            heights[0] = heights[1] = None  # spanned header rows: let reportlab share the height out
        room = self.height(orientation) - sum(h or 0 for h in heights[:len(table.header)]) - 2 * leading
        for r, h in enumerate(heights):
            if h is not None and h > room:
                # A row taller than a page is measured by reportlab, which then splits it inside the row; its
                # cells must all be paragraphs for that.
                heights[r] = None
                data[r] = [[self.para(v, s.cell)] if isinstance(v, str) and v else v for v in data[r]]
        # An area's heading row never ends a page alone (unless the row after it must split anyway).
        for r, row in enumerate(rows_all):
            if row.kind == "area" and r + 1 < len(rows_all) and heights[r + 1] is not None:
                commands.append(("NOSPLIT", (0, r), (-1, r + 1)))
        # Body lines: verticals everywhere; a horizontal line under a cell unless the merge continues below.
        body_start = len(table.header)
        commands.append(("LINEAFTER", (0, body_start), (-1, -1), 0.5, colors.black))
        merges: dict[int, int] = {}
        for r in range(body_start, len(rows_all)):
            row = rows_all[r]
            col = 0
            open_cols = set()
            for cell in row.cells:
                if not cell.covered and cell.rowspan > 1:
                    merges[col] = r + cell.rowspan - 1
                col += cell.colspan
            for c in range(ncols):
                if merges.get(c, -1) > r:
                    open_cols.add(c)
            # Draw LINEBELOW on runs of columns that are not inside an open merge.
            c = 0
            while c < ncols:
                if c in open_cols:
                    c += 1
                    continue
                start = c
                while c < ncols and c not in open_cols:
                    c += 1
                commands.append(("LINEBELOW", (start, r), (c - 1, r), 0.5, colors.black))
        commands.append(("LINEBELOW", (0, body_start - 1), (-1, body_start - 1), 0.5, colors.black))

        cls = _splitting_table(self.height(orientation))
        self.story.append(Spacer(0, 4))
        # Row heights measured once here, so that splitting a long table page by page does not measure again.
        self.story.append(cls(data, colWidths=widths, rowHeights=heights, repeatRows=len(table.header),
                              style=TableStyle(commands), hAlign="LEFT"))

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
