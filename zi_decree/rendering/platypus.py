"""reportlab's platypus (paragraphs, frames, page templates), imported without building patterns it seldom uses."""

from __future__ import annotations

import re
import sys
from typing import Any

__all__ = ["BaseDocTemplate", "Flowable", "Frame", "KeepTogether", "NextPageTemplate", "PageBreak", "PageTemplate",
           "Paragraph"]

# Two patterns reportlab compiles at import are slow to build and seldom used, so they are built on first use
# instead; everything else is imported as it is. reportlab.platypus.paragraph's pattern of web addresses
# (case-insensitive over \xa1-\uffff: 40 ms, a twentieth of a whole render) serves only to hyphenate a web
# address (styles with hyphenationLang, uriWasteReduce or embeddedHyphenation, which ours never set);
# reportlab.lib.textsplit's pattern of CJK letters (9 ms) only its cjkwrap, which platypus does not call.
_URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_CJK_PATTERN = "([\u2e80-\uffff])"


class DeferredPattern:
    """A compiled pattern, compiled when first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
        return getattr(self.compiled, name)


def _import_paragraph() -> None:
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and ((pattern.startswith(_URI_PATTERN_START) and flags & re.IGNORECASE)
                                         or pattern == _CJK_PATTERN):
            return DeferredPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer  # for this one import only
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = compile_now


_import_paragraph()

from reportlab.platypus import (  # noqa: E402  # after the import above
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)
