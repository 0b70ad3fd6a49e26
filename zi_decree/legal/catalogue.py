"""The legal-basis catalogue: loading its entries, resolving a citation as of a date (amendments, warnings, order).

It holds facts; the citation's words ("sebagaimana telah diubah dengan ...", the gazettes) are composing's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from zi_decree.base import arguments
from zi_decree.base.yaml import Positions, problems_from_validation, read_yaml
from zi_decree.errors import CatalogueError, Location, Note, Problem, SpecError, excerpt
from zi_decree.i18n import _
from zi_decree.model.keputusan import FuzzyDate, Instrument

__all__ = ["Catalogue", "Citation", "default_catalogue_dir"]

# Hierarchy of legislation (UU 12/2011 Pasal 7 and 8) as the decrees order their Mengingat. A Perppu is of the
# Undang-Undang's level (Pasal 7 ayat (1) huruf c: "Undang-Undang/Peraturan Pemerintah Pengganti Undang-Undang"),
# so it sits among the UUs by its date (Lampiran II angka 43), not after all of them.
_RANK = {"uu": 0, "perppu": 0, "pp": 2, "perpres": 3, "peraturan": 4, "keputusan": 5}

Status = Literal["in_force", "not_yet", "unknown"]

# Catalogues read in this process, by folder and its files' names, modification times and sizes.
_LOADED: dict[tuple[str, tuple[tuple[str, int, int], ...]], Catalogue] = {}


def default_catalogue_dir() -> Path:
    """The catalogue shipped inside the package."""
    return Path(str(resources.files("zi_decree.legal_basis")))


def _bounds(value: dt.date | FuzzyDate | None, year: int) -> tuple[dt.date, dt.date, str | None]:
    """Earliest and latest possible date, and the evidence when it is not exact."""
    if isinstance(value, dt.date):
        return value, value, None
    if isinstance(value, FuzzyDate):
        low = value.not_before or dt.date(year, 1, 1)
        high = value.not_after or dt.date(year, 12, 31)
        return low, high, value.evidence
    return dt.date(year, 1, 1), dt.date(year, 12, 31), _("only the year {year} is recorded").format(year=year)


def _effective(inst: Instrument) -> dt.date | FuzzyDate | None:
    return inst.in_force or inst.promulgated or inst.enacted


@dataclass(frozen=True)
class Citation:
    """An instrument cited as of a date: the amendments in force then, the latest one's number, what to warn about."""

    instrument: Instrument
    amendments: tuple[Instrument, ...] = ()
    latest_amendment_no: int = 0  # 1 for the first amendment (Perubahan), 2 for the second (Kedua), ...; 0 if none
    warnings: tuple[Note, ...] = ()

    @property
    def id(self) -> str:
        return self.instrument.id


