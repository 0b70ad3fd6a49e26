"""The package installs from a wheel into a fresh virtualenv and works from another directory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from zi_decree import json_schema


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pkg")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("zi_decree-*.whl")
    env_dir = work / "venv"
    # The dependencies come from this interpreter's site-packages; the package itself only from the wheel.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)], check=True, timeout=300)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True, timeout=600)
    return env_dir


def test_wheel_ships_catalogue_and_templates_and_runs_elsewhere(venv: Path, tmp_path: Path) -> None:
    python = venv / "bin" / "python"
    probe = subprocess.run(
        [str(python), "-c",
         "import json, zi_decree; from importlib import resources as r; "
         "from zi_decree.legal.catalogue import Catalogue; c = Catalogue.load(); "
         "print(json.dumps({'file': zi_decree.__file__, 'version': c.version, 'n': len(c.instruments), "
         "'templates': [p.name for p in r.files('zi_decree.templates').iterdir()], "
         "'typed': r.files('zi_decree').joinpath('py.typed').is_file()}))"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    info = json.loads(probe.stdout)
    assert str(venv) in info["file"], "the package must come from the wheel, not the source tree"
    assert info["n"] >= 25 and info["version"]
    assert info["typed"]
    assert "keputusan.docx" in info["templates"]
    for name in ("kab-semarang-2025.yaml", "kab-semarang-2025.plan.yaml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    result = subprocess.run([str(venv / "bin" / "zi-decree"), "render", "kab-semarang-2025.yaml", "--format", "txt",
                             "-o", "out"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "kpu-kabupaten-semarang-2025-nomor-6" / "kpu-kabupaten-semarang-2025-nomor-6.salinan.txt").read_text(encoding="utf-8")
    assert "Ditetapkan di Ungaran" in text


@pytest.mark.parametrize("plan, name", [(False, "keputusan.schema.json"), (True, "plan.schema.json")])
def test_json_schema_files_are_current(plan: bool, name: str) -> None:
    from zi_decree.tasks.schema import json_schema_text

    shipped = ROOT / "zi_decree" / name
    assert shipped.read_text(encoding="utf-8") == json_schema_text(plan), \
        f"regenerate with: zi-decree schema {'--plan ' if plan else ''}-o zi_decree/{name}"


def test_json_schema_describes_the_spec() -> None:
    schema = json_schema()
    assert {"office", "number", "year", "date", "subject", "menimbang", "mengingat", "diktum", "signatory",
            "attestation"} <= set(schema["required"])
    assert "lampiran" in schema["properties"]


def test_every_example_validates_against_the_shipped_schemas() -> None:
    import jsonschema

    from zi_decree.base.yaml import read_yaml

    for path in sorted((ROOT / "examples").glob("*.yaml")):
        name = "plan.schema.json" if path.name.endswith(".plan.yaml") else "keputusan.schema.json"
        schema = json.loads((ROOT / "zi_decree" / name).read_text(encoding="utf-8"))
        data, _ = read_yaml(path)
        errors = [f"{list(e.path)}: {e.message[:120]}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert not errors, f"{path.name}: {errors[:5]}"
