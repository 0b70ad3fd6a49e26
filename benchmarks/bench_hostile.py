"""Hostile workbooks (issue 12): how long and how much memory each takes to be refused (or read).

Run from the repository root:  python -m benchmarks.bench_hostile [--baseline DIR] [--timeout S]

Builds each workbook in a temporary folder (by hand, as zip parts, so that building a 100,000-row or a 60 MiB
sheet takes a second) and runs the command a user would, as a subprocess: `python -m zi_decree plan import
X.xlsx -o plan.yaml`, `render spec.yaml -o out` (the spec says `plan: X.xlsx`), `batch OFFICES.xlsx --plan
examples/jawa-tengah-2025.plan.yaml --year 2025 -o out`, or `plan export spec.yaml -o plan.xlsx`. For each:
the exit status and the first line of its message, the wall time, the CPU time (user+sys, from wait4: this
shared machine's load stretches wall times, not CPU times) and the peak RSS of the process tree (bench_batch's
sampling of /proc every 20 ms). One run each: the refusals are meant to take well under the
noise of this shared machine, and the slow cases of an earlier version take minutes.

With --baseline DIR (a checkout of an earlier version) the same cases run on it too, each stopped after
--timeout seconds (default 60) and limited to 4 GiB of address space (RLIMIT_AS), so that the cases that
took minutes and gigabytes there end as "stopped" or MemoryError rather than starving the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.bench_batch import ROOT, _kib, _tree, baseline_root, cached_env, machine
from benchmarks.plans import plan_spec
from benchmarks.publish import publish

HEADER = ["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU"]
OFFICES_HEADER = ["office", "number", "date", "chair", "attestation_name"]
AS_LIMIT = 4 * 2**30

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
       'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '{overrides}</Types>')
_SHEET_CT = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.worksheet+xml"/>')
_SST_CT = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           'spreadsheetml.sharedStrings+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_REL = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet{n}.xml"/>')
_SST_REL = ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/>')
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


# ---------------------------------------------------------------------------------------------- building

def _letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_xml(rows: Iterable[list[object]], *, dimension: str | None = None, merges: Iterable[str] = (),
              raw: dict[str, str] | None = None) -> Iterator[bytes]:
    """A worksheet part, row by row: text as inline strings, numbers as numbers; `raw` puts a cell's XML as
    given (by its reference); `dimension` declares the used range."""
    raw = raw or {}
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row, 1):
            ref = f"{_letter(c)}{r}"
            if ref in raw:
                cells.append(raw[ref])
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value is not None:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        yield f'<row r="{r}">{"".join(cells)}</row>'.encode()
    yield b"</sheetData>"
    merges = list(merges)
    if merges:
        yield f'<mergeCells count="{len(merges)}">'.encode()
        yield "".join(f'<mergeCell ref="{m}"/>' for m in merges).encode()
        yield b"</mergeCells>"
    yield b"</worksheet>"


def xlsx(path: Path, sheets: list[tuple[str, Iterable[bytes]]], strings: Iterable[bytes] | None = None,
         drop: tuple[str, ...] = ()) -> Path:
    """A workbook of the given sheets (title, part chunks), with a shared-strings part when given; the parts
    named in `drop` are left out (a damaged file)."""
    overrides = "".join(_SHEET_CT.format(n=n) for n in range(1, len(sheets) + 1)) + (_SST_CT if strings else "")
    book = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(t)}" sheetId="{n}" r:id="rId{n}"/>' for n, (t, _) in enumerate(sheets, 1))
            + "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' + "".join(_REL.format(n=n) for n in range(1, len(sheets) + 1))
            + (_SST_REL if strings else "") + "</Relationships>")
    parts: list[tuple[str, Iterable[bytes]]] = [
        ("[Content_Types].xml", [_CT.format(overrides=overrides).encode()]), ("_rels/.rels", [_RELS.encode()]),
        ("xl/workbook.xml", [book.encode()]), ("xl/_rels/workbook.xml.rels", [rels.encode()])]
    parts += [(f"xl/worksheets/sheet{n}.xml", chunks) for n, (_, chunks) in enumerate(sheets, 1)]
    if strings:
        parts.append(("xl/sharedStrings.xml", strings))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, chunks in parts:
            if name in drop:
                continue
            with archive.open(name, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)
    return path


def _plan_rows(n: int, text: str = "Bukti") -> Iterator[list[object]]:
    yield HEADER
    for i in range(n):
        yield ["Manajemen Perubahan", "Tim Kerja", f"Indikator {i // 4}", f"Langkah {i // 2}", f"{text} {i}",
               "Januari 2025"]


def _offices_rows(n: int) -> Iterator[list[object]]:
    yield OFFICES_HEADER
    for i in range(n):
        yield [f"Kabupaten Contoh {i}", i + 1, "2025-01-05", "Ani Lestari", "Budi Santoso"]


def _spec(work: Path, plan: str) -> Path:
    text = (ROOT / "examples" / "kab-semarang-2025.yaml").read_text(encoding="utf-8")
    spec = work / "spec.yaml"
    spec.write_text(text.replace("plan: kab-semarang-2025.plan.yaml", f"plan: {plan}"), encoding="utf-8")
    return spec


def _strings(count: int) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode()
    block = b"<si><t>a</t></si>" * 10_000
    for _ in range(count // 10_000):
        yield block
    yield b"</sst>"


def cases(work: Path) -> list[tuple[str, Callable[[], list[str]]]]:
    """(case, build: the command's arguments after `python -m zi_decree`), built when run."""
    plan_out = str(work / "out.yaml")

    def imp(name: str, sheets: Callable[[], list[tuple[str, Iterable[bytes]]]], **kw: object
            ) -> Callable[[], list[str]]:
        def build() -> list[str]:
            path = xlsx(work / f"{name}.xlsx", sheets(), **kw)  # type: ignore[arg-type]
            return ["plan", "import", str(path), "-o", plan_out, "--force"]
        return build

    def batch(name: str, sheets: Callable[[], list[tuple[str, Iterable[bytes]]]], **kw: object
              ) -> Callable[[], list[str]]:
        def build() -> list[str]:
            path = xlsx(work / f"{name}.xlsx", sheets(), **kw)  # type: ignore[arg-type]
            return ["batch", str(path), "--plan", str(ROOT / "examples" / "jawa-tengah-2025.plan.yaml"),
                    "--year", "2025", "-o", str(work / f"out-{name}"), "--format", "txt"]
        return build

    def render_merge() -> list[str]:
        xlsx(work / "render-merge.xlsx", [("Rencana Aksi", sheet_xml(_plan_rows(20), merges=["C4:C1048576"]))])
        return ["render", str(_spec(work, "render-merge.xlsx")), "-o", str(work / "out-render")]

    def export_10000() -> list[str]:
        spec = work / "spec-10000.yaml"  # written as JSON (which is YAML): it parses faster than block YAML
        spec.write_text(json.dumps(plan_spec(10_000)), encoding="utf-8")
        return ["plan", "export", str(spec), "-o", str(work / "export-10000.xlsx")]

    formula_text = '<c r="D3"><f>"Ani"</f><v>Ani</v></c>'
    number_text = '<c r="F3"><v>Januari</v></c>'
    return [
        ("`--help` (Python start-up and the command line: the floor)", lambda: ["--help"]),
        ("`plan import`: a 4,990-row plan, accepted (the largest accepted)",
         imp("rows-4990", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(4_990)))])),
        ("`plan import`: used range recorded as A1:AMJ21 (LibreOffice), accepted",
         imp("libreoffice", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20), dimension="A1:AMJ21"))])),
        ("`plan import`: INDIKATOR column deleted",
         imp("no-indicator", lambda: [("Rencana Aksi", sheet_xml(
             [[c for c in row if c is not HEADER[2]] for row in _plan_rows(10)]))])),
        ("`plan import`: cells C4:C1048576 merged",
         imp("merge-column", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20), merges=["C4:C1048576"]))])),
        ("`plan import`: cells A1:XFD1048576 merged",
         imp("merge-sheet", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20), merges=["A1:XFD1048576"]))])),
        ("`plan import`: C4:C1048576 merged in another sheet",
         imp("merge-other", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20))),
                                     ("Catatan", sheet_xml([["x"]], merges=["C4:C1048576"]))])),
        ("`plan import`: declared used range A1:XFD1048576, 20 rows",
         imp("dimension", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20), dimension="A1:XFD1048576"))])),
        ("`plan import`: 100,000 rows",
         imp("rows-100000", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(100_000)))])),
        ("`plan import`: 60 MiB sheet, 20,000 rows of long text",
         imp("sheet-60mib", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20_000, "Bukti " + "x" * 2_900)))])),
        ("`plan import`: 60 MiB sheet, 4,000 rows of 15,000-character cells",
         imp("sheet-60mib-long", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(4_000, "Bukti " + "x" * 15_000)))])),
        ("`plan import`: 3,500,000 shared strings (60 MiB)",
         imp("strings", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(20)))], strings=_strings(3_500_000))),
        ("`plan import`: text in a number cell (TARGET WAKTU)",
         imp("number-text", lambda: [("Rencana Aksi", sheet_xml(_plan_rows(5), raw={"F3": number_text}))])),
        ("`render`: spec's plan workbook has C4:C1048576 merged", render_merge),
        ("`batch`: offices sheet part missing",
         batch("offices-no-part", lambda: [("Kantor", sheet_xml(_offices_rows(3)))],
               drop=("xl/worksheets/sheet1.xml",))),
        ("`batch`: offices formula cell caching text as a number",
         batch("offices-formula", lambda: [("Kantor", sheet_xml(_offices_rows(3), raw={"D3": formula_text}))])),
        ("`batch`: offices table of 0.5 MiB inflating to 544 MiB",
         batch("offices-bomb", lambda: [("Kantor", _padded(sheet_xml(_offices_rows(3)), 544 * 2**20))])),
        ("`batch`: offices 100,000 rows",
         batch("offices-100000", lambda: [("Kantor", sheet_xml(_offices_rows(100_000)))])),
        ("`plan export`: a 10,000-row plan", export_10000),
    ]


