"""Inline emphasis in what staff type: `*italic*`, `**bold**`, `***bold italic***`, `\\*` for an asterisk.

Every text field (and every catalogue title) may carry it; this module reads it, once, into runs of text with
their style. The reading is total: any text gives runs, never an error. An asterisk that opens or closes nothing
is shown as it is, and reported (`unbalanced`) for `check` to warn about. The rules, kept small so that staff can
predict them:
- a run of one, two or three asterisks is a delimiter: it opens emphasis when a non-space follows it, and closes
  emphasis of its kind when a non-space precedes it; one with spaces on both sides ("2 * 3") is an asterisk;
- `*` toggles italic, `**` bold, `***` both; a run of four or more asterisks is shown as it is;
- a backslash before `*` or `\\` shows that character itself; any other backslash is a backslash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zi_decree.i18n import _

__all__ = ["ESCAPES", "Parsed", "Run", "Unbalanced", "parse", "plain", "runs", "unbalanced"]

ESCAPES = "*\\"
"""The characters a backslash escapes."""

_TOKEN = re.compile(r"\\[\\*]|\*+")
# What each delimiter length stands for, and how many asterisks each style takes of it.
_STYLES = {1: ("i",), 2: ("b",), 3: ("b", "i")}
_WIDTH = {"i": 1, "b": 2}


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Unbalanced:
    """An emphasis mark that opens or closes nothing: where it is (0-based, in the text as typed) and what it is."""

    offset: int
    mark: str

    @property
    def message(self) -> str:
        kind = {"*": _("italic"), "**": _("bold"), "***": _("bold italic")}.get(self.mark)
        what = _("'{mark}' ({kind} mark)").format(mark=self.mark, kind=kind) if kind else _("'{mark}'").format(
                 mark=self.mark)
        return (_("emphasis: the {what} at character {value} opens or closes nothing, so it is printed as it is; "
                  "close it (*italic*, **bold**), or write \\* for an asterisk").format(what=what,
                      value=self.offset + 1))


@dataclass(frozen=True)
class Parsed:
    runs: tuple[Run, ...]
    unbalanced: tuple[Unbalanced, ...]


@dataclass
class _Delimiter:
    offset: int
    length: int
    opens: list[str]   # the styles it turns on ('b', 'i'), in that order
    closes: list[str]  # the styles it turns off


def _space(char: str) -> bool:
    return not char or char.isspace()


@lru_cache(maxsize=65536)
def parse(text: str) -> Parsed:
    """The runs of a text (adjacent runs of one style merged, none empty) and its unbalanced marks."""
    if "*" not in text and "\\" not in text:
        return Parsed((Run(text),) if text else (), ())
    pieces: list[str | _Delimiter] = []
    reported: list[Unbalanced] = []
    open_at: dict[str, _Delimiter | None] = {"b": None, "i": None}
    last = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if start > last:
            pieces.append(text[last:start])
        last = end
        token = match.group()
        if token[0] == "\\":
            pieces.append(token[1])
            continue
        before, after = text[start - 1] if start else "", text[end] if end < len(text) else ""
        can_open, can_close = not _space(after), not _space(before)
        if len(token) > 3 or not (can_open or can_close):
            if len(token) > 3 and (can_open or can_close):
                reported.append(Unbalanced(start, token))
            pieces.append(token)
            continue
        delimiter = _Delimiter(start, len(token), [], [])
        for style in _STYLES[len(token)]:
            opener = open_at[style]
            if opener is not None and can_close:
                delimiter.closes.append(style)
                open_at[style] = None
            elif can_open:
                if opener is not None:  # never closed: the older mark is an asterisk, this one opens
                    opener.opens.remove(style)
                delimiter.opens.append(style)
                open_at[style] = delimiter
        pieces.append(delimiter)
    if last < len(text):
        pieces.append(text[last:])
    for opener in open_at.values():
        if opener is not None:
            opener.opens = [s for s in opener.opens if open_at[s] is not opener]

    out: list[Run] = []
    bold = italic = False

    def add(chunk: str) -> None:
        if not chunk:
            return
        if out and out[-1].bold == bold and out[-1].italic == italic:
            out[-1] = Run(out[-1].text + chunk, bold, italic)
        else:
            out.append(Run(chunk, bold, italic))

    for piece in pieces:
        if isinstance(piece, str):
            add(piece)
            continue
        used = sum(_WIDTH[s] for s in piece.closes) + sum(_WIDTH[s] for s in piece.opens)
        for style in piece.closes:
            bold, italic = (False, italic) if style == "b" else (bold, False)
        if used < piece.length:
            add("*" * (piece.length - used))
            reported.append(Unbalanced(piece.offset, "*" * (piece.length - used)))
        for style in piece.opens:
            bold, italic = (True, italic) if style == "b" else (bold, True)
    reported.sort(key=lambda u: u.offset)
    return Parsed(tuple(out), tuple(reported))


def runs(text: str) -> tuple[Run, ...]:
    """The text as runs of one style each."""
    return parse(text).runs


def plain(text: str) -> str:
    """The words of a text without its emphasis marks, escapes resolved: what a reader reads."""
    if "*" not in text and "\\" not in text:
        return text
    return "".join(run.text for run in parse(text).runs)


def unbalanced(text: str) -> tuple[Unbalanced, ...]:
    """The marks of a text that open or close nothing (printed as they are), in order."""
    return parse(text).unbalanced
