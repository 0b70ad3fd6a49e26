"""Render: a PDF table laid out by hand: rows measured once, paginated row by row, drawn one page slice at a time.

reportlab's own table recomputes its spans and heights at every page break (a 2,000-row plan took half a minute)
and gives a merged cell's whole height to the first row of its group. Here rows are measured once; a merged cell
that needs more than its rows give adds the difference to the last row of its group; a page break between rows
costs the rows on that page; a merged cell cut by a page break goes on at the top of the next page with its
remaining lines, and every border closes at the break. The blocks that must stay with the last row (the
signature and the attestation) are drawn as the grid's tail, so that they never stand alone on a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth

from zi_decree.rendering.platypus import Flowable, Paragraph

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

__all__ = ["Content", "Grid", "GridCell", "GridSpec", "Stack"]

# A cell's content: paragraphs (and other flowables), or a short one-line plain string.
Content = Sequence[Flowable] | str
_HUGE = 1e7
_EPS = 1e-6


@dataclass
class GridCell:
    col: int
    content: Content
    colspan: int = 1
    rowspan: int = 1
    align: Literal["left", "center"] = "left"   # for a plain string
    valign: Literal["top", "middle"] = "top"


class Stack:
    """Flowables drawn one below the other inside a grid, before its header (the headings kept with its first
    row) or after its last row (the signature and the attestation, kept with the last row); space between two
    is the larger of the one's space after and the other's space before, as in a frame."""

    def __init__(self, flowables: Sequence[Flowable], width: float):
        self.flowables = list(flowables)
        self.width = width
        self.placed: list[tuple[Flowable, float, float]] = []  # flowable, its top below the stack's top, height
        y = 0.0
        after = 0.0
        for i, f in enumerate(self.flowables):
            if i:
                y += max(after, f.getSpaceBefore())
            height = f.wrap(width, _HUGE)[1]
            self.placed.append((f, y, height))
            y += height
            after = f.getSpaceAfter()
        self.height = y
        self.space_before = self.flowables[0].getSpaceBefore() if self.flowables else 0.0
        self.space_after = after

    def draw(self, canvas: Canvas, top: float) -> None:
        for f, offset, height in self.placed:
            f.wrap(self.width, _HUGE)  # a flowable may have been wrapped at another width since
            f.drawOn(canvas, 0, top - offset - height)


class GridSpec:
    """A grid's rows, measured once; every page slice of it reads these."""

    def __init__(self, widths: Sequence[float], header: list[list[GridCell]], rows: list[list[GridCell]], *,
                 font: str, size: float, leading: float, pad: tuple[float, float, float, float], borders: bool,
                 split_any_row: bool, page_height: float, keep_with_next: frozenset[int] = frozenset()):
        self.widths = list(widths)
        self.x = [sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        self.width = self.x[-1]
        self.header, self.rows = header, rows
        self.font, self.size, self.leading = font, size, leading
        # The first baseline is a font size below the top, where reportlab's own paragraphs put it
        # (rl_config.paraFontSizeHeightOffset): text drawn here and text reportlab draws share their baselines.
        self.ascent = size
        self.pad_left, self.pad_right, self.pad_top, self.pad_bottom = pad
        self.borders = borders
        self.split_any_row = split_any_row  # False: only a row taller than a page is split inside
        self.page_height = page_height
        self.keep_with_next = keep_with_next  # rows that never end a page (an area's heading row)
        self.tail: Stack | None = None
        self.lead: Stack | None = None
        self.lead_gap = 0.0  # between the lead and the header
        self.header_heights = self._heights(header)
        self.header_height = sum(self.header_heights)
        self.heights = self._heights(rows)
        self.prefix = [0.0]
        for h in self.heights:
            self.prefix.append(self.prefix[-1] + h)
        # For each row, the merged cells that start above it and cover it: (origin row, cell).
        self.covering: dict[int, list[tuple[int, GridCell]]] = {}
        for r, row in enumerate(rows):
            for cell in row:
                for below in range(r + 1, min(r + cell.rowspan, len(rows))):
                    self.covering.setdefault(below, []).append((r, cell))

    # ------------------------------------------------------------------------------------------- measuring

    def first_rows_height(self) -> float:
        """What must follow the header on the grid's first page: the rows kept with the next (an area's heading)
        and the first lines of the row after them."""
        k = 0
        while k < len(self.rows) and k in self.keep_with_next:
            k += 1
        pads = self.pad_top + self.pad_bottom
        some = min(self.heights[k], 2 * self.leading + pads) if k < len(self.rows) else 0.0
        return self.prefix[k] + some

    def cell_width(self, cell: GridCell) -> float:
        return self.x[min(cell.col + cell.colspan, len(self.widths))] - self.x[cell.col] - self.pad_left \
            - self.pad_right

    def content_height(self, content: Content, width: float) -> float:
        if isinstance(content, str):
            return self.leading if content else 0.0
        return sum(f.wrap(width, _HUGE)[1] + f.getSpaceBefore() * (i > 0) for i, f in enumerate(content))

    def _heights(self, rows: list[list[GridCell]]) -> list[float]:
        pads = self.pad_top + self.pad_bottom
        heights = [self.leading + pads] * len(rows)
        for r, row in enumerate(rows):
            for cell in row:
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], self.content_height(cell.content, self.cell_width(cell)) + pads)
        # A merged cell that needs more than its rows give: the difference goes to its last row, not the first.
        for r, row in enumerate(rows):
            for cell in row:
                if cell.rowspan > 1:
                    last = min(r + cell.rowspan, len(rows)) - 1
                    need = self.content_height(cell.content, self.cell_width(cell)) + pads
                    have = sum(heights[r:last + 1])
                    if need > have:
                        heights[last] += need - have
        return heights

    def split_content(self, content: Content, width: float, height: float) -> tuple[Content, Content]:
        """The part of a cell's content that fits in `height`, and the rest (lines of a paragraph split with
        widow and orphan control, as the paragraph's style says)."""
        if isinstance(content, str):
            return (content, "") if self.leading <= height + _EPS else ("", content)
        first: list[Flowable] = []
        used = 0.0
        for i, f in enumerate(content):
            h = f.wrap(width, _HUGE)[1]
            if used + h <= height + _EPS:
                first.append(f)
                used += h
                continue
            parts = f.split(width, height - used) if height - used > self.leading / 2 else []
            if len(parts) >= 2:
                return [*first, parts[0]], [*parts[1:], *content[i + 1:]]
            return first, list(content[i:])
        return first, []


