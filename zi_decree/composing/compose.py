"""Compose: every sentence of the decree, decided once, from the resolved model into a render-neutral document."""

from __future__ import annotations

import re

from zi_decree.base import arguments
from zi_decree.base.indonesian import (
    dictum_label,
    enumerate_words,
    format_date_id,
    huruf_references,
    letter_label,
    month_name,
    roman,
)
from zi_decree.base.markup import plain
from zi_decree.composing.document import (
    VARIANTS,
    AttestationBlock,
    Block,
    Cell,
    Document,
    Item,
    Labeled,
    LampiranHeader,
    ListBlock,
    ListEntry,
    Orientation,
    Paragraph,
    Row,
    Section,
    SignatureBlock,
    Table,
    Variant,
)
from zi_decree.composing.wording import (
    citation_text,
    decree_title,
    number_text,
    office_body,
    office_region,
    place,
    schedule_text,
)
from zi_decree.model.keputusan import (
    AdoptClause,
    Block as SpecBlock,
    BudgetClause,
    CellList,
    Clause,
    HeadingBlock,
    InForceClause,
    Keputusan,
    ListBlock as ListSpecBlock,
    NarrativeLampiran,
    Office,
    ParagraphBlock,
    PlanLampiran,
    TextClause,
)
from zi_decree.resolving.resolve import PlanRow, Resolved

__all__ = ["Variant", "closing_consideration", "compose"]


def closing_consideration(office: Office, subject: str, count: int) -> str:
    """The last, standard Menimbang item, which the decree always has after the office's `count` own items."""
    return (f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam {huruf_references(count)}, "
            f"perlu menetapkan Keputusan {office_body(office)} tentang {subject};")


def _upper(text: str) -> str:
    return text.upper()


def _end(text: str, mark: str) -> str:
    """The text with its closing punctuation replaced by `mark` (';' for items, '.' for the last one)."""
    return re.sub(r"[;.,:]+$", "", text.rstrip()) + mark


def _body_upper(k: Keputusan) -> str:
    return _upper(office_body(k.office))


def _nomor(k: Keputusan) -> str:
    return f"NOMOR {number_text(k)}"


def _title_lines(k: Keputusan) -> tuple[str, str]:
    """The signing title split where the published decrees split it: after 'KOMISI PEMILIHAN UMUM'."""
    return ("KETUA KOMISI PEMILIHAN UMUM", f"{_upper(office_region(k.office))},")


def _signature(k: Keputusan, variant: Variant, with_place_date: bool) -> SignatureBlock:
    place_date: tuple[str, ...] = ()
    if with_place_date:
        place_date = (f"Ditetapkan di {place(k)}", f"pada tanggal {format_date_id(k.date)}")
    if k.signatory.position:
        # "Plh." and "Plt." keep their own case before the title in capitals.
        match = re.match(r"(?i)(plh|plt|pj)\.\s*", k.signatory.position)
        prefix = f"{match.group(1).capitalize()}. " if match else ""
        rest = k.signatory.position[match.end():] if match else k.signatory.position
        title: tuple[str, ...] = (_end(prefix + _upper(rest), ","),)
    else:
        title = _title_lines(k)
    return SignatureBlock(place_date, title, "ttd." if variant == "salinan" else None, _upper(k.signatory.name))


def _attestation(k: Keputusan) -> AttestationBlock:
    a = k.attestation
    unit = (_upper(a.unit),) if a.unit else ("SEKRETARIAT KOMISI PEMILIHAN UMUM", _upper(office_region(k.office)))
    return AttestationBlock(("Salinan sesuai dengan aslinya", *unit, _end(a.position, ",")), a.name,
                            f"NIP. {a.nip}" if a.nip else None)


def _lampiran_refs(k: Keputusan) -> str:
    if len(k.lampiran) == 1:
        return "Lampiran"
    return enumerate_words([f"Lampiran {roman(i)}" for i in range(1, len(k.lampiran) + 1)])


