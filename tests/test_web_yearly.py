"""The workspace's yearly pages over HTTP: next year's decree (rollover) and its report; a province's batch."""

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

from conftest import EXAMPLES, indonesian, run_cli
from web_support import Controls, csrf_token, page_text, web_client

SPEC = "kab-semarang-2025.yaml"
OFFICES = EXAMPLES / "jawa-tengah-2025.offices.csv"
PLAN = "jawa-tengah-2025.plan.yaml"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ------------------------------------------------------------------------------------------------ rollover

def test_the_rollover_form_writes_what_zi_decree_rollover_writes(workspace: Path, tmp_path: Path) -> None:
    cli = tmp_path / "cli"
    shutil.copytree(EXAMPLES, cli)
    client = web_client(workspace)
    page = client.get(f"/pratinjau/{SPEC}")
    assert f'<a href="/tahun-depan/{SPEC}">Buat keputusan tahun depan dari keputusan ini</a>' in page.text
    form = client.get(f"/tahun-depan/{SPEC}")
    assert form.status_code == 200
    # The year after the decree's and the same day a year later are offered.
    assert 'id="year" name="year" value="2026"' in form.text and 'value="2026-01-05"' in form.text
    token = csrf_token(client, f"/tahun-depan/{SPEC}")
    answer = client.post(f"/tahun-depan/{SPEC}", data={"year": "2026", "number": "7", "date": "2026-01-12",
                                                      "csrf_token": token})
    assert answer.status_code == 303, page_text(answer.text)
    assert answer.headers["location"] == "/laporan-tahun-depan/kab-semarang-2026.yaml"
    # The same command in the workspace's language (its report is written in the language of the run).
    result = run_cli("--lang", "id", "rollover", SPEC, "--year", "2026", "--number", "7", "--date", "2026-01-12",
                     cwd=cli)
    assert result.returncode == 0, result.stderr
    written = ("kab-semarang-2026.yaml", "kab-semarang-2026.plan.yaml", "kab-semarang-2026.rollover.md")
    web, expected = _files(workspace), _files(cli)
    assert web.keys() == expected.keys() >= set(written)
    for name in written[:2]:
        assert web[name] == expected[name], name
    # The report names the files as the task was given them: the web gives the workspace's paths.
    assert web[written[2]].replace(f"{workspace.resolve()}/".encode(), b"") == expected[written[2]]

    report = client.get(answer.headers["location"])
    assert report.status_code == 200
    text = page_text(report.text)
    assert "Keputusan baru ditulis di folder kerja: kab-semarang-2026.yaml, kab-semarang-2026.plan.yaml." in text
    assert "Perlu dipastikan (3)" in text
    # Each item to confirm, with where it is in the new file.
    assert "kab-semarang-2026.yaml, baris 71, kolom 3 · signatory.name penanda tangan; masih menjabat pada 12 Januari " \
           "2026? Bambang Setyono" in text  # the workspace speaks Indonesian
    assert "kab-semarang-2026.yaml, baris 27, kolom 5 · instruments[0]" in text
    # The lapsed legal basis left out, and the check of the new decree.
    assert "Tidak lagi dikutip (1) kab-semarang-2026.yaml, baris 47, kolom 1 · mengingat dikeluarkan dari Mengingat " \
           "pada tanggal 2026-01-12" in text and "perpres-81-2010" in text  # in Indonesian, found by its kind
    assert re.search(r"Jadwal yang digeser \(\d+\)", text) and "Pemeriksaan keputusan baru" in text
    md = expected["kab-semarang-2026.rollover.md"].decode()
    assert "## Perlu dikonfirmasi (4)" in md  # the lapsed basis among them; the page lists it apart
    moved = re.search(r"## Target waktu digeser 1 tahun \((\d+)\)", md)
    assert moved and f"Jadwal yang digeser ({moved.group(1)})" in text

    # The new decree is on the start page.
    start = page_text(client.get("/").text)
    assert "kab-semarang-2026.yaml Kabupaten Semarang 7 2026 12 Januari 2026" in start


