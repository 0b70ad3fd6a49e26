"""The workspace's own texts in either language: Indonesian by default, English when started so or switched in the
page (remembered in a cookie), every label of the forms from the catalogue; serve's --lang."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import EXAMPLES, run_cli
from web_support import csrf_token, page_text, web_client
from zi_decree.i18n import LOCALE_DIR
from zi_decree.web.security import PasswordHash

SPEC = "kab-semarang-2025.yaml"
# The pages with forms: the list, a new decree, preview, edit, plan, next year's decree, a province's batch.
PAGES = ["/", "/baru", f"/pratinjau/{SPEC}", f"/ubah/{SPEC}", f"/rencana/{SPEC}", f"/tahun-depan/{SPEC}",
         "/provinsi"]


def _english() -> set[str]:
    """The English texts of the catalogue: its msgids (English is the source language)."""
    with (LOCALE_DIR / "zi_decree.pot").open("rb") as f:
        return {text for m in read_po(f) if m.id for text in ([m.id] if isinstance(m.id, str) else m.id)}


def _labels(html: str) -> list[tuple[str, list[str]]]:
    """Each <label>'s control id and its text pieces (the text between its tags)."""
    found = []
    for attrs, inner in re.findall(r"(?s)<label\b([^>]*)>(.*?)</label>", html):
        target = re.search(r'for="([^"]*)"', attrs) or re.search(r'id="([^"]*)"', inner)  # or the control inside
        control = target.group(1) if target else ""
        pieces = [" ".join(p.split()) for p in re.split(r"<[^>]+>", inner)]
        found.append((control, [p.replace("&#39;", "'").replace("&amp;", "&") for p in pieces if p.strip()]))
    return found


def _copy_examples(folder: Path) -> None:
    for example in EXAMPLES.iterdir():
        shutil.copy(example, folder / example.name)


def test_every_label_of_an_english_page_is_a_text_of_the_catalogue(workspace: Path) -> None:
    english = _english()
    client = web_client(workspace, lang="en")
    seen = 0
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.text.startswith('<!doctype html>\n<html lang="en">'), path
        assert "(wajib)" not in page.text and "Batal" not in page.text, path
        for control, pieces in _labels(page.text):
            # The edit form's lampiran section is converted with the lampiran editing (helper wlamp's part).
            if control.startswith("lampiran["):
                continue
            for piece in pieces:
                # A numbered item's label: the catalogue's text and its letter or number ("Menimbang item b").
                assert piece in english or re.sub(r" \w{1,3}\.?$", "", piece) in english, (path, control, piece)
                seen += 1
    assert seen > 60  # every form's labels were looked at


def test_the_pages_are_indonesian_by_default_and_switch_language_with_a_cookie(workspace: Path) -> None:
    client = web_client(workspace)
    start = client.get("/")
    assert '<html lang="id">' in start.text and "Buat keputusan baru" in page_text(start.text)
    # The switch: a form in the header (a button labelled in the language it offers).
    assert re.search(r'(?s)<form method="post" action="/bahasa".*?<button[^>]*lang="en">English</button>',
                     start.text)
    token = csrf_token(client, "/")
    answer = client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": "/baru"})
    assert answer.status_code == 303 and answer.headers["location"] == "/baru"
    assert re.fullmatch(r"zi_bahasa=en; HttpOnly; Max-Age=31536000; Path=/; SameSite=strict",
                        answer.headers["set-cookie"])
    new = client.get("/baru")
    assert '<html lang="en">' in new.text
    text = page_text(new.text)
    assert "New decree" in text and "Office name (required)" in text and "Keputusan baru" not in text
    assert "Bahasa Indonesia" in text  # the way back
    # The problems the library reports follow too.
    preview = page_text(client.get(f"/pratinjau/{SPEC}").text)
    assert "spelling: 'mengkoordinasikan' is not the standard (baku) form" in preview
    # When a package was made, in English words.
    assert client.post(f"/paket/{SPEC}", data={"csrf_token": csrf_token(client, "/")}).status_code == 303
    made = page_text(client.get(f"/pratinjau/{SPEC}").text)
    assert re.search(r"Last package: kpu-\S+ made \d{1,2} [A-Z][a-z]+ \d{4}, at \d\d\.\d\d", made), made[-800:]
    assert not re.search(r"(Januari|Februari|Maret|Mei|Juni|Juli|Agustus|Oktober|Desember) \d{4}, at", made)
    # And back; a page to return to is a path of this site, never another host.
    answer = client.post("/bahasa", data={"csrf_token": token, "lang": "id", "next": "//example.com/x"})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert "Buat keputusan baru" in page_text(client.get("/").text)
    # From the answer to a form (its address takes no GET), back to the form's page.
    answer = client.post("/baru", data={"csrf_token": token, "office_kind": "Kabupaten"},
                         headers={"referer": "http://127.0.0.1:8765/baru"})
    assert answer.status_code == 400 and 'name="next" value="/baru"' in answer.text
    # A language the workspace does not speak is ignored.
    answer = client.post("/bahasa", data={"csrf_token": token, "lang": "fr", "next": "/"})
    assert answer.status_code == 303 and "set-cookie" not in answer.headers
    client.cookies.set("zi_bahasa", "fr")
    assert '<html lang="id">' in client.get("/").text


