"""Every command that writes a file the user names refuses to replace one without --force, and never writes
through or replaces a symbolic link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

SPEC = "kab-semarang-2025.yaml"

# Each command, the name of the file it is told to write, and its arguments (OUT stands for that file).
COMMANDS = {
    "schema": ("out.json", ["schema", "-o", "OUT"]),
    "template": ("out.docx", ["template", "-o", "OUT"]),
    "plan template": ("out.xlsx", ["plan", "template", "-o", "OUT", "--year", "2025"]),
    "plan export": ("out.xlsx", ["plan", "export", SPEC, "-o", "OUT"]),
    "plan import": ("out.yaml", ["plan", "import", "plan.xlsx", "-o", "OUT"]),
    "new": ("out.yaml", ["new", "-o", "OUT", "--office", "Kabupaten Kendal", "--year", "2026"]),
    "rollover": ("out.yaml", ["rollover", SPEC, "--year", "2026", "--number", "3", "--date", "2026-01-12",
                              "-o", "OUT"]),
}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = tmp_path_factory.mktemp("book") / "plan.xlsx"
    exported = run_cli("plan", "export", str(EXAMPLES / SPEC), "-o", str(book))
    assert exported.returncode == 0, exported.stderr
    return book


@pytest.fixture
def folder(tmp_path: Path, workbook: Path) -> Path:
    """A folder with a spec, its plan file and a plan workbook; the commands run in it."""
    for source in (EXAMPLES / SPEC, EXAMPLES / "kab-semarang-2025.plan.yaml", workbook):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path


def _run(folder: Path, command: str, *extra: str):
    name, args = COMMANDS[command]
    return run_cli(*(name if a == "OUT" else a for a in args), *extra, cwd=folder)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_file_is_replaced_only_with_force(folder: Path, command: str) -> None:
    out = folder / COMMANDS[command][0]
    out.write_text("keep me", encoding="utf-8")
    result = _run(folder, command)
    assert result.returncode == 2, result.stderr
    assert f"{out.name}: exists; choose another name" in result.stderr and "give --force to replace it" \
        in result.stderr and "Traceback" not in result.stderr
    assert "error[output-exists]: " in result.stderr  # its own code, which the workspace's forms go by
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = _run(folder, command, "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes() != b"keep me" and not out.is_symlink()


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to-a-file"])
def test_a_symbolic_link_is_never_written_through_or_replaced(folder: Path, command: str, dangling: bool) -> None:
    out = folder / COMMANDS[command][0]
    target = folder / "elsewhere" / "theirs"
    target.parent.mkdir()
    if not dangling:
        target.write_text("theirs", encoding="utf-8")
    out.symlink_to(target)
    for extra in ((), ("--force",)):
        result = _run(folder, command, *extra)
        assert result.returncode == 2, result.stderr
        assert f"{out.name}: is a symbolic link; name the file itself, or another name" in result.stderr
        assert "Traceback" not in result.stderr
        assert out.is_symlink() and out.readlink() == target
        assert target.read_text(encoding="utf-8") == "theirs" if not dangling else not target.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ([] if dangling else ["theirs"])


def test_a_command_never_replaces_its_own_input_even_with_force(folder: Path) -> None:
    spec = folder / SPEC
    before = spec.read_bytes()
    result = run_cli("rollover", SPEC, "--year", "2026", "--number", "3", "--date", "2026-01-12", "-o", SPEC,
                     "--force", cwd=folder)
    assert result.returncode == 2 and f"{SPEC}: is a file this command reads" in result.stderr
    assert "error[output-is-input]: " in result.stderr
    assert spec.read_bytes() == before and not (folder / "kab-semarang-2026.plan.yaml").exists()
    plan = folder / "kab-semarang-2025.plan.yaml"
    before = plan.read_bytes()
    result = run_cli("new", "-o", plan.name, "--plan", plan.name, "--office", "Kabupaten Kendal", "--year", "2026",
                     "--force", cwd=folder)
    assert result.returncode == 2 and f"{plan.name}: is a file this command reads" in result.stderr
    assert plan.read_bytes() == before
    result = run_cli("plan", "export", "plan.xlsx", "-o", "plan.xlsx", "--force", cwd=folder)
    assert result.returncode == 2 and "plan.xlsx: is a file this command reads" in result.stderr


def test_a_folder_in_the_way_is_named(folder: Path) -> None:
    (folder / "out.json").mkdir()
    result = _run(folder, "schema", "--force")
    assert result.returncode == 2 and "out.json: is a folder; name a file (nothing was written)" in result.stderr
