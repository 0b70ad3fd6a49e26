"""Proofread: every word staff typed in a decree, each unknown or non-standard one a warning at its place.

What is read: the subject, Menimbang, Memperhatikan, the dictum's texts and items, the lampiran titles, narrative
lampiran, every cell of a plan (area and component names and teams, indicators, steps, evidence), the positions of
the signatory and the attesting officer, and the names of the office's own instruments. Not read: what the
catalogue or the generator writes (citations, the standard wording), links, schedules (their own check reads
them), and people's and places' names, which are accepted as words instead, with an office's own word list
(kata.txt beside the spec: one word a line).
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from zi_decree.base.markup import plain, unbalanced
from zi_decree.base.spelling import Speller, match_case, read_word_list, speller, words_of
from zi_decree.base.yaml import field_path
from zi_decree.codes import Code
from zi_decree.errors import Location, Problem, ZiDecreeError, excerpt
from zi_decree.i18n import _
from zi_decree.legal.guideline import guideline_at
from zi_decree.loading.spec import LoadedSpec
from zi_decree.model.keputusan import (
    CellList,
    HeadingBlock,
    ListBlock,
    NarrativeLampiran,
    ParagraphBlock,
    PlanLampiran,
    TextClause,
)
from zi_decree.model.walk import plan_places
from zi_decree.tasks.coverage import names_match, normalise

__all__ = ["WORD_LIST", "Finding", "emphasis_problems", "findings", "place_of", "proofread_problems", "typed_texts"]

WORD_LIST = "kata.txt"
"""An office's own word list, beside its specs: one word a line, '#' comments (see the README)."""

_Path = tuple[Any, ...]


@dataclass(frozen=True)
class Finding:
    """One word to look at: where, the word, why ('unknown', 'standard' or 'guideline') and what may be meant."""

    location: Location
    word: str
    kind: str
    suggestions: tuple[str, ...] = ()
    note: str = ""

    def problem(self) -> Problem:
        """The finding as the warning `check` shows."""
        said = ", ".join(repr(s) for s in self.suggestions)
        if self.kind == "standard":
            message = _("spelling: {word} is not the standard (baku) form; write {said} (KBBI)").format(
                        word=excerpt(self.word), said=said)
        elif self.kind == "guideline":
            message = _("spelling: {word} is not how {note}; write {said}").format(word=excerpt(self.word),
                        note=self.note, said=said)
        else:
            message = _("spelling: {word} is not in the dictionary").format(word=excerpt(self.word)) + \
                (_("; did you mean {said}?").format(
                   said=said) if said else _(" (add it to kata.txt beside the spec if it is right)"))
        code: Code = "spelling-nonstandard" if self.kind in ("standard", "guideline") else "spelling-unknown"
        return Problem(message, self.location, "warning", code=code)


def proofread_problems(loaded: LoadedSpec) -> list[Problem]:
    """The spelling warnings of a loaded decree, in the order of its fields."""
    try:
        return [f.problem() for f in findings(loaded)]
    except OSError as exc:  # an installation without its dictionary: said, and the rest of the check goes on
        return [Problem(_("spelling was not checked: the dictionary could not be read ({exc})").format(exc=exc),
                        Location(str(loaded.path) if loaded.path else None), "warning", code="spelling-unchecked")]


def emphasis_problems(loaded: LoadedSpec) -> list[Problem]:
    """A warning for each emphasis mark that opens or closes nothing (base.markup), at its line and column (the
    cell, in a workbook); such a mark is printed as it is."""
    out = []
    for path, text in _texts(loaded):
        for mark in unbalanced(text):
            # The mark with the word it touches, looked for in the file from the field's place on.
            tail = re.match(r"\**[^\W_]*", text[mark.offset:])
            head = re.search(r"[^\W_]*\**$", text[:mark.offset])
            fragment = (head.group() if head else "") + (tail.group() if tail else mark.mark)
            out.append(Problem(mark.message, _place(loaded, path, fragment, len(head.group()) if head else 0),
                               "warning", code="unbalanced-emphasis"))
    return out


