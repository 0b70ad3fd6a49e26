"""The plan through Excel in a real browser (Playwright driving Debian's Chromium) against `zi-decree serve`: the
plan downloaded as a workbook, edited with one bad cell, uploaded, the problem seen at its cell, fixed and uploaded
again, then the preview and the package, whose DOCX holds the edited plan.

With ZI_DECREE_SCREENSHOTS set (see tests/test_browser.py), the plan page's screenshots are written there.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from conftest import EXAMPLES
from docx_text import docx_text
from test_browser import _shoot, page, served  # noqa: F401 (the fixtures of the browser tests)

EDITED = "Menerbitkan SK Tim Pembangunan Zona Integritas Kota Surakarta tahun 2025."


def _edit(path: Path, **cells: str) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book["Rencana Aksi"][ref] = value
    book.save(path)


def test_the_plan_through_excel(served, page, tmp_path: Path) -> None:  # noqa: F811 (fixtures)
    from playwright.sync_api import expect

    from zi_decree.tasks.plans import export_plan

    url, folder = served
    # A new decree from the form: its plan is a skeleton still to fill.
    page.goto(url + "/baru")
    page.get_by_label("Jenis kantor").select_option("Kota")
    page.get_by_label("Nama kantor").fill("Surakarta")
    page.get_by_label("Provinsi").fill("Jawa Tengah")
    page.get_by_label("Tahun").fill("2025")
    page.get_by_label("Nomor keputusan").fill("31")
    page.get_by_label("Tanggal penetapan").fill("2025-02-03")
    page.get_by_label("Nama Ketua").fill("Yustinus Arya Artheswara")
    page.get_by_label("Pejabat pengesah salinan").fill("Rois Alfianto")
    page.get_by_role("button", name="Buat keputusan").click()
    expect(page.get_by_role("status")).to_contain_text("Keputusan dibuat")
    page.get_by_role("link", name="Rencana aksi: buku kerja Excel, masalah per sel, cakupan").click()
    expect(page.get_by_role("heading", name="Rencana aksi KPU Kota Surakarta Tahun 2025")).to_be_visible()
    expect(page.get_by_text("belum dapat diunduh sebagai buku kerja")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh templat kosong (.xlsx)").click()
    assert info.value.suggested_filename == "templat-rencana-aksi-2025.xlsx"
    assert "Rencana Aksi" in openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).sheetnames

    # The plan workbook of an example, edited in "Excel": one text changed, one date typed as a formula.
    workbook = tmp_path / "Rencana Surakarta.xlsx"
    export_plan(EXAMPLES / "kota-surakarta-2025.yaml", workbook)
    _edit(workbook, D4=EDITED, F5="=DATE(2025,2,1)")
    before = (folder / "kota-surakarta-2025.plan.yaml").read_bytes()

    page.get_by_label("Buku kerja rencana (.xlsx)").set_input_files(str(workbook))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_role("alert")).to_contain_text("Buku kerja Rencana Surakarta.xlsx tidak disimpan")
    problem = page.locator("#unggah-m-1")
    expect(problem).to_contain_text("lembar Rencana Aksi, baris 5, kolom F")
    expect(problem).to_contain_text("memuat rumus")  # "holds a formula", as the workspace says it
    cell = page.locator("#unggah-sel-Rencana-Aksi-F5")
    expect(cell).to_have_class("has-error")
    expect(cell).to_contain_text("=DATE(2025,2,1)")
    assert (folder / "kota-surakarta-2025.plan.yaml").read_bytes() == before  # nothing written
    _shoot(page, "web-plan-problem.png")
    # The problem's place links to its cell (and the keyboard follows it).
    problem.get_by_role("link").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#unggah-sel-Rencana-Aksi-F5"
    expect(cell).to_be_in_viewport()

    # Fixed in "Excel" and uploaded again: the plan is replaced, the old file kept.
    _edit(workbook, F5="Februari 2025")
    page.get_by_label("Buku kerja rencana (.xlsx)").set_input_files(str(workbook))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_role("status")).to_contain_text("Rencana diperbarui dari Rencana Surakarta.xlsx")
    expect(page.locator("table.plan")).to_contain_text(EDITED)
    expect(page.locator("#judul-cakupan + p")).to_contain_text("PermenPANRB 90/2021")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh rencana saat ini (.xlsx)").click()
    assert openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))["Rencana Aksi"]["D4"].value == EDITED
    assert (folder / "kota-surakarta-2025.plan.yaml.bak").read_bytes() == before
    _shoot(page, "web-plan.png", at=page.locator("#judul-excel"))

    page.get_by_role("link", name="Kembali ke pratinjau").click()
    expect(page.locator("article.decree")).to_contain_text(EDITED)
    page.get_by_role("button", name="Buat paket").click()
    expect(page.get_by_role("status")).to_contain_text("Paket dibuat")
    with page.expect_download() as info:
        page.get_by_role("link", name="Salinan (DOCX)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    text = docx_text(saved.read_bytes())
    assert "KOMISI PEMILIHAN UMUM KOTA SURAKARTA" in text
    assert EDITED in text.replace("\n", " ")
    with page.expect_download() as info:
        page.get_by_role("link", name="Semua berkas (zip)").click()
    zipped = io.BytesIO(Path(info.value.path()).read_bytes())
    with zipfile.ZipFile(zipped) as z:
        assert z.read(f"{saved.stem.rsplit('.', 1)[0]}/{saved.name}") == saved.read_bytes()
