"""Load: spec files (and the plan files they point to) into a validated Keputusan, every problem located."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from zi_decree.base import arguments
from zi_decree.base.yaml import (
    Positions,
    decode_text,
    field_path,
    nearest,
    problems_from_validation,
    read_yaml,
    read_yaml_text,
)
from zi_decree.errors import CatalogueError, Location, Note, Problem, SpecError, excerpt
from zi_decree.i18n import _, language
from zi_decree.legal.catalogue import Catalogue
from zi_decree.legal.retyped import retyped_problems
from zi_decree.loading.labels import typed_evidence_labels
from zi_decree.model.keputusan import SURROGATE, Keputusan, PlanLampiran, surrogate_message
from zi_decree.model.schedule import parse_schedule
from zi_decree.model.walk import raw_plan_places

__all__ = ["LoadedPlan", "LoadedSpec", "load", "load_data", "load_plan", "read_plan_file", "surrogate_problems"]



@dataclass(frozen=True)
class LoadedSpec:
    """A validated decree with the catalogue it cites from, the warnings found while loading, and provenance."""

    keputusan: Keputusan
    catalogue: Catalogue
    warnings: tuple[Problem, ...] = ()
    path: Path | None = None
    input_hash: str = ""
    sources: tuple[str, ...] = ()
    positions: Positions = field(default_factory=dict, repr=False, compare=False)


# The levels of a plan, from a lampiran down to an evidence item.
_PLAN_LEVELS = ("areas", "components", "indicators", "steps", "evidence")


def _own_evidence(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Yield (path, evidence mapping) for every evidence item in the plan lampiran of raw spec data.

    The plan's levels are copied first, so that filling an item in never changes the caller's data (or a plan
    read once and put into many specs). `data` and its lampiran list must already be the loader's own copies.
    """
    lampiran = data.get("lampiran")
    if not isinstance(lampiran, list):
        return
    for li, lamp in enumerate(lampiran):
        if isinstance(lamp, dict):
            lampiran[li] = lamp = _copy_levels(lamp)
            for place in raw_plan_places(lamp.get("areas")):
                if isinstance(place.evidence, dict):
                    yield ("lampiran", li, *place.path), place.evidence


