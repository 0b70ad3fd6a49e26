"""The edit form of a decree, over HTTP: each part's round trip, comments kept, unchanged saves byte-identical,
a save over a file changed elsewhere refused, invalid input located beside its field and nothing written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from starlette.testclient import TestClient

from conftest import ROOT, example_specs
from web_support import page_text, web_client
from zi_decree import check
from zi_decree.loading.spec import load
from zi_decree.model.keputusan import Keputusan
from zi_decree.resolving.resolve import resolve

SEMARANG = "kab-semarang-2025.yaml"


class _Form:
    """What a browser sends for the page's edit form: its fields in order, as a person left them; and its controls
    (not the hidden ones) and the ids its labels name. (lxml reads a page many times faster than html.parser, and
    the tests read hundreds of edit forms.)"""

    def __init__(self) -> None:
        self.fields: list[list[str]] = []
        self.labels: set[str] = set()
        self.controls: list[dict[str, str]] = []

    def feed(self, html: str) -> None:
        select: object = None  # the select element whose options are read
        first: list[str] | None = None  # its field: its first option's value, or the selected one's
        for element in lxml.html.fromstring(html).iter("label", "input", "select", "textarea", "option"):
            tag, a = element.tag, dict(element.attrib)
            if tag == "label" and a.get("for"):
                self.labels.add(a["for"])
            if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
                self.controls.append(a)
            if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
                if a.get("type") == "checkbox" and "checked" not in a:
                    continue
                self.fields.append([a["name"], a.get("value") or ""])
            elif tag == "textarea":
                self.fields.append([a["name"], element.text or ""])
            elif tag == "select":
                select, first = element, None
            elif tag == "option" and select is not None and select in element.iterancestors("select"):
                if first is None:
                    first = [str(select.get("name")), a.get("value") or ""]
                    self.fields.append(first)
                if "selected" in a:
                    first[1] = a.get("value") or ""


def _form(html: str) -> list[list[str]]:
    parser = _Form()
    parser.feed(html)
    return parser.fields


def _saved(spec: Path) -> Keputusan:
    """The decree a spec holds, read and resolved as check reads it (its problems, which the assertions that use
    this do not look at, are not looked for)."""
    loaded = load(spec)
    resolve(loaded)
    return loaded.keputusan


def _set(fields: list[list[str]], name: str, value: str) -> None:
    for field in fields:
        if field[0] == name:
            field[1] = value
            return
    raise AssertionError(f"no field {name}")


def _post(client: TestClient, name: str, fields: list[list[str]], action: str = "save", **more: str):
    data = [(k, v) for k, v in fields] + [("~do", action)] + list(more.items())
    return client.post(f"/ubah/{name}", content=_encode(data),
                       headers={"content-type": "application/x-www-form-urlencoded"})


def _encode(pairs: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode()


# ------------------------------------------------------------------------------------------------ unchanged

@pytest.mark.parametrize("spec", [p.name for p in example_specs()])
def test_saving_an_example_unchanged_leaves_its_bytes(workspace: Path, spec: str) -> None:
    client = web_client(workspace)
    before = (workspace / spec).read_bytes()
    stamp = (workspace / spec).stat().st_mtime_ns
    page = client.get(f"/ubah/{spec}")
    assert page.status_code == 200
    answer = _post(client, spec, _form(page.text))
    assert answer.status_code == 303, page_text(answer.text)
    assert answer.headers["location"] == f"/pratinjau/{spec}?disimpan=1"
    assert (workspace / spec).read_bytes() == before
    assert (workspace / spec).stat().st_mtime_ns == stamp  # nothing was written at all


def test_every_control_has_a_visible_label(workspace: Path) -> None:
    for spec in example_specs():
        parser = _Form()
        parser.feed(web_client(workspace).get(f"/ubah/{spec.name}").text)
        for control in parser.controls:
            if control.get("type") == "checkbox":
                continue  # wrapped in its label
            assert control.get("id") in parser.labels, control


# ------------------------------------------------------------------------------------------------ each part

def _edit(workspace: Path, spec: str, changes: dict[str, str], actions: tuple[str, ...] = ()) -> str:
    """Open the form, press `actions`, change fields, save; the file's new text."""
    client = web_client(workspace)
    html = client.get(f"/ubah/{spec}").text
    for action in actions:
        answer = _post(client, spec, _form(html), action)
        assert answer.status_code == 200, page_text(answer.text)
        html = answer.text
    fields = _form(html)
    for name, value in changes.items():
        _set(fields, name, value)
    answer = _post(client, spec, fields)
    assert answer.status_code == 303, page_text(answer.text)
    return (workspace / spec).read_text(encoding="utf-8")


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and "kind:" not in line]


