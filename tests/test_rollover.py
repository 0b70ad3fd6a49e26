"""`zi-decree rollover`: next year's spec renders, years and schedules move, comments survive, a report lists it all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, example_specs, run_cli, run_command

# Each example rolled one year forward: (new year, new number, new date, what check must warn about).
ROLLS = {
    "kab-semarang-2025": (2026, "3", "2026-01-12", []),
    "kota-surakarta-2025": (2026, "2", "2026-02-02", []),
    "kota-magelang-2022": (2023, "5", "2023-03-01", []),
    # UU 7/2023 is known only to be enacted between 31 March and 4 May 2023.
    "kab-batang-2022": (2023, "4", "2023-04-03", ["Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2022 "
                                                  "may already be enacted as Undang-Undang Nomor 7 Tahun 2023 on "
                                                  "2023-04-03"]),
}
# What each roll leaves out of the Mengingat, and why (the Grand Design 2010-2025 ended with 2025).
GRAND_DESIGN_ENDED = ("perpres-81-2010: left out of the Mengingat on {date}: its period (2010-2025) ended on "
                      "2025-12-31; the catalogue knows no successor")
LEFT_OUT = {"kab-semarang-2025": [GRAND_DESIGN_ENDED], "kota-surakarta-2025": [GRAND_DESIGN_ENDED],
            "kota-magelang-2022": [], "kab-batang-2022": []}


def _copy_examples(tmp_path: Path) -> Path:
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> dict[str, dict]:
    """Every example rolled forward once through the command line, then rendered and checked."""
    tmp = tmp_path_factory.mktemp("rollover")
    folder = _copy_examples(tmp)
    out: dict[str, dict] = {}
    for spec in example_specs():
        year, number, date, _ = ROLLS[spec.stem]
        result = run_cli("rollover", str(folder / spec.name), "--year", str(year), "--number", number,
                         "--date", date)
        assert result.returncode == 0, result.stderr
        new_spec = folder / spec.name.replace(spec.stem[-4:], str(year))
        report = new_spec.with_name(new_spec.stem + ".rollover.md")
        written = result.stdout.split()
        assert written[0] == str(new_spec) and written[-1] == str(report)
        rendered = run_cli("render", str(new_spec), "--format", "txt", "-o", str(tmp / "out"))
        assert rendered.returncode == 0, rendered.stderr
        text = next(Path(p) for p in rendered.stdout.split() if p.endswith(".txt")).read_text(encoding="utf-8")
        checked = run_cli("check", str(new_spec))
        out[spec.stem] = {"spec": new_spec, "report": report.read_text(encoding="utf-8"), "text": text,
                          "check": checked, "files": [Path(p) for p in written], "old": spec}
    return out


@pytest.mark.parametrize("stem", sorted(ROLLS))
def test_rolled_spec_renders_as_next_years_decree(rolled, stem: str) -> None:
    r = rolled[stem]
    year, number, _date, _ = ROLLS[stem]
    old = year - 1
    text = r["text"]
    assert f"NOMOR {number} TAHUN {year}" in text
    assert f"TAHUN {old}" not in text.split("LAMPIRAN")[0].split("Mengingat")[0]  # the title moved
    assert f"Tahun {year}" in text
    # Every schedule of the plan moved: no plan-year month is left in the table (a dated letter stays).
    table = re.sub(r"tanggal \d+ \w+ \d{4}", "", text.split("LAMPIRAN", 1)[1])
    for month in ("Januari", "April", "Desember"):
        assert f"{month} {old}" not in table
    # Rendering the rolled spec gives no warnings about stale years.
    assert f"names the year {old}" not in r["check"].stdout


@pytest.mark.parametrize("stem", sorted(ROLLS))
def test_report_lists_every_change_and_what_to_confirm(rolled, stem: str) -> None:
    r = rolled[stem]
    year, number, date, _ = ROLLS[stem]
    report = r["report"]
    assert report.startswith(f"# Rollover of {stem}.yaml from {year - 1} to {year}")
    assert ": number`: «" in report and f"» → «{number}»" in report
    assert "date`: «" in report and f"» → «{date}»" in report
    assert "subject`: «" in report and f"Tahun {year}»" in report
    assert "## To confirm" in report and "signatory.name`: the signatory; still in office" in report
    assert "attestation.name`" in report
    # Each change line names the new file and a line in it.
    changes = [line for line in report.splitlines() if line.startswith("- `") and " → " in line]
    assert len(changes) >= 10
    new_names = {p.name for p in r["files"] if p.suffix == ".yaml"}
    for line in changes:
        assert line[3:].split(":")[0] in {str(p) for p in r["files"]} | new_names, line


@pytest.mark.parametrize("stem", sorted(ROLLS))
def test_comments_survive_and_only_changed_lines_differ(rolled, stem: str) -> None:
    r = rolled[stem]
    dropped = [text.split(":")[0] for text in LEFT_OUT[stem]]  # lapsed legal bases are taken out
    old_lines = [line for line in r["old"].read_text(encoding="utf-8").splitlines()
                 if line.strip() not in {f"- {ref}" for ref in dropped}]
    new_lines = r["spec"].read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    assert [line for line in old_lines if line.lstrip().startswith("#")] == \
           [line for line in new_lines if line.lstrip().startswith("#")]
    changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines), 1) if a != b]
    for n in changed:
        # A change inside a folded block is reported at the block's first line, a few lines up.
        assert any(f":{m}:" in r["report"] for m in range(n - 6, n + 1)), f"line {n} changed without a report entry"


@pytest.mark.parametrize("stem", sorted(ROLLS))
def test_rollover_then_check_gives_the_expected_lapse_warnings(rolled, stem: str) -> None:
    expected = ROLLS[stem][3]
    checked = rolled[stem]["check"]
    assert checked.returncode in (0, 1) and "error" not in checked.stdout, checked.stdout
    for warning in expected:
        assert warning in checked.stdout
        assert warning in rolled[stem]["report"]  # the report carries the check


@pytest.mark.parametrize("stem", sorted(ROLLS))
def test_rollover_leaves_out_the_lapsed_bases_and_says_why(rolled, stem: str) -> None:
    date = ROLLS[stem][2]
    r = rolled[stem]
    mengingat = r["spec"].read_text(encoding="utf-8").split("\nmengingat:", 1)[1].split("\n\n", 1)[0]
    for left in LEFT_OUT[stem]:
        text = left.format(date=date)
        ref = text.split(":")[0]
        assert f"- {ref}" not in mengingat and f"- {ref}" in r["old"].read_text(encoding="utf-8")
        assert f"- {text}" in r["report"]  # under "Legal bases on ..."
        confirm = [line for line in r["report"].splitlines() if line.endswith(f"«{ref}»")]
        assert len(confirm) == 1 and f"`: {text.split(': ', 1)[1]}" in confirm[0]  # to confirm, at its line
        assert ref not in r["check"].stdout  # the new spec no longer cites it


def test_rolling_batang_three_years_warns_that_the_road_maps_ended(tmp_path: Path) -> None:
    folder = _copy_examples(tmp_path)
    result = run_command("rollover", str(folder / "kab-batang-2022.yaml"), "--year", "2025", "--number", "2",
                         "--date", "2025-02-03")
    assert result.returncode == 0, result.stderr
    # The road maps (2020-2024) ended and PermenPANRB 26/2020 was replaced: left out, each said with its successor.
    for ref, why in (("permenpanrb-25-2020", "its period (2020-2024) ended on 2024-12-31; the catalogue knows no "
                                             "successor"),
                     ("kepkpu-612-2020", "its period (2020-2024) ended on 2024-12-31; the catalogue knows no "
                                         "successor"),
                     ("permenpanrb-26-2020", "revoked by Peraturan Menteri Pendayagunaan Aparatur Negara dan "
                                             "Reformasi Birokrasi Nomor 9 Tahun 2023 (permenpanrb-9-2023), which "
                                             "replaces it; add permenpanrb-9-2023 to mengingat")):
        assert re.search(rf"^warning\[[a-z-]+\]: {re.escape(str(folder / 'kab-batang-2025.yaml'))}:\d+:1: mengingat: {ref}: "
                         rf"left out of the Mengingat on 2025-02-03: {re.escape(why)}", result.stderr, re.M), ref
        assert f"  - {ref}\n" not in (folder / "kab-batang-2025.yaml").read_text(encoding="utf-8")
    checked = run_cli("check", str(folder / "kab-batang-2025.yaml"))
    assert checked.returncode == 0, checked.stdout  # the plan's warnings are accepted by the entries carried over
    assert "ended on 2024-12-31" not in checked.stdout and "revoked" not in checked.stdout
    assert "Tahun 2025" in (folder / "kab-batang-2025.yaml").read_text(encoding="utf-8")


def test_magelang_grid_months_and_in_force_month_move(rolled) -> None:
    r = rolled["kota-magelang-2022"]
    new = r["spec"].read_text(encoding="utf-8")
    assert "schedule: {months: [2023-06, 2023-08, 2023-11, 2023-12]}" in new
    assert "until: 2023-12" in new
    assert "sampai dengan bulan Desember tahun 2023" in r["text"]
    # The letter of 1 Maret 2022 is a dated document: kept as it is and listed to confirm.
    assert "Nomor 120/PW.01/33/2022 tanggal 1 Maret 2022" in new
    assert "a dated letter or event; kept" in r["report"] and "«1 Maret 2022»" in r["report"]
    # The office's own Tim ZI decree of 2022 is not renumbered; it is listed to confirm.
    assert "kpu-kota-magelang-kep-8-2022" in new and "the office's own instrument of 2022" in r["report"]
    # New amendments in force at the new date are reported.
    assert "pkpu-8-2019: the citation now reads" in r["report"]


def test_relative_years_move_and_history_stays(tmp_path: Path) -> None:
    folder = _copy_examples(tmp_path)
    plan = folder / "kab-semarang-2025.plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("Undangan rapat, daftar hadir, lembar monev ZI, bukti pelaksanaan dan tindak lanjut\n",
                        "LAKIP 2024 dan Renstra 2020-2024; evaluasi Pemilu 2019; Perbup Nomor 5 Tahun 2025; "
                        "rencana 2026\n", 1)
    plan.write_text(text, encoding="utf-8")
    result = run_cli("rollover", str(folder / "kab-semarang-2025.yaml"), "--year", "2026", "--number", "1",
                     "--date", "2026-01-05", "-o", str(tmp_path / "next" / "semarang.yaml"))
    assert result.returncode == 0, result.stderr
    new_plan = tmp_path / "next" / "kab-semarang-2026.plan.yaml"
    rolled = new_plan.read_text(encoding="utf-8")
    assert "LAKIP 2025 dan Renstra 2020-2024; evaluasi Pemilu 2019; Perbup Nomor 5 Tahun 2025; rencana 2027" in rolled
    assert "SK Tim Kerja ZI tahun 2026/Kelompok Kerja" in rolled
    assert "schedule: Per bulan (Juni-Desember)" in rolled  # no year written: read in the new year
    report = (tmp_path / "next" / "semarang.rollover.md").read_text(encoding="utf-8")
    assert "names a document by its number; kept: «Nomor 5 Tahun 2025»" in report
    assert (tmp_path / "next" / "semarang.yaml").read_text(encoding="utf-8").count("plan: kab-semarang-2026.plan.yaml") == 1
    # Perpres 81/2010 lapsed and was left out: the new spec checks clean (the carried-over entries accept the rest).
    checked = run_cli("check", str(tmp_path / "next" / "semarang.yaml"))
    assert checked.returncode == 0 and "perpres-81-2010" not in checked.stdout, checked.stdout


def test_excel_serial_schedule_becomes_the_month_moved(tmp_path: Path) -> None:
    folder = _copy_examples(tmp_path)
    plan = folder / "kab-semarang-2025.plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("schedule: Agustus 2025", "schedule: 45870", 1),
                    encoding="utf-8")  # 45870 is 1 August 2025
    result = run_cli("rollover", str(folder / "kab-semarang-2025.yaml"), "--year", "2026", "--number", "1",
                     "--date", "2026-01-05")
    assert result.returncode == 0, result.stderr
    assert "schedule: Agustus 2026" in (folder / "kab-semarang-2026.plan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--year", "2025", "--number", "1", "--date", "2025-06-01"], "is not after the spec's year 2025"),
    (["--year", "2026", "--number", "1", "--date", "2027-01-05"], "is not in 2026"),
    (["--year", "2026", "--number", "1", "--date", "5 Jan"], "--date"),
])
def test_rollover_refuses_bad_options_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    folder = _copy_examples(tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    result = run_cli("rollover", str(folder / "kab-semarang-2025.yaml"), *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == before


def test_rollover_never_overwrites_and_refuses_a_broken_spec(tmp_path: Path) -> None:
    folder = _copy_examples(tmp_path)
    (folder / "kab-semarang-2026.plan.yaml").write_text("mine", encoding="utf-8")
    result = run_cli("rollover", str(folder / "kab-semarang-2025.yaml"), "--year", "2026", "--number", "1",
                     "--date", "2026-01-05")
    assert result.returncode == 2 and "kab-semarang-2026.plan.yaml" in result.stderr and "exists" in result.stderr
    assert not (folder / "kab-semarang-2026.yaml").exists()
    assert (folder / "kab-semarang-2026.plan.yaml").read_text(encoding="utf-8") == "mine"
    spec = folder / "kab-semarang-2025.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("date: 2025-01-05", "date: 2025-01-32"), encoding="utf-8")
    result = run_cli("rollover", str(spec), "--year", "2027", "--number", "1", "--date", "2027-01-05")
    assert result.returncode == 2 and f"{spec}:15:1: date" in result.stderr
    assert not (folder / "kab-semarang-2027.yaml").exists()


def _small_spec(folder: Path, plan_rows: str, *, crlf: bool = False, indent: int = 2) -> Path:
    """A 2025 spec whose plan (inline) holds the given evidence texts, for the year-moving rules."""
    text = (EXAMPLES / "kab-semarang-2025.yaml").read_text(encoding="utf-8")
    text = text.replace("    plan: kab-semarang-2025.plan.yaml\n", "    areas:\n" + plan_rows)
    if indent != 2:
        text = "\n".join(" " * (indent // 2 * (len(line) - len(line.lstrip(" ")))) + line.lstrip(" ")
                         for line in text.splitlines()) + "\n"
    spec = folder / "kab-x-2025.yaml"
    spec.write_bytes(text.replace("\n", "\r\n").encode() if crlf else text.encode())
    return spec


PLAN_ROWS = """\
      - name: Manajemen Perubahan
        components:
          - name: Tim Kerja
            indicators:
              - text: Menerbitkan SK Tim Kerja
                steps:
                  - text: &langkah Menyusun SK Tim Kerja tahun 2025
                    evidence:
                      - &bukti {text: "SE Sekjen No. 5 Tahun 2024; PKPU 8 Tahun 2024; Pilkada Serentak 2024", schedule: "Januari 2025"}
                      - *bukti
                      - text: "Revisi DIPA TA.2025; Laporan Semester I/2025; RKAKL-2025; Renstra 2020 s.d. 2024"
                        schedule: 2025-03-15
                  - text: *langkah
                    evidence: [{text: "Surat 11/HK.03.1/3322/2025", schedule: Desember 2025}]
