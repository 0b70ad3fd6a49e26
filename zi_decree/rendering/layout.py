"""Layout measures shared by the DOCX and PDF renderers (in points), so that both lay the decree out alike."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from zi_decree.composing.document import Document, Labeled, Table


def default_template() -> Path:
    """The bundled DOCX template (styles, margins, footer) whose measures both renderers follow."""
    return Path(str(resources.files("zi_decree.templates").joinpath("keputusan.docx")))

__all__ = ["CELL_PADDING", "COLON_GAP", "LIST_UNIT", "MARKER_STEP", "SPACE", "column_widths", "label_width",
           "right_block_indent", "text_width"]

CM = 72 / 2.54
COLON_GAP = 0.45 * CM     # from the colon to an item's marker (or to a dictum's text)
MARKER_STEP = 0.8 * CM    # from a marker to its text, and for each deeper level of sub-items
LIST_UNIT = 0.75 * CM     # indent of each level of a narrative list
CELL_PADDING = (1.0, 2.0)  # a table cell's inner padding at its top and bottom: descenders clear the border

# Space before (points): the title block, and the right-hand signature and the attestation blocks.
SPACE = {
    "title": 18, "title-tentang": 6, "title-subject": 6,
    "place-date": 18, "signing-title": 12, "ttd": 12, "name-after-ttd": 12, "signing-space": 64,
    "attestation": 18, "attestation-name": 42,
}


@cache
def _metrics(bold: bool = False) -> tuple[dict[str, int], int]:
    name = "helvetica-bold-widths.json" if bold else "helvetica-widths.json"
    data = json.loads(resources.files("zi_decree.rendering").joinpath(name).read_text("utf-8"))
    return data["widths"], data["missing"]


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """Width of a line in Helvetica (or Helvetica-Bold), in points: reportlab's stringWidth, from the metrics
    shipped as data. Italic has the upright widths (Liberation Sans Italic is Arial Italic's, which are Arial's)."""
    widths, missing = _metrics(bold)
    # Same arithmetic as reportlab (thousandths of an em, summed, then scaled), so the points are identical.
    return sum(widths.get(c, missing) for c in text) * 0.001 * font_size


def label_width(document: Document, font_size: float) -> float:
    """The label column: wide enough for the widest label (KESEMBILAN BELAS, Memperhatikan)."""
    # Helvetica's metrics are Arial's (and Liberation Sans'); a little slack covers other house fonts.
    widest = max((text_width(block.label, font_size) * 1.08
                  for section in document.sections for block in section.blocks if isinstance(block, Labeled)),
                 default=0.0)
    return max(3.6 * CM, widest + 0.25 * CM)


def right_block_indent(text_width: float) -> float:
    """Where the signature and lampiran header blocks start: their 8.5 cm end at the right margin."""
    return max(text_width - 8.5 * CM, text_width / 2)


def column_widths(table: Table, width: float, font_size: float, sides: float) -> tuple[float, ...]:
    """The table's relative column widths, each column widened where it is too narrow for a word of its own
    heading or column number ("10", "11", "12" over a month grid) on one line, columns under one heading alike,
    the room taken from the columns with room to spare; the table's own widths where every heading fits.
    `width` is the table's width and `sides` a cell's left and right margins together, in points."""
    total = sum(table.widths)
    need = [0.0] * len(table.widths)
    for row in table.header:
        column = 0
        for cell in row.cells:
            if cell.colspan == 1 and not cell.covered:
                bold = cell.bold or row.kind == "header"
                words = [w for line in cell.lines for w in line.split()]
                # Helvetica's metrics are Arial's (and Liberation Sans'); half a point covers Word's and
                # LibreOffice's rounding (Kota Magelang's "10" fits LibreOffice's month column with 0.8 to spare).
                widest = max((text_width(w, font_size, bold) for w in words), default=0.0)
                need[column] = max(need[column], (widest + sides + 0.5) * total / width)
            column += cell.colspan
    for row in table.header:  # the columns under one heading (the twelve months) widened alike
        column = 0
        for cell in row.cells:
            if cell.colspan > 1 and not cell.covered:
                under = range(column, min(column + cell.colspan, len(need)))
                widest = max(need[c] for c in under)
                for c in under:
                    need[c] = widest
            column += cell.colspan
    short = [max(n - w, 0.0) for n, w in zip(need, table.widths, strict=True)]
    missing = sum(short)
    spare = [max(w - n, 0.0) for n, w in zip(need, table.widths, strict=True)]
    if not missing or sum(spare) <= missing:
        return table.widths  # every heading fits (or nothing can give room): the widths as composed
    share = missing / sum(spare)
    return tuple(w + s if s else w - r * share for w, s, r in zip(table.widths, short, spare, strict=True))
