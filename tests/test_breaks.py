"""Where a token too long for its line may break: one decision (rendering/breaks.py) for the DOCX's marks and the
PDF's pieces."""

from __future__ import annotations

import pytest

from zi_decree.rendering.breaks import SHY, ZWSP, break_long_words, break_points, hinted, syllables, text_width

SIZE = 8.0


def _measure(text: str) -> float:
    return text_width(text, SIZE)


@pytest.mark.parametrize("word, expected", [
    ("diimplementasikan", "di-im-ple-men-ta-si-kan"),  # pyphen's "di-im-p-le": the p opens the next syllable
    ("Desember", "De-sem-ber"),                         # pyphen's "De-se-m-ber": the m closes the one before
    ("sanksi", "sank-si"),
    ("mengklarifikasi", "meng-kla-rif-i-ka-si"),
    ("Renstra", "Ren-stra"),
    ("internalisasikannya", "in-ter-na-li-sa-si-kan-nya"),
])
def test_syllables_each_hold_a_vowel_and_begin_as_indonesian_syllables_begin(word: str, expected: str) -> None:
    assert "-".join(syllables(word)) == expected


def _cut(token: str, points: dict[int, bool]) -> str:
    out, last = [], 0
    for p in sorted(points):
        out.append(token[last:p] + ("-" if points[p] else ""))
        last = p
    return "|".join([*out, token[last:]])


@pytest.mark.parametrize("token, room, expected", [
    # After a separator between letters or digits; a piece that fits is left whole.
    ("612/ORT.04-Kpt/05/KPU/XII/2020", 40, "612/|ORT.|04-|Kpt/|05/|KPU/|XII/|2020"),
    ("dilaksanakan/diimplementasikan", 60, "dilaksanakan/|di-|im-|ple-|men-|ta-|si-|kan"),
    ("(Januari–Desember)", 50, "(Januari–|Desember)"),
    # An address: its run-together words apart, its syllables without a hyphen, none inside "https://".
    ("https://bit.ly/InformasiPelayananKPUKabupaten", 80, "https://bit.|ly/|Informasi|Pelayanan|KPU|Kabupaten"),
    ("https://bit.ly/PengaduanMasyarakatTerintegrasi", 40,
     "https://bit.|ly/|Peng|a|du|an|Ma|sya|ra|kat|Te|rin|te|gra|si"),
    # Digits last, where the room ends; a short token never.
    ("12345678901234567890", 30, "123456|789012|345678|90"),
    ("NO", 1, "NO"),
])
def test_break_points(token: str, room: float, expected: str) -> None:
    assert _cut(token, break_points(token, room, _measure)) == expected


@pytest.mark.parametrize("token, room", [
    ("612/ORT.04-Kpt/05/KPU/XII/2020", 40), ("dilaksanakan/diimplementasikan", 60), ("(Januari–Desember)", 50),
    ("https://bit.ly/InformasiPelayananKPUKabupaten", 80), ("12345678901234567890", 30),
])
def test_the_docx_and_the_pdf_mark_the_same_points(token: str, room: float) -> None:
    points = break_points(token, room, _measure)
    # The DOCX: a soft hyphen where a hyphen would show, a zero-width space elsewhere; the word processor chooses.
    marked = hinted(token, room, SIZE)
    assert marked.replace(SHY, "").replace(ZWSP, "") == token
    docx: dict[int, bool] = {}
    at = 0
    for char in marked:
        if char in (SHY, ZWSP):
            docx[at] = char == SHY
        else:
            at += 1
    assert docx == points
    # The PDF: pieces that each fit the room, cut only at those points, a hyphen where one shows.
    pieces = break_long_words(token, room, _measure).split(" ")
    assert all(_measure(piece) <= room for piece in pieces)
    at = 0
    for piece in pieces[:-1]:
        end = at + len(piece)
        if not (end in points and not points[end]):  # else cut between syllables: the hyphen is added
            end -= 1
            assert piece.endswith("-") and points.get(end) is True, (piece, points)
        assert token[at:end] == piece[:end - at]
        at = end
    assert token[at:] == pieces[-1]
