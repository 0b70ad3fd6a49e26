"""Write zi_decree/rendering/helvetica-widths.json and helvetica-bold-widths.json: the advance widths of the
regular and bold font, as reportlab measures them.

The layout module measures labels and breaks titles with these numbers, so that it (and the DOCX renderer) need not load
reportlab. Helvetica's metrics are Arial's and Liberation Sans'. Every character reportlab measures differently
from a missing one is listed; run `python tests/make_font_metrics.py` after upgrading reportlab, and
tests/test_layout.py checks that the shipped numbers still agree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab import Version
from reportlab.pdfbase.pdfmetrics import stringWidth

FOLDER = Path(__file__).resolve().parent.parent / "zi_decree" / "rendering"
TARGETS = {"Helvetica": FOLDER / "helvetica-widths.json", "Helvetica-Bold": FOLDER / "helvetica-bold-widths.json"}


def metrics(font: str) -> dict:
    # At 1000 points a width is the font's own number (thousandths of an em); round() drops float noise.
    missing = round(stringWidth("\uffff", font, 1000))
    widths = {}
    for code in range(sys.maxunicode + 1):
        width = round(stringWidth(chr(code), font, 1000))
        if width != missing:
            widths[chr(code)] = width
    return {"font": font, "reportlab": Version, "units_per_em": 1000, "missing": missing, "widths": widths}


def main() -> None:
    for font, target in TARGETS.items():
        text = json.dumps(metrics(font), ensure_ascii=False, indent=0) + "\n"
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
