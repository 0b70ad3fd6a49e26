"""Rollover: next year's spec from this year's (years, schedules, number, date), comments kept, every change reported.

A plan kept in a workbook rolls over into a new workbook: same sheets and settings, each cell changed listed by
sheet, row and column."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from zi_decree.base import arguments
from zi_decree.base.indonesian import format_date_id, schedule_phrase
from zi_decree.base.roundtrip import Tree, dump_tree, read_tree
from zi_decree.base.yaml import Positions, field_path, read_yaml_text
from zi_decree.base.years import (  # how years in texts are told apart, shared with check's stale-year warning
    DOCUMENT as _DOCUMENT,
    ELECTION as _ELECTION,
    FULL_DATE as _FULL_DATE,
    PERIOD as _PERIOD,
    RELATIVE_WINDOW,
    YEAR as _YEAR,
)
from zi_decree.composing.wording import citation_text
from zi_decree.errors import Location, Problem, SpecError
from zi_decree.i18n import _, ngettext
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, inline_plan, load, load_data
from zi_decree.model.schedule import parse_schedule
from zi_decree.tasks.check import CheckResult, check

__all__ = ["LEFT_OUT", "Change", "Rollover", "rollover"]

# Keys whose values are facts about the world (an instrument, a person, a file), not the plan's words.
_KEEP = {"instruments", "mengingat", "catalogues", "template", "office", "signatory", "attestation", "kind",
         "columns", "paper", "issuer", "number", "year", "date", "plan", "link"}


@dataclass(frozen=True)
class Change:
    """One change rollover made (or one thing it left for a person to confirm), with where it is."""

    where: Location
    old: str
    new: str | None = None
    reason: str = ""
    kind: str = ""  # LEFT_OUT for a legal basis taken out of the Mengingat: how the report finds these again

    def __str__(self) -> str:
        if self.new is None:
            return f"{self.where}: {self.reason}: {self.old!r}"
        return f"{self.where}: {self.old!r} -> {self.new!r}"


@dataclass(frozen=True)
class Rollover:
    """Next year's spec as written: its files, the changes made, what to confirm, and its check result."""

    spec: Path
    files: tuple[Path, ...]
    report: Path
    changes: tuple[Change, ...]
    confirm: tuple[Change, ...]
    result: CheckResult
    citations: tuple[tuple[str, str, str], ...] = ()
    left_out: tuple[Change, ...] = ()  # legal bases lapsed by the new date, taken out of the Mengingat


@dataclass
class _Doc:
    """One YAML file being rolled over: its round-trip tree and where it came from and goes to."""

    source: Path
    target: Path
    tree: Any
    indent: tuple[int, int, int]  # mapping, sequence, offset of the dash, as the file has them
    prefix: tuple[Any, ...] = ()
    crlf: bool = False
    positions: Positions = field(default_factory=dict)

    def locate(self, path: tuple[Any, ...]) -> Location:
        # Lines are kept by the round trip, so the old file's line is the new file's line.
        full = (*self.prefix, *path)
        found = self.positions.get(full, Location(str(self.source)))
        return Location(str(self.target), found.line, found.column, field_path(full) or None)


@dataclass
class _Workbook:
    """One plan workbook being rolled over: the book as read, where it goes, and the plan field each cell holds."""

    source: Path
    target: Path
    book: Any
    # (sheet, row, column) -> the plan field the cell holds
    fields: dict[tuple[str, int, int], tuple[Any, ...]] = field(default_factory=dict)

    def locate(self, path: tuple[Any, ...]) -> Location:
        """(sheet, row, column) names a cell; (sheet, what, range) something else on the sheet (a drop-down)."""
        from openpyxl.utils import get_column_letter

        sheet, row, column = path
        if isinstance(row, int):
            full = self.fields.get(path)
            return Location(str(self.target), row, get_column_letter(column), field_path(full) if full else None,
                            sheet)
        return Location(str(self.target), field=f"{row} {column}", sheet=sheet)


