"""Load: a workbook's zip and sheet XML checked as a stream, with limits, before openpyxl reads and expands it.

openpyxl makes an object of every cell, of every cell a merged range or a hyperlink covers, and of every shared
text, and fails on a damaged value with a message that names no cell. What it would make is counted here first,
from the XML, so that a damaged or hostile file costs a refusal naming its sheet, row and column, not minutes
and gigabytes."""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS, XLSM, XLSX, XLTM, XLTX

from zi_decree.codes import Code
from zi_decree.errors import Location, Problem, SpecError
from zi_decree.i18n import _, translate

__all__ = ["MAX_CELLS", "MAX_ELEMENTS", "MAX_PART_BYTES", "MAX_TOTAL_BYTES", "Limits", "check_workbook"]

MAX_PART_BYTES = 64 * 2**20  # an uncompressed part larger than this is not a plan's (or is a zip bomb)
MAX_TOTAL_BYTES = 128 * 2**20  # all parts together
MAX_META_BYTES = 4 * 2**20  # the manifest, the workbook part and relationships: a few KiB in any real workbook
# Cells (and rows) in all the sheets, cells covered by merged ranges, hyperlinks and comments, and shared texts:
# each is an object openpyxl makes (a 5,000-row plan with 20 columns has 100,000 cells; 150,000 load in seconds).
MAX_CELLS = 150_000
MAX_ELEMENTS = 1_000_000  # XML elements in the sheets, comments and shared texts (a cell is two or three)
MAX_LISTED = 20  # damaged cells listed before the check stops
SHEET_ROWS, SHEET_COLUMNS = 1_048_576, 16_384  # Excel's own bounds
_CHUNK = 1 << 20
_STYLES = "xl/styles.xml"
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\Z")
_COLUMNS: dict[str, int] = {}  # 'AB' -> 28: the letters of a sheet's columns, met again on every row
_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Limits:
    """What one kind of workbook may hold in the sheet that is read, and how to tell staff so."""

    rows: int
    columns: int
    # The texts are marked with N_ (made at import), translated when said.
    rule: str  # "a plan has at most {rows} rows and {columns} columns"
    fix: str  # "delete the cells far below or right of the plan"
    kind: str  # "a plan workbook"
    rule_rows: int | None = None  # the rows the rule names, when not `rows` (a header above them)

    def said(self) -> str:
        """The rule in the current language, its numbers filled in."""
        return translate(self.rule).format(rows=self.rule_rows or self.rows, columns=self.columns)


@dataclass(frozen=True)
class _Worksheet:
    title: str
    part: str  # its zip member


class _Refused(Exception):
    """Stops a scan: the problems are the scan's."""


