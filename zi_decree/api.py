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
from .render_text import render_text
from .resolve import resolve
from .write import decree_slug, write_atomic

__all__ = ["FORMATS", "Written", "compose_spec", "json_schema", "json_schema_text", "render_files"]

FORMATS = ("txt",)


def json_schema() -> dict:
    """The JSON Schema of a spec file (the Keputusan model)."""
    schema = Keputusan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "zi-decree spec (Keputusan)"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def compose_spec(spec: LoadedSpec | Path | str, variant: Variant = "salinan",
                 catalogue: Catalogue | None = None) -> Document:
    """Load (if given a path), resolve and compose one decree."""
    loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
    return compose(resolve(loaded), variant)


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    warnings: tuple[Problem, ...]


def render_files(spec: Path | str, output: Path | str, formats: Iterable[str] = ("txt",),
                 variants: Iterable[str] = ("salinan",), catalogue: Catalogue | None = None) -> Written:
    """Render a spec into `output`; everything is produced in memory first, so a failure writes nothing."""
    loaded = load(spec, catalogue)
    resolved = resolve(loaded)
    output = Path(output)
    slug = decree_slug(loaded.keputusan)
    files: list[tuple[Path, bytes]] = []
    for variant in variants:
        document = compose(resolved, variant)  # type: ignore[arg-type]
        for fmt in formats:
            if fmt == "txt":
                files.append((output / f"{slug}.{variant}.txt", render_text(document)))
            else:
                raise ValueError(f"unknown format {fmt!r}")
    for path, data in files:
        write_atomic(path, data)
    return Written(tuple(p for p, _ in files), resolved.warnings)