"""


def test_what_moves_and_what_stays(tmp_path: Path) -> None:
    spec = _small_spec(tmp_path, PLAN_ROWS)
    result = run_cli("rollover", str(spec), "--year", "2026", "--number", "1", "--date", "2026-01-05")
    assert result.returncode == 0, result.stderr
    new = (tmp_path / "kab-x-2026.yaml").read_text(encoding="utf-8")
    # Documents, elections and periods stay; the alias is moved once, not once per use.
    assert '{text: "SE Sekjen No. 5 Tahun 2024; PKPU 8 Tahun 2024; Pilkada Serentak 2024", schedule: "Januari 2026"}' \
        in new
    assert "Revisi DIPA TA.2026; Laporan Semester I/2026; RKAKL-2026; Renstra 2020 s.d. 2024" in new
    assert "schedule: 2026-03-15" in new
    assert "Surat 11/HK.03.1/3322/2025" in new and "Desember 2026" in new
    assert "Menyusun SK Tim Kerja tahun 2026" in new and "2027" not in new
    report = (tmp_path / "kab-x-2026.rollover.md").read_text(encoding="utf-8")
    for kept in ("«No. 5 Tahun 2024»", "«8 Tahun 2024»", "«Pilkada Serentak 2024»", "«2020 s.d. 2024»"):
        assert kept in report
    assert run_cli("check", str(tmp_path / "kab-x-2026.yaml")).returncode == 1  # only the lapsed Perpres


FOUR_SPACES = """\
# A spec written with four-space indentation and Windows line endings.
office:
    kind: Kabupaten
    name: Kendal
    province: Jawa Tengah
