"""The command line: a thin layer over the public API that turns problems into messages and exit statuses."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from zi_decree.codes import Code
from zi_decree.errors import Location, Problem, ZiDecreeError, excerpt

if TYPE_CHECKING:
    from zi_decree.composing.document import Variant as VariantName
    from zi_decree.tasks.batch import BatchResult, OfficeOutcome

# Help and usage errors in click's plain format: typer's rich format loads rich's markdown, pygments and more,
# 0.2 to 0.5 s at every start.
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Assemble KPU Zona Integritas action-plan decrees (Keputusan) from spec files.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
catalogue_app = typer.Typer(no_args_is_help=True, help="The legal-basis catalogue: list it, show a citation.",
                            rich_markup_mode=None)
app.add_typer(catalogue_app, name="catalogue")
plan_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                       help="Plans in Excel: a template to fill, import to YAML, export from a spec, coverage.")
app.add_typer(plan_app, name="plan")

EXIT_WARNINGS = 1
EXIT_ERRORS = 2


class Variant(str, Enum):
    salinan = "salinan"
    original = "original"
    both = "both"


# What --variant chooses, as the variants the API renders.
_VARIANTS: dict[str, tuple[VariantName, ...]] = {
    "salinan": ("salinan",), "original": ("original",), "both": ("original", "salinan")}


class Paper(str, Enum):
    f4 = "f4"
    a4 = "a4"


def _say(problem: Problem) -> None:
    typer.echo(f"{problem.heading}: {problem}", err=True)


def _warnings(problems: Iterable[Problem]) -> None:
    for problem in problems:
        _say(problem)


def _report(exc: ZiDecreeError, what: str = "") -> None:
    for problem in exc.problems:
        _say(problem)
    count = len(exc.problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} found{'; ' + what if what else ''}.", err=True)


def _fail(message: str, field: str | None = None, code: Code = "invalid-option") -> None:
    raise ZiDecreeError([Problem(message, Location(field=field), code=code)])


def _names_no_file(path: Path) -> bool:
    """`path` is not a file; a name no file can have (too long) is left to the reader, which says so."""
    try:
        return not path.is_file()
    except (OSError, ValueError):
        return False


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    from zi_decree.loading.offices import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        _fail(str(exc), option)
    return None


def _number(text: str | None) -> int | str | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if text.isdigit() else text


# --------------------------------------------------------------------------------------------- render

@app.command()
def render(
    specs: list[Path] = typer.Argument(..., help="spec files (YAML)", show_default=False),
    output: Path = typer.Option(Path("."), "-o", "--output", help="folder to write the packages into"),
    fmt: str = typer.Option("docx,pdf", "--format", "-f", help="formats, comma-separated: docx, pdf, txt"),
    variant: Optional[Variant] = typer.Option(
        None, help="variants to write (default: original and salinan for docx, the salinan for pdf and txt)"),
    paper: Optional[Paper] = typer.Option(None, help="paper size (default: the spec's, else f4)"),
    template: Optional[Path] = typer.Option(None, help="a DOCX template to use instead of the spec's"),
    force: bool = typer.Option(False, "--force", help="replace a package whose files were changed by hand"),
) -> None:
    """Render each spec into its package folder: the original DOCX, the salinan DOCX and PDF, record.json.

    A spec with problems gets them all reported and nothing written; the other specs are still rendered. A
    package whose files were changed since they were made is left alone, unless --force.
    """
    from zi_decree.loading.spec import load
    from zi_decree.tasks.package import check_formats, package_folder, render_package

    formats, _ = check_formats(fmt.split(","), None)
    variants = None if variant is None else list(_VARIANTS[variant.value])
    failed = 0
    folders: dict[str, Path] = {}
    for spec in specs:
        try:
            loaded = load(spec)
            slug = package_folder(loaded.keputusan)
            if slug in folders:
                where = loaded.positions.get(("number",), Location(str(spec))).at("number")
                raise ZiDecreeError([Problem(f"makes the same package as {folders[slug]} ({slug}): two decrees of "
                                             "one office and year need different numbers", where,
                                                 code="duplicate-decree")])
            folders[slug] = spec
            package = render_package(loaded, output, formats=formats, variants=variants,
                                     paper=paper.value if paper else None, template=template, force=force)
        except ZiDecreeError as exc:
            failed += 1
            _report(exc, f"nothing was written for {spec}")
            continue
        # The same warnings as `check` lists, and record.json keeps (the accepted ones counted, not repeated).
        open_ = [w for w in package.warnings if w.accepted is None]
        for warning in open_:
            _say(warning)
        if package.warnings:
            count = len(open_)
            accepted = len(package.warnings) - count
            also = f" and {accepted} accepted" if accepted else ""
            typer.echo(f"{spec}: {count} warning{'s' if count != 1 else ''}{also}, recorded in "
                       f"{package.folder / 'record.json'}", err=True)
        for path in package.files:
            typer.echo(str(path))
    if failed:
        raise typer.Exit(EXIT_ERRORS)


# --------------------------------------------------------------------------------------------- check

@app.command()
def check(
    specs: list[Path] = typer.Argument(..., help="spec files (YAML)", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="print the results as JSON, for tools"),
    show_accepted: bool = typer.Option(False, "--show-accepted",
                                       help="list the warnings the spec accepts too, with their reasons"),
) -> None:
    """Validate specs and list every warning. Exit status: 0 clean (every warning accepted), 1 warnings, 2 errors."""
    from zi_decree.tasks.check import check as check_spec

    results = [check_spec(spec) for spec in specs]
    status = max(r.status for r in results)
    if as_json:
        typer.echo(json.dumps({"status": status, "specs": [r.as_dict() for r in results]}, ensure_ascii=False,
                              indent=2))
    else:
        for r in results:
            for problem in r.problems:
                if problem.accepted is None:
                    typer.echo(f"{problem.heading}: {problem}")
                elif show_accepted:
                    typer.echo(f"{problem.heading} accepted ({problem.accepted}): {problem}")
            verdict = {0: "clean", 1: f"{len(r.warnings)} warning(s)",
                       2: f"{len(r.errors)} error(s), {len(r.warnings)} warning(s)"}[r.status]
            if r.accepted:
                verdict += f"; {len(r.accepted)} accepted" + ("" if show_accepted else " (--show-accepted lists them)")
            typer.echo(f"{r.spec}: {verdict}")
    raise typer.Exit(status)


# --------------------------------------------------------------------------------------------- catalogue

@catalogue_app.command("list")
def catalogue_list(
    at: Optional[str] = typer.Option(None, "--at", help="mark what is in force on this date (YYYY-MM-DD)"),
    catalogue: Optional[Path] = typer.Option(None, help="a catalogue folder instead of the bundled one"),
) -> None:
    """List the instruments in the catalogue: id, title, and (with --at) whether each is in force."""
    from zi_decree.legal.catalogue import Catalogue

    cat = Catalogue.load(catalogue)
    when = _date(at, "--at")
    typer.echo(f"catalogue {cat.version}: {len(cat.instruments)} instruments")
    for inst in sorted(cat.instruments.values(), key=cat.sort_key):
        base = cat.amended_instrument(inst)
        note = f" (amends {base.id})" if base else ""
        state = ""
        if when is not None:
            state = "  in force" if cat.in_force(inst.id, when) else "  NOT in force"
        typer.echo(f"{inst.id}\t{cat.name(inst)}{note}{state}")


@catalogue_app.command("show")
def catalogue_show(
    instrument: str = typer.Argument(..., help="an instrument id, e.g. pkpu-8-2019"),
    at: Optional[str] = typer.Option(None, "--at", help="the decree's date (YYYY-MM-DD; default: today)"),
    catalogue: Optional[Path] = typer.Option(None, help="a catalogue folder instead of the bundled one"),
) -> None:
    """Show how an instrument is cited in a decree of a given date, with its amendments and any warnings."""
    from zi_decree.composing.wording import citation_text
    from zi_decree.legal.catalogue import Catalogue

    cat = Catalogue.load(catalogue)
    if instrument not in cat:
        _fail(f"unknown instrument {excerpt(instrument)}{cat.suggest(instrument)} (see `zi-decree catalogue list`)",
              "instrument", "unknown-instrument")
    when = _date(at, "--at") or dt.date.today()
    citation = cat.resolve(instrument, when)
    inst = citation.instrument
    typer.echo(f"{inst.id} as cited on {when.isoformat()} (catalogue {cat.version}):")
    typer.echo("")
    typer.echo(citation_text(citation))
    typer.echo("")
    for amendment in citation.amendments:
        typer.echo(f"amended by: {amendment.id} ({cat.name(amendment)})")
    typer.echo(f"source: {inst.source}")
    for warning in citation.warnings:
        typer.echo(f"warning[{warning.code}]: {warning}", err=True)
    if citation.warnings:
        raise typer.Exit(EXIT_WARNINGS)


# --------------------------------------------------------------------------------------------- new

@app.command()
def new(
    output: Path = typer.Option(..., "-o", "--output", help="the spec file to write (.yaml)"),
    office: str = typer.Option(..., help="e.g. 'Kabupaten Semarang', 'Kota Magelang', 'Provinsi Jawa Tengah'"),
    year: int = typer.Option(..., help="the plan year"),
    number: Optional[str] = typer.Option(None, help="the decree's number (6) or registry code"),
    date: Optional[str] = typer.Option(None, help="tanggal penetapan, YYYY-MM-DD"),
    province: Optional[str] = typer.Option(None, help="the province of a regency or city office"),
    seat: Optional[str] = typer.Option(None, help="where the office sits, if not its name (Ungaran)"),
    chair: Optional[str] = typer.Option(None, help="the Ketua's name, without degrees"),
    attestation_name: Optional[str] = typer.Option(None, help="who attests the salinan"),
    attestation_position: Optional[str] = typer.Option(None, help="that person's position"),
    nip: Optional[str] = typer.Option(None, help="that person's NIP (18 digits)"),
    plan: Optional[Path] = typer.Option(None, help="an existing plan file; without it a plan skeleton is written"),
    force: bool = typer.Option(False, "--force", help="replace existing files"),
) -> None:
    """Write a starting spec for an office and year: standard clauses, the legal bases in force, a plan skeleton."""
    from zi_decree.tasks.new import Officials, new_spec

    when = _date(date, "--date")
    result = new_spec(output, office, year, number=_number(number), date=when, province=province, seat=seat,
                      officials=Officials(chair=chair, attestation_name=attestation_name,
                                          attestation_position=attestation_position, attestation_nip=nip),
                      plan=plan, force=force)
    for path in result.files:
        typer.echo(str(path))
    _warnings(result.left_out)
    if result.missing:
        typer.echo(f"to fill in: {', '.join(result.missing)} (marked TODO); then run: zi-decree check {output}",
                   err=True)


# --------------------------------------------------------------------------------------------- rollover

@app.command()
def rollover(
    spec: Path = typer.Argument(..., help="this year's spec", show_default=False),
    year: int = typer.Option(..., help="the new plan year"),
    number: str = typer.Option(..., help="the new decree's number"),
    date: str = typer.Option(..., help="the new decree's date, YYYY-MM-DD"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="the new spec (default: the old name with the new year)"),
    force: bool = typer.Option(False, "--force", help="replace existing files"),
) -> None:
    """Write next year's spec: years, schedules, number and date moved; comments kept; a change report to review."""
    from zi_decree.tasks.rollover import rollover as roll

    when, new_number = _date(date, "--date"), _number(number)
    assert when is not None and new_number is not None
    result = roll(spec, year, new_number, when, output, force=force)
    for path in (*result.files, result.report):
        typer.echo(str(path))
    for change in result.left_out:
        typer.echo(f"warning[basis-left-out]: {change.where}: {change.old}: {change.reason}", err=True)
    typer.echo(f"{len(result.changes)} change(s), {len(result.confirm)} item(s) to confirm; read {result.report}",
               err=True)
    for problem in result.result.problems:
        _say(problem)
    if result.result.errors:
        raise typer.Exit(EXIT_ERRORS)


