"""Write: files, and package folders (staging folder, swap), appear whole or not at all, with deterministic names."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_decree.i18n import N_, _

if TYPE_CHECKING:
    from zi_decree.errors import Problem

__all__ = ["package_name", "recover_folder", "replace_folder", "safe_name", "unwritable", "write_atomic",
           "write_files"]


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

    Any failure (a folder in the way, a full disk) before the renames removes what was prepared and raises
    ZiDecreeError naming the path. (A package folder is replaced with replace_folder, which also survives an
    interruption during the renames.)
    """
    from zi_decree.errors import Location, Problem, ZiDecreeError

    prepared: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            if path.is_dir():
                raise IsADirectoryError(21, _("a folder is in the way"), str(path))
            prepared.append((_temp_copy(path, data), path))
        for tmp, path in prepared:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _skip in prepared:
            _unlink(tmp)
        where = exc.filename or (str(files[0][0]) if files else None)
        raise ZiDecreeError([Problem(_("cannot write: {value}").format(value=exc.strerror or exc), Location(str(where)),
                                     code="cannot-write")]) from None
    for folder in {path.parent for path, _skip in files}:
        _sync_dir(folder)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    write_files([(path, data)])


# ------------------------------------------------------------------------------------------------ folders
#
# A package folder is replaced as one: the new folder is written whole beside it (`.NAME.staging-XXXXXXXX`),
# then swapped in. On Linux the swap is one atomic step, renameat2(RENAME_EXCHANGE); elsewhere (Windows, macOS,
# file systems without it) it is two renames, the old folder aside (`.NAME.old-XXXXXXXX`) then the new one in,
# and an interruption between them leaves no folder at NAME but the old one aside, which recover_folder (run
# before every replace and before reading a package) puts back. A run that is still going holds a lock on its
# own staging folder (and, with two renames, on the folder it sets aside), so that another run cleans up only
# what a killed run left.

_ASIDE = re.compile(r"(staging|old)-[0-9a-f]{8}")  # what follows '.NAME.' in the name of a folder set aside


def _asides(folder: Path) -> list[str]:
    """The names of the staging and old folders of `folder` in its parent, newest first."""
    prefix = f".{folder.name}."
    try:
        names = [n for n in os.listdir(folder.parent) if n.startswith(prefix) and _ASIDE.fullmatch(n[len(prefix):])]
    except OSError:
        return []

    def age(name: str) -> float:
        try:
            return -os.lstat(folder.parent / name).st_mtime
        except OSError:
            return 0.0

    return sorted(names, key=lambda n: (age(n), n))


def _try_lock(path: Path) -> tuple[int | None, bool]:
    """Try to take an exclusive lock on a folder: (the descriptor holding it, or None; whether another live run
    holds it). None, False where folders cannot be locked (Windows) or opened."""
    try:
        import fcntl
    except ImportError:
        return None, False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None, False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        return None, isinstance(exc, BlockingIOError)
    return fd, False


def _lock(path: Path) -> int | None:
    """Hold an exclusive lock on a folder, which says 'in use' to other runs until this process closes it or
    dies (so a killed run's folders are free); None where folders cannot be locked."""
    return _try_lock(path)[0]


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def _in_use(path: Path) -> bool:
    """Whether a live run holds the lock on this folder (the lock taken to ask is let go at once)."""
    fd, busy = _try_lock(path)
    _unlock(fd)
    return busy


