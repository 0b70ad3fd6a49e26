"""The command line: a thin layer over the public API that turns problems into messages and exit statuses."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import api
from .errors import Problem, ZiDecreeError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Assemble KPU Zona Integritas action-plan decrees (Keputusan) from spec files.",
    pretty_exceptions_enable=False,
)

EXIT_ERRORS = 2


class Variant(str, Enum):
    salinan = "salinan"
    original = "original"
    both = "both"


def _say(problem: Problem) -> None:
    typer.echo(f"{problem.severity}: {problem}", err=True)


def _report(exc: ZiDecreeError) -> None:
    for problem in exc.problems:
        _say(problem)
    count = len(exc.problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written for this spec.", err=True)


@app.command()
def render(
    specs: list[Path] = typer.Argument(..., help="spec files (YAML)", show_default=False),
    output: Path = typer.Option(Path("."), "-o", "--output", help="folder to write into"),
    fmt: str = typer.Option("txt", "--format", "-f", help="output formats, comma-separated: txt, docx, pdf"),
    variant: Optional[Variant] = typer.Option(
        None, help="which variant to write (default: salinan for txt and pdf, both for docx)"),
    paper: Optional[str] = typer.Option(None, help="paper size, f4 or a4 (default: the spec's, else f4)"),
    template: Optional[Path] = typer.Option(None, help="a DOCX template to use instead of the spec's"),
) -> None:
    """Render each spec; a spec with problems gets them all reported and no output."""
    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    unknown = [f for f in formats if f not in api.FORMATS]
    if unknown or not formats:
        typer.echo(f"error: unknown format {', '.join(unknown) or '(none)'}; "
                   f"available: {', '.join(api.FORMATS)}", err=True)
        raise typer.Exit(EXIT_ERRORS)
    if paper is not None and paper.lower() not in ("f4", "a4"):
        typer.echo(f"error: unknown paper {paper}; available: f4, a4", err=True)
        raise typer.Exit(EXIT_ERRORS)
    if template is not None and not template.is_file():
        typer.echo(f"error: {template}: template not found", err=True)
        raise typer.Exit(EXIT_ERRORS)
    variants = None if variant is None else (["original", "salinan"] if variant == Variant.both else [variant.value])
    failed = 0
    for spec in specs:
        try:
            written = api.render_files(spec, output, formats=formats, variants=variants,
                                       paper=paper.lower() if paper else None, template=template)
        except ZiDecreeError as exc:
            failed += 1
            _report(exc)
            continue
        for warning in written.warnings:
            _say(warning)
        for path in written.paths:
            typer.echo(str(path))
    if failed:
        raise typer.Exit(EXIT_ERRORS)


@app.command()
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output", help="file to write (default: stdout)"),
           plan: bool = typer.Option(False, "--plan", help="the schema of plan files instead of specs")) -> None:
    """Print the JSON Schema of spec files (or plan files), for editors that complete and check YAML."""
    text = api.json_schema_text(plan)
    if output is None:
        typer.echo(text, nl=False)
    else:
        from .write import write_atomic

        write_atomic(output, text.encode())


@app.command()
def template(output: Path = typer.Option(..., "-o", "--output", help="where to write the copy (.docx)")) -> None:
    """Write a copy of the bundled DOCX template, to restyle in Word and name in a spec (template: ...)."""
    from .render_docx import default_template
    from .write import write_atomic

    if output.exists():
        typer.echo(f"error: {output} exists; choose another name (nothing was overwritten)", err=True)
        raise typer.Exit(EXIT_ERRORS)
    write_atomic(output, default_template().read_bytes())
    typer.echo(str(output))


def main() -> None:
    """Entry point: no traceback reaches the user unless ZI_DECREE_DEBUG is set."""
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

