"""Titles broken as a drafter breaks them, with the font's metrics, the same for the DOCX and the PDF.

The fewest lines that fit, of lengths as even as can be, never one word alone on the last. Why a small dynamic
programme: a word processor fills each line before it starts the next, so a title that is a little too long for one
line ends with its last word ("2022") alone. A drafter breaks it by hand into lines of similar length. Over the
words w1..wn, best[i] is the best way to set the first i words, compared by (number of lines, sum of the squares of
the lines' widths); it is best[j] plus one line of words j+1..i, for the j whose line still fits. Both parts of the
pair add up line by line, so the best of a prefix is part of the best of the whole (and the pair compares
lexicographically: first the fewest lines, then, for as many lines and so a fixed sum of widths, the smallest sum
of squares, which is the most even). The last line is taken from two or more words when that is possible at all.
Each line reaches back only as far as fits, so the work is the number of words times the words of a line.
"""

from __future__ import annotations

import re

from zi_decree.base.markup import Run
from zi_decree.composing.document import Paragraph, ParagraphRole
from zi_decree.rendering.layout import text_width

__all__ = ["BALANCED_ROLES", "SLACK", "balance", "balanced", "collapse_spaces"]

BALANCED_ROLES: frozenset[ParagraphRole] = frozenset({
    "heading", "title", "title-number", "title-tentang", "title-subject", "issuer", "lampiran-title",
    "narrative-heading"})
"""The centred paragraphs a drafter breaks by hand: the title block, the issuer, a lampiran's title and headings
(a lampiran header's lines are broken so too, at the right-hand block's width)."""

SLACK = 0.96
"""The share of the measure a line may fill: Word's and LibreOffice's measures of a line differ from ours by a
little (rounding, a font's own kerning), and a line that overflows by a hair would wrap again on its own."""

_SPACE = re.compile(r"[ \t\n\r]+")


def balanced(paragraph: Paragraph) -> bool:
    """Whether a paragraph is a centred title, broken into balanced lines."""
    return paragraph.role in BALANCED_ROLES and paragraph.align == "center"


def collapse_spaces(text: str) -> str:
    """A title's words with single spaces between them, as it is set (line breaks in a title are the layout's)."""
    return _SPACE.sub(" ", text).strip(" ")


def _words(runs: tuple[Run, ...]) -> list[list[Run]]:
    """The runs cut into words at spaces (a word may change style inside), with no empty word."""
    words: list[list[Run]] = [[]]
    for run in runs:
        for i, part in enumerate(_SPACE.split(run.text)):
            if i and words[-1]:
                words.append([])
            if part:
                words[-1].append(Run(part, run.bold, run.italic))
    return [w for w in words if w]


def _breaks(widths: list[float], space: float, measure: float) -> list[int]:
    """Where lines start (indexes of words, after the first line's 0), from the dynamic programme above."""
    n = len(widths)
    inf = (n + 1, 0.0)
    best: list[tuple[int, float]] = [(0, 0.0)] + [inf] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        line = -space
        for j in range(i - 1, -1, -1):
            line += widths[j] + space
            if line > measure and j < i - 1:
                break  # a word wider than the measure stands on its own line
            lines, cost = best[j]
            candidate = (lines + 1, cost + line * line)
            if candidate < best[i]:
                best[i], back[i] = candidate, j
    # The last line: two words or more, when some breaking allows it.
    last = None
    line = widths[n - 1]
    for j in range(n - 2, -1, -1):
        line += widths[j] + space
        if line > measure:
            break
        lines, cost = best[j]
        candidate = (lines + 1, cost + line * line)
        if last is None or candidate < last[0]:
            last = (candidate, j)
    i = last[1] if last is not None else back[n]  # where the last line starts
    starts = []
    while i > 0:
        starts.append(i)
        i = back[i]
    return starts[::-1]


def balance(runs: tuple[Run, ...], measure: float, font_size: float, bold: bool = False) -> tuple[Run, ...]:
    """A centred title's runs with its spaces collapsed and a line break ("\\n") where each line ends; the lines fit
    `measure` points (SLACK of it) at `font_size`, in bold where the title is or a run says so."""
    words = _words(runs)
    if not words:
        return ()
    widths = [sum(text_width(r.text, font_size, bold or r.bold) for r in word) for word in words]
    space = text_width(" ", font_size, bold)
    breaks = set(_breaks(widths, space, measure * SLACK)) if len(words) > 1 else set()
    out: list[Run] = []
    for i, word in enumerate(words):
        if i:
            before, after = out[-1], word[0]
            # The space takes the style around it when both sides share it, so a term in italics stays one run.
            style = (before.bold, before.italic) if (before.bold, before.italic) == (after.bold, after.italic) \
                else (False, False)
            out.append(Run("\n" if i in breaks else " ", *style))
        out.extend(word)
    merged: list[Run] = []
    for run in out:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)
