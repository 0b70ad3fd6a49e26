"""Fuzzing (issue 12): generated and mutated inputs through the command line give exit 0 (1: warnings) with
outputs that open, or exit 2 with every message located; never an internal error, a traceback, a partial or
temporary file, or user text evaluated. A few cases per family here, with a fixed seed; the long run is
`python -m benchmarks.fuzz` (benchmarks/RESULTS.md, "Fuzzing (issue 12)")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from fuzz_harness import (
    Violation,
    check_package,
    read_case,
    run_case,
    run_in_process,
    trace_location,
    unlocated,
    write_case,
)
from fuzz_strategies import EXAMPLES, FAMILIES, PAYLOADS, Case, cases, random_backend, spec_commands

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"

# Cases per family: with the corpus, about 40 s of CPU for this file, spread over the test workers; the families
# whose cases render whole decrees are the slow ones.
EXAMPLES_PER_FAMILY = {"valid spec": 4, "near-valid spec": 16, "example mutant": 6, "plan workbook": 8,
                       "plan export/import": 4, "offices table": 5, "office template": 6}
HEAVY = {"valid spec", "example mutant", "plan workbook", "office template"}  # 5-8 s each on an idle machine


def _fuzz(family: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    passed: set[str] = set()

    # Derandomized: the same cases on every run, so CI is deterministic; no shrinking (each case runs commands),
    # the failing case's files are kept and named instead.
    @settings(max_examples=EXAMPLES_PER_FAMILY[family], derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
              backend=random_backend())
    @given(cases((family,)))
    def holds(case: Case) -> None:
        digest = repr((sorted(case.files.items()), case.commands))
        if digest in passed:  # Hypothesis draws some cases twice; once is enough (a failing one runs again)
            return
        folder = tmp_path_factory.mktemp("fuzz") / "case"
        outcome = run_case(case, folder, timeout=120)
        assert outcome.ok, f"{outcome.report()}\n(inputs kept in {folder}; replay: python -m benchmarks.fuzz " \
                           f"--replay {folder})"
        passed.add(digest)

    holds()


@pytest.mark.parametrize("family", [pytest.param(f, marks=[pytest.mark.heavy] if f in HEAVY else [])
                                    for f in FAMILIES])
def test_fuzz_cases_keep_the_property(family: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    _fuzz(family, tmp_path_factory)


# --------------------------------------------------------------------------------------------- found before

def _corpus() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "case.json").is_file()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("folder", _corpus(), ids=lambda p: p.name)
def test_cases_the_long_run_found_keep_the_property(folder: Path, tmp_path: Path) -> None:
    """Each input of tests/fuzz_corpus/ broke the property once (benchmarks/RESULTS.md lists them by cause)."""
    outcome = run_case(read_case(folder), tmp_path / "case", timeout=120)
    assert outcome.ok, outcome.report()


# --------------------------------------------------------------------------------------------- the harness itself

def test_in_process_runs_give_what_a_user_sees(tmp_path: Path) -> None:
    """The fuzz runs the command line in-process for speed; a new process gives the same statuses and messages."""
    spec = "kab-semarang-2025.yaml"
    files = {name: (EXAMPLES / name).read_bytes() for name in (spec, "kab-semarang-2025.plan.yaml")}
    broken = dict(files, **{spec: files[spec].replace(b"year: 2025", b"year: [2025")})
    for name, case_files in (("good", files), ("broken", broken)):
        case = Case("example mutant", case_files, (spec_commands(spec)[0],))
        here = run_case(case, tmp_path / name / "in-process")
        there = run_case(case, tmp_path / name / "process", in_process=False)
        assert here.ok and there.ok, here.report() + there.report()
        assert [r.code for r in here.runs] == [r.code for r in there.runs]

        def said(outcome, folder):  # type: ignore[no-untyped-def]
            return [(r.stdout + r.stderr).replace(str(folder), "CASE") for r in outcome.runs]

        assert said(here, tmp_path / name / "in-process") == said(there, tmp_path / name / "process")


@pytest.mark.parametrize(("message", "located"), [
    ("spec.yaml:6:1: year: expected a whole number, got 'dua'", True),
    ("plan.xlsx, sheet 'RA ZI 2022', row 8, column D: INDIKATOR: empty where a new component begins", True),
    ("plan.xlsx, sheet \"it's\": no header row found", True),
    ("plan.xlsx: is not an Excel workbook (.xlsx is a zip file)", True),
    ("--template: not found", True),
    ("attestation.nip: expected an 18-digit NIP, got 'x'", True),
    ("spec.yaml: is not UTF-8 text (byte 2616); save it as UTF-8", False),
    ("<spec>: something went wrong", False),
    ("maximum recursion depth exceeded", False),
])
def test_messages_are_located_by_file_line_sheet_row_or_field(message: str, located: bool) -> None:
    assert (unlocated(message) is None) == located


def test_a_package_that_does_not_match_its_record_is_caught(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "a.txt").write_text("QB49QE", encoding="utf-8")
    (folder / "b.txt").write_text("left over", encoding="utf-8")
    (folder / "record.json").write_text(json.dumps({"outputs": [{"file": "a.txt", "bytes": 6, "sha256": "sha256:0"}]}),
                                        encoding="utf-8")
    texts: dict[str, str] = {}
    found = check_package(folder, texts)
    assert {v.detail for v in found} == {"pkg/b.txt is not listed in record.json",
                                         "pkg/a.txt: size or hash differs from record.json"}
    assert texts == {"pkg/a.txt": "QB49QE"}


def test_template_syntax_that_was_evaluated_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A spec with {{ 7*7 }} in its subject whose rendering says 49 there breaks the property."""
    import zi_decree.tasks.package as package

    real = package.render_text

    def evaluating(document, *args, **kwargs):  # type: ignore[no-untyped-def]
        return real(document, *args, **kwargs).replace(b"{{ 7*7 }}", b"49")

    monkeypatch.setattr(package, "render_text", evaluating)
    data = (EXAMPLES / "kota-magelang-2022.yaml").read_bytes()
    data = data.replace(b"\nsubject: ", f"\nsubject: {PAYLOADS[0]} ".encode(), 1)
    outcome = run_case(Case("example mutant", {"spec.yaml": data}, (spec_commands()[1],)), tmp_path / "case")
    assert "template evaluated" in {v.kind for v in outcome.violations}, outcome.report()


