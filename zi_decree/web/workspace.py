"""The workspace folder: its decrees and plan files, each decree checked and previewed, its package rendered.

Only files inside the folder are read or written: a name with `..`, an absolute path, a hidden name or a link
that leads out of the folder is refused, and so is a decree whose plan, template or catalogue lies outside it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from zi_decree.base.indonesian import format_date_id
from zi_decree.base.yaml import read_yaml
from zi_decree.base.zips import zip_parts
from zi_decree.composing.compose import compose
from zi_decree.composing.document import Variant
from zi_decree.composing.wording import office_region
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.i18n import _, language
from zi_decree.legal.catalogue import Catalogue
from zi_decree.loading.spec import LoadedSpec, load
from zi_decree.rendering.html import render_html
from zi_decree.resolving.resolve import Resolved, resolve
from zi_decree.tasks.check import Checked, check, problems, spec_template
from zi_decree.tasks.package import RECORD, Package, package_folder, render_package
from zi_decree.tasks.proofread import holding

__all__ = ["Decree", "Outside", "PackageInfo", "Workspace", "is_spec_name"]

# A spec is a YAML file beside its plans (*.plan.yaml) whose mapping has an `office:` key; the first part of the
# file says so (specs begin with it; a plan file or an offices table has none).
_OFFICE_KEY = re.compile(rb"(?m)^office[ \t]*:")
_SNIFF = 1 << 16
_PLAN_SUFFIXES = (".plan.yaml", ".plan.yml")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # a plan kept in Excel, as `plan:` and `batch --plan` take it


class Outside(ZiDecreeError):
    """A name that does not lead to a file inside the workspace."""


def is_spec_name(name: str) -> bool:
    """Whether a file name is a spec's (.yaml or .yml, not a plan file's)."""
    lower = name.lower()
    return lower.endswith((".yaml", ".yml")) and not lower.endswith(_PLAN_SUFFIXES) and not name.startswith(".")


@dataclass(frozen=True)
class PackageInfo:
    """The last package rendered from a decree: its folder, the files record.json lists, when it was made, and
    whether it was made from the decree as it is now."""

    folder: str
    files: tuple[str, ...]  # file names inside the folder, record.json last
    made: dt.datetime
    current: bool

    def kind(self, file: str) -> str:
        """'original.docx' for 'kpu-...-nomor-6.original.docx'."""
        return file.removeprefix(self.folder + ".")


@dataclass
class Decree(Checked):
    """One decree of the workspace as it is now: its problems (those `check` reports) and, when it can be read,
    the decree, for its preview and package."""

    name: str
    found: tuple[Problem, ...] | Callable[[], tuple[Problem, ...]]  # the problems, or how to find them
    loaded: LoadedSpec | None = None
    resolved: Resolved | None = None
    heading: dict[str, str] = field(default_factory=dict)  # office, number, year, date as written
    _html: dict[str, str] = field(default_factory=dict, repr=False)
    _finding: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Found when first asked (the edit form asks for the decree, not for its problems)."""
        with self._finding:
            if callable(self.found):
                self.found = self.found()
            return self.found

    @problems.setter
    def problems(self, found: tuple[Problem, ...]) -> None:
        self.found = found

    def preview(self, variant: Variant) -> str | None:
        """The decree as an HTML fragment (composed once per variant); None when it cannot be read."""
        if self.resolved is None:
            return None
        if variant not in self._html:
            self._html[variant] = render_html(compose(self.resolved, variant))
        return self._html[variant]


def _heading(path: Path) -> dict[str, str]:
    """What a spec that cannot be read as a decree says of its office, number, year and date, as written (a new
    decree whose plan is still to fill is listed with them)."""
    try:
        data, _ = read_yaml(path)
    except ZiDecreeError:
        return {}
    if not isinstance(data, dict):
        return {}
    heading = {}
    office = data.get("office")
    if isinstance(office, dict) and isinstance(office.get("kind"), str) and isinstance(office.get("name"), str):
        heading["office"] = f"{office['kind']} {office['name']}"
    for key in ("number", "year"):
        if isinstance(data.get(key), (str, int)) and not isinstance(data.get(key), bool):
            heading[key] = str(data[key])
    when = data.get("date")
    if isinstance(when, dt.date):
        heading["date"] = format_date_id(when)
    elif isinstance(when, str):
        try:
            heading["date"] = format_date_id(dt.date.fromisoformat(when))
        except ValueError:
            heading["date"] = when
    return {key: value[:200] for key, value in heading.items()}


