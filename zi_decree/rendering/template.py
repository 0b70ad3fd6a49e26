"""Office templates: a DOCX template read and checked once, up front, for everything the renderers take from it.

Both renderers, `render`, `check` and `batch` go through read_template, so a template that would stop a renderer
is refused before anything is rendered, with a message naming the template, its part (word/styles.xml, ...) and
what is missing. What is checked is what the renderers read: the zip and the parts python-docx loads (walked
as python-docx walks them), the page settings of the body (margins: the DOCX keeps them, the PDF follows them),
the `ZI ` styles and Normal's size, and the header and footer, whose text may hold the documented fields and no
other template code (checked on the text docxtpl hands to jinja, and on the text Word shows).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from zi_decree.base.cache import cache_dir, keep
from zi_decree.base.kept import Kept
from zi_decree.composing.document import Document
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.i18n import N_, _, ngettext
from zi_decree.rendering.layout import default_template

if TYPE_CHECKING:
    from jinja2 import Environment, nodes
    from lxml import etree

__all__ = ["FIELDS", "STYLE_NAMES", "TABLE_STYLE", "Template", "field_values", "read_template", "template_code"]

# The paragraph styles the DOCX renderer uses; an office restyles them in Word.
STYLE_NAMES = {
    "mark": "ZI Salinan",
    "heading": "ZI Kop",
    "title": "ZI Judul",
    "issuer": "ZI Pejabat",
    "labeled": "ZI Konsiderans",
    "memutuskan": "ZI Memutuskan",
    "diktum": "ZI Diktum",
    "signature": "ZI Tanda Tangan",
    "attestation": "ZI Salinan Sesuai",
    "lampiran-header": "ZI Kepala Lampiran",
    "lampiran-title": "ZI Judul Lampiran",
    "narrative-heading": "ZI Subjudul",
    "narrative": "ZI Paragraf",
    "list": "ZI Daftar",
    "table": "ZI Isi Tabel",
    "table-heading": "ZI Kepala Tabel",
}
TABLE_STYLE = "ZI Tabel"
ZI_STYLES = (*dict.fromkeys(STYLE_NAMES.values()), TABLE_STYLE)

# The fields a template's header and footer may show, each written {{ name }} (README).
FIELDS = ("office", "office_upper", "nomor", "tahun", "tentang", "tanggal", "variant")


def field_values(document: Document) -> dict[str, str]:
    """What an office's template may show in its header or footer ({{ office }}, {{ nomor }}, ...)."""
    meta = document.metadata
    return {
        "office": meta.get("author", ""),
        "office_upper": meta.get("author", "").upper(),
        "nomor": meta.get("number", ""),
        "tahun": meta.get("year", ""),
        "tentang": meta.get("subject", ""),
        "tanggal": meta.get("date_text", ""),
        "variant": document.variant,
    }


@dataclass(frozen=True)
class Template:
    """A DOCX template as checked: its bytes, and what the renderers take from it besides the styles."""

    data: bytes
    digest: bytes  # sha256 of the bytes: a template saved again under its name is read again
    margins: tuple[int, int, int, int]  # top, bottom, left, right of the body's page settings, in EMU
    font_size: float  # Normal's size in points (12 where the template sets none)

    @property
    def margins_pt(self) -> tuple[float, float, float, float]:
        """The margins in points, as python-docx gives them (Length.pt)."""
        top, bottom, left, right = (emu / 12700 for emu in self.margins)
        return top, bottom, left, right

    @property
    def margins_twips(self) -> tuple[int, int, int, int]:
        top, bottom, left, right = (round(emu / 635) for emu in self.margins)
        return top, bottom, left, right


# Guards against a zip bomb and its like: a template is styles, margins and a letterhead, a few hundred KB.
MAX_FILE = 32 * 2**20
MAX_UNPACKED = 128 * 2**20
MAX_MEMBERS = 1000
MAX_DEPTH = 100  # parts related through parts; python-docx walks them recursively
# The text must keep room on the smallest page side (A4's 210 mm, a landscape page's height included).
SMALLEST_SIDE_MM = 210
MIN_TEXT_MM = 100
FONT_SIZES = (6.0, 16.0)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + _W + "}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT, RT_STYLES, RT_HEADER, RT_FOOTER = (_RT + name for name in ("officeDocument", "styles", "header",
                                                                             "footer"))
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_MAIN = _WML + "document.main+xml"
CT_STYLES = _WML + "styles+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
# The parts python-docx parses as it opens a document (the rest it keeps as bytes).
_PARSED = {CT_MAIN, CT_STYLES, CT_CORE, _WML + "comments+xml", _WML + "footer+xml", _WML + "header+xml",
           _WML + "numbering+xml", _WML + "settings+xml"}
