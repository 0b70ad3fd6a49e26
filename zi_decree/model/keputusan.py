"""The typed model of a Keputusan and its plan: what a spec file may say, validated, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import CoreSchema

from zi_decree.base.paper import Paper
from zi_decree.codes import CODES, Code
from zi_decree.errors import excerpt
from zi_decree.i18n import N_, _, translate

__all__ = [
    "EMPHASIS",
    "LINE_LIMIT",
    "Accepted",
    "NAME_LIMIT",
    "SURROGATE",
    "TEXT_LIMIT",
    "Area",
    "Attestation",
    "BudgetClause",
    "CellList",
    "Component",
    "Evidence",
    "FuzzyDate",
    "Gazette",
    "Indicator",
    "InForceClause",
    "Instrument",
    "Keputusan",
    "ListBlock",
    "ListItem",
    "NarrativeLampiran",
    "Office",
    "OfficeKind",
    "PlanColumns",
    "PlanHeadings",
    "PlanLampiran",
    "Schedule",
    "Signatory",
    "Step",
    "TextClause",
    "AdoptClause",
    "HeadingBlock",
    "ParagraphBlock",
    "surrogate_message",
]

# XML 1.0 forbids these; Word and PDF readers choke on them, so they are refused at the door. So are lone
# surrogates (SURROGATE), which are no characters at all: no file can hold them, not even as UTF-8.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone half of a UTF-16 surrogate pair: what an escape such as "\\ud800" in a YAML or JSON file gives."""

# The most characters a text may hold, by kind of field (README, "Writing a spec"): generous for any real decree,
# and what keeps a decree's pages, and the time to lay them out, bounded.
NAME_LIMIT = 200
"""Names of offices and people, places, numbers and ids."""
LINE_LIMIT = 1_000
"""Subjects, titles, headings, positions, names of areas and components, file names."""
TEXT_LIMIT = 10_000
"""A paragraph: a Menimbang or Memperhatikan item, a dictum clause or item, a narrative paragraph, a table cell."""


def surrogate_message(value: str) -> str | None:
    """Why a text holding a lone surrogate is refused (None if it holds none): said where it is, and what to do."""
    match = SURROGATE.search(value)
    if match is None:
        return None
    code = ord(match.group())
    return (_("contains U+{code:04X} at position {value}, half of a UTF-16 surrogate pair, which is not a character "
              "(an escape such as \\u{code:04x} in the file?); write the character itself").format(code=code,
                  value=match.start() + 1))


def _refused(code: Code, message: str, at: tuple[str | int, ...] = ()) -> PydanticCustomError:
    """A check's refusal that carries its code: pydantic reports it with the code as the error's type (a plain
    ValueError is reported as 'invalid-value'). A check of the whole decree names with `at` the field it
    concerns, below the model's own place, so that the problem is located there, not at the file's first line."""
    return PydanticCustomError(code, "{message}", {"message": message, "at": at})


def _check_text(value: str, limit: int = TEXT_LIMIT) -> str:
    surrogate = surrogate_message(value)
    if surrogate:
        raise _refused("bad-character", surrogate)
    match = _CONTROL.search(value)
    if match:
        code = ord(match.group())
        raise _refused(
            "bad-character", _("contains the control character U+{code:04X} at position {value}; remove it (only "
                               "ordinary characters, tabs and line breaks are allowed)").format(code=code,
                                   value=match.start() + 1)
        )
    value = value.strip()
    if not value:
        raise _refused("empty-text", _("is empty; write the text or leave the field out"))
    if len(value) > limit:
        raise _refused("text-too-long", _("is {count:,} characters long; at most {limit:,} are allowed here")
                         .format(count=len(value), limit=limit))
    return value


EMPHASIS = "x-emphasis"
"""The JSON Schema keyword that marks a text which may carry emphasis (the schema command says how to write it)."""


