"""Reading Indonesian schedule phrases ("April, Juli, dan Oktober 2025") into structured schedules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .model import Schedule
from .text import MONTHS, schedule_phrase

__all__ = ["ParsedSchedule", "parse_schedule"]

_MONTH_WORDS: dict[str, int] = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_WORDS.update({"nopember": 11, "pebruari": 2, "agustus": 8, "agt": 8})
_ENGLISH = {"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
            "august": 8, "october": 10, "december": 12}
_ABBREV = {name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)}

# Words that qualify a schedule without changing which months it names: the phrase is then kept
# as a label so that nothing the office wrote is lost, while the months still fill a grid.
_QUALIFIERS = {"minggu", "pekan", "per", "bulan", "per-bulan", "perbulan", "setiap", "tiap", "awal", "akhir",
               "pertengahan", "mulai", "triwulan", "semester", "bulanan", "tahunan"}
_FILLER = {"tahun", "dan", "s.d.", "s.d", "sd", "sampai", "dengan", "hingga", ",", ";", "-", "\u2013", "\u2014",
           "(", ")"}
_TOKEN = re.compile(r"s\.d\.?|ke-\d+|\d{4,5}|\d{1,2}|[A-Za-z]+|[,;()\-\u2013\u2014]")
_MONTH_ALT = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_MONTH_DASH = re.compile(rf"\b({_MONTH_ALT})\s*[-\u2013\u2014]\s*({_MONTH_ALT})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedSchedule:
    schedule: Schedule
    warnings: list[str] = field(default_factory=list)


def excel_serial_date(value: int) -> dt.date:
    # Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
    return dt.date(1899, 12, 30) + dt.timedelta(days=value)


def _month_of(word: str) -> tuple[int | None, bool]:
    """(month, english) for a month word, or (None, False)."""
    w = word.lower()
    if w in _MONTH_WORDS:
        return _MONTH_WORDS[w], False
    if w in _ENGLISH:
        return _ENGLISH[w], True
    if len(w) == 3 and w in _ABBREV:
        return _ABBREV[w], False
    return None, False


def parse_schedule(phrase: str, default_year: int | None = None) -> ParsedSchedule:
    """Read a schedule phrase; what cannot be read as months is kept as a label, with a warning."""
    text = " ".join(phrase.split())
    warnings: list[str] = []
    if not text:
        raise ValueError("a schedule phrase is empty")

    if re.fullmatch(r"\d{5}(\.0+)?", text):
        serial = int(float(text))
        if 20000 <= serial <= 80000:
            day = excel_serial_date(serial)
            warnings.append(
                f"{text!r} is a spreadsheet date serial number; read as {MONTHS[day.month - 1]} {day.year}"
            )
            return ParsedSchedule(Schedule(months=[f"{day.year:04d}-{day.month:02d}"]), warnings)

    iso = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if iso:
        try:
            day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1))
        except ValueError:
            return ParsedSchedule(Schedule(label=text), [f"{text!r} is not a date; kept as written"])
        return ParsedSchedule(Schedule(months=[f"{day.year:04d}-{day.month:02d}"]), warnings)

    tokens = _TOKEN.findall(re.sub(r"(?i)\bper-", "per ", text))
    # Each item is a month or a range of months; years are filled in when the year that closes them comes.
    items: list[dict[str, int | None]] = []
    pending_range = False
    qualified = False
    unknown: list[str] = []
    english = False
    ranges = 0
    for token in tokens:
        low = token.lower()
        month, is_english = _month_of(token)
        if month is not None:
            english = english or is_english
            if pending_range and items:
                items[-1]["em"] = month
                items[-1]["ey"] = None
                ranges += 1
            else:
                items.append({"sm": month, "sy": None, "em": None, "ey": None})
            pending_range = False
            continue
        if re.fullmatch(r"\d{4}", token) and 1990 <= int(token) <= 2100:
            year = int(token)
            open_items = [it for it in items if it["sy"] is None or (it["em"] is not None and it["ey"] is None)]
            if not open_items:
                unknown.append(token)  # a year that closes no month ("Maret 2025 dan 2026")
            for it in open_items:
                if it["em"] is not None and it["ey"] is None:
                    it["ey"] = year
                if it["sy"] is None:
                    it["sy"] = year
            continue
        if low in ("-", "\u2013", "\u2014", "s.d.", "s.d", "sd", "sampai", "hingga"):
            if not items:
                unknown.append(token)  # a range with no start ("s.d. Desember 2025")
            pending_range = bool(items)
            continue
        if low in ("dengan",) and pending_range:
            continue
        if low in _FILLER:
            continue
        if low in _QUALIFIERS or low.startswith("ke-") or low.startswith("per-"):
            qualified = True
            continue
        if re.fullmatch(r"\d{1,2}", token):
            qualified = True
            continue
        unknown.append(token)

    months: set[str] = set()
    no_year = False
    for it in items:
        sy, ey = it["sy"], it["ey"]
        sm, em = it["sm"], it["em"] if it["em"] is not None else it["sm"]
        if it["em"] is None:
            ey = sy
        if sy is None:
            sy = ey if ey is not None else default_year
            no_year = True
        if ey is None:
            ey = sy
        if sy is None or ey is None:
            return ParsedSchedule(
                Schedule(label=text), [f"{text!r} names months but no year; kept as written"]
            )
        if (sy, sm) > (ey, em):
            # "Oktober-Februari 2026" runs over the new year: the start belongs to the year before.
            sy = ey - 1
        y, m = sy, sm
        while (y, m) <= (ey, em):
            months.add(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            if len(months) > 600:
                break

    if unknown or not months:
        return ParsedSchedule(
            Schedule(label=text),
            [f"{text!r} could not be read as months; kept as written, so it cannot fill a month grid"],
        )
    if english:
        warnings.append(f"{text!r} uses an English month name; written in Indonesian")
    schedule = Schedule(months=sorted(months))
    # Two adjacent ranges ("Januari-Juni 2022 dan Juli-Desember 2022") mean two periods, which the
    # merged months would lose: keep the office's wording as the label.
    if qualified or ranges > 1 or no_year:
        label = _MONTH_DASH.sub("\\1\u2013\\2", text) if not english else None
        if label and label != schedule_phrase(schedule.month_pairs):
            schedule = Schedule(months=schedule.months, label=label)
    return ParsedSchedule(schedule, warnings)
