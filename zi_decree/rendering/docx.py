"""Render: the composed document as an editable Word file, laid out on a DOCX template (docxtpl + python-docx).

The template supplies styles, margins, header and footer (page numbers, an office's letterhead); this module
lays the composed blocks out on it: aligned label/colon/marker/text columns with hanging indents, the right-hand
signature block, one section per lampiran (plan tables on landscape pages) and the plan tables themselves,
whose XML is built directly so that time grows linearly with the rows.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn as _qn
from docx.package import Package
from docx.parts.styles import StylesPart
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from zi_decree.i18n import _

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.section import CT_SectPr

from zi_decree.base import arguments, markup
from zi_decree.base.kept import Kept
from zi_decree.base.links import link_parts
from zi_decree.base.markup import Run
from zi_decree.base.paper import PAPER_SIZES, PAPERS, Paper
from zi_decree.base.zips import zip_parts
from zi_decree.composing.document import (
    TITLE_ROLES,
    AttestationBlock,
    Block,
    Document,
    Item,
    Labeled,
    LabeledRole,
    LampiranHeader,
    ListBlock,
    Paragraph,
    ParagraphRole,
    Section,
    SignatureBlock,
    Table,
)
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.rendering.breaks import BOLD, SHY, hinted, text_width
from zi_decree.rendering.layout import (
    CELL_PADDING,
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
from zi_decree.rendering.template import STYLE_NAMES, TABLE_STYLE, Template, field_values, read_template, template_code

# python-docx's qn splits and formats its tag on every call; a table of a few hundred rows asks for the same
# dozen names tens of thousands of times.
qn = lru_cache(maxsize=None)(_qn)

__all__ = ["PAPER_SIZES", "default_template", "render_docx"]

MM = 1440 / 25.4  # twips per millimetre
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
# The template's paragraph style (a key of STYLE_NAMES) for each role a composed block can have.
_PARAGRAPH_STYLES: dict[ParagraphRole, str] = {
    "mark": "mark", "heading": "heading", "title": "title", "title-number": "title", "title-tentang": "title",
    "title-subject": "title", "issuer": "issuer", "memutuskan": "memutuskan", "lampiran-title": "lampiran-title",
    "narrative-heading": "narrative-heading", "narrative": "narrative", "body": "narrative",
}
_LABELED_STYLES: dict[LabeledRole, str] = {
    "labeled": "labeled", "menimbang": "labeled", "mengingat": "labeled", "memperhatikan": "labeled",
    "menetapkan": "labeled", "diktum": "diktum",
}


def _property(text: str) -> str:
    return text if len(text) <= 255 else text[:254].rstrip() + "\u2026"


class _Builder:
    def __init__(self, docx: DocxDocument, document: Document, paper: Paper, template: Template,
                 style_ids: dict[tuple[str, str], object] | None = None):
        self.docx = docx
        self.document = document
        # Style ids by kind and name, shared by every document on the same template (_Prepared).
        self.style_ids = style_ids if style_ids is not None else {}
        self.body = docx.element.body  # the template's body, left with its page settings alone (_strip_body)
        self.template_sectpr = copy.deepcopy(self.body.sectPr)
        self.paper = PAPER_SIZES[paper]
        # The margins and base size as read_template checked them (so also when given with their units).
        self.margin_top, self.margin_bottom, self.margin_left, self.margin_right = template.margins_twips
        self.font_size = template.font_size
        self.label = _twips(label_width(document, self.font_size))
        self.text_width = 0
        self.text_height = 0
        self.last_paragraph: etree._Element | None = None
        self.links: _Links | None = None  # made when the first table with links is placed

    # ------------------------------------------------------------------------------------- sections

    def _sectpr(self, section: Section) -> tuple[CT_SectPr, int, int]:
        sectpr = copy.deepcopy(self.template_sectpr)
        width, height = (round(v * MM) for v in self.paper)
        pgsz = sectpr.find(qn("w:pgSz"))
        if pgsz is None:
            pgsz = OxmlElement("w:pgSz")
            sectpr.insert(0, pgsz)
        if section.orientation == "landscape":
            # Word needs the page turned (width and height swapped), not only the orientation flag.
            width, height = height, width
            pgsz.set(qn("w:orient"), "landscape")
        elif qn("w:orient") in pgsz.attrib:
            del pgsz.attrib[qn("w:orient")]
        pgsz.set(qn("w:w"), str(width))
        pgsz.set(qn("w:h"), str(height))
        return sectpr, width, height

    def build(self) -> None:
        sections = self.document.sections
        for i, section in enumerate(sections):
            sectpr, width, height = self._sectpr(section)
            self.text_width = width - self.margin_left - self.margin_right
            self.text_height = height - self.margin_top - self.margin_bottom
            for block in section.blocks:
                self.block(block)
            if i < len(sections) - 1:
                # A section ends in its last paragraph, so no empty paragraph is left behind.
                assert self.last_paragraph is not None  # every section has blocks
                self.last_paragraph[0].append(sectpr)  # its pPr, always the first child
            else:
                self.body.replace(self.body.sectPr, sectpr)

    # ------------------------------------------------------------------------------------- paragraphs

    def style_id(self, style: str) -> str:
        # python-docx looks a style name up by scanning every style of the template: once per name is enough.
        key = ("paragraph", STYLE_NAMES[style])
        if key not in self.style_ids:
            # python-docx leaves get_style_id unannotated; it returns the style's id, a string.
            self.style_ids[key] = self.docx.part.get_style_id(  # type: ignore[no-untyped-call]
                STYLE_NAMES[style], WD_STYLE_TYPE.PARAGRAPH)
        return str(self.style_ids[key])

    def table_font_size(self) -> float:
        """The table style's font size in points (the template's base size where it sets none)."""
        key = ("size", STYLE_NAMES["table"])
        if key not in self.style_ids:
            size = self.docx.styles[STYLE_NAMES["table"]].font.size
            self.style_ids[key] = size.pt if size is not None else self.font_size
        return float(self.style_ids[key])  # type: ignore[arg-type]  # stored as a float just above

    def named_style_id(self, name: str) -> str:
        key = ("named", name)
        if key not in self.style_ids:
            self.style_ids[key] = _style_id(self.docx, name)
        return str(self.style_ids[key])

    def paragraph(self, style: str, text: str | tuple[Run, ...] = "", *, align: str | None = None,
                  bold: bool | None = None, left: int | None = None, first: int | None = None,
                  stops: Sequence[int] = (), before: float | None = None,
                  keep_next: bool | None = None, keep_lines: bool = False) -> etree._Element:
        # Written as python-docx's paragraph_format writes it (its properties cost a tenth of a DOCX's time):
        # the pPr children in the schema's order, a negative first-line indent as w:hanging.
        p = etree.Element(qn("w:p"))
        p_pr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(p_pr, qn("w:pStyle")).set(qn("w:val"), self.style_id(style))
        if keep_next is not None:
            keep = etree.SubElement(p_pr, qn("w:keepNext"))
            if not keep_next:
                keep.set(qn("w:val"), "0")
        if keep_lines:
            etree.SubElement(p_pr, qn("w:keepLines"))
        if stops:
            tabs = etree.SubElement(p_pr, qn("w:tabs"))
            for stop in sorted(stops):
                tab = etree.SubElement(tabs, qn("w:tab"))
                tab.set(qn("w:pos"), str(stop))
                tab.set(qn("w:val"), "left")
        if before is not None:
            etree.SubElement(p_pr, qn("w:spacing")).set(qn("w:before"), str(round(Pt(before) / 635)))
        if left is not None or first is not None:
            ind = etree.SubElement(p_pr, qn("w:ind"))
            if left is not None:
                ind.set(qn("w:left"), str(left))
            if first is not None:
                ind.set(qn("w:hanging") if first < 0 else qn("w:firstLine"), str(abs(first)))
        if align:
            etree.SubElement(p_pr, qn("w:jc")).set(qn("w:val"), _JC[align])
        if text:
            _runs(p, markup.runs(text) if isinstance(text, str) else text, bold)
            # Long codes and URLs may break after / . - so that a justified line is not stretched to hold them.
            room = (self.text_width - (left or 0)) / 20
            _hint(p, room, self.font_size, threshold=room / 3, bold=bool(bold))
        self.body.sectPr.addprevious(p)
        self.last_paragraph = p
        return p

    def tabbed(self, style: str, fields: Sequence[str], stops: Sequence[int], **kw: Any) -> etree._Element:
        """Fields at tab stops; wrapped lines hang at the last field (the item's text)."""
        tabs = len(fields) - 1
        used = list(stops[:tabs])
        left = used[-1] if used else 0
        return self.paragraph(style, "\t".join(fields), left=left, first=-left if left else None, stops=used, **kw)

    def _label_stops(self, depth: int) -> list[int]:
        colon = self.label
        marker = colon + _twips(COLON_GAP)
        return [colon, marker] + [marker + _twips(MARKER_STEP) * k for k in range(1, depth + 2)]

    def right_indent(self) -> int:
        return _twips(right_block_indent(self.text_width / 20))

    # ------------------------------------------------------------------------------------- blocks

    def block(self, block: Block, depth: int = 0) -> None:
        if isinstance(block, Paragraph):
            style = _PARAGRAPH_STYLES[block.role]
            # The title block breathes as the published decrees do: apart from the heading, TENTANG set off.
            before = SPACE.get(block.role) if block.role in TITLE_ROLES else None
            unit = _twips(LIST_UNIT)
            if depth:
                self.tabbed(style, [""] * depth + [block.text], [unit * k for k in range(1, depth + 1)],
                            align=block.align, before=before)
            elif balanced(block):
                # Broken into balanced lines here (explicit breaks), as the PDF breaks it.
                lines = balance(markup.runs(block.text), self.text_width / 20, self.font_size, block.bold)
                self.paragraph(style, lines, align=block.align, before=before)
            else:
                self.paragraph(style, block.text, align=block.align, before=before)
        elif isinstance(block, LampiranHeader):
            left = self.right_indent()
            for line in block.lines:
                self.paragraph("lampiran-header", balance(markup.runs(line), (self.text_width - left) / 20,
                                                          self.font_size), left=left)
        elif isinstance(block, Labeled):
            self.labeled(block)
        elif isinstance(block, ListBlock):
            unit = _twips(LIST_UNIT)
            for entry in block.entries:
                stops = [unit * k for k in range(1, depth + 2)]
                self.tabbed("list", [""] * depth + [entry.marker, entry.text], stops)
                for sub in entry.blocks:
                    self.block(sub, depth + 1)
        elif isinstance(block, SignatureBlock):
            self.signature(block)
        elif isinstance(block, AttestationBlock):
            # The attestation goes with the signature above it: one block, never split.
            self.keep_with_next()
            for i, line in enumerate(block.lines):
                self.paragraph("attestation", line, before=SPACE["attestation"] if i == 0 else None)
            self.paragraph("attestation", block.name, before=SPACE["attestation-name"])
            if block.nip:
                self.paragraph("attestation", block.nip)
            self.keep_with_next(False)
        elif isinstance(block, Table):
            self.table(block)
        else:  # pragma: no cover - every block type is handled above
            raise TypeError(type(block).__name__)

    def labeled(self, block: Labeled) -> None:
        style = _LABELED_STYLES[block.role]
        for i, item in enumerate(block.items):
            head = [block.label, ":"] if i == 0 else ["", ""]
            fields = head + ([item.marker] if item.marker else []) + [item.text]
            # MEMUTUSKAN: keeps with it (its style), and Menetapkan is not split from its first lines.
            self.tabbed(style, fields, self._label_stops(2), before=6 if i == 0 else None,
                        keep_lines=block.role == "menetapkan")
            self._children(style, item.children, 2 + (1 if item.marker else 0))

    def _children(self, style: str, items: tuple[Item, ...], indent: int) -> None:
        for item in items:
            fields = [""] * indent + ([item.marker] if item.marker else []) + [item.text]
            self.tabbed(style, fields, self._label_stops(indent))
            self._children(style, item.children, indent + (1 if item.marker else 0))

    def keep_with_next(self, keep: bool = True) -> None:
        """What was written last goes (or, with False, need not go) on the page of what follows: a paragraph by
        its keep-with-next, a table by that of every paragraph of its last row (Word and LibreOffice keep such a
        row with the next paragraph, and the row itself is never split: _keep_rows)."""
        last = self.body.sectPr.getprevious()
        if last is None:
            return
        if last.tag == qn("w:tbl"):
            rows = last.findall(qn("w:tr"))
            paragraphs = rows[-1].iter(qn("w:p")) if rows else iter(())
        else:
            paragraphs = iter((last,))
        for p in paragraphs:
            _set_keep_next(p, keep)

    def signature(self, block: SignatureBlock) -> None:
        # Never alone on a page: the last lines (a paragraph's last two, a table's last row) come along.
        self.keep_with_next()
        left = self.right_indent()
        for i, line in enumerate(block.place_date):
            self.paragraph("signature", line, left=left, before=SPACE["place-date"] if i == 0 else None)
        for i, line in enumerate(block.title):
            self.paragraph("signature", line, left=left, before=SPACE["signing-title"] if i == 0 else None)
        if block.signed_mark:
            self.paragraph("signature", block.signed_mark, left=left, before=SPACE["ttd"])
            self.paragraph("signature", block.name, left=left, before=SPACE["name-after-ttd"], bold=True,
                           keep_next=False)  # the attestation, when one follows, keeps it (block above)
        else:
            # The space the official signs in.
            self.paragraph("signature", block.name, left=left, before=SPACE["signing-space"], bold=True,
                           keep_next=False)

    # ------------------------------------------------------------------------------------- tables

    def table(self, table: Table) -> None:
        size = self.table_font_size()
        relative = column_widths(table, self.text_width / 20, size, _CELL_SIDES)
        total = sum(relative)
        widths = [int(self.text_width * w / total) for w in relative]
        text_style = self.named_style_id(STYLE_NAMES["table"])
        head_style = self.named_style_id(STYLE_NAMES["table-heading"])
        table_style = self.named_style_id(TABLE_STYLE)
        # A batch renders the same shared plan for every office, twice each: the table is built once and copied.
        key = (table, tuple(widths), text_style, head_style, table_style, size, self.text_height)
        built = _TABLES.get(key)
        if built is None:
            built = _table_xml(table, widths, text_style, head_style, table_style)
            _keep_rows(built, table, widths, size, self.text_height / 20)
            built = _TABLES.keep(key, built)
        placed = copy.deepcopy(built)
        for link in placed.iter(qn("w:hyperlink")):
            target = link.get(_TARGET)
            if target is not None:
                if self.links is None:
                    self.links = _Links(self.docx)
                del link.attrib[_TARGET]
                link.set(qn("r:id"), self.links.relate(target))
        self.body.sectPr.addprevious(placed)


_TABLES: Kept[tuple[Table, tuple[int, ...], str, str, str, float, int], etree._Element] = Kept(8)


def _table_xml(table: Table, widths: list[int], text_style: str, head_style: str, table_style: str) -> etree._Element:
    """A lampiran table as Word's table XML: fixed column widths, header rows repeated on each page."""
    tbl = etree.Element(qn("w:tbl"))
    tbl_pr = etree.SubElement(tbl, qn("w:tblPr"))
    etree.SubElement(tbl_pr, qn("w:tblStyle")).set(qn("w:val"), table_style)
    tbl_w = etree.SubElement(tbl_pr, qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    etree.SubElement(tbl_pr, qn("w:tblLayout")).set(qn("w:type"), "fixed")
    look = etree.SubElement(tbl_pr, qn("w:tblLook"))
    look.set(qn("w:val"), "0000")
    grid = etree.SubElement(tbl, qn("w:tblGrid"))
    for width in widths:
        etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(width))
    for row in (*table.header, *table.body):
        tr = etree.SubElement(tbl, qn("w:tr"))
        if row.kind in ("header", "numbers"):
            tr_pr = etree.SubElement(tr, qn("w:trPr"))
            etree.SubElement(tr_pr, qn("w:tblHeader"))
        column = 0
        for cell in row.cells:
            span_width = sum(widths[column:column + cell.colspan])
            tc = etree.SubElement(tr, qn("w:tc"))
            tc_pr = etree.SubElement(tc, qn("w:tcPr"))
            tc_w = etree.SubElement(tc_pr, qn("w:tcW"))
            tc_w.set(qn("w:w"), str(span_width))
            tc_w.set(qn("w:type"), "dxa")
            if cell.colspan > 1:
                etree.SubElement(tc_pr, qn("w:gridSpan")).set(qn("w:val"), str(cell.colspan))
            if cell.covered:
                etree.SubElement(tc_pr, qn("w:vMerge"))
            elif cell.rowspan > 1:
                etree.SubElement(tc_pr, qn("w:vMerge")).set(qn("w:val"), "restart")
            if row.kind != "body" or cell.align == "center":
                etree.SubElement(tc_pr, qn("w:vAlign")).set(qn("w:val"), "center" if row.kind != "body"
                                                             else "top")
            style = head_style if row.kind == "header" else text_style
            lines = cell.lines if (cell.lines and not cell.covered) else ("",)
            for line in lines:
                p = etree.SubElement(tc, qn("w:p"))
                p_pr = etree.SubElement(p, qn("w:pPr"))
                etree.SubElement(p_pr, qn("w:pStyle")).set(qn("w:val"), style)
                if cell.align != "left" or row.kind == "numbers":
                    etree.SubElement(p_pr, qn("w:jc")).set(qn("w:val"), _JC.get(cell.align, "center"))
                if line and cell.link:
                    _linked_runs(p, line)
                elif line:
                    _run(p, line, bold=True if cell.bold and row.kind != "header" else None)
            column += cell.colspan
    return tbl


# Where a link goes, kept on the cached table's w:hyperlink until the document it is copied into relates it
# (a relationship id is the document's own).
_TARGET = "zi-target"
_LINK_COLOUR = "0563C1"  # Word's own Hyperlink style: blue, underlined


def _linked_runs(p: etree._Element, text: str) -> None:
    """`text` as runs, each web address in it a w:hyperlink (its target related when the table is placed)."""
    for shown, target in link_parts(text):
        if target is None:
            if shown:
                _run(p, shown)
            continue
        link = etree.SubElement(p, qn("w:hyperlink"))
        link.set(_TARGET, target)
        link.set(qn("w:history"), "1")
        _run(link, shown)
        r_pr = etree.Element(qn("w:rPr"))
        etree.SubElement(r_pr, qn("w:color")).set(qn("w:val"), _LINK_COLOUR)
        etree.SubElement(r_pr, qn("w:u")).set(qn("w:val"), "single")
        link[0].insert(0, r_pr)


class _Links:
    """A document's relationships to web addresses, one per address, each with the id python-docx's
    `relate_to` would give it (the lowest free rIdN). Written here because `relate_to` searches every
    relationship, and then every id, for each link: quadratic in a plan with a link on each of its rows."""

    def __init__(self, docx: DocxDocument) -> None:
        self.rels = docx.part.rels
        self.ids: dict[str, str] = {}
        for rid, rel in self.rels.items():
            if rel.is_external and rel.reltype == RT.HYPERLINK:
                self.ids.setdefault(rel.target_ref, rid)  # python-docx finds the first of equal ones
        self.free = 1

    def relate(self, target: str) -> str:
        rid = self.ids.get(target)
        if rid is None:
            # Ids are only added while a document is built, so the lowest free one never goes down.
            while f"rId{self.free}" in self.rels:
                self.free += 1
            rid = self.ids[target] = f"rId{self.free}"
            self.rels.add_relationship(RT.HYPERLINK, target, rid, is_external=True)
        return rid


# Arial's (and Liberation Sans') line at single spacing is 1.15 of its size (ascent, descent and gap).
_LINE = 1.15
_CELL_SIDES = 2 * 70 / 20  # the house table style's left and right cell margins, in points
# A row is let split across pages when its estimated height passes this share of a page's room below the
# repeated header rows: Word clips a row that may not split and is taller than a page, so the estimate (Arial's
# metrics, greedy wrapping) keeps a margin for a wider house font and for the wrapping Word and LibreOffice do.
_TALL = 0.8


def _lines(text: str, width: float, size: float, scale: float) -> int:
    """How many lines a paragraph takes in `width` points, wrapped greedily at spaces."""
    space = text_width(" ", size) * scale
    lines, used = 1, 0.0
    for word in text.split():
        w = text_width(word, size) * scale
        if used and used + space + w > width:
            lines, used = lines + 1, 0.0
        if w > width:  # a token wider than the cell breaks inside it (breaks.hinted)
            extra = int(w // width)
            lines, w = lines + extra, w - extra * width
        used = used + space + w if used else w
    return lines


def _row_heights(table: Table, widths: list[int], size: float) -> list[float]:
    """Each row's estimated height in points, the text of a merged cell given to its rows as Word gives it: what
    the rows it spans do not hold goes to the last of them."""
    rows = (*table.header, *table.body)
    heights = [0.0] * len(rows)
    merged: list[tuple[int, int, float]] = []
    line = size * _LINE
    padding = sum(CELL_PADDING)
    for r, row in enumerate(rows):
        column = 0
        for cell in row.cells:
            width = sum(widths[column:column + cell.colspan]) / 20 - _CELL_SIDES
            column += cell.colspan
            if cell.covered:
                continue
            scale = BOLD if cell.bold or row.kind == "header" else 1.0
            height = sum(_lines(t, width, size, scale) for t in cell.lines or ("",)) * line + padding
            if cell.rowspan > 1:
                merged.append((r, min(r + cell.rowspan, len(rows)), height))
            else:
                heights[r] = max(heights[r], height)
    for start, end, height in sorted(merged, key=lambda m: m[1] - m[0]):
        missing = height - sum(heights[start:end])
        if missing > 0:
            heights[end - 1] += missing
    return heights


def _keep_rows(tbl: etree._Element, table: Table, widths: list[int], size: float, room: float) -> None:
    """A table's pagination and cell properties (a built _table_xml, `room` the page's text height in points):
    rows not split across pages unless taller than a page, the header rows kept with the first row (an area's
    heading row with the row after it), inner padding at the top and bottom of every cell, and break
    opportunities in tokens wider than their cell."""
    tbl_pr = tbl.find(qn("w:tblPr"))
    assert tbl_pr is not None  # _table_xml writes it
    margins = etree.Element(qn("w:tblCellMar"))
    for edge, points in (("top", CELL_PADDING[0]), ("bottom", CELL_PADDING[1])):
        el = etree.SubElement(margins, qn(f"w:{edge}"))
        el.set(qn("w:w"), str(_twips(points)))
        el.set(qn("w:type"), "dxa")
    layout = tbl_pr.find(qn("w:tblLayout"))
    (layout if layout is not None else tbl_pr[-1]).addnext(margins)  # the schema's order: after tblLayout
    rows = (*table.header, *table.body)
    heights = _row_heights(table, widths, size)
    header = len(table.header)
    tall = (room - sum(heights[:header])) * _TALL
    # Kept with the next row: the header rows, the first body row, and every area row with the row after it.
    keep = set(range(header + 1))
    keep.update(r for r in range(header, len(rows)) if rows[r].kind == "area")
    if header < len(rows) and rows[header].kind == "area":
        keep.add(header + 1)
    keep.discard(len(rows) - 1)
    for r, (row, tr) in enumerate(zip(rows, tbl.iterfind(qn("w:tr")))):
        if heights[r] <= tall:
            tr_pr = tr.find(qn("w:trPr"))
            if tr_pr is None:
                tr_pr = etree.Element(qn("w:trPr"))
                tr.insert(0, tr_pr)
            tr_pr.insert(0, etree.Element(qn("w:cantSplit")))  # before tblHeader, as the schema orders them
        if r in keep:
            for p in tr.iter(qn("w:p")):
                _set_keep_next(p, True)
        column = 0
        for cell, tc in zip(row.cells, tr.iterfind(qn("w:tc"))):
            width = sum(widths[column:column + cell.colspan]) / 20 - _CELL_SIDES
            column += cell.colspan
            if cell.lines and not cell.covered:
                _hint(tc, width, size, bold=cell.bold or row.kind == "header")


def _set_keep_next(p: etree._Element, keep: bool) -> None:
    """Keep-with-next on a paragraph, on (True) or off (False), in its pPr's schema order (after pStyle)."""
    p_pr = p.find(qn("w:pPr"))
    if p_pr is None:
        p_pr = etree.Element(qn("w:pPr"))
        p.insert(0, p_pr)
    el = p_pr.find(qn("w:keepNext"))
    if el is None:
        el = etree.Element(qn("w:keepNext"))
        style = p_pr.find(qn("w:pStyle"))
        p_pr.insert(1 if style is not None else 0, el)
    if keep:
        el.attrib.pop(qn("w:val"), "")
    else:
        el.set(qn("w:val"), "0")


def _hint(element: etree._Element, width: float, size: float, *, threshold: float | None = None,
          bold: bool = False) -> None:
    """Break opportunities (breaks.hinted) in the text of a paragraph or cell: zero-width spaces stay in the
    text, soft hyphens become Word's own w:softHyphen."""
    for t in list(element.iter(qn("w:t"))):
        text = t.text or ""
        new = hinted(text, width, size, threshold=threshold, bold=bold)
        if new == text:
            continue
        parts = new.split(SHY)
        t.text = parts[0]
        after = t
        for part in parts[1:]:
            shy = etree.Element(qn("w:softHyphen"))
            after.addnext(shy)
            after = etree.Element(qn("w:t"))
            after.text = part
            shy.addnext(after)
        for node in (t, *t.itersiblings()):
            if node.tag == qn("w:t") and node.text and node.text != node.text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _twips(points: float) -> int:
    return int(points * 20)


def _run(p: etree._Element, text: str, bold: bool | None = None) -> None:
    """The runs of a text with its emphasis (base.markup)."""
    _runs(p, markup.runs(text), bold)


def _runs(p: etree._Element, runs: tuple[Run, ...], bold: bool | None = None) -> None:
    """A Word run for each run of text, with tabs and line breaks as Word's own elements; bold True, False (set
    off explicitly) or None (as the style says) where the emphasis does not make it bold; italic where it says."""
    for run in runs:
        _one_run(p, run.text, True if run.bold else bold, run.italic)


def _one_run(p: etree._Element, text: str, bold: bool | None, italic: bool) -> None:
    r = etree.SubElement(p, qn("w:r"))
    if bold is not None or italic:
        # Written as python-docx writes them, in the schema's order (w:b before w:i).
        r_pr = etree.SubElement(r, qn("w:rPr"))
        if bold is not None:
            b = etree.SubElement(r_pr, qn("w:b"))
            if not bold:
                b.set(qn("w:val"), "0")
        if italic:
            etree.SubElement(r_pr, qn("w:i"))
    for i, part in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, qn("w:br"))
        for j, chunk in enumerate(part.split("\t")):
            if j:
                etree.SubElement(r, qn("w:tab"))
            if chunk:
                t = etree.SubElement(r, qn("w:t"))
                t.text = chunk
                if chunk != chunk.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _style_id(docx: DocxDocument, name: str) -> str:
    style_id: str = docx.styles[name].style_id  # an unannotated property of python-docx
    return style_id


class _Environment(SandboxedEnvironment):
    """The sandbox that fills a template's fields, keeping what it compiled: in a batch every office's decree
    has the same template XML (header, footer) to compile."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.compiled: dict[str, object] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            raise TypeError("only a template's own XML is compiled here")
        if source not in self.compiled:
            # read_template refused any template code but the fields already; this keeps it so, whatever
            # docxtpl hands over.
            code = template_code(source)
            if code is not None:
                raise ZiDecreeError([Problem(_("'{code}' is not one of the fields; a header or footer may show only "
                                               "the fields, each written {{{{ name }}}}, and no other template code")
                                                   .format(code=code),
                                                 code="template-invalid")])
            self.compiled[source] = super().from_string(source)
        return self.compiled[source]


class _ReadStylesPart(StylesPart):
    """A template's styles part, parsed only when read: a render reads the styles once per template and process
    (the style ids are kept, _Prepared), and otherwise writes them back as they were, as what parsing and
    writing them gives (kept per part: the house template's styles are a third of a megabyte)."""

    _parsed: Any = None
    _source = b""

    @classmethod
    def load(cls, partname: Any, content_type: str, blob: bytes, package: Any) -> _ReadStylesPart:
        part = cls(partname, content_type, None, package)  # type: ignore[arg-type]  # parsed when read
        part._source = blob
        return part

    @property
    def _element(self) -> Any:
        if self._parsed is None:
            self._parsed = parse_xml(self._source)
        return self._parsed

    @_element.setter
    def _element(self, element: Any) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        if self._parsed is not None:
            return bytes(serialize_part_xml(self._parsed))
        written = _WRITTEN_STYLES.get(self._source)
        if written is None:
            written = _WRITTEN_STYLES.keep(self._source, bytes(serialize_part_xml(parse_xml(self._source))))
        return written


_WRITTEN_STYLES: Kept[bytes, bytes] = Kept(8)  # a styles part's bytes as parsed and written again, by its bytes


class _PartFactory(PartFactory):
    # python-docx's own factory with the styles part read when used; for this module's documents only.
    part_type_for = {**PartFactory.part_type_for, CT.WML_STYLES: _ReadStylesPart}  # noqa: RUF012  # as the base's


def _open_docx(reader: PackageReader) -> DocxDocument:
    """python-docx's Document(), for a template's parts as read (_Prepared.reader), with its styles parsed only
    when read."""
    package = Package()
    # As Package.open, with this module's part factory (python-docx leaves it unannotated).
    Unmarshaller.unmarshal(reader, package, _PartFactory)  # type: ignore[no-untyped-call]
    part = package.main_document_part
    if part.content_type != CT.WML_DOCUMENT_MAIN:  # pragma: no cover - read_template checked it
        raise ValueError(f"not a Word file: {part.content_type}")
    document: DocxDocument = part.document
    return document


class _DocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl ships no type hints
    """docxtpl filling the header and footer only: the body is left out before (_strip_body), the document's
    properties are the decree's (set after), and no footnote of the template is referred to any more."""

    docx: Any  # as docxtpl leaves it
    is_rendered: bool

    def __init__(self, prepared: _Prepared) -> None:
        super().__init__(io.BytesIO(prepared.template.data))
        self.reader = prepared.reader()

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            self.docx = _open_docx(self.reader)
            self.is_rendered = False

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        # The template's properties stay text, never template code; each is written back as docxtpl writes its
        # rendered ones, so that the properties part is laid out as before.
        props = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(props, name)
            if len(value) <= 255:  # python-docx refuses longer ones; the decree's own are cut (_property)
                setattr(props, name, value)

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        pass


def _strip_body(docx: DocxDocument) -> None:
    """The template's body without its content (the README asks for none), its page settings kept."""
    body = docx.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


@dataclass
class _Prepared:
    """A template as prepared once per process: its bytes (checked), its compiled fields, its style ids."""

    template: Template
    env: _Environment = field(default_factory=_Environment)
    style_ids: dict[tuple[str, str], object] = field(default_factory=dict)
    _reader: PackageReader | None = None

    def reader(self) -> PackageReader:
        """The template's parts and relationships as python-docx reads them from the zip: read once, as every
        document made on the template takes them only to build its own parts from."""
        if self._reader is None:
            # python-docx leaves it unannotated.
            self._reader = PackageReader.from_file(io.BytesIO(self.template.data))  # type: ignore[no-untyped-call]
        return self._reader


_PREPARED: Kept[bytes, _Prepared] = Kept(8)  # by the template's hash; a batch's workers each keep their own


def _prepare(path: Path) -> _Prepared:
    # Keyed by content, not by name or time: a template saved again under its name is prepared again.
    template = read_template(path)
    prepared = _PREPARED.get(template.digest)
    return prepared if prepared is not None else _PREPARED.keep(template.digest, _Prepared(template))


def prepare_template(template: Path | str | None = None) -> None:
    """Read and prepare a template ahead of rendering: a batch does it once, before its workers start, so
    that each worker (forked) starts with it prepared."""
    _prepare(Path(template) if template is not None else default_template())


def _package_parts(docx: DocxDocument) -> list[tuple[str, bytes]]:
    """The parts python-docx's save would zip, in its order: zipped once, by zip_parts, not zipped and then
    recompressed."""
    class Parts:
        def __init__(self) -> None:
            self.parts: list[tuple[str, bytes]] = []

        def write(self, uri: Any, blob: bytes) -> None:
            self.parts.append((uri.membername, blob))

    package = docx.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = Parts()
    # What PackageWriter.write does, with a collector in place of its zip file (its private steps are untyped,
    # and typed for the zip writer the collector stands in for).
    PackageWriter._write_content_types_stream(out, parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(out, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(out, parts)  # type: ignore[arg-type]
    return out.parts


def render_docx(document: Document, template: Path | str | None = None, paper: Paper = "f4") -> bytes:
    """DOCX bytes of the document on a template (default: the bundled house template); deterministic."""
    arguments.instance("document", document, Document, "from compose")
    path = arguments.optional_path("template", template) or default_template()
    paper = arguments.choice("paper", paper, PAPERS)
    prepared = _prepare(path)  # checked: refused with its problems before anything is rendered
    tpl = _DocxTemplate(prepared)
    tpl.init_docx()
    _strip_body(tpl.docx)
    # Template fields are filled from the decree's data; the sandbox keeps an office's template harmless and
    # autoescape keeps user text as text.
    try:
        tpl.render(field_values(document), jinja_env=prepared.env, autoescape=True)
    except (TemplateError, ZiDecreeError) as exc:
        part = getattr(tpl, "current_rendering_part", None)
        where = Location(str(path), field=str(part.partname).lstrip("/") if part is not None else None)
        message = exc.problems[0].message if isinstance(exc, ZiDecreeError) else \
            _("the template's fields cannot be filled: {error}; fix the {fields} fields in its header and "
              "footer").format(error=exc, fields="{{ }}")
        raise ZiDecreeError([Problem(message, where, code="template-invalid")]) from None
    docx = tpl.docx
    _Builder(docx, document, paper, prepared.template, prepared.style_ids).build()
    props = docx.core_properties
    meta = document.metadata
    # Word's document properties hold at most 255 characters; a long title is cut there (the decree keeps it whole).
    props.title = _property(meta.get("title", ""))
    props.subject = _property(meta.get("subject", ""))
    props.author = _property(meta.get("author", ""))
    props.keywords = _property(meta.get("keywords", ""))
    props.comments = ""
    props.last_modified_by = "zi-decree"
    props.revision = 1
    props.category = "Keputusan"
    stamp = dt.datetime.fromisoformat(meta["date"]) if "date" in meta else dt.datetime(2000, 1, 1)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    return zip_parts(_package_parts(docx))