class _Cells:
    """A sheet's cells as the roller reads and sets values, keyed by (row, column)."""

    def __init__(self, sheet: Any):
        self.sheet = sheet

    def __getitem__(self, key: tuple[int, int]) -> Any:
        value = self.sheet.cell(*key).value
        # Excel keeps every number as a float: 45870.0 is the serial 45870.
        return int(value) if isinstance(value, float) and value.is_integer() else value

    def __setitem__(self, key: tuple[int, int], value: Any) -> None:
        cell = self.sheet.cell(*key)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # user text is data: "=..." stays text, never a formula


def _read(path: Path, target: Path, prefix: tuple[Any, ...] = ()) -> _Doc:
    raw = path.read_bytes()
    tree = read_tree(raw)
    _skip, positions = read_yaml_text(raw.decode("utf-8").replace("\r\n", "\n"), str(path), prefix)
    return _Doc(path, target, tree.data, tree.indent, prefix, crlf=tree.crlf, positions=positions)


def _dump(doc: _Doc) -> str:
    # As it was laid out; a byte-order mark is not written again (rollover writes UTF-8 text).
    return dump_tree(Tree(doc.tree, doc.indent, doc.crlf)).decode("utf-8")


def _renamed(path: Path, old: int, new: int, suffix: str) -> Path:
    """kab-semarang-2025.yaml -> kab-semarang-2026.yaml; without the year in the name, add the new one."""
    name = path.name
    if str(old) in name:
        return path.with_name(name.replace(str(old), str(new)))
    stem = name.removesuffix(suffix)
    return path.with_name(f"{stem}-{new}{suffix}")


def _same_kind(original: Any, text: str) -> Any:
    # A folded or literal block stays one; years keep their length, so its fold points stay right.
    if not isinstance(original, ScalarString):
        return text
    new = type(original)(text)
    for attr in ("fold_pos", "comment"):
        if hasattr(original, attr) and (attr != "fold_pos" or len(text) == len(original)):
            setattr(new, attr, getattr(original, attr))
    return new


