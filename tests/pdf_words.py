"""A PDF's pages as the page tests read them: characters, words, lines of text, horizontal rules and link areas.

PDFium (pypdfium2, in C) reads the page; pdfplumber's own text functions (pdfplumber.utils) make the words and
lines of text from its characters, so words come out as `pdfplumber.open(...).pages[i].extract_words()` gave
them, at about a tenth of the time: pdfminer, under pdfplumber, reads content streams in Python, and that was most
of the time of the tests that read pages.

What each page gives is what pdfplumber gives, in its coordinates (points, from the page's top left), for the
upright text and the drawings that our PDFs and LibreOffice's hold:

- `chars`: one dict per glyph drawn (not the spaces and line ends PDFium makes up between words): text, x0, x1,
  top, bottom, doctop, width, height, size, upright, fontname. A letter's box is pdfminer's: from its origin, its
  advance wide; from the font's descent below the baseline (the descriptor's, read with pypdf, as pdfminer does:
  PDFium makes one up where it says 0, as LibreOffice's do), the font size high. Heights agree with pdfminer's to
  about 0.01 pt; across, PDFium sets letters by widths in whole thousandths of an em (ReportLab writes fractions),
  so a letter may stand up to about 1 pt left of pdfminer's place at the end of a long line of our PDFs.
  `fontname` is the font's base name without the subset tag ("LiberationSans-Italic", where pdfminer said
  "BAAAAA+LiberationSans-Italic"). A blank that LibreOffice lays over a letter for a zero-width space, PDFium
  leaves out; pdfplumber gave it (test_docx_pages.py takes those out before reading words).
- `edges`: pdfplumber's edges of the lines, rectangles and curves drawn: x0, x1, top, bottom, orientation.
- `hyperlinks`: the link annotations that open an address: uri, x0, x1, top, bottom.
- `width`, `height`, `page_number`; `extract_words`, `extract_text`, `extract_text_lines` (pdfplumber.utils's, with
  the same arguments; a page caches what each gave), `crop` (what overlaps a box, clipped to it) and `filter`.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.utils.geometry import crop_to_bbox
from pdfplumber.utils.text import chars_to_textmap, extract_words as _extract_words
from pypdf import PdfReader

Obj = dict[str, Any]
Bbox = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m, then n (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


class Page:
    """One page (see the module's docstring); a crop or filter of a page is a Page too."""

    def __init__(self, page_number: int, width: float, height: float, chars: list[Obj], edges: list[Obj],
                 hyperlinks: list[Obj], bbox: Bbox | None = None) -> None:
        self.page_number = page_number
        self.width, self.height = width, height
        self.bbox: Bbox = bbox if bbox is not None else (0.0, 0.0, width, height)
        self.chars, self.edges, self.hyperlinks = chars, edges, hyperlinks
        self._made: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}

    def _once(self, what: str, kwargs: dict[str, Any], make: Callable[[], Any]) -> Any:
        key = (what, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items())))
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def extract_words(self, **kwargs: Any) -> list[Obj]:
        words: list[Obj] = self._once("words", kwargs, lambda: _extract_words(self.chars, **kwargs))
        return words

    def _textmap(self, kwargs: dict[str, Any]) -> Any:
        # As pdfplumber's Page.get_textmap: the page's box is the layout's.
        full = {"layout_bbox": self.bbox, "layout_width": self.bbox[2] - self.bbox[0],
                "layout_height": self.bbox[3] - self.bbox[1], **kwargs}
        return self._once("textmap", kwargs, lambda: chars_to_textmap(self.chars, **full))

    def extract_text(self, **kwargs: Any) -> str:
        text: str = self._textmap(kwargs).as_string
        return text

    def extract_text_lines(self, strip: bool = True, return_chars: bool = True, **kwargs: Any) -> list[Obj]:
        lines: list[Obj] = self._textmap(kwargs).extract_text_lines(strip=strip, return_chars=return_chars)
        return lines

    def crop(self, bbox: Bbox) -> Page:
        """What overlaps the box, clipped to it (pdfplumber's Page.crop)."""
        return Page(self.page_number, self.width, self.height, crop_to_bbox(self.chars, bbox),
                    crop_to_bbox(self.edges, bbox), crop_to_bbox(self.hyperlinks, bbox), bbox)

    def filter(self, keep: Callable[[Obj], bool]) -> Page:
        """The page with only the characters, edges and links `keep` keeps (each has its "object_type")."""
        return Page(self.page_number, self.width, self.height, [c for c in self.chars if keep(c)],
                    [e for e in self.edges if keep(e)], [h for h in self.hyperlinks if keep(h)], self.bbox)


