"""Load: a plan from an XLSX workbook as staff keep it, each problem at its sheet, row and column.

It reads merged cells, date cells and month-grid marks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from zi_decree.base.yaml import Positions
from zi_decree.codes import Code
from zi_decree.errors import EXCERPT, Location, Note, Problem, SpecError, excerpt
from zi_decree.i18n import N_, _
from zi_decree.loading.guards import Limits, check_workbook
from zi_decree.model.keputusan import LINE_LIMIT
from zi_decree.model.schedule import excel_serial_date, parse_schedule

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
from zi_decree.base.indonesian import month_name, month_number, schedule_phrase

__all__ = ["COLUMN_NAMES", "HEADING_FIELDS", "INSTRUCTIONS_SHEET", "LEVELS", "LIMITS", "LISTS_SHEET", "MARKS",
           "MAX_ROWS", "PLAN_SHEET", "SETTINGS", "SETTINGS_SHEET", "open_workbook", "plan_sheet", "read_plan_xlsx",
           "settings_cells", "split_cell"]

PLAN_SHEET = "Rencana Aksi"
SETTINGS_SHEET = "Pengaturan"
INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"  # hidden: what the drop-down lists offer

# Field -> the header the template writes (and problems name the column by).
COLUMN_NAMES = {"no": "NO", "area": "AREA PERUBAHAN", "component": "KOMPONEN", "indicator": "INDIKATOR",
                "step": "LANGKAH AKSI", "evidence": "BUKTI FISIK", "link": "LINK BUKTI FISIK",
                "schedule": "TARGET WAKTU", "grid": "PELAKSANAAN (BULAN)", "responsible": "PENANGGUNG JAWAB"}

# Field -> the header names staff give its column (compared without case, spaces and punctuation).
HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("no", "nomor", "nourut"),
    "area": ("areaperubahan", "area", "areapembangunan", "areapengungkit"),
    "component": ("komponen", "komponenpemenuhan", "komponenpengungkit"),
    "indicator": ("indikator", "indikatorpemenuhan"),
    "step": ("langkahaksi", "langkahaksikegiatan", "kegiatan", "rencanaaksi", "rencanakegiatan"),
    "evidence": ("buktifisik", "buktifisikoutput", "output", "outputbuktifisik", "buktidukung"),
    "link": ("linkbuktifisik", "link", "tautan", "tautanbuktifisik", "linkbuktidukung"),
    "schedule": ("targetwaktu", "waktu", "jadwal", "targetwaktupelaksanaan", "waktupelaksanaan", "target"),
    "grid": ("pelaksanaanbulan", "pelaksanaan", "bulan", "bulanpelaksanaan", "jadwalbulan"),
    "responsible": ("penanggungjawab", "pj", "pic", "timpelaksana", "pelaksana"),
}
_ALIASES = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
LEVELS = ("area", "component", "indicator", "step")

# Settings sheet: label -> key; written by the template and export, read back so a workbook says how it renders.
SETTINGS = {"tahun": "year", "jadwal": "schedule", "hurufindikator": "indicator_labels",
            "kolomlink": "link", "kolompenanggungjawab": "responsible",
            "penomorandaftar": "list_style", "penandabuktifisik": "evidence_labels",
            "nomorkolomkisibulanan": "column_numbers"}
_SETTING_LABELS = {"indicator_labels": "Huruf indikator", "link": "Kolom link",
                   "responsible": "Kolom penanggung jawab"}
# "Judul kolom BUKTI FISIK": the heading the lampiran gives that column (PlanColumns.headings).
HEADING_FIELDS = ("no", "component", "indicator", "step", "evidence", "link", "schedule", "grid", "responsible")
SETTINGS.update({"judulkolom" + re.sub(r"\W+", "", COLUMN_NAMES[f]).lower(): "heading." + f for f in HEADING_FIELDS})
# Values of the settings that choose one of several ways, as the Pengaturan sheet writes them.
EVIDENCE_LABELS = {"tidak": "none", "huruf": "letters", "angka": "numbers", "nomor": "numbers",
                   "none": "none", "letters": "letters", "numbers": "numbers"}
COLUMN_NUMBERS = {"perbulan": "per_month", "satukolom": "grid_as_one", "permonth": "per_month",
                  "gridasone": "grid_as_one"}
SCHEDULE_VALUES = {"targetwaktu": "target_time", "kisibulanan": "month_grid", "targettime": "target_time",
                   "monthgrid": "month_grid", "bulanan": "month_grid"}
YES = {"ya", "yes", "y", "true", "1"}
NO = {"tidak", "no", "n", "false", "0", "t"}

# A tick in the month grid: what staff type for "this month".
MARKS = {"\u221a", "\u2713", "\u2714", "v", "x", "1", "ya", "\u2611", "\u2612", "o", "\u25cf"}

MAX_ROWS = 5_000  # a year's plan has a few hundred rows; `plan export` writes no more than this either
MAX_COLUMNS = 60
LIMITS = Limits(MAX_ROWS, MAX_COLUMNS, N_("a plan has at most {rows} rows and {columns} columns"),
                N_("delete the cells far below or right of the plan"), N_("a plan workbook"))
_HEADER_SCAN = 20

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_ROMAN = re.compile(r"(?i)^(?=[ivx])(x{0,3})(ix|iv|v?i{0,3})[.)]?$")
_ITEM = re.compile(r"^(\d{1,3})([.)])\s+(.*)$")


_BROKEN: dict[str, Any] = {}  # stands for a group whose first cell was empty (reported once, not per row)


@dataclass(frozen=True)
class _Cell:
    value: Any
    where: Location
    continued: bool  # inside a merged range, below or right of its top-left cell
    merged_top: bool  # the top-left cell of a merged range spanning rows


def _key(text: Any) -> str:
    return re.sub(r"[\W_]+", "", str(text or "")).lower()


def _formula(text: str) -> str:
    """A formula as written, cut after EXCERPT characters (one may have thousands)."""
    return text if len(text) <= EXCERPT else _("{text}... ({count} characters)").format(text=text[:EXCERPT],
                                               count=len(text))


def _some(names: list[Any]) -> str:
    """The names given, each as an excerpt, at most five of them."""
    given = [excerpt(n, 30) for n in names if n]
    return ", ".join(given[:5]) + (_(" and {value} more").format(value=len(given) - 5) if len(given) > 5 else "")


def clean_text(value: str) -> str:
    """Stray spaces and blank lines removed; line breaks inside the text are the writer's and kept."""
    lines = (_SPACES.sub(" ", line).strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def split_cell(text: str) -> Any:
    """A cell's text as the model holds it: one text, a numbered list, or an intro and a numbered list.

    Lists are lines that begin "1)" / "1." and count up from 1; lines between items belong to the item above.
    """
    lines = text.split("\n")
    starts = [(i, _ITEM.match(line)) for i, line in enumerate(lines)]
    numbered = [(i, m) for i, m in starts if m]
    expected = 1
    items_at = []
    for i, m in numbered:
        if int(m.group(1)) == expected:
            items_at.append((i, m))
            expected += 1
    # One numbered line alone is a text that starts with a number; after an intro it is a list of one.
    if not items_at or (len(items_at) == 1 and items_at[0][0] == 0) \
            or any(m.group(2) != items_at[0][1].group(2) for _, m in items_at):
        return text
    items = []
    bounds = [i for i, _ in items_at] + [len(lines)]
    for (i, m), end in zip(items_at, bounds[1:]):
        items.append("\n".join([m.group(3), *lines[i + 1:end]]).strip())
    intro = "\n".join(lines[:items_at[0][0]]).strip()
    return {"intro": intro, "items": items} if intro else items


def list_style_of(text: str) -> str | None:
    """'1)' or '1.' when the cell holds a numbered list, else None."""
    for line in text.split("\n"):
        m = _ITEM.match(line)
        if m and m.group(1) == "1":
            return m.group(2) if m.group(2) == "." else "1)"
    return None


class _Problems:
    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, message: str, where: Location, code: Code) -> None:
        self.errors.append(Problem(message, where, code=code))

    def warn(self, message: str, where: Location, code: Code) -> None:
        self.warnings.append(Problem(message, where, "warning", code=code))


