"""`zi-decree batch`: a province's 35 offices from one table and one plan; a broken row fails alone, reported."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli, run_command

OFFICES = EXAMPLES / "jawa-tengah-2025.offices.csv"
PLAN = EXAMPLES / "jawa-tengah-2025.plan.yaml"


def _rows() -> list[dict[str, str]]:
    with OFFICES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _batch(offices: Path, out: Path, *args: str, run=run_cli):
    return run("batch", str(offices), "--plan", str(PLAN), "--year", "2025", "-o", str(out), *args)


@pytest.fixture(scope="module")
def full_batch(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("batch") / "out"
    return out, _batch(OFFICES, out, run=run_command)


@pytest.mark.heavy
def test_35_offices_give_35_complete_packages(full_batch) -> None:
    out, result = full_batch
    assert result.returncode == 0, result.stderr
    assert "35 offices: 35 packages written" in result.stdout and "0 failed" in result.stdout
    packages = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(packages) == 35
    for folder in packages:
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted([f"{folder.name}.original.docx", f"{folder.name}.salinan.docx",
                                f"{folder.name}.salinan.pdf", "record.json"]), folder
        record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        assert record["jdih"]["tahun"] == 2025 and record["warnings"] == []
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    assert summary["offices"] == 35 and summary["written"] == 35 and summary["failed"] == 0
    assert all(entry["warnings"] == [] for entry in summary["results"])  # as each record.json has them


@pytest.mark.heavy
def test_each_package_is_that_offices_decree(full_batch) -> None:
    out, _ = full_batch
    from docx import Document

    rows = {r["office"]: r for r in _rows()}
    semarang = rows["Kabupaten Semarang"]
    folder = out / f"kpu-kabupaten-semarang-2025-nomor-{semarang['number']}"
    text = "\n".join(p.text for p in Document(str(next(folder.glob("*.salinan.docx")))).paragraphs)
    assert "KABUPATEN SEMARANG" in text and f"NOMOR {semarang['number']} TAHUN 2025" in text
    assert "Ditetapkan di Ungaran" in text and semarang["chair"].upper() in text
    assert f"NIP. {semarang['nip']}" in text
    kota = out / f"kpu-kota-salatiga-2025-nomor-{rows['Kota Salatiga']['number']}"
    record = json.loads((kota / "record.json").read_text(encoding="utf-8"))
    assert record["jdih"]["penandatangan"] == rows["Kota Salatiga"]["chair"]
    assert record["jdih"]["tempat_penetapan"] == "Salatiga"


@pytest.mark.heavy
def test_progress_is_reported_per_office(full_batch) -> None:
    _, result = full_batch
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 35 and progress[-1].startswith("[35/35]")


def test_a_broken_row_fails_alone_and_is_reported(tmp_path: Path) -> None:
    rows = _rows()
    rows[6]["date"] = "2025-02-30"  # row 8 of the file (header is row 1)
    offices = _write_csv(tmp_path / "offices.csv", rows)
    result = _batch(offices, tmp_path / "out", "--format", "txt", "--workers", "2")
    assert result.returncode == 2
    assert "35 offices: 34 packages written" in result.stdout and "1 failed" in result.stdout
    assert f"FAILED {rows[6]['office']} ({offices}:8)" in result.stderr
    assert f"{offices}:8:5: date: '2025-02-30' is not a date in the calendar" in result.stderr
    assert "Traceback" not in result.stderr
    assert len([p for p in (tmp_path / "out").iterdir() if p.is_dir()]) == 34
    summary = json.loads((tmp_path / "out" / "batch-summary.json").read_text(encoding="utf-8"))
    (failed,) = [r for r in summary["results"] if "problems" in r]
    assert failed["office"] == rows[6]["office"] and failed["row"] == "offices.csv:8"


def test_one_and_two_workers_give_the_same_bytes(tmp_path: Path) -> None:
    rows = _rows()[:6]
    offices = _write_csv(tmp_path / "offices.csv", rows)
    for workers in ("1", "2"):
        run = run_command if workers == "2" else run_cli  # and in two processes
        assert _batch(offices, tmp_path / workers, "--format", "txt,pdf", "--workers", workers, run=run).returncode == 0
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert len(files) == 6 * 3 + 1
    for rel in files:
        assert (tmp_path / "1" / rel).read_bytes() == (tmp_path / "2" / rel).read_bytes(), rel


def test_problems_in_rows_name_their_cells(tmp_path: Path) -> None:
    rows = _rows()[:5]
    rows[0]["chair"] = ""                                  # blank required cell
    rows[1]["date"] = "2024-12-30"                         # not in --year
    rows[2]["nip"] = "1234"                                # not an 18-digit NIP
    rows[3]["office"] = "Semarang"                         # no kind
    rows[4]["chair"] = "Dr. Hendra Wijaya, S.H."           # degrees in a name
    offices = _write_csv(tmp_path / "offices.csv", rows)
    result = _batch(offices, tmp_path / "out", "--format", "txt")
    assert result.returncode == 2 and "5 failed" in result.stdout
    err = result.stderr
    assert f"{offices}:2:6: chair: chair is empty; every office needs one" in err
    assert f"{offices}:3:5: date: the date 2024-12-30 is not in 2025 (--year)" in err
    assert f"{offices}:4:9: nip: attestation.nip: expected an 18-digit NIP" in err or \
           (f"{offices}:4:9:" in err and "18-digit NIP" in err)
    assert f"{offices}:5:1: office:" in err and "'Kabupaten Semarang'" in err
    assert f"{offices}:6:6:" in err and "degree" in err
    assert not any(p.is_dir() for p in (tmp_path / "out").iterdir())


def test_duplicate_office_and_number_is_refused_for_the_second_row(tmp_path: Path) -> None:
    rows = _rows()[:3]
    rows.append(dict(rows[0]))
    offices = _write_csv(tmp_path / "offices.csv", rows)
    result = _batch(offices, tmp_path / "out", "--format", "txt")
    assert result.returncode == 2 and "3 packages written" in result.stdout
    assert f"{offices}:5:4: number: the same office and number as the row at {offices}:2" in result.stderr


def test_xlsx_and_yaml_offices_tables(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    rows = _rows()[:3]
    book = Workbook()
    sheet = book.active
    sheet.title = "Kantor"
    sheet.append(["Kantor", "Tempat", "Provinsi", "Nomor", "Tanggal", "Ketua", "Nama Pengesah", "NIP"])
    for r in rows:
        date = dt.datetime.fromisoformat(r["date"])  # a real Excel date cell
        sheet.append([r["office"], r["seat"] or None, r["province"], int(r["number"]), date, r["chair"],
                      r["attestation_name"], r["nip"]])  # the NIP as text, as it must be
    sheet.append([rows[0]["office"], None, "Jawa Tengah", 99, "2025-13-01", "Ani Lestari", "Budi Santoso", None])
    sheet.append(["Kota Tegal", None, "Jawa Tengah", 98, dt.datetime(2025, 2, 3), "Ani Lestari", "Budi Santoso",
                  int(rows[0]["nip"])])  # a number: Excel has rounded it
    book.save(tmp_path / "offices.xlsx")
    result = _batch(tmp_path / "offices.xlsx", tmp_path / "x", "--format", "txt")
    assert result.returncode == 2 and "3 packages written" in result.stdout and "2 failed" in result.stdout
    assert f"{tmp_path / 'offices.xlsx'}, sheet 'Kantor', row 5, column E: Tanggal" in result.stderr
    assert f"{tmp_path / 'offices.xlsx'}, sheet 'Kantor', row 6, column H: NIP: the NIP is stored as a number" \
        in result.stderr
    text = next((tmp_path / "x").glob(f"*nomor-{rows[0]['number']}/*.txt")).read_text(encoding="utf-8")
    assert f"NIP. {rows[0]['nip']}" in text

    yaml_rows = "\n".join(f"- office: {r['office']}\n  number: {r['number']}\n  date: {r['date']}\n"
                          f"  chair: {r['chair']}\n  attestation_name: {r['attestation_name']}" for r in rows)
    (tmp_path / "offices.yaml").write_text(yaml_rows + "\n", encoding="utf-8")
    result = _batch(tmp_path / "offices.yaml", tmp_path / "y", "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert len([p for p in (tmp_path / "y").iterdir() if p.is_dir()]) == 3


@pytest.mark.parametrize("content, message", [
    ("office,number\nKabupaten Kendal,1\n", "missing columns date, chair, attestation_name"),
    ("office,nomor,tanggal,ketua,pengesah,warna\nKabupaten Kendal,1,2025-01-02,A B,C D,merah\n",
     "unknown column 'warna'"),
    ("", "the offices table is empty"),
])
def test_a_bad_table_is_refused_whole(tmp_path: Path, content: str, message: str) -> None:
    offices = tmp_path / "offices.csv"
    offices.write_text(content, encoding="utf-8")
    result = _batch(offices, tmp_path / "out")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("data, where, said", [
    (b"office,number,date,chair,attestation_name\nKota Salatiga,7,2025-01-06,Ani,Jos\xe9\n", "2:35",
     "is not UTF-8 text (the byte 0xE9 here); save it as CSV UTF-8"),
    ("office\n".encode("utf-16"), "1:1", "is UTF-16 text; save it as CSV UTF-8"),
])
def test_an_offices_csv_that_is_not_utf8_is_refused_at_its_line_and_column(tmp_path: Path, data: bytes, where: str,
                                                                           said: str) -> None:
    """Said 'is not UTF-8 text (byte 70)' with no line or column (issue 12, item 16)."""
    offices = tmp_path / "offices.csv"
    offices.write_bytes(data)
    result = _batch(offices, tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert f"error[not-utf8]: {offices}:{where}: {said}\n" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", [
    "office,number,date,chair,attestation_name\nKota Salatiga,7," + "x" * 2000 + ",Ani,Budi\n",
    "office,number,date,chair,attestation_name,catatan" + "x" * 2000 + "\nKota Salatiga,7,2025-01-06,Ani,Budi,\n",
    "office,number,date,chair,attestation_name,attestation_name" + " " * 2000 + "x\nKota Salatiga,7,2025-01-06,"
    "Ani,Budi,\n",
])
def test_long_values_in_an_offices_table_are_quoted_in_part(tmp_path: Path, content: str) -> None:
    """Each message quoted the whole cell or column name (a 2,000-character date, one message of 2,000)."""
    offices = tmp_path / "offices.csv"
    offices.write_text(content, encoding="utf-8")
    result = _batch(offices, tmp_path / "out", "--format", "txt")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("error[")]
    assert len(errors) == 1 and "x" * 100 not in errors[0], result.stderr
    assert errors[0].split("]: ", 1)[1].startswith(f"{offices}:"), errors[0]
    # The bound is on what the message says; the path before it is as long as the test's temporary folder.
    said = errors[0].split(f"{offices}:", 1)[1]
    assert len(said) < 300, errors[0]


def test_not_a_workbook_and_a_missing_plan(tmp_path: Path) -> None:
    fake = tmp_path / "offices.xlsx"
    fake.write_text("office,number\n", encoding="utf-8")
    result = _batch(fake, tmp_path / "out")
    assert result.returncode == 2 and "is not an Excel workbook" in result.stderr
    result = run_cli("batch", str(OFFICES), "--plan", str(tmp_path / "none.yaml"), "--year", "2025",
                     "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "plan file not found" in result.stderr and "Traceback" not in result.stderr


def test_rows_that_would_share_a_folder_and_an_output_that_is_a_file(tmp_path: Path) -> None:
    rows = _rows()[:2]
    rows.append({**rows[0], "number": "0" + rows[0]["number"]})  # 024 is 24: the same package
    offices = _write_csv(tmp_path / "offices.csv", rows)
    result = _batch(offices, tmp_path / "out", "--format", "txt")
    assert result.returncode == 2 and "2 packages written" in result.stdout
    assert f"{offices}:4:4: number: the same office and number as the row at {offices}:2" in result.stderr
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = _batch(offices, tmp_path / "file", "--format", "txt")
    assert result.returncode == 2 and "the output is a file" in result.stderr


def test_a_broken_shared_plan_is_reported_once_before_any_office(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text(encoding="utf-8").replace("indicators:", "indicatorz:", 1), encoding="utf-8")
    result = run_cli("batch", str(OFFICES), "--plan", str(plan), "--year", "2025", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("unknown field 'indicatorz'") == 1 and f"{plan}:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_csv_with_an_unclosed_quote_and_a_bad_template_are_refused(tmp_path: Path) -> None:
    offices = tmp_path / "offices.csv"
    offices.write_text("office,number,date,chair,attestation_name\nKota Tegal,1,2025-01-05,\"Ani,B\n"
                       "Kota Salatiga,2,2025-01-05,Ani,Budi\n", encoding="utf-8")
    result = _batch(offices, tmp_path / "out")
    assert result.returncode == 2 and "unclosed quote" in result.stderr and "Traceback" not in result.stderr
    bad = tmp_path / "kantor.docx"
    bad.write_text("not a docx", encoding="utf-8")
    result = _batch(OFFICES, tmp_path / "out", "--template", str(bad))
    assert result.returncode == 2 and "not a Word document" in result.stderr
    assert not (tmp_path / "out").exists()


def test_excel_dates_left_as_serial_numbers_are_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["office", "number", "date", "chair", "attestation_name", "nip"])
    book.active.append(["Kota Tegal", 5, 45667, "Ani Lestari", "Budi Santoso", "198606132014012010"])  # 2025-01-10
    book.save(tmp_path / "offices.xlsx")
    result = _batch(tmp_path / "offices.xlsx", tmp_path / "out", "--format", "txt")
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out").glob("*/*.txt")).read_text(encoding="utf-8")
    assert "pada tanggal 10 Januari 2025" in text and "Ditetapkan di Tegal" in text
    record = json.loads(next((tmp_path / "out").glob("*/record.json")).read_text(encoding="utf-8"))
    assert record["input"]["files"] == ["offices.xlsx", "jawa-tengah-2025.plan.yaml"]


def test_offices_named_in_other_scripts_get_folders_of_their_own(tmp_path: Path) -> None:
    # Folded to ASCII both names were 'kota': the second office was refused as the first one's duplicate.
    rows = _rows()[:1]
    base = {**rows[0], "seat": "", "number": "5"}
    rows += [{**base, "office": "Kota مرحبا"}, {**base, "office": "Kota שלום"},
             {**base, "office": "kota  שלום"}]  # the same office again, in other case and spacing
    offices = _write_csv(tmp_path / "offices.csv", rows)
    result = _batch(offices, tmp_path / "out", "--format", "txt")
    assert result.returncode == 2 and "3 packages written" in result.stdout and "1 failed" in result.stdout
    assert f"{offices}:5:4: number: the same office and number as the row at {offices}:4" in result.stderr
    folders = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    latin = f"kpu-kabupaten-banjarnegara-2025-nomor-{rows[0]['number']}"  # as ever: no hash in a Latin name
    assert latin in folders and len(folders) == 3
    assert all(re.fullmatch(r"kpu-kota-[0-9a-f]{8}-2025-nomor-5", name) for name in folders if name != latin)
    again = _batch(offices, tmp_path / "again", "--format", "txt")  # the names are stable
    assert sorted(p.name for p in (tmp_path / "again").iterdir() if p.is_dir()) == folders, again.stderr


def test_registry_codes_that_differ_past_the_name_limit_get_two_folders(tmp_path: Path) -> None:
    # The number's part of a folder name is cut at 40 characters; these two codes differ only after that.
    rows = _rows()[:1]
    code = "123/HK.03.1-Kpt/3322/KPU-Kab/Sekretariat/{}/2025"
    rows = [{**rows[0], "number": code.format("I")}, {**rows[0], "number": code.format("II")}]
    offices = _write_csv(tmp_path / "offices.csv", rows)
    result = _batch(offices, tmp_path / "out", "--format", "txt")
    assert result.returncode == 0, result.stderr
    folders = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert len(folders) == 2 and all(len(name.split("-nomor-")[1]) <= 40 for name in folders)


def test_latin_names_with_accents_and_dashes_fold_without_a_hash() -> None:
    from zi_decree.writing.files import package_name

    assert package_name("Kabupaten Pidië", 2025, 6) == "kpu-kabupaten-pidie-2025-nomor-6"
    assert package_name("Kota Bau\u2011Bau", 2025, "11/HK.03.1/3322/2022") == \
        "kpu-kota-baubau-2025-nomor-11-hk-03-1-3322-2022"  # a non-breaking hyphen: punctuation, as today


def test_a_batch_of_2026_leaves_out_the_lapsed_grand_design_and_says_so(tmp_path: Path) -> None:
    rows = [dict(r, date=r["date"].replace("2025", "2026")) for r in _rows()[:2]]
    offices = _write_csv(tmp_path / "offices.csv", rows)
    plan = tmp_path / "plan-2026.yaml"
    plan.write_text(PLAN.read_text(encoding="utf-8").replace("2025", "2026"), encoding="utf-8")
    result = run_cli("batch", str(offices), "--plan", str(plan), "--year", "2026", "-o", str(tmp_path / "out"),
                     "--format", "txt", "--workers", "1")
    assert result.returncode == 0, result.stderr
    why = ("mengingat: left out perpres-81-2010: Peraturan Presiden Nomor 81 Tahun 2010: its period (2010-2025) "
           "ended on 2025-12-31; the catalogue knows no successor (none found")
    for row in (2, 3):  # at each row's date cell (column 5): the date is what made it lapse
        assert f"warning[basis-left-out]: {offices}:{row}:5: {why}" in result.stderr
    for folder in (p for p in (tmp_path / "out").iterdir() if p.is_dir()):
        record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        assert any("left out perpres-81-2010" in w["message"] for w in record["warnings"]), folder
        text = next(folder.glob("*.txt")).read_text(encoding="utf-8")
        assert "Peraturan Presiden Nomor 81 Tahun 2010" not in text
        assert "Peraturan Presiden Nomor 54 Tahun 2018" in text