def test_heading_and_subject_round_trip_keeping_comments(workspace: Path) -> None:
    before = (workspace / SEMARANG).read_text()
    after = _edit(workspace, SEMARANG, {"subject": "Rencana Aksi Zona Integritas Tahun 2025", "number": "7",
                                        "office.province": "", "place": "Ungaran Timur"})
    assert "subject: Rencana Aksi Zona Integritas Tahun 2025\n" in after
    assert "number: 7\n" in after and "province:" not in after and "place: Ungaran Timur\n" in after
    assert _comments(after) == _comments(before)
    # only those lines changed
    changed = set(after.splitlines()) ^ set(before.splitlines())
    assert len(changed) == 6, changed
    k = _saved(workspace / SEMARANG)
    assert (k.number, k.place, k.office.province) == (7, "Ungaran Timur", None)


def test_menimbang_added_reordered_and_removed(workspace: Path) -> None:
    after = _edit(workspace, SEMARANG, {"menimbang[0]": "bahwa diperlukan dasar penetapan yang baru;"},
                  actions=("add:menimbang", "up:menimbang:1"))
    k = _saved(workspace / SEMARANG)
    assert k.menimbang[0] == "diperlukan dasar penetapan yang baru"
    assert k.menimbang[1].startswith("dalam rangka pembangunan zona integritas")
    # the comment before the next key stays before it
    assert re.search(r"menimbang:\n  - bahwa diperlukan.*\n  - dalam rangka.*\n\n# The office's own decree", after)
    after = _edit(workspace, SEMARANG, {}, actions=("remove:menimbang:0",))
    assert "bahwa diperlukan" not in after
    assert _saved(workspace / SEMARANG).menimbang == k.menimbang[1:]


def test_the_generated_last_menimbang_item_is_shown(workspace: Path) -> None:
    client = web_client(workspace)
    page = page_text(client.get(f"/ubah/{SEMARANG}").text)
    assert ("Butir terakhir, dibuat otomatis (huruf b): bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam "
            "huruf a, perlu menetapkan Keputusan Komisi Pemilihan Umum Kabupaten Semarang tentang Rencana Aksi") in page
    html = _post(client, SEMARANG, _form(client.get(f"/ubah/{SEMARANG}").text), "add:menimbang").text
    assert "(huruf c): bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b" in page_text(html)


def test_mengingat_found_in_the_catalogue_with_its_citation_and_cited(workspace: Path) -> None:
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    found = _post(client, SEMARANG, fields, "search", **{"~q": "pembentukan 2011"})
    assert found.status_code == 200
    text = page_text(found.text)
    assert "Hasil pencarian “pembentukan 2011”" in text
    # the citation as of the decree's date, with the amendments in force then
    assert "Undang-Undang Nomor 12 Tahun 2011 tentang Pembentukan Peraturan Perundang-undangan (Lembaran Negara " \
           "Republik Indonesia Tahun 2011 Nomor 82, Tambahan Lembaran Negara Republik Indonesia Nomor 5234) " \
           "sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 13 Tahun 2022" in text
    assert 'value="cite:uu-12-2011"' in found.text
    assert 'value="cite:uu-7-2017"' not in found.text  # what is cited already is not offered again
    # the decree's own citations show as of its date, with their amendments
    assert "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum" in text
    added = _post(client, SEMARANG, _form(found.text), "cite:uu-12-2011")
    assert "(uu-12-2011)" in page_text(added.text)
    answer = _post(client, SEMARANG, _form(added.text))
    assert answer.status_code == 303
    after = (workspace / SEMARANG).read_text()
    assert "  - kpu-kab-semarang-kep-11-2022\n  - uu-12-2011\n" in after
    assert "  - uu-31-1999            # as amended by UU 20/2001\n" in after
    assert "uu-12-2011" in _saved(workspace / SEMARANG).mengingat


