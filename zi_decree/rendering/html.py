"""Render: the composed document as an HTML fragment, for the workspace's preview (same words as the plain text).

The fragment is one `<article class="decree">` holding a `<section>` per section of the document; every piece
of text is escaped. Classes name the document's roles (`p role-title`, `labeled role-menimbang`, `table plan`),
so that a style sheet lays it out; the words, and their order, are exactly those of the plain text rendering.
A table's merged cells are `rowspan`/`colspan` cells and the places they cover are left out, as in HTML.
"""

from __future__ import annotations

from html import escape

from zi_decree.base import arguments
from zi_decree.composing.document import (
    AttestationBlock,
    Block,
    Cell,
    Document,
    Item,
    Labeled,
    LampiranHeader,
    ListBlock,
    Paragraph,
    Row,
    SignatureBlock,
    Table,
)

__all__ = ["render_html"]


def _text(text: str) -> str:
    """Text escaped for HTML, its line breaks as <br>."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def _lines(lines: tuple[str, ...] | list[str], cls: str) -> list[str]:
    return [f'<p class="{cls}">{_text(line)}</p>' for line in lines]


def _items(items: tuple[Item, ...]) -> list[str]:
    out = ['<ol class="items">']
    for item in items:
        marker = f'<span class="marker">{escape(item.marker)}</span>' if item.marker else ""
        out.append(f'<li class="{"marked" if item.marker else "plain"}">{marker}'
                   f'<span class="text">{_text(item.text)}</span>')
        if item.children:
            out += _items(item.children)
        out.append("</li>")
    out.append("</ol>")
    return out


def _cell(cell: Cell, tag: str) -> str:
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
        (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    classes = f"align-{cell.align}" + (" bold" if cell.bold else "")
    return f'<{tag} class="{classes}"{spans}>{"<br>".join(_text(line) for line in cell.lines)}</{tag}>'


def _row(row: Row, tag: str) -> str:
    # A place a merged cell above covers is no cell in HTML: the rowspan of the cell above fills it.
    cells = "".join(_cell(cell, tag) for cell in row.cells if not cell.covered)
    return f'<tr class="row-{row.kind}">{cells}</tr>'


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        classes = f"role-{block.role} align-{block.align}" + (" bold" if block.bold else "")
        return [f'<p class="{classes}">{_text(block.text)}</p>']
    if isinstance(block, LampiranHeader):
        return ['<div class="lampiran-header">', *_lines(block.lines, "line"), "</div>"]
    if isinstance(block, Labeled):
        return [f'<div class="labeled role-{block.role}">', f'<span class="label">{escape(block.label)}</span>',
                '<span class="colon">:</span>', *_items(block.items), "</div>"]
    if isinstance(block, ListBlock):
        out = ['<ol class="list">']
        for entry in block.entries:
            out.append(f'<li><span class="marker">{escape(entry.marker)}</span>'
                       f'<span class="text">{_text(entry.text)}</span>')
            for sub in entry.blocks:
                out += _block(sub)
            out.append("</li>")
        out.append("</ol>")
        return out
    if isinstance(block, SignatureBlock):
        mark = _lines([block.signed_mark], "signed-mark") if block.signed_mark else ['<p class="space-to-sign"></p>']
        return ['<div class="signature">', *_lines(block.place_date, "place-date"), *_lines(block.title, "title"),
                *mark, *_lines([block.name], "name"), "</div>"]
    if isinstance(block, AttestationBlock):
        return ['<div class="attestation">', *_lines(block.lines, "line"), *_lines([block.name], "name"),
                *(_lines([block.nip], "nip") if block.nip else []), "</div>"]
    if isinstance(block, Table):
        return [f'<div class="table-wrap"><table class="table {block.role}">',
                "<thead>", *(_row(row, "th") for row in block.header), "</thead>",
                "<tbody>", *(_row(row, "td") for row in block.body), "</tbody>", "</table></div>"]
    raise TypeError(f"no HTML rendering for {type(block).__name__}")


def render_html(document: Document) -> str:
    """The document as an HTML fragment (an <article>), every text escaped."""
    arguments.instance("document", document, Document, "from compose")
    out = [f'<article class="decree variant-{document.variant}">']
    for section in document.sections:
        out.append(f'<section class="section {section.kind} {section.orientation}">')
        for block in section.blocks:
            out += _block(block)
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out) + "\n"
