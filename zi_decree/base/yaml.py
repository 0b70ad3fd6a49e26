"""YAML reading that remembers where every value came from, and pydantic errors turned into located problems."""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from zi_decree.base.cache import cache_dir, keep
from zi_decree.base.deferred import import_deferring
from zi_decree.base.kept import Kept
from zi_decree.codes import CODES, Code
from zi_decree.errors import EXCERPT, Location, Note, Problem, excerpt
from zi_decree.i18n import _, translate

if TYPE_CHECKING:
    from ruamel.yaml import YAML

Path_ = tuple[Any, ...]
Positions = dict[Path_, Location]

# Limits that keep every text read, or refused, within a second or two: what a spec or plan needs, many times over.
MAX_YAML_BYTES = 20 * 1024 * 1024  # a spec is a few hundred KB; anything larger is not one
MAX_LINE = 30_000  # characters in a line: above the longest text a field takes (10,000, escaped up to 2x) with its key
MAX_DEPTH = 100  # levels of lists and mappings inside each other; a plan has about fifteen
MAX_NODES = 100_000  # a year's plan has a few thousand values; more means runaway aliases (a "YAML bomb")
MAX_DIGITS = 4000  # in a number; Python refuses to read one of more than 4300 (sys.get_int_max_str_digits)
# ruamel reads a text in pure Python, 100 to 200 microseconds an event (a value, or a list's or a mapping's start
# or end) and up to 12 a character: it is asked only about texts up to these sizes (a year's plan has about 2,000
# events and 40,000 characters). A larger text is read by libyaml alone (the fast reader below), whose verdict
# stands: what it read, or the first thing it could not, located.
ROUND_TRIP_EVENTS = 10_000
ROUND_TRIP_CHARS = 200_000


class _Refusal(Exception):
    """A problem found while reading, at a 0-based line and column (raised from inside ruamel too)."""

    def __init__(self, message: Note, line: int | None = None, column: int | None = None, *,
                 where: Location | None = None):
        super().__init__(message)
        self.message, self.line, self.column, self.where = message, line, column, where

    def problem(self, name: str) -> Problem:
        if self.where is not None:
            return Problem(self.message, self.where, code=self.message.code)
        if self.line is None:
            return Problem(self.message, Location(name), code=self.message.code)
        return Problem(self.message, Location(name, self.line + 1, (self.column or 0) + 1), code=self.message.code)


def _at(message: Note, mark: Any) -> _Refusal:
    """A refusal at a ruamel or libyaml mark (or at no place when there is none)."""
    return _Refusal(message, mark.line, mark.column) if mark is not None else _Refusal(message)


# What each reader says, word for word, so that the two say the same.

def _deep() -> Note:
    return Note("yaml-too-complex", _("lists and mappings nested more than {max_depth} levels deep; a spec or plan "
                                      "has far fewer (is a bracket left open, or the indentation wrong?)").format(
                                          max_depth=MAX_DEPTH))


def _tag_message(tag: str) -> Note:
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    return Note("yaml-unsupported", _("the tag {shown} is not allowed: a spec holds plain text, numbers, lists and "
                                      "mappings; remove the tag (to keep a value as text, put it in quotes)").format(
                                          shown=excerpt(shown)))


def _twice(key: object, first_line: int | None) -> Note:
    first = _(" (first on line {first_line})").format(first_line=first_line) if first_line else ""
    return Note("yaml-duplicate-key", _("the key {key} is given twice in one mapping{first}; keep one").format(
                                        key=excerpt(key), first=first))


def _long_number(text: str) -> Note:
    return Note("invalid-value", _("the number {text} has more than {max_digits} digits; if it is text, put it in "
                                   "quotes").format(text=excerpt(text, 20), max_digits=MAX_DIGITS))


def _digitless(text: str) -> bool:
    """A plain scalar YAML 1.2 resolves as a number that has no digit to read (`-_`, `0x_`, `._`): ruamel's
    constructors fail on it with an unlocated IndexError or ValueError, so both readers refuse it here."""
    digits = text.replace("_", "").lstrip("+-")
    if digits.lower() in (".inf", ".nan"):
        return False
    if digits[:2].lower() in ("0x", "0b", "0o"):
        return digits[2:] == ""
    return not any(c.isdigit() for c in re.split("[eE]", digits, maxsplit=1)[0])


def _no_digits(text: str) -> Note:
    return Note("invalid-value",
                _("{text} is written like a number but has no digits; if it is text, put it in quotes").format(
                  text=excerpt(text, 20)))


_QUOTED = re.compile(r"'[^'\n]{40,}'|\"[^\"\n]{40,}\"")


def _syntax(context: str | None, problem: str | None) -> Note:
    """A parser's error as a message: its words, with any text it quotes from the file cut short."""
    what = " ".join(filter(None, [context, problem])) or _("invalid YAML")
    return Note("yaml-syntax", _("YAML syntax: ") + _QUOTED.sub(lambda m: excerpt(m.group()[1:-1], 40), what))


# ---------------------------------------------------------------------------------------------- the text itself

# The characters YAML does not allow (ruamel's and libyaml's readers refuse the same), listed: the complement of
# those it allows ("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]") takes re 10 ms to build.
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# A line longer than MAX_LINE, found from each line's start (not from every character: that is quadratic).
_LONG_LINE = re.compile(rf"^[^\n]{{{MAX_LINE + 1}}}", re.MULTILINE)


