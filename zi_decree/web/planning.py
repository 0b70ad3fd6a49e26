"""The plan page: a decree's plan workbook downloaded and uploaded, its problems shown at their cells, its coverage.

Where an upload goes (one rule, said on the page): into the file the spec's plan lampiran names with `plan:`.
A workbook (`plan: x.xlsx`) is replaced by the uploaded one; a YAML plan file (`plan: x.plan.yaml`) gets the
workbook's plan as `zi-decree plan import` writes it. The file it replaces is kept beside it as `<file>.bak`.
The upload is read first, outside the workspace, by the same reader as `plan import` (its checks of zip bombs,
formulas and huge sheets included): an upload with an error writes nothing and is shown with each problem at its
cell. A plan written inside the spec (no `plan:`) is not replaced from a workbook.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from openpyxl.utils import column_index_from_string, get_column_letter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from zi_decree.base.yaml import read_yaml
from zi_decree.composing.compose import compose
from zi_decree.composing.document import Document, Section, Table
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.i18n import _
from zi_decree.model.keputusan import PlanLampiran
from zi_decree.rendering.html import render_html
from zi_decree.web.workspace import Decree, Outside, Workspace

if TYPE_CHECKING:
    from zi_decree.web.app import _Pages

__all__ = ["Grid", "PlanPages", "PlanTarget", "cell_anchor", "plan_target", "problem_href"]

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BACKUP = ".bak"
UPLOADED = "unggah-"  # the anchors of an upload's cells, apart from those of the plan in the workspace
_PLAN_FILES = (".plan.yaml", ".plan.yml", ".xlsx", ".xlsm")
# The longest file name of an upload the pages repeat (a name is user text: said short).
_NAME = 60


def cell_anchor(sheet: str, column: int | str | None, row: int | None) -> str:
    """The plan page's anchor of a workbook cell ('sel-Rencana-Aksi-F5'), or of a row when no column is known."""
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", sheet).strip("-") or "lembar"
    if row is None:
        return f"sel-{slug}"
    if isinstance(column, int):
        column = get_column_letter(column)
    return f"sel-{slug}-{column}{row}" if column else f"sel-{slug}-r{row}"


def problem_href(workspace: Workspace, name: str, problem: Problem, edit_pages: bool) -> str | None:
    """Where a problem of `check` is put right: the plan page's cell for a workbook's cell, the edit page's field
    for a field of the spec itself (when the edit pages exist), the plan page's list for a line of a plan file;
    None for anything else."""
    loc = problem.location
    if loc.sheet is not None:
        return f"/rencana/{quote(name)}#{cell_anchor(loc.sheet, loc.column, loc.line)}"
    own = loc.file is None or workspace.name(loc.file) == name
    if edit_pages and loc.field and own:
        # The edit page finds the form's control for the field, or the nearest part holding it (editing.place).
        return f"/ubah/{quote(name)}?bidang={quote(loc.field, safe='')}"
    if not own and str(loc.file).lower().endswith(_PLAN_FILES):
        return f"/rencana/{quote(name)}#masalah"  # a plan file's problem: the plan page lists it, by its line
    return None


# ----------------------------------------------------------------------------------------------- the target


@dataclass(frozen=True)
class PlanTarget:
    """Where the decree's plan is: the file its first plan lampiran names (None: the plan is in the spec, or the
    spec has no plan lampiran), and the year its workbook is read for."""

    spec: Path
    file: Path | None
    named: str | None  # as the spec writes it
    year: int
    has_plan: bool
    outside: bool = False  # the file named lies outside the workspace (check says so; nothing is read or written)
    index: int | None = None  # the plan lampiran's place among the spec's lampiran

    def concerns(self, problem: Problem) -> bool:
        """Whether a problem of `check` is the plan's: at a workbook's cell, in the plan file, or at a field of
        the plan lampiran."""
        loc = problem.location
        if loc.sheet is not None or (self.file is not None and loc.file is not None and Path(loc.file) == self.file):
            return True
        return self.index is not None and bool(loc.field) and \
            re.match(rf"lampiran\[{self.index}\](?![0-9])", loc.field or "") is not None

    @property
    def workbook(self) -> bool:
        return self.file is not None and self.file.suffix.lower() in (".xlsx", ".xlsm")


