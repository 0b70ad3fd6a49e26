"""Batch speed and memory: `zi-decree batch` on a 35-office table, against LibreOffice making the same PDFs.

Run from the repository root:  python -m benchmarks.bench_batch [--baseline DIR] [--runs N]
Needs LibreOffice (`soffice`). Every command runs as a subprocess, exactly as a user types it. Wall time is
the best of 3 runs (in rounds: one run of each command per round); CPU is the tree's user+sys time; memory is
the peak of the whole process tree (the command and every process it starts), sampled every 20 ms from /proc,
the highest of the runs. Two sums are given: RSS (what `top` shows, counting pages that forked workers share
with their parent once per process) and PSS (shared pages divided among the processes that share them: the
memory the run really takes). Python runs with its bytecode cache (cached_env).

The table is examples/jawa-tengah-2025.offices.csv with its plan when present; otherwise a generated 35-row
CSV with the Kabupaten Semarang plan. Each office's package holds the original DOCX, the salinan DOCX and PDF,
and record.json (the default formats docx,pdf). The LibreOffice row converts the 35 salinan DOCX files of
that batch to PDF in one `soffice --headless --convert-to pdf` call, with its own profile (made once before).

With --baseline DIR (a checkout of an earlier version, e.g. `git worktree add /tmp/before <commit>`), the same
batch commands of that version run in the same rounds, and the table gives this version's speed-up over it.
Every command runs once, untimed, before the timed rounds: each version's bytecode cache and the user cache
(the catalogue, in a cache folder of the run) are then warm, as on a user's machine after the first run.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.publish import publish

ROOT = Path(__file__).resolve().parent.parent
OFFICES = ROOT / "examples" / "jawa-tengah-2025.offices.csv"
PLAN = ROOT / "examples" / "jawa-tengah-2025.plan.yaml"
FALLBACK_PLAN = ROOT / "examples" / "kab-semarang-2025.plan.yaml"


# ---------------------------------------------------------------------------------------------- measuring

def _tree(pid: int) -> list[int]:
    """The process and all its descendants, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:  # the process ended meanwhile
            pass
    return found


def _kib(path: str, field: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, ok: tuple[int, ...] = (0,)) -> dict:
    """Run `cmd`: wall time and CPU time (s, the whole tree's user+sys), peak RSS and PSS sums (MiB), processes."""
    peak = {"rss": 0, "pss": 0, "procs": 0}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        start = time.perf_counter()
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                pids = _tree(proc.pid)
                rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
                pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
                peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
                peak["procs"] = max(peak["procs"], len(pids))
                done.wait(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # usage covers the children it waited for: the workers
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if proc.returncode not in ok:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read().decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": peak["rss"] / 1024,
            "pss": peak["pss"] / 1024, "procs": peak["procs"]}


def interleaved(cases: list[tuple], runs: int, warm_up: bool = False) -> dict[str, list[dict]]:
    """Run each (name, make_cmd, env[, cwd]) case `runs` times, in rounds (one run of every case per round), so
    that a slower spell of this shared machine falls on every case alike. make_cmd(i) gives run i's command;
    with `warm_up`, each case runs once first, untimed, as make_cmd(-1)."""
    results: dict[str, list[dict]] = {case[0]: [] for case in cases}
    for i in range(-1 if warm_up else 0, runs):
        for name, make_cmd, env, *rest in cases:
            run = measure(make_cmd(i), env, *rest, ok=(0, 1))  # check exits 1 on warnings
            if i >= 0:
                results[name].append(run)
    return results


def best(runs: list[dict]) -> dict:
    """The fastest run; memory: the highest of the runs; every run's wall time."""
    fastest = min(runs, key=lambda r: r["wall"])
    return {**fastest, "rss": max(r["rss"] for r in runs), "pss": max(r["pss"] for r in runs),
            "runs": [r["wall"] for r in runs]}


