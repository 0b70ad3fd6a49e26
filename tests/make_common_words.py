"""Write zi_decree/dictionaries/common.txt: the words of the published decrees and of the catalogue, spelled right.

Suggestions for an unknown word look here first (a typo in a decree is usually of a word decrees use, and
"baik" is a likelier meaning of "Bccik" than the dictionary's "bacik"). Only words the dictionary or domain.txt
accepts are kept, so the seeds' own typos never become suggestions. Run `python tests/make_common_words.py` after
changing the seeds, the examples, the catalogue or the word lists.
"""

from __future__ import annotations

from pathlib import Path

from zi_decree.base.spelling import data_dir, speller, words_of

ROOT = Path(__file__).resolve().parent.parent
TARGET = data_dir() / "common.txt"


def sources() -> list[Path]:
    return sorted([*(ROOT / "tests" / "seeds").glob("*.txt"), *(ROOT / "examples").glob("*.yaml"),
                   *(ROOT / "legal_basis").rglob("*.yaml"), ROOT / "zi_decree" / "tasks" / "standard-decree.yaml"])


def main() -> None:
    spell = speller()
    words = set()
    for path in sources():
        for _, word in words_of(path.read_text(encoding="utf-8")):
            low = word.lower()
            if len(low) >= 3 and spell.standard_form(low) is None and spell.accepts(low):
                words.add(low)
    header = ["# Words of the published decrees (tests/seeds), the examples and the catalogue that are spelled right;",
              "# suggestions come from here first. Written by tests/make_common_words.py."]
    TARGET.write_text("\n".join(header + sorted(words)) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(words)} words")


if __name__ == "__main__":
    main()
