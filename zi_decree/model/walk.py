"""The one walk over a plan's rows: area, component, indicator, step and evidence, in table order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from zi_decree.model.keputusan import Area, Component, Evidence, Indicator, Step

__all__ = ["PlanPlace", "RawPlace", "plan_places", "raw_plan_places"]

A = TypeVar("A")
C = TypeVar("C")
I = TypeVar("I")  # noqa: E741 - one letter per level, as the other type variables
S = TypeVar("S")
E = TypeVar("E")

# The levels of a plan, each with the key its children sit under (a spec's YAML keys and the model's fields).
LEVELS = ("components", "indicators", "steps", "evidence")


@dataclass(frozen=True)
class _Place(Generic[A, C, I, S, E]):
    """One evidence row: the nodes it sits in, their positions (0-based) and where each group begins."""

    area: A
    component: C
    indicator: I
    step: S
    evidence: E
    index: tuple[int, int, int, int, int]  # area, component, indicator, step, evidence

    @property
    def path(self) -> tuple[str | int, ...]:
        """The evidence item's field path inside the plan: ("areas", 0, "components", 1, ..., "evidence", 0)."""
        a, c, i, s, e = self.index
        return ("areas", a, "components", c, "indicators", i, "steps", s, "evidence", e)

    @property
    def starts(self) -> tuple[bool, bool, bool, bool]:
        """Whether this row begins its area, component, indicator and step (a group is merged from there)."""
        _, c, i, s, e = self.index
        step = e == 0
        indicator = step and s == 0
        component = indicator and i == 0
        return (component and c == 0, component, indicator, step)


PlanPlace = _Place[Area, Component, Indicator, Step, Evidence]
RawPlace = _Place[Any, Any, Any, Any, Any]


def _children(node: Any, key: str) -> Sequence[Any]:
    # Raw data (a spec as read, before validation) may hold anything where a list belongs: walk only lists.
    found = node.get(key) if isinstance(node, Mapping) else getattr(node, key, None)
    return found if isinstance(found, list) else ()


def _walk(areas: Sequence[Any]) -> Iterator[RawPlace]:
    for a, area in enumerate(areas):
        for c, comp in enumerate(_children(area, "components")):
            for i, ind in enumerate(_children(comp, "indicators")):
                for s, step in enumerate(_children(ind, "steps")):
                    for e, ev in enumerate(_children(step, "evidence")):
                        yield _Place(area, comp, ind, step, ev, (a, c, i, s, e))


def plan_places(areas: Sequence[Area]) -> Iterator[PlanPlace]:
    """Every evidence row of a validated plan, in table order."""
    return _walk(areas)


def raw_plan_places(areas: Any) -> Iterator[RawPlace]:
    """Every evidence row of plan data not yet validated (mappings as read); what is not a list is skipped."""
    return _walk(areas if isinstance(areas, list) else ())
