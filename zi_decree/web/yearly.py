"""The workspace's yearly pages: next year's decree (rollover) with its change report, and a province's batch.

Both call the tasks the command line calls (`rollover`, `batch`); a batch runs in a thread of its own, its
progress kept per workspace under a run id, so that a page reload (or another request) finds it.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from zi_decree.base.zips import zip_parts
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.i18n import N_, _, translate
from zi_decree.loading.offices import OfficeRow, parse_date, read_offices
from zi_decree.tasks.batch import BatchResult, OfficeOutcome, batch, summary_json
from zi_decree.tasks.rollover import Change, Rollover, rollover
from zi_decree.writing.files import safe_name, write_atomic

if TYPE_CHECKING:
    from zi_decree.web.app import _Pages

__all__ = ["OFFICES_LIMIT", "Yearly"]

# An offices table of every regency and city of Indonesia (514 rows) is about 80 KiB as CSV; a workbook a little
# more. Beyond this, the upload is no offices table.
OFFICES_LIMIT = 2 * 1024 * 1024
_TABLE_SUFFIXES = (".csv", ".xlsx")
# An office's state in a run (the pages compare the words), as its badge says it.
_STATES = {"ditulis": N_("written"), "gagal": N_("failed"), "menunggu": N_("waiting")}
_RUNS_KEPT = 20  # runs of a workspace kept in memory; the oldest finished ones go first
# Each rollover field's label, as the form shows it and its summary of problems names it.
# (Marked for the catalogue; translated where shown, by _labels.)
ROLL_LABELS = {"year": N_("Year of the action plan"), "number": N_("Decree number"), "date": N_("Date of enactment"),
               "": ""}
REPLACE = N_("Replace next year's file if it exists")
BATCH_LABELS = {"table": N_("Offices table (CSV or XLSX)"), "plan": N_("Shared action plan"),
                "year": N_("Year of the action plan"), "": ""}


def _labels(labels: dict[str, str]) -> dict[str, str]:
    return {name: translate(label) if label else "" for name, label in labels.items()}


def _where(pages: _Pages, where: Location) -> dict[str, str]:
    """A location as the pages show it: the file (named in the workspace), sheet, row, column; the field apart."""
    return pages.problem(Problem("", where, code="invalid-value"))


# ------------------------------------------------------------------------------------------------ rollover

@dataclass
class _RollForm:
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _roll_input(form: _RollForm) -> tuple[int, int | str, dt.date] | None:
    """The year, number and date typed, as the `rollover` task takes them; None with the form's errors."""
    v = form.values
    for name in ("year", "number", "date"):
        if not v.get(name):
            form.error(name, _("Required."))
    year = number = date = None
    if v.get("year"):
        if v["year"].isascii() and v["year"].isdigit() and 2000 <= int(v["year"]) <= 2100:
            year = int(v["year"])
        else:
            form.error("year", _("Write the year with four digits, e.g. 2026."))
    if v.get("number"):
        if len(v["number"]) > 60:
            form.error("number", _("The number is too long: at most 60 characters."))
        else:
            number = int(v["number"]) if v["number"].isascii() and v["number"].isdigit() else v["number"]
    if v.get("date"):
        try:
            date = parse_date(v["date"])
        except ValueError:
            form.error("date", _("Write the date as 2026-01-20 or 20 Januari 2026."))
    if form.errors or year is None or number is None or date is None:
        return None
    return year, number, date


# ------------------------------------------------------------------------------------------------ batch runs

@dataclass
class _Office:
    """One office of a run, as its page lists it."""

    label: str
    where: dict[str, str]
    state: str = "menunggu"  # menunggu, ditulis, gagal
    folder: str = ""
    problems: list[dict[str, str]] = field(default_factory=list)
    warnings: int = 0


@dataclass
class _Run:
    """One batch of the workspace: what it was given, and each office's outcome as it comes."""

    id: str
    table: str
    plan: str
    year: int
    output: str  # the packages' folder, named in the workspace
    offices: list[_Office]
    rows: dict[Location, int]
    started: dt.datetime
    state: str = "berjalan"  # berjalan, selesai, gagal
    done: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)  # what stopped the whole run
    result: BatchResult | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def view(self) -> dict[str, Any]:
        with self.lock:
            offices = [dataclasses.asdict(o) for o in self.offices]
            written = sum(1 for o in self.offices if o.state == "ditulis")
            failed = sum(1 for o in self.offices if o.state == "gagal")
            return {"id": self.id, "table": self.table, "plan": self.plan, "year": self.year, "output": self.output,
                    "state": self.state, "done": self.done, "total": len(self.offices), "written": written,
                    "failed": failed, "offices": offices, "problems": list(self.problems),
                    "started": f"{self.started:%H.%M}"}


