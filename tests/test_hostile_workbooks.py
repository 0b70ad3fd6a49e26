"""Hostile and damaged workbooks (issue 12): plans (`plan import`, `render`) and offices tables (`batch`) are
refused, before openpyxl expands anything, with one message per problem naming the sheet, row and column; a plan
that `plan import` would refuse is not exported either."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, run_cli
from zi_decree.loading import guards, workbook as reader

HEADER = ["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU"]
ROW = ["Manajemen Perubahan", "Tim Kerja", "SK Tim Kerja ditetapkan", "Menyusun SK", "SK Tim Kerja", "Januari 2025"]
OFFICES = ["office", "number", "date", "chair", "attestation_name"]
PLAN = EXAMPLES / "jawa-tengah-2025.plan.yaml"
SHEET1 = "xl/worksheets/sheet1.xml"


# ----------------------------------------------------------------------------------------------- building


def _book(path: Path, rows: list[list[object]], title: str = "Rencana Aksi", *, extra: str | None = None) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if extra is not None:
        book.create_sheet(extra).append(["catatan"])
    book.save(path)
    return path


def _plan(path: Path, rows: int = 3, **kw: object) -> Path:
    return _book(path, [HEADER, *([ROW] * rows)], **kw)  # type: ignore[arg-type]


def _offices(path: Path) -> Path:
    return _book(path, [OFFICES, ["Kabupaten Semarang", 6, "2025-01-05", "Bambang Setyono", "Wiwit Mulyanto"],
                        ["Kota Salatiga", 7, "2025-01-05", "Ani Lestari", "Budi Santoso"]], "Kantor")


def _edit(path: Path, part: str, change: Callable[[bytes], bytes | None]) -> Path:
    """The workbook with one part changed (None: left out), written back in place."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                changed = change(data)
                if changed is None:
                    continue
                data = changed
            target.writestr(info.filename, data)
    path.write_bytes(out.getvalue())
    return path


def _merge(ref: str) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/>'
                                                    "</mergeCells>".encode(), 1)


def _dimension(ref: str) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml, count=1)


def _cell(ref: str, xml: str) -> Callable[[bytes], bytes]:
    """The cell `ref` replaced by the given XML."""
    def change(data: bytes) -> bytes:
        new, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(), xml.encode(), data, count=1)
        assert count == 1, data
        return new
    return change


@pytest.fixture
def no_openpyxl_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's full read must not be reached: the guards refuse from the XML, before anything is expanded."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl.load_workbook was reached")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _import(path: Path, tmp_path: Path) -> str:
    result = run_cli("plan", "import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()
    return result.stderr


def _batch(path: Path, tmp_path: Path) -> str:
    result = run_cli("batch", str(path), "--plan", str(PLAN), "--year", "2025", "-o", str(tmp_path / "out"),
                     "--format", "txt")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()
    return result.stderr


# ----------------------------------------------------------------------------------------------- plans


def test_a_deleted_required_column_is_named_not_a_crash(tmp_path: Path) -> None:
    path = _book(tmp_path / "plan.xlsx", [[h for h in HEADER if h != "INDIKATOR"],
                                          [v for v, h in zip(ROW, HEADER) if h != "INDIKATOR"]])
    errors = [line for line in _import(path, tmp_path).splitlines() if line.startswith("error[")]
    assert errors == [f"error[workbook-layout]: {path}, sheet 'Rencana Aksi', row 1, column A: no INDIKATOR column in the header row "
                      "(a plan's columns are AREA PERUBAHAN, KOMPONEN, INDIKATOR, LANGKAH AKSI, BUKTI FISIK and TARGET "
                      "WAKTU)"]


@pytest.mark.parametrize("ref, where", [("C4:C1048576", "row 4, column C"), ("A1:XFD1048576", "row 1, column A")])
def test_whole_column_and_whole_sheet_merges_are_refused_before_openpyxl(ref: str, where: str, tmp_path: Path,
                                                                          no_openpyxl_load: None) -> None:
    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, _merge(ref))
    assert f"{path}, sheet 'Rencana Aksi', {where}: cells {ref} are merged, reaching row 1048576" in \
        _import(path, tmp_path)
    assert "a plan has at most 5000 rows and 60 columns, so it is not read" in _import(path, tmp_path)


