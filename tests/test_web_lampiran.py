"""The edit form's lampiran, over HTTP: a narrative lampiran's headings, paragraphs and lists (and the blocks under a
list's item) edited, added, removed and reordered; a lampiran added (narrative, or plan with an existing or a new
plan file) and removed after a confirmation, its plan file kept; problems beside their controls; comments kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from docx_text import docx_text
from test_web_edit import _comments, _form, _post, _saved, _set
from web_support import page_text, web_client
from zi_decree import check, render_package

BATANG = "kab-batang-2022.yaml"
SEMARANG = "kab-semarang-2025.yaml"
# Batang's LAMPIRAN I: block 3 is a list of two items, block 1 a paragraph, block 0 a heading.
LIST = "lampiran[0].blocks[3].list"


def _press(client, spec: str, html: str, *actions: str, **more: str) -> str:
    """Press the form's buttons one after another (nothing is written); the page after the last."""
    for action in actions:
        answer = _post(client, spec, _form(html), action, **more)
        assert answer.status_code == 200, page_text(answer.text)
        html = answer.text
    return html


def _save(client, spec: str, html: str, changes: dict[str, str], status: int = 303):
    fields = _form(html)
    for name, value in changes.items():
        _set(fields, name, value)
    answer = _post(client, spec, fields)
    assert answer.status_code == status, page_text(answer.text)
    return answer


def _docx(folder: Path, spec: str, tmp: Path) -> str:
    package = render_package(folder / spec, tmp / "out", formats=("docx",), variants=("salinan",), force=True)
    (path,) = [p for p in package.files if p.suffix == ".docx"]
    return docx_text(path.read_bytes())


def test_a_list_item_and_a_paragraph_edited_with_a_paragraph_added_under_an_item(workspace: Path,
                                                                                  tmp_path: Path) -> None:
    client = web_client(workspace)
    before = (workspace / BATANG).read_text()
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text,
                  f"block:paragraph:{LIST}.items[1].blocks")
    assert 'id="lampiran[0].blocks[3].list.items[1].blocks[0].paragraph"' in html
    _save(client, BATANG, html, {
        f"{LIST}.items[0].text": "Menyelaraskan instrumen Zona Integritas & <evaluasi> {{ reformasi }}, serta",
        f"{LIST}.items[1].blocks[0].paragraph": "Penyederhanaan dilakukan setiap triwulan.",
        "lampiran[0].blocks[1].paragraph": "Zona Integritas adalah predikat bagi instansi pemerintah.",
    })
    after = (workspace / BATANG).read_text()
    assert _comments(after) == _comments(before)
    assert ("            - Menyelaraskan instrumen Zona Integritas & <evaluasi> {{ reformasi }}, serta\n"
            "            - text: Penyederhanaan pada indikator proses dan indikator hasil yang lebih fokus dan "
            "akurat.\n"
            "              blocks:\n"
            "                - paragraph: Penyederhanaan dilakukan setiap triwulan.\n") in after
    # what was not edited keeps its folded lines
    assert "      - paragraph: >-\n          Dalam rangka mengakselerasi pencapaian sasaran hasil tersebut" in after
    lamp = _saved(workspace / BATANG).lampiran[0]
    item = lamp.blocks[3].list.items[1]
    assert item.blocks[0].paragraph == "Penyederhanaan dilakukan setiap triwulan."
    text = _docx(workspace, BATANG, tmp_path)
    assert "Menyelaraskan instrumen Zona Integritas & <evaluasi> {{ reformasi }}, serta" in text
    assert re.search(r"2\.\tPenyederhanaan pada indikator proses.*\n\s*Penyederhanaan dilakukan setiap triwulan\.",
                     text), text
    assert "Zona Integritas adalah predikat bagi instansi pemerintah." in text


