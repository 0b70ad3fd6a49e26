"""Hunspell's affix check for one dictionary (.aff and .dic): whether a word is a form the dictionary allows.

Why by hand: spylls (Hunspell in pure Python) takes about a second to load the Indonesian dictionary and over a
millisecond a word, and the whole of proofreading may add at most 0.3 s to a check; a binding to the C library
needs the library on every user's machine. The Indonesian dictionary expands to some 8 million forms, too many
to list, so forms are checked as Hunspell checks them: strip a prefix and up to two suffixes (suffixes carry
continuation classes), with cross products, CIRCUMFIX and NEEDAFFIX, and look the stem up. This implements
what id_ID uses (FLAG long or single-character flags, PFX/SFX with strip, add, condition and continuation
classes, CIRCUMFIX, NEEDAFFIX, FORBIDDENWORD, REP, TRY, and Hunspell's default breaking at hyphens), not compounding,
ICONV/OCONV or morphology.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zi_decree.base.cache import keep

__all__ = ["Affix", "Dictionary", "LazyDictionary", "captype"]

# A flag only hidden homonyms carry (Hunspell's ONLYUPCASEFLAG): an upper-case word's inner capitals ("DPRD" has
# suffixes as "Dprd..."), allowed when the word was typed in capitals, never when typed with an initial capital.
_ONLY_UPCASE = "\0u"
# Hunspell's default BREAK table: a word is also right when its parts at a hyphen are.
_MAX_BREAK_DEPTH = 10

NOCAP, INITCAP, ALLCAP, HUHCAP, HUHINITCAP = range(5)


def captype(word: str) -> int:
    """Hunspell's capitalisation type: NOCAP, INITCAP, ALLCAP, HUHCAP (mixed) or HUHINITCAP (mixed, first up)."""
    if word.islower() or (not word.isupper() and word == word.lower()):
        return NOCAP
    if word.isupper():
        return ALLCAP
    first = word[0].isupper()
    rest = word[1:]
    if first and (rest.islower() or rest == rest.lower()):
        return INITCAP
    return HUHINITCAP if first else HUHCAP


@dataclass(frozen=True, eq=False)
class Affix:
    """One PFX or SFX rule: strip these letters, add those; the stem must meet the condition."""

    flag: str
    prefix: bool
    strip: str
    add: str
    # Per position of the condition: (the letters, negated); None for any letter. Prefix conditions are read from
    # the stem's start, suffix conditions from its end (the last position is the stem's last letter).
    condition: tuple[tuple[frozenset[str], bool], ...]
    cont: frozenset[str]
    cross: bool

    def fits(self, stem: str) -> bool:
        """Whether a stem (strip letters restored) meets the rule's condition."""
        cond = self.condition
        if not cond:
            return True
        n = len(cond)
        if len(stem) < n:
            return False
        part = stem[:n] if self.prefix else stem[-n:]
        return all((letter in letters) != negated for letter, (letters, negated) in zip(part, cond))


def _condition(text: str) -> tuple[tuple[frozenset[str], bool], ...]:
    """A condition ('.', 'k[^h^l^r]', '[aeiou]') as its positions; positions that take any letter are kept so
    that the stem's length is still checked, and a condition of only such positions is empty (tmpl > 0 suffices
    for one position)."""
    out: list[tuple[frozenset[str], bool] | None] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "[":
            end = text.find("]", i)
            if end < 0:
                end = len(text)
            group = text[i + 1:end]
            negated = group.startswith("^")
            # Hunspell reads every '^' inside a group as a letter ('[^l^r]' is: not l, ^ or r).
            out.append((frozenset(group[1:] if negated else group), negated))
            i = end + 1
        else:
            out.append(None if c == "." else (frozenset(c), False))
            i += 1
    if all(p is None for p in out) and len(out) <= 1:
        return ()
    return tuple(p if p is not None else (frozenset(), True) for p in out)


