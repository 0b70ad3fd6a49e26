"""`zi-decree render` writes one package folder per decree: the documents and record.json, hashes that check out."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from conftest import EXAMPLES, example_specs, run_cli, run_command
from zi_decree import check

SEMARANG = EXAMPLES / "kab-semarang-2025.yaml"


def _package(tmp_path: Path, spec: Path = SEMARANG, *args: str) -> Path:
    result = run_cli("render", str(spec), "-o", str(tmp_path / "out"), *args)
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "out").iterdir()
    return folder


def test_default_package_is_original_docx_salinan_docx_and_pdf_and_record(tmp_path: Path) -> None:
    folder = _package(tmp_path)
    slug = "kpu-kabupaten-semarang-2025-nomor-6"
    assert folder.name == slug
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{slug}.original.docx", f"{slug}.salinan.docx", f"{slug}.salinan.pdf", "record.json"])


def test_record_has_the_jdih_fields_and_hashes_that_match(tmp_path: Path) -> None:
    folder = _package(tmp_path)
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    jdih = record["jdih"]
    assert jdih["jenis"] == "Keputusan"
    assert jdih["nomor"] == "6" and jdih["tahun"] == 2025
    assert jdih["judul"] == ("Keputusan Komisi Pemilihan Umum Kabupaten Semarang Nomor 6 Tahun 2025 tentang Rencana "
                             "Aksi Pembangunan Zona Integritas di Lingkungan Komisi Pemilihan Umum Kabupaten Semarang "
                             "Tahun 2025")
    assert jdih["tempat_penetapan"] == "Ungaran" and jdih["tanggal_penetapan"] == "2025-01-05"
    assert jdih["penandatangan"] == "Bambang Setyono"
    assert jdih["subjek"] and jdih["bahasa"] == "Indonesia" and jdih["status"] == "Berlaku"
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", record["catalogue_version"])
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", record["input"]["sha256"])
    assert record["input"]["files"] == ["kab-semarang-2025.yaml", "kab-semarang-2025.plan.yaml"]
    assert [o["variant"] + "." + o["format"] for o in record["outputs"]] == [
        "original.docx", "salinan.docx", "salinan.pdf"]
    for output in record["outputs"]:
        data = (folder / output["file"]).read_bytes()
        assert output["sha256"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert output["bytes"] == len(data)
    # All of check's warnings, file names without their folders: this plan names some components as the
    # guideline before PermenPANRB 90/2021 did.
    expected = [{k: v for k, v in {**w.as_dict(), "file": Path(w.location.file).name}.items() if v is not None}
                for w in check(SEMARANG).problems if w.severity == "warning"]  # the accepted ones too, with reasons
    assert all(w["accepted"] for w in expected)
    assert expected and record["warnings"] == expected


def test_input_hash_is_of_the_content_not_the_layout(tmp_path: Path) -> None:
    # The same decree written differently (comments gone, other spacing) has the same input hash;
    # a changed word gives another.
    first = json.loads((_package(tmp_path / "a") / "record.json").read_text(encoding="utf-8"))
    (tmp_path / "b").mkdir()
    text = SEMARANG.read_text(encoding="utf-8")
    stripped = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    spec = tmp_path / "b" / "kab-semarang-2025.yaml"
    spec.write_text(stripped.replace("plan: kab-semarang-2025.plan.yaml", f"plan: {EXAMPLES}/kab-semarang-2025.plan.yaml"),
                    encoding="utf-8")
    second = json.loads((_package(tmp_path / "b", spec) / "record.json").read_text(encoding="utf-8"))
    assert first["input"]["sha256"] == second["input"]["sha256"]
    spec.write_text(spec.read_text(encoding="utf-8").replace("Bambang Setyono", "Bambang Setiono"), encoding="utf-8")
    third = json.loads((_package(tmp_path / "c", spec) / "record.json").read_text(encoding="utf-8"))
    assert third["input"]["sha256"] != first["input"]["sha256"]


def test_folder_and_file_names_are_safe_for_every_file_system(tmp_path: Path) -> None:
    # A registry-code number has slashes and dots; the names keep only ASCII letters, digits and hyphens.
    text = SEMARANG.read_text(encoding="utf-8").replace("number: 6", "number: 6/HK.03.1-Kpt/3322/2025")
    text = text.replace("plan: kab-semarang-2025.plan.yaml", f"plan: {EXAMPLES}/kab-semarang-2025.plan.yaml")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    folder = _package(tmp_path, spec, "--format", "txt")
    assert folder.name == "kpu-kabupaten-semarang-2025-nomor-6-hk-03-1-kpt-3322-2025"
    for path in [folder, *folder.iterdir()]:
        assert re.fullmatch(r"[a-z0-9.\-]+", path.name) and len(path.name) < 120, path.name


def test_rendering_again_with_fewer_formats_leaves_no_stale_files(tmp_path: Path) -> None:
    folder = _package(tmp_path, SEMARANG, "--format", "docx,pdf,txt")
    assert len(list(folder.iterdir())) == 5
    folder = _package(tmp_path, SEMARANG, "--format", "txt")
    assert sorted(p.name for p in folder.iterdir()) == ["kpu-kabupaten-semarang-2025-nomor-6.salinan.txt",
                                                        "record.json"]


def test_bad_options_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    for args, message in ((("--format", "odt"), "unknown format odt"),
                          (("--paper", "letter"), "letter"),
                          (("--template", str(tmp_path / "none.docx")), "not found")):
        result = run_cli("render", str(SEMARANG), "-o", str(tmp_path / "out"), *args)
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()


def test_python_m_and_console_script_are_the_same_program() -> None:
    result = run_command("--help")
    assert result.returncode == 0
    for command in ("render", "check", "catalogue", "new", "rollover", "batch"):
        assert command in result.stdout


def test_every_example_makes_a_package(tmp_path: Path) -> None:
    result = run_cli("render", *map(str, example_specs()), "--format", "txt", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len([p for p in tmp_path.iterdir() if (p / "record.json").is_file()]) == len(example_specs())


def test_a_title_longer_than_words_property_limit_renders(tmp_path: Path) -> None:
    text = SEMARANG.read_text(encoding="utf-8").replace("number: 6", "number: 11/HK.03.1/3322/2025").replace(
        "di Lingkungan Komisi Pemilihan Umum Kabupaten Semarang Tahun 2025\n",
        "Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani di Lingkungan Komisi "
        "Pemilihan Umum Kabupaten Semarang Tahun 2025\n", 1)
    text = text.replace("plan: kab-semarang-2025.plan.yaml", f"plan: {EXAMPLES}/kab-semarang-2025.plan.yaml")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    folder = _package(tmp_path, spec)
    from docx import Document

    title = Document(str(next(folder.glob("*.original.docx")))).core_properties.title
    assert len(title) <= 255 and title.endswith("\u2026")
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    assert record["jdih"]["judul"].endswith("Melayani di Lingkungan Komisi Pemilihan Umum Kabupaten Semarang Tahun 2025")


def test_two_specs_for_one_package_are_refused(tmp_path: Path) -> None:
    text = SEMARANG.read_text(encoding="utf-8").replace(
        "plan: kab-semarang-2025.plan.yaml", f"plan: {EXAMPLES}/kab-semarang-2025.plan.yaml")
    other = tmp_path / "copy.yaml"
    other.write_text(text, encoding="utf-8")
    result = run_cli("render", str(SEMARANG), str(other), "--format", "txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{other}:13:1: number: makes the same package as {SEMARANG}" in result.stderr


def test_record_carries_the_validity_end_and_the_citations(tmp_path: Path) -> None:
    folder = _package(tmp_path, EXAMPLES / "kota-magelang-2022.yaml", "--format", "txt")
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    assert record["jdih"]["berlaku_sampai"] == "2022-12-31"
    first = record["mengingat"][0]
    assert first["id"] == "uu-28-1999" and first["citation"].startswith("Undang-Undang Nomor 28 Tahun 1999")