def _remove(path: Path) -> None:
    """Remove a folder set aside and all in it, as far as it can be (what cannot be removed waits for the next run)."""
    try:
        if os.path.islink(path):  # a package folder that was a link to a folder: the link, not what it points to
            os.unlink(path)
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def recover_folder(folder: Path) -> None:
    """Finish what an interrupted replace_folder left: the old folder put back where no folder is (the
    interruption fell between the two renames), the staging and old folders of runs no longer going removed.

    Raises ZiDecreeError when the old folder cannot be put back.
    """
    names = _asides(folder)
    if not names:
        return
    parent = folder.parent
    free = [n for n in names if not _in_use(parent / n)]
    if not os.path.lexists(folder):
        old = next((n for n in free if n[len(folder.name) + 2:].startswith("old-")), None)
        if old is not None:
            try:
                os.rename(parent / old, folder)
            except OSError as exc:
                from zi_decree.errors import Location, Problem, ZiDecreeError

                raise ZiDecreeError([Problem(
                    _("an interrupted run left the package in {old}, and it cannot be put back: {value}; rename that "
                      "folder to {name}").format(old=old, value=exc.strerror or exc, name=folder.name),
                          Location(str(folder)),
                        code="cannot-write")]) from None
            _sync_dir(parent)
            free.remove(old)
    for name in free:
        _remove(parent / name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where it is not available,
    OSError when it fails."""
    function = _renameat2()
    if function is None:
        return False
    import ctypes

    at_fdcwd, rename_exchange = -100, 2
    if function(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # this file system cannot: two renames instead
    raise OSError(code, os.strerror(code), str(b))


_RENAMEAT2: list[Any] = []


def _renameat2() -> Any:
    if not _RENAMEAT2:
        function = None
        if os.name == "posix":
            import ctypes

            try:
                function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # glibc 2.28 and later
            except OSError:
                function = None
            if function is not None:
                function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                function.restype = ctypes.c_int
        _RENAMEAT2.append(function)
    return _RENAMEAT2[0]


def _write_new(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        _sync_file(handle.fileno())
    os.chmod(path, 0o644)


def _carry(source: Path, target: Path) -> None:
    """Bring an entry of the old folder into the new one: a hard link where the file system allows (no copy,
    no data written), else a copy; folders entry by entry, links as links."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        os.mkdir(target)
        for entry in sorted(os.listdir(source)):
            _carry(source / entry, target / entry)
        shutil.copystat(source, target)
        _sync_dir(target)
    else:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
            fd = os.open(target, os.O_RDONLY)  # the copy may be read-only, as its original
            try:
                _sync_file(fd)
            finally:
                os.close(fd)


def _make_staging(folder: Path) -> tuple[Path, int | None]:
    while True:
        staging = folder.parent / f".{folder.name}.staging-{os.urandom(4).hex()}"
        try:
            os.mkdir(staging)
        except FileExistsError:
            continue
        try:
            os.chmod(staging, stat.S_IMODE(os.stat(folder).st_mode))  # as staff set the old folder
        except OSError:
            pass
        return staging, _lock(staging)


def replace_folder(folder: Path, files: Sequence[tuple[str, bytes]], carry: Iterable[str] = ()) -> None:
    """Replace `folder` with one holding `files` ((name, bytes) pairs) and the entries of the old folder named
    in `carry`, as one step: at every moment, and whatever interrupts it, the folder is the old one or the new
    one, never a mix (see the comment above for the instant the two-rename swap leaves).

    A failure (a folder in the way, a full disk, a locked file) leaves the old folder as it was and raises
    ZiDecreeError saying what happened. The old folder is removed once the new one is in place; what cannot be
    removed then stays aside (hidden) until the next run.
    """
    from zi_decree.errors import Location, Problem, ZiDecreeError

    parent = folder.parent
    recover_folder(folder)
    staging: Path | None = None
    aside: Path | None = None
    locks: list[int | None] = []
    done = False
    try:
        try:
            parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(folder) and not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, _("a file is in the way of the package folder"), str(folder))
            staging, lock = _make_staging(folder)
            locks.append(lock)
            for name, data in files:
                _write_new(staging / name, data)
            for name in carry:
                _carry(folder / name, staging / name)
            _sync_dir(staging)
            if not os.path.lexists(folder):
                os.rename(staging, folder)
            elif _exchange(staging, folder):
                aside = staging  # it holds the old folder now
            else:
                locks.append(_lock(folder))
                aside = parent / f".{folder.name}.old-{os.urandom(4).hex()}"
                os.rename(folder, aside)
                os.rename(staging, folder)
            done = True
            _sync_dir(parent)
        except BaseException as exc:
            if done:
                raise
            message = _undo(folder, staging, aside)
            if not isinstance(exc, OSError):
                raise
            # Named by the package folder: the other path may be a hidden staging folder, which users never see.
            raise ZiDecreeError([Problem(_("cannot write the package: {value}{hint}; {message}").format(
                                           value=exc.strerror or exc, hint=_hint(exc), message=message),
                                         Location(str(folder)), code="cannot-write")]) from None
    finally:
        for fd in locks:
            _unlock(fd)
    if aside is not None:
        _remove(aside)


def _hint(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return _(" (is a file of the package open in another program, or read-only?)")
    return ""


def _undo(folder: Path, staging: Path | None, aside: Path | None) -> str:
    """Undo an unfinished replace_folder (the staging folder removed, the old folder put back if it was set
    aside), and say what is left."""
    if staging is not None:
        _remove(staging)
    if aside is not None and os.path.lexists(aside) and not os.path.lexists(folder):
        try:
            os.rename(aside, folder)
        except OSError:
            return _("the old package is kept in {name}, and the next run puts it back").format(name=aside.name)
    return _("the old package is as it was") if os.path.isdir(folder) else _("nothing was written")


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


def unwritable(paths: Iterable[Path], *, force: bool = False, hint: str = N_("choose another name"),
               reads: Iterable[Path] = ()) -> list[Problem]:
    """Why a command must not write each of `paths`, one problem per path ([] when it may write them all).

    A symbolic link, dangling or not, is never written through or replaced (even with `force`): the user named
    the link, and a file elsewhere, or the link itself, would change unseen. Nor is a folder, or a file in `reads`
    (the command's own input). An existing file is replaced only with `force` (`--force`).
    """
    from zi_decree.codes import Code
    from zi_decree.errors import Location, Problem

    inputs = [p for p in reads if p.exists()]
    problems = []
    for path in paths:
        code: Code = "invalid-option"
        if path.is_symlink():
            message = (_("is a symbolic link; name the file itself, or another name (a link is never written through "
                         "or replaced, even with --force; nothing was written)"))
        elif path.is_dir():
            message = _("is a folder; name a file (nothing was written)")
        elif path.exists() and any(os.path.samefile(path, p) for p in inputs):
            message = _("is a file this command reads; {hint} (nothing was overwritten)").format(hint=_(hint))
            code = "output-is-input"
        elif path.exists() and not force:
            message = _("exists; {hint} or give --force to replace it (nothing was overwritten)").format(hint=_(hint))
            code = "output-exists"
        else:
            continue
        problems.append(Problem(message, Location(str(path)), code=code))
    return problems
