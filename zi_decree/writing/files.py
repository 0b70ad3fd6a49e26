"""Write: files appear whole or not at all (temporary file, fsync, atomic rename), with deterministic names."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zi_decree.errors import Problem

__all__ = ["package_name", "safe_name", "unwritable", "write_atomic", "write_files"]


def _temp_copy(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # This file's data made durable before it replaces anything. Not syncfs (one call per package):
            # it waits for every other program's unwritten data on the disk too, 0.4 s behind a busy neighbour.
            _sync_file(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _sync_file(fd: int) -> None:
    sync = getattr(os, "fdatasync", os.fsync)  # fdatasync: the data and its size, not the access times
    sync(fd)


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_files(files: list[tuple[Path, bytes]]) -> None:
    """Write several files as one: every file is prepared beside its target first, then all are renamed.

    Any failure (a folder in the way, a full disk) removes what was prepared and raises ZiDecreeError naming
    the path, so a package is written whole or not at all.
    """
    from zi_decree.errors import Location, Problem, ZiDecreeError

    prepared: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            if path.is_dir():
                raise IsADirectoryError(21, "a folder is in the way", str(path))
            prepared.append((_temp_copy(path, data), path))
        for tmp, path in prepared:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in prepared:
            _unlink(tmp)
        where = exc.filename or (str(files[0][0]) if files else None)
        raise ZiDecreeError([Problem(f"cannot write: {exc.strerror or exc}", Location(str(where)))]) from None
    for folder in {path.parent for path, _ in files}:
        _sync_dir(folder)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    write_files([(path, data)])


def safe_name(text: str, limit: int = 60) -> str:
    """ASCII letters, digits and hyphens only: a name that is valid on every file system.

    Latin text is folded ('Kabupaten Semarang' -> 'kabupaten-semarang'). Text whose folding would lose letters,
    digits or symbols (another script: 'Kota مرحبا'), or that is cut at `limit`, ends in '-' and 8 hex digits of
    its SHA-256 instead, so that two such names never fold to the same one.
    """
    name = _safe(text)
    if len(name) <= limit and not _loses(text):
        return name
    # Case and spacing aside, as the folding ignores them: one office written twice still gets one folder.
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return "-".join(part for part in (name[:limit - len(digest) - 1].strip("-"), digest) if part)


def _safe(text: str) -> str:
    # Portable on every file system: ASCII letters, digits and hyphens only.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _loses(text: str) -> bool:
    """Whether folding to ASCII drops a letter, digit or symbol; an accent, a space or a dash is no loss ('Pidië'
    folds to 'pidie')."""
    return any(ord(c) > 127 and unicodedata.category(c)[0] in "LNS" for c in unicodedata.normalize("NFKD", text))


def package_name(region: str, year: int, number: int | str) -> str:
    """The package folder's name from its parts ('kpu-kabupaten-semarang-2025-nomor-6'), safe as a path name."""
    return f"kpu-{safe_name(region)}-{year}-nomor-{safe_name(str(number), 40) or 'tanpa-nomor'}"


def unwritable(paths: Iterable[Path], *, force: bool = False, hint: str = "choose another name",
               reads: Iterable[Path] = ()) -> list[Problem]:
    """Why a command must not write each of `paths`, one problem per path ([] when it may write them all).

    A symbolic link, dangling or not, is never written through or replaced (even with `force`): the user named
    the link, and a file elsewhere, or the link itself, would change unseen. Nor is a folder, or a file in `reads`
    (the command's own input). An existing file is replaced only with `force` (`--force`).
    """
    from zi_decree.errors import Location, Problem

    inputs = [p for p in reads if p.exists()]
    problems = []
    for path in paths:
        if path.is_symlink():
            message = ("is a symbolic link; name the file itself, or another name (a link is never written "
                       "through or replaced, even with --force; nothing was written)")
        elif path.is_dir():
            message = "is a folder; name a file (nothing was written)"
        elif path.exists() and any(os.path.samefile(path, p) for p in inputs):
            message = f"is a file this command reads; {hint} (nothing was overwritten)"
        elif path.exists() and not force:
            message = f"exists; {hint} or give --force to replace it (nothing was overwritten)"
        else:
            continue
        problems.append(Problem(message, Location(str(path))))
    return problems