@dataclass
class Dictionary:
    """A Hunspell dictionary loaded for checking words (see check)."""

    words: dict[str, str]  # each word with the key of its flags in flagsets
    flagsets: dict[str, tuple[frozenset[str], ...]]  # the flags of each homonym
    prefixes: dict[str, tuple[Affix, ...]]
    suffixes: dict[str, tuple[Affix, ...]]
    circumfix: str = ""
    needaffix: str = ""
    forbidden: str = ""
    try_letters: str = ""
    rep: tuple[tuple[str, str], ...] = ()
    # The flags that some affix names as a continuation class (Hunspell's `contclasses`).
    continuations: frozenset[str] = frozenset()
    # Hidden homonyms of words with inner capitals, for words typed in capitals.
    upper_words: dict[str, str] = field(default_factory=dict)
    _max_prefix: int = 0
    _max_suffix: int = 0
    # The rules by what they add, then by what they strip: the stem is made once for all the rules of a group
    # and looked up first, since most stems of a word are no word at all.
    _pfx: dict[str, tuple[tuple[str, tuple[Affix, ...]], ...]] = field(default_factory=dict, repr=False)
    _sfx: dict[str, tuple[tuple[str, tuple[Affix, ...]], ...]] = field(default_factory=dict, repr=False)
    _sfx_sizes: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _sfx_empty: tuple[tuple[str, tuple[Affix, ...]], ...] = ()
    _pfx_sizes: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _pfx_empty: tuple[tuple[str, tuple[Affix, ...]], ...] = ()
    _memo: dict[tuple[str, bool], bool] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._max_prefix = max(map(len, self.prefixes), default=0)
        self._max_suffix = max(map(len, self.suffixes), default=0)
        self._pfx = {add: _by_strip(rules) for add, rules in self.prefixes.items()}
        self._sfx = {add: _by_strip(rules) for add, rules in self.suffixes.items()}
        # The lengths of the suffixes ending in each letter and of the prefixes beginning with it: a word is
        # tried only with those.
        sfx_sizes: dict[str, set[int]] = {}
        for add in self._sfx:
            if add:
                sfx_sizes.setdefault(add[-1], set()).add(len(add))
        self._sfx_sizes = {c: tuple(sorted(sizes)) for c, sizes in sfx_sizes.items()}
        self._sfx_empty = self._sfx.get("", ())
        pfx_sizes: dict[str, set[int]] = {}
        for add in self._pfx:
            if add:
                pfx_sizes.setdefault(add[0], set()).add(len(add))
        self._pfx_sizes = {c: tuple(sorted(sizes, reverse=True)) for c, sizes in pfx_sizes.items()}
        self._pfx_empty = self._pfx.get("", ())
        if not self.upper_words:
            self.upper_words = self.words

    # ------------------------------------------------------------------------------------------ loading

    @classmethod
    def load(cls, aff: Path, dic: Path, cache: Path | None = None) -> Dictionary:
        """Read an .aff and a .dic file (their SET encoding, ISO-8859-1 when none). With `cache` (a folder), the
        .dic's words are kept read there, keyed by both files' SHA-256, as JSON: reading it is 3 times faster than
        reading the .dic's 31,000 lines."""
        aff_bytes, dic_bytes = aff.read_bytes(), dic.read_bytes()
        found = re.search(rb"^SET\s+(\S+)", aff_bytes, re.MULTILINE)
        encoding = found.group(1).decode("ascii") if found else "ISO8859-1"
        aff_text = aff_bytes.decode(encoding)
        read = None
        if cache is not None:
            key = hashlib.sha256(b"%d\0%s\0%s" % (_CACHE_FORMAT, aff_bytes, dic_bytes)).hexdigest()[:32]
            read = _cache_get(cache / f"hunspell-{key}.json")
        if read is None:
            read = _read_dic(dic_bytes.decode(encoding), _flag_mode(aff_text))
            if cache is not None:
                _cache_put(cache, f"hunspell-{key}.json", read)
        return cls.parse(aff_text, "", read)

    @classmethod
    def parse(cls, aff_text: str, dic_text: str,
              read: tuple[dict[str, str], dict[str, tuple[frozenset[str], ...]]] | None = None) -> Dictionary:
        """A dictionary from the texts of its .aff and .dic files (or the .dic as _read_dic read it)."""
        options: dict[str, str] = {}
        rep: list[tuple[str, str]] = []
        affixes: list[Affix] = []
        lines = aff_text.splitlines()
        i = 0
        flag_mode = "char"
        while i < len(lines):
            parts = lines[i].split()
            i += 1
            if not parts or parts[0].startswith("#"):
                continue
            key = parts[0]
            if key == "FLAG" and len(parts) > 1:
                flag_mode = parts[1]
            elif key in ("PFX", "SFX") and len(parts) >= 4:
                flag, cross, count = parts[1], parts[2] == "Y", int(parts[3])
                for line in lines[i:i + count]:
                    rule = line.split()
                    if len(rule) < 4 or rule[0] != key or rule[1] != flag:
                        continue
                    strip = "" if rule[2] == "0" else rule[2]
                    add, _, cont = rule[3].partition("/")
                    add = "" if add == "0" else add
                    affixes.append(Affix(flag, key == "PFX", strip, add,
                                         _condition(rule[4] if len(rule) > 4 else "."),
                                         frozenset(_flags(cont, flag_mode)), cross))
                i += count
            elif key == "REP" and len(parts) >= 3:
                rep.append((parts[1].replace("_", " "), parts[2].replace("_", " ")))
            elif len(parts) > 1:
                options[key] = parts[1]
        words, flagsets = read if read is not None else _read_dic(dic_text, flag_mode)
        flagsets = dict(flagsets)
        prefixes: dict[str, list[Affix]] = {}
        suffixes: dict[str, list[Affix]] = {}
        for affix in affixes:
            (prefixes if affix.prefix else suffixes).setdefault(affix.add, []).append(affix)
        # Words with capitals inside (and upper-case words that take affixes) get a hidden homonym in lower case
        # with an initial capital, for the word typed in capitals: "DPRD" + suffix is looked up as "Dprd...".
        upper = words
        for word in [w for w in words if not w.islower()]:
            kind = captype(word)
            if kind in (HUHCAP, HUHINITCAP) or (kind == ALLCAP and any(flagsets[words[word]])):
                if upper is words:
                    upper = dict(words)
                key = word.lower().capitalize()
                hidden = _ONLY_UPCASE + words[word]
                flagsets[hidden] = tuple(f | {_ONLY_UPCASE} for f in flagsets[words[word]])
                if key in upper:
                    hidden = upper[key] + "\n" + hidden
                    flagsets[hidden] = flagsets[upper[key]] + tuple(f | {_ONLY_UPCASE}
                                                                    for f in flagsets[words[word]])
                upper[key] = hidden
        return cls(
            words=words,
            flagsets=flagsets,
            prefixes={k: tuple(v) for k, v in prefixes.items()},
            suffixes={k: tuple(v) for k, v in suffixes.items()},
            circumfix=_one_flag(options.get("CIRCUMFIX", ""), flag_mode),
            needaffix=_one_flag(options.get("NEEDAFFIX", ""), flag_mode),
            forbidden=_one_flag(options.get("FORBIDDENWORD", ""), flag_mode),
            try_letters=options.get("TRY", ""),
            rep=tuple(rep),
            continuations=frozenset(f for a in affixes for f in a.cont),
            upper_words=upper,
        )

    # ------------------------------------------------------------------------------------------ checking

    def check(self, word: str) -> bool:
        """Whether Hunspell takes `word` as spelled right: capitalised and upper-case words are right when their
        lower-case form is (names in the dictionary keep their capitals), and a hyphenated word when its parts are."""
        return _spell(word, 0, self._word)

    def _word(self, word: str, upper: bool) -> bool:
        """Hunspell's checkword: the word itself, else with affixes. `upper`: the word was typed in capitals,
        so the hidden homonyms count."""
        key = (word, upper)
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = self._checkword(word, self.upper_words if upper else self.words)
        return known

    def _checkword(self, word: str, table: dict[str, str]) -> bool:
        key = table.get(word)
        if key is not None:
            homonyms = self.flagsets[key]
            if self.forbidden and self.forbidden in homonyms[0]:
                return False
            if any(self.needaffix not in flags for flags in homonyms):
                return True
        return (self._prefix_check(word, table) or self._suffix_check(word, table)
                or self._suffix_check_twosfx(word, table) or self._prefix_check_twosfx(word, table))

    def _prefix_check(self, word: str, table: dict[str, str]) -> bool:
        """A prefix on a root, or (cross product) a prefix and a suffix."""
        for size, groups in self._prefixes_of(word):
            rest = word[size:]
            for strip, rules in groups:
                stem = strip + rest if strip else rest
                key = table.get(stem)
                if key is not None:
                    for p in rules:
                        if self.needaffix not in p.cont and (not p.condition or p.fits(stem)):
                            for flags in self.flagsets[key]:
                                if p.flag in flags:
                                    return True
                crossing = tuple(p for p in rules if p.cross and (not p.condition or p.fits(stem)))
                if crossing and self._suffix_check(stem, table, crossing, True):
                    return True
        return False

    def _suffix_check(self, word: str, table: dict[str, str], ppfxs: tuple[Affix, ...] = (),
                      cross: bool = False, cclass: str = "") -> bool:
        """A suffix on a root; with prefixes `ppfxs` (any of them) stripped already, a cross product; with
        `cclass`, the inner suffix of two, which must name the outer one as a continuation class."""
        circumfix, needaffix = self.circumfix, self.needaffix
        for size, groups in self._suffixes_of(word):
            rest = word[:len(word) - size]
            for strip, rules in groups:
                stem = rest + strip if strip else rest
                key = table.get(stem)
                if key is None:
                    continue
                homonyms = self.flagsets[key]
                for s in rules:
                    if (cclass and cclass not in s.cont) or (cross and not s.cross) or \
                            (s.condition and not s.fits(stem)):
                        continue
                    sfx_circumfix = circumfix in s.cont if circumfix else False
                    sfx_needs = not cclass and needaffix and needaffix in s.cont
                    for p in ppfxs or (None,):
                        # A circumfix: the prefix and the suffix carry the CIRCUMFIX flag both, or neither does.
                        if circumfix and sfx_circumfix != (p is not None and circumfix in p.cont):
                            continue
                        # A suffix that needs another affix: an outer suffix, or a prefix that needs none.
                        if sfx_needs and (p is None or needaffix in p.cont):
                            continue
                        for flags in homonyms:
                            # The root takes the suffix (or the prefix enables it), and, in a cross product,
                            # the root takes the prefix (or the suffix enables it).
                            if (s.flag in flags or (p is not None and s.flag in p.cont)) and \
                                    (not cross or (p is not None and (p.flag in flags or p.flag in s.cont))):
                                return True
        return False

    def _suffix_check_twosfx(self, word: str, table: dict[str, str], ppfxs: tuple[Affix, ...] = (),
                             cross: bool = False) -> bool:
        """Two suffixes on a root (the outer one a continuation class of the inner), after prefixes `ppfxs`."""
        for size, groups in self._suffixes_of(word):
            rest = word[:len(word) - size]
            for strip, rules in groups:
                stem = rest + strip if strip else rest
                for s in rules:
                    if s.flag not in self.continuations or (cross and not s.cross) or \
                            (s.condition and not s.fits(stem)):
                        continue
                    # A suffix that names the prefix as its continuation class lets the inner suffix stand
                    # without it.
                    alone = tuple(p for p in ppfxs if p.flag not in s.cont)
                    if (len(alone) < len(ppfxs) or not ppfxs) and self._suffix_check(stem, table, (), False, s.flag):
                        return True
                    if alone and self._suffix_check(stem, table, alone, cross, s.flag):
                        return True
        return False

    def _prefixes_of(self, word: str) -> list[tuple[int, tuple[tuple[str, tuple[Affix, ...]], ...]]]:
        """The prefix groups a word begins with (as long as a letter of the word remains): (length, groups)."""
        n = len(word)
        get = self._pfx.get
        found = []
        for size in self._pfx_sizes.get(word[:1], ()):
            if size < n:
                groups = get(word[:size])
                if groups:
                    found.append((size, groups))
        if self._pfx_empty:
            found.append((0, self._pfx_empty))
        return found

    def _suffixes_of(self, word: str) -> list[tuple[int, tuple[tuple[str, tuple[Affix, ...]], ...]]]:
        """The suffix groups a word ends in (as long as a letter of the word remains): (length, groups)."""
        found = [(0, self._sfx_empty)] if self._sfx_empty else []
        n = len(word)
        get = self._sfx.get
        for size in self._sfx_sizes.get(word[-1:], ()):
            if size < n:
                groups = get(word[n - size:])
                if groups:
                    found.append((size, groups))
        return found

    def _prefix_check_twosfx(self, word: str, table: dict[str, str]) -> bool:
        for size, groups in self._prefixes_of(word):
            rest = word[size:]
            for strip, rules in groups:
                stem = strip + rest if strip else rest
                crossing = tuple(p for p in rules if p.cross and (not p.condition or p.fits(stem)))
                if crossing and self._suffix_check_twosfx(stem, table, crossing, True):
                    return True
        return False


