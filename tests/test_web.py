"""The workspace in the browser, over HTTP (Starlette's test client): the pages, and every security rule."""

from __future__ import annotations

import io
import json
import re
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import EXAMPLES, example_specs, run_cli
from web_support import BASE, Controls, csrf_token, page_text, web_client
from zi_decree import check
from zi_decree.web.app import create_app
from zi_decree.web.security import Limiter, PasswordHash

NEW_FORM = {"office_kind": "Kabupaten", "office_name": "Kendal", "seat": "", "province": "Jawa Tengah",
            "year": "2026", "number": "12", "date": "2026-01-20", "chair": "Hevy Indah Oktaria",
            "attestation_name": "Rudi Hartono", "plan": "", "file": ""}


# ------------------------------------------------------------------------------------------------ start page

def test_start_page_lists_every_decree_with_its_check_and_package(workspace: Path) -> None:
    client = web_client(workspace)
    page = client.get("/")
    assert page.status_code == 200
    text = page_text(page.text)
    rows = re.findall(r"(?s)<tr>\s*<td><a href=\"/pratinjau/([^\"]+)\">", page.text)
    assert rows == [p.name for p in example_specs()]  # plan files are no decrees
    for spec in example_specs():
        result = check(spec)
        k = result.loaded.keputusan
        assert f"{spec.name} {'Kabupaten' if spec.name.startswith('kab') else 'Kota'} {k.office.name} {k.number} " \
               f"{k.year}" in text
        expected = f"{len(result.warnings)} peringatan" if result.warnings else "bersih"
        row = text.split(spec.name, 1)[1].split(".yaml", 1)[0]
        assert expected in row and "belum dibuat" in row
        # The examples accept what they reproduce of the published decrees: counted apart, as check counts them.
        assert result.accepted and f"{len(result.accepted)} peringatan diterima" in row


def test_an_empty_folder_offers_the_first_decree(tmp_path: Path) -> None:
    page = web_client(tmp_path).get("/")
    assert page.status_code == 200
    assert "Belum ada keputusan di folder ini" in page.text
    assert '<a class="button primary" href="/baru">Buat keputusan pertama</a>' in page.text


def test_a_spec_with_errors_is_listed_with_their_count(workspace: Path) -> None:
    (workspace / "rusak.yaml").write_text("office: {kind: Kabupaten, name: Kendal}\nyear: dua ribu\n", "utf-8")
    text = page_text(web_client(workspace).get("/").text)
    count = len(check(workspace / "rusak.yaml").errors)
    # What the file says of its office is shown as written, what it lacks as a dash.
    assert count >= 2 and f"rusak.yaml Kabupaten Kendal — dua ribu — {count} kesalahan" in text


# ------------------------------------------------------------------------------------------------ new decree

def test_the_new_form_writes_what_zi_decree_new_writes(tmp_path: Path) -> None:
    web, cli = tmp_path / "web", tmp_path / "cli"
    web.mkdir()
    cli.mkdir()
    client = web_client(web)
    answer = client.post("/baru", data={**NEW_FORM, "csrf_token": csrf_token(client)})
    assert answer.status_code == 303, page_text(answer.text)
    assert answer.headers["location"] == "/pratinjau/kab-kendal-2026.yaml?baru=1"
    result = run_cli("new", "-o", "kab-kendal-2026.yaml", "--office", "Kabupaten Kendal", "--year", "2026",
                     "--province", "Jawa Tengah", "--number", "12", "--date", "2026-01-20", "--chair",
                     "Hevy Indah Oktaria", "--attestation-name", "Rudi Hartono", cwd=cli)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in web.iterdir()) == sorted(p.name for p in cli.iterdir()) == [
        "kab-kendal-2026.plan.yaml", "kab-kendal-2026.yaml"]
    for name in ("kab-kendal-2026.yaml", "kab-kendal-2026.plan.yaml"):
        assert (web / name).read_bytes() == (cli / name).read_bytes()
    # The skeleton's empty rows are errors to fill in: the preview page says so, and shows no preview.
    page = client.get("/pratinjau/kab-kendal-2026.yaml?baru=1")
    assert page.status_code == 200
    assert "Keputusan dibuat" in page.text and "Pratinjau belum dapat ditampilkan" in page.text
    assert f"{len(check(web / 'kab-kendal-2026.yaml').errors)} kesalahan" in page.text
    assert "kab-kendal-2026.plan.yaml, baris 11, kolom 13" in page_text(page.text)


