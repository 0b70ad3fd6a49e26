"""Indonesian text rules: dates, dictum ordinals, Roman numerals, letter labels, enumerations, schedule phrases."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from zi_decree.i18n import _

__all__ = [
    "ENGLISH_MONTH_WORDS",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "MONTH_WORDS",
    "dictum_label",
    "enumerate_words",
    "format_date_id",
    "huruf_references",
    "letter_label",
    "month_name",
    "month_number",
    "roman",
    "schedule_phrase",
]

# The month names and abbreviations of babel's `id` locale (a test holds them equal), written out so that reading
# a month does not load the locale data.
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
# The old spellings that dated decrees and offices still use.
_OLD_SPELLINGS = {"nopember": 11, "pebruari": 2}
# Contractions of Agustus that are no prefix of it.
_CONTRACTIONS = {"agt": 8, "agst": 8}
# English names that differ from the Indonesian ones: read, and said to be English where the text is kept.
ENGLISH_MONTH_WORDS = {"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
                       "october": 10, "december": 12}


def _month_words() -> dict[str, int]:
    pairs = [(a.lower(), i) for i, a in enumerate(MONTH_ABBREVIATIONS, 1)] + list(_CONTRACTIONS.items())
    for name, month in [*((n.lower(), i) for i, n in enumerate(MONTHS, 1)), *_OLD_SPELLINGS.items()]:
        # Narrow table cells hold a name cut to its first three letters or more (Agus, Sept, Okto, Nop).
        pairs += [(name[:end], month) for end in range(3, len(name) + 1)]
    words: dict[str, int] = {}
    for word, month in pairs:
        # A spelling two months shared would read one of them wrong.
        assert words.setdefault(word, month) == month, f"{word!r} would name two months"
    return words


# Every spelling of an Indonesian month that the readers accept (offices dates, schedule phrases, workbook month
# columns, rollover), lower case -> month number: the one table, so that every reader accepts the same words.
MONTH_WORDS: dict[str, int] = _month_words()


def month_number(word: str, *, english: bool = True) -> int | None:
    """The month (1-12) a word names in any spelling of MONTH_WORDS, or in English; None if it names none.

    Case and a final full stop ("Sept.") do not matter.
    """
    key = word.strip().lower().removesuffix(".")
    found = MONTH_WORDS.get(key)
    if found is None and english:
        found = ENGLISH_MONTH_WORDS.get(key)
    return found


def format_date_id(value: dt.date) -> str:
    """'5 Januari 2025': the date as decrees write it (no leading zero, month in words), as babel's
    format_date(value, "d MMMM y", locale="id") writes it (a test holds them equal) without loading babel (15 ms)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(_("month {month} is not between 1 and 12").format(month=month))
    return MONTHS[month - 1]


@cache
def _num2word_id() -> Any:
    """num2words' Indonesian converter, loaded alone.

    Importing any submodule of num2words runs its package `__init__`, which imports all of its 50 languages
    (40-80 ms of each start). `lang_ID.py` imports nothing of its package, so it is loaded from its file by
    itself; if a later num2words moves or changes it, the package import is the fallback.
    """
    spec = importlib.util.find_spec("num2words")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "lang_ID.py"
        alone = importlib.util.spec_from_file_location("zi_decree._num2words_lang_id", path)
        if alone is None or alone.loader is None or not path.is_file():
            continue
        module = importlib.util.module_from_spec(alone)
        try:
            alone.loader.exec_module(module)
            return module.Num2Word_ID()
        except Exception:
            break
    from num2words.lang_ID import Num2Word_ID

    return Num2Word_ID()


def dictum_label(n: int) -> str:
    """KESATU, KEDUA, ..., KESEBELAS, KEDUA BELAS, ..., KEDUA PULUH: decrees say KESATU, not PERTAMA."""
    if n < 1:
        raise ValueError(_("dictum clauses are numbered from 1"))
    if n == 1:
        return "KESATU"
    word: str = _num2word_id().to_ordinal(n)
    # num2words gives "kedua puluh satu" for 21: right for dictum labels, which count on from KEDUA PULUH.
    return word.upper()


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """Roman numeral for area rows and lampiran numbers (1 -> I, 4 -> IV)."""
    if not 1 <= n <= 3999:
        raise ValueError(_("{n} has no Roman numeral here (1..3999)").format(n=n))
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def letter_label(n: int) -> str:
    """a, b, ..., z, aa, ab, ...: the letters of Menimbang items and sub-items (1-based)."""
    if n < 1:
        raise ValueError(_("letters are numbered from 1"))
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def enumerate_words(words: Sequence[str], conjunction: str = "dan") -> str:
    """'a', 'a dan b', 'a, b, dan c': Indonesian enumeration with the serial comma legal drafting uses."""
    words = list(words)
    if not words:
        raise ValueError(_("nothing to enumerate"))
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return f"{words[0]} {conjunction} {words[1]}"
    return f"{', '.join(words[:-1])}, {conjunction} {words[-1]}"


def huruf_references(count: int) -> str:
    """'huruf a, huruf b, dan huruf c': the items of Menimbang the last one refers to."""
    return enumerate_words([f"huruf {letter_label(i)}" for i in range(1, count + 1)])


def _runs(months: Iterable[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for m in sorted(set(months)):
        if runs and runs[-1][1] == m - 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def schedule_phrase(months: Iterable[tuple[int, int]]) -> str:
    """'Januari–Desember 2025', 'April, Juli, dan Oktober 2025; Januari 2026' from (year, month) pairs.

    Three or more consecutive months become a range with an en dash; years are separated by semicolons.
    """
    by_year: dict[int, list[int]] = {}
    for year, month in months:
        month_name(month)
        by_year.setdefault(year, []).append(month)
    if not by_year:
        raise ValueError(_("a schedule phrase needs at least one month"))
    parts = []
    for year in sorted(by_year):
        words = []
        for start, end in _runs(by_year[year]):
            if end - start >= 2:
                words.append(f"{month_name(start)}\u2013{month_name(end)}")
            else:
                words.extend(month_name(m) for m in range(start, end + 1))
        parts.append(f"{enumerate_words(words)} {year}")
    return "; ".join(parts)
