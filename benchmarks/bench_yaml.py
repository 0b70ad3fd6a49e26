"""Hostile YAML (issue 12): the worst texts found for the YAML reader, and how long each takes to be read or refused.

Run from the repository root:  python -m benchmarks.bench_yaml [--runs N] [--baseline DIR] [--timeout S]

Each case is a text written to a file, then read by `zi_decree.base.yaml.read_yaml_text` in a fresh Python process
(`python -c`), which prints the CPU time (time.process_time) of that call alone and its verdict (accepted, or the
first problem). Best and median of N runs (default 3). With `--baseline DIR` (a checkout of an earlier version,
with its zi_decree/legal_basis and zi_decree/templates), the same cases run once with that version too, each
stopped after `--timeout` seconds (default 120). Cases: very long lines; 20 MiB of long lines, comments, blank
lines, long text; large plans (the Kota Surakarta example's plan repeated); texts just within and beyond what
ruamel is asked about; many keys; deep nesting; an alias bomb ("billion laughs"); many anchors; duplicate keys.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.bench_batch import ROOT, machine
from benchmarks.publish import publish

MiB = 1024 * 1024
PLAN = ROOT / "examples" / "kota-surakarta-2025.plan.yaml"
PROBE = """\
import json, sys, time
from zi_decree.base.yaml import read_yaml_text
from zi_decree.errors import ZiDecreeError
raw = open(sys.argv[1], encoding="utf-8", newline="").read()
start = time.process_time()
try:
    read_yaml_text(raw, "f.yaml")
    verdict = "accepted"
except ZiDecreeError as exc:
    verdict = str(exc.problems[0])
except BaseException as exc:
    verdict = f"crash: {type(exc).__name__}: {exc}"
print(json.dumps({"cpu": time.process_time() - start, "verdict": verdict[:110]}))
"""


def _plan(size: int) -> str:
    """The example plan, its areas repeated up to `size` characters (whole lines)."""
    plan = PLAN.read_text(encoding="utf-8")
    body = plan.split("areas:", 1)[1]
    text = plan + body * (size // len(body) + 1)
    return text[:size].rsplit("\n", 1)[0] + "\n"


def _laughs(padding: int = 0) -> str:
    return "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ) + "# padding\n" * padding


def cases() -> Iterator[tuple[str, str]]:
    yield "one line of 1 MiB", "a: " + "x" * MiB + "\n"
    yield "one line of 1 MiB: a flow list, an anchor", "a: &x [" + "1," * (MiB // 2) + "1]\n"
    yield "20 MiB: lines of 30,000 characters, one text", "a: >\n" + ("  " + "x" * 29990 + "\n") * (20 * MiB // 29993)
    yield "20 MiB: lines of 30,000 characters, flow lists", "a:\n" + ("- [" + "1," * 14990 + "1]\n") * (
        20 * MiB // 29985)
    yield "20 MiB: long comment lines", "a: 1\n" + ("# " + "x" * 29990 + "\n") * (20 * MiB // 29993)
    yield "20 MiB: short comment lines", "a: 1\n" + "# x\n" * (20 * MiB // 4 - 2)
    yield "20 MiB: blank lines", "a: 1\n" + "\n" * (20 * MiB - 5)
    yield "20 MiB: a quoted text", 'a: "' + ("x" * 29990 + "\n  ") * (20 * MiB // 29993) + '"\n'
    yield "20 MiB plan", _plan(20 * MiB)
    yield "5 MiB plan with an anchor", "x: &x 1\n" + _plan(5 * MiB)
    yield "2 MiB plan (about 55,000 values)", _plan(2 * MiB)
    yield "1 MiB plan, a syntax error at its end", _plan(MiB) + "x: [\n"
    yield "5 MiB plan, a syntax error at its end", _plan(5 * MiB) + "x: [\n"
    yield "180 KB plan with a tab (ruamel reads)", _plan(180_000) + "z:\t1\n"
    yield "200 KB plan, a syntax error at its end", _plan(200_000) + "x: [\n"
    yield "9,900 events of '- 1 # comment', a tab (ruamel)", "a:\n" + "- 1 # xxxxxxxx\n" * 9890 + "b: '\t'\n"
    yield "10,000 events, a flow list, an error (ruamel)", "a: [" + ",\n".join(["1"] * 9990) + "\n"
    yield "200 KB of blank lines and an anchor (ruamel)", "a: &x 1\n" + "\n" * 199_000
    yield "4,900 anchors (ruamel)", "".join(f"k{i}: &a{i} {i}\n" for i in range(4900))
    yield "100,001 keys", "".join(f"k{i}: {i}\n" for i in range(100_001))
    yield "99,000 keys", "".join(f"k{i}: {i}\n" for i in range(99_000))
    yield "a flow list of 100,001 items", "a: [" + ",\n".join(["1"] * 100_001) + "]\n"
    yield "nesting 5,000 deep (block lists)", "".join(" " * i + "-\n" for i in range(5000))
    yield "nesting 100,000 deep (flow lists)", "a: " + "[\n" * 100_000 + "]\n" * 100_000
    yield "nesting 2,000 deep (block mappings)", "".join(" " * i + "k:\n" for i in range(2000))
    yield "billion laughs (10^9 values)", _laughs()
    yield "billion laughs in a large file", _laughs(60_000)
    yield "a key given twice, after 5,000 keys", "".join(f"k{i}: {i}\n" for i in range(5000)) + "k1: 2\n"
    yield "a 29,990-character key", "? " + "k" * 29990 + "\n: 1\n"


def _run(root: Path, path: Path, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root)}
    try:
        result = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, env=env,
                                timeout=timeout, check=False, cwd=root)
    except subprocess.TimeoutExpired:
        return {"cpu": None, "verdict": f"stopped after {timeout:.0f} s"}
    if result.returncode != 0:
        return {"cpu": None, "verdict": f"exit {result.returncode}: {result.stderr.strip()[-100:]}"}
    return json.loads(result.stdout.splitlines()[-1])


def _cell(text: str) -> str:
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for i, (name, text) in enumerate(cases()):
            path = Path(work) / f"case-{i}.yaml"
            path.write_text(text, encoding="utf-8", newline="")
            runs = [_run(ROOT, path, args.timeout) for _ in range(args.runs)]
            times = [r["cpu"] for r in runs if r["cpu"] is not None]
            row = [name, f"{len(text) / MiB:.2f}", f"{min(times):.2f}" if times else "-",
                   f"{statistics.median(times):.2f}" if times else "-", _cell(runs[0]["verdict"])]
            if args.baseline:
                before = _run(args.baseline, path, args.timeout)
                row += [f"{before['cpu']:.2f}" if before["cpu"] is not None else "-", _cell(before["verdict"])]
            rows.append(row)
            print(" | ".join(row), file=sys.stderr, flush=True)
    head = ["case", "MiB", "CPU, best (s)", "CPU, median (s)", "verdict (the first problem)"]
    if args.baseline:
        head += ["baseline CPU (s)", "baseline verdict"]
    table = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    publish("yaml", f"Hostile YAML: `read_yaml_text` in a fresh process, CPU of the call, best and median of "
                    f"{args.runs}. Machine: {machine()}.\n\n" + "\n".join(table) + "\n")


if __name__ == "__main__":
    main()
