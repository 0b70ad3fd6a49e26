"""A spec as its edit form holds it (a draft of texts), and a draft written back into the spec's round-trip tree.

A field whose text in the form is what the form showed for the spec's value is left as it is, so that a decree
saved unchanged is the same bytes, and every comment, quote and folded line of what was not edited is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from zi_decree.base.roundtrip import Tree, read_tree as read_yaml_tree

__all__ = ["BLOCK_KINDS", "CLAUSE_KINDS", "INSTRUMENT_TYPES", "MAKE", "ORIGIN", "VALUE", "Draft", "FieldSpec",
           "act", "apply", "complete", "draft_of", "field_names", "list_at", "new_lampiran", "parse",
           "read_tree"]

Draft = dict[str, Any]
ORIGIN = "~"  # a list element's index in the file as the form opened it; "" for an element added in the form
VALUE = "="  # a text list element's text
MAKE = "make"  # of a plan lampiran added in the form: "1" when its plan file is to be written with the spec
_ABSENT = object()
# ruamel's round trip reads about 100 microseconds an event: a spec's form reads at most this (a spec with its plan
# inline is a few hundred KB).
MAX_BYTES = 1 << 20
# The most elements one list of the form may hold, and fields one form may post: far above any decree.
MAX_ITEMS = 2000
# The most parts a field's name has: lists under a narrative list's item forty deep (five parts a level), far deeper
# than any lampiran; a deeper name posted is no field's (the page and the draft would nest that deep).
MAX_TOKENS = 200


@dataclass(frozen=True)
class FieldSpec:
    """An editable field: its key, how its text is typed into the spec, and what leaving it out means."""

    key: str
    kind: str  # text (required), optional, int, number, date, month, bool, choice
    default: str = ""  # the text shown when the spec leaves the field out (bool: "1" or "0")
    choices: tuple[str, ...] = ()


def _f(key: str, kind: str = "text", default: str = "", choices: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(key, kind, default, choices)


# The spec's top-level keys in the model's order: a key the form adds goes where the model has it.
ORDER = ("office", "number", "year", "date", "place", "subject", "issuer", "menimbang", "instruments", "catalogues",
         "mengingat", "memperhatikan", "diktum", "signatory", "attestation", "lampiran", "paper", "accepted",
         "template")
HEAD = (_f("number", "number"), _f("year", "int"), _f("date", "date"), _f("place", "optional"), _f("subject"),
        _f("issuer", "choice", "ketua", ("ketua", "komisi")), _f("paper", "choice", "f4", ("f4", "a4")))
OFFICE = (_f("kind", "choice", "", ("Kabupaten", "Kota", "Provinsi")), _f("name"), _f("seat", "optional"),
          _f("province", "optional"))
SIGNATORY = (_f("name"), _f("position", "optional"))
ATTESTATION = (_f("unit", "optional"), _f("position"), _f("name"), _f("nip", "optional"))
CLAUSE_KINDS = ("adopt", "text", "budget", "in_force")
CLAUSE = {"adopt": (_f("object", "optional"),),
          "budget": (_f("bagian_anggaran", "optional"), _f("with_year", "bool", "0")),
          "in_force": (_f("until", "month"),),
          "text": (_f("text"), _f("tabulation", "choice", "cumulative", ("cumulative", "alternative")))}
INSTRUMENT_TYPES = ("uu", "perppu", "pp", "perpres", "peraturan", "keputusan")
INSTRUMENT = (_f("id"), _f("type", "choice", "", INSTRUMENT_TYPES), _f("form", "optional"), _f("number", "number"),
              _f("year", "int"), _f("subject"), _f("source"))
LAMPIRAN = {"plan": (_f("title"), _f("plan", "optional"), _f("place_and_date_at_end", "bool", "0")),
            "narrative": (_f("title", "optional"), _f("place_and_date_at_end", "bool", "0"))}
COLUMNS = (_f("schedule", "choice", "target_time", ("target_time", "month_grid")), _f("link", "bool", "0"),
           _f("responsible", "bool", "1"), _f("indicator_labels", "choice", "none", ("none", "letters")),
           _f("list_style", "choice", "1)", ("1)", "1.")),
           _f("evidence_labels", "choice", "none", ("none", "letters", "numbers")),
           _f("column_numbers", "choice", "per_month", ("per_month", "grid_as_one")))
HEADINGS = tuple(_f(key, "optional", default) for key, default in (
    ("no", "NO"), ("component", "KOMPONEN"), ("indicator", "INDIKATOR"), ("step", "LANGKAH AKSI"),
    ("evidence", "BUKTI FISIK"), ("link", "LINK BUKTI FISIK"), ("schedule", "TARGET WAKTU"),
    ("grid", "PELAKSANAAN (BULAN)"), ("responsible", "PENANGGUNG JAWAB")))
# A narrative lampiran's blocks: one key each, telling its kind; a list's style.
BLOCK_KINDS = ("heading", "paragraph", "list")
LIST_STYLE = _f("style", "choice", "numbered", ("numbered", "lettered"))
# An accepted warning (Keputusan.accepted): its code, the field it is at (none: every warning with the code), why.
ACCEPTED = (_f("code"), _f("at", "optional"), _f("reason"))
# Lists of texts, and the lists the form may add to, remove from and reorder.
TEXT_LISTS = ("menimbang", "memperhatikan", "mengingat")


# ------------------------------------------------------------------------------------------------ reading

def read_tree(raw: bytes) -> Tree:
    """The round-trip tree of a spec's bytes (ValueError or a ruamel error when it is no YAML, or too large for the
    round trip to read in a moment)."""
    if len(raw) > MAX_BYTES:
        raise ValueError("too large for the edit form")
    return read_yaml_tree(raw)


def _shown(value: Any, spec: FieldSpec) -> str:
    """A spec's value as the form shows it."""
    if value is None or value is _ABSENT:
        return spec.default
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat() if spec.kind != "month" else f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (dict, list)):
        return "\x00"  # not a text: never equal to what is posted, and never shown as one
    return str(value).strip()


