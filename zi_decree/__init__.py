"""zi-decree: KPU Zona Integritas action-plan decrees (Keputusan) from typed specs to finished documents.

The flow is load -> resolve -> compose -> render -> write; each step has its own module. The tasks staff run
(`render_package`, `check`, `new_spec`, `rollover`, `batch`; for `plan`: `write_template`, `import_plan`,
`export_plan`, `coverage`) are here under the names of the commands.
"""

from .api import compose_spec, json_schema
from .batch import BatchResult, OfficeOutcome, batch
from .catalogue import Catalogue, Citation
from .check import CheckResult, check
from .compose import compose
from .coverage import Coverage, coverage
from .document import Document
from .errors import CatalogueError, Location, Problem, SpecError, ZiDecreeError
from .load import LoadedPlan, LoadedSpec, load, load_data, load_plan
from .model import Keputusan, Schedule
from .new import NewSpec, Officials, new_spec, standard_spec
from .package import Package, render_package
from .plans import PlanFile, export_plan, import_plan, write_template
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_text import render_text
from .resolve import Resolved, resolve
from .rollover import Change, Rollover, rollover
from .schedule import parse_schedule

__all__ = [
    "BatchResult",
    "Catalogue",
    "CatalogueError",
    "Change",
    "CheckResult",
    "Citation",
    "Coverage",
    "Document",
    "Keputusan",
    "LoadedPlan",
    "LoadedSpec",
    "Location",
    "NewSpec",
    "OfficeOutcome",
    "Officials",
    "Package",
    "PlanFile",
    "Problem",
    "Resolved",
    "Rollover",
    "Schedule",
    "SpecError",
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

__version__ = "0.1.0"
