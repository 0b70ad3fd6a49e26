"""Reading Indonesian schedule phrases ("April, Juli, dan Oktober 2025") into structured schedules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from zi_decree.base import arguments
from zi_decree.base.indonesian import ENGLISH_MONTH_WORDS, MONTH_WORDS, MONTHS, month_number, schedule_phrase
from zi_decree.errors import Note, excerpt
from zi_decree.i18n import _
from zi_decree.model.keputusan import (  # _CONTROL: what a decree's text refuses
    _CONTROL,
    LINE_LIMIT,
    Schedule,
)

__all__ = ["ParsedSchedule", "parse_schedule"]

# Quarters (triwulan) and halves (semester): how many months one holds, under every spelling offices use.
_PERIOD_WORDS = {"triwulan": 3, "tw": 3, "trw": 3, "semester": 6, "smt": 6, "sem": 6}
# Words that mean "every month / quarter / half year" on their own.
_PERIODIC_WORDS = {"triwulanan": 3, "semesteran": 6, "bulanan": 1, "perbulan": 1}
_EVERY = {"per", "setiap", "tiap"}
_PERIOD_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "pertama": 1, "kesatu": 1, "satu": 1, "kedua": 2, "dua": 2,
                   "ketiga": 3, "tiga": 3, "keempat": 4, "empat": 4}

# Words that qualify a schedule without changing which months it names: the phrase is then kept
# as a label so that nothing the office wrote is lost, while the months still fill a grid.
_QUALIFIERS = {"minggu", "pekan", "per", "bulan", "setiap", "tiap", "awal", "akhir", "pertengahan", "mulai",
               "tahunan"}
_DASHES = {"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"}
_RANGE = _DASHES | {"s.d.", "s.d", "s/d", "s/d.", "sd", "sampai", "hingga"}
_JOIN = {"dan", "serta", "&", ",", ";"}
# "/" joins months ("Juni/Desember 2025") but not years: "2025/2026" may be a school or fiscal year.
_FILLER = _JOIN | {"tahun", ".", "/", "(", ")"}
# Every character is a token: what is not understood makes the phrase a label, never silently vanishes.
_TOKEN = re.compile(r"s\s*/\s*d\.?|s\.\s*d\.?|\bke\s*-\s*\d+|\bke\s+\d+|\d{1,2}/\d{4}\b|\d+|[a-z]+|\S",
                    re.IGNORECASE | re.ASCII)
_MONTH_ALT = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_MONTH_DASH = re.compile(rf"\b({_MONTH_ALT})\s*[-\u2013\u2014]\s*({_MONTH_ALT})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedSchedule:
    schedule: Schedule
    warnings: list[Note] = field(default_factory=list)


def excel_serial_date(value: int) -> dt.date:
    # Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
    return dt.date(1899, 12, 30) + dt.timedelta(days=value)


def _month_of(word: str) -> tuple[int | None, bool]:
    """(month, english) for a month word, or (None, False)."""
    return month_number(word), word.lower() in ENGLISH_MONTH_WORDS


def _period_number(token: str) -> int | None:
    """1 for "I", "1", "ke-1", "pertama"; None for anything else."""
    low = token.lower()
    if low in _PERIOD_NUMBERS:
        return _PERIOD_NUMBERS[low]
    digits = re.fullmatch(r"(?:ke\s*-?\s*)?(\d{1,2})", low, re.ASCII)
    return int(digits.group(1)) if digits else None


def _tokens(text: str) -> list[str]:
    tokens = []
    for token in _TOKEN.findall(re.sub(r"(?i)\bper-", "per ", text)):
        numeric = re.fullmatch(r"(\d{1,2})/(\d{4})", token)
        if numeric and 1 <= int(numeric.group(1)) <= 12:
            # "04/2025" is April 2025: read as the words it stands for.
            tokens += [MONTHS[int(numeric.group(1)) - 1], numeric.group(2)]
        else:
            tokens.append(token)
    return tokens


def _unreadable(text: str, warnings: list[Note], reasons: list[str]) -> ParsedSchedule:
    why = f" ({'; '.join(reasons)})" if reasons else ""
    warnings.append(Note("schedule-unreadable", _("{text} could not be read as months{why}; kept as written, so it "
                                                  "cannot fill a month grid").format(text=excerpt(text), why=why)))
    return ParsedSchedule(Schedule(label=text), warnings)


def parse_schedule(phrase: str, default_year: int | None = None) -> ParsedSchedule:
    """Read a schedule phrase; what cannot be read as months is kept as a label, with a warning."""
    text = " ".join(arguments.text("phrase", phrase).split())
    if default_year is not None:
        # Only its type: a year out of range is the spec's problem, which its own check reports at its line.
        arguments.year("default_year", default_year, 1, 9999)
    warnings: list[Note] = []
    if not text:
        arguments.refuse("phrase", _("a schedule phrase is empty"))
    if len(text) > LINE_LIMIT:
        # No schedule is this long, and reading a phrase takes time growing faster than its length.
        arguments.refuse("phrase", _("is {count:,} characters long; a schedule phrase has at most {line_limit:,}")
                           .format(count=len(text), line_limit=LINE_LIMIT))
    if _CONTROL.search(text):
        text = _CONTROL.sub("\ufffd", text)
        warnings.append(Note("schedule-control", _("{text} held control characters; each is shown as \ufffd").format(
                                                   text=excerpt(text))))

    if re.fullmatch(r"\d{5}(\.0+)?", text, re.ASCII):
        serial = int(float(text))
        if 20000 <= serial <= 80000:
            day = excel_serial_date(serial)
            warnings.append(Note(
                "schedule-serial-date",
                _("{text} is a spreadsheet date serial number; read as {months} {year}").format(text=excerpt(text),
                  months=MONTHS[day.month - 1], year=day.year)))
            return ParsedSchedule(Schedule(months=[f"{day.year:04d}-{day.month:02d}"]), warnings)

    iso = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text, re.ASCII)
    if iso:
        try:
            day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1))
        except ValueError:
            return ParsedSchedule(Schedule(label=text), [
                *warnings, Note("schedule-unreadable", _("{text} is not a date; kept as written").format(
                                                         text=excerpt(text)))])
        return ParsedSchedule(Schedule(months=[f"{day.year:04d}-{day.month:02d}"]), warnings)

    # Each item is a month or a range of months (a quarter is a range); years are filled in when the
    # year that closes them comes. "every" items stand for "setiap bulan/triwulan" until months are named.
    items: list[dict[str, Any]] = []
    group: list[dict[str, Any]] = []  # the items the last year closed, as they were before it: "dan 2026" repeats them
    pending_range = False
    qualified = False
    reworded = False  # the office's phrase says something the computed one would not
    unknown: list[str] = []
    reasons: list[str] = []
    english = False
    ranges = 0
    unit: int | None = None  # months per period while quarter/semester numbers may follow
    bare_unit: str | None = None  # a "Triwulan" still waiting for its number
    prev = ""

    def new_item(sm: int, em: int | None, **kind: bool) -> dict[str, Any]:
        return {"sm": sm, "sy": None, "em": em, "ey": None, **kind}

    def close(open_items: list[dict[str, Any]], year: int) -> None:
        for it in open_items:
            if it["em"] is not None and it["ey"] is None:
                it["ey"] = year
            if it["sy"] is None:
                it["sy"] = year

    def every(step: int) -> None:
        # Only a phrase that names no months yet means every period; otherwise the words just qualify them.
        if items:
            return
        if step == 1:
            items.append(new_item(1, 12, every=True))
        else:
            items.extend(new_item(m, m, every=True) for m in range(step, 13, step))

    for token in _tokens(text):
        low = token.lower()
        if bare_unit and not (low in _FILLER or low.replace(" ", "") in _RANGE or _period_number(token)):
            unknown.append(bare_unit)  # "Triwulan 2025": which quarter?
            bare_unit = None
        month, is_english = _month_of(token)
        number = _period_number(token) if unit else None
        if month is not None:
            english = english or is_english
            unit = None
            # Months named after "setiap bulan" are the months meant: "Per bulan (Juni-Desember)".
            items[:] = [it for it in items if not (it.get("every") and it["sy"] is None)]
            if pending_range and items:
                items[-1]["em"] = month
                items[-1]["ey"] = None
                ranges += 1
            else:
                if pending_range:
                    unknown.append(token)
                items.append(new_item(month, None))
            pending_range = False
        elif number is not None:
            assert unit  # a number is read only while a unit is set
            bare_unit = None
            if not 1 <= number <= 12 // unit:
                unknown.append(token)  # "Triwulan V", "Semester III"
            elif pending_range and items:
                items[-1]["em"] = number * unit
                items[-1]["ey"] = None
                ranges += 1
            else:
                items.append(new_item(number * unit - unit + 1, number * unit))
            pending_range = False
        elif re.fullmatch(r"\d{4}", token):
            year = int(token)
            open_items = [it for it in items if it["sy"] is None or (it["em"] is not None and it["ey"] is None)]
            if not 1990 <= year <= 2100:
                unknown.append(token)
                reasons.append(_("{token} is not a plausible year").format(token=token))
            elif pending_range:
                if items and items[-1].get("whole") and items[-1]["sy"] is not None and year > items[-1]["sy"]:
                    items[-1]["ey"] = year  # "2025 s.d. 2026": every month of both years
                else:
                    unknown.append(token)  # "Maret 2025 - 2026" could mean March each year or up to 2026
                pending_range = False
            elif open_items:
                group = [dict(it) for it in open_items]
                close(open_items, year)
            elif group and prev in _JOIN:
                # "Maret 2025 dan 2026": the months just named, again in that year.
                copies = [dict(it) for it in group]
                close(copies, year)
                items.extend(copies)
                reworded = True
            elif not items and not qualified:
                # "Tahun 2025", "2025 dan 2026": the whole year. ("Setiap tahun 2025" says no month.)
                whole = new_item(1, 12, whole=True)
                group = [dict(whole)]
                close([whole], year)
                items.append(whole)
                reworded = True
            else:
                unknown.append(token)  # a year that closes no month
        elif re.fullmatch(r"\d{1,2}", token):
            qualified = True  # a day ("12 April 2025")
        elif re.fullmatch(r"\d{1,2}/\d{4}", token):
            unknown.append(token)  # "13/2025": _tokens has read every real month number
            reasons.append(_("{split} is not a month number").format(split=token.split('/')[0]))
        elif low.replace(" ", "") in _RANGE:
            if bare_unit and low in _DASHES:
                pass  # "TW-1": the dash joins the number to its quarter
            elif not items:
                unknown.append(token)  # a range with no start ("s.d. Desember 2025")
            else:
                pending_range = True
        elif low == "dengan" and pending_range:
            pass
        elif low in _PERIOD_WORDS:
            qualified = True
            if prev in _EVERY:
                every(_PERIOD_WORDS[low])  # "Setiap triwulan": the closing month of each quarter
                unit = None
            else:
                unit = _PERIOD_WORDS[low]
                bare_unit = token
        elif low in _PERIODIC_WORDS:
            qualified = True
            unit = None
            every(_PERIODIC_WORDS[low])
        elif low == "bulan" and prev in _EVERY:
            qualified = True
            every(1)
        elif low == "tahun" and prev in _EVERY:
            qualified = True  # "Setiap tahun": once a year, but which month is not said
        elif low in _FILLER:
            pass
        elif low in _QUALIFIERS or re.fullmatch(r"ke\s*-?\s*\d+", low):
            qualified = True
            if low in ("minggu", "pekan"):
                unit = None  # "Minggu ke-1": a week, not a quarter
        else:
            unknown.append(token)
        if low not in (".", "tahun"):
            prev = low
    if bare_unit:
        unknown.append(bare_unit)
    if unknown:
        return _unreadable(text, warnings, reasons)

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
                Schedule(label=text),
                [*warnings, Note("schedule-unreadable", _("{text} names months but no year; kept as written").format(
                                                          text=excerpt(text)))]
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

    if not months:
        return _unreadable(text, warnings, reasons)
    if english:
        warnings.append(Note("schedule-english", _("{text} uses an English month name; written in Indonesian").format(
                                                   text=excerpt(text))))
    schedule = Schedule(months=sorted(months))
    # Two adjacent ranges ("Januari-Juni 2022 dan Juli-Desember 2022") mean two periods, which the
    # merged months would lose: keep the office's wording as the label.
    if qualified or ranges > 1 or no_year or reworded:
        label = _MONTH_DASH.sub("\\1\u2013\\2", text) if not english else None
        if label and label != schedule_phrase(schedule.month_pairs):
            schedule = Schedule(months=schedule.months, label=label)
    return ParsedSchedule(schedule, warnings)
