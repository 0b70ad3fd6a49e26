"""Render: the composed document as plain text, the reference the DOCX and PDF renderers are held to.

One line per paragraph. A labelled item is `label<TAB>:<TAB>marker<TAB>text`. A table row is its cells joined
by tabs (a spanned cell leaves empty fields after it; a place filled by a span from above is an empty field);
a cell's paragraphs are joined by line breaks, so a cell's text stays contiguous. Each lampiran starts after a
form feed line. Emphasis marks are left out (the words a reader reads, base.markup.plain), and a centred title
(or a lampiran header's line) is one line with single spaces, however the DOCX and PDF break it.
"""

from __future__ import annotations

from zi_decree.base import arguments
from zi_decree.base.markup import plain
from zi_decree.composing.document import (
    AttestationBlock,
    Block,
    Document,
    Item,
    Labeled,
    LampiranHeader,
    ListBlock,
    Paragraph,
    SignatureBlock,
    Table,
)
from zi_decree.rendering.lines import balanced, collapse_spaces

__all__ = ["render_text", "text_lines"]


def _items(items: tuple[Item, ...], indent: int) -> list[str]:
    lines = []
    for item in items:
        marker = f"{item.marker}\t" if item.marker else ""
        lines.append("\t" * indent + marker + plain(item.text))
        lines += _items(item.children, indent + (1 if item.marker else 0))
    return lines


def _block(block: Block, depth: int = 0) -> list[str]:
    if isinstance(block, Paragraph):
        if balanced(block) and not depth:
            return [collapse_spaces(plain(block.text))]
        return ["\t" * depth + plain(block.text)]
    if isinstance(block, LampiranHeader):
        return [collapse_spaces(plain(line)) for line in block.lines]
    if isinstance(block, Labeled):
        lines = []
        for i, item in enumerate(block.items):
            prefix = f"{block.label}\t:\t" if i == 0 else "\t\t"
            marker = f"{item.marker}\t" if item.marker else ""
            lines.append(prefix + marker + plain(item.text))
            lines += _items(item.children, 2 + (1 if item.marker else 0))
        return lines
    if isinstance(block, ListBlock):
        lines = []
        for entry in block.entries:
            lines.append("\t" * depth + f"{entry.marker}\t{plain(entry.text)}")
            for sub in entry.blocks:
                lines += _block(sub, depth + 1)
        return lines
    if isinstance(block, SignatureBlock):
        return [plain(line) for line in (*block.place_date, *block.title,
                                         *([block.signed_mark] if block.signed_mark else []), block.name)]
    if isinstance(block, AttestationBlock):
        return [plain(line) for line in (*block.lines, block.name, *([block.nip] if block.nip else []))]
    if isinstance(block, Table):
        lines = []
        for row in (*block.header, *block.body):
            fields = []
            for cell in row.cells:
                fields.append("" if cell.covered else "\n".join(plain(line) for line in cell.lines))
                fields += [""] * (cell.colspan - 1)
            lines.append("\t".join(fields))
        return lines
    raise TypeError(f"no text rendering for {type(block).__name__}")


def text_lines(document: Document) -> list[str]:
    """The document's text, line by line; sections are separated by a form-feed line."""
    lines: list[str] = []
    for i, section in enumerate(document.sections):
        if i:
            lines.append("\f")
        for block in section.blocks:
            lines += _block(block)
    return lines


def render_text(document: Document) -> bytes:
    """UTF-8 bytes of the plain-text rendering (LF line endings, final newline)."""
    arguments.instance("document", document, Document, "from compose")
    return ("\n".join(text_lines(document)) + "\n").encode("utf-8")
