"""zi-decree: KPU Zona Integritas action-plan decrees (Keputusan) from typed specs to finished documents.

The flow is load -> resolve -> compose -> render -> write; each step has its own module. The tasks staff run
(`render_package`, `check`, `new_spec`, `rollover`, `batch`) are here under the same names as the commands.
Names are imported when first used, so that `zi-decree check` does not pay for the renderers' start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import compose_spec, json_schema
    from .batch import BatchResult, OfficeOutcome, batch
    from .catalogue import Catalogue, Citation
    from .check import CheckResult, check
    from .compose import compose
    from .document import Document
    from .errors import CatalogueError, Location, Problem, SpecError, ZiDecreeError
    from .load import LoadedSpec, load, load_data
    from .model import Keputusan, Schedule
    from .new import NewSpec, Officials, new_spec, standard_spec
    from .package import Package, render_package
    from .render_docx import render_docx
    from .render_pdf import render_pdf
    from .render_text import render_text
    from .resolve import Resolved, resolve
    from .rollover import Change, Rollover, rollover
    from .schedule import parse_schedule

_WHERE = {
    "BatchResult": ".batch",
    "Catalogue": ".catalogue",
    "CatalogueError": ".errors",
    "Change": ".rollover",
    "CheckResult": ".check",
    "Citation": ".catalogue",
    "Document": ".document",
    "Keputusan": ".model",
    "LoadedSpec": ".load",
    "Location": ".errors",
    "NewSpec": ".new",
    "OfficeOutcome": ".batch",
    "Officials": ".new",
    "Package": ".package",
    "Problem": ".errors",
    "Resolved": ".resolve",
    "Rollover": ".rollover",
    "Schedule": ".model",
    "SpecError": ".errors",
    "ZiDecreeError": ".errors",
    "batch": ".batch",
    "check": ".check",
    "compose": ".compose",
    "compose_spec": ".api",
    "json_schema": ".api",
    "load": ".load",
    "load_data": ".load",
    "new_spec": ".new",
    "parse_schedule": ".schedule",
    "render_docx": ".render_docx",
    "render_package": ".package",
    "render_pdf": ".render_pdf",
    "render_text": ".render_text",
    "resolve": ".resolve",
    "rollover": ".rollover",
    "standard_spec": ".new",
}

__all__ = [
    "BatchResult",
    "Catalogue",
    "CatalogueError",
    "Change",
    "CheckResult",
    "Citation",
    "Document",
    "Keputusan",
    "LoadedSpec",
    "Location",
    "NewSpec",
    "OfficeOutcome",
    "Officials",
    "Package",
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
    "json_schema",
    "load",
    "load_data",
    "new_spec",
    "parse_schedule",
    "render_docx",
    "render_package",
    "render_pdf",
    "render_text",
    "resolve",
    "rollover",
    "standard_spec",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zi_decree' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"