def _line_column(raw: str, index: int) -> tuple[int, int]:
    """The 0-based line and column of the character at `index`."""
    return raw.count("\n", 0, index), index - (raw.rfind("\n", 0, index) + 1)


def _check_text(raw: str, name: str) -> None:
    """Refuse, at its place, a character no YAML reader takes, and a line too long to read quickly."""
    from zi_decree.errors import SpecError

    bad = _NOT_ALLOWED.search(raw)
    if bad is not None:
        code = ord(bad.group())
        what = (_("the control character U+{code:04X}").format(
                  code=code) if code < 0xA0 else _("U+{code:04X}, which is not a character").format(code=code))
        raise SpecError([_Refusal(Note("bad-character", _("contains {what}; remove it").format(what=what)),
                                  *_line_column(raw, bad.start())).problem(name)])
    if len(raw) > MAX_LINE and (long := _LONG_LINE.search(raw)) is not None:
        end = raw.find("\n", long.start())
        length = (len(raw) if end < 0 else end) - long.start()
        line, _skip = _line_column(raw, long.start())
        raise SpecError([_Refusal(Note("line-too-long", _("line {value} has {length} characters, more than the "
                                                          "{max_line} a line may have; break the text over several "
                                                          "lines (a text continues on the next line, indented)")
                                                              .format(value=line + 1, length=length,
                                                                  max_line=MAX_LINE)), line, MAX_LINE).problem(name)])


def read_yaml(path: Path, prefix: Path_ = (), *, cache: bool = False) -> tuple[Any, Positions]:
    """Read one YAML file into plain data and a map from value paths to locations; raise on bad syntax.

    With `cache`, what a file's text reads as is kept in the user's cache folder, keyed by the text's hash, and
    read from there next time (the bundled catalogue: read on every run, changed only by an update). Without it,
    what the last few files read as is kept in memory for as long as the process runs: the workspace checks a
    decree again after each change of its spec, and its plan file, unchanged, is not read again.
    """
    from zi_decree.errors import SpecError

    name = str(path)
    try:
        if path.is_dir():
            raise SpecError([Problem(_("is a folder, not a YAML file"), Location(name), code="file-unreadable")])
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise SpecError([Problem(_("the file is {size} bytes; a spec or plan file is at most {max_yaml_bytes}")
                                       .format(size=size, max_yaml_bytes=MAX_YAML_BYTES),
                                     Location(name), code="file-too-large")])
        data = path.read_bytes()
    except (OSError, ValueError) as exc:  # a name too long, a NUL in it (ValueError), no such file...
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else _("its name cannot name a file")
        raise SpecError([Problem(_("cannot read the file: {why}").format(why=why), Location(name),
                                   code="file-unreadable")]) from None
    raw = decode_text(data, name)
    key = hashlib.sha256(b"zi-decree yaml %d\n" % _CACHE_FORMAT + data).hexdigest()
    if not cache:
        remembered = _memo_get(key, name, prefix)
        if remembered is not None:
            return remembered
        result = read_yaml_text(raw, name, prefix)
        _memo_put(key, result[1], name, prefix, result[0], len(data))
        return result
    cached = _cache_get(key, name, prefix)
    if cached is not None:
        return cached
    result = read_yaml_text(raw, name, prefix)
    _cache_put(key, result[1], name, prefix, result[0])
    return result


def decode_text(data: bytes, name: str, save_as: str = "UTF-8") -> str:
    """A file's bytes as text; a SpecError at the line and column of the first byte that is not UTF-8 (asking
    to save the file `save_as`)."""
    from zi_decree.errors import SpecError

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SpecError([Problem(_("is UTF-16 text; save it as {save_as}").format(save_as=save_as), Location(name,
                                       1, 1),
                                     code="not-utf8")]) from None
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", "replace")) + 1
        raise SpecError([Problem(_("is not UTF-8 text (the byte 0x{data:02X} here); save it as {save_as}").format(
                                   data=data[exc.start], save_as=save_as),
                                 Location(name, line, column), code="not-utf8")]) from None


def read_yaml_text(raw: str, name: str, prefix: Path_ = ()) -> tuple[Any, Positions]:
    """Like read_yaml, for text already in memory; `name` is the file name problems are located in."""
    from zi_decree.errors import SpecError

    if len(raw) > MAX_YAML_BYTES:  # (read_yaml says so before reading the file)
        raise SpecError([Problem(_("the text has {count} characters; a spec or plan file is at most {max_yaml_bytes} "
                                   "bytes").format(count=len(raw), max_yaml_bytes=MAX_YAML_BYTES), Location(name),
                                       code="file-too-large")])
    _check_text(raw, name)
    if _libyaml() is None:  # (PyYAML built without libyaml: ruamel reads every text, without the time bound)
        return _read_roundtrip(raw, name, prefix)
    events = _Events()
    deferred: _Defer | None = None
    try:
        result = _fast(raw, name, prefix, events)
    except _Defer as exc:
        deferred = exc
    # libyaml (YAML 1.1) ends a line at NEL, LS and PS, ruamel does not, and libyaml skips a byte order mark
    # inside the text; ruamel refuses tabs in places where libyaml takes them. Where ruamel is asked, such text is
    # read as it reads it; in a larger text, libyaml's reading of tabs stands, and the others are refused.
    odd = _ODD.search(raw, 1 if raw.startswith("\ufeff") else 0)
    if deferred is None and odd is None and "\t" not in raw:
        return result
    if len(raw) <= ROUND_TRIP_CHARS and events.estimate(raw) <= ROUND_TRIP_EVENTS:
        return _read_roundtrip(raw, name, prefix)
    if odd is not None:
        raise SpecError([_Refusal(Note("bad-character", _("contains U+{ord:04X} ({odd_names}), which is not read in a "
                                                          "file this large; remove it, or put a line break instead")
                                                              .format(ord=ord(odd.group()),
                                                                  odd_names=_ODD_NAMES[odd.group()])),
                                  *_line_column(raw, odd.start())).problem(name)])
    if deferred is not None:
        raise SpecError([deferred.problem(name)])
    return result


