"""The public API: load a spec, resolve and compose it, and render or write its outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .catalogue import Catalogue
from .compose import Variant, compose
from .document import Document
from .errors import Problem
from .load import LoadedSpec, load
from .model import Keputusan
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_text import render_text
from .resolve import resolve
from .write import decree_slug, write_files

__all__ = ["FORMATS", "Written", "compose_spec", "json_schema", "json_schema_text", "plan_json_schema",
           "render_files"]

FORMATS = ("txt", "docx", "pdf")


def json_schema() -> dict:
    """The JSON Schema of a spec file (the Keputusan model)."""
    schema = Keputusan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "zi-decree spec (Keputusan)"
    return schema


def plan_json_schema() -> dict:
    """The JSON Schema of a plan file (`plan: file.yaml` in a plan lampiran): areas, and optionally columns."""
    spec = json_schema()
    return {
        "$schema": spec["$schema"],
        "title": "zi-decree plan file",
        "$defs": spec["$defs"],
        "type": "object",
        "properties": {"areas": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Area"}},
                       "columns": {"$ref": "#/$defs/PlanColumns"}},
        "required": ["areas"],
        "additionalProperties": False,
    }


def json_schema_text(plan: bool = False) -> str:
    return json.dumps(plan_json_schema() if plan else json_schema(), indent=2, ensure_ascii=False,
                      sort_keys=True) + "\n"


def compose_spec(spec: LoadedSpec | Path | str, variant: Variant = "salinan",
                 catalogue: Catalogue | None = None) -> Document:
    """Load (if given a path), resolve and compose one decree."""
    loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
    return compose(resolve(loaded), variant)


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    warnings: tuple[Problem, ...]


DEFAULT_VARIANTS = {"txt": ("salinan",), "docx": ("original", "salinan"), "pdf": ("salinan",)}


def render_files(spec: Path | str, output: Path | str, formats: Iterable[str] = ("txt",),
                 variants: Iterable[str] | None = None, catalogue: Catalogue | None = None,
                 paper: str | None = None, template: Path | str | None = None) -> Written:
    """Render a spec into `output`; everything is produced in memory first, so a failure writes nothing.

    `variants` defaults per format: the salinan for text and PDF, the original and the salinan for DOCX.
    `paper` and `template` override the spec's own choice (F4 and the bundled template by default).
    """
    loaded = load(spec, catalogue)
    resolved = resolve(loaded)
    k = loaded.keputusan
    output = Path(output)
    slug = decree_slug(k)
    chosen_paper = paper or k.paper
    chosen_template = template if template is not None else \
        ((loaded.path.parent / k.template) if (k.template and loaded.path) else k.template)
    files: list[tuple[Path, bytes]] = []
    documents: dict[str, Document] = {}
    for fmt in formats:
        for variant in (variants or DEFAULT_VARIANTS[fmt]):
            if variant not in documents:
                documents[variant] = compose(resolved, variant)  # type: ignore[arg-type]
            document = documents[variant]
            if fmt == "txt":
                files.append((output / f"{slug}.{variant}.txt", render_text(document)))
            elif fmt == "docx":
                files.append((output / f"{slug}.{variant}.docx",
                              render_docx(document, chosen_template, chosen_paper)))
            elif fmt == "pdf":
                files.append((output / f"{slug}.{variant}.pdf",
                              render_pdf(document, chosen_template, chosen_paper)))
            else:
                raise ValueError(f"unknown format {fmt!r}")
    write_files(files)
    return Written(tuple(p for p, _ in files), resolved.warnings)
