"""The command line: a thin layer over the public API that turns problems into messages and exit statuses."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from zi_decree.codes import Code
from zi_decree.errors import Location, Problem, ZiDecreeError, excerpt
from zi_decree.i18n import N_, Language, _, language_from_environment, ngettext, set_language, use_language

if TYPE_CHECKING:
    from zi_decree.composing.document import Variant as VariantName
    from zi_decree.tasks.batch import BatchResult, OfficeOutcome

# Help and usage errors in click's plain format: typer's rich format loads rich's markdown, pygments and more,
# 0.2 to 0.5 s at every start.
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=N_("Assemble KPU Zona Integritas action-plan decrees (Keputusan) from spec files."),
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
catalogue_app = typer.Typer(no_args_is_help=True, help=N_("The legal-basis catalogue: list it, show a citation."),
                            rich_markup_mode=None)
app.add_typer(catalogue_app, name="catalogue")
plan_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                       help=N_("Plans in Excel: a template to fill, import to YAML, export from a spec, coverage."))
app.add_typer(plan_app, name="plan")

EXIT_WARNINGS = 1
EXIT_ERRORS = 2


class Lang(str, Enum):
    id = "id"
    en = "en"


@app.callback()
def _options(
    ctx: typer.Context,
    lang: Optional[Lang] = typer.Option(
        None, "--lang", help=N_("the language of messages: id (Bahasa Indonesia) or en (default: from LC_ALL, "
                             "LC_MESSAGES or LANG; English when they name no Indonesian locale)")),
) -> None:
    # The options of every command (the app's help text is the Typer's, above).
    if lang is not None:
        set_language(lang.value)
        ctx.obj = {"lang": lang.value}  # chosen explicitly: `serve` follows it (it does not follow LANG)


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
    found = ngettext("{count} problem found", "{count} problems found", count).format(count=count)
    typer.echo(_("{found}; {what}.").format(found=found, what=what) if what else f"{found}.", err=True)


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
    specs: list[Path] = typer.Argument(..., help=N_("spec files (YAML)"), show_default=False),
    output: Path = typer.Option(Path("."), "-o", "--output", help=N_("folder to write the packages into")),
    fmt: str = typer.Option("docx,pdf", "--format", "-f", help=N_("formats, comma-separated: docx, pdf, txt")),
    variant: Optional[Variant] = typer.Option(
        None, help=N_("variants to write (default: original and salinan for docx, the salinan for pdf and txt)")),
    paper: Optional[Paper] = typer.Option(None, help=N_("paper size (default: the spec's, else f4)")),
    template: Optional[Path] = typer.Option(None, help=N_("a DOCX template to use instead of the spec's")),
    force: bool = typer.Option(False, "--force", help=N_("replace a package whose files were changed by hand")),
) -> None:
    """Render each spec into its package folder: the original DOCX, the salinan DOCX and PDF, record.json.

    A spec with problems gets them all reported and nothing written; the other specs are still rendered. A
    package whose files were changed since they were made is left alone, unless --force.
    """
    from zi_decree.loading.spec import load
    from zi_decree.tasks.package import check_formats, package_folder, render_package

    formats, _skip = check_formats(fmt.split(","), None)
    variants = None if variant is None else list(_VARIANTS[variant.value])
    failed = 0
    folders: dict[str, Path] = {}
    for spec in specs:
        try:
            loaded = load(spec)
            slug = package_folder(loaded.keputusan)
            if slug in folders:
                where = loaded.positions.get(("number",), Location(str(spec))).at("number")
                raise ZiDecreeError([Problem(_("makes the same package as {folders} ({slug}): two decrees of one "
                                               "office and year need different numbers").format(folders=folders[slug],
                                                   slug=slug), where,
                                                 code="duplicate-decree")])
            folders[slug] = spec
            package = render_package(loaded, output, formats=formats, variants=variants,
                                     paper=paper.value if paper else None, template=template, force=force)
        except ZiDecreeError as exc:
            failed += 1
            _report(exc, _("nothing was written for {spec}").format(spec=spec))
            continue
        # The same warnings as `check` lists, and record.json keeps (the accepted ones counted, not repeated).
        open_ = [w for w in package.warnings if w.accepted is None]
        for warning in open_:
            _say(warning)
        if package.warnings:
            count = len(open_)
            accepted = len(package.warnings) - count
            said = ngettext("{count} warning", "{count} warnings", count).format(count=count)
            if accepted:
                said = _("{warnings} and {accepted} accepted").format(warnings=said, accepted=accepted)
            typer.echo(_("{spec}: {warnings}, recorded in {record}").format(
                spec=spec, warnings=said, record=package.folder / "record.json"), err=True)
        for path in package.files:
            typer.echo(str(path))
    if failed:
        raise typer.Exit(EXIT_ERRORS)


# --------------------------------------------------------------------------------------------- check

@app.command()
def check(
    specs: list[Path] = typer.Argument(..., help=N_("spec files (YAML)"), show_default=False),
    as_json: bool = typer.Option(False, "--json", help=N_("print the results as JSON, for tools")),
    show_accepted: bool = typer.Option(False, "--show-accepted",
                                       help=N_("list the warnings the spec accepts too, with their reasons")),
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
                    typer.echo(_("{heading} accepted ({accepted}): {problem}").format(heading=problem.heading,
                                 accepted=problem.accepted, problem=problem))
            verdict = {0: _("clean"), 1: _("{count} warning(s)").format(count=len(r.warnings)),
                       2: _("{count} error(s), {count2} warning(s)").format(count=len(r.errors),
                            count2=len(r.warnings))}[r.status]
            if r.accepted:
                verdict += _("; {count} accepted").format(
                             count=len(r.accepted)) + ("" if show_accepted else _(" (--show-accepted lists them)"))
            typer.echo(f"{r.spec}: {verdict}")
    raise typer.Exit(status)


# --------------------------------------------------------------------------------------------- catalogue

@catalogue_app.command("list")
def catalogue_list(
    at: Optional[str] = typer.Option(None, "--at", help=N_("mark what is in force on this date (YYYY-MM-DD)")),
    catalogue: Optional[Path] = typer.Option(None, help=N_("a catalogue folder instead of the bundled one")),
) -> None:
    """List the instruments in the catalogue: id, title, and (with --at) whether each is in force."""
    from zi_decree.legal.catalogue import Catalogue

    cat = Catalogue.load(catalogue)
    when = _date(at, "--at")
    typer.echo(_("catalogue {version}: {count} instruments").format(version=cat.version, count=len(cat.instruments)))
    for inst in sorted(cat.instruments.values(), key=cat.sort_key):
        base = cat.amended_instrument(inst)
        note = _(" (amends {id})").format(id=base.id) if base else ""
        state = ""
        if when is not None:
            state = _("  in force") if cat.in_force(inst.id, when) else _("  NOT in force")
        typer.echo(f"{inst.id}\t{cat.name(inst)}{note}{state}")


@catalogue_app.command("show")
def catalogue_show(
    instrument: str = typer.Argument(..., help=N_("an instrument id, e.g. pkpu-8-2019")),
    at: Optional[str] = typer.Option(None, "--at", help=N_("the decree's date (YYYY-MM-DD; default: today)")),
    catalogue: Optional[Path] = typer.Option(None, help=N_("a catalogue folder instead of the bundled one")),
) -> None:
    """Show how an instrument is cited in a decree of a given date, with its amendments and any warnings."""
    from zi_decree.composing.wording import citation_text
    from zi_decree.legal.catalogue import Catalogue

    cat = Catalogue.load(catalogue)
    if instrument not in cat:
        _fail(_("unknown instrument {instrument}{suggest} (see `zi-decree catalogue list`)").format(
                instrument=excerpt(instrument), suggest=cat.suggest(instrument)),
              "instrument", "unknown-instrument")
    when = _date(at, "--at") or dt.date.today()
    citation = cat.resolve(instrument, when)
    inst = citation.instrument
    typer.echo(_("{id} as cited on {when} (catalogue {version}):").format(id=inst.id, when=when.isoformat(),
                 version=cat.version))
    typer.echo("")
    typer.echo(citation_text(citation))
    typer.echo("")
    for amendment in citation.amendments:
        typer.echo(_("amended by: {id} ({name})").format(id=amendment.id, name=cat.name(amendment)))
    typer.echo(_("source: {source}").format(source=inst.source))
    for warning in citation.warnings:
        typer.echo(f"warning[{warning.code}]: {warning}", err=True)
    if citation.warnings:
        raise typer.Exit(EXIT_WARNINGS)


# --------------------------------------------------------------------------------------------- new

@app.command()
def new(
    output: Path = typer.Option(..., "-o", "--output", help=N_("the spec file to write (.yaml)")),
    office: str = typer.Option(..., help=N_("e.g. 'Kabupaten Semarang', 'Kota Magelang', 'Provinsi Jawa Tengah'")),
    year: int = typer.Option(..., help=N_("the plan year")),
    number: Optional[str] = typer.Option(None, help=N_("the decree's number (6) or registry code")),
    date: Optional[str] = typer.Option(None, help=N_("tanggal penetapan, YYYY-MM-DD")),
    province: Optional[str] = typer.Option(None, help=N_("the province of a regency or city office")),
    seat: Optional[str] = typer.Option(None, help=N_("where the office sits, if not its name (Ungaran)")),
    chair: Optional[str] = typer.Option(None, help=N_("the Ketua's name, without degrees")),
    attestation_name: Optional[str] = typer.Option(None, help=N_("who attests the salinan")),
    attestation_position: Optional[str] = typer.Option(None, help=N_("that person's position")),
    nip: Optional[str] = typer.Option(None, help=N_("that person's NIP (18 digits)")),
    plan: Optional[Path] = typer.Option(None, help=N_("an existing plan file; without it a plan skeleton is written")),
    force: bool = typer.Option(False, "--force", help=N_("replace existing files")),
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
        typer.echo(_("to fill in: {names} (marked TODO); then run: zi-decree check {output}").format(
                     names=', '.join(result.missing), output=output),
                   err=True)


# --------------------------------------------------------------------------------------------- rollover

@app.command()
def rollover(
    spec: Path = typer.Argument(..., help=N_("this year's spec"), show_default=False),
    year: int = typer.Option(..., help=N_("the new plan year")),
    number: str = typer.Option(..., help=N_("the new decree's number")),
    date: str = typer.Option(..., help=N_("the new decree's date, YYYY-MM-DD")),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help=N_("the new spec (default: the old name with the new year)")),
    force: bool = typer.Option(False, "--force", help=N_("replace existing files")),
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
    typer.echo(_("{count} change(s), {count2} item(s) to confirm; read {report}").format(count=len(result.changes),
                 count2=len(result.confirm), report=result.report),
               err=True)
    for problem in result.result.problems:
        _say(problem)
    if result.result.errors:
        raise typer.Exit(EXIT_ERRORS)


# --------------------------------------------------------------------------------------------- batch

@app.command()
def batch(
    offices: Path = typer.Argument(..., help=N_("the offices table (.csv, .xlsx or .yaml)"), show_default=False),
    plan: Path = typer.Option(..., help=N_("the plan all offices share (.yaml, or an .xlsx workbook)")),
    year: int = typer.Option(..., help=N_("the plan year")),
    output: Path = typer.Option(..., "-o", "--output", help=N_("folder to write the packages into")),
    fmt: str = typer.Option("docx,pdf", "--format", "-f", help=N_("formats, comma-separated: docx, pdf, txt")),
    paper: Optional[Paper] = typer.Option(None, help=N_("paper size (default f4)")),
    template: Optional[Path] = typer.Option(None, help=N_("a DOCX template for every office")),
    workers: Optional[int] = typer.Option(None, min=1, help=N_("processes to use (default: 2, or 1 on one core)")),
    force: bool = typer.Option(False, "--force", help=N_("replace packages whose files were changed by hand")),
) -> None:
    """Render the standard decree of every office in a table, with one shared plan: a package per office."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zi_decree.tasks.batch import batch as run_batch, summary_json
    from zi_decree.tasks.package import check_formats
    from zi_decree.writing.files import write_atomic

    formats, _skip = check_formats(fmt.split(","), None)
    if template is not None and _names_no_file(template):
        _fail(_("{template}: template not found (a DOCX file is expected)").format(template=template), "template",
                "file-not-found")
    console = Console(stderr=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, disable=not console.is_terminal)

    def progress(outcome: OfficeOutcome, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if not console.is_terminal:
            state = outcome.folder.name if outcome.folder is not None else "FAILED"  # as outcome.ok
            count = len(outcome.warnings)
            warned = " ({})".format(ngettext("{count} warning", "{count} warnings", count).format(count=count)) \
                if count else ""
            typer.echo(f"[{done}/{total}] {outcome.office}: {state}{warned}", err=True)

    with bar:
        task = bar.add_task("rendering", total=None)
        result = run_batch(offices, plan, year, output, formats=formats, paper=paper.value if paper else None,
                           template=template, workers=workers, progress=progress, force=force)
    write_atomic(output / "batch-summary.json", summary_json(result, output))
    _batch_warnings(result)
    warned = sum(1 for o in result.written if o.warnings)
    for o in result.failed:
        typer.echo(_("FAILED {office} ({where}):").format(office=o.office, where=o.where), err=True)
        for problem in o.problems:
            typer.echo(f"  {problem.heading}: {problem}", err=True)
    with_warnings = _(" ({warned} with warnings)").format(warned=warned) if warned else ""
    typer.echo(_("{count} offices: {written} packages written to {output}{with_warnings}, {failed} failed. "
                 "Summary: {summary}").format(count=len(result.outcomes), written=len(result.written), output=output,
                                              with_warnings=with_warnings, failed=len(result.failed),
                                              summary=output / "batch-summary.json"))
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
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output", help=N_("file to write (default: stdout)")),
           plan: bool = typer.Option(False, "--plan", help=N_("the schema of plan files instead of specs")),
           force: bool = typer.Option(False, "--force", help=N_("replace an existing file"))) -> None:
    """Print the JSON Schema of spec files (or plan files), for editors that complete and check YAML."""
    from zi_decree.tasks.schema import json_schema_text

    text = json_schema_text(plan)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_file(output, text.encode(), force)


