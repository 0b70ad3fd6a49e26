"""The plan table as offices make it (issue 13, item 5): headings as data, the column-number row under a month
grid, lettered or numbered evidence items (typed letters removed, with a warning where they were typed), and
links in the link column, seen through the command line in the DOCX, the PDF and the plain text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document as WordDocument
from lxml import etree
from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT, opened_pdf, run_cli
from docx_text import W

DECREE = ROOT / "tests" / "decrees" / "kab-kendal-2026-grid.yaml"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _ok(result) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def kendal(tmp_path_factory) -> dict[str, Path]:
    """The test decree rendered through the command line: {"docx": ..., "pdf": ..., "txt": ...} (salinan)."""
    out = tmp_path_factory.mktemp("kendal")
    _ok(run_cli("render", str(DECREE), "-o", str(out), "--format", "docx,pdf,txt"))
    return {suffix: next(out.rglob(f"*.salinan.{suffix}")) for suffix in ("docx", "pdf", "txt")}


def _spec_variant(tmp_path: Path, change, name: str = "spec.yaml") -> Path:
    """The test decree with its data changed by `change(data)`, written beside nothing else."""
    yaml = YAML()
    data = yaml.load(DECREE)
    change(data)
    path = tmp_path / name
    yaml.dump(data, path)
    return path


def _rendered_text(spec: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    _ok(run_cli("render", str(spec), "-o", str(out), "--format", "txt"))
    return next(out.rglob("*.salinan.txt")).read_text(encoding="utf-8")


def _cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.findall(f"{W}p"))


def _span(tc) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    return int(span.get(f"{W}val")) if span is not None else 1


# ----------------------------------------------------------------------------------------------- DOCX


def test_docx_headings_and_grid_numbered_as_one_column(kendal) -> None:
    document = WordDocument(str(kendal["docx"]))
    table = document.tables[0]
    tbl = table._tbl
    rows = tbl.findall(f"{W}tr")
    first = [(_cell_text(tc), _span(tc)) for tc in rows[0].findall(f"{W}tc")]
    assert first == [("NO", 1), ("KOMPONEN", 1), ("INDIKATOR", 1), ("LANGKAH AKSI", 1), ("BUKTI FISIK", 1),
                     ("TAUTAN", 1), ("PELAKSANAAN BULAN", 12), ("PENANGGUNG JAWAB", 1)]
    months = [_cell_text(tc) for tc in rows[1].findall(f"{W}tc")]
    assert months[6:18] == [str(m) for m in range(1, 13)]
    numbers = [(_cell_text(tc), _span(tc)) for tc in rows[2].findall(f"{W}tc")]
    assert numbers == [("1", 1), ("2", 1), ("3", 1), ("4", 1), ("5", 1), ("6", 1), ("7", 12), ("8", 1)]
    # The three rows repeat on every page.
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows[:4]] == [True, True, True, False]


def test_docx_letters_the_evidence_items_of_each_action_step(kendal) -> None:
    table = WordDocument(str(kendal["docx"])).tables[0]
    # Body rows (an area's row has two cells: its numeral and its name).
    evidence = [_cell_text(tr.findall(f"{W}tc")[4]) for tr in table._tbl.findall(f"{W}tr")[3:]
                if len(tr.findall(f"{W}tc")) > 2]
    assert evidence[:3] == ["a. Undangan, daftar hadir, dan notulen rapat pembentukan tim",
                             "b. Keputusan KPU Kabupaten Kendal tentang Tim Kerja Pembangunan Zona Integritas",
                             "c. Foto kegiatan rapat pembentukan tim"]
    # A step with one evidence item is not lettered.
    assert "Rekapitulasi daftar hadir pimpinan dan pegawai" in evidence
    assert not any(re.match(r"[a-z]\. [a-z]\. ", text) for text in evidence)


def test_docx_links_are_hyperlinks_with_relationships(kendal) -> None:
    with zipfile.ZipFile(kendal["docx"]) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    targets = {rel.get("Id"): (rel.get("Target"), rel.get("TargetMode")) for rel in rels
               if rel.get("Type") == HYPERLINK}
    links = list(body.iter(f"{W}hyperlink"))
    # (the shown address as a reader sees it: without the zero-width spaces that let a long address break)
    shown = {"".join(t.text for t in link.iter(f"{W}t")).replace("\u200b", ""): targets[link.get(f"{R}id")]
             for link in links}
    assert shown["https://bit.ly/RapatTimZIKendal2026"] == ("https://bit.ly/RapatTimZIKendal2026", "External")
    # An address written without its scheme opens over https.
    assert shown["https://kab-kendal.kpu.go.id"] == ("https://kab-kendal.kpu.go.id", "External")
    assert shown["https://instagram.com/kpu_kendal"] == ("https://instagram.com/kpu_kendal", "External")
    assert len(links) == 13 and len(targets) == 12, "one relationship for each address, however often it is linked"
    assert all(attr in (f"{R}id", f"{W}history") for link in links for attr in link.attrib)


# ----------------------------------------------------------------------------------------------- PDF


def test_pdf_headings_numbers_letters_and_links(kendal) -> None:
    with opened_pdf(kendal["pdf"]) as pdf:
        pages = pdf.pages
        table_page = next(p for p in pages if "PELAKSANAAN BULAN" in (p.extract_text() or ""))
        text = table_page.extract_text()
        assert "TAUTAN" in text and "PELAKSANAAN (BULAN)" not in text
        lines = text.splitlines()
        assert "1 2 3 4 5 6 7 8" in lines, "the grid is one column of the column-number row"
        assert "a. Undangan, daftar" in text and "b. Keputusan KPU" in text and "c. Foto kegiatan rapat" in text
        links = [(link["uri"], link) for page in pages for link in page.hyperlinks]
    uris = {uri for uri, _ in links}
    assert {"https://bit.ly/RapatTimZIKendal2026", "https://kab-kendal.kpu.go.id",
            "https://instagram.com/kpu_kendal"} <= uris
    # The link lies over the address shown (its first line, in a narrow cell), set on the line of its row.
    with opened_pdf(kendal["pdf"]) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            shown = [w for w in words if w["text"].startswith("https://bit.ly/RapatTim")]
            if shown:
                evidence = next(w for w in words if w["text"] == "Undangan," and abs(w["top"] - shown[0]["top"]) < 5)
                assert abs(evidence["top"] - shown[0]["top"]) < 0.5
        for page in pdf.pages:
            for link in page.hyperlinks:
                if link["uri"] == "https://bit.ly/RapatTimZIKendal2026":
                    words = page.crop((link["x0"], link["top"], link["x1"], link["bottom"])).extract_text()
                    assert words and words.replace("\n", "") in "https://bit.ly/RapatTimZIKendal2026"
                    return
    raise AssertionError("no link annotation for the first address")


def test_text_shows_the_same_table_plainly(kendal) -> None:
    text = kendal["txt"].read_text(encoding="utf-8")
    assert "NO\tKOMPONEN\tINDIKATOR\tLANGKAH AKSI\tBUKTI FISIK\tTAUTAN\tPELAKSANAAN BULAN\t" in text
    assert "\n1\t2\t3\t4\t5\t6\t7" + "\t" * 12 + "8\n" in text
    assert "a. Undangan, daftar hadir, dan notulen rapat pembentukan tim\thttps://bit.ly/RapatTimZIKendal2026\t" in text
    # The signature closes the lampiran, after its table.
    lampiran = text.split("\f\n")[1]
    assert lampiran.index("Tangkapan layar layanan daring") < lampiran.index("Ditetapkan di Kendal") \
        < lampiran.index("HEVY INDAH OKTARIA")


# ----------------------------------------------------------------------------------------------- options


def test_month_grid_is_numbered_month_by_month_by_default(tmp_path: Path) -> None:
    # As the published Kota Magelang decree numbers it: 1 ... 18.
    text = _rendered_text(EXAMPLES / "kota-magelang-2022.yaml", tmp_path)
    assert "\n" + "\t".join(str(n) for n in range(1, 19)) + "\n" in text
    assert "\tPELAKSANAAN (BULAN)\t" in text


def test_evidence_items_numbered(tmp_path: Path) -> None:
    def numbers(data) -> None:
        data["lampiran"][0]["columns"]["evidence_labels"] = "numbers"
        data["lampiran"][0]["columns"]["column_numbers"] = "per_month"
        del data["lampiran"][0]["columns"]["headings"]

    text = _rendered_text(_spec_variant(tmp_path, numbers), tmp_path)
    assert "\t1. Undangan, daftar hadir, dan notulen rapat pembentukan tim\t" in text
    assert "\t2. Keputusan KPU Kabupaten Kendal tentang Tim Kerja" in text
    assert "\t3. Foto kegiatan rapat pembentukan tim\t" in text
    assert "\tLINK BUKTI FISIK\tPELAKSANAAN (BULAN)\t" in text
    assert "\n" + "\t".join(str(n) for n in range(1, 20)) + "\n" in text


def test_any_heading_renamed_and_broken(tmp_path: Path) -> None:
    def rename(data) -> None:
        data["lampiran"][0]["columns"]["headings"] = {"no": "NO.", "evidence": "OUTPUT/BUKTI FISIK",
                                                      "responsible": "PENANGGUNG\nJAWAB"}

    text = _rendered_text(_spec_variant(tmp_path, rename), tmp_path)
    assert text.count("NO.\tKOMPONEN\tINDIKATOR\tLANGKAH AKSI\tOUTPUT/BUKTI FISIK\tLINK BUKTI FISIK\t"
                      "PELAKSANAAN (BULAN)") == 1
    assert "\tPENANGGUNG\nJAWAB\n" in text


def test_a_renamed_heading_is_proofread_where_it_is(tmp_path: Path) -> None:
    def misspelt(data) -> None:
        data["lampiran"][0]["columns"]["headings"]["grid"] = "PELAKSANAN BULAN"

    spec = _spec_variant(tmp_path, misspelt)
    line = next(n for n, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "PELAKSANAN" in text)
    result = run_cli("check", str(spec))
    assert result.returncode == 1
    assert re.search(rf"spec\.yaml:{line}:\d+: lampiran\[0\]\.columns\.headings\.grid: spelling: 'PELAKSANAN'",
                     result.stdout), result.stdout


@pytest.mark.parametrize("headings, message", [
    ({"grid": ""}, "lampiran[0].columns.headings.grid: is empty"),
    ({"grid": "x" * 201}, "lampiran[0].columns.headings.grid: is 201 characters long; at most 200"),
    ({"month": "BULAN"}, "lampiran[0].columns.headings"),
])
def test_a_wrong_heading_is_refused_where_it_is(tmp_path: Path, headings: dict, message: str) -> None:
    def change(data) -> None:
        data["lampiran"][0]["columns"]["headings"] = headings

    result = run_cli("check", str(_spec_variant(tmp_path, change)))
    assert result.returncode == 2, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert re.search(r"spec\.yaml:\d+:\d+: " + re.escape(message), out), out
    if "month" in headings:
        assert "'month'" in out


def test_wrong_option_values_are_refused(tmp_path: Path) -> None:
    def change(data) -> None:
        data["lampiran"][0]["columns"]["evidence_labels"] = "roman"
        data["lampiran"][0]["columns"]["column_numbers"] = "one"

    result = run_cli("check", str(_spec_variant(tmp_path, change)))
    out = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in out
    assert re.search(r"columns\.evidence_labels: .*'none', 'letters' or 'numbers'", out), out
    assert re.search(r"columns\.column_numbers: .*'per_month' or 'grid_as_one'", out), out


# ----------------------------------------------------------------------------------------------- typed letters


def test_letters_typed_in_yaml_are_removed_with_a_warning_at_their_line(tmp_path: Path) -> None:
    def typed(data) -> None:
        del data["lampiran"][0]["columns"]["evidence_labels"]
        items = data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["steps"][0]["evidence"]
        items[0]["text"] = "a. " + items[0]["text"]
        items[1]["text"] = "b) " + items[1]["text"]
        items[2]["text"] = "c. " + items[2]["text"]

    spec = _spec_variant(tmp_path, typed)
    line = next(n for n, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "a. Undangan" in text)
    result = run_cli("check", str(spec))
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(rf"spec\.yaml:{line}:\d+: lampiran\[0\]\.areas\[0\]\.components\[0\]\.indicators\[0\]\.steps\[0\]"
                     r"\.evidence\[0\]\.text: 'a\.', 'b\)', 'c\.' typed before the evidence items of this action "
                     r"step, removed: the letters are computed \(columns\.evidence_labels: letters\)",
                     result.stdout), result.stdout
    text = _rendered_text(spec, tmp_path)
    assert "\ta. Undangan, daftar hadir, dan notulen rapat pembentukan tim\t" in text
    assert "\tb. Keputusan KPU Kabupaten Kendal" in text and "b) " not in text


def test_typed_letters_that_do_not_count_from_a_are_text(tmp_path: Path) -> None:
    def typed(data) -> None:
        items = data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["steps"][0]["evidence"]
        items[0]["text"] = "b. Undangan"
        items[1]["text"] = "a. Keputusan"

    result = run_cli("check", str(_spec_variant(tmp_path, typed)))
    assert result.returncode == 0, result.stdout


def _staff_workbook(path: Path) -> None:
    """A plan sheet as staff type it, letters before the evidence items of the first step (cells E2-E4)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Rencana Aksi"
    ws.append(["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU"])
    ws.append(["Manajemen Perubahan", "Penyusunan Tim Kerja", "Tim kerja dibentuk", "Membentuk tim",
               "a. Undangan rapat", "Januari 2026"])
    ws.append([None, None, None, None, "b) Keputusan tentang tim", "Januari 2026"])
    ws.append([None, None, None, None, "c. Foto kegiatan", "Februari 2026"])
    ws.append([None, None, None, "Menyosialisasikan tim", "Laporan sosialisasi", "Maret 2026"])
    book.save(path)


