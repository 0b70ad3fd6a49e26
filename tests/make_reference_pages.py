"""Draw the reference pictures again after an intended change of the pages: `python tests/make_reference_pages.py`.

Renders every example through the command line, draws the kept pages (tests/reference_pages.py says which)
into tests/reference_pages/, and removes pictures no longer kept. Look at every changed picture before
committing it: the test compares against these.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from conftest import example_specs, run_command
from reference_pages import REFERENCES, draw, first_landscape, pages_of


def main() -> int:
    REFERENCES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        result = run_command("render", *map(str, example_specs()), "--format", "pdf", "--variant", "both",
                             "-o", str(out))
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        kept = set()
        for spec in example_specs():
            pdfs = {p.name.split(".")[-2]: p for p in out.glob("*/*.pdf") if _is_of(p, spec, result.stdout)}
            for page in pages_of(spec.stem, first_landscape(pdfs["original"])):
                target = REFERENCES / page.name
                drawn = draw(pdfs[page.variant], page.number, Path(tmp) / page.name)
                if not target.is_file() or target.read_bytes() != drawn.read_bytes():
                    shutil.copyfile(drawn, target)
                    print(f"drawn {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")
                kept.add(page.name)
        for old in REFERENCES.glob("*.png"):
            if old.name not in kept:
                old.unlink()
                print(f"removed {old}")
    return 0


def _is_of(pdf: Path, spec: Path, listing: str) -> bool:
    """Whether `pdf` is in the package the render of `spec` printed (the command prints packages in spec order)."""
    blocks: dict[str, str] = {}
    for line in listing.splitlines():
        path = Path(line)
        if path.suffix == ".pdf":
            blocks.setdefault(str(path.parent), "")
    folders = list(blocks)
    return str(pdf.parent) == folders[example_specs().index(spec)]


if __name__ == "__main__":
    sys.exit(main())
