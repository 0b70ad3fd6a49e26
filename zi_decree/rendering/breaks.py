"""Where a token too long for its line may break (URLs, registry codes, long words), marked for each renderer.

Lines break at spaces. One decision (break_points) serves the DOCX and the PDF: a token wider than the room it
is set in may break, in this order: after each `/`, `.`, `-`, `–`, `—`, `_` or `@` between two letters or
digits (never inside "https://"); then, in a piece still too wide, between the words of a run-together name
(`InformasiPelayanan`, `KPUKab`) or between letters and digits; then between the syllables of a word, by the
Indonesian hyphenation patterns pyphen ships, each syllable holding a vowel ("im-ple-men", not "im-p-le-men"),
with a visible hyphen, except in an address (a URL, an e-mail), which a hyphen would change; what is left too
wide (a string of digits) breaks where the room ends. A token or piece of under six characters ("NO", a month's
"10" in its narrow column) stays whole. A token that fits gets nothing, so that a line never breaks inside a
word that would fit on the next one.

Each renderer marks the points its own way: the DOCX (hinted) with zero-width spaces (U+200B, a break
opportunity Word and LibreOffice both honour) and soft hyphens (U+00AD, a hyphen shown only where the line
breaks), leaving the choice to the word processor; the PDF (break_long_words) cuts the token into pieces that
each fill a line, a piece cut between syllables ending with a hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import Any

from zi_decree.rendering.layout import text_width as _text_width

__all__ = ["BOLD", "SHY", "ZWSP", "break_long_words", "break_points", "hinted", "syllables", "text_width"]

ZWSP = "\u200b"
SHY = "\u00ad"

Measure = Callable[[str], float]

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


# Consonants a syllable may begin with: one consonant, a consonant and l or r ("im-ple", "no-men-kla-tur"), s
# with t, k or p, before an r or not ("Ren-stra"), and the digraphs.
_ONSETS = re.compile(r"[^aiueo]|[bcdfgkpst][lr]|s[tkp]r?|ng|ny|sy|kh|kw|sw")


@lru_cache(maxsize=4096)
def syllables(word: str) -> tuple[str, ...]:
    """The word's hyphenation parts by the id_ID patterns, each holding a vowel: a part without one (the "p" of
    their "im-p-le-men", the "m" of "De-se-m-ber") opens the next part where the two begin a syllable together
    ("im-ple-men"), else closes the one before ("De-sem-ber")."""
    marked: str = _dictionary().inserted(word, hyphen="\x00")
    parts: list[str] = []
    carry = ""
    pieces = marked.split("\x00")
    for i, part in enumerate(pieces):
        part = carry + part
        carry = ""
        if _VOWELS & set(part):
            parts.append(part)
            continue
        following = "".join(pieces[i + 1:])
        onset = part + following[:len(following) - len(following.lstrip("bcdfghjklmnpqrstvwxyzBCDFGHJKLMNPQRSTVWXYZ"))]
        if not parts or (following and _ONSETS.fullmatch(onset.lower())):
            carry = part
        else:
            parts[-1] += part
    if carry:
        if parts:
            parts[-1] += carry
        else:
            parts.append(carry)
    return tuple(parts)


def _address(token: str) -> bool:
    return "://" in token or token.startswith("www.") or "@" in token


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The parts of `text` between the cut positions, as (start, end)."""
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def break_points(token: str, room: float, measure: Measure) -> dict[int, bool]:
    """Where a token that needs breaking may break, given the `room` of a line (as `measure` measures a text):
    position -> whether a hyphen is shown there (between syllables, outside an address). The caller decides
    which tokens need it; a short token never does."""
    points: dict[int, bool] = {}
    if len(token) < _SHORT:
        return points
    hyphen = not _address(token)
    separators = [m.end() for m in _AFTER_SEPARATOR.finditer(token)]
    points.update(dict.fromkeys(separators, False))
    for start, end in _spans(token, separators):
        if measure(token[start:end]) > room:
            points.update(_fit(token[start:end], start, room, measure, hyphen))
    return points


