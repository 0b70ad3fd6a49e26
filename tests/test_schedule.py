"""Schedule phrases of the seeds read into months; what months cannot say is kept as a label, with a warning."""

from __future__ import annotations

import pytest

from zi_decree.schedule import parse_schedule


def months(year: int, *ms: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in ms]


# Every target-time phrase of the seed decrees (tests/seeds/), with the months it means.
SEED_PHRASES = [
    ("Agustus 2025", months(2025, 8), None),
    ("Januari 2025", months(2025, 1), None),
    ("April, Juli, dan Oktober Tahun 2025", months(2025, 4, 7, 10), None),
    ("Per bulan (Juni-Desember)", months(2025, *range(6, 13)), "Per bulan (Juni\u2013Desember)"),
    ("Mei-Desember 2025", months(2025, *range(5, 13)), None),
    ("Januari-Desember 2025", months(2025, *range(1, 13)), None),
    ("Januari- Desember 2025", months(2025, *range(1, 13)), None),
    ("Januari \u2013 Desember 2025", months(2025, *range(1, 13)), None),
    ("Januari - Desember 2025", months(2025, *range(1, 13)), None),
    ("Juli-Desember 2025", months(2025, *range(7, 13)), None),
    ("Juni-Desember 2025", months(2025, *range(6, 13)), None),
    ("Juni dan Desember 2025", months(2025, 6, 12), None),
    ("April, Juli dan Oktober 2025; Januari 2026", months(2025, 4, 7, 10) + months(2026, 1), None),
    ("Maret, Juni, September, Desember 2025", months(2025, 3, 6, 9, 12), None),
    ("Januari-Juni 2022 dan Juli-Desember 2022", months(2022, *range(1, 13)),
     "Januari\u2013Juni 2022 dan Juli\u2013Desember 2022"),
    ("April, Juni, September dan Desember 2022", months(2022, 4, 6, 9, 12), None),
    ("Juni, Desember 2022", months(2022, 6, 12), None),
    ("Maret, Juni 2022", months(2022, 3, 6), None),
    ("Maret, Juni, September, Desember 2022", months(2022, 3, 6, 9, 12), None),
    ("Minggu ke-1 April 2022", months(2022, 4), "Minggu ke-1 April 2022"),
    ("Minggu ke-3 Januari 2022", months(2022, 1), "Minggu ke-3 Januari 2022"),
    ("Minggu ke-2 November 2022", months(2022, 11), "Minggu ke-2 November 2022"),
    ("Per-bulan (Januari-Desember)", months(2025, *range(1, 13)), "Per-bulan (Januari\u2013Desember)"),
    ("Januari \u2013 Desember 2022", months(2022, *range(1, 13)), None),
]


@pytest.mark.parametrize("phrase, expected, label", SEED_PHRASES)
def test_seed_phrases(phrase: str, expected: list[str], label: str | None) -> None:
    parsed = parse_schedule(phrase, default_year=2025)
    assert parsed.schedule.months == expected
    assert parsed.schedule.label == label
    assert parsed.warnings == []


def test_excel_serial_number_is_a_month_with_a_warning() -> None:
    parsed = parse_schedule("44652")
    assert parsed.schedule.months == ["2022-04"]
    assert "serial" in parsed.warnings[0]


def test_english_month_is_read_with_a_warning() -> None:
    parsed = parse_schedule("January 2022")
    assert parsed.schedule.months == ["2022-01"]
    assert parsed.warnings


def test_unreadable_phrase_is_kept_as_label_with_warning() -> None:
    parsed = parse_schedule("migrasi alamat lama ke alamat baru mulai Mei 2022")
    assert parsed.schedule.months == []
    assert parsed.schedule.label == "migrasi alamat lama ke alamat baru mulai Mei 2022"
    assert "could not be read" in parsed.warnings[0]


def test_months_without_year_need_a_default_year() -> None:
    parsed = parse_schedule("Juni-Desember")
    assert parsed.schedule.months == []
    assert parsed.warnings


def test_range_over_new_year() -> None:
    assert parse_schedule("Oktober-Februari 2026").schedule.months == months(2025, 10, 11, 12) + months(2026, 1, 2)


@pytest.mark.parametrize("phrase, expected", [
    ("Mei 2025 s.d. Juli 2025", months(2025, 5, 6, 7)),
    ("Januari 2025 - Maret 2026", months(2025, *range(1, 13)) + months(2026, 1, 2, 3)),
    ("Oktober 2025 sampai dengan Januari 2026", months(2025, 10, 11, 12) + months(2026, 1)),
    ("2025-04", months(2025, 4)),
    ("2025-04-17", months(2025, 4)),
])
def test_ranges_across_years_and_iso_months(phrase: str, expected: list[str]) -> None:
    parsed = parse_schedule(phrase)
    assert parsed.schedule.months == expected and parsed.warnings == []


@pytest.mark.parametrize("phrase", ["2025-02-30", "Maret 2025 dan 2026", "s.d. Desember 2025"])
def test_what_would_lose_months_is_kept_as_written_with_a_warning(phrase: str) -> None:
    parsed = parse_schedule(phrase)
    assert parsed.schedule.months == [] and parsed.schedule.label == phrase and parsed.warnings
