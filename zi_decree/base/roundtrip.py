"""YAML files read to be written back as they were laid out (ruamel's round trip): comments, indents, line ends."""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.util import load_yaml_guess_indent

from zi_decree.base.kept import Kept

__all__ = ["Tree", "dump_tree", "read_tree"]


@dataclass
class Tree:
    """A YAML file read for a round trip: its tree and how to write it back as it was laid out."""

    data: Any
    indent: tuple[int, int, int]  # mapping, sequence, offset of the dash, as the file has them
    crlf: bool
    bom: bool = False


def read_tree(raw: bytes) -> Tree:
    """The round-trip tree of a YAML file's bytes (UnicodeDecodeError, or a ruamel error when it is no YAML): a
    tree of its own for each caller, who may change it."""
    digest = hashlib.sha256(raw).digest()
    kept = _KEPT.get(digest)
    if kept is not None:
        # Unpickling a tree is 10 to 30 times faster than ruamel reading the text again, and the same tree,
        # comments and places included.
        tree: Tree = pickle.loads(kept)
        return tree
    tree = _parse(raw)
    _KEPT.keep(digest, pickle.dumps(tree, pickle.HIGHEST_PROTOCOL))
    return tree


# The trees read lately, pickled, by the hash of the bytes they were read from, for the whole process: the
# workspace opens the same spec again and again (each workspace served, each form opened after a change
# elsewhere), and a rollover reads what the form or the last rollover read.
_KEPT: Kept[bytes, bytes] = Kept(32, len, 32 << 20)  # 32 trees, 32 MB of pickles


def _parse(raw: bytes) -> Tree:
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    _, sequence, offset = load_yaml_guess_indent(text, yaml=_Unread())
    return Tree(_yaml().load(text), (_mapping_indent(text), sequence or 2, offset or 0), crlf, bom)


def dump_tree(tree: Tree) -> bytes:
    """The tree as the file's bytes, laid out as it was read."""
    yaml = _yaml()
    mapping, sequence, offset = tree.indent
    yaml.indent(mapping=mapping, sequence=max(sequence, offset + 2), offset=offset)
    out = io.StringIO()
    yaml.dump(tree.data, out)
    text = out.getvalue()
    return (text.replace("\n", "\r\n") if tree.crlf else text).encode("utf-8-sig" if tree.bom else "utf-8")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the office's lines
    return yaml


class _Unread:
    """What ruamel's guess of the indents loads the text with: nothing (the text is loaded once, by read_tree)."""

    @staticmethod
    def load(text: str) -> None:
        return None


def _mapping_indent(text: str) -> int:
    """How far the file indents a mapping inside a mapping (ruamel guesses only the sequences' indent)."""
    previous = None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if previous is not None and previous[1].endswith(":") and not previous[1].startswith("- ") \
                and not stripped.startswith("- "):
            step = (len(line) - len(stripped)) - previous[0]
            if step > 0:
                return step
        previous = (len(line) - len(stripped), stripped.split(" #")[0].rstrip())
    return 2
