"""Batch: one decree package per office of a table, sharing one plan, on several processes; failures isolated."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_decree.base import arguments
from zi_decree.base.environment import check_source_date_epoch
from zi_decree.base.paper import PAPERS, Paper
from zi_decree.base.yaml import Positions
from zi_decree.errors import Location, Problem, SpecError, ZiDecreeError
from zi_decree.i18n import Language, _, language, set_language
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.offices import OfficeRow, parse_date, read_offices
from zi_decree.loading.spec import inline_plan, load_data, read_plan_file
from zi_decree.rendering import FORMATS, Format
from zi_decree.tasks.check import check_template_at, portable
from zi_decree.tasks.new import Officials, left_out_bases, parse_office, standard_spec

__all__ = ["BatchResult", "OfficeOutcome", "batch", "default_workers"]


@dataclass(frozen=True)
class OfficeOutcome:
    """What happened to one office's row: its package (folder and files) or the problems that stopped it."""

    office: str
    where: Location
    folder: Path | None = None
    files: tuple[Path, ...] = ()
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.folder is not None


@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[OfficeOutcome, ...]
    plan_warnings: tuple[Problem, ...] = ()  # met once, reading the shared plan (a serial number, say)

    @property
    def failed(self) -> tuple[OfficeOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    @property
    def written(self) -> tuple[OfficeOutcome, ...]:
        return tuple(o for o in self.outcomes if o.ok)


def default_workers() -> int:
    """Two processes, or one on a single-core machine: rendering is CPU-bound."""
    return max(1, min(2, os.cpu_count() or 1))


def _spec_data(row: OfficeRow, year: int, plan_ref: str,
               catalogue: Catalogue) -> tuple[dict[str, Any], Positions, list[Problem]]:
    """A row's standard spec data, with each value's location pointing at its cell."""
    v, cells = row.values, row.cells
    problems = []

    def need(column: str) -> Any:
        value = v.get(column)
        if value is None or value == "":
            problems.append(Problem(_("{column} is empty; every office needs one").format(column=column),
                                      cells.get(column, row.where),
                                    code="missing-field"))
        return value

    office, number, date_value, chair, attester = (need(c) for c in
                                                   ("office", "number", "date", "chair", "attestation_name"))
    if office is not None:
        try:
            parse_office(str(office))
        except ValueError as exc:
            problems.append(Problem(str(exc), cells["office"], code="invalid-value"))
    date = None
    if date_value is not None:
        try:
            date = parse_date(date_value)
        except ValueError as exc:
            problems.append(Problem(str(exc), cells["date"], code="invalid-value"))
        else:
            if date.year != year:
                problems.append(Problem(_("the date {date} is not in {year} (--year)").format(date=date.isoformat(),
                                          year=year), cells["date"],
                                        code="date-not-in-year"))
    if isinstance(number, bool):
        problems.append(Problem(_("expected a number such as 6 or a registry code, got {number}").format(
                                  number=number), cells["number"],
                                code="wrong-type"))
    elif isinstance(number, float) and number.is_integer():
        number = int(number)  # spreadsheets store 6 as 6.0
    elif isinstance(number, str) and number.isascii() and number.isdigit():
        number = int(number)
    nip = v.get("attestation_nip")
    if isinstance(nip, (int, float)) and not isinstance(nip, bool):
        if row.where.sheet is not None:
            # Excel keeps 15 significant digits: an 18-digit NIP typed as a number has lost its last ones.
            problems.append(Problem(_("the NIP is stored as a number, which Excel rounds ({nip:d}); format the column "
                                      "as Text and type the NIP again").format(nip=int(nip)), cells["attestation_nip"],
                                        code="nip-as-number"))
        nip = f"{int(nip):d}"
    if problems:
        return {}, {}, problems
    data = standard_spec(
        str(office), year, number=number, date=date, province=_text(v.get("province")), seat=_text(v.get("seat")),
        officials=Officials(chair=_text(chair), chair_position=_text(v.get("chair_position")),
                            attestation_name=_text(attester), attestation_position=_text(v.get("attestation_position")),
                            attestation_nip=_text(nip)),
        plan=plan_ref, catalogue=catalogue)
    positions: Positions = {(): row.where}
    for path, column in ((("office",), "office"), (("office", "kind"), "office"), (("office", "name"), "office"),
                         (("office", "seat"), "seat"), (("office", "province"), "province"),
                         (("number",), "number"), (("date",), "date"), (("signatory",), "chair"),
                         (("signatory", "name"), "chair"), (("signatory", "position"), "chair_position"),
                         (("attestation",), "attestation_name"), (("attestation", "name"), "attestation_name"),
                         (("attestation", "position"), "attestation_position"),
                         (("attestation", "nip"), "attestation_nip")):
        if column in cells:
            positions[path] = cells[column]
    return data, positions, []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _render_one(job: dict[str, Any], catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Validate, render and write one office's package; problems come back as data, never raised."""
    from zi_decree.tasks.package import render_package

    row: OfficeRow = job["row"]
    catalogue = catalogue or _WORKER_CATALOGUE
    assert catalogue is not None
    try:
        data, positions, problems = _spec_data(row, job["year"], job["plan_name"], catalogue)
        if problems:
            return {"problems": problems}
        _with_plan(data, job["plan"], positions, job["plan_positions"])
        loaded = load_data(data, positions, base=job["base"], catalogue=catalogue, source=str(row.where.file))
        # The warnings of reading the shared plan (once, for all offices) are each office's, as they would be
        # for a spec that names the plan: its record.json keeps them.
        loaded = dataclasses.replace(loaded, sources=(Path(str(row.where.file)).name, job["plan_name"]),
                                     warnings=(*job["plan_warnings"], *_left_out(row, loaded.keputusan.date,
                                                                                 catalogue), *loaded.warnings))
        package = render_package(loaded, job["output"], formats=job["formats"], paper=job["paper"],
                                 template=job["template"], force=job["force"])
    except ZiDecreeError as exc:
        return {"problems": exc.problems}
    except Exception as exc:  # a bug of ours must cost one office, not the batch
        return {"problems": [Problem(_("internal error: {name}: {exc} (please report it)").format(
                                       name=type(exc).__name__, exc=exc), row.where,
                                     code="internal-error")]}
    return {"folder": package.folder, "files": package.files, "warnings": package.warnings}


def _left_out(row: OfficeRow, date: dt.date, catalogue: Catalogue) -> list[Problem]:
    """The standard bases this office's decree leaves out on its date, each with what replaced it (or that no
    successor is known), at the row's date: the date is what made them lapse."""
    where = row.cells.get("date", row.where).at("mengingat")
    return [Problem(_("left out {ref}: {why}").format(ref=ref, why=why), where, "warning",
                    code="basis-left-out") for ref, why in left_out_bases(catalogue, date)]


_WORKER_CATALOGUE: Catalogue | None = None


def _warm(formats: Iterable[str], template: Path | str | None) -> None:
    """Import the renderers and prepare the DOCX template in this process, once, before the workers start:
    forked workers inherit both instead of each doing it again (the package imports them only when used)."""
    import zi_decree.tasks.package  # noqa: F401  # the renderers come with it

    if "docx" in formats:
        from zi_decree.rendering.docx import prepare_template

        prepare_template(template)
    elif "pdf" in formats:
        from zi_decree.rendering.template import read_template

        read_template(template)


def _init_worker(catalogue: Catalogue, lang: Language = "en") -> None:
    # Each worker process of one batch receives the batch's catalogue once, not once per office, and the language
    # of its messages (a process started afresh, not forked, would otherwise speak the default).
    global _WORKER_CATALOGUE
    _WORKER_CATALOGUE = catalogue
    set_language(lang)


def batch(offices: Path | str, plan: Path | str, year: int, output: Path | str, *,
          formats: Iterable[Format] = ("docx", "pdf"), paper: Paper | None = None, template: Path | str | None = None,
          workers: int | None = None, catalogue: Catalogue | None = None,
          progress: Callable[[OfficeOutcome, int, int], None] | None = None, force: bool = False) -> BatchResult:
    """Render the standard decree of every office in a table with one shared plan, into `output/<package>/`.

    Each office's package replaces its folder whole, as render_package does; an office with problems (a file of
    its package changed by hand since it was made, unless `force`) is reported in the result and the others
    still complete. `progress(outcome, done, total)` is called as each office finishes.
    `catalogue` is the one every office cites from, as for `load` (default: the bundled one).
    """
    offices = arguments.path("offices", offices)
    plan = arguments.path("plan", plan)
    arguments.year("year", year)
    output = arguments.path("output", output)
    formats = [arguments.choice("formats", f, FORMATS, "format")
               for f in arguments.sequence("formats", formats, ["docx", "pdf"])]
    paper = None if paper is None else arguments.choice("paper", paper, PAPERS)
    template = arguments.optional_path("template", template)
    workers = None if workers is None else arguments.whole("workers", workers, 1)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    arguments.callback("progress", progress)
    arguments.flag("force", force)
    if "pdf" in formats:
        check_source_date_epoch()  # once for the batch, not once for each office
    rows = read_offices(offices)
    plan_data, plan_positions, plan_warnings = read_plan_file(plan, ("lampiran", 0), year)
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise SpecError([Problem(_("the output is a file, not a folder; name a folder for the packages"),
                                 Location(str(output)), code="invalid-option")])
    catalogue = catalogue or Catalogue.load()
    _check_plan(plan_data, plan_positions, plan, year, catalogue)
    if template is not None:
        check_template_at(template)  # before any office; forked workers inherit it checked
    outcomes: dict[int, OfficeOutcome] = {}
    seen: dict[str, int] = {}
    jobs = []
    for i, row in enumerate(rows):
        key = _folder_of(row, year)
        if key in seen:
            outcomes[i] = OfficeOutcome(row.label, row.where, problems=(Problem(
                _("the same office and number as the row at {where} (both would be {key}); each decree needs its own "
                  "number").format(where=rows[seen[key]].where, key=key), row.cells.get("number", row.where),
                      code="duplicate-decree"),))
            continue
        seen[key] = i
        jobs.append((i, {"row": row, "year": year, "plan_name": plan.name, "plan": plan_data,
                         "plan_positions": plan_positions, "plan_warnings": tuple(plan_warnings),
                         "base": plan.parent, "output": output,
                         "formats": list(formats), "paper": paper, "template": template, "force": force}))
    total = len(rows)
    done = 0
    for _i, outcome in outcomes.items():
        done += 1
        if progress:
            progress(outcome, done, total)

    def finish(i: int, result: dict[str, Any]) -> None:
        nonlocal done
        row = rows[i]
        outcome = OfficeOutcome(row.label, row.where, result.get("folder"), tuple(result.get("files", ())),
                                tuple(result.get("warnings", ())), tuple(result.get("problems", ())))
        outcomes[i] = outcome
        done += 1
        if progress:
            progress(outcome, done, total)

    count = workers or default_workers()
    if count <= 1 or len(jobs) <= 1:
        for i, job in jobs:
            finish(i, _render_one(job, catalogue))
    else:
        _warm(formats, template)
        with ProcessPoolExecutor(max_workers=count, initializer=_init_worker,
                                 initargs=(catalogue, language())) as pool:
            futures = {pool.submit(_render_one, job): i for i, job in jobs}
            for future in as_completed(futures):
                finish(futures[future], future.result())
    return BatchResult(tuple(outcomes[i] for i in range(len(rows))), tuple(plan_warnings))


def _folder_of(row: OfficeRow, year: int) -> str:
    """The package folder a row would get (as render_package names it), to find two rows that would share one."""
    from zi_decree.writing.files import package_name

    office, number = row.values.get("office"), row.values.get("number")
    try:
        kind, name = parse_office(str(office))
        region = f"{kind} {name}"
    except ValueError:
        region = str(office)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    text = str(number).strip()
    if text.isascii() and text.isdigit():
        text = str(int(text))  # 011 and 11 are the same number
    return package_name(region, year, text)


def _with_plan(data: dict[str, Any], plan: dict[str, Any], positions: Positions, plan_positions: Positions) -> None:
    """The shared plan, already read, as the standard spec's lampiran; the plan's own columns replace the
    standard ones (the plan is made for its layout)."""
    lamp = data["lampiran"][0]
    lamp.pop("plan")
    if "columns" in plan:
        lamp.pop("columns", None)
    inline_plan(lamp, plan, 0, positions, plan_positions)


def _check_plan(plan: dict[str, Any], positions: Positions, path: Path, year: int, catalogue: Catalogue) -> None:
    """The shared plan is checked once, before any office: its problems are the batch's, not each office's."""
    probe = standard_spec("Kabupaten Contoh", year, number=1, date=dt.date(year, 1, 1),
                          officials=Officials(chair="Nama Ketua", attestation_name="Nama Pengesah"),
                          plan=path.name, catalogue=catalogue)
    probe_positions: Positions = {}
    _with_plan(probe, plan, probe_positions, positions)
    try:
        load_data(probe, probe_positions, base=path.parent, catalogue=catalogue, source=str(path))
    except SpecError as exc:
        raise SpecError([p for p in exc.problems if p.location.file == str(path)] or exc.problems) from None


def summary_json(result: BatchResult, output: Path) -> bytes:
    """The batch summary written beside the packages: each office's folder and warnings (as its record.json
    keeps them), or its problems."""
    def short(where: Location) -> Location:
        # File names without folders: the summary does not depend on where the batch was run from.
        return dataclasses.replace(where, file=Path(where.file).name if where.file else None)

    entries = []
    for o in result.outcomes:
        entry: dict[str, Any] = {"office": o.office, "row": str(short(o.where))}
        if o.ok:
            entry["package"] = o.folder.name if o.folder else None
            entry["warnings"] = [portable(w) for w in o.warnings]
        else:
            entry["problems"] = [str(Problem(p.message, short(p.location), code=p.code)) for p in o.problems]
        entries.append(entry)
    data = {"offices": len(result.outcomes), "written": len(result.written), "failed": len(result.failed),
            "results": entries}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
