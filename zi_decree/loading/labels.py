"""Load: letters and numbers staff type before the evidence items of an action step, recognised and removed."""

from __future__ import annotations

import re
from typing import Any

from zi_decree.base.yaml import Positions, field_path, nearest
from zi_decree.errors import Problem, excerpt
from zi_decree.i18n import _
from zi_decree.model.walk import raw_plan_places

__all__ = ["typed_evidence_labels"]

# "a. Laporan", "b) SK", "(c) Foto", "1. Undangan": a letter or a number, a period or a parenthesis, a space.
_LABEL = re.compile(r"^\(?([A-Za-z]|\d{1,2})[.)]\s+(?=\S)")


def _first_text(item: Any) -> tuple[str | None, tuple[Any, ...]]:
    """The text an evidence item starts with, and its path inside the item (a text, a list's first entry, an
    intro)."""
    text = item.get("text") if isinstance(item, dict) else item
    if isinstance(text, str):
        return text, ("text",) if isinstance(item, dict) else ()
    if isinstance(text, list) and text and isinstance(text[0], str):
        return text[0], (("text",) if isinstance(item, dict) else ()) + (0,)
    if isinstance(text, dict) and isinstance(text.get("intro"), str):
        return text["intro"], ("text", "intro") if isinstance(item, dict) else ("intro",)
    return None, ()


def _replaced(node: Any, inner: tuple[Any, ...], value: str) -> Any:
    """`node` with the text at `inner` replaced (new containers; the data read is not changed)."""
    if not inner:
        return value
    head, rest = inner[0], inner[1:]
    if isinstance(node, list):
        return [_replaced(v, rest, value) if i == head else v for i, v in enumerate(node)]
    return {k: _replaced(v, rest, value) if k == head else v for k, v in node.items()}


def _kind(marks: list[str]) -> str | None:
    """'letters' or 'numbers' when the marks count from the first item (a, b, c ... or 1, 2, 3 ...), else None."""
    if all(m.lower() == chr(ord("a") + i) for i, m in enumerate(marks)) and \
            (marks[0].islower() or all(m.isupper() for m in marks)):
        return "letters"
    # A lone "1." is as likely the start of the text as a number typed before it.
    if len(marks) > 1 and all(m == str(i + 1) for i, m in enumerate(marks)):
        return "numbers"
    return None


def typed_evidence_labels(lampiran: list[Any], positions: Positions, source: str) -> list[Problem]:
    """Remove the letters or numbers typed before the evidence items of each action step ("a. Laporan",
    "b) SK"), which the lampiran computes, with a warning at the first of them. A lampiran that does not say
    how its evidence items are labelled is then labelled as they were typed.

    `lampiran` holds the loader's own copies of each plan's levels, down to the lists of evidence items."""
    warnings: list[Problem] = []
    for li, lamp in enumerate(lampiran):
        if not isinstance(lamp, dict):
            continue
        steps: dict[int, tuple[tuple[Any, ...], Any]] = {}
        for place in raw_plan_places(lamp.get("areas")):
            steps.setdefault(id(place.step), (("lampiran", li, *place.path[:-2]), place.step))
        columns = lamp.get("columns")
        given = columns.get("evidence_labels") if isinstance(columns, dict) else None
        found: str | None = None
        for path, step in steps.values():
            items = step.get("evidence") if isinstance(step, dict) else None
            if not isinstance(items, list) or not items:
                continue
            texts = [_first_text(item) for item in items]
            matches = [_LABEL.match(text) if text is not None else None for text, _ in texts]
            if not all(matches):
                continue
            marks = [m.group(1) for m in matches if m is not None]
            kind = _kind(marks)
            if kind is None:
                continue
            for n, ((text, inner), match) in enumerate(zip(texts, matches)):
                assert text is not None and match is not None  # all matched, above
                items[n] = _replaced(items[n], inner, text[match.end():])
            found = found or kind
            typed = ", ".join(excerpt(m.group(0).strip()) for m in matches[:3] if m is not None)
            typed += ", ..." if len(matches) > 3 else ""
            shown = given if isinstance(given, str) else kind
            if shown == kind:
                note = _("the {kind} are computed (columns.evidence_labels: {kind})").format(kind=kind)
            else:
                note = _("columns.evidence_labels is {shown}; write {kind} there to show {kind}").format(
                         shown=excerpt(shown), kind=kind)
            text_path = (*path, "evidence", 0, *_first_text(items[0])[1])
            where = nearest(positions, text_path, source)
            warnings.append(Problem(_("{typed} typed before the evidence items of this action step, removed: {note}")
                                      .format(typed=typed, note=note), where.at(field_path(text_path)), "warning",
                                          code="typed-label"))
        if found is not None and given is None and (columns is None or isinstance(columns, dict)):
            lampiran[li] = {**lamp, "columns": {**(columns or {}), "evidence_labels": found}}
    return warnings