class _Roller:
    def __init__(self, old: int, new: int, old_date: dt.date, new_date: dt.date):
        self.old, self.new, self.delta = old, new, new - old
        self.old_date, self.new_date = old_date, new_date
        self.changes: list[Change] = []
        self.confirm: list[Change] = []
        self.seen: set[int] = set()  # a node shared through a YAML alias is moved once, not once per alias
        self.origins: dict[int, tuple[_Doc | _Workbook, tuple[Any, ...]]] = {}

    # ------------------------------------------------------------------ text

    def shift_text(self, text: str, doc: _Doc | _Workbook, path: tuple[Any, ...]) -> str:
        """Move the plan year and the years near it; keep (and list) document numbers, dated events, periods."""
        where = self.where(doc, path)
        protected: list[tuple[int, int]] = []
        for pattern, reason in ((_DOCUMENT, _("names a document by its number; kept")),
                                (_FULL_DATE, _("a dated letter or event; kept, update it if next year's differs")),
                                (_ELECTION, _("an election of that year; kept")),
                                (_PERIOD, _("a period (road map, strategic plan); kept"))):
            for m in pattern.finditer(text):
                if any(self._moves(int(y.group())) for y in _YEAR.finditer(m.group())):
                    if not any(a <= m.start() < b for a, b in protected):
                        self.confirm.append(self.note(Change(where, m.group(), None, reason), doc, path))
                protected.append(m.span())

        def move(m: re.Match[str]) -> str:
            year = int(m.group())
            if any(a <= m.start() < b for a, b in protected) or not self._moves(year):
                return m.group()
            return str(year + self.delta)

        return _YEAR.sub(move, text)

    def _moves(self, year: int) -> bool:
        low, high = RELATIVE_WINDOW
        return self.old + low <= year <= self.old + high

    def shift_month(self, month: str) -> str:
        year, mm = month.split("-")
        return f"{int(year) + self.delta:04d}-{mm}"

    # ------------------------------------------------------------------ trees

    def walk(self, node: Any, path: tuple[Any, ...], doc: _Doc) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        items = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, CommentedSeq) \
            else ()
        for key, value in list(items):
            child = (*path, key)
            if isinstance(key, str) and key in _KEEP:
                continue
            if key == "schedule":
                self.schedule(node, key, child, doc)
            elif key == "until" and isinstance(value, str):
                self.set(node, key, self.shift_month(value), child, doc)
            elif isinstance(value, (CommentedMap, CommentedSeq)):
                self.walk(value, child, doc)
            elif isinstance(value, str):
                new = self.shift_text(value, doc, child)
                if new != value:
                    self.set(node, key, _same_kind(value, new), child, doc)

    def schedule(self, parent: Any, key: Any, path: tuple[Any, ...], doc: _Doc | _Workbook) -> None:
        value = parent[key]
        where = self.where(doc, path)
        if isinstance(value, CommentedMap):
            months = value.get("months")
            if isinstance(months, CommentedSeq):
                old = list(months)
                for i, m in enumerate(old):
                    if isinstance(m, str) and re.fullmatch(r"\d{4}-\d{2}", m):
                        months[i] = self.shift_month(m)
                if list(months) != old:
                    self.changes.append(Change(where, ", ".join(old), ", ".join(months)))
            if isinstance(value.get("label"), str):
                label = value["label"]
                shifted = _YEAR.sub(lambda m: str(int(m.group()) + self.delta), label)
                if shifted != label:
                    self.set(value, "label", _same_kind(label, shifted), (*path, "label"), doc)
            return
        if isinstance(value, dt.date):
            # A schedule written as a date (2025-03-15): the same day, years later.
            try:
                moved = value.replace(year=value.year + self.delta)
            except ValueError:  # 29 February
                moved = value.replace(year=value.year + self.delta, day=28)
            self.set(parent, key, moved, path, doc)
            return
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            return
        parsed = parse_schedule(value, default_year=self.old)
        if any(w.code == "schedule-serial-date" for w in parsed.warnings) and parsed.schedule.months:
            # A spreadsheet serial (44652) becomes the month it stands for, in words, moved a year.
            months = [tuple(map(int, self.shift_month(m).split("-"))) for m in parsed.schedule.months]
            self.set(parent, key, schedule_phrase(months), path, doc)
            return
        # Every year in a schedule is the plan's: move them all.
        shifted = _YEAR.sub(lambda m: str(int(m.group()) + self.delta), value)
        if shifted != value:
            self.set(parent, key, _same_kind(value, shifted), path, doc)

    def set(self, parent: Any, key: Any, new: Any, path: tuple[Any, ...], doc: _Doc | _Workbook,
            reason: str = "") -> None:
        old = parent[key]
        parent[key] = new
        self.changes.append(self.note(Change(self.where(doc, path), _show(old), _show(new), reason), doc, path))

    def note(self, change: Change, doc: _Doc | _Workbook, path: tuple[Any, ...]) -> Change:
        """Remember which value a change is about, to name its line in the file as written (see relocate)."""
        self.origins[id(change)] = (doc, path)
        return change

    def relocate(self, texts: dict[Path, str]) -> None:
        """Name each change by its line in the new file: the round trip may join a folded line or two."""
        fresh: dict[Path, Positions] = {}
        for doc, _skip in self.origins.values():
            if isinstance(doc, _Doc) and doc.target not in fresh:
                fresh[doc.target] = read_yaml_text(texts[doc.target], str(doc.target), doc.prefix)[1]

        def moved(change: Change) -> Change:
            origin = self.origins.get(id(change))
            if origin is None:
                return change
            doc, path = origin
            if not isinstance(doc, _Doc):  # a workbook's cells do not move
                return change
            found = fresh[doc.target].get((*doc.prefix, *path))
            if found is None:
                return change
            return dataclasses.replace(change, where=Location(str(doc.target), found.line, found.column,
                                                              change.where.field))

        self.changes = [moved(c) for c in self.changes]
        self.confirm = [moved(c) for c in self.confirm]

    @staticmethod
    def where(doc: _Doc | _Workbook, path: tuple[Any, ...]) -> Location:
        return doc.locate(path)


