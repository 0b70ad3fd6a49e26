"""Plans in Excel (issue 6): export, import and a spec whose plan is a workbook, against LibreOffice's CSV export.

Run from the repository root:  python -m benchmarks.bench_workbook
Needs LibreOffice (`soffice`). Inputs: the Kota Surakarta example (examples/kota-surakarta-2025.yaml, 87 plan
rows) and synthetic plans of 500 and 2,000 rows (benchmarks.plans.plan_spec, written to YAML and accepted by
`python -m zi_decree check` first: exit 0 or 1). For each, as fresh subprocesses exactly as a user types them:

- `python -m zi_decree plan export SPEC -o plan.xlsx` (the spec's plan as a workbook);
- `python -m zi_decree plan import plan.xlsx -o plan.yaml` (read back, validated, written as YAML);
- `python -m zi_decree check spec.yaml` where the spec says `plan: plan.xlsx` (check exits 1 on warnings, so it
  runs under `sh -c '"$@"; [ $? -le 1 ]'`, which accepts 0 and 1);
- the alternative a user would pick to get the workbook's contents out: `soffice --headless --convert-to csv`
  of the same plan.xlsx, with its own profile (-env:UserInstallation, made once before). Plain `--convert-to csv`
  writes only the first sheet, which is the instructions (Petunjuk), so the compared command names the plan
  sheet with the CSV filter's sheet option (`csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,
  false,false,2`); the plain command runs once per input for reference.

plan.xlsx is the workbook the first export run writes (export-0.xlsx); each run writes a new file.

The commands run in rounds (one run of each per round, bench_batch.interleaved); best and median of 5 runs
(3 for 2,000 rows, to keep the script to a few minutes: one 2,000-row export alone takes 15 s or more), CPU
user+sys of the process tree and its peak RSS (bench_batch.measure). Python runs with its bytecode cache
(bench_batch.cached_env). In-process, with time.perf_counter: `zi_decree.tasks.workbook.plan_workbook(lampiran,
year)` and `zi_decree.loading.workbook.read_plan_xlsx(path, year=year)` (best and median of the same counts), and the
read's peak Python heap (tracemalloc, one more run). Ratios are ours / LibreOffice (below 1: ours is faster).
"""

from __future__ import annotations

import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.bench_batch import ROOT, cached_env, interleaved, machine, measure, soffice_or_exit
from benchmarks.plans import plan_spec
from benchmarks.publish import publish

EXAMPLE = "examples/kota-surakarta-2025.yaml"
SIZES = (500, 2000)
RUNS = {87: 5, 500: 5, 2000: 3}  # by plan rows; anything else: 5
PLAN = "export-0.xlsx"  # the workbook the first export run writes; import, check and LibreOffice read it
PLAN_SHEET_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
ACCEPT_WARNINGS = '"$@"; [ $? -le 1 ]'


def _runs(rows: int) -> int:
    return RUNS.get(rows, 5)


def _rows(lamp) -> int:
    return sum(len(step.evidence) for area in lamp.areas for comp in area.components for ind in comp.indicators
               for step in ind.steps)


def _write_yaml(data: dict, path: Path) -> None:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(json.loads(json.dumps(data)), f)