def _spell(word: str, depth: int, lookup: Callable[[str, bool], bool]) -> bool:
    """Dictionary.check with `lookup` as Hunspell's checkword (the word, and whether it was typed in capitals)."""
    if not word:
        return False
    if _cased(word, lookup):
        return True
    if "-" not in word or depth > _MAX_BREAK_DEPTH:
        return False
    n = len(word)
    # Hunspell's default BREAK patterns: "^-", "-$" and "-" (at the second hyphen first, then at the first).
    if word[0] == "-" and _spell(word[1:], depth + 1, lookup):
        return True
    if word[-1] == "-" and _spell(word[:-1], depth + 1, lookup):
        return True
    first = word.find("-")
    if 0 < first < n - 1:
        second = word.find("-", first + 1)
        at = second if 0 < second < n - 1 else first
        if _spell(word[at + 1:], depth + 1, lookup) and _spell(word[:at], depth + 1, lookup):
            return True
        if at != first and _spell(word[first + 1:], depth + 1, lookup) and _spell(word[:first], depth + 1, lookup):
            return True
    return False


def _cased(word: str, lookup: Callable[[str, bool], bool]) -> bool:
    kind = captype(word)
    if kind in (NOCAP, HUHCAP, HUHINITCAP):
        return lookup(word, False)
    if kind == ALLCAP:
        if lookup(word, True):
            return True
        return lookup(word.lower().capitalize(), True) or lookup(word.lower(), True)
    return lookup(word, False) or lookup(word.lower(), False)


