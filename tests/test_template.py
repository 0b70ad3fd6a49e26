"""Office templates: one check, up front, for render, check, batch and both renderers; a template that would stop
a renderer, or that holds template code beyond its fields, is refused with its part named, nothing written."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree
from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT, run_cli
from docx_text import W
from zi_decree import compose, load_data, resolve
from zi_decree.errors import ZiDecreeError
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.house_template import HouseStyle, build_template
from zi_decree.rendering.pdf import render_pdf

sys.path.insert(0, str(ROOT))
from benchmarks.plans import plan_spec

SEMARANG = EXAMPLES / "kab-semarang-2025.yaml"
BUNDLED = build_template()
Edit = Callable[[bytes], bytes] | bytes | None  # a part's new bytes, a change to them, or None: left out


def _rewrite(path: Path, edits: dict[str, Edit], base: bytes = BUNDLED) -> Path:
    """The template `base` with some parts changed, left out or added, saved at `path`."""
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            edit = edits.get(name, lambda data: data)
            if edit is None:
                continue
            data = source.read(name)
            target.writestr(name, edit(data) if callable(edit) else edit)
        for name, edit in edits.items():
            if name not in source.namelist() and isinstance(edit, bytes):
                target.writestr(name, edit)
    path.write_bytes(out.getvalue())
    return path


def _xml(edit: Callable[[etree._Element], object]) -> Callable[[bytes], bytes]:
    """A change to a part made on its XML tree."""
    def apply(data: bytes) -> bytes:
        root = etree.fromstring(data)
        edit(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return apply


def _with_header(path: Path, *runs: str, base: bytes = BUNDLED) -> Path:
    """A template whose header's paragraph holds `runs` (text split into runs as Word may split it)."""
    own = WordDocument(io.BytesIO(base))
    paragraph = own.sections[0].header.paragraphs[0]
    for text in runs:
        paragraph.add_run(text)
    own.save(str(path))
    return path


def _pgmar(**values: str) -> Callable[[bytes], bytes]:
    def edit(root: etree._Element) -> None:
        pgmar = root.find(f"{W}body/{W}sectPr/{W}pgMar")
        for side, value in values.items():
            pgmar.set(f"{W}{side}", value)
    return _xml(edit)


def _render(template: Path, out: Path, fmt: str = "docx,pdf", spec: Path = SEMARANG):
    return run_cli("render", str(spec), "--format", fmt, "-o", str(out), "--template", str(template))


