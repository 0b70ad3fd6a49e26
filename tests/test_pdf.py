"""The PDF salinan: the same words as the plain text (and so the DOCX), fonts embedded, pages of the right size,
fixed dates (the same bytes every time: test_cli), huge cells and plans, and a page count close to
LibreOffice's rendering of our DOCX."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, example_specs, run_cli
from pdf_text import pdf_pages, pdf_text, unwrapped
from zi_decree import compose, load, load_data, resolve
from zi_decree.composing.document import Table
from zi_decree.model.keputusan import PlanLampiran
from zi_decree.rendering.pdf import render_pdf

sys.path.insert(0, str(ROOT))
from benchmarks.plans import plan_spec

F4 = (609.45, 935.43)  # points
A4 = (595.28, 841.89)


def _headers(spec: Path, variant: str) -> list[str]:
    document = compose(resolve(load(spec)), variant)
    return [" ".join(c.text for r in b.header for c in r.cells if not c.covered)
            for s in document.sections for b in s.blocks if isinstance(b, Table)]


@pytest.mark.parametrize("variant", ["original", "salinan"])
@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_pdf_says_exactly_what_the_plain_text_says(spec: Path, variant: str, rendered_pdf, rendered_txt) -> None:
    data = rendered_pdf[spec.stem][variant].read_bytes()
    source = unwrapped(rendered_txt[spec.stem][variant])
    assert pdf_text(data, _headers(spec, variant), source) == source


def test_salinan_is_the_default_pdf_variant(tmp_path: Path) -> None:
    result = run_cli("render", str(example_specs()[0]), "--format", "pdf", "-o", str(tmp_path))
    assert result.returncode == 0
    assert [p.name.split(".")[-2] for p in tmp_path.glob("*/*.pdf")] == ["salinan"]


def _fonts(reader: PdfReader) -> dict[str, bool]:
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor.get_object()
                                                      for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_fonts_embedded_and_pages_sized(spec: Path, rendered_pdf) -> None:
    reader = PdfReader(str(rendered_pdf[spec.stem]["salinan"]))
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all("LiberationSans" in name for name in fonts)
    k = load(spec).keputusan
    plan_pages = {round(float(p.mediabox.width), 2) for p in reader.pages} - {F4[0]}
    assert round(float(reader.pages[0].mediabox.width), 2) == F4[0]
    assert round(float(reader.pages[0].mediabox.height), 2) == F4[1]
    if any(isinstance(lamp, PlanLampiran) for lamp in k.lampiran):
        assert plan_pages == {F4[1]}  # landscape: width and height swapped


def test_every_character_the_examples_use_is_in_the_font(rendered_txt) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from zi_decree.rendering.pdf import _register_fonts

    _register_fonts()
    font = TTFont("probe", str(ROOT / "templates" / "fonts" / "LiberationSans-Regular.ttf"))
    used = {ch for texts in rendered_txt.values() for text in texts.values() for ch in text if not ch.isspace()}
    missing = sorted(ch for ch in used if ord(ch) not in font.face.charToGlyph)
    assert not missing, missing
    assert {"\u221a", "\u2013"} <= used


def test_a4_when_selected(tmp_path: Path) -> None:
    spec = ROOT / "examples" / "kota-magelang-2022.yaml"
    assert run_cli("render", str(spec), "--format", "pdf", "--paper", "a4", "-o", str(tmp_path)).returncode == 0
    reader = PdfReader(str(next(tmp_path.glob("*/*.pdf"))))
    sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in reader.pages}
    assert sizes == {A4, (A4[1], A4[0])}


def test_metadata_and_dates_are_fixed(rendered_pdf) -> None:
    reader = PdfReader(str(rendered_pdf["kab-semarang-2025"]["salinan"]))
    meta = reader.metadata
    assert meta.title.startswith("Keputusan Komisi Pemilihan Umum Kabupaten Semarang Nomor 6 Tahun 2025 tentang")
    assert meta.author == "Komisi Pemilihan Umum Kabupaten Semarang"
    assert "Rencana Aksi" in meta.subject and "Zona Integritas" in meta["/Keywords"]
    assert str(meta["/CreationDate"]).startswith("D:20250105") and str(meta["/ModDate"]).startswith("D:20250105")


def test_source_date_epoch_changes_no_byte(tmp_path: Path) -> None:
    """Every file carries the decree's date, set or not (README, "The package")."""
    spec = str(example_specs()[0])
    packages = []
    for n, value in enumerate([None, "1700000000", " 0 ", "253402300799", ""]):
        result = run_cli("render", spec, "--format", "docx,pdf", "-o", str(tmp_path / str(n)),
                         env={"SOURCE_DATE_EPOCH": value})
        assert result.returncode == 0, result.stderr
        packages.append({p.name: p.read_bytes() for p in (tmp_path / str(n)).glob("*/*")})
    assert all(package == packages[0] for package in packages)
    meta = PdfReader(str(next((tmp_path / "1").glob("*/*.pdf")))).metadata
    assert str(meta["/CreationDate"]).startswith("D:" + load(spec).keputusan.date.strftime("%Y%m%d"))


@pytest.mark.parametrize("value", ["abc", "99999999999999", "-1", "1.5", "1e9"])
def test_a_source_date_epoch_that_is_no_time_is_refused(tmp_path: Path, value: str) -> None:
    result = run_cli("render", str(example_specs()[0]), "--format", "pdf", "-o", str(tmp_path),
                     env={"SOURCE_DATE_EPOCH": value})
    assert result.returncode == 2, result.stderr
    assert f"error[invalid-argument]: SOURCE_DATE_EPOCH: the environment variable is {value!r}; expected a whole number of seconds" \
        in result.stderr
    assert not any(tmp_path.iterdir())


def test_a_batch_refuses_a_source_date_epoch_that_is_no_time_once(tmp_path: Path) -> None:
    result = run_cli("batch", str(ROOT / "examples" / "jawa-tengah-2025.offices.csv"), "--plan",
                     str(ROOT / "examples" / "jawa-tengah-2025.plan.yaml"), "--year", "2025", "-o", str(tmp_path),
                     env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("SOURCE_DATE_EPOCH") == 1
    assert not any(tmp_path.iterdir())


def test_a_10000_character_cell_splits_across_pages() -> None:
    data = plan_spec(6)
    words = " ".join(f"kata{i}" for i in range(1500))
    cell = (words * 2)[:9994].rsplit(" ", 1)[0] + " akhir"  # the most a cell may hold: 10,000 characters
    data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["steps"][0]["text"] = cell
    document = compose(resolve(load_data(data)), "salinan")
    pdf = render_pdf(document)
    text = unwrapped(" ".join(pdf_pages(pdf)))
    assert unwrapped(cell[:200]) in text and "akhir" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 4


@pytest.mark.heavy
def test_a_2000_row_plan_renders() -> None:
    document = compose(resolve(load_data(plan_spec(2000, grid=True, link=True))), "salinan")
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    assert len(reader.pages) > 100
    assert "Dokumenbukti2000bagian" in unwrapped(reader.pages[-2].extract_text() + reader.pages[-1].extract_text())


@pytest.mark.heavy
def test_page_count_close_to_libreoffice_rendering_of_the_docx(rendered_pdf, libreoffice_pdfs) -> None:
    for name, variants in rendered_pdf.items():
        ours = len(PdfReader(str(variants["salinan"])).pages)
        converted = libreoffice_pdfs[name]["salinan"]
        assert converted is not None, f"LibreOffice did not convert the salinan of {name}"
        theirs = len(PdfReader(str(converted)).pages)
        assert abs(ours - theirs) <= 1, (name, ours, theirs)