# --------------------------------------------------------------------------------------------- batch

@app.command()
def batch(
    offices: Path = typer.Argument(..., help="the offices table (.csv, .xlsx or .yaml)", show_default=False),
    plan: Path = typer.Option(..., help="the plan all offices share (.yaml, or an .xlsx workbook)"),
    year: int = typer.Option(..., help="the plan year"),
    output: Path = typer.Option(..., "-o", "--output", help="folder to write the packages into"),
    fmt: str = typer.Option("docx,pdf", "--format", "-f", help="formats, comma-separated: docx, pdf, txt"),
    paper: Optional[Paper] = typer.Option(None, help="paper size (default f4)"),
    template: Optional[Path] = typer.Option(None, help="a DOCX template for every office"),
    workers: Optional[int] = typer.Option(None, min=1, help="processes to use (default: 2, or 1 on one core)"),
    force: bool = typer.Option(False, "--force", help="replace packages whose files were changed by hand"),
) -> None:
    """Render the standard decree of every office in a table, with one shared plan: a package per office."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zi_decree.tasks.batch import batch as run_batch, summary_json
    from zi_decree.tasks.package import check_formats
    from zi_decree.writing.files import write_atomic

    formats, _ = check_formats(fmt.split(","), None)
    if template is not None and _names_no_file(template):
        _fail(f"{template}: template not found (a DOCX file is expected)", "template", "file-not-found")
    console = Console(stderr=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, disable=not console.is_terminal)

    def progress(outcome: OfficeOutcome, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if not console.is_terminal:
            state = outcome.folder.name if outcome.folder is not None else "FAILED"  # as outcome.ok
            count = len(outcome.warnings)
            warned = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
            typer.echo(f"[{done}/{total}] {outcome.office}: {state}{warned}", err=True)

    with bar:
        task = bar.add_task("rendering", total=None)
        result = run_batch(offices, plan, year, output, formats=formats, paper=paper.value if paper else None,
                           template=template, workers=workers, progress=progress, force=force)
    write_atomic(output / "batch-summary.json", summary_json(result, output))
    _batch_warnings(result)
    warned = sum(1 for o in result.written if o.warnings)
    for o in result.failed:
        typer.echo(f"FAILED {o.office} ({o.where}):", err=True)
        for problem in o.problems:
            typer.echo(f"  {problem.heading}: {problem}", err=True)
    typer.echo(f"{len(result.outcomes)} offices: {len(result.written)} packages written to {output}"
               f"{f' ({warned} with warnings)' if warned else ''}, {len(result.failed)} failed. "
               f"Summary: {output / 'batch-summary.json'}")
    if result.failed:
        raise typer.Exit(EXIT_ERRORS)


def _batch_warnings(result: BatchResult) -> None:
    """Each office's warnings (those its record.json keeps), each said once: most come from the shared plan and
    concern every office, so only a warning that concerns some offices names them."""
    offices: dict[Problem, list[str]] = {w: [] for w in result.plan_warnings if w.accepted is None}
    for outcome in result.written:
        for warning in outcome.warnings:
            if warning.accepted is None:
                offices.setdefault(warning, []).append(outcome.office)
    for warning, names in offices.items():
        who = f" (for {', '.join(names)})" if names and len(names) < len(result.written) else ""
        typer.echo(f"{warning.heading}: {warning}{who}", err=True)


# --------------------------------------------------------------------------------------------- others

@app.command()
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output", help="file to write (default: stdout)"),
           plan: bool = typer.Option(False, "--plan", help="the schema of plan files instead of specs"),
           force: bool = typer.Option(False, "--force", help="replace an existing file")) -> None:
    """Print the JSON Schema of spec files (or plan files), for editors that complete and check YAML."""
    from zi_decree.tasks.schema import json_schema_text

    text = json_schema_text(plan)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_file(output, text.encode(), force)


@app.command()
def template(output: Path = typer.Option(..., "-o", "--output", help="where to write the copy (.docx)"),
             force: bool = typer.Option(False, "--force", help="replace an existing file")) -> None:
    """Write a copy of the bundled DOCX template, to restyle in Word and name in a spec (template: ...)."""
    from zi_decree.rendering.docx import default_template

    _write_file(output, default_template().read_bytes(), force)
    typer.echo(str(output))


def _write_file(output: Path, data: bytes, force: bool) -> None:
    """Write a file the user named, as the tasks do: never a symbolic link, an existing file only with --force."""
    from zi_decree.writing.files import unwritable, write_atomic

    problems = unwritable([output], force=force)
    if problems:
        raise ZiDecreeError(problems)
    write_atomic(output, data)


# --------------------------------------------------------------------------------------------- plan

@plan_app.command("template")
def plan_template(
    output: Path = typer.Option(..., "-o", "--output", help="the workbook to write (.xlsx)"),
    year: int = typer.Option(dt.date.today().year, help="the plan year", show_default="this year"),
    grid: bool = typer.Option(False, "--grid", help="a 12-month grid (\u221a per month) instead of TARGET WAKTU"),
    link: bool = typer.Option(False, "--link", help="a LINK BUKTI FISIK column"),
    responsible: bool = typer.Option(True, "--responsible/--no-responsible", help="a PENANGGUNG JAWAB column"),
    force: bool = typer.Option(False, "--force", help="replace an existing file"),
) -> None:
    """Write a plan workbook for staff to fill: the lampiran's columns, the guideline's areas and components,
    drop-down lists, and instructions in Indonesian."""
    from zi_decree.tasks.plans import write_template

    typer.echo(str(write_template(output, year, grid=grid, link=link, responsible=responsible, force=force).path))


@plan_app.command("import")
def plan_import(
    workbook: Path = typer.Argument(..., help="the plan workbook (.xlsx)", show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="the plan file to write (.yaml)"),
    year: Optional[int] = typer.Option(None, help="the plan year, if the workbook's Pengaturan sheet lacks it"),
    force: bool = typer.Option(False, "--force", help="replace an existing file"),
) -> None:
    """Read a plan workbook (merged cells, date cells, month grids) into a YAML plan file; every problem is
    named by sheet, row and column."""
    from zi_decree.tasks.plans import import_plan

    result = import_plan(workbook, output, year=year, force=force)
    typer.echo(str(result.path))
    _warnings(result.warnings)


@plan_app.command("export")
def plan_export(
    source: Path = typer.Argument(..., help="a spec (or a plan file)", show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="the workbook to write (.xlsx)"),
    lampiran: Optional[int] = typer.Option(None, help="which lampiran (1, 2, ...) when the spec has several plans"),
    year: Optional[int] = typer.Option(None, help="the plan year, for a plan file without schedules"),
    force: bool = typer.Option(False, "--force", help="replace an existing file"),
) -> None:
    """Write a spec's plan as a workbook to edit; `plan import` reads it back unchanged."""
    from zi_decree.tasks.plans import export_plan

    result = export_plan(source, output, lampiran=lampiran, year=year, force=force)
    typer.echo(str(result.path))
    _warnings(result.warnings)


