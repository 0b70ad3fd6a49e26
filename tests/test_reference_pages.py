"""The kept pages of every example look as their reference pictures do (within a small tolerance).

After an intended change of the pages, draw the references again with `python tests/make_reference_pages.py`,
look at the pictures, and commit them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import example_specs
from reference_pages import REFERENCES, TOLERANCE, difference, draw, first_landscape, pages_of

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_kept_pages_look_as_their_references(spec: Path, rendered_pdf, tmp_path: Path) -> None:
    pdfs = rendered_pdf[spec.stem]
    failures = []
    for page in pages_of(spec.stem, first_landscape(pdfs["original"])):
        expected = REFERENCES / page.name
        assert expected.is_file(), f"no reference {expected.name}: run python tests/make_reference_pages.py"
        actual = draw(pdfs[page.variant], page.number, tmp_path / page.name)
        share = difference(expected, actual)
        if share > TOLERANCE:
            failures.append(f"{page.name}: {share:.2%} of the page differs (kept: {actual})")
    assert not failures, "\n".join(failures)


def test_every_reference_is_of_a_kept_page(rendered_pdf) -> None:
    kept = {page.name for spec in example_specs()
            for page in pages_of(spec.stem, first_landscape(rendered_pdf[spec.stem]["original"]))}
    assert {p.name for p in REFERENCES.glob("*.png")} == kept


def test_a_moved_block_is_seen(rendered_pdf, tmp_path: Path) -> None:
    """The comparison is not blind: two different pages of one example differ far beyond the tolerance."""
    pdf = rendered_pdf[example_specs()[0].stem]["original"]
    first, second = draw(pdf, 1, tmp_path / "a.png"), draw(pdf, 2, tmp_path / "b.png")
    assert difference(first, second) > 10 * TOLERANCE
