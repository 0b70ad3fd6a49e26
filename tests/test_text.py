"""Indonesian text rules: dates, dictum ordinals, Roman numerals, letters, enumerations, schedule phrases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from zi_decree.base.indonesian import (
    dictum_label,
    enumerate_words,
    format_date_id,
    huruf_references,
    letter_label,
    month_name,
    roman,
    schedule_phrase,
)


@pytest.mark.parametrize("day, expected", [
    (dt.date(2025, 1, 5), "5 Januari 2025"),
    (dt.date(2022, 4, 28), "28 April 2022"),
    (dt.date(2025, 10, 9), "9 Oktober 2025"),
    (dt.date(2022, 4, 7), "7 April 2022"),
    (dt.date(2024, 2, 29), "29 Februari 2024"),
    (dt.date(2023, 8, 17), "17 Agustus 2023"),
    (dt.date(2023, 11, 1), "1 November 2023"),
    (dt.date(2023, 12, 31), "31 Desember 2023"),
])
def test_dates_as_decrees_write_them(day: dt.date, expected: str) -> None:
    assert format_date_id(day) == expected


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_is_day_month_year_without_leading_zero(day: dt.date) -> None:
    text = format_date_id(day)
    d, m, y = text.split(" ")
    assert d == str(day.day) and m == month_name(day.month) and y == str(day.year)


def test_dictum_labels_start_with_kesatu_not_pertama() -> None:
    expected = ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN",
                "KESEMBILAN", "KESEPULUH", "KESEBELAS", "KEDUA BELAS", "KETIGA BELAS", "KEEMPAT BELAS",
                "KELIMA BELAS", "KEENAM BELAS", "KETUJUH BELAS", "KEDELAPAN BELAS", "KESEMBILAN BELAS",
                "KEDUA PULUH"]
    assert [dictum_label(n) for n in range(1, 21)] == expected
    assert dictum_label(21) == "KEDUA PULUH SATU"
    assert "PERTAMA" not in {dictum_label(n) for n in range(1, 100)}


@given(st.integers(min_value=1, max_value=99))
def test_dictum_labels_are_capitals_and_distinct(n: int) -> None:
    label = dictum_label(n)
    assert label.isupper() and label.startswith("KE")
    assert label != dictum_label(n + 1)


def test_dictum_label_rejects_zero() -> None:
    with pytest.raises(ValueError):
        dictum_label(0)


@pytest.mark.parametrize("n, expected", [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"),
                                         (9, "IX"), (14, "XIV"), (40, "XL"), (1999, "MCMXCIX")])
def test_roman(n: int, expected: str) -> None:
    assert roman(n) == expected


def test_letters() -> None:
    assert [letter_label(n) for n in (1, 2, 3, 26, 27, 28, 52, 53)] == ["a", "b", "c", "z", "aa", "ab", "az", "ba"]


@given(st.integers(min_value=1, max_value=2000))
def test_letters_are_unique(n: int) -> None:
    assert letter_label(n) != letter_label(n + 1)


def test_enumerations() -> None:
    assert enumerate_words(["a"]) == "a"
    assert enumerate_words(["a", "b"]) == "a dan b"
    assert enumerate_words(["a", "b", "c"]) == "a, b, dan c"
    assert huruf_references(1) == "huruf a"
    assert huruf_references(2) == "huruf a dan huruf b"
    assert huruf_references(3) == "huruf a, huruf b, dan huruf c"
    with pytest.raises(ValueError):
        enumerate_words([])


@pytest.mark.parametrize("months, expected", [
    ([(2025, m) for m in range(1, 13)], "Januari\u2013Desember 2025"),
    ([(2025, 4), (2025, 7), (2025, 10), (2026, 1)], "April, Juli, dan Oktober 2025; Januari 2026"),
    ([(2025, 6), (2025, 12)], "Juni dan Desember 2025"),
    ([(2025, 8)], "Agustus 2025"),
    ([(2025, m) for m in range(5, 13)], "Mei\u2013Desember 2025"),
    ([(2025, 1), (2025, 2), (2025, 3), (2025, 6)], "Januari\u2013Maret dan Juni 2025"),
    ([(2025, 5), (2025, 6)], "Mei dan Juni 2025"),
    ([(2025, 3), (2025, 6), (2025, 9), (2025, 12)], "Maret, Juni, September, dan Desember 2025"),
])
def test_schedule_phrases(months, expected: str) -> None:
    assert schedule_phrase(months) == expected


@given(st.sets(st.tuples(st.integers(2020, 2030), st.integers(1, 12)), min_size=1))
def test_schedule_phrase_reads_back_as_the_same_months(months) -> None:
    from zi_decree.model.schedule import parse_schedule

    parsed = parse_schedule(schedule_phrase(months)).schedule
    assert set(parsed.month_pairs) == set(months)
    assert parsed.label is None