def test_a_citation_with_a_warning_shows_it(workspace: Path) -> None:
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    page = page_text(_post(client, SEMARANG, fields, "search", **{"~q": "x"}).text)
    assert "(2010-2025) berakhir" not in page
    _set(fields, "date", "2026-02-01")  # the citations follow the date typed, before it is saved
    page = page_text(_post(client, SEMARANG, fields, "search", **{"~q": "x"}).text)
    assert "Peraturan Presiden Nomor 81 Tahun 2010: masa berlakunya (2010-2025) berakhir pada 2025-12-31" in page


def test_mengingat_removed_keeps_the_other_comments(workspace: Path) -> None:
    after = _edit(workspace, SEMARANG, {}, actions=("remove:mengingat:1",))
    assert "uu-31-1999" not in after
    assert "  - uu-7-2017             # as amended by Perppu 1/2022, enacted by UU 7/2023\n" in after


def test_own_instrument_edited_and_added(workspace: Path) -> None:
    after = _edit(workspace, SEMARANG, {"instruments[1].id": "kpu-kab-semarang-kep-2-2025",
                                        "instruments[1].type": "keputusan",
                                        "instruments[1].form": "Keputusan Komisi Pemilihan Umum Kabupaten Semarang",
                                        "instruments[1].number": "2", "instruments[1].year": "2025",
                                        "instruments[1].subject": "Tim Kerja Zona Integritas",
                                        "instruments[1].source": "arsip kantor"},
                  actions=("add:instruments",))
    assert "id: kpu-kab-semarang-kep-2-2025" in after
    client = web_client(workspace)
    found = _post(client, SEMARANG, _form(client.get(f"/ubah/{SEMARANG}").text), "search",
                  **{"~q": "tim kerja"})
    assert "Keputusan Komisi Pemilihan Umum Kabupaten Semarang Nomor 2 Tahun 2025 tentang Tim Kerja Zona " \
           "Integritas" in page_text(found.text)


def test_memperhatikan_added_to_a_decree_without_one(workspace: Path) -> None:
    after = _edit(workspace, SEMARANG, {"memperhatikan[0]": "Hasil rapat pleno tanggal 3 Januari 2025"},
                  actions=("add:memperhatikan",))
    assert "memperhatikan:\n  - Hasil rapat pleno tanggal 3 Januari 2025\n" in after
    k = _saved(workspace / SEMARANG)
    assert k.memperhatikan == ["Hasil rapat pleno tanggal 3 Januari 2025"]
    assert after.index("memperhatikan:") > after.index("mengingat:") and after.index("memperhatikan:") < \
        after.index("diktum:")


def test_diktum_clauses_by_kind_with_their_options(workspace: Path) -> None:
    client = web_client(workspace)
    html = client.get(f"/ubah/{SEMARANG}").text
    html = _post(client, SEMARANG, _form(html), "clause", **{"~kind": "budget"}).text
    fields = _form(html)
    _set(fields, "diktum[3].with_year", "1")
    fields.append(["diktum[3].with_year", "1"])  # the box, checked, after its hidden 0
    _set(fields, "diktum[3].bagian_anggaran", "076")
    _set(fields, "diktum[1].tabulation", "alternative")
    _set(fields, "diktum[1].items[0]", "Menjadi pedoman pembangunan Zona Integritas")
    _set(fields, "diktum[2].until", "2025-12")
    html = _post(client, SEMARANG, fields, "up:diktum:3").text
    answer = _post(client, SEMARANG, _form(html))
    assert answer.status_code == 303, page_text(answer.text)
    k = _saved(workspace / SEMARANG)
    kinds = [c.kind for c in k.diktum]
    assert kinds == ["adopt", "text", "budget", "in_force"]
    assert (k.diktum[2].bagian_anggaran, k.diktum[2].with_year) == ("076", True)
    assert k.diktum[1].tabulation == "alternative"
    assert k.diktum[1].items[0].text == "Menjadi pedoman pembangunan Zona Integritas"
    assert k.diktum[3].until == "2025-12"