def _inputs(work: Path) -> list[tuple[str, Path, Path, Any]]:
    """(name, spec with its plan in YAML, spec whose plan is the workbook `export-0.xlsx` beside it, the loaded
    Keputusan) for every input. export-0.xlsx is written by the first export run, before anything reads it."""
    from zi_decree.loading.spec import load, load_data

    out = []
    folder = work / "example"
    folder.mkdir()
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8")
    assert "plan: kota-surakarta-2025.plan.yaml" in text
    (folder / "spec-xlsx.yaml").write_text(text.replace("plan: kota-surakarta-2025.plan.yaml", f"plan: {PLAN}"),
                                           encoding="utf-8")
    example = load(ROOT / EXAMPLE).keputusan
    out.append(("example kota-surakarta-2025", ROOT / EXAMPLE, folder / "spec-xlsx.yaml", example))
    for n in SIZES:
        folder = work / f"synthetic-{n}"
        folder.mkdir()
        data = plan_spec(n)
        _write_yaml(data, folder / "spec.yaml")
        status = subprocess.run([sys.executable, "-m", "zi_decree", "check", str(folder / "spec.yaml")],
                                cwd=ROOT, capture_output=True, text=True)
        if status.returncode not in (0, 1):
            sys.exit(f"the synthetic {n}-row spec does not pass check ({status.returncode}):\n{status.stdout}")
        xlsx = copy.deepcopy(data)
        lamp = xlsx["lampiran"][0]
        del lamp["areas"]
        lamp["plan"] = PLAN
        _write_yaml(xlsx, folder / "spec-xlsx.yaml")
        # The same plan as loading spec.yaml gives, without parsing its YAML again here.
        out.append((f"synthetic {n} rows", folder / "spec.yaml", folder / "spec-xlsx.yaml", load_data(data).keputusan))
    return out


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    from zi_decree.loading.workbook import read_plan_xlsx
    from zi_decree.model.keputusan import PlanLampiran
    from zi_decree.tasks.workbook import plan_workbook

    began = time.perf_counter()
    py = sys.executable
    sub_lines, proc_lines, plain_lo, growth, every = [], [], [], {}, []
    with tempfile.TemporaryDirectory(prefix="bench-workbook-") as tmp:
        work = Path(tmp)
        soffice, profile = soffice_or_exit(work)
        env = cached_env(work)
        for name, spec, spec_xlsx, k in _inputs(work):
            folder = spec_xlsx.parent
            plan = folder / PLAN
            lamp = next(lp for lp in k.lampiran if isinstance(lp, PlanLampiran))
            rows = _rows(lamp)
            runs = _runs(rows)

            # ---- subprocesses, in rounds
            lo_name = "LibreOffice: `soffice --headless --convert-to 'csv:...,2' plan.xlsx` (the plan sheet)"
            cases = [
                ("`python -m zi_decree plan export SPEC -o plan.xlsx`",
                 lambda i: [py, "-m", "zi_decree", "plan", "export", str(spec), "-o", str(folder / f"export-{i}.xlsx")],
                 env),
                ("`python -m zi_decree plan import plan.xlsx -o plan.yaml`",
                 lambda i: [py, "-m", "zi_decree", "plan", "import", str(plan), "-o", str(folder / f"import-{i}.yaml")],
                 env),
                ("`python -m zi_decree check spec.yaml` (`plan: plan.xlsx`)",
                 lambda i: ["sh", "-c", ACCEPT_WARNINGS, "sh", py, "-m", "zi_decree", "check", str(spec_xlsx)], env),
                (lo_name,
                 lambda i: [soffice, "--headless", profile, "--convert-to", PLAN_SHEET_CSV, "--outdir",
                            str(folder / f"lo-{i}"), str(plan)], None),
            ]
            results = interleaved(cases, runs)
            csv_out = list((folder / "lo-0").glob("*.csv"))
            if not csv_out or "BUKTI FISIK" not in csv_out[0].read_text(encoding="utf-8"):
                sys.exit(f"LibreOffice wrote no CSV of the plan sheet for {name}")
            if not (folder / "import-0.yaml").is_file() or not (folder / "export-0.xlsx").is_file():
                sys.exit(f"export or import wrote nothing for {name}")
            lo_best = min(r["wall"] for r in results[lo_name])
            lo_median = statistics.median(r["wall"] for r in results[lo_name])
            for cmd, rs in results.items():
                walls = [r["wall"] for r in rs]
                ratio = "1.00" if cmd == lo_name else f"{min(walls) / lo_best:.2f}"
                sub_lines.append(f"| {name} | {rows} | {cmd} | {min(walls):.3f} | {statistics.median(walls):.3f} "
                                 f"| {min(r['cpu'] for r in rs):.2f} | {max(r['rss'] for r in rs):.0f} | {ratio} |")
                every.append(f"{name}, {cmd.split('`')[1] if '`' in cmd else cmd}: "
                             + ", ".join(f"{w:.2f}" for w in walls))
            plain = measure([soffice, "--headless", profile, "--convert-to", "csv", "--outdir",
                             str(folder / "lo-plain"), str(plan)])
            sheet = next((folder / "lo-plain").glob("*.csv")).read_text(encoding="utf-8").split("\n", 1)[0]
            plain_lo.append(f"{name}: {plain['wall']:.2f} s (its CSV begins {sheet[:40]!r}...)")

            # ---- in-process
            write = _timed(lambda: plan_workbook(lamp, k.year), runs)
            read = _timed(lambda: read_plan_xlsx(plan, year=k.year), runs)
            peak = _peak_mib(lambda: read_plan_xlsx(plan, year=k.year))
            growth[rows] = (min(write), min(read))
            proc_lines.append(
                f"| {name} | {rows} | {plan.stat().st_size / 1024:.0f} | {min(write):.3f} | "
                f"{statistics.median(write):.3f} | {1000 * min(write) / rows:.2f} | {min(read):.3f} | "
                f"{statistics.median(read):.3f} | {1000 * min(read) / rows:.2f} | {peak:.1f} | "
                f"{min(read) / lo_best:.2f} | {statistics.median(read) / lo_median:.2f} |")
            print(f"{name} done at {time.perf_counter() - began:.0f} s", file=sys.stderr)

    small, large = SIZES[0], SIZES[-1]
    (w1, r1), (w2, r2) = growth[small], growth[large]
    factor = large / small
    lines = [f"Machine: {machine()}. Whole script: {time.perf_counter() - began:.0f} s.", "",
             "Subprocesses (fresh `python -m zi_decree ...` and `soffice`; best and median of 5 runs, 3 for "
             "2,000 rows):", "",
             "| input | plan rows | command | best (s) | median (s) | CPU, user+sys, least (s) "
             "| peak tree RSS (MiB) | ours / LibreOffice (best) |",
             "|---|---:|---|---:|---:|---:|---:|---:|", *sub_lines, "",
             "In-process (`plan_workbook(lampiran, year)` and `read_plan_xlsx(path, year=year)`, time.perf_counter; "
             "heap peak of the read by tracemalloc):", "",
             "| input | plan rows | workbook (KiB) | write best (s) | write median (s) | write ms/row | read best (s) "
             "| read median (s) | read ms/row | read heap peak (MiB) | read / LibreOffice, best | "
             "read / LibreOffice, median |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *proc_lines, "",
             f"Growth from {small} to {large} rows ({factor:.0f}x rows, linear would be {factor:.0f}x): "
             f"plan_workbook {w2 / w1:.1f}x, read_plan_xlsx {r2 / r1:.1f}x.", "",
             "The plain `soffice --headless --convert-to csv --outdir D plan.xlsx` (one run; it writes only the "
             "first sheet): " + "; ".join(plain_lo) + ".", "",
             "Every run's wall time (s), in order: " + "; ".join(every) + "."]
    publish("workbook", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