def test_the_new_form_can_use_a_plan_of_the_workspace(workspace: Path) -> None:
    client = web_client(workspace)
    assert '<option value="jawa-tengah-2025.plan.yaml"' in client.get("/baru").text
    form = {**NEW_FORM, "year": "2025", "date": "2025-01-06", "plan": "jawa-tengah-2025.plan.yaml", "csrf_token":
            csrf_token(client)}
    assert client.post("/baru", data=form).status_code == 303
    assert not (workspace / "kab-kendal-2025.plan.yaml").exists()
    assert "plan: jawa-tengah-2025.plan.yaml" in (workspace / "kab-kendal-2025.yaml").read_text("utf-8")
    assert not check(workspace / "kab-kendal-2025.yaml").errors


def test_form_errors_are_shown_beside_their_fields(tmp_path: Path) -> None:
    client = web_client(tmp_path)
    form = {**NEW_FORM, "office_name": "", "chair": "", "date": "kemarin", "year": "20266",
            "csrf_token": csrf_token(client)}
    answer = client.post("/baru", data=form)
    assert answer.status_code == 400
    for field, message in (("office_name", "Wajib diisi."), ("chair", "Wajib diisi."),
                           ("date", "Tulis tanggal seperti 2026-01-20"), ("year", "Tulis tahun dengan empat angka")):
        block = re.search(rf'(?s)<div class="field invalid">\s*<label for="{field}">.*?</div>', answer.text)
        assert block, field
        assert f'id="{field}-error">{message}' in block.group(0)
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', block.group(0))
    assert list(tmp_path.iterdir()) == []
    # What was typed stays in the form.
    assert 'value="Jawa Tengah"' in answer.text and 'value="kemarin"' in answer.text


def test_the_task_s_problems_go_to_their_fields(tmp_path: Path) -> None:
    client = web_client(tmp_path)
    token = csrf_token(client)
    # A date outside the year: new_spec's problem, located at its `date` argument.
    answer = client.post("/baru", data={**NEW_FORM, "date": "2025-12-31", "csrf_token": token})
    assert answer.status_code == 400
    assert re.search(r'(?s)<label for="date">.*?id="date-error">tanggal 2025-12-31 tidak berada dalam tahun 2026', answer.text)
    # A file that exists is not replaced.
    (tmp_path / "kab-kendal-2026.yaml").write_text("dibiarkan\n", "utf-8")
    answer = client.post("/baru", data={**NEW_FORM, "csrf_token": token})
    assert answer.status_code == 400
    assert 'id="file-error">Berkas kab-kendal-2026.yaml sudah ada di folder ini' in answer.text
    assert (tmp_path / "kab-kendal-2026.yaml").read_text("utf-8") == "dibiarkan\n"


def test_every_control_has_a_visible_label(workspace: Path) -> None:
    client = web_client(workspace)
    pages = [client.get("/baru").text, client.post("/baru", data={"csrf_token": csrf_token(client)}).text]
    for page in pages:
        parser = Controls()
        parser.feed(page)
        assert len(parser.controls) == 11
        for control in parser.controls:
            assert control.get("id") in parser.labels, control
        # Nothing takes the keyboard's order into its own hands.
        assert "tabindex=\"1" not in page and "tabindex=\"2" not in page


# ------------------------------------------------------------------------------------------------ preview