def _draw_simple(text: PDFTextObject, para: Flowable, x: float, top: float) -> bool:
    """Draw a wrapped paragraph of one font, set left or centred, into a text object shared by a page's cells
    (reportlab's own drawing costs a text object and a graphics state per paragraph); False when it is not
    such a paragraph (justified, several fonts, a bullet, a link), for reportlab to draw."""
    if not isinstance(para, Paragraph) or getattr(para, "bulletText", None) \
            or any(getattr(f, "link", None) for f in para.frags):  # a link: reportlab draws and annotates it
        return False
    lines = getattr(para, "blPara", None)
    style = para.style
    if lines is None or lines.kind != 0 or style.alignment not in (TA_LEFT, TA_CENTER) or style.firstLineIndent:
        return False
    text.setFont(lines.fontName, lines.fontSize, style.leading)
    y = top - lines.fontSize  # as reportlab's drawPara places the first baseline (see GridSpec.ascent)
    center = style.alignment == TA_CENTER
    for extra, words in lines.lines:
        text.setTextOrigin(x + style.leftIndent + (extra / 2 if center else 0), y)
        text.textOut(" ".join(words))
        y -= style.leading
    return True


def _empty(content: Content) -> bool:
    return not content


class Grid(Flowable):
    """The rows start..stop-1 of a GridSpec (and its tail when stop is the end), with any cell's content that a
    page break cut replaced by what remains of it."""

    def __init__(self, spec: GridSpec, start: int = 0, stop: int | None = None,
                 content: dict[tuple[int, int], Content] | None = None,
                 heights: dict[int, float] | None = None, space_before: float = 0.0, tail: bool = True,
                 lead: bool = True):
        super().__init__()
        self.with_tail = tail
        self.with_lead = lead and start == 0  # not on the page where a first row cut by a page break goes on
        self.spec = spec
        self.start = start
        self.stop = len(spec.rows) if stop is None else stop
        self.content = content or {}      # (origin row, column) -> what this slice draws of that cell
        self.row_heights = heights or {}  # row -> its height in this slice, where a page break changed it
        self.spaceBefore = space_before
        self.width = spec.width
        self.hAlign = "LEFT"

    @property
    def final(self) -> bool:
        return self.stop == len(self.spec.rows)

    def h(self, r: int) -> float:
        return self.row_heights.get(r, self.spec.heights[r])

    def _tail_height(self) -> float:
        tail = self.spec.tail
        return tail.height + tail.space_before if tail is not None and self.final and self.with_tail else 0.0

    def _lead_height(self) -> float:
        lead = self.spec.lead
        return lead.height + self.spec.lead_gap if lead is not None and self.with_lead else 0.0

    def _rows_height(self) -> float:
        spec = self.spec
        total = spec.prefix[self.stop] - spec.prefix[self.start]
        for r, h in self.row_heights.items():
            if self.start <= r < self.stop:
                total += h - spec.heights[r]
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        header = self.spec.header_height if self.stop > self.start else 0.0
        self.height = self._lead_height() + header + self._rows_height() + self._tail_height()
        return self.width, self.height

    def cell_content(self, r: int, cell: GridCell) -> Content:
        return self.content.get((r, cell.col), cell.content)

    # ------------------------------------------------------------------------------------------- splitting

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # reportlab's names
        spec = self.spec
        room = availHeight - spec.header_height - self._lead_height()
        # What a row has on a page of its own (on the first, below the headings kept with it).
        full = spec.page_height - spec.header_height - self._lead_height()
        n = self.stop
        used = 0.0
        k = self.start
        while k < n and used + self.h(k) <= room + _EPS:
            used += self.h(k)
            k += 1
        tail = self._tail_height()
        if k == n and tail and n == self.start:
            return []  # the tail alone (its rows were drawn before): it goes whole to the next page
        if k == n and tail:
            # Every row fits but the tail does not: the last row (or, where rows may split, its last lines) goes
            # on with the tail; unless rows and tail together are more than a page, when the tail goes alone.
            if self._lead_height() + spec.header_height + self._rows_height() + tail > spec.page_height + _EPS:
                # The last rows go on with the tail when they fit on a page with it (the tail alone would stand
                # alone, or, with no room left on this page, have no row left to take along).
                k = n - 1
                while k > self.start and (k - 1) in spec.keep_with_next:
                    k -= 1
                if k > self.start and spec.header_height + sum(self.h(r) for r in range(k, n)) + tail \
                        <= spec.page_height + _EPS:
                    return self._parts(k, None)
                return [Grid(spec, self.start, n, self.content, self.row_heights, self.spaceBefore, tail=False,
                             lead=self.with_lead),
                        Grid(spec, n, n)]
            k = n - 1
            used -= self.h(k)
            if spec.split_any_row and k not in spec.keep_with_next:
                pads = spec.pad_top + spec.pad_bottom
                piece = self._split_row(k, min(room - used, self.h(k) - 2 * spec.leading - pads + _EPS))
                if piece is not None:
                    return self._parts(k, piece)
        if k < n and (spec.split_any_row or self.h(k) > full + _EPS):
            # A row that does not fit: split inside it when rows may be (labelled items, like paragraphs), or
            # when it is taller than a page.
            piece = self._split_row(k, room - used)
            if piece is not None:
                return self._parts(k, piece)
        while k > self.start and (k - 1) in spec.keep_with_next:
            k -= 1
            used -= self.h(k)
        if k == self.start:
            return []
        return self._parts(k, None)

    def _split_row(self, r: int, room: float) -> tuple[dict[int, Content], dict[int, Content], float] | None:
        """Row r's cells cut to fit `room` (content below the top padding): what goes on this page and what goes
        on, per column; None when no line of the row fits, or when a cell would leave nothing behind or take
        nothing along."""
        spec = self.spec
        inner = room - spec.pad_top - spec.pad_bottom
        if inner < spec.leading - _EPS:
            return None
        here: dict[int, Content] = {}
        there: dict[int, Content] = {}
        moved = False
        for cell in spec.rows[r]:
            content = self.cell_content(r, cell)
            if _empty(content):
                continue
            if cell.rowspan > 1:
                continue  # a merged cell is cut where its group is cut (in _parts)
            first, rest = spec.split_content(content, spec.cell_width(cell), inner)
            if _empty(first):
                return None
            here[cell.col], there[cell.col] = first, rest
            moved = moved or not _empty(rest)
        covering = [c for o, c in spec.covering.get(r, []) if o < r] + [c for c in spec.rows[r] if c.rowspan > 1]
        if not moved and not (covering and self.h(r) > room + _EPS):
            return None  # (a merged cell the cut goes through is shared out in _parts)
        return here, there, room  # the row's part on this page fills what the page has left

    def _parts(self, k: int, piece: tuple[dict[int, Content], dict[int, Content], float] | None
               ) -> list[Flowable]:
        """This slice cut before row k (or inside it, when `piece` says how): the part on this page, and the
        rest, with merged cells the cut goes through shared out between them."""
        spec = self.spec
        head_content = dict(self.content)
        rest_content: dict[tuple[int, int], Content] = {}
        head_heights = {r: h for r, h in self.row_heights.items() if r < k}
        rest_heights = {r: h for r, h in self.row_heights.items() if r > k}
        stop = k
        if piece is not None:
            here, there, room = piece
            stop = k + 1
            pads = spec.pad_top + spec.pad_bottom
            here_h = max(room, max([spec.leading] + [spec.content_height(c, spec.cell_width(cell))
                                                     for cell in spec.rows[k] if cell.rowspan == 1
                                                     and cell.col in here for c in [here[cell.col]]]) + pads)
            there_h = max([spec.leading] + [spec.content_height(c, spec.cell_width(cell))
                                            for cell in spec.rows[k] if cell.rowspan == 1 and cell.col in there
                                            for c in [there[cell.col]]]) + pads
            for col, c in here.items():
                head_content[(k, col)] = c
            for col, c in there.items():
                rest_content[(k, col)] = c
            for cell in spec.rows[k]:
                if cell.rowspan == 1 and cell.col not in here:
                    rest_content[(k, cell.col)] = ""  # drawn on this page already (or empty)
            head_heights[k] = here_h
            rest_heights[k] = there_h
        # Merged cells that go on below the cut: what fits in their rows on this page stays, the rest goes on.
        cut = stop
        crossing = [(o, cell) for o, cell in spec.covering.get(cut, []) if o < cut]
        if piece is not None:
            crossing += [(k, cell) for cell in spec.rows[k] if cell.rowspan > 1]
            crossing = [(o, c) for o, c in crossing if o + c.rowspan - 1 >= k]
        seen: set[tuple[int, int]] = set()
        for o, cell in crossing:
            key = (o, cell.col)
            if key in seen:
                continue
            seen.add(key)
            content = self.cell_content(o, cell)
            first_row = max(o, self.start)
            room = sum(head_heights.get(r, self.h(r)) for r in range(first_row, stop)) - spec.pad_top \
                - spec.pad_bottom
            width = spec.cell_width(cell)
            first, remaining = spec.split_content(content, width, room)
            head_content[key] = first
            rest_content[key] = remaining
            end = min(o + cell.rowspan, len(spec.rows)) - 1
            if end >= stop or piece is not None:
                rows_below = range(max(stop if piece is None else k, o), end + 1)
                have = sum(rest_heights.get(r, self.h(r)) for r in rows_below)
                need = spec.content_height(remaining, width) + spec.pad_top + spec.pad_bottom if remaining else 0.0
                if need > have + _EPS:
                    rest_heights[end] = rest_heights.get(end, self.h(end)) + need - have
        # The tail goes with the rest: a head cut inside the last row is not the grid's end.
        head = Grid(spec, self.start, stop, head_content, head_heights, self.spaceBefore, tail=False,
                    lead=self.with_lead)
        rest_start = k if piece is not None else stop
        rest = Grid(spec, rest_start, self.stop, rest_content, rest_heights, lead=False)
        return [head, rest]

    # ------------------------------------------------------------------------------------------- drawing

    def draw(self) -> None:
        canvas: Canvas = self.canv
        spec = self.spec
        top = self.height
        lines: list[tuple[float, float, float, float]] = []
        y = top
        if self.with_lead and spec.lead is not None:
            spec.lead.draw(canvas, y)
            y -= spec.lead.height + spec.lead_gap
        if spec.header and self.stop > self.start:
            y = self._draw_rows(canvas, spec.header, 0, len(spec.header), y, spec.header_heights, {}, lines,
                                header=True)
        heights = [self.h(r) for r in range(self.start, self.stop)]
        y = self._draw_rows(canvas, spec.rows, self.start, self.stop, y, heights, self.content, lines,
                            header=False)
        if spec.borders and lines:
            canvas.setLineWidth(0.5)
            canvas.lines(lines)
        tail = spec.tail
        if tail is not None and self.final and self.with_tail:
            tail.draw(canvas, y - max(tail.space_before, 0.0))

    def _draw_rows(self, canvas: Canvas, rows: list[list[GridCell]], start: int, stop: int, top: float,
                   heights: list[float], content: dict[tuple[int, int], Content],
                   lines: list[tuple[float, float, float, float]], header: bool) -> float:
        spec = self.spec
        x = spec.x
        ys = [top]
        for h in heights:
            ys.append(ys[-1] - h)
        bottom = ys[-1]
        text = canvas.beginText()
        any_text = False
        # Merged cells that start above this slice and reach into it: drawn from the slice's top.
        starts: list[tuple[int, GridCell]] = []
        if not header and start in spec.covering:
            starts = [(o, c) for o, c in spec.covering[start] if o < start]
        for r in range(start, stop):
            row_cells: list[tuple[int, GridCell]] = [(r, c) for c in rows[r]]
            if r == start:
                row_cells = starts + row_cells
            for origin, cell in row_cells:
                i = r - start
                end = min(origin + cell.rowspan, stop) - start  # exclusive, in this slice
                cell_top, cell_bottom = ys[i], ys[end]
                left, right = x[cell.col], x[min(cell.col + cell.colspan, len(x) - 1)]
                if spec.borders:
                    lines.append((left, cell_top, left, cell_bottom))
                    if cell.col + cell.colspan >= len(x) - 1:
                        lines.append((right, cell_top, right, cell_bottom))
                    if header and r == start:
                        lines.append((left, cell_top, right, cell_top))
                    # The line under a cell: where it ends, or at the slice's end (a break closes every border).
                    lines.append((left, cell_bottom, right, cell_bottom))
                c = content.get((origin, cell.col), cell.content) if not header else cell.content
                if _empty(c):
                    continue
                width = right - left - spec.pad_left - spec.pad_right
                if isinstance(c, str):
                    baseline = cell_top - spec.pad_top - spec.ascent
                    if cell.valign == "middle":
                        baseline -= (cell_top - cell_bottom - spec.pad_top - spec.pad_bottom - spec.leading) / 2
                    if cell.align == "center":
                        tx = left + spec.pad_left + (width - stringWidth(c, spec.font, spec.size)) / 2
                    else:
                        tx = left + spec.pad_left
                    text.setFont(spec.font, spec.size)
                    text.setTextOrigin(tx, baseline)
                    text.textOut(c)
                    any_text = True
                    continue
                y = cell_top - spec.pad_top
                if cell.valign == "middle":
                    y -= max(0.0, (cell_top - cell_bottom - spec.pad_top - spec.pad_bottom
                                   - spec.content_height(c, width)) / 2)
                for j, f in enumerate(c):
                    if j:
                        y -= f.getSpaceBefore()
                    h = f.wrap(width, _HUGE)[1]
                    y -= h
                    if _draw_simple(text, f, left + spec.pad_left, y + h):
                        any_text = True
                        continue
                    if any_text:  # the text so far first, in reading order
                        canvas.drawText(text)
                        text = canvas.beginText()
                        any_text = False
                    f.drawOn(canvas, left + spec.pad_left, y)
        if any_text:
            canvas.drawText(text)
        if spec.borders and not header and stop > start:
            lines.append((0, bottom, spec.width, bottom))  # the slice's bottom border, also under merged cells
        return bottom