def _clause_text(k: Keputusan, clause: Clause) -> tuple[str, tuple[Item, ...]]:
    if isinstance(clause, AdoptClause):
        obj = _end(clause.object or k.subject, "")
        # UU 12/2011 Lampiran II says a lampiran "merupakan bagian yang tidak terpisahkan" of the instrument.
        return (f"Menetapkan {obj}, sebagaimana tercantum dalam {_lampiran_refs(k)} yang merupakan bagian yang tidak "
                f"terpisahkan dari Keputusan ini."), ()
    if isinstance(clause, BudgetClause):
        text = "Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada Anggaran Pendapatan " \
               "dan Belanja Negara"
        if clause.bagian_anggaran:
            text += f" Bagian Anggaran {clause.bagian_anggaran}"
        text += f" {office_body(k.office)}"
        if clause.with_year:
            text += f" Tahun {k.year}"
        return text + ".", ()
    if isinstance(clause, InForceClause):
        text = "Keputusan ini mulai berlaku pada tanggal ditetapkan"
        if clause.until:
            year, month = int(clause.until[:4]), int(clause.until[5:])
            text += f" sampai dengan bulan {month_name(month)} tahun {year}"
        return text + ".", ()
    assert isinstance(clause, TextClause)
    conjunction = "dan" if clause.tabulation == "cumulative" else "atau"
    names = _own_names(k)
    items = []
    for i, sub in enumerate(clause.items, start=1):
        # The item's own ending, passed on to its last sub-item when it goes on in sub-items.
        ending = _tab_end(i, len(clause.items), conjunction)
        children = tuple(
            Item(f"{j}.", _tab_item(t, ending if j == len(sub.items) else _tab_end(j, len(sub.items), conjunction),
                                    names))
            for j, t in enumerate(sub.items, start=1)
        )
        text = _tab_item(sub.text, ":", names) if children else _tab_item(sub.text, ending, names)
        items.append(Item(f"{letter_label(i)}.", text, children))
    # A clause that goes on in sub-items ends with a colon; one that does not, with a period.
    return _end(clause.text, ":" if items else "."), tuple(items)


# What staff type at the end of an item that the tabulation writes itself: ';', '.', '; dan', ', atau', 'dan'.
_TYPED_END = re.compile(r"(?i)(?:(?:^|[\s;,.:]+)(?:dan|atau))?[\s;,.:]*$")
# The first word of an item, and the one after it.
_FIRST_WORDS = re.compile(r"([^\W\d_][\w-]*)(?:\s+(\S+))?")


def _tab_end(n: int, count: int, conjunction: str) -> str:
    """The ending of item n of count (UU 12/2011 Lampiran II): '.' for the last, '; dan' (or '; atau') for the one
    before it, ';' for the others."""
    return "." if n == count else f"; {conjunction}" if n == count - 1 else ";"


def _own_names(k: Keputusan) -> frozenset[str]:
    return frozenset(w for name in (k.office.name, k.office.seat, k.office.province, k.place) if name
                     for w in name.split())


def _tab_item(text: str, ending: str, names: frozenset[str]) -> str:
    """An item of a tabulation: its typed ending replaced by `ending`, and beginning in lower case unless it
    begins with a name ('Komisi Pemilihan Umum ...', the office's own names) or an acronym ('KPU', 'WhatsApp')."""
    text = _TYPED_END.sub("", text.strip()) or text.strip()
    first = _FIRST_WORDS.match(text)
    if first is not None:
        word, after = first.group(1), first.group(2) or ""
        ordinary = word[:1].isupper() and (len(word) == 1 or word[1:].replace("-", "").islower())
        # Two capitalised words in a row are a name ("Zona Integritas", "Badan Kepegawaian Negara").
        named = word in names or (after[:1].isupper() and after[1:2].islower())
        if ordinary and not named:
            text = word[0].lower() + text[1:]
    return text + ending


def _body(r: Resolved, variant: Variant) -> Section:
    k = r.keputusan
    body = _body_upper(k)
    blocks: list[Block] = []
    if variant == "salinan":
        blocks.append(Paragraph("SALINAN", "left", True, "mark"))
    blocks += [
        Paragraph("KOMISI PEMILIHAN UMUM", "center", True, "heading"),
        Paragraph(_upper(office_region(k.office)), "center", True, "heading"),
        Paragraph(f"KEPUTUSAN {body}", "center", True, "title"),
        Paragraph(_nomor(k), "center", True, "title-number"),
        Paragraph("TENTANG", "center", True, "title-tentang"),
        Paragraph(_upper(k.subject), "center", True, "title-subject"),
        Paragraph(f"KETUA {body}," if k.issuer == "ketua" else f"{body},", "center", True, "issuer"),
    ]
    considerations = [f"bahwa {text};" for text in k.menimbang]
    considerations.append(closing_consideration(k.office, k.subject, len(k.menimbang)))
    blocks.append(Labeled("Menimbang", tuple(Item(f"{letter_label(i)}.", t)
                                             for i, t in enumerate(considerations, start=1)), "menimbang"))
    blocks.append(Labeled("Mengingat", tuple(Item(f"{i}.", f"{citation_text(c)};")
                                             for i, c in enumerate(r.citations, start=1)), "mengingat"))
    if k.memperhatikan:
        if len(k.memperhatikan) == 1:
            items: tuple[Item, ...] = (Item("", _end(k.memperhatikan[0], ";")),)
        else:
            items = tuple(Item(f"{i}.", _end(t, ";")) for i, t in enumerate(k.memperhatikan, start=1))
        blocks.append(Labeled("Memperhatikan", items, "memperhatikan"))
    blocks.append(Paragraph("MEMUTUSKAN:", "center", True, "memutuskan"))
    blocks.append(Labeled("Menetapkan", (Item("", f"KEPUTUSAN {body} TENTANG {_end(_upper(k.subject), '.')}"),),
                          "menetapkan"))
    for n, clause in enumerate(k.diktum, start=1):
        text, items = _clause_text(k, clause)
        blocks.append(Labeled(dictum_label(n), (Item("", text, items),), "diktum"))
    blocks.append(_signature(k, variant, with_place_date=True))
    if variant == "salinan":
        blocks.append(_attestation(k))
    return Section(tuple(blocks), "portrait", "body")