@dataclass(frozen=True)
class _MaxLength:
    """Tells the JSON Schema the most characters a text may hold (the check itself is _check_text's), and whether
    it may carry emphasis (*italic*, **bold**: zi_decree.base.markup)."""

    limit: int
    emphasis: bool = False

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["maxLength"] = self.limit
        if self.emphasis:
            json_schema[EMPHASIS] = True
        return json_schema


Text = Annotated[str, AfterValidator(partial(_check_text, limit=TEXT_LIMIT)), _MaxLength(TEXT_LIMIT, True)]
"""User text: any characters except control characters, surrounding whitespace removed, never empty, at most
TEXT_LIMIT characters; it may carry emphasis (*italic*, **bold**, ***bold italic***, \\* for an asterisk)."""
Line = Annotated[str, AfterValidator(partial(_check_text, limit=LINE_LIMIT)), _MaxLength(LINE_LIMIT, True)]
"""Text of a subject, title or position: as Text, at most LINE_LIMIT characters."""
PathText = Annotated[str, AfterValidator(partial(_check_text, limit=LINE_LIMIT)), _MaxLength(LINE_LIMIT)]
"""A file or folder named in a spec, relative to it: as Line, without emphasis."""
Name = Annotated[str, AfterValidator(partial(_check_text, limit=NAME_LIMIT)), _MaxLength(NAME_LIMIT)]
"""A name, number or id: as Text, at most NAME_LIMIT characters."""


def _as_list(value: Any) -> Any:
    # A cell holding a number ("2025", "5") is text in a decree.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return [value] if isinstance(value, str) else value


def _no_final_punctuation(value: Any) -> Any:
    """Titles carry no final punctuation (UU 12/2011 Lampiran II); a typed period is dropped."""
    return re.sub(r"[.;,:\s]+$", "", value) if isinstance(value, str) else value


