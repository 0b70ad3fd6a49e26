"""The package's version, read once from its installed metadata (pyproject.toml is the one place it is written)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["VERSION"]

try:
    VERSION: str = version("zi-decree")
except PackageNotFoundError:  # run from a source tree that was never installed
    VERSION = "0+unknown"