def test_the_preview_shows_the_decree_and_its_problems(workspace: Path) -> None:
    client = web_client(workspace)
    page = client.get("/pratinjau/kab-semarang-2025.yaml")
    assert page.status_code == 200
    text = page_text(page.text)
    assert "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SEMARANG NOMOR 6 TAHUN 2025" in text
    assert "Menimbang : a. bahwa dalam rangka pembangunan zona integritas" in text
    assert "SALINAN" in text and "ttd." in text
    result = check(workspace / "kab-semarang-2025.yaml")
    assert page.text.count('<li class="problem warning">') == len(result.warnings) + len(result.accepted) > 0
    # The example accepts its warnings: listed apart, folded, each with the reason the spec gives.
    assert "Tidak ada kesalahan atau peringatan selain yang diterima." in text
    assert f"Peringatan yang diterima ({len(result.accepted)})" in text
    assert "mengkoordinasikan" in text  # a spelling warning, with its place
    assert "Diterima: the published text writes mengkoordinasikan" in text
    original = page_text(client.get("/pratinjau/kab-semarang-2025.yaml?varian=asli").text)
    assert "ttd." not in original and "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SEMARANG" in original


def test_the_preview_follows_the_files(workspace: Path) -> None:
    client = web_client(workspace)
    assert "PEMBANGUNAN ZONA INTEGRITAS" in client.get("/pratinjau/kab-semarang-2025.yaml").text
    spec = workspace / "kab-semarang-2025.yaml"
    spec.write_text(spec.read_text("utf-8").replace("Rencana Aksi Pembangunan", "Rencana Aksi Percepatan"), "utf-8")
    assert "RENCANA AKSI PERCEPATAN ZONA INTEGRITAS" in client.get("/pratinjau/kab-semarang-2025.yaml").text


# ------------------------------------------------------------------------------------------------ package

