"""Plans in Excel: template, export and import through the command line, staff-built workbooks, hostile files."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.styles import Alignment
from ruamel.yaml import YAML

from conftest import EXAMPLES, example_specs, run_cli, run_command
from strategies import plan_areas
from zi_decree.errors import SpecError
from zi_decree.loading.spec import load, load_plan
from zi_decree.model.keputusan import PlanLampiran

PLANS = [*example_specs(), EXAMPLES / "jawa-tengah-2025.plan.yaml"]


def _plan_of(source: Path) -> PlanLampiran:
    if source.name.endswith(".plan.yaml"):
        return load_plan(source).lampiran
    return next(lamp for lamp in load(source).keputusan.lampiran if isinstance(lamp, PlanLampiran))


def _same_plan(a: PlanLampiran, b: PlanLampiran) -> None:
    assert a.columns == b.columns
    assert [area.model_dump() for area in a.areas] == [area.model_dump() for area in b.areas]


def _ok(result) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


# ----------------------------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_every_example_plan_survives_export_and_import(source: Path, tmp_path: Path) -> None:
    workbook, imported = tmp_path / "plan.xlsx", tmp_path / "plan.yaml"
    _ok(run_cli("plan", "export", str(source), "-o", str(workbook)))
    _ok(run_cli("plan", "import", str(workbook), "-o", str(imported)))
    original = _plan_of(source)
    _same_plan(load_plan(imported).lampiran, original)
    # The workbook itself is a plan a spec can name; read directly it is the same plan.
    _same_plan(load_plan(workbook).lampiran, original)


def test_reading_a_workbook_does_not_copy_merged_borders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl copies a merged range's borders onto every cell it covers as it opens a workbook, a style lookup per
    # cell (half the time of reading a plan's workbook); reading a plan looks at no border, and reads the same.
    from openpyxl.worksheet.merge import MergedCellRange

    source = EXAMPLES / "kota-magelang-2022.yaml"
    workbook = tmp_path / "plan.xlsx"
    _ok(run_cli("plan", "export", str(source), "-o", str(workbook)))
    assert openpyxl.load_workbook(workbook)["Rencana Aksi"].merged_cells.ranges
    monkeypatch.setattr(MergedCellRange, "format", lambda self: pytest.fail("borders copied"))
    _same_plan(load_plan(workbook).lampiran, _plan_of(source))


@pytest.mark.parametrize("schedule", [":5 hari kerja", "?5 hari kerja", ": x", "? x", "?-"])
def test_a_schedule_beginning_with_a_yaml_indicator_survives_export_and_import(schedule: str, tmp_path: Path) -> None:
    """`plan import` wrote `{label: :5 hari kerja}` unquoted: libyaml (zi-decree's fast reader) refused to read
    it back, and ruamel too for `?`."""
    import yaml

    plan = tmp_path / "plan.yaml"
    plan.write_text("areas:\n  - name: Manajemen Perubahan\n    components:\n      - name: Tim Kerja\n"
                    "        indicators:\n          - text: SK Tim\n            steps:\n              - text: Menyusun SK\n"
                    f"                evidence:\n                  - text: SK\n                    schedule: {schedule!r}\n",
                    encoding="utf-8")
    _ok(run_cli("plan", "export", str(plan), "-o", str(tmp_path / "plan.xlsx"), "--year", "2025"))
    _ok(run_cli("plan", "import", str(tmp_path / "plan.xlsx"), "-o", str(tmp_path / "back.yaml"), "--year", "2025"))
    text = (tmp_path / "back.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.CSafeLoader)["areas"][0]["components"][0]["indicators"][0]["steps"][0][
        "evidence"][0]["schedule"]["label"] == schedule
    _same_plan(load_plan(tmp_path / "back.yaml").lampiran, load_plan(plan).lampiran)


def test_a_plan_without_schedules_needs_a_year_said_at_the_plan(tmp_path: Path) -> None:
    """Said at the file alone, without a line (issue 12, item 16)."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("# rencana\nareas:\n  - name: Manajemen Perubahan\n    components:\n      - name: Tim Kerja\n"
                    "        indicators:\n          - text: SK Tim\n            steps:\n              - text: Menyusun SK\n"
                    "                evidence:\n                  - text: SK\n", encoding="utf-8")
    result = run_cli("plan", "export", str(plan), "-o", str(tmp_path / "plan.xlsx"))
    assert result.returncode == 2
    assert f"error[invalid-option]: {plan}:2:1: the plan has no schedule to take its year from; give --year\n" in result.stderr
    assert not (tmp_path / "plan.xlsx").exists()
    _ok(run_cli("plan", "export", str(plan), "-o", str(tmp_path / "plan.xlsx"), "--year", "2025"))