def _padded(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The part, then spaces up to `size` bytes before its end (blank XML: it deflates 1000 to 1)."""
    parts = list(chunks)
    end = parts.pop()
    yield from parts
    left = size - sum(map(len, parts)) - len(end)
    block = b" " * 2**20
    while left > 0:
        yield block[:left]
        left -= len(block)
    yield end


# ---------------------------------------------------------------------------------------------- running

def run(cmd: list[str], env: dict, cwd: Path, timeout: float, limit: bool) -> dict:
    """Wall and CPU time (user+sys), peak RSS of the tree (MiB), exit status and the first error line; the
    command is stopped after `timeout` seconds."""
    peak = [0]

    def cap() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))

    with tempfile.TemporaryFile() as err:
        # In the version's own folder: `python -m` puts the working folder first on the path.
        proc = subprocess.Popen([sys.executable, "-m", "zi_decree", *cmd], cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=err, preexec_fn=cap)
        start = time.perf_counter()
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in _tree(proc.pid)))
                done.wait(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        code: int | str = "stopped"
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = -1  # reaped above
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        err.seek(0)
        lines = err.read().decode(errors="replace").splitlines()
    message = next((line for line in lines if line.startswith(("error:", "internal error", "FAILED"))), "")
    if not message and lines:
        message = lines[-1]
    return {"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": peak[0] / 1024,
            "message": message}


def _short(message: str, root: Path) -> str:
    message = message.replace(str(root) + "/", "")
    return (message[:110] + " ...") if len(message) > 110 else message


def main() -> None:
    parser = argparse.ArgumentParser(description="Hostile workbooks: time and memory to refuse each.")
    parser.add_argument("--baseline", help="a checkout of an earlier version to run the same cases on")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a baseline run is stopped")
    args = parser.parse_args()
    base = baseline_root(args.baseline)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        work = Path(tmp)
        versions = [("ours", cached_env(work), ROOT, False)]
        if base is not None:
            versions.append(("baseline", cached_env(work, base, "pycache-baseline"), base, True))
        rows = []
        for name, build in cases(work):
            cmd = build()
            size = next((Path(a).stat().st_size for a in cmd if a.endswith((".xlsx", ".yaml")) and Path(a).is_file()),
                        0)
            for tag, env, cwd, limited in versions:
                result = run(cmd, env, cwd, args.timeout if limited else 600, limited)
                rows.append((name, tag, size, result))
                print(f"{name} [{tag}]: {result['code']} {result['wall']:.2f} s (CPU {result['cpu']:.2f} s) "
                      f"{result['rss']:.0f} MiB "
                      f"{_short(result['message'], work)}", file=sys.stderr)
        lines = ["| case | version | input (KiB) | exit | wall (s) | CPU (s) | peak RSS (MiB) | message |",
                 "|---|---|---:|---|---:|---:|---:|---|"]
        for name, tag, size, r in rows:
            message = _short(r["message"], work).replace("|", "\\|")
            lines.append(f"| {name} | {tag} | {size // 1024} | {r['code']} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                         f"{r['rss']:.0f} | {message} |")
        text = "\n".join(lines) + f"\n\nMachine: {machine()}.\n"
        publish("hostile", text)


if __name__ == "__main__":
    os.environ.pop("ZI_DECREE_DEBUG", None)
    main()