def test_blocks_added_reordered_and_removed_and_a_list_lettered(workspace: Path) -> None:
    client = web_client(workspace)
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text,
                  "block:heading:lampiran[0].blocks", "remove:lampiran[0].blocks:2", "up:lampiran[0].blocks:2",
                  f"add:{LIST.replace('[3]', '[2]')}.items", f"down:{LIST.replace('[3]', '[2]')}.items:0")
    # block 3 (a list) moved up to 2 (block 2, a paragraph, removed): its new item is first, then its two
    blocks = len(_saved(workspace / BATANG).lampiran[0].blocks)
    _save(client, BATANG, html, {
        "lampiran[0].blocks[1].list.items[0].text": "Butir baru di depan.",
        "lampiran[0].blocks[1].list.style": "lettered",
        f"lampiran[0].blocks[{blocks - 1}].heading": "PENUTUP",
    })
    lamp = _saved(workspace / BATANG).lampiran[0]
    assert len(lamp.blocks) == blocks  # one removed, one added
    listed = lamp.blocks[1].list
    assert listed.style == "lettered"
    assert listed.items[0].text == "Butir baru di depan."
    assert listed.items[1].text.startswith("Penyederhanaan pada indikator")
    assert lamp.blocks[2].paragraph.startswith("Zona Integritas adalah predikat")
    assert lamp.blocks[-1].heading == "PENUTUP"


def test_a_narrative_lampiran_added_as_lampiran_ii(workspace: Path, tmp_path: Path) -> None:
    client = web_client(workspace)
    html = client.get(f"/ubah/{SEMARANG}").text
    html = _press(client, SEMARANG, html, "lampiran", **{"~lampiran": "narrative"})
    html = _press(client, SEMARANG, html, "block:list:lampiran[1].blocks")
    _save(client, SEMARANG, html, {"lampiran[1].title": "Uraian Tugas Tim",
                                   "lampiran[1].blocks[0].paragraph": "Tim bertugas:",
                                   "lampiran[1].blocks[1].list.items[0].text": "menyusun rencana aksi;"})
    k = _saved(workspace / SEMARANG)
    assert [lamp.kind for lamp in k.lampiran] == ["plan", "narrative"]
    text = _docx(workspace, SEMARANG, tmp_path)
    assert "LAMPIRAN II" in text and "URAIAN TUGAS TIM" in text and "1.\tmenyusun rencana aksi;" in text
    assert "sebagaimana tercantum dalam Lampiran I dan Lampiran II yang merupakan" in " ".join(text.split())


def test_a_plan_lampiran_added_with_a_new_plan_file_then_filled_on_the_plan_page(workspace: Path) -> None:
    client = web_client(workspace)
    html = client.get(f"/ubah/{SEMARANG}").text
    assert "Rencana baru: kab-semarang-2025-2.plan.yaml" in page_text(html)  # the usual name is taken
    html = _press(client, SEMARANG, html, "lampiran", **{"~lampiran": "plan", "~plan": "~new"})
    assert 'id="lampiran[1].title"' in html
    assert "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS KOMISI PEMILIHAN UMUM KABUPATEN SEMARANG TAHUN 2025" in html
    _save(client, SEMARANG, html, {})
    plan = workspace / "kab-semarang-2025-2.plan.yaml"
    assert plan.is_file() and "areas:" in plan.read_text()
    assert "    plan: kab-semarang-2025-2.plan.yaml\n" in (workspace / SEMARANG).read_text()
    # its empty rows are the plan page's to fill: check names them in the new plan file
    result = check(workspace / SEMARANG)
    assert result.problems and all(p.location.file is None or Path(p.location.file).name != SEMARANG
                                   for p in result.problems if p.severity == "error")
    assert {Path(p.location.file).name for p in result.problems if p.severity == "error"} == {plan.name}
    # the plan pages take the first plan lampiran, as before
    assert client.get(f"/rencana/{SEMARANG}").status_code == 200


def test_a_plan_lampiran_added_with_a_plan_file_of_the_workspace(workspace: Path) -> None:
    client = web_client(workspace)
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text, "lampiran",
                  **{"~lampiran": "plan", "~plan": "kota-surakarta-2025.plan.yaml"})
    _save(client, BATANG, html, {"lampiran[2].title": "Rencana Aksi Kedua"})
    k = _saved(workspace / BATANG)
    assert [lamp.kind for lamp in k.lampiran] == ["narrative", "plan", "plan"]
    assert "    plan: kota-surakarta-2025.plan.yaml\n" in (workspace / BATANG).read_text()
    assert sorted(p.name for p in workspace.glob("*.plan.yaml")) == [
        "jawa-tengah-2025.plan.yaml", "kab-semarang-2025.plan.yaml", "kota-surakarta-2025.plan.yaml"]