class CellList(BaseModel):
    """A cell that opens with a sentence and goes on with a numbered list ('Dokumen-dokumen: 1) ... 2) ...')."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intro: Text
    items: list[Text] = Field(min_length=1)


CellText = Annotated[Union[list[Text], CellList],
                     BeforeValidator(_as_list, json_schema_input_type=Union[Text, float, list[Text], CellList])]

Title = Annotated[Line, BeforeValidator(_no_final_punctuation)]
"""A table cell: one text; a list of texts, rendered as a numbered list (numbers computed); or an intro
followed by such a list ({intro: ..., items: [...]})."""

_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------------------------------
# Legal instruments (the catalogue's entries, and an office's own local instruments)


class FuzzyDate(_Model):
    """A date known only to lie in an interval, with the evidence that bounds it."""

    not_before: dt.date | None = None
    not_after: dt.date | None = None
    evidence: Text

    @model_validator(mode="after")
    def _ordered(self) -> FuzzyDate:
        if self.not_before and self.not_after and self.not_before > self.not_after:
            raise _refused("invalid-value", _("not_before is later than not_after"), at=("not_before",))
        return self


DateOrInterval = Union[dt.date, FuzzyDate]


class Gazette(_Model):
    """Where an instrument was published: Lembaran Negara (+ Tambahan) or Berita Negara."""

    kind: Literal["LN", "BN"]
    year: int = Field(ge=1945, le=2100)
    number: int | None = Field(default=None, ge=1)
    tln: int | None = Field(default=None, ge=1, description="Tambahan Lembaran Negara number (LN only)")

    @model_validator(mode="after")
    def _tln_only_for_ln(self) -> Gazette:
        if self.kind == "BN" and self.tln is not None:
            raise _refused("invalid-value", _("a Berita Negara has no Tambahan (tln); remove tln"), at=("tln",))
        return self


InstrumentType = Literal["uu", "perppu", "pp", "perpres", "peraturan", "keputusan"]

DEFAULT_FORMS: dict[str, str] = {
    "uu": "Undang-Undang",
    "perppu": "Peraturan Pemerintah Pengganti Undang-Undang",
    "pp": "Peraturan Pemerintah",
    "perpres": "Peraturan Presiden",
}


class Instrument(_Model):
    """One legal instrument as the catalogue (or an office) records it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$", description="stable id, e.g. pkpu-8-2019")
    type: InstrumentType = Field(description="level in the hierarchy of legislation, used for ordering")
    form: Line | None = Field(
        default=None,
        description="how the citation names the kind of instrument, e.g. 'Peraturan Komisi Pemilihan Umum'; "
        "defaults from type for uu, perppu, pp and perpres",
    )
    number: Annotated[Name, Field(json_schema_extra={"type": ["string", "integer"]})] = Field(
        description="number, or registry code such as 612/ORT.04-Kpt/05/KPU/XII/2020")
    year: int = Field(ge=1945, le=2100)
    subject: Line = Field(description="the title after 'tentang', as enacted")
    enacted: DateOrInterval | None = Field(default=None, description="ditetapkan (set/signed)")
    promulgated: DateOrInterval | None = Field(default=None, description="diundangkan (promulgated)")
    in_force: DateOrInterval | None = Field(
        default=None, description="mulai berlaku; defaults to promulgated, then enacted"
    )
    gazette: Gazette | None = None
    amends: Name | None = Field(default=None, description="id of the instrument this one amends")
    amendment_no: int | None = Field(
        default=None, ge=1, description="1 for 'Perubahan atas', 2 for 'Perubahan Kedua atas', ..."
    )
    enacts: Name | None = Field(default=None, description="id of the Perppu this law enacts")
    revokes: list[Name] = Field(default_factory=list)
    replaced_by: Name | None = Field(
        default=None, description="id of the instrument that took this one's place when it lapsed or was replaced "
        "without revoking it by name (e.g. the next road map); a revoking instrument names itself in `revokes`")
    successor: Text | None = Field(
        default=None, description="for an instrument that lapses or is replaced: what is known of a successor and "
        "where that was read, or that none was found (then the successor is unknown)")
    valid_until: dt.date | None = Field(default=None, description="end of a time-bound instrument's period")
    period: Name | None = Field(default=None, description="the period as the title names it, e.g. 2010-2025")
    source: Text = Field(description="where these facts were checked")
    notes: Text | None = None

    @field_validator("number", mode="before")
    @classmethod
    def _number_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("subject")
    @classmethod
    def _title_without_final_punctuation(cls, subject: str) -> str:
        # A title is cited inside a Mengingat item that ends with ';': a typed final '.' or ';' would double it.
        return re.sub(r"[\s.,;:]+$", "", subject) or subject

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        if self.form is None and self.type not in DEFAULT_FORMS:
            raise ValueError(_("form is required for type {type} (e.g. 'Peraturan Komisi Pemilihan Umum')").format(
                               type=excerpt(self.type)))
        if self.amends and self.amendment_no is None:
            raise ValueError(_("amendment_no is required with amends (1 = Perubahan, 2 = Perubahan Kedua, ...)"))
        if self.amendment_no is not None and not self.amends:
            raise _refused("invalid-value", _("amendment_no given without amends"), at=("amendment_no",))
        if self.amends and self.enacts:
            raise _refused("invalid-value", _("an instrument either amends or enacts, not both"), at=("enacts",))
        return self

    @property
    def display_form(self) -> str:
        return self.form or DEFAULT_FORMS[self.type]

    @property
    def is_registry_code(self) -> bool:
        return "/" in self.number


# ---------------------------------------------------------------------------------------------------
# Schedules


