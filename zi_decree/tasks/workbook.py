"""Write: plan workbooks, the template staff fill in and a plan exported from a spec, read back by xlsx_read."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from openpyxl.utils import get_column_letter

from zi_decree.base.indonesian import MONTHS
from zi_decree.base.zips import deterministic_zip
from zi_decree.composing.wording import schedule_text
from zi_decree.errors import Location, Problem, SpecError
from zi_decree.i18n import _
from zi_decree.legal.guideline import Guideline
from zi_decree.loading import workbook as reader
from zi_decree.loading.workbook import (
    COLUMN_NAMES,
    HEADING_FIELDS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PLAN_SHEET,
    SETTINGS_SHEET,
)
from zi_decree.model.keputusan import CellList, PlanColumns, PlanLampiran, Schedule
from zi_decree.model.schedule import parse_schedule
from zi_decree.model.walk import plan_places

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["plan_workbook", "template_workbook", "workbook_bytes"]

_TITLE_ROW, _HEADER_ROW = 1, 3
_TEMPLATE_ROWS = 300  # rows prepared with drop-down lists beyond the last written one
_WIDTHS = {"area": 22, "component": 26, "indicator": 40, "step": 40, "evidence": 36, "link": 28,
           "schedule": 20, "responsible": 24}
_TICK = "\u221a"
_EVIDENCE_LABELS = {"none": "Tidak", "letters": "Huruf", "numbers": "Angka"}


@dataclass(frozen=True)
class _Row:
    area: str
    component: str | None
    indicator: str | None
    step: str | None
    evidence: str | None
    link: str | None
    schedule: Schedule | None
    responsible: str | None
    # where each group starts (a new group is merged separately even when its text repeats the one above)
    starts: tuple[bool, bool, bool, bool]


def _cell_text(content: list[str] | CellList | None, style: str) -> str | None:
    """A table cell as staff type it: one text, or numbered lines ('1) ...') the reader splits again."""
    if content is None:
        return None
    fmt = "{n}) {t}" if style == "1)" else "{n}. {t}"
    if isinstance(content, CellList):
        return "\n".join([content.intro, *(fmt.format(n=n, t=t) for n, t in enumerate(content.items, 1))])
    if len(content) == 1:
        return content[0]
    return "\n".join(fmt.format(n=n, t=t) for n, t in enumerate(content, 1))


def _rows(lamp: PlanLampiran) -> list[_Row]:
    style = lamp.columns.list_style
    return [_Row(p.area.name, p.component.name, _cell_text(p.indicator.text, style), _cell_text(p.step.text, style),
                 _cell_text(p.evidence.text, style), _cell_text(p.evidence.link, "1."), p.evidence.schedule,
                 p.component.responsible or p.area.responsible, p.starts)
            for p in plan_places(lamp.areas)]


def _reads_back(text: str, schedule: Schedule, year: int) -> bool:
    parsed = parse_schedule(text, default_year=year)
    return parsed.schedule == schedule


class _Book:
    """A plan workbook under construction: the plan sheet, settings, instructions and drop-down lists."""

    def __init__(self, columns: PlanColumns, year: int, *, text_column: bool, grid: bool,
                 guideline: Guideline | None, link: bool = False, responsible: bool = False):
        import openpyxl
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.columns, self.year = columns, year
        self.book = openpyxl.Workbook()
        self.sheet = cast("Worksheet", self.book.active)  # a new workbook has one sheet, a worksheet
        self.sheet.title = PLAN_SHEET
        self.fields = ["area", "component", "indicator", "step", "evidence"]
        if columns.link or link:  # a column the lampiran hides still carries its data
            self.fields.append("link")
        if text_column:
            self.fields.append("schedule")
        self.grid_at = len(self.fields) + 1 if grid else None
        if columns.responsible or responsible:
            self.fields.append("responsible")
        self.col = {}
        for n, field in enumerate(self.fields, 1):
            self.col[field] = n + (12 if grid and field == "responsible" else 0)
        self.last_col = max(self.col.values()) if self.col else 0
        if self.grid_at is not None:
            self.last_col = max(self.last_col, self.grid_at + 11)
        self.first_row = _first_row(grid)
        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=12)
        self.fill = PatternFill("solid", fgColor="D9E1F2")
        self.guideline = guideline
        self._header()

    # -- the plan sheet

    def _header(self) -> None:
        ws = self.sheet
        title = ws.cell(_TITLE_ROW, 1, f"RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN {self.year}")
        title.font = self.title_font
        grid = self.grid_at is not None
        for field, c in self.col.items():
            self._head(_HEADER_ROW, c, COLUMN_NAMES[field])
            ws.column_dimensions[get_column_letter(c)].width = _WIDTHS[field]
            if grid:
                ws.merge_cells(start_row=_HEADER_ROW, start_column=c, end_row=_HEADER_ROW + 1, end_column=c)
                self._head(_HEADER_ROW + 1, c, None)
        if self.grid_at is not None:
            g = self.grid_at
            self._head(_HEADER_ROW, g, COLUMN_NAMES["grid"])
            for m in range(12):
                if m:
                    self._head(_HEADER_ROW, g + m, None)
                self._head(_HEADER_ROW + 1, g + m, MONTHS[m][:3])
                ws.column_dimensions[get_column_letter(g + m)].width = 5
            ws.merge_cells(start_row=_HEADER_ROW, start_column=g, end_row=_HEADER_ROW, end_column=g + 11)
        ws.freeze_panes = ws.cell(self.first_row, 1)  # type: ignore[assignment]  # a plain cell: nothing merged yet
        ws.print_title_rows = f"{_HEADER_ROW}:{self.first_row - 1}"
        ws.page_setup.orientation = "landscape"
        # Printed one page wide, as the lampiran. A new sheet has its page set-up properties (the stubs allow None).
        ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0

    def _head(self, row: int, col: int, text: str | None) -> None:
        cell = self.sheet.cell(row, col)
        if text is not None:
            cell.value = text
        cell.font, cell.alignment, cell.border, cell.fill = self.bold, self.center, self.border, self.fill

    def put(self, row: int, col: int, text: str | None, center: bool = False) -> None:
        cell = self.sheet.cell(row, col)
        if text is not None:
            cell.value = text
            cell.data_type = "s"  # user text is data: "=..." stays text, never a formula
        cell.alignment = self.center if center else self.wrap
        cell.border = self.border

    def write_rows(self, rows: Sequence[_Row]) -> None:
        r0 = self.first_row
        levels = ("area", "component", "indicator", "step")
        spans: dict[str, list[list[int]]] = {level: [] for level in (*levels, "responsible")}
        for n, row in enumerate(rows):
            r = r0 + n
            values = {"area": row.area, "component": row.component, "indicator": row.indicator, "step": row.step,
                      "evidence": row.evidence, "link": row.link, "responsible": row.responsible}
            for k, level in enumerate(levels):
                if row.starts[k] or n == 0:
                    spans[level].append([r, r])
                    self.put(r, self.col[level], values[level])
                else:
                    spans[level][-1][1] = r
                    self.put(r, self.col[level], None)
            for field in ("evidence", "link"):
                if field in self.col:
                    self.put(r, self.col[field], values[field])
            if "responsible" in self.col:
                same = (n > 0 and not row.starts[0] and row.responsible == rows[n - 1].responsible)
                if same:
                    spans["responsible"][-1][1] = r
                    self.put(r, self.col["responsible"], None)
                else:
                    spans["responsible"].append([r, r])
                    self.put(r, self.col["responsible"], row.responsible)
            self._schedule(r, row.schedule)
        for level, runs in spans.items():
            if level not in self.col:
                continue
            for start, end in runs:
                if end > start:
                    self.sheet.merge_cells(start_row=start, start_column=self.col[level], end_row=end,
                                           end_column=self.col[level])

    def _schedule(self, r: int, schedule: Schedule | None) -> None:
        g = self.grid_at
        ticks: set[int] = set()
        if schedule is not None and g is not None and schedule.months \
                and all(y == self.year for y, _ in schedule.month_pairs):
            ticks = {m for _, m in schedule.month_pairs}
        if g is not None:
            for m in range(12):
                self.put(r, g + m, _TICK if m + 1 in ticks else None, center=True)
        if "schedule" in self.col:
            text = None
            if schedule is not None:
                # In a grid plan the text is written only for what the ticks cannot say.
                if self.columns.schedule == "target_time" or not ticks or schedule.label:
                    text = schedule_text(schedule)
            self.put(r, self.col["schedule"], text)

    def validations(self, last_row: int) -> None:
        """Drop-down lists: areas and components of the guideline, months of the year, and the tick."""
        from openpyxl.worksheet.datavalidation import DataValidation

        lists = self.book.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        areas = [a.name for a in self.guideline.areas] if self.guideline else []
        components = [c for a in self.guideline.areas for c in a.components] if self.guideline else []
        months = [f"{name} {self.year}" for name in MONTHS]
        for col, values in enumerate((areas, components, months), 1):
            for n, value in enumerate(values, 1):
                lists.cell(n, col, value)

        def column_range(col: int) -> str:
            letter = get_column_letter(col)
            return f"{letter}{self.first_row}:{letter}{last_row}"

        def add(formula: str, where: str, prompt: str) -> None:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                errorStyle="warning", error="Isian ini tidak ada dalam daftar. Tetap dipakai?",
                                errorTitle="Periksa isian", prompt=prompt, showInputMessage=True)
            dv.add(where)
            self.sheet.add_data_validation(dv)

        if areas:
            add(f"{LISTS_SHEET}!$A$1:$A${len(areas)}", column_range(self.col["area"]),
                "Pilih area perubahan (boleh diketik)")
        if components:
            add(f"{LISTS_SHEET}!$B$1:$B${len(components)}", column_range(self.col["component"]),
                "Pilih komponen pedoman (boleh diketik)")
        if "schedule" in self.col:
            add(f"{LISTS_SHEET}!$C$1:$C$12", column_range(self.col["schedule"]),
                f"Pilih bulan, atau ketik: 'Januari-Maret {self.year}', 'Juni dan Desember {self.year}', "
                f"'Triwulan I {self.year}'")
        if self.grid_at is not None:
            first, last = get_column_letter(self.grid_at), get_column_letter(self.grid_at + 11)
            add(f'"{_TICK}"', f"{first}{self.first_row}:{last}{last_row}", "Tandai bulan pelaksanaan dengan \u221a")

    # -- the other sheets

    def settings(self) -> None:
        ws = self.book.create_sheet(SETTINGS_SHEET)
        cols = self.columns
        rows = [("Pengaturan", "Isian", "Keterangan"),
                ("Tahun", self.year, "tahun rencana aksi; bulan pada kisi bulanan adalah bulan tahun ini"),
                ("Jadwal", "Kisi bulanan" if cols.schedule == "month_grid" else "Target waktu",
                 "tampilan jadwal di lampiran: 'Target waktu' (teks) atau 'Kisi bulanan' (\u221a per bulan)"),
                ("Huruf indikator", "Ya" if cols.indicator_labels == "letters" else "Tidak",
                 "indikator diberi huruf a., b., ... di lampiran (jangan diketik sendiri)"),
                ("Penomoran daftar", cols.list_style, "penomoran daftar di dalam sel: '1)' atau '1.'"),
                ("Kolom link", "Ya" if cols.link else "Tidak", "kolom LINK BUKTI FISIK ditampilkan di lampiran"),
                ("Kolom penanggung jawab", "Ya" if cols.responsible else "Tidak",
                 "kolom PENANGGUNG JAWAB ditampilkan di lampiran"),
                ("Penanda bukti fisik", _EVIDENCE_LABELS[cols.evidence_labels],
                 "bukti fisik satu langkah aksi diberi huruf a., b., ... ('Huruf') atau nomor 1., 2., ... "
                 "('Angka') di lampiran (jangan diketik sendiri), atau tidak ('Tidak')"),
                ("Nomor kolom kisi bulanan", "Satu kolom" if cols.column_numbers == "grid_as_one" else "Per bulan",
                 "baris nomor kolom di bawah kisi bulanan: satu nomor per bulan ('Per bulan') atau satu nomor "
                 "untuk seluruh kisi ('Satu kolom')")]
        headings = cols.headings
        rows += [(f"Judul kolom {COLUMN_NAMES[field]}", getattr(headings, field),
                  "judul kolom ini di lampiran (boleh diubah)") for field in HEADING_FIELDS]
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                cell = ws.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if r == 1:
                    cell.font = self.bold
        ws.column_dimensions["A"].width = 20
        ws.column_dimensions["B"].width = 16
        ws.column_dimensions["C"].width = 80

    def instructions(self) -> None:
        ws = self.book.create_sheet(INSTRUCTIONS_SHEET, 0)
        ws.column_dimensions["A"].width = 110
        lines = _INSTRUCTIONS.format(year=self.year, sheet=PLAN_SHEET, settings=SETTINGS_SHEET,
                                     guideline=self.guideline.title if self.guideline else "pedoman yang berlaku")
        for r, line in enumerate(lines.split("\n"), 1):
            cell = ws.cell(r, 1, line)
            cell.data_type = "s"
            cell.alignment = self.wrap
            if r == 1:
                cell.font = self.bold

    def fit_rows(self, ws: Any, first: int) -> None:
        """Row heights for wrapped text: Excel and LibreOffice do not grow rows that hold merged cells."""
        needed: dict[int, float] = {}
        spans = {(m.min_row, m.min_col): m.max_row - m.min_row + 1 for m in ws.merged_cells.ranges}
        for row in ws.iter_rows(min_row=first):
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                width = ws.column_dimensions[get_column_letter(cell.column)].width or 10
                chars = max(4, int(width * 1.15))
                lines = sum(max(1, -(-len(line) // chars)) for line in cell.value.split("\n"))
                span = spans.get((cell.row, cell.column), 1)
                for r in range(cell.row, cell.row + span):
                    needed[r] = max(needed.get(r, 1), lines / span)
        for r, share in needed.items():
            ws.row_dimensions[r].height = round(max(1, share) * 15 + 3, 1)

    def bytes(self, created: dt.datetime) -> bytes:
        self.fit_rows(self.sheet, self.first_row)
        self.book.active = self.book.sheetnames.index(PLAN_SHEET)
        for ws in self.book.worksheets:
            ws.sheet_view.tabSelected = ws.title == PLAN_SHEET
        self.book.properties.creator = "zi-decree"
        self.book.properties.created = created
        return workbook_bytes(self.book, created)


def workbook_bytes(book: Any, modified: dt.datetime) -> bytes:
    """The workbook saved with `modified` as its save time, so that the same workbook gives the same bytes."""
    out = io.BytesIO()
    book.save(out)
    # openpyxl stamps the time of the save.
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return deterministic_zip(out.getvalue(), fix={"docProps/core.xml": lambda xml: _modified(xml, stamp)})


def _modified(xml: bytes, stamp: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", xml)


_INSTRUCTIONS = """\
PETUNJUK PENGISIAN RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN {year}
Lembar '{sheet}' berisi tabel rencana aksi yang menjadi lampiran keputusan. Satu baris = satu bukti fisik.
1. AREA PERUBAHAN dan KOMPONEN: pilih dari daftar (sesuai {guideline}) atau ketik. Sel yang sama untuk beberapa baris boleh digabung (Merge) ke bawah atau dikosongkan di baris berikutnya.
2. INDIKATOR dan LANGKAH AKSI: tulis sekali pada baris pertama kelompoknya; gabungkan ke bawah atau kosongkan pada baris berikutnya. Indikator tidak perlu diberi huruf a., b.: huruf dan nomor dibuat otomatis.
3. BUKTI FISIK: satu bukti fisik per baris. Beberapa butir dalam satu sel ditulis per baris (Alt+Enter) dengan nomor: 1) ... 2) ... Bukti fisik tidak perlu diberi huruf a., b.: penanda diatur pada lembar '{settings}'.
4. TARGET WAKTU: pilih bulan dari daftar, atau ketik misalnya 'Januari {year}', 'Januari-Maret {year}', 'April, Juli, dan Oktober {year}', 'Triwulan I {year}', 'Per bulan (Juni-Desember)'. Sel berformat tanggal dibaca sebagai bulannya.
5. Kisi bulanan (bila ada kolom bulan Jan-Des): beri tanda \u221a (atau v, x, 1) pada bulan pelaksanaan; bulan-bulan itu adalah bulan tahun pada lembar '{settings}'.
6. PENANGGUNG JAWAB: tim pelaksana; biasanya satu untuk setiap area (gabungkan ke bawah).
7. Jangan memakai rumus (=...): ketik isinya. Jangan menambah atau mengganti judul kolom.
8. Lembar '{settings}' mengatur tahun dan tampilan lampiran. Setelah diisi, periksa dengan: zi-decree plan import <berkas>.xlsx -o rencana-aksi.yaml
   atau tulis 'plan: <berkas>.xlsx' pada spec keputusan dan jalankan zi-decree check <spec>.yaml. Setiap kesalahan disebut dengan lembar, baris, dan kolomnya."""  # noqa: E501 (a line is a row of the sheet)


def _first_row(grid: bool) -> int:
    """The plan's first row in the sheet: under the title, the header and, with a grid, the months' row."""
    return _HEADER_ROW + (2 if grid else 1)


def plan_workbook(lamp: PlanLampiran, year: int, guideline: Guideline | None = None,
                  created: dt.date | None = None, *, locate: Callable[[int], Location] | None = None) -> bytes:
    """The plan as a workbook staff can edit and `plan import` reads back to the same plan (`year`: the plan's,
    for the month grid; `created`: the date stamped in the file, 1 January of `year` by default).

    A plan longer than `plan import` reads is refused (SpecError) before anything is built, at `locate(n)`:
    where the plan's row n (0-based), the first that does not fit, comes from."""
    rows = _rows(lamp)
    cols = lamp.columns
    schedules = [r.schedule for r in rows if r.schedule is not None]
    if cols.schedule == "month_grid":
        grid = True
        # The text column is added only for what ticks in this year's months cannot say.
        text_column = any(s.label or not s.months or any(y != year for y, _ in s.month_pairs) for s in schedules)
    else:
        text_column = True
        grid = any(not _reads_back(schedule_text(s), s, year) for s in schedules)
    # One limit on both sides: the sheet's rows, title and header included, that the reader accepts.
    fit = reader.LIMITS.rows - _first_row(grid) + 1
    if len(rows) > fit:
        raise SpecError([Problem(
            _("the plan has {count} rows and a plan workbook holds {fit} (with its title and header, the {rows} rows "
              "`plan import` reads); this is row {value}, the first that does not fit, so no workbook was written "
              "(keep the plan in YAML, or split it)").format(count=len(rows), fit=fit, rows=reader.LIMITS.rows,
                  value=fit + 1),
            locate(fit) if locate is not None else Location(field="plan"), code="file-too-large")])
    book = _Book(cols, year, text_column=text_column, grid=grid, guideline=guideline,
                 link=any(r.link for r in rows), responsible=any(r.responsible for r in rows))
    book.write_rows(rows)
    book.settings()
    book.validations(book.first_row + len(rows) - 1 + _TEMPLATE_ROWS)
    book.instructions()
    when = created or dt.date(year, 1, 1)
    return book.bytes(dt.datetime(when.year, when.month, when.day))


def template_workbook(year: int, guideline: Guideline | None, *, grid: bool = False, link: bool = False,
                      responsible: bool = True) -> bytes:
    """A workbook to fill: the lampiran's columns, one row per component of the guideline, lists to pick from."""
    cols = PlanColumns(schedule="month_grid" if grid else "target_time", link=link, responsible=responsible)
    book = _Book(cols, year, text_column=not grid, grid=grid, guideline=guideline)
    rows = []
    for area in guideline.areas if guideline else ():
        for n, component in enumerate(area.components):
            rows.append(_Row(area.name, component, None, None, None, None, None,
                             f"Tim {area.name}" if responsible else None, (n == 0, True, True, True)))
    book.write_rows(rows)
    book.settings()
    book.validations(book.first_row + max(len(rows), 1) - 1 + _TEMPLATE_ROWS)
    book.instructions()
    return book.bytes(dt.datetime(year, 1, 1))
