"""The command line, run as users run it: every example renders, deterministic output, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, example_specs, run_cli, run_command


def test_every_file_in_examples_is_rendered(rendered_txt) -> None:
    specs = {p.stem for p in example_specs()}
    assert set(rendered_txt) == specs
    for plan in EXAMPLES.glob("*.plan.yaml"):
        owner = plan.name.removesuffix(".plan.yaml")
        if (EXAMPLES / f"{owner}.offices.csv").is_file():
            continue  # a province's shared plan, used by batch
        assert owner in specs, f"{plan.name} is not used by a spec"
        assert f"plan: {plan.name}" in (EXAMPLES / f"{owner}.yaml").read_text(encoding="utf-8")
    for table in EXAMPLES.glob("*.offices.csv"):
        # An offices table and its shared plan are rendered by `zi-decree batch` in test_batch.py.
        assert (EXAMPLES / table.name.replace(".offices.csv", ".plan.yaml")).is_file()
        specs.add(table.name.removesuffix(".offices.csv"))
    others = {p.name for p in EXAMPLES.iterdir()} - {f"{s}.yaml" for s in specs} - \
        {p.name for p in EXAMPLES.glob("*.plan.yaml")} - {p.name for p in EXAMPLES.glob("*.offices.csv")}
    assert others <= {"README.md"}, others


def test_original_and_salinan_differ_only_in_what_a_copy_adds(rendered_txt) -> None:
    for name, texts in rendered_txt.items():
        original, salinan = texts["original"], texts["salinan"]
        assert "ttd." not in original and "Salinan sesuai dengan aslinya" not in original
        assert not original.startswith("SALINAN"), name
        assert salinan.startswith("SALINAN\n") and "ttd." in salinan and "Salinan sesuai dengan aslinya" in salinan
        # Every line of the original is in the salinan, in order.
        lines = iter(salinan.splitlines())
        assert all(any(line == other for other in lines) for line in original.splitlines()), name


def test_same_input_same_bytes_for_whole_packages(rendered, tmp_path: Path) -> None:
    # Rendered again, in this process and from another folder, every file has the bytes of the fixture's run (in
    # a process of its own, from the project's folder): nothing in a package may depend on where it was made.
    specs = [str(p) for p in example_specs()]
    result = run_cli("render", *specs, "--format", "docx,pdf,txt", "--variant", "both", "-o", str(tmp_path),
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    first = sorted(p.relative_to(p.parent.parent) for files in rendered.values() for p in files.values())
    assert again == first and len(first) == 7 * len(specs)  # docx, pdf and txt of both variants, record.json
    for files in rendered.values():
        for path in files.values():
            assert path.read_bytes() == (tmp_path / path.parent.name / path.name).read_bytes(), path.name


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = run_cli("render", str(example_specs()[0]), "--format", "odt", "-o", str(tmp_path))
    assert result.returncode == 2 and "unknown format odt" in result.stderr
    assert not any(tmp_path.iterdir())


def test_schema_command_prints_json_schema() -> None:
    result = run_command("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "zi-decree spec (Keputusan)"


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0 and "render" in result.stdout