@app.command()
def template(output: Path = typer.Option(..., "-o", "--output", help=N_("where to write the copy (.docx)")),
             force: bool = typer.Option(False, "--force", help=N_("replace an existing file"))) -> None:
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
    output: Path = typer.Option(..., "-o", "--output", help=N_("the workbook to write (.xlsx)")),
    year: int = typer.Option(dt.date.today().year, help=N_("the plan year"), show_default="this year"),
    grid: bool = typer.Option(False, "--grid", help=N_("a 12-month grid (\u221a per month) instead of TARGET WAKTU")),
    link: bool = typer.Option(False, "--link", help=N_("a LINK BUKTI FISIK column")),
    responsible: bool = typer.Option(True, "--responsible/--no-responsible", help=N_("a PENANGGUNG JAWAB column")),
    force: bool = typer.Option(False, "--force", help=N_("replace an existing file")),
) -> None:
    """Write a plan workbook for staff to fill: the lampiran's columns, the guideline's areas and components,
    drop-down lists, and instructions in Indonesian."""
    from zi_decree.tasks.plans import write_template

    typer.echo(str(write_template(output, year, grid=grid, link=link, responsible=responsible, force=force).path))


@plan_app.command("import")
def plan_import(
    workbook: Path = typer.Argument(..., help=N_("the plan workbook (.xlsx)"), show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help=N_("the plan file to write (.yaml)")),
    year: Optional[int] = typer.Option(None, help=N_("the plan year, if the workbook's Pengaturan sheet lacks it")),
    force: bool = typer.Option(False, "--force", help=N_("replace an existing file")),
) -> None:
    """Read a plan workbook (merged cells, date cells, month grids) into a YAML plan file; every problem is
    named by sheet, row and column."""
    from zi_decree.tasks.plans import import_plan

    result = import_plan(workbook, output, year=year, force=force)
    typer.echo(str(result.path))
    _warnings(result.warnings)


