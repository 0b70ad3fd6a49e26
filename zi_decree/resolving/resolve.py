"""Resolve: catalogue citations as of the decree's date, computed plan numbering, and the warnings both raise."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from zi_decree.base import arguments
from zi_decree.base.indonesian import letter_label, schedule_phrase
from zi_decree.base.yaml import field_path
from zi_decree.errors import Location, Problem, excerpt
from zi_decree.i18n import _
from zi_decree.legal.catalogue import Catalogue, Citation
from zi_decree.loading.spec import LoadedSpec
from zi_decree.model.keputusan import AdoptClause, Area, Component, Evidence, Indicator, Keputusan, PlanLampiran, Step
from zi_decree.model.walk import plan_places

__all__ = ["PlanRow", "Resolved", "resolve"]


@dataclass(frozen=True)
class PlanRow:
    """One evidence row of a plan table with the numbering and grouping it sits in.

    `*_rows` is set on the first row of a group (how many rows the group spans) and 0 on the others.
    """

    area_no: int
    area: Area
    component_no: int
    component: Component
    indicator_label: str | None
    indicator: Indicator
    step: Step
    evidence: Evidence
    responsible: str | None
    first_of_area: bool
    component_rows: int
    indicator_rows: int
    step_rows: int
    responsible_rows: int
    evidence_label: str | None = None  # "a" or "1" when the step's evidence items are lettered or numbered


@dataclass(frozen=True)
class Resolved:
    """A decree ready to be worded: citations in Mengingat order, numbered plan rows, warnings."""

    keputusan: Keputusan
    catalogue: Catalogue
    citations: tuple[Citation, ...]
    plans: dict[int, tuple[PlanRow, ...]]
    warnings: tuple[Problem, ...]


def _plan_rows(lamp: PlanLampiran) -> tuple[PlanRow, ...]:
    rows: list[PlanRow] = []
    area_starts: list[int] = []
    places = list(plan_places(lamp.areas))
    spans = Counter(p.index[:n] for p in places for n in (2, 3))  # rows per component and per indicator
    evidence_labels = lamp.columns.evidence_labels
    for place in places:
        a, c, i, _skip, e = place.index
        area_first, comp_first, ind_first, step_first = place.starts
        comp, ind = place.component, place.indicator
        if area_first:
            area_starts.append(len(rows))
        # A lone indicator is not lettered, as a lone item never is.
        lettered = lamp.columns.indicator_labels == "letters" and len(comp.indicators) > 1
        rows.append(PlanRow(
            area_no=a + 1, area=place.area, component_no=c + 1, component=comp,
            indicator_label=letter_label(i + 1) if lettered and ind.text else None,
            indicator=ind, step=place.step, evidence=place.evidence,
            responsible=comp.responsible or place.area.responsible,
            first_of_area=area_first,
            component_rows=spans[place.index[:2]] if comp_first else 0,
            indicator_rows=spans[place.index[:3]] if ind_first else 0,
            step_rows=len(place.step.evidence) if step_first else 0,
            responsible_rows=0,
            # A lone evidence item is not lettered either.
            evidence_label=None if evidence_labels == "none" or len(place.step.evidence) < 2 else
            letter_label(e + 1) if evidence_labels == "letters" else str(e + 1),
        ))
    # The responsible team is shown once for each run of rows that share it within the area.
    for area_start, area_end in zip(area_starts, [*area_starts[1:], len(rows)]):
        start = area_start
        while start < area_end:
            end = start
            while end + 1 < area_end and rows[end + 1].responsible == rows[start].responsible:
                end += 1
            first = rows[start]
            rows[start] = PlanRow(**{**first.__dict__, "responsible_rows": end - start + 1})
            start = end + 1
    return tuple(rows)


def resolve(loaded: LoadedSpec) -> Resolved:
    """Cite every Mengingat instrument as of the decree's date, in hierarchy order, and number the plans."""
    arguments.instance("loaded", loaded, LoadedSpec, "from load")
    k = loaded.keputusan
    catalogue = loaded.catalogue
    warnings: list[Problem] = list(loaded.warnings)
    source = str(loaded.path) if loaded.path else None
    citations = []
    index = {ref: i for i, ref in enumerate(k.mengingat)}
    for ref in catalogue.order(k.mengingat):
        citation = catalogue.resolve(ref, k.date)
        citations.append(citation)
        where = loaded.positions.get(("mengingat", index[ref]), Location(source))
        for w in citation.warnings:
            warnings.append(Problem(w, where.at(f"mengingat[{index[ref]}]"), "warning", code=w.code))
    warnings.extend(_year_warnings(k, loaded))
    plans: dict[int, tuple[PlanRow, ...]] = {}
    for li, lamp in enumerate(k.lampiran):
        if isinstance(lamp, PlanLampiran):
            plans[li] = _plan_rows(lamp)
            warnings.extend(_schedule_warnings(lamp, li, k.year, loaded))
    return Resolved(k, catalogue, tuple(citations), plans, tuple(warnings))


