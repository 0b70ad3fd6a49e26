"""Load: a table of offices (CSV, XLSX or YAML) for batch runs, each value with its sheet, row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_decree.base.indonesian import month_number
from zi_decree.base.yaml import decode_text, read_yaml
from zi_decree.errors import Location, Problem, SpecError, excerpt
from zi_decree.i18n import N_, _, ngettext
from zi_decree.loading.guards import Limits, check_workbook
from zi_decree.loading.spec import surrogate_problems
from zi_decree.model.schedule import excel_serial_date

__all__ = ["COLUMNS", "OfficeRow", "read_offices"]

# Column name -> the names staff may give it (compared without case, spaces, dots and underscores).
COLUMNS: dict[str, tuple[str, ...]] = {
    "office": ("office", "kantor", "kpu", "satker", "kabupatenkota", "kabkota", "wilayah"),
    "seat": ("seat", "tempat", "kedudukan", "tempatpenetapan", "ditetapkandi"),
    "province": ("province", "provinsi"),
    "number": ("number", "nomor", "nomorkeputusan", "nomorsk"),
    "date": ("date", "tanggal", "tanggalpenetapan"),
    "chair": ("chair", "ketua", "namaketua", "signatory", "penandatangan"),
    "chair_position": ("chairposition", "jabatanpenandatangan", "signatoryposition"),
    "attestation_name": ("attestationname", "attestation", "pengesah", "namapengesah", "salinan",
                         "namapejabatsalinan"),
    "attestation_position": ("attestationposition", "jabatanpengesah", "jabatanpejabatsalinan"),
    "attestation_nip": ("attestationnip", "nip", "nippengesah"),
}
REQUIRED = ("office", "number", "date", "chair", "attestation_name")
MAX_ROWS = 10_000  # Indonesia has 514 regencies and cities; more rows than this is not an offices table
MAX_COLUMNS = 60
LIMITS = Limits(MAX_ROWS + 1, MAX_COLUMNS, N_("an offices table has at most {rows} rows of offices under its header "
                                               "and {columns} columns"),
                N_("delete the cells far below or right of the table"), N_("an offices table"), rule_rows=MAX_ROWS)


@dataclass(frozen=True)
class OfficeRow:
    """One office's row: its values by column name, where each came from, and where the row is."""

    values: dict[str, Any]
    cells: dict[str, Location]
    where: Location

    @property
    def label(self) -> str:
        return str(self.values.get("office") or self.where)


def _key(name: Any) -> str:
    return re.sub(r"[\s._\-/]+", "", str(name or "")).lower()


_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


def _header(names: list[Any], where: Location) -> tuple[dict[int, str], list[Problem]]:
    columns: dict[int, str] = {}
    problems = []
    for i, name in enumerate(names):
        if name is None or str(name).strip() == "":
            continue
        column = _ALIASES.get(_key(name))
        if column is None:
            problems.append(Problem(_("unknown column {name}; the columns are {names}").format(name=excerpt(name),
                                      names=', '.join(COLUMNS)),
                                    _cell(where, i, _name(name)), code="unknown-field"))
        elif column in columns.values():
            problems.append(Problem(_("column {column!r} appears twice").format(column=column), _cell(where, i,
                                      _name(name)),
                                    code="unknown-field"))
        else:
            columns[i] = column
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        problems.append(Problem(ngettext("missing column {names} (required: {required})",
                                         "missing columns {names} (required: {required})", len(missing)).format(
                                    names=', '.join(missing), required=', '.join(REQUIRED)), where,
                                code="missing-field"))
    return columns, problems


def _name(name: Any) -> str:
    """A column's name as a location names its cells: as written, spaces collapsed, at most 40 characters."""
    text = " ".join(str(name).split())
    return text if len(text) <= 40 else text[:40] + "..."


def _cell(row: Location, index: int, name: str) -> Location:
    if row.sheet is not None:
        from openpyxl.utils import get_column_letter  # only for a workbook, which openpyxl has read

        return Location(row.file, row.line, get_column_letter(index + 1), name, row.sheet)
    return Location(row.file, row.line, index + 1, name)