def test_a_lampiran_removed_only_after_confirming_and_its_plan_file_kept(workspace: Path) -> None:
    client = web_client(workspace)
    before = (workspace / SEMARANG).read_bytes()
    html = client.get(f"/ubah/{SEMARANG}").text
    asked = _press(client, SEMARANG, html, "confirm:lampiran:0")
    assert "Hapus Lampiran I “RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS" in page_text(asked)
    assert "Berkas rencana kab-semarang-2025.plan.yaml tidak dihapus." in page_text(asked)
    assert 'id="lampiran[0].title"' in asked  # still there: asking removes nothing
    kept = _press(client, SEMARANG, asked, "keep")
    assert 'value="confirm:lampiran:0"' in kept and 'id="lampiran[0].title"' in kept
    removed = _press(client, SEMARANG, asked, "remove:lampiran:0")
    assert 'id="lampiran[0].title"' not in removed
    assert "Keputusan ini belum mempunyai lampiran." in page_text(removed)
    # the adopt clause refers to a lampiran: refused, located, nothing written
    answer = _save(client, SEMARANG, removed, {}, status=400)
    assert re.search(r'<fieldset class="sub" id="diktum\[0\]">\s*<legend>KESATU: Menetapkan rencana aksi.*\s*.*\s*.*\s*'
                     r'<p class="error" id="diktum\[0\]-error">', answer.text), answer.text
    assert 'href="#diktum[0]"' in answer.text
    assert "diktum penetapan merujuk pada lampiran, tetapi keputusan tidak memiliki lampiran" in \
        page_text(answer.text)  # (the workspace speaks Indonesian)
    assert (workspace / SEMARANG).read_bytes() == before
    # with a narrative lampiran instead, the save goes through; the plan file stays
    html = _press(client, SEMARANG, removed, "lampiran", **{"~lampiran": "narrative"})
    _save(client, SEMARANG, html, {"lampiran[0].blocks[0].paragraph": "Uraian rencana aksi."})
    k = _saved(workspace / SEMARANG)
    assert [lamp.kind for lamp in k.lampiran] == ["narrative"]
    assert (workspace / "kab-semarang-2025.plan.yaml").is_file()
    # the plan page says the decree has no plan lampiran (no traceback)
    page = client.get(f"/rencana/{SEMARANG}")
    assert page.status_code in (200, 404)
    assert "tidak mempunyai lampiran rencana aksi" in page_text(page.text)


def test_bad_block_input_is_located_beside_its_control(workspace: Path) -> None:
    client = web_client(workspace)
    before = (workspace / BATANG).read_bytes()
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text, "remove:lampiran[0].blocks[5].list.items:0")
    answer = _save(client, BATANG, html, {"lampiran[0].blocks[1].paragraph": "",
                                          f"{LIST}.items[0].text": ""}, status=400)
    assert (workspace / BATANG).read_bytes() == before
    for field in ("lampiran[0].blocks[1].paragraph", f"{LIST}.items[0].text"):
        assert f'id="{field}-error"' in answer.text, field
        assert re.search(rf'<(?:textarea|input)[^>]*id="{re.escape(field)}"[^>]*aria-invalid="true"', answer.text)
        assert f'href="#{field}"' in answer.text
    # a problem's link opens the form at the control
    for field in (f"{LIST}.items[0].text", f"{LIST}.items[0]"):  # (check names an item written as text alone so)
        link = client.get(f"/ubah/{BATANG}?bidang={field}")
        assert unquote(link.headers["location"]) == f"/ubah/{BATANG}#{LIST}.items[0].text"


def test_a_list_left_without_items_is_refused_at_the_list(workspace: Path) -> None:
    client = web_client(workspace)
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text, f"remove:{LIST}.items:0",
                  f"remove:{LIST}.items:0")
    answer = _save(client, BATANG, html, {}, status=400)
    assert 'id="lampiran[0].blocks[3]-error"' in answer.text or f'id="{LIST}.items-error"' in answer.text


def test_a_block_edit_over_a_file_changed_elsewhere_is_refused_with_the_typed_text_kept(workspace: Path) -> None:
    client = web_client(workspace)
    html = client.get(f"/ubah/{BATANG}").text
    (workspace / BATANG).write_text((workspace / BATANG).read_text() + "# edited elsewhere\n")
    changed = (workspace / BATANG).read_bytes()
    answer = _save(client, BATANG, html, {f"{LIST}.items[1].text": "Teks yang diketik"}, status=409)
    assert "Teks yang diketik" in answer.text
    assert (workspace / BATANG).read_bytes() == changed


