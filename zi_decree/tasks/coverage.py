"""Coverage: which components of the guideline in force a plan covers, lacks, or names differently."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from zi_decree.base import arguments
from zi_decree.base.indonesian import roman
from zi_decree.base.yaml import field_path
from zi_decree.errors import Location, Problem
from zi_decree.i18n import N_, _
from zi_decree.legal.guideline import Guideline, GuidelineArea, guideline_at
from zi_decree.loading.spec import LoadedSpec
from zi_decree.model.keputusan import Area, PlanLampiran

__all__ = ["AreaCoverage", "ComponentCoverage", "Coverage", "Extra", "LampiranCoverage", "Match", "coverage",
           "coverage_problems", "match_name", "name_score", "names_match", "normalise", "tokens"]

# ----------------------------------------------------------------------------------------- matching names

# A plan name matches a guideline name when at least this share of the guideline name's tokens (after
# normalising) is in the plan name: 2 of 3, 3 of 4, 4 of 6, 5 of 7 match; 1 of 2, 3 of 5, 4 of 7 do not.
MIN_SHARE = 0.65
# Two tokens are the same word when equal, or (both at least this long) when difflib's ratio reaches
# TOKEN_RATIO: typos and suffixes such as 'kepegawaiannya' for 'kepegawaian' (0.88).
TOKEN_RATIO = 0.85
MIN_FUZZY_LENGTH = 5

ABBREVIATIONS = {
    "zi": ("zona", "integritas"),
    "sdm": ("sumber", "daya", "manusia"),
    "tatalaksana": ("tata", "laksana"),
}
SMALL_WORDS = frozenset({"dan", "terhadap", "sesuai", "dengan", "yang", "di", "atas", "untuk"})

# How a plan item matches: the last only for areas, recognised by their components when their name is not.
HOWS = (N_("exact"), N_("variant"), N_("older name"), N_("close"), N_("by components"))  # marked: the report says them


def normalise(name: str) -> str:
    """Case, punctuation, whitespace and line breaks away: 'E-Office\\nPemanfaatan' -> 'e office pemanfaatan'."""
    return " ".join(re.sub(r"[\W_]+", " ", name.lower()).split())


@lru_cache(maxsize=4096)
def tokens(name: str) -> tuple[str, ...]:
    """The words that carry a name's meaning: normalised, abbreviations spelled out, small words dropped."""
    out: list[str] = []
    for word in normalise(name).split():
        for part in ABBREVIATIONS.get(word, (word,)):
            if part not in SMALL_WORDS and part not in out:
                out.append(part)
    return tuple(out)


@lru_cache(maxsize=65536)
def _same_word(a: str, b: str) -> float:
    """1 for the same word, difflib's ratio for a near one (a typo), else 0."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < MIN_FUZZY_LENGTH:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    # The cheap upper bounds first: most word pairs are far apart, and ratio() is the costly part of a check.
    if matcher.real_quick_ratio() < TOKEN_RATIO or matcher.quick_ratio() < TOKEN_RATIO:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= TOKEN_RATIO else 0.0


def _share(wanted: tuple[str, ...], have: tuple[str, ...]) -> float:
    """How much of `wanted` is in `have`, each wanted word counted by its best counterpart (0..1)."""
    if not wanted:
        return 0.0
    return sum(max((_same_word(w, h) for h in have), default=0.0) for w in wanted) / len(wanted)


def name_score(plan_name: str, guideline_name: str) -> float:
    """How well a plan's name fits a guideline's: 2 for the same name (case and punctuation aside), else the
    share of the guideline name's words found in the plan name, plus a tenth of the share of the plan name's
    words found in the guideline name (to prefer the closer of two fits); below MIN_SHARE it is no match."""
    if normalise(plan_name) == normalise(guideline_name):
        return 2.0
    plan, guide = tokens(plan_name), tokens(guideline_name)
    share = _share(guide, plan)
    return share + 0.1 * _share(plan, guide) if share >= MIN_SHARE else 0.0


def names_match(plan_name: str, guideline_name: str) -> bool:
    """Whether a plan's name for a component or area is taken as the guideline's name (tolerantly)."""
    return name_score(plan_name, guideline_name) > 0


def match_name(plan_name: str, name: str, also: tuple[str, ...] = (),
               formerly: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """How a plan's name matches a guideline item (its name, spelling variants and older names): (how, the
    guideline name that fits), how being 'exact', 'variant', 'older name' or 'close'; None for no match."""
    score, how, via = _best(plan_name, name, also, formerly)
    return (how, via) if score else None


def _best(plan_name: str, name: str, also: tuple[str, ...], formerly: tuple[str, ...]) -> tuple[float, str, str]:
    """(score, how, the guideline name it fits) for the best of a guideline item's names; score 0 for none."""
    best = (0.0, "", "")
    # The kinds in order of preference at equal scores: the name itself, a variant, an older name.
    for rank, (kind, names) in enumerate((("exact", (name,)), ("variant", also), ("older name", formerly))):
        for candidate in names:
            score = name_score(plan_name, candidate)
            if not score:
                continue
            how = kind if score >= 2 else "older name" if kind == "older name" else "close"
            ranked = score - rank * 0.001
            if ranked > best[0]:
                best = (ranked, how, candidate)
    return best


