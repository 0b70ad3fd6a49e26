"""Check: everything that would stop or worry a signature (errors and warnings), without writing anything."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from zi_decree.base import arguments
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.i18n import _
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.resolving.resolve import Resolved, resolve
from zi_decree.tasks.coverage import coverage_problems
from zi_decree.tasks.plan_years import plan_year_problems
from zi_decree.tasks.proofread import emphasis_problems, proofread_problems
from zi_decree.tasks.repeats import repeat_problems

__all__ = ["CLEAN", "ERRORS", "WARNINGS", "CheckResult", "Checked", "accept", "check", "check_template_at", "portable",
           "problems", "spec_template"]

# Exit statuses of `zi-decree check`, one per outcome.
CLEAN, WARNINGS, ERRORS = 0, 1, 2


class Checked:
    """A spec's problems as `check` sorts them: errors, the warnings it does not accept, the accepted ones, and
    a status. For anything that holds `problems` (a check's result, a decree of the browser workspace)."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings the spec does not accept."""
        return tuple(p for p in self.problems if p.severity != "error" and p.accepted is None)

    @property
    def accepted(self) -> tuple[Problem, ...]:
        """The warnings the spec accepts (its `accepted:` list), each with the reason given."""
        return tuple(p for p in self.problems if p.accepted is not None)

    @property
    def status(self) -> int:
        """0 clean (every warning accepted), 1 warnings, 2 errors."""
        return ERRORS if self.errors else WARNINGS if self.warnings else CLEAN


@dataclass(frozen=True)
class CheckResult(Checked):
    """The outcome of checking one spec: its problems (errors first, then warnings) and a status."""

    spec: str
    problems: tuple[Problem, ...]
    loaded: LoadedSpec | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"spec": self.spec, "status": ("clean", "warnings", "errors")[self.status],
                "problems": [p.as_dict() for p in self.problems]}


def check(spec: LoadedSpec | Path | str, catalogue: Catalogue | None = None) -> CheckResult:
    """Validate a spec and collect every warning (catalogue citations, years, schedules, the plan's coverage of the
    Zona Integritas guideline in force); never raises for bad input."""
    arguments.path_or("spec", spec, LoadedSpec, "from load")
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    name = str(spec.path) if isinstance(spec, LoadedSpec) else str(spec)
    try:
        loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
        resolved = resolve(loaded)
    except ZiDecreeError as exc:
        found = [p if p.location.file else Problem(p.message, Location(name, field=p.location.field), p.severity,
                                                   code=p.code)
                 for p in exc.problems]
        return CheckResult(name, tuple(found))
    return CheckResult(name, problems(loaded, resolved), loaded)


def problems(loaded: LoadedSpec, resolved: Resolved | None = None,
             template: Path | str | None = None) -> tuple[Problem, ...]:
    """Every problem of a loaded decree, errors first: the one list that check, render, batch and record.json
    report. Errors: a DOCX template that cannot be used (`template` if given, else the spec's own). Warnings:
    those of loading and resolving (plan files, schedules, citations, years), the years of plan cells that do
    not fit the plan, words typed twice, then the plan's coverage of the Zona Integritas guideline in force, then
    emphasis marks that open or close nothing, then the spelling of every word staff typed."""
    found = list((resolved or resolve(loaded)).warnings)
    found.extend(plan_year_problems(loaded))
    found.extend(repeat_problems(loaded))
    try:
        found.extend(coverage_problems(loaded))
    except ZiDecreeError as exc:  # a malformed guidelines file: said, not raised; the spec itself may be fine
        found.extend(Problem(_("the plan's coverage was not checked: {message}").format(message=p.message), p.location,
                               "warning",
                             code="coverage-unchecked")
                     for p in exc.problems)
    found.extend(emphasis_problems(loaded))
    found.extend(proofread_problems(loaded))
    where = None  # a template given as such (--template) is named by its own problems
    if template is None:
        template = spec_template(loaded)
        where = loaded.positions.get(("template",), Location(str(loaded.path))).at("template")
    if template is not None:
        try:
            check_template_at(template, where)
        except ZiDecreeError as exc:
            found[:0] = exc.problems
    return accept(found, loaded)


def accept(found: list[Problem], loaded: LoadedSpec) -> tuple[Problem, ...]:
    """The problems with each warning the spec accepts marked with the reason it gives, and a warning for each
    acceptance that matches no warning (the warning is gone, or the entry mistyped: either way it is said)."""
    entries = loaded.keputusan.accepted
    if not entries:
        return tuple(found)
    used = [False] * len(entries)
    out = []
    for problem in found:
        if problem.severity == "warning":
            for i, entry in enumerate(entries):
                if entry.code == problem.code and _within(problem.location.field, entry.at):
                    problem = replace(problem, accepted=entry.reason)
                    used[i] = True
                    break
        out.append(problem)
    for i, entry in enumerate(entries):
        if not used[i]:
            where = loaded.positions.get(("accepted", i), Location(str(loaded.path))).at(f"accepted[{i}]")
            at = f" at {entry.at!r}" if entry.at else ""
            out.append(Problem(_("accepts {code!r}{at}, but there is no such warning; remove the entry").format(
                                 code=entry.code, at=at),
                               where, "warning", code="accepted-unused"))
    return tuple(out)


def _within(field: str | None, at: str | None) -> bool:
    """Whether a warning at `field` is at `at` or inside it (lampiran[0] holds lampiran[0].areas[5].name)."""
    if at is None:
        return True
    return field is not None and (field == at or field.startswith((at + ".", at + "[")))


def spec_template(loaded: LoadedSpec) -> Path | None:
    """The DOCX template a spec names (relative to the spec); None for the bundled one."""
    k = loaded.keputusan
    if not k.template:
        return None
    return (loaded.path.parent / k.template) if loaded.path else Path(k.template)


def check_template_at(template: Path | str, where: Location | None = None) -> None:
    """Refuse a DOCX template that would stop a renderer (read_template's check, the renderers' own), each
    problem naming the template and its part; placed `where` the template was named (a spec's template:)."""
    # The check loads no renderer: lxml, and for a header or footer with fields jinja and docxtpl's reading of
    # them, only when a template is named.
    from zi_decree.rendering.template import read_template

    try:
        read_template(template)
    except ZiDecreeError as exc:
        if where is None:
            raise
        raise ZiDecreeError([Problem(_("{location}: {message}").format(location=p.location, message=p.message), where,
                                       code=p.code) for p in exc.problems]) from None


def portable(problem: Problem) -> dict[str, Any]:
    """A problem as record.json and batch-summary.json keep it: file names without their folders (so the record
    does not depend on where it was made), and no empty parts."""
    entry = problem.as_dict()
    if entry["file"]:
        entry["file"] = Path(entry["file"]).name
    return {k: v for k, v in entry.items() if v is not None}
