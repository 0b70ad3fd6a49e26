"""The last messages that reached users in English whatever the language: a workbook's limits, the models' own
pydantic messages (a union's kind, a number's range), rollover's lapsed legal bases, a template's fields. With
--lang id each is said in Indonesian (and in English without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, indonesian, run_cli
from test_hostile_workbooks import SHEET1, _dimension, _edit, _offices, _plan

SPEC = "kab-semarang-2025.yaml"
NO_LOCALE = {"LANG": None, "LC_ALL": None, "LC_MESSAGES": None}


def _examples(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for example in EXAMPLES.iterdir():
        shutil.copy(example, folder / example.name)
    return folder


def test_a_plan_workbook_s_limits_are_said_in_the_language(tmp_path: Path) -> None:
    path = _edit(_plan(tmp_path / "plan.xlsx"), SHEET1, _dimension("A1:F100001"))
    said = run_cli("--lang", "id", "plan", "import", str(path), "-o", str(tmp_path / "out.yaml"), env=NO_LOCALE)
    assert said.returncode == 2
    assert "rencana paling banyak memuat 5000 baris dan 60 kolom, sehingga tidak dibaca (hapus sel yang jauh di " \
           "bawah atau di sebelah kanan rencana)" in said.stderr
    english = run_cli("plan", "import", str(path), "-o", str(tmp_path / "out.yaml"), env=NO_LOCALE)
    assert "a plan has at most 5000 rows and 60 columns, so it is not read (delete the cells far below or right of " \
           "the plan)" in english.stderr


def test_an_offices_table_s_limits_are_said_in_the_language(tmp_path: Path) -> None:
    path = _edit(_offices(tmp_path / "offices.xlsx"), SHEET1, _dimension("A1:E100001"))
    said = run_cli("--lang", "id", "batch", str(path), "--plan", str(EXAMPLES / "jawa-tengah-2025.plan.yaml"),
                   "--year", "2025", "-o", str(tmp_path / "out"), "--format", "txt", env=NO_LOCALE)
    assert said.returncode == 2
    assert "tabel kantor paling banyak memuat 10000 baris kantor di bawah baris judulnya dan 60 kolom" in said.stderr


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  - kind: in_force\n", "  - kind: berlaku\n", "kind must be one of adopt, budget, in_force, text"),
    ("  - kind: plan\n", "  - kind: rencana\n", "kind must be narrative or plan"),
])
def test_a_union_s_own_message_is_said_in_the_language(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = _examples(tmp_path / "ruang")
    spec = folder / SPEC
    text = spec.read_text("utf-8")
    assert text.count(old) == 1
    spec.write_text(text.replace(old, new), "utf-8")
    said = run_cli("--lang", "id", "check", str(spec), env=NO_LOCALE)
    assert said.returncode == 2
    assert indonesian(message) in said.stdout + said.stderr and message not in said.stdout + said.stderr
    assert message in run_cli("check", str(spec), env=NO_LOCALE).stdout


def test_a_number_out_of_its_range_is_said_in_the_language(tmp_path: Path) -> None:
    folder = _examples(tmp_path / "ruang")
    spec = folder / SPEC
    text = spec.read_text("utf-8")
    spec.write_text(text.replace("    number: 11/HK.03.1/3322/2022\n    year: 2022\n",
                                 "    number: 11/HK.03.1/3322/2022\n    year: 1900\n", 1), "utf-8")
    said = run_cli("--lang", "id", "check", str(spec), env=NO_LOCALE)
    assert said.returncode == 2
    assert "instruments[0].year: 1900 di luar rentang: seharusnya paling kecil 1945" in said.stdout + said.stderr
    english = run_cli("check", str(spec), env=NO_LOCALE)
    assert "instruments[0].year: 1900 is out of range: it should be at least 1945" in english.stdout + english.stderr


def test_a_lapsed_legal_basis_is_left_out_in_the_language_and_still_listed(tmp_path: Path) -> None:
    folder = _examples(tmp_path / "ruang")
    result = run_cli("--lang", "id", "rollover", str(folder / SPEC), "--year", "2026", "--number", "1", "--date",
                     "2026-01-12", env=NO_LOCALE)
    assert result.returncode == 0, result.stderr
    report = (folder / "kab-semarang-2026.rollover.md").read_text("utf-8")
    # Listed among the legal bases (found by its kind, not by the words of its reason), in Indonesian.
    legal = report.split(indonesian("## Legal bases on {format_date_id}", format_date_id="12 Januari 2026"))[1]
    assert "- perpres-81-2010: dikeluarkan dari Mengingat pada tanggal 2026-01-12: " in legal
    assert "left out of the Mengingat" not in report


def test_a_template_whose_fields_cannot_be_filled_is_said_in_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import TemplateError

    import zi_decree.rendering.docx as rendering
    from zi_decree import compose, load, resolve
    from zi_decree.errors import ZiDecreeError
    from zi_decree.i18n import use_language

    def fails(*args: object, **kwargs: object) -> None:
        raise TemplateError("boom")  # what docxtpl raises for a field the checks let through

    monkeypatch.setattr(rendering._DocxTemplate, "render", fails)
    document = compose(resolve(load(EXAMPLES / SPEC)))
    with use_language("id"), pytest.raises(ZiDecreeError) as caught:
        rendering.render_docx(document)
    assert caught.value.problems[0].message == \
        "isian templat tidak dapat diisi: boom; perbaiki isian {{ }} pada kepala dan kaki halamannya"