class Document:
    """A PDF's pages, each read when first asked for."""

    def __init__(self, path: Path | str) -> None:
        self._pdf = pdfium.PdfDocument(str(path))
        self._pages: dict[int, Page] = {}
        self._descents = _descents(path)

    def __len__(self) -> int:
        return len(self._pdf)

    @cached_property
    def pages(self) -> list[Page]:
        return list(self)

    def __iter__(self) -> Iterator[Page]:
        return (self.page(i) for i in range(len(self)))

    def page(self, index: int) -> Page:
        if index not in self._pages:
            self._pages[index] = self._read(index)
        return self._pages[index]

    def close(self) -> None:
        self._pdf.close()

    def _read(self, index: int) -> Page:
        page = self._pdf[index]
        try:
            if page.get_rotation():
                raise ValueError("pdf_words reads unrotated pages only")  # none of ours or LibreOffice's is
            left, bottom, right, top = page.get_mediabox()
            doctop = sum(self._pdf.get_page_size(i)[1] for i in range(index))  # the heights of the pages above
            textpage = page.get_textpage()
            try:
                chars = _chars(textpage.raw, index + 1, left, top, doctop, self._descents)
            finally:
                textpage.close()
            edges = _edges(page.raw, index + 1, left, top, doctop)
            links = _links(self._pdf.raw, page.raw, index + 1, left, top, doctop)
            return Page(index + 1, right - left, top - bottom, chars, edges, links)
        finally:
            page.close()


def _descents(path: Path | str) -> dict[str, float]:
    """{font's base name without its subset tag: its descriptor's Descent per point}, as pdfminer reads them (PDFium
    makes up its own where the descriptor says 0, as LibreOffice's do). pypdf reads only the fonts' dictionaries."""
    descents: dict[str, float] = {}

    def fonts(resources: Any, depth: int) -> None:
        if resources is None or depth > 8:  # forms in forms: as deep as any PDF goes
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and font.get("/DescendantFonts"):
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descent = -abs(float(descriptor.get_object().get("/Descent", 0))) if descriptor is not None else 0.0
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            if descents.setdefault(name, descent / 1000) != descent / 1000:
                raise ValueError(f"pdf_words cannot tell apart two fonts {name} of different descents")
        for xobject in (resources.get("/XObject") or {}).values():
            fonts(xobject.get_object().get("/Resources"), depth + 1)

    for page in PdfReader(str(path)).pages:
        fonts(page.get("/Resources"), 0)
    return descents


_NAME = ctypes.create_string_buffer(256)  # a font's name


def _chars(text: Any, number: int, left: float, top: float, doctop: float, descents: dict[str, float]) -> list[Obj]:
    # What is the same for a text object's letters, by the object: font, name, size, descent per point, upright.
    objects: dict[int, tuple[Any, str, float, float, bool]] = {}
    name = _NAME
    advance = ctypes.c_float()
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars: list[Obj] = []
    count = raw.FPDFText_CountChars(text)
    index = 0
    while index < count:
        obj = raw.FPDFText_GetTextObject(text, index)
        if not obj:  # a line end PDFium makes up, or a space between text objects
            index += 1
            continue
        code = raw.FPDFText_GetUnicode(text, index)
        if code == 2:  # PDFium's mark for a hyphen at a line's end
            code = 0x2D
        if 0xD800 <= code < 0xDC00 and index + 1 < count:  # a letter beyond the BMP as two UTF-16 units
            char = chr(0x10000 + ((code - 0xD800) << 10) + (raw.FPDFText_GetUnicode(text, index + 1) - 0xDC00))
            step = 2
        else:
            char, step = chr(code), 1
        key = ctypes.addressof(obj.contents)
        if key not in objects:
            font = raw.FPDFTextObj_GetFont(obj)
            length = raw.FPDFFont_GetBaseFontName(font, name, len(name))
            fontname = name.raw[:max(length - 1, 0)].decode("utf-8", "replace")
            a, b, c, d, _, _ = _matrix(obj)
            objects[key] = (font, fontname, raw.FPDFText_GetFontSize(text, index), descents.get(fontname, 0.0),
                            a * d > 0 and b * c <= 0)
        font, fontname, size, per_point, upright = objects[key]
        raw.FPDFText_GetCharOrigin(text, index, x, y)
        raw.FPDFText_GetLooseCharBox(text, index, box)  # its left is the origin, its width the advance
        x0, x1 = x.value - left, box.right - left
        if box.right == box.left and raw.FPDFText_IsGenerated(text, index):
            # A space drawn where PDFium would have made one up (before a gap: justified text) is marked as made
            # up and given no width; pdfminer gives it the glyph's advance.
            raw.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), advance)
            x1 = x0 + advance.value
        # pdfminer's box: from the origin, the advance wide; from the descent below the baseline, the size high.
        bottom = top - (y.value + per_point * size)
        chars.append({"object_type": "char", "page_number": number, "text": char, "fontname": fontname,
                      "size": size, "upright": upright, "x0": x0, "x1": x1, "width": x1 - x0,
                      "top": bottom - size, "bottom": bottom, "height": size, "doctop": doctop + bottom - size})
        index += step
    return chars