def test_signatory_and_attestation(workspace: Path) -> None:
    _edit(workspace, SEMARANG, {"signatory.name": "Anik Sholihatun", "signatory.position": "Plh. Ketua Komisi "
                                "Pemilihan Umum Kabupaten Semarang", "attestation.nip": "198001012005011001"})
    k = _saved(workspace / SEMARANG)
    assert (k.signatory.name, k.attestation.nip) == ("Anik Sholihatun", "198001012005011001")
    assert k.signatory.position.startswith("Plh. Ketua")


def test_lampiran_options(workspace: Path) -> None:
    before = (workspace / SEMARANG).read_text()
    client = web_client(workspace)
    # after a button, the lampiran's options are still there
    fields = _form(_post(client, SEMARANG, _form(client.get(f"/ubah/{SEMARANG}").text), "add:menimbang").text)
    fields = [f for f in fields if not f[0].startswith("menimbang[1]")]
    _set(fields, "lampiran[0].columns.schedule", "month_grid")
    fields.append(["lampiran[0].columns.link", "1"])
    _set(fields, "lampiran[0].columns.headings.responsible", "PJ")
    assert _post(client, SEMARANG, fields).status_code == 303
    after = (workspace / SEMARANG).read_text()
    assert re.search(r"\n      schedule: month_grid +# TARGET WAKTU column\n", after)
    assert "      link: true\n" in after and "        responsible: PJ\n" in after
    assert after.count("#") == before.count("#")
    columns = _saved(workspace / SEMARANG).lampiran[0].columns
    assert (columns.schedule, columns.link, columns.headings.responsible) == ("month_grid", True, "PJ")


def test_narrative_lampiran_text(workspace: Path) -> None:
    name = "kab-batang-2022.yaml"
    before = (workspace / name).read_text()
    _edit(workspace, name, {"lampiran[0].blocks[0].heading": "PENDAHULUAN UMUM"})
    after = (workspace / name).read_text()
    assert "      - heading: PENDAHULUAN UMUM\n" in after
    assert len(after.splitlines()) == len(before.splitlines())  # the folded paragraphs are kept as they were


# ------------------------------------------------------------------------------------------------ refused

def test_invalid_input_is_located_beside_its_field_and_nothing_is_written(workspace: Path) -> None:
    before = (workspace / SEMARANG).read_bytes()
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, "signatory.name", "Dr. Bambang Setyono, S.H.")
    _set(fields, "date", "2024-01-05")
    _set(fields, "menimbang[0]", "")
    answer = _post(client, SEMARANG, fields)
    assert answer.status_code == 400
    assert (workspace / SEMARANG).read_bytes() == before
    html = answer.text
    assert "Belum disimpan: isian mengandung kesalahan" in html
    # each message beside its field, and the typed values kept
    assert re.search(r'id="signatory\.name"[^>]*value="Dr\. Bambang Setyono, S\.H\."[^>]*aria-invalid="true"', html)
    # (in Indonesian, as the workspace speaks: "without academic degrees", "is empty", "numbered for 2025 ...")
    assert re.search(r'(?s)id="signatory\.name-error">[^<]*tanpa gelar akademik', html)
    assert re.search(r'(?s)id="menimbang\[0\]-error">[^<]*kosong', html)
    assert re.search(r'(?s)<a href="#date">[^<]*</a>: [^<]*bernomor untuk tahun 2025 tetapi bertanggal 2024-01-05', html) or \
        re.search(r'(?s)id="date-error">[^<]*2024-01-05', html) or "2024-01-05" in page_text(html)


def test_a_plan_outside_the_workspace_is_refused(workspace: Path) -> None:
    before = (workspace / SEMARANG).read_bytes()
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, "lampiran[0].plan", "../elsewhere.plan.yaml")
    answer = _post(client, SEMARANG, fields)
    assert answer.status_code == 400
    assert re.search(r'(?s)id="lampiran\[0\]\.plan-error">[^<]*bukan berkas rencana di folder kerja', answer.text)
    assert (workspace / SEMARANG).read_bytes() == before


