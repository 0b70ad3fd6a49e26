"""Retyped citations: an office's own instrument that is a catalogue entry typed again, or an amendment of one."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from zi_decree.errors import Location, Problem
from zi_decree.i18n import _
from zi_decree.legal.catalogue import Catalogue
from zi_decree.model.keputusan import DEFAULT_FORMS, Instrument

__all__ = ["retyped_problems"]

# How offices shorten the names of the issuers; spelled out before two forms are compared.
_SHORT = ((re.compile(r"\bpermen\b"), "peraturan menteri"), (re.compile(r"\bkpu\b"), "komisi pemilihan umum"),
          (re.compile(r"\bpan ?-? ?rb\b"), "pendayagunaan aparatur negara dan reformasi birokrasi"),
          (re.compile(r"\bri\b|\brepublik indonesia\b"), ""))


def _form(text: str) -> str:
    low = " ".join(re.sub(r"[^\w/-]+", " ", text.lower()).split())
    for pattern, full in _SHORT:
        low = pattern.sub(full, low)
    return " ".join(low.split())


def _keys(inst: Instrument) -> list[tuple[str, str, int]]:
    """What identifies an instrument whatever its id: its kind (type for a law or regulation of the state, else
    the form that names the issuer), its number and its year."""
    number = "".join(inst.number.lower().split())
    keys = [(_form(inst.display_form), number, inst.year)]
    if inst.type in DEFAULT_FORMS:
        keys.append((inst.type, number, inst.year))
    return keys


def _base(catalogue: Catalogue, inst: Instrument) -> Instrument:
    """The instrument an amendment (or the law enacting a Perppu) belongs to, followed to its start."""
    seen = {inst.id}
    while (up := catalogue.amended_instrument(inst)) is not None and up.id not in seen:
        seen.add(up.id)
        inst = up
    return inst


def retyped_problems(own: Sequence[Instrument], catalogue: Catalogue,
                     locations: Mapping[tuple[int, str], Location]) -> list[Problem]:
    """An error for each of the spec's own instruments (`instruments:`) that has the kind, number and year of a
    catalogue entry, or that amends or enacts one: the catalogue's entry is cited instead, with its title, gazette
    and amendment chain as of the decree's date. `locations` gives ((index, field) -> place) of each own instrument."""
    # A catalogue that already holds the spec's own instruments (one a loaded spec carries, loaded again) is not
    # compared with them: an id defined twice with different facts is refused by Catalogue.with_local.
    own_ids = {inst.id for inst in own}
    index: dict[tuple[str, str, int], str] = {}
    for inst in catalogue.instruments.values():
        if inst.id in own_ids:
            continue
        for key in _keys(inst):
            index.setdefault(key, inst.id)
    out = []
    for i, inst in enumerate(own):
        found = next((index[key] for key in _keys(inst) if key in index), None)
        if found is not None:
            entry = catalogue.get(found)
            base = _base(catalogue, entry)
            cite = base.id
            what = _("the catalogue's {found!r}").format(found=found) + (_(", an amendment of {cite!r}").format(
                     cite=cite) if base.id != found else "")
            out.append(Problem(
                _("{name} is {what}: cite {cite!r} in mengingat instead of typing it again (the catalogue gives its "
                  "title, gazette and amendments as of the decree's date)").format(name=Catalogue.name(inst),
                      what=what, cite=cite),
                locations.get((i, "number")) or locations[(i, "")], code="retyped-citation"))
            continue
        for field in ("amends", "enacts"):
            ref = getattr(inst, field)
            if ref and ref in catalogue and ref not in own_ids:
                cite = _base(catalogue, catalogue.get(ref)).id
                out.append(Problem(
                    _("{name} {field} the catalogue's {ref!r}: cite {cite!r} in mengingat; the catalogue gives its "
                      "amendments in force on the decree's date (one it lacks is added to the catalogue, not typed in "
                      "a spec)").format(name=Catalogue.name(inst), field=field, ref=ref, cite=cite), locations.get((i,
                          field)) or locations[(i, "")],
                        code="retyped-citation"))
    return out
