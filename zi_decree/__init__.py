"""zi-decree: KPU Zona Integritas action-plan decrees (Keputusan) from typed specs to finished documents.

The flow is load -> resolve -> compose -> render -> write; each step has its own module. The tasks staff run
(`render_package`, `check`, `new_spec`, `rollover`, `batch`; for `plan`: `write_template`, `import_plan`,
`export_plan`, `coverage`) are here under the names of the commands.
"""

from zi_decree.base.meta import VERSION
from zi_decree.base.paper import Paper
from zi_decree.composing.compose import compose
from zi_decree.composing.document import Document, Variant
from zi_decree.errors import ArgumentError, CatalogueError, Location, Problem, SpecError, ZiDecreeError
from zi_decree.legal.catalogue import Catalogue, Citation
from zi_decree.loading.spec import LoadedPlan, LoadedSpec, load, load_data, load_plan
from zi_decree.model.keputusan import Keputusan, Schedule
from zi_decree.model.schedule import parse_schedule
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
    "Keputusan",
    "LoadedPlan",
    "LoadedSpec",
    "Location",
    "NewSpec",
    "OfficeOutcome",
    "Officials",
    "Package",
    "Paper",
    "PlanFile",
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

__version__ = VERSION
