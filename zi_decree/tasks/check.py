"""Check: everything that would stop or worry a signature (errors and warnings), without writing anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_decree.base import arguments
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.resolving.resolve import resolve
from zi_decree.tasks.coverage import coverage_problems

__all__ = ["CLEAN", "ERRORS", "WARNINGS", "CheckResult", "check"]

# Exit statuses of `zi-decree check`, one per outcome.
CLEAN, WARNINGS, ERRORS = 0, 1, 2


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one spec: its problems (errors first, then warnings) and a status."""

    spec: str
    problems: tuple[Problem, ...]
    loaded: LoadedSpec | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def status(self) -> int:
        """0 clean, 1 warnings only, 2 errors."""
        return ERRORS if self.errors else WARNINGS if self.problems else CLEAN

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
        problems = [p if p.location.file else Problem(p.message, Location(name, field=p.location.field), p.severity)
                    for p in exc.problems]
        return CheckResult(name, tuple(problems))
    problems = list(resolved.warnings)
    try:
        problems.extend(coverage_problems(loaded))
    except ZiDecreeError as exc:  # a malformed guidelines file: said, not raised; the spec itself may be fine
        problems.extend(Problem(f"the plan's coverage was not checked: {p.message}", p.location, "warning")
                        for p in exc.problems)
    from zi_decree.tasks.package import spec_template

    try:
        spec_template(loaded)
    except ZiDecreeError as exc:
        problems[:0] = exc.problems
    return CheckResult(name, tuple(problems), loaded)