# ----------------------------------------------------------------------------------------------- the file


def _refuse(path: Path, message: str, code: Code) -> SpecError:
    return SpecError([Problem(message, Location(str(path)), code=code)])


def plan_sheet(titles: list[str]) -> str | None:
    """The sheet that holds the plan, of the workbook's worksheets: 'Rencana Aksi', else the first not ours."""
    if PLAN_SHEET in titles:
        return PLAN_SHEET
    return next((t for t in titles if t not in (SETTINGS_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET)), None)


def open_workbook(path: Path, *, values_only: bool = False) -> Workbook:
    """The workbook, after checks that keep a damaged or hostile file from costing more than a refusal. With
    `values_only` (a workbook read, never written back), the cells a merged range covers are not given its borders."""
    check_workbook(path, str(path), LIMITS, plan_sheet, read_only=False)
    import openpyxl

    try:
        if values_only:
            return _load_values(path)
        # data_only=False: formulas are seen as formulas, to be refused, not their cached results.
        return openpyxl.load_workbook(path, data_only=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise _refuse(path,
            _("cannot be read as a workbook ({name}: {exc}); save it from Excel again as .xlsx").format(
              name=type(exc).__name__, exc=str(exc)[:80]), code="workbook-damaged") from None


def _load_values(path: Path) -> Workbook:
    """openpyxl.load_workbook(path, data_only=False, rich_text=False), with each sheet's merged ranges read as
    openpyxl reads them (the cells they cover emptied) but their borders not copied onto the covered cells: that
    copy, a style lookup per cell, is a sixth of reading a plan's workbook, and a reader looks at no border."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet.worksheet import Worksheet

    class ValuesSheet(Worksheet):
        def _clean_merge_range(self, mcr: Any) -> None:  # (Worksheet's, less its last step, mcr.format())
            cells = mcr.cells
            next(cells)  # the top-left cell keeps its value
            for row, col in cells:
                self._cells[row, col] = MergedCell(self, row, col)

    class ValuesReader(ExcelReader):
        def read_workbook(self) -> None:
            super().read_workbook()
            book: Any = self.wb

            def create_sheet(title: Any = None, index: int | None = None) -> Worksheet:
                sheet = ValuesSheet(parent=book, title=title)
                book._add_sheet(sheet=sheet, index=index)
                return sheet

            book.create_sheet = create_sheet  # (the reader makes each sheet so)

    reader = ValuesReader(path, read_only=False, keep_vba=False, data_only=False, keep_links=True, rich_text=False)
    reader.read()
    return reader.wb


class _Sheet:
    """Cell access with merged ranges resolved to their top-left cell."""

    def __init__(self, ws: Any, file: str):
        self.ws, self.file, self.title = ws, file, ws.title
        self.top: dict[tuple[int, int], tuple[int, int]] = {}
        self.spans_rows: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            if (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1) > MAX_ROWS * 4:
                continue  # a whole-column merge says nothing about cells; its top-left still reads normally
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        self.top[(r, c)] = (rng.min_row, rng.min_col)
            if rng.max_row > rng.min_row:
                self.spans_rows.add((rng.min_row, rng.min_col))
        used = [(r, c) for (r, c), cell in ws._cells.items() if cell.value is not None and cell.value != ""]
        self.max_row = max((r for r, _ in used), default=0)
        self.max_col = max((c for _, c in used), default=0)

    def where(self, row: int, col: int, name: str | None = None) -> Location:
        return Location(self.file, row, get_column_letter(col), name, self.title)

    def cell(self, row: int, col: int, name: str | None = None) -> _Cell:
        top = self.top.get((row, col))
        r, c = top or (row, col)
        raw = self.ws._cells.get((r, c))
        value = raw.value if raw is not None else None
        if raw is not None and (raw.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula")):
            value = _Formula(str(getattr(value, "text", value)))
        elif raw is not None and raw.data_type == "e":
            value = _Formula(str(value))
        return _Cell(value, self.where(row, col, name), top is not None, (r, c) in self.spans_rows and not top)


class _Formula(str):
    """A formula or an error value (#N/A): shown, never evaluated."""


# ----------------------------------------------------------------------------------------------- the header


@dataclass
class _Layout:
    header_row: int
    first_row: int
    columns: dict[str, int]
    grid: dict[int, int]  # column -> month


def _month_header(value: Any) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value) and 1 <= value <= 12:
        return int(value)
    return month_number(_key(value))


def _find_grid(sheet: _Sheet, row: int, taken: set[int]) -> dict[int, int]:
    """Twelve adjacent columns headed 1..12 or Januari..Desember in `row` (none of them a named column)."""
    run: dict[int, int] = {}
    for c in range(1, sheet.max_col + 1):
        m = _month_header(sheet.cell(row, c).value) if c not in taken else None
        if m is not None and m == len(run) + 1:
            run[c] = m
        else:
            run = {c: 1} if m == 1 else {}
        if len(run) == 12:
            return run
    return {}


def _layout(sheet: _Sheet, problems: _Problems) -> _Layout | None:
    best: tuple[int, dict[str, int]] | None = None
    for r in range(1, min(sheet.max_row, _HEADER_SCAN) + 1):
        columns: dict[str, int] = {}
        for c in range(1, sheet.max_col + 1):
            cell = sheet.cell(r, c)
            if cell.continued or not isinstance(cell.value, str):
                continue
            field = _ALIASES.get(_key(cell.value))
            if field and field not in columns:
                columns[field] = c
        if sum(f in columns for f in ("component", "indicator", "step", "evidence")) >= 3:
            best = (r, columns)
            break
    if best is None:
        problems.error(_("no header row found in the first 20 rows: the plan's columns are headed KOMPONEN, "
                         "INDIKATOR, LANGKAH AKSI, BUKTI FISIK and TARGET WAKTU (or the months 1-12), as in "
                         "`zi-decree plan template`"), sheet.where(1, 1), code="workbook-layout")
        return None
    r, columns = best
    taken = {c for f, c in columns.items() if f != "grid"}
    grid = _find_grid(sheet, r, taken) or _find_grid(sheet, r + 1, taken)
    first = r + 1
    if grid and any(_month_header(sheet.cell(r + 1, c).value) for c in grid):
        first = r + 2
    # The row of column numbers under the header (1, 2, 3, ...) is layout, not plan.
    numbers = [sheet.cell(first, c).value for c in range(1, sheet.max_col + 1)]
    numbers = [_text(_Cell(v, sheet.where(first, 1), False, False), _Problems())
               for v in numbers if v not in (None, "")]
    if numbers and all(v == str(i) for i, v in enumerate(numbers, 1)):
        first += 1
    missing = [field for field in ("component", "indicator", "step", "evidence") if field not in columns]
    for field in missing:
        problems.error(_("no {field_label} column in the header row (a plan's columns are AREA PERUBAHAN, KOMPONEN, "
                         "INDIKATOR, LANGKAH AKSI, BUKTI FISIK and TARGET WAKTU)").format(
                             field_label=field_label(field)), sheet.where(r, 1),
                           code="workbook-layout")
    if "schedule" not in columns and not grid:
        problems.error(_("no TARGET WAKTU column and no month columns (1-12) in the header row"), sheet.where(r, 1),
                       code="workbook-layout")
        missing.append("schedule")
    for c in range(1, sheet.max_col + 1):
        cell = sheet.cell(r, c)
        if cell.continued or c in grid or c in columns.values() or cell.value in (None, ""):
            continue
        problems.warn(_("column {clean_text} is not a plan column; it is not read").format(
                        clean_text=excerpt(clean_text(str(cell.value)))), cell.where,
                      code="column-ignored")
    if missing:
        return None  # the rows cannot be read without their columns; the header's problems are reported
    return _Layout(r, first, columns, grid)


def field_label(field: str) -> str:
    return COLUMN_NAMES[field]


# ----------------------------------------------------------------------------------------------- settings


def _settings(book: Any, file: str, problems: _Problems) -> tuple[dict[str, Any], dict[str, Location]]:
    values: dict[str, Any] = {}
    where: dict[str, Location] = {}
    if SETTINGS_SHEET not in [ws.title for ws in book.worksheets]:  # a chart sheet of that name holds no settings
        return values, where
    sheet = _Sheet(book[SETTINGS_SHEET], file)
    for r in range(1, min(sheet.max_row, 50) + 1):
        key = SETTINGS.get(_key(sheet.cell(r, 1).value))
        if key is None:
            continue
        cell = sheet.cell(r, 2, key)
        value = cell.value
        if isinstance(value, _Formula):
            problems.error(_("holds a formula ({formula}); type the value itself").format(formula=_formula(value)),
                             cell.where, code="formula")
            continue
        if value in (None, ""):
            continue
        text = _key(value)
        if key == "year":
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 1990 <= value <= 2100:
                values[key] = int(value)
            elif re.fullmatch(r"\d{4}", str(value).strip()):
                values[key] = int(str(value).strip())
            else:
                problems.error(_("Tahun: expected the plan's year, such as 2026; got {value}").format(
                                 value=excerpt(value)), cell.where,
                               code="invalid-value")
        elif key == "schedule":
            if text in SCHEDULE_VALUES:
                values[key] = SCHEDULE_VALUES[text]
            else:
                problems.error(_("Jadwal: expected 'Target waktu' or 'Kisi bulanan'; got {value}").format(
                                 value=excerpt(value)), cell.where,
                               code="not-a-choice")
        elif key in ("indicator_labels", "link", "responsible"):
            if text in YES or text in NO:
                values[key] = (text in YES) if key != "indicator_labels" else ("letters" if text in YES else "none")
            else:
                label = _SETTING_LABELS[key]  # (the label written may be long: it is matched without its punctuation)
                problems.error(_("{label}: expected 'Ya' or 'Tidak'; got {value}").format(label=label,
                                 value=excerpt(value)), cell.where,
                               code="not-a-choice")
        elif key.startswith("heading."):
            values[key] = clean_text(str(value))
        elif key in ("evidence_labels", "column_numbers"):
            choices = EVIDENCE_LABELS if key == "evidence_labels" else COLUMN_NUMBERS
            if text in choices:
                values[key] = choices[text]
            else:
                expected = (_("'Huruf', 'Angka' or 'Tidak'") if key == "evidence_labels"
                            else _("'Per bulan' or 'Satu kolom'"))
                problems.error(_("{clean_text}: expected {expected}; got {value}").format(
                                 clean_text=clean_text(str(sheet.cell(r, 1).value))[:60], expected=expected,
                                     value=excerpt(str(value))), cell.where, code="not-a-choice")
        elif key == "list_style":
            style = str(value).strip()
            if style in ("1)", "1."):
                values[key] = style
            else:
                problems.error(_("Penomoran daftar: expected '1)' or '1.'; got {value}").format(value=excerpt(value)),
                                 cell.where,
                    code="not-a-choice")
        where[key] = cell.where
    return values, where


def settings_cells(book: Any, file: str) -> dict[str, Location]:
    """Where each setting's value is on the Pengaturan sheet, found as the reader finds it (rollover moves Tahun)."""
    return _settings(book, file, _Problems())[1]


# ----------------------------------------------------------------------------------------------- the rows


def _text(cell: _Cell, problems: _Problems) -> str | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, _Formula):
        problems.error(_("holds a formula or an error value ({formula}); type the text itself (Paste Special > "
                         "Values)").format(formula=_formula(value)),
                       cell.where, code="formula")
        return str(value)  # reported; read on so that the rows after it are checked too
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"{day.day} {month_name(day.month)} {day.year}"
    return clean_text(str(value)) or None


