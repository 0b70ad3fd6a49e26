"""Next year's decree and a province's batch in a real browser (Playwright driving Debian's Chromium) against
`zi-decree serve`, with the fixtures of test_browser.py. With ZI_DECREE_SCREENSHOTS set to a folder, the
screenshots the README shows are written there (web-rollover*.png, web-batch*.png)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from conftest import EXAMPLES, indonesian
from test_browser import _shoot, page, served  # noqa: F401  # the fixtures, shared

OFFICES = EXAMPLES / "jawa-tengah-2025.offices.csv"


def test_next_year_s_decree_from_its_page(served, page, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    url, folder = served
    for example in EXAMPLES.iterdir():
        shutil.copy(example, folder / example.name)
    page.goto(url + "/")
    page.get_by_role("link", name="kab-semarang-2025.yaml").click()
    page.get_by_role("link", name="Buat keputusan tahun depan dari keputusan ini").click()
    expect(page.get_by_role("heading", name="Keputusan tahun depan")).to_be_visible()
    expect(page.get_by_label("Tahun rencana aksi")).to_have_value("2026")
    page.get_by_label("Nomor keputusan").fill("7")
    page.get_by_label("Tanggal penetapan").fill("2027-01-12")
    page.get_by_role("button", name="Tulis keputusan tahun depan").click()

    # A date outside the new year: said beside the date, and nothing written.
    said = indonesian("the date {date} is not in {year}", date="2027-01-12", year=2026)
    expect(page.get_by_role("alert")).to_contain_text(f"Tanggal penetapan: {said}")
    expect(page.locator("#date-error")).to_have_text(said)
    expect(page.get_by_label("Nomor keputusan")).to_have_value("7")
    assert not (folder / "kab-semarang-2026.yaml").exists()
    page.get_by_label("Tanggal penetapan").fill("2026-01-12")
    _shoot(page, "web-rollover.png")
    page.get_by_label("Nomor keputusan").press("Enter")  # sent from the keyboard

    expect(page.get_by_role("heading", name="Laporan keputusan tahun depan")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("kab-semarang-2026.yaml, kab-semarang-2026.plan.yaml")
    confirm = page.get_by_role("region", name="Perlu dipastikan (3)")
    expect(confirm).to_contain_text("kab-semarang-2026.yaml, baris 71, kolom 3")
    expect(confirm).to_contain_text("Bambang Setyono")
    expect(page.get_by_role("region", name="Dasar hukum pada tanggal yang baru")).to_contain_text("perpres-81-2010")
    _shoot(page, "web-rollover-report.png")
    assert (folder / "kab-semarang-2026.rollover.md").is_file()

    page.get_by_role("link", name="Pratinjau kab-semarang-2026.yaml").click()
    expect(page.locator("article.decree")).to_contain_text("NOMOR 7 TAHUN 2026")
    page.get_by_role("link", name="Daftar keputusan").first.click()
    row = page.get_by_role("row", name="kab-semarang-2026.yaml")
    expect(row).to_contain_text("12 Januari 2026")


def test_a_batch_page_follows_its_run_without_scripts(served, page, tmp_path: Path) -> None:  # noqa: F811
    """With JavaScript off, the form is sent as it is and the run's page refreshes itself until the run is done.
    JavaScript is turned off in the browser tests' page by the DevTools command with which Playwright turns it off
    in each page of a context made with `java_script_enabled=False` (it lasts as long as the session that sent it),
    without the cost of a new context and page (measured: the test took about 2 s of CPU less)."""
    from playwright.sync_api import expect

    url, folder = served
    for example in EXAMPLES.iterdir():
        shutil.copy(example, folder / example.name)
    table = tmp_path / "kantor.csv"
    table.write_text("".join(OFFICES.read_text("utf-8").splitlines(keepends=True)[:2]), "utf-8")
    devtools = page.context.new_cdp_session(page)
    devtools.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page.goto(url + "/provinsi")
        page.get_by_label("Tabel kantor (CSV atau XLSX)").set_input_files(str(table))
        page.get_by_label("Rencana aksi bersama").select_option("jawa-tengah-2025.plan.yaml")
        page.get_by_label("Tahun rencana aksi").fill("2025")
        page.get_by_role("button", name="Buat semua paket").click()
        expect(page.get_by_role("heading", name="Paket semua kantor: kantor.csv")).to_be_visible()
        expect(page.locator("#status")).to_contain_text("Selesai: 1 paket ditulis, 0 gagal, dari 1 kantor.",
                                                        timeout=180_000)
        expect(page.get_by_role("row", name="Kabupaten Banjarnegara")).to_contain_text("ditulis")
    finally:
        devtools.send("Emulation.setScriptExecutionDisabled", {"value": False})
        devtools.detach()


def test_the_province_sample_as_a_batch_with_progress(served, page, tmp_path: Path) -> None:  # noqa: F811
    """The whole province sample, 35 offices, as issue 15 asks of the browser tests: the progress of a run as
    long as a province's, in a real browser."""
    from playwright.sync_api import expect

    url, folder = served
    for example in EXAMPLES.iterdir():
        shutil.copy(example, folder / example.name)
    count = 35
    table = tmp_path / "tabel" / OFFICES.name  # the sample's name: the packages' folder is named after it
    table.parent.mkdir()
    table.write_text("".join(OFFICES.read_text("utf-8").splitlines(keepends=True)[:count + 1]), "utf-8")
    page.goto(url + "/")
    page.get_by_role("link", name="Semua kantor satu provinsi").click()
    expect(page.get_by_role("heading", name="Semua kantor satu provinsi")).to_be_visible()
    page.get_by_label("Tabel kantor (CSV atau XLSX)").set_input_files(str(table))
    page.get_by_label("Rencana aksi bersama").select_option("jawa-tengah-2025.plan.yaml")
    page.get_by_label("Tahun rencana aksi").fill("2025")
    _shoot(page, "web-batch-form.png")
    page.get_by_role("button", name="Buat semua paket").click()

    # The progress moves while the page stays (polled), each office's row marked as it is written.
    status = page.locator("#status")
    expect(status).to_contain_text("Sedang berjalan")
    expect(page.locator("td.state[data-state=ditulis]").first).to_be_visible(timeout=120_000)
    assert 0 < int(page.locator("#bar").get_attribute("value") or "0") < count or "Selesai" in status.inner_text()
    _shoot(page, "web-batch-progress.png")
    expect(status).to_contain_text(f"Selesai: {count} paket ditulis, 0 gagal, dari {count} kantor.", timeout=600_000)
    rows = page.locator("table.offices tbody tr")
    expect(rows).to_have_count(count)
    expect(rows.first).to_contain_text("Kabupaten Banjarnegara")
    expect(rows.first).to_contain_text("kpu-kabupaten-banjarnegara-2025-nomor-24")
    _shoot(page, "web-batch.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh semua paket (zip)").click()
    download = info.value
    assert download.suggested_filename == "paket-jawa-tengah-2025.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
        packages = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert packages == {p.name for p in (folder / "paket-jawa-tengah-2025").iterdir() if p.is_dir()}
    assert len(packages) == count