def test_a_bad_number_or_date_is_shown_at_its_field_and_nothing_is_written(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client, f"/tahun-depan/{SPEC}")
    before = _files(workspace)
    cases = [
        ({"year": "2026", "number": "", "date": "2026-01-12"}, "number", "Wajib diisi."),
        ({"year": "2026", "number": "7", "date": "12/13/2026"}, "date", "Tulis tanggal seperti 2026-01-20"),
        # The task's own messages, in the workspace's language.
        ({"year": "2026", "number": "7", "date": "2027-01-12"}, "date",
         indonesian("the date {date} is not in {year}", date="2027-01-12", year=2026)),
        ({"year": "2025", "number": "7", "date": "2025-03-01"}, "year",
         indonesian("the new year {year} is not after the spec's year {year2}", year=2025, year2=2025)),
        ({"year": "2026", "number": "7/PL.01-Kpt/3322/2025", "date": "2026-01-12"}, "number",
         indonesian("the registry code {number} ends in {group}, not {year}", number="7/PL.01-Kpt/3322/2025",
                    group=2025, year=2026)),
        ({"year": "dua", "number": "7", "date": "2026-01-12"}, "year", "Tulis tahun dengan empat angka"),
    ]
    for data, field, message in cases:
        answer = client.post(f"/tahun-depan/{SPEC}", data={**data, "csrf_token": token})
        assert answer.status_code == 400, data
        shown = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', answer.text)
        assert shown and message in shown.group(1).replace("&#39;", "'"), (data, answer.text)
        assert f'id="{field}" name="{field}" value="{data[field]}"' in answer.text  # what was typed is kept
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text)
        assert f'<li><a href="#{field}">' in answer.text  # the summary links to the field
        assert _files(workspace) == before


def test_a_rollover_over_existing_files_replaces_nothing_unless_asked(workspace: Path) -> None:
    client = web_client(workspace)
    token = csrf_token(client, f"/tahun-depan/{SPEC}")
    data = {"year": "2026", "number": "7", "date": "2026-01-12", "csrf_token": token}
    (workspace / "kab-semarang-2026.yaml").write_text("# ditulis tangan\n", "utf-8")
    answer = client.post(f"/tahun-depan/{SPEC}", data=data)
    assert answer.status_code == 400
    assert "Berkas kab-semarang-2026.yaml sudah ada di folder kerja; tidak ada yang ditimpa. Centang «Ganti berkas " \
           "tahun depan yang sudah ada» untuk menggantinya." in page_text(answer.text)
    assert "--force" not in answer.text and "-o" not in page_text(answer.text).split()
    assert (workspace / "kab-semarang-2026.yaml").read_text("utf-8") == "# ditulis tangan\n"
    assert not (workspace / "kab-semarang-2026.plan.yaml").exists()
    answer = client.post(f"/tahun-depan/{SPEC}", data={**data, "replace": "1"})
    assert answer.status_code == 303
    assert (workspace / "kab-semarang-2026.yaml").read_text("utf-8").startswith("# ")
    assert "number: 7" in (workspace / "kab-semarang-2026.yaml").read_text("utf-8")


def test_a_decree_that_cannot_be_read_is_not_rolled_over(workspace: Path) -> None:
    (workspace / "rusak.yaml").write_text("office: {kind: Kabupaten, name: Kendal}\nyear: dua ribu\n", "utf-8")
    client = web_client(workspace)
    page = client.get("/tahun-depan/rusak.yaml")
    assert page.status_code == 200 and "belum dapat dibaca" in page.text and 'name="year"' not in page.text
    before = _files(workspace)
    answer = client.post("/tahun-depan/rusak.yaml", data={"year": "2026", "number": "1", "date": "2026-01-05",
                                                          "csrf_token": csrf_token(client, "/provinsi")})
    assert answer.status_code == 400 and _files(workspace) == before
    assert client.get("/tahun-depan/../etc/passwd").status_code == 404
    assert client.get("/tahun-depan/tidak-ada.yaml").status_code == 404
    assert client.get("/laporan-tahun-depan/kab-semarang-2026.yaml").status_code == 404


# ------------------------------------------------------------------------------------------------ batch

def _start(client: TestClient, table: tuple[str, bytes], **values: str):
    data = {"plan": PLAN, "year": "2025", "csrf_token": csrf_token(client, "/provinsi"), **values}
    return client.post("/provinsi", data=data, files={"table": (table[0], table[1], "application/octet-stream")})