class Schedule(_Model):
    """When an evidence item is due: a set of months, and optionally the label to show instead."""

    months: list[Annotated[str, Field(pattern=_MONTH)]] = Field(
        default_factory=list, description="months as YYYY-MM, e.g. 2025-04"
    )
    label: Line | None = Field(
        default=None, description="free text shown instead of the months, for what months cannot say"
    )

    @field_validator("months")
    @classmethod
    def _sorted_unique(cls, months: list[str]) -> list[str]:
        return sorted(set(months))

    @model_validator(mode="after")
    def _something(self) -> Schedule:
        if not self.months and not self.label:
            raise ValueError(_("a schedule needs months or a label"))
        return self

    @classmethod
    def parse(cls, phrase: str, year: int | None = None) -> Schedule:
        """Read an Indonesian schedule phrase ("April, Juli, dan Oktober 2025")."""
        from zi_decree.model.schedule import parse_schedule

        return parse_schedule(phrase, default_year=year).schedule

    @property
    def month_pairs(self) -> list[tuple[int, int]]:
        return [(int(m[:4]), int(m[5:])) for m in self.months]


def _schedule_from_text(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str) and len(value.strip()) > LINE_LIMIT:
        raise _refused("text-too-long",
                       _("is {count:,} characters long; a schedule has at most {line_limit:,}").format(
                         count=len(value.strip()), line_limit=LINE_LIMIT))
    if isinstance(value, str):
        year = (info.context or {}).get("year")
        return Schedule.parse(value, year if isinstance(year, int) else None).model_dump(exclude_none=True)
    if isinstance(value, dt.date):
        return {"months": [f"{value.year:04d}-{value.month:02d}"]}
    return value


ScheduleField = Annotated[Schedule,
                          BeforeValidator(_schedule_from_text, json_schema_input_type=Union[Line, int, Schedule])]


# ---------------------------------------------------------------------------------------------------
# The office and the people


class OfficeKind(str, Enum):
    KABUPATEN = "Kabupaten"
    KOTA = "Kota"
    PROVINSI = "Provinsi"


class Office(_Model):
    """The issuing KPU office."""

    kind: OfficeKind
    name: Name = Field(description="e.g. Semarang, Kota Magelang is kind Kota and name Magelang")
    seat: Name | None = Field(default=None, description="where it sits, if not its name (Ungaran for Semarang)")
    province: Name | None = None

    @field_validator("name")
    @classmethod
    def _name_without_kind(cls, name: str) -> str:
        first = name.split()[0].lower()
        if first in ("kabupaten", "kota", "provinsi", "kab.", "kab"):
            raise ValueError(_("write the name without its kind (kind: {capitalize}, name: {value})").format(
                               capitalize=name.split()[0].capitalize(), value=' '.join(name.split()[1:]) or '...'))
        return name


# Academic degrees and titles as they are written after or before names (S.H., M.Si., Dr., ...).
_DEGREE = re.compile(
    r"(?<![A-Za-z])(S|M|D)\.\s?(H|E|Sos|Kom|Pd|IP|T|Si|Ag|Hut|Psi|Ked|Kes|Hum|Sn|Ak|M|A|Sc|AP|Tr)\.?(?![a-z])"
    r"|(?<![A-Za-z])(Dr|Drs|Dra|Ir|Prof|Lc|A\.Md|NIP)\.?(?![a-z])"
)


def _without_degrees(name: str, shown: str) -> str:
    """The name, refused when it carries an academic degree, a title or a NIP (written after a comma)."""
    if "," in name or _DEGREE.search(name):
        raise ValueError(_("{shown} shows the name without academic degrees, titles or NIP; write only the name")
                           .format(shown=translate(shown)))
    return name


class Signatory(_Model):
    """Who signs: a name, written once, shown in capitals without degrees."""

    name: Name
    position: Line | None = Field(
        default=None,
        description="the title above the name if not the Ketua, e.g. 'Plh. Ketua Komisi Pemilihan Umum Kota X'",
    )

    @field_validator("name")
    @classmethod
    def _no_degrees(cls, name: str) -> str:
        return _without_degrees(name, N_("a signature"))


