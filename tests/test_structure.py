"""The package's folders show the flow: each subpackage imports only from itself and from those before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import zi_decree

PACKAGE = Path(zi_decree.__file__).parent
# The flow, lowest first. A module may import from its own layer and from earlier ones, never from a later one.
# web (the workspace in the browser) sits over the tasks, as the command line does; the command line starts it.
LAYERS = ["i18n", "codes", "errors", "base", "model", "legal", "loading", "resolving", "composing", "rendering",
          "writing", "tasks", "web", "cli", "__init__", "__main__"]
# Within rendering, each format stands alone: a renderer depends on the composed document and layout only.
RENDERERS = {"docx", "pdf", "text", "html"}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        if name.endswith(".__init__") and name != "zi_decree.__init__":
            name = name[: -len(".__init__")]
        found.append((name, path))
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("zi_decree"):
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names if a.name.startswith("zi_decree"))
        elif isinstance(node, ast.ImportFrom) and node.level:
            out.append((node.lineno, "." * node.level + (node.module or "")))
    return out


@pytest.mark.parametrize("module,path", _modules(), ids=[m for m, _ in _modules()])
def test_no_module_imports_upward(module: str, path: Path) -> None:
    own = LAYERS.index(_layer(module)) if _layer(module) in LAYERS else None
    assert own is not None, f"{module} is in no layer of the flow; add its folder to LAYERS"
    for line, target in _imports(path):
        assert not target.startswith("."), f"{path.name}:{line}: relative import {target}; import from zi_decree.*"
        if target in ("zi_decree.legal_basis", "zi_decree.templates"):
            continue
        layer = _layer(target) if target != "zi_decree" else "__init__"
        assert LAYERS.index(layer) <= own, f"{module} (line {line}) imports {target}, which is later in the flow"
        if module.startswith("zi_decree.rendering.") and target.startswith("zi_decree.rendering."):
            mine, theirs = module.rsplit(".", 1)[1], target.rsplit(".", 1)[1]
            assert not (mine in RENDERERS and theirs in RENDERERS and mine != theirs), \
                f"{module} (line {line}) imports the {theirs} renderer; share measures through rendering.layout"


def test_every_module_has_a_one_line_docstring() -> None:
    for module, path in _modules():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{module} has no docstring"
        first = doc.splitlines()[0]
        assert first.strip() and first.rstrip().endswith((".", ")")), f"{module}: first docstring line {first!r}"


def test_folders_show_the_flow() -> None:
    # legal_basis and templates are data folders the package maps in (pyproject), not steps of the flow.
    folders = sorted(p.name for p in PACKAGE.iterdir()
                     if (p / "__init__.py").is_file() and p.name not in ("legal_basis", "templates"))
    assert folders == sorted(["base", "model", "legal", "loading", "resolving", "composing", "rendering", "writing",
                              "tasks", "web"])


def test_writing_does_not_import_the_model() -> None:
    for module, path in _modules():
        if module.startswith("zi_decree.writing"):
            assert all(not t.startswith("zi_decree.model") for _, t in _imports(path)), module


def test_layout_does_not_import_reportlab() -> None:
    source = (PACKAGE / "rendering" / "layout.py").read_text(encoding="utf-8")
    assert "reportlab" not in {a.name.split(".")[0] for n in ast.walk(ast.parse(source))
                               if isinstance(n, ast.Import) for a in n.names} | {
        (n.module or "").split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