@plan_app.command("coverage")
def plan_coverage(
    specs: list[Path] = typer.Argument(..., help="spec files", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="print the results as JSON, for tools"),
) -> None:
    """Show, area by area, which components of the guideline in force on the decree's date each plan covers,
    lacks, or names by an older name (`check` warns of the same). Exit 0 complete, 1 gaps, 2 errors."""
    from zi_decree.loading.spec import load
    from zi_decree.tasks.coverage import coverage

    reports, status = [], 0
    for spec in specs:
        try:
            result = coverage(load(spec))
        except ZiDecreeError as exc:
            _report(exc, f"{spec} not checked")
            status = EXIT_ERRORS
            continue
        reports.append(result)
        if not result.complete:
            status = max(status, EXIT_WARNINGS)
    if as_json:
        typer.echo(json.dumps({"specs": [r.as_dict() for r in reports]}, ensure_ascii=False, indent=2))
    else:
        typer.echo("\n\n".join(r.report_text() for r in reports))
    if status:
        raise typer.Exit(status)


# --------------------------------------------------------------------------------------------- serve

@app.command()
def serve(
    folder: Path = typer.Argument(Path("."), help="the workspace folder (default: the current folder)"),
    host: str = typer.Option("127.0.0.1", help="the address to listen on; any but 127.0.0.1 needs a password"),
    port: int = typer.Option(8765, help="the port to listen on"),
    no_browser: bool = typer.Option(False, "--no-browser", help="do not open the workspace in the browser"),
    password_file: Optional[Path] = typer.Option(
        None, help="a file whose first line is the password (or set ZI_DECREE_PASSWORD)"),
) -> None:
    """Open the workspace in the browser: the folder's decrees, a new decree, preview, check and download."""
    from zi_decree.web.server import serve as run  # the web stack is loaded only here

    run(folder, host=host, port=port, browser=not no_browser, password_file=password_file)


def main() -> None:
    """Entry point: no traceback reaches the user unless ZI_DECREE_DEBUG is set."""
    # The collector's default (a young-generation pass every 700 new objects) costs a render a tenth of a second
    # of its one to two: validating a decree makes many short-lived objects and few cycles.
    gc.set_threshold(10_000, 50, 100)
    # pydantic looks for its plugins in the entry points of every installed distribution (50 ms with 150 of them)
    # before it builds the first validator; the command line's models are its own and use none. A user who sets
    # the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except ZiDecreeError as exc:
        _report(exc)
        sys.exit(EXIT_ERRORS)
    except Exception as exc:  # a bug of ours, not the user's: say so plainly
        if os.environ.get("ZI_DECREE_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(please report it; set ZI_DECREE_DEBUG=1 to see the traceback)", err=True)
        sys.exit(3)
