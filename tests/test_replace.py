"""Rendering over an older package (issue 12): the old package or the new one, never a mix, whatever interrupts
the write; files staff put in the folder kept; files changed by hand never replaced without --force."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from benchmarks import fault_injection as fi
from conftest import EXAMPLES, run_cli
from zi_decree.writing import files

SEMARANG = EXAMPLES / "kab-semarang-2025.yaml"
SLUG = "kpu-kabupaten-semarang-2025-nomor-6"
forks = pytest.mark.skipif(not hasattr(os, "fork"), reason="interrupts a forked child")


def _render(out: Path, *args: str, spec: Path = SEMARANG):
    return run_cli("render", str(spec), "-o", str(out), *args)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _as_recorded(folder: Path) -> bool:
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    return all("sha256:" + hashlib.sha256((folder / o["file"]).read_bytes()).hexdigest() == o["sha256"]
               for o in record["outputs"])


@pytest.fixture(scope="module")
def rendered_old_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding the txt package of Kabupaten Semarang, both variants, rendered once."""
    out = tmp_path_factory.mktemp("old") / "out"
    result = _render(out, "--format", "txt", "--variant", "both")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def old_package(rendered_old_package: Path, tmp_path: Path) -> Path:
    """An output folder holding the txt package of Kabupaten Semarang, both variants: a copy of the one rendered
    (the same bytes; rendering it again for each test was a render more per test)."""
    out = tmp_path / "out"
    shutil.copytree(rendered_old_package, out, symlinks=True)
    assert _tree(out) == _tree(rendered_old_package) and _as_recorded(out / SLUG)
    return out


# ------------------------------------------------------------------------------------------------ the swap

def test_rendering_again_leaves_the_new_package_and_nothing_else(old_package: Path) -> None:
    result = _render(old_package, "--format", "txt,docx")
    assert result.returncode == 0, result.stderr
    assert os.listdir(old_package) == [SLUG]  # no staging or old folder beside it
    assert sorted(os.listdir(old_package / SLUG)) == [f"{SLUG}.original.docx", f"{SLUG}.salinan.docx",
                                                      f"{SLUG}.salinan.txt", "record.json"]
    assert _as_recorded(old_package / SLUG)


def test_files_staff_put_in_the_package_folder_are_kept(old_package: Path) -> None:
    folder = old_package / SLUG
    (folder / "scan-sk-ditandatangani.pdf").write_bytes(b"%PDF scan")
    (folder / "arsip").mkdir()
    (folder / "arsip" / "halaman-1.png").write_bytes(b"PNG page")
    result = _render(old_package, "--format", "txt")
    assert result.returncode == 0, result.stderr
    tree = _tree(folder)
    assert (tree["scan-sk-ditandatangani.pdf"], tree["arsip/halaman-1.png"]) == (b"%PDF scan", b"PNG page")
    assert sorted(os.listdir(folder)) == ["arsip", f"{SLUG}.salinan.txt", "record.json",
                                          "scan-sk-ditandatangani.pdf"]  # the original.txt of the old run is gone