def _show(value: Any) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # a date cell
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def rollover(spec: Path | str, year: int, number: int | str, date: dt.date, output: Path | str | None = None,
             catalogue: Catalogue | None = None, force: bool = False) -> Rollover:
    """Write next year's spec (and plan files) beside `output`, with a change report; an existing file is replaced
    only with `force`, a symbolic link or a file it reads never.

    The plan year and the years near it move to `year` (titles, steps, evidence), schedules move by the same
    number of years, `number` and `date` are set; a workbook plan gets next year's workbook. Document numbers,
    dated events, periods, the office's own instruments and the officials are kept and listed for confirmation.
    The new spec is checked at the new date (so lapsed legal bases are warned about) and the result is part of
    the report.
    """
    spec = arguments.path("spec", spec)
    arguments.year("year", year)
    arguments.number("number", number)
    arguments.date("date", date)
    output = arguments.optional_path("output", output)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    arguments.flag("force", force)
    loaded = load(spec, catalogue)  # the old spec must be valid: rolling errors forward helps nobody
    k = loaded.keputusan
    problems = []
    if year <= k.year:
        problems.append(Problem(_("the new year {year} is not after the spec's year {year2}").format(year=year,
                                  year2=k.year), Location(field="year"),
                                code="invalid-option"))
    if date.year != year:
        problems.append(Problem(_("the date {date} is not in {year}").format(date=date.isoformat(), year=year),
                                  Location(field="date"),
                                code="date-not-in-year"))
    code_year = re.search(r"/(\d{4})$", str(number))
    if code_year and int(code_year.group(1)) != year:
        problems.append(Problem(_("the registry code {number} ends in {group}, not {year}").format(number=number,
                                  group=code_year.group(1), year=year),
                                Location(field="number"), code="number-year-mismatch"))
    target = Path(output) if output is not None else _renamed(spec, k.year, year, ".yaml")
    if problems:
        raise SpecError(problems)

    roller = _Roller(k.year, year, k.date, date)
    main = _read(spec, target)
    docs: list[_Doc | _Workbook] = [main]
    tree = main.tree
    for key, value in (("number", number), ("year", year), ("date", date)):
        roller.set(tree, key, value, (key,), main)
    roller.walk(tree, (), main)
    _move_references(roller, tree, spec.parent, target.parent, main)
    for i, lamp in enumerate(tree.get("lampiran") or []):
        ref = lamp.get("plan") if isinstance(lamp, CommentedMap) else None
        if not isinstance(ref, str):
            continue
        source = (spec.parent / ref)
        if Path(ref).suffix.lower() in _WORKBOOKS:
            docs.append(_roll_workbook(roller, source, ref, target, lamp, i, loaded, main))
            continue
        new_ref = _renamed(Path(ref), k.year, year, ".plan.yaml" if ref.endswith(".plan.yaml") else ".yaml")
        plan = _read(source, target.parent / new_ref, ("lampiran", i))
        roller.set(lamp, "plan", new_ref.as_posix(), ("lampiran", i, "plan"), main)
        roller.walk(plan.tree, (), plan)
        docs.append(plan)
    _confirm_facts(roller, loaded, main)
    left_out = _leave_out_lapsed(roller, loaded, main, date)

    texts = {d.target: _dump(d) for d in docs if isinstance(d, _Doc)}
    roller.relocate(texts)
    stamp = dt.datetime(date.year, date.month, date.day)  # a workbook's save time: the new decree's date
    files = [(d.target, texts[d.target].encode("utf-8") if isinstance(d, _Doc) else _workbook_bytes(d, stamp))
             for d in docs]
    report_path = target.with_name(target.name.removesuffix(".yaml") + ".rollover.md")
    from zi_decree.writing.files import unwritable, write_files

    problems += unwritable([p for p, _ in files] + [report_path], force=force, hint=_("choose another name with -o"),
                           reads=[d.source for d in docs])
    if problems:
        raise SpecError(problems)

    result = _check_texts(files, target, loaded.catalogue if catalogue is None else catalogue, k.year, year)
    citations = _citation_changes(loaded, date, {c.old for c in left_out})
    # As relocated to the new file's lines.
    left_out = [c for c in roller.confirm if c.kind == LEFT_OUT]
    report = _report(spec, target, k.year, year, date, roller, result, citations, files, left_out)
    write_files([*files, (report_path, report.encode("utf-8"))])
    return Rollover(target, tuple(p for p, _ in files), report_path, tuple(roller.changes), tuple(roller.confirm),
                    result, tuple(citations), tuple(left_out))


# ----------------------------------------------------------------------------------------------- workbooks

_WORKBOOKS = (".xlsx", ".xlsm")  # as loading reads them


