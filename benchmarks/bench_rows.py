"""PDF time against the plan's size: `render --format pdf` of plans of 200 and 2,000 rows, time per row.

Run from the repository root:  nice python -m benchmarks.bench_rows [--runs N]
Each plan (benchmarks.plans.plan_spec, with the 12-month grid and the link column) is written as a spec to a
temporary folder and rendered by the command line in a fresh process, as a user runs it:
`python -m zi_decree render SPEC --format pdf -o DIR`; best wall time of the runs. The start-up (`--help`, the
interpreter and the package) is subtracted before dividing by the rows, so that the ratio compares the work that
grows with the plan. The time per row at 2,000 rows should be no more than 1.5 times that at 200 rows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.plans import plan_spec
from benchmarks.publish import publish

ROOT = Path(__file__).resolve().parent.parent
SIZES = (200, 2000)


def _best(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    py = sys.executable
    lines = ["| plan rows | render --format pdf (s) | less start-up (s) | per row (ms) | pages |",
             "|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="bench-rows-") as tmp:
        work = Path(tmp)
        startup = _best([py, "-m", "zi_decree", "--help"], args.runs)
        per_row = {}
        for rows in SIZES:
            spec = work / f"plan-{rows}.yaml"
            spec.write_text(yaml.safe_dump(plan_spec(rows, grid=True, link=True), allow_unicode=True,
                                           sort_keys=False), encoding="utf-8")
            out = work / f"out-{rows}"
            seconds = _best([py, "-m", "zi_decree", "render", str(spec), "--format", "pdf", "-o", str(out)],
                            args.runs)
            pdf = next(out.glob("*/*.pdf"))
            from pypdf import PdfReader

            pages = len(PdfReader(str(pdf)).pages)
            work_s = seconds - startup
            per_row[rows] = work_s / rows
            lines.append(f"| {rows:,} | {seconds:.2f} | {work_s:.2f} | {1000 * work_s / rows:.2f} | {pages} |")
    ratio = per_row[SIZES[1]] / per_row[SIZES[0]]
    lines.append("")
    lines.append(f"Start-up (`python -m zi_decree --help`): {startup:.2f} s. Time per row at {SIZES[1]:,} rows / "
                 f"at {SIZES[0]:,} rows: **{ratio:.2f}** (at most 1.5 wanted).")
    publish("rows", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
