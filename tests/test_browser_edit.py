"""The edit form in a real browser (Playwright driving Debian's Chromium) against `zi-decree serve`: an example's
copy opened, Menimbang added to and reordered, a Mengingat picked from a catalogue search, saved, and the preview
showing the change. With ZI_DECREE_SCREENSHOTS set, the edit page's screenshots for the README are written there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import EXAMPLES
from test_browser import _shoot, page, served  # noqa: F401  (the served workspace and the browser, as fixtures)

SPEC = "kab-semarang-2025.yaml"


def test_edit_menimbang_and_mengingat_then_preview(served, page, tmp_path: Path) -> None:  # noqa: F811
    url, folder = served
    for name in (SPEC, "kab-semarang-2025.plan.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    before = (folder / SPEC).read_text(encoding="utf-8")
    page.goto(f"{url}/pratinjau/{SPEC}")
    page.get_by_role("link", name="Ubah keputusan").click()
    page.wait_for_url(f"**/ubah/{SPEC}")

    # Menimbang: a new item, typed, moved up to be the first
    page.get_by_role("button", name="+ Tambah butir Menimbang").click()
    page.get_by_label("Menimbang huruf b", exact=True).fill("perlu memperbarui rencana aksi setelah evaluasi triwulan")
    page.get_by_role("button", name="Naikkan Menimbang huruf b").click()
    assert page.get_by_label("Menimbang huruf a", exact=True).input_value() == \
        "perlu memperbarui rencana aksi setelah evaluasi triwulan"
    assert "(huruf c): bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b" in \
        " ".join(page.locator("#menimbang-akhir").inner_text().split())

    # Mengingat: searched in the catalogue (Enter in the search field searches), picked, shown as cited
    search = page.get_by_label("Cari dasar hukum di katalog")
    search.fill("pembentukan 2011")
    search.press("Enter")
    results = page.locator("#hasil-cari")
    results.wait_for()
    assert "Undang-Undang Nomor 12 Tahun 2011 tentang Pembentukan Peraturan Perundang-undangan" in \
        results.inner_text()
    _shoot(page, "web-edit-search.png", at=page.locator("#hasil-cari"))
    page.get_by_role("button", name="Tambahkan uu-12-2011 ke Mengingat").click()
    assert "(uu-12-2011)" in page.locator("#mengingat").inner_text()
    # nothing is written before Simpan
    assert (folder / SPEC).read_text(encoding="utf-8") == before
    _shoot(page, "web-edit.png", at=page.locator("#menimbang"))

    page.get_by_role("button", name="Simpan").first.click()
    page.wait_for_url(re.compile(r".*/pratinjau/kab-semarang-2025\.yaml\?disimpan=1$"))
    assert "Perubahan disimpan" in page.get_by_role("status").first.inner_text()
    paper = page.locator(".paper").inner_text()
    assert re.search(r"a\.\s+bahwa perlu memperbarui rencana aksi setelah evaluasi triwulan;", paper)
    assert re.search(r"b\.\s+bahwa dalam rangka pembangunan zona integritas", paper)
    assert "Undang-Undang Nomor 12 Tahun 2011 tentang Pembentukan Peraturan Perundang-undangan" in paper
    after = (folder / SPEC).read_text(encoding="utf-8")
    assert "  - uu-31-1999            # as amended by UU 20/2001\n" in after  # the comments are kept
    assert after.count("#") == before.count("#")

    # a field wrong: the message beside it, nothing written
    page.get_by_role("link", name="Ubah keputusan").click()
    page.get_by_label("Nama penandatangan (wajib)").fill("Dr. Bambang Setyono")
    page.get_by_role("button", name="Simpan").first.click()
    assert "Belum disimpan" in page.get_by_role("alert").inner_text()
    assert "tanpa gelar akademik" in page.locator("#signatory\\.name-error").inner_text()  # the workspace speaks Indonesian
    _shoot(page, "web-edit-error.png", at=page.locator("#signatory\\.name"))
    assert (folder / SPEC).read_text(encoding="utf-8") == after


def test_edit_a_narrative_list_item_and_add_a_lampiran_then_preview(served, page, tmp_path: Path) -> None:  # noqa: F811
    url, folder = served
    spec = "kab-batang-2022.yaml"
    shutil.copy(EXAMPLES / spec, folder / spec)
    page.goto(f"{url}/ubah/{spec}")
    first = page.locator("#lampiran\\[0\\]")

    # LAMPIRAN I: a list's item retyped, and a paragraph added under the next item, by the keyboard
    first.get_by_label("Butir 1 daftar 4", exact=True).fill("Menyelaraskan instrumen Zona Integritas dengan evaluasi")
    first.get_by_role("button", name="Tambah paragraf di bawah butir 2 daftar 4", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    under = page.locator("#lampiran\\[0\\]").get_by_label("Paragraf 1 di bawah butir 2 daftar 4", exact=True)
    under.fill("Penyederhanaan dievaluasi setiap triwulan.")
    assert page.locator("#lampiran\\[0\\]").get_by_label("Butir 1 daftar 4", exact=True).input_value() == \
        "Menyelaraskan instrumen Zona Integritas dengan evaluasi"  # what was typed survives the button
    _shoot(page, "web-edit-lampiran.png", at=page.locator("#lampiran\\[0\\]\\.blocks\\[3\\]"))

    # a new narrative lampiran: LAMPIRAN III
    page.get_by_label("Jenis lampiran baru").select_option("narrative")
    page.get_by_role("button", name="+ Tambah lampiran").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    third = page.locator("#lampiran\\[2\\]")
    third.get_by_label("Judul lampiran III", exact=True).fill("Uraian Tugas Tim Kerja")
    third.get_by_label("Paragraf 1", exact=True).fill("Tim kerja menyusun laporan setiap bulan.")
    _shoot(page, "web-edit-lampiran-new.png", at=third)

    # removing a lampiran asks first; Batal keeps it, with what was typed
    page.get_by_role("button", name="Hapus Lampiran II", exact=True).click()
    ask = page.get_by_role("alert")
    assert "Hapus Lampiran II “RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS" in ask.inner_text()
    _shoot(page, "web-edit-lampiran-remove.png", at=ask)
    page.get_by_role("button", name="Batal").click()
    assert page.locator("#lampiran\\[2\\]").get_by_label("Judul lampiran III").input_value() == "Uraian Tugas Tim Kerja"

    page.get_by_role("button", name="Simpan").first.click()
    page.wait_for_url(re.compile(r".*/pratinjau/kab-batang-2022\.yaml\?disimpan=1$"))
    paper = " ".join(page.locator(".paper").inner_text().split())
    assert "Menyelaraskan instrumen Zona Integritas dengan evaluasi" in paper
    assert "Penyederhanaan dievaluasi setiap triwulan." in paper
    assert "LAMPIRAN III" in paper and "URAIAN TUGAS TIM KERJA" in paper
    assert "Tim kerja menyusun laporan setiap bulan." in paper
