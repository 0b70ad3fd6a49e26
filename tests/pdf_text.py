"""Text of a generated PDF in reading order, compared with the plain-text rendering up to line wrapping.

Page furniture is taken out first: the page number at the foot of each page, and a plan table's header rows
where they repeat at the top of a continuation page. Line wrapping is normalised by comparing the text without
whitespace: a line may break at a space or inside a long word (a URL), and both come out of the PDF as a line
break. A word too long for its cell may be hyphenated at a line's end: given the source text, a hyphen at a
line's end that the source does not have there is taken out.
"""

from __future__ import annotations

import io
import re

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


_HYPHENATED = re.compile(r"(\w{1,12})-\n(\w{1,12})")


def dehyphenated(page: str, source: str) -> str:
    """The page's text with the hyphens added at line ends (those the unwrapped source has not) taken out."""
    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        return match.group(0) if f"{head}-{tail}" in source else head + "\n" + tail
    return _HYPHENATED.sub(join, page)


def pdf_text(data: bytes, repeated_headers: list[str], source: str | None = None) -> str:
    """The PDF's text without whitespace, page numbers and repeated table headers (and, given the unwrapped
    source text, the hyphens that hyphenation added)."""
    parts: list[str] = []
    headers = [unwrapped(h) for h in repeated_headers]
    seen: set[str] = set()
    for page in pdf_pages(data):
        if source is not None:
            page = dehyphenated(page, source)
        text = unwrapped(page)
        for header in headers:
            if header in seen and text.startswith(header):
                text = text[len(header):]
            if header in text:
                seen.add(header)
        parts.append(text)
    return "".join(parts)
