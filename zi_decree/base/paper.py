"""The paper a decree is printed on: F4, the Indonesian folio (the default), or A4, with their sizes."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["PAPERS", "PAPER_SIZES", "Paper"]

Paper = Literal["f4", "a4"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
# Width and height in millimetres.
PAPER_SIZES: dict[Paper, tuple[int, int]] = {"f4": (215, 330), "a4": (210, 297)}