def _copy_levels(node: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    # New mappings and lists from the lampiran down to each evidence item; the values in them are shared.
    node = dict(node)
    key = _PLAN_LEVELS[depth] if depth < len(_PLAN_LEVELS) else None
    if key and isinstance(node.get(key), list):
        node[key] = [_copy_levels(item, depth + 1) if isinstance(item, dict) else item for item in node[key]]
    return node


def _read_schedules(data: dict[str, Any], positions: Positions, default_file: str) -> list[Problem]:
    """Turn schedule phrases into structured schedules before validation, warning where a phrase stays text."""
    warnings: list[Problem] = []
    year = data.get("year") if isinstance(data.get("year"), int) else None
    for path, ev in _own_evidence(data):
        value = ev.get("schedule")
        where_path = (*path, "schedule")
        where = positions.get(where_path, Location(default_file))
        located = where.at(field_path(where_path))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(int(value))
        if isinstance(value, str):
            try:
                months, label, notes = _schedule(value, year, language())
            except ValueError:
                continue  # empty text: the model reports it
            ev["schedule"] = {"months": list(months), **({"label": label} if label is not None else {})}
            warnings.extend(Problem(w, located, "warning", code=w.code) for w in notes)
    return warnings


@lru_cache(maxsize=8192)
def _schedule(phrase: str, year: int | None, _language: str) -> tuple[tuple[str, ...], str | None, tuple[Note, ...]]:
    """A schedule phrase read (its months, its label, its warnings in the language asked): a plan says the same
    few phrases in many rows, and is read again at each check."""
    parsed = parse_schedule(phrase, default_year=year)
    dumped = parsed.schedule.model_dump(exclude_none=True)
    return tuple(dumped["months"]), dumped.get("label"), tuple(parsed.warnings)


def _include_plans(data: dict[str, Any], positions: Positions, base: Path,
                   sources: list[str] | None = None) -> tuple[list[Problem], list[Problem]]:
    """Replace `plan: file.yaml` (or .xlsx) in a lampiran by the file's areas (and columns), keeping where each
    value came from; return the problems and the warnings."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    year = data.get("year") if isinstance(data.get("year"), int) else None
    lampiran = data.get("lampiran")
    if not isinstance(lampiran, list):
        return problems, warnings
    for i, lamp in enumerate(lampiran):
        if not isinstance(lamp, dict) or not isinstance(lamp.get("plan"), str):
            continue
        where = positions.get(("lampiran", i, "plan"), Location(str(base)))
        located = where.at(f"lampiran[{i}].plan")
        if "areas" in lamp:
            problems.append(Problem(_("give the areas either here or in the plan file, not both"), located,
                                    code="plan-twice"))
            continue
        named = excerpt(lamp["plan"])
        unusable = _path_problem(lamp["plan"])
        if unusable:
            problems.append(Problem(_("plan {named} {unusable}").format(named=named, unusable=unusable), located,
                                      code="invalid-value"))
            continue
        try:
            # as the user named it beside the spec (messages quote it so), not made absolute
            plan_path = Path(os.path.normpath(base / lamp["plan"]))
            if plan_path.is_dir():
                problems.append(Problem(_("plan {named} is a folder; name the plan's file (.yaml or .xlsx)").format(
                                          named=named), located,
                                        code="file-unreadable"))
                continue
            if not plan_path.is_file():
                folder = excerpt(str(plan_path.parent), 100)
                problems.append(Problem(_("plan file {named} not found (looked in {folder})").format(named=named,
                                          folder=folder), located,
                                        code="file-not-found"))
                continue
        except (OSError, RuntimeError) as exc:  # a name too long once joined to the folder, a loop of links...
            problems.append(Problem(_("plan file {named} cannot be read: {reason}").format(named=named,
                                      reason=_reason(exc)), located,
                                    code="file-unreadable"))
            continue
        try:
            plan, plan_positions, plan_warnings = read_plan_file(plan_path, ("lampiran", i), year)
        except SpecError as exc:
            problems.extend(exc.problems)
            continue
        warnings.extend(plan_warnings)
        inline_plan(lamp, plan, i, positions, plan_positions)
        if sources is not None:
            sources.append(lamp["plan"])
    return problems, warnings


# What the file systems zi-decree runs on allow (Linux's NAME_MAX and PATH_MAX; Windows allows less).
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096


def _path_problem(text: str) -> str | None:
    """Why `text` (a file path in a spec) can name no file, said after the path's name; None when it can."""
    control = next((ch for ch in text if ch < " " or ch == "\x7f"), None)
    if control is not None:
        return _("contains the control character U+{ord:04X}, which a file name cannot have").format(ord=ord(control))
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_PATH_BYTES:
        return _("is too long for a file's path ({size} bytes; at most {max_path_bytes})").format(size=size,
                 max_path_bytes=MAX_PATH_BYTES)
    for part in re.split(r"[/\\]", text):
        size = len(part.encode("utf-8", "replace"))
        if size > MAX_NAME_BYTES:
            return (_("has a name too long for a file or folder ({part}: {size} bytes; at most {max_name_bytes})")
                      .format(part=excerpt(part, 20), size=size, max_name_bytes=MAX_NAME_BYTES))
    return None


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else None) or type(exc).__name__