def test_workbook_import_removes_typed_letters_and_says_at_which_cell(tmp_path: Path) -> None:
    workbook, plan = tmp_path / "rencana.xlsx", tmp_path / "rencana.yaml"
    _staff_workbook(workbook)
    result = run_cli("plan", "import", str(workbook), "-o", str(plan), "--year", "2026")
    _ok(result)
    assert "warning[typed-label]: " + str(workbook) + ", sheet 'Rencana Aksi', row 2, column E: " in result.stderr
    assert "'a.', 'b)', 'c.' typed before the evidence items of this action step, removed: the letters are " \
           "computed (columns.evidence_labels: letters)" in result.stderr
    data = YAML(typ="safe").load(plan)
    assert data["columns"]["evidence_labels"] == "letters"
    steps = data["areas"][0]["components"][0]["indicators"][0]["steps"]
    assert [e["text"] for e in steps[0]["evidence"]] == ["Undangan rapat", "Keputusan tentang tim", "Foto kegiatan"]
    assert steps[1]["evidence"][0]["text"] == "Laporan sosialisasi"


def test_table_options_survive_the_workbook(tmp_path: Path) -> None:
    workbook, plan = tmp_path / "plan.xlsx", tmp_path / "plan.yaml"
    _ok(run_cli("plan", "export", str(DECREE), "-o", str(workbook)))
    settings = {row[0]: row[1] for row in openpyxl.load_workbook(workbook)["Pengaturan"].iter_rows(values_only=True)}
    assert settings["Penanda bukti fisik"] == "Huruf"
    assert settings["Nomor kolom kisi bulanan"] == "Satu kolom"
    assert settings["Judul kolom PELAKSANAAN (BULAN)"] == "PELAKSANAAN BULAN"
    assert settings["Judul kolom LINK BUKTI FISIK"] == "TAUTAN"
    _ok(run_cli("plan", "import", str(workbook), "-o", str(plan)))
    columns = YAML(typ="safe").load(plan)["columns"]
    assert columns == {"schedule": "month_grid", "link": True, "evidence_labels": "letters",
                       "column_numbers": "grid_as_one", "headings": {"link": "TAUTAN", "grid": "PELAKSANAAN BULAN"}}


def test_a_wrong_setting_is_named_by_its_cell(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    _ok(run_cli("plan", "export", str(DECREE), "-o", str(workbook)))
    book = openpyxl.load_workbook(workbook)
    sheet = book["Pengaturan"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Penanda bukti fisik")
    sheet.cell(row, 2).value = "Romawi"
    book.save(workbook)
    result = run_cli("plan", "import", str(workbook), "-o", str(tmp_path / "plan.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"sheet 'Pengaturan', row {row}, column B: evidence_labels: Penanda bukti fisik: expected 'Huruf', " \
           "'Angka' or 'Tidak'; got 'Romawi'" in result.stderr
    # A heading too long for the lampiran is refused at its cell as well.
    sheet.cell(row, 2).value = "Huruf"
    heading = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Judul kolom BUKTI FISIK")
    sheet.cell(heading, 2).value = "B" * 300
    book.save(workbook)
    result = run_cli("plan", "import", str(workbook), "-o", str(tmp_path / "plan.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"sheet 'Pengaturan', row {heading}, column B: lampiran[0].columns.headings.evidence: is 300 " \
           "characters long; at most 200" in result.stderr, result.stderr
