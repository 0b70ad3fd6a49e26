"""Hostile YAML (issue 12): file paths that name no file, very long lines, deep nesting, tags, huge values.
Each is refused with one short message at its file:line:column (no traceback), within the readers' limits, and
the fast reader (libyaml) and the round-trip reader (ruamel) agree on what they both read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import run_cli
from test_errors import GOOD, write
from zi_decree.base import yaml as zyaml
from zi_decree.errors import SpecError, excerpt

PLAN_FIELD = "lampiran:\n  - kind: plan\n    title: Rencana Aksi\n    plan: {}\ndiktum:"  # plan: on line 16
PLAN = ("areas:\n  - name: Manajemen Perubahan\n    components:\n      - name: Tim Kerja\n        indicators:\n"
        "          - text: SK Tim\n            steps:\n              - text: Menyusun SK\n                evidence:\n"
        "                  - text: {}\n                    schedule: 2025-01\n")  # evidence text on line 10


def _refused(result, where: str, *words: str) -> str:
    """The one error line of a refused `check` (exit 2, no traceback) at `where` (file:line:column)."""
    said = result.stdout + result.stderr  # (check reports on stdout, render on stderr)
    assert result.returncode == 2, said
    assert "Traceback" not in said and "internal error" not in said, said
    errors = [line for line in said.splitlines() if line.startswith("error[")]
    assert len(errors) == 1, said
    assert re.match(rf"error\[[a-z0-9-]+\]: {re.escape(str(where))}: ", errors[0]), errors[0]
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def _problem(text: str, name: str = "f.yaml") -> str:
    with pytest.raises(SpecError) as info:
        zyaml.read_yaml_text(text, name)
    (problem,) = info.value.problems
    return str(problem)


# ------------------------------------------------------------------------------------ item 7: paths in a spec

@pytest.mark.parametrize("field, value, where, expected", [
    ("plan", '"a\\0b.yaml"', "16:5: lampiran[0].plan", "plan 'a\\x00b.yaml' contains the control character U+0000"),
    ("plan", "a" * 5000 + ".yaml", "16:5: lampiran[0].plan", "(5005 characters) is too long for a file's path"),
    ("plan", "sub/" + "é" * 200 + ".yaml", "16:5: lampiran[0].plan", "has a name too long for a file or folder"),
    ("plan", "ab/" * 1350 + "x.yaml", "16:5: lampiran[0].plan", "cannot be read: File name too long"),
    ("template", '"a\\0b.docx"', "20:1: template", "template 'a\\x00b.docx' contains the control character U+0000"),
    ("template", "b" * 5000 + ".docx", "20:1: template", "is too long for a file's path"),
    ("catalogues", '["c\\0d"]', "20:14: catalogues[0]", "catalogue folder 'c\\x00d' contains the control character"),
    ("catalogues", "[" + "c" * 5000 + "]", "20:14: catalogues[0]", "is too long for a file's path"),
], ids=["plan-nul", "plan-5000", "plan-long-name", "plan-long-path", "template-nul", "template-5000", "catalogue-nul",
        "catalogue-5000"])
@pytest.mark.parametrize("command", ["check", "render"])
def test_a_path_that_names_no_file_is_refused_at_its_field(tmp_path: Path, command: str, field: str, value: str,
                                                          where: str, expected: str) -> None:
    text = GOOD.replace("diktum:", PLAN_FIELD.format(value)) if field == "plan" else GOOD + f"{field}: {value}\n"
    spec = write(tmp_path, text)
    args = ["-o", str(tmp_path / "out"), "--format", "txt"] if command == "render" else []
    line = _refused(run_cli(command, str(spec), *args), f"{spec}:{where}", expected)
    assert len(line) < 400  # the name is quoted in part, not whole
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_spec_path_that_names_no_file_is_a_problem_not_an_internal_error(tmp_path: Path) -> None:
    long = str(tmp_path / ("b" * 300 + ".yaml"))
    result = run_cli("check", long)
    assert result.returncode == 2 and "cannot read the file: File name too long" in result.stdout, result.stdout
    with pytest.raises(SpecError, match="cannot read the file: its name cannot name a file"):
        zyaml.read_yaml(tmp_path / "a\0b.yaml")


# ------------------------------------------------------------------------------------ item 14: time and size

def test_a_line_too_long_is_refused_with_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("perlu menyusun rencana aksi", "x" * 1024 * 1024)
    spec = write(tmp_path, text)
    length = len(text.splitlines()[9])
    _refused(run_cli("check", str(spec)), f"{spec}:10:30001", f"line 10 has {length} characters, more than the 30000")
    # in a plan file, the plan file's line
    write(tmp_path, PLAN.format("y" * 40000), "plan.yaml")
    spec = write(tmp_path, GOOD.replace("diktum:", PLAN_FIELD.format("plan.yaml")))
    _refused(run_cli("check", str(spec)), f"{tmp_path / 'plan.yaml'}:10:30001", "line 10 has 40026 characters")


@pytest.mark.parametrize("text, line, column", [
    ("".join(" " * i + "- x\n" if i == 150 else " " * i + "-\n" for i in range(151)), 101, 101),  # block lists
    ("".join(" " * i + "k:\n" for i in range(150)), 101, 101),  # block mappings
    ("a: " + "[\n" * 5000 + "]\n" * 5000, 100, 1),  # flow lists, a bracket a line
    ("a: " + "{b: " * 150 + "1" + "}" * 150 + "\n", 1, 4 + 4 * 99),  # flow mappings on one line
], ids=["block-lists", "block-mappings", "flow-lists", "flow-mappings"])
def test_deep_nesting_is_refused_where_it_passes_the_limit(tmp_path: Path, text: str, line: int,
                                                           column: int) -> None:
    spec = write(tmp_path, text)
    _refused(run_cli("check", str(spec)), f"{spec}:{line}:{column}", "nested more than 100 levels deep")


def test_deep_nesting_far_beyond_python_s_recursion_limit_is_refused_too() -> None:
    text = "a: " + "[\n" * 200_000 + "]\n" * 200_000
    assert "f.yaml:100:1: lists and mappings nested more than 100 levels" in _problem(text)


@pytest.fixture
def no_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel reads 100 to 200 microseconds an event: a text beyond its limits must never reach it."""
    def refuse(raw: str, name: str, prefix: tuple = ()):
        raise AssertionError("ruamel was asked about a text too large for it")

    monkeypatch.setattr(zyaml, "_read_roundtrip", refuse)