class _NotRemembered(Exception):
    """A word that LazyDictionary's memory has no verdict for."""


class LazyDictionary:
    """A Dictionary that reads its files only when a word is not in its memory of verdicts (`_memo`, which the
    speller fills from the user cache): reading the .dic's 31,000 words takes 40 ms, a third of proofreading,
    and a render of a decree checked before judges no new word. It answers as the Dictionary would."""

    def __init__(self, aff: Path, dic: Path, cache: Path | None = None) -> None:
        self._files = (aff, dic, cache)
        self._memo: dict[tuple[str, bool], bool] = {}
        self._loaded: Dictionary | None = None
        self._rep: tuple[tuple[str, str], ...] | None = None

    def loaded(self) -> Dictionary:
        """The Dictionary itself, read on first use; it shares this memory."""
        if self._loaded is None:
            self._loaded = Dictionary.load(*self._files)
            self._loaded._memo = self._memo
        return self._loaded

    @property
    def rep(self) -> tuple[tuple[str, str], ...]:
        """The .aff's REP pairs (likely slips); the .dic is not read for them."""
        if self._loaded is not None:
            return self._loaded.rep
        if self._rep is None:
            aff = self._files[0].read_bytes()
            found = re.search(rb"^SET\s+(\S+)", aff, re.MULTILINE)
            self._rep = Dictionary.parse(aff.decode(found.group(1).decode("ascii") if found else "ISO8859-1"),
                                         "").rep
        return self._rep

    def check(self, word: str) -> bool:
        """Dictionary.check: from memory when every form it looks up was judged before, else by the dictionary."""
        if self._loaded is None:
            try:
                return _spell(word, 0, self._remembered)
            except _NotRemembered:
                pass
        return self.loaded().check(word)

    def _remembered(self, word: str, upper: bool) -> bool:
        known = self._memo.get((word, upper))
        if known is None:
            raise _NotRemembered
        return known


