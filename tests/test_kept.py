"""What the renderers keep between documents of one process (a batch's shared plan table, parsed cell markup,
the PDF's line breaks, cut words and styles, the DOCX template's parts and break hints, compressed zip parts)
changes nothing: a document rendered after others is byte for byte what a fresh process makes."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT
from zi_decree import compose, load, resolve
from zi_decree.base.zips import zip_parts
from zi_decree.rendering.breaks import hinted
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.house_template import HouseStyle, build_template
from zi_decree.rendering.pdf import render_pdf

SPECS = ("kota-surakarta-2025.yaml", "kab-semarang-2025.yaml")
URL = "https://jdih.kpu.go.id/data/data_kepkpu/2024/KepKPU-NomorTahun2024-Pedoman_Teknis.pdf"
# A fresh process renders a spec's salinan as a PDF and as a DOCX (on a template, or the house one): the PDF
# first and the DOCX after it, each the first of its kind there (the two keep nothing in common but pure
# functions' results); and hints an address for a narrow column.
FRESH = """
import base64, json, sys
from zi_decree import compose, load, resolve
from zi_decree.rendering.breaks import hinted
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.pdf import render_pdf
spec, pdf_paper, template, url = sys.argv[1:]
narrow = hinted(url, 60, 12)
document = compose(resolve(load(spec)), "salinan")
made = {"pdf": render_pdf(document, paper=pdf_paper), "docx": render_docx(document, template or None, "f4")}
print(json.dumps({"narrow": narrow, **{fmt: base64.b64encode(data).decode() for fmt, data in made.items()}}))
"""


def _fresh(spec: Path, pdf_paper: str = "f4", template: Path | None = None) -> dict[str, bytes | str]:
    result = subprocess.run([sys.executable, "-c", FRESH, str(spec), pdf_paper, str(template or ""), URL],
                            capture_output=True, cwd=ROOT, timeout=300, check=True)
    fresh = json.loads(result.stdout)
    return {"narrow": fresh["narrow"], "pdf": base64.b64decode(fresh["pdf"]), "docx": base64.b64decode(fresh["docx"])}


def test_a_document_rendered_after_others_is_what_a_fresh_process_makes() -> None:
    documents = [compose(resolve(load(ROOT / "examples" / name)), "salinan") for name in SPECS]
    fresh = _fresh(ROOT / "examples" / SPECS[0])
    for render, fmt in ((render_pdf, "pdf"), (render_docx, "docx")):
        first = [render(d) for d in documents]
        # Again, in the other order and twice: every table and cell now comes from what was kept.
        again = [render(d) for d in reversed(documents)][::-1]
        assert again == first
        assert [render(d) for d in documents] == first
        assert first[0] == fresh[fmt]


def test_a_document_on_other_paper_or_template_after_others_is_what_a_fresh_process_makes(tmp_path: Path) -> None:
    # The same texts on A4 after F4 (every cell and paragraph narrower: the line breaks and cut words kept for
    # the F4 pages must not be taken), a DOCX on an office's template after ones on the house template (its
    # styles are another part), and an address's break hints for a narrow column after a wide one.
    spec = ROOT / "examples" / SPECS[0]
    template = tmp_path / "kantor.docx"
    template.write_bytes(build_template(HouseStyle(font="Times New Roman", size=11, left_cm=2.0)))
    document = compose(resolve(load(spec)), "salinan")
    render_pdf(document, paper="f4")
    house = render_docx(document, paper="f4")
    render_docx(document, template, paper="f4")  # (the first reads the template's styles; the next keeps them)
    pdf, docx = render_pdf(document, paper="a4"), render_docx(document, template, paper="f4")
    hinted(URL, 400, 12)
    narrow = hinted(URL, 60, 12)
    fresh = _fresh(spec, "a4", template)
    assert (pdf, docx, narrow) == (fresh["pdf"], fresh["docx"], fresh["narrow"])
    assert docx != house and narrow != URL  # the office's template was used; the address was hinted


def _zipfile_zip(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, part in parts:
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, part, compresslevel=6)
    return out.getvalue()


def test_a_zip_of_parts_kept_compressed_is_what_zipfile_writes() -> None:
    # zip_parts writes DOCX packages itself and keeps the compressed data of long parts (a template's styles)
    # for the next zip: each zip is byte for byte zipfile's, whichever parts were zipped before.
    styles = b"<w:style w:styleId='x'/>" * 20000
    first = [("[Content_Types].xml", b"<Types/>"), ("word/styles.xml", styles), ("word/document.xml", b"<d>1</d>" * 5000),
             ("docProps/\u00e9t\u00e9.xml", "caf\u00e9".encode()), ("empty", b"")]
    second = [("word/styles.xml", styles), ("word/document.xml", b"<d>2</d>" * 5000), ("media/", b"")]
    for parts in (first, second, first, list(reversed(first))):
        made = zip_parts(parts)
        assert made == _zipfile_zip(parts)
        with zipfile.ZipFile(io.BytesIO(made)) as read:
            assert [(i.filename, read.read(i)) for i in read.infolist()] == parts


def test_what_threads_keep_at_once_is_kept_whole_and_bounded() -> None:
    """The web app renders in threads: many keeping into one small memory at once never raise, and the memory holds
    no more than its bound; a key kept again gives back the value kept under it."""
    import threading

    from zi_decree.base.kept import Kept

    kept: Kept[int, object] = Kept(4)
    got: dict[int, list[object]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(2000):
                value = object()
                assert kept.keep(i % 6, value) is not None
            got[n] = [kept.get(k) for k in range(6)]
        except BaseException as exc:  # said below, from the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(got) == 8
    assert sum(kept.get(k) is not None for k in range(6)) <= 4
    held = next(k for k in range(6) if kept.get(k) is not None)
    assert kept.keep(held, object()) is kept.get(held)


def test_a_memory_bounded_by_weight_drops_the_least_lately_used() -> None:
    from zi_decree.base.kept import Kept

    kept: Kept[str, bytes] = Kept(10, len, 10)
    kept.keep("a", b"1234")
    kept.keep("b", b"1234")
    assert kept.get("a") == b"1234"  # "a" used lately: "b" goes first
    kept.keep("c", b"1234")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (b"1234", None, b"1234")
    assert kept.keep("c", b"other") == b"1234"  # kept already: the value kept stays
    kept.keep("d", b"12345678901")  # heavier than the bound alone: nothing stays
    assert [kept.get(k) for k in "acd"] == [None, None, None]