def _assign(pairs: list[tuple[float, int, int, str, str]]) -> dict[int, tuple[int, str, str]]:
    """Best score first, each guideline item and each plan item at most once: {guideline i: (plan j, how, via)}."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = {}
    for _score, gi, pj, how, via in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gi in used_g or pj in used_p:
            continue
        used_g.add(gi)
        used_p.add(pj)
        out[gi] = (pj, how, via)
    return out


# ----------------------------------------------------------------------------------------- the result

def _one_line(text: str) -> str:
    return " ".join(text.split())


def _q(text: str) -> str:
    return "'" + _one_line(text) + "'"


@dataclass(frozen=True)
class Match:
    """The plan's item (0-based index in its list, name as written) that covers a guideline item, and how:
    'exact', 'variant' (an `also` name), 'older name' (a `formerly` name) or 'close' (tolerant); areas may
    also be matched 'by components'. `via` is the guideline's name that fits (e.g. the older name)."""

    index: int
    name: str
    how: str
    via: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "name": self.name, "how": self.how, "via": self.via}


@dataclass(frozen=True)
class ComponentCoverage:
    """A component of the guideline and the plan's component that covers it (None: missing)."""

    name: str
    match: Match | None = None
    elsewhere: str | None = None  # where the plan has it when it is under another area

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "match": self.match.as_dict() if self.match else None,
                "elsewhere": self.elsewhere}


@dataclass(frozen=True)
class Extra:
    """A plan component or area that matches nothing of the guideline where it stands."""

    index: int
    name: str
    note: str | None = None  # where the guideline puts it, when it belongs to another area

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "name": self.name, "note": self.note}


@dataclass(frozen=True)
class AreaCoverage:
    """One area of the guideline (number 1-based, in the guideline's order), the plan area that covers it
    and its components: covered, missing, and the plan area's components that match none (extra)."""

    number: int
    name: str
    match: Match | None
    components: tuple[ComponentCoverage, ...]
    extra: tuple[Extra, ...] = ()

    @property
    def missing(self) -> list[str]:
        return [c.name for c in self.components if c.match is None]

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "name": self.name, "match": self.match.as_dict() if self.match else None,
                "components": [c.as_dict() for c in self.components], "missing": self.missing,
                "extra": [e.as_dict() for e in self.extra]}


@dataclass(frozen=True)
class LampiranCoverage:
    """The coverage of one plan lampiran (its index among the decree's lampiran) by a guideline."""

    lampiran: int
    title: str
    instrument: str | None
    guideline_title: str | None
    citation: str | None
    areas: tuple[AreaCoverage, ...] = ()
    extra_areas: tuple[Extra, ...] = ()

    @property
    def checked(self) -> bool:
        return self.instrument is not None

    @property
    def missing(self) -> dict[str, list[str]]:
        """{guideline area name: the components the plan lacks}, for the areas that lack any."""
        return {a.name: a.missing for a in self.areas if a.missing}

    @property
    def older_names(self) -> list[tuple[str, ComponentCoverage]]:
        return [(a.name, c) for a in self.areas for c in a.components if c.match and c.match.how == "older name"]

    @property
    def complete(self) -> bool:
        """Every area and component of the guideline covered (older names and extras aside)."""
        return self.checked and not self.missing

    def as_dict(self) -> dict[str, Any]:
        return {"lampiran": self.lampiran, "title": self.title, "instrument": self.instrument,
                "guideline": self.guideline_title, "citation": self.citation, "checked": self.checked,
                "complete": self.complete, "missing": self.missing,
                "areas": [a.as_dict() for a in self.areas], "extra_areas": [e.as_dict() for e in self.extra_areas]}