def plan_target(workspace: Workspace, name: str) -> PlanTarget:
    """The decree's plan file, read from the spec as written (a spec whose plan has errors still names it)."""
    spec = workspace.file(name)
    try:
        data, _where = read_yaml(spec)
    except ZiDecreeError:
        data = None
    data = data if isinstance(data, dict) else {}
    year = data.get("year")
    year = year if isinstance(year, int) and not isinstance(year, bool) and 1900 < year < 3000 else dt.date.today().year
    found = data.get("lampiran")
    lampiran: list[Any] = found if isinstance(found, list) else []
    plans = [i for i, lamp in enumerate(lampiran) if isinstance(lamp, dict) and lamp.get("kind") == "plan"]
    if not plans:
        return PlanTarget(spec, None, None, year, False)
    index = plans[0]
    named = lampiran[index].get("plan")
    if not isinstance(named, str) or not named.strip():
        return PlanTarget(spec, None, None, year, True, index=index)
    # Named relative to the spec's folder, and confined to the workspace as every name is.
    relative = Path(workspace.name(spec)).parent / named.strip()
    try:
        return PlanTarget(spec, workspace.file(relative.as_posix()), named.strip()[:200], year, True, index=index)
    except Outside:
        return PlanTarget(spec, None, named.strip()[:200], year, True, outside=True, index=index)


# ----------------------------------------------------------------------------------------------- the grid


@dataclass
class GridCell:
    text: str
    anchor: str
    rowspan: int = 1
    colspan: int = 1
    problems: list[int] = field(default_factory=list)  # numbers of the problems said at this cell
    severity: str = ""


@dataclass
class Grid:
    """A workbook's plan sheet as staff see it in Excel (row numbers, column letters), each problem at its cell."""

    title: str
    columns: list[str]
    rows: list[tuple[int, str, list[GridCell]]]  # (row number, row anchor, cells)
    elsewhere: list[int]  # numbers of the problems not at a cell of this sheet
    placed: dict[int, str] = field(default_factory=dict)  # problem number -> the anchor of the cell showing it


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "text", value))


def workbook_grid(path: Path, problems: list[Problem], prefix: str = "") -> Grid | None:
    """The plan sheet of the workbook at `path` (read through the reader's checks), with `problems` placed at
    their cells (numbered from 1 in the order given; anchors begin with `prefix`); None when it cannot be read
    as a workbook."""
    from zi_decree.loading.workbook import MAX_COLUMNS, MAX_ROWS, open_workbook, plan_sheet

    try:
        book = open_workbook(path, values_only=True)  # shown, never written back
    except ZiDecreeError:
        return None
    try:
        title = plan_sheet([s.title for s in book.worksheets])
        if title is None:
            return None
        ws = book[title]
        covered: dict[tuple[int, int], tuple[int, int]] = {}  # a cell a merged range covers -> its top-left cell
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            if rng.max_row > MAX_ROWS + 1 or rng.max_col > MAX_COLUMNS + 1:
                continue  # a whole-column merge (the reader reads past it too): shown as its cells
            spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
            covered.update(((r, c), (rng.min_row, rng.min_col)) for r in range(rng.min_row, rng.max_row + 1)
                           for c in range(rng.min_col, rng.max_col + 1) if (r, c) != (rng.min_row, rng.min_col))
        used = [(r, c) for (r, c), cell in ws._cells.items() if cell.value not in (None, "")]
        at: dict[tuple[int, int | None], list[int]] = {}
        elsewhere = []
        letters: dict[str, int] = {}
        for number, problem in enumerate(problems, 1):
            loc = problem.location
            col = None
            if isinstance(loc.column, int):
                col = loc.column
            elif loc.column:
                try:
                    col = letters.setdefault(loc.column, column_index_from_string(loc.column))
                except ValueError:
                    col = MAX_COLUMNS + 2
            if loc.sheet != title or loc.line is None or loc.line > MAX_ROWS + 1 or (col or 1) > MAX_COLUMNS + 1:
                elsewhere.append(number)
                continue
            # A problem at a cell a merged range covers is shown at the range's cell.
            row, col = covered.get((loc.line, col), (loc.line, col)) if col is not None else (loc.line, col)
            at.setdefault((row, col), []).append(number)
            used.append((row, col or 1))
        last_row = max((r for r, _ in used), default=0)
        last_col = max((c for _, c in used), default=0)
        rows = []
        for r in range(1, last_row + 1):
            cells = []
            for c in range(1, last_col + 1):
                if (r, c) in covered:
                    continue
                rowspan, colspan = spans.get((r, c), (1, 1))
                raw = ws._cells.get((r, c))
                cell = GridCell(_shown(raw.value if raw is not None else None)[:2000],
                                prefix + cell_anchor(title, get_column_letter(c), r), min(rowspan, last_row - r + 1),
                                min(colspan, last_col - c + 1), at.get((r, c), []))
                cells.append(cell)
            rows.append((r, prefix + cell_anchor(title, None, r), cells))
            # A problem of a whole row (no column) is shown at the row's first cell.
            if at.get((r, None)) and cells:
                cells[0].problems = sorted(at[(r, None)] + cells[0].problems)
        placed: dict[int, str] = {}
        for _number, _anchor, cells in rows:
            for cell in cells:
                placed.update((n, cell.anchor) for n in cell.problems)
                if cell.problems:
                    cell.severity = "error" if any(problems[n - 1].severity == "error" for n in cell.problems) \
                        else "warning"
        return Grid(title, [get_column_letter(c) for c in range(1, last_col + 1)], rows, elsewhere, placed)
    finally:
        book.close()