def read_plan_file(path: Path, prefix: tuple[Any, ...] = (), year: int | None = None
                   ) -> tuple[dict[str, Any], Positions, list[Problem]]:
    """A plan file's data ({areas, columns}) from YAML or an XLSX workbook, where each value came from, and the
    warnings reading it raised; SpecError when it cannot be read as a plan."""
    if not path.is_file():
        raise SpecError([Problem(_("plan file not found (a .yaml plan with areas:, or an .xlsx workbook)"),
                                 Location(str(path)), code="file-not-found")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from zi_decree.loading.workbook import read_plan_xlsx

        return read_plan_xlsx(path, year=year, prefix=prefix)
    if path.suffix.lower() in (".xls", ".ods", ".csv"):
        raise SpecError([Problem(_("a plan is read from .yaml or .xlsx, not {suffix}; save the sheet from Excel as "
                                   "'Excel Workbook (*.xlsx)'").format(suffix=path.suffix), Location(str(path)),
                                       code="wrong-file-kind")])
    plan, positions = read_yaml(path, prefix=prefix)
    if not isinstance(plan, dict) or "areas" not in plan:
        raise SpecError([Problem(_("a plan file is a mapping with 'areas:' (and optionally 'columns:')"),
                                 Location(str(path), 1, 1), code="wrong-structure")])
    problems = [Problem(_("unknown field {key} in a plan file (expected areas, columns)").format(key=excerpt(key)),
                        positions.get((*prefix, key), Location(str(path))), code="unknown-field")
                for key in sorted(set(plan) - {"areas", "columns"})]
    if problems:
        raise SpecError(problems)
    return plan, positions, []


class _PlanOnly(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lampiran: list[PlanLampiran]


@dataclass(frozen=True)
class LoadedPlan:
    """A plan file on its own (YAML or XLSX), validated as a plan lampiran, with the warnings reading it raised."""

    lampiran: PlanLampiran
    warnings: tuple[Problem, ...]
    path: Path
    # Where each value came from, by field path under ("lampiran", 0): a line, or a workbook's cell.
    positions: Positions = field(default_factory=dict, repr=False, compare=False)


def load_plan(path: Path | str, year: int | None = None) -> LoadedPlan:
    """Read and validate a plan file; raise SpecError listing every problem, each at its line or cell."""
    path = arguments.path("path", path)
    year = None if year is None else arguments.year("year", year)
    plan, positions, warnings = read_plan_file(path, ("lampiran", 0), year)
    lamp: dict[str, Any] = {"kind": "plan", "title": "Rencana Aksi"}
    data: dict[str, Any] = {"year": year, "lampiran": [lamp]}
    inline_plan(lamp, plan, 0, positions, positions)
    warnings = [*warnings, *_read_schedules(data, positions, str(path))]
    warnings += typed_evidence_labels(data["lampiran"], positions, str(path))
    lamp = data["lampiran"][0]  # the loader's copy, with schedules read and typed labels removed
    try:
        checked = _PlanOnly.model_validate({"lampiran": [lamp]}, context={"year": year})
    except ValidationError as exc:
        raise SpecError(problems_from_validation(exc, {"lampiran": [lamp]}, positions, _PlanOnly, str(path))) from None
    return LoadedPlan(checked.lampiran[0], tuple(warnings), path, positions)


def inline_plan(lamp: dict[str, Any], plan: dict[str, Any], index: int, positions: Positions,
                plan_positions: Positions) -> None:
    """Put a plan file's areas (and columns, unless the spec sets them) into lampiran `index`, keeping the plan
    file's line numbers for them."""
    lamp["areas"] = plan.get("areas")
    if "columns" in plan and "columns" not in lamp:
        lamp["columns"] = plan["columns"]
    positions.update((path, where) for path, where in plan_positions.items() if path != ("lampiran", index))


def surrogate_problems(data: Any, positions: Positions, source: str, at: tuple[Any, ...] = ()) -> list[Problem]:
    """A problem for each text, or field name, holding a lone surrogate (an escape such as "\\ud800" in the file):
    no character, so it can be neither validated nor written; each is said once, where it is."""
    if not _holds_surrogate(data):
        return []
    problems = []
    stack: list[tuple[tuple[Any, ...], Any]] = [(at, data)]
    while stack:  # a loop, not recursion: a file may nest deeper than Python's stack
        path, node = stack.pop()
        if isinstance(node, str):
            message = surrogate_message(node)
            if message:
                problems.append(Problem(message, nearest(positions, path, source).at(field_path(path) or None),
                                        code="bad-character"))
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and SURROGATE.search(key):
                    problems.append(Problem(_("the field name {shown} {surrogate_message}").format(
                                              shown=arguments.shown(key), surrogate_message=surrogate_message(key)),
                                            nearest(positions, (*path, key), source).at(field_path(path) or None),
                                                code="bad-character"))
                else:
                    stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, i), value) for i, value in enumerate(node))
    return sorted(problems, key=lambda p: (p.location.line or 0, str(p.location.column or "").rjust(9)))