@dataclass(frozen=True)
class Coverage:
    """The coverage of every plan lampiran of a decree by the guideline in force on its date."""

    spec: str | None
    date: dt.date
    guideline: Guideline | None
    lampiran: tuple[LampiranCoverage, ...] = ()

    @property
    def checked(self) -> bool:
        return self.guideline is not None

    @property
    def complete(self) -> bool:
        return self.checked and all(lamp.complete for lamp in self.lampiran)

    def as_dict(self) -> dict[str, Any]:
        """For tools (`--json`)."""
        g = self.guideline
        return {"spec": self.spec, "date": self.date.isoformat(),
                "guideline": {"instrument": g.instrument, "title": g.title, "citation": g.short} if g else None,
                "checked": self.checked, "complete": self.complete,
                "lampiran": [lamp.as_dict() for lamp in self.lampiran]}

    def report_text(self) -> str:
        """A readable report: the guideline, then per area its components (✓ and how, or MISSING), then extras."""
        lines = [_("Coverage of {value} (dated {date})").format(value=self.spec or _('the plan'),
                   date=self.date.isoformat())]
        if self.guideline is None:
            lines.append(_("  not checked: no Zona Integritas guideline in the catalogue is in force for certain on "
                           "{date}").format(date=self.date.isoformat()))
            return "\n".join(lines) + "\n"
        lines.append(_("Guideline: {title} [{instrument}]").format(title=self.guideline.title,
                       instrument=self.guideline.instrument))
        if not self.lampiran:
            lines.append(_("  the decree has no plan lampiran"))
        for lamp in self.lampiran:
            lines.append("")
            lines.append(_("lampiran[{lampiran}]: {one_line}").format(lampiran=lamp.lampiran,
                           one_line=_one_line(lamp.title)))
            for area in lamp.areas:
                head = f"  {roman(area.number)}. {area.name}"
                if area.match is None:
                    lines.append(_("{head}: MISSING (no area of the plan is this one)").format(head=head))
                else:
                    lines.append(_("{head} (plan area {roman}").format(head=head, roman=roman(area.match.index + 1))
                                 + ("" if area.match.how == "exact" else f" {_q(area.match.name)}: {_(area.match.how)}")
                                 + ")")
                for comp in area.components:
                    if comp.match is None:
                        note = _(" (the plan has it {elsewhere})").format(
                                 elsewhere=comp.elsewhere) if comp.elsewhere else ""
                        lines.append(_("     MISSING  {name}{note}").format(name=comp.name, note=note))
                        continue
                    m = comp.match
                    how = _(m.how) + (f" {_q(m.via)}" if m.how == "older name" and m.via != m.name else "")
                    named = "" if m.how == "exact" else f" {_q(m.name)}"
                    lines.append(_("     ✓ {name} (component {value}{named}: {how})").format(name=comp.name,
                                   value=m.index + 1, named=named, how=how))
                for extra in area.extra:
                    note = f"; {extra.note}" if extra.note else ""
                    lines.append(_("     + extra: component {value} {q}{note}").format(value=extra.index + 1,
                                   q=_q(extra.name), note=note))
            for extra in lamp.extra_areas:
                lines.append(_("  + extra: plan area {roman} {q} is not an area of the guideline").format(
                               roman=roman(extra.index + 1), q=_q(extra.name)))
            missing = sum(len(v) for v in lamp.missing.values())
            older = len(lamp.older_names)
            extras = sum(len(a.extra) for a in lamp.areas) + len(lamp.extra_areas)
            lines.append(_("  {value}, {older} under an older name, {extras} extra").format(
                           value=_('complete') if not missing else _('{missing} missing').format(missing=missing),
                                   older=older, extras=extras))
        return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------- computing it

def _component_pairs(plan_area: Area, area: GuidelineArea) -> list[tuple[float, int, int, str, str]]:
    pairs = []
    for gi, name in enumerate(area.components):
        for pj, comp in enumerate(plan_area.components):
            if comp.name:
                score, how, via = _best(comp.name, name, area.variants(gi), area.older_names(gi))
                if score:
                    pairs.append((score, gi, pj, how, via))
    return pairs