# ----------------------------------------------------------------------------------------------- views


def plan_tables(decree: Decree) -> str | None:
    """The decree's plan lampiran tables as the decree shows them (an HTML fragment), when it can be read."""
    if decree.resolved is None:
        return None
    document = compose(decree.resolved, "salinan")
    tables = [b for s in document.sections for b in s.blocks if isinstance(b, Table) and b.role == "plan"]
    if not tables:
        return None
    return render_html(Document(tuple(Section((t,), "landscape", "lampiran") for t in tables), "salinan"))


def coverage_view(decree: Decree) -> list[dict[str, Any]] | None:
    """The coverage of each plan lampiran by the guideline in force, area by area, as the page lists it."""
    from zi_decree.tasks.coverage import coverage

    if decree.loaded is None or not any(isinstance(lamp, PlanLampiran) for lamp in decree.loaded.keputusan.lampiran):
        return None
    result = coverage(decree.loaded)
    out = []
    for lamp in result.lampiran:
        areas = []
        for area in lamp.areas:
            comps: list[dict[str, Any]] = [{"name": c.name, "covered": c.match is not None,
                      "by": c.match.name if c.match and c.match.how != "exact" else "",
                      "older": bool(c.match and c.match.how == "older name"), "elsewhere": c.elsewhere or ""}
                     for c in area.components]
            areas.append({"number": area.number, "name": area.name, "match": area.match.name if area.match else "",
                          "components": comps, "covered": sum(c.match is not None for c in area.components),
                          "extra": [e.name for e in area.extra]})
        out.append({"title": lamp.title, "checked": lamp.checked, "complete": lamp.complete,
                    "guideline": lamp.guideline_title or "", "citation": lamp.citation or "", "areas": areas,
                    "extra_areas": [e.name for e in lamp.extra_areas]})
    return out


# ----------------------------------------------------------------------------------------------- files


def upload_name(filename: str | None) -> str:
    """The uploaded file's name as the pages say it (its last part, short), and as the temporary copy is named."""
    base = re.split(r"[\\/]", filename or "")[-1]
    stem = re.sub(r"[^\w.\- ]+", "_", base.rsplit(".", 1)[0] if "." in base else base).strip(" .")[:_NAME]
    return (stem or "rencana") + ".xlsx"


@dataclass
class Upload:
    """What an upload did: the problems the reader found (errors: nothing written), where it went."""

    name: str
    problems: list[Problem]
    grid: Grid | None
    written: Path | None = None
    backup: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _relocated(problems: list[Problem] | tuple[Problem, ...], temp: Path, name: str) -> list[Problem]:
    """The reader's problems with the temporary copy named as the upload was."""
    out = []
    for p in problems:
        loc = p.location
        if loc.file is not None and Path(loc.file).name == temp.name:
            p = replace(p, location=replace(loc, file=name))
        out.append(p)
    return out


