"""Zip files (DOCX, XLSX) written deterministically: the same parts give the same bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = ["deterministic_zip", "zip_parts"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of named parts, in their order, with fixed timestamps and attributes: the same parts, the same
    bytes. Each part is compressed once, here (a DOCX's parts go straight in, not through another zip)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, part in parts:
            fixed = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, part, compresslevel=6)
    return out.getvalue()


def deterministic_zip(data: bytes, fix: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same zip (DOCX, XLSX) with fixed timestamps and attributes, so that the same input gives the same
    bytes; `fix` rewrites named parts (a save time stamped inside the XML)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))

    def parts() -> Iterable[tuple[str, bytes]]:
        for info in source.infolist():
            part = source.read(info.filename)
            if fix and info.filename in fix:
                part = fix[info.filename](part)
            yield info.filename, part

    return zip_parts(parts())
