"""Starting specs: the standard decree for an office and year (clauses, current legal bases, plan skeleton).

The standard decree's words are data, in standard-decree.yaml beside this module.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from zi_decree.base import arguments
from zi_decree.base.yaml import Path_, field_path, new_yaml, read_yaml
from zi_decree.composing.wording import commission
from zi_decree.errors import Location, Problem, SpecError, excerpt
from zi_decree.i18n import _, use_language
from zi_decree.legal.catalogue import Catalogue
from zi_decree.legal.guideline import guideline_at

__all__ = ["Officials", "fill_placeholders", "left_out_bases", "parse_office", "read_standard_decree",
           "standard_decree_file", "standard_plan", "standard_spec", "spec_text"]

_KINDS = {"kabupaten": "Kabupaten", "kab": "Kabupaten", "kab.": "Kabupaten", "kota": "Kota",
          "provinsi": "Provinsi", "prov": "Provinsi", "prov.": "Provinsi"}
_PREFIX = re.compile(r"(?i)^\s*(?:kpu|komisi pemilihan umum)\s+")


def parse_office(text: str) -> tuple[str, str]:
    """'Kabupaten Semarang' (or 'KPU Kab. Semarang', 'Kota Magelang') -> ('Kabupaten', 'Semarang')."""
    words = _PREFIX.sub("", text or "").split()
    if len(words) >= 2 and words[0].lower() in _KINDS:
        return _KINDS[words[0].lower()], " ".join(words[1:])
    raise ValueError(_("write the office as its kind and name, e.g. 'Kabupaten Semarang', 'Kota Magelang' or "
                       "'Provinsi Jawa Tengah' (got {text})").format(text=excerpt(text)))


@dataclass(frozen=True)
class Officials:
    """The people a decree names: who signs it and who attests its salinan (names without degrees)."""

    chair: str | None = None
    chair_position: str | None = None
    attestation_name: str | None = None
    attestation_position: str | None = None
    attestation_nip: str | None = None


@dataclass
class _Draft:
    data: dict[str, Any]
    blanks: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------- the standard decree

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = ("area", "office", "office_upper", "year")
# What `standard_spec` and `standard_plan` take from the file.
_REQUIRED = (("subject",), ("issuer",), ("menimbang",), ("diktum",), ("attestation", "position"),
             ("lampiran", "title"), ("lampiran", "columns"), ("plan", "responsible"))


def standard_decree_file() -> Path:
    """The bundled standard decree: subject, Menimbang, dictum clauses and defaults, as data."""
    return Path(str(resources.files("zi_decree.tasks").joinpath("standard-decree.yaml")))


def _texts(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, str):
        yield path, value


def read_standard_decree(path: Path | str | None = None) -> dict[str, Any]:
    """A standard decree file (default: the bundled one), checked: its parts are there, its placeholders known."""
    path = Path(path) if path is not None else standard_decree_file()
    data, positions = read_yaml(path)
    if not isinstance(data, dict):
        raise SpecError([Problem(_("expected a mapping (subject:, menimbang:, diktum:, ...)"), Location(str(path), 1),
                                 code="wrong-structure")])
    problems = []
    for part in _REQUIRED:
        node: Any = data
        for key in part:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            problems.append(Problem(_("{field_path} is missing").format(field_path=field_path(part)),
                                      Location(str(path), field=field_path(part)),
                                    code="missing-field"))
    known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    for where, text in _texts(data):
        for name in _PLACEHOLDER.findall(text):
            if name not in PLACEHOLDERS:
                located = positions.get(where, Location(str(path))).at(field_path(where))
                problems.append(Problem(_("unknown placeholder {{{name}}}; known: {known}").format(name=name,
                                          known=known), located,
                                        code="unknown-placeholder"))
    if problems:
        raise SpecError(problems)
    return data


@cache
def _standard_decree() -> dict[str, Any]:
    # Read once per process (a batch makes a spec per office); callers get filled copies, never this object.
    return read_standard_decree()


def fill_placeholders(value: Any, fields: Mapping[str, str]) -> Any:
    """`value` (text, or lists and mappings holding text) with each {name} replaced by fields[name].

    One pass of plain substitution: what a field brings in (an office's name) is never read as a placeholder.
    """
    def one(match: re.Match[str]) -> str:
        if match.group(1) not in fields:
            raise ValueError(_("unknown placeholder {group}").format(group=match.group()))
        return fields[match.group(1)]

    if isinstance(value, str):
        return _PLACEHOLDER.sub(one, value)
    if isinstance(value, dict):
        return {key: fill_placeholders(item, fields) for key, item in value.items()}
    if isinstance(value, list):
        return [fill_placeholders(item, fields) for item in value]
    return value


def _check_arguments(office: object, year: object, number: object, date: object, province: object, seat: object,
                     officials: object, catalogue: object) -> None:
    """The arguments standard_spec and new_spec share, checked before any work."""
    arguments.text("office", office)
    arguments.year("year", year)
    if number is not None:
        arguments.number("number", number)
    if date is not None:
        arguments.date("date", date)
    for parameter, value in (("province", province), ("seat", seat)):
        if value is not None:
            arguments.text(parameter, value)
    arguments.instance("officials", officials, Officials)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")


def standard_spec(office: str, year: int, *, number: int | str | None = None, date: dt.date | None = None,
                  province: str | None = None, seat: str | None = None, officials: Officials = Officials(),
                  plan: str | None = None, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The standard decree of an office for a year, as spec data (what `new` writes and `batch` renders).

    The Mengingat are the catalogue's standard bases in force on `date` (or on 1 January of `year`). Values
    not given (number, date, officials) are left out, so that checking the spec names each one.
    """
    _check_arguments(office, year, number, date, province, seat, officials, catalogue)
    if plan is not None:
        arguments.text("plan", plan)
    kind, name = parse_office(office)
    catalogue = catalogue or Catalogue.load()
    body = commission(kind, name)
    standard = fill_placeholders({key: value for key, value in _standard_decree().items() if key != "plan"},
                                 {"office": body, "office_upper": body.upper(), "year": str(year)})
    at = date or dt.date(year, 1, 1)
    data: dict[str, Any] = {"office": {"kind": kind, "name": name}}
    if seat:
        data["office"]["seat"] = seat
    if province and kind != "Provinsi":
        data["office"]["province"] = province
    if number is not None:
        data["number"] = number
    data["year"] = year
    if date is not None:
        data["date"] = date.isoformat()
    data["subject"] = standard["subject"]
    data["issuer"] = standard["issuer"]
    data["menimbang"] = standard["menimbang"]
    data["mengingat"] = catalogue.standard_bases(at)
    data["diktum"] = standard["diktum"]
    signatory: dict[str, Any] = {}
    if officials.chair:
        signatory["name"] = officials.chair
    if officials.chair_position:
        signatory["position"] = officials.chair_position
    data["signatory"] = signatory
    attestation: dict[str, Any] = {"position": officials.attestation_position or standard["attestation"]["position"]}
    if officials.attestation_name:
        attestation["name"] = officials.attestation_name
    if officials.attestation_nip:
        attestation["nip"] = officials.attestation_nip
    data["attestation"] = attestation
    data["lampiran"] = [{
        "kind": "plan",
        "title": standard["lampiran"]["title"],
        "columns": standard["lampiran"]["columns"],
        "plan": plan or "",
    }]
    return data


def left_out_bases(catalogue: Catalogue, at: dt.date) -> list[tuple[str, str]]:
    """(id, why) for each of the catalogue's standard bases a decree dated `at` leaves out: lapsed (and what
    replaced it, or that no successor is known) or of a date not known to be before `at`."""
    return catalogue.left_out(catalogue.standard, at, catalogue.standard_bases(at))


def standard_plan(catalogue: Catalogue, at: dt.date) -> dict[str, Any]:
    """A plan skeleton: the areas and components of the guideline in force on `at`, each with one empty row."""
    guideline = guideline_at(catalogue, at)
    if guideline is None:
        raise SpecError([Problem(_("no Zona Integritas guideline in the catalogue is in force on {at}").format(
                                   at=at.isoformat()),
                                 Location(field="date"), code="invalid-option")])
    responsible = _standard_decree()["plan"]["responsible"]
    areas = []
    for area in guideline.areas:
        areas.append({
            "name": area.name,
            "responsible": fill_placeholders(responsible, {"area": area.name}),
            "components": [{"name": c, "indicators": [
                {"text": "", "steps": [{"text": "", "evidence": [{"text": "", "schedule": ""}]}]}]}
                for c in area.components],
        })
    return {"areas": areas}


# ----------------------------------------------------------------------------------------- YAML text

_SPEC_HEAD = """\
Keputusan {body} tentang Rencana Aksi Pembangunan Zona Integritas Tahun {year}.
Written by `zi-decree new` (catalogue {version}). Fill in what is marked TODO, then run
`zi-decree check` on this file: it names every field still missing, with its line."""

_NOTES = {
    "number": "nomor keputusan: a number (6) or the registry code (11/HK.03.1/3322/{year})",
    "date": "tanggal penetapan, YYYY-MM-DD, in {year}",
    "menimbang": "'bahwa' and ';' are added; the last, standard item is generated",
    "mengingat": "the catalogue's standard bases in force on the decree's date; amendments are added when citing",
    "diktum": "KESATU, KEDUA, ... are numbered when composing",
    "signatory": "the Ketua's name, without academic degrees",
    "attestation": "who attests the salinan ('Salinan sesuai dengan aslinya')",
}


def spec_text(data: dict[str, Any], catalogue_version: str, missing: list[str],
              left_out: list[tuple[str, str]] | None = None) -> str:
    """Spec data as commented YAML; each field in `missing` gets a TODO comment, and the Mengingat says which
    standard bases were `left_out` and why."""
    doc = _commented(data)
    k = data["office"]
    doc.yaml_set_start_comment(_SPEC_HEAD.format(body=commission(k["kind"], k["name"]),
                                                 year=data["year"], version=catalogue_version))
    for key, note in _NOTES.items():
        if key in doc:
            note = note.format(year=data["year"])
            if key == "mengingat" and left_out:
                note += "".join(f"\nleft out: {ref}, {why}" for ref, why in left_out)
            doc.yaml_set_comment_before_after_key(key, before="\n" + note)
    for path in missing:
        parent, key = _parent(doc, path)
        if key not in parent:
            # number and date go where a reader looks for them: around the year
            where = list(parent).index("year") + (key == "date") if "year" in parent else len(parent)
            parent.insert(where, key, None)
        parent.yaml_add_eol_comment(f"TODO: {_TODO[path]}", key)
    return _dump(doc)


def _dump(doc: CommentedMap) -> str:
    """YAML in the layout of the examples: two-space mappings, list dashes indented, no line wrapping."""
    out = io.StringIO()
    yaml = new_yaml()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.dump(doc, out)
    return out.getvalue()


_TODO = {
    "number": "nomor keputusan",
    "date": "tanggal penetapan (YYYY-MM-DD)",
    "signatory.name": "nama Ketua",
    "attestation.name": "nama pejabat yang mengesahkan salinan",
    "lampiran.plan": "the plan file (YAML), e.g. from `zi-decree plan import`",
}


def _parent(doc: CommentedMap, path: str) -> tuple[CommentedMap, str]:
    parts = path.split(".")
    node: Any = doc
    for part in parts[:-1]:
        node = node[part]
        if isinstance(node, CommentedSeq):
            node = node[0]
    return node, parts[-1]


def _commented(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _commented(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    return value


def missing_fields(data: dict[str, Any]) -> list[str]:
    """The fields a standard spec still needs from its writer (number, date, names, plan)."""
    missing = [key for key in ("number", "date") if key not in data]
    if "name" not in data.get("signatory", {}):
        missing.append("signatory.name")
    if "name" not in data.get("attestation", {}):
        missing.append("attestation.name")
    if not data["lampiran"][0].get("plan"):
        missing.append("lampiran.plan")
    return missing


def plan_text(plan: dict[str, Any], guideline_title: str) -> str:
    doc = _commented(plan)
    doc.yaml_set_start_comment(
        "Rencana aksi: the areas and components of " + guideline_title + ".\n"
        "For each component write its indicators, the steps (langkah aksi), their evidence (bukti fisik)\n"
        "and target time (e.g. 'Januari 2026', 'Maret - Juni 2026', 'Triwulan I'). Add rows as needed;\n"
        "remove a component only if the office has decided not to work on it this year.")
    return _dump(doc)


@dataclass(frozen=True)
class NewSpec:
    """What `new` wrote: the spec (and plan skeleton) files, and the fields left for the writer to fill in."""

    files: tuple[Path, ...]
    missing: tuple[str, ...]
    left_out: tuple[Problem, ...] = ()  # standard bases not in force on the date, located at the spec's Mengingat


def new_spec(output: Path | str, office: str, year: int, *, number: int | str | None = None,
             date: dt.date | None = None, province: str | None = None, seat: str | None = None,
             officials: Officials = Officials(), plan: Path | str | None = None,
             catalogue: Catalogue | None = None, force: bool = False) -> NewSpec:
    """Write a starting spec to `output` (and, without `plan`, a plan skeleton beside it); an existing file is
    replaced only with `force`, a symbolic link never."""
    import os

    from zi_decree.writing.files import unwritable, write_files

    output = arguments.path("output", output)
    _check_arguments(office, year, number, date, province, seat, officials, catalogue)
    arguments.flag("force", force)
    plan = arguments.optional_path("plan", plan)
    catalogue = catalogue or Catalogue.load()
    problems = []
    if date is not None and date.year != year:
        problems.append(Problem(_("the date {date} is not in {year}").format(date=date.isoformat(), year=year),
                                  Location(field="date"),
                                code="date-not-in-year"))
    try:
        parse_office(office)
    except ValueError as exc:
        problems.append(Problem(str(exc), Location(field="office"), code="invalid-value"))
    files: list[tuple[Path, bytes]] = []
    if plan is None:
        plan_path = output.with_name(output.name.removesuffix(".yaml").removesuffix(".yml") + ".plan.yaml")
        at = date or dt.date(year, 1, 1)
        if not problems:
            guideline = guideline_at(catalogue, at)
            skeleton = standard_plan(catalogue, at)
            files.append((plan_path, plan_text(skeleton, guideline.title if guideline else "").encode("utf-8")))
        plan_ref = plan_path.name
    else:
        plan_ref = Path(os.path.relpath(Path(plan).resolve(), output.resolve().parent)).as_posix()
    problems += unwritable([output, *(p for p, _ in files)], force=force, reads=[] if plan is None else [plan])
    if problems:
        raise SpecError(problems)
    data = standard_spec(office, year, number=number, date=date, province=province, seat=seat, officials=officials,
                         plan=plan_ref, catalogue=catalogue)
    missing = missing_fields(data)
    left_out = left_out_bases(catalogue, date or dt.date(year, 1, 1))
    # The spec's comments are English whatever the language of messages: the same command writes the same bytes
    # from the command line and from the workspace in the browser.
    with use_language("en"):
        text = spec_text(data, catalogue.version, missing, left_out_bases(catalogue, date or dt.date(year, 1, 1)))
    files.insert(0, (output, text.encode("utf-8")))
    write_files(files)
    line = next((n for n, t in enumerate(text.splitlines(), 1) if t.startswith("mengingat:")), None)
    where = Location(str(output), line, 1 if line else None, "mengingat")
    return NewSpec(tuple(p for p, _ in files), tuple(missing),
                   tuple(Problem(_("left out {ref}: {why}").format(ref=ref, why=why), where, "warning",
                                 code="basis-left-out") for ref, why in left_out))
