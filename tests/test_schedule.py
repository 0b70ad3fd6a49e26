"""Schedule phrases of the seeds read into months; what months cannot say is kept as a label, with a warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from zi_decree.base.indonesian import MONTHS, schedule_phrase
from zi_decree.model.schedule import parse_schedule

SEEDS = Path(__file__).resolve().parent / "seeds"


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
    ("Januari-Desember 2022", months(2022, *range(1, 13)), None),
    ("Januari-Desember 2023", months(2023, *range(1, 13)), None),  # Kab. Batang 2022 really writes 2023
    ("Januari 2022", months(2022, 1), None),
    ("Februari 2022", months(2022, 2), None),
    ("Maret 2022", months(2022, 3), None),
    ("April 2022", months(2022, 4), None),
    ("Mei 2022", months(2022, 5), None),
    ("Juni 2022", months(2022, 6), None),
    ("Februari 2025", months(2025, 2), None),
    ("Maret 2025", months(2025, 3), None),
    ("April 2025", months(2025, 4), None),
    ("Mei 2025", months(2025, 5), None),
    ("Juni 2025", months(2025, 6), None),
    ("Juli 2025", months(2025, 7), None),
    ("September 2025", months(2025, 9), None),
    ("Desember 2025", months(2025, 12), None),
]

# Seed phrases that are read with a warning: (months, label, a word of the warning).
SEED_PHRASES_WITH_A_WARNING = {
    "44652": (months(2022, 4), None, "serial"),
    "January 2022": (months(2022, 1), None, "English"),
    "migrasi alamat lama ke alamat baru mulai Mei 2022":
        ([], "migrasi alamat lama ke alamat baru mulai Mei 2022", "could not be read"),
}


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


@pytest.mark.parametrize("phrase", ["2025-02-30", "s.d. Desember 2025"])
def test_what_would_lose_months_is_kept_as_written_with_a_warning(phrase: str) -> None:
    parsed = parse_schedule(phrase)
    assert parsed.schedule.months == [] and parsed.schedule.label == phrase and parsed.warnings


@pytest.mark.parametrize("phrase", sorted(SEED_PHRASES_WITH_A_WARNING))
def test_seed_phrases_with_a_warning(phrase: str) -> None:
    expected, label, word = SEED_PHRASES_WITH_A_WARNING[phrase]
    parsed = parse_schedule(phrase, default_year=2025)
    assert parsed.schedule.months == expected
    assert parsed.schedule.label == label
    assert len(parsed.warnings) == 1 and word in parsed.warnings[0]


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")
_SCHEDULE_WORD = "|".join((*MONTHS, *_ENGLISH_MONTHS, r"\d{4}", "Minggu", r"ke-\d+", "Per", "bulan", "dan", "Tahun",
                           r"[,;()\-\u2013\u2014]"))
# A cell made only of schedule words (at least one of them a month or a year), or a bare serial number.
_SCHEDULE_CELL = re.compile(
    rf"(?:(?:{_SCHEDULE_WORD})\s*)*(?:{'|'.join((*MONTHS, *_ENGLISH_MONTHS))}|\d{{4}})(?:\s*(?:{_SCHEDULE_WORD}))*"
    r"|\d{5}", re.IGNORECASE)


def test_every_seed_schedule_phrase_is_covered() -> None:
    covered = {phrase for phrase, _, _ in SEED_PHRASES} | set(SEED_PHRASES_WITH_A_WARNING)
    found = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            for cell in line.split("\t") if "\t" in line else []:
                cell = " ".join(re.sub(r"</?p>", " ", cell).split())
                if _SCHEDULE_CELL.fullmatch(cell):
                    found.add(cell)
    assert "Minggu ke-1 April 2022" in found and "44652" in found  # the scan sees the seeds' schedules
    assert sorted(found - covered) == []


@pytest.mark.parametrize("phrase, default_year, expected, label", [
    # Quarters and halves: the office's words stay as the label, the months fill the grid.
    ("Triwulan I 2025", None, months(2025, 1, 2, 3), "Triwulan I 2025"),
    ("Semester II 2025", None, months(2025, *range(7, 13)), "Semester II 2025"),
    ("Triwulan ke-2 2025", None, months(2025, 4, 5, 6), "Triwulan ke-2 2025"),
    ("triwulan 3 2025", None, months(2025, 7, 8, 9), "triwulan 3 2025"),
    ("TRIWULAN IV 2025", None, months(2025, 10, 11, 12), "TRIWULAN IV 2025"),
    ("Triwulan Pertama 2025", None, months(2025, 1, 2, 3), "Triwulan Pertama 2025"),
    ("Triwulan kedua 2025", None, months(2025, 4, 5, 6), "Triwulan kedua 2025"),
    ("Triwulan Ketiga 2025", None, months(2025, 7, 8, 9), "Triwulan Ketiga 2025"),
    ("Triwulan Keempat 2025", None, months(2025, 10, 11, 12), "Triwulan Keempat 2025"),
    ("Triwulan empat 2025", None, months(2025, 10, 11, 12), "Triwulan empat 2025"),
    ("TW I 2025", None, months(2025, 1, 2, 3), "TW I 2025"),
    ("TW. II 2025", None, months(2025, 4, 5, 6), "TW. II 2025"),
    ("tw-3 2025", None, months(2025, 7, 8, 9), "tw-3 2025"),
    ("Trw IV 2025", None, months(2025, 10, 11, 12), "Trw IV 2025"),
    ("Smt I 2025", None, months(2025, *range(1, 7)), "Smt I 2025"),
    ("Sem 2 2025", None, months(2025, *range(7, 13)), "Sem 2 2025"),
    ("Semester ke-1 2025", None, months(2025, *range(1, 7)), "Semester ke-1 2025"),
    ("Triwulan I dan III 2025", None, months(2025, 1, 2, 3, 7, 8, 9), "Triwulan I dan III 2025"),
    ("Triwulan I - IV 2025", None, months(2025, *range(1, 13)), "Triwulan I - IV 2025"),
    ("Triwulan I s.d. IV 2025", None, months(2025, *range(1, 13)), "Triwulan I s.d. IV 2025"),
    ("Triwulan II\u2013III 2025", None, months(2025, *range(4, 10)), "Triwulan II\u2013III 2025"),
    ("Triwulan I, II, III dan IV 2025", None, months(2025, *range(1, 13)), "Triwulan I, II, III dan IV 2025"),
    ("Semester I dan II 2025", None, months(2025, *range(1, 13)), "Semester I dan II 2025"),
    ("Triwulan IV 2025 dan Triwulan I 2026", None, months(2025, 10, 11, 12) + months(2026, 1, 2, 3),
     "Triwulan IV 2025 dan Triwulan I 2026"),
    ("Triwulan IV 2025 s.d. Triwulan I 2026", None, months(2025, 10, 11, 12) + months(2026, 1, 2, 3),
     "Triwulan IV 2025 s.d. Triwulan I 2026"),
    ("Triwulan II", 2025, months(2025, 4, 5, 6), "Triwulan II"),
    ("Semester I", 2025, months(2025, *range(1, 7)), "Semester I"),
    # Every quarter / half year: its closing month, as the seeds write quarterly monitoring.
    ("Setiap triwulan 2025", None, months(2025, 3, 6, 9, 12), "Setiap triwulan 2025"),
    ("Per triwulan 2025", None, months(2025, 3, 6, 9, 12), "Per triwulan 2025"),
    ("Per-triwulan 2025", None, months(2025, 3, 6, 9, 12), "Per-triwulan 2025"),
    ("Triwulanan 2025", None, months(2025, 3, 6, 9, 12), "Triwulanan 2025"),
    ("Tiap Triwulan", 2025, months(2025, 3, 6, 9, 12), "Tiap Triwulan"),
    ("Setiap semester 2025", None, months(2025, 6, 12), "Setiap semester 2025"),
    ("Per semester", 2025, months(2025, 6, 12), "Per semester"),
    ("Semesteran", 2025, months(2025, 6, 12), "Semesteran"),
    # Every month, no month named: the whole year.
    ("Setiap bulan 2025", None, months(2025, *range(1, 13)), "Setiap bulan 2025"),
    ("Per bulan", 2025, months(2025, *range(1, 13)), "Per bulan"),
    ("Tiap bulan", 2025, months(2025, *range(1, 13)), "Tiap bulan"),
    ("Bulanan", 2025, months(2025, *range(1, 13)), "Bulanan"),
    ("Bulanan 2026", 2025, months(2026, *range(1, 13)), "Bulanan 2026"),
    ("Setiap bulan (Maret-Mei) 2025", None, months(2025, 3, 4, 5), "Setiap bulan (Maret\u2013Mei) 2025"),
    # Several years: a bare year after "dan" repeats the months just named.
    ("Januari-Desember 2025 dan 2026", None, months(2025, *range(1, 13)) + months(2026, *range(1, 13)),
     "Januari\u2013Desember 2025 dan 2026"),
    ("Maret 2025 dan 2026", None, months(2025, 3) + months(2026, 3), "Maret 2025 dan 2026"),
    ("Juni, Desember 2025, 2026 dan 2027", None, months(2025, 6, 12) + months(2026, 6, 12) + months(2027, 6, 12),
     "Juni, Desember 2025, 2026 dan 2027"),
    ("Triwulan I 2025 dan 2026", None, months(2025, 1, 2, 3) + months(2026, 1, 2, 3), "Triwulan I 2025 dan 2026"),
    ("Tahun 2025-2026", None, months(2025, *range(1, 13)) + months(2026, *range(1, 13)), "Tahun 2025-2026"),
    ("2025 - 2026", None, months(2025, *range(1, 13)) + months(2026, *range(1, 13)), "2025 - 2026"),
    ("2025 s.d. 2026", None, months(2025, *range(1, 13)) + months(2026, *range(1, 13)), "2025 s.d. 2026"),
    ("Tahun 2025", None, months(2025, *range(1, 13)), "Tahun 2025"),
    ("Januari 2025 - Juni 2026", None, months(2025, *range(1, 13)) + months(2026, *range(1, 7)), None),
    # Ranges and abbreviations.
    ("Januari s/d Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari s.d Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari S.D. Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari sd Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari sampai Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari sampai dengan Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari hingga Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari\u2014Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Januari\u2013Maret 2025", None, months(2025, 1, 2, 3), None),
    ("Jan - Mar 2025", None, months(2025, 1, 2, 3), None),
    ("Jan. s/d Mar. 2025", None, months(2025, 1, 2, 3), None),
    ("Agt 2025", None, months(2025, 8), None),
    ("Agust 2025", None, months(2025, 8), None),
    ("Sept 2025", None, months(2025, 9), None),
    ("Okt 2025", None, months(2025, 10), None),
    ("Nop 2025", None, months(2025, 11), None),
    ("Des 2025", None, months(2025, 12), None),
    ("Juni/Desember 2025", None, months(2025, 6, 12), None),
    ("04/2025", None, months(2025, 4), None),
    # What the office says about the month is kept.
    ("Minggu ke-3 Januari 2022", None, months(2022, 1), "Minggu ke-3 Januari 2022"),
    ("Awal Januari 2025", None, months(2025, 1), "Awal Januari 2025"),
    ("Akhir Desember 2025", None, months(2025, 12), "Akhir Desember 2025"),
    ("Pertengahan Juni 2025", None, months(2025, 6), "Pertengahan Juni 2025"),
])
def test_quarters_periods_years_and_ranges(phrase: str, default_year: int | None, expected: list[str],
                                           label: str | None) -> None:
    parsed = parse_schedule(phrase, default_year=default_year)
    assert parsed.schedule.months == expected
    assert parsed.schedule.label == label
    assert parsed.warnings == []


@pytest.mark.parametrize("phrase, warning", [
    ("Triwulan II", "no year"),
    ("Setiap triwulan", "no year"),
    ("Per bulan", "no year"),
    ("Januari 1985", "1985 is not a plausible year"),
    ("Maret 2101", "2101 is not a plausible year"),
    ("13/2025", "13 is not a month number"),
    ("Triwulan V 2025", "could not be read"),
    ("Semester III 2025", "could not be read"),
    ("Triwulan 2025", "could not be read"),  # which quarter?
    ("Setiap tahun 2025", "could not be read"),  # once a year, but in which month?
    ("Maret 2025 - 2026", "could not be read"),  # March of each year, or March 2025 to some month of 2026?
    ("2026 - 2025", "could not be read"),
    ("2025/2026", "could not be read"),  # a school or fiscal year is not two calendar years
    ("Januari 2025 *", "could not be read"),
    ("Minggu ke-1", "could not be read"),
])
def test_what_cannot_be_structured_is_a_label_with_a_warning(phrase: str, warning: str) -> None:
    parsed = parse_schedule(phrase)
    assert parsed.schedule.months == [] and parsed.schedule.label == phrase
    assert len(parsed.warnings) == 1 and warning in parsed.warnings[0]


def test_control_characters_are_shown_not_refused() -> None:
    parsed = parse_schedule("Mei\x002025")
    assert parsed.schedule.months == [] and parsed.schedule.label == "Mei\ufffd2025"
    assert "control" in parsed.warnings[0]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read_or_kept_never_refused(phrase: str) -> None:
    if phrase.strip():
        parsed = parse_schedule(phrase)
        assert parsed.schedule.months or parsed.schedule.label


@settings(max_examples=300, deadline=None)
@given(st.sets(st.tuples(st.integers(2000, 2040), st.integers(1, 12)), min_size=1, max_size=30))
def test_the_phrase_we_write_reads_back_as_its_months(pairs: set[tuple[int, int]]) -> None:
    parsed = parse_schedule(schedule_phrase(pairs))
    assert parsed.schedule.months == [f"{y:04d}-{m:02d}" for y, m in sorted(pairs)]
    assert parsed.schedule.label is None and parsed.warnings == []


def test_a_plan_s_phrases_are_read_once_and_warned_of_in_the_check_s_language(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan says the same few phrases in many rows and is loaded again at each check (the workspace checks a
    decree after each change): each phrase is read once per process; its warning still comes in the language of
    the check that reads it, at every row saying it."""
    import shutil

    from zi_decree.i18n import use_language
    from zi_decree.loading import spec as loading

    examples = Path(__file__).resolve().parent.parent / "examples"
    for name in ("kota-surakarta-2025.yaml", "kota-surakarta-2025.plan.yaml"):
        shutil.copy(examples / name, tmp_path / name)
    plan = tmp_path / "kota-surakarta-2025.plan.yaml"
    text = plan.read_text("utf-8")
    phrase = re.search(r"schedule: (.+)", text)
    assert phrase
    plan.write_text(text.replace(f"schedule: {phrase.group(1)}", "schedule: Sesuai kebutuhan zi-uji"), "utf-8")
    rows = text.count(f"schedule: {phrase.group(1)}")
    read: list[str] = []
    real = loading.parse_schedule
    monkeypatch.setattr(loading, "parse_schedule", lambda p, **k: read.append(p) or real(p, **k))
    said = {}
    for lang in ("en", "id", "en"):
        with use_language(lang):
            warned = [str(w.message) for w in loading.load(tmp_path / "kota-surakarta-2025.yaml").warnings
                      if "zi-uji" in w.message]
        assert len(warned) == rows, warned
        said.setdefault(lang, warned[0])
        assert warned[0] == said[lang]
    assert said["en"] != said["id"] and "could not be read as months" in said["en"]
    assert read.count("Sesuai kebutuhan zi-uji") == 2  # once in each language
