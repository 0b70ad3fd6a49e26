"""The package installs from a wheel into a fresh virtualenv and works from another directory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from zi_decree import json_schema


def _site_dirs() -> list[str]:
    """The folders this interpreter imports installed packages from (a virtualenv's, the base's, the user's)."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]


def _clean_env() -> dict[str, str]:
    # PYTHONPATH (a source tree put first) or an active virtualenv must not decide where the package comes from.
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"{' '.join(map(str, args))}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pkg")
    dist = work / "dist"
    dist.mkdir()
    # With this interpreter's build backend (the one pyproject.toml names) when it can build the wheel (quick,
    # offline), called in a process of its own as a PEP 517 front end calls it: the same wheel as `pip wheel
    # --no-build-isolation` makes, without pip's start-up and its second process around the backend (2 s of
    # CPU). Else as pip does by default, in an isolated build environment.
    backend = re.search(r'^build-backend\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                        re.MULTILINE).group(1)  # type: ignore[union-attr]  # (tomllib: Python 3.11 and later)
    module, _, name = backend.partition(":")
    hook = (f"import importlib, sys\nbackend = importlib.import_module({module!r})\n"
            + "".join(f"backend = backend.{part}\n" for part in name.split(".") if part)
            + "backend.build_wheel(sys.argv[1])")
    if subprocess.run([sys.executable, "-c", hook, str(dist)], cwd=ROOT, env=_clean_env(), capture_output=True,
                      timeout=600).returncode != 0 or not list(dist.glob("zi_decree-*.whl")):
        _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT)
    (wheel,) = dist.glob("zi_decree-*.whl")
    env_dir = work / "venv"
    # A bare virtualenv: the package itself comes only from the wheel. Its dependencies are the ones this
    # interpreter runs with, put on its path by a .pth file: `--system-site-packages` would give the *base*
    # interpreter's packages when the tests run inside a virtualenv (a fresh one has none of them), and
    # installing them again would need the network.
    # Without pip of its own (installing pip into it took most of this fixture's time): this interpreter's pip
    # installs the wheel into it (pip's --python, pip 22.3 and later); with an older pip, the venv gets its own.
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir)
    python = env_dir / "bin" / "python"
    site_dir = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    (site_dir / "zz-test-dependencies.pth").write_text("".join(f"{d}\n" for d in _site_dirs()), encoding="utf-8")
    install = ["install", "--no-deps", "--no-index", str(wheel)]
    if subprocess.run([sys.executable, "-m", "pip", "--python", str(python), *install], env=_clean_env(),
                      capture_output=True, timeout=600).returncode != 0:
        _run(python, "-m", "ensurepip", "--default-pip")
        _run(python, "-m", "pip", *install)
    return env_dir


@pytest.mark.heavy
def test_wheel_ships_catalogue_and_templates_and_runs_elsewhere(venv: Path, tmp_path: Path) -> None:
    python = venv / "bin" / "python"
    probe = _run(python, "-c",
                 "import json, zi_decree; from importlib import resources as r; "
                 "from zi_decree.legal.catalogue import Catalogue; c = Catalogue.load(); "
                 "print(json.dumps({'file': zi_decree.__file__, 'version': c.version, 'n': len(c.instruments), "
                 "'templates': [p.name for p in r.files('zi_decree.templates').iterdir()], "
                 "'typed': r.files('zi_decree').joinpath('py.typed').is_file(), "
                 "'dictionaries': [p.name for p in r.files('zi_decree').joinpath('dictionaries').iterdir()], "
                 "'web': sorted(f'{d}/{p.name}' for d in ('templates', 'static') "
                 "for p in r.files('zi_decree.web').joinpath(d).iterdir())}))",
                 cwd=tmp_path)
    info = json.loads(probe.stdout)
    assert str(venv) in info["file"], "the package must come from the wheel, not the source tree"
    assert info["n"] >= 25 and info["version"]
    assert info["typed"]
    assert "keputusan.docx" in info["templates"]
    assert {"id_ID.aff", "id_ID.dic", "LGPL-3.txt", "GPL-3.txt", "domain.txt", "standard.txt", "common.txt"} \
        <= set(info["dictionaries"])
    # The workspace's pages and the files they load (serve has no other source of them).
    assert {"templates/base.html", "templates/start.html", "templates/new.html", "templates/preview.html",
            "static/style.css", "static/app.js"} <= set(info["web"])
    for name in ("kab-semarang-2025.yaml", "kab-semarang-2025.plan.yaml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    _run(venv / "bin" / "zi-decree", "render", "kab-semarang-2025.yaml", "--format", "txt", "-o", "out", cwd=tmp_path)
    text = (tmp_path / "out" / "kpu-kabupaten-semarang-2025-nomor-6" / "kpu-kabupaten-semarang-2025-nomor-6.salinan.txt").read_text(encoding="utf-8")
    assert "Ditetapkan di Ungaran" in text
    # The dictionaries ship: the example's spelling warnings are found (and accepted, as the example says).
    checked = subprocess.run([venv / "bin" / "zi-decree", "check", "--show-accepted", "kab-semarang-2025.yaml"],
                             cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0 and "spelling: 'mengkoordinasikan' is not the standard (baku) form" in checked.stdout
    # The compiled catalogues ship too: the same warning in Indonesian.
    checked = subprocess.run([venv / "bin" / "zi-decree", "--lang", "id", "check", "--show-accepted",
                              "kab-semarang-2025.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert "ejaan: 'mengkoordinasikan' bukan bentuk baku" in checked.stdout


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