def _holds_surrogate(data: Any) -> bool:
    # The quick look that nearly every spec ends with: its paths are made only when there is something to say.
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if SURROGATE.search(node):
                return True
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _load_catalogues(data: dict[str, Any], positions: Positions, base: Path,
                     catalogue: Catalogue) -> tuple[Catalogue, list[Problem]]:
    problems: list[Problem] = []
    folders = data.get("catalogues")
    if not isinstance(folders, list):
        return catalogue, problems
    for i, folder in enumerate(folders):
        if not isinstance(folder, str):
            continue
        where = positions.get(("catalogues", i), Location(str(base)))
        located = where.at(f"catalogues[{i}]")
        unusable = _path_problem(folder)
        try:
            found = not unusable and (base / folder).is_dir()
        except OSError as exc:
            unusable = _("cannot be read: {reason}").format(reason=_reason(exc))
        if unusable:
            problems.append(Problem(_("catalogue folder {folder} {unusable}").format(folder=excerpt(folder),
                                      unusable=unusable), located, code="invalid-value"))
            continue
        if not found:
            problems.append(Problem(_("catalogue folder {folder} not found (looked in {base})").format(
                                      folder=excerpt(folder), base=base), located,
                                    code="file-not-found"))
            continue
        try:
            local = Catalogue.load(base / folder)
            catalogue = catalogue.with_local(local.instruments.values(), str(base / folder), local.sources)
        except CatalogueError as exc:
            problems.extend(Problem(p.message, p.location if p.location.file else located,
                                    code=p.code) for p in exc.problems)
    return catalogue, problems


def load_data(data: Any, positions: Positions | None = None, *, base: Path | None = None,
              catalogue: Catalogue | None = None, source: str = "<spec>") -> LoadedSpec:
    """Validate spec data already read (e.g. by an API caller) into a LoadedSpec; SpecError lists all problems.

    `data` and `positions` are left as they were: loading the same data twice gives the same result.
    """
    if positions is not None:
        arguments.instance("positions", positions, dict, "from read_yaml")
    base = arguments.optional_path("base", base)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    arguments.text("source", source)
    # Plans and schedules are filled in on the loader's own copies (the plan's levels are copied first).
    positions = dict(positions) if positions is not None else {(): Location(source, 1, 1)}
    base = base or Path.cwd()
    if not isinstance(data, dict):
        raise SpecError([Problem(_("a spec is a mapping of fields (office:, number:, ...)"), Location(source, 1, 1),
                                 code="wrong-structure")])
    data = dict(data)
    # Only a list of lampiran is walked here; anything else (`lampiran: 5`) is the model's to refuse.
    lampiran: list[Any] = []
    if isinstance(data.get("lampiran"), list):
        data["lampiran"] = lampiran = [dict(lamp) if isinstance(lamp, dict) else lamp for lamp in data["lampiran"]]
    if "areas" in data and "office" not in data:
        raise SpecError([Problem(_("this is a plan file (it has areas:); check or render the spec that names it "
                                   "(plan: ...)"), Location(source, 1, 1), code="wrong-file-kind")])
    # Lone surrogates first, and alone (in the spec, then in the plans it names): each would otherwise come back
    # from every check that reads the text, and a file name holding one cannot even be looked for.
    surrogates = surrogate_problems(data, positions, source)
    if surrogates:
        raise SpecError(surrogates)
    catalogue = catalogue or Catalogue.load()
    sources = [source]
    problems, warnings = _include_plans(data, positions, base, sources)
    surrogates = [problem for i, lamp in enumerate(lampiran)
                  if isinstance(lamp, dict) and isinstance(lamp.get("plan"), str)
                  for problem in surrogate_problems(lamp.get("areas"), positions, source, ("lampiran", i, "areas"))]
    if surrogates:
        raise SpecError(surrogates)
    warnings += _read_schedules(data, positions, source)
    if isinstance(data.get("lampiran"), list):
        warnings += typed_evidence_labels(data["lampiran"], positions, source)
    catalogue, more = _load_catalogues(data, positions, base, catalogue)
    problems.extend(more)
    template = data.get("template")
    if isinstance(template, str) and (unusable := _path_problem(template)):
        where = positions.get(("template",), Location(source))
        problems.append(Problem(_("template {template} {unusable}").format(template=excerpt(template),
                                  unusable=unusable), where.at("template"), code="invalid-value"))
    # The spec's own instruments count as known by the ids written, even one whose other fields are wrong: its
    # problem is said once, at the instrument, not again at each citation of it.
    local = data.get("instruments")
    local_ids = {i["id"] for i in local if isinstance(i, dict) and isinstance(i.get("id"), str)} \
        if isinstance(local, list) else set()
    context = {"known_ids": set(catalogue.instruments) | local_ids, "year": data.get("year")}
    keputusan = None
    # A plan file that could not be read is reported once, not again as 'areas missing'.
    unread = tuple(f"lampiran[{i}].areas" for i, lamp in enumerate(lampiran)
                   if isinstance(lamp, dict) and isinstance(lamp.get("plan"), str) and "areas" not in lamp)
    try:
        keputusan = Keputusan.model_validate(data, context=context)
    except ValidationError as exc:
        # A field refused above (a path that can name no file) is not refused again by the model.
        said = {p.location.field for p in problems if p.location.field}
        problems.extend(p for p in problems_from_validation(exc, data, positions, Keputusan, source)
                        if not (unread and (p.location.field or "").startswith(unread))
                        and p.location.field not in said)
        problems.extend(_check_raw_citations(data, catalogue, positions, source))
    if keputusan is not None:
        locations = {}
        for i, inst in enumerate(keputusan.instruments):
            where = positions.get(("instruments", i), Location(source))
            locations[inst.id] = where.at(f"instruments[{i}]")
        problems.extend(retyped_problems(keputusan.instruments, catalogue, _instrument_places(
            positions, source, len(keputusan.instruments))))
        try:
            catalogue = catalogue.with_local(keputusan.instruments, source, locations)
        except CatalogueError as exc:
            problems.extend(exc.problems)
        else:
            problems.extend(_check_citations(list(keputusan.mengingat), catalogue, positions, source))
    if problems:
        raise SpecError(problems)
    assert keputusan is not None
    return LoadedSpec(keputusan, catalogue, tuple(warnings), None, input_hash(keputusan), tuple(sources), positions)


