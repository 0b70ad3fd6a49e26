"""The long fuzzing run of issue 12: many generated and mutated inputs through the command line, against the property
that tests/test_fuzz.py checks on a few in CI.

Run from the repository root, after `pip install -e ".[test]"` (nice: it keeps both cores busy):

    nice python -m benchmarks.fuzz --cases 2000 --seed 1

Each worker process (--jobs, default 2) draws its cases with Hypothesis from tests/fuzz_strategies.py (seed
SEED + worker) and runs each case's commands in-process through the command line's entry point (every
--subprocess-every'th case again as `python -m zi_decree` processes, whose exit statuses must agree). A case
whose commands break the property is kept, input files and all, under OUT/failures/<cause>/<case>/ (OUT:
--out, by default zi-decree-fuzz-SEED in the system's temporary folder) with its
report (report.txt); `python -m benchmarks.fuzz --replay OUT/failures/<cause>/<case>` runs it again. OUT/summary.md
(also printed) and OUT/summary.json give the cases, the outcomes (exit statuses by command), the time, and the
failures grouped by cause (for an internal error, where its traceback ends in zi_decree).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

MEMORY_LIMIT = 4 * 1024**3  # address space of a worker: a runaway case fails alone instead of swapping the machine


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:90] or "x"


def _size(case_dir: Path) -> int:
    return sum(p.stat().st_size for p in case_dir.iterdir()
               if p.is_file() and p.name not in ("case.json", "report.txt"))


# --------------------------------------------------------------------------------------------- a worker


def worker(seed: int, cases: int, out: Path, families: tuple[str, ...] | None, timeout: float,
           subprocess_every: int) -> None:
    """Run `cases` cases drawn with `seed`; one JSON line per case in out/results.jsonl."""
    import resource
    import warnings

    from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings

    from fuzz_harness import Violation, run_case
    from fuzz_strategies import FAMILIES, cases as all_cases, random_backend

    warnings.simplefilter("ignore")  # openpyxl and pypdf warn about the damaged files they are given, by design
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    out.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(out / "cache")  # the YAML and catalogue caches of this run only
    results = (out / "results.jsonl").open("a", encoding="utf-8")
    counter = iter(range(10**9))

    def one(case: Any) -> None:
        i = next(counter)
        folder = out / "work" / f"{seed}-{i}"
        shutil.rmtree(folder, ignore_errors=True)
        (out / "current").write_text(str(folder), encoding="utf-8")
        outcome = run_case(case, folder, timeout=timeout)
        if subprocess_every and i % subprocess_every == 0:
            again = run_case(case, out / "work" / f"{seed}-{i}-subprocess", timeout=timeout, in_process=False)
            for a, b in zip(outcome.runs, again.runs):
                if a.code != b.code:
                    a.violations.append(Violation("in-process differs", f"exit {a.code} in-process, {b.code} as a "
                                                                        "process", " ".join(a.argv[:2])))
            shutil.rmtree(out / "work" / f"{seed}-{i}-subprocess", ignore_errors=True)
        line = {"id": f"{seed}-{i}", "family": case.family, "notes": list(case.notes), "seconds": outcome.seconds,
                "bytes": sum(len(d) for d in case.files.values()),
                "runs": [{"argv": list(r.argv), "code": r.code, "seconds": r.seconds,
                          "violations": [{"kind": v.kind, "detail": v.detail, "where": v.where, "key": v.key()}
                                         for v in r.violations]} for r in outcome.runs]}
        if outcome.ok:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            (folder / "report.txt").write_text(outcome.report() + "\n", encoding="utf-8", errors="backslashreplace")
            line["folder"] = str(folder)
        results.write(json.dumps(line, ensure_ascii=False) + "\n")
        results.flush()

    # Each family gets its share of the cases, drawn by a Hypothesis run of its own (one run over all families
    # would draw the first ones more often), at random (random_backend). A case drawn twice is run once.
    chosen = families or tuple(FAMILIES)
    seen: set[str] = set()
    for n, family in enumerate(chosen):
        share = cases // len(chosen) + (1 if n < cases % len(chosen) else 0)
        ran = 0

        def new(case: Any) -> None:
            nonlocal ran
            digest = hashlib.sha256(repr((sorted(case.files.items()), case.commands)).encode()).hexdigest()
            if ran >= share or digest in seen:
                return
            seen.add(digest)
            ran += 1
            one(case)

        for attempt in range(10):
            if ran >= share:
                break
            settings(max_examples=share - ran, database=None, deadline=None, phases=[Phase.generate],
                     suppress_health_check=list(HealthCheck), backend=random_backend())(
                hypothesis_seed((seed * 100 + n) * 100 + attempt)(given(all_cases((family,)))(new)))()
    (out / "current").unlink(missing_ok=True)
    results.close()


# --------------------------------------------------------------------------------------------- the run


def _spawn(seed: int, cases: int, out: Path, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "benchmarks.fuzz", "--worker", "--seed", str(seed), "--cases", str(cases),
               "--out", str(out), "--timeout", str(args.timeout), "--subprocess-every", str(args.subprocess_every)]
    if args.families:
        command += ["--families", args.families]
    log = (out.parent / f"{out.name}.log").open("ab")
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def _done(out: Path) -> int:
    path = out / "results.jsonl"
    return sum(1 for _ in path.open(encoding="utf-8")) if path.exists() else 0


def run(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.out).resolve()
    if out.exists() and any(out.iterdir()):
        sys.exit(f"{out} is not empty; name a new folder (--out)")
    out.mkdir(parents=True, exist_ok=True)
    (out / "started").write_text(str(time.time()), encoding="utf-8")
    started = time.perf_counter()
    shares = [args.cases // args.jobs + (1 if w < args.cases % args.jobs else 0) for w in range(args.jobs)]
    crashes: list[dict[str, Any]] = []
    # (worker folder, seed, cases wanted from this folder in all)
    plan = {w: (out / f"worker-{w}", args.seed * 1000 + w, shares[w]) for w in range(args.jobs)}
    running = {w: _spawn(seed, n, folder, args) for w, (folder, seed, n) in plan.items() if n}
    attempts = collections.Counter[int]()
    while running:
        time.sleep(1)
        for w, proc in list(running.items()):
            if proc.poll() is None:
                # A case stuck where the alarm cannot reach it (inside a C extension): the worker is ended.
                current = plan[w][0] / "current"
                if current.exists() and time.time() - current.stat().st_mtime > 4 * args.timeout + 60:
                    proc.kill()
                    proc.wait()
                else:
                    continue
            del running[w]
            folder, seed, wanted = plan[w]
            done = _done(folder)
            if done >= wanted or proc.returncode == 0:
                continue
            # The worker died inside a case (a crash of the interpreter, or the memory limit): keep the case,
            # then go on with a new seed for the rest.
            current = folder / "current"
            case = Path(current.read_text(encoding="utf-8")) if current.exists() else None
            crashes.append({"worker": w, "returncode": proc.returncode, "case": str(case) if case else None})
            attempts[w] += 1
            if attempts[w] > 20:
                continue
            plan[w] = (folder, seed + 100_000 * attempts[w], wanted)
            running[w] = _spawn(plan[w][1], wanted - done, folder, args)
    elapsed = time.perf_counter() - started
    return summarise(out, elapsed, crashes, args)


def summarise(out: Path, elapsed: float, crashes: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    lines = [json.loads(line) for path in sorted(out.glob("worker-*/results.jsonl"))
             for line in path.open(encoding="utf-8")]
    families = collections.Counter(line["family"] for line in lines)
    codes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    seconds: dict[str, list[float]] = collections.defaultdict(list)
    groups: dict[str, dict[str, Any]] = {}
    failed_cases = 0
    for line in lines:
        keys = set()
        for run_ in line["runs"]:
            command = run_["argv"][1] if run_["argv"][0] == "plan" else run_["argv"][0]
            codes[command][str(run_["code"])] += 1
            seconds[command].append(run_["seconds"])
            for v in run_["violations"]:
                keys.add(v["key"])
                group = groups.setdefault(v["key"], {"kind": v["kind"], "where": v["where"], "cases": 0,
                                                     "example": v["detail"], "commands": collections.Counter(),
                                                     "families": collections.Counter(), "folders": []})
                group["commands"][command] += 1
        if keys:
            failed_cases += 1
        for key in keys:
            groups[key]["cases"] += 1
            groups[key]["families"][line["family"]] += 1
            if line.get("folder"):
                groups[key]["folders"].append(line["folder"])
    # Each failing case is kept once, under the first of its causes; the smallest input of a cause is its reproducer.
    failures = out / "failures"
    moved: dict[str, str] = {}
    for key in sorted(groups, key=lambda k: -groups[k]["cases"]):
        group = groups[key]
        kept = []
        for folder in group["folders"]:
            if folder in moved:
                kept.append(moved[folder])
                continue
            source = Path(folder)
            if not source.exists():
                continue
            target = failures / _slug(key) / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), target)
            for leftover in target.glob("out*"):
                shutil.rmtree(leftover, ignore_errors=True)
            moved[folder] = str(target)
            kept.append(str(target))
        group["folders"] = kept
        group["smallest"] = min(kept, key=lambda f: _size(Path(f))) if kept else None
    for crash in crashes:
        if crash["case"] and Path(crash["case"]).exists():
            target = failures / "worker-crash" / Path(crash["case"]).name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(crash["case"], target)
            crash["case"] = str(target)

    def stats(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        return {"runs": len(values), "mean": sum(values) / len(values), "p50": values[len(values) // 2],
                "p95": values[int(len(values) * 0.95)], "max": values[-1]}

    summary = {
        "command": " ".join(["python -m benchmarks.fuzz", *sys.argv[1:]]),
        "seed": args.seed, "jobs": args.jobs, "cases": len(lines), "failed_cases": failed_cases,
        "wall_seconds": elapsed, "case_seconds": sum(line["seconds"] for line in lines),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "families": dict(families), "exit_codes": {c: dict(v) for c, v in codes.items()},
        "seconds_per_command": {c: stats(v) for c, v in seconds.items()},
        "crashes": crashes,
        "failures": [{"cause": k, **{f: (dict(g[f]) if isinstance(g[f], collections.Counter) else g[f])
                                      for f in ("kind", "where", "cases", "example", "commands", "families",
                                                "smallest")}, "kept": len(g["folders"])}
                     for k, g in sorted(groups.items(), key=lambda kv: -kv[1]["cases"])],
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    text = markdown(summary)
    (out / "summary.md").write_text(text, encoding="utf-8")
    return summary


def markdown(s: dict[str, Any]) -> str:
    lines = [f"Command: `{s['command']}` ({s['machine']}).", "",
             f"{s['cases']} cases in {s['wall_seconds'] / 60:.1f} min ({s['jobs']} workers; the cases' own time "
             f"{s['case_seconds'] / 60:.1f} min); "
             f"{s['failed_cases']} broke the property; {len(s['crashes'])} worker crashes.", "",
             "| family | cases |", "|---|---:|"]
    lines += [f"| {f} | {n} |" for f, n in sorted(s["families"].items())]
    statuses = sorted({c for v in s["exit_codes"].values() for c in v}, key=lambda c: (c == "None", c))
    lines += ["", "| command | runs | " + " | ".join(f"exit {c}" if c != "None" else "timeout" for c in statuses)
              + " | mean s | p95 s | max s |",
              "|---|---:|" + "---:|" * len(statuses) + "---:|---:|---:|"]
    for command, counts in sorted(s["exit_codes"].items()):
        t = s["seconds_per_command"][command]
        lines.append(f"| {command} | {t['runs']} | " + " | ".join(str(counts.get(c, 0)) for c in statuses)
                     + f" | {t['mean']:.2f} | {t['p95']:.2f} | {t['max']:.2f} |")
    if s["failures"]:
        lines += ["", "| cause | cases | commands | example | smallest reproducer |", "|---|---:|---|---|---|"]
        for f in s["failures"]:
            example = f["example"].replace("|", "\\|").replace("\n", " ")[:140]
            commands = ", ".join(f"{c} {n}" for c, n in f["commands"].items())
            lines.append(f"| {f['cause'].replace('|', '/')[:160]} | {f['cases']} | {commands} | {example} | "
                         f"{f['smallest'] or '-'} |")
    return "\n".join(lines) + "\n"


def replay(folder: Path, timeout: float, in_process: bool) -> int:
    from fuzz_harness import read_case, run_case

    case = read_case(folder)
    work = Path(tempfile.mkdtemp(prefix="zi-fuzz-replay-"))
    outcome = run_case(case, work / "case", timeout=timeout, in_process=in_process)
    print(outcome.report())
    print(f"(ran in {work / 'case'})")
    return 0 if outcome.ok else 1


def recheck(out: Path, timeout: float) -> str:
    """Run every failing case a run kept (OUT/failures/<cause>/<case>) again, with the code as it is now: a table of
    each cause and how many of its cases still break the property that way, break it otherwise, or keep it."""
    from fuzz_harness import read_case, run_case

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="zi-fuzz-recheck-"))
    done: dict[str, set[str]] = {}
    rows = ["| cause (then) | cases kept | still so | now otherwise | now kept the property |",
            "|---|---:|---:|---:|---:|"]
    for failure in summary["failures"]:
        folder = out / "failures" / _slug(failure["cause"])
        cases = sorted(p for p in folder.glob("*") if (p / "case.json").is_file()) if folder.is_dir() else []
        still = other = fine = 0
        for case_dir in cases:
            if str(case_dir) not in done:
                shutil.rmtree(work / "case", ignore_errors=True)
                done[str(case_dir)] = {v.key() for v in run_case(read_case(case_dir), work / "case",
                                                                 timeout=timeout).violations}
            keys = done[str(case_dir)]
            still += failure["cause"] in keys
            other += bool(keys) and failure["cause"] not in keys
            fine += not keys
        rows.append(f"| {failure['cause'].replace('|', '/')[:140]} | {len(cases)} | {still} | {other} | {fine} |")
    shutil.rmtree(work, ignore_errors=True)
    others = sorted({k for keys in done.values() for k in keys} - {f["cause"] for f in summary["failures"]})
    return "\n".join(rows + ([""] + [f"- now: {k}" for k in others] if others else [])) + "\n"


def minimise(folder: Path, target: Path, cause: str | None, timeout: float, budget: int = 400) -> int:
    """The case of `folder` made small while it still breaks the property the same way (`cause`, a violation's key;
    default: its first): only the commands that show it, then as few lines of each text file as keep it (greedy
    removal of halves, quarters, ... of the lines); workbooks and templates are kept whole. Written to `target`."""
    from fuzz_harness import read_case, run_case, write_case
    from fuzz_strategies import Case

    work = Path(tempfile.mkdtemp(prefix="zi-fuzz-minimise-"))
    trials = 0

    def keys(case: Case) -> set[str]:
        nonlocal trials
        trials += 1
        shutil.rmtree(work / "case", ignore_errors=True)
        return {v.key() for v in run_case(case, work / "case", timeout=timeout).violations}

    case = read_case(folder)
    found = keys(case)
    if not found:
        print(f"{folder}: keeps the property now")
        return 1
    cause = cause or sorted(found)[0]
    if cause not in found:
        print(f"{folder}: does not break the property as {cause!r} now, but as {sorted(found)}")
        return 1
    for command in case.commands:
        if "{out0}" in " ".join(command):
            continue
        fewer = Case(case.family, case.files, (command,), case.notes)
        if cause in keys(fewer):
            case = fewer
            break
    for name in sorted(case.files):  # files the commands showing it do not read
        fewer = Case(case.family, {k: v for k, v in case.files.items() if k != name}, case.commands, case.notes)
        if cause in keys(fewer):
            case = fewer
    for name in sorted(case.files):
        if name.endswith((".xlsx", ".docx")):
            continue
        lines = case.files[name].split(b"\n")
        chunk = max(len(lines) // 2, 1)
        while chunk >= 1 and trials < budget:
            i = 0
            while i < len(lines) and trials < budget:
                shorter = lines[:i] + lines[i + chunk:]
                trial = Case(case.family, {**case.files, name: b"\n".join(shorter)}, case.commands, case.notes)
                if shorter and cause in keys(trial):
                    lines, case = shorter, trial
                else:
                    i += chunk
            chunk //= 2
    shutil.rmtree(target, ignore_errors=True)
    write_case(Case(case.family, case.files, case.commands, (*case.notes, f"minimised for: {cause}")), target)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{target}: {sum(len(d) for d in case.files.values())} bytes after {trials} runs; {cause}")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000, help="cases in all (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed; the same seed draws the same cases")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--out", default=None,
                        help="folder for the summary and the failing cases (default: zi-decree-fuzz-SEED in the "
                             "system's temporary folder; not inside the repository, whose tests read every *.yaml "
                             "in it)")
    parser.add_argument("--families", default=None,
                        help="comma-separated families (default all): " + "valid spec, near-valid spec, example "
                        "mutant, plan workbook, plan export/import, offices table")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a command may take (default 120)")
    parser.add_argument("--subprocess-every", type=int, default=50,
                        help="every N-th case also runs as processes, to compare (default 50; 0: never)")
    parser.add_argument("--replay", type=Path, help="run one saved case again and print its report")
    parser.add_argument("--as-process", action="store_true", help="with --replay: run the commands as processes")
    parser.add_argument("--minimise", nargs=2, type=Path, metavar=("CASE", "TARGET"),
                        help="make a saved case small while it breaks the property the same way; write it to TARGET")
    parser.add_argument("--cause", help="with --minimise: the violation to keep (default: the case's first)")
    parser.add_argument("--recheck", action="store_true",
                        help="run the failing cases kept in --out again with the code as it is now")
    parser.add_argument("--summarise", action="store_true",
                        help="summarise the cases of --out again (after a run was interrupted)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    families = tuple(f.strip() for f in args.families.split(",")) if args.families else None
    if args.out is None:
        args.out = str(Path(tempfile.gettempdir()) / f"zi-decree-fuzz-{args.seed}")
    if args.replay:
        sys.exit(replay(args.replay, args.timeout, not args.as_process))
    if args.minimise:
        sys.exit(minimise(*args.minimise, args.cause, args.timeout))
    if args.worker:
        worker(args.seed, args.cases, Path(args.out), families, args.timeout, args.subprocess_every)
        return
    if args.recheck:
        print(recheck(Path(args.out).resolve(), args.timeout), end="")
        return
    if args.summarise:
        out = Path(args.out).resolve()
        last = max(p.stat().st_mtime for p in out.glob("worker-*/results.jsonl"))
        summary = summarise(out, last - float((out / "started").read_text(encoding="utf-8")), [], args)
    else:
        summary = run(args)
    print(markdown(summary), end="")
    print(f"Summary: {Path(args.out) / 'summary.md'}; failing cases under {Path(args.out) / 'failures'}")


if __name__ == "__main__":
    main()