def test_a_save_over_a_file_changed_elsewhere_is_refused_and_the_typed_values_kept(workspace: Path) -> None:
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, "subject", "Judul yang baru diketik")
    # meanwhile, an editor (or the command line) changes the file
    spec = workspace / SEMARANG
    changed = spec.read_text().replace("number: 6", "number: 8")
    spec.write_text(changed)
    answer = _post(client, SEMARANG, fields)
    assert answer.status_code == 409
    assert spec.read_text() == changed
    text = page_text(answer.text)
    assert "Tidak disimpan: berkas telah berubah" in text and "Tidak ada yang ditulis" in text
    assert 'value="Judul yang baru diketik"' in answer.text or ">Judul yang baru diketik</textarea>" in answer.text
    # another try with the same form is refused again: the change made elsewhere is never overwritten
    assert _post(client, SEMARANG, _form(answer.text)).status_code == 409
    assert spec.read_text() == changed


def test_the_buttons_write_nothing(workspace: Path) -> None:
    before = (workspace / SEMARANG).read_bytes()
    client = web_client(workspace)
    html = client.get(f"/ubah/{SEMARANG}").text
    for action in ("add:menimbang", "remove:mengingat:0", "clause:text", "add:diktum[1].items", "search"):
        answer = _post(client, SEMARANG, _form(html), action)
        assert answer.status_code == 200
        html = answer.text
    assert (workspace / SEMARANG).read_bytes() == before


def test_posting_without_a_csrf_token_is_refused(workspace: Path) -> None:
    client = web_client(workspace)
    fields = [f for f in _form(client.get(f"/ubah/{SEMARANG}").text) if f[0] != "csrf_token"]
    assert _post(client, SEMARANG, fields).status_code == 403


@pytest.mark.parametrize("name", ["../x.yaml", "kab-semarang-2025.plan.yaml", "nope.yaml"])
def test_only_decrees_of_the_workspace_are_edited(workspace: Path, name: str) -> None:
    assert web_client(workspace).get(f"/ubah/{name}").status_code == 404


def test_hostile_text_is_escaped(workspace: Path) -> None:
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, "subject", '<script>alert(1)</script>"')
    answer = _post(client, SEMARANG, fields, "add:menimbang")
    assert "<script>alert(1)</script>" not in answer.text


def test_a_file_with_windows_line_ends_and_a_bom_keeps_them(workspace: Path) -> None:
    spec = workspace / SEMARANG
    original = b"\xef\xbb\xbf" + spec.read_bytes().replace(b"\n", b"\r\n")
    spec.write_bytes(original)
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    assert _post(client, SEMARANG, fields).status_code == 303
    assert spec.read_bytes() == original
    _set(fields, "signatory.name", "Anik Sholihatun")
    assert _post(client, SEMARANG, fields).status_code == 303
    assert spec.read_bytes() == original.replace(b"name: Bambang Setyono", b"name: Anik Sholihatun")


def test_text_that_looks_like_yaml_stays_text(workspace: Path) -> None:
    typed = "catatan: lihat #3 - \"kutipan\" dan 'petik' & { kurung }"
    after = _edit(workspace, SEMARANG, {"menimbang[1]": typed}, actions=("add:menimbang",))
    assert _saved(workspace / SEMARANG).menimbang[1] == typed
    assert "#3" in after


def test_a_moved_item_keeps_its_comment_and_the_list_its_last_lines(workspace: Path) -> None:
    after = _edit(workspace, SEMARANG, {}, actions=("down:mengingat:1", "up:menimbang:0", "cite:uu-12-2011"))
    assert "  - uu-7-2017             # as amended by Perppu 1/2022, enacted by UU 7/2023\n" \
           "  - uu-31-1999            # as amended by UU 20/2001\n" in after
    assert "  - kpu-kab-semarang-kep-11-2022\n  - uu-12-2011\n\ndiktum:\n" in after


def test_a_clause_added_goes_before_the_blank_line(workspace: Path) -> None:
    after = _edit(workspace, SEMARANG, {"diktum[3].text": "Keputusan ini disampaikan kepada KPU Provinsi."},
                  actions=("clause:text",))
    assert "  - kind: in_force\n  - kind: text\n    text: Keputusan ini disampaikan kepada KPU Provinsi.\n\n" \
           "signatory:\n" in after


