"""Render: the composed document laid out as DOCX, PDF or plain text; layout, never wording."""

from typing import Literal, get_args

# The formats a decree is rendered in, one module each (text, docx, pdf).
Format = Literal["txt", "docx", "pdf"]
FORMATS: tuple[Format, ...] = get_args(Format)
