"""The decree package: one folder per decree with its documents and record.json (JDIH metadata and hashes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_decree.base import arguments
from zi_decree.base.meta import VERSION
from zi_decree.base.paper import PAPERS, Paper
from zi_decree.composing.compose import Variant, compose
from zi_decree.composing.document import VARIANTS, Document
from zi_decree.composing.wording import citation_text, jdih, office_region
from zi_decree.errors import ArgumentError, Location, Problem, ZiDecreeError
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.model.keputusan import Keputusan
from zi_decree.rendering import FORMATS, Format
from zi_decree.rendering.text import render_text
from zi_decree.resolving.resolve import Resolved, resolve
from zi_decree.tasks.check import portable, problems, spec_template
from zi_decree.writing.files import package_name, write_files

__all__ = ["DEFAULT_VARIANTS", "FORMATS", "Format", "Package", "build_package", "package_folder", "render_package"]

# DESIGN §7: the original for signature is a DOCX; the salinan comes as DOCX and PDF.
DEFAULT_VARIANTS: dict[Format, tuple[Variant, ...]] = {
    "txt": ("salinan",), "docx": ("original", "salinan"), "pdf": ("salinan",)}
RECORD = "record.json"


@dataclass(frozen=True)
class Package:
    """A rendered decree package: its folder, the files in it (record.json last), the record, and the warnings
    (the same as `check` gives for the decree)."""

    folder: Path
    files: tuple[Path, ...]
    record: dict[str, Any]
    warnings: tuple[Problem, ...]


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def check_formats(formats: Iterable[str], variants: Iterable[str] | None) -> tuple[list[Format], list[Variant] | None]:
    """The formats (case and spaces aside, as the command line passes them) and variants asked for, each once;
    an ArgumentError names every unknown one."""
    # Anything but a string is named as the message shows it: it is unknown, and may be unhashable.
    names = [f.strip().lower() if isinstance(f, str) else arguments.shown(f)
             for f in arguments.sequence("formats", formats, ["docx", "pdf"])]
    names = list(dict.fromkeys(f for f in names if f))
    problems = []
    unknown = [f for f in names if f not in FORMATS]
    if unknown or not names:
        problems.append(Problem(f"unknown format {', '.join(unknown) or '(none)'}; available: {', '.join(FORMATS)}",
                                Location(field="formats")))
    chosen = None if variants is None else list(dict.fromkeys(
        v if isinstance(v, str) else arguments.shown(v) for v in arguments.sequence("variants", variants, ["salinan"])))
    bad = [v for v in chosen or [] if v not in VARIANTS]
    if bad or chosen == []:
        problems.append(Problem(f"unknown variant {', '.join(bad) or '(none)'}; available: {', '.join(VARIANTS)}",
                                Location(field="variants")))
    if problems:
        raise ArgumentError(problems)
    return [arguments.choice("formats", f, FORMATS) for f in names], \
        None if chosen is None else [arguments.choice("variants", v, VARIANTS) for v in chosen]


def record(loaded: LoadedSpec, resolved: Resolved, outputs: list[tuple[str, str, str, bytes]],
           template: Path | str | None, warnings: Iterable[Problem]) -> dict[str, Any]:
    """The package record: JDIH metadata of the decree, what it was made from and into (with hashes), and its
    warnings (all of them, as `check` lists them)."""
    return {
        "jdih": jdih(loaded.keputusan),
        "mengingat": [{"id": c.id, "citation": citation_text(c)} for c in resolved.citations],
        "catalogue_version": loaded.catalogue.version,
        "input": {"sha256": loaded.input_hash, "files": [Path(f).name for f in loaded.sources],
                  "template": _template_entry(template)},
        "outputs": [{"file": name, "format": fmt, "variant": variant, "bytes": len(data), "sha256": _sha256(data)}
                    for name, fmt, variant, data in outputs],
        "generator": _generator(),
        "warnings": [portable(w) for w in warnings],
    }


def _template_entry(template: Path | str | None) -> dict[str, Any]:
    from zi_decree.rendering.layout import default_template

    path = Path(template) if template is not None else default_template()
    try:
        data = path.read_bytes()
    except OSError:
        return {"file": path.name}
    return {"file": path.name if template is not None else "(bundled)", "sha256": _sha256(data)}


def _generator() -> str:
    return f"zi-decree {VERSION}"


def package_folder(k: Keputusan) -> str:
    """The package folder's name for a decree: 'kpu-kabupaten-semarang-2025-nomor-6'."""
    return package_name(office_region(k.office), k.year, k.number)


