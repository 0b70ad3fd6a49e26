"""zi-decree: KPU Zona Integritas action-plan decrees (Keputusan) from typed specs to finished documents.

The flow is load -> resolve -> compose -> render -> write, one subpackage per step. The tasks staff run
(`render_package`, `check`, `new_spec`, `rollover`, `batch`; for `plan`: `write_template`, `import_plan`,
`export_plan`, `coverage`) are here under the names of the commands, with every type their signatures use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The public names and the modules they live in. A module is imported when one of its names is first used, so
# that `import zi_decree` (which every command line run does first) does not load every renderer.
_SOURCES: dict[str, tuple[str, ...]] = {
    "zi_decree.base.paper": ("Paper",),
    "zi_decree.base.yaml": ("Positions",),
    "zi_decree.composing.compose": ("compose",),
    "zi_decree.composing.document": ("Document", "Variant",),
    "zi_decree.errors": ("ArgumentError", "CatalogueError", "Location", "Problem", "SpecError", "ZiDecreeError",),
    "zi_decree.legal.catalogue": ("Catalogue", "Citation",),
    "zi_decree.legal.guideline": ("Guideline",),
    "zi_decree.loading.spec": ("LoadedPlan", "LoadedSpec", "load", "load_data", "load_plan",),
    "zi_decree.model.keputusan": ("Keputusan", "Schedule",),
    "zi_decree.model.schedule": ("ParsedSchedule", "parse_schedule",),
    "zi_decree.rendering": ("Format",),
    "zi_decree.rendering.docx": ("render_docx",),
    "zi_decree.rendering.pdf": ("render_pdf",),
    "zi_decree.rendering.text": ("render_text",),
    "zi_decree.resolving.resolve": ("Resolved", "resolve",),
    "zi_decree.tasks.batch": ("BatchResult", "OfficeOutcome", "batch",),
    "zi_decree.tasks.check": ("CheckResult", "check",),
    "zi_decree.tasks.coverage": ("Coverage", "coverage",),
    "zi_decree.tasks.new": ("NewSpec", "Officials", "new_spec", "standard_spec",),
    "zi_decree.tasks.package": ("Package", "render_package",),
    "zi_decree.tasks.plans": ("PlanFile", "export_plan", "import_plan", "write_template",),
    "zi_decree.tasks.rollover": ("Change", "Rollover", "rollover",),
    "zi_decree.tasks.schema": ("compose_spec", "json_schema",),
}
_LAZY = {name: module for module, names in _SOURCES.items() for name in names}

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from zi_decree.base.paper import Paper
    from zi_decree.base.yaml import Positions
    from zi_decree.composing.compose import compose
    from zi_decree.composing.document import Document, Variant
    from zi_decree.errors import ArgumentError, CatalogueError, Location, Problem, SpecError, ZiDecreeError
    from zi_decree.legal.catalogue import Catalogue, Citation
    from zi_decree.legal.guideline import Guideline
    from zi_decree.loading.spec import LoadedPlan, LoadedSpec, load, load_data, load_plan
    from zi_decree.model.keputusan import Keputusan, Schedule
    from zi_decree.model.schedule import ParsedSchedule, parse_schedule
    from zi_decree.rendering import Format
    from zi_decree.rendering.docx import render_docx
    from zi_decree.rendering.pdf import render_pdf
    from zi_decree.rendering.text import render_text
    from zi_decree.resolving.resolve import Resolved, resolve
    from zi_decree.tasks.batch import BatchResult, OfficeOutcome, batch
    from zi_decree.tasks.check import CheckResult, check
    from zi_decree.tasks.coverage import Coverage, coverage
    from zi_decree.tasks.new import NewSpec, Officials, new_spec, standard_spec
    from zi_decree.tasks.package import Package, render_package
    from zi_decree.tasks.plans import PlanFile, export_plan, import_plan, write_template
    from zi_decree.tasks.rollover import Change, Rollover, rollover
    from zi_decree.tasks.schema import compose_spec, json_schema

    __version__: str  # from the package metadata (zi_decree.base.meta)

__all__ = [
    "ArgumentError",
    "BatchResult",
    "Catalogue",
    "CatalogueError",
    "Change",
    "CheckResult",
    "Citation",
    "Coverage",
    "Document",
    "Format",
    "Guideline",
    "Keputusan",
    "LoadedPlan",
    "LoadedSpec",
    "Location",
    "NewSpec",
    "OfficeOutcome",
    "Officials",
    "Package",
    "Paper",
    "ParsedSchedule",
    "PlanFile",
    "Positions",
    "Problem",
    "Resolved",
    "Rollover",
    "Schedule",
    "SpecError",
    "Variant",
    "ZiDecreeError",
    "batch",
    "check",
    "compose",
    "compose_spec",
    "coverage",
    "export_plan",
    "import_plan",
    "json_schema",
    "load",
    "load_data",
    "load_plan",
    "new_spec",
    "parse_schedule",
    "render_docx",
    "render_package",
    "render_pdf",
    "render_text",
    "resolve",
    "rollover",
    "standard_spec",
    "write_template",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from zi_decree.base.meta import VERSION

        return VERSION
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zi_decree' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})
