"""An office's own instruments: never a catalogue entry typed again (issue 14, item 6), titles normalised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

# The own instrument of examples/kota-surakarta-2025.yaml, and what is put before it in the tests.
OWN = "instruments:\n"


def _spec(tmp_path: Path, instrument: str, cite: str | None = None) -> Path:
    for path in EXAMPLES.glob("kota-surakarta-2025*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    spec = tmp_path / "kota-surakarta-2025.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(OWN) == 1
    text = text.replace(OWN, OWN + instrument, 1)
    if cite:
        text = text.replace("mengingat:\n", f"mengingat:\n  - {cite}\n", 1)
    spec.write_text(text, encoding="utf-8")
    return spec


def _line(spec: Path, text: str) -> int:
    return next(n for n, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# The Kab. Semarang 2025 decree cites PKPU 4/2021 (the third amendment of PKPU 8/2019) as an item of its own,
# typed, with a title of the wrong regulation (tests/seed_corrections/kab-semarang-2025.yaml).
PKPU_4_2021 = """\
  - id: pkpu-4-2021-typed
    type: peraturan
    form: Peraturan Komisi Pemilihan Umum Republik Indonesia
    number: 4
    year: 2021
    subject: Perubahan Ketiga Atas Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja Komisi
      Pemilihan Umum, Sekretariat Komisi Pemilihan Umum Provinsi, dan Sekretariat Komisi Pemilihan Umum Kabupaten/Kota;
    source: Keputusan KPU Kabupaten Semarang Nomor 6 Tahun 2025, Mengingat 9
"""


def test_a_catalogue_entry_typed_as_an_own_instrument_is_an_error_naming_the_id_to_cite(tmp_path: Path) -> None:
    spec = _spec(tmp_path, PKPU_4_2021, cite="pkpu-4-2021-typed")
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    errors = [s for s in result.stderr.splitlines() + result.stdout.splitlines() if "instruments[0].number" in s]
    line = _line(spec, "    number: 4")
    assert errors == [f"error[retyped-citation]: {spec}:{line}:5: instruments[0].number: Peraturan Komisi Pemilihan Umum Republik "
                      f"Indonesia Nomor 4 Tahun 2021 is the catalogue's 'pkpu-4-2021', an amendment of 'pkpu-8-2019': "
                      f"cite 'pkpu-8-2019' in mengingat instead of typing it again (the catalogue gives its title, "
                      f"gazette and amendments as of the decree's date)"], result.stderr + result.stdout
    # render refuses it the same way, and writes nothing.
    out = tmp_path / "out"
    rendered = run_cli("render", str(spec), "-o", str(out))
    assert rendered.returncode == 2 and "cite 'pkpu-8-2019'" in rendered.stderr and not list(out.rglob("*.docx"))


@pytest.mark.parametrize("kind, form, number, year, expected", [
    ("uu", None, 28, 1999, "uu-28-1999"),                          # a law: its type, number and year
    ("peraturan", "Peraturan Menteri PANRB", 90, 2021, "permenpanrb-90-2021"),   # issuer's name shortened
    ("keputusan", "Keputusan KPU", "314/ORT.07-Kpt/01/KPU/V/2021", 2021, "kepkpu-314-2021"),
])
def test_retyped_entries_are_recognised_by_kind_number_and_year(tmp_path: Path, kind, form, number, year,
                                                                 expected: str) -> None:
    from zi_decree import Catalogue

    assert expected in Catalogue.load()
    typed = (f"  - id: typed\n    type: {kind}\n" + (f"    form: {form}\n" if form else "") +
             f"    number: {number}\n    year: {year}\n    subject: Sesuatu\n    source: typed\n")
    result = run_cli("check", str(_spec(tmp_path, typed)))
    assert result.returncode == 2 and f"is the catalogue's '{expected}'" in result.stderr + result.stdout


def test_an_own_instrument_amending_a_catalogue_entry_is_an_error(tmp_path: Path) -> None:
    typed = """\
  - id: permenpanrb-5-2024-typed
    type: peraturan
    form: Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi
    number: 55
    year: 2024
    amends: permenpanrb-90-2021
    amendment_no: 1
    subject: Perubahan atas Peraturan Menteri Nomor 90 Tahun 2021
    source: typed
"""
    spec = _spec(tmp_path, typed)
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    line = _line(spec, "    amends: permenpanrb-90-2021")
    said = [s for s in result.stderr.splitlines() + result.stdout.splitlines() if "instruments[0].amends" in s]
    assert len(said) == 1 and said[0].startswith(f"error[retyped-citation]: {spec}:{line}:5: instruments[0].amends: ") and \
        "amends the catalogue's 'permenpanrb-90-2021': cite 'permenpanrb-90-2021' in mengingat" in said[0], said


def test_the_offices_own_decree_of_the_same_number_as_a_kpu_decree_is_its_own(tmp_path: Path) -> None:
    # The issuer differs: "Keputusan Komisi Pemilihan Umum Kota Surakarta" is not the KPU's national decree.
    result = run_cli("check", str(EXAMPLES / "kota-surakarta-2025.yaml"))
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_an_own_instruments_title_is_cited_without_its_final_punctuation(tmp_path: Path) -> None:
    for path in EXAMPLES.glob("kab-semarang-2025*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    spec = tmp_path / "kab-semarang-2025.yaml"
    text = spec.read_text(encoding="utf-8")
    end = "Kabupaten Semarang Tahun 2022\n    enacted:"
    assert end in text
    spec.write_text(text.replace(end, end.replace("2022\n", "2022.\n"), 1), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("render", str(spec), "-o", str(out), "-f", "txt").returncode == 0
    rendered = next(out.rglob("*.txt")).read_text(encoding="utf-8")
    assert "di Lingkungan Komisi Pemilihan Umum Kabupaten Semarang Tahun 2022;\n" in rendered
    assert "Tahun 2022.;" not in rendered


@pytest.mark.parametrize("lines, field, line_text, message", [
    ("    gazette: {kind: BN, year: 2023, number: 12, tln: 5}\n", "instruments[0].gazette.tln", "tln: 5",
     "a Berita Negara has no Tambahan"),
    ("    amendment_no: 1\n", "instruments[0].amendment_no", "amendment_no:", "amendment_no given without amends"),
    ("    enacted:\n      not_before: 2023-05-01\n      not_after: 2023-04-01\n      evidence: registry code\n",
     "instruments[0].enacted.not_before", "not_before:", "not_before is later than not_after"),
])
def test_an_inconsistent_own_instrument_is_refused_at_its_key(tmp_path: Path, lines: str, field: str,
                                                              line_text: str, message: str) -> None:
    # A check across an instrument's fields is said at the key to change, not at the instrument's first line.
    instrument = ("  - id: kpu-surakarta-kep-1-2023\n    type: keputusan\n"
                  "    form: Keputusan Komisi Pemilihan Umum Kota Surakarta\n    number: 1\n    year: 2023\n"
                  "    subject: Tim Kerja\n    source: the office's register\n" + lines)
    spec = _spec(tmp_path, instrument)
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    said = [s for s in result.stdout.splitlines() if message in s]
    assert len(said) == 1 and f"{spec}:{_line(spec, line_text)}:" in said[0] and f" {field}: " in said[0], \
        result.stdout