@dataclass
class Catalogue:
    """A set of instruments by id, with the version of the data they came from."""

    instruments: dict[str, Instrument]
    version: str
    description: str = ""
    sources: dict[str, Location] = field(default_factory=dict)
    standard: tuple[str, ...] = ()

    # ----------------------------------------------------------------------------------------- loading

    @classmethod
    def load(cls, directory: Path | str | None = None) -> Catalogue:
        """Load every *.yaml in a catalogue folder (default: the bundled one); all problems are reported at once."""
        folder = arguments.optional_path("directory", directory) or default_catalogue_dir()
        if not folder.is_dir():
            raise CatalogueError([Problem(_("catalogue folder not found"), Location(str(folder)),
                                            code="file-not-found")])
        # Kept per process while its files are unchanged (name, modification time, size), as the guidelines are: a
        # workspace or a batch asks for it for every decree. Each caller gets dictionaries of its own.
        try:
            version_key = (str(folder), tuple((p.name, (stat := p.stat()).st_mtime_ns, stat.st_size)
                                              for p in sorted(folder.glob("*.yaml"))))
        except OSError:
            version_key = None  # read below, and said what is wrong
        kept = _LOADED.get(version_key) if version_key else None
        if kept is None:
            kept = cls._read(folder)
            if version_key:
                if len(_LOADED) >= 8:
                    _LOADED.clear()
                _LOADED[version_key] = kept
        return replace(kept, instruments=dict(kept.instruments), sources=dict(kept.sources))

    @classmethod
    def _read(cls, folder: Path) -> Catalogue:
        version = ""
        description = ""
        standard: list[str] = []
        standard_at: Location | None = None
        problems: list[Problem] = []
        instruments: dict[str, Instrument] = {}
        sources: dict[str, Location] = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                data, positions = read_yaml(path, cache=True)  # read on every run: kept parsed
            except SpecError as exc:
                problems.extend(exc.problems)
                continue
            if not isinstance(data, dict):
                problems.append(Problem(_("expected a mapping with 'instruments:' or 'version:'"), Location(str(path),
                                          1),
                                        code="catalogue-invalid"))
                continue
            if path.name == "catalogue.yaml":
                version = str(data.get("version", ""))
                description = str(data.get("description", ""))
                listed = data.get("standard", [])
                standard_at = positions.get(("standard",), Location(str(path), 1)).at("standard")
                if isinstance(listed, list) and all(isinstance(i, str) for i in listed):
                    standard = listed
                else:
                    problems.append(Problem(_("standard is a list of instrument ids"), standard_at,
                                            code="catalogue-invalid"))
                if not version:
                    problems.append(Problem(_("the catalogue needs a version"), Location(str(path), 1, None, "version"),
                                            code="catalogue-invalid"))
                continue
            found, more = cls._entries(data.get("instruments"), positions, str(path))
            problems.extend(more)
            for inst, where in found:
                if inst.id in instruments:
                    problems.append(Problem(_("id {id!r} is already defined at {sources}").format(id=inst.id,
                                              sources=sources[inst.id]), where,
                                            code="catalogue-invalid"))
                    continue
                instruments[inst.id] = inst
                sources[inst.id] = where
        if not version and not problems:
            problems.append(Problem(_("catalogue.yaml with a version is missing"), Location(str(folder)),
                                    code="catalogue-invalid"))
        catalogue = cls(instruments, version, description, sources, tuple(standard))
        problems.extend(Problem(_("standard: unknown id {i!r}{suggest}").format(i=i, suggest=catalogue.suggest(i)),
                                standard_at or Location(str(folder)),
                                    code="catalogue-invalid") for i in standard if i not in instruments)
        problems.extend(catalogue.check())
        if problems:
            raise CatalogueError(problems)
        return catalogue

    @staticmethod
    def _entries(items: object, positions: Positions,
                 file: str) -> tuple[list[tuple[Instrument, Location]], list[Problem]]:
        found: list[tuple[Instrument, Location]] = []
        problems: list[Problem] = []
        if not isinstance(items, list):
            problems.append(Problem(_("expected 'instruments:' with a list of entries"), Location(file, 1),
                                    code="catalogue-invalid"))
            return found, problems
        for i, item in enumerate(items):
            where = positions.get(("instruments", i), Location(file))
            try:
                found.append((Instrument.model_validate(item), where))
            except ValidationError as exc:
                sub = {k[2:]: v for k, v in positions.items() if k[:2] == ("instruments", i)}
                for p in problems_from_validation(exc, item, sub, Instrument, file):
                    field = f"instruments[{i}].{p.location.field or ''}".rstrip(".")
                    problems.append(Problem(p.message, p.location.at(field), code="catalogue-invalid"))
        return found, problems

    def with_local(self, instruments: Iterable[Instrument], origin: str = "<spec>",
                   locations: Mapping[str, Location] | None = None) -> Catalogue:
        """This catalogue plus an office's own instruments; an id may not be defined twice."""
        merged = dict(self.instruments)
        sources = dict(self.sources)
        problems = []
        locations = locations or {}
        for inst in instruments:
            where = locations.get(inst.id, Location(origin, field="instruments"))
            if inst.id in merged and merged[inst.id] != inst:
                problems.append(Problem(_("id {id!r} is already a catalogue entry; choose another id").format(
                                          id=inst.id), where,
                                        code="catalogue-invalid"))
                continue
            merged[inst.id] = inst
            sources.setdefault(inst.id, where)
        result = Catalogue(merged, self.version, self.description, sources, self.standard)
        problems.extend(result.check())
        if problems:
            raise CatalogueError(problems)
        return result

    def check(self) -> list[Problem]:
        """References between entries point at existing entries of a fitting kind."""
        problems = []
        for inst in self.instruments.values():
            where = self.sources.get(inst.id, Location())
            for ref_name, ref in (("amends", inst.amends), ("enacts", inst.enacts), ("replaced_by", inst.replaced_by)):
                if ref and ref not in self.instruments:
                    problems.append(Problem(_("{id}: {ref_name} {ref!r} is not in the catalogue").format(id=inst.id,
                                              ref_name=ref_name, ref=ref), where,
                                            code="catalogue-invalid"))
            for ref in inst.revokes:
                if ref not in self.instruments:
                    problems.append(Problem(_("{id}: revokes {ref!r}, which is not in the catalogue").format(
                                              id=inst.id, ref=ref), where,
                                            code="catalogue-invalid"))
            if inst.enacts and self.instruments.get(inst.enacts, inst).type != "perppu":
                problems.append(Problem(_("{id}: enacts {enacts!r}, which is not a Perppu").format(id=inst.id,
                                          enacts=inst.enacts), where,
                                        code="catalogue-invalid"))
            # Following amends/enacts must end: an instrument cannot (indirectly) amend itself.
            seen, current = {inst.id}, inst
            while current is not None:
                ref = current.amends or current.enacts
                if ref is None or ref not in self.instruments:
                    break
                if ref in seen:
                    problems.append(Problem(_("{id}: its amends/enacts links run in a circle through {ref!r}").format(
                                              id=inst.id, ref=ref),
                                            where, code="catalogue-invalid"))
                    break
                seen.add(ref)
                current = self.instruments[ref]
        return problems

    # ----------------------------------------------------------------------------------------- queries

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self.instruments

    def get(self, instrument_id: str) -> Instrument:
        try:
            return self.instruments[instrument_id]
        except KeyError:
            raise CatalogueError([Problem(_("unknown catalogue id {instrument_id}{suggest}").format(
                                            instrument_id=excerpt(instrument_id), suggest=self.suggest(instrument_id)),
                                                code="unknown-instrument")]) from None

    def suggest(self, instrument_id: str) -> str:
        near = difflib.get_close_matches(instrument_id, sorted(self.instruments), n=3, cutoff=0.6)
        return _("; did you mean {names}?").format(names=', '.join(repr(n) for n in near)) if near else ""

    def status(self, inst: Instrument, at: dt.date) -> tuple[Status, str | None]:
        """Whether an instrument is in force on a date; 'unknown' when its date is only bounded around it."""
        low, high, evidence = _bounds(_effective(inst), inst.year)
        if high <= at:
            return "in_force", None
        if low > at:
            return "not_yet", None
        return "unknown", evidence

    def in_force(self, instrument_id: str, at: dt.date) -> bool:
        """In force on a date for certain: started, not revoked by an instrument in force, period not ended."""
        inst = self.get(instrument_id)
        if self.status(inst, at)[0] != "in_force" or (inst.valid_until and inst.valid_until < at):
            return False
        return not any(self.status(r, at)[0] == "in_force" for r in self.revokers(inst))

    def standard_bases(self, at: dt.date) -> list[str]:
        """The catalogue's standard Mengingat for a decree dated `at`: those in force that day, in citation order."""
        return self.order(i for i in self.standard if self.in_force(i, at))

    def left_out(self, ids: Iterable[str], at: dt.date, cited: Collection[str] = ()) -> list[tuple[str, str]]:
        """(id, why) for each instrument a decree dated `at` leaves out: revoked or lapsed by then (saying what
        replaced it, or that the catalogue knows no successor), or of a date not known to be before `at`.

        One not yet in force is left out without a word (a list of bases for every year names those too), and so
        is one whose successor is among the `cited` (PermenPANRB 52/2014 beside 90/2021, which revoked it).
        """
        out = []
        for ref in self.order(ids):
            inst = self.get(ref)
            lapse = self.lapse(ref, at)
            if lapse is not None:
                why, successor = lapse
                if successor is None or successor not in cited:
                    out.append((ref, f"{self.name(inst)}: {why}"))
                continue
            state, evidence = self.status(inst, at)
            if state == "unknown":
                out.append((ref, _("{name}: it may not yet be in force on {at}: its date is not known exactly "
                                   "({evidence})").format(name=self.name(inst), at=at.isoformat(), evidence=evidence)))
        return out

    def lapse(self, instrument_id: str, at: dt.date) -> tuple[str, str | None] | None:
        """Why an instrument is no longer a legal basis on a date (revoked, or its period ended), saying what took
        its place, and that successor's id (None when the catalogue knows none); None when it has not lapsed."""
        inst = self.get(instrument_id)
        for revoker in self.revokers(inst):
            if self.status(revoker, at)[0] == "in_force":
                return _("revoked by {name} ({id}), which replaces it").format(name=self.name(revoker),
                         id=revoker.id), revoker.id
        if inst.valid_until and inst.valid_until < at:
            period = f" ({inst.period})" if inst.period else ""
            return (_("its period{period} ended on {valid_until}; {successor_text}").format(period=period,
                      valid_until=inst.valid_until.isoformat(), successor_text=self.successor_text(inst, at)),
                    inst.replaced_by)
        return None

    def successor_text(self, inst: Instrument, at: dt.date) -> str:
        """What took a lapsed instrument's place by `at` (its `replaced_by`), or that the catalogue knows none."""
        if inst.replaced_by:
            nxt = self.instruments[inst.replaced_by]
            state = self.status(nxt, at)[0]
            if state == "in_force":
                return _("replaced by {name} ({id})").format(name=self.name(nxt), id=nxt.id)
            said = (_("its successor {name} ({id}) is not yet in force on {at}") if state == "not_yet"
                    else _("its successor {name} ({id}) is not known to be in force on {at}"))
            return said.format(name=self.name(nxt), id=nxt.id, at=at.isoformat())
        known = f" ({inst.successor})" if inst.successor else ""
        return _("the catalogue knows no successor{known}").format(known=known)

    def amenders(self, inst: Instrument) -> list[Instrument]:
        return [i for i in self.instruments.values() if i.amends == inst.id]

    def enacted_by(self, inst: Instrument) -> Instrument | None:
        for other in self.instruments.values():
            if other.enacts == inst.id:
                return other
        return None

    def revokers(self, inst: Instrument) -> list[Instrument]:
        return [i for i in self.instruments.values() if inst.id in i.revokes]

    # ----------------------------------------------------------------------------------------- naming

    @staticmethod
    def name(inst: Instrument) -> str:
        """'Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019'; a registry code carries its own year.

        How warnings name an instrument; composing's citation begins with the same name.
        """
        if inst.is_registry_code:
            return f"{inst.display_form} Nomor {inst.number}"
        return f"{inst.display_form} Nomor {inst.number} Tahun {inst.year}"

    # ----------------------------------------------------------------------------------------- resolving

    def resolve(self, instrument_id: str, at: dt.date) -> Citation:
        """The citation of an instrument in a decree dated `at`, with its amendment chain as of that day."""
        arguments.text("instrument_id", instrument_id)
        arguments.date("at", at)
        inst = self.get(instrument_id)
        warnings: list[Note] = []
        state, evidence = self.status(inst, at)
        label = self.name(inst)
        if state == "not_yet":
            warnings.append(Note("not-in-force", _("{label} is not yet in force on {at}").format(label=label,
                                                   at=at.isoformat())))
        elif state == "unknown":
            warnings.append(Note("maybe-not-in-force", _("{label} may not yet be in force on {at}: its date is not "
                                                         "known exactly ({evidence}); check and confirm").format(
                                                             label=label, at=at.isoformat(), evidence=evidence)))
        for revoker in self.revokers(inst):
            r_state, r_evidence = self.status(revoker, at)
            if r_state == "in_force":
                warnings.append(Note("revoked", _("{label} was revoked by {name} ({id}); cite that instead").format(
                                                  label=label, name=self.name(revoker), id=revoker.id)))
            elif r_state == "unknown":
                warnings.append(Note("maybe-revoked", _("{label} may already be revoked by {name} ({id}; "
                                                        "{r_evidence}); check").format(label=label,
                                                            name=self.name(revoker), id=revoker.id,
                                                                r_evidence=r_evidence)))
        if inst.valid_until and inst.valid_until < at:
            period = f" ({inst.period})" if inst.period else ""
            warnings.append(Note("period-ended", _("{label}: its period{period} ended on {valid_until}; "
                                                   "{successor_text}; check that it is still the right legal basis")
                                                       .format(label=label, period=period,
                                                           valid_until=inst.valid_until.isoformat(),
                                                               successor_text=self.successor_text(inst, at))))
        warnings += self._gazette_warnings(inst)

        chain: list[Instrument] = []
        for amender in self.amenders(inst):
            cited = amender
            enacting = self.enacted_by(amender)
            if enacting is not None:
                e_state, e_evidence = self.status(enacting, at)
                if e_state == "in_force":
                    # A Perppu enacted as law is cited as the enacting law from then on.
                    cited = enacting
                elif e_state == "unknown":
                    warnings.append(Note(
                        "maybe-enacted", _("{name} may already be enacted as {name2} on {at} ({e_evidence}); the "
                                           "Perppu is cited, check and confirm").format(name=self.name(amender),
                                               name2=self.name(enacting), at=at.isoformat(), e_evidence=e_evidence)))
            a_state, a_evidence = self.status(amender, at)
            if a_state == "in_force":
                chain.append(cited)
            elif a_state == "unknown":
                warnings.append(Note(
                    "amendment-uncertain", _("{name} (amending {label}) may or may not be in force on {at}: "
                                             "{a_evidence}; it is left out of the citation, check and confirm").format(
                                                 name=self.name(amender), label=label, at=at.isoformat(),
                                                     a_evidence=a_evidence)))
        chain.sort(key=lambda a: (self._amendment_no(a), _bounds(_effective(a), a.year)[0]))
        recorded = {self._amendment_no(a) for a in self.amenders(inst)}
        missing = sorted(set(range(1, max(recorded, default=0) + 1)) - recorded)
        in_force_no = self._amendment_no(chain[-1]) if chain else 0
        if missing and in_force_no < missing[-1]:
            # An unrecorded amendment may be the one in force: say so rather than cite too little.
            warnings.append(Note("amendment-unrecorded", _("{label}: amendment no. {names} is not recorded in the "
                                                           "catalogue; check whether it is in force on this date and "
                                                           "belongs in the citation").format(label=label,
                                                               names=', '.join(map(str, missing)))))

        if chain:
            warnings += self._gazette_warnings(chain[-1])
        return Citation(inst, tuple(chain), in_force_no, tuple(warnings))

    def _gazette_warnings(self, inst: Instrument) -> list[Note]:
        # Decisions are not gazetted; some Perpres were not promulgated in the Lembaran Negara at all.
        if inst.type in ("keputusan", "perpres") or (inst.gazette is not None and inst.gazette.number is not None):
            return []
        gazette = "Lembaran Negara" if inst.type in ("uu", "perppu", "pp") else "Berita Negara"
        return [Note("gazette-unknown", _("{name}: its {gazette} number is not recorded in the catalogue, so the "
                                          "citation lacks it").format(name=self.name(inst), gazette=gazette))]

    def _amendment_no(self, inst: Instrument) -> int:
        if inst.amendment_no is not None:
            return inst.amendment_no
        if inst.enacts:
            return self.instruments[inst.enacts].amendment_no or 1
        return 1

    def sort_key(self, inst: Instrument) -> tuple[int, dt.date, int, int, str]:
        date = _bounds(inst.enacted or inst.promulgated, inst.year)[0]
        number = int(m.group()) if (m := re.match(r"\d+", inst.number)) else 0
        return (_RANK[inst.type], date, inst.year, number, inst.id)

    def order(self, ids: Iterable[str]) -> list[str]:
        """Mengingat order: by level of the hierarchy, then by date within one level."""
        return sorted(ids, key=lambda i: self.sort_key(self.get(i)))

    def amended_instrument(self, inst: Instrument) -> Instrument | None:
        """The instrument an amending (or Perppu-enacting) instrument changes, if any."""
        if inst.amends:
            return self.instruments.get(inst.amends)
        if inst.enacts:
            return self.amended_instrument(self.instruments[inst.enacts]) or self.instruments[inst.enacts]
        return None