def test_the_package_is_rendered_into_the_workspace_and_downloaded(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client, "/pratinjau/kota-surakarta-2025.yaml")
    answer = client.post("/paket/kota-surakarta-2025.yaml", data={"csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/pratinjau/kota-surakarta-2025.yaml?paket=1#paket"
    folder = workspace / "kpu-kota-surakarta-2025-nomor-31"
    record = json.loads((folder / "record.json").read_bytes())
    assert [o["file"] for o in record["outputs"]] == [
        f"{folder.name}.original.docx", f"{folder.name}.salinan.docx", f"{folder.name}.salinan.pdf"]
    page = client.get("/pratinjau/kota-surakarta-2025.yaml?paket=1")
    assert "Paket dibuat" in page.text
    for kind, media in (("original.docx", "wordprocessingml"), ("salinan.docx", "wordprocessingml"),
                        ("salinan.pdf", "application/pdf"), ("record.json", "application/json")):
        assert f'href="/unduh/{kind}/kota-surakarta-2025.yaml"' in page.text
        got = client.get(f"/unduh/{kind}/kota-surakarta-2025.yaml")
        assert got.status_code == 200 and media in got.headers["content-type"]
        name = kind if kind == "record.json" else f"{folder.name}.{kind}"
        assert got.content == (folder / name).read_bytes()
        assert f'filename="{name}"' in got.headers["content-disposition"]
    zipped = client.get("/unduh/semua.zip/kota-surakarta-2025.yaml")
    assert zipped.status_code == 200 and zipped.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as z:
        assert z.namelist() == [f"{folder.name}/{o['file']}" for o in record["outputs"]] + [
            f"{folder.name}/record.json"]
        assert z.read(f"{folder.name}/record.json") == (folder / "record.json").read_bytes()
    assert client.get("/unduh/semua.zip/kota-surakarta-2025.yaml").content == zipped.content  # same bytes
    # The start page shows the package.
    text = page_text(client.get("/").text)
    assert "kpu-kota-surakarta-2025-nomor-31" in text
    assert "spesifikasi berubah" not in text
    # A package changed by hand is not replaced: the render is refused with the file named.
    (folder / f"{folder.name}.salinan.docx").write_bytes(b"edited in Word")
    answer = client.post("/paket/kota-surakarta-2025.yaml", data={"csrf_token": token})
    assert answer.status_code == 409
    assert "Paket tidak dibuat" in answer.text and "telah berubah sejak dibuat oleh zi-decree" in answer.text
    assert (folder / f"{folder.name}.salinan.docx").read_bytes() == b"edited in Word"


def test_a_decree_with_errors_gets_no_package(workspace: Path) -> None:
    (workspace / "rusak.yaml").write_text("office: {kind: Kabupaten, name: Kendal}\n", "utf-8")
    client = web_client(workspace)
    page = client.get("/pratinjau/rusak.yaml")
    assert re.search(r"<button type=\"submit\" class=\"button primary\" disabled>Buat paket", page.text)
    answer = client.post("/paket/rusak.yaml", data={"csrf_token": csrf_token(client)})
    assert answer.status_code == 409 and "isian wajib" in answer.text
    assert not any(p.name.startswith("kpu-") for p in workspace.iterdir())


def test_a_render_does_not_hold_up_other_requests(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zi_decree.web.workspace as ws

    started, release = threading.Event(), threading.Event()

    def slow_render(*args, **kwargs):
        started.set()
        assert release.wait(30)
        from zi_decree.errors import Problem

        raise ws.ZiDecreeError([Problem("stopped by the test", code="cannot-write")])

    monkeypatch.setattr(ws, "render_package", slow_render)
    client = web_client(workspace)
    token = csrf_token(client, "/baru")
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(
        client.post("/paket/kota-surakarta-2025.yaml", data={"csrf_token": token}).status_code))
    worker.start()
    try:
        assert started.wait(30)
        began = time.monotonic()
        assert client.get("/").status_code == 200  # answered while the render is still running
        assert time.monotonic() - began < 20
    finally:
        release.set()
        worker.join(30)
    assert results == [409]


# ------------------------------------------------------------------------------------------------ security

def test_listens_on_this_computer_unless_given_a_password(tmp_path: Path) -> None:
    result = run_cli("serve", str(tmp_path), "--host", "0.0.0.0", "--no-browser", env={"ZI_DECREE_PASSWORD": None})
    assert result.returncode == 2
    assert "error[invalid-option]: --host: listening on '0.0.0.0' lets other computers reach the workspace, so it needs a " \
           "password: give --password-file FILE or set ZI_DECREE_PASSWORD" in result.stderr
    assert "Traceback" not in result.stderr
    empty = tmp_path / "kosong.txt"
    empty.write_text("\n", "utf-8")
    result = run_cli("serve", str(tmp_path), "--host", "0.0.0.0", "--password-file", str(empty), "--no-browser")
    assert result.returncode == 2 and "is empty; write the password on its first line" in result.stderr


def test_the_password_is_kept_only_as_a_hash(tmp_path: Path) -> None:
    from zi_decree.web.server import settings

    secret = tmp_path / "sandi.txt"
    secret.write_text("rahasia-kantor-123\nignored\n", "utf-8")
    chosen = settings(tmp_path, "0.0.0.0", 8765, secret, environ={})
    assert chosen.password is not None and chosen.password.matches("rahasia-kantor-123")
    assert not chosen.password.matches("ignored")
    assert "rahasia" not in repr(chosen) and b"rahasia" not in chosen.password.digest + chosen.password.salt
    from_env = settings(tmp_path, "192.168.1.5", 8765, environ={"ZI_DECREE_PASSWORD": "dari-lingkungan"})
    assert from_env.password is not None and from_env.password.matches("dari-lingkungan")
    assert settings(tmp_path, "127.0.0.1", 8765, environ={}).password is None


def _login_client(folder: Path, **options) -> TestClient:
    return web_client(folder, password=PasswordHash.of("sandi-benar"), loopback_only=False, **options)


def test_with_a_password_every_page_asks_for_a_login(workspace: Path) -> None:
    client = _login_client(workspace)
    for path in ("/", "/baru", "/pratinjau/kab-semarang-2025.yaml", "/unduh/semua.zip/kab-semarang-2025.yaml"):
        answer = client.get(path)
        assert answer.status_code == 303 and answer.headers["location"] == "/masuk", path
    assert client.post("/paket/kab-semarang-2025.yaml", data={"csrf_token": "x"}).status_code == 403
    login = client.get("/masuk")
    assert login.status_code == 200 and '<label for="password">Kata sandi</label>' in login.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
    before = client.cookies["zi_sesi"]
    wrong = client.post("/masuk", data={"password": "salah", "csrf_token": token})
    assert wrong.status_code == 403 and "Kata sandi salah" in wrong.text
    assert client.get("/").status_code == 303
    right = client.post("/masuk", data={"password": "sandi-benar", "csrf_token": token})
    assert right.status_code == 303 and right.headers["location"] == "/"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert client.cookies["zi_sesi"] != before  # a new session on login
    assert client.get("/").status_code == 200
    # The old session id gained nothing.
    other = _login_client(workspace)
    other.cookies.set("zi_sesi", before)
    assert other.get("/").status_code == 303
    # Logging out ends the session.
    token = csrf_token(client, "/baru")
    assert client.post("/keluar", data={"csrf_token": token}).headers["location"] == "/masuk"
    assert client.get("/").status_code == 303


def test_login_attempts_are_rate_limited(workspace: Path) -> None:
    now = [1000.0]
    client = _login_client(workspace, limiter=Limiter(attempts=5, seconds=300, clock=lambda: now[0]))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/masuk").text).group(1)
    for _ in range(5):
        assert client.post("/masuk", data={"password": "tebak", "csrf_token": token}).status_code == 403
    blocked = client.post("/masuk", data={"password": "sandi-benar", "csrf_token": token})
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"] == "301"
    assert "Terlalu banyak percobaan masuk yang salah. Coba lagi dalam 301 detik." in blocked.text
    now[0] += 301
    assert client.post("/masuk", data={"password": "sandi-benar", "csrf_token": token}).status_code == 303


def test_the_session_cookie_is_http_only_and_same_site_strict(tmp_path: Path) -> None:
    cookie = web_client(tmp_path).get("/").headers["set-cookie"]
    assert re.fullmatch(r"zi_sesi=[\w-]{40,}; Path=/; HttpOnly; SameSite=Strict", cookie)


def test_every_change_needs_the__csrf(workspace: Path) -> None:
    app = create_app(workspace)
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    token = csrf_token(client)
    posts = {"/baru": NEW_FORM, "/paket/kab-semarang-2025.yaml": {}, "/keluar": {}, "/masuk": {}, "/bahasa": {},
             "/ubah/kab-semarang-2025.yaml": {"~do": "save"},
             "/rencana/kab-semarang-2025.yaml": {}}
    # Next year's decree and a province's batch (web/yearly.py).
    posts.update({"/tahun-depan/kab-semarang-2025.yaml": {"year": "2026", "number": "7", "date": "2026-01-12"},
                  "/provinsi": {"plan": "jawa-tengah-2025.plan.yaml", "year": "2025"}})
    # Every route that takes a POST is here.
    routes = app.app.app.routes  # inside the language's and the guard's middleware
    assert {r.path.replace("{name:path}", "kab-semarang-2025.yaml") for r in routes
            if "POST" in (getattr(r, "methods", None) or ())} == set(posts)
    for path, data in posts.items():
        for sent in ({}, {"csrf_token": "palsu"}, {"csrf_token": ""}):
            answer = client.post(path, data={**data, **sent})
            assert answer.status_code == 403, (path, sent)
            assert "token CSRF tidak cocok" in answer.text
        assert client.post(path, files={"berkas": ("a.txt", b"x")}, data=data).status_code == 403
    assert sorted(p.name for p in workspace.iterdir()) == sorted(p.name for p in EXAMPLES.iterdir())
    # The token of another session does not do.
    other = TestClient(app, base_url=BASE, follow_redirects=False)
    assert other.post("/baru", data={**NEW_FORM, "csrf_token": token}).status_code == 403
    # The header serves scripts as the field serves forms; a multipart form carries it too.
    assert client.post("/baru", data=NEW_FORM, headers={"X-CSRF-Token": token}).status_code == 303
    answer = client.post("/baru", data={**NEW_FORM, "office_name": "Batang", "csrf_token": token},
                         files={"lampiran": ("x.txt", b"tidak dipakai")})
    assert answer.status_code == 303


def test_a_request_from_another_site_is_refused(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client)
    answer = client.post("/baru", data={**NEW_FORM, "csrf_token": token}, headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403 and "tidak datang dari halaman ruang kerja" in answer.text
    # Without a password, a name other than this computer's (DNS rebinding) reaches nothing.
    answer = client.get("/", headers={"Host": "evil.example:8765"})
    assert answer.status_code == 400 and "Alamat ini tidak dikenal" in answer.text
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("path", [
    "/pratinjau/../kab-semarang-2025.yaml",
    "/pratinjau/..%2Fkab-semarang-2025.yaml",
    "/pratinjau/%2E%2E/%2E%2E/etc/passwd",
    "/pratinjau//etc/passwd",
    "/pratinjau/%2Fetc%2Fpasswd",
    "/pratinjau/sub/../../kab-semarang-2025.yaml",
    "/pratinjau/.tersembunyi.yaml",
    "/pratinjau/kab-semarang-2025.plan.yaml",
    "/pratinjau/tidak-ada.yaml",
    "/unduh/..%2F..%2Fetc%2Fpasswd/kab-semarang-2025.yaml",
    "/unduh/record.json/..%2Fkab-semarang-2025.yaml",
    "/static/..%2F..%2Fapp.py",
])
def test_only_files_inside_the_workspace_are_read(workspace: Path, path: str) -> None:
    (workspace.parent / "kab-semarang-2025.yaml").write_bytes((workspace / "kab-semarang-2025.yaml").read_bytes())
    (workspace / ".tersembunyi.yaml").write_bytes((workspace / "kab-semarang-2025.yaml").read_bytes())
    answer = web_client(workspace).get(path)
    assert answer.status_code == 404, answer.text
    assert "root:" not in answer.text and "KEPUTUSAN" not in answer.text


def test_links_out_of_the_workspace_are_refused(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "di-luar"
    outside.mkdir()
    shutil.copy(EXAMPLES / "kab-semarang-2025.yaml", outside / "luar.yaml")
    shutil.copy(EXAMPLES / "kab-semarang-2025.plan.yaml", outside / "kab-semarang-2025.plan.yaml")
    (workspace / "tautan.yaml").symlink_to(outside / "luar.yaml")
    (workspace / "tautan-folder").symlink_to(outside)
    client = web_client(workspace)
    assert "tautan.yaml" not in client.get("/").text
    for path in ("/pratinjau/tautan.yaml", "/pratinjau/tautan-folder/luar.yaml"):
        assert client.get(path).status_code == 404
    # A spec inside whose plan lies outside: one problem, nothing of the file shown, no package.
    spec = workspace / "rencana-luar.yaml"
    spec.write_text((workspace / "kab-semarang-2025.yaml").read_text("utf-8").replace(
        "plan: kab-semarang-2025.plan.yaml", f"plan: {outside / 'kab-semarang-2025.plan.yaml'}"), "utf-8")
    page = client.get("/pratinjau/rencana-luar.yaml")
    assert page.status_code == 200
    # Said in Indonesian, as every problem the workspace shows.
    assert "menyebut berkas di luar folder kerja (kab-semarang-2025.plan.yaml)" in page.text
    assert "Pratinjau belum dapat ditampilkan" in page.text and "Manajemen Perubahan" not in page.text
    answer = client.post("/paket/rencana-luar.yaml", data={"csrf_token": csrf_token(client, "/baru")})
    assert answer.status_code == 409
    assert not any(p.name.startswith("kpu-") for p in workspace.iterdir())
    # A plan outside that cannot be read: its problems are not quoted, only that it is outside.
    (outside / "kab-semarang-2025.plan.yaml").write_text("rahasia: [tidak ditutup\n", "utf-8")
    page = client.get("/pratinjau/rencana-luar.yaml")
    assert "menyebut berkas di luar folder kerja" in page.text and "rahasia" not in page.text


def test_uploads_beyond_the_limit_are_refused_with_413(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client)
    big = b"x" * (20 * 1024 * 1024 + 1)
    answer = client.post("/baru", files={"berkas": ("rencana.xlsx", big)}, data={"csrf_token": token})
    assert answer.status_code == 413
    assert "Berkas atau isian terlalu besar: paling besar 20 MiB." in answer.text
    # Without a Content-Length (chunked), counted as it comes.
    small = web_client(workspace, max_body=1024)
    token = csrf_token(small)

    def chunks():
        yield f"csrf_token={token}&office_name=".encode()
        for _ in range(10):
            yield b"y" * 200

    answer = small.post("/baru", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413 and "paling besar 1 KiB" in answer.text
    assert sorted(p.name for p in workspace.iterdir()) == sorted(p.name for p in EXAMPLES.iterdir())


def test_user_text_is_escaped(workspace: Path) -> None:
    spec = workspace / "kab-semarang-2025.yaml"
    hostile = '<script>alert(1)</script> & <img src=x onerror=alert(2)>'
    spec.write_text(spec.read_text("utf-8").replace(
        "dalam rangka pembangunan zona integritas,", f"dalam rangka {hostile} pembangunan zona integritas,"), "utf-8")
    named = workspace / "<b>tebal.yaml"
    named.write_text("office: {kind: Kabupaten, name: '<i>Kendal</i>'}\n", "utf-8")
    client = web_client(workspace)
    for page in (client.get("/").text, client.get("/pratinjau/kab-semarang-2025.yaml").text,
                 client.get("/pratinjau/%3Cb%3Etebal.yaml").text):
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>tebal" not in page
        assert "<i>Kendal" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in \
        client.get("/pratinjau/kab-semarang-2025.yaml").text
    assert "&lt;b&gt;tebal.yaml" in client.get("/").text
    form = {**NEW_FORM, "office_name": "", "seat": '"><script>alert(3)</script>', "csrf_token": csrf_token(client)}
    assert 'value="&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in client.post("/baru", data=form).text


def test_every_answer_carries_the_content_security_policy(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client)
    answers = [client.get("/"), client.get("/baru"), client.get("/pratinjau/kab-semarang-2025.yaml"),
               client.get("/static/style.css"), client.get("/static/app.js"), client.get("/tidak-ada"),
               client.post("/baru", data={"csrf_token": "palsu"}), client.post("/baru", data={"csrf_token": token}),
               client.get("/", headers={"Host": "evil.example"}), client.get("/masuk")]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
    # Nothing is loaded from another site, and nothing inline needs the policy loosened.
    for answer in answers:
        if answer.headers.get("content-type", "").startswith("text/html"):
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", answer.text)
            assert "<script>" not in answer.text and " style=" not in answer.text and "<style" not in answer.text
            assert re.search(r" on[a-z]+=", answer.text) is None


def test_serve_loads_the_web_stack_only_when_serving() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom zi_decree.cli import main\nsys.argv = ['zi-decree', '--help']\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in ('starlette', 'uvicorn', 'jinja2', 'multipart') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
    assert "serve" in result.stdout


def test_the_workspace_writes_the_package_the_command_line_writes_in_indonesian(workspace: Path,
                                                                                 tmp_path: Path) -> None:
    # record.json keeps the warnings in the language of the run that made it; the workspace speaks Indonesian,
    # so its package is the one `zi-decree --lang id render` makes, byte for byte (README, "The package").
    client = web_client(workspace)
    token = csrf_token(client, "/pratinjau/kab-semarang-2025.yaml")
    assert client.post("/paket/kab-semarang-2025.yaml", data={"csrf_token": token}).status_code == 303
    [made] = [p for p in workspace.iterdir() if p.is_dir() and (p / "record.json").is_file()]
    result = run_cli("--lang", "id", "render", str(workspace / "kab-semarang-2025.yaml"), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    expected = tmp_path / made.name
    assert sorted(p.name for p in made.iterdir()) == sorted(p.name for p in expected.iterdir())
    for path in made.iterdir():
        assert path.read_bytes() == (expected / path.name).read_bytes(), path.name
    warnings = json.loads((made / "record.json").read_bytes())["warnings"]
    assert any("menggunakan nama yang dahulu dipakainya" in w["message"] for w in warnings)  # Indonesian