def test_a_stuck_command_is_stopped_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import zi_decree.tasks.check as check

    def stuck(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(30)

    monkeypatch.setattr(check, "check", stuck)
    write_case(Case("valid spec", {"spec.yaml": b"x: 1\n"}, ()), tmp_path)
    code, _, _, trace = run_in_process(("check", "spec.yaml"), tmp_path, timeout=0.5)
    assert code is None and "stuck" in trace
    assert trace_location(trace).startswith("CaseTimeout at")


def test_violations_group_by_where_they_come_from() -> None:
    a = Violation("internal error", "internal error: KeyError: 'x'", "KeyError at zi_decree/x.py:1 in f")
    b = Violation("internal error", "internal error: KeyError: 'y'", "KeyError at zi_decree/x.py:1 in f")
    assert a.key() == b.key()


def test_a_grid_s_tail_alone_goes_to_the_next_page_whole() -> None:
    """The slice of a plan table that holds only its tail (the signature, its rows drawn on earlier pages) was cut
    inside the row before it, which it does not hold: the rows came back on every page, and `render` made pages
    without end (2,000 in 25 s; corpus: pdf-row-split-cell-paragraph)."""
    from reportlab.platypus import Spacer

    from zi_decree.rendering.pdf_grid import Grid, GridCell, GridSpec, Stack

    spec = GridSpec([100.0], [], [[GridCell(0, "satu")], [GridCell(0, "dua")]], font="Times-Roman", size=12,
                    leading=14, pad=(0, 0, 0, 3), borders=False, split_any_row=True, page_height=700)
    spec.tail = Stack([Spacer(100, 80)], 100)
    tail_alone = Grid(spec, 2, 2)
    assert tail_alone.wrap(100, 700)[1] == 80
    assert tail_alone.split(100, 30) == []  # it goes on to the next page as it is


def test_a_grid_cut_inside_its_last_row_leaves_the_tail_to_the_rest() -> None:
    """A plan table whose last row is taller than a page (one 4,100-letter word in a cell) was cut inside that row
    with the tail (the signature) counted in the part for this page too: that part was taller than the page, and
    reportlab stopped with a LayoutError (exit 3; corpus: spelling-long-word)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    from zi_decree.rendering.pdf_grid import Grid, GridCell, GridSpec, Stack

    style = ParagraphStyle("cell", fontName="Times-Roman", fontSize=12, leading=14)
    tall = [Paragraph(" ".join(["kata"] * 600), style)]
    spec = GridSpec([100.0], [], [[GridCell(0, "satu")], [GridCell(0, tall)]], font="Times-Roman", size=12,
                    leading=14, pad=(0, 0, 2, 2), borders=False, split_any_row=False, page_height=500)
    spec.tail = Stack([Spacer(100, 80)], 100)
    grid = Grid(spec)
    head, rest = grid.split(100, 500)
    assert head.wrap(100, 500)[1] <= 500 + 1e-6
    assert rest.wrap(100, 500)[1] > 80  # the rest of the row, then the tail