number: 3
year: 2025
date: 2025-01-10
subject: Rencana Aksi Pembangunan Zona Integritas di Lingkungan Komisi Pemilihan Umum Kabupaten Kendal Tahun 2025
menimbang:
    -   dalam rangka pembangunan zona integritas, perlu menyusun rencana aksi tahun 2025
mengingat:
    -   uu-28-1999
diktum:
    -   kind: adopt
    -   kind: in_force
signatory:
    name: Hevy Indah      # the Ketua
attestation:
    position: Kepala Sub Bagian Hukum dan Sumber Daya Manusia
    name: Rudi Hartono
lampiran:
    -   kind: plan
        title: RENCANA AKSI TAHUN 2025
        areas:
            -   name: Manajemen Perubahan
                components:
                    -   name: Tim Kerja
                        indicators:
                            -   text: Menerbitkan SK Tim Kerja 2025
                                steps:
                                    -   text: Menyusun SK
                                        evidence:
                                            -   text: SK Tim Kerja
                                                schedule: Januari 2025
"""


def test_layout_of_the_file_is_kept(tmp_path: Path) -> None:
    spec = tmp_path / "kab-kendal-2025.yaml"
    spec.write_bytes(FOUR_SPACES.replace("\n", "\r\n").encode())
    result = run_cli("rollover", str(spec), "--year", "2026", "--number", "1", "--date", "2026-01-05")
    assert result.returncode == 0, result.stderr
    new = (tmp_path / "kab-kendal-2026.yaml").read_bytes().decode()
    expected = FOUR_SPACES.replace("2025", "2026").replace("number: 3", "number: 1").replace(
        "date: 2026-01-10", "date: 2026-01-05")
    assert new == expected.replace("\n", "\r\n")  # four spaces, CRLF and the comments, exactly


def test_rollover_into_another_folder_repoints_relative_paths(tmp_path: Path) -> None:
    folder = _copy_examples(tmp_path)
    assert run_cli("template", "-o", str(folder / "kantor.docx")).returncode == 0
    spec = folder / "kab-semarang-2025.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "template: kantor.docx\n", encoding="utf-8")
    (tmp_path / "next" / "kab-semarang-2026.rollover.md").parent.mkdir()
    (tmp_path / "next" / "kab-semarang-2026.rollover.md").write_text("my notes", encoding="utf-8")
    args = ("rollover", str(spec), "--year", "2026", "--number", "1", "--date", "2026-01-05",
            "-o", str(tmp_path / "next" / "kab-semarang-2026.yaml"))
    result = run_cli(*args)
    assert result.returncode == 2 and "rollover.md" in result.stderr and "exists" in result.stderr
    assert (tmp_path / "next" / "kab-semarang-2026.rollover.md").read_text(encoding="utf-8") == "my notes"
    (tmp_path / "next" / "kab-semarang-2026.rollover.md").unlink()
    assert run_cli(*args).returncode == 0
    assert "template: ../examples/kantor.docx" in (tmp_path / "next" / "kab-semarang-2026.yaml").read_text()
    rendered = run_cli("render", str(tmp_path / "next" / "kab-semarang-2026.yaml"), "-o", str(tmp_path / "out"),
                       "--format", "docx")
    assert rendered.returncode == 0, rendered.stderr


# ----------------------------------------------------------------------------------------- workbook plans


def _shifted_months(months: tuple[str, ...] | list[str], by: int = 1) -> list[str]:
    return [f"{int(m[:4]) + by:04d}-{m[5:]}" for m in months]


def _workbook_spec(folder: Path, stem: str, workbook: str) -> Path:
    """`stem`'s spec with its plan exported (`zi-decree plan export`) to `workbook` and named by `plan:`."""
    folder.mkdir(parents=True, exist_ok=True)
    source = EXAMPLES / f"{stem}.yaml"
    exported = run_cli("plan", "export", str(source), "-o", str(folder / workbook))
    assert exported.returncode == 0, exported.stderr
    text = source.read_text(encoding="utf-8")
    if "    plan: " in text:
        text = re.sub(r"    plan: \S+\n", f"    plan: {workbook}\n", text)
    else:  # an inline plan, to the end of the file
        text = text.split("    areas:\n")[0] + f"    plan: {workbook}\n"
    spec = folder / f"{stem}.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def test_rollover_of_a_workbook_plan_writes_next_years_workbook(tmp_path: Path) -> None:
    import openpyxl

    from zi_decree.loading.spec import load_plan

    folder = tmp_path / "wb"
    spec = _workbook_spec(folder, "kab-semarang-2025", "rencana-aksi-2025.xlsx")
    old_book = folder / "rencana-aksi-2025.xlsx"
    # Text that looks like a formula is data, and stays text when its year moves.
    book = openpyxl.load_workbook(old_book)
    assert book["Rencana Aksi"]["E5"].value.startswith("Undangan rapat")
    book["Rencana Aksi"]["E5"].value = "=Rapat tahun 2025"
    book["Rencana Aksi"]["E5"].data_type = "s"
    book.save(old_book)
    old_bytes = old_book.read_bytes()
    args = ("rollover", str(spec), "--year", "2026", "--number", "1", "--date", "2026-01-05")

    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    new_spec, new_book = folder / "kab-semarang-2026.yaml", folder / "rencana-aksi-2026.xlsx"
    report_path = folder / "kab-semarang-2026.rollover.md"
    assert result.stdout.split() == [str(new_spec), str(new_book), str(report_path)]
    assert old_book.read_bytes() == old_bytes  # the old year's workbook is left as it was
    assert "    plan: rencana-aksi-2026.xlsx\n" in new_spec.read_text(encoding="utf-8")

    # Same sheets and settings; the year and the texts moved, user text still text.
    old_wb, new_wb = openpyxl.load_workbook(old_book), openpyxl.load_workbook(new_book)
    assert new_wb.sheetnames == old_wb.sheetnames
    assert [[c.value for c in row] for row in new_wb["Pengaturan"].iter_rows()] == \
           [[2026 if c.value == 2025 else c.value for c in row] for row in old_wb["Pengaturan"].iter_rows()]
    assert new_wb["Rencana Aksi"]["A1"].value == "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN 2026"
    assert new_wb["Rencana Aksi"]["E5"].value == "=Rapat tahun 2026" and new_wb["Rencana Aksi"]["E5"].data_type == "s"
    assert new_wb["Rencana Aksi"].merged_cells.ranges == old_wb["Rencana Aksi"].merged_cells.ranges

    # Read back: the same plan, schedules a year later, "tahun 2025" now "tahun 2026".
    old_plan, new_plan = load_plan(old_book, 2025).lampiran, load_plan(new_book, 2026).lampiran
    assert new_plan.columns == old_plan.columns
    old_ev = [e for a in old_plan.areas for c in a.components for i in c.indicators for s in i.steps for e in s.evidence]
    new_ev = [e for a in new_plan.areas for c in a.components for i in c.indicators for s in i.steps for e in s.evidence]
    assert len(new_ev) == len(old_ev) > 10
    for old, new in zip(old_ev, new_ev):
        assert (new.schedule is None) == (old.schedule is None)
        if old.schedule is not None:
            assert list(new.schedule.months) == _shifted_months(old.schedule.months)
    assert "SK Tim Kerja ZI tahun 2025/" in str(old_ev[0].text) and "SK Tim Kerja ZI tahun 2026/" in str(new_ev[0].text)
    # Only years changed in the texts.
    assert [re.sub(r"\d{4}", "YYYY", str(e.text)) for e in old_ev] == [re.sub(r"\d{4}", "YYYY", str(e.text))
                                                                        for e in new_ev]

    # The report names each workbook change by sheet, row and column.
    report = report_path.read_text(encoding="utf-8")
    assert f"Plan: {new_book.name}." in report
    assert f"- `{new_book}, sheet 'Pengaturan', row 2, column B`: «2025» → «2026»" in report
    assert f"- `{new_book}, sheet 'Rencana Aksi', row 4, column F: lampiran[0].areas[0].components[0]" \
           f".indicators[0].steps[0].evidence[0].schedule`: «Agustus 2025» → «Agustus 2026»" in report
    assert f"`{new_book}, sheet 'Rencana Aksi', row 5, column E: " in report and "«=Rapat tahun 2026»" in report

    # The new spec checks (warnings only, each accepted by the entries carried over from last year's spec, with
    # their reasons) as the report said.
    checked = run_cli("check", "--show-accepted", str(new_spec))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    warnings = [line for line in checked.stdout.splitlines() if line.startswith("warning[")]
    assert any(f"{new_book}, sheet 'Rencana Aksi', row " in line for line in warnings)
    assert all(" accepted (" in line for line in warnings)
    section = report.split("## Check of the new spec: clean\n")[1]
    assert len(warnings) == section.count("\n- warning[") == section.count("] accepted (")

    # Never overwrites: a second run refuses and changes nothing.
    written = {p: p.read_bytes() for p in (new_spec, new_book, report_path)}
    again = run_cli(*args)
    assert again.returncode == 2 and "exists" in again.stderr and str(new_book) in again.stderr
    assert "Traceback" not in again.stderr
    assert {p: p.read_bytes() for p in written} == written

    # Same input, same bytes.
    for path in written:
        path.unlink()
    assert run_cli(*args).returncode == 0
    assert {p: p.read_bytes() for p in written} == written