def _schedule_cell(cell: _Cell, year: int | None, problems: _Problems) -> tuple[dict[str, Any] | None, list[Note]]:
    """The TARGET WAKTU cell: a date cell is its month; a serial number is read with a warning."""
    value = cell.value
    if value is None or value == "":
        return None, []
    if isinstance(value, (dt.datetime, dt.date)):
        return {"months": [f"{value.year:04d}-{value.month:02d}"]}, []
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        day = excel_serial_date(int(value))
        return {"months": [f"{day.year:04d}-{day.month:02d}"]}, [Note(
            "schedule-serial-date", _("{value} is a spreadsheet date serial number; read as {month_name} {year} "
                                      "(format the cell as a date, or type the month)").format(value=int(value),
                                          month_name=month_name(day.month), year=day.year))]
    text = _text(cell, problems)
    if text is None:
        return None, []
    if len(text) > LINE_LIMIT:
        problems.error(_("is {count:,} characters long; a schedule has at most {line_limit:,}").format(count=len(text),
                         line_limit=LINE_LIMIT), cell.where,
                       code="text-too-long")
        return None, []
    parsed = parse_schedule(text, default_year=year)
    return parsed.schedule.model_dump(exclude_none=True), list(parsed.warnings)


def _grid_cells(sheet: _Sheet, row: int, grid: dict[int, int], problems: _Problems) -> tuple[list[int], str | None]:
    """The months ticked in a row's grid, or the text written across the grid's merged cells."""
    months = []
    first = min(grid)
    if (row, first + 1) in sheet.top and sheet.top[(row, first + 1)][1] == first:
        text = _text(sheet.cell(row, first, COLUMN_NAMES["grid"]), problems)
        if text is not None and text.lower() not in MARKS:
            return [], text
    for c, month in grid.items():
        cell = sheet.cell(row, c, f"bulan {month}")
        value = cell.value
        if value is None or value is False or cell.continued:
            continue
        if isinstance(value, _Formula):
            problems.error(_("holds a formula ({formula}); mark the month with √").format(formula=_formula(value)),
                             cell.where,
                           code="formula")
            continue
        if value is True or (isinstance(value, (int, float)) and value == 1):
            months.append(month)
            continue
        text = clean_text(str(value)).lower()
        if not text:
            continue
        if text in MARKS:
            months.append(month)
        else:
            problems.error(_("expected a mark for month {month} (√, v, x or 1) or nothing; got {text}").format(
                             month=month, text=excerpt(text)),
                           cell.where, code="invalid-value")
    return months, None


