"""Proofreading: every word staff type is checked against the Indonesian dictionary, the domain's words and the
standard (baku) forms; the published decrees' typos are found where they are, with what was meant."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, ROOT, run_cli, unaccepted
from zi_decree import load
from zi_decree.base.hunspell import Dictionary
from zi_decree.base.spelling import Lexicon, data_dir, speller, words_of
from zi_decree.tasks.proofread import WORD_LIST, findings

SAMPLE = Path(__file__).resolve().parent / "hunspell_id_sample.tsv"

# Where the checker and Hunspell 1.7.1 disagree, and why the checker is right.
EXCEPTIONS = {
    # Hunspell lower-cases a word in capitals before breaking it at its hyphen ("Januari-juni"), so a name after
    # the hyphen fails; the checker reads each part in the capitals it was typed in.
    "JANUARI-JUNI": "right",
}


# ------------------------------------------------------------------------------------------ the dictionary

def test_the_checker_agrees_with_hunspell_on_thousands_of_words() -> None:
    rows = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(rows) >= 3000
    assert {verdict for _, verdict in rows} == {"right", "wrong"}
    dictionary = speller().dictionary
    disagree = {word: verdict for word, verdict in rows
                if ("right" if dictionary.check(word) else "wrong") != EXCEPTIONS.get(word, verdict)}
    assert not disagree, f"{len(disagree)} words judged unlike Hunspell: {sorted(disagree)[:20]}"


@pytest.mark.parametrize("word, right", [
    ("berpakaianlah", True),     # ber-an circumfix with a second suffix
    ("berpakaiankan", False),
    ("menyosialisasikan", True),
    ("mengoordinasikan", True),
    ("mengkoordinasikan", False),
    ("PENGUATAN", True),         # capitals: right when the lower-case form is
    ("Penguatan", True),
    ("kerja-kerja", True),       # a hyphenated word: right when its parts are
    ("lajar", False),            # NEEDAFFIX: a stem that never stands alone
    ("agentif", False),          # the dictionary's line has a trailing space, and Hunspell keeps it
])
def test_affix_rules(word: str, right: bool) -> None:
    assert speller().dictionary.check(word) is right


def test_the_dictionary_is_cached_read_and_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    folder = data_dir()
    fresh = Dictionary.load(folder / "id_ID.aff", folder / "id_ID.dic", tmp_path)
    (cached,) = tmp_path.glob("hunspell-*.json")
    again = Dictionary.load(folder / "id_ID.aff", folder / "id_ID.dic", tmp_path)
    assert again.words == fresh.words and again.flagsets == fresh.flagsets
    cached.write_text('{"words": {"a": "missing"}, "flags": {}}', encoding="utf-8")
    damaged = Dictionary.load(folder / "id_ID.aff", folder / "id_ID.dic", tmp_path)
    assert damaged.words == fresh.words and damaged.check("berpakaian")
    assert not list(tmp_path.glob(".hunspell-*"))  # written whole or not at all


def test_the_dictionary_ships_with_its_licence() -> None:
    folder = data_dir()
    for name in ("id_ID.aff", "id_ID.dic", "LGPL-3.txt", "GPL-3.txt", "README.md", "domain.txt", "standard.txt",
                 "common.txt"):
        assert (folder / name).is_file(), name
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "LGPL-3" in readme and "Ali Ahmadi" in readme and "LibreOffice" in readme
    assert '"dictionaries/*"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_word_lists_hold_only_right_words() -> None:
    spell = speller()
    plain = spell.dictionary
    for word in spell.common:
        assert spell.accepts(word) and spell.standard_form(word) is None, word
    for wrong, right in spell.standard.items():
        assert all(spell.accepts(part) for part in right.split()), f"{wrong} -> {right}"
    # The domain list adds what the dictionary lacks, and no non-standard form.
    for word in spell.lexicon.lower | spell.lexicon.exact:
        assert spell.standard_form(word) is None, word
    assert not plain.check("akuntabilitas") and spell.accepts("akuntabilitas")


# ------------------------------------------------------------------------------------------ words and suggestions

def test_words_of_leaves_out_what_is_not_prose() -> None:
    text = ("Lihat https://bit.ly/AbsensiKPU dan kpu.hukumkab@gmail.com, surat 120/PW.01/33/2022, S.H., M.Si., "
            "area IV, 5R dan K3: e-PPID masing-masing")
    assert [w for _, w in words_of(text)] == ["Lihat", "dan", "surat", "area", "dan", "e-PPID", "masing-masing"]


def test_the_domain_lexicon_follows_hunspell_s_capitals() -> None:
    lexicon = Lexicon.of(["KPU", "e-PPID", "akuntabilitas", "Surakarta"])
    assert {"KPU", "e-PPID", "E-PPID", "akuntabilitas", "Akuntabilitas", "AKUNTABILITAS", "Surakarta",
            "SURAKARTA"} <= {w for w in ("KPU", "e-PPID", "E-PPID", "akuntabilitas", "Akuntabilitas",
                                          "AKUNTABILITAS", "Surakarta", "SURAKARTA") if w in lexicon}
    assert "kpu" not in lexicon and "surakarta" not in lexicon and "Kpu" not in lexicon


@pytest.mark.parametrize("typed, standard", [
    ("mengkoordinasikan", "mengoordinasikan"), ("Resiko", "Risiko"), ("RESIKO", "RISIKO"),
    ("efektifitas", "efektivitas"), ("professional", "profesional"), ("praktek", "praktik"),
    ("aktifitas", "aktivitas"), ("tanggungjawab", "tanggung jawab"),
])
def test_non_standard_forms_get_the_standard_one_in_their_capitals(typed: str, standard: str) -> None:
    assert speller().standard_form(typed) == standard
    assert speller().suggest(typed)[0] == standard


# The first suggestion of `hunspell -d id_ID -a` for these (Hunspell 1.7.1), which the checker's first matches.
@pytest.mark.parametrize("typo, first", [
    ("anatara", "antara"), ("Insprektorat", "Inspektorat"), ("meknisme", "mekanisme"),
    ("kepuasana", "kepuasan"), ("Kbaupaten", "Kabupaten"), ("ketersediaaa", "ketersediaan"),
    ("Pipinan", "Pimpinan"), ("kongkret", "konkret"), ("Presentase", "Persentase"),
])
def test_suggestions_agree_with_hunspell_s_first(typo: str, first: str) -> None:
    suggestions = speller().suggest(typo)
    assert suggestions[0] == first and len(suggestions) <= 3


@pytest.mark.parametrize("typo, first", [
    # Where Hunspell's first is not what was meant: two edits, or two words run together.
    ("Bccik", "Baik"), ("Perhargaan", "Penghargaan"), ("tinfaklanjut", "tindak lanjut"),
    ("Lancana", "Lencana"),
])
def test_suggestions_find_what_hunspell_misses(typo: str, first: str) -> None:
    assert speller().suggest(typo)[0] == first


# ------------------------------------------------------------------------------------------ check, on the examples

# (file, the example's text, the same with the published decree's typo, the typo, the field, what is suggested)
TYPOS = [
    ("kab-semarang-2025.yaml", "bertujuan antara lain", "bertujuan anatara lain", "anatara", "diktum[1].text",
     "antara"),
    ("kab-semarang-2025.plan.yaml", "Pimpinan memberi teladan", "Pipinan memberi teladan", "Pipinan",
     "lampiran[0].areas[0].components[3].indicators[0].steps[0].text", "Pimpinan"),
    ("kab-semarang-2025.plan.yaml", "Menyusun mekanisme penilaian", "Menyusun meknisme penilaian", "meknisme",
     "lampiran[0].areas[2].components[3].indicators[3].steps[0].text", "mekanisme"),
    ("kab-semarang-2025.plan.yaml", "data untuk Inspektorat", "data untuk Insprektorat", "Insprektorat",
     "lampiran[0].areas[4].components[1].indicators[0].steps[0].text.items[6]", "Inspektorat"),
    ("kab-semarang-2025.plan.yaml", "kerja yang baik dengan", "kerja yang Bccik dengan", "Bccik",
     "lampiran[0].areas[4].components[1].indicators[0].steps[0].text.items[7]", "Baik"),
    ("kab-semarang-2025.plan.yaml", "Piagam Penghargaan", "Piagam Perhargaan", "Perhargaan",
     "lampiran[0].areas[5].components[1].indicators[2].steps[0].evidence[0].text", "Penghargaan"),
    ("kab-semarang-2025.plan.yaml", "Dilakukan tindak lanjut atas hasil survei kepuasan masyarakat",
     "Dilakukan tinfaklanjut atas hasil survei kepuasana masyarakat", "tinfaklanjut",
     "lampiran[0].areas[5].components[2].indicators[2].text", "tindak lanjut"),
    ("kab-semarang-2025.plan.yaml", "", "", "kepuasana",  # put in with the one above
     "lampiran[0].areas[5].components[2].indicators[2].text", "kepuasan"),
    ("kota-surakarta-2025.plan.yaml", "name: PENGUATAN AKUNTABILITAS", "name: PENGUAT AKUNTABILITAS", "PENGUAT",
     "lampiran[0].areas[3].name", "PENGUATAN"),
    ("kab-semarang-2025.yaml", "yang profesional, berkarakter", "yang professional, berkarakter", "professional",
     "diktum[1].items[2].text", "profesional"),
    # And the like: more of the Kab. Semarang decree's typos (tests/seed_corrections/kab-semarang-2025.yaml).
    ("kab-semarang-2025.plan.yaml", "Screenshot/ foto ketersediaan SOP", "Screenshoot/ foto ketersediaaa SOP",
     "Screenshoot", None, "Screenshot"),
    ("kab-semarang-2025.plan.yaml", "", "", "ketersediaaa", None, "ketersediaan"),
    ("kab-semarang-2025.plan.yaml", "pengisian Kinerja harian", "pengisian Kinerjaharian", "Kinerjaharian", None,
     "Kinerja harian"),
    ("kab-semarang-2025.plan.yaml", "Kriteria yang jelas", "Kriteria yan jelas", "yan", None, "yang"),
    ("kab-semarang-2025.plan.yaml", "Penyusunan dan penerapan", "Penyusuna dan penerapan", "Penyusuna", None,
     "Penyusunan"),
    ("kab-semarang-2025.plan.yaml", "rekrutmen pengisian jabatan", "rekrutmen pengisianjabatan", "pengisianjabatan",
     None, "pengisian jabatan"),
    ("kab-semarang-2025.plan.yaml", "Perwujudan peran", "Perwujuduan peran", "Perwujuduan", None, "Perwujudan"),
]


@pytest.fixture(scope="module")
def typo_copies(tmp_path_factory) -> Path:
    """Copies of the examples with the published decrees' typos put back."""
    folder = tmp_path_factory.mktemp("typos")
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
        if "accepted:" in path.read_text(encoding="utf-8"):  # the examples' own accepted warnings: shown again
            (folder / path.name).write_text(unaccepted(path.read_text(encoding="utf-8")), encoding="utf-8")
    for name, published, typed, _, _, _ in TYPOS:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert published in text, (name, published)
        path.write_text(text.replace(published, typed, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name, typo, field, suggestion", [(t[0], *t[3:]) for t in TYPOS], ids=[t[3] for t in TYPOS])
def test_check_reports_each_published_typo_where_it_is(typo_copies: Path, name: str, typo: str, field: str | None,
                                                       suggestion: str) -> None:
    folder = typo_copies
    spec = folder / (name.replace(".plan", "") if name.endswith(".plan.yaml") else name)
    result = run_cli("check", str(spec))
    assert result.returncode == 1, result.stderr  # warnings only
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    places = [(n + 1, m.start() + 1) for n, line in enumerate(lines)
              for m in re.finditer(r"(?<![^\W\d_])" + re.escape(typo) + r"(?![^\W\d_])", line)]
    assert places, typo
    said = [line for line in result.stdout.splitlines() if f"'{typo}'" in line]
    assert said, result.stdout
    line, column = places[0]
    where = f"{path}:{line}:{column}: " + (f"{field}: " if field else "")
    hit = [s for s in said if s.startswith("warning[spelling-") and s.split("]: ", 1)[1].startswith(where)]
    assert hit, f"expected {where!r} in {said}"
    # What was meant is the first suggestion.
    assert re.search(rf"(write|did you mean) '{re.escape(suggestion)}'", hit[0]), hit[0]


# What each example is still told: the non-standard forms and unknown words of the published decrees, which
# the examples keep as published. None is a word that is right.
EXAMPLE_WORDS = {
    "kab-batang-2022": {"analisa", "Analisa", "bekerjasama", "Draft", "exbanner", "hoax", "Hoax", "karir", "Matrik",
                        "meminimalisir", "mensosialisasikan", "Mensosialisasikan", "survey", "Survey"},
    "kab-semarang-2025": {"Analisa", "efektifitas", "karir", "Matrik", "meminimalisir", "mengkoordinasikan",
                          "mensosialisasikan", "Mensosialisasikan", "resiko", "Resiko", "RKKL", "tanggungjawab",
                          "tanggungjawabnya"},
    "kota-magelang-2022": {"analisa", "Analisa", "Draft", "efektifitas", "karir", "Matrik", "meminimalisir",
                           "mensosialisasikan", "Mensosialisasikan", "resiko", "RKKL", "survey", "Survey",
                           "tindaklanjut"},
    "kota-surakarta-2025": {"Analisa", "karir", "Lancana", "lancana", "Matrik", "meminimalisir",
                            "mengkoordinasikan", "mensosialisasikan", "Mensosialisasikan", "NgeHik", "postingan",
                            "Resiko", "resiko", "RKKL", "Satya", "survey", "Survey"},
}


@pytest.mark.parametrize("stem", sorted(EXAMPLE_WORDS))
def test_the_examples_are_told_only_of_real_misspellings(stem: str) -> None:
    found = findings(load(EXAMPLES / f"{stem}.yaml"))
    assert {f.word for f in found} == EXAMPLE_WORDS[stem]
    assert all(f.location.file and f.location.line and f.location.field for f in found)


def test_a_new_decree_from_the_sample_plan_has_no_spelling_warning(tmp_path: Path) -> None:
    loaded = load(_copy(tmp_path, "kab-semarang-2025"))
    assert findings(loaded)  # the example itself has some
    for path in (tmp_path / "kab-semarang-2025.yaml",):
        text = path.read_text(encoding="utf-8").replace("plan: kab-semarang-2025.plan.yaml",
                                                         f"plan: {EXAMPLES / 'jawa-tengah-2025.plan.yaml'}")
        text = text.replace("mengkoordinasikan", "mengoordinasikan")
        path.write_text(text, encoding="utf-8")
    assert findings(load(tmp_path / "kab-semarang-2025.yaml")) == []


def _copy(folder: Path, stem: str) -> Path:
    """A copy of an example without its accepted warnings: what proofreading finds is shown."""
    for path in EXAMPLES.glob(f"{stem}*"):
        shutil.copy(path, folder / path.name)
    spec = folder / f"{stem}.yaml"
    spec.write_text(unaccepted(spec.read_text(encoding="utf-8")), encoding="utf-8")
    return spec


def test_the_office_s_own_names_and_word_list_are_words(tmp_path: Path) -> None:
    spec = _copy(tmp_path, "kota-surakarta-2025")
    text = spec.read_text(encoding="utf-8")
    # The attesting officer's and the signatory's names, typed in a dictum item, are words of this decree.
    spec.write_text(text.replace("Peningkatan kualitas pelayanan",
                                 "Peningkatan oleh Yustinus Artheswara dan Rois Alfianto kualitas pelayanan"),
                    encoding="utf-8")
    before = {f.word for f in findings(load(spec))}
    assert "NgeHik" in before and not {"Yustinus", "Artheswara", "Rois", "Alfianto"} & before
    (tmp_path / WORD_LIST).write_text("# our own words\nNgeHik\npostingan  # as the office writes it\n",
                                      encoding="utf-8")
    after = {f.word for f in findings(load(spec))}
    assert after == before - {"NgeHik", "postingan"}


def test_check_of_a_workbook_plan_names_the_cell(tmp_path: Path) -> None:
    spec = _copy(tmp_path, "kab-semarang-2025")
    workbook = tmp_path / "plan.xlsx"
    assert run_cli("plan", "export", str(spec), "-o", str(workbook)).returncode == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["Rencana Aksi"]
    cell = next(c for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("Pimpinan memberi teladan"))
    cell.value = cell.value.replace("Pimpinan", "Pipinan")
    book.save(workbook)
    spec.write_text(spec.read_text(encoding="utf-8").replace("plan: kab-semarang-2025.plan.yaml", "plan: plan.xlsx"),
                    encoding="utf-8")
    result = run_cli("check", str(spec))
    said = [line for line in result.stdout.splitlines() if "'Pipinan'" in line]
    assert said == [f"warning[spelling-unknown]: {workbook}, sheet 'Rencana Aksi', row {cell.row}, column {cell.column_letter}: "
                    "lampiran[0].areas[0].components[3].indicators[0].steps[0].text: spelling: 'Pipinan' is not in "
                    "the dictionary; did you mean 'Pimpinan', 'Pilinan', 'Pipi nan'?"]


def test_render_and_json_carry_the_spelling_warnings(tmp_path: Path) -> None:
    spec = _copy(tmp_path, "kota-surakarta-2025")
    rendered = run_cli("render", str(spec), "--format", "txt", "-o", str(tmp_path / "out"))
    assert rendered.returncode == 0 and "spelling: 'mengkoordinasikan' is not the standard (baku) form; write " \
        "'mengoordinasikan' (KBBI)" in rendered.stderr + rendered.stdout
    checked = run_cli("check", "--json", str(spec))
    assert '"message": "spelling: \'RKKL\' is not in the dictionary; did you mean \'RKAKL\'?"' in checked.stdout


def test_batch_reads_the_word_list_beside_the_offices_table(tmp_path: Path) -> None:
    from zi_decree import batch

    rows = (EXAMPLES / "jawa-tengah-2025.offices.csv").read_text(encoding="utf-8").splitlines()[:2]
    (tmp_path / "offices.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = (EXAMPLES / "jawa-tengah-2025.plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan.replace("Pimpinan memberi", "Pimpinan NgeHik memberi", 1),
                                        encoding="utf-8")

    def told(out: str) -> list[str]:
        run = batch(tmp_path / "offices.csv", tmp_path / "plan.yaml", 2025, tmp_path / out, formats=["txt"],
                    workers=1)
        (outcome,) = run.outcomes
        return [w.message for w in outcome.warnings if w.message.startswith("spelling: ")]

    assert told("before") == ["spelling: 'NgeHik' is not in the dictionary (add it to kata.txt beside the spec if it is "
                      "right)"]
    (tmp_path / WORD_LIST).write_text("NgeHik\n", encoding="utf-8")
    assert told("after") == []


def test_a_word_of_thousands_of_letters_is_told_of_quickly_and_in_part(tmp_path: Path) -> None:
    """A 4,100-letter 'word' (a fuzz case): its corrections were looked for among ~220,000 edits, each compared
    whole (`check` ran past 120 s), and the warning quoted all of it (4,292 characters)."""
    import time

    from zi_decree.base.spelling import LONGEST_WORD

    spec = _copy(tmp_path, "kota-surakarta-2025")
    word = "Pelaksanaan" + "x" * 4100
    spec.write_text(spec.read_text(encoding="utf-8").replace("Peningkatan kualitas pelayanan", word, 1),
                    encoding="utf-8")
    started = time.process_time()
    result = run_cli("check", str(spec))
    assert time.process_time() - started < 10, "check took too long"
    said = [line for line in result.stdout.splitlines() if "'Pelaksanaanxxx" in line]
    assert len(said) == 1 and len(said[0]) < 400, said
    assert said[0].endswith(f"spelling: 'Pelaksanaanxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' ({len(word)} "
                            "characters) is not in the dictionary (add it to kata.txt beside the spec if it is right)")
    assert speller().suggest("x" * (LONGEST_WORD + 1)) == []