def read_offices(path: Path | str) -> list[OfficeRow]:
    """Read an offices table; a problem with the file or its header raises SpecError (rows are checked later)."""
    path = Path(path)
    if not path.is_file():
        raise SpecError([Problem(_("offices table not found (a .csv, .xlsx or .yaml file is expected)"),
                                 Location(str(path)), code="file-not-found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx(path)
    elif suffix in (".yaml", ".yml"):
        rows = _yaml(path)
    else:
        raise SpecError([Problem(_("cannot read {value} as an offices table; use .csv, .xlsx or .yaml").format(
                                   value=suffix or _("a file without extension")), Location(str(path)),
                                       code="wrong-file-kind")])
    if not rows:
        raise SpecError([Problem(_("the offices table has no rows"), Location(str(path)), code="missing-field")])
    return rows


def _rows(header: list[Any], body: list[tuple[Location, list[Any]]], header_at: Location) -> list[OfficeRow]:
    columns, problems = _header(header, header_at)
    if problems:
        raise SpecError(problems)
    if len(body) > MAX_ROWS:
        raise SpecError([Problem(_("has {count} rows; an offices table has at most {max_rows}").format(count=len(body),
                                   max_rows=MAX_ROWS), header_at,
                                 code="file-too-large")])
    out = []
    for where, cells in body:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # blank rows between groups of offices
        values = {}
        locations = {}
        for i, column in columns.items():
            value = cells[i] if i < len(cells) else None
            if isinstance(value, str):
                value = " ".join(value.split()) or None
            values[column] = value
            locations[column] = _cell(where, i, _name(header[i]))  # named as the staff named it
        out.append(OfficeRow(values, locations, where))
    return out


def _csv(path: Path) -> list[OfficeRow]:
    text = decode_text(path.read_bytes(), str(path), "CSV UTF-8").removeprefix("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        # An unterminated quote would otherwise swallow every later row into one cell.
        raise SpecError([Problem(_("CSV: {exc} (an unclosed quote mark?); every row must be complete").format(exc=exc),
                                 Location(str(path), reader.line_num), code="csv-syntax")]) from None
    if not records:
        raise SpecError([Problem(_("the offices table is empty"), Location(str(path)), code="missing-field")])
    body = [(Location(str(path), n), row) for n, row in enumerate(records[1:], 2)]
    return _rows(records[0], body, Location(str(path), 1))


def _xlsx(path: Path) -> list[OfficeRow]:
    file = str(path)
    # The first worksheet is the table; the guards check it against the table's limits before openpyxl reads it.
    title = check_workbook(path, file, LIMITS, lambda titles: titles[0] if titles else None, read_only=True)
    if title is None:
        raise SpecError([Problem(_("has no worksheet; the offices table is the workbook's first sheet"),
                                 Location(file), code="workbook-layout")])
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise SpecError([Problem(_("cannot be read as a workbook ({name}: {exc}); save it again as .xlsx").format(
                                   name=type(exc).__name__, exc=str(exc)[:80]), Location(file),
                                       code="workbook-damaged")]) from None
    rows: list[list[Any]] = []
    try:
        sheet = book[title]
        # The rows and columns the file records are not trusted (LibreOffice records 1,024 columns; a hostile file,
        # a million rows): without them, the rows are read as they are, not padded out to that size.
        sheet.reset_dimensions()
        for n, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if n > MAX_ROWS + 1:
                raise SpecError([Problem(_("has more than {max_rows} rows; an offices table has at most {max_rows}")
                                           .format(max_rows=MAX_ROWS),
                                         Location(file, sheet=title), code="file-too-large")])
            rows.append(list(row))
    except SpecError:
        raise
    except Exception as exc:  # a damage the guards do not know: named at the row it was met in
        raise SpecError([Problem(_("cannot be read ({name}: {exc}); save it again as .xlsx").format(
                                   name=type(exc).__name__, exc=str(exc)[:80]),
                                 Location(file, len(rows) + 1, sheet=title), code="workbook-damaged")]) from None
    finally:
        book.close()
    if not rows:
        raise SpecError([Problem(_("the offices sheet is empty"), Location(file, sheet=title), code="missing-field")])
    body = [(Location(file, n, sheet=title), row) for n, row in enumerate(rows[1:], 2)]
    return _rows(rows[0], body, Location(file, 1, sheet=title))


def _yaml(path: Path) -> list[OfficeRow]:
    data, positions = read_yaml(path)
    surrogates = surrogate_problems(data, positions, str(path))
    if surrogates:  # an escape such as "\ud800": no character, and no summary or record could hold it
        raise SpecError(surrogates)
    items = data.get("offices") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise SpecError([Problem(_("an offices YAML file is a list of mappings (or 'offices:' with one), one per "
                                   "office"), Location(str(path), 1), code="wrong-structure")])
    prefix = ("offices",) if isinstance(data, dict) else ()
    out = []
    problems = []
    for n, item in enumerate(items):
        where = positions.get((*prefix, n), Location(str(path)))
        values, cells = {}, {}
        for key, value in item.items():
            column = _ALIASES.get(_key(key))
            at = positions.get((*prefix, n, key), where).at(_name(key))
            if column is None:
                problems.append(Problem(_("unknown field {key}; the fields are {names}").format(key=excerpt(key),
                                          names=', '.join(COLUMNS)), at,
                                        code="unknown-field"))
                continue
            values[column] = (" ".join(value.split()) or None) if isinstance(value, str) else value
            cells[column] = at
        out.append(OfficeRow(values, cells, where))
    if problems:
        raise SpecError(problems)
    return out


# --------------------------------------------------------------------------------------------- values

def parse_date(value: Any) -> dt.date:
    """A date cell: a real date, 2026-01-05, 05/01/2026 (day first, as Indonesia writes it) or 5 Januari 2026.

    The month in words may be spelt in any way a schedule may (5 Nopember 2025, 5 Agt 2025, 05-Nop-2025).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        # A date cell formatted as General shows Excel's serial number.
        return excel_serial_date(int(value))
    text = str(value).strip()
    parts = None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        parts = int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if m:
        parts = int(m.group(3)), int(m.group(2)), int(m.group(1))
    m = re.fullmatch(r"(\d{1,2})(?:\s+|\s*-\s*)([A-Za-z]+\.?)(?:\s+|\s*-\s*)(\d{4})", text)
    month = month_number(m.group(2)) if m else None
    if m and month is not None:
        parts = int(m.group(3)), month, int(m.group(1))
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            raise ValueError(_("{text} is not a date in the calendar").format(text=excerpt(text))) from None
    raise ValueError(_("expected a date such as 2026-01-05, 05/01/2026 or 5 Januari 2026, got {text}").format(
                       text=excerpt(text)))
