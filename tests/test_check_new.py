"""`check`, `catalogue list|show` and `new`, through the real entry point, with their exit statuses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, example_specs, run_cli, run_command

SEMARANG = EXAMPLES / "kab-semarang-2025.yaml"


def _spec(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace("plan: kab-semarang-2025.plan.yaml", f"plan: {EXAMPLES}/kab-semarang-2025.plan.yaml"),
                    encoding="utf-8")
    return spec


# ------------------------------------------------------------------------------------------------ check

def test_check_examples_have_no_errors_and_accept_what_they_reproduce() -> None:
    # The four reference plans were made with the older guideline's template and keep the published wording:
    # coverage and spelling warnings, each accepted in the spec with its reason; no errors (a clean check
    # without any warning is shown with the generic plan, in test_new_with_everything_given_checks_clean_and_renders).
    result = run_command("check", "--show-accepted", *map(str, example_specs()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout
    assert len(re.findall(r"\.yaml: clean; \d+ accepted", result.stdout, re.M)) == len(example_specs())
    assert re.search(r"^warning\[component-missing\] accepted \(the published plan has no action .*\): .*lacks the "
                     r"component 'Pemanfaatan Teknologi Informasi'", result.stdout, re.M), result.stdout
    assert not re.search(r"^warning\[[a-z-]+\]: ", result.stdout, re.M)  # nothing left unaccepted


def test_check_warnings_exit_1_and_name_the_place(tmp_path: Path) -> None:
    # Dated in 2026, the Grand Design (Perpres 81/2010, 2010-2025) has lapsed.
    text = SEMARANG.read_text(encoding="utf-8").replace("date: 2025-01-05", "date: 2026-01-05").replace(
        "year: 2025", "year: 2026")
    spec = _spec(tmp_path, text)
    result = run_cli("check", str(spec))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"warning[period-ended]: {spec}:" in result.stdout
    assert "Peraturan Presiden Nomor 81 Tahun 2010: its period (2010-2025) ended on 2025-12-31" in result.stdout
    assert "Tahun 2025" in result.stdout  # the subject still names last year: warned too


def test_check_says_what_replaced_a_lapsed_basis_at_its_mengingat_entry(tmp_path: Path) -> None:
    # PermenPANRB 26/2020 was replaced by 9/2023 (its Menimbang b); the Grand Design 2010-2025 has no known successor.
    text = SEMARANG.read_text(encoding="utf-8").replace("date: 2025-01-05", "date: 2026-01-05").replace(
        "year: 2025", "year: 2026").replace("  - perpres-54-2018\n", "  - perpres-54-2018\n  - permenpanrb-26-2020\n")
    spec = _spec(tmp_path, text)
    lines = text.splitlines()
    line_81 = lines.index("  - perpres-81-2010") + 1
    line_26 = lines.index("  - permenpanrb-26-2020") + 1
    result = run_cli("check", str(spec))
    assert result.returncode == 1, result.stdout + result.stderr
    rb = "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
    assert (f"warning[revoked]: {spec}:{line_26}:5: mengingat[5]: {rb} Nomor 26 Tahun 2020 was revoked by {rb} Nomor 9 "
            "Tahun 2023 (permenpanrb-9-2023); cite that instead") in result.stdout
    assert (f"warning[period-ended]: {spec}:{line_81}:5: mengingat[3]: Peraturan Presiden Nomor 81 Tahun 2010: its period "
            "(2010-2025) ended on 2025-12-31; the catalogue knows no successor (none found") in result.stdout


def test_check_errors_exit_2_with_every_problem(tmp_path: Path) -> None:
    text = SEMARANG.read_text(encoding="utf-8").replace("date: 2025-01-05", "date: 2025-02-30").replace(
        "  - uu-28-1999", "  - uu-28-1998")
    spec = _spec(tmp_path, text)
    result = run_cli("check", str(spec), str(SEMARANG))
    assert result.returncode == 2
    assert f"error[wrong-type]: {spec}:15:1: date:" in result.stdout
    assert "unknown catalogue id 'uu-28-1998'; did you mean 'uu-28-1999'" in result.stdout
    assert re.search(f"^{re.escape(str(SEMARANG))}: clean; \\d+ accepted", result.stdout, re.M)  # still checked
    assert "Traceback" not in result.stderr


def test_check_json_for_tools(tmp_path: Path) -> None:
    text = SEMARANG.read_text(encoding="utf-8").replace("Bambang Setyono", "Drs. Bambang Setyono, M.Si.")
    spec = _spec(tmp_path, text)
    result = run_cli("check", "--json", str(spec), str(SEMARANG))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["status"] == 2
    bad, good = data["specs"]
    assert bad["status"] == "errors" and good["status"] == "clean"
    # The example's warnings (coverage of the guideline, spelling kept as published), each with its reason.
    assert {p["severity"] for p in good["problems"]} == {"warning"}
    assert all(p["accepted"] for p in good["problems"])
    (problem,) = bad["problems"]
    assert problem["severity"] == "error" and problem["field"] == "signatory.name"
    assert problem["file"] == str(spec) and problem["line"] > 1 and "degree" in problem["message"]


def test_check_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "none.yaml"))
    assert result.returncode == 2 and "cannot read the file" in result.stdout and "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------------------ catalogue

def test_catalogue_list_names_every_instrument_and_marks_force() -> None:
    result = run_command("catalogue", "list", "--at", "2026-01-05")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("catalogue ")
    perpres = next(line for line in lines if line.startswith("perpres-81-2010\t"))
    assert perpres.endswith("NOT in force")
    assert next(line for line in lines if line.startswith("uu-7-2017\t")).endswith("  in force")
    assert any(line.startswith("pkpu-12-2023\t") and "(amends pkpu-8-2019)" in line for line in lines)


@pytest.mark.parametrize("at, present, absent", [
    ("2022-04-28", "terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 4 Tahun 2021", "Nomor 12 Tahun 2023"),
    ("2025-01-05", "terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 12 Tahun 2023", "Nomor 4 Tahun 2021 tentang"),
])
def test_catalogue_show_resolves_the_citation_on_a_date(at: str, present: str, absent: str) -> None:
    result = run_cli("catalogue", "show", "pkpu-8-2019", "--at", at)
    assert result.returncode == 0, result.stderr
    assert present in result.stdout and absent not in result.stdout
    assert "amended by: pkpu-21-2020" in result.stdout


def test_catalogue_show_warns_with_status_1_and_refuses_unknown_ids() -> None:
    result = run_cli("catalogue", "show", "perpres-81-2010", "--at", "2026-01-05")
    assert result.returncode == 1 and "ended on 2025-12-31" in result.stderr
    result = run_cli("catalogue", "show", "pkpu-8-2091")
    assert result.returncode == 2 and "did you mean 'pkpu-8-2021', 'pkpu-8-2019'" in result.stderr
    result = run_cli("catalogue", "show", "pkpu-8-2019", "--at", "kemarin")
    assert result.returncode == 2 and "--at" in result.stderr and "Traceback" not in result.stderr


def test_catalogue_show_quotes_a_long_unknown_id_in_part() -> None:
    result = run_cli("catalogue", "show", "pkpu-8-2019" * 300)
    assert result.returncode == 2
    assert "error[unknown-instrument]: instrument: unknown instrument 'pkpu-8-2019pkpu-8-2019" in result.stderr
    assert "...' (3300 characters)" in result.stderr and len(result.stderr) < 400, result.stderr


# ------------------------------------------------------------------------------------------------ new

def test_new_with_everything_given_checks_clean_and_renders(tmp_path: Path) -> None:
    spec = tmp_path / "kab-kendal-2025.yaml"
    result = run_command("new", "-o", str(spec), "--office", "Kabupaten Kendal", "--year", "2025", "--number", "12",
                         "--date", "2025-01-20", "--province", "Jawa Tengah", "--chair", "Hevy Indah Oktaria",
                         "--attestation-name", "Rudi Hartono", "--nip", "198001012005011001",
                         "--plan", str(EXAMPLES / "jawa-tengah-2025.plan.yaml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(spec)]  # an existing plan: no skeleton written
    checked = run_cli("check", str(spec))
    assert checked.returncode == 0, checked.stdout
    rendered = run_cli("render", str(spec), "--format", "txt", "-o", str(tmp_path / "out"))
    assert rendered.returncode == 0, rendered.stderr
    text = next((tmp_path / "out").glob("*/*.txt")).read_text(encoding="utf-8")
    for expected in ("KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN KENDAL", "NOMOR 12 TAHUN 2025", "HEVY INDAH OKTARIA",
                     "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021",
                     "Ditetapkan di Kendal", "pada tanggal 20 Januari 2025", "NIP. 198001012005011001",
                     "Anggaran Pendapatan dan Belanja Negara"):
        assert expected in text, expected
    # The standard bases are those in force: in 2025 the Grand Design 2010-2025 is still cited.
    assert "Peraturan Presiden Nomor 81 Tahun 2010" in text


def test_new_leaves_todo_fields_that_check_names_by_line(tmp_path: Path) -> None:
    spec = tmp_path / "kota-tegal-2026.yaml"
    result = run_cli("new", "-o", str(spec), "--office", "KPU Kota Tegal", "--year", "2026")
    assert result.returncode == 0, result.stderr
    plan = tmp_path / "kota-tegal-2026.plan.yaml"
    assert result.stdout.split() == [str(spec), str(plan)]
    assert "to fill in: number, date, signatory.name, attestation.name" in result.stderr
    text = spec.read_text(encoding="utf-8")
    assert "number:  # TODO: nomor keputusan" in text
    assert "  - perpres-81-2010" not in text and "# left out: perpres-81-2010" in text  # lapsed at the end of 2025
    skeleton = plan.read_text(encoding="utf-8")
    for component in ("Penyusunan Tim Kerja", "Sistem Pemerintahan Berbasis Elektronik (SPBE)",
                      "Pemanfaatan Teknologi Informasi"):
        assert component in skeleton
    checked = run_cli("check", str(spec))
    assert checked.returncode == 2
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("number:"))
    assert f"{spec}:{line}:1: number: has no value; write one after the colon" in checked.stdout
    assert f"{plan}:" in checked.stdout and "is empty; write the text" in checked.stdout


def test_new_says_which_standard_bases_it_left_out_and_what_replaced_them(tmp_path: Path) -> None:
    spec = tmp_path / "kab-kendal-2026.yaml"
    result = run_cli("new", "-o", str(spec), "--office", "Kabupaten Kendal", "--year", "2026", "--date", "2026-01-05")
    assert result.returncode == 0, result.stderr
    text = spec.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("mengingat:"))
    assert (f"warning[basis-left-out]: {spec}:{line}:1: mengingat: left out perpres-81-2010: Peraturan Presiden Nomor 81 Tahun 2010: "
            "its period (2010-2025) ended on 2025-12-31; the catalogue knows no successor (none found") in result.stderr
    # PermenPANRB 52/2014 is in the standard list for older years; 90/2021, which replaced it, is cited: no word.
    assert "52-2014" not in result.stderr and "  - permenpanrb-90-2021" in text
    assert "  - perpres-81-2010" not in text
    assert "# left out: perpres-81-2010, Peraturan Presiden Nomor 81 Tahun 2010: its period" in text  # said in the spec


def test_new_refuses_to_overwrite_and_bad_options(tmp_path: Path) -> None:
    spec = tmp_path / "x.yaml"
    spec.write_text("keep me", encoding="utf-8")
    result = run_cli("new", "-o", str(spec), "--office", "Kabupaten Kendal", "--year", "2026")
    assert result.returncode == 2 and "exists" in result.stderr
    assert spec.read_text(encoding="utf-8") == "keep me" and not (tmp_path / "x.plan.yaml").exists()
    result = run_cli("new", "-o", str(tmp_path / "y.yaml"), "--office", "Kendal", "--year", "2026")
    assert result.returncode == 2 and "'Kabupaten Semarang'" in result.stderr
    result = run_cli("new", "-o", str(tmp_path / "y.yaml"), "--office", "Kota Tegal", "--year", "2026",
                     "--date", "2025-12-31")
    assert result.returncode == 2 and "not in 2026" in result.stderr
    assert not (tmp_path / "y.yaml").exists()
