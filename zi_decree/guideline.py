"""The Zona Integritas guidelines as data: areas and components per guideline, and which is in force on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ._yaml import read_yaml
from .catalogue import Catalogue, default_catalogue_dir
from .errors import CatalogueError, Location, Problem

__all__ = ["Guideline", "GuidelineArea", "guideline_at", "load_guidelines"]


@dataclass(frozen=True)
class GuidelineArea:
    name: str
    weight: float
    components: tuple[str, ...]
    also: tuple[str, ...] = ()
    component_also: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Guideline:
    """One guideline (a catalogue instrument) and the areas and components a plan under it covers."""

    instrument: str
    title: str
    areas: tuple[GuidelineArea, ...]


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def load_guidelines(path: Path | None = None) -> list[Guideline]:
    """The guidelines file (default: the bundled legal_basis/guidelines/zona-integritas.yaml), in its order."""
    path = path or default_catalogue_dir() / "guidelines" / "zona-integritas.yaml"
    data, positions = read_yaml(path)
    result = []
    try:
        for g in data["guidelines"]:
            areas = tuple(
                GuidelineArea(a["name"], float(a["weight"]), tuple(c["name"] for c in a["components"]),
                              _strings(a.get("also")), tuple(_strings(c.get("also")) for c in a["components"]))
                for a in g["areas"])
            result.append(Guideline(g["instrument"], g.get("title", g["instrument"]), areas))
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError([Problem(f"guidelines file is malformed ({exc!r}): each guideline has instrument and "
                                      "areas, each area name, weight and components with a name", Location(str(path)))])
    return result


def guideline_at(catalogue: Catalogue, at: dt.date, guidelines: list[Guideline] | None = None) -> Guideline | None:
    """The first guideline whose instrument is in force on `at` (None when none is)."""
    for g in guidelines if guidelines is not None else load_guidelines():
        if g.instrument in catalogue and catalogue.in_force(g.instrument, at):
            return g
    return None
