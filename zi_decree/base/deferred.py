"""Third-party modules imported without building, at their import, the regular expressions they seldom use."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["DeferredPattern", "import_deferring"]


class DeferredPattern:
    """A compiled pattern, compiled when first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
        return getattr(self.compiled, name)


def import_deferring(module: str, seldom: Callable[[str, int], bool]) -> None:
    """Import `module` (and what it imports) with each pattern it compiles at import for which `seldom(pattern,
    flags)` holds a DeferredPattern instead: Python's re takes 10 to 40 ms to build a pattern of large Unicode
    classes, which some libraries compile at import for a feature a run seldom uses. Nothing when the module is
    imported already."""
    if module in sys.modules:
        return
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and seldom(pattern, int(flags)):
            return DeferredPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer  # for this import only
    try:
        importlib.import_module(module)
    finally:
        re.compile = compile_now