def test_rollover_of_a_month_grid_workbook_moves_its_year(tmp_path: Path) -> None:
    import openpyxl

    from zi_decree.loading.spec import load_plan

    spec = _workbook_spec(tmp_path, "kota-magelang-2022", "plan.xlsx")
    result = run_cli("rollover", str(spec), "--year", "2023", "--number", "5", "--date", "2023-03-01")
    assert result.returncode == 0, result.stderr
    new_book = tmp_path / "plan-2023.xlsx"  # no year in the name: the new one is added
    assert "    plan: plan-2023.xlsx\n" in (tmp_path / "kota-magelang-2023.yaml").read_text(encoding="utf-8")
    old_sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Rencana Aksi"]
    new_sheet = openpyxl.load_workbook(new_book)["Rencana Aksi"]
    # The ticks stay where they are: they are months of the year on the Pengaturan sheet, which moved.
    ticks = [[c.coordinate for row in sheet.iter_rows() for c in row if c.value == "\u221a"]
             for sheet in (old_sheet, new_sheet)]
    assert ticks[0] == ticks[1] and ticks[0]
    old_plan, new_plan = load_plan(tmp_path / "plan.xlsx", 2022).lampiran, load_plan(new_book, 2023).lampiran
    old_months = [list(e.schedule.months) for a in old_plan.areas for c in a.components for i in c.indicators
                  for s in i.steps for e in s.evidence if e.schedule]
    new_months = [list(e.schedule.months) for a in new_plan.areas for c in a.components for i in c.indicators
                  for s in i.steps for e in s.evidence if e.schedule]
    assert new_months == [_shifted_months(m) for m in old_months] and old_months
    checked = run_cli("check", str(tmp_path / "kota-magelang-2023.yaml"))
    assert checked.returncode in (0, 1), checked.stdout + checked.stderr


def test_rollover_of_a_broken_workbook_plan_is_a_located_error(tmp_path: Path) -> None:
    spec = _workbook_spec(tmp_path, "kab-semarang-2025", "plan-2025.xlsx")
    (tmp_path / "plan-2025.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("rollover", str(spec), "--year", "2026", "--number", "1", "--date", "2026-01-05")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'plan-2025.xlsx'}: " in result.stderr and "workbook" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
