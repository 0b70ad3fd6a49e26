"""Schemas of the input files, and composing a spec in one call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zi_decree.base import arguments
from zi_decree.composing.compose import Variant, compose
from zi_decree.composing.document import VARIANTS, Document
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.model.keputusan import EMPHASIS, Keputusan
from zi_decree.resolving.resolve import resolve

__all__ = ["compose_spec", "json_schema", "json_schema_text", "plan_json_schema"]


EMPHASIS_NOTE = "*italic*, **bold**, ***bold italic***; \\* for an asterisk, \\\\ for a backslash"
"""What the schema says of every text that may carry emphasis (README, 'Emphasis')."""


def _emphasis(node: Any) -> None:
    """Every text marked as carrying emphasis says how to write it (after its own description, if any)."""
    if isinstance(node, dict):
        if node.pop(EMPHASIS, False):
            said = node.get("description")
            node["description"] = f"{said}. Emphasis: {EMPHASIS_NOTE}." if said else f"Emphasis: {EMPHASIS_NOTE}."
        for value in node.values():
            _emphasis(value)
    elif isinstance(node, list):
        for value in node:
            _emphasis(value)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a spec file (the Keputusan model)."""
    schema = Keputusan.model_json_schema()
    _emphasis(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "zi-decree spec (Keputusan)"
    schema["description"] = f"{schema.get('description', '')} Text fields may carry emphasis: {EMPHASIS_NOTE}."
    return schema


def plan_json_schema() -> dict[str, Any]:
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
    spec = arguments.path_or("spec", spec, LoadedSpec, "from load")
    arguments.choice("variant", variant, VARIANTS)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
    return compose(resolve(loaded), variant)
