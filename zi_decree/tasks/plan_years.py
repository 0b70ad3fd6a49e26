"""Years in plan cells that do not fit the plan: 'RKKL 2022' in a 2025 plan, a year left from an earlier plan."""

from __future__ import annotations

import re

from zi_decree.base.years import RELATIVE_WINDOW, free_years
from zi_decree.errors import Problem
from zi_decree.i18n import _
from zi_decree.loading.spec import LoadedSpec
from zi_decree.tasks.proofread import place_of, typed_texts

__all__ = ["plan_year_problems"]

# The words before a year that the message quotes ('RKKL 2022', 'SKP Eselon III dan IV tahun 2024').
_BEFORE = re.compile(r"(?:\S+\s+){0,2}$")


def plan_year_problems(loaded: LoadedSpec) -> list[Problem]:
    """A warning for each year in a plan cell (an area's or component's name, an indicator, a step, an evidence
    item) older than the year before the decree's year or later than the year after, unless it names a period
    ('2020-2024'), a dated document ('Nomor 5 Tahun 2022', '1 Maret 2022') or an election ('Pemilu 2024'), as
    rollover tells them apart. One pass over each text; found years only are looked up in their file."""
    year = loaded.keputusan.year
    low, high = year + RELATIVE_WINDOW[0], year + RELATIVE_WINDOW[1]
    out = []
    for path, text in typed_texts(loaded):
        if "areas" not in path:
            continue
        for m in free_years(text):
            found = int(m.group())
            if low <= found <= high:
                continue
            before = _BEFORE.search(text, 0, m.start())
            quoted = " ".join(((before.group() if before else "") + m.group()).split())
            out.append(Problem(
                _("{quoted!r} names the year {found} in a plan of {year} (which names {low} to {high}): a year left "
                  "from an earlier plan? (A period, a dated document or an election keeps its year.)").format(
                      quoted=quoted, found=found, year=year, low=low, high=high),
                place_of(loaded, path, m.group()), "warning", code="stale-year"))
    return out
