"""Lettered items of a dictum clause, tabulated as UU 12/2011 Lampiran II asks, through `render` and `check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, run_cli


def _spec(tmp_path: Path, clause: dict) -> Path:
    """examples/kota-magelang-2022.yaml with its KEDUA replaced by `clause`."""
    yaml = YAML()
    data = yaml.load((EXAMPLES / "kota-magelang-2022.yaml").read_text(encoding="utf-8"))
    data["diktum"][1] = clause
    path = tmp_path / "kota-magelang-2022.yaml"
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    return path


def _kedua(tmp_path: Path, clause: dict) -> str:
    spec = _spec(tmp_path, clause)
    result = run_cli("render", str(spec), "-o", str(tmp_path / "out"), "-f", "txt")
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out").rglob("*.txt")).read_text(encoding="utf-8")
    return text.split("KEDUA\t:\t", 1)[1].split("KETIGA", 1)[0]


def test_items_are_composed_cumulative_by_default_whatever_was_typed(tmp_path: Path) -> None:
    kedua = _kedua(tmp_path, {"kind": "text", "text": "Tujuannya antara lain", "items": [
        "Menjadi pedoman pelaksanaan;",             # a typed ';' is not doubled
        "Semua unsur bertanggung jawab; dan",       # a typed '; dan' before an item that is not the last goes
        "KPU Kota Magelang melaksanakan, dan",      # an acronym keeps its capitals; a typed ', dan' is replaced
        "Komisi Pemilihan Umum Kota Magelang menetapkan.",  # a name keeps its capitals
    ]})
    assert kedua == ("Tujuannya antara lain:\n"
                     "\t\ta.\tmenjadi pedoman pelaksanaan;\n"
                     "\t\tb.\tsemua unsur bertanggung jawab;\n"
                     "\t\tc.\tKPU Kota Magelang melaksanakan; dan\n"
                     "\t\td.\tKomisi Pemilihan Umum Kota Magelang menetapkan.\n")


def test_alternative_items_join_with_atau(tmp_path: Path) -> None:
    kedua = _kedua(tmp_path, {"kind": "text", "text": "Laporan disampaikan melalui", "tabulation": "alternative",
                              "items": ["Surat dan", "WhatsApp; atau", "Magelang Smart City"]})
    assert kedua == ("Laporan disampaikan melalui:\n"
                     "\t\ta.\tsurat;\n"
                     "\t\tb.\tWhatsApp; atau\n"
                     "\t\tc.\tMagelang Smart City.\n")


def test_numbered_sub_items_follow_the_same_rules(tmp_path: Path) -> None:
    kedua = _kedua(tmp_path, {"kind": "text", "text": "Tugas Tim", "items": [
        {"text": "Menyusun", "items": ["Rencana aksi;", "Laporan"]},
        {"text": "Melaporkan", "items": ["Capaian", "Kendala."]},
        "Mengevaluasi",
    ]})
    assert kedua == ("Tugas Tim:\n"
                     "\t\ta.\tmenyusun:\n\t\t\t1.\trencana aksi; dan\n\t\t\t2.\tlaporan;\n"
                     "\t\tb.\tmelaporkan:\n\t\t\t1.\tcapaian; dan\n\t\t\t2.\tkendala; dan\n"
                     "\t\tc.\tmengevaluasi.\n")


def test_a_wrong_tabulation_is_refused_at_its_line(tmp_path: Path) -> None:
    spec = _spec(tmp_path, {"kind": "text", "text": "Tujuannya", "items": ["satu", "dua"], "tabulation": "dan"})
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    line = next(n for n, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "tabulation" in text)
    said = [s for s in result.stderr.splitlines() + result.stdout.splitlines() if "diktum[1].tabulation" in s]
    assert said and f"{spec}:{line}:" in said[0] and "cumulative" in said[0] and "alternative" in said[0], said


@pytest.mark.parametrize("name", ["kab-semarang-2025", "kota-surakarta-2025"])
def test_the_examples_objectives_are_tabulated(rendered_txt, name: str) -> None:
    body = rendered_txt[name]["salinan"].split("LAMPIRAN", 1)[0]
    assert "\ta.\tmenjadi pedoman pelaksanaan Pembangunan Zona Integritas" in body
    assert "\tb.\tsemua unsur di lingkungan" in body
    assert "kode etik aparatur negara; dan\n" in body.replace("Negara; dan", "negara; dan")
    assert "\td.\tpeningkatan kualitas pelayanan" in body
