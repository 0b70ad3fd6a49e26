"""Warnings: loading never changes its input, and check, render, record.json and batch report the same set."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import EXAMPLES, ROOT, example_specs, run_cli
from strategies import spec_data
from zi_decree import Catalogue, Officials, batch, check, export_plan, load, load_data, new_spec, render_package
from zi_decree.loading.spec import inline_plan, read_plan_file

CATALOGUE = Catalogue.load()
OFFICES = EXAMPLES / "jawa-tengah-2025.offices.csv"
PLAN = EXAMPLES / "jawa-tengah-2025.plan.yaml"
# Schedules as staff type them: some read as months, some kept as text with a warning.
PHRASES = ["Sesuai kebutuhan", "Januari 2025", "Triwulan I", "Per bulan (Juni-Desember)", "44652", "Setiap bulan",
           "Minggu ke-3 Januari 2022", "Menyesuaikan"]


def _evidence(data: dict) -> list[dict]:
    return [ev for lamp in data["lampiran"] for area in lamp.get("areas", []) for comp in area["components"]
            for ind in comp["indicators"] for step in ind["steps"] for ev in step["evidence"]]


def _portable(problems) -> list[dict]:
    """Problems as record.json holds them: file names without their folders, no empty parts."""
    out = []
    for p in problems:
        entry = p if isinstance(p, dict) else p.as_dict()
        entry = {k: v for k, v in entry.items() if v is not None}
        if "file" in entry:
            entry["file"] = Path(entry["file"]).name
        out.append(entry)
    return out


# ----------------------------------------------------------------------------- loading leaves its input alone

@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec_data(), st.data())
def test_load_data_never_changes_its_input_and_warns_the_same_twice(data, draw) -> None:
    for ev in _evidence(data):
        if draw.draw(st.booleans()):
            ev["schedule"] = draw.draw(st.sampled_from(PHRASES))
    positions: dict = {}
    before, positions_before = copy.deepcopy(data), dict(positions)
    first = load_data(data, positions, catalogue=CATALOGUE)
    assert data == before and positions == positions_before
    second = load_data(data, positions, catalogue=CATALOGUE)
    assert second.warnings == first.warnings
    assert second.keputusan == first.keputusan


def _spec_with_plan(plan: dict, plan_positions: dict) -> tuple[dict, dict]:
    """The standard decree with a plan read once and put in, as batch does for each office."""
    from zi_decree.tasks.new import Officials, standard_spec

    data = standard_spec("Kabupaten Contoh", 2025, number=1, date=dt.date(2025, 1, 2),
                         officials=Officials(chair="Nama Ketua", attestation_name="Nama Pengesah"), plan="plan.yaml",
                         catalogue=CATALOGUE)
    lamp = data["lampiran"][0]
    lamp.pop("plan")
    positions: dict = {}
    inline_plan(lamp, plan, 0, positions, plan_positions)
    return data, positions


def test_a_plan_read_once_warns_for_every_spec_it_is_put_in(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(PLAN.read_text(encoding="utf-8").replace("schedule: Januari 2025", "schedule: Sesuai kebutuhan",
                                                                  1), encoding="utf-8")
    plan, plan_positions, _ = read_plan_file(plan_file, ("lampiran", 0), 2025)
    plan_before = copy.deepcopy(plan)
    warned = []
    for _ in range(3):
        data, positions = _spec_with_plan(plan, plan_positions)
        data_before, positions_before = copy.deepcopy(data), dict(positions)
        loaded = load_data(data, positions, base=tmp_path, catalogue=CATALOGUE, source="offices.csv")
        warned.append([str(w) for w in loaded.warnings])
        assert plan == plan_before and data == data_before and positions == positions_before
        # The positions of the loaded spec still place the plan's values in the plan file.
        assert loaded.positions[("lampiran", 0, "areas", 0, "name")].file == str(plan_file)
    assert warned[0] and warned[0] == warned[1] == warned[2]
    assert "'Sesuai kebutuhan' could not be read as months" in warned[0][0]
    assert warned[0][0].startswith(f"{plan_file}:")


def test_loading_a_spec_file_twice_gives_the_same_warnings(tmp_path: Path) -> None:
    (tmp_path / "kab-semarang-2025.plan.yaml").write_text(
        (EXAMPLES / "kab-semarang-2025.plan.yaml").read_text(encoding="utf-8").replace(
            "schedule: Januari 2025", "schedule: Sesuai kebutuhan"), encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text((EXAMPLES / "kab-semarang-2025.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first, second = load(spec, CATALOGUE), load(spec, CATALOGUE)
    assert first.warnings and first.warnings == second.warnings


# ----------------------------------------------------------------------------- batch keeps the plan's warnings

def _two_offices(tmp_path: Path) -> Path:
    with OFFICES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:2]
    path = tmp_path / "offices.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _warning_plan(tmp_path: Path) -> Path:
    """The shared example plan with an unreadable schedule and a component the guideline does not have."""
    text = PLAN.read_text(encoding="utf-8").replace("schedule: Januari 2025", "schedule: Sesuai kebutuhan", 1)
    text = text.replace("- name: Penyusunan Tim Kerja", "- name: Rapat Koordinasi Bulanan", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def warning_batch(tmp_path_factory) -> tuple[Path, Path, Path, object]:
    """Two offices of the example table with a plan that warns, through the command line: (plan, offices, output
    folder, the run)."""
    tmp = tmp_path_factory.mktemp("warnings")
    plan, offices, out = _warning_plan(tmp), _two_offices(tmp), tmp / "out"
    result = run_cli("batch", str(offices), "--plan", str(plan), "--year", "2025", "-o", str(out),
                     "--format", "txt", "--workers", "1")
    assert result.returncode == 0, result.stderr
    return plan, offices, out, result


def test_batch_reports_the_shared_plans_warnings_for_every_office(warning_batch) -> None:
    _, _, out, result = warning_batch
    assert "'Sesuai kebutuhan' could not be read as months" in result.stderr
    assert "lacks the component 'Penyusunan Tim Kerja'" in result.stderr
    assert "(2 with warnings)" in result.stdout
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2
    for folder, entry in zip(folders, sorted(summary["results"], key=lambda e: e["package"]), strict=True):
        record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        messages = [w["message"] for w in record["warnings"]]
        assert any("'Sesuai kebutuhan' could not be read as months" in m for m in messages), messages
        assert any("lacks the component 'Penyusunan Tim Kerja'" in m for m in messages), messages
        assert entry["warnings"] == record["warnings"]
        assert all(w["file"] == "plan.yaml" for w in record["warnings"])


# ----------------------------------------------------------------------------- one set of warnings everywhere

@pytest.fixture(scope="module")
def examples_checked_and_rendered(tmp_path_factory) -> tuple[dict, Path, object]:
    """`check --json` and `render --format txt` of every example, once: ({spec: its check entry}, output, run)."""
    specs = example_specs()
    checked = run_cli("check", "--json", *map(str, specs))
    entries = {Path(entry["spec"]): entry for entry in json.loads(checked.stdout)["specs"]}
    out = tmp_path_factory.mktemp("examples")
    rendered = run_cli("render", *map(str, specs), "--format", "txt", "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    return entries, out, rendered


@pytest.mark.parametrize("spec", example_specs(), ids=[p.stem for p in example_specs()])
def test_check_render_and_record_report_the_same_warnings(examples_checked_and_rendered, tmp_path: Path,
                                                          spec: Path) -> None:
    entries, out, rendered = examples_checked_and_rendered
    expected = _portable(entries[spec]["problems"])
    assert expected, "every example has warnings (coverage of the guideline in force)"
    checked = check(spec)
    assert _portable(checked.problems) == expected
    (folder,) = [f for f in out.iterdir() if json.loads((f / "record.json").read_text(encoding="utf-8"))
                 ["input"]["files"][0] == spec.name]
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    assert record["warnings"] == expected
    # Each example accepts its warnings (what it reproduces of the published decree): render lists those it
    # does not accept (none), then says how many of each and where they are kept.
    assert checked.problems and not checked.warnings and len(checked.accepted) == len(checked.problems)
    printed = rendered.stderr.splitlines()
    assert not [line for line in printed if line.startswith(("warning[", "error["))]
    assert f"{spec}: 0 warnings and {len(checked.accepted)} accepted, recorded in {folder / 'record.json'}" in printed
    # The API says the same: the package's warnings are check's, the accepted ones with their reasons.
    package = render_package(spec, tmp_path / "api", formats=["txt"])
    assert package.warnings == checked.accepted


def _office_spec(tmp_path: Path, row: dict[str, str], plan: Path) -> Path:
    """The spec `new` writes for an office of the table, naming the shared plan: what batch renders for it."""
    spec = tmp_path / f"spec-{row['number']}.yaml"
    new_spec(spec, row["office"], 2025, number=int(row["number"]), date=dt.date.fromisoformat(row["date"]),
             province=row["province"] or None, seat=row["seat"] or None,
             officials=Officials(chair=row["chair"], attestation_name=row["attestation_name"],
                                 attestation_position=row["attestation_position"], attestation_nip=row["nip"]),
             plan=plan, catalogue=CATALOGUE)
    return spec


def test_batch_reports_what_check_says_of_each_offices_spec(warning_batch, tmp_path: Path) -> None:
    plan, offices, out, result = warning_batch
    summary = {e["package"]: e for e in json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))["results"]}
    printed = {line for line in result.stderr.splitlines() if line.startswith("warning[")}
    with offices.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        checked = check(_office_spec(tmp_path, row, plan))
        assert checked.warnings and not checked.errors
        (folder,) = [p for p in out.iterdir() if p.is_dir() and p.name.endswith(f"-nomor-{row['number']}")]
        record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        assert record["warnings"] == _portable(checked.warnings)
        assert summary[folder.name]["warnings"] == record["warnings"]
        # Every office's warnings are in the plan, shared: each is said once, for all.
        assert {f"{w.heading}: {w}" for w in checked.warnings} == printed


def test_the_example_batch_reports_what_check_says_of_each_offices_spec(tmp_path: Path) -> None:
    result = batch(_two_offices(tmp_path), PLAN, 2025, tmp_path / "out", formats=["txt"], workers=1)
    with (tmp_path / "offices.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row, outcome in zip(rows, result.outcomes, strict=True):
        assert outcome.ok, outcome.problems
        checked = check(_office_spec(tmp_path, row, PLAN))
        assert not checked.errors
        assert _portable(outcome.warnings) == _portable(checked.warnings)


def test_a_workbook_plans_warnings_are_in_every_offices_record(tmp_path: Path) -> None:
    # A workbook is read once for the batch; what reading it warned of is still each office's.
    workbook = tmp_path / "plan.xlsx"
    export_plan(_warning_plan(tmp_path), workbook, year=2025, catalogue=CATALOGUE)
    result = batch(_two_offices(tmp_path), workbook, 2025, tmp_path / "out", formats=["txt"], workers=1)
    assert result.plan_warnings
    with (tmp_path / "offices.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row, outcome in zip(rows, result.outcomes, strict=True):
        record = json.loads((outcome.folder / "record.json").read_text(encoding="utf-8"))
        assert record["warnings"][:len(result.plan_warnings)] == _portable(result.plan_warnings)
        checked = check(_office_spec(tmp_path, row, workbook))
        assert record["warnings"] == _portable(checked.warnings)


def test_a_plan_file_is_named_as_the_user_named_its_spec() -> None:
    """A warning in a plan file names it beside the spec as given (examples/x.plan.yaml), not as an absolute
    path, the same way the spec's own warnings are named."""
    result = run_cli("check", "--show-accepted", "examples/kab-semarang-2025.yaml")
    lines = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "plan.yaml" in line]
    assert lines
    # "warning[code] accepted (reason): examples/kab-semarang-2025.plan.yaml:12:9: ..."
    assert all(" examples/kab-semarang-2025.plan.yaml:" in line and str(ROOT) not in line for line in lines), lines