def _edge(kind: str, number: int, doctop: float, p: tuple[float, float], q: tuple[float, float],
          orientation: str | None) -> Obj:
    top = min(p[1], q[1])
    return {"object_type": kind, "page_number": number, "x0": min(p[0], q[0]), "x1": max(p[0], q[0]), "top": top,
            "bottom": max(p[1], q[1]), "doctop": doctop + top, "width": abs(p[0] - q[0]), "height": abs(p[1] - q[1]),
            "orientation": orientation}


def _subpath_edges(shape: str, pts: list[tuple[float, float]], number: int, doctop: float) -> list[Obj]:
    """pdfplumber's edges of one subpath, as pdfminer's paint_path sorts it into a line, a rectangle or a curve:
    `shape` has a letter for each point (m, l, c, or h for a closing point, which is the subpath's start)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # a redundant "l" before "h"
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        p, q = pts[0], pts[1]
        return [_edge("line", number, doctop, p, q, "h" if p[1] == q[1] else "v")]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            lo_x, hi_x, lo_y, hi_y = min(x0, x2), max(x0, x2), min(y0, y2), max(y0, y2)
            return [_edge("rect_edge", number, doctop, (lo_x, lo_y), (hi_x, lo_y), "h"),
                    _edge("rect_edge", number, doctop, (lo_x, hi_y), (hi_x, hi_y), "h"),
                    _edge("rect_edge", number, doctop, (lo_x, lo_y), (lo_x, hi_y), "v"),
                    _edge("rect_edge", number, doctop, (hi_x, lo_y), (hi_x, hi_y), "v")]
    return [_edge("curve_edge", number, doctop, p, q, "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None))
            for p, q in itertools.pairwise(pts)]


def _path_edges(obj: Any, ctm: Matrix, number: int, left: float, top: float, doctop: float) -> list[Obj]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not fill.value and not stroke.value:
        return []
    m = _multiply(_matrix(obj), ctm)
    px, py = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    controls = 0  # of the curve under way: PDFium gives a curve's two control points and its end, pdfminer its end
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, px, py)
        x, y = _apply(m, px.value, py.value)
        point = (x - left, top - y)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(("m", [point]))
            continue
        if kind == raw.FPDF_SEGMENT_BEZIERTO and controls < 2:
            controls += 1
            continue
        controls = 0
        shape, pts = subpaths[-1]
        shape, pts = shape + ("c" if kind == raw.FPDF_SEGMENT_BEZIERTO else "l"), [*pts, point]
        if raw.FPDFPathSegment_GetClose(segment):
            # PDFium closes a subpath on its last point (adding a line back to the start if need be); pdfminer
            # gives the "h" that closes it a point, the start.
            if shape[-1] == "l" and point == pts[0]:
                shape = shape[:-1] + "h"
            else:
                shape, pts = shape + "h", [*pts, pts[0]]
        subpaths[-1] = (shape, pts)
    return [e for shape, pts in subpaths for e in _subpath_edges(shape, pts, number, doctop)]


def _edges(page: Any, number: int, left: float, top: float, doctop: float) -> list[Obj]:
    edges: list[Obj] = []

    def walk(form: Any, ctm: Matrix) -> None:  # the page's objects (form None), or a form's
        count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page)
        for i in range(count):
            obj = raw.FPDFFormObj_GetObject(form, i) if form else raw.FPDFPage_GetObject(page, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                edges.extend(_path_edges(obj, ctm, number, left, top, doctop))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                walk(obj, _multiply(_matrix(obj), ctm))

    walk(None, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return edges


def _links(pdf: Any, page: Any, number: int, left: float, top: float, doctop: float) -> list[Obj]:
    links: list[Obj] = []
    start, link = ctypes.c_int(0), raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page, start, link):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        size = raw.FPDFAction_GetURIPath(pdf, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAction_GetURIPath(pdf, action, buffer, size)
        raw.FPDFLink_GetAnnotRect(link, rect)
        x0, x1 = min(rect.left, rect.right) - left, max(rect.left, rect.right) - left
        y_top, y_bottom = top - max(rect.top, rect.bottom), top - min(rect.top, rect.bottom)
        links.append({"object_type": "annot", "page_number": number, "uri": buffer.value.decode("utf-8", "replace"),
                      "x0": x0, "x1": x1, "top": y_top, "bottom": y_bottom, "doctop": doctop + y_top,
                      "width": x1 - x0, "height": y_bottom - y_top})
    return links
