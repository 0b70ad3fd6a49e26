"""The house template: builds the bundled DOCX template (styles, page, footer) that offices copy and edit in Word."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from zi_decree.rendering.template import STYLE_NAMES, TABLE_STYLE

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.styles.style import ParagraphStyle

__all__ = ["HouseStyle", "STYLE_NAMES", "TABLE_STYLE", "build_template"]


@dataclass(frozen=True)
class HouseStyle:
    font: str = "Arial"
    size: float = 12.0
    table_size: float = 9.0
    top_cm: float = 2.5
    bottom_cm: float = 2.0
    left_cm: float = 3.0
    right_cm: float = 2.0


def _paragraph_style(doc: DocxDocument, name: str, *, size: float | None = None, bold: bool = False,
                     align: WD_ALIGN_PARAGRAPH | None = None, before: float = 0, after: float = 0,
                     keep_next: bool = False) -> ParagraphStyle:
    style: ParagraphStyle = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    if size:
        style.font.size = Pt(size)
    style.font.bold = bold or None
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    return style


def _table_style(doc: DocxDocument) -> None:
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("left", "70"), ("right", "70")):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), width)
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def _page_number_footer(section: Section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)


def build_template(style: HouseStyle = HouseStyle()) -> bytes:
    """The bundled template as DOCX bytes: styles named in STYLE_NAMES, F4 page, margins, page numbers."""
    doc = Document()
    for paragraph in list(doc.paragraphs):
        body = paragraph._element.getparent()
        assert body is not None  # a paragraph of the document always sits in its body
        body.remove(paragraph._element)
    normal = doc.styles["Normal"]
    normal.font.name = style.font
    normal.font.size = Pt(style.size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), style.font)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.widow_control = True

    center, justify, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
    _paragraph_style(doc, STYLE_NAMES["mark"], bold=True, align=left, after=12)
    _paragraph_style(doc, STYLE_NAMES["heading"], bold=True, align=center, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["title"], bold=True, align=center, before=0, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["issuer"], bold=True, align=center, before=12, after=12, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["labeled"], align=justify, after=3)
    _paragraph_style(doc, STYLE_NAMES["memutuskan"], bold=True, align=center, before=12, after=12, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["diktum"], align=justify, after=6)
    _paragraph_style(doc, STYLE_NAMES["signature"], align=left, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["attestation"], align=left, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["lampiran-header"], align=left, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["lampiran-title"], bold=True, align=center, before=12, after=12, keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["narrative-heading"], bold=True, align=left, before=12, after=6,
                     keep_next=True)
    _paragraph_style(doc, STYLE_NAMES["narrative"], align=justify, after=6)
    _paragraph_style(doc, STYLE_NAMES["list"], align=justify, after=3)
    _paragraph_style(doc, STYLE_NAMES["table"], size=style.table_size, align=left)
    _paragraph_style(doc, STYLE_NAMES["table-heading"], size=style.table_size, bold=True, align=center)
    _table_style(doc)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(215), Mm(330)
    section.top_margin, section.bottom_margin = Cm(style.top_cm), Cm(style.bottom_cm)
    section.left_margin, section.right_margin = Cm(style.left_cm), Cm(style.right_cm)
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
    _page_number_footer(section)

    props = doc.core_properties
    props.title = "Templat Keputusan zi-decree"
    props.author = "zi-decree"
    props.comments = ("Ubah gaya (style) yang namanya diawali 'ZI ' untuk mengganti huruf, jarak dan perataan; "
                      "ubah margin lewat Tata Letak; kop dan logo boleh ditambahkan di header.")
    buffer = io.BytesIO()
    doc.save(buffer)
    from zi_decree.base.zips import deterministic_zip

    return deterministic_zip(buffer.getvalue())