PADDING = "".join(f"pad{i}: {i}\n" for i in range(6000))  # 12,000 events: more than ruamel is asked about


@pytest.mark.parametrize("text, expected", [
    (PADDING + "x: [1, 2\n", "f.yaml:6002:1: YAML syntax: while parsing a flow sequence did not find expected"),
    (PADDING + "x: &a 1\ny: *a\n", "f.yaml:6001:4: anchors and aliases (&name, *name) are read only in smaller "
                                   "files (up to about 5,000 values)"),
    (PADDING + "<<: {a: 1}\n", "f.yaml:6001:1: merge keys (<<) are read only in smaller files"),
    (PADDING + "x: 'a\u2028b'\n", "f.yaml:6001:6: contains U+2028 (a line separator), which is not read in a file "
                                  "this large"),
    (PADDING + "pad7: again\n", "f.yaml:6001:1: the key 'pad7' is given twice in one mapping (first on line 8)"),
    ("x: b: c\n" + "1,\n" * 60_000, "f.yaml:1:5: YAML syntax: mapping values are not allowed in this context"),
], ids=["syntax", "anchors", "merge", "line-separator", "duplicate", "early-error"])
def test_a_text_too_large_for_ruamel_gets_libyaml_s_verdict(no_ruamel: None, text: str, expected: str) -> None:
    assert _problem(text).startswith(expected)