def _strip_number(text: str, level: str) -> str:
    # Numbering is computed (DESIGN §5): typed "I." / "1." before an area or component name is dropped.
    if level == "area":
        m = re.match(r"^([IVXivx]+)[.)]\s*(\S.*)$", text, re.S)
        if m and _ROMAN.match(m.group(1)):
            return m.group(2)
    if level == "component":
        m = re.match(r"^\d{1,2}[.)]\s+(\S.*)$", text, re.S)
        if m:
            return m.group(1)
    return text


def read_plan_xlsx(path: Path | str, *, year: int | None = None, prefix: tuple[Any, ...] = ()
                   ) -> tuple[dict[str, Any], Positions, list[Problem]]:
    """Read a plan workbook into plan-file data ({columns, areas}), the location of every value (paths under
    `prefix`) and the warnings; raise SpecError listing every problem found."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, _("plan workbook not found"), code="file-not-found")
    book = open_workbook(path, values_only=True)
    file = str(path)
    problems = _Problems()
    try:
        settings, settings_where = _settings(book, file, problems)
        # The sheet the guards checked against the plan's limits (a chart sheet is never the plan).
        title = plan_sheet([s.title for s in book.worksheets])
        if title is None:
            raise _refuse(path, _("has no worksheet with the plan (expected a sheet named {plan_sheet!r})").format(
                                  plan_sheet=PLAN_SHEET),
                          code="workbook-layout")
        sheet = _Sheet(book[title], file)
        if sheet.max_row == 0:
            raise SpecError([Problem(_("the plan sheet is empty"), Location(file, sheet=sheet.title),
                                     code="workbook-layout")])
        layout = _layout(sheet, problems)
        data: dict[str, Any] = {}
        positions: Positions = {}
        if layout is not None:
            plan_year = settings.get("year", year)
            if year is not None and settings.get("year") not in (None, year):
                problems.warn(_("the workbook's Tahun is {settings} but the decree is for {year}; its schedules are "
                                "read as written").format(settings=settings['year'], year=year),
                                    settings_where["year"], code="plan-year-mismatch")
            data = _read_rows(sheet, layout, plan_year, settings, problems, positions, prefix)
            for key, where in settings_where.items():
                if key == "year":
                    continue
                # A setting's problems are said at its cell on the Pengaturan sheet.
                field = ("headings", key[len("heading."):]) if key.startswith("heading.") else (key,)
                positions[prefix + ("columns", *field)] = where
        if problems.errors:
            raise SpecError(problems.errors)
        positions.setdefault(prefix, Location(file, sheet=sheet.title))
        return data, positions, problems.warnings
    finally:
        book.close()


def _read_rows(sheet: _Sheet, layout: _Layout, year: int | None, settings: dict[str, Any], problems: _Problems,
               positions: Positions, prefix: tuple[Any, ...]) -> dict[str, Any]:
    cols = layout.columns
    areas: list[dict[str, Any]] = []
    current: dict[str, dict[str, Any] | None] = dict.fromkeys(LEVELS)
    texts: dict[str, str | None] = dict.fromkeys(LEVELS)
    responsible: dict[int, list[tuple[str | None, Location]]] = {}  # id(component) -> values by row
    comp_area: dict[int, dict[str, Any]] = {}
    styles: list[str] = []
    grid_needed = False
    letters: list[tuple[dict[str, Any], str]] = []  # (indicator, its typed letter)
    paths: dict[int, tuple[Any, ...]] = {}
    last_resp: str | None = None

    def put(node: dict[str, Any], key: str, value: Any, where: Location) -> None:
        node[key] = value
        # `path + (key,)`, not `(*path, key)`: mypy takes a starred tuple in [] for 3.11-only syntax.
        positions[paths[id(node)] + (key,)] = where

    for r in range(layout.first_row, sheet.max_row + 1):
        cells = {f: sheet.cell(r, c, field_label(f)) for f, c in cols.items() if f != "grid"}
        values = {f: _text(cells[f], problems) for f in cells if f != "schedule"}
        grid_marks, grid_label = _grid_cells(sheet, r, layout.grid, problems) if layout.grid else ([], None)
        filled = [f for f in cells if f != "no" and not cells[f].continued
                  and (values.get(f) is not None if f != "schedule" else cells[f].value not in (None, ""))]
        if not filled and not grid_marks and grid_label is None:
            continue  # a blank row between groups
        heading = _heading(values, filled, cols)
        if heading is not None:
            # An area heading row ("I | MANAJEMEN PERUBAHAN") names the area of the rows below it.
            _start_area(areas, current, texts, _strip_number(heading, "area"),
                        cells["area" if "area" in filled else "component"], paths, positions, prefix)
            last_resp = None
            continue
        started: str | None = None  # the level a new group began at on this row
        for level in LEVELS:
            cell = cells.get(level)
            if level == "area" and cell is None:
                if current["area"] is None:
                    problems.error(_("the plan begins before its first area: add an AREA PERUBAHAN column, or a row "
                                     "naming the area (I | Manajemen Perubahan) above it"), sheet.where(r, 1),
                                       code="workbook-layout")
                    return {}
                continue
            assert cell is not None
            text = values.get(level)
            if text is not None:
                text = _strip_number(text, level)
            if current[level] is _BROKEN and not started and not cell.merged_top and (cell.continued or text is None):
                break  # continues a group already reported as incomplete
            if started or current[level] is None or current[level] is _BROKEN or cell.merged_top:
                new = True
            elif cell.continued or text is None:
                new = False
            else:
                new = text != texts[level]
            if not new:
                continue
            if text is None:
                begins = (_("where a new {started} begins").format(started=started) if started
                          else _("with nothing above it to continue"))
                problems.error(_("empty {begins}; write the {level}'s text, or merge the cell with the one above")
                                 .format(begins=begins, level=level),
                               cell.where, code="empty-cell")
                current[level] = _BROKEN
                break
            started = level
            texts[level] = text
            if level == "area":
                _start_area(areas, current, texts, text, cell, paths, positions, prefix)
                last_resp = None
                continue
            parent = current[{"component": "area", "indicator": "component", "step": "indicator"}[level]]
            assert parent is not None
            key = {"component": "components", "indicator": "indicators", "step": "steps"}[level]
            node: dict[str, Any] = {}
            siblings = parent.setdefault(key, [])
            paths[id(node)] = (*paths[id(parent)], key, len(siblings))
            siblings.append(node)
            positions[paths[id(node)]] = cell.where
            if level == "component":
                put(node, "name", text, cell.where)
                comp_area[id(node)] = parent
                responsible[id(node)] = []
            else:
                if level == "indicator":
                    m = re.match(r"^([a-z])[.)]\s+(\S.*)$", text, re.S)
                    if m:
                        letters.append((node, m.group(1)))
                put(node, "text", split_cell(text), cell.where)
                styles.extend(s for s in [list_style_of(text)] if s)
            for lower in LEVELS[LEVELS.index(level) + 1:]:
                current[lower] = None
            current[level] = node
        if any(current[level] is None or current[level] is _BROKEN for level in LEVELS[1:]):
            continue  # reported above
        step = current["step"]
        assert step is not None  # every level is set here (checked just above)
        evidence: dict[str, Any] = {}
        siblings = step.setdefault("evidence", [])
        paths[id(evidence)] = (*paths[id(step)], "evidence", len(siblings))
        siblings.append(evidence)
        positions[paths[id(evidence)]] = sheet.where(r, cols.get("evidence", 1))
        for field in ("evidence", "link"):
            given = values.get(field)
            if field in cells and given is not None:
                put(evidence, "text" if field == "evidence" else "link", split_cell(given), cells[field].where)
                styles.extend(s for s in [list_style_of(given)] if s and field == "evidence")
        grid_needed = grid_needed or bool(grid_marks)
        schedule, warnings, where = _row_schedule(cells.get("schedule"), grid_marks, grid_label, layout, year, r,
                                                  sheet, problems)
        if schedule is not None:
            put(evidence, "schedule", schedule, where)
        for w in warnings:
            problems.warn(w, where, code=w.code)
        if "responsible" in cells:
            cell = cells["responsible"]
            value = values.get("responsible")
            if value is None and not cell.continued:
                value = last_resp  # a blank cell under a filled one: the same team, as when merged
            last_resp = value
            responsible[id(current["component"])].append((value, cell.where))

    _assign_responsible(areas, responsible, comp_area, positions, paths, problems)
    columns: dict[str, Any] = {}
    schedule_kind = settings.get("schedule") or ("month_grid" if layout.grid and "schedule" not in cols
                                                  else "target_time")
    columns["schedule"] = schedule_kind
    # The settings say whether the lampiran shows a column; a sheet without them, whether it has the column.
    columns["link"] = settings.get("link", "link" in cols)
    columns["responsible"] = settings.get("responsible", "responsible" in cols)
    typed_letters = _typed_letters(letters, areas)
    columns["indicator_labels"] = settings.get("indicator_labels") or ("letters" if typed_letters else "none")
    columns["list_style"] = settings.get("list_style") or (styles[0] if styles else "1)")
    for key in ("evidence_labels", "column_numbers"):
        if key in settings:
            columns[key] = settings[key]
    headings = {key[len("heading."):]: value for key, value in settings.items() if key.startswith("heading.")}
    if headings:
        columns["headings"] = headings
    if year is None and grid_needed:
        problems.error(_("the month grid needs the plan's year: write it beside Tahun in sheet 'Pengaturan' (or give "
                         "the year)"), sheet.where(layout.header_row, min(layout.grid)), code="workbook-layout")
    positions[prefix + ("columns",)] = sheet.where(layout.header_row, 1)
    positions[prefix + ("areas",)] = sheet.where(layout.first_row, 1)
    if not areas:
        problems.error(_("the plan sheet has no rows under its header"), sheet.where(layout.first_row, 1),
                       code="workbook-layout")
    return {"columns": columns, "areas": areas}


def _heading(values: dict[str, str | None], filled: list[str], cols: dict[str, int]) -> str | None:
    """The area's name when a row holds only that (in the area column, or after a Roman numeral in NO)."""
    if filled == ["area"]:
        return values["area"]
    if filled == ["component"] and "area" not in cols and _ROMAN.match(str(values.get("no") or "")):
        return values["component"]
    return None