def _wait(client: TestClient, run: str, seconds: float = 600) -> dict:
    deadline = time.monotonic() + seconds
    seen = []
    while True:
        progress = client.get(f"{run}/kemajuan.json").json()
        seen.append(progress["done"])
        if progress["state"] != "berjalan":
            assert seen == sorted(seen)  # progress only goes forward
            return progress
        assert time.monotonic() < deadline
        time.sleep(0.2)


def _rows(count: int) -> bytes:
    lines = OFFICES.read_bytes().decode("utf-8").splitlines(keepends=True)
    return "".join(lines[:count + 1]).encode("utf-8")


def test_a_batch_writes_every_office_and_its_zip(workspace: Path) -> None:
    client = web_client(workspace)
    start = client.get("/")
    assert '<a class="button" href="/provinsi">Semua kantor satu provinsi</a>' in start.text
    answer = _start(client, ("jawa-tengah-2025.offices.csv", _rows(3)))
    assert answer.status_code == 303, page_text(answer.text)
    run = answer.headers["location"]
    assert re.fullmatch(r"/provinsi/[\w-]{12}", run)
    progress = _wait(client, run)
    assert progress["state"] == "selesai"
    assert (progress["done"], progress["total"], progress["written"], progress["failed"]) == (3, 3, 3, 0)
    assert [o["state"] for o in progress["offices"]] == ["ditulis"] * 3
    page = client.get(run)
    text = page_text(page.text)
    assert "Selesai: 3 paket ditulis, 0 gagal, dari 3 kantor." in text
    assert "1 Kabupaten Banjarnegara jawa-tengah-2025.offices.csv, baris 2 ditulis kpu-kabupaten-banjarnegara-2025-" \
           "nomor-24" in text
    assert 'http-equiv="refresh"' not in page.text  # a finished run is not refreshed
    folder = workspace / "paket-jawa-tengah-2025"
    packages = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert packages == ["kpu-kabupaten-banjarnegara-2025-nomor-24", "kpu-kabupaten-banyumas-2025-nomor-40",
                        "kpu-kabupaten-batang-2025-nomor-20"]
    download = client.get(f"{run}/semua.zip")
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    assert 'filename="paket-jawa-tengah-2025.zip"' in download.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        names = archive.namelist()
        for package in packages:
            for file in (folder / package).iterdir():
                assert archive.read(f"{package}/{file.name}") == file.read_bytes()
        summary = json.loads(archive.read("batch-summary.json"))
    assert len(names) == sum(len(list((folder / p).iterdir())) for p in packages) + 1
    assert summary["written"] == 3 and summary["failed"] == 0
    # The same packages, the same bytes; the run is still there after a reload, and listed on the form.
    assert client.get(f"{run}/semua.zip").content == download.content
    assert "selesai: 3 ditulis" in page_text(client.get("/provinsi").text)
    assert client.get("/provinsi/tidak-ada").status_code == 404
    assert client.get("/provinsi/tidak-ada/semua.zip").status_code == 404


def test_offices_across_the_province_sample_are_each_reached(workspace: Path) -> None:
    # Every seventh office of the sample from its second, and its last (Kabupaten with a seat, Kota without): each
    # shown at its row and in the zip. test_batch.py renders the whole sample of 35 once; all of it here would
    # render the same offices again for the same page.
    lines = OFFICES.read_text("utf-8").splitlines(keepends=True)
    picked = [*lines[2::7], lines[-1]]
    client = web_client(workspace)
    answer = _start(client, (OFFICES.name, "".join([lines[0], *picked]).encode("utf-8")))
    assert answer.status_code == 303, page_text(answer.text)
    run = answer.headers["location"]
    progress = _wait(client, run)
    count = len(picked)
    assert (progress["state"], progress["done"], progress["total"], progress["written"]) == ("selesai", count, count,
                                                                                             count)
    text = page_text(client.get(run).text)
    offices = [line.split(",")[0] for line in picked]
    for n, office in enumerate(offices, 1):
        assert f"{n} {office} jawa-tengah-2025.offices.csv, baris {n + 1} ditulis" in text
    with zipfile.ZipFile(io.BytesIO(client.get(f"{run}/semua.zip").content)) as archive:
        folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
        for folder in folders:
            assert {f"{folder}/{folder}.original.docx", f"{folder}/{folder}.salinan.docx",
                    f"{folder}/{folder}.salinan.pdf", f"{folder}/record.json"} <= set(archive.namelist())
    assert len(folders) == count