def _unwritable(path: Path) -> str | None:
    """Why the plan named cannot take an upload: a file that is no plan file (another spec, another kind)."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx", ".xlsm"):
        return _("the plan file {file} is neither a workbook (.xlsx) nor a YAML plan file; nothing was written").format(
            file=path.name)
    if suffix in (".yaml", ".yml") and path.is_file():
        try:
            data, _where = read_yaml(path)
        except ZiDecreeError:
            return None  # a plan file with errors is what an upload puts right
        if isinstance(data, dict) and "office" in data:
            return _("{file} is a decree's spec, not a plan file; nothing was written").format(file=path.name)
    return None


def store_upload(workspace: Workspace, target: PlanTarget, filename: str | None, data: bytes) -> Upload:
    """Read the uploaded workbook outside the workspace; when it reads without errors, write it (or its plan, as
    YAML) to the decree's plan file, the old file kept as <file>.bak, both in one atomic step."""
    from zi_decree.loading.spec import load_plan
    from zi_decree.tasks.plans import import_plan
    from zi_decree.writing.files import write_files

    name = upload_name(filename)
    assert target.file is not None
    refused = _unwritable(target.file)
    if refused:
        raise ZiDecreeError([Problem(refused, Location(str(target.file)), code="wrong-file-kind")])
    with tempfile.TemporaryDirectory(prefix="zi-unggah-") as folder:
        temp = Path(folder) / name
        temp.write_bytes(data)
        try:
            if target.workbook:
                warnings: tuple[Problem, ...] = load_plan(temp, target.year).warnings
                new = data
            else:
                result = import_plan(temp, Path(folder) / "plan.yaml", year=target.year)
                warnings, new = result.warnings, result.path.read_bytes()
        except ZiDecreeError as exc:
            problems = _relocated(exc.problems, temp, name)
            return Upload(name, problems, workbook_grid(temp, list(exc.problems), UPLOADED))
        problems = _relocated(warnings, temp, name)
        grid = workbook_grid(temp, list(warnings), UPLOADED) if warnings else None
    writes = [(target.file, new)]
    backup = None
    if target.file.is_file():
        backup = target.file.with_name(target.file.name + BACKUP)
        if not workspace.inside(backup):
            raise Outside([Problem(_("is not a file of the workspace"), Location(field="name"),
                                   code="outside-workspace")])
        writes.insert(0, (backup, target.file.read_bytes()))
    write_files(writes)
    return Upload(name, problems, grid, target.file, backup)


def template_bytes(year: int) -> bytes:
    """The workbook staff fill in for `year` (what `zi-decree plan template` writes)."""
    from zi_decree.tasks.plans import write_template

    with tempfile.TemporaryDirectory(prefix="zi-templat-") as folder:
        return write_template(Path(folder) / "templat.xlsx", year).path.read_bytes()


def current_bytes(workspace: Workspace, decree: Decree, target: PlanTarget) -> bytes:
    """The decree's plan as a workbook (what `zi-decree plan export` writes; a plan workbook as it is)."""
    from zi_decree.tasks.plans import export_plan

    if target.workbook and target.file is not None and target.file.is_file():
        return target.file.read_bytes()
    with tempfile.TemporaryDirectory(prefix="zi-rencana-") as folder:
        output = Path(folder) / "rencana.xlsx"
        if decree.loaded is not None:
            return export_plan(target.spec, output, catalogue=workspace.catalogue()).path.read_bytes()
        if target.file is None:
            raise ZiDecreeError([Problem(_("the plan is written in the spec, which cannot be read yet"),
                                         Location(str(target.spec)), code="no-plan")])
        return export_plan(target.file, output, year=target.year, catalogue=workspace.catalogue()).path.read_bytes()


# ----------------------------------------------------------------------------------------------- the pages


