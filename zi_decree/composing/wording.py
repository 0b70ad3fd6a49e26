"""Wording that the decree, its record and the tasks share: the office's names, citations, schedules, JDIH fields.

The model and the catalogue hold facts; the phrases made of them are decided here, once, and compose, the
package record, `new` and the plan workbooks take them from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zi_decree.base.indonesian import schedule_phrase
from zi_decree.base.markup import plain
from zi_decree.legal.catalogue import Catalogue, Citation
from zi_decree.model.keputusan import InForceClause, Instrument, Keputusan, Office, Schedule

__all__ = [
    "citation_text",
    "commission",
    "decree_title",
    "gazette_text",
    "instrument_title",
    "jdih",
    "number_text",
    "office_body",
    "office_region",
    "place",
    "region",
    "schedule_text",
]

# ------------------------------------------------------------------------------------------- the office


def region(kind: str, name: str) -> str:
    """'Kabupaten Semarang': the office's kind and name."""
    return f"{kind} {name}"


def commission(kind: str, name: str) -> str:
    """The commission's full name, 'Komisi Pemilihan Umum Kabupaten Semarang', from the office's kind and name."""
    return f"Komisi Pemilihan Umum {region(kind, name)}"


def office_region(office: Office) -> str:
    return region(office.kind.value, office.name)


def office_body(office: Office) -> str:
    return commission(office.kind.value, office.name)


def place(k: Keputusan) -> str:
    """Where the decree is set (Ditetapkan di ...): as the spec says, else the office's seat, else its name."""
    return k.place or k.office.seat or k.office.name


def number_text(k: Keputusan) -> str:
    """'6 TAHUN 2025', or the registry code as written."""
    if isinstance(k.number, int):
        return f"{k.number} TAHUN {k.year}"
    return k.number


def decree_title(k: Keputusan) -> str:
    """'Keputusan Komisi Pemilihan Umum Kabupaten Semarang Nomor 6 Tahun 2025 tentang ...' (documents' title, JDIH):
    words only, without emphasis marks."""
    number = number_text(k).replace(" TAHUN ", " Tahun ")
    return f"Keputusan {office_body(k.office)} Nomor {number} tentang {plain(k.subject)}"


# ------------------------------------------------------------------------------------------- schedules


def schedule_text(schedule: Schedule) -> str:
    """What the TARGET WAKTU column shows: the label, else the months as a phrase ('Juni dan Desember 2025')."""
    return schedule.label or schedule_phrase(schedule.month_pairs)


# ------------------------------------------------------------------------------------------- citations


def gazette_text(inst: Instrument) -> str:
    """' (Lembaran Negara ... Nomor 75, Tambahan Lembaran Negara ... Nomor 3851)', or '' without a gazette number."""
    g = inst.gazette
    if g is None or g.number is None:
        return ""
    if g.kind == "LN":
        text = f"Lembaran Negara Republik Indonesia Tahun {g.year} Nomor {g.number}"
        if g.tln is not None:
            text += f", Tambahan Lembaran Negara Republik Indonesia Nomor {g.tln}"
    else:
        text = f"Berita Negara Republik Indonesia Tahun {g.year} Nomor {g.number}"
    return f" ({text})"


def instrument_title(inst: Instrument) -> str:
    """'Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja ...'."""
    return f"{Catalogue.name(inst)} tentang {inst.subject}"


def citation_text(citation: Citation) -> str:
    """A Mengingat item's words: the instrument, its gazette, and its latest amendment in force as the chain ends."""
    inst = citation.instrument
    text = instrument_title(inst) + gazette_text(inst)
    if citation.amendments:
        last = citation.amendments[-1]
        # The latest amendment's number, not how many are recorded: the Kedua is "beberapa kali" even alone.
        # No comma before "terakhir": UU 12/2011 Lampiran II angka 41a (inserted by UU 13/2022) writes it so.
        phrase = "sebagaimana telah diubah dengan" if citation.latest_amendment_no == 1 else \
            "sebagaimana telah beberapa kali diubah terakhir dengan"
        text += f" {phrase} {instrument_title(last)}{gazette_text(last)}"
    return text


# ------------------------------------------------------------------------------------------- JDIH

# JDIH subject heading for these decrees (upper case, broader term first, as JDIH portals write it).
JDIH_SUBJEK = "ZONA INTEGRITAS - RENCANA AKSI"


def jdih(k: Keputusan) -> dict[str, Any]:
    """The decree's JDIH metadata fields for the package record (jenis, nomor, judul, penandatangan, ...)."""
    body = office_body(k.office)
    # "... berlaku ... sampai dengan bulan Desember tahun 2022": the last day of that month, for the portal.
    until = next((c.until for c in k.diktum if isinstance(c, InForceClause) and c.until), None)
    if until:
        year, month = map(int, until.split("-"))
        until = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    return {
        "jenis": "Keputusan",
        "teu": f"Indonesia. {body}",
        "nomor": str(k.number),
        "tahun": k.year,
        "judul": decree_title(k),
        "tempat_penetapan": place(k),
        "tanggal_penetapan": k.date.isoformat(),
        "penandatangan": k.signatory.name,
        "jabatan_penandatangan": k.signatory.position or f"Ketua {body}",
        "pemrakarsa": body,
        "subjek": JDIH_SUBJEK,
        "bahasa": "Indonesia",
        "status": "Berlaku",
        **({"berlaku_sampai": until} if until else {}),
        "lampiran": len(k.lampiran),
    }
