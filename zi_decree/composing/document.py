"""The composed document: render-neutral blocks whose words are final; renderers only lay them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union, get_args

__all__ = [
    "PARAGRAPH_ROLES",
    "TITLE_ROLES",
    "VARIANTS",
    "Align",
    "AttestationBlock",
    "Cell",
    "Document",
    "Item",
    "Labeled",
    "LabeledRole",
    "LampiranHeader",
    "ListBlock",
    "ListEntry",
    "Orientation",
    "Paragraph",
    "ParagraphRole",
    "Row",
    "RowKind",
    "Section",
    "SectionKind",
    "SignatureBlock",
    "Table",
    "TableRole",
    "Variant",
]

# The compose -> render contract: every choice a block makes is one of these, so that a renderer can handle each
# (and a type checker sees a misspelt one).
Variant = Literal["original", "salinan"]  # the original for signature, or the attested copy
Align = Literal["left", "center", "right", "justify"]
ParagraphRole = Literal[
    "mark",               # SALINAN, on a copy
    "heading",            # the issuing body
    "title",              # KEPUTUSAN ...
    "title-number",       # NOMOR ... TAHUN ...
    "title-tentang",      # TENTANG
    "title-subject",      # the subject
    "issuer",             # KETUA ...,
    "memutuskan",         # MEMUTUSKAN:
    "lampiran-title",     # a lampiran's own title
    "narrative-heading",  # a heading in a narrative lampiran
    "narrative",          # a paragraph of a narrative lampiran
    "body",               # any other paragraph
]
LabeledRole = Literal["labeled", "menimbang", "mengingat", "memperhatikan", "menetapkan", "diktum"]
TableRole = Literal["plan"]
RowKind = Literal["header", "numbers", "area", "body"]
Orientation = Literal["portrait", "landscape"]
SectionKind = Literal["body", "lampiran"]

VARIANTS: tuple[Variant, ...] = get_args(Variant)
PARAGRAPH_ROLES: tuple[ParagraphRole, ...] = get_args(ParagraphRole)
TITLE_ROLES: frozenset[ParagraphRole] = frozenset({"title", "title-number", "title-tentang", "title-subject"})


@dataclass(frozen=True)
class Paragraph:
    text: str
    align: Align = "left"
    bold: bool = False
    role: ParagraphRole = "body"


@dataclass(frozen=True)
class Item:
    """An item of a labelled list: its marker (a., 1., or '' when alone) and text, with sub-items."""

    marker: str
    text: str
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Labeled:
    """A label in the left column ('Menimbang', 'KESATU') with its items to the right of a colon."""

    label: str
    items: tuple[Item, ...]
    role: LabeledRole = "labeled"


@dataclass(frozen=True)
class ListEntry:
    marker: str
    text: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    """A numbered or lettered list in a narrative lampiran."""

    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class SignatureBlock:
    """Right-hand block: optional place and date, the signing title, ttd. on a copy, the name."""

    place_date: tuple[str, ...]
    title: tuple[str, ...]
    signed_mark: str | None  # "ttd." on a salinan; None leaves the space to sign
    name: str


@dataclass(frozen=True)
class AttestationBlock:
    """'Salinan sesuai dengan aslinya' and the attesting officer."""

    lines: tuple[str, ...]  # intro, unit lines, position
    name: str
    nip: str | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell's paragraphs; spans say how far it reaches; `covered` marks a place a span above fills;
    `link` marks a cell of web addresses, each shown as a link where the format has links (base.links)."""

    lines: tuple[str, ...] = ()
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False
    align: Align = "left"
    bold: bool = False
    link: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "body"


@dataclass(frozen=True)
class Table:
    """A table with header rows that repeat on every page, and body rows."""

    widths: tuple[float, ...]  # relative column widths
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    role: TableRole = "plan"

    @property
    def columns(self) -> int:
        return len(self.widths)


@dataclass(frozen=True)
class LampiranHeader:
    """The block at the top right of a lampiran's first page."""

    lines: tuple[str, ...]


Block = Union[Paragraph, Labeled, ListBlock, SignatureBlock, AttestationBlock, Table, LampiranHeader]


@dataclass(frozen=True)
class Section:
    """A run of pages: the decree body, or one lampiran (which always starts a new page)."""

    blocks: tuple[Block, ...]
    orientation: Orientation = "portrait"
    kind: SectionKind = "body"


@dataclass(frozen=True)
class Document:
    sections: tuple[Section, ...]
    variant: Variant
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
