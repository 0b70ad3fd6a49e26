"""Render: the composed document laid out as DOCX, PDF or plain text; layout, never wording."""