def test_a_text_within_ruamel_s_limits_is_still_read_by_it(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = zyaml._read_roundtrip
    monkeypatch.setattr(zyaml, "_read_roundtrip", lambda raw, *rest: asked.append(raw) or real(raw, *rest))
    text = "- 1\n" * 9000 + "- 'a\tb'\n"  # 9,006 events (a tab: read as ruamel reads it)
    assert zyaml.read_yaml_text(text, "f.yaml")[0][-1] == "a\tb"
    assert asked == [text]


def test_a_large_text_with_tabs_is_read_by_libyaml(no_ruamel: None) -> None:
    data, places = zyaml.read_yaml_text(PADDING + "x:\t'a\tb'\n", "f.yaml")
    assert data["x"] == "a\tb" and places[("x",)].line == 6001 and len(data) == 6001


def test_an_alias_bomb_is_refused_at_the_repeated_part() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    assert "holds more than 100000 values (are aliases repeating a part many times?)" in _problem(bomb)
    assert re.match(r"f\.yaml:\d+:\d+: ", _problem(bomb))


# ------------------------------------------------------------------------------------ item 15: short excerpts

def test_excerpt_quotes_at_most_a_short_part() -> None:
    assert excerpt("Semarang") == "'Semarang'"
    assert excerpt("x" * 100) == "'" + "x" * 60 + "...' (100 characters)"
    assert excerpt("a\x00b") == "'a\\x00b'"
    assert excerpt("it's", 2) == "'it...' (4 characters)"


def test_a_duplicate_key_names_both_lines_not_the_first_value(tmp_path: Path) -> None:
    value = ">\n" + "".join("    " + "kata " * 1000 + "\n" for _ in range(5))  # 25 KB over five lines
    spec = write(tmp_path, GOOD.replace("subject: ", f"subject: {value}subject: "))
    line = _refused(run_cli("check", str(spec)), f"{spec}:14:1",
                    "the key 'subject' is given twice in one mapping (first on line 8); keep one")
    # The bound is on what the message says; the path before it is as long as the test's temporary folder.
    said = line.split(f"{spec}:14:1: ", 1)[1]
    assert len(said) < 120 and "kata" not in line


@pytest.mark.parametrize("change, expected, code", [
    (("year: 2025", "year: " + "dua " * 2000), "year: expected a whole number, got 'dua dua dua", 2),
    (("subject:", "x" * 1000 + ": 1\nsubject:"), "unknown field 'xxxxxxxxxx", 2),
    (("number: 6", "number: *" + "n" * 3000), "YAML syntax: found undefined alias 'nnnnnnnnnn", 2),
    # Within the field's length limit (longer is refused by its length alone), past a message's excerpt.
    (("  - uu-28-1999", "  - uu-28-1999\n  - " + "u" * 190), "unknown catalogue id 'uuuuuuuuuu", 2),
    (("diktum:", PLAN_FIELD.format("plan.yaml")), "'Sesuai kebutuhan Sesuai kebutuhan", 1),  # a warning
], ids=["value", "field", "alias", "catalogue-id", "schedule"])
def test_long_user_text_is_quoted_in_part(tmp_path: Path, change: tuple[str, str], expected: str, code: int) -> None:
    write(tmp_path, PLAN.format("SK").replace("schedule: 2025-01", "schedule: " + "Sesuai kebutuhan " * 55),
          "plan.yaml")
    spec = write(tmp_path, GOOD.replace(*change))
    result = run_cli("check", str(spec))
    assert result.returncode == code and expected in result.stdout, result.stdout
    (line,) = [line for line in result.stdout.splitlines() if expected in line]
    assert "characters)" in line and len(line) < 450, line  # (a 5,000-character value quoted whole: not)


# ------------------------------------------------------------------------------------ item 16: every place

def test_a_byte_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(GOOD.replace("name: Semarang", "name: Semar\xe9ng").encode("latin-1"))
    _refused(run_cli("check", str(spec)), f"{spec}:3:14", "is not UTF-8 text (the byte 0xE9 here)")
    spec.write_bytes("é".join(GOOD.split("Semarang", 1)).encode("utf-8") + b"\n# \xff\n")
    _refused(run_cli("check", str(spec)), f"{spec}:21:3", "the byte 0xFF")
    spec.write_bytes(GOOD.encode("utf-16"))
    _refused(run_cli("check", str(spec)), f"{spec}:1:1", "is UTF-16 text; save it as UTF-8")


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x7f", "\x80", "\x9f", "\ufffe"])
def test_a_character_yaml_does_not_allow_is_located(tmp_path: Path, char: str) -> None:
    spec = write(tmp_path, GOOD.replace("name: Semarang", f"name: Sem{char}arang"))
    _refused(run_cli("check", str(spec)), f"{spec}:3:12", f"U+{ord(char):04X}")


def test_a_surrogate_escape_is_refused_not_a_crash(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("name: Semarang", 'name: "Sem\\ud800arang"'))
    _refused(run_cli("render", str(spec), "-o", str(tmp_path / "out")), f"{spec}:3:9", "U+D800")


def test_ruamel_s_own_failures_are_located() -> None:
    # ruamel fails with an AssertionError on a comment after a block scalar's indicator, after a blank line (an
    # anchor makes the fast reader leave the text to it)
    assert _problem("a: &x 1\nb:\n\n  >- # c\n  x\n").startswith("f.yaml:4:3: YAML syntax: the reader fails here")


_PIECES = ["\t", "\x0b", "\x85", "\u2028", "\ufeff", "!!python/object/apply:os.system ", "!x ", "&a ", "*a", "<<: ",
           "? ", ": ", "- ", "[", "]", "{", "}", ",", "#", "|", ">-", "'", '"', "\\", "\\ud800", "%YAML 1.1\n",
           "---\n", "\n", "  ", "=", "9" * 5000, "x" * 12000, "é"]
_BASE = GOOD.replace("diktum:", "lampiran:\n  - kind: plan\n    title: Rencana Aksi\n" + PLAN.replace(
    "\n", "\n    ").format("SK").rstrip() + "\ndiktum:")


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = _BASE
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "copy"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(_PIECES)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        else:
            start = draw(st.integers(0, len(text)))
            text = text[:at] + text[start:start + 60] + text[at:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated(), st.booleans())
def test_every_refused_text_is_refused_at_a_line_and_column(text: str, large: bool) -> None:
    if large:
        text += PADDING.replace("pad", "zz")
    try:
        data, places = zyaml.read_yaml_text(text, "f.yaml")
    except SpecError as exc:
        for problem in exc.problems:
            assert problem.location.line is not None and problem.location.column is not None, str(problem)
            assert len(problem.message) < 300, str(problem)
        return
    fast = zyaml._read_fast(text, "f.yaml")
    if fast is not None and not large:  # where both read a text, they read the same
        assert json.dumps(fast[0], default=str) == json.dumps(data, default=str) and fast[1] == places


# ------------------------------------------------------------------------------------ item 17: tags

def test_a_python_tag_on_a_list_is_refused(tmp_path: Path) -> None:
    write(tmp_path, PLAN.format('!!python/object/apply:os.system ["echo"]'), "plan.yaml")
    spec = write(tmp_path, GOOD.replace("diktum:", PLAN_FIELD.format("plan.yaml")))
    _refused(run_cli("check", str(spec)), f"{tmp_path / 'plan.yaml'}:10:27",
             "the tag '!!python/object/apply:os.system' is not allowed")
    spec = write(tmp_path, GOOD.replace("  - dalam rangka", "  - !!python/object/new:list [[1]]\n  - dalam rangka"))
    _refused(run_cli("render", str(spec), "-o", str(tmp_path / "out")), f"{spec}:10:5",
             "the tag '!!python/object/new:list' is not allowed")


TAGGED = [
    ("- text: !!python/object/apply:os.system [echo]\n", "1:9", "!!python/object/apply:os.system"),
    ("a: !custom {x: 1}\n", "1:4", "!custom"),
    ("a: !!str 5\n", "1:4", "!!str"),
    ("a: !!map {x: 1}\n", "1:4", "!!map"),
    ("a: !!set {x, y}\n", "1:4", "!!set"),
    ("a: !!binary aGk=\n", "1:4", "!!binary"),
    ("a: ! 5\n", "1:4", "!"),
    ("!!python/name:os.system k: 1\n", "1:1", "!!python/name:os.system"),
    ("a:\n- !<tag:yaml.org,2002:python/object:x> [1]\n", "2:3", "!!python/object:x"),
    ("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", "3:4", "tag:example.com,2000:x"),
]


@pytest.mark.parametrize("text, where, tag", TAGGED, ids=[tag for _, _, tag in TAGGED])
def test_every_tag_is_refused_alike_by_both_readers(monkeypatch: pytest.MonkeyPatch, text: str, where: str,
                                                    tag: str) -> None:
    line, column = map(int, where.split(":"))
    refusal = f"the tag {excerpt(tag)} is not allowed: a spec holds plain text, numbers, lists and mappings"
    # the fast reader leaves a small text to ruamel, which refuses the tag where it is written...
    assert zyaml._read_fast(text, "f.yaml") is None
    assert _problem(text).startswith(f"f.yaml:{line}:{column}: {refusal}")
    if "%TAG" in text:
        return  # (in a large text, the %TAG line is refused first)
    # ...and in a text too large for ruamel, the fast reader says the same at the same place.
    monkeypatch.setattr(zyaml, "_read_roundtrip", None)
    padding = "- pad\n" * 12_000 if text.startswith("-") else PADDING
    lines = padding.count("\n")
    assert _problem(padding + text).startswith(f"f.yaml:{line + lines}:{column}: {refusal}")


# ------------------------------------------------------------------------------------ numbers without a digit

DIGITLESS = [("a: -_\n", "1:4", "-_"), ("a: [1, 0x_]\n", "1:8", "0x_"), ("a:\n  - +_\n", "2:5", "+_"),
             ("a: 0o_\n", "1:4", "0o_"), ("a: -0b_\n", "1:4", "-0b_"), ("a: ._\n", "1:4", "._"),
             ("a: -._e+1\n", "1:4", "-._e+1")]


@pytest.mark.parametrize("text, where, value", DIGITLESS, ids=[value for _, _, value in DIGITLESS])
def test_a_number_without_a_digit_is_refused_alike_by_both_readers(monkeypatch: pytest.MonkeyPatch, text: str,
                                                                   where: str, value: str) -> None:
    """`-_` and `0x_` look like numbers to YAML 1.2 (underscores may separate digits) and have none to read: both
    readers crashed on them (IndexError, ValueError: exit 3); each refuses them where they are written."""
    line, column = map(int, where.split(":"))
    refusal = f"{excerpt(value)} is written like a number but has no digits; if it is text, put it in quotes"
    assert _problem(text) == f"f.yaml:{line}:{column}: {refusal}"
    anchored = text.replace(value, "&x " + value)  # an anchor leaves the text to ruamel
    assert zyaml._read_fast(anchored, "f.yaml") is None
    assert _problem(anchored).endswith(refusal)
    monkeypatch.setattr(zyaml, "_read_roundtrip", None)
    lines = PADDING.count("\n")
    assert _problem(PADDING + text) == f"f.yaml:{line + lines}:{column}: {refusal}"


@pytest.mark.parametrize("value, read", [("0_", 0), ("1_000", 1000), ("0x_1", 1), ("-0b1_", -1), ("0xe_", 14),
                                         ("0._", 0.0), ("-.inf", float("-inf")), ("_", "_"), ("0o", "0o")])
def test_numbers_with_underscores_and_digits_still_read(value: str, read: object) -> None:
    assert zyaml.read_yaml_text(f"a: {value}\n", "f.yaml")[0] == {"a": read}
    assert zyaml.read_yaml_text(f"a: &x {value}\n", "f.yaml")[0] == {"a": read}


def test_a_file_read_again_unchanged_is_not_parsed_again_and_each_reader_gets_its_own_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a file reads as is kept in memory by its text (the workspace checks a decree again after each change
    of its spec, its plan file unchanged): read again, even under another name, it is not parsed again; changed,
    it is; and what one reader is given (and changes) is never what the next is given."""
    first, second = tmp_path / "a.plan.yaml", tmp_path / "b.plan.yaml"
    text = "areas:\n  - name: Manajemen Perubahan  # I\n    when: 2025-01-31\n"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    data, positions = zyaml.read_yaml(first, ("lampiran", 0))
    data["areas"][0]["name"] = "changed by its reader"
    parsed: list[str] = []
    real = zyaml.read_yaml_text
    monkeypatch.setattr(zyaml, "read_yaml_text", lambda raw, name, prefix=(): parsed.append(name) or real(raw, name,
                                                                                                          prefix))
    again, where = zyaml.read_yaml(second, ("lampiran", 1))
    assert parsed == []
    assert again == {"areas": [{"name": "Manajemen Perubahan", "when": "2025-01-31"}]}
    assert where[("lampiran", 1, "areas", 0, "name")] == zyaml.Location(str(second), 2, 5)
    assert positions[("lampiran", 0, "areas", 0, "name")] == zyaml.Location(str(first), 2, 5)
    second.write_text(text.replace("Perubahan", "Perubahan SDM"), encoding="utf-8")
    assert zyaml.read_yaml(second)[0]["areas"][0]["name"] == "Manajemen Perubahan SDM"
    assert parsed == [str(second)]