def _match_areas(plan_areas: list[Area], guideline: Guideline) -> dict[int, tuple[int, str, str]]:
    pairs = []
    for gi, area in enumerate(guideline.areas):
        for pj, plan_area in enumerate(plan_areas):
            score, how, via = _best(plan_area.name, area.name, area.also, area.formerly)
            if score:
                pairs.append((score, gi, pj, how, via))
    matched = _assign(pairs)
    # An area renamed beyond recognition is still that area when most of its components are the guideline's.
    used = {pj for pj, _, _ in matched.values()}
    by_content = []
    for gi, area in enumerate(guideline.areas):
        if gi in matched:
            continue
        for pj, plan_area in enumerate(plan_areas):
            if pj in used:
                continue
            found = len(_assign(_component_pairs(plan_area, area)))
            if found and found * 2 >= len(area.components):
                by_content.append((float(found), gi, pj, "by components", ""))
    matched.update(_assign(by_content))
    return matched


def _lampiran_coverage(li: int, lamp: PlanLampiran, guideline: Guideline) -> LampiranCoverage:
    plan_areas = list(lamp.areas)
    area_match = _match_areas(plan_areas, guideline)
    plan_to_guideline = {pj: gi for gi, (pj, _, _) in area_match.items()}
    # Per area: which guideline component each plan component covers.
    found: dict[int, dict[int, tuple[int, str, str]]] = {}
    for gi, (pj, _skip, _skip) in area_match.items():
        found[gi] = _assign(_component_pairs(plan_areas[pj], guideline.areas[gi]))
    # Plan components that cover nothing where they stand: do they belong to another area?
    elsewhere: dict[tuple[int, int], str] = {}
    extras: dict[int, list[Extra]] = {}
    for gi, (pj, _skip, _skip) in sorted(area_match.items()):
        used = {p for p, _, _ in found[gi].values()}
        plan_area = plan_areas[pj]
        for cj, comp in enumerate(plan_area.components):
            if cj in used or not comp.name:
                continue
            best = (0.0, -1, -1)
            for go, other in enumerate(guideline.areas):
                if go == gi:
                    continue
                for gk, name in enumerate(other.components):
                    score = _best(comp.name, name, other.variants(gk), other.older_names(gk))[0]
                    if score > best[0]:
                        best = (score, go, gk)
            note = None
            if best[0]:
                _score, go, gk = best
                note = (_("{short} puts {q} under area {roman} {q2}").format(short=guideline.short,
                          q=_q(guideline.areas[go].components[gk]), roman=roman(go + 1),
                              q2=_q(guideline.areas[go].name)))
                elsewhere.setdefault((go, gk), _("under area {roman} {q}, component {value} {q2}").format(
                                                 roman=roman(pj + 1), q=_q(plan_area.name), value=cj + 1,
                                                     q2=_q(comp.name)))
            extras.setdefault(gi, []).append(Extra(cj, comp.name, note))
    areas = []
    for gi, area in enumerate(guideline.areas):
        if gi in area_match:
            pj, how, via = area_match[gi]
            match = Match(pj, plan_areas[pj].name, how, via)
            comps = []
            for gk, name in enumerate(area.components):
                hit = found[gi].get(gk)
                if hit:
                    cj, chow, cvia = hit
                    comps.append(ComponentCoverage(name, Match(cj, plan_areas[pj].components[cj].name or "", chow,
                                                               cvia)))
                else:
                    comps.append(ComponentCoverage(name, None, elsewhere.get((gi, gk))))
        else:
            match = None
            comps = [ComponentCoverage(name, None, elsewhere.get((gi, gk))) for gk, name in enumerate(area.components)]
        areas.append(AreaCoverage(gi + 1, area.name, match, tuple(comps), tuple(extras.get(gi, ()))))
    extra_areas = tuple(Extra(pj, a.name) for pj, a in enumerate(plan_areas) if pj not in plan_to_guideline)
    return LampiranCoverage(li, lamp.title, guideline.instrument, guideline.title, guideline.short, tuple(areas),
                            extra_areas)


def coverage(loaded: LoadedSpec, guidelines: list[Guideline] | None = None) -> Coverage:
    """The coverage of each plan lampiran by the guideline in force on the decree's date (see guideline_at)."""
    arguments.instance("loaded", loaded, LoadedSpec, "from load")
    if guidelines is not None:
        for guideline in arguments.sequence("guidelines", guidelines, []):
            arguments.instance("guidelines", guideline, Guideline)
    k = loaded.keputusan
    guideline = guideline_at(loaded.catalogue, k.date, guidelines)
    spec = str(loaded.path) if loaded.path else None
    plans = [(li, lamp) for li, lamp in enumerate(k.lampiran) if isinstance(lamp, PlanLampiran)]
    if guideline is None:
        return Coverage(spec, k.date, None, tuple(LampiranCoverage(li, lamp.title, None, None, None)
                                                  for li, lamp in plans))
    return Coverage(spec, k.date, guideline, tuple(_lampiran_coverage(li, lamp, guideline) for li, lamp in plans))


