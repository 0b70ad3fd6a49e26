"""Where a word too long for its line may break: after `/`, `-` or `.`, else at an Indonesian hyphenation point."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["break_long_words"]

_VOWELS = set("aeiouAEIOUéÉ")
_LETTERS = re.compile(r"[^\W\d_]{4,}")  # runs of letters that hyphenation may cut
_AFTER = "/-.\u2013"


@lru_cache(maxsize=1)
def _hyphenator() -> Callable[[str], list[int]]:
    import pyphen  # only for the few words that need it

    dic = pyphen.Pyphen(lang="id_ID", left=2, right=2)
    return dic.positions  # type: ignore[no-any-return]  # pyphen ships no type hints


def _hyphen_points(word: str) -> list[int]:
    """Hyphenation points inside a run of letters, each leaving a vowel on both sides (pyphen's id_ID patterns
    alone would cut "im-p-le-men-ta-si")."""
    points = [p for p in _hyphenator()(word) if 0 < p < len(word)]
    kept: list[int] = []
    last = 0
    for i, p in enumerate(points):
        following = points[i + 1] if i + 1 < len(points) else len(word)
        if _VOWELS & set(word[last:p]) and _VOWELS & set(word[p:following]):
            kept.append(p)
            last = p
    # The last syllable must have a vowel too (against the end of the word, not the next point).
    while kept and not _VOWELS & set(word[kept[-1]:]):
        kept.pop()
    return kept


def _breaks(token: str) -> dict[int, bool]:
    """Positions a token may break at: position -> whether a hyphen is added there. An address (a URL, an
    e-mail) gets no hyphen, which would change it: it also breaks before a capital after a small letter, and
    between syllables without a mark."""
    address = "://" in token or token.startswith("www.") or "@" in token
    after = _AFTER + ("_?&=@" if address else "")
    points: dict[int, bool] = {}
    for i, ch in enumerate(token[:-1]):
        if ch in after and i > 0:
            points[i + 1] = False
        elif address and ch.islower() and token[i + 1].isupper():
            points[i + 1] = False
    for match in _LETTERS.finditer(token):
        for p in _hyphen_points(match.group()):
            points.setdefault(match.start() + p, not address)
    return points


def _pieces(token: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The token cut into pieces that each fit `width`, each as long as it can be: so no two share a line."""
    points = _breaks(token)
    pieces: list[str] = []
    start = 0
    while measure(token[start:]) > width:
        best = None
        for p in sorted(points):
            if p <= start:
                continue
            piece = token[start:p] + ("-" if points[p] else "")
            if measure(piece) > width:
                break
            best = p
        if best is None:
            # Nowhere to break that fits: the fewest characters that do not (reportlab splits it further).
            later = [p for p in sorted(points) if p > start]
            if not later:
                break
            best = later[0]
        pieces.append(token[start:best] + ("-" if points[best] else ""))
        start = best
    pieces.append(token[start:])
    return pieces


def break_long_words(text: str, width: float, measure: Callable[[str], float]) -> str:
    """The text with each word wider than `width` cut into pieces that fit, separated by spaces: the line breaks
    fall there (each piece is as long as fits, so two never share a line) and not inside a syllable, as
    reportlab would cut it; a piece cut at a hyphenation point ends with a hyphen."""
    if width <= 0 or measure(text) <= width:
        return text
    out: list[str] = []
    for part in re.split(r"(\s+)", text):
        if part and not part.isspace() and measure(part) > width:
            out.append(" ".join(_pieces(part, width, measure)))
        else:
            out.append(part)
    return "".join(out)