class Attestation(_Model):
    """The salinan's attestation: 'Salinan sesuai dengan aslinya' and the attesting officer."""

    unit: Line | None = Field(default=None, description="defaults to 'Sekretariat Komisi Pemilihan Umum <office>'")
    position: Line = Field(description="e.g. Kepala Sub Bagian Hukum dan Sumber Daya Manusia")
    name: Name
    nip: str | None = Field(default=None, pattern=r"^\d{18}$", description="18-digit NIP, optional")

    @field_validator("name")
    @classmethod
    def _no_degrees(cls, name: str) -> str:
        # As for the signatory: the attestation names the officer; the NIP has its own field.
        return _without_degrees(name, N_("an attestation"))

    @field_validator("nip", mode="before")
    @classmethod
    def _nip_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(" ", "")
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Accepted(_Model):
    """A warning the office has looked at and accepts, with its reason: `check` then passes, and record.json keeps
    the warning as accepted, with the reason."""

    code: Name = Field(description="the warning's code, as check shows it in warning[...] (the README lists them)")
    at: Line | None = Field(default=None, description=(
        "the field the warning is at, as check names it (menimbang[0], lampiran[0].areas[5]); a field accepts "
        "the warnings inside it too. Leave it out to accept every warning with this code"))
    reason: Text = Field(description="why the warning is accepted (kept in record.json)")

    @field_validator("code")
    @classmethod
    def _warning_code(cls, code: str) -> str:
        info = CODES.get(code)  # type: ignore[call-overload]  # any text may be asked; only codes are found
        if info is None:
            import difflib

            warnings = sorted(c for c, i in CODES.items() if i.severity == "warning")
            near = difflib.get_close_matches(code, warnings, n=3, cutoff=0.6)
            hint = _("; did you mean {names}?").format(
                     names=', '.join(repr(n) for n in near)) if near else _(" (the README lists them)")
            raise _refused("not-a-choice", _("{code} is not a warning's code{hint}").format(code=excerpt(code),
                             hint=hint))
        if info.severity != "warning":
            raise _refused("invalid-value",
                             _("{code!r} is an error's code; an error cannot be accepted, only fixed").format(
                               code=code))
        return code


# ---------------------------------------------------------------------------------------------------
# Dictum clauses


class AdoptClause(_Model):
    """'Menetapkan <object>, sebagaimana tercantum dalam Lampiran ...'."""

    kind: Literal["adopt"]
    object: Line | None = Field(default=None, description="what is adopted; defaults to the decree's subject")


class BudgetClause(_Model):
    """'Segala biaya ... dibebankan pada Anggaran Pendapatan dan Belanja Negara ...'."""

    kind: Literal["budget"]
    bagian_anggaran: Annotated[str | None, Field(json_schema_extra={"type": ["string", "integer", "null"]})] = Field(
        default=None, pattern=r"^\d{3}$", description="e.g. 076 for KPU")
    with_year: bool = Field(default=False, description="append 'Tahun <year>'")

    @field_validator("bagian_anggaran", mode="before")
    @classmethod
    def _code_text(cls, value: Any) -> Any:
        # YAML reads 076 as the number 62 (octal) or 76; accept numbers and pad them back.
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:03d}"
        return value


