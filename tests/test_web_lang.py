"""The workspace's own texts in either language: Indonesian by default, English when started so or switched in the
page (remembered in a cookie), every label of the forms from the catalogue; serve's --lang."""

from __future__ import annotations

import functools
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
BATANG = "kab-batang-2022.yaml"  # a narrative lampiran (lists with paragraphs and lists under their items) and a plan one
# The pages with forms: the list, a new decree, preview, edit, plan, next year's decree, a province's batch.
PAGES = ["/", "/baru", f"/pratinjau/{SPEC}", f"/ubah/{SPEC}", f"/ubah/{BATANG}", f"/rencana/{SPEC}",
         f"/tahun-depan/{SPEC}", "/provinsi"]


@functools.cache
def _english() -> set[str]:
    """The English texts of the catalogue: its msgids (English is the source language)."""
    with (LOCALE_DIR / "zi_decree.pot").open("rb") as f:
        texts = {text for m in read_po(f) if m.id for text in ([m.id] if isinstance(m.id, str) else m.id)}
    return texts | {re.sub(r"<[^>]+>", "", text) for text in texts}  # as shown: a text's markup is not its words


@functools.cache
def _templates() -> tuple[tuple[str, ...], ...]:
    """The catalogue's texts with values, each split into its literal pieces and its '%(name)s' placeholders."""
    return tuple(tuple(t for t in re.split(r"(%\(\w+\)s)", text) if t) for text in _english() if "%(" in text)


@functools.cache
def _is_text(piece: str) -> bool:
    """Whether `piece` is a text of the catalogue (its first letter perhaps capitalised), its values filled in with
    numbers, roman numerals or texts of the catalogue themselves ("Paragraph 1 under item 2 of list 4")."""
    return any(candidate in _english() or any(_fills(tokens, candidate, len(piece)) for tokens in _templates())
               for candidate in {piece, piece[:1].lower() + piece[1:]})


def _fills(tokens: tuple[str, ...], piece: str, whole: int) -> bool:
    """Whether `piece` is the text of `tokens` with its values filled in, each value shorter than the `whole`."""
    if not tokens:
        return not piece
    first, rest = tokens[0], tokens[1:]
    if not first.startswith("%("):
        return piece.startswith(first) and _fills(rest, piece[len(first):], whole)
    # The value ends where the text's next literal piece starts (or at the end).
    ends = [len(piece)] if not rest else [m.start() for m in re.finditer(f"(?={re.escape(rest[0])})", piece)]
    return any(0 < end < whole and (re.fullmatch(r"\d+|[IVXLC]+", piece[:end]) or _is_text(piece[:end]))
               and _fills(rest, piece[end:], whole) for end in ends)


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
    seen = lampiran = 0
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.text.startswith('<!doctype html>\n<html lang="en">'), path
        assert "(wajib)" not in page.text and "Batal" not in page.text, path
        for control, pieces in _labels(page.text):
            for piece in pieces:
                # A numbered item's label: the catalogue's text and its letter or number ("Menimbang item b").
                assert piece in english or re.sub(r" \w{1,3}\.?$", "", piece) in english or _is_text(piece), \
                    (path, control, piece)
                seen += 1
                lampiran += control.startswith("lampiran[")
    assert seen > 60  # every form's labels were looked at
    assert lampiran > 150  # the lampiran's among them: Kab. Batang's narrative lampiran and its plan lampiran


def _lampiran_texts(html: str) -> list[str]:
    """What the edit page's lampiran sections say outside the decree's own text: headings, legends, labels, options,
    buttons and their aria-labels, help and questions (text areas and values left out)."""
    start = html.rindex("<section", 0, html.index('id="lampiran"'))
    section = html[start:html.rindex("<section", 0, html.index('id="accepted"'))]
    section = re.sub(r"(?s)<textarea\b.*?</textarea>", "", section)
    section = re.sub(r'<span class="package-name">([^<]*)</span>', r"\1", section)  # a file's name in a sentence
    said = re.findall(r'aria-label="([^"]*)"', section)
    said += [" ".join(t.split()) for t in re.split(r"<[^>]+>", section) if t.strip()]
    return [t.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"') for t in said]


def test_the_edit_form_s_lampiran_section_speaks_english_from_the_catalogue(workspace: Path) -> None:
    from test_web_edit import _form, _post

    client = web_client(workspace, lang="en")
    page = client.get(f"/ubah/{BATANG}").text
    # The question before a lampiran is removed, and the form with a plan lampiran added (with a new plan file).
    asked = _post(client, BATANG, _form(page), "confirm:lampiran:1").text
    added = _post(client, BATANG, _form(page), "lampiran", **{"~lampiran": "plan", "~plan": "~new"}).text
    for html in (page, asked, added):
        for text in _lampiran_texts(html):
            if re.fullmatch(r"[\w-]+\.plan\.yaml|[\d.,)\s]+|a\., b\., \.\.\.|Lampiran", text):
                continue  # a plan file's name, a numbering shown as it is printed, the part's name (a term)
            # The decree's own words in a text (a lampiran's quoted title, a plan file's name) stand as a number.
            text = re.sub(r"“[^”]*”", "“I”", re.sub(r"[\w-]+\.plan\.yaml", "I", text))
            # A block's legend and lead join two texts with a colon ("Part 2 under item 1 of list 4: Paragraph"), the
            # question before removing a lampiran three sentences.
            assert _is_text(text) or all(_is_text(t) for t in re.split(r"(?<=[.?]) |: ", text.rstrip(":"))), text
    text = page_text(asked)
    assert "Remove Lampiran II “RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS KPU KABUPATEN BATANG” from this decree?" in text
    assert "Its action plan rows are written in this file and are removed with it. The file changes only on Save." in text
    assert "Yes, remove Lampiran II" in text and "Cancel" in text
    assert "The new plan file kab-batang-2022.plan.yaml is made on saving" in page_text(added)
    for html in (page, asked, added):
        assert not re.search(r"\b(Tambah|Hapus|Naikkan|Turunkan|Judul|Berkas|Kolom|butir|daftar|Batal|Simpan)\b",
                             " ".join(_lampiran_texts(html))), html


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


def test_a_name_with_degrees_is_refused_in_indonesian_words_only(workspace: Path) -> None:
    from test_web_edit import _form, _post, _set

    client = web_client(workspace)
    fields = _form(client.get(f"/ubah/{SPEC}").text)
    _set(fields, "signatory.name", "Dr. Bambang Setyono")
    _set(fields, "attestation.name", "Wiwit Mulyanto, S.H.")
    answer = _post(client, SPEC, fields)
    assert answer.status_code == 400
    text = page_text(answer.text)
    # What shows the name is said in Indonesian too, not left in English inside the Indonesian sentence.
    assert "tanda tangan menampilkan nama tanpa gelar akademik, gelar lain, atau NIP; tuliskan namanya saja" in text
    assert "pengesahan salinan menampilkan nama tanpa gelar akademik" in text
    assert "a signature" not in text and "an attestation" not in text
