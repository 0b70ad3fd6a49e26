"""Any text a spec may hold: every text field checked (control characters, lone surrogates, length) with a located
message, never an internal error; and text as long as each field allows, rendered whole in every format."""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import AfterValidator, BaseModel
from pypdf import PdfReader

from conftest import ROOT, run_cli
from docx_text import docx_text
from pdf_text import pdf_pages
from zi_decree import compose, load_data, resolve
from zi_decree.model.keputusan import LINE_LIMIT, NAME_LIMIT, TEXT_LIMIT, Keputusan, _check_text

# ------------------------------------------------------------------------------------------------ the model


def _str_leaves(tp: Any, metadata: list[Any], where: str, seen: set[type]) -> Iterator[tuple[str, list[Any]]]:
    """(field path, the metadata that applies) for every place a field's type lets a plain string in."""
    origin = get_origin(tp)
    if origin is Annotated:
        base, *more = get_args(tp)
        yield from _str_leaves(base, [*metadata, *more], where, seen)
    elif origin in (Union, types.UnionType):
        for member in get_args(tp):  # a union's constraints (a pattern) apply to its string member
            yield from _str_leaves(member, metadata, where, seen)
    elif origin in (list, tuple, set):
        for item in get_args(tp):
            yield from _str_leaves(item, [], f"{where}[]", seen)
    elif origin is Literal or (isinstance(tp, type) and issubclass(tp, Enum)):
        return  # one of a few fixed words: validated as such
    elif tp is str:
        yield where, metadata
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp in seen:
            return
        seen.add(tp)
        for name, field in tp.model_fields.items():
            yield from _str_leaves(field.annotation, list(field.metadata), f"{tp.__name__}.{name}", seen)


def _checked(metadata: list[Any]) -> bool:
    """Whether a string goes through the checked text type, or must match an anchored pattern."""
    for item in metadata:
        if isinstance(item, AfterValidator) and getattr(item.func, "func", None) is _check_text:
            return True
        for constraint in [item, *getattr(item, "metadata", [])]:
            pattern = getattr(constraint, "pattern", None)
            if isinstance(pattern, str) and pattern.startswith("^") and pattern.endswith("$"):
                return True
    return False


def test_every_text_field_of_the_model_is_checked() -> None:
    leaves = list(_str_leaves(Keputusan, [], "Keputusan", set()))
    assert len(leaves) > 40  # the walk reaches the whole model, instruments and plans included
    plain = sorted({where for where, metadata in leaves if not _checked(metadata)})
    assert plain == [], f"plain str text fields (use Text, Line or Name of zi_decree.model.keputusan): {plain}"


# ------------------------------------------------------------------------------------------------ a spec

GOOD: dict[str, Any] = {
    "office": {"kind": "Kabupaten", "name": "Contoh", "province": "Jawa Tengah"},
    "number": 6, "year": 2025, "date": "2025-01-06",
    "subject": "Rencana Aksi Pembangunan Zona Integritas Tahun 2025",
    "menimbang": ["dalam rangka pembangunan zona integritas, perlu menyusun rencana aksi"],
    "instruments": [{"id": "kpu-kab-contoh-kep-1-2024", "type": "keputusan",
                     "form": "Keputusan Komisi Pemilihan Umum Kabupaten Contoh", "number": "1", "year": 2024,
                     "subject": "Pembentukan Tim Zona Integritas", "enacted": "2024-01-02", "source": "arsip"}],
    "mengingat": ["uu-28-1999", "kpu-kab-contoh-kep-1-2024"],
    "diktum": [{"kind": "adopt"}, {"kind": "in_force"}],
    "signatory": {"name": "Nama Ketua"},
    "attestation": {"position": "Kepala Sub Bagian Hukum dan Sumber Daya Manusia", "name": "Nama Pejabat"},
    "lampiran": [{"kind": "plan", "title": "Rencana Aksi", "plan": "plan.yaml"}],
}
PLAN = {"areas": [{"name": "Manajemen Perubahan", "components": [{"name": "Tim Kerja", "indicators": [
    {"text": "Tim kerja telah dibentuk", "steps": [{"text": "Membentuk tim", "evidence": [
        {"text": "SK Tim", "schedule": "Januari 2025"}]}]}]}]}]}


def _write(folder: Path, spec: dict[str, Any], plan: dict[str, Any] | None = None) -> Path:
    # JSON is YAML: a string's escapes ("\ud800") come through as written, as from a YAML file's "\ud800".
    (folder / "plan.yaml").write_text(json.dumps(plan or PLAN, indent=1), encoding="utf-8")
    path = folder / "spec.yaml"
    path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return path


