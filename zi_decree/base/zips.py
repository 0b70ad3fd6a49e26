"""Zip files (DOCX, XLSX) written deterministically: the same parts give the same bytes."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["deterministic_zip"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes, fix: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same zip (DOCX, XLSX) with fixed timestamps and attributes, so that the same input gives the same
    bytes; `fix` rewrites named parts (a save time stamped inside the XML)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            part = source.read(info.filename)
            if fix and info.filename in fix:
                part = fix[info.filename](part)
            target.writestr(fixed, part, compresslevel=6)
    return out.getvalue()