_ODD = re.compile("[\x85\u2028\u2029\ufeff]")
_ODD_NAMES = {"\x85": _("a next-line character"), "\u2028": _("a line separator"), "\u2029": _("a paragraph separator"),
              "\ufeff": _("a byte order mark")}
_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------------------------------------- the round-trip reader

@lru_cache(maxsize=1)
def _constructor() -> type:
    # ruamel is imported only when needed (it takes longer to import than a plain file takes to read).
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        """Round-trip constructor that leaves dates as text (ruamel raises an unlocated error on 2025-13-05,
        while pydantic reports it at its line like any other bad value), and says where a key is given twice or
        a number is too long to read."""

        def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
            if key in mapping:
                try:
                    first: int | None = mapping.lc.key(key)[0] + 1
                except (KeyError, TypeError, AttributeError):
                    first = None
                raise _at(_twice(key, first), key_node.start_mark)
            return True

        def construct_yaml_int(self, node: Any) -> Any:
            if len(node.value) > MAX_DIGITS:
                raise _at(_long_number(node.value), node.start_mark)
            if _digitless(node.value):
                raise _at(_no_digits(node.value), node.start_mark)
            return super().construct_yaml_int(node)

        def construct_yaml_float(self, node: Any) -> Any:
            if _digitless(node.value):
                raise _at(_no_digits(node.value), node.start_mark)
            return super().construct_yaml_float(node)

    _Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
    _Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
    # Dates, and a lone = or << as a value (YAML 1.1's value and merge types), are text.
    for kind in ("timestamp", "value", "merge"):
        _Constructor.add_constructor(f"tag:yaml.org,2002:{kind}", RoundTripConstructor.construct_yaml_str)
    return _Constructor


@lru_cache(maxsize=1)
def _composer() -> Any:
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

    class _Composer(Composer):
        """Refuses, where it is written, a tag (!!python/..., !custom, !!str: a spec holds plain values, and a tag
        on a list or a mapping would otherwise be dropped unsaid), and nesting deeper than MAX_DEPTH (which
        would end in a RecursionError)."""

        def __init__(self, loader: Any = None):
            super().__init__(loader)
            self.warn_double_anchors = False  # a Python warning on stderr; an anchor named again is harmless

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            if not isinstance(event, AliasEvent):
                # (self.depth counts the lists and mappings this one is in: scalars hold none)
                if isinstance(event, (MappingStartEvent, SequenceStartEvent)) and self.depth >= MAX_DEPTH:
                    raise _at(_deep(), event.start_mark)
                if event.tag is not None:
                    raise _at(_tag_message(str(event.tag)), event.start_mark)
                if isinstance(event, ScalarEvent) and (half := _SURROGATE.search(event.value)):
                    # an escape (\ud800) that libyaml refuses and ruamel takes: text no file can hold
                    raise _at(Note("bad-character", _("contains U+{ord:04X} (written as an escape), which is not a "
                                                      "character; remove it").format(ord=ord(half.group()))),
                                                          event.start_mark)
            return super().compose_node(parent, index)

    return _Composer


@lru_cache(maxsize=1)
def _reader() -> Any:
    from ruamel.yaml.reader import Reader

    class _Reader(Reader):
        """Keeps where ruamel was when it stopped (the token its scanner was at, else the reader's place), for
        the errors ruamel raises without a place."""

        def reset_reader(self) -> None:
            tokens = getattr(getattr(getattr(self, "loader", None), "_scanner", None), "tokens", None)
            mark = tokens[0].start_mark if tokens else None
            self.last_place = ((mark.line, mark.column) if mark is not None
                               else (getattr(self, "line", 0), getattr(self, "column", 0)))
            super().reset_reader()

    return _Reader


def new_yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    yaml.allow_duplicate_keys = False
    return yaml


def _reading_yaml() -> YAML:
    """ruamel as the spec reader uses it: new_yaml, with the checks of _Composer and the places of _Reader."""
    yaml = new_yaml()
    yaml.Composer = _composer()
    yaml.Reader = _reader()
    return yaml


class _TooLarge(Exception):
    def __init__(self, where: Location):
        self.where = where


class _Untagged(Exception):
    def __init__(self, path: Path_, tag: str):
        self.path, self.tag = path, tag


def _where(container: Any, key: Any, is_key: bool, fallback: Location, file: str) -> Location:
    """Line and column of a mapping key or sequence item; merged (<<) values have none, so use the parent's."""
    try:
        line, col = container.lc.key(key) if is_key else container.lc.item(key)
        return Location(file, line + 1, col + 1)
    except (KeyError, TypeError, IndexError, AttributeError):
        return fallback