@plan_app.command("export")
def plan_export(
    source: Path = typer.Argument(..., help=N_("a spec (or a plan file)"), show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help=N_("the workbook to write (.xlsx)")),
    lampiran: Optional[int] = typer.Option(None, help=N_("which lampiran (1, 2, ...) when the spec has several plans")),
    year: Optional[int] = typer.Option(None, help=N_("the plan year, for a plan file without schedules")),
    force: bool = typer.Option(False, "--force", help=N_("replace an existing file")),
) -> None:
    """Write a spec's plan as a workbook to edit; `plan import` reads it back unchanged."""
    from zi_decree.tasks.plans import export_plan

    result = export_plan(source, output, lampiran=lampiran, year=year, force=force)
    typer.echo(str(result.path))
    _warnings(result.warnings)


@plan_app.command("coverage")
def plan_coverage(
    specs: list[Path] = typer.Argument(..., help=N_("spec files"), show_default=False),
    as_json: bool = typer.Option(False, "--json", help=N_("print the results as JSON, for tools")),
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
            _report(exc, _("{spec} not checked").format(spec=spec))
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
    ctx: typer.Context,
    folder: Path = typer.Argument(Path("."), help=N_("the workspace folder (default: the current folder)")),
    host: str = typer.Option("127.0.0.1", help=N_("the address to listen on; any but 127.0.0.1 needs a password")),
    port: int = typer.Option(8765, help=N_("the port to listen on")),
    no_browser: bool = typer.Option(False, "--no-browser", help=N_("do not open the workspace in the browser")),
    password_file: Optional[Path] = typer.Option(
        None, help=N_("a file whose first line is the password (or set ZI_DECREE_PASSWORD)")),
    lang: Optional[Lang] = typer.Option(
        None, "--lang", help=N_("the language of the workspace's pages: id (Bahasa Indonesia, the default; not "
                                "taken from LANG) or en; each user may switch it in the page")),
) -> None:
    """Open the workspace in the browser: the folder's decrees, a new decree, preview, check and download."""
    from zi_decree.web.server import serve as run  # the web stack is loaded only here

    # Indonesian unless --lang says otherwise (here or before the command); the environment's LANG is the command
    # line's, not the workspace's.
    chosen: Language = "en" if (lang.value if lang is not None else (ctx.obj or {}).get("lang")) == "en" else "id"
    run(folder, host=host, port=port, browser=not no_browser, password_file=password_file, lang=chosen)


