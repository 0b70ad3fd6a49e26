"""Wording is decided in one place: composing words the decree; the model and the catalogue hold data only."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import zi_decree
from zi_decree import Catalogue, SpecError, load_data, standard_spec
from zi_decree.composing.wording import (
    citation_text,
    commission,
    decree_title,
    gazette_text,
    jdih,
    number_text,
    office_body,
    office_region,
    place,
    schedule_text,
)
from zi_decree.model.keputusan import Instrument, Office, Schedule
from zi_decree.tasks.new import fill_placeholders, read_standard_decree, standard_decree_file

PACKAGE = Path(zi_decree.__file__).parent
PHRASES = ("sebagaimana telah", "Lembaran Negara", "Berita Negara", "Komisi Pemilihan Umum")
CATALOGUE = Catalogue.load()


# ------------------------------------------------------------------------------------------ one place

def _worded(path: Path) -> list[tuple[int, str]]:
    """String literals that could reach a decree: all but documentation and messages to the user.

    Docstrings and field descriptions document the data; raised errors and the `*_warnings` functions tell the
    user which gazette or office a problem is about. Everything else is text a decree might be made of.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()

    def skip(node: ast.AST) -> None:
        skipped.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip(first)
            if isinstance(node, ast.FunctionDef) and node.name.endswith("_warnings"):
                skip(node)
        elif isinstance(node, ast.keyword) and node.arg == "description":
            skip(node.value)
        elif isinstance(node, ast.Raise):
            skip(node)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skipped]


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if p.parent.name != "composing"),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_composing_words_citations_and_the_office(path: Path) -> None:
    # The catalogue and the model hold data; `new` and the package record take their words from composing.
    for line, text in _worded(path):
        for phrase in PHRASES:
            assert phrase not in text, f"{path.relative_to(PACKAGE)}:{line}: {phrase!r} is worded outside composing"


# ------------------------------------------------------------------------------------------ the office

def _decree(**changes) -> zi_decree.Keputusan:
    data = {
        "office": {"kind": "Kabupaten", "name": "Semarang", "seat": "Ungaran"},
        "number": 6, "year": 2025, "date": "2025-01-05", "subject": "Rencana Aksi Tahun 2025",
        "menimbang": ["perlu"], "mengingat": ["uu-7-2017"], "diktum": [{"kind": "in_force"}],
        "signatory": {"name": "Ahmad Yani"}, "attestation": {"position": "Kepala", "name": "Sri"},
    }
    data.update(changes)
    return load_data(data, catalogue=CATALOGUE).keputusan


def test_the_office_is_named_from_its_kind_and_name() -> None:
    office = Office(kind="Kota", name="Magelang")
    assert office_region(office) == "Kota Magelang"
    assert office_body(office) == "Komisi Pemilihan Umum Kota Magelang" == commission("Kota", "Magelang")


def test_the_place_is_the_spec_s_else_the_seat_else_the_name() -> None:
    assert place(_decree()) == "Ungaran"
    assert place(_decree(place="Semarang")) == "Semarang"
    assert place(_decree(office={"kind": "Kota", "name": "Magelang"})) == "Magelang"


def test_number_and_title_for_a_number_and_a_registry_code() -> None:
    assert number_text(_decree()) == "6 TAHUN 2025"
    assert decree_title(_decree()) == ("Keputusan Komisi Pemilihan Umum Kabupaten Semarang Nomor 6 Tahun 2025 "
                                       "tentang Rencana Aksi Tahun 2025")
    coded = _decree(number="11/HK.03.1/3322/2025")
    assert number_text(coded) == "11/HK.03.1/3322/2025"
    assert decree_title(coded).startswith("Keputusan Komisi Pemilihan Umum Kabupaten Semarang Nomor "
                                          "11/HK.03.1/3322/2025 tentang ")


def test_schedule_text_is_the_label_else_the_months() -> None:
    assert schedule_text(Schedule(months=["2025-06", "2025-12"])) == "Juni dan Desember 2025"
    assert schedule_text(Schedule(months=["2025-01"], label="Minggu ke-3 Januari 2025")) == "Minggu ke-3 Januari 2025"


def test_jdih_fields() -> None:
    k = _decree(diktum=[{"kind": "in_force", "until": "2025-02"}], signatory={"name": "Ahmad Yani"})
    fields = jdih(k)
    assert fields["judul"] == decree_title(k)
    assert fields["teu"] == "Indonesia. Komisi Pemilihan Umum Kabupaten Semarang"
    assert fields["jabatan_penandatangan"] == "Ketua Komisi Pemilihan Umum Kabupaten Semarang"
    assert fields["tempat_penetapan"] == "Ungaran"
    assert fields["berlaku_sampai"] == "2025-02-28"
    assert "berlaku_sampai" not in jdih(_decree())
    acting = _decree(signatory={"name": "Ahmad Yani", "position": "Plh. Ketua Komisi Pemilihan Umum Kabupaten X"})
    assert jdih(acting)["jabatan_penandatangan"] == "Plh. Ketua Komisi Pemilihan Umum Kabupaten X"


# ------------------------------------------------------------------------------------------ citations

def _instrument(id: str, **fields) -> Instrument:
    return Instrument.model_validate({"id": id, "type": "peraturan", "form": "Peraturan Badan Contoh",
                                      "year": 2020, "subject": f"Hal {id}", "source": "test", **fields})


