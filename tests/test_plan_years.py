"""Years and schedules that do not fit the plan's year, warned by `check` at their place (issue 14, item 5)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
from ruamel.yaml import YAML

from conftest import EXAMPLES, run_cli, unaccepted


def _copy(tmp_path: Path, name: str, old: str = "", new: str = "", plan: bool = False) -> tuple[Path, Path]:
    """A copy of an example (and its plan file), with `old` replaced by `new` in the spec or the plan: (spec, file)."""
    for path in EXAMPLES.glob(f"{name}*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    spec = tmp_path / f"{name}.yaml"
    changed = tmp_path / f"{name}.plan.yaml" if plan else spec
    if old:
        text = changed.read_text(encoding="utf-8")
        assert old in text, old
        changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return spec, changed


def _place(path: Path, text: str) -> tuple[int, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n, line.index(text) + 1) for n, line in enumerate(lines, start=1) if text in line)


def test_a_stale_year_in_a_plan_cell_is_warned_at_the_year(tmp_path: Path) -> None:
    # The published Kab. Semarang 2025 plan reads "menandatangani RKKL 2022" (tests/seed_corrections).
    spec, plan = _copy(tmp_path, "kab-semarang-2025", "menandatangani RKKL 2025", "menandatangani RKKL 2022", True)
    result = run_cli("check", str(spec))
    assert result.returncode == 1, result.stderr
    line, column = _place(plan, "RKKL 2022")
    said = [s for s in result.stdout.splitlines() if "2022" in s and "plan of 2025" in s]
    assert said == [f"warning[stale-year]: {plan}:{line}:{column + 5}: lampiran[0].areas[3].components[0].indicators[0].steps[0]"
                    f".text: 'menandatangani RKKL 2022' names the year 2022 in a plan of 2025 (which names 2024 "
                    f"to 2026): a year left from an earlier plan? (A period, a dated document or an election keeps "
                    f"its year.)"], result.stdout


def test_periods_documents_dates_and_elections_keep_their_years(tmp_path: Path) -> None:
    typed = ("menandatangani RKKL 2025 sesuai Renstra 2020-2024, Keputusan Nomor 5 Tahun 2019, surat tanggal "
             "3 Maret 2019, evaluasi Pemilu 2019 dan Pilkada Serentak 2020")
    spec, _ = _copy(tmp_path, "kab-semarang-2025", "menandatangani RKKL 2025", typed, True)
    result = run_cli("check", str(spec))
    assert "names the year" not in result.stdout, result.stdout


def test_the_years_next_to_the_plan_year_are_the_plans(tmp_path: Path) -> None:
    spec, _ = _copy(tmp_path, "kab-semarang-2025", "menandatangani RKKL 2025",
                    "menandatangani RKKL 2025 (LAKIP 2024, usulan 2026)", True)
    assert "names the year" not in run_cli("check", str(spec)).stdout


def test_a_stale_year_in_a_workbook_is_warned_at_its_cell(tmp_path: Path) -> None:
    # The published Kab. Batang 2022 plan reads "penempatan 2019", kept in the example as published.
    source = EXAMPLES / "kab-batang-2022.yaml"
    workbook = tmp_path / "plan.xlsx"
    assert run_cli("plan", "export", str(source), "-o", str(workbook)).returncode == 0
    yaml = YAML()
    data = yaml.load(source)
    lamp = next(lamp for lamp in data["lampiran"] if lamp["kind"] == "plan")
    del lamp["areas"]
    lamp["plan"] = "plan.xlsx"
    del data["accepted"]  # the example accepts this warning (kept as published): show it
    yaml.dump(data, tmp_path / "spec.yaml")
    result = run_cli("check", str(tmp_path / "spec.yaml"))
    book = openpyxl.load_workbook(workbook)
    cell = next(c for ws in book.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and "penempatan 2019" in c.value)
    said = [s for s in result.stdout.splitlines() if "names the year 2019" in s]
    assert len(said) == 1 and said[0].startswith(
        f"warning[stale-year]: {workbook}, sheet {cell.parent.title!r}, row {cell.row}, column {cell.column_letter}: "), said


def test_a_schedule_wholly_outside_the_plan_year_is_warned(tmp_path: Path) -> None:
    # The published Kab. Batang 2022 plan schedules one item "Januari-Desember 2023" (tests/seed_corrections).
    spec, _ = _copy(tmp_path, "kab-batang-2022")
    text = spec.read_text(encoding="utf-8")
    first = re.search(r"schedule: Januari-Desember 2022", text)
    assert first is not None
    spec.write_text(text[:first.start()] + "schedule: Januari-Desember 2023" + text[first.end():], encoding="utf-8")
    line = text[:first.start()].count("\n") + 1
    result = run_cli("check", str(spec))
    said = [s for s in result.stdout.splitlines() if "wholly outside" in s]
    assert len(said) == 1, result.stdout
    assert said[0].startswith(f"warning[schedule-outside-year]: {spec}:{line}:") and ".schedule: the schedule 'Januari–Desember 2023' " \
        "lies wholly outside the plan year 2022" in said[0], said


def test_months_partly_in_the_next_year_are_not_outside(tmp_path: Path) -> None:
    spec, _ = _copy(tmp_path, "kab-batang-2022", "schedule: Januari-Desember 2022", "schedule: Desember 2022 - Januari 2023")
    assert "wholly outside" not in run_cli("check", str(spec)).stdout


def test_an_evidence_item_without_a_schedule_is_warned_at_the_item(tmp_path: Path) -> None:
    # Three evidence items of the published Kab. Batang 2022 plan have no TARGET WAKTU, kept as published.
    spec = tmp_path / "kab-batang-2022.yaml"  # without the example's accepted warnings, which accept these
    spec.write_text(unaccepted((EXAMPLES / spec.name).read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("check", str(spec))
    said = [s for s in result.stdout.splitlines() if "has no schedule" in s]
    assert len(said) == 3, result.stdout
    line, column = _place(spec, "- text: Laporan evaluasi monev aplikasi dan IT")
    assert f"warning[no-schedule]: {spec}:{line}:{column + 2}: lampiran[1].areas[1].components[1].indicators[2].steps[0].evidence[0]: " \
           "this evidence item has no schedule" in "\n".join(said), said
