"""The Zona Integritas guidelines as data: areas and components per guideline, and which is in force on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from zi_decree.base.yaml import read_yaml
from zi_decree.errors import CatalogueError, Location, Problem
from zi_decree.i18n import _
from zi_decree.legal.catalogue import Catalogue, default_catalogue_dir

__all__ = ["Guideline", "GuidelineArea", "guideline_at", "load_guidelines"]


@dataclass(frozen=True)
class GuidelineArea:
    """One area of change: its components, and per component the other names plans give it.

    `also` / `component_also` are spelling variants of the area's / each component's name;
    `formerly` / `component_formerly` are the names an older guideline gave them.
    """

    name: str
    weight: float
    components: tuple[str, ...]
    also: tuple[str, ...] = ()
    component_also: tuple[tuple[str, ...], ...] = ()
    formerly: tuple[str, ...] = ()
    component_formerly: tuple[tuple[str, ...], ...] = ()

    def variants(self, index: int) -> tuple[str, ...]:
        """The spelling variants of component `index`."""
        return self.component_also[index] if index < len(self.component_also) else ()

    def older_names(self, index: int) -> tuple[str, ...]:
        """The names an older guideline gave component `index`."""
        return self.component_formerly[index] if index < len(self.component_formerly) else ()


@dataclass(frozen=True)
class Guideline:
    """One guideline (a catalogue instrument) and the areas and components a plan under it covers."""

    instrument: str
    title: str
    areas: tuple[GuidelineArea, ...]
    citation: str = ""
    amended_by: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """How messages cite it: 'PermenPANRB 90/2021' (the citation, else the title, else the id)."""
        return self.citation or self.title or self.instrument


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _area(a: dict[str, Any]) -> GuidelineArea:
    components = a["components"]
    return GuidelineArea(a["name"], float(a["weight"]), tuple(c["name"] for c in components),
                         _strings(a.get("also")), tuple(_strings(c.get("also")) for c in components),
                         _strings(a.get("formerly")), tuple(_strings(c.get("formerly")) for c in components))


def load_guidelines(path: Path | None = None) -> list[Guideline]:
    """The guidelines file (default: the bundled legal_basis/guidelines/zona-integritas.yaml), in its order.

    Read once per file version (path, modification time and size): every `check` asks for it."""
    path = Path(path or default_catalogue_dir() / "guidelines" / "zona-integritas.yaml")
    try:
        stat = path.stat()
        key: tuple[int, ...] = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = ()  # read_yaml says what is wrong
    return list(_load_guidelines(str(path), key))


@lru_cache(maxsize=8)
def _load_guidelines(path_text: str, version: tuple[int, ...]) -> tuple[Guideline, ...]:
    path = Path(path_text)
    data, _positions = read_yaml(path, cache=True)
    result = []
    try:
        for g in data["guidelines"]:
            areas = tuple(_area(a) for a in g["areas"])
            result.append(Guideline(g["instrument"], g.get("title", g["instrument"]), areas,
                                    g.get("citation") or "", _strings(g.get("amended_by"))))
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError([Problem(_("guidelines file is malformed ({exc!r}): each guideline has instrument and "
                                        "areas, each area name, weight and components with a name").format(exc=exc),
                                      Location(str(path)), code="catalogue-invalid")]) from exc
    return tuple(result)


def guideline_at(catalogue: Catalogue, at: dt.date, guidelines: list[Guideline] | None = None) -> Guideline | None:
    """The first guideline whose instrument is in force on `at` for certain (None when none is).

    The file lists the newest first: PermenPANRB 90/2021 from 2022 on (its promulgation is only known to
    lie in the second half of 2021), before that PermenPANRB 52/2014 as amended by 10/2019, which stays in
    force until 90/2021, which revokes it, is in force for certain.
    """
    for g in guidelines if guidelines is not None else load_guidelines():
        if g.instrument in catalogue and catalogue.in_force(g.instrument, at):
            return g
    return None