def test_a_whole_column_merge_in_another_sheet_is_refused(tmp_path: Path, no_openpyxl_load: None) -> None:
    path = _edit(_plan(tmp_path / "plan.xlsx", extra="Catatan"), "xl/worksheets/sheet2.xml", _merge("B2:B1048576"))
    assert f"{path}, sheet 'Catatan', row 2, column B: the workbook has more than {guards.MAX_CELLS} cells" in \
        _import(path, tmp_path)


def test_a_hyperlink_over_the_whole_sheet_is_refused(tmp_path: Path, no_openpyxl_load: None) -> None:
    def link(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" '
                                            b'display="x" location="A1"/></hyperlinks>', 1)

    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, link)
    assert f"{path}, sheet 'Rencana Aksi', row 1, column A: cells A1:XFD1048576 are one hyperlink" in \
        _import(path, tmp_path)


def test_a_declared_used_range_past_the_limit_is_refused(tmp_path: Path, no_openpyxl_load: None) -> None:
    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, _dimension("A1:XFD1048576"))
    assert f"{path}, sheet 'Rencana Aksi', row 1048576, column A: the sheet's used range, as the file records it, is " \
           "A1:XFD1048576 (1048576 rows); a plan has at most 5000 rows and 60 columns" in _import(path, tmp_path)