def test_a_file_the_form_cannot_read_is_said_so(workspace: Path) -> None:
    spec = workspace / SEMARANG
    spec.write_text(spec.read_text() + "\n  broken: [\n")
    answer = web_client(workspace).get(f"/ubah/{SEMARANG}")
    assert answer.status_code == 409
    assert "belum dapat dibaca sebagai YAML" in answer.text


def test_a_problem_inside_a_lampiran_is_shown_at_its_field(workspace: Path) -> None:
    name = "kab-batang-2022.yaml"
    before = (workspace / name).read_bytes()
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{name}").text)
    _set(fields, "lampiran[0].blocks[0].heading", "")
    answer = _post(client, name, fields)
    assert answer.status_code == 400
    assert re.search(r'id="lampiran\[0\]\.blocks\[0\]\.heading-error">[^<]*kosong', answer.text)  # "is empty"
    assert '<a href="#lampiran[0].blocks[0].heading">' in answer.text
    assert (workspace / name).read_bytes() == before
    # a check of the decree as a whole is said at the field it concerns too
    fields = _form(client.get(f"/ubah/{name}").text)
    _set(fields, "diktum[2].until", "2021-05")
    answer = _post(client, name, fields)
    assert answer.status_code == 400
    assert "sebelum tanggal penetapannya sendiri" in page_text(answer.text)  # "before its own date"
    assert re.search(r'id="diktum\[2\]\.until-error">[^<]*sebelum tanggal penetapannya sendiri', answer.text)
    assert (workspace / name).read_bytes() == before


def test_a_file_too_large_for_the_form_is_said_so(workspace: Path) -> None:
    spec = workspace / SEMARANG
    spec.write_text(spec.read_text() + ("# " + "x" * 1000 + "\n") * 1100)
    answer = web_client(workspace).get(f"/ubah/{SEMARANG}")
    assert answer.status_code == 409
    assert "lebih besar dari 1 MB" in answer.text


def test_two_tabs_the_second_save_is_refused(workspace: Path) -> None:
    client = web_client(workspace)
    first = _form(client.get(f"/ubah/{SEMARANG}").text)
    second = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(first, "place", "Ungaran Barat")
    _set(second, "subject", "Rencana Aksi Tahun 2025")
    assert _post(client, SEMARANG, first).status_code == 303
    saved = (workspace / SEMARANG).read_bytes()
    assert _post(client, SEMARANG, second).status_code == 409
    assert (workspace / SEMARANG).read_bytes() == saved
    # the form opened again shows the first tab's change, and saving it again changes nothing
    again = _form(client.get(f"/ubah/{SEMARANG}").text)
    assert ["place", "Ungaran Barat"] in again
    assert _post(client, SEMARANG, again).status_code == 303
    assert (workspace / SEMARANG).read_bytes() == saved


def test_a_decree_with_its_own_template_beside_it_is_saved(workspace: Path) -> None:
    """The save checks the template a spec names beside the spec, as check does (it looked for it in the server's
    own folder, and refused every save of such a decree: "template not found")."""
    shutil.copy(ROOT / "templates" / "keputusan.docx", workspace / "kop.docx")
    spec = workspace / SEMARANG
    spec.write_text(spec.read_text().replace("\nsubject:", "\ntemplate: kop.docx\nsubject:", 1))
    assert check(spec).errors == ()
    after = _edit(workspace, SEMARANG, {"place": "Ungaran Barat"})
    assert "\ntemplate: kop.docx\n" in after and "\nplace: Ungaran Barat\n" in after


def test_the_pages_after_a_save_show_the_decree_as_a_new_workspace_reads_it(workspace: Path) -> None:
    """A save hands its check of the text it wrote to the pages that follow: they show what the file holds."""
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, "subject", "Rencana Aksi Pembangunan Zona Integritass di Lingkungan Komisi Pemilihan Umum")
    _set(fields, "signatory.name", "Anik Sholihatun")
    assert _post(client, SEMARANG, fields).status_code == 303
    for page in (f"/pratinjau/{SEMARANG}", "/", f"/ubah/{SEMARANG}"):
        shown, fresh = client.get(page), web_client(workspace).get(page)
        assert shown.status_code == fresh.status_code == 200
        assert page_text(shown.text) == page_text(fresh.text), page
    assert "Integritass" in page_text(client.get(f"/pratinjau/{SEMARANG}").text)


