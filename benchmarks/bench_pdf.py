"""PDF rendering speed against the route most tools take: LibreOffice converting our DOCX to PDF.

Run from the repository root:  python -m benchmarks.bench_pdf
Needs LibreOffice (`soffice`). Both routes start from the same composed decree: ours renders the PDF with
reportlab in-process; the alternative writes the DOCX and runs `soffice --headless --convert-to pdf` on it
(a fresh LibreOffice process, as a tool or a user would). Times are the best of several runs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_docx import _time as _best, largest_example
from benchmarks.plans import plan_spec
from benchmarks.publish import publish
from zi_decree import compose, load, load_data, resolve
from zi_decree.rendering.docx import render_docx
from zi_decree.rendering.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed for the comparison")
    example = largest_example()
    cases = [(f"example {example.stem}", resolve(load(example))),
             ("synthetic 500 rows (grid, link)", resolve(load_data(plan_spec(500, grid=True, link=True))))]
    lines = ["| input | ours: reportlab PDF (s) | LibreOffice DOCX to PDF (s) | LibreOffice / ours |",
             "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = f"-env:UserInstallation=file://{work}/profile"
        subprocess.run([soffice, "--headless", profile, "--terminate_after_init"], capture_output=True)
        for name, resolved in cases:
            document = compose(resolved, "salinan")
            ours = _best(lambda: render_pdf(document), 5)
            docx = work / "decree.docx"
            docx.write_bytes(render_docx(document))

            def libreoffice() -> None:
                subprocess.run([soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(work),
                                str(docx)], check=True, capture_output=True)

            theirs = _best(libreoffice, 3)
            lines.append(f"| {name} | {ours:.3f} | {theirs:.3f} | {theirs / ours:.1f}x |")
    text = "\n".join(lines) + "\n"
    publish("pdf", text)


if __name__ == "__main__":
    main()