_OTHER_MAINS = {_WML + "template.main+xml": N_("a Word template (.dotx)"),
                "application/vnd.ms-word.document.macroEnabled.main+xml": N_("a Word document with macros (.docm)"),
                "application/vnd.ms-word.template.macroEnabledTemplate.main+xml":
                    N_("a Word template with macros (.dotm)")}

# Parts of messages, translated where a message is made (marked here, made before the language is known).
_AGAIN = N_("save the template again from Word as .docx")
_START = N_("start from a copy of the bundled one (zi-decree template -o kantor.docx) and restyle it")
_NOT_DOCX = N_("the template is not a Word document (.docx); save it from Word as .docx")


@dataclass(frozen=True)
class _Rel:
    reltype: str
    external: bool
    target: str  # the part's name ("/word/styles.xml") when internal


@dataclass
class _Part:
    name: str  # "/word/document.xml"
    content_type: str
    blob: bytes
    rels: list[_Rel]
    root: etree._Element | None = None


class _Refused(Exception):
    """A problem that stops the check: nothing after it can be read."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


_CHECKED: Kept[bytes, Template] = Kept(8)  # by content; a batch's workers inherit it


def read_template(path: Path | str | None = None) -> Template:
    """The DOCX template at `path` (default: the bundled one), checked: raises ZiDecreeError naming the template,
    the part and what is missing or not allowed, for anything that would stop a renderer. Checked once per
    content and process."""
    path = Path(path) if path is not None else default_template()
    data = _read_file(path)
    digest = hashlib.sha256(data).digest()
    template = _CHECKED.get(digest)
    if template is None:
        template = _remembered(data, digest)
        if template is None:
            template = _Checker(path, data, digest).check()
            _remember(template)
        template = _CHECKED.keep(digest, template)
    return template


# What a template's check found is kept in the user cache, keyed by the template's bytes, the checking code and
# lxml's version (its parser decides what is refused): checking the bundled template (importing lxml.etree and
# parsing its parts) is 30 ms of a 0.9 s PDF render, and the same bytes pass the same check. Only templates that
# passed are kept.
_MEMORY_FORMAT = 1  # raise when what is kept changes


def _memory_path(data: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    import lxml  # (the package alone, for its version: not lxml.etree)

    try:
        code = Path(__file__).read_bytes()
    except OSError:
        return None
    version = getattr(lxml, "__version__", "")  # (lxml-stubs do not declare it)
    versions = f"{_MEMORY_FORMAT} {version} {len(code)}".encode()
    key = hashlib.sha256(b"%s\0%s\0%s" % (versions, code, data)).hexdigest()[:32]
    return folder / f"template-{key}.json"


def _remembered(data: bytes, digest: bytes) -> Template | None:
    path = _memory_path(data)
    if path is None:
        return None
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        top, bottom, left, right = (int(m) for m in kept["margins"])
        size = float(kept["font_size"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # not kept yet, or a damaged entry: checked again
    return Template(data, digest, (top, bottom, left, right), size)


def _remember(template: Template) -> None:
    """Keep what the check found; quietly nothing when the cache cannot be written."""
    path = _memory_path(template.data)
    if path is None:
        return
    keep(path, {"margins": list(template.margins), "font_size": template.font_size})


def _read_file(path: Path) -> bytes:
    where = Location(str(path))
    try:
        if path.is_dir():
            raise ZiDecreeError([Problem(_("the template is a folder; a DOCX file is expected"), where,
                                         code="template-invalid")])
        if not path.is_file():
            raise ZiDecreeError([Problem(_("template not found (a DOCX file is expected)"), where,
                                           code="file-not-found")])
        size = path.stat().st_size
        if size > MAX_FILE:
            raise ZiDecreeError([Problem(_("the template is {value:.0f} MB; a template (styles, margins, letterhead) "
                                           "is far smaller, and at most {value2} MB is read").format(
                                               value=size / 2**20, value2=MAX_FILE // 2**20),
                                         where, code="file-too-large")])
        return path.read_bytes()
    except (OSError, ValueError) as exc:  # a name too long for the file system, a NUL in it (ValueError)...
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else _("its name cannot name a file")
        raise ZiDecreeError([Problem(_("the template cannot be read ({why})").format(why=why), where,
                                       code="file-unreadable")]) from None


class _Checker:
    """One template's check: the package as python-docx opens it, then what each renderer reads."""

    def __init__(self, path: Path, data: bytes, digest: bytes):
        self.path, self.data, self.digest = path, data, digest
        self.problems: list[Problem] = []
        self.package_rels: list[_Rel] = []

    def problem(self, message: str, part: str | None = None) -> Problem:
        return Problem(message, Location(str(self.path), field=part.lstrip("/") if part else None),
                       code="template-invalid")

    def check(self) -> Template:
        import io

        try:
            try:
                archive = zipfile.ZipFile(io.BytesIO(self.data))
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError,
                    struct.error):
                raise _Refused(self.problem(_(_NOT_DOCX))) from None
            with archive:
                parts = self.package(archive)
            template = self.pages(parts)
        except _Refused as exc:
            raise ZiDecreeError([exc.problem]) from None
        if self.problems:
            raise ZiDecreeError(self.problems)
        return template

    # ------------------------------------------------------------------------------------- the package

    def package(self, archive: zipfile.ZipFile) -> dict[str, _Part]:
        """Every part python-docx reads, by name: found by walking the relationships from the package's own,
        in python-docx's order, each read from the zip and, for those python-docx parses, parsed."""
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _Refused(self.problem(_("the template holds {count} files; a Word document holds a few dozen (at "
                                          "most {max_members} are read)").format(count=len(infos),
                                              max_members=MAX_MEMBERS)))
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED:
            raise _Refused(self.problem(_("the template unpacks to {value:.0f} MB (at most {value2} MB are read); "
                                          "{again}, with smaller pictures").format(value=unpacked / 2**20,
                                              value2=MAX_UNPACKED // 2**20, again=_(_AGAIN))))
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
            raise _Refused(self.problem(_(_NOT_DOCX)))
        types = self.parse(self.read(archive, "/[Content_Types].xml"), "/[Content_Types].xml")
        overrides, defaults = self.content_types(types)
        parts: dict[str, _Part] = {}
        # python-docx's walk, depth first; an explicit stack, since a chain of parts could outrun recursion.
        self.package_rels = self.rels(archive, "/", names)
        stack: list[tuple[str, Iterator[_Rel]]] = [("/", iter(self.package_rels))]
        while stack:
            source, pending = stack[-1]
            rel = next(pending, None)
            if rel is None:
                stack.pop()
                continue
            if rel.external or rel.target in parts:
                continue
            if len(stack) > MAX_DEPTH:
                raise _Refused(self.problem(_("its parts are related more than {max_depth} deep; {again}").format(
                                              max_depth=MAX_DEPTH, again=_(_AGAIN))))
            rels = self.rels(archive, rel.target, names)
            if rel.target[1:] not in names:
                raise _Refused(self.problem(_("it names the part {target}, which is missing from the zip; {again}")
                                              .format(target=rel.target[1:], again=_(_AGAIN)), _rels_name(source)))
            content_type = overrides.get(rel.target.lower()) or defaults.get(_extension(rel.target))
            if content_type is None:
                raise _Refused(self.problem(_("no content type is given for {target}; {again}").format(
                                              target=rel.target[1:], again=_(_AGAIN)),
                                            "[Content_Types].xml"))
            part = _Part(rel.target, content_type, self.read(archive, rel.target), rels)
            if content_type in _PARSED:
                part.root = self.parse(part.blob, rel.target)
            parts[rel.target] = part
            stack.append((rel.target, iter(rels)))
        return parts

    def read(self, archive: zipfile.ZipFile, name: str) -> bytes:
        import zlib

        try:
            return archive.read(name[1:])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError,
                zlib.error) as exc:
            # A bad checksum, an encryption or compression zipfile cannot undo, a truncated member.
            reason = " ".join(str(exc).split())[:60]
            raise _Refused(self.problem(_("this part cannot be unpacked ({reason}); {again}").format(reason=reason,
                                          again=_(_AGAIN)), name)) from None

    def parse(self, blob: bytes, name: str) -> etree._Element:
        """A part's XML, parsed as python-docx parses it (the same parser settings, so the same refusals)."""
        from lxml import etree

        try:
            return etree.fromstring(blob, _parser())
        except etree.XMLSyntaxError as exc:
            line, column = exc.position
            reason = " ".join(str(exc.msg).split())
            reason = re.sub(r",? line \d+, column \d+.*$", "", reason)[:80]
            raise _Refused(self.problem(_("the XML is broken at line {line}, column {column} ({reason}); {again}")
                                          .format(line=line, column=column, reason=reason, again=_(_AGAIN)),
                                        name)) from None

    def content_types(self, types: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
        if types.tag != f"{_CT}Types":
            raise _Refused(self.problem(_("not a list of content types; {again}").format(again=_(_AGAIN)),
                                          "[Content_Types].xml"))
        overrides, defaults = {}, {}
        for element in types.findall(f"{_CT}Override"):
            name, content_type = element.get("PartName"), element.get("ContentType")
            if name is None or content_type is None:
                raise _Refused(self.problem(_("an Override without PartName or ContentType; {again}").format(
                                              again=_(_AGAIN)),
                                            "[Content_Types].xml"))
            overrides[name.lower()] = content_type
        for element in types.findall(f"{_CT}Default"):
            extension, content_type = element.get("Extension"), element.get("ContentType")
            if extension is None or content_type is None:
                raise _Refused(self.problem(_("a Default without Extension or ContentType; {again}").format(
                                              again=_(_AGAIN)),
                                            "[Content_Types].xml"))
            defaults[extension.lower()] = content_type
        return overrides, defaults

    def rels(self, archive: zipfile.ZipFile, source: str, names: set[str]) -> list[_Rel]:
        """A part's relationships (none if it has no .rels), their targets resolved as python-docx does."""
        name = _rels_name(source)
        if name[1:] not in names:
            return []
        root = self.parse(self.read(archive, name), name)
        base = posixpath.split(source)[0]
        out = []
        ids = set()
        for element in root.findall(f"{_PR}Relationship"):
            rid, reltype, target = element.get("Id"), element.get("Type"), element.get("Target")
            if rid is None or reltype is None or target is None:
                raise _Refused(self.problem(_("a relationship without its Id, Type or Target; {again}").format(
                                              again=_(_AGAIN)), name))
            if rid in ids:
                raise _Refused(self.problem(_("two relationships with the Id {rid!r}; {again}").format(rid=rid[:20],
                                              again=_(_AGAIN)), name))
            ids.add(rid)
            external = element.get("TargetMode", "Internal") == "External"
            out.append(_Rel(reltype, external,
                            target if external else posixpath.abspath(posixpath.join(base, target))))
        return out

    def related(self, parts: dict[str, _Part], rels: list[_Rel], reltype: str, source: str,
                content_type: str | None = None, required: bool = True) -> _Part | None:
        """The one part a relationship of `reltype` leads to, as python-docx's part_related_by finds it."""
        found = [rel for rel in rels if rel.reltype == reltype]
        what = reltype.rsplit("/", 1)[1]
        if not found:
            if required:
                raise _Refused(self.problem(_(_NOT_DOCX), _rels_name(source)))
            return None
        if len(found) > 1:
            raise _Refused(self.problem(_("{count} relationships of type {what}; Word writes one; {again}").format(
                                          count=len(found), what=what, again=_(_AGAIN)),
                                        _rels_name(source)))
        if found[0].external:
            raise _Refused(self.problem(_("its {what} part is outside the file ({target}); {again}").format(what=what,
                                          target=found[0].target[:60], again=_(_AGAIN)),
                                        _rels_name(source)))
        part = parts[found[0].target]
        if content_type is not None and part.content_type != content_type:
            raise _Refused(self.problem(_("the {what} part has the content type {content_type}, not {content_type2}; "
                                          "{again}").format(what=what, content_type=part.content_type,
                                              content_type2=content_type, again=_(_AGAIN)), part.name))
        return part

    # ------------------------------------------------------------------------------------- what the renderers read

    def pages(self, parts: dict[str, _Part]) -> Template:
        main = self.related(parts, self.package_rels, RT_OFFICE_DOCUMENT, "/")
        assert main is not None  # required
        if main.content_type != CT_MAIN:
            kind = _OTHER_MAINS.get(main.content_type)
            raise _Refused(self.problem(_("the template is {kind}, not a Word document (.docx); save it from Word as "
                                          "Word Document (.docx)").format(kind=_(kind)) if kind else _(_NOT_DOCX),
                                                                                                    main.name))
        core = self.related(parts, self.package_rels, RT_CORE, "/", CT_CORE, required=False)
        if core is not None and core.root is not None and core.root.tag != f"{_CP}coreProperties":
            self.problems.append(self.problem(_("not the document's properties; {again}").format(again=_(_AGAIN)),
                                                core.name))
        assert main.root is not None  # CT_MAIN is parsed
        margins = self.margins(main)
        styles = self.related(parts, main.rels, RT_STYLES, main.name, CT_STYLES, required=False)
        size = self.styles(styles)
        for rel in main.rels:
            if rel.reltype in (RT_HEADER, RT_FOOTER):
                self.header_or_footer(parts, rel, main.name)
        return Template(self.data, self.digest, margins, size)

    def margins(self, main: _Part) -> tuple[int, int, int, int]:
        """The margins of the body's page settings: the DOCX gives every section a copy of them, with their
        header and footer; the PDF lays its pages out within them."""
        assert main.root is not None
        body = main.root.find(f"{W}body")
        if main.root.tag != f"{W}document" or body is None:
            raise _Refused(self.problem(_("no document body (w:body) in it; {again}").format(again=_(_AGAIN)),
                                          main.name))
        if main.root.nsmap.get("w") != _W:
            # docxtpl finds Word's elements by their usual prefix (w:), as Word writes them.
            raise _Refused(self.problem(_("its XML does not use Word's usual prefix (w:); {again}").format(
                                          again=_(_AGAIN)), main.name))
        sectprs = body.findall(f"{W}sectPr")
        if len(sectprs) != 1:
            said = _("no page settings (w:sectPr) at the end of the body") if not sectprs else \
                _("{count} page settings (w:sectPr) in the body, where Word writes one").format(count=len(sectprs))
            raise _Refused(self.problem(_("{said}: the decree takes its margins, header and footer from them; {again}")
                                          .format(said=said, again=_(_AGAIN)), main.name))
        pgmar = sectprs[0].find(f"{W}pgMar")
        if pgmar is None:
            raise _Refused(self.problem(_("the page settings have no margins (w:pgMar); set them in Word (Layout > "
                                          "Margins) and save the template again"), main.name))
        found = []
        for side in ("top", "bottom", "left", "right"):
            text = pgmar.get(f"{W}{side}")
            emu = _measure(text, signed=side in ("top", "bottom")) if text is not None else None
            if emu is None or emu < 0:
                said = _("missing") if text is None else _("{text!r}, not a margin").format(text=text[:20])
                raise _Refused(self.problem(_("the {side} margin (w:pgMar w:{side}) is {said}; set the margins in "
                                              "Word (Layout > Margins) and save the template again").format(side=side,
                                                  said=said), main.name))
            found.append(emu)
        top, bottom, left, right = found
        for what, total in ((_("left and right"), left + right), (_("top and bottom"), top + bottom)):
            room = SMALLEST_SIDE_MM - total / 36000
            if room < MIN_TEXT_MM:
                self.problems.append(self.problem(
                    _("the {what} margins ({value:.1f} cm together) leave {value2:.1f} cm of a {value3:g} cm page "
                      "side for the text, where at least {value4:g} cm is needed; make them smaller (Layout > "
                      "Margins)").format(what=what, value=total / 360000, value2=max(room, 0) / 10,
                          value3=SMALLEST_SIDE_MM / 10, value4=MIN_TEXT_MM / 10), main.name))
        return top, bottom, left, right

    def styles(self, styles: _Part | None) -> float:
        """Normal's size, once the styles the DOCX lays the decree out with are found."""
        if styles is None or styles.root is None or styles.root.tag != f"{W}styles":
            raise _Refused(self.problem(_("the template has no styles (word/styles.xml), and the decree is laid out "
                                          "with its 'ZI ' styles; {start}").format(start=_(_START)),
                                        styles.name if styles else None))
        # As python-docx finds a style by name: the first w:style with a w:name of that value.
        by_name: dict[str, etree._Element] = {}
        for element in styles.root.findall(f"{W}style"):
            for named in element.findall(f"{W}name"):
                by_name.setdefault(named.get(f"{W}val", ""), element)
        missing = [name for name in ZI_STYLES if name not in by_name]
        if missing:
            listed = ", ".join(f"'{name}'" for name in missing[:6]) + (", ..." if len(missing) > 6 else "")
            self.problems.append(self.problem(
                ngettext("the style {listed} is missing ({count} of the {total} 'ZI ' styles the decree is laid out "
                         "with); {start}", "the styles {listed} are missing ({count} of the {total} 'ZI ' styles the "
                         "decree is laid out with); {start}", len(missing)).format(
                    listed=listed, count=len(missing), total=len(ZI_STYLES), start=_(_START)),
                styles.name))
        for name in ZI_STYLES:
            style = by_name.get(name)
            if style is None:
                continue
            kind, wanted = style.get(f"{W}type"), "table" if name == TABLE_STYLE else "paragraph"
            if kind is None:  # python-docx cannot tell what it is
                self.problems.append(self.problem(_("the style '{name}' has no type (w:type); {again}").format(
                                                    name=name, again=_(_AGAIN)), styles.name))
            elif kind != wanted:
                self.problems.append(self.problem(_("the style '{name}' is a {kind} style, where a {wanted} style is "
                                                    "expected; {start}").format(name=name, kind=kind[:20],
                                                        wanted=wanted, start=_(_START)), styles.name))
            elif not style.get(f"{W}styleId"):
                self.problems.append(self.problem(_("the style '{name}' has no w:styleId; {again}").format(name=name,
                                                    again=_(_AGAIN)), styles.name))
        normal = by_name.get("Normal")
        sz = normal.find(f"{W}rPr/{W}sz") if normal is not None else None
        if sz is None:
            return 12.0
        text = sz.get(f"{W}val")
        points = _half_points(text) if text is not None else None
        if points is None or not FONT_SIZES[0] <= points <= FONT_SIZES[1]:
            said = _("missing") if text is None else repr(text[:20]) if points is None else \
                _("{points:g} points").format(points=points)
            self.problems.append(self.problem(
                _("the size of the Normal style (the decree's base size) is {said}; a size from {font_sizes:g} to "
                  "{font_sizes2:g} points is expected (Home > Styles > Normal)").format(said=said,
                      font_sizes=FONT_SIZES[0], font_sizes2=FONT_SIZES[1]), styles.name))
            return 12.0
        return points

    def header_or_footer(self, parts: dict[str, _Part], rel: _Rel, source: str) -> None:
        """A header or footer holds text and the documented fields: no other template code."""
        what = rel.reltype.rsplit("/", 1)[1]
        if rel.external:
            raise _Refused(self.problem(_("its {what} is outside the file ({target}); {again}").format(what=what,
                                          target=rel.target[:60], again=_(_AGAIN)),
                                        _rels_name(source)))
        part = parts[rel.target]
        if part.root is None:  # related as a header or footer, but not one: docxtpl still reads it as XML
            part.root = self.parse(part.blob, part.name)
        from lxml import etree

        # What docxtpl hands to jinja starts from the part's XML as python-docx serializes it.
        source_xml = etree.tostring(part.root, encoding="unicode")
        if "{" not in source_xml:
            return  # no template syntax can arise without a brace
        shown = "".join(str(text) for text in part.root.itertext())
        code = template_code(shown) if "{" in shown else None
        if code is None:
            code = template_code(_docxtpl_source(source_xml))
        if code is not None:
            self.problems.append(self.problem(_code_message(code, what), part.name))


def _code_message(code: str, what: str) -> str:
    fields = ", ".join(f"{{{{ {name} }}}}" for name in FIELDS)
    said = _("is a template comment, whose text would be left out unseen") if code.startswith("{#") else \
        _("is not a field")
    return (_("'{code}' in the {what} {said}; a header or footer may show the fields {fields} (each written {{{{ name "
              "}}}}), and run no other template code").format(code=code, what=what, said=said, fields=fields))


def _rels_name(source: str) -> str:
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", name + ".rels")


def _extension(name: str) -> str:
    extension = posixpath.splitext(name)[1]
    return (extension[1:] if extension.startswith(".") else extension).lower()


_UNITS = {"mm": 36000, "cm": 360000, "in": 914400, "pt": 12700, "pc": 152400, "pi": 152400}


def _universal(text: str) -> int | None:
    """A measure with its unit ("2.5cm"), in EMU, as python-docx reads one."""
    try:
        return round(float(text[:-2]) * _UNITS[text[-2:]])
    except (ValueError, KeyError, OverflowError):
        return None


def _measure(text: str, signed: bool) -> int | None:
    """A margin (twips, or a measure with its unit) in EMU, read as python-docx reads it; None if it cannot be."""
    if any(c in text for c in "imp"):
        return _universal(text)
    try:
        twips = round(float(text)) if signed else int(text)
    except (ValueError, OverflowError):
        return None
    return twips * 635


def _half_points(text: str) -> float | None:
    """A font size (half-points, or a measure with its unit) in points, as python-docx's Length.pt gives it."""
    if any(c in text for c in "mnp"):
        emu = _universal(text)
        return emu / 12700 if emu is not None else None
    try:
        return int(int(text) / 2.0 * 12700) / 12700
    except (ValueError, OverflowError):
        return None


@cache
def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's own settings


@cache
def _environment() -> Environment:
    from jinja2 import Environment

    return Environment()  # the DOCX renderer's syntax: jinja's defaults


def _docxtpl_source(xml: str) -> str:
    """The text docxtpl hands to jinja for a part: its XML with the runs of each {{ }} joined."""
    import io

    from docxtpl import DocxTemplate

    # patch_xml uses nothing of the instance; an unopened one serves.
    patched: str = DocxTemplate(io.BytesIO()).patch_xml(xml)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)  # as docxtpl's render_xml_part does


def template_code(source: str) -> str | None:
    """The first piece of template code in `source` other than text and the documented fields ({{ office }}),
    as a short excerpt; None if there is none. Decided on jinja's own parse of the source."""
    from jinja2 import TemplateSyntaxError

    env = _environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return _first_code(source) or _excerpt(_line(source, exc.lineno))
    node = _first_node(tree)
    if node is None:
        # A {# comment #} makes no node, but its text would vanish from the decree unseen: it is code too.
        comment = next((lineno for lineno, token, _ in env.lex(source) if token == "comment_begin"), None)
        if comment is None:
            return None
        return _first_code(source) or _excerpt(_line(source, comment))
    return _first_code(source) or _excerpt(_line(source, node.lineno))


def _first_node(tree: nodes.Template) -> nodes.Node | None:
    """The first node of a parsed template that is neither text nor a documented field."""
    from jinja2 import nodes

    for node in tree.body:
        if not isinstance(node, nodes.Output):
            return node
        for child in node.nodes:
            if not (isinstance(child, nodes.TemplateData)
                    or (isinstance(child, nodes.Name) and child.ctx == "load" and child.name in FIELDS)):
                return child
    return None


_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _first_code(source: str) -> str | None:
    """The first {{ }}, {% %} or {# #} in the source that is not a field, for the message."""
    from jinja2 import TemplateSyntaxError

    start = 0
    while (found := re.compile(r"\{[{%#]").search(source, start)) is not None:
        opening = found.group()
        end = source.find(_CLOSE[opening], found.end())
        piece = source[found.start(): len(source) if end < 0 else end + 2]
        start = found.start() + 2 if end < 0 else end + 2
        if end >= 0 and opening == "{{":
            try:
                if _first_node(_environment().parse(piece)) is None:
                    continue
            except TemplateSyntaxError:
                pass
        return _excerpt(piece)
    return None


def _line(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    return lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else source


def _excerpt(text: str) -> str:
    text = " ".join(re.sub(r"<[^>]*>", "", text).split())
    return text if len(text) <= 40 else text[:39] + "\u2026"