def test_a_bad_row_fails_its_office_with_located_messages(workspace: Path) -> None:
    lines = _rows(3).decode().splitlines()
    lines[2] = lines[2].replace("2025-01-08", "31 Februari 2025")  # Kabupaten Banyumas, row 3
    lines[3] = lines[3].replace("Siti Nurhidayah", "")  # Kabupaten Batang, row 4: no chair
    client = web_client(workspace)
    answer = _start(client, ("kantor.csv", ("\n".join(lines) + "\n").encode()))
    assert answer.status_code == 303
    progress = _wait(client, answer.headers["location"])
    assert (progress["state"], progress["written"], progress["failed"]) == ("selesai", 1, 2)
    text = page_text(client.get(answer.headers["location"]).text)
    # The run speaks the language of the page that started it (Indonesian), though it goes on in its own thread.
    assert "2 Kabupaten Banyumas kantor.csv, baris 3 gagal kantor.csv, baris 3, kolom 5 · date " + \
           indonesian("{text} is not a date in the calendar", text="'31 Februari 2025'") in text
    assert "3 Kabupaten Batang kantor.csv, baris 4 gagal kantor.csv, baris 4, kolom 6 · chair " + \
           indonesian("{column} is empty; every office needs one", column="chair") in text
    assert "Unduh semua paket (zip)" in text  # the office written is still offered


@pytest.mark.parametrize(("name", "data", "status", "message"), [
    ("kantor.txt", b"office\n", 400, "Tabel kantor berupa berkas .csv (UTF-8) atau .xlsx."),
    ("kantor.xlsx", b"office,number\n", 400, "bukan buku kerja Excel (.xlsx)"),
    ("kantor.csv", b"PK\x03\x04\x00\x00", 400, "bukan teks CSV"),
    ("kantor.csv", b"", 400, "Berkas ini kosong."),
    ("kantor.csv", b"kantor,nomor,tanggal,ketua,pengesah,warna\nKabupaten Batang,1,2025-01-02,A,B,merah\n", 400,
     "kantor.csv, baris 1, kolom 6 · warna: kolom 'warna' tidak dikenal"),  # the workspace speaks Indonesian
    ("kantor.csv", b"office,number\n", 400, "kantor.csv, baris 1: kolom date, chair, attestation_name tidak ada (wajib: "),
    ("kantor.csv", b"x" * (2 * 1024 * 1024 + 1), 413, "Berkas terlalu besar: tabel kantor paling besar 2 MiB."),
], ids=["not-a-table", "xlsx-not-zip", "csv-binary", "empty", "unknown-column", "missing-columns", "too-large"])
def test_a_bad_offices_table_is_refused_with_its_messages(workspace: Path, name: str, data: bytes, status: int,
                                                          message: str) -> None:
    client = web_client(workspace)
    answer = _start(client, (name, data))
    assert answer.status_code == status
    shown = " ".join(re.findall(r'<p class="error" id="table-error">([^<]*)</p>', answer.text))
    assert message in shown.replace("&#39;", "'"), answer.text
    assert "Proses sebelumnya" not in answer.text
    assert not (workspace / "paket-kantor").exists()