def _pages_answer(client, spec: str) -> None:
    """The decree's pages, the plan's among them, answer without an internal error."""
    for page in (f"/pratinjau/{spec}", f"/rencana/{spec}", f"/rencana-templat/{spec}", f"/rencana-unduh/{spec}",
                 f"/ubah/{spec}"):
        answer = client.get(page)
        assert answer.status_code < 500, (page, page_text(answer.text))


def test_a_decree_without_lampiran_or_with_two_plan_lampiran_keeps_its_pages(workspace: Path) -> None:
    client = web_client(workspace)
    # two plan lampiran: the plan pages take the first
    html = _press(client, SEMARANG, client.get(f"/ubah/{SEMARANG}").text, "lampiran",
                  **{"~lampiran": "plan", "~plan": "kota-surakarta-2025.plan.yaml"})
    _save(client, SEMARANG, html, {})
    assert [lamp.kind for lamp in _saved(workspace / SEMARANG).lampiran] == ["plan", "plan"]
    _pages_answer(client, SEMARANG)
    assert client.get(f"/rencana/{SEMARANG}").status_code == 200
    # no lampiran at all (and no adopt clause referring to one)
    html = _press(client, SEMARANG, client.get(f"/ubah/{SEMARANG}").text, "remove:lampiran:1", "remove:lampiran:0",
                  "remove:diktum:0")
    _save(client, SEMARANG, html, {})
    assert _saved(workspace / SEMARANG).lampiran == []
    assert "lampiran:" not in (workspace / SEMARANG).read_text()
    _pages_answer(client, SEMARANG)
    assert "tidak mempunyai lampiran rencana aksi" in page_text(client.get(f"/rencana/{SEMARANG}").text)
    assert sorted(p.name for p in workspace.glob("*.plan.yaml")) == [
        "jawa-tengah-2025.plan.yaml", "kab-semarang-2025.plan.yaml", "kota-surakarta-2025.plan.yaml"]


def test_a_new_plan_file_is_only_made_beside_the_spec_and_never_over_a_file(workspace: Path) -> None:
    client = web_client(workspace)
    html = _press(client, SEMARANG, client.get(f"/ubah/{SEMARANG}").text, "lampiran",
                  **{"~lampiran": "plan", "~plan": "~new"})
    before = (workspace / "kota-surakarta-2025.plan.yaml").read_bytes()
    for name in ("../luar.plan.yaml", "kota-surakarta-2025.plan.yaml", "kab-semarang-2025.yaml"):
        fields = _form(html)
        _set(fields, "lampiran[1].plan", name)
        answer = _post(client, SEMARANG, fields)
        assert answer.status_code in (303, 400), page_text(answer.text)
        assert not (workspace.parent / "luar.plan.yaml").exists()
        assert (workspace / "kota-surakarta-2025.plan.yaml").read_bytes() == before
        if answer.status_code == 303:
            html = _press(client, SEMARANG, client.get(f"/ubah/{SEMARANG}").text, "remove:lampiran:1")
            _save(client, SEMARANG, html, {})
            html = _press(client, SEMARANG, client.get(f"/ubah/{SEMARANG}").text, "lampiran",
                          **{"~lampiran": "plan", "~plan": "~new"})
    assert (workspace / SEMARANG).read_text().count("kind: plan") == 1


def test_comments_and_blank_lines_between_items_go_with_the_item_they_lead_to(workspace: Path) -> None:
    client = web_client(workspace)
    before = (workspace / BATANG).read_text()
    # a lampiran added at the end and moved up between I and II; a heading after a list of folded texts moved up
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text, "lampiran", "down:lampiran:1",
                  "up:lampiran[0].blocks:9", **{"~lampiran": "narrative"})
    _save(client, BATANG, html, {"lampiran[1].blocks[0].paragraph": "Uraian baru."})
    after = (workspace / BATANG).read_text()
    assert sorted(_comments(after)) == sorted(_comments(before))
    assert ("  - kind: narrative\n    blocks:\n      - paragraph: Uraian baru.\n\n"
            "  # -----------------------------------------------------------------------------------------------\n"
            "  # LAMPIRAN II: the plan table\n") in after
    assert ("      - heading: DASAR HUKUM\n\n      - heading: PROSES PEMBANGUNAN ZONA INTEGRITAS MENUJU WBK/WBBM\n"
            "      - list:\n") in after
    assert "              Pemerintah.\n      - paragraph: >-\n          Dalam pembangunan Zona Integritas" in after
    assert len(after.splitlines()) == len(before.splitlines()) + 3  # the new lampiran's lines, nothing lost


