"""One decree from the command line, interpreter start-up included, against LibreOffice's command line.

Run from the repository root:  python -m benchmarks.bench_cli
Needs LibreOffice (`soffice`). Each command runs as a fresh subprocess, as a user types it: `render` of the
Kota Surakarta example with the default formats (docx,pdf: a package of four files) and with `--format txt`,
`check`, and `python -c "import zi_decree"` alone. The comparison is a fresh `soffice --headless --convert-to
pdf` of that decree's salinan DOCX (with its own profile, made once before). Best and median of 5 runs each;
memory is the peak RSS of the process tree, sampled every 20 ms (see bench_batch), the highest of the runs.
Python runs with its bytecode cache, as on a user's machine (bench_batch.cached_env); one more row shows the
render without it, as this machine runs Python by default (PYTHONDONTWRITEBYTECODE=1, no __pycache__).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_batch import cached_env, interleaved, machine, soffice_or_exit
from benchmarks.publish import publish

SPEC = "examples/kota-surakarta-2025.yaml"
RUNS = 5


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        soffice, profile = soffice_or_exit(work)
        env = cached_env(work)
        no_cache = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        first = work / "out-0"  # written by the first run, before LibreOffice's first

        def render(i: int) -> list[str]:
            return [py, "-m", "zi_decree", "render", SPEC, "-o", str(work / f"out-{i}")]

        def libreoffice(i: int) -> list[str]:
            return [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(work / f"lo-{i}"),
                    str(next(first.glob("*/*.salinan.docx")))]

        lo_name = "LibreOffice: `soffice --headless --convert-to pdf` of the salinan DOCX"
        cases = [
            (f"`python -m zi_decree render {SPEC} -o OUT` (docx,pdf)", render, env),
            (f"`python -m zi_decree render {SPEC} -o OUT --format txt`",
             lambda i: [py, "-m", "zi_decree", "render", SPEC, "-o", str(work / f"txt-{i}"), "--format", "txt"], env),
            (f"`python -m zi_decree check {SPEC}`", lambda i: [py, "-m", "zi_decree", "check", SPEC], env),
            ('`python -c "import zi_decree"`', lambda i: [py, "-c", "import zi_decree"], env),
            ("the same render (docx,pdf) without bytecode cache", lambda i: render(RUNS + i), no_cache),
            (lo_name, libreoffice, None),
        ]
        results = interleaved(cases, RUNS)
        if not list((work / "lo-0").glob("*.pdf")):
            sys.exit("LibreOffice wrote no PDF")

    lo = results[lo_name]
    lo_best = min(r["wall"] for r in lo)
    lines = [f"Machine: {machine()}.", "",
             f"| command | best of {RUNS} (s) | median (s) | CPU, user+sys, least (s) | peak tree RSS (MiB) "
             "| LibreOffice / this (best) |", "|---|---:|---:|---:|---:|---:|"]
    for name, runs in results.items():
        walls = [r["wall"] for r in runs]
        cpu, rss = min(r["cpu"] for r in runs), max(r["rss"] for r in runs)
        lines.append(f"| {name} | {min(walls):.3f} | {statistics.median(walls):.3f} | {cpu:.2f} | {rss:.0f} "
                     f"| {lo_best / min(walls):.1f}x |")
    text = "\n".join(lines) + "\n"
    publish("cli", text)


if __name__ == "__main__":
    main()