def _roll_workbook(roller: _Roller, source: Path, ref: str, target: Path, lamp: Any, index: int,
                   loaded: LoadedSpec, main: _Doc) -> _Workbook:
    """Next year's plan workbook beside the spec: every sheet's years moved as in a YAML plan (schedules as
    schedules), the Tahun setting moved, the rest of the book (sheets, merges, lists, widths) as it was."""
    from openpyxl.utils import column_index_from_string

    from zi_decree.loading.workbook import open_workbook, settings_cells

    # openpyxl writes .xlsx only (an .xlsm's macros are not kept), so the new workbook is one.
    new_ref = _renamed(Path(ref).with_suffix(".xlsx"), roller.old, roller.new, ".xlsx")
    book = _Workbook(source, target.parent / new_ref, open_workbook(source))
    for path, where in loaded.positions.items():
        # The plan field each cell holds, to report it as YAML changes are (the innermost field wins).
        if path[:2] == ("lampiran", index) and where.sheet and where.line and isinstance(where.column, str):
            cell = (where.sheet, where.line, column_index_from_string(where.column))
            if len(path) > len(book.fields.get(cell, ())):
                book.fields[cell] = path
    roller.set(lamp, "plan", new_ref.as_posix(), ("lampiran", index, "plan"), main)
    if source.suffix.lower() == ".xlsm":
        roller.confirm.append(Change(Location(str(book.target)), source.name, None,
                                     _("its macros are not carried into the new workbook (.xlsx)")))
    year_cell = settings_cells(book.book, str(source)).get("year")
    for sheet in book.book.worksheets:
        cells = _Cells(sheet)
        for (row, column), cell in sorted(sheet._cells.items()):
            if cell.value is None or cell.data_type in ("f", "e"):
                continue  # formulas and error values are shown, never evaluated, and not changed
            at = (sheet.title, row, column)
            fields = book.fields.get(at, ())
            if year_cell is not None and (sheet.title, row, column) == \
                    (year_cell.sheet, year_cell.line, column_index_from_string(str(year_cell.column))):
                roller.set(cells, (row, column), _year_moved(cells[row, column], roller.delta), at, book)
            elif fields[-1:] == ("schedule",):
                roller.schedule(cells, (row, column), at, book)
            elif any(isinstance(key, str) and key in _KEEP for key in fields):
                continue
            elif isinstance(cell.value, str):
                new = roller.shift_text(cell.value, book, at)
                if new != cell.value:
                    roller.set(cells, (row, column), new, at, book)
        # The drop-down lists' prompts show examples in the plan's year ('Januari-Maret 2025').
        for validation in sheet.data_validations.dataValidation:
            for attr in ("promptTitle", "prompt", "errorTitle", "error"):
                old = getattr(validation, attr)
                if not isinstance(old, str):
                    continue
                at = (sheet.title, f"drop-down {attr}", str(validation.sqref))
                new = roller.shift_text(old, book, at)
                if new != old:
                    setattr(validation, attr, new)
                    roller.changes.append(Change(book.locate(at), old, new))
    return book


def _year_moved(value: Any, delta: int) -> Any:
    if isinstance(value, int):
        return value + delta
    return _YEAR.sub(lambda m: str(int(m.group()) + delta), str(value))


def _workbook_bytes(book: _Workbook, stamp: dt.datetime) -> bytes:
    from zi_decree.tasks.workbook import workbook_bytes

    return workbook_bytes(book.book, stamp)


def _move_references(roller: _Roller, tree: Any, old: Path, new: Path, doc: _Doc) -> None:
    """A template or catalogue folder named relative to the spec is named relative to the new spec's folder."""
    import os

    if old.resolve() == new.resolve():
        return

    def moved(ref: str) -> str:
        if Path(ref).is_absolute():
            return ref
        return Path(os.path.relpath((old / ref).resolve(), new.resolve())).as_posix()

    if isinstance(tree.get("template"), str):
        roller.set(tree, "template", moved(tree["template"]), ("template",), doc)
    for i, ref in enumerate(tree.get("catalogues") or []):
        if isinstance(ref, str):
            roller.set(tree["catalogues"], i, moved(ref), ("catalogues", i), doc)


