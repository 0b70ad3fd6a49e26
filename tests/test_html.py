"""The HTML preview: the same words as the plain text for every example, the decree's structure, text escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import example_specs
from zi_decree import compose, load, render_text, resolve
from zi_decree.composing.document import Cell, Document, Paragraph, Row, Section, Table
from zi_decree.errors import ArgumentError
from zi_decree.rendering.html import render_html


class _Words(HTMLParser):
    """The words of an HTML fragment, in reading order, and the tags it opens with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.chunks.append(" ")  # an element's edge separates words, as a tab or a new line does in the text
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.chunks.append(" ")


def _parse(fragment: str) -> _Words:
    parser = _Words()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.mark.parametrize("variant", ["original", "salinan"])
@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.stem)
def test_html_says_exactly_what_the_plain_text_says(spec: Path, variant: str) -> None:
    document = compose(resolve(load(spec)), variant)
    words = "".join(_parse(render_html(document)).chunks).split()
    assert words == render_text(document).decode("utf-8").split()


def test_html_shows_the_structure_of_the_decree() -> None:
    document = compose(resolve(load(example_specs()[1])), "salinan")  # kab-semarang-2025
    html = render_html(document)
    tags = _parse(html).tags
    classes = [attrs.get("class") or "" for _, attrs in tags]
    for expected in ("role-heading", "role-title", "labeled role-menimbang", "labeled role-mengingat",
                     "role-memutuskan", "labeled role-diktum", "signature", "attestation", "lampiran-header",
                     "table plan", "section lampiran landscape"):
        assert any(expected in c for c in classes), expected
    assert html.startswith('<article class="decree variant-salinan">')
    # Merged cells of the plan (an area's component over its indicators) are rowspans, the places they cover left out.
    assert any(tag == "td" and attrs.get("rowspan") for tag, attrs in tags)
    table = next(b for s in document.sections for b in s.blocks if isinstance(b, Table))
    cells = sum(1 for row in table.body for c in row.cells if not c.covered)
    assert sum(1 for tag, _ in tags if tag == "td") == cells


def test_user_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & {{ 7*7 }} <img src=x onerror=alert(1)>'
    document = Document((Section((Paragraph(hostile, role="title-subject"),
                                  Table((1.0,), (), (Row((Cell((hostile, "kedua")),)),)))),), "salinan")
    html = render_html(document)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{ 7*7 }}" in html
    assert "kedua" in html and _parse(html).chunks.count(hostile) == 2


def test_a_document_is_required() -> None:
    with pytest.raises(ArgumentError, match="document"):
        render_html("not a document")  # type: ignore[arg-type]
