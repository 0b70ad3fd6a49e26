"""Every error and warning has a stable code, listed with its meaning and an example in the README; a spec may
accept warnings by code, place and reason, and check, render and record.json say so."""

from __future__ import annotations

import ast
import json
import typing
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run_cli, unaccepted
from make_codes_readme import build
from zi_decree.codes import CODES, Code

PACKAGE = ROOT / "zi_decree"


def _literal_codes() -> dict[str, list[str]]:
    """Every string in the package's source that is a code, with where it is written."""
    found: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CODES:
                found.setdefault(node.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_registry_lists_each_code_once_with_its_meaning_and_an_example() -> None:
    assert list(typing.get_args(Code)) == list(CODES)
    for code, info in CODES.items():
        assert code == code.lower() and " " not in code
        assert info.severity in ("error", "warning")
        assert info.summary.endswith(".") and len(info.summary) > 20, code
        assert info.example, code


def test_every_code_is_used_by_the_package() -> None:
    """No code in the registry that nothing says (a model check's code is a constant in the model too)."""
    used = _literal_codes()
    assert sorted(set(CODES) - set(used)) == []


def test_every_problem_is_made_with_a_code() -> None:
    """Problem's code is required (a type checker refuses a problem without one); the source agrees: every call
    names it."""
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem" \
                    and not any(k.arg == "code" for k in node.keywords):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []


def test_the_readme_lists_every_code_with_its_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == build(readme), "the README's codes are stale: run python tests/make_codes_readme.py"
    for code, info in CODES.items():
        assert f"| `{code}` |" in readme and f"{info.severity}[{code}]" in readme


# ------------------------------------------------------------------------------------------------ what users see


def _spec(tmp_path: Path, extra: str = "") -> Path:
    """A copy of an example (with its plan) whose warnings are known, and `extra` appended to its YAML."""
    for name in ("kab-semarang-2025.yaml", "kab-semarang-2025.plan.yaml"):
        (tmp_path / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    spec = tmp_path / "kab-semarang-2025.yaml"
    text = spec.read_text(encoding="utf-8")
    # The example documents its own accepted warnings: start from none.
    spec.write_text(unaccepted(text).rstrip("\n") + "\n" + extra, encoding="utf-8")
    return spec


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("warning[")]


def test_check_shows_each_problem_with_its_code(tmp_path: Path) -> None:
    result = run_cli("check", str(_spec(tmp_path)))
    assert result.returncode == 1
    lines = _warnings(result.stdout)
    assert lines
    for line in lines:
        code = line[len("warning["):line.index("]")]
        assert CODES[code].severity == "warning", line  # type: ignore[index]
    data = json.loads(run_cli("check", "--json", str(_spec(tmp_path))).stdout)
    assert {p["code"] for p in data["specs"][0]["problems"]} <= set(CODES)
    assert {"spelling-nonstandard", "component-old-name"} <= {p["code"] for p in data["specs"][0]["problems"]}


def test_an_error_shows_its_code(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    spec.write_text(spec.read_text(encoding="utf-8").replace("year: 2025", "year: dua ribu"), encoding="utf-8")
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert any(line.startswith(f"error[wrong-type]: {spec}:") and ": year: expected a whole number" in line
               for line in result.stdout.splitlines()), result.stdout


def _accept_all(tmp_path: Path) -> Path:
    """A spec that accepts each of its warnings: one entry by code alone, the others by code and place."""
    spec = _spec(tmp_path)
    data = json.loads(run_cli("check", "--json", str(spec)).stdout)
    entries = []
    for code in sorted({p["code"] for p in data["specs"][0]["problems"]}):
        if code == "component-old-name":
            entries.append(f"  - code: {code}\n    reason: the plan keeps the names of the office's earlier plan\n")
            continue
        for field in sorted({p["field"] for p in data["specs"][0]["problems"] if p["code"] == code}):
            entries.append(f"  - code: {code}\n    at: '{field}'\n    reason: as published\n")
    return _spec(tmp_path, "accepted:\n" + "".join(entries))


def test_check_passes_when_every_warning_is_accepted(tmp_path: Path) -> None:
    spec = _accept_all(tmp_path)
    result = run_cli("check", str(spec))
    assert result.returncode == 0, result.stdout
    assert _warnings(result.stdout) == []
    assert result.stdout.splitlines()[-1].startswith(f"{spec}: clean; ")
    assert "accepted (--show-accepted lists them)" in result.stdout
    shown = run_cli("check", "--show-accepted", str(spec))
    assert shown.returncode == 0
    accepted = [line for line in shown.stdout.splitlines() if " accepted (" in line and line.startswith("warning[")]
    assert accepted and any(
        line.startswith("warning[component-old-name] accepted (the plan keeps the names of the office's earlier "
                        "plan): ") for line in accepted)


def test_record_json_keeps_accepted_warnings_with_their_reasons(tmp_path: Path) -> None:
    spec = _accept_all(tmp_path)
    result = run_cli("render", str(spec), "--format", "txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert _warnings(result.stderr) == []  # accepted: counted, not repeated
    assert f"{spec}: 0 warnings and " in result.stderr and " accepted, recorded in " in result.stderr
    (record,) = (tmp_path / "out").glob("*/record.json")
    warnings = json.loads(record.read_text(encoding="utf-8"))["warnings"]
    assert warnings and all(w["accepted"] for w in warnings)
    assert {w["accepted"] for w in warnings if w["code"] == "component-old-name"} == {
        "the plan keeps the names of the office's earlier plan"}


def test_an_acceptance_limited_to_a_field_leaves_the_others(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "accepted:\n  - code: spelling-nonstandard\n    at: menimbang\n    reason: quoted\n")
    result = run_cli("check", "--show-accepted", str(spec))
    assert result.returncode == 1
    accepted = [line for line in result.stdout.splitlines() if " accepted (quoted): " in line]
    assert accepted and all(": menimbang[" in line for line in accepted)
    assert any("spelling-nonstandard" in line and "lampiran[" in line for line in _warnings(result.stdout))


def test_an_acceptance_that_matches_nothing_is_a_warning(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "accepted:\n  - code: stale-year\n    at: menimbang[9]\n    reason: old\n")
    result = run_cli("check", str(spec))
    assert result.returncode == 1
    (line,) = [w for w in _warnings(result.stdout) if w.startswith("warning[accepted-unused]")]
    assert f"{spec}:" in line and "accepted[0]: accepts 'stale-year' at 'menimbang[9]', but there is no such " \
        "warning; remove the entry" in line


@pytest.mark.parametrize("code, expected", [
    ("speling-nonstandard", "not-a-choice]: {spec}:{line}:5: accepted[0].code: 'speling-nonstandard' is not a "
                            "warning's code; did you mean 'spelling-nonstandard'"),
    ("yaml-syntax", "invalid-value]: {spec}:{line}:5: accepted[0].code: 'yaml-syntax' is an error's code; an "
                    "error cannot be accepted, only fixed"),
])
def test_an_acceptance_names_a_warnings_code(tmp_path: Path, code: str, expected: str) -> None:
    spec = _spec(tmp_path, f"accepted:\n  - code: {code}\n    reason: why\n")
    line = spec.read_text(encoding="utf-8").splitlines().index(f"  - code: {code}") + 1
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert "error[" + expected.format(spec=spec, line=line) in result.stdout, result.stdout


def test_an_acceptance_needs_a_reason(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "accepted:\n  - code: stale-year\n")
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert "error[missing-field]" in result.stdout and "accepted[0]" in result.stdout and "'reason'" in result.stdout