class InForceClause(_Model):
    """'Keputusan ini mulai berlaku pada tanggal ditetapkan [sampai dengan bulan ... tahun ...].'"""

    kind: Literal["in_force"]
    until: str | None = Field(default=None, pattern=_MONTH, description="last month of validity, YYYY-MM")

    @field_validator("until", mode="before")
    @classmethod
    def _month_text(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return f"{value.year:04d}-{value.month:02d}"
        return value


class SubItem(_Model):
    text: Text
    items: list[Text] = Field(default_factory=list)


def _sub_item(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class TextClause(_Model):
    """A clause written by the office, optionally with lettered sub-items."""

    kind: Literal["text"]
    text: Text
    items: list[Annotated[SubItem, BeforeValidator(_sub_item, json_schema_input_type=Union[Text, SubItem])]] = Field(
        default_factory=list,
        description="lettered items a., b., ...; each ends with ';', the last with '.', the one before the last "
        "with '; dan' or '; atau' (see tabulation): typed endings are replaced")
    tabulation: Literal["cumulative", "alternative"] = Field(
        default="cumulative",
        description="how the items join (UU 12/2011 Lampiran II): cumulative, '; dan' before the last item, or "
        "alternative, '; atau'")


def _clause_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("kind")
    return getattr(value, "kind", None)


Clause = Annotated[
    Union[
        Annotated[AdoptClause, Tag("adopt")],
        Annotated[BudgetClause, Tag("budget")],
        Annotated[InForceClause, Tag("in_force")],
        Annotated[TextClause, Tag("text")],
    ],
    Discriminator(_clause_kind, custom_error_type="clause_kind",
                  custom_error_message=N_("kind must be one of adopt, budget, in_force, text")),
]


# ---------------------------------------------------------------------------------------------------
# Lampiran: narrative


class HeadingBlock(_Model):
    heading: Line


class ParagraphBlock(_Model):
    paragraph: Text


class ListItem(_Model):
    text: Text
    blocks: list[Block] = Field(default_factory=list, description="paragraphs and lists under this item")


def _list_item(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class ListSpec(_Model):
    style: Literal["numbered", "lettered"] = "numbered"
    items: list[Annotated[ListItem, BeforeValidator(_list_item, json_schema_input_type=Union[Text, ListItem])]] = Field(
        min_length=1)


class ListBlock(_Model):
    list: ListSpec


def _block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("heading", "paragraph", "list"):
            if key in value:
                return key
        return None
    for key, cls in (("heading", HeadingBlock), ("paragraph", ParagraphBlock), ("list", ListBlock)):
        if isinstance(value, cls):
            return key
    return None


Block = Annotated[
    Union[
        Annotated[HeadingBlock, Tag("heading")],
        Annotated[ParagraphBlock, Tag("paragraph")],
        Annotated[ListBlock, Tag("list")],
    ],
    Discriminator(_block_kind, custom_error_type="block_kind",
                  custom_error_message=N_("a block is one of heading:, paragraph: or list:")),
]
ListItem.model_rebuild()


class NarrativeLampiran(_Model):
    """A lampiran of headings, paragraphs and lists."""

    kind: Literal["narrative"]
    title: Title | None = Field(default=None, description="centred title; narrative lampiran often have none")
    blocks: list[Block] = Field(min_length=1)
    place_and_date_at_end: bool = False


# ---------------------------------------------------------------------------------------------------
# Lampiran: the plan table


class Evidence(_Model):
    """One bukti fisik with its own schedule (and link, in plans with a link column)."""

    text: CellText | None = None
    schedule: ScheduleField | None = None
    link: CellText | None = None


def _evidence(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, list)) else value


class Step(_Model):
    """A langkah aksi and its evidence items."""

    text: CellText | None = None
    evidence: list[Annotated[Evidence, BeforeValidator(
        _evidence, json_schema_input_type=Union[Text, list[Text], Evidence])]] = Field(min_length=1)


class Indicator(_Model):
    text: CellText | None = None
    steps: list[Step] = Field(min_length=1)


class Component(_Model):
    name: Line | None = None
    responsible: Line | None = Field(default=None, description="overrides the area's responsible team")
    indicators: list[Indicator] = Field(min_length=1)


class Area(_Model):
    name: Line
    responsible: Line | None = None
    components: list[Component] = Field(min_length=1)


Heading = Annotated[str, AfterValidator(partial(_check_text, limit=NAME_LIMIT)), _MaxLength(NAME_LIMIT)]
"""A column heading of the plan table: as Name (a line break in it is where the heading breaks)."""


class PlanHeadings(_Model):
    """The plan table's column headings, as the decree words them; each defaults to the usual one."""

    no: Heading = "NO"
    component: Heading = "KOMPONEN"
    indicator: Heading = "INDIKATOR"
    step: Heading = "LANGKAH AKSI"
    evidence: Heading = "BUKTI FISIK"
    link: Heading = Field(default="LINK BUKTI FISIK", description="the link column, e.g. TAUTAN")
    schedule: Heading = Field(default="TARGET WAKTU", description="the schedule column, when it is text")
    grid: Heading = Field(default="PELAKSANAAN (BULAN)",
                          description="the heading over the twelve month columns, e.g. PELAKSANAAN BULAN")
    responsible: Heading = "PENANGGUNG JAWAB"


class PlanColumns(_Model):
    """Which columns the plan table has, and how they are headed and numbered."""

    schedule: Literal["target_time", "month_grid"] = "target_time"
    link: bool = Field(default=False, description="a LINK BUKTI FISIK column")
    responsible: bool = Field(default=True, description="a PENANGGUNG JAWAB column")
    indicator_labels: Literal["none", "letters"] = Field(
        default="none", description="letter the indicators a., b., ... within each component"
    )
    list_style: Literal["1)", "1."] = Field(default="1)", description="numbering of lists inside cells")
    evidence_labels: Literal["none", "letters", "numbers"] = Field(
        default="none", description="letter (a., b., ...) or number (1., 2., ...) the evidence items of an action "
        "step that has more than one; computed, never typed")
    column_numbers: Literal["per_month", "grid_as_one"] = Field(
        default="per_month", description="the row of column numbers under a month grid: a number for each month "
        "(1 2 ... 18), or one for the whole grid (1 2 3 4 5 6 [months] 7)")
    headings: PlanHeadings = Field(default_factory=PlanHeadings,
                                   description="column headings that differ from the usual ones")


class PlanLampiran(_Model):
    """A lampiran holding the plan table."""

    kind: Literal["plan"]
    title: Title
    columns: PlanColumns = Field(default_factory=PlanColumns)
    plan: PathText | None = Field(default=None,
                                  description="a YAML file holding areas (and columns), relative to the spec")
    areas: list[Area] = Field(default_factory=list, description="the plan, unless it is in the `plan` file")
    place_and_date_at_end: bool = False

    @field_validator("areas")
    @classmethod
    def _has_areas(cls, areas: list[Area]) -> list[Area]:
        if not areas:
            raise ValueError(_("a plan lampiran needs its areas, here or in a plan file (plan: file.yaml)"))
        return areas


def _lampiran_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("kind")
    return getattr(value, "kind", None)


Lampiran = Annotated[
    Union[Annotated[NarrativeLampiran, Tag("narrative")], Annotated[PlanLampiran, Tag("plan")]],
    Discriminator(_lampiran_kind, custom_error_type="lampiran_kind",
                  custom_error_message=N_("kind must be narrative or plan")),
]


# ---------------------------------------------------------------------------------------------------
# The decree


def _menimbang_text(value: Any) -> Any:
    # Staff often type the "bahwa" and the ";" themselves; both are added when composing.
    if isinstance(value, str):
        value = value.strip()
        value = re.sub(r"^bahwa\b\s*", "", value, flags=re.IGNORECASE)
        value = re.sub(r"[;.,:\s]+$", "", value)
    return value


def _reference_id(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"id"}:
        return value["id"]
    return value


class _IdRef(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Reference")

    id: Name


def _known_id(ref: str, info: ValidationInfo) -> str:
    """With a catalogue in the validation context, a cited id must exist (the spec's own instruments count)."""
    known = (info.context or {}).get("known_ids")
    if known is None:
        return ref
    local = {i.id for i in (info.data or {}).get("instruments", [])}
    if ref in known or ref in local:
        return ref
    import difflib

    near = difflib.get_close_matches(ref, sorted(set(known) | local), n=3, cutoff=0.6)
    hint = _("; did you mean {names}?").format(names=', '.join(repr(n) for n in near)) if near else ""
    raise _refused("unknown-instrument", _("unknown catalogue id {ref}{hint}").format(ref=excerpt(ref), hint=hint))


class Keputusan(_Model):
    """A decree of a KPU office adopting its Zona Integritas action plan."""

    office: Office
    number: int | Name = Field(description="a plain number (6) or a registry code (11/HK.03.1/3322/2022)")
    year: int = Field(ge=2000, le=2100)
    date: dt.date = Field(description="tanggal penetapan, YYYY-MM-DD")
    place: Name | None = Field(default=None, description="Ditetapkan di ...; defaults to the office's seat")
    subject: Title = Field(description="the subject after TENTANG, in ordinary capitalisation")
    issuer: Literal["ketua", "komisi"] = Field(
        default="ketua", description="ketua: the chair decides; komisi: a collegial decision of the commission"
    )
    menimbang: list[Annotated[Text, BeforeValidator(_menimbang_text)]] = Field(
        min_length=1, description="the considerations, without the last standard one (it is generated)"
    )
    instruments: list[Instrument] = Field(
        default_factory=list, description="the office's own instruments, citable by id like catalogue entries"
    )
    catalogues: list[PathText] = Field(default_factory=list,
                                       description="extra catalogue folders, relative to the spec")
    mengingat: list[Annotated[Name, BeforeValidator(_reference_id, json_schema_input_type=Union[Name, _IdRef]),
                              AfterValidator(_known_id)]] = Field(
        min_length=1, description="catalogue or local instrument ids; order is computed"
    )
    memperhatikan: list[Text] = Field(default_factory=list)
    diktum: list[Clause] = Field(min_length=1)
    signatory: Signatory
    attestation: Attestation
    lampiran: list[Lampiran] = Field(default_factory=list)
    paper: Paper = Field(default="f4", description="paper size: F4 (215 x 330 mm) or A4")
    accepted: list[Accepted] = Field(default_factory=list, description=(
        "warnings the office accepts, each with its code, where, and why; check passes when every warning is "
        "accepted"))
    template: PathText | None = Field(
        default=None, description="the office's own DOCX template (a copy of the bundled one), relative to the spec"
    )

    @field_validator("number")
    @classmethod
    def _number(cls, value: int | str) -> int | str:
        if isinstance(value, int):
            if value < 1:
                raise ValueError(_("a decree number is positive"))
            return value
        value = value.strip()
        if value.isdigit():
            return int(value)
        if not re.fullmatch(r"[0-9A-Za-z.\-]+(/[0-9A-Za-z.\-]+)+", value):
            raise ValueError(_("expected a number (6) or a registry code without spaces (11/HK.03.1/3322/2022)"))
        return value

    @field_validator("mengingat")
    @classmethod
    def _cited_once(cls, ids: list[str]) -> list[str]:
        seen: set[str] = set()
        for ref in ids:
            if ref in seen:
                raise _refused("cited-twice", _("{ref} is cited twice").format(ref=excerpt(ref)))
            seen.add(ref)
        return ids

    @model_validator(mode="after")
    def _consistent(self) -> Keputusan:
        if self.date.year != self.year:
            raise _refused(
                "date-not-in-year", _("the decree is numbered for {year} but dated {date}; the year of NOMOR ... "
                                      "TAHUN is the year of the date").format(year=self.year,
                                          date=self.date.isoformat()), at=("date",)
            )
        if isinstance(self.number, str):
            tail = self.number.rsplit("/", 1)[-1]
            if re.fullmatch(r"\d{4}", tail) and int(tail) != self.year:
                raise _refused("number-year-mismatch",
                                 _("the registry code {number} ends in the year {tail}, but the "
                                                         "decree is of {year}: a number left over from another "
                                                         "decree?").format(number=self.number, tail=tail,
                                                             year=self.year), at=("number",))
        for i, clause in enumerate(self.diktum):
            if isinstance(clause, InForceClause) and clause.until and clause.until < self.date.isoformat()[:7]:
                raise _refused("invalid-value", _("the decree would be in force until {until}, before its own date "
                                                  "{date}").format(until=clause.until, date=self.date.isoformat()),
                               at=("diktum", i, "until"))
            if clause.kind == "adopt" and not self.lampiran:
                raise _refused("invalid-value", _("an adopt clause refers to a lampiran, but the decree has none"),
                               at=("diktum", i))
        return self
