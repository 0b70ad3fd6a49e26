"""Start-up stays light: the command line and the package load libraries only when a command needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zi_decree

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(zi_decree.__file__).resolve().parent.parent
# What a command that renders nothing must not pay for: the renderers and what they pull in, the model, YAML.
HEAVY = ("reportlab", "docx", "docxtpl", "openpyxl", "num2words", "jinja2", "PIL", "lxml", "babel", "pydantic",
         "ruamel")


def _loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running `code` in a fresh interpreter."""
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


# ------------------------------------------------------------------------------------------------ imports

def test_importing_the_command_line_loads_no_renderer_or_model() -> None:
    loaded = _loaded_after("import zi_decree.cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_loads_no_renderer_or_model() -> None:
    code = ("import sys\nfrom zi_decree.cli import main\nfor args in (['--help'], ['render', '--help'], "
            "['batch', '--help'], ['plan', '--help']):\n    sys.argv = ['zi-decree', *args]\n    try:\n"
            "        main()\n    except SystemExit:\n        pass")
    loaded = _loaded_after(code)
    needed = {"pydantic"}  # typer checks its parameters with pydantic
    assert not loaded & (set(HEAVY) - needed), sorted(loaded & set(HEAVY))


def test_importing_the_package_is_lazy_and_its_names_are_the_api() -> None:
    assert not _loaded_after("import zi_decree") & set(HEAVY)
    # Each public name is what it names (a function or class), not a submodule of the same name.
    loaded = _loaded_after("import types, zi_decree\nfor name in zi_decree.__all__:\n"
                           "    assert not isinstance(getattr(zi_decree, name), types.ModuleType), name")
    assert "reportlab" in loaded  # render_pdf was looked up, so its renderer came with it
    assert set(zi_decree.__all__) <= set(dir(zi_decree))
    from zi_decree import check, render_package
    from zi_decree.tasks.check import check as real_check
    from zi_decree.tasks.package import render_package as real_render_package

    assert check is real_check and render_package is real_render_package
    with pytest.raises(AttributeError, match="no_such_name"):
        zi_decree.no_such_name  # noqa: B018


def test_the_lazy_names_are_those_type_checkers_see() -> None:
    import ast

    tree = ast.parse(Path(zi_decree.__file__).read_text(encoding="utf-8"))
    checked = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    seen = {(node.module, a.asname or a.name) for node in checked.body if isinstance(node, ast.ImportFrom)
            for a in node.names}
    lazy = {(module, name) for name, module in zi_decree._LAZY.items()}
    assert seen == lazy
    assert set(zi_decree.__all__) == set(zi_decree._LAZY)


def test_star_import_gives_every_public_name() -> None:
    namespace: dict = {}
    exec("from zi_decree import *", namespace)
    assert set(zi_decree.__all__) <= set(namespace)
