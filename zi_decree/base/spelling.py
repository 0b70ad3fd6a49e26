"""Spelling: words against the shipped Indonesian dictionary, the domain's words and the standard (baku) forms.

The data is in zi_decree/dictionaries (see its README.md): id_ID.aff and id_ID.dic (Hunspell, from LibreOffice),
domain.txt (acronyms, terms of art, names and foreign terms of Zona Integritas plans that the dictionary lacks),
standard.txt (non-standard forms and the standard one, after KBBI) and common.txt (words of published decrees,
the first place suggestions come from).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from zi_decree.base import hunspell
from zi_decree.base.cache import cache_dir, keep
from zi_decree.base.hunspell import ALLCAP, INITCAP, Dictionary, LazyDictionary, captype

__all__ = ["Lexicon", "Speller", "data_dir", "match_case", "read_word_list", "speller", "words_of"]

# A word: letters, with hyphens or apostrophes inside ("e-PPID", "masing-masing").
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
# What is not prose, taken whole up to the next space: web and mail addresses and file names (a dot or an @
# between letters: kpu.go.id, S.H., M.Si.) and registry codes (a slash and digits: 120/PW.01/33/2022).
_NOT_PROSE = re.compile(r"\S*(?:://|@|[^\W\d_]\.[^\W\d_]|/\S*\d|\d\S*/)\S*")
# Roman numerals up to 39 (areas, lampiran and chapter numbers), in capitals.
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
# Keys next to one another on a QWERTY keyboard: a typo hits a neighbour more often than another key.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Letters in a word that corrections are looked for: more than any word of the dictionary has
# ("ketidakbertanggungjawaban", 25). The edits of a word grow with its length, and the time with its square: a
# 4,000-letter "word" took minutes.
LONGEST_WORD = 40
_VOWELS = frozenset("aeiou")


def data_dir() -> Path:
    """The folder of the shipped dictionary and word lists."""
    return Path(str(resources.files("zi_decree"))) / "dictionaries"


def words_of(text: str) -> Iterator[tuple[int, str]]:
    """The words of a text to spell-check, with their offsets: not addresses, file names, dotted abbreviations,
    numbers or words glued to digits (5R, K3), single letters (list labels) or Roman numerals."""
    skip = [m.span() for m in _NOT_PROSE.finditer(text)] if ("." in text or "@" in text or "/" in text) else []
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        if len(word) < 2 or (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue
        if word.isupper() and _ROMAN.fullmatch(word):
            continue
        if skip and any(a <= start < b for a, b in skip):
            continue
        yield start, word


def match_case(word: str, typed: str) -> str:
    """`word` written in the capitals of `typed`: all capitals, or an initial capital, or as it is."""
    kind = captype(typed)
    if kind == ALLCAP and len(typed) > 1:
        return word.upper()
    if kind == INITCAP or (typed[:1].isupper() and not word[:1].isupper()):
        return word[:1].upper() + word[1:]
    return word


def read_word_list(text: str) -> list[str]:
    """The words of a word list: one entry a line (an entry may have spaces: each word counts), '#' comments."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.extend(line.split())
    return out


@dataclass(frozen=True)
class Lexicon:
    """Words accepted besides the dictionary, with Hunspell's rule for capitals: a word listed in lower case is
    right in any capitals; one listed with capitals ('KPU', 'Surakarta', 'e-PPID') is right as listed, in all
    capitals, or with its first letter capitalised (at the start of a sentence)."""

    lower: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    upper: frozenset[str] = frozenset()

    @classmethod
    def of(cls, words: Iterable[str]) -> Lexicon:
        words = [w for w in words if w]
        lower = frozenset(w for w in words if w == w.lower())
        exact = frozenset(w for w in words if w != w.lower())
        return cls(lower, exact, frozenset(w.upper() for w in exact))

    def __add__(self, other: Lexicon) -> Lexicon:
        return Lexicon(self.lower | other.lower, self.exact | other.exact, self.upper | other.upper)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        if word in self.exact or word.lower() in self.lower:
            return True
        if word.isupper():
            return word in self.upper
        return word[0].isupper() and (word[0].lower() + word[1:]) in self.exact