@lru_cache(maxsize=1)
def _containers() -> tuple[Any, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return CommentedMap, CommentedSeq


def _plain(node: Any, path: Path_, file: str, positions: Positions, budget: list[int], seen: set[int] | None = None,
           alias: Location | None = None) -> Any:
    """Convert ruamel's round-trip nodes to plain Python, recording each value's line and column.

    A list or mapping met again is an alias's copy; `alias` is where the outermost such copy is asked for, the
    place named when the copies are too many."""
    budget[0] -= 1
    if type(node) is str:  # most values: text, neither a list nor a mapping (str(node) is node)
        if budget[0] < 0:
            raise _TooLarge(alias or positions.get(path) or Location(file))
        return node
    commented_map, commented_seq = _containers()
    seen = set() if seen is None else seen
    here = positions.get(path) or Location(file)
    kind = type(node)
    if kind is commented_map or kind is commented_seq or isinstance(node, (commented_map, commented_seq)):
        if alias is None and id(node) in seen:
            alias = here
        seen.add(id(node))
    if budget[0] < 0:
        raise _TooLarge(alias or here)
    if isinstance(node, commented_map):
        out = {}
        for key in node:
            child = (*path, str(key))
            where = _where(node, key, True, here, file)
            if str(key) in out:  # 1 and '1': two keys for ruamel, one field here
                raise _Refusal(_twice(key, positions[child].line), where=where.at(field_path(child)))
            positions[child] = where
            out[str(key)] = _plain(node[key], child, file, positions, budget, seen, alias)
        return out
    if isinstance(node, commented_seq):
        out_list = []
        # (a list's own items, as its sequence mixin's item by item iteration gives them, in one go)
        for i, item in enumerate(list.__iter__(node)):
            child = (*path, i)
            positions[child] = _where(node, i, False, here, file)
            out_list.append(_plain(item, child, file, positions, budget, seen, alias))
        return out_list
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    # Anything else is a value of a type of its own (a set, bytes...): not data a spec can hold. (The composer
    # refuses every written tag; this is in case ruamel makes such a value from untagged text.)
    tag = getattr(getattr(node, "tag", None), "value", None) or type(node).__name__
    raise _Untagged(path, str(tag))


def _read_roundtrip(raw: str, name: str, prefix: Path_ = ()) -> tuple[Any, Positions]:
    """ruamel's reading: every YAML feature, and the located syntax errors users see."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    from zi_decree.errors import SpecError

    yaml = _reading_yaml()
    try:
        node = yaml.load(raw)
    except _Refusal as exc:
        raise SpecError([exc.problem(name)]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SpecError([_at(_syntax(exc.context, exc.problem), mark).problem(name)]) from None
    except ReaderError as exc:  # a character _check_text lets through and ruamel does not (there is none)
        place = _line_column(raw, min(exc.position, len(raw)))
        raise SpecError([_Refusal(Note("yaml-syntax", _("YAML syntax: {reason}").format(reason=exc.reason)),
                                                        *place).problem(name)]) from None
    except Exception as exc:  # ruamel fails on a few texts by its own bugs, with no place
        line, column = getattr(yaml.reader, "last_place", (None, None))
        what = excerpt(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
        raise SpecError([_Refusal(Note("yaml-syntax", _("YAML syntax: the reader fails here ({what}); a comment after "
                                                        "| or > on the line of a block of text is one known cause: "
                                                        "move it to a line of its own").format(what=what)), line,
                                                            column).problem(name)]) from None
    positions: Positions = {prefix: Location(name, 1, 1)}
    try:
        return _plain(node, prefix, name, positions, [MAX_NODES]), positions
    except _TooLarge as exc:
        raise _too_large(exc.where) from None
    except _Refusal as exc:
        raise SpecError([exc.problem(name)]) from None
    except _Untagged as exc:
        where = positions.get(exc.path, Location(name))
        raise SpecError([Problem(_tag_message(exc.tag), where.at(field_path(exc.path) or None),
                                 code="yaml-unsupported")]) from None


def _too_large(where: Location) -> Exception:
    from zi_decree.errors import SpecError

    return SpecError([Problem(_("holds more than {max_nodes} values (are aliases repeating a part many times?); a "
                                "spec is far smaller").format(max_nodes=MAX_NODES), where, code="yaml-too-complex")])


# ---------------------------------------------------------------------------------------------- the fast reader
#
# ruamel's round-trip reader is pure Python: a year's plan takes it a few tenths of a second. libyaml (PyYAML's
# C parser) reads the same text fifty times faster. The fast reader takes libyaml's events and builds the same
# plain data and places as _read_roundtrip, resolving plain scalars by ruamel's YAML 1.2 rules (so `yes` stays
# text and `010` is 10). Whatever it does not handle the same way (anchors and aliases, tags, merge keys, keys
# that are not text, duplicate keys, a %YAML directive, several documents, nesting too deep, any syntax error)
# it leaves to ruamel, which then reads the file, or reports the error, exactly as before; in a text too large
# for ruamel, the reason it gives is the problem reported.

class _Defer(_Refusal):
    """The fast reader leaves this text to ruamel; the message and place say why (for a text ruamel is not
    asked about)."""


def _anchors() -> Note:
    return Note("yaml-unsupported", _("anchors and aliases (&name, *name) are read only in smaller files (up to about "
                                      "{values} values); write the repeated part out in full").format(
                                          values=f"{ROUND_TRIP_EVENTS // 2:,}"))


def _merge() -> Note:
    return Note("yaml-unsupported", _("merge keys (<<) are read only in smaller files (up to about {values} values); "
                                      "write the keys out in full").format(values=f"{ROUND_TRIP_EVENTS // 2:,}"))


def _deferred(message: Note, mark: Any) -> _Defer:
    return _Defer(message, mark.line, mark.column)


# ruamel's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), in its order, with their first characters.
_RESOLVERS = [
    ("bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("float", re.compile(r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", re.X), "-+0123456789."),
    ("int", re.compile(r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", re.X), "-+0123456789"),
    ("merge", re.compile(r"^(?:<<)$"), "<"),
    ("null", re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    ("timestamp", re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X), "0123456789"),
    ("value", re.compile(r"^(?:=)$"), "="),
]


_STARTS = frozenset("".join(starts for _kind, _pattern, starts in _RESOLVERS))


def _kind(value: str) -> str:
    """What ruamel makes of a plain (unquoted) scalar: 'str', 'int', 'float', 'bool', 'null', ..."""
    if value == "":
        return "null"
    first = value[0]
    if first not in _STARTS:  # most keys and texts: no resolver to try
        return "str"
    for kind, pattern, starts in _RESOLVERS:
        if first in starts and pattern.match(value):
            return kind
    return "str"


def _int(text: str) -> int:
    # As ruamel's round-trip constructor reads YAML 1.2 integers: 010 is ten, 0o10 eight.
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits[1:] if digits[0] in "+-" else digits
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    digits = digits[1:] if digits[0] in "+-" else digits
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    return sign * float(digits)


def _check_node(event: Any) -> None:
    """Defer a node with a tag or an anchor (ruamel refuses the one, reads the other)."""
    if event.tag is not None:
        raise _deferred(_tag_message(event.tag), event.start_mark)
    if event.anchor is not None:
        raise _deferred(_anchors(), event.start_mark)


def _scalar(event: Any) -> Any:
    if not event.implicit[0]:  # quoted or a block scalar: text
        return event.value
    value = event.value
    if value.isdigit() and value.isascii() and len(value) <= MAX_DIGITS:
        # Decimal digits alone (years, numbers, counts) resolve as an int whatever they start with (010 is ten, as
        # in _int): a third of a plan's values, read without trying each resolver.
        return int(value)
    kind = _kind(value)
    if kind in ("str", "timestamp", "value", "merge"):  # dates, = and << stay text, as in _Constructor
        return event.value
    if kind == "null":
        return None
    if kind == "bool":
        return event.value.lower() == "true"
    if len(event.value) > MAX_DIGITS:
        raise _deferred(_long_number(event.value), event.start_mark)
    if _digitless(event.value):
        raise _deferred(_no_digits(event.value), event.start_mark)
    if kind == "int":
        return _int(event.value)
    return _float(event.value)


class _Lines:
    """The text's lines, split when first asked for (only block scalars need them)."""

    def __init__(self, raw: str):
        self.raw = raw
        self.lines: list[str] | None = None

    def __getitem__(self, index: int) -> str:
        if self.lines is None:
            self.lines = re.split(r"\r\n|\r|\n", self.raw)
        return self.lines[index] if index < len(self.lines) else ""


def _check_block_start(lines: _Lines, mark: Any) -> None:
    """Defer a block scalar (| or >) that ruamel refuses and libyaml takes: a comment right after its
    indicators (>-#), or its first lines blank, the first of them indented by some spaces and a later one (or
    the first text line) by more."""
    header = lines[mark.line][mark.column + 1:]
    indicators = re.match(r"[-+0-9]*", header).group()  # type: ignore[union-attr]  # it matches ""
    if header[len(indicators):][:1] not in ("", " "):
        raise _Defer(Note("yaml-syntax", _("YAML syntax: while scanning a block scalar expected chomping or "
                                           "indentation indicators, but found {header!r}").format(
                                               header=header[len(indicators)])),
                     mark.line, mark.column + 1 + len(indicators))
    if any(ch.isdigit() for ch in indicators):
        return  # an explicit indentation: ruamel does not check this
    first, most, index = -1, 0, mark.line + 1
    while True:
        line = lines[index]
        spaces = len(line) - len(line.lstrip(" "))
        most = max(most, spaces)
        if line.strip(" ") or index + 1 >= len(lines.lines or ()):
            break
        if first < 0:
            first = spaces
        index += 1
    if first > 0 and most > first:
        raise _Defer(Note("yaml-syntax", _("YAML syntax: more indented follow up line than first in a block scalar")),
                     index, most)


# Patterns PyYAML compiles at import for its pure-Python reader and constructors, which reading events from
# libyaml does not use: its reader's printable characters (10 to 17 ms to build) and its timestamps (5 ms).
_PYYAML_SELDOM = ("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]",)
_PYYAML_TIMESTAMP_START = "^(?P<year>[0-9][0-9][0-9][0-9])\n"


def _seldom_used(pattern: str, flags: int) -> bool:
    return pattern in _PYYAML_SELDOM or pattern.startswith(_PYYAML_TIMESTAMP_START)


@lru_cache(maxsize=1)
def _libyaml() -> Any:
    """PyYAML's libyaml parser and its event classes, or None when libyaml is not there (then ruamel reads)."""
    try:
        import_deferring("yaml", _seldom_used)
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None
    return yaml if getattr(yaml, "__with_libyaml__", False) else None


def _read_fast(raw: str, name: str, prefix: Path_ = ()) -> tuple[Any, Positions] | None:
    """The plain data and places of a YAML text read with libyaml, or None to leave it to ruamel."""
    if _libyaml() is None or "\t" in raw or _ODD.search(raw, 1 if raw.startswith("\ufeff") else 0):
        return None
    try:
        return _fast(raw, name, prefix, _Events())
    except _Defer:
        return None


def _fast(raw: str, name: str, prefix: Path_, seen: _Events) -> tuple[Any, Positions]:
    """The fast reader; _Defer when it leaves the text to ruamel. `seen` counts libyaml's events, all of them
    (up to ROUND_TRIP_EVENTS and one) also when it defers, so that the caller knows whether ruamel can be asked."""
    yaml = _libyaml()
    positions: Positions = {prefix: Location(name, 1, 1)}
    budget = MAX_NODES
    # Each event's exact class (libyaml makes no subclasses), tested in the order of how often they come.
    scalar, mapping_start, mapping_end = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
    sequence_start, sequence_end, alias = yaml.SequenceStartEvent, yaml.SequenceEndEvent, yaml.AliasEvent

    def node(event: Any, path: Path_, depth: int) -> Any:
        nonlocal budget
        budget -= 1
        if budget < 0:
            raise _TooLarge(Location(name, event.start_mark.line + 1, event.start_mark.column + 1))
        kind = type(event)
        if kind is scalar:
            if event.tag is not None or event.anchor is not None:
                _check_node(event)
            if event.style in ("|", ">"):
                _check_block_start(lines, event.start_mark)
            return _scalar(event)
        if kind is alias:
            raise _deferred(_anchors(), event.start_mark)
        if depth > MAX_DEPTH and kind in (mapping_start, sequence_start):
            raise _deferred(_deep(), event.start_mark)
        _check_node(event)
        if kind is mapping_start:
            mark = event.start_mark
            if event.flow_style and lines[mark.line][mark.column:mark.column + 1] != "{":
                # a pair inside [...] (ruamel refuses ['a':1], libyaml takes it)
                raise _deferred(Note("yaml-syntax", _("YAML syntax: write a pair inside [...] in braces, as [{key: "
                                                      "value}]")), mark)
            out: dict[str, Any] = {}
            while (key_kind := type(key := next(events))) is not mapping_end:
                if key_kind is alias:
                    raise _deferred(_anchors(), key.start_mark)
                if key_kind is not scalar:
                    raise _deferred(Note("yaml-unsupported", _("a key here is a list or a mapping; a key is a name")),
                                    key.start_mark)
                if key.tag is not None or key.anchor is not None:
                    _check_node(key)
                text = key.value
                if key.implicit[0] and (resolved := _kind(text)) not in ("str", "value"):
                    if resolved == "merge":
                        raise _deferred(_merge(), key.start_mark)
                    if resolved in ("int", "float"):
                        _scalar(key)  # (a number too long, or without digits, is refused as such first)
                    raise _deferred(Note("yaml-unsupported", _("the key {value} is a number, true or false, null or a "
                                                               "date; put it in quotes").format(
                                                                   value=excerpt(text))), key.start_mark)
                child = (*path, text)
                if text in out:
                    raise _deferred(_twice(text, positions[child].line), key.start_mark)
                mark = key.start_mark
                positions[child] = Location(name, mark.line + 1, mark.column + 1)
                out[text] = node(next(events), child, depth + 1)
            return out
        if kind is sequence_start:
            items: list[Any] = []
            while type(item := next(events)) is not sequence_end:
                child = (*path, len(items))
                mark = item.start_mark
                positions[child] = Location(name, mark.line + 1, mark.column + 1)
                items.append(node(item, child, depth + 1))
            return items
        # libyaml makes no other event here
        raise _Defer(Note("yaml-syntax", _("YAML syntax: unexpected ") + type(event).__name__))

    lines = _Lines(raw)
    events = _counted(yaml.CSafeLoader(raw), seen, yaml.StreamEndEvent)
    try:
        next(events)  # the stream's start
        first = next(events)
        if isinstance(first, yaml.StreamEndEvent):
            return None, positions  # no document: ruamel reads None too
        if first.version is not None or first.tags:
            raise _deferred(Note("yaml-unsupported", _("a %YAML or %TAG directive is read only in smaller files; "
                                                       "remove it")), first.start_mark)
        data = node(next(events), prefix, 1)
        next(events)  # the document's end
        if not isinstance(second := next(events), yaml.StreamEndEvent):
            raise _deferred(Note("yaml-syntax", _("YAML syntax: expected a single document in the stream but found "
                                                  "another document")),
                            second.start_mark)
    except _TooLarge as exc:
        raise _too_large(exc.where) from None
    except _Defer:
        _count_rest(events, seen)
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _Defer(_syntax(exc.context, exc.problem), *((mark.line, mark.column) if mark else ())) from None
    except yaml.YAMLError as exc:  # a ReaderError: a character _check_text lets through (there is none)
        raise _Defer(Note("yaml-syntax", _("YAML syntax: {exc}").format(exc=excerpt(exc)))) from None
    return data, positions


class _Events:
    """How many events libyaml found in a text, and whether it read the text to its end."""

    def __init__(self) -> None:
        self.count, self.complete = 0, False

    def estimate(self, raw: str) -> int:
        """The text's events: those counted; where libyaml stopped early (at an error, which ruamel may not see
        there), no fewer than two for each line and each comma (what a spec's or plan's text has)."""
        if self.complete:
            return self.count
        return max(self.count, 2 * (raw.count("\n") + raw.count(",")))


def _counted(parser: Any, seen: _Events, end: type) -> Iterator[Any]:
    """libyaml's events (as yaml.parse gives them, without its generator in between), counted in `seen`."""
    next_event = parser.get_event
    while (event := next_event()) is not None:
        seen.count += 1
        if type(event) is end:  # (the fast reader asks for no event after the stream's end)
            seen.complete = True
        yield event


def _count_rest(events: Iterator[Any], seen: _Events) -> None:
    """Read on (counting, in _counted) until the text ends, an error, or more events than ruamel is asked about."""
    try:
        for _skip in events:
            if seen.count > ROUND_TRIP_EVENTS:
                break
    except _libyaml().YAMLError:
        pass


# ---------------------------------------------------------------------------------------------- the cache

_CACHE_FORMAT = 2  # raise when what read_yaml returns changes


_Places = list[tuple[Path_, "int | None", "int | str | None"]]


def _places(positions: Positions, name: str, prefix: Path_) -> _Places | None:
    """A reading's places below `prefix`, without the file name, as the caches keep them; None when one is not a
    plain place in `name` (the reader makes no others)."""
    places = []
    for path, where in positions.items():
        if path[:len(prefix)] != prefix or where != Location(name, where.line, where.column):
            return None
        places.append((path[len(prefix):], where.line, where.column))
    return places


def _positions(places: Iterable[Any], name: str, prefix: Path_) -> Positions:
    """Kept places as the positions of the file `name` read at `prefix`."""
    return {(*prefix, *path): Location(name, line, column) for path, line, column in places}


def _cache_get(key: str, name: str, prefix: Path_) -> tuple[Any, Positions] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"yaml-{key}.json").read_text(encoding="utf-8"))
        return entry["data"], _positions(entry["positions"], name, prefix)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # not cached yet, or a damaged entry: read the file


