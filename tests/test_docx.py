"""The DOCX package: same words as the plain text, Word structure (repeating headers, merges, landscape
sections, paper), LibreOffice opens every file, templates are honoured (the same bytes every time: test_cli)."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree
from ruamel.yaml import YAML

from conftest import ROOT, example_specs, run_cli
from docx_text import W, docx_text
from zi_decree import compose, load, resolve
from zi_decree.model.keputusan import PlanLampiran
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.house_template import HouseStyle, build_template

sys.path.insert(0, str(ROOT))
from benchmarks.plans import plan_spec

F4 = (12189, 18709)
A4 = (11906, 16838)


def _xml(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


@pytest.mark.parametrize("variant", ["original", "salinan"])
@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_docx_says_exactly_what_the_plain_text_says(spec: Path, variant: str, rendered_docx, rendered_txt) -> None:
    docx = rendered_docx[spec.stem][variant].read_bytes()
    assert docx_text(docx) == rendered_txt[spec.stem][variant]


@pytest.mark.heavy
def test_libreoffice_converts_every_docx(rendered_docx, libreoffice_pdfs) -> None:
    from pypdf import PdfReader

    for name, variants in rendered_docx.items():
        for variant, docx in variants.items():
            pdf = libreoffice_pdfs[name][variant]
            assert pdf is not None, f"LibreOffice did not convert {docx}"
            reader = PdfReader(str(pdf))
            assert len(reader.pages) >= 2
            text = " ".join(page.extract_text() for page in reader.pages[:1])
            assert "KOMISI PEMILIHAN UMUM" in text


def _sections(path: Path) -> list[tuple[int, int, str | None]]:
    root = _xml(path)
    out = []
    for sectpr in root.iter(f"{W}sectPr"):
        size = sectpr.find(f"{W}pgSz")
        out.append((int(size.get(f"{W}w")), int(size.get(f"{W}h")), size.get(f"{W}orient")))
    return out


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_sections_paper_and_orientation(spec: Path, rendered_docx) -> None:
    k = load(spec).keputusan
    sections = _sections(rendered_docx[spec.stem]["salinan"])
    assert len(sections) == 1 + len(k.lampiran)
    assert sections[0] == (*F4, None)
    for lamp, section in zip(k.lampiran, sections[1:]):
        if isinstance(lamp, PlanLampiran):
            assert section == (F4[1], F4[0], "landscape")
        else:
            assert section == (*F4, None)


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_plan_tables_repeat_headers_and_merge_cells(spec: Path, rendered_docx) -> None:
    loaded = load(spec)
    document = compose(resolve(loaded), "salinan")
    tables = [b for s in document.sections for b in s.blocks if type(b).__name__ == "Table"]
    root = _xml(rendered_docx[spec.stem]["salinan"])
    word_tables = root.findall(f"{W}body/{W}tbl")
    assert len(word_tables) == len(tables) >= 1
    for table, tbl in zip(tables, word_tables):
        rows = tbl.findall(f"{W}tr")
        assert len(rows) == len(table.header) + len(table.body)
        repeating = [r for r in rows if r.find(f"{W}trPr/{W}tblHeader") is not None]
        assert repeating == rows[:len(table.header)], "exactly the header rows (titles, numbers) repeat"
        # A row breaks across pages only when it might be taller than a page (test_docx_pages).
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None or len("".join(r.itertext())) > 800
                   for r in rows), "rows do not break across pages"
        cells = [c for row in (*table.header, *table.body) for c in row.cells]
        restarts = [tc for tc in tbl.iter(f"{W}tc") if tc.find(f"{W}tcPr/{W}vMerge") is not None
                    and tc.find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"]
        continues = [tc for tc in tbl.iter(f"{W}tc") if tc.find(f"{W}tcPr/{W}vMerge") is not None
                     and tc.find(f"{W}tcPr/{W}vMerge").get(f"{W}val") is None]
        assert len(restarts) == sum(1 for c in cells if c.rowspan > 1 and not c.covered)
        assert len(continues) == sum(1 for c in cells if c.covered)
        grid_cols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        for row in rows:
            spans = [int(tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val"))
                     if tc.find(f"{W}tcPr/{W}gridSpan") is not None else 1 for tc in row.findall(f"{W}tc")]
            assert sum(spans) == grid_cols
        area_rows = [r for r in table.body if r.kind == "area"]
        assert area_rows and all(r.cells[1].colspan == table.columns - 1 for r in area_rows)


def test_month_grid_header_spans_twelve_months(rendered_docx) -> None:
    root = _xml(rendered_docx["kota-magelang-2022"]["salinan"])
    tbl = root.find(f"{W}body/{W}tbl")
    first = tbl.find(f"{W}tr")
    spanning = [tc for tc in first.findall(f"{W}tc") if tc.find(f"{W}tcPr/{W}gridSpan") is not None]
    assert len(spanning) == 1
    assert spanning[0].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "12"
    assert "PELAKSANAAN (BULAN)" in "".join(spanning[0].itertext())


def test_page_numbers_in_the_footer(rendered_docx) -> None:
    path = rendered_docx["kab-semarang-2025"]["salinan"]
    with zipfile.ZipFile(path) as z:
        footers = [n for n in z.namelist() if n.startswith("word/footer")]
        assert footers
        assert any("PAGE" in z.read(n).decode() for n in footers)


def test_a4_when_selected(tmp_path: Path) -> None:
    spec = ROOT / "examples" / "kota-magelang-2022.yaml"
    result = run_cli("render", str(spec), "--format", "docx", "--paper", "a4", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    sections = _sections(next(tmp_path.glob("*/*.salinan.docx")))
    assert sections == [(*A4, None), (A4[1], A4[0], "landscape")]


def test_an_office_template_is_honoured(tmp_path: Path) -> None:
    # An office's template: another font and margins, and a letterhead with the office's name.
    own = WordDocument(io.BytesIO(build_template(HouseStyle(font="Times New Roman", size=11, left_cm=2.0,
                                                             right_cm=1.5, top_cm=3.5))))
    own.sections[0].header.paragraphs[0].text = "{{ office_upper }} \u2014 NOMOR {{ nomor }}"
    template = tmp_path / "kantor.docx"
    own.save(str(template))
    spec_text = (ROOT / "examples" / "kota-magelang-2022.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text + "\ntemplate: kantor.docx\n", encoding="utf-8")
    result = run_cli("render", str(spec), "--format", "docx", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    path = next((tmp_path / "out").glob("*/*.salinan.docx"))
    word = WordDocument(str(path))
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Normal"].font.size.pt == 11
    for section in word.sections:
        assert round(section.left_margin.cm, 2) == 2.0 and round(section.top_margin.cm, 2) == 3.5
    assert word.sections[0].header.paragraphs[0].text == \
        "KOMISI PEMILIHAN UMUM KOTA MAGELANG \u2014 NOMOR 9 TAHUN 2022"


def test_user_text_is_never_template_code(tmp_path: Path) -> None:
    data = plan_spec(8)
    hostile = "{{ 7*7 }} {% if true %}x{% endif %} A & B <w:p> \u221a \u201cq\u201d"
    data["office"]["name"] = "Contoh {{ 7*7 }}"
    data["menimbang"] = [hostile]
    data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["text"] = hostile
    yaml = YAML()
    spec = tmp_path / "spec.yaml"
    with spec.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    own = WordDocument(io.BytesIO(build_template()))
    own.sections[0].header.paragraphs[0].text = "{{ office }}"
    own.save(str(tmp_path / "t.docx"))
    result = run_cli("render", str(spec), "--format", "docx,txt", "--template", str(tmp_path / "t.docx"),
                     "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    docx = next((tmp_path / "out").glob("*/*.salinan.docx"))
    text = docx_text(docx.read_bytes())
    assert hostile in text and "49" not in text
    assert text == next((tmp_path / "out").glob("*/*.salinan.txt")).read_text(encoding="utf-8")
    assert WordDocument(str(docx)).sections[0].header.paragraphs[0].text == \
        "Komisi Pemilihan Umum Kabupaten Contoh {{ 7*7 }}"


@pytest.mark.heavy
def test_a_2000_row_plan_renders(tmp_path: Path) -> None:
    from zi_decree import load_data

    resolved = resolve(load_data(plan_spec(2000, grid=True, link=True)))
    data = render_docx(compose(resolved, "salinan"))
    tbl = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(f"{W}body/{W}tbl")
    # header (2 rows + numbers) + 6 area rows + 2000 evidence rows
    assert len(tbl.findall(f"{W}tr")) == 3 + 6 + 2000


def test_template_command_writes_an_editable_copy(tmp_path: Path) -> None:
    target = tmp_path / "kantor.docx"
    result = run_cli("template", "-o", str(target))
    assert result.returncode == 0, result.stderr
    word = WordDocument(str(target))
    assert "ZI Konsiderans" in [s.name for s in word.styles]
    again = run_cli("template", "-o", str(target))
    assert again.returncode == 2 and "exists" in again.stderr


def test_bundled_template_is_the_built_one() -> None:
    shipped = (ROOT / "templates" / "keputusan.docx").read_bytes()
    assert shipped == build_template(), "regenerate: python -c 'from zi_decree.rendering.house_template import " \
                                        "build_template; open(\"templates/keputusan.docx\",\"wb\")" \
                                        ".write(build_template())'"
