"""The workspace's plan page over HTTP: the workbook downloaded and uploaded, problems at their cells, coverage."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from web_support import csrf_token, page_text, web_client
from zi_decree.errors import Location, Problem
from zi_decree.loading.spec import load, load_plan
from zi_decree.web.planning import problem_href, workbook_grid
from zi_decree.web.workspace import Workspace

SPEC = "kota-surakarta-2025.yaml"
PLAN = "kota-surakarta-2025.plan.yaml"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _upload(client: TestClient, data: bytes, name: str = SPEC, filename: str = "rencana.xlsx"):
    return client.post(f"/rencana/{name}", data={"csrf_token": csrf_token(client, f"/rencana/{SPEC}")},
                       files={"berkas": (filename, data, "application/octet-stream")})


def _edited(workbook: bytes, **cells: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    for ref, value in cells.items():
        book["Rencana Aksi"][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _current(client: TestClient, name: str = SPEC) -> bytes:
    answer = client.get(f"/rencana-unduh/{name}")
    assert answer.status_code == 200, answer.text
    assert "spreadsheetml" in answer.headers["content-type"]
    return answer.content


# ------------------------------------------------------------------------------------------------ downloads

def test_the_template_and_the_current_plan_download_as_workbooks(workspace: Path, tmp_path: Path) -> None:
    client = web_client(workspace)
    page = client.get(f"/rencana/{SPEC}")
    assert page.status_code == 200
    assert f'href="/rencana-templat/{SPEC}"' in page.text and f'href="/rencana-unduh/{SPEC}"' in page.text

    template = client.get(f"/rencana-templat/{SPEC}")
    assert template.status_code == 200
    assert 'filename="templat-rencana-aksi-2025.xlsx"' in template.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert "Rencana Aksi" in book.sheetnames and "Pengaturan" in book.sheetnames
    values = [c for row in book["Daftar"].iter_rows(values_only=True) for c in row if c]
    assert "Manajemen Perubahan" in " ".join(map(str, values))  # the guideline's areas, to pick from

    current = client.get(f"/rencana-unduh/{SPEC}")
    assert 'filename="kota-surakarta-2025.plan.xlsx"' in current.headers["content-disposition"]
    saved = tmp_path / "current.xlsx"
    saved.write_bytes(current.content)
    # The workbook holds the decree's plan: read back, it is the plan the spec uses.
    assert load_plan(saved).lampiran.areas == load(workspace / SPEC).keputusan.lampiran[0].areas
    assert client.get(f"/rencana-unduh/{SPEC}").content == current.content  # same bytes each time


def test_a_plan_that_cannot_be_read_yet_offers_the_template(workspace: Path) -> None:
    client = web_client(workspace)
    (workspace / PLAN).write_text("areas: []\n", "utf-8")
    page = client.get(f"/rencana/{SPEC}")
    assert "belum dapat diunduh sebagai buku kerja" in page.text and "/rencana-unduh/" not in page.text
    answer = client.get(f"/rencana-unduh/{SPEC}")
    assert answer.status_code == 409 and "Rencana saat ini belum dapat dijadikan buku kerja" in answer.text


def test_a_decree_without_a_plan_file_offers_no_upload(workspace: Path) -> None:
    client = web_client(workspace)
    page = client.get("/rencana/kab-batang-2022.yaml")
    assert page.status_code == 200
    assert "ditulis di dalam berkas spesifikasinya" in page.text and 'type="file"' not in page.text
    # The plan's problems (of its lampiran, in the spec) are listed; those of the rest of the decree are not.
    problems = re.findall(r'<li class="problem [a-z]+" id="m-\d+">.*?<code>([^<]*)</code>', page.text, re.S)
    assert problems and all(field.startswith("lampiran[1]") for field in problems)
    before = _files(workspace)
    answer = _upload(client, _current(client), "kab-batang-2022.yaml")
    assert answer.status_code == 409 and "Tidak ada berkas yang ditulis." in answer.text
    assert _files(workspace) == before


def test_the_upload_control_has_a_visible_label(workspace: Path) -> None:
    page = web_client(workspace).get(f"/rencana/{SPEC}").text
    controls = re.findall(r"<(?:input|select|textarea)\b[^>]*>", page)
    shown = [c for c in controls if 'type="hidden"' not in c]
    assert len(shown) == 1 and 'id="berkas"' in shown[0] and 'type="file"' in shown[0]
    assert re.search(r'<label for="berkas">Buku kerja rencana \(\.xlsx\)</label>', page)
    assert 'tabindex="1' not in page


# ------------------------------------------------------------------------------------------------ uploads

@pytest.mark.parametrize("named", ["kab-semarang-2025.yaml", "offices.csv"])
def test_an_upload_never_replaces_a_file_that_is_no_plan_file(workspace: Path, named: str) -> None:
    client = web_client(workspace)
    workbook = _current(client)
    (workspace / "offices.csv").write_text("kantor\n", "utf-8")
    spec = workspace / SPEC
    spec.write_text(spec.read_text("utf-8").replace(f"plan: {PLAN}", f"plan: {named}"), "utf-8")
    before = _files(workspace)
    answer = _upload(client, workbook)
    assert answer.status_code == 409 and "Rencana tidak disimpan" in answer.text
    assert "tidak ada yang ditulis" in answer.text and "nothing was written" not in answer.text  # in Indonesian
    assert _files(workspace) == before


def test_a_good_upload_replaces_the_plan_and_the_check_follows(workspace: Path) -> None:
    client = web_client(workspace)
    good = _edited(_current(client), D4="Menerbitkan SK Tim Pembangunan Zona Integritas (diperbarui).")
    old = (workspace / PLAN).read_bytes()
    # The plan file is broken first: the decree has errors, and no preview.
    (workspace / PLAN).write_text("areas: []\n", "utf-8")
    row = re.search(r"(?s)<tr>\s*<td><a href=\"/pratinjau/kota-surakarta-2025.yaml\">.*?</tr>", client.get("/").text)
    assert row and "kesalahan" in row.group(0)

    answer = _upload(client, good)
    assert answer.status_code == 200
    text = page_text(answer.text)
    assert "Rencana diperbarui dari rencana.xlsx" in text
    assert f"Ditulis ke {PLAN} . Berkas sebelumnya disimpan sebagai {PLAN}.bak ." in text
    assert (workspace / f"{PLAN}.bak").read_text("utf-8") == "areas: []\n"  # the old file is kept
    assert "(diperbarui)" in (workspace / PLAN).read_text("utf-8")
    assert (workspace / PLAN).read_bytes() != old
    # The check follows the new plan: no errors, the lampiran table shows the new text.
    row = re.search(r"(?s)<tr>\s*<td><a href=\"/pratinjau/kota-surakarta-2025.yaml\">.*?</tr>", client.get("/").text)
    assert row and "kesalahan" not in row.group(0)
    assert "(diperbarui)" in page_text(client.get(f"/pratinjau/{SPEC}").text)
    page = client.get(f"/rencana/{SPEC}")
    assert 'class="table plan"' in page.text and "(diperbarui)" in page.text


def test_an_upload_with_a_bad_cell_shows_it_at_its_cell_and_writes_nothing(workspace: Path) -> None:
    client = web_client(workspace)
    bad = _edited(_current(client), F5="=DATE(2025,6,1)", G4="<script>alert(1)</script>")
    before = _files(workspace)
    answer = _upload(client, bad, filename="Rencana Aksi 2025.xlsx")
    assert answer.status_code == 400
    text = page_text(answer.text)
    assert "Buku kerja Rencana Aksi 2025.xlsx tidak disimpan" in text
    assert "Berkas di folder kerja tidak berubah" in text
    # "holds a formula", as the workspace says it (in Indonesian)
    assert "Rencana Aksi 2025.xlsx, lembar Rencana Aksi, baris 5, kolom F · TARGET WAKTU memuat rumus" in text
    # The cell is highlighted in the sheet as Excel shows it, with the problem's number linking to its message.
    cell = re.search(r'<td id="unggah-sel-Rencana-Aksi-F5"[^>]*>(.*?)</td>', answer.text)
    assert cell, answer.text
    assert 'class="has-error"' in cell.group(0)
    assert '<a class="mark error" href="#unggah-m-1"' in cell.group(1) and "=DATE(2025,6,1)" in cell.group(1)
    assert 'id="unggah-m-1"' in answer.text and 'href="#unggah-sel-Rencana-Aksi-F5"' in answer.text
    assert "<script>alert" not in answer.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text
    assert _files(workspace) == before  # nothing written, no backup made


def test_uploads_that_are_not_workbooks_are_refused_and_write_nothing(workspace: Path) -> None:
    client = web_client(workspace)
    before = _files(workspace)
    answer = _upload(client, b"AREA PERUBAHAN;KOMPONEN\n", filename="rencana.xlsx")
    assert answer.status_code == 400
    assert "bukan buku kerja Excel (berkas .xlsx merupakan arsip zip)" in page_text(answer.text)
    # A zip bomb: a part that would unpack to 65 MiB is refused before it is read.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 2**20))
    assert len(bomb.getvalue()) < 2**20
    answer = _upload(client, bomb.getvalue(), filename="bom.xlsx")
    assert answer.status_code == 400 and "MiB tanpa kompresi;" in answer.text
    # No file chosen.
    answer = client.post(f"/rencana/{SPEC}", data={"csrf_token": csrf_token(client, f"/rencana/{SPEC}")},
                         files={"berkas": ("", b"", "application/octet-stream")})
    assert answer.status_code == 400 and "Pilih dulu berkas buku kerja" in answer.text
    assert _files(workspace) == before


def test_an_upload_beyond_the_limit_is_refused_with_413(workspace: Path) -> None:
    client = web_client(workspace, max_body=64 * 1024)
    big = _current(client)
    big = big + b"\0" * (64 * 1024)
    before = _files(workspace)
    answer = _upload(client, big)
    assert answer.status_code == 413 and "Berkas atau isian terlalu besar: paling besar 64 KiB." in answer.text
    assert _files(workspace) == before


def test_an_upload_needs_the__csrf(workspace: Path) -> None:
    client = web_client(workspace)
    before = _files(workspace)
    answer = client.post(f"/rencana/{SPEC}", files={"berkas": ("r.xlsx", _current(client))})
    assert answer.status_code == 403
    assert _files(workspace) == before


# ------------------------------------------------------------------------------------------------ a workbook plan

def test_a_workbook_plan_is_replaced_and_its_problems_link_to_their_cells(workspace: Path) -> None:
    client = web_client(workspace)
    workbook = _current(client)
    (workspace / "kota-surakarta-2025.plan.xlsx").write_bytes(workbook)
    spec = workspace / SPEC
    spec.write_text(spec.read_text("utf-8").replace(f"plan: {PLAN}", "plan: kota-surakarta-2025.plan.xlsx"), "utf-8")
    page = client.get(f"/rencana/{SPEC}")
    assert "Buku kerja yang diunggah menggantikan berkas itu." in page_text(page.text)

    # A schedule that cannot be read is a warning: the workbook is stored, the warning shown at its cell.
    odd = _edited(workbook, F5="Bulan Purnama")
    answer = _upload(client, odd)
    assert answer.status_code == 200
    assert (workspace / "kota-surakarta-2025.plan.xlsx").read_bytes() == odd
    assert (workspace / "kota-surakarta-2025.plan.xlsx.bak").read_bytes() == workbook
    page = client.get(f"/rencana/{SPEC}")
    cell = re.search(r'<td id="sel-Rencana-Aksi-F5"[^>]*>(.*?)</td>', page.text)
    assert cell and 'class="has-warning"' in cell.group(0) and "Bulan Purnama" in cell.group(1)
    # The preview's problem links to that cell of the plan page.
    preview = client.get(f"/pratinjau/{SPEC}").text
    link = re.search(r'<a href="(/rencana/kota-surakarta-2025.yaml#sel-Rencana-Aksi-F5)">([^<]*)', preview)
    assert link and "lembar Rencana Aksi, baris 5, kolom F" in link.group(2)

    # The check's errors of the stored workbook are shown there too (a cell changed in Excel).
    (workspace / "kota-surakarta-2025.plan.xlsx").write_bytes(_edited(workbook, C5="=B5"))
    page = client.get(f"/rencana/{SPEC}")
    cell = re.search(r'<td id="sel-Rencana-Aksi-C5"[^>]*>', page.text)
    assert cell and 'class="has-error"' in cell.group(0)
    assert "1 kesalahan" in page_text(page.text)

    # A problem on another sheet (Pengaturan) is not in the plan sheet's grid: its message carries the cell's
    # anchor, so that the preview's link still arrives at it.
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    book["Pengaturan"]["B4"] = "Mungkin"
    out = io.BytesIO()
    book.save(out)
    (workspace / "kota-surakarta-2025.plan.xlsx").write_bytes(out.getvalue())
    preview = client.get(f"/pratinjau/{SPEC}").text
    assert 'href="/rencana/kota-surakarta-2025.yaml#sel-Pengaturan-B4"' in preview
    page = client.get(f"/rencana/{SPEC}").text
    assert re.search(r'<li class="problem error" id="m-1">\s*<span class="number" id="sel-Pengaturan-B4">1</span>',
                     page)


def test_a_problem_in_a_merged_range_is_shown_at_the_range_s_cell(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(_current(web_client(workspace)))
    # The exported workbook merges the area's cell down its rows (A4:A...); a problem said at A6 is shown at A4.
    at = Problem("x", Location(str(path), 6, "A", None, "Rencana Aksi"), "warning", code="spelling-unknown")
    far = Problem("y", Location(str(path), 9000, "A", None, "Rencana Aksi"), code="file-too-large")
    grid = workbook_grid(path, [at, far])
    assert grid is not None
    assert grid.placed == {1: "sel-Rencana-Aksi-A4"} and grid.elsewhere == [2]
    cells = {cell.anchor: cell for _, _, row in grid.rows for cell in row}
    assert cells["sel-Rencana-Aksi-A4"].problems == [1] and cells["sel-Rencana-Aksi-A4"].rowspan > 2
    assert "sel-Rencana-Aksi-A6" not in cells and len(grid.rows) < 200


# ------------------------------------------------------------------------------------------------ coverage, links

def test_the_coverage_is_shown_area_by_area(workspace: Path) -> None:
    text = page_text(web_client(workspace).get(f"/rencana/{SPEC}").text)
    assert "Cakupan pedoman Zona Integritas" in text
    assert "Menurut PermenPANRB" in text
    for area in ("Manajemen Perubahan", "Penataan Tata Laksana", "Peningkatan Kualitas Pelayanan Publik"):
        assert area in text
    assert re.search(r"Manajemen Perubahan — \d+ dari \d+ komponen", text)


def test_problems_of_the_spec_link_to_their_field_on_the_edit_page(workspace: Path) -> None:
    ws = Workspace(workspace)
    problem = Problem("x", Location(str(workspace / SPEC), 12, 3, "menimbang[0]"), code="spelling-unknown")
    assert problem_href(ws, SPEC, problem, True) == f"/ubah/{SPEC}?bidang=menimbang%5B0%5D"
    # Without the edit pages in the application, no link to a page that is not there.
    assert problem_href(ws, SPEC, problem, False) is None
    client = web_client(workspace)
    # The link opens the edit page at the field's control (its id is the field's name) ...
    moved = client.get(f"/ubah/{SPEC}?bidang=menimbang%5B0%5D", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/ubah/{SPEC}#menimbang%5B0%5D"
    assert 'id="menimbang[0]"' in client.get(f"/ubah/{SPEC}").text
    # ... or, for a field the form does not show on its own, at the nearest part that holds it.
    deep = client.get(f"/ubah/{SPEC}?bidang=signatory.name.x", follow_redirects=False)
    assert deep.headers["location"] == f"/ubah/{SPEC}#signatory.name"
    assert 'id="signatory.name"' in client.get(f"/ubah/{SPEC}").text
    # A problem of the plan file (not of the spec) goes to the plan page, which lists it.
    elsewhere = Problem("x", Location(str(workspace / PLAN), 4, 1, "lampiran[0].areas[0].name"), code="spelling-unknown")
    assert problem_href(ws, SPEC, elsewhere, True) == f"/rencana/{SPEC}#masalah"
    preview = client.get(f"/pratinjau/{SPEC}").text
    link = re.search(r'<a href="/rencana/kota-surakarta-2025.yaml#masalah">kota-surakarta-2025.plan.yaml, baris (\d+)',
                     preview)
    assert link
    assert f"kota-surakarta-2025.plan.yaml, baris {link.group(1)}" in client.get(f"/rencana/{SPEC}").text


# ------------------------------------------------------------------------------------------------ the zip

def test_the_package_zip_is_the_same_bytes_for_the_same_package(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client, f"/rencana/{SPEC}")
    assert client.post(f"/paket/{SPEC}", data={"csrf_token": token}).status_code == 303
    first = client.get(f"/unduh/semua.zip/{SPEC}").content
    # Rendered again from the same spec, a moment later: the same zip, byte for byte.
    assert client.post(f"/paket/{SPEC}", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/unduh/semua.zip/{SPEC}").content == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert len({info.date_time for info in z.infolist()}) == 1