def _lampiran_header(k: Keputusan, index: int) -> LampiranHeader:
    label = "LAMPIRAN" if len(k.lampiran) == 1 else f"LAMPIRAN {roman(index + 1)}"
    return LampiranHeader((label, f"KEPUTUSAN {_body_upper(k)}", _nomor(k), "TENTANG", _upper(k.subject)))


def _narrative(blocks: list[SpecBlock], depth: int = 0) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, HeadingBlock):
            out.append(Paragraph(block.heading, "left" if depth else "center", True, "narrative-heading"))
        elif isinstance(block, ParagraphBlock):
            out.append(Paragraph(block.paragraph, "justify", False, "narrative"))
        elif isinstance(block, ListSpecBlock):
            spec = block.list
            entries = []
            for i, item in enumerate(spec.items, start=1):
                marker = f"{i}." if spec.style == "numbered" else f"{letter_label(i)}."
                entries.append(ListEntry(marker, item.text, _narrative(item.blocks, depth + 1)))
            out.append(ListBlock(tuple(entries)))
    return tuple(out)


def _cell_lines(content: list[str] | CellList | None, style: str, label: str | None = None) -> tuple[str, ...]:
    """A cell's paragraphs: one text as is, several as a numbered list ('1) ...'), or an intro and its list."""
    if not content:
        return ()
    fmt = "{n}) {t}" if style == "1)" else "{n}. {t}"
    if isinstance(content, CellList):
        lines: tuple[str, ...] = (content.intro, *(fmt.format(n=n, t=t) for n, t in enumerate(content.items, 1)))
    elif len(content) == 1:
        lines = (content[0],)
    else:
        lines = tuple(fmt.format(n=n, t=t) for n, t in enumerate(content, start=1))
    if label:
        lines = (f"{label}. {lines[0]}", *lines[1:])
    return lines


def _heading(text: str) -> tuple[str, ...]:
    """A column heading's lines: a line break typed in it is where it breaks."""
    return tuple(text.split("\n"))