def _start_area(areas: list[dict[str, Any]], current: dict[str, dict[str, Any] | None],
                texts: dict[str, str | None], name: str, cell: _Cell, paths: dict[int, tuple[Any, ...]],
                positions: Positions, prefix: tuple[Any, ...]) -> None:
    node: dict[str, Any] = {"name": name}
    paths[id(node)] = (*prefix, "areas", len(areas))
    positions[paths[id(node)]] = cell.where
    positions[paths[id(node)] + ("name",)] = cell.where
    areas.append(node)
    for level in LEVELS:
        current[level] = None
        texts[level] = None
    current["area"] = node
    texts["area"] = name


def _row_schedule(cell: _Cell | None, marks: list[int], grid_label: str | None, layout: _Layout, year: int | None,
                  row: int, sheet: _Sheet, problems: _Problems) -> tuple[dict[str, Any] | None, list[Note], Location]:
    """One row's schedule from its TARGET WAKTU cell, its month grid, or both (the ticks give the months, the
    text what they cannot say)."""
    grid_where = sheet.where(row, min(layout.grid), COLUMN_NAMES["grid"]) if layout.grid else None
    parsed, warnings = _schedule_cell(cell, year, problems) if cell is not None else (None, [])
    if parsed is None and grid_label is not None:
        # A text spanning the month columns, as the lampiran prints what months cannot say.
        assert grid_where is not None
        parsed, warnings = _schedule_cell(_Cell(grid_label, grid_where, False, False), year, problems)
    where = cell.where if cell is not None and parsed is not None else grid_where or sheet.where(row, 1)
    if not marks or year is None:
        return parsed, warnings, where
    months = [f"{year:04d}-{m:02d}" for m in sorted(marks)]
    if parsed is None:
        return {"months": months}, [], where
    if parsed.get("months") == months:
        return parsed, warnings, where
    label = parsed.get("label") or schedule_phrase((int(m[:4]), int(m[5:])) for m in parsed["months"])
    warnings = []
    if parsed.get("months"):
        warnings.append(Note("schedule-grid-mismatch", _("TARGET WAKTU says {label} but the month grid ticks "
                                                         "{schedule_phrase}; the ticks give the months and the text "
                                                         "is kept as written").format(label=excerpt(label),
                                                             schedule_phrase=schedule_phrase((year,
                                                                 m) for m in sorted(marks)))))
    return {"months": months, "label": label}, warnings, where


