"""Layout measures without reportlab: label widths from shipped metrics, the same numbers reportlab computes."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings, strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import ROOT
from zi_decree.rendering.layout import text_width

LABELS = ["Menimbang", "Mengingat", "Memperhatikan", "Menetapkan", "KESATU", "KESEMBILAN BELAS", "KEDUA PULUH"]
SIZES = [7.5, 9, 10, 10.5, 11, 12, 13.3]


def test_label_widths_are_reportlabs() -> None:
    for label in [*LABELS, "", " ", "Ketua, M.Si.", "\u00e9\u00c9\u20ac\u2014\u2018\u2019\u201c\u201d\u2022",
                           "\u221a \u03b1\u03b2\u0393", "\u4e2d\u6587 \ud83d\ude00 \x81 \t\n"]:
        for size in SIZES:
            assert text_width(label, size) == stringWidth(label, "Helvetica", size), (label, size)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(SIZES))
def test_any_text_measures_as_reportlab_measures_it(text: str, size: float) -> None:
    assert text_width(text, size) == stringWidth(text, "Helvetica", size)


def test_docx_rendering_does_not_load_reportlab() -> None:
    # zi_decree/__init__ loads every renderer for the public API; the DOCX renderer's own imports must not.
    code = ("import sys, types; pkg = types.ModuleType('zi_decree'); pkg.__path__ = [sys.argv[1]]; "
            "sys.modules['zi_decree'] = pkg; import zi_decree.rendering.docx; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT / "zi_decree")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