def test_temporary_files_of_earlier_versions_are_not_carried_over(old_package: Path) -> None:
    (old_package / SLUG / f".{SLUG}.sali.k8ssotgu.tmp").write_bytes(b"half")  # as a killed earlier version left
    assert _render(old_package, "--format", "txt").returncode == 0
    assert sorted(os.listdir(old_package / SLUG)) == [f"{SLUG}.salinan.txt", "record.json"]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_rename_that_fails_leaves_the_old_package_exactly_as_it_was(
        old_package: Path, exchange: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file of the package open in Word (Windows) or immutable: it cannot be renamed, nor the folder holding it.
    folder = old_package / SLUG
    locked = {str(folder), str(folder / f"{SLUG}.salinan.txt")}
    before = _tree(folder)

    def guarded(real):
        def call(a, b, *args, **kwargs):
            if str(a) in locked or str(b) in locked:
                raise PermissionError(13, "Permission denied", str(a))
            return real(a, b, *args, **kwargs)
        return call

    monkeypatch.setattr(os, "replace", guarded(os.replace))
    monkeypatch.setattr(os, "rename", guarded(os.rename))
    real_exchange = getattr(files, "_exchange", lambda a, b: False)
    monkeypatch.setattr(files, "_exchange", guarded(real_exchange) if exchange else lambda a, b: False,
                        raising=False)
    result = _render(old_package, "--format", "txt", "--paper", "a4")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (f"error[cannot-write]: {folder}: cannot write the package: Permission denied (is a file of the package open in "
            "another program, or read-only?); the old package is as it was") in result.stderr
    assert _tree(folder) == before
    assert os.listdir(old_package) == [SLUG]


def test_the_next_run_puts_back_a_package_left_aside_between_two_renames(old_package: Path) -> None:
    # As a run killed between the two renames of the swap leaves it (where no atomic exchange exists).
    folder = old_package / SLUG
    before = _tree(folder)
    folder.rename(old_package / f".{SLUG}.old-0123abcd")
    shutil.copytree(old_package / f".{SLUG}.old-0123abcd", old_package / f".{SLUG}.staging-89abcdef")
    (folder.parent / f".{SLUG}.old-0123abcd" / f"{SLUG}.salinan.txt").write_text("edited", encoding="utf-8")
    # A reader first puts the old package back: here the check that refuses to replace a file changed by hand.
    result = _render(old_package, "--format", "txt")
    assert result.returncode == 2 and f"{folder / f'{SLUG}.salinan.txt'}: changed since" in result.stderr
    assert _tree(folder) == {**before, f"{SLUG}.salinan.txt": b"edited"}
    assert os.listdir(old_package) == [SLUG]  # and the killed run's staging folder is gone


def test_a_staging_folder_of_a_render_still_running_is_left_alone(old_package: Path) -> None:
    running = old_package / f".{SLUG}.staging-0123abcd"
    running.mkdir()
    lock = files._lock(running)  # as the running render holds it
    assert lock is not None or os.name != "posix"
    try:
        assert _render(old_package, "--format", "txt").returncode == 0
        assert running.is_dir()
    finally:
        files._unlock(lock)
    assert _render(old_package, "--format", "txt").returncode == 0
    assert os.listdir(old_package) == [SLUG]


# ------------------------------------------------------------------------------------------------ edits by hand

def test_a_docx_edited_by_hand_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _render(out, "--format", "docx").returncode == 0
    edited = out / SLUG / f"{SLUG}.salinan.docx"
    edited.write_bytes(edited.read_bytes() + b"edited in Word")
    before = _tree(out / SLUG)
    result = _render(out, "--format", "docx")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (f"error[package-edited]: {edited}: changed since zi-decree made it (it no longer matches record.json), and rendering "
            "again would replace it: give --force to replace it (files of other names in the folder "
            "are kept)") in result.stderr
    assert f"1 problem found; nothing was written for {SEMARANG}." in result.stderr
    assert _tree(out / SLUG) == before
    result = _render(out, "--format", "docx", "--force")
    assert result.returncode == 0, result.stderr
    assert _as_recorded(out / SLUG) and os.listdir(out) == [SLUG]


def test_render_package_refuses_an_edited_file_unless_force(old_package: Path) -> None:
    from zi_decree import render_package
    from zi_decree.errors import ZiDecreeError

    edited = old_package / SLUG / f"{SLUG}.original.txt"
    edited.write_text("disunting", encoding="utf-8")
    with pytest.raises(ZiDecreeError) as info:
        render_package(SEMARANG, old_package, formats=["txt"])  # would remove it: it is not made any more
    (problem,) = info.value.problems
    assert problem.location.file == str(edited) and "changed since zi-decree made it" in problem.message
    assert edited.read_text(encoding="utf-8") == "disunting"
    render_package(SEMARANG, old_package, formats=["txt"], force=True)
    assert sorted(os.listdir(old_package / SLUG)) == [f"{SLUG}.salinan.txt", "record.json"]


def test_a_folder_of_files_without_record_json_is_not_replaced_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "out" / SLUG
    folder.mkdir(parents=True)
    (folder / f"{SLUG}.salinan.txt").write_text("typed by hand", encoding="utf-8")
    (folder / "catatan.txt").write_text("notes", encoding="utf-8")
    result = _render(tmp_path / "out", "--format", "txt")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (f"error[package-edited]: {folder}: holds 2 files but no record.json, so it is not a package zi-decree made, and "
            "rendering would replace it: move the files away, or give --force") in result.stderr
    assert _tree(folder) == {f"{SLUG}.salinan.txt": b"typed by hand", "catatan.txt": b"notes"}
    assert _render(tmp_path / "out", "--format", "txt", "--force").returncode == 0
    assert _tree(folder)["catatan.txt"] == b"notes" and _as_recorded(folder)


def test_a_file_that_record_json_does_not_list_is_not_overwritten_without_force(old_package: Path) -> None:
    pdf = old_package / SLUG / f"{SLUG}.salinan.pdf"
    pdf.write_bytes(b"%PDF scanned by staff")
    result = _render(old_package, "--format", "txt,pdf")
    assert result.returncode == 2
    assert f"error[package-edited]: {pdf}: not made by zi-decree (record.json does not list it)" in result.stderr
    assert pdf.read_bytes() == b"%PDF scanned by staff"


def test_an_unreadable_record_is_not_trusted_without_force(old_package: Path) -> None:
    (old_package / SLUG / "record.json").write_text("{not json", encoding="utf-8")
    result = _render(old_package, "--format", "txt")
    assert result.returncode == 2
    assert f"error[package-edited]: {old_package / SLUG / 'record.json'}: cannot be read (not the record zi-decree writes)" \
        in result.stderr
    assert _render(old_package, "--format", "txt", "--force").returncode == 0


def test_batch_reports_an_office_edited_by_hand_and_renders_the_others(tmp_path: Path) -> None:
    with (EXAMPLES / "jawa-tengah-2025.offices.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:3]
    offices = tmp_path / "offices.csv"
    with offices.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out"
    args = ("batch", str(offices), "--plan", str(EXAMPLES / "jawa-tengah-2025.plan.yaml"), "--year", "2025",
            "-o", str(out), "--format", "txt", "--workers", "1")
    assert run_cli(*args).returncode == 0
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    edited = folders[1] / f"{folders[1].name}.salinan.txt"
    edited.write_text("disunting", encoding="utf-8")
    stamps = {p: p.stat().st_mtime_ns for p in (folders[0] / "record.json", folders[2] / "record.json")}
    result = run_cli(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"  error[package-edited]: {edited}: changed since zi-decree made it" in result.stderr
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    assert (summary["written"], summary["failed"]) == (2, 1)
    assert edited.read_text(encoding="utf-8") == "disunting"
    assert all(p.stat().st_mtime_ns != stamp for p, stamp in stamps.items())  # the others were rendered again
    assert run_cli(*args, "--force").returncode == 0
    assert _as_recorded(folders[1])


# ------------------------------------------------------------------------------------------------ fault injection

@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_every_file_and_the_staging_folder_reach_the_disk_before_the_swap(
        scenario: fi.Scenario, tmp_path: Path, exchange: bool) -> None:
    with fi.two_renames(not exchange):
        calls = fi.steps(scenario, tmp_path)
    attempt = calls.index("exchange")  # tried first; where the file system cannot, two renames follow
    assert calls.count("fdatasync") >= 2, calls
    assert max(i for i, name in enumerate(calls) if name == "fdatasync") < attempt, calls
    assert calls[attempt - 2:attempt] == ["open", "fsync"], calls  # the staging folder's entries
    swapped = attempt
    if not exchange:
        assert calls[attempt + 1:attempt + 4] == ["open", "rename", "rename"], calls  # lock, old aside, new in
        swapped = attempt + 3
    assert calls[swapped + 1:swapped + 4] == ["open", "fsync", "rmtree"], calls  # the parent's, then the old gone


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> fi.Scenario:
    """The old package (txt and docx, both variants, F4, with staff's files) and the new one (docx on A4)."""
    return fi.scenario(tmp_path_factory.mktemp("faults"), ("txt", "docx"), ("docx",))


@forks
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
@pytest.mark.parametrize("how", ["error", "interrupt", "kill"])
def test_an_interruption_at_any_step_leaves_the_old_package_or_the_new_one(
        scenario: fi.Scenario, tmp_path: Path, how: str, exchange: bool) -> None:
    # Every file-system call of the write phase in turn: an error, Ctrl-C, or kill -9 just before it. Then the
    # folder must hold the old or the new package (or, killed between two renames, the old one aside, which a
    # reader puts back), and after the next run the new one and nothing else.
    tally = fi.Tally(sync=False)
    with fi.two_renames(not exchange):
        count = fi.step_tries(scenario, tmp_path, how, tally, sync=False)
    assert tally.failures == []
    assert count >= 20
    assert tally.outcomes["old"] and tally.outcomes["new"]
    if how == "kill" and not exchange:
        assert tally.outcomes["missing, restored"] == 1  # killed between the two renames


@forks
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_renders_killed_at_random_moments_leave_the_old_package_or_the_new_one(
        scenario: fi.Scenario, tmp_path: Path, exchange: bool) -> None:
    # 20 children killed (SIGKILL or SIGINT) at random moments of the write phase; benchmarks/fault_injection.py
    # runs more (benchmarks/RESULTS.md).
    tally = fi.Tally()
    with fi.two_renames(not exchange):
        fi.kill_tries(scenario, tmp_path, 20, 12, fi.write_time(scenario, tmp_path, 3), tally)
    assert tally.failures == []
    assert sum(tally.outcomes.values()) == 20