def _confirm_facts(roller: _Roller, loaded: LoadedSpec, doc: _Doc) -> None:
    """Officials and the office's own instruments: kept as they are, listed for a person to confirm."""
    k = loaded.keputusan
    when = format_date_id(roller.new_date)

    def ask(path: tuple[Any, ...], value: str, reason: str) -> None:
        roller.confirm.append(roller.note(Change(roller.where(doc, path), value, None, reason), doc, path))

    ask(("signatory", "name"), k.signatory.name, _("the signatory; still in office on {when}?").format(when=when))
    if k.signatory.position:
        ask(("signatory", "position"), k.signatory.position,
               _("the signatory's position (Plh./Plt.?); still right?"))
    a = k.attestation
    ask(("attestation", "name"), a.name, _("attests the salinan as {position}; still so on {when}?").format(
           position=a.position, when=when))
    for i, inst in enumerate(k.instruments):
        if inst.id in k.mengingat:
            ask(("instruments", i), inst.id,
                _("the office's own instrument of {year}, still cited in Mengingat; if a new one was made for {new}, "
                  "add it to instruments and cite it instead").format(year=inst.year, new=roller.new))


LEFT_OUT = "left-out"  # the kind of a Change that took a lapsed legal basis out of the Mengingat


def _leave_out_lapsed(roller: _Roller, loaded: LoadedSpec, doc: _Doc, date: dt.date) -> list[Change]:
    """Legal bases revoked or ended by the new date are taken out of the Mengingat, each listed to confirm with
    what replaced it (to cite instead, if the decree still rests on it) or that the catalogue knows no successor."""
    seq = doc.tree.get("mengingat")
    if not isinstance(seq, CommentedSeq):
        return []
    out = []
    for ref in loaded.keputusan.mengingat:
        lapse = loaded.catalogue.lapse(ref, date)
        if lapse is None or ref not in seq:
            continue
        why, successor = lapse
        if successor is not None and successor not in seq:
            why += _("; add {successor} to mengingat if the decree still rests on it").format(successor=successor)
        del seq[seq.index(ref)]
        change = roller.note(Change(roller.where(doc, ("mengingat",)), ref, None,
                                    _("left out of the Mengingat on {date}: {why}").format(date=date.isoformat(),
                                                                                           why=why),
                                    LEFT_OUT), doc, ("mengingat",))
        roller.confirm.append(change)
        out.append(change)
    return out


def _check_texts(files: list[tuple[Path, bytes]], target: Path, catalogue: Catalogue, old: int, new: int
                 ) -> CheckResult:
    """Check the new spec from memory, as if written: locations name the new files."""
    spec_text = files[0][1].decode("utf-8")
    warnings: list[Problem] = []
    try:
        data, positions = read_yaml_text(spec_text, str(target))
        plans = {p.resolve(): t for p, t in files[1:]}
        for i, lamp in enumerate(data.get("lampiran") or []):
            if isinstance(lamp, dict) and isinstance(lamp.get("plan"), str):
                path = (target.parent / lamp["plan"]).resolve()
                name = str(target.parent / lamp["plan"])
                if path.suffix.lower() in _WORKBOOKS:
                    plan, plan_positions, read = _read_workbook_bytes(plans[path], name, ("lampiran", i), new)
                    warnings += read
                else:
                    plan, plan_positions = read_yaml_text(plans[path].decode("utf-8"), name, ("lampiran", i))
                lamp.pop("plan")  # read here, from memory, not again from disk
                inline_plan(lamp, plan, i, positions, plan_positions)
        loaded = load_data(data, positions, base=target.parent, catalogue=catalogue, source=str(target))
        loaded = dataclasses.replace(loaded, path=target, warnings=(*warnings, *loaded.warnings))
    except SpecError as exc:
        return CheckResult(str(target), tuple(exc.problems))
    return check(loaded)


def _read_workbook_bytes(data: bytes, file: str, prefix: tuple[Any, ...], year: int
                         ) -> tuple[dict[str, Any], Positions, list[Problem]]:
    """Read a workbook not yet written as if it were `file`: the reader takes a path, so a private copy is read."""
    import tempfile

    from zi_decree.loading.workbook import read_plan_xlsx

    with tempfile.TemporaryDirectory(prefix="zi-decree-") as folder:
        copy = Path(folder) / Path(file).name
        copy.write_bytes(data)

        def named(problem: Problem) -> Problem:
            where = problem.location
            return dataclasses.replace(problem, location=dataclasses.replace(where, file=file)) \
                if where.file == str(copy) else problem

        try:
            plan, positions, warnings = read_plan_xlsx(copy, year=year, prefix=prefix)
        except SpecError as exc:
            raise SpecError([named(p) for p in exc.problems]) from None
    positions = {path: named(Problem("", where, code="invalid-value")).location for path, where in positions.items()}
    return plan, positions, [named(w) for w in warnings]