def _fit(piece: str, offset: int, room: float, measure: Measure, hyphen: bool) -> dict[int, bool]:
    """Points in a piece too wide for `room` (at `offset` in its token): its inner words apart, then its
    syllables, then where the room ends."""
    inner = [m.start() for m in _INNER_WORDS.finditer(piece) if 0 < m.start() < len(piece)]
    points = {offset + p: False for p in inner}
    for start, end in _spans(piece, inner):
        word = piece[start:end]
        at = offset + start
        if measure(word) <= room:
            continue
        letters = _LETTERS.fullmatch(word)
        if letters:
            parts = list(syllables(letters.group(2)))
            parts[0] = letters.group(1) + parts[0]
            parts[-1] += letters.group(3)
            if len(parts) > 1 and all(measure(p) <= room for p in parts):
                for p in _ends(parts)[:-1]:
                    points[at + p] = hyphen
                continue
        if len(word) < _SHORT:
            continue  # "NO" or a month's "10" in its narrow column overflows rather than breaks
        # Digits, or a syllable still too wide: a break wherever the room ends.
        line = ""
        for i, char in enumerate(word):
            if line and measure(line + char) > room:
                points[at + i] = False
                line = ""
            line += char
    return points


def _ends(parts: list[str]) -> list[int]:
    """Where each of the consecutive parts ends."""
    ends, total = [], 0
    for part in parts:
        total += len(part)
        ends.append(total)
    return ends


def _marked(token: str, points: dict[int, bool], plain: str, hyphen: str) -> str:
    return "".join(token[a:b] + ((hyphen if points[b] else plain) if b in points else "")
                   for a, b in _spans(token, sorted(points)))


# ------------------------------------------------------------------------------------------------ the DOCX


def hinted(text: str, width: float, size: float, *, threshold: float | None = None, bold: bool = False) -> str:
    """The text with break opportunities (zero-width spaces, soft hyphens) in each token wider than `threshold`
    (default: `width`, the room of a line in points), so that no line need break inside a word; `size` is the
    font size in points."""
    limit = width if threshold is None else threshold
    scale = BOLD if bold else 1.0
    if len(text) * size * _WIDEST * scale <= limit:
        return text
    return _hinted(text, width, size, limit, scale)


@lru_cache(maxsize=16384)
def _hinted(text: str, width: float, size: float, limit: float, scale: float) -> str:
    """hinted, for a text that may need it, kept: a batch's plan and considerations repeat from office to
    office."""
    room = width / scale

    def measure(piece: str) -> float:
        return text_width(piece, size)

    def token(match: re.Match[str]) -> str:
        tok = match.group(0)
        if len(tok) < _SHORT or len(tok) * size * _WIDEST * scale <= limit or text_width(tok, size) * scale <= limit:
            return tok
        return _marked(tok, break_points(tok, room, measure), ZWSP, SHY)

    return _TOKEN.sub(token, text)


# ------------------------------------------------------------------------------------------------ the PDF


def _pieces(token: str, width: float, measure: Measure) -> list[str]:
    """The token cut into pieces that each fit `width`, each as long as it can be: so no two share a line."""
    points = break_points(token, width, measure)
    order = sorted(points)
    pieces: list[str] = []
    start = 0
    while measure(token[start:]) > width:
        best = None
        for p in order:
            if p <= start:
                continue
            if measure(token[start:p] + ("-" if points[p] else "")) > width:
                break
            best = p
        if best is None:
            # Nowhere to break that fits: the fewest characters that do not (reportlab splits it further).
            later = [p for p in order if p > start]
            if not later:
                break
            best = later[0]
        pieces.append(token[start:best] + ("-" if points[best] else ""))
        start = best
    pieces.append(token[start:])
    return pieces


def break_long_words(text: str, width: float, measure: Measure) -> str:
    """The text with each word wider than `width` cut into pieces that fit, separated by spaces: the line breaks
    fall there (each piece is as long as fits, so two never share a line) and not inside a syllable, as
    reportlab would cut it; a piece cut between syllables ends with a hyphen."""
    if width <= 0 or measure(text) <= width:
        return text
    out: list[str] = []
    for part in re.split(r"(\s+)", text):
        if part and not part.isspace() and measure(part) > width:
            out.append(" ".join(_pieces(part, width, measure)))
        else:
            out.append(part)
    return "".join(out)
