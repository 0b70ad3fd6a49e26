"""tests/pdf_words.py, which the page tests read PDFs with, reads what pdfplumber read: the same words in the same
fonts at the same places, lines of text, rules and links, on a small PDF with each kind of thing those tests look
at (fonts, a justified line, rules drawn as lines, boxes and curves, a link, a page turned landscape)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from reportlab.lib.pagesizes import landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pdf_words import Document
from zi_decree.rendering.pdf import FONT, FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC, _register_fonts

F4 = (609.45, 935.43)
URI = "https://bit.ly/RapatTimZIKendal2026"


def _pdf(path: Path) -> Path:
    _register_fonts()
    canvas = Canvas(str(path), pagesize=F4)
    x = 72.0
    for text, font in (("Peraturan tentang ", FONT), ("Grand Design", FONT_ITALIC), (" yang ", FONT),
                       ("terukur", FONT_BOLD), (" dan ", FONT), ("jelas;", FONT_BOLD_ITALIC)):
        canvas.setFont(font, 12)
        canvas.drawString(x, 850, text)
        x += stringWidth(text, font, 12)
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(72, 820, "KESATU")
    canvas.drawString(160, 820, ":")
    canvas.setFont(FONT, 12)
    canvas.drawString(172, 820, "Membentuk Tim Kerja Pembangunan Zona Integritas")
    line = canvas.beginText(72, 790)  # a justified line: its spaces widened
    line.setFont(FONT, 9)
    line.setWordSpace(6)
    line.textLine("Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum")
    canvas.drawText(line)
    canvas.drawString(72, 760, URI)
    canvas.linkURL(URI, (72, 756, 72 + stringWidth(URI, FONT, 12), 772))
    canvas.line(72, 700, 520, 700)
    canvas.rect(72, 600, 200, 50)
    canvas.rect(72, 560, 300, 0.5, stroke=0, fill=1)  # a rule drawn as a box
    canvas.bezier(300, 600, 350, 650, 400, 550, 450, 600)
    canvas.showPage()
    canvas.setPageSize(landscape(F4))
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 500, "1 2 3 4 5 6 7 8 9 10 11 12")
    canvas.line(72, 480, 860, 480)
    canvas.save()
    return path


def _close(a: float, b: float, within: float) -> bool:
    return abs(a - b) <= within


def test_pdf_words_reads_what_pdfplumber_read(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "sample.pdf")
    with pdfplumber.open(path) as old:
        new = Document(path)
        assert len(new.pages) == len(old.pages) == 2
        for before, after in zip(old.pages, new.pages):
            assert (round(after.width, 2), round(after.height, 2)) == (round(before.width, 2), round(before.height, 2))
            was = before.extract_words(extra_attrs=["fontname"])
            now = after.extract_words(extra_attrs=["fontname"])
            assert [(w["text"], w["fontname"].split("+")[-1]) for w in was] == \
                [(w["text"], w["fontname"]) for w in now]
            for w, v in zip(was, now):
                # Across: PDFium sets letters by whole thousandths of an em, a little short of the fonts' widths.
                assert _close(w["x0"], v["x0"], 0.5) and _close(w["x1"], v["x1"], 0.5), (w, v)
                assert all(_close(w[k], v[k], 0.01) for k in ("top", "bottom", "doctop")), (w, v)
            assert after.extract_text() == before.extract_text()
            assert [line["text"] for line in after.extract_text_lines()] == \
                [line["text"] for line in before.extract_text_lines()]
            assert len(after.chars) == len(before.chars)
            rules = [sorted((round(e["x0"], 2), round(e["x1"], 2), round(e["top"], 2), e["orientation"] or "")
                            for e in page.edges) for page in (before, after)]
            assert rules[0] == rules[1]
            links = [[(h["uri"], *(round(h[k], 2) for k in ("x0", "x1", "top", "bottom"))) for h in page.hyperlinks]
                     for page in (before, after)]
            assert links[0] == links[1]
            for link in before.hyperlinks:
                box = (link["x0"], link["top"], link["x1"], link["bottom"])
                assert after.crop(box).extract_text() == before.crop(box).extract_text() == URI
        # What the tests look for is there.
        page = new.pages[0]
        assert [h["uri"] for h in page.hyperlinks] == [URI] and len(page.edges) > 6
        assert new.pages[1].width > new.pages[1].height
        assert {w["text"]: w["fontname"] for w in page.extract_words(extra_attrs=["fontname"])}["Design"] == \
            "LiberationSans-Italic"
        assert "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum" in page.extract_text()
        assert any(e["orientation"] == "h" and _close(e["top"], F4[1] - 700, 0.01) for e in page.edges)
        blanks = page.filter(lambda obj: obj.get("object_type") != "char" or bool(obj["text"].strip()))
        assert len(blanks.chars) < len(page.chars) and all(c["text"].strip() for c in blanks.chars)
