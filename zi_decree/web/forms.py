"""The new-decree form: what `zi-decree new` asks, written by the same task, each problem beside its field."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zi_decree.errors import Problem, ZiDecreeError
from zi_decree.i18n import N_, _, translate
from zi_decree.tasks.new import NewSpec, Officials, new_spec
from zi_decree.writing.files import safe_name

__all__ = ["FIELDS", "KINDS", "LABELS", "NewDecree", "NewForm", "create", "default_file", "labels"]

KINDS = ("Kabupaten", "Kota", "Provinsi")
_SHORT = {"Kabupaten": "kab", "Kota": "kota", "Provinsi": "prov"}
# The form's fields, in the form's order.
FIELDS = ("office_kind", "office_name", "seat", "province", "year", "number", "date", "chair", "attestation_name",
          "plan", "file")
# Each field's label, as the form shows it and its summary of problems names it.
LABELS = {"office_kind": N_("Office kind"), "office_name": N_("Office name"), "seat": N_("Seat"),
          "province": N_("Province"), "year": N_("Year"), "number": N_("Decree number"),
          "date": N_("Date of enactment"), "chair": N_("Chair's name"),
          "attestation_name": N_("Official attesting the copy"), "plan": N_("Action plan"), "file": N_("File name")}


def labels() -> dict[str, str]:
    """The fields' labels in the current language."""
    return {name: translate(label) for name, label in LABELS.items()}


REQUIRED = ("office_kind", "office_name", "year", "number", "date", "chair", "attestation_name")
# Where the task's problems go: the field (or parameter) a problem names, as the form's field.
_FIELD_OF = {"office": "office_name", "year": "year", "number": "number", "date": "date", "province": "province",
             "seat": "seat", "plan": "plan", "output": "file", "officials": "chair"}
_PLAN_NEW = ""  # the plan choice "a new skeleton", as `new` without --plan


@dataclass
class NewForm:
    """The form's values as typed, and the problems found, by field ('' for those of no one field)."""

    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def blank(cls, today: dt.date) -> NewForm:
        return cls({"office_kind": "Kabupaten", "year": str(today.year), "plan": _PLAN_NEW})

    @classmethod
    def read(cls, form: Mapping[str, object]) -> NewForm:
        return cls({name: str(form.get(name, "") or "").strip() for name in FIELDS})

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


@dataclass(frozen=True)
class NewDecree:
    """A decree `new` wrote: the spec's name in the workspace and every file written."""

    name: str
    files: tuple[Path, ...]
    missing: tuple[str, ...]


def default_file(kind: str, name: str, year: str) -> str:
    """The spec's file name, as the examples are named: 'kab-kendal-2026.yaml'."""
    return f"{_SHORT.get(kind, 'kpu')}-{safe_name(name, 60)}-{year}.yaml"


def _date(text: str) -> dt.date:
    from zi_decree.loading.offices import parse_date

    return parse_date(text)


def create(form: NewForm, root: Path, plans: list[str]) -> NewDecree | None:
    """Write the spec (and plan skeleton) the form describes into the workspace `root`, as `zi-decree new` does;
    None, with the problems in `form.errors`, when it cannot."""
    v = form.values
    for name in REQUIRED:
        if not v.get(name):
            form.error(name, _("Required."))
    if v.get("office_kind") and v["office_kind"] not in KINDS:
        form.error("office_kind", _("Choose Kabupaten, Kota or Provinsi."))
    year = None
    if v.get("year"):
        if v["year"].isdigit() and 2000 <= int(v["year"]) <= 2100:
            year = int(v["year"])
        else:
            form.error("year", _("Write the year with four digits, e.g. 2026."))
    date = None
    if v.get("date"):
        try:
            date = _date(v["date"])
        except ValueError:
            form.error("date", _("Write the date as 2026-01-20 or 20 Januari 2026."))
    if v.get("plan") and v["plan"] not in plans:
        form.error("plan", _("Choose an action plan from the list."))
    file = v.get("file") or (default_file(v["office_kind"], v["office_name"], v["year"])
                             if v.get("office_name") and year else "")
    if file and (not file.endswith((".yaml", ".yml")) or file.endswith((".plan.yaml", ".plan.yml"))
                 or "/" in file or "\\" in file or file.startswith(".") or "\x00" in file):
        form.error("file", _("The file name ends in .yaml (not .plan.yaml), without a folder, e.g. "
                             "kab-kendal-2026.yaml."))
    if file and not form.errors:
        # As `new` without --force: nothing is replaced; said here in the form's words.
        skeleton = file.removesuffix(".yaml").removesuffix(".yml") + ".plan.yaml"
        for taken in (file, *(() if v.get("plan") else (skeleton,))):
            if os.path.lexists(root / taken):
                form.error("file", _("The file {file} is already in this folder; write another file name (nothing "
                                     "is replaced).").format(file=taken))
    if form.errors or year is None:
        return None
    number: int | str = int(v["number"]) if v["number"].isdigit() else v["number"]
    try:
        result: NewSpec = new_spec(
            root / file, f"{v['office_kind']} {v['office_name']}", year, number=number, date=date,
            province=v.get("province") or None, seat=v.get("seat") or None,
            officials=Officials(chair=v["chair"], attestation_name=v["attestation_name"]),
            plan=(root / v["plan"]) if v.get("plan") else None)
    except ZiDecreeError as exc:
        for problem in exc.problems:
            form.error(_field(problem, root / file), _message(problem))
        return None
    return NewDecree(file, result.files, result.missing)


def _field(problem: Problem, output: Path) -> str:
    where = problem.location
    if where.file is not None:
        return "file" if Path(where.file) == output else ""
    name = (where.field or "").split(".")[0].split("[")[0]
    return _FIELD_OF.get(name, "")


def _message(problem: Problem) -> str:
    if problem.location.file is not None and problem.location.field is None:
        return f"{Path(problem.location.file).name}: {problem.message}"
    return problem.message
