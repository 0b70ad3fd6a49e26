"""Messages in Bahasa Indonesia and English: the catalogues are current and complete, the command line follows
--lang and the locale variables, the workspace speaks Indonesian."""

from __future__ import annotations

import gettext
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import EXAMPLES, ROOT, run_cli
from zi_decree.i18n import LOCALE_DIR, _, language, language_from_environment, ngettext, use_language

POT = LOCALE_DIR / "zi_decree.pot"
PO = {lang: LOCALE_DIR / lang / "LC_MESSAGES" / "zi_decree.po" for lang in ("id", "en")}
MO = {lang: path.with_suffix(".mo") for lang, path in PO.items()}
UPDATE = ("run the commands of README's 'Translations': pybabel extract, update (then translate what is new in "
          "id's .po) and compile")

BAD_SPEC = """\
office: {kind: Kabupaten, name: Semarang}
number: 6
year: 2025
date: 2025-13-01
subjct: Rencana Aksi
"""


def _msgids(catalogue_path: Path) -> set[str | tuple[str, ...]]:
    with catalogue_path.open("rb") as f:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}


def _extracted() -> set[str | tuple[str, ...]]:
    """The messages the source marks now (the Python modules and the workspace's templates), found as
    `pybabel extract -F babel.cfg` finds them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    assert ("**.py", "python") in method_map and ("**/templates/**.html", "jinja2") in method_map
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT / "zi_decree"), method_map,
                                                                       options_map):
        if message:
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def _fields(text: str) -> list[str]:
    if "%(" in text:  # a template's message: Jinja's placeholders
        return sorted(re.findall(r"%\((\w+)\)s", text))
    return sorted(f"{name}!{conv}:{spec}" for _lit, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def test_the_template_holds_every_message_the_source_marks() -> None:
    extracted, template = _extracted(), _msgids(POT)
    assert extracted - template == set(), f"messages not in the catalogue template; {UPDATE}"
    assert template - extracted == set(), f"the catalogue template holds messages the source no longer has; {UPDATE}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_catalogue_holds_the_template_messages(lang: str) -> None:
    assert _msgids(PO[lang]) == _msgids(POT), f"{PO[lang].name} ({lang}) is not updated; {UPDATE}"


def test_every_message_is_translated_into_indonesian_with_the_same_placeholders() -> None:
    with PO["id"].open("rb") as f:
        catalogue = read_po(f)
    assert catalogue.locale is not None and str(catalogue.locale) == "id"
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"not translated: {ids[0]!r}"
        assert not message.fuzzy, f"marked fuzzy (check the translation, then remove the mark): {ids[0]!r}"
        for text in strings:
            assert _fields(text) == _fields(ids[-1]), f"placeholders differ: {ids[0]!r} -> {text!r}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_compiled_catalogue_matches_its_source(lang: str) -> None:
    with PO[lang].open("rb") as f:
        source = read_po(f)
    with MO[lang].open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in source:
        if not message.id:
            continue
        if isinstance(message.id, str):
            expected = message.string or message.id
            assert compiled.gettext(message.id) == expected, f"{MO[lang]} is stale; {UPDATE}"
        else:
            for n in (1, 2):
                expected = message.string[0] if message.string[0] else message.id[0 if n == 1 else 1]
                if lang == "en":
                    expected = message.id[0 if n == 1 else 1]
                assert compiled.ngettext(message.id[0], message.id[1], n) == expected, f"{MO[lang]} is stale; {UPDATE}"


def test_the_language_follows_the_locale_variables_in_their_order() -> None:
    assert language_from_environment({}) == "en"
    assert language_from_environment({"LANG": "id_ID.UTF-8"}) == "id"
    assert language_from_environment({"LANG": "id"}) == "id"
    assert language_from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "C.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "id_ID.UTF-8", "LC_ALL": "en_GB.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "en_US.UTF-8", "LC_MESSAGES": "id_ID"}) == "id"
    assert language_from_environment({"LC_ALL": "", "LANG": "id_ID"}) == "id"  # an empty variable is unset


def test_a_language_holds_inside_its_block_only() -> None:
    message = "the date {date} is not in {year}"
    assert language() == "en" and _(message) == message
    with use_language("id"):
        assert _(message).format(date="2026-01-05", year=2025) == "tanggal 2026-01-05 tidak berada dalam tahun 2025"
        assert ngettext("{count} warning", "{count} warnings", 3).format(count=3) == "3 peringatan"
    assert language() == "en" and _(message) == message
    with pytest.raises(ValueError, match="unknown language"), use_language("fr"):  # type: ignore[arg-type]
        pass


def _bad_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(BAD_SPEC, encoding="utf-8")
    return spec


def test_lang_id_reports_a_bad_spec_in_indonesian(tmp_path: Path) -> None:
    result = run_cli("--lang", "id", "check", str(_bad_spec(tmp_path)), env={"LANG": None, "LC_ALL": None,
                                                                             "LC_MESSAGES": None})
    assert result.returncode == 2
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    # The code and the place stay as they are; the words are Indonesian.
    assert f"error[unknown-field]: {tmp_path / 'spec.yaml'}:5:1: subjct: isian 'subjct' tidak dikenal; maksud Anda " \
           "'subject'?" in lines
    assert any(line.startswith("error[wrong-type]:") and ":4:1: date: seharusnya tanggal dengan format YYYY-MM-DD"
               in line for line in lines)
    assert any(line.endswith("isian wajib 'menimbang' tidak ada") for line in lines)
    assert "kesalahan" in lines[-1] and "error" not in lines[-1]


def test_lang_from_the_environment_and_lang_en_over_it(tmp_path: Path) -> None:
    spec = str(_bad_spec(tmp_path))
    indonesian = run_cli("check", spec, env={"LANG": "id_ID.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    assert indonesian.returncode == 2
    assert "subjct: isian 'subjct' tidak dikenal; maksud Anda 'subject'?" in indonesian.stdout + indonesian.stderr
    english = run_cli("--lang", "en", "check", spec, env={"LANG": "id_ID.UTF-8", "LC_ALL": None,
                                                          "LC_MESSAGES": None})
    assert english.returncode == 2
    assert "subjct: unknown field 'subjct'; did you mean 'subject'?" in english.stdout + english.stderr
    # Unset: English, and a run in Indonesian before leaves nothing behind.
    plain = run_cli("check", spec, env={"LANG": None, "LC_ALL": None, "LC_MESSAGES": None})
    assert "subjct: unknown field 'subjct'; did you mean 'subject'?" in plain.stdout + plain.stderr
    assert language() == "en"


def test_an_error_the_cli_raises_itself_is_in_the_chosen_language(tmp_path: Path) -> None:
    result = run_cli("--lang", "id", "render", str(tmp_path / "spec.yaml"), "--format", "odt", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "error[invalid-argument]: formats: format odt tidak dikenal; yang tersedia: txt, docx, pdf" in result.stderr
    assert re.search(r"^1 masalah ditemukan", result.stderr, re.M)


def test_the_workspace_shows_problems_in_indonesian(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from zi_decree.web.app import create_app

    folder = tmp_path / "ruang"
    folder.mkdir()
    for name in ("kab-semarang-2025.yaml", "kab-semarang-2025.plan.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    client = TestClient(create_app(folder), base_url="http://127.0.0.1:8765", follow_redirects=False)
    page = client.get("/pratinjau/kab-semarang-2025.yaml")
    assert page.status_code == 200
    assert "ejaan: &#39;mengkoordinasikan&#39; bukan bentuk baku" in page.text
    assert "is not the standard" not in page.text
    assert language() == "en"  # the request's language stayed in the request


def test_help_texts_follow_the_language() -> None:
    indonesian = run_cli("--lang", "id", "check", "--help")
    assert indonesian.returncode == 0
    assert "cetak hasilnya sebagai JSON, untuk perangkat lain" in indonesian.stdout
    english = run_cli("check", "--help", env={"LANG": None, "LC_ALL": None, "LC_MESSAGES": None})
    assert "print the results as JSON, for tools" in english.stdout
    assert "--lang <id|en>" in run_cli("--help").stdout


def test_the_summaries_of_the_codes_are_in_the_catalogue() -> None:
    from zi_decree.codes import CODES
    from zi_decree.i18n import translate

    with use_language("id"):
        assert translate(CODES["unknown-field"].summary) == \
            "Isian atau kolom yang bukan salah satu isian yang dimungkinkan."
        assert all(translate(info.summary) != info.summary for info in CODES.values())
    assert translate(CODES["unknown-field"].summary) == CODES["unknown-field"].summary