class PlanPages:
    """The plan page of a decree, its downloads and its upload, over the application's pages."""

    def __init__(self, pages: _Pages) -> None:
        self.pages = pages

    def _target(self, name: str) -> tuple[Decree, PlanTarget]:
        decree = self.pages.decree(name)
        return decree, plan_target(self.pages.workspace, name)

    def _numbered(self, problems: list[Problem], prefix: str, grid: Grid | None) -> list[dict[str, Any]]:
        """The problems, numbered as the grid marks them; one at a cell the grid does not show (another sheet)
        carries that cell's anchor itself, so that a link to the cell still arrives at its message."""
        shown_cells = {a for _, row, cells in grid.rows for a in (row, *(c.anchor for c in cells))} if grid else set()
        out, taken = [], set()
        for number, problem in enumerate(problems, 1):
            shown = self.pages.problem(problem)
            loc = problem.location
            cell = prefix + cell_anchor(loc.sheet, loc.column, loc.line) if loc.sheet is not None else None
            alias = cell if cell and cell not in shown_cells and cell not in taken else None
            taken.add(alias)
            shown.update(number=number, id=f"{prefix}m-{number}", cell=grid.placed.get(number) if grid else None,
                         alias=alias)
            out.append(shown)
        return out

    def _page(self, request: Request, name: str, status: int = 200, upload: Upload | None = None,
              message: str = "") -> Response:
        decree, target = self._target(name)
        workspace = self.pages.workspace
        mine = [p for p in decree.problems if target.concerns(p)]
        grid = None
        at_cells = any(p.location.sheet is not None for p in mine)
        if at_cells and target.workbook and target.file is not None and target.file.is_file():
            grid = workbook_grid(target.file, mine)
        values: dict[str, Any] = {
            "title": _("Action plan {name}").format(name=name), "name": name, "row": self.pages.summary(decree),
            "target": target, "plan_file": workspace.name(target.file) if target.file else "",
            # The current plan is offered as a workbook when it can be made one (a plan that reads).
            "exportable": target.has_plan and (decree.resolved is not None or (
                target.workbook and target.file is not None and target.file.is_file())),
            "backup": BACKUP, "tables": plan_tables(decree), "coverage": coverage_view(decree),
            "problems": self._numbered(mine, "", grid), "grid": grid, "message": message, "upload": None,
            "errors": len(decree.errors), "warnings": len(decree.warnings)}
        if upload is not None:
            values["upload"] = {
                "name": upload.name, "ok": not upload.errors, "grid": upload.grid,
                "problems": self._numbered(upload.problems, UPLOADED, upload.grid),
                "written": workspace.name(upload.written) if upload.written else "",
                "backup": workspace.name(upload.backup) if upload.backup else ""}
        return self.pages.page(request, "plan.html", status, **values)

    async def show(self, request: Request) -> Response:
        name = request.path_params["name"]
        return await run_in_threadpool(self._page, request, name)

    async def upload(self, request: Request) -> Response:
        name = request.path_params["name"]
        _decree, target = await run_in_threadpool(self._target, name)
        form = await request.form()
        sent = form.get("berkas")
        data = await sent.read() if isinstance(sent, StarletteUpload) else b""
        filename = sent.filename if isinstance(sent, StarletteUpload) else None
        await form.close()
        if target.file is None:
            why = _("This decree has no action plan lampiran.") if not target.has_plan else \
                _("Its plan file ({file}) is outside the workspace folder.").format(file=target.named) \
                if target.outside else \
                _("This decree's action plan is written in its spec, not in a file of its own; a workbook cannot "
                  "replace it here. Write the plan in a file of its own (plan: file-name.plan.yaml in the plan "
                  "lampiran), then upload again.")
            why += " " + _("No file was written.")
            return await run_in_threadpool(self._page, request, name, 409, None, why)
        if not data:
            return await run_in_threadpool(self._page, request, name, 400, None,
                                           _("First choose the workbook file (.xlsx) to upload."))

        def store() -> tuple[Upload | None, str]:
            try:
                return store_upload(self.pages.workspace, target, filename, data), ""
            except ZiDecreeError as exc:
                return None, _("The plan was not saved: {problems}").format(
                    problems="; ".join(p.message for p in exc.problems))

        upload, failed = await run_in_threadpool(store)
        if upload is None:
            return await run_in_threadpool(self._page, request, name, 409, None, failed)
        return await run_in_threadpool(self._page, request, name, 400 if upload.errors else 200, upload)

    async def template(self, request: Request) -> Response:
        name = request.path_params["name"]
        _decree, target = await run_in_threadpool(self._target, name)
        year = target.year
        data = await run_in_threadpool(template_bytes, year)
        return Response(data, media_type=XLSX_MEDIA, headers={
            "content-disposition": f'attachment; filename="templat-rencana-aksi-{year}.xlsx"'})

    async def current(self, request: Request) -> Response:
        name = request.path_params["name"]
        decree, target = await run_in_threadpool(self._target, name)
        if not target.has_plan:
            raise HTTPException(404, _("This decree has no action plan lampiran."))
        try:
            data = await run_in_threadpool(current_bytes, self.pages.workspace, decree, target)
        except ZiDecreeError as exc:
            return await run_in_threadpool(
                self._page, request, name, 409, None,
                _("The current plan cannot be made a workbook yet (correct its errors first, or download the empty "
                  "template): {problems}").format(
                    problems="; ".join(self.pages.problem(p)["message"] for p in exc.problems[:3])))
        stem = target.file.name.rsplit(".", 1)[0] if target.file is not None else Path(name).stem + ".plan"
        return Response(data, media_type=XLSX_MEDIA, headers={
            "content-disposition": f'attachment; filename="{quote(stem)}.xlsx"'})
