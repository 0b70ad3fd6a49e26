"""Hypothesis strategies for valid decree specs, built from the same fields a spec file has."""

from __future__ import annotations

import datetime as dt
import functools
import re

from hypothesis import strategies as st

# Base instruments (not amendments) that any decree from 2024 on may cite.
BASE_IDS = ["uu-28-1999", "uu-31-1999", "uu-7-2017", "uu-5-2014", "perpres-54-2018", "pkpu-8-2019",
            "pkpu-14-2020", "permenpanrb-26-2020", "permenpanrb-90-2021", "kepkpu-314-2021"]

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufffe\uffff")
HOSTILE = ["{{ x }}", "{% if x %}y{% endif %}", "a & b", "<w:p>", "x < y > z", "\"quoted\" 'single'", "$PATH",
           "{{7*7}}", "]]>", "&amp;", "\u221a \u2013 \u201cq\u201d", "\\n"]


def _as_text(parts: list[str]) -> str:
    text = re.sub(r"[;.,:\s]+$", "", " ".join(parts).strip())
    # What the model would strip away entirely (a lone ":" or "bahwa" in a Menimbang item) is no text.
    left = re.sub(r"[;.,:\s]+$", "", re.sub(r"^bahwa\b\s*", "", text, flags=re.IGNORECASE))
    return text if text and left else "x"


# The strategies are made once per size and shared: Hypothesis checks a new strategy object on its first draw, which
# took longer than the draws themselves when each call made new ones.
@functools.cache
def user_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text as staff type it, hostile bits included; never empty after stripping, no trailing ; . ,"""
    return st.lists(st.one_of(st.text(_chars, min_size=1, max_size=max_size), st.sampled_from(HOSTILE)),
                    min_size=1, max_size=3).map(_as_text)


# A title written before or after a name ("Ir", "Dr", "NIP"), which the model refuses in a signature's name; degrees
# with a dot (S.H.) are kept out by leaving dots out.
_TITLE = re.compile(r"(?<![A-Za-z])(Dr|Drs|Dra|Ir|Prof|Lc|NIP)(?![a-z])")


@functools.cache
def person_name() -> st.SearchStrategy[str]:
    """A name as a signature shows it: user text without commas, dots or titles."""
    return user_text(30).filter(lambda s: "," not in s and "." not in s and not _TITLE.search(s))


@st.composite
def schedules(draw, year: int):
    if draw(st.booleans()):
        months = draw(st.sets(st.integers(1, 12), min_size=1, max_size=12))
        return {"months": [f"{year}-{m:02d}" for m in sorted(months)]}
    return {"label": draw(user_text(20))}


# An evidence cell: a text, a list of texts, or an intro with a list.
_EVIDENCE_TEXT = st.one_of(user_text(), st.lists(user_text(), min_size=2, max_size=3),
                           st.fixed_dictionaries({"intro": user_text(),
                                                  "items": st.lists(user_text(), min_size=1, max_size=3)}))


@st.composite
def plan_areas(draw, year: int, link: bool):
    areas = []
    for _ in range(draw(st.integers(1, 3))):
        components = []
        for _ in range(draw(st.integers(1, 2))):
            indicators = []
            for _ in range(draw(st.integers(1, 2))):
                steps = []
                for _ in range(draw(st.integers(1, 2))):
                    evidence = []
                    for _ in range(draw(st.integers(1, 2))):
                        ev = {"text": draw(_EVIDENCE_TEXT)}
                        if draw(st.booleans()):
                            ev["schedule"] = draw(schedules(year))
                        if link and draw(st.booleans()):
                            ev["link"] = draw(user_text(30))
                        evidence.append(ev)
                    steps.append({"text": draw(user_text()), "evidence": evidence})
                indicators.append({"text": draw(user_text()), "steps": steps})
            components.append({"name": draw(user_text(30)), "indicators": indicators})
        area = {"name": draw(user_text(30)), "components": components}
        if draw(st.booleans()):
            area["responsible"] = draw(user_text(30))
        areas.append(area)
    return areas


@st.composite
def clauses(draw):
    kind = draw(st.sampled_from(["budget", "in_force", "text"]))
    if kind == "budget":
        return {"kind": "budget", "bagian_anggaran": draw(st.sampled_from([None, "076"])),
                "with_year": draw(st.booleans())}
    if kind == "in_force":
        return {"kind": "in_force"}
    return {"kind": "text", "text": draw(user_text()),
            "items": draw(st.lists(user_text(), max_size=4))}


@st.composite
def spec_data(draw):
    """A valid spec as plain data (what a YAML file would hold)."""
    day = draw(st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2030, 12, 31)))
    grid = draw(st.booleans())
    link = draw(st.booleans())
    lampiran = [{"kind": "plan", "title": draw(user_text()),
                 "columns": {"schedule": "month_grid" if grid else "target_time", "link": link,
                             "responsible": draw(st.booleans()),
                             "indicator_labels": draw(st.sampled_from(["none", "letters"]))},
                 "areas": draw(plan_areas(day.year, link)),
                 "place_and_date_at_end": draw(st.booleans())}]
    if draw(st.booleans()):
        lampiran.insert(0, {"kind": "narrative", "blocks": [
            {"heading": draw(user_text())},
            {"paragraph": draw(user_text(200))},
            {"list": {"style": draw(st.sampled_from(["numbered", "lettered"])),
                      "items": draw(st.lists(user_text(), min_size=1, max_size=4))}},
        ]})
    return {
        "office": {"kind": draw(st.sampled_from(["Kabupaten", "Kota", "Provinsi"])), "name": draw(user_text(20)),
                   "seat": draw(st.one_of(st.none(), user_text(20)))},
        "number": draw(st.integers(1, 300)),
        "year": day.year,
        "date": day,
        "subject": draw(user_text(120)),
        "issuer": draw(st.sampled_from(["ketua", "komisi"])),
        "menimbang": draw(st.lists(user_text(150), min_size=1, max_size=4)),
        "mengingat": draw(st.lists(st.sampled_from(BASE_IDS), min_size=1, max_size=6, unique=True)),
        "memperhatikan": draw(st.lists(user_text(100), max_size=3)),
        "diktum": [{"kind": "adopt"}, *draw(st.lists(clauses(), max_size=14))],
        "signatory": {"name": draw(person_name())},
        "attestation": {"position": draw(user_text(60)),
                        "name": draw(person_name())},
        "lampiran": lampiran,
    }