def _located(loaded: LoadedSpec, path: tuple[str | int, ...], field: str) -> Location:
    where = loaded.positions.get(path) or loaded.positions.get(path[:-1]) or \
        Location(str(loaded.path) if loaded.path else None)
    return where.at(field)


_TAHUN = re.compile(r"\bTahun\s+(\d{4})\b", re.IGNORECASE)


def _year_warnings(k: Keputusan, loaded: LoadedSpec) -> list[Problem]:
    """'... Tahun 2024' in a 2025 decree's subject or titles is the stale year of last year's file."""
    texts: list[tuple[tuple[str | int, ...], str, str]] = [(("subject",), "subject", k.subject)]
    for li, lamp in enumerate(k.lampiran):
        if lamp.title:
            texts.append((("lampiran", li, "title"), f"lampiran[{li}].title", lamp.title))
    for di, clause in enumerate(k.diktum):
        if isinstance(clause, AdoptClause) and clause.object:
            texts.append((("diktum", di, "object"), f"diktum[{di}].object", clause.object))
    out = []
    for path, field, text in texts:
        for match in _TAHUN.finditer(text):
            if int(match.group(1)) != k.year:
                out.append(Problem(_("names the year {group} ({group2!r}) but the decree is of {year}: a year left "
                                     "from last year's decree?").format(group=match.group(1), group2=match.group(0),
                                         year=k.year), _located(loaded, path, field),
                                   "warning", code="stale-year"))
    return out


def _schedule_warnings(lamp: PlanLampiran, li: int, year: int, loaded: LoadedSpec) -> list[Problem]:
    """Months before the plan year are stale, a schedule wholly outside it too; a 12-month grid shows the plan year
    only; an evidence item without a schedule says not when it is due."""
    grid = lamp.columns.schedule == "month_grid"
    out = []
    for place in plan_places(lamp.areas):
        schedule = place.evidence.schedule
        if schedule is None:
            evidence = ("lampiran", li, *place.path)
            out.append(Problem(_("this evidence item has no schedule (TARGET WAKTU or months): when is it due? Give "
                                 "its months in {year}").format(year=year), _located(loaded, evidence,
                                     field_path(evidence)), "warning",
                                   code="no-schedule"))
            continue
        path = ("lampiran", li, *place.path, "schedule")
        located = _located(loaded, path, field_path(path))
        earlier = [m for m in schedule.months if int(m[:4]) < year]
        later = [m for m in schedule.months if int(m[:4]) > year]
        if schedule.months and len(earlier) + len(later) == len(schedule.months):
            shown = excerpt(schedule.label or schedule_phrase(schedule.month_pairs))
            out.append(Problem(_("the schedule {shown} lies wholly outside the plan year {year}: a year left from "
                                 "another plan?").format(shown=shown, year=year), located, "warning",
                                     code="schedule-outside-year"))
            continue
        if earlier:
            out.append(Problem(_("months before the plan year {year} ({names}): a year left from last year's plan?")
                                 .format(year=year, names=', '.join(earlier)), located, "warning",
                                     code="schedule-outside-year"))
        if grid and later:
            out.append(Problem(_("months after {year} ({names}) cannot be shown in the 12-month grid of {year}")
                                 .format(year=year, names=', '.join(later)), located, "warning",
                                     code="schedule-beyond-grid"))
        if grid and schedule.months and schedule.label:
            out.append(Problem(_("the grid shows the months of {label}, not its wording").format(
                                 label=excerpt(schedule.label)), located,
                               "warning", code="grid-label"))
    return out
