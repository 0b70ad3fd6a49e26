"""Text of a generated PDF in reading order, compared with the plain-text rendering up to line wrapping.

Page furniture is taken out first: the page number at the foot of each page, and a plan table's header rows
where they repeat at the top of a continuation page. Line wrapping is normalised by comparing the text without
whitespace: a line may break at a space or inside a long word (a URL), and both come out of the PDF as a line
break.
"""

from __future__ import annotations

import io

from pypdf import PdfReader


def normalise(text: str) -> str:
    return " ".join(text.split())


def unwrapped(text: str) -> str:
    return "".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text without its page number."""
    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        lines = page.extract_text().splitlines()
        if lines and lines[-1].strip() == str(number):
            lines = lines[:-1]
        pages.append("\n".join(lines))
    return pages


def pdf_text(data: bytes, repeated_headers: list[str]) -> str:
    """The PDF's text without whitespace, page numbers and repeated table headers."""
    parts: list[str] = []
    headers = [unwrapped(h) for h in repeated_headers]
    seen: set[str] = set()
    for page in pdf_pages(data):
        text = unwrapped(page)
        for header in headers:
            if header in seen and text.startswith(header):
                text = text[len(header):]
            if header in text:
                seen.add(header)
        parts.append(text)
    return "".join(parts)