def test_a_spec_naming_the_workbook_is_the_same_decree(tmp_path: Path) -> None:
    spec = EXAMPLES / "kab-batang-2022.yaml"
    workbook = tmp_path / "plan.xlsx"
    _ok(run_cli("plan", "export", str(spec), "-o", str(workbook)))
    yaml = YAML()
    data = yaml.load(spec)
    lamp = next(lamp for lamp in data["lampiran"] if lamp["kind"] == "plan")
    del lamp["areas"]
    lamp["plan"] = "plan.xlsx"
    yaml.dump(data, tmp_path / "spec.yaml")
    assert load(tmp_path / "spec.yaml").input_hash == load(spec).input_hash
    out = tmp_path / "out"
    result = run_cli("render", str(tmp_path / "spec.yaml"), "-o", str(out), "--format", "txt")
    _ok(result)
    rendered = next(out.rglob("*.salinan.txt")).read_text(encoding="utf-8")
    assert "migrasi alamat lama ke alamat baru mulai Mei 2022" in rendered
    assert "Minggu ke-1 April 2022" in rendered


def test_export_is_byte_for_byte_repeatable_and_never_overwrites(tmp_path: Path) -> None:
    spec = EXAMPLES / "kota-magelang-2022.yaml"
    _ok(run_cli("plan", "export", str(spec), "-o", str(tmp_path / "a.xlsx")))
    _ok(run_command("plan", "export", str(spec), "-o", str(tmp_path / "b.xlsx")))  # and in another process
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    again = run_cli("plan", "export", str(spec), "-o", str(tmp_path / "a.xlsx"))
    assert again.returncode == 2 and "exists" in again.stderr
    _ok(run_cli("plan", "export", str(spec), "-o", str(tmp_path / "a.xlsx"), "--force"))


