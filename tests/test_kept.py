"""What the renderers keep between documents of one process (a batch's shared plan table, parsed cell markup)
changes nothing: a document rendered after others is byte for byte what a fresh process makes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from zi_decree import compose, load, resolve
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.pdf import render_pdf

SPECS = ("kota-surakarta-2025.yaml", "kab-semarang-2025.yaml")
FRESH = """
import sys
from zi_decree import compose, load, resolve
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.pdf import render_pdf
document = compose(resolve(load(sys.argv[1])), "salinan")
render = render_pdf if sys.argv[2] == "pdf" else render_docx
sys.stdout.buffer.write(render(document))
"""


def _fresh(spec: Path, fmt: str) -> bytes:
    result = subprocess.run([sys.executable, "-c", FRESH, str(spec), fmt], capture_output=True, cwd=ROOT,
                            timeout=300, check=True)
    return result.stdout


def test_a_document_rendered_after_others_is_what_a_fresh_process_makes() -> None:
    documents = [compose(resolve(load(ROOT / "examples" / name)), "salinan") for name in SPECS]
    for render, fmt in ((render_pdf, "pdf"), (render_docx, "docx")):
        first = [render(d) for d in documents]
        # Again, in the other order and twice: every table and cell now comes from what was kept.
        again = [render(d) for d in reversed(documents)][::-1]
        assert again == first
        assert [render(d) for d in documents] == first
        assert first[0] == _fresh(ROOT / "examples" / SPECS[0], fmt)