def build_package(loaded: LoadedSpec, formats: list[Format], chosen: list[Variant] | None, paper: Paper | None,
                  template: Path | None) -> tuple[str, list[tuple[str, bytes]], tuple[Problem, ...]]:
    """Render a loaded decree in memory: (folder name, [(file name, bytes)] with record.json last, warnings).

    The arguments are render_package's, already checked. Raises ZiDecreeError for the errors `check` would report.
    """
    resolved = resolve(loaded)
    k = loaded.keputusan
    slug = package_folder(k)
    chosen_paper = paper or k.paper  # the spec's paper was checked when it was loaded
    found = problems(loaded, resolved, template)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        raise ZiDecreeError(errors)
    warnings = tuple(p for p in found if p.severity != "error")
    if template is None:
        template = spec_template(loaded)
    documents: dict[str, Document] = {}
    outputs: list[tuple[str, str, str, bytes]] = []
    for fmt in formats:
        for variant in chosen or DEFAULT_VARIANTS[fmt]:
            if variant not in documents:
                documents[variant] = compose(resolved, variant)
            document = documents[variant]
            if fmt == "txt":
                data = render_text(document)
            elif fmt == "docx":
                from zi_decree.rendering.docx import render_docx  # each renderer is loaded when used

                data = render_docx(document, template, chosen_paper)
            else:
                from zi_decree.rendering.pdf import render_pdf

                data = render_pdf(document, template, chosen_paper)
            outputs.append((f"{slug}.{variant}.{fmt}", fmt, variant, data))
    text = json.dumps(record(loaded, resolved, outputs, template, warnings), ensure_ascii=False, indent=2) + "\n"
    files = [(name, data) for name, _, _, data in outputs] + [(RECORD, text.encode("utf-8"))]
    return slug, files, warnings


def _stale(folder: Path, keep: set[str]) -> list[Path]:
    """Files an earlier run of this package listed in its record that this run does not produce."""
    try:
        old = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        names = [o["file"] for o in old.get("outputs", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []
    return [folder / n for n in names if isinstance(n, str) and n not in keep and "/" not in n and "\\" not in n]


def render_package(spec: LoadedSpec | Path | str, output: Path | str, formats: Iterable[Format] = ("docx", "pdf"),
                   variants: Iterable[Variant] | None = None, catalogue: Catalogue | None = None,
                   paper: Paper | None = None, template: Path | str | None = None) -> Package:
    """Render a decree into the package folder `output/<kpu-office-year-nomor-n>/`, all files or none.

    The default is the package of DESIGN §7: the original DOCX for signature, the salinan as DOCX and PDF,
    and record.json. `formats` may add "txt" (the salinan as plain text) or leave formats out; `variants`
    overrides the variants per format (default: original and salinan for DOCX, the salinan otherwise).
    `paper` ("f4" or "a4") and `template` (a DOCX) override the spec's own choice.
    """
    spec = arguments.path_or("spec", spec, LoadedSpec, "from load")
    output = arguments.path("output", output)
    checked_formats, checked_variants = check_formats(formats, variants)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    paper = None if paper is None else arguments.choice("paper", paper, PAPERS)
    template = arguments.optional_path("template", template)
    loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
    slug, files, warnings = build_package(loaded, checked_formats, checked_variants, paper, template)
    folder = Path(output) / slug
    stale = _stale(folder, {name for name, _ in files})
    write_files([(folder / name, data) for name, data in files])
    for path in stale:
        try:
            path.unlink()
        except OSError:
            pass
    rec = json.loads(files[-1][1])
    return Package(folder, tuple(folder / name for name, _ in files), rec, warnings)
