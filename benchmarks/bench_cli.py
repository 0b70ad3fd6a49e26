"""One decree from the command line, interpreter start-up included, against LibreOffice's command line.

Run from the repository root:  python -m benchmarks.bench_cli [--baseline DIR] [--runs N]
Needs LibreOffice (`soffice`). Each command runs as a fresh subprocess, as a user types it: `--help`; `check`
and `render --format pdf` of the largest example (Kota Surakarta), the render also with the default formats
(docx,pdf: a package of four files) and with an empty user cache (the catalogue is then read from its YAML, as
on a first run); `python -c pass`, the interpreter alone, is the floor. The comparison is a fresh
`soffice --headless --convert-to pdf` of that decree's salinan DOCX (with its own profile, made once before).
Every command runs once untimed, then `--runs` times in rounds; best and median wall time; CPU is the least of
the runs; memory is the peak RSS of the process tree, sampled every 20 ms (see bench_batch), the highest of the
runs. Python runs with its bytecode cache, as on a user's machine (bench_batch.cached_env). With --baseline DIR
(a checkout of an earlier version) its same commands run in the same rounds.

With --installed, the checkout is also installed as README's first command installs it (`pip install .`, not
editable) into a fresh virtual environment made for the run, and its same commands run from there, in the same
rounds, from a folder outside the checkout: what a user runs. This machine's system Python starts slower than a
fresh environment's (its site-packages hold an editable install's finder and `.pth` files: `python -c pass` takes
0.07 to 0.12 s there against 0.01 s in a fresh venv), and the development checkout pays that on every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_batch import ROOT, baseline_root, cached_env, interleaved, machine, soffice_or_exit
from benchmarks.publish import publish

SPEC = "examples/kota-surakarta-2025.yaml"  # the largest example (benchmarks.bench_docx.largest_example)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="One decree from the command line against LibreOffice (and an earlier version).")
    parser.add_argument("--baseline", help="a checkout of an earlier version to compare with (same commands)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--installed", action="store_true",
                        help="also run the checkout installed by `pip install .` into a fresh virtual environment")
    return parser.parse_args()


def _installed(work: Path) -> tuple[str, dict]:
    """A fresh virtual environment with this checkout installed as README's first command installs it; its
    interpreter and an environment to run it in (its own user cache; nothing of the checkout on the path)."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(ROOT)], check=True, cwd=work)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["XDG_CACHE_HOME"] = str(work / "installed-user-cache")
    return python, env


def main() -> None:
    args = _arguments()
    base = baseline_root(args.baseline)
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        soffice, profile = soffice_or_exit(work)
        versions: list[tuple[str, dict, Path | None]] = [("ours", cached_env(work), None)]
        if base is not None:
            versions.append(("baseline", cached_env(work, base, "pycache-baseline"), base))
        pythons = {"ours": sys.executable, "baseline": sys.executable}
        if args.installed:
            pythons["installed"], env = _installed(work)
            versions.append(("installed", env, work))  # run from outside the checkout: the installed copy

        def zi(tag: str, *args: str, out: str | None = None):
            def cmd(i: int) -> list[str]:
                spec = [str(ROOT / a) if a == SPEC else a for a in args]  # the installed copy runs elsewhere
                return [pythons[tag], "-m", "zi_decree", *spec,
                        *(["-o", str(work / f"{tag}-{out}-{i}")] if out else [])]
            return cmd

        def libreoffice(i: int) -> list[str]:
            # The salinan DOCX that the docx,pdf render of the same round wrote just before.
            docx = next((work / f"ours-docx-{i}").glob("*/*.salinan.docx"))
            return [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(work / f"lo-{i}"),
                    str(docx)]

        lo_name = "LibreOffice: `soffice --headless --convert-to pdf` of the salinan DOCX"
        pdf_name = f"`python -m zi_decree render {SPEC} -o OUT --format pdf`"
        cases: list[tuple] = [("`python -c pass` (the interpreter alone)", lambda i: [sys.executable, "-c", "pass"],
                               None)]
        if args.installed:
            cases.append(("installed: `python -c pass` (the fresh environment's interpreter alone)",
                          lambda i: [pythons["installed"], "-c", "pass"], None))
        for tag, env, cwd in versions:
            cold = {**env, "XDG_CACHE_HOME": str(work / f"{tag}-cold-cache")}
            extra = (cwd,) if cwd else ()
            cases += [
                (f"{tag}: `python -m zi_decree --help`", zi(tag, "--help"), env, *extra),
                (f"{tag}: `python -m zi_decree check {SPEC}`", zi(tag, "check", SPEC), env, *extra),
                (f"{tag}: {pdf_name}", zi(tag, "render", SPEC, "--format", "pdf", out="pdf"), env, *extra),
                (f"{tag}: the same, empty user cache", zi(tag, "render", SPEC, "--format", "pdf", out="cold"),
                 cold, *extra),
                (f"{tag}: `python -m zi_decree render {SPEC} -o OUT` (docx,pdf)", zi(tag, "render", SPEC, out="docx"),
                 env, *extra),
            ]
        cases.append((lo_name, libreoffice, None))
        cold_caches = [work / f"{tag}-cold-cache" for tag, _, _ in versions]

        def emptied(case: tuple) -> tuple:
            # The empty-cache case empties its cache before each run.
            name, make_cmd, *rest = case
            if "empty user cache" not in name:
                return case

            def cmd(i: int) -> list[str]:
                import shutil

                for folder in cold_caches:
                    shutil.rmtree(folder, ignore_errors=True)
                return make_cmd(i)
            return (name, cmd, *rest)

        results = interleaved([emptied(c) for c in cases], args.runs, warm_up=True)
        if not list((work / "lo-0").glob("*.pdf")) or not list((work / "ours-pdf-0").glob("*/*.pdf")):
            sys.exit("a PDF is missing")

    lo_best = min(r["wall"] for r in results[lo_name])
    runs = args.runs
    lines = [f"Machine: {machine()}.", "",
             f"| command | best of {runs} (s) | median (s) | CPU, user+sys, least (s) | peak tree RSS (MiB) "
             "| LibreOffice / this (best) | baseline / this (best) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, result in results.items():
        walls = [r["wall"] for r in result]
        cpu, rss = min(r["cpu"] for r in result), max(r["rss"] for r in result)
        before = results.get(name.replace("ours:", "baseline:")) if name.startswith("ours:") else None
        before = results.get(name.replace("installed:", "baseline:")) if name.startswith("installed:") else before
        speed_up = f"{min(r['wall'] for r in before) / min(walls):.2f}x" if before else ""
        lines.append(f"| {name} | {min(walls):.3f} | {statistics.median(walls):.3f} | {cpu:.2f} | {rss:.0f} "
                     f"| {lo_best / min(walls):.1f}x | {speed_up} |")
    lines += ["", "Every run's wall time (s), in order: "
              + "; ".join(f"{name}: " + ", ".join(f"{r['wall']:.2f}" for r in result)
                          for name, result in results.items())]
    if base is not None:
        lines += ["", f"Baseline: {base}."]
    text = "\n".join(lines) + "\n"
    publish("cli", text)


if __name__ == "__main__":
    main()
