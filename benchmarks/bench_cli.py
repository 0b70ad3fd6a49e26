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

from benchmarks.bench_batch import ROOT, cached_env, machine, measure, soffice_or_exit

SPEC = "examples/kota-surakarta-2025.yaml"
RUNS = 5


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        soffice, profile = soffice_or_exit(work)
        env = cached_env(work)
        no_cache = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        cases = [
            (f"`python -m zi_decree render {SPEC} -o OUT` (docx,pdf)",
             lambda i: [py, "-m", "zi_decree", "render", SPEC, "-o", str(work / f"out-{i}")]),
            (f"`python -m zi_decree render {SPEC} -o OUT --format txt`",
             lambda i: [py, "-m", "zi_decree", "render", SPEC, "-o", str(work / f"txt-{i}"), "--format", "txt"]),
            (f"`python -m zi_decree check {SPEC}`", lambda i: [py, "-m", "zi_decree", "check", SPEC]),
            ('`python -c "import zi_decree"`', lambda i: [py, "-c", "import zi_decree"]),
        ]
        results = [(name, [measure(make(i), env) for i in range(RUNS)]) for name, make in cases]
        results.append(("the same render (docx,pdf) without bytecode cache",
                        [measure(cases[0][1](RUNS + i), no_cache) for i in range(RUNS)]))
        salinan = next((work / "out-0").glob("*/*.salinan.docx"))
        lo = [measure([soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(work / f"lo-{i}"),
                       str(salinan)]) for i in range(RUNS)]
        if not list((work / "lo-0").glob("*.pdf")):
            sys.exit("LibreOffice wrote no PDF")
    results.append(("LibreOffice: `soffice --headless --convert-to pdf` of the salinan DOCX", lo))

    lo_best = min(r["wall"] for r in lo)
    lines = [f"Machine: {machine()}.", "",
             f"| command | best of {RUNS} (s) | median (s) | CPU, user+sys, least (s) | peak tree RSS (MiB) "
             "| LibreOffice / this (best) |", "|---|---:|---:|---:|---:|---:|"]
    for name, runs in results:
        walls = [r["wall"] for r in runs]
        lines.append(f"| {name} | {min(walls):.3f} | {statistics.median(walls):.3f} "
                     f"| {min(r['cpu'] for r in runs):.2f} | {max(r['rss'] for r in runs):.0f} | {lo_best / min(walls):.1f}x |")
    text = "\n".join(lines) + "\n"
    out = ROOT / "benchmarks" / "results" / "cli.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
