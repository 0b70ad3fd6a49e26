"""What proofreading adds to `check` of the largest example (Kota Surakarta, with its plan): in-process and whole
process.

Run from the repository root:  python -m benchmarks.bench_proofread [--runs N]
In-process: each run is a fresh Python that loads and resolves the spec, then times `problems()` without
proofreading (`check`'s other warnings), then the proofreading alone: first in the process (reading the
dictionary, from the user cache, and the word lists; checking every word; making the suggestions), and again
(another decree in the same process, as `batch` makes them). Whole process: `check` of the spec from the command
line, as a user types it, with proofreading and with it switched off (check's `proofread_problems` replaced by
one that finds nothing before the command line starts; both run through the same small driver), and with the
dictionary's cache removed first (its .dic read from the text). The commands run in rounds, one of each per
round (bench_batch.interleaved); best and median wall time, and the CPU time of the process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_batch import ROOT, arguments, cached_env, interleaved, machine
from benchmarks.publish import publish

SPEC = "examples/kota-surakarta-2025.yaml"  # the largest example (benchmarks.bench_docx.largest_example)

IN_PROCESS = """
import json, sys, time
from zi_decree import load
from zi_decree.resolving.resolve import resolve
import zi_decree.tasks.check as check
from zi_decree.tasks.proofread import proofread_problems
loaded = load(sys.argv[1]); resolved = resolve(loaded)
real = check.proofread_problems
check.proofread_problems = lambda loaded: []
def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu
_, without, without_cpu = timed(lambda: check.problems(loaded, resolved))
check.proofread_problems = real
found, first, first_cpu = timed(lambda: proofread_problems(loaded))
_, again, again_cpu = timed(lambda: proofread_problems(loaded))
print(json.dumps({"without": without, "first": first, "again": again, "without_cpu": without_cpu,
                  "first_cpu": first_cpu, "again_cpu": again_cpu, "found": len(found)}))
"""

DRIVER = """
import glob, os, sys
if sys.argv[1] == "off":
    import zi_decree.tasks.check as check
    check.proofread_problems = lambda loaded: []
elif sys.argv[1] == "uncached":
    from zi_decree.base.cache import cache_dir
    for path in glob.glob(os.path.join(str(cache_dir()), "hunspell-*.json")):
        os.remove(path)
from zi_decree.cli import main
sys.argv = ["zi-decree", "check", *sys.argv[2:]]
main()
"""


def _seconds(values: list[float]) -> str:
    return f"{min(values):.3f} | {statistics.median(values):.3f}"


def main() -> None:
    args = arguments("What proofreading adds to check of the largest example.", 9)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-proofread-") as tmp:
        work = Path(tmp)
        env = cached_env(work)
        subprocess.run([py, "-m", "zi_decree", "check", SPEC], cwd=ROOT, env=env, capture_output=True)  # caches

        runs = []
        for _ in range(args.runs):
            out = subprocess.run([py, "-c", IN_PROCESS, SPEC], cwd=ROOT, env=env, capture_output=True, text=True,
                                 check=True)
            runs.append(json.loads(out.stdout))
        found = runs[0]["found"]

        def driver(mode: str):
            return lambda i: [py, "-c", DRIVER, mode, SPEC]

        cases = [("`check`, proofreading switched off", driver("off"), env),
                 ("`check`", driver("on"), env),
                 ("`check`, the dictionary not cached", driver("uncached"), env)]
        whole = interleaved(cases, args.runs, warm_up=True)

    lines = [f"Proofreading `{SPEC}` with its plan ({found} spelling warnings); {args.runs} runs each.", "",
             "In-process (a fresh Python each run; seconds):", "",
             "| part | wall, best | wall, median | CPU, best | CPU, median |", "|---|---:|---:|---:|---:|"]
    for key, name in (("without", "`problems()` without proofreading (check's other warnings)"),
                      ("first", "proofreading, first in the process"),
                      ("again", "proofreading again (a second decree, as in a batch)")):
        lines.append(f"| {name} | {_seconds([r[key] for r in runs])} | {_seconds([r[key + '_cpu'] for r in runs])} |")
    lines += ["", "Whole process (seconds):", "",
              "| command | wall, best | wall, median | CPU, least |", "|---|---:|---:|---:|"]
    off = whole[cases[0][0]]
    for name, _, _ in cases:
        results = whole[name]
        walls = [r["wall"] for r in results]
        lines.append(f"| {name} | {min(walls):.3f} | {statistics.median(walls):.3f} | "
                     f"{min(r['cpu'] for r in results):.3f} |")
    on = whole[cases[1][0]]
    added_wall = statistics.median(r["wall"] for r in on) - statistics.median(r["wall"] for r in off)
    added_cpu = min(r["cpu"] for r in on) - min(r["cpu"] for r in off)
    lines += ["", f"Proofreading adds {added_wall:.3f} s to the median wall time of `check` and {added_cpu:.3f} s "
                  f"to its least CPU time (goal: at most 0.3 s).",
              f"Machine: {machine()}."]
    publish("proofread", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
