"""Pages a drafter would sign (issue 13, PDF side): the closing blocks kept with the content before them, merged
cells spanning their rows, words broken only where Indonesian allows, pages as many as LibreOffice's of our DOCX.
Read from the PDFs with pdfplumber's word positions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, example_specs, opened_pdf, run_cli

sys.path.insert(0, str(ROOT))
from benchmarks.plans import plan_spec

DECREES = Path(__file__).resolve().parent / "decrees"


def _render(spec: Path, out: Path, formats: str = "pdf") -> Path:
    result = run_cli("render", str(spec), "--format", formats, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return next(out.glob("*/*.pdf"))


def _spec(tmp_path: Path, data: dict, name: str = "decree.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text (page number left out)."""
    pages = []
    with opened_pdf(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
            if lines and lines[-1].strip() == str(number):
                lines.pop()
            pages.append(lines)
    return pages


def _closing_page_has_content_before(pdf: Path, signer: str, attester: str) -> None:
    pages = _page_lines(pdf)
    signer, attester = signer.upper(), attester.upper()
    at = [i for i, lines in enumerate(pages) if any(attester in line.upper() for line in lines)]
    assert at, f"no attestation by {attester} in {pdf.name}"
    page = pages[at[-1]]
    assert any(signer in line.upper() for line in page), f"signature and attestation on different pages: {pdf.name}"
    first_closing = next(i for i, line in enumerate(page) if line.upper().startswith("KETUA")
                         or "Salinan sesuai" in line or signer in line.upper() or "Ditetapkan" in line)
    assert first_closing >= 2, f"the closing blocks stand alone on page {at[-1] + 1} of {pdf.name}: {page[:4]}"


def test_a_closing_that_would_stand_alone_takes_the_last_rows_along(tmp_path: Path) -> None:
    # Before: the attestation alone on page 5, after the plan table.
    pdf = _render(DECREES / "closing-alone.yaml", tmp_path)
    _closing_page_has_content_before(pdf, "Nama Ketua", "Nama Pejabat")
    last = _page_lines(pdf)[-1]
    assert any("Dokumen bukti" in line for line in last), last


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_signature_and_attestation_share_a_page_with_content_before(spec: Path, rendered_pdf) -> None:
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    signer, attester = data["signatory"]["name"], data["attestation"]["name"]
    _closing_page_has_content_before(rendered_pdf[spec.stem]["salinan"], signer, attester)


def _words_of(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, top, x0, text) of every word."""
    out = []
    with opened_pdf(pdf) as doc:
        for number, page in enumerate(doc.pages):
            out += [(number, w["top"], w["x0"], w["text"]) for w in page.extract_words()]
    return out


def test_a_merged_cell_spans_its_rows_without_stretching_the_first(tmp_path: Path) -> None:
    data = plan_spec(12)
    team = " ".join(["Tim Kerja Manajemen Perubahan dan Reformasi Birokrasi"] * 5)
    data["lampiran"][0]["areas"][0]["responsible"] = team
    pdf = _render(_spec(tmp_path, data), tmp_path / "out")
    words = _words_of(pdf)
    page = next(w[0] for w in words if w[3] == "Dokumen")  # the lampiran's first page
    rows = sorted(w[1] for w in words if w[0] == page and w[3] == "Dokumen")  # each row's first evidence line
    team_lines = sorted({round(w[1]) for w in words if w[0] == page and w[3] in ("Reformasi", "Birokrasi")})
    assert len(rows) >= 2 and len(team_lines) >= 4
    # The second row starts right under the first row's own text (two two-line evidence paragraphs), not
    # under the merged team's many lines; and the team's text goes on beside the rows below.
    gap = rows[1] - rows[0]
    assert gap < (team_lines[-1] - team_lines[0]), (gap, team_lines)
    assert team_lines[-1] > rows[1], (team_lines, rows)


def test_no_word_is_broken_inside(tmp_path: Path) -> None:
    data = plan_spec(6)
    step = data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["steps"][0]
    step["text"] = "Rencana dilaksanakan/diimplementasikan pertanggungjawabannya dalam pengintegrasian"
    step["evidence"][0]["text"] = ["Laporan https://bit.ly/SKTimKerjaZonaIntegritasKPUKabBatang2022 terbit"]
    data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["text"] = \
        "Ketidakberpihakannya penyelenggara pemilihan umum"
    pdf = _render(_spec(tmp_path, data), tmp_path / "out", "pdf,txt")
    words = set(next((tmp_path / "out").glob("*/*.txt")).read_text(encoding="utf-8").split())
    source = {w for text in (step["text"], step["evidence"][0]["text"][0],
                             data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["text"])
              for w in text.split()}
    seen_pieces = []
    for lines in _page_lines(pdf):
        for i, line in enumerate(lines):
            tokens = line.split()
            for j, token in enumerate(tokens):
                piece = token.rstrip("-")
                if token in words:
                    continue
                whole = next((w for w in source if len(piece) < len(w) and (w.startswith(piece) or w.endswith(piece))),
                             None)
                if whole is None:
                    continue
                seen_pieces.append(token)
                if j == len(tokens) - 1 and not whole.endswith(piece):
                    # A piece ending a line: after / - . or hyphenated, 2+ letters each side; in an address, also
                    # between its run-together words ("...ZonaIntegritas" before "KPU...").
                    rest = whole[whole.index(piece) + len(piece):]
                    assert token[-1] in "/-." or ("://" in whole and rest[:1].isupper()), (token, line)
                    assert len(token.rstrip("-")) >= 2, (token, line)
                if j == 0 and i > 0:
                    assert len(token) >= 2, (token, line)
    assert seen_pieces  # the long words did break
    text = "\n".join("\n".join(lines) for lines in _page_lines(pdf))
    assert "https://bit.ly/" in text and "-\nna" not in text  # an address gets no hyphen


def test_a_justified_line_with_a_long_code_is_not_spread_out() -> None:
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle

    from zi_decree.rendering.pdf import FONT, _CellParagraph, _register_fonts

    _register_fonts()
    style = ParagraphStyle("j", fontName=FONT, fontSize=12, leading=13.8, alignment=TA_JUSTIFY)
    para = _CellParagraph("Undang Undang Nomor 7 Tahun 2017 KPU.RI-01/HK.03.1-Kpt/07/KPU/IV/2022000 tentang Pemilu",
                          style)
    para.wrap(170, 1e6)
    lines = para.blPara.lines
    assert len(lines) >= 2
    space = 12 * 0.278
    for extra, words in lines[:-1]:
        assert len(words) < 2 or extra / (len(words) - 1) <= 2 * space + 1e-6, (extra, words)


@pytest.mark.heavy
def test_page_counts_within_one_of_libreoffice(tmp_path: Path, rendered_pdf, libreoffice_pdfs) -> None:
    from pypdf import PdfReader

    for name, variants in rendered_pdf.items():
        ours = len(PdfReader(str(variants["salinan"])).pages)
        converted = libreoffice_pdfs[name]["salinan"]
        assert converted is not None, name
        theirs = len(PdfReader(str(converted)).pages)
        assert abs(ours - theirs) <= 1, (name, ours, theirs)


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_labels_stand_on_their_items_first_line(spec: Path, rendered_pdf) -> None:
    """A label ('KESATU', ':', '9.', 'a.') and the first word of its text share one baseline (they are drawn by
    different code: a label was once drawn 3.3 pt higher than its item)."""
    import re

    label = re.compile(r"^(\d+\.|[a-z]\.|:|KESATU|KEDUA|KETIGA|KEEMPAT|Menimbang|Mengingat|Menetapkan)$")
    checked = 0
    with opened_pdf(rendered_pdf[spec.stem]["original"]) as doc:
        for page in doc.pages:
            words = page.extract_words()
            for w in words:
                if not label.match(w["text"]):
                    continue
                right = [v for v in words if v["x0"] > w["x1"] and abs(v["top"] - w["top"]) < 6]
                if not right:
                    continue
                nearest = min(right, key=lambda v: v["x0"])
                assert abs(nearest["bottom"] - w["bottom"]) < 0.5, (page.page_number, w["text"], nearest["text"])
                checked += 1
    assert checked > 10
