"""zi-decree's folder in the user's cache, and its entries: JSON written whole or not at all, read or found again."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "keep"]


def cache_dir() -> Path | None:
    """zi-decree's folder in the user's cache ($XDG_CACHE_HOME, else ~/.cache), or None when there is none."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    return root / "zi-decree"


def keep(path: Path, entry: Any) -> None:
    """Write `entry` as JSON to the cache file `path`; quietly nothing when it cannot be written (a cache entry not
    kept is only found again)."""
    try:
        text = json.dumps(entry, ensure_ascii=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name.split('-')[0]}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)  # whole or not at all, also with two runs at once
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError, TypeError):
        pass