def _short(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "..."


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{-(-n // 1024)} KiB"


def _local(name: str) -> str:
    """An element's name without its prefix (streamed: 'x:c') or namespace (parsed whole: '{...}c')."""
    return name.rpartition("}")[2].rpartition(":")[2]


def check_workbook(source: Path | IO[bytes], file: str, limits: Limits,
                   choose: Callable[[list[str]], str | None], *, read_only: bool) -> str | None:
    """Refuse (SpecError, each problem located) a file that is not an .xlsx workbook, is damaged, or would cost
    openpyxl more than a plan's size; return the title of the sheet `choose` picks from the worksheets' titles
    (None when it picks none), which must keep within `limits`.

    `read_only`: openpyxl will read it as `load_workbook(read_only=True, data_only=True)` does (formulas' cached
    values, cells streamed, no styles bound), else as `load_workbook(data_only=False)` (formulas as text)."""
    if isinstance(source, Path):
        with open(source, "rb") as handle:
            head = handle.read(8)
    else:
        source.seek(0)
        head = source.read(8)
        source.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(file, _("is an old-style .xls workbook or a password-protected one; open it in Excel and save "
                              "it as 'Excel Workbook (*.xlsx)' without a password"), code="wrong-file-kind")
    if not zipfile.is_zipfile(source):
        raise _refuse(file, _("is not an Excel workbook (an .xlsx file is a zip archive); save it from Excel as "
                              "'Excel Workbook (*.xlsx)'"), code="wrong-file-kind")
    try:
        with zipfile.ZipFile(source) as archive:
            return _Check(archive, file, limits, read_only).run(choose)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # A damaged archive, an unknown compression, or an encrypted part (zipfile's RuntimeError).
        raise _refuse(file, _("is a damaged zip archive ({short}); save it from Excel again").format(
                              short=_short(str(exc), 80))) from None


def _refuse(file: str, message: str, where: Location | None = None, *,
            code: Code = "workbook-damaged") -> SpecError:
    return SpecError([Problem(message, where or Location(file), code=code)])


class _Check:
    """One workbook's checks: its parts, its sheets and shared texts as the openpyxl reader would find them."""

    def __init__(self, archive: zipfile.ZipFile, file: str, limits: Limits, read_only: bool):
        self.archive, self.file, self.limits, self.read_only = archive, file, limits, read_only
        self.names = set(archive.namelist())
        self.styles = 1  # cell formats: openpyxl's one default when the workbook has none
        self._in_formats = False
        self.cells = 0  # cells and rows of every sheet, cells under merged ranges, hyperlinks and comments
        self.elements = 0
        self.strings = 0
        self.problems: list[Problem] = []

    # -- the package

    def run(self, choose: Callable[[list[str]], str | None]) -> str | None:
        total = 0
        for info in self.archive.infolist():
            if info.file_size > MAX_PART_BYTES:
                raise _refuse(self.file, _("holds a part ({short}) of {size} uncompressed; {kind} is far smaller (at "
                                           "most {size2} per part), so it is not read").format(
                                               short=_short(info.filename), size=_size(info.file_size),
                                                   kind=translate(self.limits.kind), size2=_size(MAX_PART_BYTES)),
                                                       code="file-too-large")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(self.file, _("holds {size} uncompressed; {kind} is far smaller (at most {size2}), so it is "
                                       "not read").format(size=_size(total), kind=translate(self.limits.kind),
                                           size2=_size(MAX_TOTAL_BYTES)), code="file-too-large")
        if "[Content_Types].xml" not in self.names:
            missing = "xl/workbook.xml" if "xl/workbook.xml" not in self.names else "[Content_Types].xml"
            raise _refuse(self.file, _("is a zip archive but not an Excel workbook (no {missing}); save it from Excel "
                                       "as 'Excel Workbook (*.xlsx)'").format(missing=missing), code="wrong-file-kind")
        book, strings = self._manifest()
        sheets = self._sheets(book)
        chosen = choose([s.title for s in sheets])
        done = set()
        if _STYLES in self.names:  # openpyxl reads the formats from this name, whatever the manifest says
            self._scan(_STYLES, None, self._styles_start, self._styles_end)
            done.add(_STYLES)
        if strings is not None:
            self._scan(strings, None, self._strings_start)
            done.add(strings)
        for sheet in sheets:
            scan = _SheetScan(self, sheet.title, self.limits if sheet.title == chosen else None)
            self._scan(sheet.part, scan.begin, scan.start, scan.end)
            done.add(sheet.part)
            for part in self._comments(sheet.part):
                self._scan(part, None, _CommentScan(self, sheet.title).start)
                done.add(part)
        # Every other part that is XML (charts, drawings, pivot caches, links...): openpyxl may parse it whole.
        for info in self.archive.infolist():
            if info.filename not in done and self._is_xml(info.filename):
                self._scan(info.filename, None, self._other_start)
        if self.problems:
            raise SpecError(self.problems)
        return chosen

    def _is_xml(self, name: str) -> bool:
        with self.archive.open(name) as stream:
            head = stream.read(64)
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")

    def _xml(self, name: str) -> ElementTree.Element:
        """A small part (manifest, workbook, relationships), parsed whole."""
        if self.archive.getinfo(name).file_size > MAX_META_BYTES:
            raise _refuse(self.file, _("holds a part ({short}) far larger than a workbook's (more than {value} MiB); "
                                       "save it from Excel again").format(short=_short(name),
                                           value=MAX_META_BYTES // 2**20), code="file-too-large")
        data = self.archive.read(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise _refuse(self.file, _("holds a part ({short}) with a DOCTYPE, which Excel never writes; save it from "
                                       "Excel again").format(short=_short(name)))
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError as exc:
            raise _refuse(self.file, _("is damaged: its part {short} is not well-formed XML ({exc}); save it from "
                                       "Excel again").format(short=_short(name), exc=exc)) from None

    def _manifest(self) -> tuple[str, str | None]:
        """The workbook part and the shared-strings part, found as openpyxl finds them."""
        root = self._xml("[Content_Types].xml")
        overrides = [(el.get("ContentType"), el.get("PartName") or "") for el in root if _local(el.tag) == "Override"]
        defaults = {el.get("ContentType") for el in root if _local(el.tag) == "Default"}
        book = next((name[1:] for kind in (XLTM, XLTX, XLSM, XLSX) for ct, name in overrides if ct == kind), None)
        if book is None and defaults & {XLTM, XLTX, XLSM, XLSX}:
            book = "xl/workbook.xml"
        if book is None or book not in self.names:
            raise _refuse(self.file, _("is a zip archive but not an Excel workbook (no {value}); save it from Excel "
                                       "as 'Excel Workbook (*.xlsx)'").format(value=book or 'xl/workbook.xml'),
                                           code="wrong-file-kind")
        strings = next((name[1:] for ct, name in overrides if ct == SHARED_STRINGS), None)
        if strings is not None and strings not in self.names:
            raise self._damaged(_("its shared texts ({short}) are missing").format(short=_short(strings)))
        return book, strings

    def _relations(self, part: str) -> dict[str, tuple[str, str]] | None:
        """Id -> (type, target) of a part's relationships, targets as zip members (as openpyxl resolves them)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self.names:
            return None
        found = {}
        for el in self._xml(rels):
            if _local(el.tag) != "Relationship" or el.get("TargetMode") == "External":
                continue
            target = el.get("Target") or ""
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[el.get("Id") or ""] = (el.get("Type") or "", target)
        return found

    def _sheets(self, book: str) -> list[_Worksheet]:
        rels = self._relations(book)
        if rels is None:
            raise self._damaged(_("its list of parts ({short}'s relationships) is missing").format(short=_short(book)))
        out = []
        for el in self._xml(book).iter():
            if _local(el.tag) != "sheet" or not el.get(_RELS):
                continue  # openpyxl skips a sheet without a relationship id
            title = el.get("name") or ""
            rel = rels.get(el.get(_RELS) or "")
            if rel is None:
                raise self._damaged(_("the workbook lists a sheet whose part it does not name"), title)
            kind, target = rel
            if "chartsheet" in kind:
                continue  # a chart: openpyxl reads no cells from it
            if target not in self.names:
                raise self._damaged(_("the workbook lists this sheet but its content ({short}) is missing").format(
                                      short=_short(target)),
                                    title)
            out.append(_Worksheet(title, target))
        return out

    def _comments(self, sheet_part: str) -> list[str]:
        rels = self._relations(sheet_part) or {}
        return sorted(target for kind, target in rels.values() if kind.endswith("/comments") and target in self.names)

    def _damaged(self, what: str, sheet: str | None = None) -> SpecError:
        where = Location(self.file, sheet=sheet) if sheet is not None else Location(self.file)
        return _refuse(self.file, _("is damaged: {what}; save it from Excel again").format(what=what), where)

    # -- the streamed parts

    def _scan(self, part: str, begin: Callable[[Any], None] | None, start: Callable[[str, dict[str, str]], None],
              end: Callable[[str], None] | None = None) -> None:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def doctype(*_args: Any) -> None:
            raise _refuse(self.file, _("holds a part ({short}) with a DOCTYPE, which Excel never writes; save it from "
                                       "Excel again").format(short=_short(part)))

        parser.StartDoctypeDeclHandler = doctype
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if begin is not None:
            begin(parser)
        try:
            with self.archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _refuse(self.file, _("is damaged: its part {short} is not well-formed XML ({exc}); save it from "
                                       "Excel again").format(short=_short(part), exc=exc)) from None
        except _Refused:
            raise SpecError(self.problems) from None

    def count(self, where: Callable[[], Location], cells: int = 1) -> None:
        """Count cells openpyxl would make; refuse past the limit (`where`: the place, made only then)."""
        self.cells += cells
        if self.cells > MAX_CELLS:
            self.refuse(_("the workbook has more than {max_cells} cells (counting rows, and the cells of merged "
                          "ranges) up to here; {kind} has far fewer, so it is not read (delete what is not needed, or "
                          "copy the table alone to a new workbook)").format(max_cells=MAX_CELLS,
                              kind=translate(self.limits.kind)), where())

    def element(self, where: Callable[[], Location]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            self.refuse(_("the workbook has more than {max_elements} XML elements up to here; {kind} has far fewer, "
                          "so it is not read").format(max_elements=MAX_ELEMENTS, kind=translate(self.limits.kind)),
                        where())

    def refuse(self, message: str, where: Location) -> None:
        """Refuse a workbook too large to read (cells, elements, shared texts beyond any plan's)."""
        self.problems.append(Problem(message, where, code="file-too-large"))
        raise _Refused

    def damaged_cell(self, message: str, where: Location) -> None:
        self.problems.append(Problem(message, where, code="workbook-damaged"))
        if len(self.problems) >= MAX_LISTED:
            self.problems.append(Problem(_("more damaged cells may follow; the first {max_listed} are listed").format(
                                           max_listed=MAX_LISTED),
                                         Location(self.file, sheet=where.sheet), code="workbook-damaged"))
            raise _Refused

    def _other_start(self, name: str, attrs: dict[str, str]) -> None:
        self.element(lambda: Location(self.file))

    def _styles_start(self, name: str, attrs: dict[str, str]) -> None:
        self.element(lambda: Location(self.file))
        local = _local(name)
        if local == "cellXfs":
            self._in_formats, self.styles = True, 0
        elif local == "xf" and self._in_formats:
            self.styles += 1

    def _styles_end(self, name: str) -> None:
        if _local(name) == "cellXfs":
            self._in_formats = False
            self.styles = self.styles or 1  # none listed: openpyxl keeps its default

    def _strings_start(self, name: str, attrs: dict[str, str]) -> None:
        self.element(lambda: Location(self.file))
        if _local(name) == "si":
            self.strings += 1
            if self.strings > MAX_CELLS:
                self.refuse(_("holds more than {max_cells} shared texts; {kind} has far fewer, so it is not read")
                              .format(max_cells=MAX_CELLS, kind=translate(self.limits.kind)), Location(self.file))


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min_row, min_col, max_row, max_col) of 'A1' or 'A1:C3' within Excel's bounds, else None."""
    first, _skip, last = ref.partition(":")
    a, b = _cell(first), _cell(last or first)
    if a is None or b is None or a[0] > b[0] or a[1] > b[1]:
        return None
    return a[0], a[1], b[0], b[1]


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of 'B7' (or '$B$7') within Excel's bounds, else None."""
    m = _REF.match(ref)
    if m is None:
        return None
    letters, digits = m.groups()
    col = _COLUMNS.get(letters)
    if col is None:
        col = _COLUMNS[letters] = column_index_from_string(letters.upper())
    row = int(digits)
    if not (1 <= row <= SHEET_ROWS and col <= SHEET_COLUMNS):
        return None
    return row, col


class _SheetScan:
    """One worksheet's XML: rows, cells and their values, the used range, merged ranges, hyperlinks."""

    def __init__(self, check: _Check, title: str, limits: Limits | None):
        self.check, self.title, self.limits = check, title, limits
        self.row, self.col = 0, 0
        self.cell_row, self.type, self.formula = 0, "n", False
        self.parser: Any = None
        self.text: list[str] = []

    def begin(self, parser: Any) -> None:
        self.parser = parser

    def where(self, row: int | None = None, col: int | None = None) -> Location:
        row = self.row if row is None else row
        return Location(self.check.file, row or None, get_column_letter(col) if col else None, None, self.title)

    def beyond(self, what: str, row: int, col: int) -> None:
        assert self.limits is not None
        self.check.refuse(_("{what}; {rule}, so it is not read ({fix})").format(what=what, rule=self.limits.said(),
                            fix=translate(self.limits.fix)),
                          self.where(min(row, SHEET_ROWS), min(col, SHEET_COLUMNS)))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.check.element(self.where)
        local = name.rpartition(":")[2]
        if local == "c":
            self.cell(attrs)
        elif local == "v":
            self.text = []
            self.parser.CharacterDataHandler = self.text.append
        elif local == "f":
            self.formula = True
        elif local == "row":
            self.new_row(attrs)
        elif local == "col":
            first = attrs.get("min", "")
            column = int(first) if first.isdigit() and 1 <= int(first) <= SHEET_COLUMNS else None
            self.format(attrs.get("style"), self.where(0, column))
        elif local == "dimension":
            self.dimension(attrs.get("ref", ""))
        elif local in ("mergeCell", "hyperlink"):
            self.span(local, attrs.get("ref", ""))

    def end(self, name: str) -> None:
        if name == "v" or name.endswith(":v"):
            self.parser.CharacterDataHandler = None
            self.cell_value("".join(self.text))

    def new_row(self, attrs: dict[str, str]) -> None:
        given = attrs.get("r")
        if given is None:
            row = self.row + 1
        else:
            try:
                number = float(given)
            except ValueError:
                number = 0.5
            if not number.is_integer() or not 1 <= number <= SHEET_ROWS:
                self.check.refuse(_("is damaged: a row is numbered {short!r}; save it from Excel again").format(
                                    short=_short(given)),
                                  self.where())
            row = int(number)
        self.row, self.col = row, 0
        self.check.count(self.where)
        if "s" in attrs:
            self.format(attrs["s"], self.where())
        if self.limits is not None and row > self.limits.rows:
            self.beyond(_("the sheet has a row {row}").format(row=row), row, 1)

    def cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref:
            found = _cell(ref)
            if found is None:
                self.check.refuse(_("is damaged: a cell is named {short!r}, which is not a cell; save it from Excel "
                                    "again").format(short=_short(ref)), self.where())
                return
            row, self.col = found
        else:
            row, self.col = self.row, self.col + 1
        self.check.count(lambda: self.where(row, self.col))
        if self.limits is not None and (row > self.limits.rows or self.col > self.limits.columns):
            self.beyond(_("the sheet has a cell in row {row}, column {get_column_letter}").format(row=row,
                          get_column_letter=get_column_letter(self.col)), row, self.col)
        self.cell_row = row
        self.type, self.formula = attrs.get("t", "n"), False
        if "s" in attrs:
            self.format(attrs["s"], self.where(row, self.col))

    def format(self, style: str | None, where: Location) -> None:
        """A cell's, row's or column's format: a number openpyxl looks up in the workbook's list of formats."""
        if not style:
            return
        try:
            number = int(style)
        except ValueError:
            number = -1
        if number < 0 or (not self.check.read_only and number >= self.check.styles):
            self.check.damaged_cell(_("the format numbered {short!r} here is not in the workbook's list of formats "
                                      "(the file is damaged); clear the format (Home > Clear > Clear Formats)").format(
                                          short=_short(style)),
                                    where)

    def cell_value(self, value: str) -> None:
        """The checks openpyxl's reader makes of a value as it converts it, with the cell named."""
        kind = self.type
        if not value or kind == "inlineStr" or (self.formula and not self.check.read_only):
            return
        where = self.where(self.cell_row, self.col)
        excerpt = _short(value)
        if kind == "n":
            try:
                number = float(value) if "." in value or "E" in value or "e" in value else int(value)
            except ValueError:
                self.check.damaged_cell(_("the cell is marked as a number but holds {excerpt!r} (a formula's text "
                                          "result saved as a number?); type the value itself (Paste Special > Values)")
                                              .format(excerpt=excerpt),
                                        where)
                return
            if isinstance(number, float) and not math.isfinite(number):
                self.check.damaged_cell(_("the cell holds the number {excerpt!r}, which no spreadsheet can; type the "
                                          "value again").format(excerpt=excerpt), where)
        elif kind == "s":
            if not (value.strip().isdigit() and int(value) < self.check.strings):
                self.check.damaged_cell(_("the cell is damaged: it points at shared text {excerpt!r}, which the "
                                          "workbook does not have; type the value again").format(excerpt=excerpt),
                                              where)
        elif kind == "b":
            try:
                int(value)
            except ValueError:
                self.check.damaged_cell(_("the cell is marked as TRUE/FALSE but holds {excerpt!r}; type the value "
                                          "again").format(excerpt=excerpt), where)
        elif kind == "d":
            try:
                from_ISO8601(value)  # type: ignore[no-untyped-call]  # the stubs leave it untyped
            except (ValueError, TypeError, OverflowError):
                self.check.damaged_cell(_("the cell is marked as a date but holds {excerpt!r}; type the date again")
                                          .format(excerpt=excerpt),
                                        where)

    def dimension(self, ref: str) -> None:
        """The used range the file records. Its rows are refused past the limit, at once; its columns are not:
        LibreOffice records 1,024 (A1:AMJ12) for a sheet of six, and only cells are counted against them."""
        rows = _declared_rows(ref)
        if rows is None:
            self.check.refuse(_("is damaged: the sheet's used range is {short!r}, which is not a range of cells; save "
                                "it from Excel again").format(short=_short(ref)), self.where())
        elif self.limits is not None and rows > self.limits.rows:
            self.beyond(_("the sheet's used range, as the file records it, is {short} ({rows} rows)").format(
                          short=_short(ref), rows=rows), rows, 1)

    def span(self, kind: str, ref: str) -> None:
        found = _bounds(ref)
        what = _("merged range") if kind == "mergeCell" else _("hyperlink")
        if found is None:
            self.check.refuse(_("is damaged: a {what} covers {short!r}, which is not a range of cells; save it from "
                                "Excel again").format(what=what, short=_short(ref)), self.where())
            return
        top, left, bottom, right = found
        cells = (bottom - top + 1) * (right - left + 1)
        if self.limits is not None and (bottom > self.limits.rows or right > self.limits.columns):
            said = (_("cells {ref} are merged, reaching row {bottom}, column {column}") if kind == "mergeCell"
                    else _("cells {ref} are one hyperlink, reaching row {bottom}, column {column}"))
            self.beyond(said.format(ref=ref, bottom=bottom, column=get_column_letter(right)), top, left)
        if cells > 1:
            self.check.count(lambda: self.where(top, left), cells)


def _declared_rows(ref: str) -> int | None:
    """The last row of a used range: 'A1:F12' or 'A1' (Excel), '1:12' (LibreOffice, whole rows); 0 for whole
    columns ('A:F', no rows said); None when it is none of these."""
    found = _bounds(ref)
    if found is not None:
        return found[2]
    first, sep, last = ref.replace("$", "").partition(":")
    if sep and first.isdigit() and last.isdigit() and first.isascii() and last.isascii():
        return int(last) if 1 <= int(first) <= int(last) <= SHEET_ROWS else None
    if sep and _cell(first + "1") is not None and _cell(last + "1") is not None:
        return 0
    return None


class _CommentScan:
    """A sheet's comments: openpyxl makes the cell each names (every cell of a range it names)."""

    def __init__(self, check: _Check, title: str):
        self.check, self.title = check, title

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.check.element(lambda: Location(self.check.file, sheet=self.title))
        if _local(name) != "comment":
            return
        ref = attrs.get("ref", "")
        found = _bounds(ref)
        if found is None:
            self.check.refuse(_("is damaged: a comment is on {short!r}, which is not a cell; save it from Excel again")
                                .format(short=_short(ref)), Location(self.check.file, sheet=self.title))
            return
        top, left, bottom, right = found
        self.check.count(lambda: Location(self.check.file, top, get_column_letter(left), None, self.title),
                         (bottom - top + 1) * (right - left + 1))