_AT_EXIT: list[Any] = []


def main() -> None:
    """Entry point: no traceback reaches the user unless ZI_DECREE_DEBUG is set."""
    # The collector's default (a young-generation pass every 700 new objects) costs a render a tenth of a second
    # of its one to two: validating a decree makes many short-lived objects and few cycles.
    gc.set_threshold(10_000, 50, 100)
    # As it exits, Python collects the whole heap once more (35-50 ms of CPU after a render: the modules' objects,
    # pydantic's schemas) although the process is ending and frees everything anyway: frozen then, they are left
    # out. At exit rather than now, so that a process that runs main() many times (the tests) still collects.
    if gc.freeze not in _AT_EXIT:
        _AT_EXIT.append(gc.freeze)
        atexit.register(gc.freeze)  # runs after the handlers registered later (the speller's memory)
    # pydantic looks for its plugins in the entry points of every installed distribution (50 ms with 150 of them)
    # before it builds the first validator; the command line's models are its own and use none. A user who sets
    # the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # The environment's language for this run (--lang, read by the callback, may change it); the one before is back
    # afterwards, for a caller that runs main() more than once in a process.
    with use_language(language_from_environment(os.environ)):
        _run()


def _lang_option(argv: list[str]) -> str | None:
    """The value of --lang among the arguments, before click reads them (a help text is written as they are read)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _translated(command: Any) -> Any:
    """`command` (typer's click command) with its help texts (marked N_) and those of its options, arguments and
    subcommands translated."""
    # By attribute: typer's click is its own copy (typer._click), whose classes are not public.
    for item in [command, *getattr(command, "params", ())]:
        if isinstance(getattr(item, "help", None), str):
            item.help = _(item.help)
    for sub in getattr(command, "commands", {}).values():
        _translated(sub)
    return command


def _run() -> None:
    lang = _lang_option(sys.argv[1:])
    if lang in ("id", "en"):  # any other value is refused by click, in its words
        set_language("id" if lang == "id" else "en")
    try:
        # What app() does, with the help texts in the language of the run.
        _translated(typer.main.get_command(app))()
    except ZiDecreeError as exc:
        _report(exc)
        sys.exit(EXIT_ERRORS)
    except Exception as exc:  # a bug of ours, not the user's: say so plainly
        if os.environ.get("ZI_DECREE_DEBUG"):
            raise
        typer.echo(_("internal error: {name}: {exc} (please report it; set ZI_DECREE_DEBUG=1 to see the traceback)")
                     .format(name=type(exc).__name__, exc=exc), err=True)
        sys.exit(3)