def _instrument_places(positions: Positions, source: str, count: int) -> dict[tuple[int, str], Location]:
    """Where each own instrument (field '') and its number, amends and enacts are, for retyped_problems."""
    places = {}
    for i in range(count):
        where = positions.get(("instruments", i), Location(source))
        places[(i, "")] = where.at(f"instruments[{i}]")
        for name in ("number", "amends", "enacts"):
            if ("instruments", i, name) in positions:
                places[(i, name)] = positions[("instruments", i, name)].at(f"instruments[{i}].{name}")
    return places


def input_hash(keputusan: Keputusan) -> str:
    """'sha256:...' of the decree as validated (plan included): the same data gives the same hash, however it
    was written (comments, layout, YAML or a spreadsheet)."""
    # Where the plan and local catalogues were read from is not content; what they hold is.
    content = keputusan.model_dump(mode="json", exclude={"lampiran": {"__all__": {"plan"}}, "catalogues": True})
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_raw_citations(data: dict[str, Any], catalogue: Catalogue, positions: Positions,
                         source: str) -> list[Problem]:
    """The amendment check on the ids as written, so it is reported even when other fields are wrong."""
    refs = data.get("mengingat")
    if not isinstance(refs, list):
        return []
    ids = [r if isinstance(r, str) else (r.get("id") if isinstance(r, dict) else None) for r in refs]
    return _check_citations([i if i in catalogue else None for i in ids], catalogue, positions, source)


def _check_citations(refs: list[str | None], catalogue: Catalogue, positions: Positions,
                     source: str) -> list[Problem]:
    """An amending instrument is cited through the instrument it amends, never on its own."""
    problems = []
    cited = set(refs)
    for i, ref in enumerate(refs):
        if ref is None:
            continue
        inst = catalogue.get(ref)
        base = catalogue.amended_instrument(inst)
        if base is None:
            continue
        where = positions.get(("mengingat", i), Location(source))
        located = where.at(f"mengingat[{i}]")
        also = _(" (already cited)") if base.id in cited else ""
        problems.append(Problem(
            _("{ref!r} amends {id!r}{also}: cite {id!r} only; its amendments in force on the decree's date are cited "
              "with it").format(ref=ref, id=base.id, also=also), located, code="cites-amendment"))
    return problems


def load(path: Path | str, catalogue: Catalogue | None = None, *, text: bytes | None = None) -> LoadedSpec:
    """Read a spec file (YAML) and the plan files it points to; raise SpecError listing every problem. With
    `text`, the spec as if its file held those bytes (the file itself is not read: a form's save checked before
    it is written)."""
    path = arguments.path("path", path)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    if text is None:
        data, positions = read_yaml(path)
    else:
        data, positions = read_yaml_text(decode_text(text, str(path)), str(path))
    loaded = load_data(data, positions, base=path.parent, catalogue=catalogue, source=str(path))
    return dataclasses.replace(loaded, path=path, sources=(path.name, *loaded.sources[1:]))