# ------------------------------------------------------------------------------------------------ accepted warnings

def test_accepted_warnings_are_edited_like_the_other_lists(workspace: Path) -> None:
    """The spec's `accepted:` list (issue 14 item 7) is a part of the form: an entry removed shows its warnings
    again, one added with code, field and reason accepts them, and the comments of the list stay."""
    client = web_client(workspace)
    spec = workspace / SEMARANG
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    codes = [value for name, value in fields if re.fullmatch(r"accepted\[\d+\]\.code", name)]
    assert codes and codes[0] == "component-old-name"
    assert check(spec).status == 0
    # Remove the first entry: the warnings it accepted are warnings again.
    page = _post(client, SEMARANG, fields, "remove:accepted:0")
    fields = _form(page.text)
    assert [v for n, v in fields if re.fullmatch(r"accepted\[\d+\]\.code", n)] == codes[1:]
    assert _post(client, SEMARANG, fields).status_code == 303
    result = check(spec)
    assert result.status == 1 and {p.code for p in result.warnings} == {"component-old-name"}
    assert len(result.warnings) == 3 and all((p.location.field or "").startswith("lampiran[0].areas[0].") for p in result.warnings)
    assert "# What check warns of in this decree" in spec.read_text(encoding="utf-8")  # the list's comment stays
    # Add one back, limited to area I, with its reason.
    fields = _form(_post(client, SEMARANG, _form(client.get(f"/ubah/{SEMARANG}").text), "add:accepted").text)
    last = len(codes) - 1
    _set(fields, f"accepted[{last}].code", "component-old-name")
    _set(fields, f"accepted[{last}].at", "lampiran[0].areas[0]")
    _set(fields, f"accepted[{last}].reason", "nama komponen mengikuti rencana 2022")
    assert _post(client, SEMARANG, fields).status_code == 303
    text = spec.read_text(encoding="utf-8")
    assert "  - code: component-old-name\n    at: lampiran[0].areas[0]\n    reason: nama komponen mengikuti rencana 2022\n" \
        in text
    assert check(spec).status == 0  # area I's old names accepted again
    # An error's code cannot be accepted: said beside the field, nothing written.
    before = spec.read_bytes()
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, f"accepted[{last}].code", "yaml-syntax")
    answer = _post(client, SEMARANG, fields)
    assert answer.status_code == 400 and spec.read_bytes() == before
    assert re.search(rf'(?s)id="accepted\[{last}\]\.code-error">[^<]*yaml-syntax', answer.text), answer.text


# ------------------------------------------------------------------------------------------------ reading once

