"""Runs a fuzz case through the command line and checks the property of issue 12: exit 0 (1 for `check` with
warnings) with every output openable, or exit 2 with every message located; never exit 3, a traceback, a partial
or temporary file, or user text evaluated."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fuzz_strategies import EVALUATED, ROOT, Case

# The exit statuses each command may give (README, "exit status").
ALLOWED = {"check": {0, 1, 2}, "render": {0, 2}, "batch": {0, 2}, "import": {0, 2}, "export": {0, 2}}
LONGEST_MESSAGE = 1000  # characters in one message line: messages quote a short excerpt, never a whole value
TEXT = (".yaml", ".yml", ".csv", ".json", ".txt", ".md")
BINARY = (".xlsx", ".xlsm", ".xls", ".docx", ".zip", ".pdf")  # a whole-file problem of these needs no line
OPTIONS = {"output", "template", "plan", "year", "workers", "format", "formats", "paper", "variant", "offices",
           "workbook", "source", "lampiran", "specs", "spec", "path"}


@dataclass
class Violation:
    """One way a command broke the property; `where` groups violations of one cause (for an internal error, the
    innermost zi_decree frame of its traceback)."""

    kind: str
    detail: str
    where: str = ""

    def key(self) -> str:
        return f"{self.kind}: {self.where or self.detail[:120]}"


@dataclass
class Run:
    argv: tuple[str, ...]
    code: int | None
    seconds: float
    stdout: str
    stderr: str
    violations: list[Violation] = field(default_factory=list)
    traceback: str = ""


@dataclass
class Outcome:
    case: Case
    runs: list[Run]
    seconds: float

    @property
    def violations(self) -> list[Violation]:
        return [v for run in self.runs for v in run.violations]

    @property
    def ok(self) -> bool:
        return not self.violations

    def report(self) -> str:
        lines = [repr(self.case)]
        for run in self.runs:
            lines.append(f"$ zi-decree {' '.join(run.argv)}  -> exit {run.code} ({run.seconds:.2f} s)")
            lines += [f"  {v.kind}: {v.detail}" + (f" [{v.where}]" if v.where else "") for v in run.violations]
            if run.violations:
                lines += ["  | " + line for line in (run.stdout + run.stderr).splitlines()[-12:]]
            if run.traceback:
                lines += ["  " + line for line in run.traceback.strip().splitlines()[-16:]]
        return "\n".join(lines)


class CaseTimeout(BaseException):
    """Raised in the command by the alarm: a BaseException, so that the command line's own handler of
    Exception (exit 3) does not take it for an internal error of its own."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def ring(signum: int, frame: types.FrameType | None) -> None:
        raise CaseTimeout(f"still running after {seconds:g} s")

    before = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def run_in_process(argv: tuple[str, ...], cwd: Path, *, debug: bool = False,
                   timeout: float = 0) -> tuple[int | None, str, str, str]:
    """`zi-decree ARGV` through the command line's entry point in this process, with the streams a terminal
    gives (stdout strict UTF-8, stderr with backslash escapes, as Python sets them up): (exit status or None on
    timeout, stdout, stderr, traceback of an exception that escaped or of where a timeout struck)."""
    from zi_decree.cli import main

    saved_env = os.environ.get("ZI_DECREE_DEBUG")
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr, sys.modules["__main__"], os.getcwd()
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="")
    code: int | str | None = 0
    trace = ""
    try:
        if debug:
            os.environ["ZI_DECREE_DEBUG"] = "1"
        else:
            os.environ.pop("ZI_DECREE_DEBUG", None)
        os.chdir(cwd)
        sys.modules["__main__"] = types.ModuleType("__main__")  # click names the program from argv[0]
        sys.argv = ["zi-decree", *argv]
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
        try:
            with _alarm(timeout):
                main()
        except SystemExit as exc:
            code = exc.code
        except CaseTimeout:
            code, trace = None, traceback.format_exc()
        except Exception:
            code, trace = 1, traceback.format_exc()
            err.write(trace)
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr, sys.modules["__main__"], cwd_before = saved
        os.chdir(cwd_before)
        if saved_env is None:
            os.environ.pop("ZI_DECREE_DEBUG", None)
        else:
            os.environ["ZI_DECREE_DEBUG"] = saved_env
    if isinstance(code, str):
        err.write(code + "\n")
        code = 1
    out.flush()
    err.flush()
    return (code if code is None else code or 0, out.buffer.getvalue().decode("utf-8", "replace"),
            err.buffer.getvalue().decode("utf-8", "replace"), trace)


