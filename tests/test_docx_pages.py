"""Pages a drafter would sign, in the DOCX (issue 13, items 1-3): the properties Word and LibreOffice paginate
by (keep-with-next, keep-lines, rows that may not split, repeated header rows, cell padding, break opportunities),
and LibreOffice's own pages of the DOCX: the sign-off kept together and never alone, in the orientation of the
page before it, no table row split across pages, no word broken inside."""

from __future__ import annotations

import bisect
import copy
import functools
import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree
from ruamel.yaml import YAML

from conftest import ROOT, SIGN_OFF_DECREE, opened_pdf, run_cli
from docx_text import W, docx_text
from zi_decree import compose, load, resolve
from zi_decree.composing.document import AttestationBlock, SignatureBlock, Table

sys.path.insert(0, str(ROOT))
from benchmarks.plans import plan_spec

DECREE = SIGN_OFF_DECREE
ZWSP = "\u200b"


def _render(spec: Path, out: Path, *extra: str) -> dict[str, Path]:
    result = run_cli("render", str(spec), "--format", "docx,txt", "--variant", "both", "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return {p.name.split(".")[-2] + "." + p.suffix[1:]: p for p in out.glob("*/*.*") if p.suffix in (".docx", ".txt")}


@pytest.fixture(scope="module")
def decree(tmp_path_factory) -> dict[str, Path]:
    """The test decree whose sign-off would stand alone, rendered through the command line."""
    return _render(DECREE, tmp_path_factory.mktemp("sign-off"))


def _spec_file(data: dict, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        YAML().dump(data, handle)
    return path


def _body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t")).replace(ZWSP, "")


class _Styles:
    """Paragraph properties as Word resolves them: the paragraph's own, else its style's (python-docx)."""

    def __init__(self, path: Path) -> None:
        self.styles = {s.style_id: s for s in WordDocument(str(path)).styles if s.type == 1}

    def _own(self, p: etree._Element, name: str) -> bool | None:
        el = p.find(f"{W}pPr/{W}{name}")
        if el is None:
            return None
        return el.get(f"{W}val") not in ("0", "false")

    def _style(self, p: etree._Element) -> object:
        ref = p.find(f"{W}pPr/{W}pStyle")
        return self.styles.get(ref.get(f"{W}val")) if ref is not None else None

    def keep_next(self, p: etree._Element) -> bool:
        own = self._own(p, "keepNext")
        style = self._style(p)
        return own if own is not None else bool(style and style.paragraph_format.keep_with_next)

    def keep_lines(self, p: etree._Element) -> bool:
        own = self._own(p, "keepLines")
        style = self._style(p)
        return own if own is not None else bool(style and style.paragraph_format.keep_together)


def _sign_offs(body: etree._Element, last: str) -> list[list[etree._Element]]:
    """Each sign-off block (from its place and date to the paragraph `last`) with, first, the element before it."""
    children = list(body)
    blocks = []
    for i, el in enumerate(children):
        if el.tag == f"{W}p" and _text(el).startswith("Ditetapkan di"):
            end = next(j for j in range(i, len(children)) if _text(children[j]) == last)
            blocks.append(children[i - 1:end + 1])
    return blocks


# ----------------------------------------------------------------------------------------------- DOCX properties


@pytest.mark.parametrize("variant", ["original", "salinan"])
def test_the_sign_off_is_one_block_kept_with_the_last_lines_before_it(decree, variant: str) -> None:
    path = decree[f"{variant}.docx"]
    styles = _Styles(path)
    blocks = _sign_offs(_body(path), "Nama Pejabat" if variant == "salinan" else "NAMA KETUA")
    assert len(blocks) == 2  # the decree's and the lampiran's
    for before, *block in blocks:
        texts = [_text(p) for p in block]
        assert "NAMA KETUA" in texts
        assert ("Salinan sesuai dengan aslinya" in texts) == (variant == "salinan")
        # Every paragraph of the block keeps with the next, the last one does not (the page may end there).
        assert [styles.keep_next(p) for p in block] == [True] * (len(block) - 1) + [False], texts
        # What comes before goes along: the last paragraph of the dictum, or the table's last row, unsplit.
        if before.tag == f"{W}tbl":
            last = before.findall(f"{W}tr")[-1]
            assert all(styles.keep_next(p) for p in last.iter(f"{W}p"))
            assert last.find(f"{W}trPr/{W}cantSplit") is not None
        else:
            assert styles.keep_next(before), _text(before)


def test_memutuskan_stays_with_menetapkan(decree) -> None:
    path = decree["salinan.docx"]
    styles = _Styles(path)
    paragraphs = [p for p in _body(path) if p.tag == f"{W}p"]
    i = next(i for i, p in enumerate(paragraphs) if _text(p) == "MEMUTUSKAN:")
    assert styles.keep_next(paragraphs[i])
    assert _text(paragraphs[i + 1]).startswith("Menetapkan")
    assert styles.keep_lines(paragraphs[i + 1])


def test_a_lampirans_head_stays_with_its_first_row(decree) -> None:
    path = decree["salinan.docx"]
    styles = _Styles(path)
    children = list(_body(path))
    t = next(i for i, el in enumerate(children) if el.tag == f"{W}tbl")
    head = children[t - 1::-1]
    head = head[:next(i for i, p in enumerate(head) if _text(p) == "LAMPIRAN") + 1]
    assert len(head) == 5 + 1  # LAMPIRAN, KEPUTUSAN ..., NOMOR ..., TENTANG, the subject, and the title
    assert all(styles.keep_next(p) for p in head)
    rows = children[t].findall(f"{W}tr")
    # The grid's two header rows and the column numbers repeat; they, the area row and the first evidence row
    # keep with the next row.
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows[:4]] == [True, True, True, False]
    for row in rows[:5]:
        assert all(styles.keep_next(p) for p in row.iter(f"{W}p")), _text(row)
    assert not any(styles.keep_next(p) for p in rows[6].iter(f"{W}p"))


def test_every_cell_has_padding_at_top_and_bottom(decree) -> None:
    tbl = _body(decree["salinan.docx"]).find(f"{W}tbl")
    margins = tbl.find(f"{W}tblPr/{W}tblCellMar")
    assert int(margins.find(f"{W}top").get(f"{W}w")) >= 20
    assert int(margins.find(f"{W}bottom").get(f"{W}w")) >= 40


def test_rows_do_not_split_unless_taller_than_a_page(tmp_path: Path) -> None:
    data = plan_spec(12)
    evidence = data["lampiran"][0]["areas"][0]["components"][0]["indicators"][0]["steps"][0]["evidence"][0]
    # A row taller than a landscape page: Word would clip it if it might not split.
    evidence["text"] = [f"Laporan pelaksanaan kegiatan ke-{i} beserta dokumentasi dan daftar hadir peserta"
                        for i in range(1, 90)]
    files = _render(_spec_file(data, tmp_path / "tall.yaml"), tmp_path / "out")
    tbl = _body(files["salinan.docx"]).find(f"{W}tbl")
    rows = tbl.findall(f"{W}tr")
    splittable = [r for r in rows if r.find(f"{W}trPr/{W}cantSplit") is None]
    assert len(splittable) == 1 and "ke-89" in "".join(splittable[0].itertext())
    assert len(rows) == 2 + 6 + 12


def test_long_tokens_get_break_opportunities_and_no_visible_junk(tmp_path: Path) -> None:
    data = plan_spec(6, link=True)
    component = data["lampiran"][0]["areas"][0]["components"][0]
    component["name"] = "Pengimplementasian diinternalisasikannya 314/ORT.07-Kpt/01/KPU/V/2021"
    step = component["indicators"][0]["steps"][0]
    step["text"] = "Kegiatan dilaksanakan/diimplementasikan/disosialisasikan"
    step["evidence"][0]["link"] = "https://bit.ly/InformasiPelayananKPUKabupatenContoh"
    step["evidence"][0]["schedule"] = "Per-bulan (Januari–Desember)"  # wider than the narrow schedule column
    data["memperhatikan"] = ["Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04-Kpt/05/KPU/XII/2020 tentang "
                             "Road Map Reformasi Birokrasi Komisi Pemilihan Umum Tahun 2020-2024"]
    files = _render(_spec_file(data, tmp_path / "long.yaml"), tmp_path / "out")
    docx = files["salinan.docx"]
    body = _body(docx)
    xml = etree.tostring(body, encoding="unicode")
    # A break after each / . - of a code or URL too long for its place, none inside "https://".
    assert f"dilaksanakan/{ZWSP}diimplementasikan" in xml
    assert f"314/{ZWSP}ORT.{ZWSP}07-{ZWSP}Kpt/{ZWSP}01/" in xml
    assert f"612/{ZWSP}ORT.{ZWSP}04-" in xml  # the Memperhatikan item, in the body's text column
    assert f"https://bit.{ZWSP}ly/{ZWSP}Informasi{ZWSP}Pelayanan{ZWSP}KPU{ZWSP}Kabupaten{ZWSP}Contoh" in xml
    assert "https:/" + ZWSP not in xml
    # A range breaks after its dash, not inside a month (Kab. Batang's "(Januari–Desembe|r)").
    assert f"(Januari–{ZWSP}Desember)" in xml
    # A word wider than its narrow column gets soft hyphens (Word's own element) between its syllables.
    cell = next(tc for tc in body.iter(f"{W}tc") if "internalisasikannya" in _text(tc))
    assert len(cell.findall(f".//{W}softHyphen")) >= 3
    assert _text(cell) == component["name"]
    # The plain text shows none of it: the DOCX says exactly what the plain-text rendering says.
    text = docx_text(docx.read_bytes())
    assert ZWSP not in text and "\u00ad" not in text
    assert text == files["salinan.txt"].read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------- LibreOffice's pages


@pytest.fixture
def decree_pdfs(libreoffice_run) -> dict[str, Path]:
    """The sign-off decree's DOCX (both variants), rendered through the command line and converted by LibreOffice."""
    return {"spec": DECREE, **{k: libreoffice_run[f"sign-off/{k}"]
                               for k in ("original", "salinan", "original.docx", "salinan.docx")}}


def _cases(libreoffice_pdfs, rendered_docx, decree_pdfs) -> list[tuple[str, Path, str, Path, Path]]:
    """(name, spec, variant, DOCX, LibreOffice's PDF) for every example and the test decree."""
    cases = []
    for name, variants in sorted(libreoffice_pdfs.items()):
        for variant, pdf in variants.items():
            assert pdf is not None, name
            cases.append((name, ROOT / "examples" / f"{name}.yaml", variant, rendered_docx[name][variant], pdf))
    for variant in ("original", "salinan"):
        cases.append(("docx-sign-off-alone", decree_pdfs["spec"], variant, decree_pdfs[f"{variant}.docx"],
                      decree_pdfs[variant]))
    return cases


def _lines(page) -> list[tuple[float, str]]:
    """The page's lines of text, top to bottom: (top, text)."""
    lines: dict[float, list] = {}
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        key = next((k for k in lines if abs(k - word["top"]) < 2), word["top"])
        lines.setdefault(key, []).append(word)
    return [(top, " ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"]))) for top, ws in sorted(lines.items())]


@pytest.mark.heavy
def test_libreoffice_keeps_the_sign_off_together_and_never_alone(libreoffice_pdfs, rendered_docx, decree_pdfs) -> None:
    for name, spec, variant, _, pdf in _cases(libreoffice_pdfs, rendered_docx, decree_pdfs):
        document = compose(resolve(load(spec)), variant)
        signature = next(b for s in document.sections for b in s.blocks if isinstance(b, SignatureBlock))
        attestation = next((b for s in document.sections for b in s.blocks if isinstance(b, AttestationBlock)), None)
        orientations = [s.orientation for s in document.sections]
        with opened_pdf(pdf) as doc:
            pages = [(p.width > p.height, _lines(p)) for p in doc.pages]
        found = 0
        for number, (landscape, lines) in enumerate(pages, start=1):
            texts = [t for _, t in lines]
            if signature.name not in texts:
                continue
            found += 1
            where = f"{name} {variant}, page {number}"
            first = min(i for i, t in enumerate(texts) if t.startswith("Ditetapkan di") or t == signature.title[0])
            name_at = texts.index(signature.name)
            block = texts[first:]
            # The block is whole on this page: its title, its name and, on a copy, the attestation.
            assert all(t in block for t in signature.title), where
            if attestation is not None:
                assert attestation.lines[0] in block and attestation.name in block[block.index(attestation.lines[0]):], where
            assert name_at > first, where
            # Never alone: the last lines of what it closes stand above it (more than a page number or the
            # table's repeated header rows).
            header = {"NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "PENANGGUNG JAWAB",
                      "PELAKSANAAN (BULAN)", "TARGET WAKTU", "LINK BUKTI FISIK"}
            above = [t for t in texts[:first] if not re.fullmatch(r"[\d ]+", t) and not any(h in t for h in header)]
            assert above, f"{where}: the sign-off stands alone"
            # In the orientation of the page before it.
            if number > 1 and pages[number - 2][0] != landscape:
                pytest.fail(f"{where}: the sign-off's page is turned unlike the page before it")
        assert found == len(orientations), f"{name} {variant}: {found} sign-offs for {len(orientations)} sections"


_LONG_ROW = 800  # characters: a row with fewer is well under a landscape page


def _evidence_column(page, header: str = "BUKTI FISIK") -> tuple[float, float] | None:
    words = page.extract_words()
    for i, w in enumerate(words[:-1]):
        if w["text"] == header.split()[0] and words[i + 1]["text"] == header.split()[1] and \
                abs(words[i + 1]["top"] - w["top"]) < 2:
            return (w["x0"] + words[i + 1]["x1"]) / 2, w["top"]
    return None


@pytest.mark.heavy
def test_libreoffice_splits_no_table_row_across_pages(libreoffice_pdfs, rendered_docx, decree_pdfs) -> None:
    """Counted in the evidence column, whose cells are never merged: on each page its cells below the header and
    column-number rows, summed over the pages, are the table's rows exactly when no row is split between pages
    (a split row counts once on each of its pages). Only a row Word may split (taller than a page) may split."""
    for name, spec, variant, docx, pdf in _cases(libreoffice_pdfs, rendered_docx, decree_pdfs):
        if variant != "salinan":
            continue
        document = compose(resolve(load(spec)), variant)
        tables = [b for s in document.sections for b in s.blocks if isinstance(b, Table)]
        rows = sum(len(t.body) for t in tables)
        # A row may split only when it might be taller than a page: when it may split and holds a long text.
        splittable = sum(1 for tbl in _body(docx).iter(f"{W}tbl") for tr in tbl.findall(f"{W}tr")
                         if tr.find(f"{W}trPr/{W}cantSplit") is None and len("".join(tr.itertext())) > _LONG_ROW)
        cells = 0
        with opened_pdf(pdf) as doc:
            for page in doc.pages:
                found = _evidence_column(page)
                if found is None:
                    continue
                x, top = found
                ys = sorted({round(e["top"], 1) for e in page.edges if e["orientation"] == "h"
                             and e["x0"] < x < e["x1"]})
                borders = [y for i, y in enumerate(ys) if not i or y - ys[i - 1] > 1.5]  # a rule drawn as a box
                start = max(i for i, y in enumerate(borders) if y < top + 3)  # the header cell's top
                # The header cell and the column-number row, then a cell between each two borders.
                cells += len(borders) - start - 1 - 2
        assert rows <= cells <= rows + 2 * splittable, f"{name}: {cells} cells for {rows} rows"


@pytest.mark.heavy
def test_libreoffice_closes_every_cell_at_a_page_break(libreoffice_pdfs, rendered_docx, decree_pdfs) -> None:
    """On every page of a table, its lowest rule runs the table's whole width: merged cells that go on to the next
    page are closed too."""
    for name, _, variant, _, pdf in _cases(libreoffice_pdfs, rendered_docx, decree_pdfs):
        with opened_pdf(pdf) as doc:
            for number, page in enumerate(doc.pages, start=1):
                if _evidence_column(page) is None:
                    continue
                rules = [e for e in page.edges if e["orientation"] == "h"]
                left, right = min(e["x0"] for e in rules), max(e["x1"] for e in rules)
                bottom = max(e["top"] for e in rules)
                spans = sorted((e["x0"], e["x1"]) for e in rules if bottom - e["top"] < 1.5)
                reach = left
                for x0, x1 in spans:
                    assert x0 <= reach + 1, f"{name} {variant}, page {number}: open from {reach:.0f} to {x0:.0f}"
                    reach = max(reach, x1)
                assert reach >= right - 1, f"{name} {variant}, page {number}: open from {reach:.0f}"


@functools.cache  # per page: two tests read the same pages' words without the blanks
def _without_zwsp(page):
    """The page without the blanks LibreOffice writes for each zero-width space: a space glyph laid over the
    letter before the break opportunity (its x-range overlaps a letter's), which splits that letter off for a
    text extractor though nothing on the page moves. A real space sits between two letters and overlaps none."""
    lines: dict[int, list] = {}  # the letters of each line, by their top rounded to a point, left to right
    for c in page.chars:
        if c["text"].strip():
            lines.setdefault(round(c["top"]), []).append(c)
    starts: dict[int, list[float]] = {}
    widest = max((c["x1"] - c["x0"] for c in page.chars), default=0.0)
    for top, letters in lines.items():
        letters.sort(key=lambda c: c["x0"])
        starts[top] = [c["x0"] for c in letters]

    def laid_over(c) -> bool:
        # A letter overlapping c by more than 0.5 starts within the widest letter's width to its left.
        for top in (round(c["top"]) - 1, round(c["top"]), round(c["top"]) + 1):
            letters = lines.get(top, ())
            if not letters:
                continue
            low = bisect.bisect_left(starts[top], c["x0"] + 0.5 - widest)
            high = bisect.bisect_left(starts[top], c["x1"] - 0.5)
            if any(min(c["x1"], o["x1"]) - max(c["x0"], o["x0"]) > 0.5 and abs(c["top"] - o["top"]) < 1
                   for o in letters[low:high]):
                return True
        return False

    return page.filter(lambda obj: not (obj.get("object_type") == "char" and not obj["text"].strip()
                                        and laid_over(obj)))


def _tokens(docx: Path) -> dict[str, set[int]]:
    """Every token of the DOCX (text between spaces) and the places a line may break inside it: after a
    zero-width space or soft hyphen we put there, and after a hyphen, slash or dash."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    marked = copy.deepcopy(root)
    for shy in list(marked.iter(f"{W}softHyphen")):
        t = etree.Element(f"{W}t")
        t.text = "\u00ad"
        shy.addnext(t)
    texts = []
    for p in marked.iter(f"{W}p"):
        texts.append("".join(t.text or "" if t.tag == f"{W}t" else " " for t in p.iter(f"{W}t", f"{W}tab", f"{W}br")))
    tokens: dict[str, set[int]] = {}
    for text in texts:
        for raw in text.split():
            plain, breaks = "", set()
            for char in raw:
                if char in (ZWSP, "\u00ad"):
                    breaks.add(len(plain))
                    continue
                plain += char
                if char in "-/\u2013\u2014":  # LibreOffice's own breaks: after a hyphen, slash or dash
                    breaks.add(len(plain))
            tokens.setdefault(plain, set()).update(breaks)
    return tokens


def _piece_of(shown: str, tokens: dict[str, set[int]]) -> bool:
    """Whether `shown` is a piece of a token cut only where a line may break."""
    for token, breaks in tokens.items():
        start = token.find(shown)
        while start >= 0:
            end = start + len(shown)
            if (start == 0 or start in breaks) and (end == len(token) or end in breaks):
                return True
            start = token.find(shown, start + 1)
    return False


@pytest.mark.heavy
def test_libreoffice_breaks_no_word_inside(libreoffice_pdfs, rendered_docx, decree_pdfs) -> None:
    """Every word LibreOffice sets is a whole token of the DOCX, or a piece of one cut where a line may break
    (a piece cut at a soft hyphen shows the hyphen)."""
    for name, _, variant, docx, pdf in _cases(libreoffice_pdfs, rendered_docx, decree_pdfs):
        tokens = _tokens(docx)
        with opened_pdf(pdf) as doc:
            words = [w["text"] for page in doc.pages for w in _without_zwsp(page).extract_words()]
        broken = []
        for word in words:
            if word in tokens or word.isdigit():
                continue
            # A piece ending in "-" shows a hyphen of the text, or the soft hyphen it was cut at.
            ok = any(_piece_of(shown, tokens) for shown in ((word, word[:-1]) if word.endswith("-") else (word,)))
            if not ok:
                broken.append(word)
        assert not broken, f"{name} {variant}: words broken inside: {broken[:10]}"


# ----------------------------------------------------------------------------------------------- month grid, italics



@pytest.fixture
def kendal_pdfs(libreoffice_run) -> dict[str, Path]:
    """The Kab. Kendal month-grid decree (link column and twelve months: narrow month columns): our PDF, and
    LibreOffice's PDF of its DOCX."""
    return {"ours": libreoffice_run["kendal.pdf"], "libreoffice": libreoffice_run["kendal"]}


@pytest.mark.parametrize("which", ["libreoffice", "ours"])
def test_month_headings_never_wrap(kendal_pdfs, which: str) -> None:
    """"10", "11" and "12" over the month grid stand on one line each, on every page the header repeats on."""
    with opened_pdf(kendal_pdfs[which]) as doc:
        headers = []
        for page in doc.pages:
            words = page.extract_words()
            heading = next((w for w in words if w["text"] == "PELAKSANAAN"), None)
            if heading is None:
                continue
            # The month row: the words below the grid's heading, above the column-number row (under "NO").
            no = next(w for w in words if w["text"] == "NO")
            numbers = min(w["top"] for w in words if w["text"] == "1" and abs(w["x0"] - no["x0"]) < 10
                          and w["top"] > no["bottom"])
            headers.append([w["text"] for w in sorted(words, key=lambda w: w["x0"])
                            if heading["bottom"] < w["top"] < numbers and w["text"].isdigit()])
    assert len(headers) >= 3
    for months in headers:
        assert months == [str(m) for m in range(1, 13)], months


@pytest.mark.heavy
def test_libreoffice_sets_emphasis_in_italics(libreoffice_pdfs, rendered_docx) -> None:
    """The words of the examples' emphasised runs (the foreign terms of catalogue titles: Grand Design, Road Map)
    come out of LibreOffice in an italic font, and the words never emphasised in an upright one."""
    import docx as python_docx

    checked = 0
    for name, variants in sorted(libreoffice_pdfs.items()):
        pdf = variants["salinan"]
        assert pdf is not None, name
        document = python_docx.Document(str(rendered_docx[name]["salinan"]))
        paragraphs = [*document.paragraphs,
                      *(p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs)]
        italic: set[str] = set()
        upright: set[str] = set()
        for paragraph in paragraphs:
            for run in paragraph.runs:
                words = {w.strip(",;.:()") for w in run.text.replace(ZWSP, " ").replace("\u00ad", "").split()}
                (italic if run.italic else upright).update(w for w in words if len(w) > 3)
        only_italic, only_upright = italic - upright, upright - italic
        assert only_italic, name
        with opened_pdf(pdf) as doc:
            fonts: dict[str, set[bool]] = {}
            for page in doc.pages:
                for word in _without_zwsp(page).extract_words(extra_attrs=["fontname"]):
                    fonts.setdefault(word["text"].strip(",;.:()"), set()).add("Italic" in word["fontname"])
        seen = only_italic & set(fonts)
        assert seen, f"{name}: no emphasised word found whole in LibreOffice's PDF"
        assert all(fonts[w] == {True} for w in seen), (name, {w: fonts[w] for w in seen if fonts[w] != {True}})
        upright_seen = only_upright & set(fonts)
        assert all(fonts[w] == {False} for w in upright_seen), \
            (name, {w: fonts[w] for w in upright_seen if fonts[w] != {False}})
        checked += len(seen)
    assert checked >= 4
