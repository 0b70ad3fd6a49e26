"""Repeated words: 'kepada kepada', 'penerimaan/penerimaan', a word typed twice where it was meant once."""

from __future__ import annotations

import re

from zi_decree.errors import Problem
from zi_decree.i18n import _
from zi_decree.loading.spec import LoadedSpec
from zi_decree.tasks.proofread import place_of, typed_texts

__all__ = ["repeat_problems"]

# The same word twice in a row, apart by spaces or a slash. Indonesian writes its reduplications with a hyphen
# (masing-masing), so these are slips; numbers ('5 5') and single letters are left alone.
_REPEAT = re.compile(r"(?<![\w-])([^\W\d_]{2,})(?:\s+|\s*/\s*)(\1)(?![\w-])", re.IGNORECASE)


def repeat_problems(loaded: LoadedSpec) -> list[Problem]:
    """A warning for each word typed twice in a row in a field staff type, at the repeat."""
    out = []
    for path, text in typed_texts(loaded):
        for m in _REPEAT.finditer(text):
            word = m.group(1)
            out.append(Problem(_("{group!r}: the word {word!r} is typed twice; write it once, or joined by a hyphen "
                                 "for a plural ({word2}-{word2})").format(group=m.group(), word=word,
                                     word2=word.lower()),
                               place_of(loaded, path, m.group()), "warning", code="repeated-word"))
    return out
