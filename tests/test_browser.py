"""The workspace in a real browser (Playwright driving Debian's Chromium) against `zi-decree serve`: an empty
folder, a new decree from the form, its plan filled, the preview, the package downloaded and its DOCX read.

Controls are found by their labels and links by their names, as a person finds them. With ZI_DECREE_SCREENSHOTS
set to a folder (`ZI_DECREE_SCREENSHOTS=docs python -m pytest tests/test_browser.py -n 0`), the screenshots of the
main pages that the README shows are written there.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from docx_text import docx_text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, stopped: Callable[[], bool], said: Callable[[], str]) -> None:
    """Until `url` answers 200 (or the server stopped, or a minute passed: then the test fails with what it said)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as answer:
                assert answer.status == 200
            return
        except OSError:
            if stopped() or time.monotonic() > deadline:
                pytest.fail(f"zi-decree serve did not start: {said()}")
            time.sleep(0.05)


@pytest.fixture
def served_by_command(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`zi-decree serve` over an empty folder, in a process of its own: (its address, the folder)."""
    folder = tmp_path / "ruang-kerja"
    folder.mkdir()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ZI_DECREE_PASSWORD", None)
    server = subprocess.Popen([sys.executable, "-m", "zi_decree", "serve", str(folder), "--port", str(port),
                               "--no-browser"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, lambda: server.poll() is not None,
                       lambda: server.stdout.read().decode() if server.stdout and server.poll() is not None else "")
        yield url, folder
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The workspace over an empty folder as `zi-decree serve` runs it (its app in uvicorn, with the same options,
    no password), in a thread of the test's process: (its address, the folder). A process of its own per test
    cost about 2.5 s of CPU (Python started, the web stack imported again); `served_by_command` keeps the command
    itself tested."""
    import uvicorn

    from zi_decree.web.app import create_app

    folder = tmp_path / "ruang-kerja"
    folder.mkdir()
    port = _free_port()
    # uvicorn's own logging configuration is left out: it would reconfigure the logging of the test's process.
    server = uvicorn.Server(uvicorn.Config(create_app(folder), host="127.0.0.1", port=port, log_level="warning",
                                           server_header=False, access_log=False, log_config=None))
    thread = threading.Thread(target=server.run, name="zi-decree serve", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, lambda: not thread.is_alive(), lambda: "its thread ended")
        yield url, folder
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def page(chromium_page):
    """The browser tests' page (conftest's `chromium_page`), with no cookies, before the test goes to its server."""
    return chromium_page


def _shooting() -> Path | None:
    """The folder of the README's screenshots when ZI_DECREE_SCREENSHOTS names one, else None."""
    target = os.environ.get("ZI_DECREE_SCREENSHOTS")
    if not target:
        return None
    return Path(target) if Path(target).is_absolute() else ROOT / target


def _shoot(page, name: str, at=None) -> None:
    """A screenshot of the page (first scrolled to show `at`, a locator) into ZI_DECREE_SCREENSHOTS when it is set
    (the README's pictures), else none: no test looks at them, and encoding a 1360x900 PNG costs Chromium about
    0.15 s of CPU, scrolling (the newly shown part drawn) up to 0.1 s."""
    folder = _shooting()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        if at is not None:
            at.scroll_into_view_if_needed()
        page.screenshot(path=str(folder / name), full_page=False)


def test_a_decree_from_an_empty_folder_to_its_package(served_by_command, page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    url, folder = served_by_command
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Belum ada keputusan di folder ini")).to_be_visible()
    _shoot(page, "web-start-empty.png")

    # The keyboard reaches the first decree's link (after the skip link and the header's), and Enter follows it.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Langsung ke isi")).to_be_focused()
    page.get_by_role("link", name="Buat keputusan pertama").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Keputusan baru")).to_be_visible()

    page.get_by_label("Jenis kantor").select_option("Kabupaten")
    page.get_by_label("Nama kantor").fill("Kendal")
    page.get_by_label("Provinsi").fill("Jawa Tengah")
    page.get_by_label("Tahun").fill("2025")
    page.get_by_label("Nomor keputusan").fill("12")
    page.get_by_label("Tanggal penetapan").fill("2025-01-06")
    page.get_by_label("Nama Ketua").fill("Hevy Indah Oktaria")
    page.get_by_label("Pejabat pengesah salinan").fill("Rudi Hartono")
    _shoot(page, "web-new.png")

    # A required field left empty says so beside itself, and nothing is written.
    page.get_by_label("Nama Ketua").fill("")
    page.get_by_role("button", name="Buat keputusan").click()
    expect(page.get_by_role("alert")).to_contain_text("Nama Ketua: Wajib diisi.")
    expect(page.locator("#chair-error")).to_have_text("Wajib diisi.")
    expect(page.get_by_label("Nama kantor")).to_have_value("Kendal")  # what was typed is kept
    assert list(folder.iterdir()) == []
    page.get_by_label("Nama Ketua").fill("Hevy Indah Oktaria")
    page.get_by_label("Nama Ketua").press("Enter")  # the form is sent from the keyboard

    # The new decree: its plan is a skeleton to fill, so it cannot be previewed yet.
    expect(page.get_by_role("status")).to_contain_text("Keputusan dibuat")
    expect(page.get_by_text("Pratinjau belum dapat ditampilkan")).to_be_visible()
    assert sorted(p.name for p in folder.iterdir()) == ["kab-kendal-2025.plan.yaml", "kab-kendal-2025.yaml"]

    page.get_by_role("link", name="Daftar keputusan").first.click()
    row = page.get_by_role("row", name="kab-kendal-2025.yaml")
    expect(row).to_contain_text("Kabupaten Kendal")
    expect(row).to_contain_text("6 Januari 2025")
    expect(row).to_contain_text("kesalahan")

    # Staff fill in the plan (here: the province's shared plan, as from Excel with `plan import`).
    shutil.copy(EXAMPLES / "jawa-tengah-2025.plan.yaml", folder / "kab-kendal-2025.plan.yaml")
    page.reload()
    expect(row).not_to_contain_text("kesalahan")
    row.get_by_role("link", name="kab-kendal-2025.yaml").click()

    preview = page.locator("article.decree")
    expect(preview).to_contain_text("KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN KENDAL")
    expect(preview).to_contain_text("NOMOR 12 TAHUN 2025")
    expect(preview).to_contain_text("Menimbang")
    expect(preview).to_contain_text("HEVY INDAH OKTARIA")
    expect(preview.locator("table.plan")).to_contain_text("Manajemen Perubahan")

    page.get_by_role("button", name="Buat paket").click()
    expect(page.get_by_role("status")).to_contain_text("Paket dibuat")
    with page.expect_download() as info:
        page.get_by_role("link", name="Asli untuk ditandatangani (DOCX)").click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name == "kpu-kabupaten-kendal-2025-nomor-12.original.docx"
    package = folder / "kpu-kabupaten-kendal-2025-nomor-12"
    assert saved.read_bytes() == (package / saved.name).read_bytes()
    text = docx_text(saved.read_bytes())
    assert "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN KENDAL\nNOMOR 12 TAHUN 2025\n" in text
    assert "HEVY INDAH OKTARIA" in text and "ttd." not in text
    with page.expect_download() as info:
        page.get_by_role("link", name="Semua berkas (zip)").click()
    assert info.value.suggested_filename == "kpu-kabupaten-kendal-2025-nomor-12.zip"
    if _shooting():  # the preview without the package's message, for the README
        page.goto(url + "/pratinjau/kab-kendal-2025.yaml")
        _shoot(page, "web-preview.png")
    page.get_by_role("link", name="Daftar keputusan").first.click()
    expect(row).to_contain_text("kpu-kabupaten-kendal-2025-nomor-12")
    _shoot(page, "web-start.png")