def test_the_workbook_reader_s_protections_apply_to_an_uploaded_table(workspace: Path) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (65 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    answer = _start(web_client(workspace), ("kantor.xlsx", bomb.getvalue()))
    assert answer.status_code == 400
    assert "kantor.xlsx: memuat bagian (xl/worksheets/sheet1.xml) sebesar 65 MiB tanpa kompresi" in page_text(answer.text)


def test_the_batch_form_asks_for_a_plan_and_year(workspace: Path) -> None:
    client = web_client(workspace)
    answer = _start(client, (OFFICES.name, _rows(1)), plan="../luar.plan.yaml", year="20")
    assert answer.status_code == 400
    assert re.search(r'<p class="error" id="plan-error">Pilih rencana aksi dari daftar.</p>', answer.text)
    assert re.search(r'<p class="error" id="year-error">Tulis tahun dengan empat angka', answer.text)
    page = client.get("/provinsi")
    parser = Controls()
    parser.feed(page.text)
    assert [c["id"] for c in parser.controls] == ["table", "plan", "year"]
    assert {c["id"] for c in parser.controls} <= parser.labels
    parser = Controls()
    parser.feed(client.get(f"/tahun-depan/{SPEC}").text)
    assert [c["id"] for c in parser.controls] == ["year", "number", "date", "replace"]
    assert {c["id"] for c in parser.controls} <= parser.labels


def test_a_batch_does_not_hold_up_other_requests(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zi_decree.web.yearly as yearly

    release, started = threading.Event(), threading.Event()
    real = yearly.batch

    def slow(*args, **kwargs):
        started.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(yearly, "batch", slow)
    client = web_client(workspace)
    answer = _start(client, (OFFICES.name, _rows(1)))
    assert answer.status_code == 303
    run = answer.headers["location"]
    try:
        assert started.wait(30)
        # While it runs: other pages answer, its page says so and refreshes itself without scripts.
        assert client.get("/").status_code == 200
        page = client.get(run)
        assert "Sedang berjalan: 0 dari 1 kantor selesai." in page_text(page.text)
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
        assert '<script src="/static/yearly.js" defer></script>' in page.text
        assert client.get(f"{run}/semua.zip").status_code == 404
        # One batch at a time in a workspace.
        second = _start(client, (OFFICES.name, _rows(1)))
        assert second.status_code == 409 and "masih berjalan" in second.text
    finally:
        release.set()
    assert _wait(client, run)["state"] == "selesai"


# ------------------------------------------------------------------------------------------------ preview speed

def test_a_save_proofreads_again_only_the_texts_it_changed(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview after a save (bench_web) checks the decree again; its spelling check splits into words only the
    texts that changed, and finds what it found before."""
    import zi_decree.tasks.proofread as proofread

    split: list[str] = []
    real = proofread.words_of

    def counted(text: str):
        split.append(text)
        return real(text)

    monkeypatch.setattr(proofread, "words_of", counted)
    proofread._words.cache_clear()  # what earlier tests of this process left
    client = web_client(workspace)
    spec = workspace / "kab-batang-2022.yaml"
    first = client.get(f"/pratinjau/{spec.name}")
    assert first.status_code == 200 and len(split) > 300
    text = spec.read_text("utf-8")
    assert text.count("tugas dan tanggung jawab Tim") == 1  # the Menimbang's one item
    split.clear()
    spec.write_text(text.replace("tugas dan tanggung jawab Tim", "tugas dan tangung jawab Tim"), "utf-8")
    again = client.get(f"/pratinjau/{spec.name}")
    assert again.status_code == 200 and "tugas dan tangung jawab Tim" in again.text
    changed = [t for t in split if "tangung" in t]
    assert len(changed) == 1 and len(split) <= 10  # the changed text (and the guideline's names), not all 361
    assert "ejaan: 'tangung' tidak terdapat dalam kamus" in again.text.replace("&#39;", "'")  # the workspace's words


def test_a_plan_kept_in_excel_is_offered_and_batches_as_the_command_line_does(workspace: Path,
                                                                               tmp_path: Path) -> None:
    # Staff keep plans in Excel: a workbook in the workspace is a plan the batch form offers, as `batch --plan
    # x.xlsx` takes one; the packages are those the command line writes from the same workbook.
    exported = run_cli("plan", "export", str(workspace / PLAN), "--year", "2025", "-o",
                       str(workspace / "jawa-tengah-2025.xlsx"))
    assert exported.returncode == 0, exported.stderr
    client = web_client(workspace)
    assert '<option value="jawa-tengah-2025.xlsx">' in client.get("/provinsi").text
    table = tmp_path / "jawa-tengah-2025.offices.csv"
    table.write_bytes(_rows(2))
    answer = _start(client, (table.name, table.read_bytes()), plan="jawa-tengah-2025.xlsx")
    assert answer.status_code == 303, page_text(answer.text)
    progress = _wait(client, answer.headers["location"])
    assert (progress["state"], progress["written"], progress["failed"]) == ("selesai", 2, 0)
    result = run_cli("--lang", "id", "batch", str(table), "--plan", str(workspace / "jawa-tengah-2025.xlsx"),
                     "--year", "2025", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    made = workspace / "paket-jawa-tengah-2025"
    for package in ("kpu-kabupaten-banjarnegara-2025-nomor-24", "kpu-kabupaten-banyumas-2025-nomor-40"):
        assert _files(made / package) == _files(tmp_path / "out" / package)
