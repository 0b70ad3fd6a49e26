"""YAML reading that remembers where every value came from, and pydantic errors turned into located problems."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from zi_decree.errors import Location, Problem

if TYPE_CHECKING:
    from ruamel.yaml import YAML

Path_ = tuple[Any, ...]
Positions = dict[Path_, Location]

MAX_YAML_BYTES = 20 * 1024 * 1024  # a spec is a few hundred KB; anything larger is not one


@lru_cache(maxsize=1)
def _constructor() -> type:
    # ruamel is imported only when needed (it takes longer to import than a plain file takes to read).
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        """Round-trip constructor that leaves dates as text: ruamel raises an unlocated error on 2025-13-05,
        while pydantic reports it at its line like any other bad value."""

    _Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)
    return _Constructor


def new_yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    yaml.allow_duplicate_keys = False
    return yaml


MAX_NODES = 500_000  # a year's plan has a few thousand values; more means runaway aliases (a "YAML bomb")


class _TooLarge(Exception):
    pass


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


def _plain(node: Any, path: Path_, file: str, positions: Positions, budget: list[int]) -> Any:
    """Convert ruamel's round-trip nodes to plain Python, recording each value's line and column."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge()
    here = positions.get(path, Location(file))
    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            child = (*path, str(key))
            positions[child] = _where(node, key, True, here, file)
            out[str(key)] = _plain(node[key], child, file, positions, budget)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, item in enumerate(node):
            child = (*path, i)
            positions[child] = _where(node, i, False, here, file)
            out_list.append(_plain(item, child, file, positions, budget))
        return out_list
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    # Anything else is a value with a tag of its own (!!python/..., !custom): not data a spec can hold.
    tag = getattr(getattr(node, "tag", None), "value", None) or type(node).__name__
    raise _Untagged(path, str(tag))