def run_subprocess(argv: tuple[str, ...], cwd: Path, *, timeout: float = 300) -> tuple[int | None, str, str, str]:
    """The same in a new `python -m zi_decree` process, exactly as a user runs it."""
    env = {k: v for k, v in os.environ.items() if k != "ZI_DECREE_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    try:
        done = subprocess.run([sys.executable, "-m", "zi_decree", *argv], cwd=cwd, env=env, capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return None, (exc.stdout or b"").decode("utf-8", "replace"), (exc.stderr or b"").decode("utf-8", "replace"), ""
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), ""


# --------------------------------------------------------------------------------------------- tracebacks

_FRAME = re.compile(r'^  File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$', re.M)


def trace_location(trace: str) -> str:
    """Where an exception came from, to group failures by cause: the innermost frame of zi_decree, the innermost
    frame of all when that is in a library, and the exception's type."""
    frames = [(m["path"], m["line"], m["func"]) for m in _FRAME.finditer(trace)
              if not m["path"].endswith("fuzz_harness.py")]
    last = trace.strip().splitlines()[-1] if trace.strip() else ""
    kind = last.split(":", 1)[0].strip().rsplit(".", 1)[-1]

    def short(path: str, line: str, func: str) -> str:
        for marker in ("/zi_decree/", "/site-packages/", "/lib/python"):
            if marker in path:
                path = path.split(marker, 1)[1]
                path = ("zi_decree/" + path) if marker == "/zi_decree/" else path
                break
        return f"{path}:{line} in {func}"

    ours = [f for f in frames if "/zi_decree/" in f[0] and "fuzz_harness" not in f[0]]
    where = short(*ours[-1]) if ours else "?"
    if frames and frames[-1] not in ours[-1:]:
        where += " -> " + short(*frames[-1])
    return f"{kind} at {where}"


# --------------------------------------------------------------------------------------------- messages

_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: ")
_SHEET = re.compile(r"""^(?P<file>.+?), sheet (?:'[^']*'|"[^"]*")(?:, row \d+)?(?:, column [A-Z]+)?: """)
_FILE = re.compile(r"^(?P<file>[^:]+?): ")
_FIELD = re.compile(r"^[A-Za-z_][\w ]*(?:\[\d+\]|\.[\w ]+)*$")
_MESSAGE = re.compile(r"^\s*error(?:\[[a-z0-9-]+\])?: (?P<text>.*)$")


def unlocated(message: str) -> str | None:
    """Why an error message does not say where its problem is, or None when it does: file:line[:column] for text
    files, a sheet (row, column) for workbooks, the file alone for a whole-file problem of a binary file, the
    option's name for a command-line option."""
    if _LINE.match(message) or _SHEET.match(message):
        return None
    match = _FILE.match(message)
    if match:
        name = match["file"].strip()
        if name.lower().endswith(BINARY):
            return None
        if name.lstrip("-").replace("-", "_") in OPTIONS:
            return None
        if name.lower().endswith(TEXT) or "/" in name:
            return "names a text file without its line"
        if _FIELD.match(name) and name != "<spec>":
            return None  # a field of the input (an office row's column, a spec's key), as the brief allows
    return "names no file, line, row, field or option"


def _messages(text: str) -> list[str]:
    return [m["text"] for line in text.splitlines() if (m := _MESSAGE.match(line))]


# --------------------------------------------------------------------------------------------- outputs


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _opens(path: Path, data: bytes, text: bool = True) -> str:
    """The text of an output file (when `text`, else ""), read the way its users' programs read it; raises when
    it does not open."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        docx.Document(io.BytesIO(data))
        if not text:
            return ""
        # The body as the tests read it, and the headers and footers an office template filled.
        import zipfile

        from docx_text import docx_text

        with zipfile.ZipFile(io.BytesIO(data)) as z:
            furniture = [z.read(n).decode("utf-8") for n in z.namelist()
                         if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
        return docx_text(data) + "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", x))
                                            for x in furniture)
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if not reader.pages:
            raise ValueError("no pages")
        if not text:
            reader.pages[-1].get_contents()
            return ""
        return "\n".join(page.extract_text() for page in reader.pages)
    if suffix in (".txt", ".json"):
        text = data.decode("utf-8")
        if suffix == ".json":
            json.loads(text)
        return text
    if suffix in (".yaml", ".yml"):
        import yaml

        # libyaml, as zi-decree and most tools read YAML: PyYAML's pure-Python scanner refuses some valid flow
        # scalars ('{label: a_?b}'), which libyaml and ruamel read.
        text = data.decode("utf-8")
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return text
    if suffix == ".xlsx":
        import openpyxl

        openpyxl.load_workbook(io.BytesIO(data)).close()
        return ""
    raise ValueError(f"unexpected kind of output {path.name}")


def _evaluated(text: str) -> str | None:
    flat = "".join(text.split()).casefold()
    return next((form for form in EVALUATED if form in flat), None)


def check_package(folder: Path, texts: dict[str, str], text: bool = True) -> list[Violation]:
    """A package folder: record.json parses, lists every file beside it with its size and hash, each opens."""
    found = []
    try:
        record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        listed = {o["file"]: o for o in record["outputs"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [Violation("broken package", f"{folder.name}/record.json: {type(exc).__name__}: {exc}")]
    present = {p.name for p in folder.iterdir()} - {"record.json"}
    for name in sorted(present - set(listed)):
        found.append(Violation("broken package", f"{folder.name}/{name} is not listed in record.json"))
    for name, entry in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            found.append(Violation("broken package", f"{folder.name}/{name}: listed in record.json but missing"))
            continue
        data = path.read_bytes()
        if len(data) != entry.get("bytes") or _sha256(data) != entry.get("sha256"):
            found.append(Violation("broken package", f"{folder.name}/{name}: size or hash differs from record.json"))
        try:
            texts[f"{folder.name}/{name}"] = _opens(path, data, text)
        except Exception as exc:
            found.append(Violation("output does not open", f"{folder.name}/{name}: {type(exc).__name__}: {exc}"[:300],
                                   type(exc).__name__))
    return found


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def check_outputs(command: str, code: int, out: Path, named: Path | None, stdout: str,
                  texts: dict[str, str], text: bool = True) -> list[Violation]:
    """What a command left in its output folder: whole packages or the one named file, nothing half-written."""
    found = []
    for rel in sorted(_tree(out)):
        name = Path(rel).name
        if name.startswith(".") or name.endswith((".tmp", ".part")) or "staging" in name:
            found.append(Violation("temporary file left", rel))
    packages = sorted({p.parent for p in out.rglob("record.json")}) if out.exists() else []
    for folder in packages:
        found += check_package(folder, texts, text)
    allowed = {str(p.relative_to(out)) for f in packages for p in (f, *f.iterdir())}
    if command == "batch" and (out / "batch-summary.json").exists():
        allowed.add("batch-summary.json")
        try:
            texts["batch-summary.json"] = _opens(out / "batch-summary.json", (out / "batch-summary.json").read_bytes())
        except Exception as exc:
            found.append(Violation("output does not open", f"batch-summary.json: {type(exc).__name__}: {exc}"))
    if named is not None and named.exists():
        allowed.add(str(named.relative_to(out)))
        if code == 2:
            found.append(Violation("written on error", f"{named.name} exists after exit 2"))
        else:
            try:
                texts[named.name] = _opens(named, named.read_bytes(), text)
            except Exception as exc:
                found.append(Violation("output does not open", f"{named.name}: {type(exc).__name__}: {exc}"[:300],
                                       type(exc).__name__))
    elif named is not None and code in (0, 1):
        found.append(Violation("output missing", f"{named.name} was not written"))
    for rel in sorted(_tree(out) - allowed):
        if not any(rel.startswith(a + os.sep) for a in allowed) and not (out / rel).is_dir():
            found.append(Violation("stray file", rel))
    if command == "render":
        if code == 2 and packages:
            found.append(Violation("written on error", f"render exit 2 but {packages[0].name} was written"))
        if code == 0:
            listed = [line for line in stdout.splitlines() if line.strip()]
            missing = [line for line in listed if not (out.parent / line).exists()]
            if not packages or missing:
                found.append(Violation("output missing", f"render exit 0: packages {len(packages)}, "
                                                         f"listed but missing {missing[:2]}"))
    if command == "batch" and code in (0, 2) and out.exists() and not (out / "batch-summary.json").exists() \
            and packages:
        found.append(Violation("output missing", "batch wrote packages but no batch-summary.json"))
    return found


def _reads_back(path: Path) -> list[Violation]:
    """A plan file `plan import` wrote must be a plan file zi-decree reads."""
    from zi_decree.errors import ZiDecreeError
    from zi_decree.loading.spec import load_plan

    try:
        load_plan(path)
    except ZiDecreeError as exc:
        return [Violation("import does not read back", str(exc.problems[0])[:300], exc.problems[0].message[:60])]
    except Exception as exc:
        return [Violation("import does not read back", f"{type(exc).__name__}: {exc}"[:300], type(exc).__name__)]
    return []


# --------------------------------------------------------------------------------------------- one case


def _argv(argv: tuple[str, ...], k: int) -> tuple[str, ...]:
    def fill(arg: str) -> str:
        arg = arg.replace("{out}", f"out{k}")
        return re.sub(r"\{out(\d+)\}", r"out\1", arg)

    return tuple(fill(a) for a in argv)


def _command(argv: tuple[str, ...]) -> str:
    return argv[1] if argv[0] == "plan" else argv[0]


def _named_output(argv: tuple[str, ...], out: Path, cwd: Path) -> Path | None:
    if _command(argv) not in ("import", "export"):
        return None
    return cwd / argv[argv.index("-o") + 1]


def write_case(case: Case, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    (folder / "case.json").write_text(json.dumps({"family": case.family, "notes": list(case.notes),
                                                  "commands": [list(c) for c in case.commands]},
                                                 ensure_ascii=False, indent=1), encoding="utf-8")


def read_case(folder: Path) -> Case:
    """A case written by `write_case` (or kept in tests/fuzz_corpus); files that case.json names under "build" are
    made from their recipes (fuzz_strategies.build), so that a workbook or template need not be kept as bytes."""
    from fuzz_strategies import build

    meta = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    # A file kept as NAME.in is the case's NAME: the corpus's hostile YAML must not pass for the repository's own
    # (tests that read every *.yaml of the repository).
    files = {p.name.removesuffix(".in"): p.read_bytes() for p in sorted(folder.iterdir())
             if p.is_file() and p.name not in ("case.json", "report.txt")}
    for name, recipe in meta.get("build", {}).items():
        files[name] = build(recipe)
    return Case(meta["family"], files, tuple(tuple(c) for c in meta["commands"]), tuple(meta.get("notes", ())))


def run_case(case: Case, folder: Path, *, timeout: float = 120, in_process: bool = True,
             slow: float = 30) -> Outcome:
    """Write the case into `folder` (which must not exist or be empty), run its commands there one by one,
    and check each against the property."""
    write_case(case, folder)
    started = time.perf_counter()
    runs = []
    inputs_text = "".join(d.decode("utf-8", "replace") for d in case.files.values())
    evaluated_in_input = _evaluated(inputs_text)
    # The outputs' text is read (slow, for PDFs) only when the input has template syntax between the markers.
    marked = not evaluated_in_input and "qb" in inputs_text.casefold()
    for k, template in enumerate(case.commands):
        argv = _argv(template, k)
        command = _command(argv)
        out = folder / f"out{k}"
        before = _tree(folder)
        t = time.perf_counter()
        if in_process:
            code, stdout, stderr, trace = run_in_process(argv, folder, timeout=timeout)
        else:
            code, stdout, stderr, trace = run_subprocess(argv, folder, timeout=timeout)
        seconds = time.perf_counter() - t
        run = Run(argv, code, seconds, stdout, stderr, traceback=trace)
        runs.append(run)
        found = run.violations
        if code is None:
            found.append(Violation("timeout", f"no exit after {timeout:g} s",
                                   trace_location(trace) if trace else command))
            continue
        if seconds > slow:
            found.append(Violation("slow", f"{seconds:.1f} s", command))
        if code == 3 or "internal error" in stderr:
            where = ""
            if in_process:
                debug = folder.parent / (folder.name + ".debug")
                shutil.rmtree(debug, ignore_errors=True)
                shutil.copytree(folder, debug, ignore=shutil.ignore_patterns("out*"))
                _, _, _, trace = run_in_process(argv, debug, debug=True, timeout=timeout)
                shutil.rmtree(debug, ignore_errors=True)
                run.traceback = trace
                where = trace_location(trace) if trace else ""
            message = next((line for line in stderr.splitlines() if "internal error" in line), stderr[-300:])
            found.append(Violation("internal error", message[:300], where))
        elif "Traceback (most recent call last)" in stdout + stderr:
            found.append(Violation("traceback", "a traceback reached the user", trace_location(stdout + stderr)))
        if code not in ALLOWED[command] and code != 3:
            found.append(Violation("unexpected exit", f"{command} exited {code}", f"{command} {code}"))
        messages = _messages(stdout + "\n" + stderr)
        if code == 2 and not messages:
            found.append(Violation("exit 2 without a message", (stdout + stderr)[-200:], command))
        for message in messages:
            reason = unlocated(message)
            if reason:
                found.append(Violation("unlocated message", f"{reason}: {message[:200]}",
                                       re.sub(r"\d+", "N", message.split(": ", 1)[-1][:60])))
        for line in (stdout + stderr).splitlines():
            if len(line) > LONGEST_MESSAGE and re.match(r"^\s*(error|warning): ", line):
                found.append(Violation("long message", f"{len(line)} characters: {line[:120]}",
                                       re.sub(r"\d+", "N", line.split(": ", 2)[-1][:50])))
        texts: dict[str, str] = {"stdout": stdout, "stderr": stderr}
        if code != 3:
            found += check_outputs(command, code, out, _named_output(argv, out, folder), stdout, texts, marked)
        if command == "import" and code == 0 and (named := _named_output(argv, out, folder)) and named.exists():
            found += _reads_back(named)
        if marked:
            for name, text in texts.items():
                form = _evaluated(text)
                if form:
                    found.append(Violation("template evaluated", f"{form!r} in {name}", name.rsplit(".", 1)[-1]))
        for rel in sorted(_tree(folder) - before):
            if not rel.startswith(f"out{k}") and not rel.startswith(".debug"):
                found.append(Violation("stray file", f"{rel} written outside the output folder"))
    return Outcome(case, runs, time.perf_counter() - started)