class Yearly:
    """The rollover and batch pages over the workspace of `pages`."""

    def __init__(self, pages: _Pages) -> None:
        self.pages = pages
        self.workspace = pages.workspace
        self.rolled: dict[str, Rollover] = {}  # new spec's name -> what rollover reported
        self.runs: dict[str, _Run] = {}
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        return [
            Route("/tahun-depan/{name:path}", self.roll, methods=["GET", "POST"]),
            Route("/laporan-tahun-depan/{name:path}", self.report),
            Route("/provinsi", self.batch_form, methods=["GET", "POST"]),
            Route("/provinsi/{run}", self.run_page),
            Route("/provinsi/{run}/kemajuan.json", self.run_json),
            Route("/provinsi/{run}/semua.zip", self.run_zip),
        ]

    # -------------------------------------------------------------------------------------------- rollover

    async def roll(self, request: Request) -> Response:
        name = request.path_params["name"]
        decree = await run_in_threadpool(self.pages.decree, name)
        loaded = decree.loaded
        if request.method == "GET" or loaded is None:
            values = {}
            if loaded is not None:
                k = loaded.keputusan
                values = {"year": str(k.year + 1), "number": "",
                          "date": k.date.replace(year=k.year + 1).isoformat() if k.date and not (
                              k.date.month == 2 and k.date.day == 29) else ""}
            form = _RollForm(values)
            return self._roll_page(request, name, form, decree.heading, loaded is not None,
                                   400 if request.method == "POST" else 200)
        sent = await request.form()
        form = _RollForm({n: str(sent.get(n, "") or "").strip() for n in ("year", "number", "date", "replace")})
        given = _roll_input(form)
        if given is None:
            return self._roll_page(request, name, form, decree.heading, True, 400)
        year, number, date = given
        spec = self.workspace.file(name)
        try:
            result = await run_in_threadpool(rollover, spec, year, number, date, None, self.workspace.catalogue(),
                                             form.values["replace"] == "1")
        except ZiDecreeError as exc:
            for problem in exc.problems:
                where = problem.location
                target = where.field if where.file is None and where.field in ROLL_LABELS else ""
                form.error(target or "", problem.message if target else self._file_said(problem))
            return self._roll_page(request, name, form, decree.heading, True, 400)
        new = self.workspace.name(result.spec)
        with self._lock:
            self.rolled[new] = result
        return RedirectResponse(f"/laporan-tahun-depan/{quote(new)}", 303)

    def _file_said(self, problem: Problem) -> str:
        """A problem of a file rollover would write, in the form's words (not the command line's options)."""
        file = problem.location.file
        if file is not None and problem.location.line is None:
            shown = self.workspace.name(file)
            if problem.code == "output-exists":
                return _("The file {file} is already in the workspace folder; nothing is replaced. Tick «{replace}» "
                         "to replace it.").format(file=shown, replace=translate(REPLACE))
            if problem.code == "output-is-input":
                return _("The file {file} is read by this decree, so it is not replaced; nothing was written.").format(
                    file=shown)
        return self._said(problem)

    def _said(self, problem: Problem) -> str:
        where = _where(self.pages, problem.location)
        place = " · ".join(x for x in (where["where"], where["field"]) if x)
        return f"{place}: {problem.message}" if place else problem.message

    def _roll_page(self, request: Request, name: str, form: _RollForm, heading: dict[str, str], readable: bool,
                   status: int) -> Response:
        return self.pages.page(request, "rollover.html", status,
                               title=_("Next year's decree from {name}").format(name=name),
                               name=name, form=form, heading=heading, readable=readable, labels=_labels(ROLL_LABELS),
                               replace=translate(REPLACE))

    async def report(self, request: Request) -> Response:
        name = request.path_params["name"]
        with self._lock:
            result = self.rolled.get(name)
        if result is None:
            raise HTTPException(404, _("This report is gone (the workspace was restarted). The same report is in "
                                       "the workspace folder, in the .rollover.md file beside its decree."))
        pages = self.pages

        def change(c: Change) -> dict[str, str]:
            return {**_where(pages, c.where), "old": c.old, "new": c.new or "", "reason": c.reason}

        left = set(result.left_out)
        schedules = [c for c in result.changes if (c.where.field or "").endswith(("schedule", "schedule.label"))]
        texts = [c for c in result.changes if c not in schedules]
        checked = result.result
        return pages.page(
            request, "rollover_report.html", title=_("Report of next year's decree {name}").format(name=name),
            name=name,
            files=[self.workspace.name(p) for p in result.files], report=self.workspace.name(result.report),
            confirm=[change(c) for c in result.confirm if c not in left],
            left_out=[change(c) for c in result.left_out],
            citations=[{"ref": ref, "old": old, "new": new} for ref, old, new in result.citations],
            texts=[change(c) for c in texts], schedules=[change(c) for c in schedules],
            errors=[pages.problem(p) for p in checked.errors], warnings=[pages.problem(p) for p in checked.warnings])

    # -------------------------------------------------------------------------------------------- batch

    def _recent(self) -> list[dict[str, Any]]:
        with self._lock:
            runs = list(self.runs.values())
        return [run.view() for run in reversed(runs)]

    def _batch_page(self, request: Request, values: dict[str, str], errors: dict[str, list[str]],
                    status: int = 200) -> Response:
        return self.pages.page(request, "batch.html", status, title=_("All offices of a province"),
                               values=values, errors=errors, plans=self.workspace.plans(), runs=self._recent(),
                               labels=_labels(BATCH_LABELS),
                               limit=f"{OFFICES_LIMIT // (1024 * 1024)} MiB")

    async def batch_form(self, request: Request) -> Response:
        if request.method == "GET":
            return self._batch_page(request, {"year": str(dt.date.today().year), "plan": ""}, {})
        form = await request.form()
        values = {n: str(form.get(n, "") or "").strip() for n in ("plan", "year")}
        errors: dict[str, list[str]] = {}

        def error(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        upload = form.get("table")
        data, table = b"", ""
        if not isinstance(upload, UploadFile) or not upload.filename:
            error("table", _("Choose the offices table's file (.csv or .xlsx)."))
        else:
            table = Path(upload.filename.replace("\\", "/")).name
            data = await upload.read(OFFICES_LIMIT + 1)
            if len(data) > OFFICES_LIMIT:
                error("table", _("The file is too large: an offices table has at most {size}.").format(
                    size=f"{OFFICES_LIMIT // (1024 * 1024)} MiB"))
                await form.close()
                return self._batch_page(request, values, errors, 413)
            message = _table_content(table, data)
            if message:
                error("table", message)
        await form.close()
        plans = self.workspace.plans()
        if not values["plan"]:
            error("plan", _("Required."))
        elif values["plan"] not in plans:
            error("plan", _("Choose an action plan from the list."))
        year = None
        if not values["year"]:
            error("year", _("Required."))
        elif values["year"].isascii() and values["year"].isdigit() and 2000 <= int(values["year"]) <= 2100:
            year = int(values["year"])
        else:
            error("year", _("Write the year with four digits, e.g. 2026."))
        with self._lock:
            running = next((r for r in self.runs.values() if r.state == "berjalan"), None)
        if running is not None:
            error("", _("The run {table} is still going; wait until it ends, then start again.").format(
                table=running.table))
        if errors or year is None:
            return self._batch_page(request, values, errors, 409 if running and len(errors) == 1 else 400)
        folder = Path(tempfile.mkdtemp(prefix="zi-decree-offices-"))
        # Kept by its own name (messages name it), in a folder of its own; a name no file system takes, folded.
        plain = re.fullmatch(r"[\w .()-]{1,120}", table) and not table.startswith(".")
        path = folder / (table if plain else safe_name(Path(table).stem, 80) + Path(table).suffix.lower())
        path.write_bytes(data)
        try:
            rows = await run_in_threadpool(read_offices, path)
        except ZiDecreeError as exc:
            _drop(folder)
            for problem in exc.problems:
                error("table", self._said(problem))
            return self._batch_page(request, values, errors, 400)
        stem = Path(table).stem.removesuffix(".offices").removesuffix(".kantor")
        run = _Run(secrets.token_urlsafe(9), table, values["plan"], year, f"paket-{safe_name(stem, 60)}",
                   [_Office(row.label[:200], _where(self.pages, row.where)) for row in rows],
                   {row.where: i for i, row in enumerate(rows)}, dt.datetime.now())
        with self._lock:
            self.runs[run.id] = run
            finished = [k for k, r in self.runs.items() if r.state != "berjalan"]
            for key in finished[:max(0, len(self.runs) - _RUNS_KEPT)]:
                del self.runs[key]
        # In a copy of the request's context: the run's messages speak the language of the page that started it.
        threading.Thread(target=contextvars.copy_context().run, args=(self._run, run, path, rows),
                         name=f"batch-{run.id}", daemon=True).start()
        return RedirectResponse(f"/provinsi/{run.id}", 303)

    def _run(self, run: _Run, table: Path, rows: list[OfficeRow]) -> None:
        """The batch, as `zi-decree batch TABLE --plan PLAN --year YEAR -o FOLDER` runs it, in this thread: one
        process (forking a server that runs threads is not safe), other requests go on meanwhile."""
        output = self.workspace.root / run.output

        def progress(outcome: OfficeOutcome, done: int, total: int) -> None:
            office = self._office(outcome)
            with run.lock:
                i = run.rows.get(outcome.where)
                if i is not None:
                    run.offices[i] = office
                run.done = done

        try:
            if not self.workspace.inside(output.parent) or output.is_symlink():
                raise ZiDecreeError([Problem(_("the packages' folder leads out of the workspace"),
                                             Location(str(output)), code="outside-workspace")])
            result = batch(table, self.workspace.file(run.plan), run.year, output, workers=1,
                           catalogue=self.workspace.catalogue(), progress=progress)
            write_atomic(output / "batch-summary.json", summary_json(result, output))
        except ZiDecreeError as exc:
            with run.lock:
                run.problems = [self.pages.problem(p) for p in exc.problems]
                run.state = "gagal"
        except Exception as exc:  # a bug of ours: said on the page, the server goes on
            with run.lock:
                run.problems = [{"severity": "error", "where": "", "field": "",
                                 "message": _("An internal error occurred ({name}). Report it to the "
                                              "developers.").format(name=type(exc).__name__)}]
                run.state = "gagal"
        else:
            with run.lock:
                run.offices = [self._office(o) for o in result.outcomes]
                run.result, run.done, run.state = result, len(result.outcomes), "selesai"
        finally:
            _drop(table.parent)

    def _office(self, outcome: OfficeOutcome) -> _Office:
        return _Office(outcome.office[:200], _where(self.pages, outcome.where),
                       "ditulis" if outcome.ok else "gagal", outcome.folder.name if outcome.folder else "",
                       [self.pages.problem(p) for p in outcome.problems], len(outcome.warnings))

    def _find(self, request: Request) -> _Run:
        with self._lock:
            run = self.runs.get(request.path_params["run"])
        if run is None:
            raise HTTPException(404, _("This run is unknown (was the workspace restarted?). The packages already "
                                       "written stay in the workspace folder."))
        return run

    async def run_page(self, request: Request) -> Response:
        run = self._find(request).view()
        return self.pages.page(request, "batch_run.html", title=_("Run {table}").format(table=run["table"]), run=run)

    async def run_json(self, request: Request) -> Response:
        run = self._find(request).view()
        # With the texts the page's script shows, in the page's language.
        return JSONResponse({key: run[key] for key in ("state", "done", "total", "written", "failed")}
                            | {"status": _("Running: {done} of {total} offices done.").format(done=run["done"],
                                                                                              total=run["total"]),
                               "offices": [{"office": o["label"], "state": o["state"],
                                            "shown": translate(_STATES.get(o["state"], o["state"]))}
                                           for o in run["offices"]]})

    async def run_zip(self, request: Request) -> Response:
        run = self._find(request)
        with run.lock:
            result = run.result
        if result is None:
            raise HTTPException(404, _("The packages are not all made yet."))
        data = await run_in_threadpool(self._zip, run, result)
        return Response(data, media_type="application/zip",
                        headers={"content-disposition": f'attachment; filename="{run.output}.zip"'})

    def _zip(self, run: _Run, result: BatchResult) -> bytes:
        """Every package written, each in its folder, and the batch summary: the same bytes for the same packages."""
        parts = []
        for outcome in sorted(result.written, key=lambda o: o.folder.name if o.folder else ""):
            assert outcome.folder is not None
            for file in outcome.files:
                path = self.workspace.file(f"{run.output}/{outcome.folder.name}/{file.name}")
                parts.append((f"{outcome.folder.name}/{file.name}", path.read_bytes()))
        summary = self.workspace.file(f"{run.output}/batch-summary.json")
        parts.append(("batch-summary.json", summary.read_bytes()))
        return zip_parts(parts)


def _table_content(name: str, data: bytes) -> str:
    """What is wrong with an uploaded offices table, judged by its name and its content ('' when nothing)."""
    suffix = Path(name).suffix.lower()
    if suffix not in _TABLE_SUFFIXES:
        return _("An offices table is a .csv (UTF-8) or .xlsx file.")
    if not data:
        return _("This file is empty.")
    is_zip = data.startswith(b"PK\x03\x04")
    if suffix == ".xlsx" and not is_zip:
        return _("This file is not an Excel workbook (.xlsx), though its name ends in .xlsx.")
    if suffix == ".csv" and (is_zip or b"\x00" in data):
        return _("This file is not CSV text; save the table as CSV UTF-8, or upload its .xlsx file.")
    return ""


def _drop(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