def test_gazette_text_for_each_gazette() -> None:
    assert gazette_text(_instrument("a", number="1", type="uu", form=None,
                                    gazette={"kind": "LN", "year": 2020, "number": 5, "tln": 6001})) == \
        " (Lembaran Negara Republik Indonesia Tahun 2020 Nomor 5, Tambahan Lembaran Negara Republik Indonesia " \
        "Nomor 6001)"
    assert gazette_text(_instrument("b", number="1", type="pp", form=None,
                                    gazette={"kind": "LN", "year": 2020, "number": 5})) == \
        " (Lembaran Negara Republik Indonesia Tahun 2020 Nomor 5)"
    assert gazette_text(_instrument("c", number="1", gazette={"kind": "BN", "year": 2020, "number": 9})) == \
        " (Berita Negara Republik Indonesia Tahun 2020 Nomor 9)"
    assert gazette_text(_instrument("d", number="1", gazette={"kind": "BN", "year": 2020})) == ""
    assert gazette_text(_instrument("e", number="1")) == ""


def test_citation_text_with_no_one_and_several_amendments() -> None:
    at = dt.date(2024, 1, 1)
    base = _instrument("base", number="1", enacted="2020-01-01", gazette={"kind": "BN", "year": 2020, "number": 1})
    first = _instrument("first", number="2", year=2021, enacted="2021-01-01", amends="base", amendment_no=1,
                        subject="Perubahan atas Hal base", gazette={"kind": "BN", "year": 2021, "number": 2})
    second = _instrument("second", number="3", year=2022, enacted="2022-01-01", amends="base", amendment_no=2,
                         subject="Perubahan Kedua atas Hal base", gazette={"kind": "BN", "year": 2022, "number": 3})
    alone = Catalogue({"base": base}, "test")
    assert citation_text(alone.resolve("base", at)) == \
        "Peraturan Badan Contoh Nomor 1 Tahun 2020 tentang Hal base (Berita Negara Republik Indonesia Tahun 2020 " \
        "Nomor 1)"
    once = Catalogue({"base": base, "first": first}, "test")
    assert citation_text(once.resolve("base", at)).endswith(
        "Nomor 1) sebagaimana telah diubah dengan Peraturan Badan Contoh Nomor 2 Tahun 2021 tentang Perubahan atas "
        "Hal base (Berita Negara Republik Indonesia Tahun 2021 Nomor 2)")
    twice = Catalogue({"base": base, "first": first, "second": second}, "test")
    assert citation_text(twice.resolve("base", at)).endswith(
        "Nomor 1) sebagaimana telah beberapa kali diubah terakhir dengan Peraturan Badan Contoh Nomor 3 Tahun 2022 "
        "tentang Perubahan Kedua atas Hal base (Berita Negara Republik Indonesia Tahun 2022 Nomor 3)")
    # Only the second amendment is recorded: still "beberapa kali", it is the second.
    gap = Catalogue({"base": base, "second": second}, "test")
    assert "sebagaimana telah beberapa kali diubah terakhir dengan" in citation_text(gap.resolve("base", at))


def test_a_registry_code_carries_its_own_year() -> None:
    code = _instrument("k", type="keputusan", form="Keputusan Badan Contoh", number="612/ORT/XII/2020")
    assert citation_text(Catalogue({"k": code}, "test").resolve("k", dt.date(2024, 1, 1))) == \
        "Keputusan Badan Contoh Nomor 612/ORT/XII/2020 tentang Hal k"


# ------------------------------------------------------------------------------------------ the standard decree

def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_the_standard_decree_is_a_data_file_in_the_package() -> None:
    path = standard_decree_file()
    assert path.is_file() and path.parent == PACKAGE / "tasks"
    data = read_standard_decree()
    spec = standard_spec("KPU Kab. Semarang", 2025, catalogue=CATALOGUE)
    body = "Komisi Pemilihan Umum Kabupaten Semarang"
    assert spec["subject"] == f"Rencana Aksi Pembangunan Zona Integritas di Lingkungan {body} Tahun 2025"
    # Every clause is the file's, with the office and the year filled in.
    fields = {"office": body, "office_upper": body.upper(), "year": "2025"}
    assert spec["diktum"] == [fill_placeholders(c, fields) for c in data["diktum"]]
    assert spec["menimbang"] == data["menimbang"]
    assert spec["lampiran"][0]["title"] == f"RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS {body.upper()} TAHUN 2025"
    assert not [s for s in _strings(spec) if "{" in s]


def test_placeholders_are_known_fields_only(tmp_path: Path) -> None:
    assert fill_placeholders({"a": ["di {office} {year}", 76, True]}, {"office": "KPU X", "year": "2025"}) == \
        {"a": ["di KPU X 2025", 76, True]}
    # What a field brings in is data, never read as a placeholder itself.
    assert fill_placeholders("{office}", {"office": "{year}", "year": "2025"}) == "{year}"
    with pytest.raises(ValueError, match=r"unknown placeholder \{kantor\}"):
        fill_placeholders("di {kantor}", {"office": "KPU X"})
    # A developer who edits the file is told where a placeholder is not one of the known fields.
    decree = tmp_path / "standard-decree.yaml"
    decree.write_text("subject: Rencana Aksi\ndiktum:\n  - kind: text\n    text: Tim {kantor} Tahun {year}\n",
                      encoding="utf-8")
    with pytest.raises(SpecError) as info:
        read_standard_decree(decree)
    assert f"{decree}:4:5: diktum[0].text: unknown placeholder {{kantor}}; known: {{area}}, {{office}}, " \
           "{office_upper}, {year}" in str(info.value)