def test_a_spec_opened_again_by_another_workspace_is_read_once_and_each_form_has_its_own_tree(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel's round trip (a second or more for a long lampiran on a slow PC) reads the same bytes once per
    process: a second workspace opening the same spec gets a copy of its own, which a save there may change
    without changing what the first opens or saves."""
    from zi_decree.base import roundtrip

    spec = SEMARANG
    (workspace / spec).write_bytes((workspace / spec).read_bytes() + b"# opened once\n")  # bytes no test read
    reads: list[int] = []
    real = roundtrip._parse
    monkeypatch.setattr(roundtrip, "_parse", lambda raw: reads.append(len(raw)) or real(raw))
    other = tmp_path / "other"
    shutil.copytree(workspace, other)
    first, second = web_client(workspace), web_client(other)
    page = first.get(f"/ubah/{spec}").text
    fields = _form(second.get(f"/ubah/{spec}").text)
    assert _fields(page) == [field for field in fields if field[0] != "csrf_token"]
    assert len(reads) == 1
    _set(fields, "subject", "Rencana Aksi yang Diubah")
    assert _post(second, spec, fields).status_code == 303
    assert "Rencana Aksi yang Diubah" in (other / spec).read_text(encoding="utf-8")
    before = (workspace / spec).read_bytes()
    assert _post(first, spec, _form(first.get(f"/ubah/{spec}").text)).status_code == 303  # unchanged: as read
    assert (workspace / spec).read_bytes() == before
    assert first.get(f"/ubah/{spec}").text == page
    assert len(reads) == 1


def _fields(page: str) -> list[list[str]]:
    """A form's fields but its session's CSRF token."""
    return [field for field in _form(page) if field[0] != "csrf_token"]


def test_the_edit_page_s_texts_make_no_copy_of_the_page_s_context(workspace: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each text of the page (a few thousand on a long lampiran's) is translated without Jinja copying the whole
    template context for it, which took a quarter of the page's time: the page is the same."""
    import jinja2.runtime

    client = web_client(workspace)
    spec = SEMARANG
    page = client.get(f"/ubah/{spec}").text
    copies: list[object] = []
    real = jinja2.runtime.Context.derived
    monkeypatch.setattr(jinja2.runtime.Context, "derived", lambda self, *a, **k: copies.append(1) or real(self, *a, **k))
    again = client.get(f"/ubah/{spec}").text
    assert again == page and "Turunkan" in page
    assert copies == []


def test_a_save_checks_the_text_it_writes_once(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save's check of the text (before it is written) is the check the pages after it show, the misspelling's
    place in the new text included: the decree is not checked again after the write."""
    from zi_decree.web import workspace as module

    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SEMARANG}").text)
    _set(fields, "subject", "Rencana Aksi Pembangunan Zona Integritass di Lingkungan Komisi Pemilihan Umum")
    checks: list[object] = []
    real = module.problems
    monkeypatch.setattr(module, "problems", lambda *a, **k: checks.append(1) or real(*a, **k))
    assert _post(client, SEMARANG, fields).status_code == 303
    preview = client.get(f"/pratinjau/{SEMARANG}").text
    assert len(checks) == 1
    line = next(n for n, text in enumerate((workspace / SEMARANG).read_text("utf-8").splitlines(), 1)
                if "Integritass" in text)
    assert re.search(rf"baris {line}, kolom \d+ · subject ejaan: 'Integritass'", page_text(preview))


def test_the_field_helpers_write_what_the_page_s_macros_wrote_escaped() -> None:
    """The error paragraphs, the described-by attributes and the origin fields of every control (editing.py's,
    once the page's macros): the same HTML, user text escaped."""
    from zi_decree.web.editing import described, errors_of, origin

    errors = {"subject": ["<b>kosong</b> & 'salah'"], "a<b": ["x"]}
    assert errors_of(errors, "subject") == ('<p class="error" id="subject-error">&lt;b&gt;kosong&lt;/b&gt; &amp; '
                                            '&#39;salah&#39;</p>')
    assert errors_of(errors, "a<b") == '<p class="error" id="a&lt;b-error">x</p>'
    assert errors_of(errors, "number") == ""
    assert described(errors, "subject", "bantuan") == \
        ' aria-describedby="subject-help subject-error" aria-invalid="true"'
    assert described(errors, "subject", "") == ' aria-describedby="subject-error" aria-invalid="true"'
    assert described(errors, "number", "bantuan") == ' aria-describedby="number-help"'
    assert described(errors, "number", "") == ""
    assert origin('menimbang[0]"', {"~": "<1>"}) == \
        '<input type="hidden" name="menimbang[0]&#34;~" value="&lt;1&gt;">'


def test_the_edit_form_opens_without_checking_the_decree_and_its_preview_checks_it_once(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The form needs the decree read (its catalogue and date), not check's problems (the spelling of every word):
    they are looked for when a page shows them, once."""
    from zi_decree.web import workspace as module

    checks: list[object] = []
    real = module.problems
    monkeypatch.setattr(module, "problems", lambda *a, **k: checks.append(1) or real(*a, **k))
    client = web_client(workspace)
    assert client.get(f"/ubah/{SEMARANG}").status_code == 200
    assert checks == []
    preview = page_text(client.get(f"/pratinjau/{SEMARANG}").text)
    assert "Peringatan yang diterima (25)" in preview
    assert page_text(client.get(f"/pratinjau/{SEMARANG}").text) == preview
    assert len(checks) == 1
