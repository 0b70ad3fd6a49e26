"""Emphasis typed in a text (*italic*, **bold**, \\* escapes) and centred titles broken into balanced lines: what
the DOCX, the PDF, the plain text and `check` show for them."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from conftest import EXAMPLES, example_specs, opened_pdf, run_cli
from docx_text import W, _balanced, _balanced_style_ids
from zi_decree import load
from zi_decree.base.markup import Run, parse, plain, runs, unbalanced
from zi_decree.rendering.layout import text_width
from zi_decree.rendering.lines import SLACK, balance
from zi_decree.tasks.proofread import findings

# ------------------------------------------------------------------------------------------------ the markup


@pytest.mark.parametrize("text, expected", [
    ("*Grand Design* Reformasi", [("Grand Design", "i"), (" Reformasi", "")]),
    ("a **b** c", [("a ", ""), ("b", "b"), (" c", "")]),
    ("***x***", [("x", "bi")]),
    ("**a *b***", [("a ", "b"), ("b", "bi")]),
    ("2 * 3 * 4", [("2 * 3 * 4", "")]),            # spaces on both sides: an asterisk
    ("Catatan*)", [("Catatan*)", "")]),            # opens nothing it closes: shown as typed
    ("\\*lit\\* and \\\\", [("*lit* and \\", "")]),  # escapes
    ("C:\\dir", [("C:\\dir", "")]),                # any other backslash is a backslash
    ("*a\nb*", [("a\nb", "i")]),
    ("x****y", [("x****y", "")]),
    ("", []),
])
def test_markup_runs(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.text, ("b" if r.bold else "") + ("i" if r.italic else "")) for r in runs(text)] == expected


@pytest.mark.parametrize("text, marks", [
    ("*Grand Design* Reformasi", []),
    ("2 * 3", []),
    ("Catatan*) di bawah", [(7, "*")]),
    ("*a *b* c", [(0, "*")]),
    ("***a*", [(0, "**")]),
    ("x****y", [(1, "****")]),
    ("\\*a", []),
])
def test_unbalanced_marks_are_found_where_they_are(text: str, marks: list[tuple[int, str]]) -> None:
    assert [(u.offset, u.mark) for u in unbalanced(text)] == marks
    for u in unbalanced(text):
        assert text[u.offset:u.offset + len(u.mark)] == u.mark


_ALPHABET = st.sampled_from([*"ab *\\\n\t.-", "é", "\u00a0"])


@settings(max_examples=500, deadline=None)
@given(st.text(_ALPHABET, max_size=60) | st.text(max_size=60))
def test_any_text_parses_to_its_words(text: str) -> None:
    parsed = parse(text)  # never raises
    joined = "".join(r.text for r in parsed.runs)
    assert joined == plain(text)
    # Only marks and escapes go: every other character stays, in order.
    assert [c for c in joined if c not in "*\\"] == [c for c in text if c not in "*\\"]
    assert all(r.text for r in parsed.runs)
    assert all((a.bold, a.italic) != (b.bold, b.italic) for a, b in zip(parsed.runs, parsed.runs[1:]))
    assert all(text[u.offset] == "*" for u in parsed.unbalanced)


_WORDS = st.text(st.sampled_from(list("abcXYZ.,()")), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(_WORDS, min_size=1, max_size=3), st.sampled_from(["", "*", "**", "***"])),
                max_size=6))
def test_emphasis_written_around_words_is_read_back(segments: list[tuple[list[str], str]]) -> None:
    text = " ".join(f"{mark}{' '.join(words)}{mark}" for words, mark in segments)
    expected: list[Run] = []
    for i, (words, mark) in enumerate(segments):
        if i:
            expected.append(Run(" "))
        expected.append(Run(" ".join(words), bold=len(mark) >= 2, italic=len(mark) in (1, 3)))
    merged: list[Run] = []
    for run in expected:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    assert runs(text) == tuple(merged)
    assert unbalanced(text) == ()


# ------------------------------------------------------------------------------------------------ a decree

SUBJECT = ("Rencana Aksi Pembangunan Zona Integritas di Lingkungan Sekretariat Komisi Pemilihan Umum Kabupaten "
           "Temanggung Tahun 2022")
SPEC: dict[str, Any] = {
    "office": {"kind": "Kabupaten", "name": "Temanggung", "province": "Jawa Tengah"},
    "number": 6, "year": 2022, "date": "2022-04-28",
    "subject": SUBJECT,
    "menimbang": ["untuk melaksanakan penunjukan Satuan Kerja *Pilot Project* Implementasi Pembangunan Zona "
                  "Integritas, perlu menyusun rencana aksi yang **terukur** dan ***jelas***"],
    "mengingat": ["uu-28-1999", "perpres-81-2010", "permenpanrb-25-2020"],
    "memperhatikan": ["Catatan\\*) tentang tanda bintang"],
    "diktum": [{"kind": "adopt"}, {"kind": "in_force"}],
    "signatory": {"name": "Nama Ketua"},
    "attestation": {"position": "Kepala Sub Bagian Hukum dan Sumber Daya Manusia", "name": "Nama Pejabat"},
    "lampiran": [{"kind": "plan", "title": "Rencana Aksi Pembangunan Zona Integritas Tahun 2022", "areas": [
        {"name": "Penguatan Pengawasan", "components": [{"name": "*Whistle Blowing System*", "indicators": [
            {"text": "*Whistle Blowing System* telah diterapkan", "steps": [
                {"text": "Implementasi *whistle blowing system*", "evidence": [
                    {"text": "Laporan hasil rapat WBS", "schedule": "Juli 2022"}]}]}]}]}]}],
}


def _render(folder: Path, spec: dict[str, Any]) -> dict[str, Path]:
    path = folder / "spec.yaml"
    path.write_text(json.dumps(spec, indent=1), encoding="utf-8")  # JSON is YAML
    result = run_cli("render", str(path), "--format", "docx,pdf,txt", "-o", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    (package,) = (folder / "out").iterdir()
    return {p.name.removeprefix(package.name + "."): p for p in package.iterdir()}


@pytest.fixture(scope="module")
def decree(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _render(tmp_path_factory.mktemp("emphasis"), SPEC)


def _docx_runs(path: Path) -> list[tuple[str, bool, bool]]:
    document = docx.Document(str(path))
    out = [(r.text, bool(r.bold), bool(r.italic)) for p in document.paragraphs for r in p.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [(r.text, bool(r.bold), bool(r.italic)) for p in cell.paragraphs for r in p.runs]
    return out


def test_docx_sets_emphasis_in_runs(decree: dict[str, Path]) -> None:
    found = _docx_runs(decree["salinan.docx"])
    italic = {text for text, _, it in found if it}
    assert {"Pilot Project", "Grand Design", "Road Map", "Whistle Blowing System", "whistle blowing system"} <= italic
    assert ("terukur", True, False) in found and ("jelas", True, True) in found
    assert not any("*" in text and "Catatan" not in text for text, _, _ in found)
    assert any("Catatan*) tentang" in text for text, _, _ in found)  # the escaped asterisk, printed


def _pdf_words(path: Path) -> list[tuple[str, str]]:
    with opened_pdf(path) as pdf:
        return [(w["text"], w["fontname"]) for page in pdf.pages
                for w in page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False)]


def test_pdf_sets_emphasis_in_italic_and_bold_fonts(decree: dict[str, Path]) -> None:
    words = _pdf_words(decree["salinan.pdf"])
    fonts: dict[str, set[str]] = {}
    for text, font in words:
        fonts.setdefault(text.strip(",;.:"), set()).add(font.split("+")[-1])
    assert fonts["Pilot"] == {"LiberationSans-Italic"} and fonts["Project"] == {"LiberationSans-Italic"}
    assert fonts["Grand"] == {"LiberationSans-Italic"} and fonts["Design"] == {"LiberationSans-Italic"}
    assert fonts["terukur"] == {"LiberationSans-Bold"}
    assert fonts["jelas"] == {"LiberationSans-BoldItalic"}
    assert "LiberationSans" in fonts["Implementasi"]
    assert "LiberationSans-Italic" in fonts["Whistle"]
    assert not any(text.startswith("*") for text, _ in words)
    assert ("Catatan*)", ) in {(text,) for text, _ in words}


def test_plain_text_shows_the_words_without_marks(decree: dict[str, Path]) -> None:
    text = decree["salinan.txt"].read_text(encoding="utf-8")
    assert "Satuan Kerja Pilot Project Implementasi" in text
    assert "yang terukur dan jelas;" in text
    assert "tentang Grand Design Reformasi Birokrasi 2010-2025;" in text
    assert "Catatan*) tentang tanda bintang;" in text
    assert text.count("*") == 1 and "\\" not in text


def test_document_properties_hold_the_words(tmp_path: Path) -> None:
    spec = {**SPEC, "subject": "Rencana Aksi *Pilot Project* Zona Integritas Tahun 2022"}
    files = _render(tmp_path, spec)
    with zipfile.ZipFile(files["salinan.docx"]) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "Rencana Aksi Pilot Project Zona Integritas Tahun 2022" in core and "*" not in core
    record = json.loads(files["record.json"].read_text(encoding="utf-8"))
    assert "*" not in json.dumps(record, ensure_ascii=False)


def test_check_warns_about_a_mark_that_closes_nothing_at_its_line_and_column(tmp_path: Path) -> None:
    spec = EXAMPLES / "kota-magelang-2022.yaml"
    text = spec.read_text(encoding="utf-8").replace(
        "    perihal Penunjukan Satuan Kerja *Pilot Project* Implementasi",
        "    perihal Penunjukan Satuan Kerja *Pilot Project Implementasi")
    assert "*Pilot" in text
    path = tmp_path / spec.name
    path.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "*Pilot Project Implementasi" in s)
    column = text.splitlines()[line - 1].index("*Pilot") + 1
    result = run_cli("check", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    (warning,) = [s for s in result.stdout.splitlines() if "emphasis:" in s]
    assert f"{path}:{line}:{column}" in warning and "memperhatikan" in warning
    assert "'*' (italic mark) at character" in warning and "\\*" in warning
    assert "Traceback" not in result.stderr


def test_spelling_reads_the_words_without_marks() -> None:
    loaded = load(EXAMPLES / "kota-magelang-2022.yaml")
    k = loaded.keputusan
    changed = k.model_copy(update={"memperhatikan": ["pegawai yang ber*integritas* dan *Pilot Project*"]})
    words = {f.word for f in findings(dataclasses.replace(loaded, keputusan=changed))}
    assert "ber" not in words and "Pilot" not in words and not any("*" in w for w in words)


# ------------------------------------------------------------------------------------------------ titles

def _greedy(text: str, measure: float, size: float) -> list[str]:
    """How a word processor fills a line before the next: the breaking a centred title used to get."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if text_width(candidate, size, True) <= measure or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line]


