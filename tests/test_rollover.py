"""`zi-decree rollover`: next year's spec renders, years and schedules move, comments survive, a report lists it all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, example_specs, run_cli, run_command

# Each example rolled one year forward: (new year, new number, new date, what check must warn about).
ROLLS = {
    "kab-semarang-2025": (2026, "3", "2026-01-12", ["Peraturan Presiden Nomor 81 Tahun 2010: its period (2010-2025) "
                                                   "ended on 2025-12-31"]),
    "kota-surakarta-2025": (2026, "2", "2026-02-02", ["Peraturan Presiden Nomor 81 Tahun 2010: its period"]),
    "kota-magelang-2022": (2023, "5", "2023-03-01", ["Nomor 3 Tahun 2023 (amending Peraturan Komisi Pemilihan Umum "
                                                     "Nomor 14 Tahun 2020) may or may not be in force"]),
    "kab-batang-2022": (2023, "4", "2023-04-03", ["Nomor 3 Tahun 2023 (amending Peraturan Menteri Pendayagunaan "
                                                  "Aparatur Negara dan Reformasi Birokrasi Nomor 25 Tahun 2020) may "
                                                  "or may not be in force"]),
}


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
    year, number, date, _ = ROLLS[stem]
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
    assert "Tahun " + str(old) not in r["check"].stdout


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
    old_lines = r["old"].read_text(encoding="utf-8").splitlines()
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
    assert checked.returncode == (1 if expected else 0), checked.stdout
    for warning in expected:
        assert warning in checked.stdout
        assert warning in rolled[stem]["report"]  # the report carries the check


def test_rolling_batang_three_years_warns_that_the_road_maps_ended(tmp_path: Path) -> None:
    folder = _copy_examples(tmp_path)
    result = run_command("rollover", str(folder / "kab-batang-2022.yaml"), "--year", "2025", "--number", "2",
                         "--date", "2025-02-03")
    assert result.returncode == 0, result.stderr
    checked = run_cli("check", str(folder / "kab-batang-2025.yaml"))
    assert checked.returncode == 1
    for lapsed in ("Nomor 25 Tahun 2020: its period (2020-2024) ended on 2024-12-31",
                   "Nomor 612/ORT.04-Kpt/05/KPU/XII/2020: its period (2020-2024) ended on 2024-12-31"):
        assert lapsed in checked.stdout
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
    assert run_cli("check", str(tmp_path / "next" / "semarang.yaml")).returncode == 1  # Perpres 81/2010 lapsed


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
