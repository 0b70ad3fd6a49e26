"""DOCX rendering speed: the largest example and synthetic 100/500/2,000-row plans.

Run from the repository root:  python -m benchmarks.bench_docx
Prints a Markdown table (also written to benchmarks/results/docx.md). Times are the best of several runs of
compose + DOCX rendering, in one process, after loading and resolving (which are measured separately).
"""

from __future__ import annotations

import platform
import statistics
import time
import tracemalloc
from pathlib import Path

from benchmarks.plans import plan_spec
from benchmarks.publish import publish
from zi_decree import compose, load, load_data, resolve
from zi_decree.rendering.docx import render_docx

ROOT = Path(__file__).resolve().parent.parent


def _time(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs)


def _peak(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def largest_example() -> Path:
    def rows(path: Path) -> int:
        resolved = resolve(load(path))
        return sum(len(r) for r in resolved.plans.values())

    specs = [p for p in (ROOT / "examples").glob("*.yaml") if not p.name.endswith(".plan.yaml")]
    return max(specs, key=rows)


def main() -> None:
    lines = ["| input | plan rows | load+resolve (s) | compose+DOCX (s) | ms per row "
             "| Python heap peak, tracemalloc (MiB) |",
             "|---|---:|---:|---:|---:|---:|"]
    example = largest_example()
    cases = [(f"example {example.stem}", lambda: load(example))]
    cases += [(f"synthetic {n} rows (grid, link)", lambda n=n: load_data(plan_spec(n, grid=True, link=True)))
              for n in (100, 500, 2000)]
    per_row = []
    for name, make in cases:
        load_time = _time(make, 3)
        resolved = resolve(make())
        rows = sum(len(r) for r in resolved.plans.values())
        render = lambda: render_docx(compose(resolved, "salinan"))  # noqa: E731
        render_time = _time(render, 3 if rows > 1000 else 5)
        peak = _peak(render)
        per_row.append((rows, render_time))
        lines.append(f"| {name} | {rows} | {load_time:.3f} | {render_time:.3f} | "
                     f"{1000 * render_time / rows:.2f} | {peak:.0f} |")
    synthetic = per_row[1:]
    (r1, t1), (r3, t3) = synthetic[0], synthetic[-1]
    lines.append("")
    lines.append(f"Growth from {r1} to {r3} rows: {r3 / r1:.0f}x rows, {t3 / t1:.1f}x time "
                 f"(linear would be {r3 / r1:.0f}x; ms per row {1000 * t1 / r1:.2f} -> {1000 * t3 / r3:.2f}).")
    lines.append(f"Machine: {platform.machine()}, Python {platform.python_version()}, "
                 f"{platform.system()}; median of the DOCX times: {statistics.median(t for _, t in per_row):.3f} s.")
    text = "\n".join(lines) + "\n"
    publish("docx", text)


if __name__ == "__main__":
    main()
