"""Bad input: every problem reported at once, located (file:line:column, field), no traceback, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli
from zi_decree import SpecError, load

GOOD = """\
office:
  kind: Kabupaten
  name: Semarang
  seat: Ungaran
number: 6
year: 2025
date: 2025-01-05
subject: Rencana Aksi Pembangunan Zona Integritas Tahun 2025
menimbang:
  - dalam rangka pembangunan zona integritas, perlu menyusun rencana aksi
mengingat:
  - uu-28-1999
diktum:
  - kind: in_force
signatory:
  name: Bambang Setyono
attestation:
  position: Kepala Sub Bagian Hukum dan Sumber Daya Manusia
  name: Wiwit Mulyanto
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_minimal_spec_renders(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD)
    result = run_cli("render", str(spec), "--format", "txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "kpu-kabupaten-semarang-2025-nomor-6" / "kpu-kabupaten-semarang-2025-nomor-6.salinan.txt").read_text(encoding="utf-8")
    assert "Ditetapkan di Ungaran" in text


def test_four_problems_reported_together_with_lines(tmp_path: Path) -> None:
    bad = (GOOD
           .replace("year: 2025", "year: dua ribu dua lima")            # wrong type, line 6
           .replace("date: 2025-01-05", "date: 2025-13-05")             # malformed date, line 7
           .replace("  - uu-28-1999", "  - uu-28-1999\n  - uu-31-1990")  # unknown id, line 13
           .replace("signatory:\n  name: Bambang Setyono\n", ""))       # missing field
    spec = write(tmp_path, bad)
    out = tmp_path / "out"
    result = run_cli("render", str(spec), "--format", "txt", "-o", str(out))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    err = result.stderr
    assert f"{spec}:6:1: year: expected a whole number" in err
    assert f"{spec}:7:1: date: expected a date written as YYYY-MM-DD" in err
    assert f"{spec}:13:5: mengingat[1]: unknown catalogue id 'uu-31-1990'; did you mean 'uu-31-1999'" in err
    assert f"{spec}:1:1: signatory: required field 'signatory' is missing" in err
    assert "4 problems found" in err
    assert not out.exists() or not any(out.iterdir())


def test_problems_inside_a_plan_file_point_at_the_plan_file(tmp_path: Path) -> None:
    write(tmp_path, "areas:\n  - name: Manajemen Perubahan\n    components:\n      - name: Tim Kerja\n"
                    "        indicators:\n          - text: SK Tim\n            steps:\n"
                    "              - text: Menyusun SK\n                evidence:\n"
                    "                  - text: SK\n                    schedule: 2025-13\n"
                    "                    colour: red\n", "plan.yaml")
    spec = write(tmp_path, GOOD.replace("diktum:", "lampiran:\n  - kind: plan\n    title: Rencana Aksi\n"
                                                  "    plan: plan.yaml\ndiktum:"))
    with pytest.raises(SpecError) as info:
        load(spec)
    messages = [str(p) for p in info.value.problems]
    plan = tmp_path / "plan.yaml"
    assert any(m.startswith(f"{plan}:12:21: ") and "unknown field 'colour'" in m for m in messages), messages
    assert len(messages) == 1, messages
    # Without the bad field the spec loads; the unreadable schedule is a warning located in the plan file.
    plan.write_text(plan.read_text().replace("                    colour: red\n", ""))
    warnings = [str(w) for w in load(spec).warnings]
    assert warnings and warnings[0].startswith(f"{plan}:11:21: "), warnings


@pytest.mark.parametrize("text, expected", [
    ("office: [unclosed\n", "YAML syntax"),
    ("office: {kind: Kabupaten}\noffice: {kind: Kota}\n", "the key 'office' is given twice"),
    ("- just\n- a list\n", "a spec is a mapping"),
])
def test_broken_yaml_is_one_clear_message(tmp_path: Path, text: str, expected: str) -> None:
    spec = write(tmp_path, text)
    result = run_cli("render", str(spec), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert str(spec) in result.stderr


def test_missing_spec_file_is_a_clear_message(tmp_path: Path) -> None:
    result = run_cli("render", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "cannot read the file" in result.stderr and "Traceback" not in result.stderr


def test_control_characters_are_refused_with_their_place(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("perlu menyusun rencana aksi", 'perlu menyusun \\x07 rencana aksi"')
                 .replace("  - dalam rangka", '  - "dalam rangka'))
    with pytest.raises(SpecError) as info:
        load(spec)
    (problem,) = info.value.problems
    assert problem.location.line == 10 and problem.location.field == "menimbang[0]"
    assert "U+0007" in problem.message


def test_degrees_in_the_signatory_name_are_refused(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("name: Bambang Setyono", "name: Bambang Setyono, S.H., M.H."))
    with pytest.raises(SpecError) as info:
        load(spec)
    assert "without academic degrees" in str(info.value)


def test_amending_instrument_cited_alone_is_refused(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("  - uu-28-1999", "  - uu-28-1999\n  - uu-31-1999\n  - uu-20-2001"))
    with pytest.raises(SpecError) as info:
        load(spec)
    (problem,) = info.value.problems
    assert problem.location.line == 14
    assert "'uu-20-2001' amends 'uu-31-1999' (already cited)" in problem.message


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("subject:", "subjek:"))
    with pytest.raises(SpecError) as info:
        load(spec)
    messages = {p.message for p in info.value.problems}
    assert "unknown field 'subjek'; did you mean 'subject'?" in messages
    assert "required field 'subject' is missing" in messages


def test_a_field_of_another_part_says_so_rather_than_suggest_its_own_name(tmp_path: Path) -> None:
    """Said "unknown field 'name'; did you mean 'name'?" for a field that belongs to another part."""
    spec = write(tmp_path, GOOD.replace("subject:", "name: x\nsubject:"))
    with pytest.raises(SpecError) as info:
        load(spec)
    (message,) = {p.message for p in info.value.problems}
    assert message == "'name' is not a field here but of another part; is it under the right item (its indentation)?"


@pytest.mark.parametrize("text, expected, line", [
    ("office: !!python/name:os.system x\n", "the tag", 1),
    ("a: &x [1, 2]\nb: &y [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\nc: &z [*y, *y, *y, *y, *y, *y, *y, *y, *y, *y]\n"
     "d: &w [*z, *z, *z, *z, *z, *z, *z, *z, *z, *z]\ne: &v [*w, *w, *w, *w, *w, *w, *w, *w, *w, *w]\n"
     "f: &u [*v, *v, *v, *v, *v, *v, *v, *v, *v, *v]\ng: [*u, *u, *u, *u, *u, *u, *u, *u, *u, *u]\n",
     "holds more than", 5),  # the repeated part (&v) whose copies pass the limit
    ("office:\n  name: A\x00B\n", "U+0000", 2),
])
def test_hostile_yaml_is_refused_with_a_located_message(tmp_path: Path, text: str, expected: str, line) -> None:
    spec = write(tmp_path, text)
    with pytest.raises(SpecError) as info:
        load(spec)
    (problem,) = info.value.problems
    assert expected in problem.message
    assert problem.location.line == line


def test_a_folder_as_spec_is_reported_and_the_other_specs_still_render(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD)
    result = run_cli("render", str(tmp_path), str(spec), "--format", "txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{tmp_path}: is a folder, not a YAML file" in result.stderr
    assert (tmp_path / "out" / "kpu-kabupaten-semarang-2025-nomor-6" / "kpu-kabupaten-semarang-2025-nomor-6.salinan.txt").is_file()


def test_a_package_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD)
    package = tmp_path / "out" / "kpu-kabupaten-semarang-2025-nomor-6"
    (package / "kpu-kabupaten-semarang-2025-nomor-6.salinan.txt").mkdir(parents=True)
    result = run_cli("render", str(spec), "--format", "docx,pdf,txt", "-o", str(tmp_path / "out"))
    # A folder zi-decree did not make (no record.json) is not replaced without --force.
    assert result.returncode == 2 and "no record.json" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in package.iterdir()) == ["kpu-kabupaten-semarang-2025-nomor-6.salinan.txt"]
    (package / "kpu-kabupaten-semarang-2025-nomor-6.salinan.txt").rmdir()
    package.rmdir()
    package.write_text("a file where the package folder goes", encoding="utf-8")
    result = run_cli("render", str(spec), "--format", "txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (f"error[cannot-write]: {package}: cannot write the package: a file is in the way of the package folder; nothing "
            "was written") in result.stderr
    assert os.listdir(tmp_path / "out") == [package.name]


def test_every_problem_at_once_even_with_an_unknown_id(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("  - uu-28-1999", "  - uu-28-1999\n  - pkpu-8-2091\n  - uu-31-1999\n"
                                                       "  - uu-20-2001"))
    with pytest.raises(SpecError) as info:
        load(spec)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2
    assert any("unknown catalogue id 'pkpu-8-2091'" in m for m in messages)
    assert any("'uu-20-2001' amends 'uu-31-1999'" in m for m in messages)


def test_local_instruments_in_a_circle_are_refused(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("mengingat:", "instruments:\n  - id: loc-1\n    type: perppu\n    number: 1\n"
                                                   "    year: 2020\n    subject: X\n    source: here\n"
                                                   "    enacts: loc-1\nmengingat:"))
    with pytest.raises(SpecError) as info:
        load(spec)
    (problem,) = info.value.problems
    assert "circle" in problem.message and problem.location.line == 12


@pytest.mark.parametrize("change, expected, where", [
    (("number: 6", "number: 11/HK.03.1/3322/2022"), "ends in the year 2022, but the decree is of 2025", "5:1: number"),
    (("  - kind: in_force", "  - kind: in_force\n    until: 2024-12"), "before its own date",
     "15:5: diktum[0].until"),
    (("  name: Semarang", "  name: Kabupaten Semarang"), "write the name without its kind", "3:3: office.name"),
    (("date: 2025-01-05", "date: 2024-12-30"), "numbered for 2025 but dated 2024-12-30", "7:1: date"),
    (("  - kind: in_force", "  - kind: adopt\n  - kind: in_force"), "an adopt clause refers to a lampiran, but "
     "the decree has none", "14:5: diktum[0]"),
])
def test_stale_or_doubled_values_are_errors(tmp_path: Path, change, expected: str, where: str) -> None:
    # A check of the whole decree is said at the field it concerns, not at the file's first line.
    spec = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SpecError, match=expected):
        load(spec)
    result = run_cli("check", str(spec))
    assert result.returncode == 2 and f"{spec}:{where}: " in result.stdout, result.stdout


def test_a_stale_year_in_the_subject_is_a_warning(tmp_path: Path) -> None:
    from zi_decree import resolve

    spec = write(tmp_path, GOOD.replace("Zona Integritas Tahun 2025", "Zona Integritas Tahun 2024"))
    warnings = [str(w) for w in resolve(load(spec)).warnings]
    assert any(":8:1: subject: names the year 2024" in w for w in warnings), warnings


def test_an_initial_is_not_a_degree(tmp_path: Path) -> None:
    assert load(write(tmp_path, GOOD.replace("Bambang Setyono", "M.Nur Hidayat"))).keputusan.signatory.name \
        == "M.Nur Hidayat"