def test_a_narrative_lampiran_with_no_blocks_yet_gets_its_first(workspace: Path) -> None:
    spec = workspace / SEMARANG
    spec.write_text(spec.read_text() + "  - kind: narrative\n    blocks: []\n")
    client = web_client(workspace)
    page = client.get(f"/ubah/{SEMARANG}")
    assert page.status_code == 200
    html = _press(client, SEMARANG, page.text, "block:heading:lampiran[1].blocks")
    _save(client, SEMARANG, html, {"lampiran[1].blocks[0].heading": "PENDAHULUAN"})
    assert _saved(spec).lampiran[1].blocks[0].heading == "PENDAHULUAN"


def test_the_form_opened_after_a_save_saves_as_one_opened_from_the_file(workspace: Path, tmp_path: Path) -> None:
    """The form opened after a save is built from the tree the save wrote (not read again): unchanged, it writes
    nothing; changed, it writes what a form opened from the file writes."""
    fresh = tmp_path / "fresh"
    client = web_client(workspace)
    html = _press(client, BATANG, client.get(f"/ubah/{BATANG}").text, "lampiran", "down:lampiran:1",
                  f"block:list:{LIST}.items[0].blocks", **{"~lampiran": "narrative"})
    _save(client, BATANG, html, {"lampiran[1].blocks[0].paragraph": "Uraian baru.",
                                 f"{LIST}.items[0].blocks[0].list.items[0].text": "anak butir"})
    shutil.copytree(workspace, fresh)
    saved = workspace / BATANG
    stamp = saved.stat().st_mtime_ns
    _save(client, BATANG, client.get(f"/ubah/{BATANG}").text, {})
    assert saved.stat().st_mtime_ns == stamp  # unchanged: nothing written
    changes = {f"{LIST}.items[0].blocks[0].list.items[0].text": "anak butir yang diubah",
               f"{LIST}.items[0].blocks[0].list.items[1].text": "butir kedua",
               "lampiran[2].blocks[0].paragraph": "Uraian yang diubah.", "subject": "Rencana Aksi Baru"}
    actions = ("down:lampiran:1", f"add:{LIST}.items[0].blocks[0].list.items")
    for other in (client, web_client(fresh)):
        _save(other, BATANG, _press(other, BATANG, other.get(f"/ubah/{BATANG}").text, *actions), changes)
    assert saved.read_bytes() == (fresh / BATANG).read_bytes()
    assert "anak butir yang diubah" in saved.read_text()


def test_a_posted_name_nested_beyond_any_lampiran_is_no_field(workspace: Path) -> None:
    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{BATANG}").text)
    deep = "lampiran[0].blocks[3]" + ".list.items[0].blocks[0]" * 300
    before = (workspace / BATANG).read_bytes()
    for action in (f"block:paragraph:{deep}.list.items[0].blocks", "save"):
        answer = _post(client, BATANG, [*fields, [f"{deep}.paragraph", "x"], [f"{deep}~", ""]], action)
        assert answer.status_code in (200, 303), page_text(answer.text)
    assert (workspace / BATANG).read_bytes() == before


def test_a_decree_s_only_plan_lampiran_replaced_by_a_new_plan_is_filled_on_the_plan_page(workspace: Path) -> None:
    client = web_client(workspace)
    html = _press(client, SEMARANG, client.get(f"/ubah/{SEMARANG}").text, "remove:lampiran:0", "lampiran",
                  **{"~lampiran": "plan", "~plan": "~new"})
    _save(client, SEMARANG, html, {})
    assert (workspace / "kab-semarang-2025.plan.yaml").is_file()  # the old plan file stays
    plan = client.get(f"/rencana/{SEMARANG}")
    assert plan.status_code == 200
    assert "kab-semarang-2025-2.plan.yaml" in page_text(plan.text)  # the upload goes into the new plan file