# ----------------------------------------------------------------------------------------- warnings

def _located(loaded: LoadedSpec, path: tuple[str | int, ...]) -> Location:
    where = loaded.positions.get(path) or loaded.positions.get(path[:-1]) or \
        Location(str(loaded.path) if loaded.path else None)
    return where.at(field_path(path))


def coverage_problems(loaded: LoadedSpec, guidelines: list[Guideline] | None = None) -> list[Problem]:
    """Warnings for `zi-decree check`: each component or area of the guideline in force that a plan lacks,
    each component under an older name, each plan component or area the guideline does not have."""
    result = coverage(loaded, guidelines)
    k = loaded.keputusan
    if not result.lampiran:
        return []
    if result.guideline is None:
        return [Problem(_("the plan's coverage of the Zona Integritas areas and components was not checked: no "
                          "guideline in the catalogue is in force for certain on {date}").format(
                              date=k.date.isoformat()),
                        _located(loaded, ("date",)), "warning", code="coverage-unchecked")]
    out = []
    for lamp in result.lampiran:
        li = lamp.lampiran
        plan = k.lampiran[li]
        assert isinstance(plan, PlanLampiran)  # coverage is of plan lampiran only
        plan_areas = plan.areas
        cite = lamp.citation
        for area in lamp.areas:
            if area.match is None:
                out.append(Problem(
                    _("the plan lacks the area {roman} {q} that {cite} requires, with its components {names}").format(
                      roman=roman(area.number), q=_q(area.name), cite=cite, names='; '.join(area.missing)),
                          _located(loaded, ("lampiran", li, "areas")),
                    "warning", code="area-missing"))
                continue
            pj = area.match.index
            here = _("area {roman} {q}").format(roman=roman(pj + 1), q=_q(plan_areas[pj].name))
            if area.match.how == "by components":
                # a heading copied from another document over the area's rows
                out.append(Problem(
                    _("{here} holds the components of the area {q} of {cite} but is named otherwise: name it {q}")
                      .format(here=here, q=_q(area.name), cite=cite), _located(loaded, ("lampiran", li, "areas", pj,
                          "name")), "warning",
                        code="area-misnamed"))
            for comp in area.components:
                if comp.match is None:
                    also = _(" (the plan has it {elsewhere})").format(
                             elsewhere=comp.elsewhere) if comp.elsewhere else ""
                    out.append(Problem(_("{here} lacks the component {q} that {cite} requires{also}").format(here=here,
                                         q=_q(comp.name), cite=cite, also=also),
                                       _located(loaded, ("lampiran", li, "areas", pj, "name")), "warning",
                                           code="component-missing"))
                elif comp.match.how == "older name":
                    m = comp.match
                    older = _("the name it had") if normalise(m.name) == normalise(m.via) else \
                        _("the component {q}, as it was named").format(q=_q(m.via))
                    out.append(Problem(
                        _("{here}, component {value} {q} uses {older} before {cite}, which calls it {q2}").format(
                          here=here, value=m.index + 1, q=_q(m.name), older=older, cite=cite, q2=_q(comp.name)),
                        _located(loaded, ("lampiran", li, "areas", pj, "components", m.index, "name")), "warning",
                            code="component-old-name"))
            for extra in area.extra:
                note = f"; {extra.note}" if extra.note else ""
                out.append(Problem(
                    _("{here}, component {value} {q} is not a component of this area in {cite}{note}").format(
                      here=here, value=extra.index + 1, q=_q(extra.name), cite=cite, note=note),
                    _located(loaded, ("lampiran", li, "areas", pj, "components", extra.index, "name")), "warning",
                        code="component-unknown"))
        for extra in lamp.extra_areas:
            out.append(Problem(_("area {roman} {q} is not an area of {cite}").format(roman=roman(extra.index + 1),
                                 q=_q(extra.name), cite=cite),
                               _located(loaded, ("lampiran", li, "areas", extra.index, "name")), "warning",
                                   code="area-unknown"))
    return out
