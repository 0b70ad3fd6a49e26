"""Write tests/hunspell_id_sample.tsv: words with the real Hunspell's verdict on them, for tests/test_proofread.py.

The words: every word of the seeds and the examples, those words in capitals and with an initial capital, the
words with one letter changed (typos), and affixed forms built from the dictionary's stems and affixes, right
and wrong. Run `python tests/make_hunspell_sample.py` (it needs the `hunspell` program: apt-get install hunspell)
after changing the shipped dictionary; the test checks that zi_decree.base.hunspell agrees with every verdict.
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = ROOT / "zi_decree" / "dictionaries" / "id_ID"
TARGET = Path(__file__).resolve().parent / "hunspell_id_sample.tsv"
WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]
    return sorted({w for text in texts for w in WORD.findall(text) if len(w) > 1})


def typos(words: list[str], rng: random.Random, count: int) -> list[str]:
    out = set()
    letters = "abcdefghijklmnopqrstuvwxyz"
    for word in rng.sample(words, count):
        i = rng.randrange(len(word))
        kind = rng.randrange(4)
        if kind == 0:
            out.add(word[:i] + word[i + 1:])
        elif kind == 1:
            out.add(word[:i] + rng.choice(letters) + word[i:])
        elif kind == 2:
            out.add(word[:i] + rng.choice(letters) + word[i + 1:])
        elif i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    return [w for w in out if WORD.fullmatch(w)]


def affixed(rng: random.Random, count: int) -> list[str]:
    """Stems of the dictionary with a prefix and suffixes of its rules: many right, many wrong."""
    aff = DICTIONARY.with_suffix(".aff").read_text(encoding="latin-1")
    dic = DICTIONARY.with_suffix(".dic").read_text(encoding="latin-1").splitlines()[1:]
    prefixes = sorted(set(re.findall(r"^PFX \S\S \S+ ([a-z]+)", aff, re.MULTILINE)))
    suffixes = sorted(set(re.findall(r"^SFX \S\S \S+ ([a-zA-Z-]+)", aff, re.MULTILINE)))
    stems = [line.split("/")[0] for line in dic if "/" in line and line.split("/")[0].isalpha()]
    out = set()
    for _ in range(count):
        stem = rng.choice(stems)
        shape = rng.randrange(4)
        pre = rng.choice(prefixes) if shape in (0, 2, 3) else ""
        suf = rng.choice(suffixes) if shape in (1, 2, 3) else ""
        if shape == 3:
            suf += rng.choice(["lah", "kah", "nya", "ku", "mu"])
        # Nasal prefixes replace the stem's first letter (meN- + pakai = memakai) as their rules do.
        if pre and pre[-1] in "mny" and stem[0] in "ptks" and rng.random() < 0.5:
            stem = stem[1:]
        out.add(pre + stem + suf)
    return sorted(out)


def main() -> None:
    rng = random.Random(14)
    words = corpus()
    sample = set(words)
    sample.update(w.upper() for w in rng.sample(words, 300))
    sample.update(w.capitalize() for w in rng.sample(words, 300))
    sample.update(typos(words, rng, 900))
    sample.update(affixed(rng, 1500))
    ordered = sorted(sample)
    with tempfile.NamedTemporaryFile("w", encoding="latin-1", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(ordered) + "\n")
    result = subprocess.run(["hunspell", "-d", str(DICTIONARY), "-i", "ISO8859-1", "-l", handle.name],
                            capture_output=True, text=True, encoding="latin-1", check=True)
    Path(handle.name).unlink()
    wrong = set(result.stdout.split())
    version = subprocess.run(["hunspell", "-v"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    lines = [f"# word\tverdict of {version.strip()} with zi_decree/dictionaries/id_ID (tests/make_hunspell_sample.py)"]
    lines += [f"{w}\t{'wrong' if w in wrong else 'right'}" for w in ordered]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(ordered)} words, {len(wrong & set(ordered))} wrong")


if __name__ == "__main__":
    main()
