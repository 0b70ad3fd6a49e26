"""Shared fixtures: the examples rendered once through the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = Path(__file__).resolve().parent / "seeds"


def example_specs() -> list[Path]:
    """Every spec in examples/ (plan files, *.plan.yaml, belong to the spec that names them)."""
    return sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".plan.yaml"))


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the public command line in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ZI_DECREE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "zi_decree", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def rendered_txt(tmp_path_factory) -> dict[str, dict[str, str]]:
    """{example stem: {variant: text}} from one `zi-decree render --format txt --variant both` run."""
    out = tmp_path_factory.mktemp("txt")
    specs = example_specs()
    result = run_cli("render", *map(str, specs), "--format", "txt", "--variant", "both", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rendered: dict[str, dict[str, str]] = {}
    produced = [Path(line) for line in result.stdout.splitlines() if line.endswith(".txt")]
    # The command prints the files in spec order, original then salinan for each.
    assert len(produced) == 2 * len(specs), result.stdout
    for spec, (original, salinan) in zip(specs, zip(produced[::2], produced[1::2])):
        rendered[spec.stem] = {
            "original": original.read_text(encoding="utf-8"),
            "salinan": salinan.read_text(encoding="utf-8"),
        }
    return rendered


def soffice() -> str:
    """LibreOffice's command; CI must have it (.ci/run installs it), elsewhere the test is skipped."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed; .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice not installed")
    return found
