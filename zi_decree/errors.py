"""The one exception family: every problem a user can cause, with where it is and what is expected."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zi_decree.codes import Code
from zi_decree.i18n import _

__all__ = ["ArgumentError", "CatalogueError", "Code", "Location", "Note", "Problem", "SpecError", "ZiDecreeError",
           "excerpt"]

EXCERPT = 60  # characters of user text a message quotes


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """User text as a message quotes it: in quotes, control characters escaped, and at most `limit` characters
    of it, a longer text cut and its length said (a message quoting a whole 24 KB value is no message)."""
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    shown = repr(text[:limit])
    return _("{shown}...{shown2} ({count} characters)").format(shown=shown[:-1], shown2=shown[-1], count=len(text))


LONGEST_PATH = 300  # characters of a file's path a location shows


def _file_name(path: str) -> str:
    # A path given by the user may be thousands of characters long (and name no file): its start and its end.
    if len(path) <= LONGEST_PATH:
        return path
    return _("{path}...{path2} ({count} characters)").format(path=path[:100], path2=path[-100:], count=len(path))


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file and line/column (1-based), and the field path inside the spec.

    In a spreadsheet, `sheet` is the sheet's name, `line` the row and `column` the column's letter.
    """

    file: str | None = None
    line: int | None = None
    column: int | str | None = None
    field: str | None = None
    sheet: str | None = None

    def at(self, field: str | None) -> Location:
        """The same place in the file, named by the field path it holds."""
        return replace(self, field=field)

    def __str__(self) -> str:
        if self.file is None and self.sheet is None and self.line is None and self.field:
            return self.field  # no file: an argument of a call, or an option of a command
        where = _file_name(self.file) if self.file else "<spec>"
        if self.sheet is not None:
            where += _(", sheet {sheet!r}").format(sheet=self.sheet)
            if self.line is not None:
                where += _(", row {row}").format(row=self.line)
            if self.column is not None:
                where += _(", column {column}").format(column=self.column)
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.field:
            where += f": {self.field}"
        return where


@dataclass(frozen=True)
class Problem:
    """One problem (an error or a warning), its location, and its stable code (zi_decree/codes.py lists them all;
    a type checker refuses a problem made without one, or with a code not listed).

    `accepted` is the reason a spec gave for accepting this warning (its `accepted:` list), else None.
    """

    message: str
    location: Location = Location()
    severity: str = "error"
    code: Code = field(kw_only=True)
    accepted: str | None = field(default=None, kw_only=True)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    @property
    def heading(self) -> str:
        """How a command line starts the problem's line: its severity and code, as `warning[spelling]`."""
        return f"{self.severity}[{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        """For tools (`check --json`): severity, code, message and the location's parts (None where unknown), and
        the reason when the warning is accepted."""
        loc = self.location
        entry = {"severity": self.severity, "code": self.code, "message": self.message, "file": loc.file,
                 "sheet": loc.sheet, "line": loc.line, "column": loc.column, "field": loc.field}
        if self.accepted is not None:
            entry["accepted"] = self.accepted
        return entry


class Note(str):
    """A message with its code, from a step that does not know where its text came from (a schedule phrase, a
    citation): the caller places it, as Problem(note, where, "warning", code=note.code)."""

    code: Code

    def __new__(cls, code: Code, text: str) -> Note:
        note = super().__new__(cls, text)
        note.code = code
        return note


class ZiDecreeError(Exception):
    """Base of every error zi-decree raises on purpose; it carries the problems found, each located."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SpecError(ZiDecreeError):
    """A spec file (or a plan file it points to) is not a valid decree description."""


class CatalogueError(ZiDecreeError):
    """The legal-basis catalogue is inconsistent, or an instrument cannot be resolved."""


class ArgumentError(ZiDecreeError, ValueError):
    """A public function was given an argument it does not take; each problem's field is the parameter's name.

    It is a ValueError too, as Python's own functions raise for a wrong value.
    """