def _by_strip(rules: tuple[Affix, ...]) -> tuple[tuple[str, tuple[Affix, ...]], ...]:
    groups: dict[str, list[Affix]] = {}
    for rule in rules:
        groups.setdefault(rule.strip, []).append(rule)
    return tuple((strip, tuple(group)) for strip, group in groups.items())


def _read_dic(text: str, flag_mode: str) -> tuple[dict[str, str], dict[str, tuple[frozenset[str], ...]]]:
    """The words of a .dic text, each with the key of its flags, and the flags of each key (one set per
    homonym). One regular expression and C-level dict building: a Python loop over 31,000 lines is what made
    loading slow."""
    text = text.replace("\r", "")
    # '\\/' is a slash inside a word (id_ID has none); a slash at the start of a line belongs to the word.
    escaped = "\\/" in text
    if escaped:
        text = text.replace("\\/", "\0")
    # Hunspell keeps trailing spaces as part of the word ('agentif ' in id_ID is never matched), and so does this;
    # flags end at white space (morphological fields follow).
    pairs = _DIC_LINE.findall(text)
    if pairs and pairs[0][0].strip().isdigit() and not pairs[0][1]:
        pairs = pairs[1:]  # the word count
    if escaped:
        pairs = [(w.replace("\0", "/"), f) for w, f in pairs]
    words = dict(pairs)
    if len(words) < len(pairs):  # homonyms: the same word again with other flags; their keys are joined
        first = dict(reversed(pairs))
        twice = {w for w, f in first.items() if words[w] != f}
        seen: dict[str, list[str]] = {}
        for w, f in [p for p in pairs if p[0] in twice]:
            seen.setdefault(w, []).append(f)
        words.update((w, "\n".join(keys)) for w, keys in seen.items())
    flagsets = {key: tuple(frozenset(_flags(f, flag_mode)) for f in key.split("\n")) for key in set(words.values())}
    return words, flagsets