def _changed(change: Any) -> dict[str, Any]:
    spec = json.loads(json.dumps(GOOD))
    change(spec)
    return spec


def _errors(result: Any) -> list[str]:
    """The error lines a command printed (`check` lists problems on its output, the others on stderr)."""
    return [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("error[")]


# ------------------------------------------------------------------------------------------------ characters


def test_a_control_character_in_an_instruments_number_is_one_located_error(tmp_path: Path) -> None:
    spec = _write(tmp_path, _changed(lambda s: s["instruments"][0].update(number="1\x01")))
    for command in (["check"], ["render", "-o", str(tmp_path / "out")]):
        result = run_cli(*command, str(spec))
        assert result.returncode == 2, result.stderr
        # One problem, said once: not again as an unknown id where the instrument is cited.
        (error,) = _errors(result)
        assert re.search(r"spec\.yaml:\d+:\d+: instruments\[0\]\.number: contains the control character U\+0001",
                         error), error
    assert not (tmp_path / "out").exists()


SURROGATE = "\ud800"


@pytest.mark.parametrize("change, field", [
    (lambda s, p: s["menimbang"].__setitem__(0, f"dalam rangka {SURROGATE} pembangunan"), "menimbang[0]"),
    (lambda s, p: s["office"].update({f"nama{SURROGATE}": "x"}), "office"),
    (lambda s, p: s["mengingat"].append(f"uu-{SURROGATE}"), "mengingat[2]"),
    (lambda s, p: s.update(date=f"2025-01-0{SURROGATE}"), "date"),
    (lambda s, p: s["instruments"][0].update(number=f"1{SURROGATE}"), "instruments[0].number"),
    (lambda s, p: s["lampiran"][0].update(plan=f"plan{SURROGATE}.yaml"), "lampiran[0].plan"),
    (lambda s, p: p["areas"][0].update(name=f"Manajemen {SURROGATE}"), "lampiran[0].areas[0].name"),
    (lambda s, p: p["areas"][0]["components"][0]["indicators"][0]["steps"][0]["evidence"][0].update(
        schedule=f"Januari {SURROGATE}"), "schedule"),
], ids=["text", "field-name", "id", "date", "instrument-number", "plan-file-name", "plan-cell", "schedule"])
def test_a_lone_surrogate_is_refused_where_it_is(tmp_path: Path, change, field: str) -> None:
    spec, plan = json.loads(json.dumps(GOOD)), json.loads(json.dumps(PLAN))
    change(spec, plan)
    path = _write(tmp_path, spec, plan)
    for command in (["check"], ["check", "--json"], ["render", "-o", str(tmp_path / "out")]):
        result = run_cli(*command, str(path))
        assert result.returncode == 2, result.stderr
        said = result.stdout + result.stderr
        assert "U+D800" in said and "surrogate" in said
    (error,) = _errors(result)
    # Refused where it is: by the YAML reader at the escape's line and column, or else at the field.
    assert re.match(r"error\[[a-z0-9-]+\]: \S+\.yaml:\d+:\d+: ", error) and (field in error or "written as an escape" in error), error
    assert not (tmp_path / "out").exists()


