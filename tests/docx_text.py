"""Text of a DOCX in reading order, in the plain-text rendering's format, for comparing the two.

Paragraphs give a line each (tabs and line breaks as written); a table row gives its cells joined by tabs, a
cell spanning n grid columns followed by n-1 empty fields, a cell's paragraphs joined by line breaks; the end
of a section (a paragraph holding section properties) is followed by a form-feed line. Break opportunities
(zero-width spaces in the text, Word's soft hyphens) are not text.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p) -> str:
    out = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            # A w:tab inside w:tabs (tab stop definitions) is not text.
            if node.getparent().tag != f"{W}tabs":
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out).replace("\u200b", "")


def docx_lines(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    lines: list[str] = []
    for child in body:
        if child.tag == f"{W}p":
            lines.append(_paragraph_text(child))
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