def _refused(result, template: Path, *said: str) -> None:
    """Exit 2, one located message naming the template, and no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert f"error[template-invalid]: {template}: " in result.stderr, result.stderr
    for text in said:
        assert text in result.stderr, (text, result.stderr)


@pytest.fixture(scope="module")
def small_spec(tmp_path_factory) -> Path:
    spec = tmp_path_factory.mktemp("spec") / "spec.yaml"
    with spec.open("w", encoding="utf-8") as handle:
        YAML().dump(plan_spec(8), handle)
    return spec


@pytest.fixture(scope="module")
def small_document():
    return compose(resolve(load_data(plan_spec(8))), "salinan")


# ------------------------------------------------------------------------------------------------ item 8

def _zip_bomb(path: Path) -> Path:
    # What a zip bomb's directory declares (a picture unpacking to 200 MB); the test writes the declaration, not
    # the 200 MB: the check refuses on what is declared, before unpacking anything.
    _rewrite(path, {"word/media/image1.png": b"\0" * 1000})
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the last member's central directory entry
    struct.pack_into("<I", data, entry + 24, 200 * 2**20)
    path.write_bytes(bytes(data))
    return path


def _encrypted(path: Path) -> Path:
    data = bytearray(BUNDLED)
    entry = data.index(b"PK\x01\x02")  # the first member ([Content_Types].xml) marked as encrypted
    struct.pack_into("<H", data, entry + 8, struct.unpack_from("<H", data, entry + 8)[0] | 1)
    path.write_bytes(bytes(data))
    return path


def _unknown_zip_version(path: Path) -> Path:
    data = bytearray(BUNDLED)
    entry = data.index(b"PK\x01\x02")  # the first member needs, its directory says, zip version 24.7
    struct.pack_into("<H", data, entry + 6, 247)
    path.write_bytes(bytes(data))
    return path


def _plain_word(path: Path) -> Path:
    WordDocument().save(str(path))  # a Word document, without the ZI styles
    return path


def _zip_of_text(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "not a document")
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "truncated document": (lambda p: _rewrite(p, {"word/document.xml": lambda d: d[: len(d) // 2]}),
                           ("word/document.xml: the XML is broken at line",)),
    "broken styles part": (lambda p: _rewrite(p, {"word/styles.xml": lambda d: d.replace(b"<w:style ", b"<w:style<", 1)}),
                           ("word/styles.xml: the XML is broken at line",)),
    "no styles part": (lambda p: _rewrite(p, {"word/_rels/document.xml.rels": lambda d: d.replace(
        b"relationships/styles\"", b"relationships/styles-gone\"")}), ("has no styles (word/styles.xml)",)),
    "Word document without ZI styles": (_plain_word, ("word/styles.xml: the styles 'ZI Salinan', 'ZI Kop'",
                                                      "are missing", "zi-decree template -o")),
    "table style as a paragraph style": (lambda p: _rewrite(p, {"word/styles.xml": _xml(lambda root: next(
        s for s in root.findall(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "ZI Tabel").set(
        f"{W}type", "paragraph"))}), ("word/styles.xml: the style 'ZI Tabel' is a paragraph style",
                                      "a table style is expected")),
    "Normal size not a size": (lambda p: _rewrite(p, {"word/styles.xml": _xml(lambda root: next(
        s for s in root.findall(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "Normal").find(
        f"{W}rPr/{W}sz").set(f"{W}val", "big"))}), ("the size of the Normal style", "'big'")),
    "no page settings": (lambda p: _rewrite(p, {"word/document.xml": _xml(lambda root: root.find(f"{W}body").remove(
        root.find(f"{W}body/{W}sectPr")))}), ("word/document.xml: no page settings (w:sectPr)",)),
    "no margins": (lambda p: _rewrite(p, {"word/document.xml": _xml(lambda root: root.find(
        f"{W}body/{W}sectPr").remove(root.find(f"{W}body/{W}sectPr/{W}pgMar")))}),
                   ("word/document.xml: the page settings have no margins (w:pgMar)",)),
    "a margin that is no measure": (lambda p: _rewrite(p, {"word/document.xml": _pgmar(left="wide")}),
                                    ("the left margin (w:pgMar w:left) is 'wide', not a margin",)),
    "margins leaving no room": (lambda p: _rewrite(p, {"word/document.xml": _pgmar(left="4000", right="4000")}),
                                ("the left and right margins", "at least 10 cm")),
    "not a zip": (lambda p: (p.write_text("not a docx", encoding="utf-8"), p)[1], ("not a Word document (.docx)",)),
    "a zip, not a Word document": (_zip_of_text, ("not a Word document (.docx)",)),
    "a zip of an unknown version": (_unknown_zip_version, ("not a Word document (.docx)",)),
    "a Word template (.dotx)": (lambda p: _rewrite(p, {"[Content_Types].xml": lambda d: d.replace(
        b"document.main+xml", b"template.main+xml")}), ("a Word template (.dotx), not a Word document",)),
    "zip bomb": (_zip_bomb, ("the template unpacks to 201 MB (at most 128 MB are read)",)),
    "encrypted part": (_encrypted, ("[Content_Types].xml: this part cannot be unpacked", "encrypted")),
    "a part named but missing": (lambda p: _rewrite(p, {"word/footer1.xml": None}),
                                 ("word/_rels/document.xml.rels: it names the part word/footer1.xml, which is "
                                  "missing",)),
    "a footer outside the file": (lambda p: _rewrite(p, {"word/_rels/document.xml.rels": lambda d: d.replace(
        b'Target="footer1.xml"', b'Target="http://example.com/f.xml" TargetMode="External"')}),
                                  ("its footer is outside the file",)),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_template_that_would_stop_a_renderer_is_refused_with_its_part(name: str, tmp_path: Path) -> None:
    make, said = HOSTILE[name]
    template = make(tmp_path / "kantor.docx")
    result = _render(template, tmp_path / "out")
    _refused(result, template, *said)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_each_renderer_refuses_a_bad_template_through_the_same_check(fmt: str, tmp_path: Path,
                                                                     small_document) -> None:
    template = _rewrite(tmp_path / "kantor.docx", {"word/document.xml": _pgmar(left="wide")})
    render = render_pdf if fmt == "pdf" else render_docx
    with pytest.raises(ZiDecreeError) as caught:
        render(small_document, template)
    assert str(caught.value) == f"{template}: word/document.xml: the left margin (w:pgMar w:left) is 'wide', not a " \
        "margin; set the margins in Word (Layout > Margins) and save the template again"
    result = _render(template, tmp_path / "out", fmt)
    _refused(result, template, "word/document.xml: the left margin")


def test_a_template_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "kantor.docx").mkdir()
    _refused(_render(tmp_path / "kantor.docx", tmp_path / "out"), tmp_path / "kantor.docx", "is a folder")


def test_check_and_batch_refuse_the_template_as_render_does(tmp_path: Path) -> None:
    template = _plain_word(tmp_path / "kantor.docx")
    spec = tmp_path / "spec.yaml"
    spec.write_text(SEMARANG.read_text(encoding="utf-8").replace(
        "plan: kab-semarang-2025.plan.yaml", f"plan: {EXAMPLES / 'kab-semarang-2025.plan.yaml'}")
        + "template: kantor.docx\n", encoding="utf-8")
    result = run_cli("check", str(spec))
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    # Placed where the spec names the template, with the template and its part.
    assert f"error[template-invalid]: {spec}:" in result.stdout and f"template: {template}: word/styles.xml: the styles 'ZI Salinan'" \
        in result.stdout, result.stdout
    result = run_cli("batch", str(EXAMPLES / "jawa-tengah-2025.offices.csv"), "--plan",
                     str(EXAMPLES / "jawa-tengah-2025.plan.yaml"), "--year", "2025", "-o", str(tmp_path / "out"),
                     "--template", str(template), "--format", "pdf")
    _refused(result, template, "word/styles.xml: the styles 'ZI Salinan'")
    assert result.stderr.count("ZI Salinan") == 1  # once, before any office
    assert not (tmp_path / "out").exists()


def test_margins_with_units_are_read_alike_by_both_renderers(tmp_path: Path, small_document) -> None:
    # Word's schema allows a margin with its unit; python-docx reads it, and so must both renderers.
    inches = _rewrite(tmp_path / "inches.docx", {"word/document.xml": _pgmar(left="1in", right="0.5in")})
    twips = _rewrite(tmp_path / "twips.docx", {"word/document.xml": _pgmar(left="1440", right="720")})
    assert render_pdf(small_document, inches) == render_pdf(small_document, twips)
    word = WordDocument(io.BytesIO(render_docx(small_document, inches)))
    assert [(s.left_margin.inches, s.right_margin.inches) for s in word.sections] == [(1.0, 0.5)] * len(word.sections)


def test_the_pdf_takes_the_margins_the_docx_keeps(tmp_path: Path, small_document) -> None:
    # A template of two sections: the DOCX lays every section out on the body's page settings, the last;
    # so does the PDF (it took the first section's).
    def first_section(root: etree._Element) -> None:
        body = root.find(f"{W}body")
        paragraph = etree.SubElement(body, f"{W}p")
        body.insert(0, paragraph)
        sectpr = etree.fromstring(etree.tostring(body.find(f"{W}sectPr")))
        sectpr.find(f"{W}pgMar").set(f"{W}left", "3000")
        etree.SubElement(paragraph, f"{W}pPr").append(sectpr)

    two = _rewrite(tmp_path / "two.docx", {"word/document.xml": _xml(first_section)})
    one = _rewrite(tmp_path / "one.docx", {})
    assert render_pdf(small_document, two) == render_pdf(small_document, one)
    assert render_docx(small_document, two) == render_docx(small_document, one)  # (its body is left out)


def test_a_template_saved_again_under_its_name_is_read_again_by_the_pdf(tmp_path: Path, small_document) -> None:
    template = tmp_path / "kantor.docx"
    template.write_bytes(build_template(HouseStyle(left_cm=2.0)))
    before = render_pdf(small_document, template)
    template.write_bytes(build_template(HouseStyle(left_cm=4.0)))
    after = render_pdf(small_document, template)
    assert after != before
    assert after == render_pdf(small_document, _rewrite(tmp_path / "fresh.docx", {}, build_template(
        HouseStyle(left_cm=4.0))))


def test_what_the_template_s_body_and_properties_hold_is_never_run(tmp_path: Path, small_spec: Path) -> None:
    # The body is left out (the README asks for an empty one) and the properties stay text: nothing in them
    # is template code, and nothing in them can stop a renderer (a table without its grid, a long comment).
    def body(root: etree._Element) -> None:
        body = root.find(f"{W}body")
        body.insert(0, etree.fromstring(f'<w:tbl xmlns:w="{W[1:-1]}"><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'))
        body.insert(0, etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}"><w:r><w:t>{{% include "x" %}}</w:t></w:r></w:p>'))

    def properties(root: etree._Element) -> None:
        dc = "{http://purl.org/dc/elements/1.1/}"
        root.find(f"{dc}description").text = "Templat kantor. " * 30  # 480 characters
        etree.SubElement(root, f"{dc}identifier").text = "{{ 7*7 }}"

    template = _rewrite(tmp_path / "kantor.docx", {"word/document.xml": _xml(body), "docProps/core.xml": _xml(properties)})
    result = _render(template, tmp_path / "out", spec=small_spec)
    assert result.returncode == 0, result.stderr
    docx = next((tmp_path / "out").glob("*/*.salinan.docx"))
    assert WordDocument(str(docx)).core_properties.identifier == "{{ 7*7 }}"


# ------------------------------------------------------------------------------------------------ item 9

CODE = {
    "an expression": (("{{ 7*7 }}",), "'{{ 7*7 }}' in the header is not a field"),
    "an include": (("{% include 'kop.xml' %}",), "'{% include 'kop.xml' %}'"),
    "an import": (("{% import 'kop.xml' as kop %}",), "'{% import 'kop.xml' as kop %}'"),
    "nested loops": (("{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",),
                     "'{% for i in range(100000) %}'"),
    "a filter": (("{{ office|upper }}",), "'{{ office|upper }}'"),
    "an unknown name": (("NOMOR {{ nomer }}",), "'{{ nomer }}'"),
    "docxtpl's own tags": (("{{r office }}",), "'{{r office }}'"),
    "a field after code": (("{{ office }} {{ 7*7 }}",), "'{{ 7*7 }}'"),
    "code split over runs": (("KOP {{ 7", "*7 }}",), "'{{ 7*7 }}'"),
    "a brace in each run": (("{", "{ 7*7 }}"), "'{{ 7*7 }}'"),
    "unclosed": (("{{ office",), "'{{ office'"),
    # a comment runs nothing, but jinja would take its text out of the header unseen: user text stays data
    "a comment": (("KOP QB{# catatan #}QE",), "'{# catatan #}' in the header is a template comment, whose text "
                  "would be left out unseen"),
    "a comment split over runs": (("KOP {# cat", "atan #} {{ office }}",), "'{# catatan #}'"),
    "an unclosed comment": (("KOP {# catatan",), "'{# catatan'"),
}


@pytest.mark.parametrize("name", CODE)
def test_template_code_in_the_header_is_refused_before_anything_is_rendered(name: str, tmp_path: Path) -> None:
    runs, said = CODE[name]
    template = _with_header(tmp_path / "kantor.docx", *runs)
    result = _render(template, tmp_path / "out")
    _refused(result, template, f"{template}: word/header1.xml: {said}", "{{ office }}, {{ office_upper }}")
    assert not (tmp_path / "out").exists()


def test_code_the_text_does_not_show_is_refused_too(tmp_path: Path) -> None:
    # An XML comment in the footer: Word shows nothing, but docxtpl hands it to jinja with the rest.
    def comment(root: etree._Element) -> None:
        root.insert(0, etree.Comment(" {% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                                     "{% endfor %} "))

    template = _rewrite(tmp_path / "kantor.docx", {"word/footer1.xml": _xml(comment)})
    _refused(_render(template, tmp_path / "out"), template, "word/footer1.xml: '{% for i in range(100000) %}'")


def test_the_fields_are_filled_however_word_splits_them(tmp_path: Path, small_spec: Path) -> None:
    template = _with_header(tmp_path / "kantor.docx", "{{ office", "_upper }} / {{", " nomor }} / {{variant}}")
    result = _render(template, tmp_path / "out", "docx", small_spec)
    assert result.returncode == 0, result.stderr
    docx = next((tmp_path / "out").glob("*/*.salinan.docx"))
    header = WordDocument(str(docx)).sections[0].header.paragraphs[0].text
    assert header.startswith("KOMISI PEMILIHAN UMUM KABUPATEN") and header.endswith(" / salinan"), header


def test_the_docx_renderer_compiles_nothing_but_the_fields() -> None:
    # The last guard, behind the check: whatever docxtpl hands to jinja is refused if it holds template code.
    from zi_decree.rendering.docx import _Environment

    env = _Environment()
    assert env.from_string("<w:t>{{ office }}</w:t>").render(office="A & B") == "<w:t>A &amp; B</w:t>"
    with pytest.raises(ZiDecreeError, match=r"'\{\{ 7\*7 \}\}' is not one of the fields"):
        env.from_string("<w:t>{{ 7*7 }}</w:t>")


@pytest.mark.parametrize("command", ["render", "batch"])
def test_a_template_name_too_long_for_the_file_system_is_refused(command: str, tmp_path: Path) -> None:
    """`--template <5,000 characters>.docx` was an OSError (File name too long): exit 3 (issue 12, item 7)."""
    name = tmp_path / ("k" * 5000 + ".docx")
    if command == "render":
        result = _render(name, tmp_path / "out")
    else:
        result = run_cli("batch", str(EXAMPLES / "jawa-tengah-2025.offices.csv"), "--plan",
                         str(EXAMPLES / "jawa-tengah-2025.plan.yaml"), "--year", "2025", "-o", str(tmp_path / "out"),
                         "--template", str(name))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error[")]
    # the path, cut in its middle (it is no file's): its start and its end
    assert error == f"error[file-unreadable]: {str(name)[:100]}...{'k' * 95}.docx ({len(str(name))} characters): the template cannot " \
                    "be read (File name too long)", error
    assert not (tmp_path / "out").exists()