def _map(value: Any) -> Any:
    return value if isinstance(value, dict) else {}


def _seq(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _fields(node: Any, specs: Iterable[FieldSpec]) -> dict[str, str]:
    node = _map(node)
    return {s.key: ("" if (shown := _shown(node.get(s.key, _ABSENT), s)) == "\x00" else shown) for s in specs}


def _item_text(node: Any) -> str:
    # A lettered item with items of its own is edited by its text; its own items are kept.
    if isinstance(node, dict):
        node = node.get("text")
    return "" if isinstance(node, (dict, list)) or node is None else str(node).strip()


def _block_kind(node: Any) -> str:
    """A narrative block's kind (heading, paragraph, list) as the model tells them apart; "" for none."""
    if isinstance(node, dict):
        for key in BLOCK_KINDS:
            if key in node:
                return key
    return ""


def _blocks_of(nodes: Any) -> list[Draft]:
    """A narrative lampiran's blocks (or a list item's) as the form shows them: a heading's or a paragraph's text,
    a list's style and items, each item's text and its own blocks; a block of no known kind only by its place."""
    blocks: list[Draft] = []
    for j, node in enumerate(_seq(nodes)):
        entry: Draft = {ORIGIN: str(j)}
        kind = _block_kind(node)
        if kind in ("heading", "paragraph"):
            entry[kind] = _item_text(node.get(kind))
        elif kind == "list":
            spec = _map(node.get("list"))
            entry["list"] = {**_fields(spec, (LIST_STYLE,)),
                             "items": [{ORIGIN: str(k), "text": _item_text(item),
                                        "blocks": _blocks_of(_map(item).get("blocks"))}
                                       for k, item in enumerate(_seq(spec.get("items")))]}
        blocks.append(entry)
    return blocks


def draft_of(data: Any) -> Draft:
    """What the edit form shows of a spec's tree."""
    data = _map(data)
    draft: Draft = _fields(data, HEAD)
    draft["office"] = _fields(data.get("office"), OFFICE)
    for key in TEXT_LISTS:
        draft[key] = [{ORIGIN: str(i), VALUE: _item_text(v)} for i, v in enumerate(_seq(data.get(key)))]
    draft["instruments"] = [{ORIGIN: str(i), **_fields(v, INSTRUMENT)}
                            for i, v in enumerate(_seq(data.get("instruments")))]
    clauses = []
    for i, node in enumerate(_seq(data.get("diktum"))):
        kind = str(_map(node).get("kind", ""))
        clause: Draft = {ORIGIN: str(i), "kind": kind, **_fields(node, CLAUSE.get(kind, ()))}
        if kind == "text":
            clause["items"] = [{ORIGIN: str(j), VALUE: _item_text(v)}
                               for j, v in enumerate(_seq(_map(node).get("items")))]
        clauses.append(clause)
    draft["diktum"] = clauses
    draft["signatory"] = _fields(data.get("signatory"), SIGNATORY)
    draft["attestation"] = _fields(data.get("attestation"), ATTESTATION)
    draft["accepted"] = [{ORIGIN: str(i), **_fields(v, ACCEPTED)} for i, v in enumerate(_seq(data.get("accepted")))]
    lampiran = []
    for i, node in enumerate(_seq(data.get("lampiran"))):
        kind = str(_map(node).get("kind", ""))
        lamp: Draft = {ORIGIN: str(i), "kind": kind, **_fields(node, LAMPIRAN.get(kind, ()))}
        if kind == "plan":
            columns = _map(_map(node).get("columns"))
            lamp["columns"] = {**_fields(columns, COLUMNS), "headings": _fields(columns.get("headings"), HEADINGS)}
        if kind == "narrative":
            lamp["blocks"] = _blocks_of(_map(node).get("blocks"))
        lampiran.append(lamp)
    draft["lampiran"] = lampiran
    return draft


# ------------------------------------------------------------------------------------------------ the form

_NAME = re.compile(r"[a-z_]+")
_PART = re.compile(r"\.([a-z_]+)|\[(\d{1,6})\]")


def _tokens(name: str) -> list[str | int] | None:
    """'diktum[1].items[0]' -> ['diktum', 1, 'items', 0]; None for a name that is no field's."""
    head = _NAME.match(name)
    if head is None:
        return None
    tokens: list[str | int] = [head.group()]
    at = head.end()
    while at < len(name):
        part = _PART.match(name, at)
        if part is None:
            return None
        tokens.append(part.group(1) if part.group(1) else int(part.group(2)))
        at = part.end()
        if len(tokens) > MAX_TOKENS:
            return None
    return tokens


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_lists(node[k]) for k in sorted(node)][:MAX_ITEMS]
        return {k: _lists(v) for k, v in node.items()}
    return node