def test_the_guard_and_the_login_page_speak_the_chosen_language(tmp_path: Path) -> None:
    folder = tmp_path / "ruang"
    folder.mkdir()
    client = web_client(folder, password=PasswordHash.of("rahasia"))
    login = client.get("/masuk")
    assert "Kata sandi" in page_text(login.text)
    token = csrf_token(client, "/masuk")
    # The switch works before logging in (the login page has it too).
    answer = client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": "/masuk"})
    assert answer.status_code == 303 and answer.headers["location"] == "/masuk"
    assert "Password" in page_text(client.get("/masuk").text)
    refused = client.post("/baru", data={"csrf_token": token})
    assert refused.status_code == 403 and "Log in first with the workspace's password." in page_text(refused.text)
    forged = client.post("/masuk", data={"csrf_token": "palsu", "password": "x"})
    assert forged.status_code == 403 and "the CSRF token does not match" in forged.text


def test_a_workspace_started_in_english_still_switches_to_indonesian(workspace: Path) -> None:
    client = web_client(workspace, lang="en")
    assert "Make a new decree" in page_text(client.get("/").text)
    client.cookies.set("zi_bahasa", "id")
    assert "Buat keputusan baru" in page_text(client.get("/").text)
    with pytest.raises(ValueError, match="unknown language"):
        web_client(workspace, lang="fr")  # type: ignore[arg-type]


def test_a_batch_speaks_the_language_of_the_page_that_started_it(workspace: Path) -> None:
    from test_web_yearly import _rows, _start, _wait

    client = web_client(workspace, lang="en")
    lines = _rows(2).decode().splitlines()
    lines[2] = lines[2].replace("2025-01-08", "31 Februari 2025")
    answer = _start(client, ("kantor.csv", ("\n".join(lines) + "\n").encode()))
    assert answer.status_code == 303
    _wait(client, answer.headers["location"])
    # The progress the page's script shows: the server's words, in the page's language.
    progress = client.get(answer.headers["location"] + "/kemajuan.json").json()
    assert progress["status"] == "Running: 2 of 2 offices done."
    assert [o["shown"] for o in progress["offices"]] == ["written", "failed"]
    # The run went on in its own thread, and still speaks English: its places and the library's messages.
    text = page_text(client.get(answer.headers["location"]).text)
    assert "kantor.csv, line 3, column 5 · date '31 Februari 2025' is not a date in the calendar" in text


@pytest.mark.parametrize(("options", "expected"), [
    ([], "id"), (["--lang", "en"], "en"), (["--lang", "id"], "id"), (["--lang=en"], "en")])
def test_serve_speaks_indonesian_unless_lang_says_otherwise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            options: list[str], expected: str) -> None:
    from typer.testing import CliRunner

    import zi_decree.web.server as server
    from zi_decree.cli import app

    started: dict[str, object] = {}
    monkeypatch.setattr(server, "serve", lambda folder, **kw: started.update(kw))
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the command line's language, not the workspace's
    result = CliRunner().invoke(app, ["serve", str(tmp_path), "--no-browser", *options])
    assert result.exit_code == 0, result.output
    assert started["lang"] == expected
    # The global option, before the command, chooses it too.
    started.clear()
    result = CliRunner().invoke(app, [*options, "serve", str(tmp_path), "--no-browser"])
    assert result.exit_code == 0, result.output
    assert started["lang"] == expected


def test_serve_s_refusals_follow_lang(tmp_path: Path) -> None:
    empty = tmp_path / "sandi.txt"
    empty.write_text("\n", "utf-8")
    result = run_cli("--lang", "id", "serve", str(tmp_path), "--host", "0.0.0.0", "--password-file", str(empty),
                     "--no-browser")
    assert result.returncode == 2
    assert "kosong; tulis kata sandinya pada baris pertama" in result.stderr
    result = run_cli("--lang", "id", "serve", str(tmp_path), "--host", "0.0.0.0", "--no-browser",
                     env={"ZI_DECREE_PASSWORD": None})
    assert result.returncode == 2 and "sehingga diperlukan kata sandi" in result.stderr
    result = run_cli("--lang", "id", "serve", str(tmp_path / "tidak-ada"), "--port", "0", "--no-browser")
    assert result.returncode == 2
    assert "bukan folder; sebutkan folder kerja" in result.stderr
    assert "bukan nomor port; pilih salah satu dari 1 sampai 65535" in result.stderr