def _citation_changes(loaded: LoadedSpec, date: dt.date, dropped: set[str]) -> list[tuple[str, str, str]]:
    """(id, old citation, new citation) for each legal basis kept whose wording changes at the new date."""
    k = loaded.keputusan
    out = []
    for ref in loaded.catalogue.order(r for r in k.mengingat if r not in dropped):
        before = citation_text(loaded.catalogue.resolve(ref, k.date))
        after = citation_text(loaded.catalogue.resolve(ref, date))
        if before != after:
            out.append((ref, before, after))
    return out


def _report(spec: Path, target: Path, old: int, new: int, date: dt.date, roller: _Roller, result: CheckResult,
            citations: list[tuple[str, str, str]], files: list[tuple[Path, bytes]], left_out: list[Change]) -> str:
    lines = [_("# Rollover of {name} from {old} to {new}").format(name=spec.name, old=old, new=new), "",
             _("New spec: {name}, dated {format_date_id}.").format(name=target.name,
               format_date_id=format_date_id(date))]
    for path, _skip in files[1:]:
        lines.append(_("Plan: {name}.").format(name=path.name))
    schedules = [c for c in roller.changes if (c.where.field or "").endswith(("schedule", "schedule.label"))]
    texts_changed = [c for c in roller.changes if c not in schedules]
    lines += ["", _("Review every line below before rendering; `zi-decree check` on the new spec repeats the last "
                    "section."), "", _("## To confirm ({count})").format(count=len(roller.confirm)), ""]
    lines += [f"- `{c.where}`: {c.reason}: {_md(c.old)}" for c in roller.confirm]
    lines += ["", _("## Changes ({count})").format(count=len(texts_changed)), ""]
    lines += [f"- `{c.where}`: {_md(c.old)} → {_md(c.new or '')}" for c in texts_changed]
    moved = ngettext("Target times moved by {years} year", "Target times moved by {years} years", new - old)
    lines += ["", f"## {moved.format(years=new - old)} ({len(schedules)})", ""]
    lines += [f"- `{c.where}`: {_md(c.old)} → {_md(c.new or '')}" for c in schedules]
    texts = [(path, data.decode("utf-8")) for path, data in files if path.suffix.lower() not in _WORKBOOKS]
    stale_comments = [(path.name, n, line.strip()) for path, text in texts
                      for n, line in enumerate(text.splitlines(), 1)
                      if "#" in line and str(old) in line[line.index("#"):]]
    if stale_comments:
        lines += ["", _("Comments are kept as written; these mention {old}:").format(old=old), ""]
        lines += [f"- `{name}:{n}`: {_md(line)}" for name, n, line in stale_comments]
    lines += ["", _("## Legal bases on {format_date_id}").format(format_date_id=format_date_id(date)), ""]
    lines += [f"- {c.old}: {c.reason}" for c in left_out]
    if citations:
        lines += [_("- {ref}: the citation now reads {md} (was {md2})").format(ref=ref, md=_md(after), md2=_md(before))
                  for ref, before, after in citations]
    elif not left_out:
        lines.append(_("- Every citation reads as before."))
    lines += ["", _("## Check of the new spec: {value}").format(
                        value=(_("clean"), _("warnings"), _("errors"))[result.status]),
                    ""]
    # A warning the spec accepts (its accepted: list, carried over from last year's spec) is listed with the
    # reason given, as `check --show-accepted` shows it: whether it still holds this year is for the office to say.
    lines += [(_("- {heading}: `{location}`: {message}") if p.accepted is None else
               _("- {heading} accepted ({reason}): `{location}`: {message}")).format(
                   heading=p.heading, location=p.location, message=p.message, reason=p.accepted)
              for p in result.problems] or [_("- No problems.")]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return "«" + " ".join(str(text).split()).replace("`", "'") + "»"
