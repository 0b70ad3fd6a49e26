"""Wording decided by compose: punctuation, capitals and labels follow the drafting rules whatever staff type."""

from __future__ import annotations

import datetime as dt

from zi_decree import Catalogue, compose, load_data, render_text, resolve

CATALOGUE = Catalogue.load()


def spec(**changes) -> dict:
    data = {
        "office": {"kind": "Kota", "name": "Magelang"},
        "number": 9, "year": 2022, "date": dt.date(2022, 4, 28),
        "subject": "Rencana Aksi Pembangunan Zona Integritas Tahun 2022",
        "menimbang": ["bahwa untuk melaksanakan tugas Tim, perlu menyusun rencana aksi;"],
        "mengingat": ["uu-7-2017"],
        "diktum": [{"kind": "in_force"}],
        "signatory": {"name": "Basmar Perianto Amron"},
        "attestation": {"position": "Kepala Sub Bagian Hukum dan Sumber Daya Manusia", "name": "Dyah Dwi Safitri"},
    }
    data.update(changes)
    return data


def text(data: dict, variant: str = "salinan") -> str:
    return render_text(compose(resolve(load_data(data, catalogue=CATALOGUE)), variant)).decode()


def test_typed_punctuation_and_bahwa_do_not_double() -> None:
    out = text(spec(subject="Rencana Aksi Tahun 2022.", menimbang=["Bahwa perlu menyusun rencana aksi:"]))
    assert "TENTANG\nRENCANA AKSI TAHUN 2022\n" in out
    assert "a.\tbahwa perlu menyusun rencana aksi;\n" in out
    assert "tentang Rencana Aksi Tahun 2022;\n" in out
    assert "Menetapkan\t:\tKEPUTUSAN KOMISI PEMILIHAN UMUM KOTA MAGELANG TENTANG RENCANA AKSI TAHUN 2022.\n" in out


def test_text_clauses_end_with_a_period_or_a_colon_before_items() -> None:
    out = text(spec(diktum=[{"kind": "text", "text": "Keputusan ini disampaikan kepada pihak terkait"},
                            {"kind": "text", "text": "Tujuannya", "items": ["satu;", "dua"]},
                            {"kind": "in_force", "until": "2022-12"}]))
    assert "KESATU\t:\tKeputusan ini disampaikan kepada pihak terkait.\n" in out
    assert "KEDUA\t:\tTujuannya:\n\t\ta.\tsatu; dan\n\t\tb.\tdua.\n" in out
    assert "KETIGA\t:\tKeputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan bulan Desember tahun " \
           "2022.\n" in out


def test_considerations_refer_to_every_item() -> None:
    out = text(spec(menimbang=["satu", "dua", "tiga"]))
    assert "d.\tbahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, huruf b, dan huruf c, perlu " \
           "menetapkan Keputusan Komisi Pemilihan Umum Kota Magelang tentang Rencana Aksi Pembangunan Zona " \
           "Integritas Tahun 2022;" in out


def test_collegial_issuer_and_acting_signatory() -> None:
    out = text(spec(issuer="komisi", signatory={"name": "Basmar Perianto Amron",
                                                "position": "Plh. Ketua Komisi Pemilihan Umum Kota Magelang"}))
    assert "\nKOMISI PEMILIHAN UMUM KOTA MAGELANG,\nMenimbang" in out
    assert "\nPlh. KETUA KOMISI PEMILIHAN UMUM KOTA MAGELANG,\nttd.\nBASMAR PERIANTO AMRON\n" in out


def test_original_has_space_to_sign_and_no_copy_marks() -> None:
    out = text(spec(), "original")
    assert "ttd." not in out and "SALINAN" not in out and "Salinan sesuai" not in out
    assert "KETUA KOMISI PEMILIHAN UMUM\nKOTA MAGELANG,\nBASMAR PERIANTO AMRON\n" in out


def test_registry_code_number_in_title_and_lampiran_header() -> None:
    out = text(spec(number="11/HK.03.1/3322/2022", lampiran=[{"kind": "narrative", "blocks": [{"paragraph": "x"}]}],
                    diktum=[{"kind": "adopt"}]))
    assert "\nNOMOR 11/HK.03.1/3322/2022\nTENTANG\n" in out
    assert "\nLAMPIRAN\nKEPUTUSAN KOMISI PEMILIHAN UMUM KOTA MAGELANG\nNOMOR 11/HK.03.1/3322/2022\n" in out
    assert "sebagaimana tercantum dalam Lampiran yang merupakan bagian yang tidak terpisahkan dari Keputusan ini." in out
