"""Warnings: loading never changes its input, and check, render, record.json and batch report the same set."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import spec_data

from zi_decree import Catalogue, load, load_data
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
        loaded = load_data(data, positions, base=tmp_path, catalogue=CATALOGUE, source="offices.csv")
        warned.append([str(w) for w in loaded.warnings])
        assert plan == plan_before
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
