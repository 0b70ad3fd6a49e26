"""The legal-basis catalogue: citations as of the seeds' own dates, amendment chains, warnings, order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zi_decree import Catalogue, CatalogueError
from zi_decree.composing.wording import citation_text
from zi_decree.legal.catalogue import default_catalogue_dir

D_2022 = dt.date(2022, 4, 28)   # Keputusan KPU Kota Magelang Nomor 9 Tahun 2022
D_2025 = dt.date(2025, 1, 5)    # Keputusan KPU Kabupaten Semarang Nomor 6 Tahun 2025

TATA_KERJA = ("Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja Komisi Pemilihan Umum, "
              "Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum Kabupaten/Kota")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def test_catalogue_has_a_version_and_every_entry_a_source(catalogue: Catalogue) -> None:
    assert catalogue.version
    assert len(catalogue.instruments) >= 25
    assert all(inst.source for inst in catalogue.instruments.values())


def test_no_entry_rests_on_the_brief_or_on_memory(catalogue: Catalogue) -> None:
    # The product brief (DESIGN.md) is not a source, nor is "a widely published date": every fact names where it
    # was read, or says it is known only from how dated decrees cite it.
    bad = {inst.id: inst.source for inst in catalogue.instruments.values()
           if not inst.source.strip() or any(w in inst.source.lower()
                                              for w in ("design.md", "brief", "widely published", "from memory"))}
    assert not bad, f"entries without a primary source: {sorted(bad)}"
    listed = (default_catalogue_dir() / "catalogue.yaml").read_text(encoding="utf-8")
    assert "DESIGN.md" not in listed


def test_every_lapsing_entry_says_what_replaced_it_or_that_no_successor_is_known(catalogue: Catalogue) -> None:
    for inst in catalogue.instruments.values():
        if inst.valid_until is not None:
            assert inst.replaced_by or inst.successor, f"{inst.id}: successor neither recorded nor said unknown"


def test_uu_28_1999_is_titled_penyelenggara_as_enacted(catalogue: Catalogue) -> None:
    assert citation_text(catalogue.resolve("uu-28-1999", D_2025)).startswith(
        "Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggara Negara yang Bersih dan Bebas dari Korupsi, Kolusi, "
        "dan Nepotisme (Lembaran Negara Republik Indonesia Tahun 1999 Nomor 75, Tambahan Lembaran Negara Republik "
        "Indonesia Nomor 3851)")


KPK = "Undang-Undang Nomor 30 Tahun 2002 tentang Komisi Pemberantasan Tindak Pidana Korupsi"


def test_uu_30_2002_is_cited_with_its_amendments_as_of_the_date(catalogue: Catalogue) -> None:
    base = KPK + " (Lembaran Negara Republik Indonesia Tahun 2002 Nomor 137, Tambahan Lembaran Negara Republik " \
        "Indonesia Nomor 4250)"
    assert citation_text(catalogue.resolve("uu-30-2002", dt.date(2015, 1, 5))) == base
    # Between the Perppu and the law enacting it, the Perppu is the amendment.
    assert citation_text(catalogue.resolve("uu-30-2002", dt.date(2015, 3, 2))) == base + (
        " sebagaimana telah diubah dengan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2015 tentang "
        "Perubahan atas " + KPK + " (Lembaran Negara Republik Indonesia Tahun 2015 Nomor 31, Tambahan Lembaran "
        "Negara Republik Indonesia Nomor 5661)")
    # As UU 19/2019's Menimbang d cites it.
    assert citation_text(catalogue.resolve("uu-30-2002", dt.date(2018, 1, 2))) == base + (
        " sebagaimana telah diubah dengan Undang-Undang Nomor 10 Tahun 2015 tentang Penetapan Peraturan Pemerintah "
        "Pengganti Undang-Undang Nomor 1 Tahun 2015 tentang Perubahan atas " + KPK + " menjadi Undang-Undang "
        "(Lembaran Negara Republik Indonesia Tahun 2015 Nomor 107, Tambahan Lembaran Negara Republik Indonesia "
        "Nomor 5698)")
    c = catalogue.resolve("uu-30-2002", D_2025)
    assert citation_text(c) == base + (
        " sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 19 Tahun 2019 tentang Perubahan "
        "Kedua atas " + KPK + " (Lembaran Negara Republik Indonesia Tahun 2019 Nomor 197, Tambahan Lembaran Negara "
        "Republik Indonesia Nomor 6409)")
    assert c.warnings == ()


def test_a_perppu_ranks_with_the_undang_undang_by_its_date(catalogue: Catalogue) -> None:
    # UU 12/2011 Pasal 7 ayat (1) huruf c: "Undang-Undang/Peraturan Pemerintah Pengganti Undang-Undang".
    assert catalogue.order(["uu-20-2023", "perppu-1-2022", "perpres-54-2018", "uu-7-2017", "uu-12-2011"]) == [
        "uu-12-2011", "uu-7-2017", "perppu-1-2022", "uu-20-2023", "perpres-54-2018"]


def test_permenpanrb_26_2020_is_replaced_by_9_2023(catalogue: Catalogue) -> None:
    assert catalogue.resolve("permenpanrb-26-2020", D_2022).warnings == ()
    (warning,) = catalogue.resolve("permenpanrb-26-2020", D_2025).warnings
    assert warning == ("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 26 Tahun 2020 "
                       "was revoked by Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 9 "
                       "Tahun 2023 (permenpanrb-9-2023); cite that instead")
    assert citation_text(catalogue.resolve("permenpanrb-9-2023", D_2025)) == (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 9 Tahun 2023 tentang Evaluasi "
        "Reformasi Birokrasi")


def test_pkpu_8_2019_in_2022_ends_with_the_third_amendment(catalogue: Catalogue) -> None:
    c = catalogue.resolve("pkpu-8-2019", D_2022)
    text = citation_text(c)
    assert text.startswith(TATA_KERJA + " (Berita Negara Republik Indonesia Tahun 2019 Nomor 320) "
                           "sebagaimana telah beberapa kali diubah terakhir dengan ")
    assert text.endswith("terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 4 Tahun 2021 tentang Perubahan "
                         "Ketiga atas " + TATA_KERJA + " (Berita Negara Republik Indonesia Tahun 2021 Nomor 786)")
    assert c.warnings == ()


def test_pkpu_8_2019_in_2025_ends_with_the_fifth_amendment(catalogue: Catalogue) -> None:
    c = catalogue.resolve("pkpu-8-2019", D_2025)
    text = citation_text(c)
    assert ("sebagaimana telah beberapa kali diubah terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 12 "
            "Tahun 2023 tentang Perubahan Kelima atas " + TATA_KERJA) in text
    assert text.endswith("(Berita Negara Republik Indonesia Tahun 2023 Nomor 377)")


def test_uu_7_2017_unamended_in_2022_and_amended_by_the_enacting_law_in_2025(catalogue: Catalogue) -> None:
    assert citation_text(catalogue.resolve("uu-7-2017", D_2022)) == (
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik Indonesia Tahun 2017 "
        "Nomor 182, Tambahan Lembaran Negara Republik Indonesia Nomor 6109)")
    c = catalogue.resolve("uu-7-2017", D_2025)
    text = citation_text(c)
    assert ("(Lembaran Negara Republik Indonesia Tahun 2017 Nomor 182, Tambahan Lembaran Negara Republik Indonesia "
            "Nomor 6109) sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023 tentang Penetapan "
            "Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2022 tentang Perubahan atas Undang-Undang "
            "Nomor 7 Tahun 2017 tentang Pemilihan Umum menjadi Undang-Undang (Lembaran Negara Republik Indonesia "
            "Tahun 2023 Nomor 54, Tambahan Lembaran Negara Republik Indonesia Nomor 6863)") in text


def test_uu_7_2017_between_perppu_and_its_enactment_cites_the_perppu(catalogue: Catalogue) -> None:
    c = catalogue.resolve("uu-7-2017", dt.date(2023, 1, 15))
    text = citation_text(c)
    assert "sebagaimana telah diubah dengan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2022" in text
    assert text.endswith("(Lembaran Negara Republik Indonesia Tahun 2022 Nomor 224, Tambahan Lembaran Negara "
                         "Republik Indonesia Nomor 6832)")


def test_permenpanrb_90_2021_unamended_in_2022_amended_in_2025(catalogue: Catalogue) -> None:
    assert "diubah" not in citation_text(catalogue.resolve("permenpanrb-90-2021", D_2022))
    c = catalogue.resolve("permenpanrb-90-2021", D_2025)
    text = citation_text(c)
    assert ("(Berita Negara Republik Indonesia Tahun 2021 Nomor 1571) sebagaimana telah diubah dengan Peraturan "
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 5 Tahun 2024 tentang Perubahan atas "
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021") in text
    assert text.endswith("(Berita Negara Republik Indonesia Tahun 2024 Nomor 444)")


def test_uu_31_1999_once_amended(catalogue: Catalogue) -> None:
    c = catalogue.resolve("uu-31-1999", D_2022)
    text = citation_text(c)
    assert "Nomor 3874) sebagaimana telah diubah dengan Undang-Undang Nomor 20 Tahun 2001 tentang Perubahan atas " \
           "Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan Tindak Pidana Korupsi (Lembaran Negara " \
           "Republik Indonesia Tahun 2001 Nomor 134, Tambahan Lembaran Negara Republik Indonesia Nomor 4150)" in text


def test_perpres_81_2010_in_2026_warns_that_its_period_ended(catalogue: Catalogue) -> None:
    assert catalogue.resolve("perpres-81-2010", D_2025).warnings == ()
    (warning,) = catalogue.resolve("perpres-81-2010", dt.date(2026, 1, 10)).warnings
    assert "period" in warning and "ended on 2025-12-31" in warning


def test_revoked_instrument_warns_and_names_its_successor(catalogue: Catalogue) -> None:
    warnings = catalogue.resolve("permenpanrb-52-2014", D_2022).warnings
    assert any("revoked by Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun "
               "2021" in w for w in warnings)


def test_not_yet_in_force(catalogue: Catalogue) -> None:
    (warning,) = catalogue.resolve("pkpu-12-2023", dt.date(2023, 5, 1)).warnings
    assert "not yet in force on 2023-05-01" in warning


def test_date_inside_an_unknown_interval_is_a_warning_not_a_guess(catalogue: Catalogue) -> None:
    # PKPU 3/2020 (the first amendment) is known only to lie between 21 February and 27 October 2020.
    c = catalogue.resolve("pkpu-8-2019", dt.date(2020, 6, 1))
    assert "diubah" not in citation_text(c)
    assert any("Nomor 3 Tahun 2020" in w and "check and confirm" in w for w in c.warnings)


def test_unknown_id_suggests_the_nearest(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match=r"did you mean .*'pkpu-8-2019'"):
        catalogue.resolve("pkpu-8-2091", D_2022)


def test_order_is_hierarchy_then_date(catalogue: Catalogue) -> None:
    ids = ["kepkpu-314-2021", "permenpanrb-90-2021", "pkpu-14-2020", "perpres-54-2018", "uu-7-2017",
           "pkpu-8-2019", "perpres-81-2010", "uu-28-1999", "kepkpu-612-2020", "permenpanrb-25-2020",
           "uu-31-1999"]
    assert catalogue.order(ids) == [
        "uu-28-1999", "uu-31-1999", "uu-7-2017", "perpres-81-2010", "perpres-54-2018", "pkpu-8-2019",
        "permenpanrb-25-2020", "pkpu-14-2020", "permenpanrb-90-2021", "kepkpu-612-2020", "kepkpu-314-2021"]


def test_registry_code_has_no_tahun(catalogue: Catalogue) -> None:
    assert citation_text(catalogue.resolve("kepkpu-612-2020", D_2022)).startswith(
        "Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04-Kpt/05/KPU/XII/2020 tentang ")


def test_broken_catalogue_reports_every_problem_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "catalogue.yaml").write_text("version: test\n")
    (tmp_path / "a.yaml").write_text(
        "instruments:\n"
        "  - id: x-1\n    type: uu\n    number: 1\n    year: 2020\n    subject: A\n    source: here\n"
        "    amends: nope\n    amendment_no: 1\n"
        "  - id: x-1\n    type: uu\n    number: 2\n    year: 2020\n    subject: B\n    source: here\n"
        "  - id: y-1\n    type: uu\n    number: 3\n    year: 20x0\n    subject: C\n    source: here\n"
        "  - id: z-1\n    type: peraturan\n    number: 4\n    year: 2020\n    subject: D\n    source: here\n")
    with pytest.raises(CatalogueError) as info:
        Catalogue.load(tmp_path)
    text = str(info.value)
    assert f"{tmp_path / 'a.yaml'}:10:5: id 'x-1' is already defined" in text
    assert "year: expected a whole number" in text and f"{tmp_path / 'a.yaml'}:19:" in text
    assert "form is required" in text
    assert "amends 'nope' is not in the catalogue" in text


def test_bundled_catalogue_lives_in_the_package() -> None:
    assert (default_catalogue_dir() / "catalogue.yaml").is_file()


def test_later_amendments_and_revocations_are_recorded(catalogue: Catalogue) -> None:
    c = catalogue.resolve("uu-12-2011", dt.date(2024, 6, 1))
    text = citation_text(c)
    assert "sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 13 Tahun 2022" in text
    assert any("revoked by Undang-Undang Nomor 20 Tahun 2023" in w
               for w in catalogue.resolve("uu-5-2014", D_2025).warnings)


def test_missing_gazette_number_of_the_cited_amendment_is_a_warning(catalogue: Catalogue) -> None:
    # PKPU 21/2020's Berita Negara number is 1763 or 1783: unknown, so left out and warned, never guessed.
    c = catalogue.resolve("pkpu-8-2019", dt.date(2021, 3, 1))
    text = citation_text(c)
    assert text.endswith("Nomor 21 Tahun 2020 tentang Perubahan Kedua atas " + TATA_KERJA)
    assert any("Nomor 21 Tahun 2020: its Berita Negara number is not recorded" in w for w in c.warnings)
    c = catalogue.resolve("permenpanrb-25-2020", dt.date(2024, 2, 1))
    assert citation_text(c).endswith("Nomor 3 Tahun 2023 tentang Perubahan atas Peraturan Menteri Pendayagunaan "
                                     "Aparatur Negara dan Reformasi Birokrasi Nomor 25 Tahun 2020 tentang *Road Map* "
                                     "Reformasi Birokrasi 2020-2024 (Berita Negara Republik Indonesia Tahun 2023 "
                                     "Nomor 233)")
    assert c.warnings == ()


def test_the_first_amendment_of_pkpu_8_2019_is_recorded(catalogue: Catalogue) -> None:
    # PKPU 3/2020, known from PKPU 14/2020's Mengingat: no "amendment no. 1 is not recorded" any more.
    c = catalogue.resolve("pkpu-8-2019", dt.date(2020, 11, 1))
    assert "sebagaimana telah diubah dengan Peraturan Komisi Pemilihan Umum Nomor 3 Tahun 2020 tentang Perubahan " \
           "atas " + TATA_KERJA in citation_text(c)
    assert not any("is not recorded in the catalogue; check" in w for w in c.warnings)
    assert any("Nomor 3 Tahun 2020: its Berita Negara number is not recorded" in w for w in c.warnings)


# ----------------------------------------------------------------------------- a decree dated 5 January 2026

D_2026 = dt.date(2026, 1, 5)
RB = "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"

# id -> (the amendments cited, in chain order; what each warning says). Every base a decree of 2026 may cite.
CITED_2026 = {
    "uu-28-1999": ((), ()),
    "uu-31-1999": (("uu-20-2001",), ()),
    "uu-30-2002": (("uu-10-2015", "uu-19-2019"), ()),
    "uu-12-2011": (("uu-15-2019", "uu-13-2022"), ()),
    "uu-5-2014": ((), ("Undang-Undang Nomor 5 Tahun 2014 was revoked by Undang-Undang Nomor 20 Tahun 2023 "
                       "(uu-20-2023); cite that instead",)),
    "uu-7-2017": (("uu-7-2023",), ()),
    "uu-20-2023": ((), ()),
    "perpres-81-2010": ((), ("Peraturan Presiden Nomor 81 Tahun 2010: its period (2010-2025) ended on 2025-12-31; "
                             "the catalogue knows no successor (none found in the sources read on 2026-11-28",)),
    "perpres-54-2018": ((), ()),
    "pkpu-8-2019": (("pkpu-3-2020", "pkpu-21-2020", "pkpu-4-2021", "pkpu-5-2022", "pkpu-12-2023"), ()),
    "permenpanrb-25-2020": (("permenpanrb-3-2023",), (
        f"{RB} Nomor 25 Tahun 2020: its period (2020-2024) ended on 2024-12-31; the catalogue knows no successor "
        "(no Road Map Reformasi Birokrasi 2025-2029 found",)),
    "permenpanrb-26-2020": ((), (f"{RB} Nomor 26 Tahun 2020 was revoked by {RB} Nomor 9 Tahun 2023 "
                                 "(permenpanrb-9-2023); cite that instead",)),
    "pkpu-14-2020": (("pkpu-3-2023", "pkpu-21-2023"), ()),
    "pkpu-2-2021": (("pkpu-8-2021",), ()),
    "permenpanrb-90-2021": (("permenpanrb-5-2024",), ()),
    "permenpanrb-9-2023": ((), (f"{RB} Nomor 9 Tahun 2023: its Berita Negara number is not recorded in the "
                                "catalogue, so the citation lacks it",)),
    "kepkpu-612-2020": ((), ("Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04-Kpt/05/KPU/XII/2020: its period "
                             "(2020-2024) ended on 2024-12-31; the catalogue knows no successor",)),
    "kepkpu-314-2021": ((), ()),
}


@pytest.mark.parametrize("ref", sorted(CITED_2026))
def test_citations_of_a_decree_dated_2026_01_05(catalogue: Catalogue, ref: str) -> None:
    amendments, warnings = CITED_2026[ref]
    c = catalogue.resolve(ref, D_2026)
    assert tuple(a.id for a in c.amendments) == amendments
    assert len(c.warnings) == len(warnings) and all(w.startswith(expected) for w, expected in zip(c.warnings, warnings))
    text = citation_text(c)
    assert text.startswith(f"{catalogue.name(c.instrument)} tentang {c.instrument.subject}")
    if amendments:
        last = catalogue.get(amendments[-1])
        phrase = "diubah dengan" if c.latest_amendment_no == 1 else "beberapa kali diubah terakhir dengan"
        assert f" sebagaimana telah {phrase} {catalogue.name(last)} tentang {last.subject}" in text


def test_every_unamended_base_of_the_catalogue_is_in_the_2026_table(catalogue: Catalogue) -> None:
    bases = {i for i, inst in catalogue.instruments.items() if not (inst.amends or inst.enacts)}
    assert bases - {"permenpanrb-52-2014"} == set(CITED_2026)


def test_the_standard_bases_of_2026_and_what_they_leave_out(catalogue: Catalogue) -> None:
    assert catalogue.standard_bases(D_2026) == [
        "uu-28-1999", "uu-31-1999", "uu-7-2017", "perpres-54-2018", "pkpu-8-2019", "pkpu-14-2020",
        "permenpanrb-90-2021", "kepkpu-314-2021"]
    left = dict(catalogue.left_out(catalogue.standard, D_2026))
    assert set(left) == {"perpres-81-2010", "permenpanrb-52-2014"}
    assert left["perpres-81-2010"].startswith("Peraturan Presiden Nomor 81 Tahun 2010: its period (2010-2025) ended "
                                              "on 2025-12-31; the catalogue knows no successor")
    assert left["permenpanrb-52-2014"] == (f"{RB} Nomor 52 Tahun 2014: revoked by {RB} Nomor 90 Tahun 2021 "
                                           "(permenpanrb-90-2021), which replaces it")
    # Beside the 90/2021 that replaced it, 52/2014 needs no word.
    assert [ref for ref, _ in catalogue.left_out(catalogue.standard, D_2026, catalogue.standard_bases(D_2026))] == [
        "perpres-81-2010"]


def test_a_recorded_successor_is_named_when_a_period_ends(tmp_path: Path) -> None:
    (tmp_path / "catalogue.yaml").write_text("version: test\n")
    (tmp_path / "a.yaml").write_text(
        "instruments:\n"
        "  - {id: map-1, type: perpres, number: 1, year: 2020, subject: Peta 2020-2024, enacted: 2020-01-02,\n"
        "     valid_until: 2024-12-31, period: 2020-2024, replaced_by: map-2, source: here}\n"
        "  - {id: map-2, type: perpres, number: 2, year: 2025, subject: Peta 2025-2029, enacted: 2025-02-03,\n"
        "     source: here}\n")
    cat = Catalogue.load(tmp_path)
    (early,) = cat.resolve("map-1", dt.date(2025, 1, 10)).warnings
    assert "ended on 2024-12-31; its successor Peraturan Presiden Nomor 2 Tahun 2025 (map-2) is not yet in force" \
           in early
    assert cat.lapse("map-1", dt.date(2025, 3, 1)) == (
        "its period (2020-2024) ended on 2024-12-31; replaced by Peraturan Presiden Nomor 2 Tahun 2025 (map-2)",
        "map-2")
    (tmp_path / "a.yaml").write_text(
        "instruments:\n"
        "  - {id: map-1, type: perpres, number: 1, year: 2020, subject: Peta, replaced_by: map-9, source: here}\n")
    with pytest.raises(CatalogueError, match="map-1: replaced_by 'map-9' is not in the catalogue"):
        Catalogue.load(tmp_path)