def _cache_put(key: str, positions: Positions, name: str, prefix: Path_, data: Any) -> None:
    """Keep a file's reading; quietly nothing when the cache folder cannot be written."""
    folder = cache_dir()
    places = _places(positions, name, prefix)
    if folder is not None and places is not None:
        keep(folder / f"yaml-{key}.json", {"data": data, "positions": [[list(p), line, column]
                                                                        for p, line, column in places]})


# What the last files read as (their data and places, by the text's hash, as the cache folder keeps them): each
# taken out as a copy of its own, since callers may change what they are given.
_MEMO: Kept[str, tuple[Any, _Places]] = Kept(16)
_MEMO_BYTES = 1 << 20  # larger files (a spec is tens of KB) are read again each time


def _memo_get(key: str, name: str, prefix: Path_) -> tuple[Any, Positions] | None:
    entry = _MEMO.get(key)
    if entry is None:
        return None
    data, places = entry
    return copy.deepcopy(data), _positions(places, name, prefix)


def _memo_put(key: str, positions: Positions, name: str, prefix: Path_, data: Any, size: int) -> None:
    places = _places(positions, name, prefix)
    if size > _MEMO_BYTES or places is None:
        return
    _MEMO.keep(key, (copy.deepcopy(data), places))


def field_path(path: Iterable[Any]) -> str:
    """A value's path as a message names it (lampiran[0].areas[2].name); a long key, from the file, cut short."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part)
            out += ("." if out else "") + (name if len(name) <= EXCERPT else name[:EXCERPT] + "...")
    return out


def _vocabulary(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name any model in the spec can have, for 'did you mean' hints."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for sub in _models_in(field.annotation):
            names |= _vocabulary(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _code(error: ErrorDetails) -> Code:
    """A pydantic error's code: a model's own check names its code as the error's type (coded()); pydantic's
    own types fall in a few kinds."""
    kind = error["type"]
    if kind in CODES:
        return kind
    if kind == "missing" or (error.get("input") is None and kind != "extra_forbidden"):
        return "missing-field"
    if kind == "extra_forbidden":
        return "unknown-field"
    if kind in ("literal_error", "enum"):
        return "not-a-choice"
    if kind.endswith(("_type", "_parsing")) or kind.startswith(("date", "datetime")) or kind == "int_from_float":
        return "wrong-type"
    return "invalid-value"


def _message(error: ErrorDetails, vocabulary: set[str]) -> str:
    kind = error["type"]
    value = error.get("input")
    last = excerpt(error["loc"][-1]) if error["loc"] else None
    shown = _shown(value)
    if kind == "missing":
        return _("required field {last} is missing").format(last=last)
    if kind == "value_error" or kind in CODES:  # a model's own check says what is wrong: before the families
        msg = error["msg"]                       # below, which a code may look like (date-not-in-year)
        return msg.removeprefix("Value error, ")
    if value is None and kind != "extra_forbidden":
        return _("has no value; write one after the colon")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        if name in vocabulary:  # a field of another part: suggesting the same name would say nothing
            return _("{last} is not a field here but of another part; is it under the right item (its "
                     "indentation)?").format(last=last)
        near = difflib.get_close_matches(name, sorted(vocabulary), n=1, cutoff=0.7)
        hint = _("; did you mean {near!r}?").format(near=near[0]) if near else ""
        return _("unknown field {last}{hint}").format(last=last, hint=hint)
    if kind.startswith(("date", "datetime")):
        return _("expected a date written as YYYY-MM-DD (e.g. 2025-01-05), got {shown}").format(shown=shown)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("expected a whole number, got {shown}").format(shown=shown)
    if kind in ("string_type",):
        return _("expected text, got {shown}").format(shown=shown)
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, got {shown}").format(shown=shown)
    if kind in ("list_type", "tuple_type"):
        return _("expected a list (items starting with '- '), got {shown}").format(shown=shown)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("expected a mapping of fields (key: value lines), got {shown}").format(shown=shown)
    if kind == "too_short":
        return _("needs at least one item")
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "0[1-9]|1[0-2]" in pattern:
            return _("expected a month written as YYYY-MM (e.g. 2025-04), got {shown}").format(shown=shown)
        if pattern == r"^\d{18}$":
            return _("expected an 18-digit NIP, got {shown}").format(shown=shown)
        if pattern == r"^\d{3}$":
            return _("expected a three-digit code such as 076, got {shown}").format(shown=shown)
        return _("{shown} does not have the expected form ({pattern})").format(shown=shown, pattern=pattern)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        # pydantic's own words ("Input should be greater than or equal to 1"), said again to be translated
        ctx = error.get("ctx", {})
        bound = {"greater_than_equal": (_("{shown} is out of range: it should be at least {limit}"), "ge"),
                 "less_than_equal": (_("{shown} is out of range: it should be at most {limit}"), "le"),
                 "greater_than": (_("{shown} is out of range: it should be greater than {limit}"), "gt"),
                 "less_than": (_("{shown} is out of range: it should be less than {limit}"), "lt")}[kind]
        return bound[0].format(shown=shown, limit=ctx.get(bound[1], "?"))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected")
        if expected is None:
            return f"{error['msg']}, got {shown}"
        # pydantic's own words ("Input should be 'a' or 'b'"), said again so that they can be translated
        return _("Input should be {expected}, got {shown}").format(expected=expected, shown=shown)
    # The models' own messages (a union's custom_error_message, marked N_ where it is made at import) in the
    # current language; pydantic's other words as pydantic says them.
    return translate(error["msg"])


def _shown(value: Any) -> str:
    """A value as a message shows it: text quoted in part (excerpt), a number as written, a list or mapping by
    its kind."""
    if isinstance(value, (dict, list)):
        return type(value).__name__
    if isinstance(value, str):
        return excerpt(value)
    text = repr(value)
    return text if len(text) <= EXCERPT else _("{text}... ({count} characters)").format(text=text[:EXCERPT],
                                               count=len(text))


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def nearest(positions: Positions, path: Path_, source: str) -> Location:
    """Where a value is, or else the nearest thing holding it (the file itself at worst)."""
    for n in range(len(path), -1, -1):
        found = positions.get(path[:n])
        if found is not None:
            return found
    return Location(source)


def problems_from_validation(
    exc: ValidationError, data: Any, positions: Positions, model: type[BaseModel], default_file: str | None
) -> list[Problem]:
    """One located problem per pydantic error, pointing at the YAML line of the offending value."""
    vocabulary = _vocabulary(model)
    problems = []
    for error in exc.errors(include_url=False):
        real: list[Any] = []
        node = data
        loc = (*error["loc"], *error.get("ctx", {}).get("at", ()))  # a whole-decree check names its field
        for n, part in enumerate(loc):
            following = loc[n + 1] if n + 1 < len(loc) else None
            if (isinstance(node, dict) and part in node and following is not None
                    and not _is_type_tag(following) and not _has(node[part], following)
                    and (_has(node, following) or not isinstance(node[part], (dict, list)))):
                continue  # a union tag that happens to equal a field name (lampiran kind 'plan')
            if isinstance(node, dict) and part in node:
                node = node[part]
                real.append(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                real.append(part)
            elif error["type"] in ("missing", "extra_forbidden") and n == len(loc) - 1:
                real.append(part)
            # else: a union tag or validator name pydantic put in the path; it is not in the file.
        lookup = tuple(real)
        if error["type"] == "missing":
            lookup = lookup[:-1]
        location = None
        while location is None:
            location = positions.get(lookup)
            if location is None:
                if not lookup:
                    location = Location(default_file)
                    break
                lookup = lookup[:-1]
        problems.append((Problem(_message(error, vocabulary), location.at(field_path(real) or None),
                                 code=_code(error)),
                         error["type"] == "value_error" or error["type"] in CODES))
    # A value that fits none of a field's accepted forms gets one message naming them all; but when one
    # form says precisely what is wrong ("is empty"), that message is the one worth reading.
    merged: dict[Location, list[Problem]] = {}
    precise = {problem.location for problem, own in problems if own}
    for problem, own in problems:
        if problem.location in precise and not own:
            continue
        same = merged.setdefault(problem.location, [])
        if all(problem.message != p.message for p in same):
            same.append(problem)
    # The merged message's code is its first part's (the precise one where there is one).
    return [Problem("; or ".join(p.message for p in same), location, code=same[0].code)
            for location, same in merged.items()]


def _is_type_tag(part: Any) -> bool:
    """Whether a piece of a pydantic error path names a union member's type (int, str, list[...]), not a field."""
    return isinstance(part, str) and (part in ("int", "str", "float", "bool", "none", "date") or part[:1].isupper()
                                      or part.startswith(("function-", "list[", "dict[", "union[", "nullable[")))