def _plan_table(lamp: PlanLampiran, rows: tuple[PlanRow, ...], year: int) -> Table:
    cols = lamp.columns
    heads = cols.headings
    grid = cols.schedule == "month_grid"
    names = [heads.no, heads.component, heads.indicator, heads.step, heads.evidence]
    widths = [0.5, 1.6, 2.4, 2.6, 2.4]
    if cols.link:
        names.append(heads.link)
        widths.append(2.2)
    n_fixed = len(names)
    if grid:
        widths += [0.35] * 12
    else:
        names.append(heads.schedule)
        widths.append(1.4)
    if cols.responsible:
        names.append(heads.responsible)
        widths.append(1.9)  # room for "PENANGGUNG" on one line in bold at table size
    ncols = len(widths)

    header: list[Row] = []
    if grid:
        first: list[Cell] = [Cell(_heading(n), rowspan=2, align="center", bold=True) for n in names[:n_fixed]]
        first.append(Cell(_heading(heads.grid), colspan=12, align="center", bold=True))
        if cols.responsible:
            first.append(Cell(_heading(heads.responsible), rowspan=2, align="center", bold=True))
        header.append(Row(tuple(first), "header"))
        second: list[Cell] = [Cell(covered=True) for _ in range(n_fixed)]
        second += [Cell((str(m),), align="center", bold=True) for m in range(1, 13)]
        if cols.responsible:
            second.append(Cell(covered=True))
        header.append(Row(tuple(second), "header"))
    else:
        header.append(Row(tuple(Cell(_heading(n), align="center", bold=True) for n in names), "header"))
    if grid and cols.column_numbers == "grid_as_one":
        # The grid is numbered as one column, its number spanning the twelve months.
        numbers = [Cell((str(i),), align="center") for i in range(1, n_fixed + 1)]
        numbers.append(Cell((str(n_fixed + 1),), colspan=12, align="center"))
        if cols.responsible:
            numbers.append(Cell((str(n_fixed + 2),), align="center"))
        header.append(Row(tuple(numbers), "numbers"))
    else:
        header.append(Row(tuple(Cell((str(i),), align="center") for i in range(1, ncols + 1)), "numbers"))

    body: list[Row] = []
    style = cols.list_style
    for row in rows:
        if row.first_of_area:
            body.append(Row((Cell((roman(row.area_no),), align="center", bold=True),
                             Cell((row.area.name,), colspan=ncols - 1, bold=True)), "area"))
        cells: list[Cell] = []
        if row.component_rows:
            cells.append(Cell((str(row.component_no),), rowspan=row.component_rows, align="center"))
            cells.append(Cell((row.component.name,) if row.component.name else (), rowspan=row.component_rows))
        else:
            cells += [Cell(covered=True), Cell(covered=True)]
        if row.indicator_rows:
            cells.append(Cell(_cell_lines(row.indicator.text, style, row.indicator_label),
                              rowspan=row.indicator_rows))
        else:
            cells.append(Cell(covered=True))
        if row.step_rows:
            cells.append(Cell(_cell_lines(row.step.text, style), rowspan=row.step_rows))
        else:
            cells.append(Cell(covered=True))
        ev = row.evidence
        cells.append(Cell(_cell_lines(ev.text, style, row.evidence_label)))
        if cols.link:
            cells.append(Cell(_cell_lines(ev.link, "1."), link=True))
        if grid and ev.schedule is not None and not ev.schedule.months:
            # What months cannot say still reaches the reader: the label spans the month columns.
            cells += [Cell((ev.schedule.label or "",), colspan=12, align="center")]
        elif grid:
            marked = {m for y, m in ev.schedule.month_pairs if y == year} if ev.schedule else set()
            cells += [Cell(("\u221a",) if m in marked else (), align="center") for m in range(1, 13)]
        else:
            sched = ev.schedule
            text = schedule_text(sched) if sched else None
            cells.append(Cell((text,) if text else ()))
        if cols.responsible:
            if row.responsible_rows:
                cells.append(Cell((row.responsible,) if row.responsible else (), rowspan=row.responsible_rows))
            else:
                cells.append(Cell(covered=True))
        body.append(Row(tuple(cells), "body"))
    return Table(tuple(widths), tuple(header), tuple(body), "plan")


def _lampiran(r: Resolved, index: int, variant: Variant) -> Section:
    k = r.keputusan
    lamp = k.lampiran[index]
    blocks: list[Block] = [_lampiran_header(k, index)]
    if lamp.title:
        blocks.append(Paragraph(_upper(lamp.title), "center", True, "lampiran-title"))
    orientation: Orientation
    if isinstance(lamp, PlanLampiran):
        blocks.append(_plan_table(lamp, r.plans[index], k.year))
        orientation = "landscape"
    else:
        assert isinstance(lamp, NarrativeLampiran)
        blocks += _narrative(lamp.blocks)
        orientation = "portrait"
    blocks.append(_signature(k, variant, with_place_date=lamp.place_and_date_at_end))
    if variant == "salinan":
        blocks.append(_attestation(k))
    return Section(tuple(blocks), orientation, "lampiran")


def compose(resolved: Resolved, variant: Variant = "salinan") -> Document:
    """The whole decree as blocks, in the words it will be signed with; the same words for every renderer."""
    arguments.instance("resolved", resolved, Resolved, "from resolve")
    variant = arguments.choice("variant", variant, VARIANTS)
    k = resolved.keputusan
    sections = [_body(resolved, variant)]
    sections += [_lampiran(resolved, i, variant) for i in range(len(k.lampiran))]
    body = office_body(k.office)
    metadata = {
        "title": decree_title(k),
        "subject": plain(k.subject),  # document properties and template fields hold words, not emphasis marks
        "author": body,
        "keywords": f"Keputusan, Zona Integritas, {body}, {k.year}",
        "date": k.date.isoformat(),
        "date_text": format_date_id(k.date),
        "number": number_text(k),
        "year": str(k.year),
        "catalogue_version": resolved.catalogue.version,
    }
    return Document(tuple(sections), variant, metadata, tuple(str(w) for w in resolved.warnings))