def parse(items: Iterable[tuple[str, str]]) -> Draft:
    """The draft a posted form holds: 'menimbang[2]' is the third item's text, 'menimbang[2]~' where it came from;
    of a name posted twice (a check box after its hidden 0), the last counts."""
    root: dict[Any, Any] = {}
    for name, value in items:
        origin = name.endswith(ORIGIN)
        tokens = _tokens(name.removesuffix(ORIGIN))
        if tokens is None or not isinstance(value, str):
            continue
        if isinstance(tokens[-1], int):
            tokens.append(ORIGIN if origin else VALUE)
        elif origin:
            continue
        node = root
        for token in tokens[:-1]:
            child = node.setdefault(token, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[tokens[-1]] = value.replace("\r\n", "\n").strip()
    draft: Draft = _lists(root)
    # What no field of the form posted is there, empty, as a form without it would show.
    for key in (*TEXT_LISTS, "instruments", "diktum", "lampiran", "accepted"):
        if not isinstance(draft.get(key), list):
            draft[key] = []
    for key in ("office", "signatory", "attestation"):
        if not isinstance(draft.get(key), dict):
            draft[key] = {}
    return draft


def list_at(draft: Draft, path: str) -> list[Any] | None:
    """The list of the draft a form's button names ('menimbang', 'diktum[1].items'); a list a form posts nothing of
    (an item without blocks under it, a list whose items were all removed) is made empty in its element."""
    tokens = _tokens(path)
    node: Any = draft
    for i, token in enumerate(tokens or ()):
        if isinstance(token, int):
            node = node[token] if isinstance(node, list) and 0 <= token < len(node) else None
        elif isinstance(node, dict) and token in ("blocks", "items") and i == len(tokens or ()) - 1:
            node = node.setdefault(token, [])
        else:
            node = node.get(token) if isinstance(node, dict) else None
    return node if tokens and isinstance(node, list) else None


# Lists the form may add to and remove from: their paths, with [] for any index. A narrative lampiran's blocks, a
# list's items, and the blocks under an item, at any depth.
_BLOCKS = r"lampiran\[\d+\](?:\.blocks\[\d+\]\.list\.items\[\d+\])*\.blocks"
_EDITABLE = re.compile(r"^(menimbang|memperhatikan|mengingat|instruments|accepted|diktum|diktum\[\d+\]\.items|lampiran"
                       rf"|{_BLOCKS}|{_BLOCKS}\[\d+\]\.list\.items)$")
_BLOCK_LIST = re.compile(rf"^{_BLOCKS}$")


def new_block(kind: str) -> Draft:
    """A block the form adds: an empty heading or paragraph, or a list of one empty item."""
    if kind == "list":
        return {ORIGIN: "", "list": {"style": LIST_STYLE.default, "items": [new_item()]}}
    return {ORIGIN: "", kind: ""}


def new_item() -> Draft:
    return {ORIGIN: "", "text": "", "blocks": []}


def new_lampiran(kind: str, *, title: str = "", plan: str = "", make: bool = False) -> Draft:
    """A lampiran the form adds: a narrative one with a first paragraph, or a plan one naming its plan file (`make`:
    a new plan file of that name is written with the spec)."""
    lamp: Draft = {ORIGIN: "", "kind": kind, **{s.key: s.default for s in LAMPIRAN[kind]}, "title": title}
    if kind == "narrative":
        lamp["blocks"] = [new_block("paragraph")]
    else:
        lamp["plan"] = plan
        if make:
            lamp[MAKE] = "1"
    return lamp


def act(draft: Draft, action: str) -> bool:
    """Do what a button of the form asks ('add:menimbang', 'remove:diktum[1].items:0', 'up:menimbang:2',
    'down:...', 'clause:budget', 'cite:pkpu-8-2019'); False for an action that names nothing."""
    verb, _, rest = action.partition(":")
    if verb == "clause" and rest in CLAUSE_KINDS:
        clause: Draft = {ORIGIN: "", "kind": rest, **{s.key: s.default for s in CLAUSE[rest]}}
        if rest == "text":
            clause["items"] = []
        draft["diktum"].append(clause)
        return True
    if verb == "cite" and rest:
        if rest not in [item.get(VALUE) for item in draft["mengingat"]]:
            draft["mengingat"].append({ORIGIN: "", VALUE: rest})
        return True
    if verb == "block":
        kind, _, path = rest.partition(":")
        blocks = list_at(draft, path) if _BLOCK_LIST.match(path) and kind in BLOCK_KINDS else None
        if blocks is None or len(blocks) >= MAX_ITEMS:
            return False
        blocks.append(new_block(kind))
        return True
    path, _, index = rest.partition(":")
    target = list_at(draft, path) if _EDITABLE.match(path) else None
    if target is None:
        return False
    if verb == "add" and len(target) < MAX_ITEMS and path != "lampiran" and not _BLOCK_LIST.match(path):
        fields = {"instruments": INSTRUMENT, "accepted": ACCEPTED}.get(path)
        if path.endswith(".items") and path.startswith("lampiran"):
            target.append(new_item())
        else:
            target.append({ORIGIN: "", **{s.key: s.default for s in fields}} if fields else {ORIGIN: "", VALUE: ""})
        return True
    if not index.isdigit() or not 0 <= int(index) < len(target):
        return False
    i = int(index)
    if verb == "remove":
        del target[i]
    elif verb == "up" and i > 0:
        target[i - 1], target[i] = target[i], target[i - 1]
    elif verb == "down" and i + 1 < len(target):
        target[i + 1], target[i] = target[i], target[i + 1]
    else:
        return False
    return True


def field_names(draft: Draft) -> list[str]:
    """Every field of the form, named as `check` names a field ('menimbang[0]', 'office.name')."""
    names: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == VALUE:
                    names.append(prefix)
                elif key != ORIGIN:
                    walk(value, f"{prefix}.{key}" if prefix else key)
        elif isinstance(node, list):
            names.append(prefix)
            for i, value in enumerate(node):
                if isinstance(value, dict) and VALUE not in value:
                    names.append(f"{prefix}[{i}]")  # an element of several fields: a problem of the whole is its
                walk(value, f"{prefix}[{i}]")
        else:
            names.append(prefix)

    walk(draft, "")
    return names


# ------------------------------------------------------------------------------------------------ writing

def _typed(text: str, spec: FieldSpec) -> Any:
    """The value a field's text stands for in the spec; _ABSENT for a field left out."""
    if spec.kind == "bool":
        return text == "1"
    if not text and spec.kind in ("optional", "choice", "month"):
        return _ABSENT
    if spec.kind in ("int", "number") and text.isdigit() and len(text) <= 18:
        return int(text)
    if spec.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _put(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key; a new key goes after the keys before it in `order` (as the model lists them)."""
    if key in mapping or key not in order:
        mapping[key] = value
        return
    before = set(order[:order.index(key)])
    position = 0
    for i, existing in enumerate(mapping):
        if existing in before:
            position = i + 1
    mapping.insert(position, key, value)


def _set_fields(mapping: Any, specs: Iterable[FieldSpec], values: dict[str, Any], order: tuple[str, ...] = ()
                ) -> None:
    order = order or tuple(s.key for s in specs)
    for spec in specs:
        posted = values.get(spec.key)
        if not isinstance(posted, str):
            continue
        current = mapping.get(spec.key, _ABSENT)
        if posted == _shown(current, spec):
            continue  # as the form showed it: left as the file has it
        new = _typed(posted, spec)
        if new is _ABSENT:
            if spec.key in mapping:
                del mapping[spec.key]
        else:
            _put(mapping, spec.key, new, order)


def _changes(specs: Iterable[FieldSpec], values: dict[str, Any]) -> bool:
    """Whether the form changes any of these fields of a mapping the spec leaves out."""
    return any(isinstance(values.get(s.key), str) and values[s.key] != s.default for s in specs)


def _submap(parent: Any, key: str, order: tuple[str, ...]) -> Any:
    node = parent.get(key)
    if not isinstance(node, dict):
        node = CommentedMap()
        _put(parent, key, node, order)
    return node


def _origin(element: Any, count: int) -> int | None:
    text = element.get(ORIGIN, "") if isinstance(element, dict) else ""
    return int(text) if isinstance(text, str) and text.isdigit() and int(text) < count else None


def _set_list(parent: Any, key: str, elements: list[Any], update: Callable[[Any, Any], Any],
              order: tuple[str, ...], required: bool = False) -> None:
    """Write a list of the form into the tree: each element into the node it came from (kept, with its comments,
    when unchanged), new elements as new nodes, in the form's order."""
    current = parent.get(key)
    old = _seq(current)
    origins = []
    nodes = []
    for element in elements:
        origin = _origin(element, len(old))
        if origin in origins:
            origin = None  # one node is one element: a repeated origin is an added element
        origins.append(origin)
        nodes.append(update(old[origin] if origin is not None else None, element))
    if not isinstance(current, CommentedSeq):
        if nodes or (required and key not in parent):
            _put(parent, key, CommentedSeq(nodes), order)
        return
    if origins == list(range(len(old))):
        for i, node in enumerate(nodes):
            if node is not old[i]:
                current[i] = node
        return
    if not nodes and not required:
        del parent[key]
        return
    # What follows the list's last line (blank lines, the comment lines before the next key) stays at the list's
    # end; the lines between two items (kept after the first item's last line) go with the item they lead to, and
    # an item's own end-of-line comment with it. (The lines before the first item belong to the list's key.)
    tails = [_cut_tail(current, i) for i in range(len(old))]
    comments = dict(current.ca.items)
    list.clear(current)
    list.extend(current, nodes)
    current.ca.items.clear()
    for i, origin in enumerate(origins):
        if origin is not None and origin in comments:
            current.ca.items[i] = comments[origin]
    for i in range(len(origins)):
        after = origins[i + 1] if i + 1 < len(origins) else None
        tail = (tails[-1] if tails else "") if i + 1 == len(origins) else tails[after - 1] if after else ""
        if tail:
            _add_tail(current, i, tail)


def _slot(seq: Any, index: int) -> tuple[Any, Any, int, bool]:
    """Where the comment after a list item's last line is kept: (the ca.items holding it, its key, its place,
    whether the item ends in a block scalar, whose text ends its last line itself)."""
    node = seq[index]
    holder, key, place = seq, index, 0
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if isinstance(node, CommentedMap):
            key = list(node)[-1]
            holder, place = node, 2
        else:
            key = len(node) - 1
            holder, place = node, 0
        node = node[key]
    return holder.ca.items, key, place, isinstance(node, (FoldedScalarString, LiteralScalarString))


def _cut_tail(seq: Any, index: int) -> str:
    """Take from an item the lines after its own line's end (returned); its own end-of-line comment stays."""
    items, key, place, block = _slot(seq, index)
    slot = items.get(key)
    token = slot[place] if slot and len(slot) > place else None
    if token is None:
        return ""
    value = str(token.value)
    cut = 0 if block else value.find("\n") + 1 if "\n" in value else len(value)
    head, tail = value[:cut], value[cut:]
    if head.strip():
        token.value = head
    else:
        slot[place] = None
    return tail


def _add_tail(seq: Any, index: int, tail: str) -> None:
    items, key, place, block = _slot(seq, index)
    slot = items.setdefault(key, [None, None, None, None])
    while len(slot) <= place:
        slot.append(None)
    token = slot[place]
    if token is not None:
        token.value = token.value + tail
    else:
        slot[place] = CommentToken(tail if block else "\n" + tail, CommentMark(0), None)


def _text_item(node: Any, element: Any) -> Any:
    posted = element.get(VALUE, "") if isinstance(element, dict) else ""
    if isinstance(node, dict):
        if posted != _item_text(node):
            node["text"] = posted
        return node
    if node is not None and posted == _item_text(node):
        return node
    return posted


def _instrument(node: Any, element: Any) -> Any:
    node = node if isinstance(node, dict) else CommentedMap()
    _set_fields(node, INSTRUMENT, element, tuple(s.key for s in INSTRUMENT))
    return node


def _accepted(node: Any, element: Any) -> Any:
    node = node if isinstance(node, dict) else CommentedMap()
    _set_fields(node, ACCEPTED, element, tuple(s.key for s in ACCEPTED))
    return node


def _clause(node: Any, element: Any) -> Any:
    kind = str(element.get("kind", ""))
    if not isinstance(node, dict):
        node = CommentedMap()
        node["kind"] = kind
    specs = CLAUSE.get(str(node.get("kind")), ())
    order = ("kind", *(s.key for s in specs), "items")
    _set_fields(node, specs, element, order)
    if node.get("kind") == "text":
        _set_list(node, "items", element.get("items") or [], _text_item, order)
    return node


def _posted_kind(element: Any) -> str:
    element = _map(element)
    return next((key for key in BLOCK_KINDS if key in element), "")


def _block(node: Any, element: Any) -> Any:
    """A narrative block written into its node (a new node for an added block); one of no kind the form knows
    is kept as the file has it."""
    kind = _posted_kind(element)
    if not kind:
        return node
    if _block_kind(node) != kind:
        node = CommentedMap()
        node[kind] = CommentedMap() if kind == "list" else ""
    if kind in ("heading", "paragraph"):
        posted = element[kind] if isinstance(element[kind], str) else ""
        if posted != _item_text(node[kind]):
            node[kind] = posted
        return node
    posted_list = _map(element["list"])
    if not isinstance(node["list"], dict):
        node["list"] = CommentedMap()
    order = ("style", "items")
    _set_fields(node["list"], (LIST_STYLE,), posted_list, order)
    _set_list(node["list"], "items", _seq(posted_list.get("items")), _list_item, order, required=True)
    return node


def _list_item(node: Any, element: Any) -> Any:
    """A list's item: its text alone (as the file may write it), or its text with the blocks under it."""
    element = _map(element)
    posted = element.get("text") if isinstance(element.get("text"), str) else ""
    blocks = _seq(element.get("blocks"))
    if not isinstance(node, dict):
        text = node if node is not None and posted == _item_text(node) else posted
        if not blocks:
            return text
        node = CommentedMap()
        node["text"] = text
    elif posted != _item_text(node):
        node["text"] = posted
    _set_list(node, "blocks", blocks, _block, ("text", "blocks"))
    return node


def _lampiran(node: Any, element: Any) -> Any:
    if not isinstance(node, dict):
        if node is not None:
            return node  # what is no lampiran the form knows is kept as the file has it
        node = CommentedMap()
        node["kind"] = str(element.get("kind"))
    kind = str(node.get("kind"))
    specs = LAMPIRAN.get(kind, ())
    order = ("kind", "title", "columns", "plan", "areas", "blocks", "place_and_date_at_end")
    _set_fields(node, specs, element, order)
    columns = element.get("columns")
    if kind == "plan" and isinstance(columns, dict):
        headings: dict[str, Any] = columns["headings"] if isinstance(columns.get("headings"), dict) else {}
        if isinstance(node.get("columns"), dict) or _changes(COLUMNS, columns) or _changes(HEADINGS, headings):
            target = _submap(node, "columns", order)
            column_order = (*(s.key for s in COLUMNS), "headings")
            _set_fields(target, COLUMNS, columns, column_order)
            if isinstance(target.get("headings"), dict) or _changes(HEADINGS, headings):
                _set_fields(_submap(target, "headings", column_order), HEADINGS, headings)
    if kind == "narrative":
        _set_list(node, "blocks", _seq(element.get("blocks")), _block, order, required=True)
    return node


def apply(data: Any, draft: Draft) -> None:
    """Write a form's draft into a spec's round-trip tree (a mapping), changing only what the form changed."""
    _set_fields(data, HEAD, draft, ORDER)
    if draft["office"]:
        _set_fields(_submap(data, "office", ORDER), OFFICE, draft["office"])
    for key in TEXT_LISTS:
        _set_list(data, key, draft[key], _text_item, ORDER, required=key != "memperhatikan")
    _set_list(data, "instruments", draft["instruments"], _instrument, ORDER)
    _set_list(data, "diktum", draft["diktum"], _clause, ORDER, required=True)
    _set_list(data, "accepted", draft["accepted"], _accepted, ORDER)
    if draft["signatory"]:
        _set_fields(_submap(data, "signatory", ORDER), SIGNATORY, draft["signatory"])
    if draft["attestation"]:
        _set_fields(_submap(data, "attestation", ORDER), ATTESTATION, draft["attestation"])
    _set_list(data, "lampiran", draft["lampiran"], _lampiran, ORDER)


def complete(draft: Draft) -> Draft:
    """A copy of a draft with every field the form shows (a posted form may lack some), for the page to show."""
    out: Draft = {s.key: _text(draft.get(s.key), s) for s in HEAD}
    for key, specs in (("office", OFFICE), ("signatory", SIGNATORY), ("attestation", ATTESTATION)):
        values = _map(draft.get(key))
        out[key] = {s.key: _text(values.get(s.key), s) for s in specs}
    for key in TEXT_LISTS:
        out[key] = [{ORIGIN: _text(_map(e).get(ORIGIN)), VALUE: _text(_map(e).get(VALUE))}
                    for e in _seq(draft.get(key))]
    out["instruments"] = [{ORIGIN: _text(_map(e).get(ORIGIN)), **{s.key: _text(_map(e).get(s.key), s)
                                                                  for s in INSTRUMENT}}
                          for e in _seq(draft.get("instruments"))]
    out["accepted"] = [{ORIGIN: _text(_map(e).get(ORIGIN)), **{s.key: _text(_map(e).get(s.key), s) for s in ACCEPTED}}
                       for e in _seq(draft.get("accepted"))]
    clauses = []
    for element in _seq(draft.get("diktum")):
        element = _map(element)
        kind = _text(element.get("kind"))
        clause: Draft = {ORIGIN: _text(element.get(ORIGIN)), "kind": kind,
                         **{s.key: _text(element.get(s.key), s) for s in CLAUSE.get(kind, ())}}
        clause["items"] = [{ORIGIN: _text(_map(e).get(ORIGIN)), VALUE: _text(_map(e).get(VALUE))}
                           for e in _seq(element.get("items"))]
        clauses.append(clause)
    out["diktum"] = clauses
    lampiran = []
    for element in _seq(draft.get("lampiran")):
        element = _map(element)
        kind = _text(element.get("kind"))
        lamp: Draft = {ORIGIN: _text(element.get(ORIGIN)), "kind": kind,
                       **{s.key: _text(element.get(s.key), s) for s in LAMPIRAN.get(kind, ())}}
        columns = _map(element.get("columns"))
        headings = _map(columns.get("headings"))
        lamp["columns"] = {**{s.key: _text(columns.get(s.key), s) for s in COLUMNS},
                           "headings": {s.key: _text(headings.get(s.key), s) for s in HEADINGS}}
        lamp["blocks"] = _complete_blocks(element.get("blocks"))
        lamp[MAKE] = _text(element.get(MAKE))
        lampiran.append(lamp)
    out["lampiran"] = lampiran
    return out


def _complete_blocks(blocks: Any) -> list[Draft]:
    out = []
    for block in _seq(blocks):
        block = _map(block)
        entry: Draft = {ORIGIN: _text(block.get(ORIGIN))}
        kind = _posted_kind(block)
        if kind == "list":
            spec = _map(block.get("list"))
            entry["list"] = {"style": _text(spec.get("style"), LIST_STYLE),
                             "items": [{ORIGIN: _text(_map(i).get(ORIGIN)), "text": _text(_map(i).get("text")),
                                        "blocks": _complete_blocks(_map(i).get("blocks"))}
                                       for i in _seq(spec.get("items"))]}
        elif kind:
            entry[kind] = _text(block.get(kind))
        out.append(entry)
    return out


def _text(value: Any, spec: FieldSpec | None = None) -> str:
    if isinstance(value, str):
        return value
    return spec.default if spec is not None else ""