def _stamp(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """What a decree's files are now (modified time and size): a changed stamp means check again."""
    out = []
    for path in dict.fromkeys(paths):
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), -1, -1))
    return tuple(out)


class Workspace:
    """A folder of decrees: names inside it are confined to it, each decree is checked once until its files
    change, and packages are written into the folder itself (where `zi-decree render SPEC` run there writes)."""

    def __init__(self, root: Path | str, catalogue: Catalogue | None = None) -> None:
        self.root = Path(os.path.realpath(root))
        if not self.root.is_dir():
            raise Outside([Problem(_("is not a folder; name the workspace folder"), Location(str(root)),
                                   code="invalid-option")])
        self._catalogue = catalogue
        self._decrees: dict[tuple[str, str], tuple[tuple[tuple[str, int, int], ...], Decree]] = {}
        self._lock = threading.Lock()
        self._rendering: dict[str, threading.Lock] = {}

    # ------------------------------------------------------------------------------------------ names

    def inside(self, path: Path) -> bool:
        """Whether `path`, its links followed, is the workspace or inside it."""
        real = Path(os.path.realpath(path))
        return real == self.root or self.root in real.parents

    def file(self, name: str) -> Path:
        """The path of a file named relative to the workspace ('kab-kendal-2026.yaml'); Outside when the name has
        `..`, is absolute or hidden, or leads out of the folder through a link."""
        pure = PurePosixPath(name)
        if (not name or "\x00" in name or "\\" in name or pure.is_absolute()
                or any(part in ("", ".", "..") or part.startswith(".") for part in pure.parts)
                or not self.inside(self.root.joinpath(*pure.parts))):
            raise Outside([Problem(_("is not a file of the workspace"), Location(field="name"),
                                   code="outside-workspace")])
        return self.root.joinpath(*pure.parts)

    def name(self, path: Path | str) -> str:
        """A path as the workspace names it: relative to the folder when inside it."""
        path = Path(path)
        if not path.is_absolute():
            return path.as_posix()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def _entries(self) -> list[Path]:
        try:
            return sorted(p for p in self.root.iterdir() if p.is_file() and self.inside(p))
        except OSError:
            return []

    def specs(self) -> list[str]:
        """The decrees of the workspace: the spec files in the folder, by name."""
        found = []
        for path in self._entries():
            if not is_spec_name(path.name):
                continue
            try:
                with path.open("rb") as handle:
                    head = handle.read(_SNIFF)
            except OSError:
                continue
            if _OFFICE_KEY.search(head):
                found.append(path.name)
        return found

    def plans(self) -> list[str]:
        """The plan files of the workspace (*.plan.yaml) and its workbooks (*.xlsx, *.xlsm), by name."""
        return [p.name for p in self._entries() if p.name.lower().endswith(_PLAN_SUFFIXES + _WORKBOOK_SUFFIXES)]

    # ------------------------------------------------------------------------------------------ decrees

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = Catalogue.load()
        return self._catalogue

    def decree(self, name: str) -> Decree:
        """A decree of the workspace, checked as `check` checks it; again only when one of its files changed."""
        path = self.file(name)
        if not is_spec_name(path.name) or not path.is_file():
            raise Outside([Problem(_("is not a decree of the workspace"), Location(field="name"),
                                   code="outside-workspace")])
        with self._lock:
            cached = self._decrees.get((language(), name))  # the problems are said in the request's language
        if cached is not None and _stamp(Path(f) for f, _, _ in cached[0]) == cached[0]:
            return cached[1]
        decree, files = self._check(name, path)
        with self._lock:
            self._decrees[(language(), name)] = (_stamp(files), decree)
        return decree

    def check_text(self, name: str, text: bytes) -> Decree:
        """The decree as `check` would find it if its spec held `text` (a form's save, checked before it is
        written): its problems, and the decree when it can be read, which `keep` keeps once the text is written."""
        path = self.file(name)
        try:
            loaded = load(path, self.catalogue(), text=text)
            resolved = resolve(loaded)
            with holding(str(path), text):  # the spelling's places are looked up in the text's lines
                return Decree(name, problems(loaded, resolved), loaded, resolved)
        except ZiDecreeError as exc:
            return Decree(name, tuple(exc.problems))

    def keep(self, name: str, decree: Decree) -> None:
        """Keep a decree `check_text` checked as the decree its spec now holds (the text was written): the
        preview after a save does not read, resolve and check it again."""
        if decree.loaded is None or decree.resolved is None:
            return
        found, files = self._checked(name, self.file(name), decree.loaded, decree.resolved, decree.problems)
        with self._lock:
            self._decrees[(language(), name)] = (_stamp(files), found)

    def _check(self, name: str, path: Path) -> tuple[Decree, list[Path]]:
        try:
            loaded = load(path, self.catalogue())
        except ZiDecreeError:
            # As `check` reports it (a problem without a file is placed in the spec); the files it names are read
            # again when they change.
            result = check(path, self.catalogue())
            files = [path, *(Path(p.location.file) for p in result.problems if p.location.file)]
            return Decree(name, self._confined(path, result.problems), heading=_heading(path)), files
        return self._checked(name, path, loaded)

    def _checked(self, name: str, path: Path, loaded: LoadedSpec, resolved: Resolved | None = None,
                 found: tuple[Problem, ...] | None = None) -> tuple[Decree, list[Path]]:
        """A decree read from its spec at `path`, resolved and its problems found (unless they are given)."""
        files = [path]
        k = loaded.keputusan
        used = [path.parent / source for source in loaded.sources[1:]]
        used += [path.parent / folder for folder in k.catalogues]
        template = spec_template(loaded)
        if template is not None:
            used.append(template)
        files += used
        outside = [p for p in used if not self.inside(p)]
        if outside:
            return Decree(name, (self._outside(path, outside[0]),)), files
        if resolved is None:
            resolved = resolve(loaded)
        heading = {"office": office_region(k.office), "number": str(k.number), "year": str(k.year),
                   "date": format_date_id(k.date) if k.date else ""}
        look = found if found is not None else functools.partial(problems, loaded, resolved)
        return Decree(name, look, loaded, resolved, heading), files

    def _outside(self, spec: Path, path: Path) -> Problem:
        return Problem(_("names a file outside the workspace folder ({file}); copy it into {folder} and name it "
                         "there").format(file=path.name, folder=self.root.name), Location(str(spec)),
                       code="outside-workspace")

    def _confined(self, spec: Path, found: tuple[Problem, ...]) -> tuple[Problem, ...]:
        """The problems, with those of a file outside the workspace said as one, without what that file holds."""
        outside = [Path(p.location.file) for p in found if p.location.file and not self.inside(Path(p.location.file))]
        if not outside:
            return found
        kept = [p for p in found if not (p.location.file and not self.inside(Path(p.location.file)))]
        return (self._outside(spec, outside[0]), *kept)

    # ------------------------------------------------------------------------------------------ packages

    def package(self, decree: Decree) -> PackageInfo | None:
        """The decree's last package in the workspace, if one was rendered."""
        if decree.loaded is None:
            return None
        slug = package_folder(decree.loaded.keputusan)
        folder = self.root / slug
        record_path = folder / RECORD
        if not self.inside(record_path) or not record_path.is_file():
            return None
        try:
            record = json.loads(record_path.read_bytes())
            files = tuple(o["file"] for o in record["outputs"] if isinstance(o["file"], str)
                          and o["file"].startswith(slug + ".") and "/" not in o["file"])
            made = dt.datetime.fromtimestamp(record_path.stat().st_mtime)
            current = record["input"]["sha256"] == decree.loaded.input_hash
        except (OSError, ValueError, TypeError, KeyError):
            return None  # not a record zi-decree wrote: no package to offer
        return PackageInfo(slug, (*files, RECORD), made, bool(current))

    def render(self, name: str) -> Package:
        """Render a decree's package into the workspace, as `zi-decree render SPEC -o FOLDER` does; a decree with
        errors is refused (ZiDecreeError) with them."""
        decree = self.decree(name)
        if decree.loaded is None or decree.errors:
            raise ZiDecreeError(list(decree.errors))
        slug = package_folder(decree.loaded.keputusan)
        with self._lock:
            lock = self._rendering.setdefault(slug, threading.Lock())
        with lock:  # one render of a package at a time; other requests go on
            return render_package(decree.loaded, self.root, catalogue=self.catalogue())

    def download(self, package: PackageInfo, file: str) -> Path:
        """A file of a package, checked to be one record.json lists and inside the workspace."""
        if file not in package.files:
            raise Outside([Problem(_("is not a file of the package"), Location(field="file"),
                                   code="outside-workspace")])
        return self.file(f"{package.folder}/{file}")

    def zip(self, package: PackageInfo) -> bytes:
        """The whole package as one zip (its folder inside), the same bytes for the same package."""
        return zip_parts((f"{package.folder}/{file}", self.download(package, file).read_bytes())
                         for file in package.files)
