"""Break opportunities in tokens too long for their line (URLs, registry codes, long words), for every renderer.

Lines break at spaces. A token wider than the room it is set in gets, in this order: a zero-width space (U+200B,
an invisible break opportunity that Word and LibreOffice both honour) after each `/`, `.`, `-`, `–`, `—`, `_` or
`@`
between two letters or digits; then, in a piece still too wide, one between the words of a run-together name
(`InformasiPelayanan`, `KPUKab`) or between letters and digits; then soft hyphens (U+00AD: a hyphen shown only
where the line breaks) between the syllables of a word, by the Indonesian hyphenation patterns pyphen ships;
what is left too wide (a string of digits) breaks where the room ends. A token or piece of under six characters
("NO", a month's "10" in its narrow column) stays whole. A token that fits gets nothing, so that
a line never breaks inside a word that would fit on the next one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from zi_decree.rendering.layout import text_width as _text_width

__all__ = ["BOLD", "SHY", "ZWSP", "hinted", "syllables", "text_width"]

ZWSP = "\u200b"
SHY = "\u00ad"

_TOKEN = re.compile(r"\S+")
# After a separator between two letters or digits: not inside "https://" (":" before), not after a final "." .
_AFTER_SEPARATOR = re.compile(r"(?<=\w)([/._@\u2013\u2014-]+)(?=\w)")
# Between the words of a run-together name or code: "aB", "ABc" (before the last capital), "a1", "1a".
_INNER_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])")
_LETTERS = re.compile(r"(\W*)([^\W\d_]+)(\W*)")  # a word between punctuation ("(diimplementasikan),")
_VOWELS = frozenset("aiueoAIUEO")
# Helvetica's widest glyphs are about an em: a token of n characters is never wider than n ems.
_WIDEST = 1.02
BOLD = 1.1  # Arial Bold against the regular metrics, generously
_SHORT = 6  # a token or piece shorter than this is left whole


@lru_cache(maxsize=65536)
def text_width(text: str, size: float) -> float:
    """layout.text_width, kept: the words of a plan repeat from row to row."""
    return _text_width(text, size)


@lru_cache(maxsize=1)
def _dictionary() -> Any:  # a pyphen.Pyphen (pyphen ships no type hints)
    import pyphen  # only when a word needs it: most documents never do

    return pyphen.Pyphen(lang="id_ID", left=2, right=2)


@lru_cache(maxsize=4096)
def syllables(word: str) -> tuple[str, ...]:
    """The word's hyphenation parts by the id_ID patterns, each holding a vowel (their "di-im-p-le-men" is
    "di-im-ple-men")."""
    parts: list[str] = []
    carry = ""  # a part without a vowel ("p" of "im-p-le") opens the next one ("ple")
    marked: str = _dictionary().inserted(word, hyphen="\x00")
    for part in marked.split("\x00"):
        part = carry + part
        carry = "" if _VOWELS & set(part) else part
        if not carry:
            parts.append(part)
    if carry:
        if parts:
            parts[-1] += carry
        else:
            parts.append(carry)
    return tuple(parts)


def _fit(piece: str, width: float, size: float) -> str:
    """A piece too wide for `width`: its inner words apart, then its syllables, then cut where the room ends."""
    out = []
    for word in _INNER_WORDS.sub(ZWSP, piece).split(ZWSP):
        if text_width(word, size) <= width:
            out.append(word)
            continue
        letters = _LETTERS.fullmatch(word)
        if letters:
            parts = list(syllables(letters.group(2)))
            parts[0] = letters.group(1) + parts[0]
            parts[-1] += letters.group(3)
            if len(parts) > 1 and all(text_width(p, size) <= width for p in parts):
                out.append(SHY.join(parts))
                continue
        if len(word) < _SHORT:
            out.append(word)  # "NO" or a month's "10" in its narrow column overflows rather than breaks
            continue
        # Digits, or a syllable still too wide: a break wherever the room ends.
        line, chunks = "", []
        for char in word:
            if line and text_width(line + char, size) > width:
                chunks.append(line)
                line = ""
            line += char
        chunks.append(line)
        out.append(ZWSP.join(chunks))
    return ZWSP.join(out)


def hinted(text: str, width: float, size: float, *, threshold: float | None = None, bold: bool = False) -> str:
    """The text with break opportunities in each token wider than `threshold` (default: `width`, the room of a
    line in points), so that no line need break inside a word; `size` is the font size in points."""
    limit = width if threshold is None else threshold
    scale = BOLD if bold else 1.0
    if len(text) * size * _WIDEST * scale <= limit:
        return text
    room = width / scale

    def token(match: re.Match[str]) -> str:
        tok = match.group(0)
        if len(tok) < _SHORT or len(tok) * size * _WIDEST * scale <= limit or text_width(tok, size) * scale <= limit:
            return tok
        pieces = _AFTER_SEPARATOR.sub(lambda m: m.group(1) + ZWSP, tok).split(ZWSP)
        return ZWSP.join(p if text_width(p, size) <= room else _fit(p, room, size) for p in pieces)

    return _TOKEN.sub(token, text)
