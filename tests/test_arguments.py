"""The public API checks its arguments: a wrong one is an ArgumentError naming the parameter, the value and what is
allowed, before any work is done (never a KeyError, TypeError or AttributeError from deep inside)."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_type_hints

import pytest

import zi_decree
from zi_decree import ArgumentError, ZiDecreeError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SPEC = """\
office: {kind: Kabupaten, name: Semarang, seat: Ungaran}
number: 6
year: 2025
date: 2025-01-05
subject: Rencana Aksi Pembangunan Zona Integritas Tahun 2025
menimbang: [dalam rangka pembangunan zona integritas, perlu menyusun rencana aksi]
mengingat: [uu-28-1999]
diktum: [{kind: in_force}]
signatory: {name: Bambang Setyono}
attestation: {position: Kepala Sub Bagian Hukum dan Sumber Daya Manusia, name: Wiwit Mulyanto}
"""
PLAN = EXAMPLES / "kab-semarang-2025.plan.yaml"
OFFICES = EXAMPLES / "jawa-tengah-2025.offices.csv"
SHARED_PLAN = EXAMPLES / "jawa-tengah-2025.plan.yaml"
DAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(spec: Path) -> zi_decree.LoadedSpec:
    return zi_decree.load(spec)


@pytest.fixture(scope="module")
def document(loaded: zi_decree.LoadedSpec) -> zi_decree.Document:
    return zi_decree.compose(zi_decree.resolve(loaded))


# (public function, parameter, the call with a wrong argument, a word the message must show besides the parameter)
Call = Callable[[dict[str, Any]], Any]
CASES: list[tuple[str, str, Call, str]] = [
    ("render_docx", "paper", lambda f: zi_decree.render_docx(f["document"], paper="letter"), "f4 or a4"),
    ("render_docx", "document", lambda f: zi_decree.render_docx("decree.yaml"), "Document"),
    ("render_docx", "template", lambda f: zi_decree.render_docx(f["document"], template=5), "path"),
    ("render_pdf", "paper", lambda f: zi_decree.render_pdf(f["document"], paper="A5"), "f4 or a4"),
    ("render_pdf", "document", lambda f: zi_decree.render_pdf(None), "Document"),
    ("render_text", "document", lambda f: zi_decree.render_text(f["loaded"]), "Document"),
    ("compose", "variant", lambda f: zi_decree.compose(zi_decree.resolve(f["loaded"]), "copy"), "original or salinan"),
    ("compose", "resolved", lambda f: zi_decree.compose(f["loaded"]), "Resolved"),
    ("compose_spec", "variant", lambda f: zi_decree.compose_spec(f["spec"], "both"), "original or salinan"),
    ("compose_spec", "spec", lambda f: zi_decree.compose_spec(6), "path"),
    ("compose_spec", "catalogue", lambda f: zi_decree.compose_spec(f["spec"], catalogue="bundled"), "Catalogue"),
    ("resolve", "loaded", lambda f: zi_decree.resolve(f["spec"]), "LoadedSpec"),
    ("render_package", "paper", lambda f: zi_decree.render_package(f["spec"], f["out"], paper="letter"), "f4 or a4"),
    ("render_package", "formats", lambda f: zi_decree.render_package(f["spec"], f["out"], formats=["odt"]), "pdf"),
    ("render_package", "formats", lambda f: zi_decree.render_package(f["spec"], f["out"], formats="pdf"), "list"),
    ("render_package", "variants", lambda f: zi_decree.render_package(f["spec"], f["out"], variants=["copy"]),
     "salinan"),
    ("render_package", "output", lambda f: zi_decree.render_package(f["spec"], None), "path"),
    ("render_package", "spec", lambda f: zi_decree.render_package(b"spec.yaml", f["out"]), "path"),
    ("check", "spec", lambda f: zi_decree.check(2025), "path"),
    ("load", "path", lambda f: zi_decree.load(None), "path"),
    ("load", "catalogue", lambda f: zi_decree.load(f["spec"], catalogue=f["out"]), "Catalogue"),
    ("load_data", "base", lambda f: zi_decree.load_data({}, base=3), "path"),
    ("load_plan", "year", lambda f: zi_decree.load_plan(PLAN, year="2025x"), "2025x"),
    ("load_plan", "path", lambda f: zi_decree.load_plan(["plan.yaml"]), "path"),
    ("new_spec", "year", lambda f: zi_decree.new_spec(f["out"] / "n.yaml", "Kabupaten Semarang", "2025x"), "2025x"),
    ("new_spec", "year", lambda f: zi_decree.new_spec(f["out"] / "n.yaml", "Kabupaten Semarang", 1800), "2000"),
    ("new_spec", "date", lambda f: zi_decree.new_spec(f["out"] / "n.yaml", "Kabupaten Semarang", 2025,
                                                      date="2025-01-05"), "datetime.date"),
    ("new_spec", "office", lambda f: zi_decree.new_spec(f["out"] / "n.yaml", None, 2025), "None"),
    ("new_spec", "output", lambda f: zi_decree.new_spec(42, "Kabupaten Semarang", 2025), "path"),
    ("standard_spec", "year", lambda f: zi_decree.standard_spec("Kota Surakarta", 2025.0), "2025.0"),
    ("standard_spec", "number", lambda f: zi_decree.standard_spec("Kota Surakarta", 2025, number=0), "registry code"),
    ("rollover", "year", lambda f: zi_decree.rollover(f["spec"], "2026x", 1, DAY, f["out"] / "r.yaml"), "2026x"),
    ("rollover", "date", lambda f: zi_decree.rollover(f["spec"], 2026, 1, "2026-01-05", f["out"] / "r.yaml"),
     "2026-01-05"),
    ("rollover", "number", lambda f: zi_decree.rollover(f["spec"], 2026, None, DAY, f["out"] / "r.yaml"), "None"),
    ("batch", "workers", lambda f: zi_decree.batch(OFFICES, SHARED_PLAN, 2025, f["out"], workers=0), "at least 1"),
    ("batch", "year", lambda f: zi_decree.batch(OFFICES, SHARED_PLAN, "2025", f["out"]), "'2025'"),
    ("batch", "paper", lambda f: zi_decree.batch(OFFICES, SHARED_PLAN, 2025, f["out"], paper="letter"), "f4 or a4"),
    ("batch", "formats", lambda f: zi_decree.batch(OFFICES, SHARED_PLAN, 2025, f["out"], formats=["doc"]), "pdf"),
    ("batch", "progress", lambda f: zi_decree.batch(OFFICES, SHARED_PLAN, 2025, f["out"], progress="yes"),
     "function"),
    ("export_plan", "lampiran", lambda f: zi_decree.export_plan(f["spec"], f["out"] / "p.xlsx", lampiran="1"),
     "at least 1"),
    ("export_plan", "year", lambda f: zi_decree.export_plan(PLAN, f["out"] / "p.xlsx", year=1800), "1800"),
    ("import_plan", "year", lambda f: zi_decree.import_plan(f["out"] / "p.xlsx", f["out"] / "p.yaml", year="x"), "'x'"),
    ("import_plan", "workbook", lambda f: zi_decree.import_plan(None, f["out"] / "p.yaml"), "path"),
    ("write_template", "year", lambda f: zi_decree.write_template(f["out"] / "t.xlsx", "2025x"), "2025x"),
    ("write_template", "year", lambda f: zi_decree.write_template(f["out"] / "t.xlsx", 1800), "2100"),
    ("write_template", "grid", lambda f: zi_decree.write_template(f["out"] / "t.xlsx", 2025, grid="yes"), "True"),
    ("coverage", "loaded", lambda f: zi_decree.coverage(f["spec"]), "LoadedSpec"),
    ("coverage", "guidelines", lambda f: zi_decree.coverage(f["loaded"], guidelines=["2024"]), "Guideline"),
    ("parse_schedule", "phrase", lambda f: zi_decree.parse_schedule(202501), "202501"),
    ("parse_schedule", "phrase", lambda f: zi_decree.parse_schedule("  "), "empty"),
    ("parse_schedule", "default_year", lambda f: zi_decree.parse_schedule("Januari", default_year="2025"), "'2025'"),
]
IDS = [f"{name}-{parameter}-{i}" for i, (name, parameter, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("name,parameter,call,shows", CASES, ids=IDS)
def test_a_wrong_argument_is_named_with_what_is_allowed(name: str, parameter: str, call: Call, shows: str,
                                                        spec: Path, loaded: zi_decree.LoadedSpec,
                                                        document: zi_decree.Document, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ArgumentError) as caught:
        call({"spec": spec, "loaded": loaded, "document": document, "out": out})
    error = caught.value
    assert isinstance(error, ZiDecreeError)
    assert [p.location.field for p in error.problems] == [parameter]
    message = str(error)
    assert message.startswith(f"{parameter}: "), message
    assert shows in message, message
    assert not list(out.iterdir()), "nothing is written when an argument is wrong"


def test_every_public_function_is_tried_with_a_wrong_argument() -> None:
    functions = {name for name in zi_decree.__all__ if callable(getattr(zi_decree, name))
                 and not isinstance(getattr(zi_decree, name), type) and name[0].islower()}
    untested = functions - {name for name, _, _, _ in CASES} - {"json_schema"}  # json_schema takes no argument
    assert not untested, f"add a wrong-argument case for {sorted(untested)}"


def test_the_bare_keyerror_of_the_issue_is_gone(document: zi_decree.Document) -> None:
    # Issue 11, defect 3: render_docx(document, paper="letter") raised a bare KeyError.
    with pytest.raises(ZiDecreeError, match=r"^paper: unknown paper 'letter'; choose f4 or a4$"):
        zi_decree.render_docx(document, paper="letter")


def test_the_right_arguments_still_work(document: zi_decree.Document, spec: Path) -> None:
    assert b"KEPUTUSAN KOMISI PEMILIHAN UMUM" in zi_decree.render_text(document)
    assert zi_decree.compose_spec(str(spec), "original").variant == "original"
    assert zi_decree.parse_schedule("Januari", default_year=2025).schedule.months == ["2025-01"]


def test_the_choices_are_types_the_api_exports() -> None:
    assert get_args(zi_decree.Paper) == ("f4", "a4")
    assert get_args(zi_decree.Variant) == ("original", "salinan")
    assert get_args(zi_decree.Format) == ("txt", "docx", "pdf")


def test_the_signatures_name_the_choices() -> None:
    # So that a type checker refuses render_docx(document, paper="letter") before it runs.
    paper, variant, fmt = zi_decree.Paper, zi_decree.Variant, zi_decree.Format
    for function in (zi_decree.render_docx, zi_decree.render_pdf):
        assert get_type_hints(function)["paper"] == paper
    for function in (zi_decree.compose, zi_decree.compose_spec):
        assert get_type_hints(function)["variant"] == variant
    for function in (zi_decree.render_package, zi_decree.batch):
        hints = get_type_hints(function)
        assert hints["paper"] == paper | None
        assert get_args(hints["formats"]) == (fmt,)  # an iterable of formats
    assert get_args(get_args(get_type_hints(zi_decree.render_package)["variants"])[0]) == (variant,)
    assert get_type_hints(zi_decree.Document)["variant"] == variant


def test_one_way_to_pass_a_catalogue() -> None:
    # Every public function that reads the legal bases takes the same `catalogue: Catalogue | None`.
    import typing

    takers = []
    for name in zi_decree.__all__:
        function = getattr(zi_decree, name)
        if not inspect.isfunction(function):
            continue
        parameters = inspect.signature(function).parameters
        assert not any("catalogue" in p and p != "catalogue" for p in parameters), (name, list(parameters))
        if "catalogue" in parameters:
            takers.append(name)
            hint = typing.get_type_hints(function)["catalogue"]
            assert hint == zi_decree.Catalogue | None, (name, hint)
    assert {"batch", "check", "load", "render_package", "rollover", "new_spec"} <= set(takers)


def test_batch_refuses_a_catalogue_that_is_not_one(tmp_path: Path) -> None:
    with pytest.raises(zi_decree.ArgumentError, match="catalogue"):
        zi_decree.batch(OFFICES, SHARED_PLAN, 2025, tmp_path / "out", catalogue="legal_basis/")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()
