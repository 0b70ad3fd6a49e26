"""Zip files (DOCX, XLSX) written deterministically: the same parts give the same bytes."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterable

from zi_decree.base.kept import Kept

__all__ = ["deterministic_zip", "zip_parts"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of named parts, in their order, with fixed timestamps and attributes: the same parts, the same
    bytes. Each part is compressed once, here (a DOCX's parts go straight in, not through another zip)."""
    parts = list(parts)
    names = [name for name, _part in parts]
    if len(parts) >= 0xFFFF or len(set(names)) < len(names) or any("\0" in name for name in names) \
            or sum(len(part) for _name, part in parts) > _SMALL:
        return _zipfile_parts(parts)  # a zip64, names zipfile rewrites or warns about: as zipfile writes them
    # What zipfile writes for these parts (a local header and the data, then the central directory), byte for
    # byte, with each part's compressed data kept for the next zip of the same part (a DOCX's styles).
    out = bytearray()
    central = bytearray()
    date = (_ZIP_TIME[0] - 1980) << 9 | _ZIP_TIME[1] << 5 | _ZIP_TIME[2]
    for name, part in parts:
        crc, packed = _deflated(part)
        encoded, flags = (name.encode("ascii"), 0) if name.isascii() else (name.encode("utf-8"), 0x800)
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, 8, 0, date, crc, len(packed), len(part),
                           len(encoded), 0)
        out += encoded
        out += packed
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, flags, 8, 0, date, crc, len(packed),
                               len(part), len(encoded), 0, 0, 0, 0, 0o644 << 16, offset)
        central += encoded
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), start, 0)
    return bytes(out)


# Parts up to this size in all are zipped here; larger ones (near zip64's limits) by zipfile.
_SMALL = 1 << 30
# Parts at least this long keep their compressed data, by their hash: a DOCX template's styles are the same
# third of a megabyte in every decree, compressed for each.
_KEEP_FROM = 1 << 14
_KEPT: Kept[bytes, tuple[int, bytes]] = Kept(16)


def _deflated(part: bytes) -> tuple[int, bytes]:
    """A part's CRC and its data compressed as zipfile compresses it (deflate, level 6, no zlib header)."""
    key = hashlib.sha256(part).digest() if len(part) >= _KEEP_FROM else None
    kept = _KEPT.get(key) if key is not None else None
    if kept is not None:
        return kept
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    made = zlib.crc32(part), compressor.compress(part) + compressor.flush()
    return _KEPT.keep(key, made) if key is not None else made


def _zipfile_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
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