@pytest.mark.parametrize("ref", ["A1:AMJ4", "1:4", "A:F"])
def test_used_ranges_as_libreoffice_records_them_are_read(ref: str, tmp_path: Path) -> None:
    """LibreOffice records 1,024 columns (AMJ) for a narrow sheet, or whole rows: only the cells are counted."""
    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, _dimension(ref))
    result = run_cli("plan", "import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 0, result.stderr


def test_a_large_sheet_is_refused_fast_from_its_declared_size(tmp_path: Path, no_openpyxl_load: None) -> None:
    """The realistic case: 100,000 real rows. The part after the declared size is garbage: the refusal comes from
    the <dimension> at its head, before the rows are read."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Bukti %d</t></is></c></row>' % (n, n, n)
                    for n in range(2, 100_002))

    def big(xml: bytes) -> bytes:
        xml = _dimension("A1:F100001")(xml)
        return xml.replace(b"</sheetData>", rows + b"</sheetData><<not xml", 1)

    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, big)
    start = time.perf_counter()
    message = _import(path, tmp_path)
    assert time.perf_counter() - start < 20  # the openpyxl reading took 30 s to minutes and gigabytes
    assert f"{path}, sheet 'Rencana Aksi', row 100001, column A: the sheet's used range, as the file records it, is " \
           "A1:F100001 (100001 rows); a plan has at most 5000 rows" in message


def test_the_row_limit_holds_without_a_declared_size(tmp_path: Path, no_openpyxl_load: None) -> None:
    def undeclared(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return xml.replace(b"</sheetData>", b'<row r="5001"><c r="B5001" t="inlineStr"><is><t>x</t></is></c></row>'
                                            b"</sheetData>", 1)

    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, undeclared)
    assert f"{path}, sheet 'Rencana Aksi', row 5001, column A: the sheet has a row 5001; a plan has at most 5000 " \
           "rows" in _import(path, tmp_path)


@pytest.mark.parametrize("cell, message", [
    # openpyxl's "could not convert string to float: 'Jan.'", which named no cell
    ('<c r="F3"><v>Jan.</v></c>', "column F: the cell is marked as a number but holds 'Jan.'"),
    ('<c r="F3"><v>Januari</v></c>', "column F: the cell is marked as a number but holds 'Januari'"),
    ('<c r="F3" t="s"><v>99</v></c>', "column F: the cell is damaged: it points at shared text '99'"),
    ('<c r="F3" t="b"><v>ya</v></c>', "column F: the cell is marked as TRUE/FALSE but holds 'ya'"),
    ('<c r="F3" t="d"><v>kemarin</v></c>', "column F: the cell is marked as a date but holds 'kemarin'"),
    ('<c r="F3" s="99" t="inlineStr"><is><t>Januari 2025</t></is></c>',
     "column F: the format numbered '99' here is not in the workbook's list of formats"),
])
def test_a_damaged_value_is_named_by_its_cell(cell: str, message: str, tmp_path: Path) -> None:
    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, _cell("F3", cell))
    errors = [line for line in _import(path, tmp_path).splitlines() if line.startswith("error[")]
    assert len(errors) == 1 and f"{path}, sheet 'Rencana Aksi', row 3, {message}" in errors[0]


def test_a_missing_sheet_part_is_named(tmp_path: Path) -> None:
    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, lambda xml: None)
    assert f"{path}, sheet 'Rencana Aksi': is damaged: the workbook lists this sheet but its content " \
           "(xl/worksheets/sheet1.xml) is missing" in _import(path, tmp_path)


@pytest.mark.parametrize("limit, message", [
    ("MAX_CELLS", "the workbook has more than 20 cells (counting rows, and the cells of merged ranges) up to here"),
    ("MAX_ELEMENTS", "the workbook has more than 20 XML elements up to here"),
    ("MAX_PART_BYTES", "KiB uncompressed; a plan workbook is far smaller (at most 1 KiB per part)"),
    ("MAX_TOTAL_BYTES", "KiB uncompressed; a plan workbook is far smaller (at most 1 KiB)"),
])
def test_size_guards_refuse_a_plan_workbook(limit: str, message: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, no_openpyxl_load: None) -> None:
    # The limits lowered to fit a small workbook: a 60 MiB sheet or 500,000 cells, built in a few bytes.
    path = _plan(tmp_path / "plan.xlsx", rows=10)
    monkeypatch.setattr(guards, limit, 20 if limit in ("MAX_CELLS", "MAX_ELEMENTS") else 1024)
    assert message in _import(path, tmp_path)


def test_too_many_shared_texts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           no_openpyxl_load: None) -> None:
    path = _plan(tmp_path / "plan.xlsx")
    strings = "".join(f"<si><t>{n}</t></si>" for n in range(30))
    path = _edit(path, "[Content_Types].xml", lambda xml: xml.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                                 f'main">{strings}</sst>')
    monkeypatch.setattr(guards, "MAX_CELLS", 25)
    assert f"{path}: holds more than 25 shared texts; a plan workbook has far fewer" in _import(path, tmp_path)


def test_a_spec_whose_plan_workbook_is_hostile_renders_nothing(tmp_path: Path, no_openpyxl_load: None) -> None:
    _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, _merge("C4:C1048576"))
    text = (EXAMPLES / "kab-semarang-2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(text.replace("plan: kab-semarang-2025.plan.yaml", "plan: plan.xlsx"),
                                        encoding="utf-8")
    result = run_cli("render", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    assert f"{tmp_path / 'plan.xlsx'}, sheet 'Rencana Aksi', row 4, column C: cells C4:C1048576 are merged" in \
        result.stderr


# ----------------------------------------------------------------------------------------------- offices tables


def test_an_offices_table_whose_sheet_part_is_missing_is_named(tmp_path: Path) -> None:
    path = _edit(_offices(tmp_path / "offices.xlsx"), SHEET1, lambda xml: None)
    assert f"{path}, sheet 'Kantor': is damaged: the workbook lists this sheet but its content " \
           "(xl/worksheets/sheet1.xml) is missing" in _batch(path, tmp_path)


def test_an_offices_formula_caching_text_as_a_number_is_named(tmp_path: Path) -> None:
    path = _edit(_offices(tmp_path / "offices.xlsx"), SHEET1, _cell("D3", '<c r="D3"><f>"Ani"</f><v>Ani</v></c>'))
    assert f"{path}, sheet 'Kantor', row 3, column D: the cell is marked as a number but holds 'Ani'" in \
        _batch(path, tmp_path)


def test_an_offices_table_that_inflates_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _edit(_offices(tmp_path / "offices.xlsx"), SHEET1,
                 lambda xml: xml.replace(b"</worksheet>", b" " * (3 * 2**20) + b"</worksheet>"))
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(guards, "MAX_PART_BYTES", 2**20)  # a 544 MiB part, in 3 MiB
    assert f"{path}: holds a part (xl/worksheets/sheet1.xml) of 3 MiB uncompressed; an offices table is far " \
           "smaller" in _batch(path, tmp_path)


def test_an_offices_table_of_100000_declared_rows_is_refused(tmp_path: Path, no_openpyxl_load: None) -> None:
    path = _edit(_offices(tmp_path / "offices.xlsx"), SHEET1, _dimension("A1:E100001"))
    assert f"{path}, sheet 'Kantor', row 100001, column A: the sheet's used range, as the file records it, is " \
           "A1:E100001 (100001 rows); an offices table has at most 10000 rows of offices" in _batch(path, tmp_path)


def test_an_offices_table_recording_libreoffices_1024_columns_is_read(tmp_path: Path) -> None:
    path = _edit(_offices(tmp_path / "offices.xlsx"), SHEET1, _dimension("A1:AMJ3"))
    result = run_cli("batch", str(path), "--plan", str(PLAN), "--year", "2025", "-o", str(tmp_path / "out"),
                     "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert "2 offices: 2 packages written" in result.stdout


# ----------------------------------------------------------------------------------------------- export and import


def _lower_limit(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    monkeypatch.setattr(reader, "LIMITS", guards.Limits(rows, reader.MAX_COLUMNS, f"a plan has at most {rows} rows "
                                                        "and 60 columns", "delete the cells", "a plan workbook"))


def test_export_refuses_what_import_would_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One limit: with the sheet limited to R rows, a plan exports exactly when its workbook imports. The
    Kota Surakarta plan has 87 rows under a 3-row title and header: 90 rows."""
    source = EXAMPLES / "kota-surakarta-2025.yaml"
    _lower_limit(monkeypatch, 90)
    assert run_cli("plan", "export", str(source), "-o", str(tmp_path / "fits.xlsx")).returncode == 0
    assert run_cli("plan", "import", str(tmp_path / "fits.xlsx"), "-o", str(tmp_path / "fits.yaml")).returncode == 0

    _lower_limit(monkeypatch, 89)
    result = run_cli("plan", "export", str(source), "-o", str(tmp_path / "long.xlsx"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "long.xlsx").exists()
    plan_file = EXAMPLES / "kota-surakarta-2025.plan.yaml"
    # Located at the plan row that does not fit: its evidence item's line in the plan file.
    assert re.search(rf"error\[[a-z-]+\]: {re.escape(str(plan_file))}:\d+:\d+: .*the plan has 87 rows and a plan workbook holds "
                     r"86 \(with its title and header, the 89 rows `plan import` reads\); this is row 87", result.stderr)
    assert "sheet 'Rencana Aksi', row 90, column A: the sheet's used range, as the file records it, is A1:G90 (90 " \
           "rows); a plan has at most 89 rows" in _import(tmp_path / "fits.xlsx", tmp_path)


def test_import_writes_no_plan_file_too_large_to_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zi_decree.base import yaml as zyaml

    path = _plan(tmp_path / "plan.xlsx", rows=40)
    monkeypatch.setattr(zyaml, "MAX_YAML_BYTES", 3000)  # its texts are 1,033 bytes: known only from the YAML
    assert f"{path}: the plan would make a YAML file of more than " in _import(path, tmp_path)
    monkeypatch.setattr(zyaml, "MAX_YAML_BYTES", 1000)  # known from its texts, before the YAML is made
    assert f"{path}: the plan would make a YAML file of more than 1033 bytes" in _import(path, tmp_path)