def read_yaml(path: Path, prefix: Path_ = (), *, cache: bool = False) -> tuple[Any, Positions]:
    """Read one YAML file into plain data and a map from value paths to locations; raise on bad syntax.

    With `cache`, what a file's text reads as is kept in the user's cache folder, keyed by the text's hash, and
    read from there next time (the bundled catalogue: read on every run, changed only by an update).
    """
    from zi_decree.errors import SpecError

    name = str(path)
    if path.is_dir():
        raise SpecError([Problem("is a folder, not a YAML file", Location(name))])
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SpecError([Problem(f"cannot read the file: {exc.strerror}", Location(name))]) from None
    if size > MAX_YAML_BYTES:
        raise SpecError([Problem(f"the file is {size} bytes; a spec or plan file is at most {MAX_YAML_BYTES}",
                                 Location(name))])
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError([Problem(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", Location(name))]) from None
    except OSError as exc:
        raise SpecError([Problem(f"cannot read the file: {exc.strerror}", Location(name))]) from None
    if not cache:
        return read_yaml_text(raw, name, prefix)
    key = hashlib.sha256(b"zi-decree yaml %d\n" % _CACHE_FORMAT + data).hexdigest()
    cached = _cache_get(key, name, prefix)
    if cached is not None:
        return cached
    result = read_yaml_text(raw, name, prefix)
    _cache_put(key, result[1], name, prefix, result[0])
    return result


def read_yaml_text(raw: str, name: str, prefix: Path_ = ()) -> tuple[Any, Positions]:
    """Like read_yaml, for text already in memory; `name` is the file name problems are located in."""
    from zi_decree.errors import SpecError

    bad = next((i for i, ch in enumerate(raw) if ch in "\x00\ufffe\uffff" or ("\x01" <= ch <= "\x08")), None)
    if bad is not None:
        line = raw.count("\n", 0, bad) + 1
        column = bad - (raw.rfind("\n", 0, bad) + 1) + 1
        raise SpecError([Problem(f"contains the control character U+{ord(raw[bad]):04X}; remove it",
                                 Location(name, line, column))])
    fast = _read_fast(raw, name, prefix)
    if fast is not None:
        return fast
    return _read_roundtrip(raw, name, prefix)


def _read_roundtrip(raw: str, name: str, prefix: Path_ = ()) -> tuple[Any, Positions]:
    """ruamel's reading: every YAML feature, and the located syntax errors users see."""
    from ruamel.yaml.error import MarkedYAMLError

    from zi_decree.errors import SpecError

    yaml = new_yaml()
    try:
        node = yaml.load(raw)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        what = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise SpecError([Problem(f"YAML syntax: {what}", where)]) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. on some duplicate keys)
        raise SpecError([Problem(f"YAML syntax: {exc}", Location(name))]) from None
    positions: Positions = {prefix: Location(name, 1, 1)}
    try:
        return _plain(node, prefix, name, positions, [MAX_NODES]), positions
    except _TooLarge:
        raise _too_large(name) from None
    except _Untagged as exc:
        where = positions.get(exc.path, Location(name))
        raise SpecError([Problem(f"the tag {exc.tag} is not allowed; write plain text, numbers, lists and "
                                 "mappings", where.at(field_path(exc.path) or None))]) from None


def _too_large(name: str) -> Exception:
    from zi_decree.errors import SpecError

    return SpecError([Problem(f"holds more than {MAX_NODES} values (are aliases repeating a part many "
                              "times?); a spec is far smaller", Location(name))])


# ---------------------------------------------------------------------------------------------- the fast reader
#
# ruamel's round-trip reader is pure Python: a year's plan takes it a few tenths of a second. libyaml (PyYAML's
# C parser) reads the same text fifty times faster. The fast reader takes libyaml's events and builds the same
# plain data and places as _read_roundtrip, resolving plain scalars by ruamel's YAML 1.2 rules (so `yes` stays
# text and `010` is 10). Whatever it does not handle the same way (anchors and aliases, tags, merge keys, keys
# that are not text, duplicate keys, a %YAML directive, several documents, any syntax error) it leaves to
# ruamel, which then reads the file, or reports the error, exactly as before.

class _Defer(Exception):
    """The fast reader leaves this text to ruamel."""


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


def _kind(value: str) -> str:
    """What ruamel makes of a plain (unquoted) scalar: 'str', 'int', 'float', 'bool', 'null', ..."""
    if value == "":
        return "null"
    first = value[0]
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


def _scalar(event: Any) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise _Defer()
    if not event.implicit[0]:  # quoted or a block scalar: text
        return event.value
    kind = _kind(event.value)
    if kind in ("str", "timestamp"):  # dates stay text, as in _Constructor
        return event.value
    if kind == "null":
        return None
    if kind == "bool":
        return event.value.lower() == "true"
    if kind == "int":
        return _int(event.value)
    if kind == "float":
        return _float(event.value)
    raise _Defer()  # merge keys, the value tag


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
        raise _Defer()
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
        raise _Defer()


@lru_cache(maxsize=1)
def _libyaml() -> Any:
    """PyYAML's libyaml parser and its event classes, or None when libyaml is not there (then ruamel reads)."""
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None
    return yaml if getattr(yaml, "__with_libyaml__", False) else None


def _read_fast(raw: str, name: str, prefix: Path_ = ()) -> tuple[Any, Positions] | None:
    """The plain data and places of a YAML text read with libyaml, or None to leave it to ruamel."""
    yaml = _libyaml()
    if yaml is None or any(ch in raw for ch in "\t\x85\u2028\u2029"):
        # libyaml (YAML 1.1) ends a line at NEL, LS and PS, ruamel does not; ruamel refuses tabs in places
        # where libyaml takes them. Such text is left to ruamel.
        return None
    positions: Positions = {prefix: Location(name, 1, 1)}
    budget = [MAX_NODES]

    def node(event: Any, path: Path_) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooLarge()
        if isinstance(event, yaml.ScalarEvent):
            if event.style in ("|", ">"):
                _check_block_start(lines, event.start_mark)
            return _scalar(event)
        if isinstance(event, yaml.MappingStartEvent):
            if event.anchor is not None or event.tag is not None:
                raise _Defer()
            mark = event.start_mark
            if event.flow_style and lines[mark.line][mark.column:mark.column + 1] != "{":
                raise _Defer()  # a pair inside [...] (ruamel refuses ['a':1], libyaml takes it)
            out: dict[str, Any] = {}
            while not isinstance(key := next(events), yaml.MappingEndEvent):
                if not isinstance(key, yaml.ScalarEvent):
                    raise _Defer()  # a key that is a list or a mapping, or an alias
                text = _scalar(key)
                if not isinstance(text, str) or text in out:
                    raise _Defer()  # a key that is a number, true, a date...; a duplicate: ruamel says where
                if key.implicit[0] and _kind(key.value) == "timestamp":
                    raise _Defer()
                child = (*path, text)
                positions[child] = Location(name, key.start_mark.line + 1, key.start_mark.column + 1)
                out[text] = node(next(events), child)
            return out
        if isinstance(event, yaml.SequenceStartEvent):
            if event.anchor is not None or event.tag is not None:
                raise _Defer()
            items: list[Any] = []
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                child = (*path, len(items))
                positions[child] = Location(name, item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(node(item, child))
            return items
        raise _Defer()  # an alias

    lines = _Lines(raw)
    events = yaml.parse(raw, Loader=yaml.CSafeLoader)
    try:
        next(events)  # the stream's start
        first = next(events)
        if isinstance(first, yaml.StreamEndEvent):
            return None, positions  # no document: ruamel reads None too
        if first.version is not None or first.tags:
            raise _Defer()  # a %YAML or %TAG directive
        data = node(next(events), prefix)
        next(events)  # the document's end
        if not isinstance(next(events), yaml.StreamEndEvent):
            raise _Defer()  # a second document: ruamel's error
    except _TooLarge:
        raise _too_large(name) from None
    except (_Defer, yaml.YAMLError, ValueError, StopIteration):
        return None
    return data, positions


# ---------------------------------------------------------------------------------------------- the cache

_CACHE_FORMAT = 1  # raise when what read_yaml returns changes


def cache_dir() -> Path | None:
    """zi-decree's folder in the user's cache ($XDG_CACHE_HOME, else ~/.cache), or None when there is none."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    return root / "zi-decree"


def _cache_get(key: str, name: str, prefix: Path_) -> tuple[Any, Positions] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"yaml-{key}.json").read_text(encoding="utf-8"))
        positions = {(*prefix, *path): Location(name, line, column) for path, line, column in entry["positions"]}
        return entry["data"], positions
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # not cached yet, or a damaged entry: read the file


def _cache_put(key: str, positions: Positions, name: str, prefix: Path_, data: Any) -> None:
    """Keep a file's reading; quietly nothing when the cache folder cannot be written."""
    folder = cache_dir()
    if folder is None:
        return
    places = []
    for path, where in positions.items():
        if path[:len(prefix)] != prefix or where != Location(name, where.line, where.column):
            return  # only plain places are kept (the reader makes no others)
        places.append([list(path[len(prefix):]), where.line, where.column])
    try:
        text = json.dumps({"data": data, "positions": places}, ensure_ascii=False)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".yaml-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, folder / f"yaml-{key}.json")  # whole or not at all, also with two runs at once
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError, TypeError):
        pass


def field_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
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


def _message(error: ErrorDetails, vocabulary: set[str]) -> str:
    kind = error["type"]
    value = error.get("input")
    last = error["loc"][-1] if error["loc"] else None
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if kind == "missing":
        return f"required field {last!r} is missing"
    if value is None and kind != "extra_forbidden":
        return "has no value; write one after the colon"
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(str(last), sorted(vocabulary), n=1, cutoff=0.7)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        return f"unknown field {last!r}{hint}"
    if kind.startswith(("date", "datetime")):
        return f"expected a date written as YYYY-MM-DD (e.g. 2025-01-05), got {shown}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {shown}"
    if kind in ("string_type",):
        return f"expected text, got {shown}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {shown}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (items starting with '- '), got {shown}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields (key: value lines), got {shown}"
    if kind == "too_short":
        return "needs at least one item"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "0[1-9]|1[0-2]" in pattern:
            return f"expected a month written as YYYY-MM (e.g. 2025-04), got {shown}"
        if pattern == r"^\d{18}$":
            return f"expected an 18-digit NIP, got {shown}"
        if pattern == r"^\d{3}$":
            return f"expected a three-digit code such as 076, got {shown}"
        return f"{shown} does not have the expected form ({pattern})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown} is out of range: {error['msg'].lower()}"
    if kind == "value_error":
        msg = error["msg"]
        return msg.removeprefix("Value error, ")
    if kind == "literal_error":
        return f"{error['msg']}, got {shown}"
    return error["msg"]


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def problems_from_validation(
    exc: ValidationError, data: Any, positions: Positions, model: type[BaseModel], default_file: str | None
) -> list[Problem]:
    """One located problem per pydantic error, pointing at the YAML line of the offending value."""
    vocabulary = _vocabulary(model)
    problems = []
    for error in exc.errors(include_url=False):
        real: list[Any] = []
        node = data
        loc = error["loc"]
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
        problems.append((Problem(_message(error, vocabulary), location.at(field_path(real) or None)),
                         error["type"] == "value_error"))
    # A value that fits none of a field's accepted forms gets one message naming them all; but when one
    # form says precisely what is wrong ("is empty"), that message is the one worth reading.
    merged: dict[Location, list[str]] = {}
    precise = {problem.location for problem, own in problems if own}
    for problem, own in problems:
        if problem.location in precise and not own:
            continue
        messages = merged.setdefault(problem.location, [])
        if problem.message not in messages:
            messages.append(problem.message)
    return [Problem("; or ".join(messages), location) for location, messages in merged.items()]


def _is_type_tag(part: Any) -> bool:
    """Whether a piece of a pydantic error path names a union member's type (int, str, list[...]), not a field."""
    return isinstance(part, str) and (part in ("int", "str", "float", "bool", "none", "date") or part[:1].isupper()
                                      or part.startswith(("function-", "list[", "dict[", "union[", "nullable[")))
