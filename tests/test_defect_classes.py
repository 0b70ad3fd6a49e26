"""Each class of defect found in the published decrees (README, "What check finds in the published decrees"), put
back into a copy of an example: `check` reports it at its place, or the generator makes it impossible."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli, unaccepted


class Copy:
    """A copy of one example (and its plan file) in a folder of its own, to change and check or render."""

    def __init__(self, folder: Path, name: str):
        for path in EXAMPLES.glob(f"{name}*.yaml"):
            shutil.copy(path, folder / path.name)
        # Without the example's accepted warnings: what check says of an injected defect is seen whatever its code.
        spec = folder / f"{name}.yaml"
        spec.write_text(unaccepted(spec.read_text(encoding="utf-8")), encoding="utf-8")
        self.folder = folder
        self.spec = folder / f"{name}.yaml"
        plan = folder / f"{name}.plan.yaml"
        self.plan = plan if plan.exists() else self.spec

    def change(self, old: str, new: str, plan: bool = False) -> tuple[Path, int, int]:
        """Replace the first `old` by `new`; (file, line, column) of the change."""
        path = self.plan if plan else self.spec
        text = path.read_text(encoding="utf-8")
        at = text.index(old)
        path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
        before = text[:at]
        return path, before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1

    def check(self) -> tuple[int, list[str]]:
        result = run_cli("check", str(self.spec))
        return result.returncode, result.stdout.splitlines() + result.stderr.splitlines()

    def render(self) -> str:
        out = self.folder / "out"
        result = run_cli("render", str(self.spec), "-o", str(out), "-f", "txt")
        assert result.returncode == 0, result.stderr
        return next(out.rglob("*.salinan.txt")).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------- reported by check


def _is(line: str, severity: str) -> bool:
    """Whether a printed line is an error or a warning (its code follows in brackets)."""
    return line.startswith(severity + "[")


def _rest(line: str) -> str:
    """A printed problem after its severity and code: where, then what."""
    return line.split("]: ", 1)[1]

def test_typo_in_typed_text(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, column = c.change("bertujuan antara lain", "bertujuan anatara lain")
    status, lines = c.check()
    assert status == 1
    assert [s for s in lines if s.startswith(f"warning[spelling-unknown]: {path}:{line}:{column + 10}: diktum[1].text: spelling: "
                                             f"'anatara'")], lines


def test_non_standard_form_in_typed_text(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, column = c.change("yang profesional, berkarakter", "yang professional, berkarakter")
    _, lines = c.check()
    assert [s for s in lines if s.startswith(f"warning[spelling-nonstandard]: {path}:{line}:{column + 5}: "
                                             "diktum[1].items[2].text: spelling: 'professional' is not the standard "
                                             "(baku) form; write 'profesional'")]


def test_misspelt_area_name_is_given_the_guidelines_spelling(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kota-surakarta-2025")
    path, line, column = c.change("name: PENGUATAN AKUNTABILITAS", "name: PENGUAT AKUNTABILITAS", plan=True)
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:{column + 6}: lampiran[0].areas[3].name: "
                                             "spelling: 'PENGUAT' is not how PermenPANRB 90/2021 writes this name: "
                                             "'Penguatan Akuntabilitas'; write 'PENGUATAN'")], lines


def test_area_headed_by_another_documents_sentence(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kota-magelang-2022")
    heading = "Pembangunan unit kerja untuk memperoleh predikat menuju WBK/WBBM KPU"
    path, line, column = c.change("- name: Manajemen Perubahan", f"- name: {heading}")
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:{column + 2}: lampiran[0].areas[0].name: area I "
                                             f"'{heading}' holds the components of the area 'Manajemen Perubahan' of "
                                             "PermenPANRB 90/2021 but is named otherwise: name it 'Manajemen "
                                             "Perubahan'")], lines


def test_repeated_word(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, column = c.change("kepada ", "kepada kepada ", plan=True)
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:{column}: ") and
            "'kepada kepada': the word 'kepada' is typed twice" in s], lines


def test_stale_year_in_a_plan_cell(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, column = c.change("RKKL 2025", "RKKL 2022", plan=True)
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:{column + 5}: ") and
            "'menandatangani RKKL 2022' names the year 2022 in a plan of 2025" in s], lines


def test_stale_year_in_the_subject(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, _ = c.change("Kabupaten Semarang Tahun 2025\n", "Kabupaten Semarang Tahun 2024\n")
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:") and "subject: names the year 2024" in s], \
        lines


def test_schedule_wholly_outside_the_plan_year(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-batang-2022")
    path, line, _ = c.change("schedule: Januari-Desember 2022", "schedule: Januari-Desember 2023")
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:") and
            "lies wholly outside the plan year 2022" in s], lines


def test_evidence_item_without_a_schedule(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, _ = c.change("                    schedule: Januari 2025\n", "", plan=True)
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line - 1}:") and "has no schedule" in s], lines


@pytest.mark.parametrize("typed, said", [("44652", "'44652' is a spreadsheet date serial number; read as April 2022"),
                                         ("January 2022", "'January 2022' uses an English month name")])
def test_schedule_typed_as_a_date_serial_or_in_english(tmp_path: Path, typed: str, said: str) -> None:
    c = Copy(tmp_path, "kab-batang-2022")
    path, line, column = c.change("schedule: April 2022", f"schedule: {typed}")
    _, lines = c.check()
    assert [s for s in lines if _is(s, "warning") and _rest(s).startswith(f"{path}:{line}:{column}: ") and said in s], lines


def test_catalogue_instrument_retyped_as_the_offices_own(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    typed = ("instruments:\n  - id: pkpu-4-2021-typed\n    type: peraturan\n    form: Peraturan Komisi Pemilihan Umum "
             "Republik Indonesia\n    number: 4\n    year: 2021\n    subject: Perubahan Ketiga Atas Peraturan Komisi "
             "Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja;\n    source: Mengingat 9 of the published decree\n")
    path, line, _ = c.change("instruments:\n", typed)
    status, lines = c.check()
    assert status == 2
    assert [s for s in lines if _is(s, "error") and _rest(s).startswith(f"{path}:{line + 4}:5: instruments[0].number: ") and
            "is the catalogue's 'pkpu-4-2021', an amendment of 'pkpu-8-2019': cite 'pkpu-8-2019'" in s], lines


def test_amending_instrument_cited_beside_the_one_it_amends(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kota-surakarta-2025")
    path, line, _ = c.change("  - kepkpu-314-2021", "  - permenpanrb-5-2024\n  - kepkpu-314-2021")
    status, lines = c.check()
    assert status == 2
    assert [s for s in lines if _is(s, "error") and _rest(s).startswith(f"{path}:{line}:") and "'permenpanrb-5-2024' amends" in s], \
        lines


@pytest.mark.parametrize("who", ["signatory", "attestation"])
def test_degree_in_a_name(tmp_path: Path, who: str) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    name = {"signatory": "Bambang Setyono", "attestation": "Wiwit Mulyanto"}[who]
    path, line, _ = c.change(f"  name: {name}\n", f"  name: {name}, S.H.\n")
    status, lines = c.check()
    assert status == 2
    assert [s for s in lines if _is(s, "error") and _rest(s).startswith(f"{path}:{line}:") and f"{who}.name: " in s and
            "without academic degrees" in s], lines


# ----------------------------------------------------------------------------------- made impossible

def test_menimbang_bahwa_and_its_last_item_are_written_by_the_generator(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    c.change("  - dalam rangka", "  - Bahwa dalam rangka")
    text = c.render()
    assert "a.\tbahwa dalam rangka" in text and "Bahwa" not in text.split("Mengingat")[0]
    assert "b.\tbahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan" in text


def test_a_citation_cannot_be_typed_only_cited_by_id(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    path, line, _ = c.change("  - uu-28-1999\n", "  - Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan\n")
    status, lines = c.check()
    assert status == 2 and [s for s in lines if _is(s, "error") and _rest(s).startswith(f"{path}:{line}:") and "mengingat[" in s], lines
    # What the catalogue cites is composed: every item ends with ';', the last one too, in hierarchy order.
    (tmp_path / "surakarta").mkdir()
    mengingat = Copy(tmp_path / "surakarta", "kota-surakarta-2025").render()
    items = mengingat.split("Mengingat\t:\t", 1)[1].split("MEMUTUSKAN", 1)[0].strip().split("\n")
    assert all(item.rstrip().endswith(";") for item in items if item.strip()), items


def test_title_and_lampiran_header_are_composed_from_the_office_and_subject(tmp_path: Path) -> None:
    text = Copy(tmp_path, "kota-surakarta-2025").render()
    header = text.split("LAMPIRAN\n", 1)[1].split("\n")[:4]
    assert header == ["KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURAKARTA", "NOMOR 31 TAHUN 2025", "TENTANG",
                      "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA SURAKARTA "
                      "TAHUN 2025"]
    assert "PEMILHAN" not in text


def test_dictum_clauses_and_items_are_composed(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-semarang-2025")
    c.change("dan kode etik aparatur negara;", "dan kode etik aparatur negara, dan")  # a typed conjunction
    text = c.render()
    assert "sebagaimana tercantum dalam Lampiran yang merupakan bagian yang tidak terpisahkan dari Keputusan ini." in text
    assert "\tc.\tmenciptakan zona integritas" in text and "aparatur negara; dan\n" in text
    assert "Keputusan ini mulai berlaku pada tanggal ditetapkan." in text


def test_each_name_is_written_once_and_repeated_by_the_generator(tmp_path: Path) -> None:
    text = Copy(tmp_path, "kota-magelang-2022").render()
    # The decree and its lampiran each end with the signature and the attestation: the same names, once typed.
    assert text.count("Dyah Dwi Safitri") == 2 and "Dyan" not in text
    assert text.count("BASMAR PERIANTO AMRON") == 2 and text.count("\nttd.\n") == 2 and "Ttd." not in text


def test_table_numbering_is_computed(tmp_path: Path) -> None:
    text = Copy(tmp_path, "kota-surakarta-2025").render()
    table = text.split("LAMPIRAN", 1)[1]
    for numeral in ("I", "II", "III", "IV", "V", "VI"):
        assert f"\n{numeral}\t" in table


def test_schedules_are_written_in_one_style(tmp_path: Path) -> None:
    c = Copy(tmp_path, "kab-batang-2022")
    c.change("schedule: April 2022", "schedule: Maret, Juni 2022")
    text = c.render()
    assert "Maret dan Juni 2022" in text and "Maret, Juni 2022" not in text