@dataclass
class Speller:
    """The dictionary and the word lists, with a memory of the words already checked."""

    dictionary: Dictionary | LazyDictionary  # the shipped one is read only for words not judged before
    lexicon: Lexicon
    standard: dict[str, str]  # a non-standard form (lower case) -> the standard form
    common: frozenset[str]  # words of published decrees (lower case), the first source of suggestions
    own: frozenset[str] = frozenset()  # the words added by with_words (lower case), suggested like common ones
    _known: dict[str, bool] = field(default_factory=dict, repr=False)
    # The shipped speller, whose memory of edits every speller made from it shares: a batch of offices with one
    # plan suggests for the plan's typos once.
    _root: Speller | None = field(default=None, repr=False)
    _edits: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    def with_words(self, words: Iterable[str]) -> Speller:
        """This speller with more accepted words (an office's names and word list); the dictionary is shared."""
        words = list(words)
        extra = Lexicon.of(words)
        if not extra.lower and not extra.exact:
            return self
        root = self._root or self
        return Speller(self.dictionary, self.lexicon + extra, self.standard, self.common,
                       self.own | {w.lower() for w in words}, {}, root, root._edits)

    def standard_form(self, word: str) -> str | None:
        """The standard (baku) form of a non-standard one, in the word's capitals; None when the word is not one."""
        found = self.standard.get(word.lower())
        return match_case(found, word) if found else None

    def accepts(self, word: str) -> bool:
        """Whether a word is spelled right: in the word lists or the dictionary, or made of such parts at hyphens."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = (
                word in self.lexicon or self.dictionary.check(word)
                or ("-" in word and all(len(part) < 2 or self.accepts(part) for part in word.split("-"))))
        return known

    def suggest(self, word: str, nearby: Iterable[str] = (), limit: int = 3) -> list[str]:
        """Up to `limit` corrections of a word, best first: its standard form; then words one edit away (two for
        words of five letters or more) that are right, those of published decrees, of `nearby` (the decree's own
        words) and of with_words first, and cheap edits (neighbouring keys, swapped letters, a doubled letter, the
        dictionary's REP pairs) before others; then two words run together."""
        if len(word) > LONGEST_WORD:
            return []
        low = word.lower()
        near = {w.lower() for w in nearby} | self.own
        found: dict[str, float] = {}
        standard = self.standard.get(low)
        if standard:
            found[standard] = -10.0
        for candidate, cost in self._edits_of(word).items():
            found.setdefault(candidate, cost)
        for candidate in _near(low, near.difference(found), 2 if len(low) >= 5 else 1):
            found[candidate] = self._cost(low, candidate)
        # A word of published decrees, and more so one of this decree, is a likelier meaning than a rare word of
        # the dictionary: "Bccik" is "Baik" (two edits) rather than "bacik" (one), but "Lancana" is "Lencana" (one
        # edit of a vowel) rather than "laksana" (two).
        # A typo rarely hits the first letter: "yan" is "yang" before "dan".
        ranked = sorted(found.items(), key=lambda kv: (kv[1] - 0.6 * (kv[0] in self.common)
                                                       - 0.25 * (kv[0] in near) + 0.3 * (kv[0][:1] != low[:1]),
                                                       kv[0]))
        out: list[str] = []
        for candidate, _ in ranked:
            shown = self._shown(candidate, word)
            if shown != word and shown not in out:
                out.append(shown)
            if len(out) == limit:
                break
        return out

    def _edits_of(self, word: str) -> dict[str, float]:
        """The published decrees' words one or two edits from `word`, the dictionary's words one edit from it, and
        the word split in two, with their costs; kept for the next decree (they depend on the shipped data only)."""
        root = self._root or self
        known = root._edits.get(word)
        if known is None:
            low = word.lower()
            known = {candidate: root._cost(low, candidate)
                     for candidate in _near(low, root.common, 2 if len(low) >= 5 else 1)}
            for candidate in _edits1(low):
                if candidate not in known and root.accepts(match_case(candidate, word)):
                    known[candidate] = root._cost(low, candidate)
            # Two words run together; with a typo in one of them only when nothing closer was found.
            closer = any(cost <= 1.0 for cost in known.values())
            for candidate in root._splits(low, word, edited=not closer):
                known.setdefault(candidate, root._cost(low, candidate))
            root._edits[word] = known
        return known

    def _shown(self, candidate: str, typed: str) -> str:
        # A name keeps its capitals ('surakarta' -> 'Surakarta'); otherwise the capitals of what was typed.
        cased = match_case(candidate, typed)
        if " " not in candidate and not self.accepts(cased):
            for name in (candidate.capitalize(), candidate.upper()):
                if self.accepts(name):
                    return match_case(name, typed)
        return cased

    def _splits(self, low: str, typed: str, edited: bool) -> list[str]:
        """Two words run together ('tindaklanjut'), one of them possibly with a typo ('tinfaklanjut')."""
        out = []
        for i in range(3, len(low) - 2):
            left, right = low[:i], low[i:]
            left_ok = self.accepts(match_case(left, typed))
            right_ok = self.accepts(right)
            if left_ok and right_ok:
                out.append(f"{left} {right}")
            elif edited and len(low) >= 8 and (left_ok or right_ok):
                # The other half one edit away: only in the published decrees' words, to stay quick.
                other = right if left_ok else left
                for candidate in _near(other, self.common, 1):
                    out.append(f"{left} {candidate}" if left_ok else f"{candidate} {right}")
        return out

    def _cost(self, typed: str, candidate: str) -> float:
        return _weighted_distance(typed, candidate, self.dictionary.rep)


def _near(low: str, pool: Iterable[str], most: int) -> list[str]:
    """The words of `pool` within `most` edits of `low` that begin with its letter (typos rarely hit the first)."""
    first, letters, size = low[:1], set(low), len(low)
    # An edit changes the set of letters by one letter each way at most: a cheap bound before the distance.
    return [candidate for candidate in pool
            if candidate[:1] == first and abs(len(candidate) - size) <= most and candidate != low
            and len(letters.symmetric_difference(candidate)) <= 2 * most and _distance(low, candidate, most) <= most]


def _edits1(word: str) -> Iterator[str]:
    """Every string one edit from `word` (deleting, swapping, replacing or inserting a letter)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    seen = {word}
    n = len(word)
    for i in range(n):
        for candidate in [word[:i] + word[i + 1:]] + ([word[:i] + word[i + 1] + word[i] + word[i + 2:]]
                                                      if i + 1 < n else []):
            if candidate not in seen:
                seen.add(candidate)
                yield candidate
    for i in range(n + 1):
        for c in letters:
            for candidate in ((word[:i] + c + word[i + 1:], word[:i] + c + word[i:]) if i < n else (word + c,)):
                if candidate not in seen:
                    seen.add(candidate)
                    yield candidate


def _distance(a: str, b: str, most: int) -> int:
    """The edit distance of a and b (insertions, deletions, replacements, swaps of neighbours), or most + 1 when
    it is larger than `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > most:
            return most + 1
        previous2, previous = previous, row
    return previous[-1]


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, c in enumerate(row):
            keys = near.setdefault(c, set())
            keys.update(row[max(0, i - 1):i] + row[i + 1:i + 2])
            for other in (r - 1, r + 1):
                if 0 <= other < len(_ROWS):
                    keys.update(_ROWS[other][max(0, i - 1):i + 2])
    return {c: frozenset(keys) for c, keys in near.items()}


def _weighted_distance(a: str, b: str, rep: tuple[tuple[str, str], ...]) -> float:
    """An edit distance where the likely slips cost less: a neighbouring key, a vowel for a vowel, a letter of the
    dictionary's REP pairs (o/u, p/f, ...), two letters swapped, a letter doubled or undoubled, a space."""
    near = _neighbours()
    swaps = {(x, y) for x, y in rep if len(x) == 1 and len(y) == 1}
    n, m = len(a), len(b)
    d = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        d[i][0] = float(i)
    for j in range(1, m + 1):
        d[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            x, y = a[i - 1], b[j - 1]
            if x == y:
                replace = 0.0
            elif y in near.get(x, ()) or (x, y) in swaps or (x in _VOWELS and y in _VOWELS):
                replace = 0.7
            else:
                replace = 1.0
            delete = 0.5 if (i > 1 and a[i - 2] == x) or (i < n and a[i] == x) else 1.0  # an extra doubled letter
            insert = 1.0 if y == " " else 0.6 if (j > 1 and b[j - 2] == y) else 1.0
            best = min(d[i - 1][j] + delete, d[i][j - 1] + insert, d[i - 1][j - 1] + replace)
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                best = min(best, d[i - 2][j - 2] + 0.5)
            d[i][j] = best
    return d[n][m]


@lru_cache(maxsize=1)
def speller() -> Speller:
    """The shipped dictionary and word lists, loaded once per process."""
    folder = data_dir()
    dictionary = LazyDictionary(folder / "id_ID.aff", folder / "id_ID.dic", cache_dir())
    lexicon = Lexicon.of(read_word_list((folder / "domain.txt").read_text(encoding="utf-8")))
    standard: dict[str, str] = {}
    for line in (folder / "standard.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "->" in line:
            wrong, right = (part.strip() for part in line.split("->", 1))
            standard[wrong.lower()] = right
    common = frozenset(read_word_list((folder / "common.txt").read_text(encoding="utf-8")))
    found = Speller(dictionary, lexicon, standard, common)
    _remember(found, folder)
    return found


_MEMORY_FORMAT = 2  # raise when what the memory keeps changes (2: newest first, bounded)
# Verdicts and corrections the memory keeps, the newest first. Reading it is part of every check's start: 20,000
# verdicts (a few offices' decrees over years) read in about 30 ms, while 180,000 (what a run of generated
# texts left when the memory only stopped growing at 200,000) took half a second, more than judging a decree's
# words anew.
_MEMORY_VERDICTS = 20_000
_MEMORY_CORRECTIONS = 2_000


def _remember(spell: Speller, folder: Path) -> None:
    """Give the shipped speller the verdicts and corrections of earlier runs, and keep this run's at exit.

    Checking a decree's 2,700 words and finding corrections for its unknown ones takes about 0.1 s, a tenth of a
    render, and the next render of the same decree asks the same: both depend on the shipped data only, so they
    are kept in the user cache (as JSON, keyed by the SHA-256 of every data file), like the dictionary's words.
    Nothing is kept when there is no cache folder or it cannot be written.
    """
    cache = cache_dir()
    if cache is None:
        return
    digest = hashlib.sha256(b"%d" % _MEMORY_FORMAT)
    # The data, and the code that judges words with it (a fix there changes verdicts).
    try:
        for file in (*(folder / name for name in ("id_ID.aff", "id_ID.dic", "domain.txt", "standard.txt",
                                                  "common.txt")), Path(__file__), Path(hunspell.__file__)):
            digest.update(b"\0" + file.read_bytes())
    except (OSError, TypeError):
        return
    path = cache / f"speller-{digest.hexdigest()[:32]}.json"
    memo, edits = spell.dictionary._memo, spell._edits
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {(word, bool(upper)): bool(right) for word, upper, right in data["memo"][:_MEMORY_VERDICTS]}
        corrections = {word: {str(c): float(cost) for c, cost in found.items()}
                       for word, found in list(data["edits"].items())[:_MEMORY_CORRECTIONS]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        known, corrections = {}, {}  # not kept yet, or a damaged entry: found again
    memo.update(known)
    edits.update(corrections)
    atexit.register(_keep, spell, path, known, corrections)


def _keep(spell: Speller, path: Path, known: dict[tuple[str, bool], bool],
          corrections: dict[str, dict[str, float]]) -> None:
    """Write the memory again when this run judged words it did not hold: this run's first (in the order judged),
    then the earlier ones, up to the bounds."""
    memo, edits = spell.dictionary._memo, spell._edits
    new = [key for key in memo if key not in known]
    new_edits = [word for word in edits if word not in corrections]
    if not new and not new_edits:
        return
    verdicts = [*new, *known][:_MEMORY_VERDICTS]
    kept = [*new_edits, *corrections][:_MEMORY_CORRECTIONS]
    keep(path, {"memo": [[w, u, memo[w, u]] for w, u in verdicts], "edits": {w: edits[w] for w in kept}})
