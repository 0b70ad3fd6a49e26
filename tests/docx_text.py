"""Text of a DOCX in reading order, in the plain-text rendering's format, for comparing the two.

Paragraphs give a line each (tabs and line breaks as written, except the breaks that set a centred title's
balanced lines, read as the spaces they stand for); a table row gives its cells joined by tabs, a
cell spanning n grid columns followed by n-1 empty fields, a cell's paragraphs joined by line breaks; the end
of a section (a paragraph holding section properties) is followed by a form-feed line. Break opportunities
(zero-width spaces in the text, Word's soft hyphens) are not text.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The styles of the paragraphs whose lines the renderer breaks (zi_decree.rendering.lines): the title block, the
# issuer, the lampiran header and title, and centred headings.
BALANCED_STYLES = {"ZI Kop", "ZI Judul", "ZI Pejabat", "ZI Kepala Lampiran", "ZI Judul Lampiran", "ZI Subjudul"}


def _balanced_style_ids(z: zipfile.ZipFile) -> set[str]:
    styles = etree.fromstring(z.read("word/styles.xml"))
    return {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")
            if s.find(f"{W}name") is not None and s.find(f"{W}name").get(f"{W}val") in BALANCED_STYLES}


def _balanced(p, style_ids: set[str]) -> bool:
    """A paragraph the renderer broke into balanced lines: a title's style, and no tab (a heading inside a list)."""
    style = p.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val") in style_ids and \
        not any(t.getparent().tag == f"{W}r" for t in p.iter(f"{W}tab"))


def _paragraph_text(p, style_ids: set[str] = frozenset()) -> str:
    out = []
    breaks = " " if _balanced(p, style_ids) else "\n"
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            # A w:tab inside w:tabs (tab stop definitions) is not text.
            if node.getparent().tag != f"{W}tabs":
                out.append("\t")
        else:
            out.append(breaks)
    return "".join(out).replace("\u200b", "")


def docx_lines(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        style_ids = _balanced_style_ids(z)
    body = root.find(f"{W}body")
    lines: list[str] = []
    for child in body:
        if child.tag == f"{W}p":
            lines.append(_paragraph_text(child, style_ids))
            if child.find(f"{W}pPr/{W}sectPr") is not None:
                lines.append("\f")
        elif child.tag == f"{W}tbl":
            for tr in child.iter(f"{W}tr"):
                fields = []
                for tc in tr.findall(f"{W}tc"):
                    fields.append("\n".join(_paragraph_text(p) for p in tc.findall(f"{W}p")))
                    span = tc.find(f"{W}tcPr/{W}gridSpan")
                    if span is not None:
                        fields += [""] * (int(span.get(f"{W}val")) - 1)
                lines.append("\t".join(fields))
    return lines


def docx_text(data: bytes) -> str:
    return "\n".join(docx_lines(data)) + "\n"