def test_month_grid_plan_is_exported_as_a_grid(tmp_path: Path) -> None:
    _ok(run_cli("plan", "export", str(EXAMPLES / "kota-magelang-2022.yaml"), "-o", str(tmp_path / "m.xlsx")))
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["Rencana Aksi"]
    header = [c.value for c in sheet[3]]
    assert "PELAKSANAAN (BULAN)" in header and "TARGET WAKTU" not in header
    months = [c.value for c in sheet[4] if c.value]
    assert months == ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    # Tim Kerja: April 2022 only
    first = [c.value for c in sheet[5]]
    assert first[:2] == ["Manajemen Perubahan", "Tim Kerja"]
    assert [i - first.index("\u221a") for i, v in enumerate(first) if v == "\u221a"] == [0]
    assert header.index("PELAKSANAAN (BULAN)") + 3 == first.index("\u221a")
    assert ("A5:A9" in {str(r) for r in sheet.merged_cells.ranges})  # the area merged down, as staff do


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(
        "areas:\n  - name: Manajemen Perubahan\n    components:\n      - name: Tim Kerja\n        indicators:\n"
        "          - text: '=HYPERLINK(\"http://x\",\"klik\")'\n            steps:\n              - text: '@SUM(A1)'\n"
        "                evidence:\n                  - text: 'Laporan <b>&amp;</b> \"kutip\"'\n"
        "                    schedule: Januari 2026\n", encoding="utf-8")
    _ok(run_cli("plan", "export", str(plan), "-o", str(tmp_path / "p.xlsx")))
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    cell = book["Rencana Aksi"]["C4"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    _same_plan(load_plan(tmp_path / "p.xlsx").lampiran, load_plan(plan).lampiran)


# ----------------------------------------------------------------------------------------------- template


def test_template_has_the_lampiran_columns_lists_and_instructions(tmp_path: Path) -> None:
    _ok(run_cli("plan", "template", "-o", str(tmp_path / "t.xlsx"), "--year", "2026"))
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames[:3] == ["Petunjuk", "Rencana Aksi", "Pengaturan"]
    sheet = book["Rencana Aksi"]
    assert [c.value for c in sheet[3]] == ["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK",
                                           "TARGET WAKTU", "PENANGGUNG JAWAB"]
    # The guideline in force in 2026 (PermenPANRB 90/2021): its 6 areas and 25 components, one row each.
    assert sum(1 for row in sheet.iter_rows(min_row=4, max_col=2, values_only=True) if row[1]) == 25
    lists = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert lists["Daftar!$A$1:$A$6"].startswith("A4:")
    assert lists["Daftar!$C$1:$C$12"].startswith("F4:")
    assert book["Daftar"]["C1"].value == "Januari 2026" and book["Daftar"].sheet_state == "hidden"
    instructions = "\n".join(str(c.value) for c in book["Petunjuk"]["A"] if c.value)
    assert "PETUNJUK PENGISIAN" in instructions and "TARGET WAKTU" in instructions and "Triwulan I 2026" in instructions
    settings = {row[0]: row[1] for row in book["Pengaturan"].iter_rows(values_only=True)}
    assert settings["Tahun"] == 2026 and settings["Jadwal"] == "Target waktu"


def test_template_examples_are_of_its_year(tmp_path: Path) -> None:
    _ok(run_cli("plan", "template", "-o", str(tmp_path / "t.xlsx"), "--year", "2027"))
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    instructions = "\n".join(str(c.value) for c in book["Petunjuk"]["A"] if c.value)
    assert "'Triwulan I 2027'" in instructions and "2026" not in instructions
    prompts = [dv.prompt for dv in book["Rencana Aksi"].data_validations.dataValidation]
    assert any("'Triwulan I 2027'" in p for p in prompts) and not any("2026" in p for p in prompts)


def test_grid_template_has_twelve_month_columns_with_a_tick_list(tmp_path: Path) -> None:
    _ok(run_cli("plan", "template", "-o", str(tmp_path / "g.xlsx"), "--year", "2026", "--grid", "--link"))
    sheet = openpyxl.load_workbook(tmp_path / "g.xlsx")["Rencana Aksi"]
    assert sheet["G3"].value == "PELAKSANAAN (BULAN)" and sheet["F3"].value == "LINK BUKTI FISIK"
    assert sheet.cell(4, 7).value == "Jan"
    assert any(dv.formula1 == '"\u221a"' for dv in sheet.data_validations.dataValidation)


def test_unfilled_template_names_every_empty_required_cell(tmp_path: Path) -> None:
    _ok(run_cli("plan", "template", "-o", str(tmp_path / "t.xlsx"), "--year", "2026"))
    result = run_cli("plan", "import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "t.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error[")]
    assert len(errors) == 25
    assert errors[0].endswith("t.xlsx, sheet 'Rencana Aksi', row 4, column C: INDIKATOR: empty where a new component "
                              "begins; write the indicator's text, or merge the cell with the one above")
    assert not (tmp_path / "t.yaml").exists()


def test_filled_template_imports(tmp_path: Path) -> None:
    _ok(run_cli("plan", "template", "-o", str(tmp_path / "t.xlsx"), "--year", "2026"))
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = book["Rencana Aksi"]
    for r in range(4, 29):
        sheet.cell(r, 3, f"Indikator {r}")
        sheet.cell(r, 4, "Langkah")
        sheet.cell(r, 5, "Bukti")
        sheet.cell(r, 6, "Januari 2026")
    book.save(tmp_path / "t.xlsx")
    _ok(run_cli("plan", "import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "t.yaml")))
    plan = load_plan(tmp_path / "t.yaml").lampiran
    assert [len(a.components) for a in plan.areas] == [4, 3, 6, 2, 5, 5]
    assert plan.areas[0].responsible == "Tim Manajemen Perubahan"


# ----------------------------------------------------------------------------------------------- staff workbooks


def _staff_workbook(path: Path, *, blank_indicator: bool = False) -> Path:
    """A plan as staff build it: a title, NO column, merged area/component/responsible, date cells, a serial
    number, stray spaces and line breaks, typed numbering."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "RA ZI 2022"
    ws["A1"] = "RENCANA AKSI ZONA INTEGRITAS KPU KOTA CONTOH TAHUN 2022"
    ws.append([])
    ws.append(["NO", "AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI / KEGIATAN", "BUKTI FISIK / OUTPUT",
               "TARGET WAKTU", "PENANGGUNG  JAWAB", "KETERANGAN"])
    ws.append([1, 2, 3, 4, 5, 6, 7, 8, 9])
    rows = [
        [1, "I. Manajemen  Perubahan ", "1. Tim Kerja", "Menerbitkan SK Tim Kerja", "Menyusun SK",
         " SK Tim Kerja\n", dt.datetime(2022, 4, 5), "Tim Manajemen\nPerubahan", "sudah"],
        [None, None, None, None, "Mengevaluasi tim", "Laporan evaluasi", 44652, None, None],
        [None, None, "2. Dokumen Rencana Aksi", "Dokumen rencana aksi telah disusun", "Menyusun dokumen",
         "Dokumen:\n1) Rencana aksi\n2) Notulen", "Juni dan Desember 2022", None, None],
        [2, "Penataan Tata Laksana", "Prosedur Operasional Tetap (SOP) Kegiatan Utama",
         None if blank_indicator else "SOP telah ditetapkan", "Menyusun SOP", "SK SOP", "Januari - Maret 2022",
         "Tim Tata Laksana", None],
        [None, None, None, None, None, "Daftar SOP", "April 2022", None, None],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("B5:B7")  # area merged down
    ws.merge_cells("C5:C6")  # component merged down
    ws.merge_cells("D5:D6")
    ws.merge_cells("H5:H7")  # responsible merged over the area
    ws.merge_cells("H8:H9")
    ws.merge_cells("C8:C9")
    ws["G5"].number_format = "mmmm yyyy"
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    book.save(path)
    return path


def test_staff_workbook_imports_correctly(tmp_path: Path) -> None:
    workbook = _staff_workbook(tmp_path / "staff.xlsx")
    result = run_cli("plan", "import", str(workbook), "-o", str(tmp_path / "plan.yaml"))
    _ok(result)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning[")]
    assert warnings == [
        f"warning[column-ignored]: {workbook}, sheet 'RA ZI 2022', row 3, column I: column 'KETERANGAN' is not a plan column; it is "
        "not read",
        f"warning[schedule-serial-date]: {workbook}, sheet 'RA ZI 2022', row 6, column G: TARGET WAKTU: 44652 is a spreadsheet date serial "
        "number; read as April 2022 (format the cell as a date, or type the month)",
    ]
    plan = load_plan(tmp_path / "plan.yaml").lampiran
    assert [a.name for a in plan.areas] == ["Manajemen Perubahan", "Penataan Tata Laksana"]
    area = plan.areas[0]
    assert area.responsible == "Tim Manajemen\nPerubahan"
    assert [c.name for c in area.components] == ["Tim Kerja", "Dokumen Rencana Aksi"]
    steps = area.components[0].indicators[0].steps
    assert [s.text for s in steps] == [["Menyusun SK"], ["Mengevaluasi tim"]]
    assert steps[0].evidence[0].text == ["SK Tim Kerja"]  # stray spaces and the trailing line break gone
    assert steps[0].evidence[0].schedule.months == ["2022-04"]  # a date cell is its month
    assert steps[1].evidence[0].schedule.months == ["2022-04"]  # the serial number, with a warning
    evidence = area.components[1].indicators[0].steps[0].evidence[0]
    assert evidence.text.intro == "Dokumen:" and evidence.text.items == ["Rencana aksi", "Notulen"]
    assert evidence.schedule.months == ["2022-06", "2022-12"]
    sop = plan.areas[1].components[0]
    assert sop.indicators[0].steps[0].text == ["Menyusun SOP"]
    assert [e.text for e in sop.indicators[0].steps[0].evidence] == [["SK SOP"], ["Daftar SOP"]]
    assert plan.areas[1].responsible == "Tim Tata Laksana"
    assert plan.columns.schedule == "target_time" and not plan.columns.link


def test_staff_workbook_blank_required_cell_is_named_by_sheet_row_column(tmp_path: Path) -> None:
    workbook = _staff_workbook(tmp_path / "staff.xlsx", blank_indicator=True)
    result = run_cli("plan", "import", str(workbook), "-o", str(tmp_path / "plan.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error[")]
    assert errors == [f"error[empty-cell]: {workbook}, sheet 'RA ZI 2022', row 8, column D: INDIKATOR: empty where a new component "
                      "begins; write the indicator's text, or merge the cell with the one above"]
    assert not (tmp_path / "plan.yaml").exists()


def test_month_grid_marks(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "PELAKSANAAN (BULAN)", *[None] * 11])
    ws.append([None] * 4 + list(range(1, 13)))
    ws.merge_cells("E1:P1")
    ws.insert_cols(1)
    ws["A1"] = "AREA PERUBAHAN"
    marks = ["\u221a", "v", "V", "x", 1, "\u2713", " \u221a ", None, None, None, None, None]
    ws.append(["Manajemen Perubahan", "Tim Kerja", "SK", "Menyusun", "SK Tim", *marks])
    ws.append([None, None, None, None, "Laporan", *([None] * 11 + ["Mei"])])
    settings = book.create_sheet("Pengaturan")
    settings.append(["Tahun", 2023])
    book.save(tmp_path / "grid.xlsx")
    with pytest.raises(SpecError) as err:
        load_plan(tmp_path / "grid.xlsx")
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'grid.xlsx'}, sheet 'Sheet', row 4, column Q: bulan 12: expected a mark for month 12 (\u221a, v, x "
        "or 1) or nothing; got 'mei'"]
    ws["Q4"] = "\u221a"
    book.save(tmp_path / "grid.xlsx")
    plan = load_plan(tmp_path / "grid.xlsx").lampiran
    assert plan.columns.schedule == "month_grid"
    evidence = plan.areas[0].components[0].indicators[0].steps[0].evidence
    assert evidence[0].schedule.months == [f"2023-{m:02d}" for m in range(1, 8)]
    assert evidence[1].schedule.months == ["2023-12"]


def test_lampiran_layout_with_area_heading_rows(tmp_path: Path) -> None:
    """A table copied from a decree: Roman-numeral area rows, numbers typed, letters before indicators."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU", "PENANGGUNG JAWAB"])
    ws.append([1, 2, 3, 4, 5, 6, 7])
    ws.append(["I", "MANAJEMEN PERUBAHAN"])
    ws.merge_cells("B3:G3")
    ws.append([1, "Tim Kerja", "a. SK tim", "Menyusun", "SK", "Januari 2025", "Tim MP"])
    ws.append([None, None, "b. Evaluasi tim", "Mengevaluasi", "Laporan", "Juni 2025", None])
    ws.append(["II", "PENATAAN TATA LAKSANA"])
    ws.append([1, "SOP", "a. SOP ditetapkan", "Menyusun", "SK SOP", "Triwulan I 2025", "Tim TL"])
    book.save(tmp_path / "copied.xlsx")
    plan = load_plan(tmp_path / "copied.xlsx", 2025).lampiran
    assert [a.name for a in plan.areas] == ["MANAJEMEN PERUBAHAN", "PENATAAN TATA LAKSANA"]
    assert [i.text for i in plan.areas[0].components[0].indicators] == [["SK tim"], ["Evaluasi tim"]]
    assert plan.columns.indicator_labels == "letters"
    assert plan.areas[1].components[0].indicators[0].steps[0].evidence[0].schedule.months == [
        "2025-01", "2025-02", "2025-03"]


def test_workbook_year_that_differs_from_the_decree_warns(tmp_path: Path) -> None:
    _ok(run_cli("plan", "export", str(EXAMPLES / "kota-magelang-2022.yaml"), "-o", str(tmp_path / "m.xlsx")))
    from zi_decree.loading.workbook import read_plan_xlsx

    _, _, warnings = read_plan_xlsx(tmp_path / "m.xlsx", year=2023)
    assert [w.message for w in warnings] == [
        "the workbook's Tahun is 2022 but the decree is for 2023; its schedules are read as written"]


# ----------------------------------------------------------------------------------------------- hostile files


def _refused(path: Path, tmp_path: Path) -> str:
    result = run_cli("plan", "import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()
    return result.stderr


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "plan.xlsx"
    fake.write_text("NO;KOMPONEN\n1;Tim Kerja\n", encoding="utf-8")
    assert "is not an Excel workbook (an .xlsx file is a zip archive)" in _refused(fake, tmp_path)


def test_old_xls_is_refused_with_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "plan.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert "save it as 'Excel Workbook (*.xlsx)'" in _refused(old, tmp_path)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not an Excel workbook (no xl/workbook.xml)" in _refused(path, tmp_path)


def test_huge_sheet_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Rencana Aksi")
    ws.append(["KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU"])
    for n in range(6000):
        ws.append(["Tim Kerja", f"Indikator {n}", "Langkah", "Bukti", "Januari 2025"])
    book.save(tmp_path / "huge.xlsx")
    message = _refused(tmp_path / "huge.xlsx", tmp_path)
    # Refused at the first row past the limit, before the rest of the sheet is read.
    assert "sheet 'Rencana Aksi', row 5001, column A: the sheet has a row 5001; a plan has at most 5000 rows and 60 " \
           "columns, so it is not read (delete the cells far below or right of the plan)" in message


def test_zip_bomb_part_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 2**20))
    assert path.stat().st_size < 2**20
    assert "MiB uncompressed; a plan workbook is far smaller" in _refused(path, tmp_path)


def test_formulas_are_refused_cell_by_cell(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU"])
    ws.append(["Manajemen Perubahan", "Tim Kerja", "=B2&\" ZI\"", "Menyusun", "SK", "=DATE(2025,1,1)"])
    book.save(tmp_path / "f.xlsx")
    message = _refused(tmp_path / "f.xlsx", tmp_path)
    assert "sheet 'Sheet', row 2, column C: INDIKATOR: holds a formula or an error value (=B2&\" ZI\"); type the text " \
           "itself" in message
    assert "row 2, column F: TARGET WAKTU: holds a formula" in message


def test_damaged_workbook_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    _ok(run_cli("plan", "template", "-o", str(good), "--year", "2026"))
    data = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("sheet2.xml") or info.filename.endswith("workbook.xml"):
                content = content[: len(content) // 2]
            target.writestr(info.filename, content)
    (tmp_path / "bad.xlsx").write_bytes(data.getvalue())
    message = _refused(tmp_path / "bad.xlsx", tmp_path)
    assert f"{tmp_path / 'bad.xlsx'}: is damaged: its part xl/workbook.xml is not well-formed XML" in message


# ----------------------------------------------------------------------------------------------- in a spec, in a batch


def test_check_names_the_workbook_cell_of_a_spec_plan(tmp_path: Path) -> None:
    _staff_workbook(tmp_path / "staff.xlsx", blank_indicator=True)
    yaml = YAML()
    data = yaml.load(EXAMPLES / "kab-semarang-2025.yaml")
    data["lampiran"][0]["plan"] = "staff.xlsx"
    data["year"], data["date"] = 2022, dt.date(2022, 4, 28)
    yaml.dump(data, tmp_path / "spec.yaml")
    result = run_cli("check", str(tmp_path / "spec.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'staff.xlsx'}, sheet 'RA ZI 2022', row 8, column D: INDIKATOR: empty where a new component " \
           "begins" in result.stdout
    _staff_workbook(tmp_path / "staff.xlsx")
    result = run_cli("check", str(tmp_path / "spec.yaml"))
    assert result.returncode == 1, result.stdout  # warnings only: the serial number, the extra column, coverage
    assert "row 6, column G: TARGET WAKTU: 44652 is a spreadsheet date serial number" in result.stdout


def test_batch_takes_a_workbook_plan(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    _ok(run_cli("plan", "export", str(EXAMPLES / "jawa-tengah-2025.plan.yaml"), "-o", str(workbook)))
    rows = (EXAMPLES / "jawa-tengah-2025.offices.csv").read_text(encoding="utf-8").splitlines()[:3]
    (tmp_path / "offices.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", str(tmp_path / "offices.csv"), "--plan", str(workbook), "--year", "2025", "-o", str(out),
                     "--format", "docx")
    _ok(result)
    record = json.loads(next(out.glob("*/record.json")).read_text(encoding="utf-8"))
    assert record["input"]["files"][-1] == "plan.xlsx"


# ----------------------------------------------------------------------------------------------- any plan


@st.composite
def _plans(draw):
    year = draw(st.integers(2020, 2030))
    areas = draw(plan_areas(year, link=draw(st.booleans())))

    def tidy(node):
        # Spreadsheet cells hold text with single spaces (stray spaces are removed on import, by design).
        if isinstance(node, str):
            return " ".join(node.split())
        if isinstance(node, list):
            return [tidy(v) for v in node]
        if isinstance(node, dict):
            return {k: tidy(v) for k, v in node.items()}
        return node

    counter = iter(range(1, 10_000))

    def distinct(node, key):
        # Two neighbouring groups with the same text read back as one (the staff convention of repeating a
        # value down a column); a plan never means that, so the generated texts differ.
        value = node.get(key)
        if isinstance(value, str):
            node[key] = f"{value} [{next(counter)}]"
        elif isinstance(value, list):
            node[key] = [f"{value[0]} [{next(counter)}]", *value[1:]]

    areas = tidy(areas)
    for area in areas:
        distinct(area, "name")
        for comp in area["components"]:
            distinct(comp, "name")
            for ind in comp["indicators"]:
                distinct(ind, "text")
                for step in ind["steps"]:
                    distinct(step, "text")
    grid = draw(st.booleans())
    lamp = PlanLampiran.model_validate({"kind": "plan", "title": "Rencana Aksi", "areas": areas,
                                        "columns": {"schedule": "month_grid" if grid else "target_time",
                                                    "link": draw(st.booleans()),
                                                    "responsible": draw(st.booleans()),
                                                    "list_style": draw(st.sampled_from(["1)", "1."]))}})
    return lamp, year


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_and_year=_plans())
def test_any_plan_survives_the_workbook(plan_and_year, tmp_path_factory) -> None:
    from zi_decree.tasks.workbook import plan_workbook

    lamp, year = plan_and_year
    path = tmp_path_factory.mktemp("any") / "plan.xlsx"
    path.write_bytes(plan_workbook(lamp, year))
    _same_plan(load_plan(path, year).lampiran, lamp)


# ----------------------------------------------------------------------------------------------- long values in messages


def test_messages_quote_a_short_excerpt_of_long_cells(tmp_path: Path) -> None:
    """Messages quoted whole cells (a 2,000-character mark made a 2,000-character message; issue 12, item 15)."""
    long = "x" * 2000
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "PENANGGUNG JAWAB",
               "PELAKSANAAN (BULAN)", *[None] * 11, "CATATAN " + long])
    ws.append([None] * 6 + list(range(1, 13)))
    ws.merge_cells("G1:R1")
    ws.append(["Manajemen Perubahan", "Tim " + long, "SK", "Menyusun", "SK Tim", "A" + long, long])
    ws.append([None, None, None, None, "Laporan", "B" + long, "=" + "A1&" * 1000 + "A1"])
    ws.append([None, None, None, None, "Notulen", "C" + long, "\u221a"])
    settings = book.create_sheet("Pengaturan")
    for label in ("Tahun", "Jadwal", "Huruf indikator" + "." * 2000, "Penomoran daftar"):
        settings.append([label, long])
    book.save(tmp_path / "long.xlsx")
    with pytest.raises(SpecError) as err:
        load_plan(tmp_path / "long.xlsx")
    said = [str(p) for p in err.value.problems]
    assert len(said) == 8, "\n".join(said)
    for message in said:
        assert len(message) < 600 and "x" * 100 not in message and "A1&" * 30 not in message, message
    assert any(m.endswith("Huruf indikator: expected 'Ya' or 'Tidak'; got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                          "xxxxxxxxxxxxxxxxx...' (2000 characters)") for m in said), said
    assert any("PENANGGUNG JAWAB differs within component 'Tim xxx" in m for m in said), said