def soffice_or_exit(work: Path) -> tuple[str, str]:
    """The soffice binary and a -env:UserInstallation option for a private profile in `work`, made once here."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed for the comparison")
    profile = f"-env:UserInstallation=file://{work}/lo-profile"
    subprocess.run([soffice, "--headless", profile, "--terminate_after_init"], capture_output=True)
    return soffice, profile


def cached_env(work: Path, root: Path = ROOT, name: str = "pycache") -> dict:
    """The environment with Python's bytecode cache on, as on a user's machine (pip compiles on install), warmed.

    This machine sets PYTHONDONTWRITEBYTECODE=1 and the editable checkout has no __pycache__, so without this
    every run would compile zi_decree's modules again. The cache goes to a folder in `work`, not the repo, and
    `root` (this checkout or a baseline's) comes first on the path. The user cache is a folder in `work` too.
    Modules a command imports only when it needs them are compiled by its first run (see interleaved's warm_up).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / name)
    env["PYTHONPATH"] = str(root)
    env["XDG_CACHE_HOME"] = str(work / f"{name}-user-cache")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "zi_decree"], cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def baseline_root(path: str | None) -> Path | None:
    """An earlier version's checkout to compare with, checked: it must hold zi_decree and the examples."""
    if path is None:
        return None
    root = Path(path).resolve()
    if not (root / "zi_decree" / "__main__.py").is_file() or not (root / "examples").is_dir():
        sys.exit(f"{root}: not a zi-decree checkout (zi_decree/__main__.py and examples/ are needed)")
    return root


def arguments(description: str, runs: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--baseline", help="a checkout of an earlier version to compare with (same commands)")
    parser.add_argument("--runs", type=int, default=runs, help=f"timed runs of each command (default {runs})")
    return parser.parse_args()


def machine() -> str:
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return (f"{platform.machine()}, {os.cpu_count()} cores (os.cpu_count()), Python {platform.python_version()}, "
            f"{platform.system()}; load average at the end {load}")


# ---------------------------------------------------------------------------------------------- inputs

def offices_table(work: Path) -> tuple[Path, Path, str]:
    """The offices table, its plan and a description: the Jawa Tengah example, or 35 generated rows."""
    if OFFICES.is_file() and PLAN.is_file():
        return OFFICES, PLAN, f"`{OFFICES.relative_to(ROOT)}` with `{PLAN.relative_to(ROOT)}`"
    path = work / "offices.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["office", "seat", "province", "number", "date", "chair", "attestation_name"])
        for n in range(1, 36):
            kind = "Kota" if n % 5 == 0 else "Kabupaten"
            out.writerow([f"{kind} Contoh {n}", f"Kedudukan {n}", "Jawa Tengah", n,
                          f"2025-{(n % 12) + 1:02d}-{(n % 28) + 1:02d}", f"Ketua Nomor {n}", f"Pejabat Nomor {n}"])
    return path, FALLBACK_PLAN, f"a generated 35-row CSV with `{FALLBACK_PLAN.relative_to(ROOT)}`"


# ---------------------------------------------------------------------------------------------- main

def main() -> None:
    args = arguments("Batch speed and memory against LibreOffice (and an earlier version).", 3)
    base = baseline_root(args.baseline)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        soffice, profile = soffice_or_exit(work)
        env = cached_env(work)
        offices, plan, described = offices_table(work)
        year = "2025"

        def batch(workers: int, formats: str = "docx,pdf", root: Path = ROOT, tag: str = "ours"):
            table, shared = (root / offices.relative_to(ROOT), root / plan.relative_to(ROOT)) \
                if offices.is_relative_to(ROOT) else (offices, plan)

            def cmd(i: int) -> list[str]:
                return [sys.executable, "-m", "zi_decree", "batch", str(table), "--plan", str(shared),
                        "--year", year, "-o", str(work / f"{tag}-{formats}-{workers}-{i}"), "--format", formats,
                        "--workers", str(workers)]
            return cmd

        def libreoffice(i: int) -> list[str]:
            # The salinan DOCX files the `--workers 1` run of the same round wrote just before.
            first = work / f"ours-docx,pdf-1-{i}"
            return [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(work / f"lo-{i}"),
                    *map(str, sorted(first.glob("*/*.salinan.docx")))]

        with offices.open(encoding="utf-8") as f:
            n = sum(1 for _ in csv.DictReader(f))
        lo_name = f"LibreOffice: the {n} salinan DOCX to PDF, one call"
        cases: list[tuple] = [(f"ours, `--workers {w}` (docx,pdf)", batch(w), env) for w in (1, 2)]
        cases += [("ours, `--workers 2 --format docx` (no PDF)", batch(2, "docx"), env),
                  (lo_name, libreoffice, None)]
        if base is not None:
            before_env = cached_env(work, base, "pycache-baseline")
            cases += [(f"baseline, `--workers {w}` (docx,pdf)", batch(w, root=base, tag="baseline"), before_env, base)
                      for w in (1, 2)]
        results = {name: best(runs) for name, runs in interleaved(cases, args.runs, warm_up=True).items()}
        first = work / "ours-docx,pdf-1-0"
        if len(list((work / "lo-0").glob("*.pdf"))) != n or len(list(first.glob("*/*.salinan.pdf"))) != n:
            sys.exit("a PDF is missing")

    lo = results[lo_name]
    runs = args.runs
    lines = [f"Offices: {n} ({described}); machine: {machine()}.", "",
             f"| command | wall, best of {runs} (s) | s per office | peak tree RSS (MiB) | peak tree PSS (MiB) "
             "| processes | CPU, user+sys, of the best run (s) | LibreOffice / this | baseline / this |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        before = results.get(name.replace("ours,", "baseline,")) if name.startswith("ours,") else None
        speed_up = f"{before['wall'] / r['wall']:.2f}x" if before else ""
        lines.append(f"| {name} | {r['wall']:.2f} | {r['wall'] / n:.3f} | {r['rss']:.0f} | {r['pss']:.0f} "
                     f"| {r['procs']} | {r['cpu']:.1f} | {lo['wall'] / r['wall']:.1f}x | {speed_up} |")
    lines += ["", "Every run's wall time (s), in order: "
              + "; ".join(f"{name}: {', '.join(f'{t:.2f}' for t in r['runs'])}" for name, r in results.items())]
    if base is not None:
        lines += ["", f"Baseline: {base}."]
    text = "\n".join(lines) + "\n"
    publish("batch", text)


if __name__ == "__main__":
    main()
