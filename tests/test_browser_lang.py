"""The language switch in a real browser (Playwright driving Debian's Chromium) against `zi-decree serve`, with the
fixtures of test_browser.py: from the keyboard, to English and back, remembered from page to page. With
ZI_DECREE_SCREENSHOTS set to a folder, the screenshots the README shows are written there (web-english.png,
web-english-lampiran.png)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLES
from test_browser import _shoot, page, served  # noqa: F401  # the fixtures, shared


def test_the_language_switch_from_the_keyboard(served, page, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    url, folder = served
    for example in EXAMPLES.iterdir():
        shutil.copy(example, folder / example.name)
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Daftar keputusan")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_role("button", name="English").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Decrees")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    # Remembered: the next page speaks English too, its labels included.
    page.get_by_role("link", name="Make a new decree").click()
    expect(page.get_by_role("heading", name="New decree")).to_be_visible()
    expect(page.get_by_label("Office name")).to_be_visible()
    page.get_by_role("button", name="Make the decree").click()
    expect(page.get_by_role("alert")).to_contain_text("Office name: Required.")
    page.goto(url + "/pratinjau/kab-semarang-2025.yaml")
    expect(page.get_by_role("heading", name="Decree of KPU Kabupaten Semarang Number 6 of 2025")).to_be_visible()
    _shoot(page, "web-english.png")
    # And back, to the page it was on.
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Keputusan KPU Kabupaten Semarang Nomor 6 Tahun 2025")).to_be_visible()
    assert page.url == url + "/pratinjau/kab-semarang-2025.yaml"
    assert page.locator("html").get_attribute("lang") == "id"


def test_the_edit_form_s_lampiran_section_in_english(served, page, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    url, folder = served
    spec = "kab-batang-2022.yaml"
    shutil.copy(EXAMPLES / spec, folder / spec)
    page.goto(url + "/")
    page.get_by_role("button", name="English").click()
    page.goto(f"{url}/ubah/{spec}")
    first = page.locator("#lampiran\\[0\\]")
    expect(page.get_by_role("heading", name="Lampiran I: narrative")).to_be_visible()
    # A list's items and what lies under them, labelled in English; a paragraph added under an item by the keyboard.
    expect(first.get_by_label("Item 1 of list 4", exact=True)).to_be_visible()
    first.get_by_role("button", name="Add a paragraph under item 2 of list 4", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    under = page.locator("#lampiran\\[0\\]").get_by_label("Paragraph 1 under item 2 of list 4", exact=True)
    under.fill("Penyederhanaan dievaluasi setiap triwulan.")
    expect(page.get_by_role("group", name="Part 1 under item 2 of list 4: Paragraph")).to_be_visible()
    _shoot(page, "web-english-lampiran.png", at=page.locator("#lampiran\\[0\\]\\.blocks\\[3\\]"))
    # The plan lampiran's options, and the question before removing it.
    expect(page.locator("#lampiran\\[1\\]").get_by_label("Time column", exact=True)).to_have_value("target_time")
    page.get_by_role("button", name="Remove Lampiran II", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Remove Lampiran II “RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS KPU KABUPATEN BATANG” from this decree?")
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("button", name="Remove Lampiran II", exact=True)).to_be_visible()
