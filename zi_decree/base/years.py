"""Years inside typed text: which name a document, a dated event, an election or a period, and which are free."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zi_decree.base.indonesian import MONTH_WORDS

__all__ = ["DOCUMENT", "ELECTION", "FULL_DATE", "KINDS", "PERIOD", "RELATIVE_WINDOW", "YEAR", "free_years"]

# A year, but not the tail of a registry code ("3322/2022", "33.2022"): those are preceded by digits.
YEAR = re.compile(r"(?<!\d)(?<!\d[/.\-])(19|20)\d\d(?!\d)")
# "Nomor 120/PW.01/33/2022", "No. 5 Tahun 2024", "PKPU 8 Tahun 2024": a document's identity, never moved.
DOCUMENT = re.compile(r"(?i)\b(nomor|no\.?)\s+[\w./\-]+(\s+tahun\s+(19|20)\d\d)?|\b\d+\s+tahun\s+(19|20)\d\d")
# "Pemilu 2024", "Pilkada Serentak 2024": an election held in that year, history once it is past.
ELECTION = re.compile(r"(?i)(?<!komisi )\b(pemilu|pilkada|pilpres|pileg|pemilihan( umum)?)( serentak)?( nasional)?"
                      r"( (gubernur|bupati|wali ?kota|kepala daerah)[\w ]{0,30}?)?\s+(tahun\s+)?(19|20)\d\d(?!\d)")
_MONTHS = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
# "1 Maret 2022", "1 Nop. 2022": the date of a letter or a meeting that happened; next year's is not known.
FULL_DATE = re.compile(rf"(?i)\b\d{{1,2}}\s+({_MONTHS})\.?\s+(19|20)\d\d\b")
# "2020-2024", "2020 – 2024": a period (a road map, a strategic plan) that does not move with the plan.
PERIOD = re.compile(r"(?i)(?<!\d)(19|20)\d\d\s*([-\u2013\u2014/]|s\.?\s?d\.?|s/d|sampai dengan|hingga)\s*"
                    r"(19|20)\d\d(?!\d)")
# The year before the plan year (LAKIP 2024 in a 2025 plan) and the year after belong to the plan; older years
# are history (Pemilu 2019) or left over from an earlier plan.
RELATIVE_WINDOW = (-1, 1)
# The years that are not the plan's own, in the order rollover reports them, with what they are.
KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (DOCUMENT, "document"), (FULL_DATE, "date"), (ELECTION, "election"), (PERIOD, "period"))


def free_years(text: str) -> Iterator[re.Match[str]]:
    """The years of a text that name no document, dated event, election or period: the plan's own years, or
    stale ones ('RKKL 2022' in a 2025 plan)."""
    if not YEAR.search(text):
        return
    protected = [m.span() for pattern, _ in KINDS for m in pattern.finditer(text)]
    for m in YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in protected):
            yield m
