"""Reference pictures of pages: which pages of each example are kept as PNG, how they are drawn, and how two
pictures are compared (as fpdf2 keeps reference PDFs, we keep pictures: what a reader sees, not bytes)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

REFERENCES = Path(__file__).resolve().parent / "reference_pages"
RESOLUTION = 40  # dots per inch: enough to see a moved block or a broken table, small enough to commit
INK = 96  # a pixel differs when its grey level moved by more than this (anti-aliasing moves it less)
TOLERANCE = 0.004  # fraction of a page's pixels that may differ (poppler and font hinting versions)


@dataclass(frozen=True)
class Page:
    """One kept page: of which example, which variant, and which page (1-based; negative counts from the end)."""

    example: str
    variant: str
    number: int

    @property
    def name(self) -> str:
        where = f"last{self.number + 1 or ''}" if self.number < 0 else f"p{self.number}"
        return f"{self.example}.{self.variant}.{where}.png"


def pages_of(example: str, landscape_first: int) -> list[Page]:
    """The pages kept of one example: the first page (heading, title, Menimbang), the first page of the table
    (a lampiran's header block, title, table header and first rows), and the salinan's last page (the end of the
    table or text, the signature and the attestation)."""
    return [Page(example, "original", 1), Page(example, "original", landscape_first), Page(example, "salinan", -1)]


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def first_landscape(pdf: Path) -> int:
    """The 1-based number of the first page wider than tall (the plan table), else the last page."""
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    for number, page in enumerate(pages, 1):
        box = page.mediabox
        if (box.width > box.height) != (page.get("/Rotate", 0) % 180 == 90):
            return number
    return len(pages)


def draw(pdf: Path, number: int, target: Path) -> Path:
    """Page `number` of `pdf` (negative: from the end) drawn to a grey PNG at RESOLUTION, as `target`."""
    if number < 0:
        number = page_count(pdf) + 1 + number
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-gray", "-png", "-singlefile", "-f", str(number), "-l",
                    str(number), str(pdf), str(stem)], check=True, capture_output=True, timeout=120)
    return target


def difference(expected: Path, actual: Path) -> float:
    """The fraction of pixels that differ by more than INK; 1.0 when the pages differ in size."""
    from PIL import Image, ImageChops

    with Image.open(expected) as a, Image.open(actual) as b:
        if a.size != b.size:
            return 1.0
        diff = ImageChops.difference(a.convert("L"), b.convert("L")).point(lambda v: 255 if v > INK else 0)
        histogram = diff.histogram()
        return histogram[255] / (a.size[0] * a.size[1])
