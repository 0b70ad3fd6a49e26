"""Each example, rendered as text, says everything its seed decree says, in the seed's order.

The seed texts (tests/seeds/) are the published decrees as extracted from their files. Every line of a seed,
and every table cell (tab-separated), must occur in our rendering, in order, whitespace normalised. The
intended differences, the seeds' errors that our examples correct, are data: tests/seed_corrections/<name>.yaml,
each `{seed, ours, reason}`; they are applied to the seed text before the comparison, and each must still
match the seed (a stale correction fails). Two extraction artefacts are handled, not corrected:
- table header rows repeated at the top of every page count once per lampiran;
- a table row split by a page break continues on the next line: such a line may match from the start of the
  row it continues.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, SEEDS, example_specs

CORRECTIONS = Path(__file__).resolve().parent / "seed_corrections"
NAMES = [p.stem for p in example_specs() if (SEEDS / f"{p.stem}.txt").exists()]


def normalise(text: str) -> str:
    return " ".join(text.split())


def load_corrections(name: str) -> list[dict]:
    path = CORRECTIONS / f"{name}.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.exists() else []
    data = data or []
    for entry in data:
        assert set(entry) >= {"seed", "ours", "reason"}, f"{path}: every correction has seed, ours and reason"
        assert str(entry["reason"]).strip(), f"{path}: correction of {entry['seed']!r} has no reason"
    return data


def corrected_seed(name: str) -> str:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    stale = []
    for entry in load_corrections(name):
        seed, ours = str(entry["seed"]), str(entry["ours"] or "")
        if seed not in text:
            stale.append(seed)
            continue
        text = text.replace(seed, ours)
    assert not stale, f"corrections no longer found in the seed text: {stale}"
    return text


_TAG = re.compile(r"<[^>]+>")


def _clean(cell: str) -> str:
    cell = _TAG.sub(" ", cell)
    cell = cell.replace("**", "")
    cell = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", cell)  # *italic* markers of the extraction
    cell = re.sub(r"^\s*-\s+", "", cell)  # list bullets the extraction put before lines
    return normalise(cell)


def seed_lines(text: str) -> list[tuple[int, list[str], bool]]:
    """(line number, fragments, starts with an empty cell) for every line with text; repeated headers dropped."""
    out = []
    seen_headers: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c for c in (_clean(part) for part in line.split("\t")) if c]
        if not cells:
            continue
        joined = " ".join(cells)
        if joined.startswith("LAMPIRAN"):
            seen_headers = set()
        is_header = joined.startswith("NO KOMPONEN") or (
            len(cells) >= 5 and all(c.isdigit() for c in cells)
            and [int(c) for c in cells] == list(range(1, len(cells) + 1))
        )
        if is_header:
            if joined in seen_headers:
                continue
            seen_headers.add(joined)
        out.append((number, cells, "\t" in line and not _clean(line.split("\t")[0])))
    return out


def missing_in_order(seed_text: str, rendered: str) -> list[str]:
    """The seed fragments our rendering lacks, or has out of order; empty when all is there."""
    hay = normalise(rendered)
    pos = 0
    row_start = 0
    failures = []
    for number, cells, indented in seed_lines(seed_text):
        start = pos
        if indented:
            # A table line that starts with empty cells may be the rest of the row before it, split by a
            # page break: it is complete when all its cells lie within that row.
            ends = _match_line(hay, cells, row_start)
            if ends is not None and ends[1] <= pos:
                continue
        ends = _match_line(hay, cells, pos)
        if ends is not None:
            row_start = ends[0]
            pos = ends[1]
            continue
        ends = _match_line(hay, cells, row_start)
        if ends is not None and ends[0] <= start:
            pos = max(pos, ends[1])
            continue
        for cell in cells:
            if hay.find(cell, start) < 0:
                near = hay[start:start + 160]
                where = "elsewhere (out of order)" if cell in hay else "nowhere"
                failures.append(f"seed line {number}: {cell[:140]!r} found {where}; our text here: {near!r}")
                break
        else:
            failures.append(f"seed line {number}: cells {[c[:40] for c in cells]} not in order")
    return failures


def _match_line(hay: str, cells: list[str], pos: int) -> tuple[int, int] | None:
    first = None
    for cell in cells:
        i = hay.find(cell, pos)
        if i < 0:
            return None
        first = i if first is None else first
        pos = i + len(cell)
    return (first if first is not None else pos), pos


@pytest.mark.parametrize("name", NAMES)
def test_example_says_everything_its_seed_says(name: str, rendered_txt) -> None:
    failures = missing_in_order(corrected_seed(name), rendered_txt[name]["salinan"])
    assert not failures, f"{len(failures)} seed fragments missing:\n" + "\n".join(failures[:40])


def test_examples_readme_lists_exactly_the_corrections() -> None:
    from make_examples_readme import build

    current = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert current == build(), "examples/README.md is stale: run python tests/make_examples_readme.py"


def test_every_seed_has_an_example() -> None:
    assert sorted(NAMES) == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_order_check_catches_reordering() -> None:
    assert missing_in_order("a b\nc d", "c d a b")
    assert not missing_in_order("a b\nc d", "a b x c d")
    # The rest of a row split by a page break is found inside that row, even if the next row repeats it.
    assert not missing_in_order("1\tx y\tp\n\tz\tq\n2\tz\tr", "1 x y z p q 2 z r")
    assert missing_in_order("1\tx\n\tw", "1 x 2 y")