_DIC_LINE = re.compile(r"^(.[^/\n]*)/?(\S*)[^\n]*$", re.MULTILINE)


def _flag_mode(aff_text: str) -> str:
    found = re.search(r"^FLAG\s+(\S+)", aff_text, re.MULTILINE)
    return found.group(1) if found else "char"


_CACHE_FORMAT = 1  # raise when what _read_dic returns changes


def _cache_get(path: Path) -> tuple[dict[str, str], dict[str, tuple[frozenset[str], ...]]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = data["words"]
        flagsets = {key: tuple(frozenset(flags) for flags in homonyms) for key, homonyms in data["flags"].items()}
        if not isinstance(words, dict) or not all(key in flagsets for key in set(words.values())):
            return None
        return words, flagsets
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # not cached yet, or a damaged entry: read the .dic


def _cache_put(folder: Path, name: str, read: tuple[dict[str, str], dict[str, tuple[frozenset[str], ...]]]) -> None:
    """Keep the .dic's reading; quietly nothing when the folder cannot be written."""
    words, flagsets = read
    keep(folder / name, {"words": words, "flags": {k: [sorted(f) for f in v] for k, v in flagsets.items()}})


def _flags(text: str, mode: str) -> list[str]:
    if not text:
        return []
    if mode == "long":
        return [text[i:i + 2] for i in range(0, len(text) - 1, 2)]
    if mode == "num":
        return [f for f in text.split(",") if f]
    return list(text)


def _one_flag(text: str, mode: str) -> str:
    flags = _flags(text, mode)
    return flags[0] if flags else ""
