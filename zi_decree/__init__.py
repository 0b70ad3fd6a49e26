"""zi-decree: KPU Zona Integritas action-plan decrees (Keputusan) from typed specs to finished documents.

The flow is load -> resolve -> compose -> render -> write; each step has its own module.
"""

from .api import compose_spec, json_schema, render_files
from .catalogue import Catalogue, Citation
from .compose import compose
from .document import Document
from .errors import CatalogueError, Location, Problem, SpecError, ZiDecreeError
from .load import LoadedSpec, load, load_data
from .model import Keputusan, Schedule
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_text import render_text
from .resolve import Resolved, resolve
from .schedule import parse_schedule

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Citation",
    "Document",
    "Keputusan",
    "LoadedSpec",
    "Location",
    "Problem",
    "Resolved",
    "Schedule",
    "SpecError",
    "ZiDecreeError",
    "compose",
    "compose_spec",
    "json_schema",
    "load",
    "load_data",
    "parse_schedule",
    "render_docx",
    "render_files",
    "render_pdf",
    "render_text",
    "resolve",
]

__version__ = "0.1.0"
