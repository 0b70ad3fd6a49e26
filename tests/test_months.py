"""Month names: one table of Indonesian months and their usual spellings, and every reader accepts all of them."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from babel.dates import get_month_names

import zi_decree
from zi_decree.base.indonesian import MONTH_WORDS, MONTHS, month_number
from zi_decree.loading.offices import parse_date
from zi_decree.model.schedule import parse_schedule

PACKAGE = Path(zi_decree.__file__).parent

# What staff write, as collected from real decrees and offices tables (on top of babel's names and abbreviations).
STAFF_SPELLINGS = [
    ("Nopember", 11), ("Pebruari", 2), ("Agt", 8), ("Agst", 8), ("Agus", 8), ("Agust", 8), ("Sept", 9),
    ("Des", 12), ("Okt", 10), ("Nop", 11), ("Peb", 2), ("Mei", 5), ("Jun", 6), ("Jul", 7), ("Juni", 6),
    ("Juli", 7), ("Sep", 9), ("Nov", 11), ("Janu", 1), ("Febr", 2), ("Okto", 10), ("Agt.", 8), ("Sept.", 9),
    ("NOPEMBER", 11), ("agustus", 8),
]
BABEL = [(name, month) for width in ("wide", "abbreviated")
         for month, name in get_month_names(width, locale="id").items()]
SPELLINGS = sorted(set(BABEL + STAFF_SPELLINGS + [(w, m) for w, m in MONTH_WORDS.items()]))


def test_the_table_is_built_on_babels_indonesian_month_names() -> None:
    assert tuple(get_month_names("wide", locale="id")[m] for m in range(1, 13)) == MONTHS
    for name, month in BABEL:
        assert MONTH_WORDS[name.lower()] == month, name


@pytest.mark.parametrize("word,month", SPELLINGS, ids=[w for w, _ in SPELLINGS])
def test_every_spelling_names_its_month(word: str, month: int) -> None:
    assert month_number(word) == month


@pytest.mark.parametrize("word,month", SPELLINGS, ids=[w for w, _ in SPELLINGS])
def test_an_offices_date_accepts_every_spelling(word: str, month: int) -> None:
    assert parse_date(f"5 {word} 2025") == dt.date(2025, month, 5)


@pytest.mark.parametrize("word,month", SPELLINGS, ids=[w for w, _ in SPELLINGS])
def test_a_schedule_phrase_accepts_every_spelling(word: str, month: int) -> None:
    parsed = parse_schedule(f"{word} 2025")
    assert parsed.schedule.months == [f"2025-{month:02d}"], parsed.warnings
    assert parsed.warnings == []


@pytest.mark.parametrize("word,month", SPELLINGS, ids=[w for w, _ in SPELLINGS])
def test_a_workbook_month_column_accepts_every_spelling(word: str, month: int) -> None:
    from zi_decree.loading.workbook import _month_header

    assert _month_header(word) == month


@pytest.mark.parametrize("text,expected", [
    ("5 Nopember 2025", dt.date(2025, 11, 5)), ("5 Agt 2025", dt.date(2025, 8, 5)),
    ("05-Nop-2025", dt.date(2025, 11, 5)), ("5 Agt. 2025", dt.date(2025, 8, 5)),
    ("5 November 2025", dt.date(2025, 11, 5)), ("5 May 2025", dt.date(2025, 5, 5)),
])
def test_offices_dates_in_the_spellings_staff_write(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["5 Nopembr 2025", "5 Ju 2025", "31 Pebruari 2025", "5 Desa 2025"])
def test_what_is_no_month_is_still_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_no_two_months_share_a_spelling() -> None:
    # The table is built from several sources; a spelling claimed by two months would read one of them wrong.
    assert all(1 <= m <= 12 for m in MONTH_WORDS.values())
    assert all(w == w.lower() and w.isalpha() for w in MONTH_WORDS)


def _month_lists(tree: ast.AST) -> list[int]:
    """Lines where a module spells out month names itself: a dict, list or set of them, or a regex alternation."""
    def is_month(node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, str) and \
            month_number(node.value.strip()) is not None and len(node.value.strip()) >= 3

    found = []
    for node in ast.walk(tree):
        elements: list[ast.expr | None] = []
        if isinstance(node, ast.Dict):
            elements = list(node.keys)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            elements = list(node.elts)
        if sum(1 for e in elements if e is not None and is_month(e)) >= 2:
            found.append(node.lineno)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                sum(1 for part in node.value.split("|") if month_number(part.strip()) is not None) >= 2:
            found.append(node.lineno)
    return found


def test_no_other_module_spells_out_month_names() -> None:
    table = PACKAGE / "base" / "indonesian.py"
    assert _month_lists(ast.parse(table.read_text(encoding="utf-8")))  # the check finds the one table
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != table:
            lines = _month_lists(ast.parse(path.read_text(encoding="utf-8")))
            assert not lines, f"{path.relative_to(PACKAGE)}:{lines[0]} spells out month names; use base.indonesian"
