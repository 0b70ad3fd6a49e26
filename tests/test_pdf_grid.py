"""The PDF grid (rendering/pdf_grid.py) keeps a table's headings with its first row, and still lays out rows
and headings too tall to share a page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from zi_decree.rendering.pdf_grid import Grid, GridCell, GridSpec, Stack

STYLE = ParagraphStyle("cell", fontName="Helvetica", fontSize=10, leading=12)


def _lines(word: str, count: int) -> Paragraph:
    return Paragraph("<br/>".join(f"{word}{i}" for i in range(count)), STYLE)


def test_a_row_shorter_than_a_page_but_not_beside_the_grids_headings_splits_under_them() -> None:
    """The headings kept with the first row, the header and that row together are taller than a page, the row
    alone is not: it splits below the headings (it took a page of its own with them before, never fitting)."""
    page = A4[1] - 2 * 72
    row = [GridCell(0, [_lines("baris", int((page - 40) / STYLE.leading))])]
    spec = GridSpec([300], [[GridCell(0, "KEPALA")]], [row], font="Helvetica", size=10, leading=12,
                    pad=(2, 2, 2, 2), borders=True, split_any_row=False, page_height=page)
    spec.lead = Stack([_lines("judul", 8)], 300)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=72, bottomMargin=72).build([Grid(spec)])
    pages = [page.extract_text().split() for page in PdfReader(out).pages]
    assert len(pages) == 2
    assert pages[0][:8] == [f"judul{i}" for i in range(8)] and pages[0][8] == "KEPALA"
    # Every line once, in order, the header repeated above the rest.
    assert pages[1][0] == "KEPALA"
    assert pages[0][9:] + pages[1][1:] == [f"baris{i}" for i in range(int((page - 40) / STYLE.leading))]