def test_a_lone_surrogate_in_an_offices_table_is_refused(tmp_path: Path) -> None:
    offices = tmp_path / "offices.yaml"
    offices.write_text('- office: "Kabupaten Sem\\ud800arang"\n  number: 6\n  date: 2025-01-05\n'
                       '  chair: Nama Ketua\n  attestation_name: Nama Pejabat\n', encoding="utf-8")
    result = run_cli("batch", str(offices), "--plan", str(ROOT / "examples" / "jawa-tengah-2025.plan.yaml"),
                     "--year", "2025", "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    (error,) = _errors(result)
    assert "offices.yaml:1:" in error and "office" in error and "U+D800" in error


# ------------------------------------------------------------------------------------------------ lengths


def _words(length: int, tag: str) -> str:
    """Text of exactly `length` characters: `tag`, then words kata<tag>1, kata<tag>2, ... (each found again in
    the output by its tag, in order)."""
    parts, size, i = [tag], len(tag), 0
    while size < length:
        i += 1
        parts.append(f"kata{tag}{i}")
        size += len(parts[-1]) + 1
    text = " ".join(parts)[:length]
    head, _, cut = text.rpartition(" ")  # a word cut short would run into what follows the field
    return f"{head} {'x' * len(cut)}" if cut else text[:-1] + "x"


@pytest.mark.parametrize("change, message", [
    (lambda s: s.update(subject=_words(LINE_LIMIT + 1, "Subjek")),
     r"subject: is 1,001 characters long; at most 1,000"),
    # On one line, the YAML reader refuses it first, by the line's length.
    (lambda s: s.update(subject=_words(1_000_000, "Subjek")),
     r"(subject: is 1,000,000 characters long|line \d+ has 1,?000,?\d+ characters)"),
    (lambda s: s["menimbang"].append(_words(TEXT_LIMIT + 1, "Menimbang")),
     r"menimbang\[1\]: is 10,001 characters long; at most 10,000"),
    (lambda s: s["office"].update(name=_words(NAME_LIMIT + 1, "Nama")),
     r"office\.name: is 201 characters long; at most 200"),
], ids=["subject", "million", "menimbang", "office-name"])
def test_text_longer_than_its_field_allows_is_refused(tmp_path: Path, change, message: str) -> None:
    result = run_cli("render", str(_write(tmp_path, _changed(change))), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    (error,) = _errors(result)
    assert re.search(r"spec\.yaml:\d+:\d+: " + message, error), error


def test_a_schedule_phrase_longer_than_a_schedule_is_refused(tmp_path: Path) -> None:
    # Months it could read, but no schedule is this long: reading phrases takes time growing faster than their
    # length (a million characters took more than five minutes).
    phrase = "Januari dan Februari 2025 " * 50
    plan = json.loads(json.dumps(PLAN))
    plan["areas"][0]["components"][0]["indicators"][0]["steps"][0]["evidence"][0]["schedule"] = phrase
    result = run_cli("check", str(_write(tmp_path, GOOD, plan)))
    assert result.returncode == 2, result.stdout
    (error,) = _errors(result)
    assert re.search(r"plan\.yaml:\d+:\d+: lampiran\[0\]\.areas\[0\].*\.schedule: is 1,299 characters long; "
                     r"a schedule has at most 1,000", error), error


def test_a_workbook_cell_longer_than_its_field_allows_is_refused(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "plan.xlsx"
    assert run_cli("plan", "export", str(ROOT / "examples" / "kab-semarang-2025.yaml"), "-o", str(book)).returncode == 0
    for cell, text, message in [("F5", "Januari dan Februari 2025 " * 50, "TARGET WAKTU: is 1,299 characters long"),
                                ("E6", "bukti " * 2000, "evidence[0].text: is 11,999 characters long")]:
        workbook = load_workbook(book)
        workbook["Rencana Aksi"][cell] = text
        workbook.save(tmp_path / "long.xlsx")
        result = run_cli("plan", "import", str(tmp_path / "long.xlsx"), "-o", str(tmp_path / "plan.yaml"))
        assert result.returncode == 2, result.stderr
        (error,) = _errors(result)
        assert f"sheet 'Rencana Aksi', row {cell[1:]}, column {cell[0]}: " in error and message in error, error


def _longest() -> tuple[dict[str, Any], dict[str, Any]]:
    """A spec, and its plan, with every text field as long as it may be."""
    T, L, N = TEXT_LIMIT, LINE_LIMIT, NAME_LIMIT
    spec = {
        "office": {"kind": "Kabupaten", "name": _words(N, "Nama"), "seat": _words(N, "Kedudukan"),
                   "province": _words(N, "Provinsi")},
        "number": 6, "year": 2025, "date": "2025-01-06",
        "place": _words(N, "Tempat"),
        "subject": _words(L, "Subjek"),
        "menimbang": [_words(T, "Menimbang"), _words(T, "Pertimbangan")],
        "instruments": [{"id": "kpu-kab-contoh-kep-1-2024", "type": "keputusan", "form": _words(L, "Bentuk"),
                         "number": "1/" + "A" * (N - 7) + "/2024", "year": 2024, "subject": _words(L, "Tentang"),
                         "enacted": "2024-01-02", "source": _words(T, "Sumber")}],
        "mengingat": ["uu-28-1999", "kpu-kab-contoh-kep-1-2024"],
        "memperhatikan": [_words(T, "Memperhatikan")],
        "diktum": [{"kind": "adopt", "object": _words(L, "Objek")},
                   {"kind": "text", "text": _words(T, "Diktum"),
                    "items": [{"text": _words(T, "Butir"), "items": [_words(T, "Anak")]}]},
                   {"kind": "in_force"}],
        "signatory": {"name": _words(N, "Ketua"), "position": _words(L, "Jabatan")},
        "attestation": {"unit": _words(L, "Unit"), "position": _words(L, "Posisi"), "name": _words(N, "Pengesah")},
        "lampiran": [
            {"kind": "narrative", "title": _words(L, "Judul"), "blocks": [
                {"heading": _words(L, "Bab")}, {"paragraph": _words(T, "Paragraf")},
                {"list": {"items": [{"text": _words(T, "Daftar"), "blocks": [{"paragraph": _words(T, "Isi")}]}]}}]},
            {"kind": "plan", "title": _words(L, "Rencana"), "columns": {"link": True}, "plan": "plan.yaml"},
        ],
    }
    plan = {"areas": [{"name": _words(L, "Area"), "responsible": _words(L, "Tim"), "components": [
        {"name": _words(L, "Komponen"), "responsible": _words(L, "Pj"), "indicators": [
            {"text": _words(T, "Indikator"), "steps": [
                {"text": {"intro": _words(T, "Pengantar"), "items": [_words(T, "Langkah")]},
                 "evidence": [{"text": _words(T, "Bukti"), "schedule": _words(L, "Jadwal"),
                               "link": _words(T, "Tautan")}]}]}]}]}]}
    return spec, plan


def _tagged(text: str) -> dict[str, list[str]]:
    """The words kata<Tag><n> of a text, tag by tag, in order (a line or page break may fall inside one)."""
    found: dict[str, list[str]] = {}
    for tag, number in re.findall(r"kata([A-Z][a-z]+)(\d+)", "".join(text.split())):
        found.setdefault(tag, []).append(number)
    return found


@pytest.mark.heavy
def test_the_longest_text_of_every_field_renders_whole(tmp_path: Path) -> None:
    spec, plan = _longest()
    result = run_cli("render", str(_write(tmp_path, spec, plan)), "--format", "docx,pdf,txt", "-o",
                     str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "out").iterdir()
    text = next(folder.glob("*.salinan.txt")).read_text(encoding="utf-8")
    assert docx_text(next(folder.glob("*.salinan.docx")).read_bytes()) == text
    pdf = next(folder.glob("*.salinan.pdf")).read_bytes()
    assert len(PdfReader(str(next(folder.glob("*.salinan.pdf")))).pages) > 40
    # A table row taller than a page goes on on the next, each cell beside the others: the PDF's text is the
    # plain text's, read field by field (every word of every field, in order, none lost or doubled).
    expected = _tagged(text)
    assert len(expected) >= 25 and all(len(numbers) > 10 for numbers in expected.values())
    assert _tagged("".join(pdf_pages(pdf))) == expected


def test_201_lampiran_named_in_one_clause(tmp_path: Path) -> None:
    spec = _changed(lambda s: s.update(lampiran=[{"kind": "narrative", "blocks": [{"paragraph": f"Isi {i}"}]}
                                                 for i in range(201)]))
    result = run_cli("render", str(_write(tmp_path, spec)), "--format", "pdf,txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "out").iterdir()
    text = next(folder.glob("*.txt")).read_text(encoding="utf-8")
    assert "Lampiran CCI" in text
    # The clause naming them all is on the decree's first pages (reading all 200 and more is slow).
    pages = PdfReader(str(next(folder.glob("*.pdf")))).pages
    assert len(pages) > 201
    clause = text[text.index("KESATU"):text.index("KEDUA")]
    first = [page.extract_text().rstrip().removesuffix(str(n)) for n, page in enumerate(pages[:4], start=1)]
    assert "".join(clause.split()) in "".join("".join(first).split())


def test_laying_out_long_items_takes_work_in_proportion_to_their_number(monkeypatch) -> None:
    """Each item taller than a page; twice as many of them take about twice the work, measured by the
    string widths reportlab's line breaking asks for (a count, the same on every machine)."""
    import reportlab.platypus.paragraph as paragraph

    from zi_decree.rendering.pdf import render_pdf

    calls = 0
    measure = paragraph.stringWidth

    def counted(*args: Any, **kwargs: Any) -> float:
        nonlocal calls
        calls += 1
        return measure(*args, **kwargs)

    monkeypatch.setattr(paragraph, "stringWidth", counted)
    work = []
    for count in (2, 4):
        spec = {**GOOD, "menimbang": [_words(TEXT_LIMIT, f"Butir{chr(97 + i)}") for i in range(count)],
                "diktum": [{"kind": "in_force"}]}
        spec.pop("lampiran")
        document = compose(resolve(load_data(spec)), "salinan")
        calls = 0
        render_pdf(document)
        work.append(calls)
    assert work[1] < 2.5 * work[0], work
