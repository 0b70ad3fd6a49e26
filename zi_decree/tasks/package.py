"""The decree package: one folder per decree with its documents and record.json (JDIH metadata and hashes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from zi_decree.legal.catalogue import Catalogue
from zi_decree.composing.compose import Variant, compose
from zi_decree.composing.document import Document
from zi_decree.base.meta import VERSION
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.rendering.text import render_text
from zi_decree.resolving.resolve import Resolved, resolve
from zi_decree.writing.files import package_name, write_files

__all__ = ["DEFAULT_VARIANTS", "FORMATS", "Package", "build_package", "render_package"]

FORMATS = ("txt", "docx", "pdf")
# DESIGN §7: the original for signature is a DOCX; the salinan comes as DOCX and PDF.
DEFAULT_VARIANTS: dict[str, tuple[Variant, ...]] = {
    "txt": ("salinan",), "docx": ("original", "salinan"), "pdf": ("salinan",)}
RECORD = "record.json"
# JDIH subject heading for these decrees (upper case, broader term first, as JDIH portals write it).
SUBJEK = "ZONA INTEGRITAS - RENCANA AKSI"


@dataclass(frozen=True)
class Package:
    """A rendered decree package: its folder, the files in it (record.json last), the record, the warnings."""

    folder: Path
    files: tuple[Path, ...]
    record: dict
    warnings: tuple[Problem, ...]


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def check_formats(formats: Iterable[str], variants: Iterable[str] | None) -> tuple[list[str], list[str] | None]:
    formats = list(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    problems = []
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        problems.append(Problem(f"unknown format {', '.join(unknown) or '(none)'}; available: {', '.join(FORMATS)}",
                                Location(field="format")))
    chosen = None if variants is None else list(variants)
    bad = [v for v in chosen or [] if v not in ("original", "salinan")]
    if bad:
        problems.append(Problem(f"unknown variant {', '.join(bad)}; available: original, salinan",
                                Location(field="variant")))
    if problems:
        raise ZiDecreeError(problems)
    return formats, chosen


def _portable(problem: Problem) -> dict:
    # File names without their folders, so that the record does not depend on where it was run from.
    entry = problem.as_dict()
    if entry["file"]:
        entry["file"] = Path(entry["file"]).name
    return {k: v for k, v in entry.items() if v is not None}


def record(loaded: LoadedSpec, resolved: Resolved, document: Document,
           outputs: list[tuple[str, str, str, bytes]], template: Path | str | None) -> dict:
    """The package record: JDIH metadata of the decree, and what it was made from and into (with hashes)."""
    k = loaded.keputusan
    meta = document.metadata
    signer = k.signatory.position or f"Ketua {k.office.body}"
    # "... berlaku ... sampai dengan bulan Desember tahun 2022": the last day of that month, for the portal.
    until = next((c.until for c in k.diktum if getattr(c, "kind", None) == "in_force" and c.until), None)
    if until:
        year, month = map(int, until.split("-"))
        until = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    return {
        "jdih": {
            "jenis": "Keputusan",
            "teu": f"Indonesia. {k.office.body}",
            "nomor": str(k.number),
            "tahun": k.year,
            "judul": meta["title"],
            "tempat_penetapan": k.place or k.office.place,
            "tanggal_penetapan": k.date.isoformat(),
            "penandatangan": k.signatory.name,
            "jabatan_penandatangan": signer,
            "pemrakarsa": k.office.body,
            "subjek": SUBJEK,
            "bahasa": "Indonesia",
            "status": "Berlaku",
            **({"berlaku_sampai": until} if until else {}),
            "lampiran": len(k.lampiran),
        },
        "mengingat": [{"id": c.id, "citation": c.text} for c in resolved.citations],
        "catalogue_version": loaded.catalogue.version,
        "input": {"sha256": loaded.input_hash, "files": [Path(f).name for f in loaded.sources],
                  "template": _template_entry(template)},
        "outputs": [{"file": name, "format": fmt, "variant": variant, "bytes": len(data), "sha256": _sha256(data)}
                    for name, fmt, variant, data in outputs],
        "generator": _generator(),
        "warnings": [_portable(w) for w in resolved.warnings],
    }


def _template_entry(template: Path | str | None) -> dict:
    from zi_decree.rendering.layout import default_template

    path = Path(template) if template is not None else default_template()
    try:
        data = path.read_bytes()
    except OSError:
        return {"file": path.name}
    return {"file": path.name if template is not None else "(bundled)", "sha256": _sha256(data)}


def _generator() -> str:
    return f"zi-decree {VERSION}"


def spec_template(loaded: LoadedSpec) -> Path | None:
    """The DOCX template a spec names (relative to the spec), checked; None for the bundled one."""
    k = loaded.keputusan
    if not k.template:
        return None
    path = (loaded.path.parent / k.template) if loaded.path else Path(k.template)
    check_template_at(path, loaded.positions.get(("template",), Location(str(loaded.path))).at("template"))
    return path


def check_template_at(template: Path | str, where: Location) -> None:
    """check_template, with its problem placed where the template was named."""
    from zi_decree.rendering.docx import check_template

    try:
        check_template(template)
    except ZiDecreeError as exc:
        raise ZiDecreeError([Problem(f"{p.message} ({template})", where) for p in exc.problems]) from None


def build_package(loaded: LoadedSpec, formats: Iterable[str] = ("docx", "pdf"), variants: Iterable[str] | None = None,
                  paper: str | None = None, template: Path | str | None = None) -> tuple[str, list[tuple[str, bytes]], Resolved]:
    """Render a loaded decree in memory: (folder name, [(file name, bytes)] with record.json last, resolved)."""
    formats, chosen = check_formats(formats, variants)
    resolved = resolve(loaded)
    k = loaded.keputusan
    slug = package_name(k.office.region, k.year, k.number)
    chosen_paper = (paper or k.paper).lower()
    if chosen_paper not in ("f4", "a4"):
        raise ZiDecreeError([Problem(f"unknown paper {paper}; available: f4, a4", Location(field="paper"))])
    if template is None:
        template = spec_template(loaded)
    else:
        check_template_at(template, Location(str(template), field="template"))
    documents: dict[str, Document] = {}
    outputs: list[tuple[str, str, str, bytes]] = []
    for fmt in formats:
        for variant in chosen or DEFAULT_VARIANTS[fmt]:
            if variant not in documents:
                documents[variant] = compose(resolved, variant)  # type: ignore[arg-type]
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
    first = next(iter(documents.values()))
    text = json.dumps(record(loaded, resolved, first, outputs, template), ensure_ascii=False, indent=2) + "\n"
    files = [(name, data) for name, _, _, data in outputs] + [(RECORD, text.encode("utf-8"))]
    return slug, files, resolved


def _stale(folder: Path, keep: set[str]) -> list[Path]:
    """Files an earlier run of this package listed in its record that this run does not produce."""
    try:
        old = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        names = [o["file"] for o in old.get("outputs", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []
    return [folder / n for n in names if isinstance(n, str) and n not in keep and "/" not in n and "\\" not in n]


def render_package(spec: LoadedSpec | Path | str, output: Path | str, formats: Iterable[str] = ("docx", "pdf"),
                   variants: Iterable[str] | None = None, catalogue: Catalogue | None = None,
                   paper: str | None = None, template: Path | str | None = None) -> Package:
    """Render a decree into the package folder `output/<kpu-office-year-nomor-n>/`, all files or none.

    The default is the package of DESIGN §7: the original DOCX for signature, the salinan as DOCX and PDF,
    and record.json. `formats` may add "txt" (the salinan as plain text) or leave formats out; `variants`
    overrides the variants per format (default: original and salinan for DOCX, the salinan otherwise).
    `paper` ("f4" or "a4") and `template` (a DOCX) override the spec's own choice.
    """
    loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
    slug, files, resolved = build_package(loaded, formats, variants, paper, template)
    folder = Path(output) / slug
    stale = _stale(folder, {name for name, _ in files})
    write_files([(folder / name, data) for name, data in files])
    for path in stale:
        try:
            path.unlink()
        except OSError:
            pass
    rec = json.loads(files[-1][1])
    return Package(folder, tuple(folder / name for name, _ in files), rec, resolved.warnings)