def _docx_title_lines(path: Path) -> list[list[str]]:
    """The lines of each paragraph the renderer breaks (title block, issuer, lampiran header and title)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        ids = _balanced_style_ids(z)
    out = []
    for p in root.iter(f"{W}p"):
        if not _balanced(p, ids):
            continue
        text = "".join("\n" if n.tag == f"{W}br" else (n.text or "") for n in p.iter(f"{W}t", f"{W}br"))
        if text:
            out.append(text.split("\n"))
    return out


def _pdf_lines(path: Path) -> set[str]:
    with opened_pdf(path) as pdf:
        return {" ".join(line["text"].split()) for page in pdf.pages for line in page.extract_text_lines()}


def _assert_balanced(paragraphs: list[list[str]]) -> None:
    for lines in paragraphs:
        if len(lines) > 1:
            assert len(lines[-1].split()) >= 2, lines
            widths = [text_width(line, 12, True) for line in lines]
            assert min(widths) >= 0.5 * max(widths), lines


def test_a_title_that_left_its_year_alone_is_broken_into_even_lines(decree: dict[str, Path]) -> None:
    measure = 609.45 - 85.05 - 56.7  # F4, the bundled template's margins
    assert _greedy(SUBJECT.upper(), measure, 12)[-1] == "2022"  # what filling line by line gave
    paragraphs = _docx_title_lines(decree["salinan.docx"])
    subject = next(lines for lines in paragraphs if lines[0].startswith("RENCANA AKSI"))
    # Three lines are the fewest that fit; they are of even length, the year not alone.
    assert len(subject) == 3 and subject[-1] != "2022"
    assert all(text_width(line, 12, True) <= measure * SLACK for line in subject)
    _assert_balanced(paragraphs)
    pdf_lines = _pdf_lines(decree["salinan.pdf"])
    for lines in paragraphs:
        for line in lines:
            assert " ".join(line.split()) in pdf_lines, (line, lines)


def test_balance_keeps_a_term_in_italics_whole_and_fits_the_measure() -> None:
    title = runs("Peraturan tentang *Grand Design* Reformasi Birokrasi 2010-2025 dan *Road Map* Tahun 2022")
    out = balance(title, 200, 12, True)
    assert "".join(r.text for r in out).replace("\n", " ") == "".join(r.text for r in title)
    assert any(r.italic and re.fullmatch(r"Grand\sDesign", r.text) for r in out)
    lines = "".join(r.text for r in out).split("\n")
    assert len(lines[-1].split()) >= 2
    assert all(text_width(line, 12, True) <= 200 * SLACK for line in lines)


@pytest.mark.parametrize("name", [p.stem for p in example_specs()])
def test_every_example_breaks_its_titles_alike_in_docx_and_pdf(name: str, rendered_docx, rendered_pdf) -> None:
    paragraphs = _docx_title_lines(rendered_docx[name]["salinan"])
    assert paragraphs
    _assert_balanced(paragraphs)
    pdf_lines = _pdf_lines(rendered_pdf[name]["salinan"])
    for lines in paragraphs:
        for line in lines:
            assert " ".join(line.split()) in pdf_lines, (line, lines)


def test_libreoffice_keeps_the_title_lines_of_every_example(rendered_docx, libreoffice_pdfs) -> None:
    for name, variants in libreoffice_pdfs.items():
        pdf = variants["salinan"]
        assert pdf is not None, name
        pdf_lines = _pdf_lines(pdf)
        for lines in _docx_title_lines(rendered_docx[name]["salinan"]):
            for line in lines:
                assert " ".join(line.split()) in pdf_lines, (name, line, lines)


def test_examples_set_catalogue_terms_in_italics(rendered_docx) -> None:
    found = _docx_runs(rendered_docx["kota-magelang-2022"]["salinan"])
    assert {"Grand Design", "Road Map", "Pilot Project"} <= {text for text, _, italic in found if italic}
