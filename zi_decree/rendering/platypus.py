"""reportlab's platypus (paragraphs, frames, page templates), imported without building patterns it seldom uses."""

from __future__ import annotations

import re

from zi_decree.base.deferred import import_deferring

__all__ = ["BaseDocTemplate", "Flowable", "Frame", "KeepTogether", "NextPageTemplate", "PageBreak", "PageTemplate",
           "Paragraph"]

# Two patterns reportlab compiles at import are slow to build and seldom used, so they are built on first use
# (base.deferred); everything else is imported as it is. reportlab.platypus.paragraph's pattern of web
# addresses (case-insensitive over \xa1-\uffff: 40 ms, a twentieth of a whole render) serves only to hyphenate a
# web address (styles with hyphenationLang, uriWasteReduce or embeddedHyphenation, which ours never set);
# reportlab.lib.textsplit's pattern of CJK letters (9 ms) only its cjkwrap, which platypus does not call.
_URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_CJK_PATTERN = "([\u2e80-\uffff])"


def _seldom_used(pattern: str, flags: int) -> bool:
    return (pattern.startswith(_URI_PATTERN_START) and bool(flags & re.IGNORECASE)) or pattern == _CJK_PATTERN


import_deferring("reportlab.platypus.paragraph", _seldom_used)

from reportlab.platypus import (  # noqa: E402  # after import_deferring
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)
