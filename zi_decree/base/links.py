"""Web addresses in a text: where each is and the address it opens, for the formats that show links."""

from __future__ import annotations

import re

__all__ = ["link_parts"]

# An address as staff write one: with its scheme (https://bit.ly/SKTim), or a host name with a path or a
# www. (bit.ly/SKTim, www.kpu.go.id, batangkabppid.kpu.go.id/), or a host name of the usual domains alone
# (kpu.go.id). Host labels are letters, digits and hyphens.
_ADDRESS = re.compile(
    r"(?i)(?<![\w@/.-])"
    r"(?:https?://[^\s<>\"]+"
    r"|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#][^\s<>\"]*)?"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"]*"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:id|com|org|net|ly|info|io|gov|co)(?![\w-]|\.[\w-]))"
)
# Punctuation that ends a sentence or an enumeration, not the address ("lihat https://x.id/a.").
_TRAILING = ".,;:!?)]}'\""


def link_parts(text: str) -> tuple[tuple[str, str | None], ...]:
    """`text` cut into pieces, each with the address it opens (None for plain text); joined, the pieces are
    `text` again."""
    parts: list[tuple[str, str | None]] = []
    at = 0
    for match in _ADDRESS.finditer(text):
        shown = match.group()
        while shown and shown[-1] in _TRAILING and not (shown[-1] == ")" and "(" in shown):
            shown = shown[:-1]
        if not shown or shown.lower() in ("http://", "https://"):
            continue
        start = match.start()
        if start > at:
            parts.append((text[at:start], None))
        target = shown if re.match(r"(?i)https?://", shown) else "https://" + shown
        parts.append((shown, target))
        at = start + len(shown)
    if at < len(text) or not parts:
        parts.append((text[at:], None))
    return tuple(parts)