def findings(loaded: LoadedSpec) -> list[Finding]:
    """Every unknown or non-standard word staff typed, and every word of an area's or component's name that
    the guideline in force spells otherwise; one finding per word and field."""
    # The words as a reader reads them: emphasis marks and escapes are not part of a word ("*Grand" is "Grand").
    texts = [(path, text, _words(text)) for path, text in _texts(loaded)]
    spell = speller().with_words(_own_words(loaded))
    # The decree's own words count in suggestions: a typo of a word is usually right elsewhere in the decree.
    seen = {word: None for _, _, words in texts for word in words}
    nearby = [w for w in seen if spell.accepts(w) and spell.standard_form(w) is None]
    guide = _guideline_words(loaded)
    out: list[Finding] = []
    suggested: dict[str, tuple[str, ...]] = {}
    for path, text, words in texts:
        done: set[str] = set()
        for typed in words:
            # A hyphenated word that is not right as a whole is read part by part ('DUMAS-bekerjasama').
            parts = [typed]
            if "-" in typed and spell.standard_form(typed) is None and not spell.accepts(typed):
                parts = [part for part in typed.split("-") if len(part) > 1]
            for word in parts:
                if word in done:
                    continue
                done.add(word)
                finding = _finding(spell, guide, path, text, word, nearby, suggested)
                if finding is not None:
                    kind, suggestions, note = finding
                    out.append(Finding(_place(loaded, path, word), word, kind, suggestions, note))
    return out


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The words of a text as a reader reads them; kept, since a decree is proofread again at each save (the
    workspace's preview) and most of its texts are as they were."""
    return tuple(word for _, word in words_of(plain(text)))


def _finding(spell: Speller, guide: _Guide | None, path: _Path, text: str, word: str, nearby: list[str],
             suggested: dict[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...], str] | None:
    """(kind, suggestions, note) for a word to report, None for a right one."""
    standard = spell.standard_form(word)
    if standard is not None:
        return "standard", (standard,), ""
    named = _guideline_word(word, text, path, guide)
    if named is not None:
        return "guideline", (named[0],), named[1]
    if spell.accepts(word):
        return None
    if word not in suggested:
        suggested[word] = tuple(spell.suggest(word, nearby))
    return "unknown", suggested[word], ""


# ----------------------------------------------------------------------------------------- what staff typed

def _texts(loaded: LoadedSpec) -> Iterator[tuple[_Path, str]]:
    """(field path, text) of every field staff type, in the decree's order."""
    k = loaded.keputusan
    yield ("subject",), k.subject
    for i, text in enumerate(k.menimbang):
        yield ("menimbang", i), text
    for i, inst in enumerate(k.instruments):
        yield ("instruments", i, "subject"), inst.subject
        if inst.form:
            yield ("instruments", i, "form"), inst.form
    for i, text in enumerate(k.memperhatikan):
        yield ("memperhatikan", i), text
    for i, clause in enumerate(k.diktum):
        if clause.kind == "adopt" and clause.object:
            yield ("diktum", i, "object"), clause.object
        elif isinstance(clause, TextClause):
            yield ("diktum", i, "text"), clause.text
            for j, item in enumerate(clause.items):
                yield ("diktum", i, "items", j, "text"), item.text
                for m, sub in enumerate(item.items):
                    yield ("diktum", i, "items", j, "items", m), sub
    if k.signatory.position:
        yield ("signatory", "position"), k.signatory.position
    yield ("attestation", "position"), k.attestation.position
    if k.attestation.unit:
        yield ("attestation", "unit"), k.attestation.unit
    for li, lamp in enumerate(k.lampiran):
        if lamp.title:
            yield ("lampiran", li, "title"), lamp.title
        if isinstance(lamp, NarrativeLampiran):
            yield from _blocks(("lampiran", li, "blocks"), lamp.blocks)
        elif isinstance(lamp, PlanLampiran):
            yield from _plan(("lampiran", li), lamp)


def _blocks(path: _Path, blocks: list[Any]) -> Iterator[tuple[_Path, str]]:
    for b, block in enumerate(blocks):
        if isinstance(block, HeadingBlock):
            yield (*path, b, "heading"), block.heading
        elif isinstance(block, ParagraphBlock):
            yield (*path, b, "paragraph"), block.paragraph
        elif isinstance(block, ListBlock):
            for i, item in enumerate(block.list.items):
                yield (*path, b, "list", "items", i, "text"), item.text
                yield from _blocks((*path, b, "list", "items", i, "blocks"), item.blocks)


def _plan(path: _Path, lamp: PlanLampiran) -> Iterator[tuple[_Path, str]]:
    # Column headings a decree words its own way are its words too (the usual ones are the generator's).
    for field, heading in lamp.columns.headings.model_dump(exclude_defaults=True).items():
        yield (*path, "columns", "headings", field), heading
    for place in plan_places(lamp.areas):
        a, c, i, s, e = place.index
        area, comp = (*path, "areas", a), (*path, "areas", a, "components", c)
        ind = (*comp, "indicators", i)
        step = (*ind, "steps", s)
        new_area, new_comp, new_ind, new_step = place.starts
        if new_area:
            yield (*area, "name"), place.area.name
            if place.area.responsible:
                yield (*area, "responsible"), place.area.responsible
        if new_comp:
            if place.component.name:
                yield (*comp, "name"), place.component.name
            if place.component.responsible:
                yield (*comp, "responsible"), place.component.responsible
        if new_ind:
            yield from _cell((*ind, "text"), place.indicator.text)
        if new_step:
            yield from _cell((*step, "text"), place.step.text)
        yield from _cell((*step, "evidence", e, "text"), place.evidence.text)


def _cell(path: _Path, cell: list[str] | CellList | None) -> Iterator[tuple[_Path, str]]:
    if isinstance(cell, CellList):
        yield (*path, "intro"), cell.intro
        for i, item in enumerate(cell.items):
            yield (*path, "items", i), item
    elif cell:
        for i, text in enumerate(cell):
            yield ((*path, i) if len(cell) > 1 else path), text


# ----------------------------------------------------------------------------------------- accepted words

def _own_words(loaded: LoadedSpec) -> list[str]:
    """Names the decree itself gives (the office, its seat and province, the place, the signatory and the
    attesting officer) and the office's word list beside the spec."""
    k = loaded.keputusan
    names = [k.office.name, k.office.seat, k.office.province, k.place, k.signatory.name, k.attestation.name]
    words = [w for name in names if name for _, w in words_of(name)]
    folder = _spec_folder(loaded)
    if folder is not None:
        words.extend(_word_list(folder / WORD_LIST))
    return words


def _spec_folder(loaded: LoadedSpec) -> Path | None:
    """The spec's folder; for a decree made from a table (batch), the folder of the table that names the office."""
    if loaded.path is not None:
        return loaded.path.parent
    where = loaded.positions.get(("office",)) or loaded.positions.get(())
    source = Path(where.file) if where is not None and where.file and not where.file.startswith("<") else None
    return source.parent if source is not None and source.is_file() else None


def _word_list(path: Path) -> list[str]:
    try:
        stat = path.stat()
    except OSError:
        return []
    return list(_read_word_list(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=16)
def _read_word_list(path: str, _mtime: int, _size: int) -> tuple[str, ...]:
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return ()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by an older Windows editor in its own code page
        text = raw.decode("cp1252", errors="replace")
    return tuple(read_word_list(text))


# ----------------------------------------------------------------------------------------- names of the guideline

@dataclass(frozen=True)
class _Guide:
    short: str
    names: tuple[str, ...]  # every area and component name, variant and older name
    words: frozenset[str]


def _guideline_words(loaded: LoadedSpec) -> _Guide | None:
    try:
        g = guideline_at(loaded.catalogue, loaded.keputusan.date)
    except ZiDecreeError:  # a malformed guidelines file: the coverage check says so
        return None
    if g is None:
        return None
    names: list[str] = []
    for area in g.areas:
        names.extend((area.name, *area.also, *area.formerly))
        for i, comp in enumerate(area.components):
            names.extend((comp, *area.variants(i), *area.older_names(i)))
    words = frozenset(w for name in names for w in normalise(name).split())
    return _Guide(g.short, tuple(names), words)


def _guideline_word(word: str, text: str, path: _Path, guide: _Guide | None) -> tuple[str, str] | None:
    """For a word of an area's or component's name that the guideline writes otherwise ('PENGUAT' in 'PENGUAT
    AKUNTABILITAS'): (the guideline's word in the typed capitals, the name the guideline gives)."""
    if guide is None or len(path) < 2 or path[-1] != "name" or "areas" not in path:
        return None
    low = word.lower()
    if len(low) < 5 or low in guide.words or not low.isalpha():
        return None
    for name in guide.names:
        if not names_match(text, name):
            continue
        for right in normalise(name).split():
            if len(right) >= 5 and right != low and (right.startswith(low) or low.startswith(right)
                                                    or difflib.SequenceMatcher(None, low, right).ratio() >= 0.85):
                return match_case(right, word), _("{short} writes this name: {name!r}").format(short=guide.short,
                                                  name=name)
    return None


# ----------------------------------------------------------------------------------------- where a word is

def _place(loaded: LoadedSpec, path: _Path, word: str, shift: int = 0) -> Location:
    """The word's line and column in its YAML file (the field's place when it cannot be found, and the cell's
    in a workbook), named by the field's path; `shift` characters on from where the word starts."""
    where = None
    for n in range(len(path), 0, -1):
        where = loaded.positions.get(path[:n])
        if where is not None:
            break
    if where is None:
        return Location(str(loaded.path) if loaded.path else None, field=field_path(path))
    located = where.at(field_path(path))
    # The word is looked for from the field's place on, when that place is the field's own (or its list item's).
    if where.sheet is not None or not where.file or where.line is None or not isinstance(where.column, int) \
            or n < len(path) - 2:
        return located
    lines = _file_lines(where.file)
    if not lines or where.line > len(lines):
        return located
    pattern = re.compile(r"(?<![^\W\d_])" + re.escape(word) + r"(?![^\W\d_])")
    # The value starts at the field's place; a long text may go on over the lines below it.
    for n in range(where.line - 1, min(len(lines), where.line + 40)):
        start = where.column - 1 if n == where.line - 1 else 0
        found = pattern.search(lines[n], start)
        if found:
            return Location(where.file, n + 1, found.start() + 1 + shift, located.field)
    return located


@lru_cache(maxsize=32)
def _read_lines(path: str, _mtime: int) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _file_lines(path: str) -> tuple[str, ...]:
    held = _HELD.get()
    if held is not None and held[0] == path:
        return held[1]
    try:
        return _read_lines(path, Path(path).stat().st_mtime_ns)
    except OSError:
        return ()


# A file's text as a check reads it before it is written (web/workspace.check_text: a form's save).
_HELD: ContextVar[tuple[str, tuple[str, ...]] | None] = ContextVar("zi_decree_held_text", default=None)


@contextlib.contextmanager
def holding(path: str, text: bytes) -> Iterator[None]:
    """Words are placed in the lines of `text` where the file at `path` is read, as if it held those bytes."""
    try:
        lines = tuple(text.decode("utf-8-sig").splitlines())
    except UnicodeDecodeError:
        lines = ()
    token = _HELD.set((path, lines))
    try:
        yield
    finally:
        _HELD.reset(token)


# What other checks of typed text read, and where they place what they find: the same fields, the same places.
typed_texts = _texts
place_of = _place