def _assign_responsible(areas: list[dict[str, Any]], responsible: dict[int, list[tuple[str | None, Location]]],
                        comp_area: dict[int, dict[str, Any]], positions: Positions,
                        paths: dict[int, tuple[Any, ...]], problems: _Problems) -> None:
    """One team per component; the first component's is the area's, others differing from it are the component's."""
    by_area: dict[int, list[tuple[dict[str, Any], str | None, Location]]] = {}
    for area in areas:
        for comp in area.get("components", []):
            values = responsible.get(id(comp), [])
            names = []
            for value, _where in values:
                if value not in names:
                    names.append(value)
            if len([n for n in names if n is not None]) > 1:
                problems.error(_("PENANGGUNG JAWAB differs within component {comp} ({some}); a component has one "
                                 "responsible team").format(comp=excerpt(comp['name']), some=_some(names)),
                               values[-1][1], code="responsible-differs")
                continue
            team = next((n for n in names if n is not None), None)
            by_area.setdefault(id(area), []).append((comp, team, values[0][1] if values else Location()))
    for area in areas:
        entries = by_area.get(id(area), [])
        teams = [team for _, team, _ in entries if team is not None]
        if not teams:
            continue
        area_team = entries[0][1] if entries[0][1] is not None else teams[0]
        area["responsible"] = area_team
        positions[paths[id(area)] + ("responsible",)] = next(w for _, t, w in entries if t == area_team)
        for comp, team, where in entries:
            if team is not None and team != area_team:
                comp["responsible"] = team
                positions[paths[id(comp)] + ("responsible",)] = where
        # "name" first, then responsible, then components: the order plan files are written in.
        components = area.pop("components", [])
        area["components"] = components


def _typed_letters(letters: list[tuple[dict[str, Any], str]], areas: list[dict[str, Any]]) -> bool:
    """Indicators typed as 'a. ...', 'b. ...' in every component: the letters are computed, so drop them."""
    if not letters:
        return False
    indicators = [ind for area in areas for comp in area.get("components", []) for ind in comp.get("indicators", [])]
    if len(letters) != len(indicators):
        return False
    typed = {id(node): letter for node, letter in letters}
    for area in areas:
        for comp in area.get("components", []):
            for n, ind in enumerate(comp.get("indicators", [])):
                if typed.get(id(ind)) != chr(ord("a") + n):
                    return False
    for node, _skip in letters:
        text = node["text"]
        first = text if isinstance(text, str) else (text["intro"] if isinstance(text, dict) else text[0])
        stripped = re.sub(r"^[a-z][.)]\s+", "", first, count=1)
        if isinstance(text, str):
            node["text"] = stripped
        elif isinstance(text, dict):
            node["text"] = {**text, "intro": stripped}
        else:
            node["text"] = [stripped, *text[1:]]
    return True
