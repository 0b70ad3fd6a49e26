"""The decree package: one folder per decree with its documents and record.json (JDIH metadata and hashes)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_decree.base import arguments
from zi_decree.base.markup import plain
from zi_decree.base.meta import VERSION
from zi_decree.base.paper import PAPERS, Paper
from zi_decree.composing.compose import Variant, compose
from zi_decree.composing.document import VARIANTS, Document
from zi_decree.composing.wording import citation_text, jdih, office_region
from zi_decree.errors import ArgumentError, Location, Problem, ZiDecreeError
from zi_decree.i18n import _, ngettext
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.model.keputusan import Keputusan
from zi_decree.rendering import FORMATS, Format
from zi_decree.rendering.text import render_text
from zi_decree.resolving.resolve import Resolved, resolve
from zi_decree.tasks.check import portable, problems, spec_template
from zi_decree.writing.files import package_name, recover_folder, replace_folder

__all__ = ["DEFAULT_VARIANTS", "FORMATS", "Format", "Package", "build_package", "package_folder", "render_package"]

# DESIGN §7: the original for signature is a DOCX; the salinan comes as DOCX and PDF.
DEFAULT_VARIANTS: dict[Format, tuple[Variant, ...]] = {
    "txt": ("salinan",), "docx": ("original", "salinan"), "pdf": ("salinan",)}
RECORD = "record.json"


@dataclass(frozen=True)
class Package:
    """A rendered decree package: its folder, the files in it (record.json last), the record, and every warning
    `check` finds in the decree, the ones the spec accepts included (their `accepted` holds the reason), as
    record.json keeps them."""

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
        problems.append(Problem(_("unknown format {value}; available: {names}").format(
                                  value=', '.join(unknown) or '(none)', names=', '.join(FORMATS)),
                                Location(field="formats"), code="invalid-argument"))
    chosen = None if variants is None else list(dict.fromkeys(
        v if isinstance(v, str) else arguments.shown(v) for v in arguments.sequence("variants", variants, ["salinan"])))
    bad = [v for v in chosen or [] if v not in VARIANTS]
    if bad or chosen == []:
        problems.append(Problem(_("unknown variant {value}; available: {names}").format(
                                  value=', '.join(bad) or '(none)', names=', '.join(VARIANTS)),
                                Location(field="variants"), code="invalid-argument"))
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
        "mengingat": [{"id": c.id, "citation": plain(citation_text(c))} for c in resolved.citations],
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


# Temporary files that versions before the staging folder left in a package folder: ours, never carried over.
_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
_FORCE = "give --force to replace"


def _carried(folder: Path, made: set[str], force: bool) -> list[str]:
    """What the new package folder keeps of the old one: the entries its record.json does not list and this run
    does not make (files staff put there).

    Unless `force`, refuses (ZiDecreeError, one problem per file) to replace what was not made as it is now: a
    file changed since it was made (its hash is not the one record.json lists), a file of the name of an output
    that record.json does not list, or a folder with files but no readable record.json.
    """
    try:
        entries = sorted(e for e in os.listdir(folder) if not _LEFTOVER.fullmatch(e))
    except OSError:
        return []  # no folder yet; anything else in the way is for replace_folder to report
    if not entries:
        return []
    listed, problems = _listed(folder, entries)
    if listed is not None:
        problems += [Problem(_("not made by zi-decree (record.json does not list it), and rendering would replace it: "
                               "rename it, or {force} it").format(force=_FORCE), Location(str(folder / name)),
                                   code="package-edited")
                     for name in entries if name in made and name not in listed and name != RECORD]
    if problems and not force:
        raise ZiDecreeError(problems)
    return [name for name in entries if name != RECORD and name not in (listed or {}) and name not in made]


def _listed(folder: Path, entries: list[str]) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The outputs the old record.json lists ({file name: entry}), and a problem for each that was changed by
    hand; None (and a problem) when there is no readable record."""
    if RECORD not in entries:
        count = len(entries)
        return None, [Problem(ngettext("holds {count} file but no {record}, so it is not a package zi-decree made, "
                                       "and rendering would replace it: move the files away, or {force} it (files of "
                                       "other names than the package's are kept)",
                                       "holds {count} files but no {record}, so it is not a package zi-decree made, "
                                       "and rendering would replace it: move the files away, or {force} it (files of "
                                       "other names than the package's are kept)", count).format(
                                    count=count, record=RECORD, force=_FORCE),
                                        Location(str(folder)),
                                  code="package-edited")]
    try:
        old = json.loads((folder / RECORD).read_bytes())
        listed = {o["file"]: o for o in old["outputs"] if isinstance(o["file"], str) and "/" not in o["file"]
                  and "\\" not in o["file"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else _("not the record zi-decree writes")
        return None, [Problem(_("cannot be read ({reason}), so the package's files cannot be checked for changes made "
                                "by hand: {force} the package").format(reason=reason, force=_FORCE),
                                    Location(str(folder / RECORD)), code="package-edited")]
    changed = [name for name in entries if name in listed and not _as_made(folder / name, listed[name])]
    return listed, [Problem(_("changed since zi-decree made it (it no longer matches {record}), and rendering again "
                              "would replace it: {force} it (files of other names in the folder are kept)").format(
                                  record=RECORD, force=_FORCE),
                            Location(str(folder / name)), code="package-edited") for name in changed]


def _as_made(path: Path, entry: Any) -> bool:
    """Whether a file is as record.json says it was made: its size, then its hash."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != entry.get("bytes"):
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except (OSError, AttributeError):
        return False
    return bool("sha256:" + digest.hexdigest() == entry.get("sha256"))


def render_package(spec: LoadedSpec | Path | str, output: Path | str, formats: Iterable[Format] = ("docx", "pdf"),
                   variants: Iterable[Variant] | None = None, catalogue: Catalogue | None = None,
                   paper: Paper | None = None, template: Path | str | None = None, force: bool = False) -> Package:
    """Render a decree into the package folder `output/<kpu-office-year-nomor-n>/`, replacing the folder whole.

    The default is the package of DESIGN §7: the original DOCX for signature, the salinan as DOCX and PDF,
    and record.json. `formats` may add "txt" (the salinan as plain text) or leave formats out; `variants`
    overrides the variants per format (default: original and salinan for DOCX, the salinan otherwise).
    `paper` ("f4" or "a4") and `template` (a DOCX) override the spec's own choice.

    The package replaces the folder as one step: whatever interrupts it, the folder is the old package or the
    new one (README, "The package"). Files in the folder that the old record.json does not list are kept. A file
    changed by hand since it was made, or a folder with files but no record.json, is refused (ZiDecreeError
    naming the file) unless `force`.
    """
    spec = arguments.path_or("spec", spec, LoadedSpec, "from load")
    output = arguments.path("output", output)
    checked_formats, checked_variants = check_formats(formats, variants)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    paper = None if paper is None else arguments.choice("paper", paper, PAPERS)
    template = arguments.optional_path("template", template)
    arguments.flag("force", force)
    loaded = spec if isinstance(spec, LoadedSpec) else load(spec, catalogue)
    slug, files, warnings = build_package(loaded, checked_formats, checked_variants, paper, template)
    folder = Path(output) / slug
    recover_folder(folder)  # a run interrupted between its two renames left the old package aside
    replace_folder(folder, files, _carried(folder, {name for name, _ in files}, force))
    rec = json.loads(files[-1][1])
    return Package(folder, tuple(folder / name for name, _ in files), rec, warnings)
