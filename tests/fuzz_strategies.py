"""Hypothesis strategies for fuzzing the command line: each case is a set of input files (specs valid and near-valid,
plan files, plan workbooks, offices tables, office templates, mutated examples) and the commands to run on them."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from strategies import plan_areas, spec_data, user_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# --------------------------------------------------------------------------------------------- the case

# In a command's arguments, "{out}" is that command's own fresh output folder and "{outN}" the one of command N
# (0-based), for commands that read what an earlier one wrote.
OUT = "{out}"
RENDER = ("--format", "docx,pdf,txt")


@dataclass(frozen=True, eq=False)
class Case:
    """Input files (name -> bytes, in one folder) and the zi-decree commands run on them, in order."""

    family: str
    files: dict[str, bytes]
    commands: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:  # Hypothesis prints failing cases; the files themselves are saved apart
        sizes = ", ".join(f"{name} ({len(data)} bytes)" for name, data in self.files.items())
        return f"Case({self.family}: {sizes}; notes: {'; '.join(self.notes) or '-'})"


def spec_commands(spec: str = "spec.yaml") -> tuple[tuple[str, ...], ...]:
    return ("check", spec), ("render", spec, *RENDER, "-o", OUT)


# --------------------------------------------------------------------------------------------- hostile values

# Template syntax as staff might paste it. The evaluated forms of the first three (casefolded, without spaces:
# "qb49qe", "qbevalqe", "qbqe") must never appear in an output; the markers survive capitals and line wrapping.
PAYLOADS = ("QB{{ 7*7 }}QE", "QB{% if true %}EVAL{% endif %}QE", "QB{# note #}QE", "{{ 7*7 }}",
            "{% include 'kantor.docx' %}", "{% import 'os' as os %}", "{{ range(10**9) | list }}",
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            "{{ self.__init__.__globals__ }}", "{%p if x %}", "{{r x }}", "${7*7}", "<%= 7*7 %>",
            "</w:t></w:r><w:r><w:t>", "]]>", "&amp; &lt;", "%(name)s %s {0} {name}")
EVALUATED = ("qb49qe", "qbevalqe", "qbqe", "qbxxxqe")
NON_LATIN = ("\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u4e2d\u6587\u5b57", "\u0928\u092e\u0938\u094d\u0924\u0947",
             "\U0001f600\U0001f3f3\ufe0f\u200d\U0001f308", "a\u0301\u0327\u0308", "\u202eevil\u202c", "\u200b\u200c\u200d\u2060",
             "\ufb01\u00df\u0130\u0131", "\u1e9e\u01c4\u01c5", "Kabupaten \u1b05\u1b13\u1b36", "\U00010348\U0001d11e")
# Characters XML, YAML or a PDF refuse or mangle: controls, separators, surrogates, noncharacters.
AWKWARD = ("a\x00b", "a\x07b", "a\x0bb", "a\x1bb", "a\x7fb", "a\x85b", "a\u2028b", "a\u2029b", "a\ufeffb",
           "\ud800", "a\udfffb", "a\ufffeb", "a\uffffb", "\U0010ffff", "\t", "a\rb", "a\r\nb", "\n", " ", "")
WRONG_TYPES: tuple[Any, ...] = (
    0, -1, 7, 2025, 10**30, 1.5, -0.0, math.inf, math.nan, True, False, None, [], {}, [1, [2, [3]]], {"a": 1},
    {"text": None}, [None], dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2025, 2, 28),
    dt.datetime(2025, 1, 5, 10, 30), "2025-02-30", "2025-13-01", "31/02/2025", "5 Juni 20255", "kemarin", "yes",
    "0x1F", "1e309", "NaN", "-", "TODO")
_LOREM = "Lorem ipsum dolor sit amet pembangunan zona integritas "


def _long(n: int, spaces: bool) -> str:
    return (_LOREM * (n // len(_LOREM) + 1))[:n] if spaces else ("x" * n)


@functools.cache  # one strategy object: Hypothesis checks each new one on its first draw
def long_texts() -> st.SearchStrategy[str]:
    return st.builds(_long, st.sampled_from([300, 1200, 4100, 12000, 40000]), st.booleans())


@functools.cache
def hostile_values() -> st.SearchStrategy[Any]:
    """Values staff should never type, and some they do: each is refused or carried literally."""
    return st.one_of(st.sampled_from(PAYLOADS), st.sampled_from(NON_LATIN), st.sampled_from(AWKWARD),
                     st.sampled_from(WRONG_TYPES), long_texts(), user_text(),
                     st.builds(lambda p, t: f"{t} {p}", st.sampled_from(PAYLOADS), user_text()))


# YAML text put in place of a value as is: escapes, tags, aliases, nesting (raw, never re-quoted).
RAW_YAML = ('"\\ud800"', '"a\\udfffb"', '"\\x00"', '"a\\u0007b"', '"\\e[31mred"', '"\\u202eevil"', '"\\uffff"',
            '"\\U0010FFFF"', '"\\N\\_\\L\\P"', '!!python/object/apply:os.system ["touch PWNED"]',
            '!!python/object/apply:os.system\n  - touch PWNED', '!!python/name:os.system', '!!python/tuple [1, 2]',
            '!!binary aGVsbG8=', '!custom x', '!!set {a, b}', '!!omap [a: 1]', '!!str 5', '!!int "x"',
            '!!float "1e3"', '!!timestamp 2025-01-05', '!!null ""', '!<tag:yaml.org,2002:str> x', '*undefined',
            '&anchor value', '{a: 1, a: 2}', '[a, b', '"unterminated', "'it''s'", '|\n  block\n  text', '>-\n  folded',
            '? complex\n: key', '%YAML 1.1', '--- x', '... x', '@reserved', '`reserved', '"\\x"', "- - - x",
            'x: y: z', '{{ 7*7 }}', "{% include 'x' %}")


def deep(depth: int, kind: str) -> str:
    """A value nested `depth` levels deep, as YAML flow text."""
    if kind == "list":
        return "[" * depth + "x" + "]" * depth
    return "{a: " * depth + "x" + "}" * depth


@functools.cache
def raw_yaml_values() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(RAW_YAML), st.builds(deep, st.sampled_from([30, 200, 1000, 5000]),
                                                          st.sampled_from(["list", "map"])))


def yaml_scalar(value: Any) -> str:
    """A value as YAML flow text: strings double-quoted with every character a YAML reader refuses raw escaped."""
    if isinstance(value, str):
        out = []
        for ch in value:
            code = ord(ch)
            if ch in '"\\':
                out.append("\\" + ch)
            elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or ch in "\u2028\u2029\ufeff\ufffe\uffff":
                out.append(f"\\u{code:04x}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf") if math.isinf(value) else repr(value)
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.datetime) else value.isoformat(sep=" ")
    return yaml.safe_dump(value, default_flow_style=True, width=10**9, allow_unicode=True).strip()


# --------------------------------------------------------------------------------------------- YAML files

_MARK = "ZZRAW{}ZZ"


def dump(data: Any, raw: dict[str, str] | None = None) -> bytes:
    """A YAML file of `data`; a string ZZRAWnZZ in it stands for raw[that string], put in as written."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)
    for mark, value in (raw or {}).items():
        indent = ""
        for line in text.splitlines():
            if mark in line:
                indent = line[:len(line) - len(line.lstrip())] + "  "
                break
        text = text.replace(mark, value.replace("\n", "\n" + indent))
    return text.encode("utf-8", "surrogatepass")


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _strings(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [p for p in _paths(node, path) if isinstance(_get(node, p), str)]


# Keys whose values are names the program looks up (ids, kinds, file names), not text it prints.
NOT_TEXT = {"kind", "issuer", "paper", "template", "plan", "catalogues", "mengingat", "id", "type", "schedule",
            "indicator_labels", "list_style", "amends", "revokes", "enacts", "bagian_anggaran"}


def inject(data: Any, payload: str, only_text: bool) -> int:
    """Append `payload` to every string of `data` (only text fields, or every string); return how many."""
    count = 0
    for path in _strings(data):
        if only_text and any(isinstance(k, str) and k in NOT_TEXT for k in path):
            continue
        parent = _get(data, path[:-1])
        parent[path[-1]] = f"{parent[path[-1]]} {payload}"
        count += 1
    return count


@st.composite
def data_mutation(draw: st.DrawFn, data: Any, raw: dict[str, str]) -> str:
    """Change `data` (a spec or plan as parsed YAML) in place the way a slip or an attack would; say how."""
    paths = _paths(data)
    if not paths:
        return "nothing to change"
    op = draw(st.sampled_from(["delete", "replace", "replace", "replace", "raw", "unknown", "swap", "duplicate",
                               "wrap", "inject"]))
    path = draw(st.sampled_from(paths))
    parent, key = _get(data, path[:-1]), path[-1]
    where = ".".join(map(str, path))
    if op == "delete":
        del parent[key]
        return f"deleted {where}"
    if op == "replace":
        value = draw(hostile_values())
        parent[key] = value
        return f"{where} = {yaml_scalar(value)[:60]}"
    if op == "raw":
        mark = _MARK.format(len(raw))
        raw[mark] = draw(raw_yaml_values())
        parent[key] = mark
        return f"{where} = raw {raw[mark][:60]!r}"
    if op == "unknown":
        target = parent if isinstance(parent, dict) else data
        target[draw(st.sampled_from(["zz_unknown", "Office", "nomor", "office ", "areas", "plan", "lampiran"]))] = \
            draw(st.one_of(st.integers(), user_text()))
        return f"unknown key beside {where}"
    if op == "swap":
        other = draw(st.sampled_from(paths))
        if other[:len(path)] == path or path[:len(other)] == other:
            return "swap skipped (nested)"
        other_parent = _get(data, other[:-1])
        parent[key], other_parent[other[-1]] = other_parent[other[-1]], parent[key]
        return f"swapped {where} and {'.'.join(map(str, other))}"
    if op == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, parent[key])
            return f"duplicated {where}"
        parent[key] = [parent[key], parent[key]]
        return f"{where} doubled into a list"
    if op == "wrap":
        parent[key] = draw(st.sampled_from([[parent[key]], {"text": parent[key]}, {"value": parent[key]}]))
        return f"{where} wrapped"
    payload = draw(st.sampled_from(PAYLOADS[:3]))
    return f"injected {payload!r} into {inject(data, payload, only_text=draw(st.booleans()))} strings"


# --------------------------------------------------------------------------------------------- text mutations

_KEY_VALUE = re.compile(rb"^(\s*(?:- )*[\w-]+:[ \t]+)(\S.*)$")
_ITEM = re.compile(rb"^(\s*- )(?![\w-]+:)(\S.*)$")


@st.composite
def text_mutation(draw: st.DrawFn, text: bytes) -> tuple[bytes, str]:
    """A change to a text file's bytes: a slip of the keyboard, an editor's doing, or an attack."""
    lines = text.split(b"\n")
    n = len(lines)
    line = draw(st.integers(0, max(n - 1, 0)))
    sites = [i for i, line in enumerate(lines) if _KEY_VALUE.match(line) or _ITEM.match(line)]
    op = draw(st.sampled_from(["flip", "insert_byte", "delete_line", "duplicate_line", "swap_lines", "value",
                               "value", "value", "raw_value", "swap_values", "unknown_key", "truncate", "encoding",
                               "indent", "bomb", "long_line"]))
    if op == "flip" and text:
        pos = draw(st.integers(0, len(text) - 1))
        byte = draw(st.integers(0, 255))
        return text[:pos] + bytes([byte]) + text[pos + 1:], f"byte {pos} = {byte:#04x}"
    if op == "insert_byte":
        pos = draw(st.integers(0, len(text)))
        chunk = draw(st.sampled_from([b"\x00", b"\x0b", b"\x1b", b"\x7f", b"\xc2\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf",
                                      b"\xff", b"\xc3", b"\xed\xa0\x80", b"\t", b"\r", b"#", b":", b"- ", b"\"", b"'",
                                      b"{", b"[", b"&a ", b"*a ", b"!", b"%", b"@", b"`", b"|"]))
        return text[:pos] + chunk + text[pos:], f"inserted {chunk!r} at byte {pos}"
    if op == "delete_line" and n > 1:
        return b"\n".join(lines[:line] + lines[line + 1:]), f"deleted line {line + 1}"
    if op == "duplicate_line":
        return b"\n".join(lines[:line + 1] + lines[line:]), f"duplicated line {line + 1}"
    if op == "swap_lines" and n > 1:
        other = draw(st.integers(0, n - 1))
        lines[line], lines[other] = lines[other], lines[line]
        return b"\n".join(lines), f"swapped lines {line + 1} and {other + 1}"
    if op in ("value", "raw_value", "swap_values", "unknown_key") and sites:
        i = draw(st.sampled_from(sites))
        match = _KEY_VALUE.match(lines[i]) or _ITEM.match(lines[i])
        assert match is not None
        head, value = match.group(1), match.group(2)
        if op == "value":
            new = yaml_scalar(draw(hostile_values())).encode("utf-8", "surrogatepass")
            lines[i] = head + new
            return b"\n".join(lines), f"line {i + 1}: value = {new[:60]!r}"
        if op == "raw_value":
            indent = b" " * (len(head) - len(head.lstrip()) + 2)
            new = draw(raw_yaml_values()).encode().replace(b"\n", b"\n" + indent)
            lines[i] = head + new
            return b"\n".join(lines), f"line {i + 1}: raw value {new[:60]!r}"
        if op == "swap_values":
            j = draw(st.sampled_from(sites))
            other = _KEY_VALUE.match(lines[j]) or _ITEM.match(lines[j])
            assert other is not None
            lines[i], lines[j] = head + other.group(2), other.group(1) + value
            return b"\n".join(lines), f"swapped the values of lines {i + 1} and {j + 1}"
        indent = re.match(rb"^\s*", lines[i]).group(0)  # type: ignore[union-attr]
        lines.insert(i + 1, indent + (b"  " if lines[i].lstrip().startswith(b"- ") else b"") + b"zz_unknown: 1")
        return b"\n".join(lines), f"unknown key after line {i + 1}"
    if op == "truncate" and text:
        pos = draw(st.integers(0, len(text) - 1))
        return text[:pos], f"truncated at byte {pos}"
    if op == "encoding":
        how = draw(st.sampled_from(["utf-16", "utf-8-sig", "latin-1", "crlf", "cr", "tabs"]))
        decoded = text.decode("utf-8", "replace")
        if how == "utf-16":
            return decoded.encode("utf-16"), "as UTF-16"
        if how == "utf-8-sig":
            return b"\xef\xbb\xbf" + text, "with a byte-order mark"
        if how == "latin-1":
            return decoded.encode("latin-1", "replace"), "as Latin-1"
        if how == "crlf":
            return text.replace(b"\n", b"\r\n"), "CRLF line ends"
        if how == "cr":
            return text.replace(b"\n", b"\r"), "CR line ends"
        return re.sub(rb"(?m)^(  )+", lambda m: b"\t" * (len(m.group(0)) // 2), text), "tabs for indentation"
    if op == "indent" and n > 1:
        lines[line] = b" " + lines[line]
        return b"\n".join(lines), f"line {line + 1} indented by one"
    if op == "bomb":
        levels = draw(st.integers(2, 4))
        bomb = [b"zz_bomb_0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
        bomb += [b"zz_bomb_%d: &b%d [%s]" % (k, k, b", ".join([b"*b%d" % (k - 1)] * 10)) for k in range(1, levels + 1)]
        target = draw(st.sampled_from([b"menimbang", b"memperhatikan", b"areas", b"zz_bomb"]))
        use = b"" if target == b"zz_bomb" else b"\n%s: *b%d" % (target, levels)
        return b"\n".join(bomb) + use + b"\n" + text, f"alias bomb of 10^{levels + 1} items into {target.decode()}"
    if op == "long_line":
        width = draw(st.sampled_from([10_000, 100_000, 1_000_000]))
        lines.insert(line, b"# " + b"x" * width)
        return b"\n".join(lines), f"a comment line of {width} characters before line {line + 1}"
    return text, "unchanged"


@st.composite
def mutated(draw: st.DrawFn, text: bytes, max_mutations: int = 3) -> tuple[bytes, list[str]]:
    notes = []
    for _ in range(draw(st.integers(1, max_mutations))):
        text, note = draw(text_mutation(text))
        notes.append(note)
    return text, notes


# --------------------------------------------------------------------------------------------- specs


def _plan_file_data(spec: dict[str, Any]) -> dict[str, Any]:
    """Move the spec's plan (areas) into a plan file's data; the spec then names plan.yaml."""
    lamp = next(lamp for lamp in spec["lampiran"] if lamp.get("kind") == "plan")
    plan = {"areas": lamp.pop("areas")}
    lamp["plan"] = "plan.yaml"
    return plan


@st.composite
def valid_specs(draw: st.DrawFn) -> Case:
    """A valid spec (tests/strategies.py), its plan inline or in a plan file: check and render."""
    data = draw(spec_data())
    files = {}
    if draw(st.booleans()):
        files["plan.yaml"] = dump(_plan_file_data(data))
    files["spec.yaml"] = dump(data)
    return Case("valid spec", files, spec_commands(), ("plan file" if "plan.yaml" in files else "plan inline",))


@st.composite
def near_valid_specs(draw: st.DrawFn) -> Case:
    """A valid spec with one to three things wrong in its data (or its plan file's), then perhaps its bytes."""
    data = draw(spec_data())
    plan = _plan_file_data(data) if draw(st.booleans()) else None
    raw: dict[str, str] = {}
    plan_raw: dict[str, str] = {}
    notes = []
    for _ in range(draw(st.integers(1, 3))):
        if plan is not None and draw(st.booleans()):
            notes.append("plan.yaml: " + draw(data_mutation(plan, plan_raw)))
        else:
            notes.append(draw(data_mutation(data, raw)))
    files = {"spec.yaml": dump(data, raw)}
    if plan is not None:
        files["plan.yaml"] = dump(plan, plan_raw)
    if draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(sorted(files)))
        files[name], more = draw(mutated(files[name], 1))
        notes += [f"{name}: {note}" for note in more]
    return Case("near-valid spec", files, spec_commands(), tuple(notes))


# The examples and the files each one reads.
BUNDLES = {
    "kab-semarang-2025.yaml": ("kab-semarang-2025.plan.yaml",),
    "kota-surakarta-2025.yaml": ("kota-surakarta-2025.plan.yaml",),
    "kota-magelang-2022.yaml": (),
    "kab-batang-2022.yaml": (),
}
_EXAMPLE_BYTES = {name: (EXAMPLES / name).read_bytes()
                  for spec, plans in BUNDLES.items() for name in (spec, *plans)}
_EXAMPLE_BYTES["jawa-tengah-2025.plan.yaml"] = (EXAMPLES / "jawa-tengah-2025.plan.yaml").read_bytes()


@st.composite
def example_mutants(draw: st.DrawFn) -> Case:
    """An example of examples/ (spec and plan file) with its bytes mutated, or template syntax in every field."""
    spec = draw(st.sampled_from(sorted(BUNDLES)))
    files = {name: _EXAMPLE_BYTES[name] for name in (spec, *BUNDLES[spec])}
    target = draw(st.sampled_from(sorted(files)))
    if draw(st.integers(0, 5)) == 0:
        data = yaml.safe_load(files[target])
        payload = draw(st.sampled_from(PAYLOADS))
        only_text = draw(st.booleans())
        count = inject(data, payload, only_text)
        files[target] = dump(data)
        notes = [f"{target}: {payload!r} appended to {count} {'text fields' if only_text else 'strings'}"]
    else:
        files[target], notes = draw(mutated(files[target]))
        notes = [f"{target}: {note}" for note in notes]
    return Case("example mutant", files, spec_commands(spec), tuple(notes))


# --------------------------------------------------------------------------------------------- workbooks

_HEADER_NAMES = {
    "no": ["NO", "No.", "NO URUT"], "area": ["AREA PERUBAHAN", "Area", "AREA PENGUNGKIT"],
    "component": ["KOMPONEN", "Komponen Pemenuhan"], "indicator": ["INDIKATOR", "Indikator"],
    "step": ["LANGKAH AKSI", "LANGKAH AKSI / KEGIATAN", "Rencana Kegiatan"],
    "evidence": ["BUKTI FISIK", "BUKTI FISIK / OUTPUT", "Output"], "link": ["LINK BUKTI FISIK", "Tautan"],
    "schedule": ["TARGET WAKTU", "Waktu Pelaksanaan", "JADWAL"], "responsible": ["PENANGGUNG JAWAB", "PIC"],
}
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"]


def _cell_text(value: Any, style: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(f"{i}{style} {v}" for i, v in enumerate(value, 1))
    return value["intro"] + "\n" + "\n".join(f"{i}{style} {v}" for i, v in enumerate(value["items"], 1))


def _schedule_cell(draw: st.DrawFn, year: int) -> Any:
    month = draw(st.integers(1, 12))
    return draw(st.sampled_from([
        f"{_MONTHS[month - 1]} {year}", f"Januari - {_MONTHS[month - 1]} {year}", f"Triwulan I dan III {year}",
        f"Setiap semester {year}", f"Minggu ke-2 {_MONTHS[month - 1]} {year}", dt.datetime(year, month, 1),
        dt.date(year, month, 15), float((dt.date(year, month, 1) - dt.date(1899, 12, 30)).days),
        (dt.date(year, month, 1) - dt.date(1899, 12, 30)).days, f"{month}/{year}", None, "Desember",
        f"April, Juli, dan Oktober {year}; Januari {year + 1}", "sepanjang tahun", 44652]))


@st.composite
def staff_workbook(draw: st.DrawFn, year: int) -> tuple[Any, str]:
    """A plan workbook as staff build it by hand (openpyxl): title rows, header variants, merged or blank group
    cells, typed numbering, date cells and serial numbers, a month grid with marks, a Pengaturan sheet."""
    import openpyxl

    link = draw(st.booleans())
    areas = draw(plan_areas(year, link))
    grid = draw(st.booleans())
    fields = ["no"] if draw(st.booleans()) else []
    fields += ["area", "component", "indicator", "step", "evidence"] + (["link"] if link else [])
    fields += [] if grid else ["schedule"]
    fields += ["responsible"] if draw(st.booleans()) else []
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = draw(st.sampled_from(["Rencana Aksi", "RA ZI", "Sheet1", "Lampiran"]))
    for _ in range(draw(st.integers(0, 3))):
        ws.append([draw(st.sampled_from(["RENCANA AKSI ZONA INTEGRITAS", f"TAHUN {year}", None]))])
    header = [draw(st.sampled_from(_HEADER_NAMES[f])) for f in fields]
    if grid:
        header += [draw(st.sampled_from([m, m[:3], i + 1])) for i, m in enumerate(_MONTHS)]
    ws.append(header)
    if draw(st.booleans()):
        ws.append(list(range(1, len(header) + 1)))
    merge = draw(st.booleans())
    numbered = draw(st.booleans())
    style = draw(st.sampled_from([")", "."]))
    first_data = ws.max_row + 1
    groups: dict[str, list[list[int]]] = {f: [] for f in ("area", "component", "indicator", "step", "responsible")}
    for a, area in enumerate(areas, 1):
        for c, comp in enumerate(area["components"], 1):
            for i, ind in enumerate(comp["indicators"], 1):
                for s, step in enumerate(ind["steps"]):
                    for e, ev in enumerate(step["evidence"]):
                        r = ws.max_row + 1
                        new = {"step": e == 0}
                        new["indicator"] = new["step"] and s == 0
                        new["component"] = new["indicator"] and i == 1
                        new["area"] = new["responsible"] = new["no"] = new["component"] and c == 1
                        values = {
                            "no": a,
                            "area": (f"{'IVX'[a % 3]}. " if numbered else "") + _cell_text(area["name"], style),
                            "component": (f"{c}. " if numbered else "") + _cell_text(comp["name"], style),
                            "indicator": _cell_text(ind["text"], style),
                            "step": _cell_text(step["text"], style),
                            "evidence": _cell_text(ev["text"], style),
                            "link": _cell_text(ev.get("link") or "", style) or None,
                            "schedule": _schedule_cell(draw, year),
                            "responsible": area.get("responsible") or "Tim",
                        }
                        row = []
                        for f in fields:
                            if f not in new:
                                row.append(values[f])
                            elif new[f]:
                                row.append(values[f])
                                if f in groups:
                                    groups[f].append([r, r])
                            else:  # below a group's first row: blank, or the value repeated as some staff do
                                repeat = not merge and f != "no" and draw(st.integers(0, 3)) == 0
                                row.append(values[f] if repeat else None)
                                if f in groups:
                                    groups[f][-1][1] = r
                        if grid:
                            months = draw(st.sets(st.integers(1, 12), max_size=12))
                            marks = st.sampled_from(["\u221a", "v", "x", 1, "\u2713", " \u221a ", "ya", "o"])
                            row += [draw(marks) if m in months else None for m in range(1, 13)]
                        ws.append(row)
    if merge:
        for f, spans in groups.items():
            if f in fields:
                col = fields.index(f) + 1
                for top, bottom in spans:
                    if bottom > top:
                        ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
    if draw(st.booleans()):
        settings = book.create_sheet("Pengaturan")
        settings.append(["Tahun", draw(st.sampled_from([year, str(year), year + 1, None, "dua ribu"]))])
        if draw(st.booleans()):
            settings.append(["Jadwal", "Kisi bulanan" if grid else "Target waktu"])
    notes = f"{'grid' if grid else 'target time'}, {'merged' if merge else 'blank'} groups, rows from {first_data}"
    return book, notes


@functools.cache
def _hostile_scalars() -> st.SearchStrategy[Any]:
    return hostile_values().filter(lambda v: not isinstance(v, (list, dict)))


@functools.cache
def _cell_value() -> st.SearchStrategy[Any]:
    return st.one_of(_hostile_scalars(),
                     st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\")", "=A1", "#REF!", "\u221a", "v", dt.time(10, 30),
                                      dt.timedelta(days=3), dt.datetime(1900, 1, 1), 1e308, -44652, 0.5]))


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@st.composite
def workbook_mutation(draw: st.DrawFn, book: Any) -> str:
    """Change an openpyxl workbook as a careless or hostile editor would; say how."""
    try:
        return draw(_workbook_change(book))
    except (KeyError, ValueError, AttributeError, IndexError, TypeError) as exc:  # openpyxl's own limits
        return f"change skipped (openpyxl: {type(exc).__name__})"


@st.composite
def _workbook_change(draw: st.DrawFn, book: Any) -> str:
    ws = book.worksheets[0]
    op = draw(st.sampled_from(["cell", "cell", "cell", "delete_col", "delete_row", "insert_row", "merge", "unmerge",
                               "sheet_first", "rename", "drop_settings", "settings"]))
    rows, cols = max(ws.max_row, 1), max(ws.max_column, 1)
    if op == "cell":
        r, c = draw(st.integers(1, rows + 1)), draw(st.integers(1, cols + 1))
        value = draw(_cell_value())
        if isinstance(value, str):
            value = _ILLEGAL.sub("?", value).encode("utf-8", "replace").decode("utf-8")
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)
        try:
            ws.cell(r, c).value = value
        except (AttributeError, ValueError):  # a merged cell below its first is read-only in openpyxl
            return "cell skipped (merged)"
        return f"cell {ws.cell(r, c).coordinate} = {value!r:.60}"
    if op == "delete_col":
        c = draw(st.integers(1, cols))
        ws.delete_cols(c)
        return f"column {c} deleted"
    if op == "delete_row":
        r = draw(st.integers(1, rows))
        ws.delete_rows(r)
        return f"row {r} deleted"
    if op == "insert_row":
        r = draw(st.integers(1, rows))
        ws.insert_rows(r)
        return f"row inserted at {r}"
    if op == "merge":
        top, left = draw(st.integers(1, rows)), draw(st.integers(1, cols))
        bottom, right = top + draw(st.integers(0, 2000)), left + draw(st.integers(0, 3))
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
        return f"merged rows {top}-{bottom}, columns {left}-{right}"
    if op == "unmerge":
        for r in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(r))
        return "every merge undone"
    if op == "sheet_first":
        book.move_sheet(book.create_sheet(draw(st.sampled_from(["Catatan", "Rencana Aksi 2", "Petunjuk"]))), -99)
        return "a sheet before the plan"
    if op == "rename":
        ws.title = draw(st.sampled_from(["Rencana Aksi", "x" * 31, "\u0645\u0631\u062d\u0628\u0627", "Sheet 1", "'q'"]))
        return f"plan sheet renamed {ws.title!r}"
    if op == "drop_settings":
        if "Pengaturan" in book.sheetnames:
            del book["Pengaturan"]
        return "no Pengaturan sheet"
    settings = book["Pengaturan"] if "Pengaturan" in book.sheetnames else book.create_sheet("Pengaturan")
    label = draw(st.sampled_from(["Tahun", "Jadwal", "Huruf indikator", "Kolom link", "Kolom penanggung jawab",
                                  "Penomoran daftar"]))
    value = draw(_cell_value())
    if isinstance(value, str):
        value = _ILLEGAL.sub("?", value).encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    settings.append([label, value])
    return f"Pengaturan {label} = {value!r:.60}"


def save(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


_CELL = re.compile(rb"<c r=\"([A-Z]+\d+)\"[^>]*?(?:/>|>.*?</c>)", re.S)
_SHEET1 = "xl/worksheets/sheet1.xml"


def damage(data: bytes, op: str, arg: Any = None) -> bytes:
    """A zip file (XLSX, DOCX) damaged at the zip or XML level, as a careless save or a hand edit leaves it:
    deterministic, so that a case can be written down as its recipe (tests/fuzz_corpus)."""
    if op == "truncate":
        return data[:arg]
    if op == "flip":
        return data[:arg] + bytes([data[arg] ^ 0xFF]) + data[arg + 1:]
    if op == "replace":  # the whole file
        return str(arg).encode("latin-1")
    parts = _parts(data)
    if op == "drop":
        parts.pop(arg, None)
    elif op == "garbage":
        name, garbage = arg
        parts[name] = garbage.encode("latin-1")
    elif op == "truncate_part":
        name, at = arg
        parts[name] = parts.get(name, b"")[:at]
    elif op == "control_char":  # inline strings with a character XML 1.0 does not allow
        parts[_SHEET1] = _CELL.sub(lambda m: b'<c r="%s" t="inlineStr"><is><t>a\x01b&#1;</t></is></c>' % m.group(1),
                                   parts[_SHEET1], count=arg)
    elif op == "dimension":
        parts[_SHEET1] = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b'<dimension ref="%s"/>' % arg.encode(), parts[_SHEET1])
    elif op == "formula_text":  # formulas caching text, as Excel saves them
        parts[_SHEET1] = _CELL.sub(lambda m: b'<c r="%s" t="str"><f>CONCAT("a","b")</f><v>ab</v></c>' % m.group(1),
                                   parts[_SHEET1], count=arg)
    elif op == "shared_string":
        parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"<t>", b"<t>" + arg.encode(), 1)
    elif op == "no_sectpr":
        parts["word/document.xml"] = re.sub(rb"<w:sectPr.*?</w:sectPr>", b"", parts["word/document.xml"], flags=re.S)
    elif op == "no_pgmar":
        parts["word/document.xml"] = re.sub(rb"<w:pgMar[^>]*/>", b"", parts["word/document.xml"])
    elif op == "no_zi_styles":
        parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:val="ZI ', b'w:val="XX ')
    else:
        raise ValueError(f"unknown damage {op!r}")
    return _zip(parts)


_GARBAGE = ["", "<x", "not xml", "\x00" * 10, "<?xml version='1.0'?><a/>"]


@st.composite
def zip_mutation(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """Damage an XLSX at the zip or XML level: what openpyxl would never write."""
    names = sorted(_parts(data))
    op = draw(st.sampled_from(["truncate", "flip", "drop", "garbage", "control_char", "dimension",
                               "formula_text", "shared_string"]))
    arg: Any = None
    if op in ("truncate", "flip"):
        arg = draw(st.integers(0, len(data) - 1))
    elif op == "drop":
        arg = draw(st.sampled_from(names))
    elif op == "garbage":
        arg = (draw(st.sampled_from(names)), draw(st.sampled_from(_GARBAGE)))
    elif op in ("control_char", "formula_text"):
        arg = draw(st.integers(1, 3))
    elif op == "dimension":
        arg = draw(st.sampled_from(["A1:XFD1048576", "A1:Z100000", "A1", "ZZZ9:A1", "nonsense"]))
    else:
        arg = draw(st.sampled_from(["{{ 7*7 }}", "&#0;", "&#xD800;", "&#xFFFE;", "]]>", "&amp;", "QB{{ 7*7 }}QE "]))
    if (op in ("control_char", "dimension", "formula_text") and _SHEET1 not in names) or \
            (op == "shared_string" and "xl/sharedStrings.xml" not in names):
        return data, f"{op} skipped (no such part)"
    return damage(data, op, arg), f"damage {op} {arg!r}"[:100]


@st.composite
def workbooks(draw: st.DrawFn) -> Case:
    """A staff-built plan workbook, perhaps damaged: `plan import`, and a valid spec that names it (check, render)."""
    spec = draw(spec_data())
    year = spec["year"]
    book, made = draw(staff_workbook(year))
    notes = [made]
    data = save(book)
    for _ in range(draw(st.integers(0, 3))):
        notes.append(draw(workbook_mutation(book)))
    try:
        data = save(book)
    except Exception as exc:  # a change openpyxl cannot save: the workbook as built
        notes.append(f"saved unchanged (openpyxl: {type(exc).__name__})")
    if draw(st.integers(0, 3)) == 0:
        data, note = draw(zip_mutation(data))
        notes.append(note)
    lamp = next(lamp for lamp in spec["lampiran"] if lamp.get("kind") == "plan")
    del lamp["areas"]
    lamp["plan"] = "plan.xlsx"
    year_option = ("--year", str(year)) if draw(st.booleans()) else ()
    commands = (("plan", "import", "plan.xlsx", "-o", f"{OUT}/plan.yaml", *year_option), *spec_commands())
    return Case("plan workbook", {"plan.xlsx": data, "spec.yaml": dump(spec)}, commands, tuple(notes))


@st.composite
def exported_plans(draw: st.DrawFn) -> Case:
    """A spec or plan file (valid or near-valid) exported to a workbook and imported back."""
    spec = draw(spec_data())
    plan = _plan_file_data(spec)
    notes = []
    raw: dict[str, str] = {}
    if draw(st.booleans()):
        notes.append(draw(data_mutation(plan, raw)))
    year = ("--year", str(spec["year"])) if draw(st.booleans()) else ()
    source = draw(st.sampled_from(["spec.yaml", "plan.yaml"]))
    commands = (("plan", "export", source, "-o", f"{OUT}/plan.xlsx", *year),
                ("plan", "import", "{out0}/plan.xlsx", "-o", f"{OUT}/plan.yaml", *year))
    return Case("plan export/import", {"spec.yaml": dump(spec), "plan.yaml": dump(plan, raw)}, commands,
                (f"from {source}", *notes))


# --------------------------------------------------------------------------------------------- offices tables

_OFFICE_NAMES = ["Kabupaten Semarang", "Kota Salatiga", "Kabupaten Banyumas", "Kota Tegal", "Provinsi Jawa Tengah",
                 "Kabupaten Kepulauan Seribu", "Kota \u0645\u0631\u062d\u0628\u0627", "Kota \u05e9\u05dc\u05d5\u05dd", "Kabupaten", "Semarang",
                 "KABUPATEN  SEMARANG ", "Kab. Semarang", "Kota Tegal"]


@st.composite
def office_rows(draw: st.DrawFn, year: int) -> list[dict[str, Any]]:
    rows = []
    for n in range(draw(st.integers(1, 3))):
        day = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        rows.append({
            "office": draw(st.one_of(st.sampled_from(_OFFICE_NAMES),
                                     st.builds(lambda k, t: f"{k} {t}", st.sampled_from(["Kabupaten", "Kota"]),
                                               user_text(20)))),
            "seat": draw(st.one_of(st.none(), user_text(20))),
            "province": draw(st.sampled_from([None, "Jawa Tengah", "Jawa Timur", "DKI Jakarta"])),
            "number": draw(st.one_of(st.integers(1, 300), st.just(n + 1),
                                     st.sampled_from(["011", "11/HK.03.1/2025", "7A", "x/y"]))),
            "date": draw(st.sampled_from([day, day.isoformat(), day.strftime("%d/%m/%Y"),
                                          f"{day.day} {_MONTHS[day.month - 1]} {day.year}",
                                          (day - dt.date(1899, 12, 30)).days])),
            "chair": draw(user_text(30)),
            "attestation_name": draw(user_text(30)),
            "attestation_position": draw(st.one_of(st.none(), user_text(60))),
            "nip": draw(st.sampled_from([None, "198606132014012010", "197407122005111008", 198606132014012010])),
        })
    return rows


@st.composite
def offices_tables(draw: st.DrawFn) -> Case:
    """A small offices table (CSV, XLSX or YAML; English or Indonesian column names), perhaps damaged, and a
    small shared plan: `batch`."""
    year = draw(st.integers(2021, 2030))
    rows = draw(office_rows(year))
    notes = []
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from(sorted(row)))
        op = draw(st.sampled_from(["value", "delete", "blank"]))
        if op == "value":
            row[column] = draw(_hostile_scalars())
            notes.append(f"{column} = {yaml_scalar(row[column])[:60]}")
        elif op == "delete":
            for r in rows:
                r.pop(column, None)
            notes.append(f"no {column} column")
        else:
            row[column] = None
            notes.append(f"{column} blank")
    names = {c: draw(st.sampled_from([c, {"office": "kantor", "number": "nomor", "date": "tanggal", "chair": "ketua",
                                          "attestation_name": "pengesah", "seat": "tempat", "province": "provinsi",
                                          "nip": "NIP", "attestation_position": "jabatan pengesah"}[c]]))
             for c in rows[0]}
    columns = list(dict.fromkeys(c for r in rows for c in r))
    kind = draw(st.sampled_from(["csv", "csv", "xlsx", "yaml"]))
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ",", ";", "\t"])))
        writer.writerow([names.get(c, c) for c in columns])
        for r in rows:
            writer.writerow(["" if r.get(c) is None else str(r.get(c)) for c in columns])
        table = out.getvalue().encode("utf-8", "surrogatepass")
        if draw(st.integers(0, 3)) == 0:
            table, more = draw(mutated(table, 2))
            notes += more
    elif kind == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.append([names.get(c, c) for c in columns])
        for r in rows:
            cells = []
            for c in columns:
                v = r.get(c)
                if isinstance(v, str):
                    v = _ILLEGAL.sub("?", v).encode("utf-8", "replace").decode("utf-8")
                if isinstance(v, float) and not math.isfinite(v):
                    v = str(v)
                cells.append(v)
            ws.append(cells)
        table = save(book)
        if draw(st.integers(0, 3)) == 0:
            table, note = draw(zip_mutation(table))
            notes.append(note)
    else:
        table = dump([{names.get(c, c): v for c, v in r.items()} for r in rows])
    if draw(st.integers(0, 3)) == 0:  # the example's shared plan (of 2025), perhaps damaged
        plan_bytes = _EXAMPLE_BYTES["jawa-tengah-2025.plan.yaml"]
        if draw(st.booleans()):
            plan_bytes, more = draw(mutated(plan_bytes, 2))
            notes += [f"plan.yaml: {note}" for note in more]
        command_year = "2025"
    else:
        plan_bytes = dump({"areas": draw(plan_areas(year, link=False))})
        command_year = str(year)
    name = f"offices.{kind}"
    command = ("batch", name, "--plan", "plan.yaml", "--year", command_year, "-o", OUT, *RENDER, "--workers", "1")
    return Case("offices table", {name: table, "plan.yaml": plan_bytes}, (command,), (kind, *notes))


# --------------------------------------------------------------------------------------------- office templates

TEMPLATE = ROOT / "templates" / "keputusan.docx"
# What an office puts in its template's header: the documented fields, and what it must not run.
TEMPLATE_TEXT = ("{{ office }}", "{{ office_upper }}", "{{ nomor }}", "{{ tahun }}", "{{ tentang }}", "{{ tanggal }}",
                 "KOMISI PEMILIHAN UMUM", "QB{{ 7*7 }}QE", "QB{% if true %}EVAL{% endif %}QE", "QB{# c #}QE",
                 "QB{% for i in range(3) %}x{% endfor %}QE", "{{ office|upper }}", "{{ office | e }}",
                 "{% include 'x.xml' %}", "{% import 'x' as y %}", "{{ unknown }}", "{{ office.__class__ }}",
                 "{%p if office %}", "{{", "}}", "{% raw %}", "{% endif %}", "{{ tahun + 1 }}", "{%- set x = 1 -%}")


def build_template(header: str | None = None, footer: str | None = None) -> bytes:
    """The bundled DOCX template with `header` and `footer` text, as an office writes them in Word."""
    import docx

    document = docx.Document(str(TEMPLATE))
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@st.composite
def template_damage(draw: st.DrawFn, data: bytes) -> tuple[str, Any]:
    """How a DOCX template gets damaged: a careless save, a hand edit, the wrong file."""
    op = draw(st.sampled_from(["replace", "drop", "garbage", "truncate_part", "no_sectpr", "no_pgmar", "no_zi_styles",
                               "truncate", "flip"]))
    names = sorted(_parts(data))
    if op == "replace":
        return op, draw(st.sampled_from(["", "PK", "%PDF-1.4\n", "{\\rtf1}"]))
    if op == "drop":
        return op, draw(st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels",
                                         "word/_rels/document.xml.rels", "word/header1.xml", "word/footer1.xml"]))
    if op == "garbage":
        return op, (draw(st.sampled_from(names)), draw(st.sampled_from(_GARBAGE)))
    if op == "truncate_part":
        return op, ("word/document.xml", draw(st.integers(0, 1500)))
    if op in ("truncate", "flip"):
        return op, draw(st.integers(0, len(data) - 1))
    return op, None


@st.composite
def office_templates(draw: st.DrawFn) -> Case:
    """A valid spec rendered on an office's own DOCX template: fields and template code in its header and footer,
    perhaps a damaged file; named in the spec (template:) or with --template."""
    recipe: dict[str, Any] = {}
    notes = []
    for where in ("header", "footer"):
        if draw(st.booleans()):
            recipe[where] = " ".join(draw(st.lists(st.sampled_from(TEMPLATE_TEXT), min_size=1, max_size=4)))
            notes.append(f"{where}: {recipe[where]}")
    data = build_template(**recipe)
    if draw(st.integers(0, 2)) == 0:
        op, arg = draw(template_damage(data))
        data = damage(data, op, arg)
        notes.append(f"damage {op} {arg!r}"[:100])
    spec = draw(spec_data())
    render = ("render", "spec.yaml", *RENDER, "-o", OUT)
    if draw(st.booleans()):
        spec["template"] = "kantor.docx"
        commands: tuple[tuple[str, ...], ...] = (("check", "spec.yaml"), render)
    else:
        commands = ((*render, "--template", "kantor.docx"),)
    return Case("office template", {"kantor.docx": data, "spec.yaml": dump(spec)}, commands, tuple(notes))


def build_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook of these sheets and rows (openpyxl), for cases written down as recipes."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    return save(book)


def build(recipe: dict[str, Any]) -> bytes:
    """A file from its recipe (tests/fuzz_corpus): {"template": {"header": ..., "footer": ...}} or
    {"xlsx": {sheet: rows}}, then each of "damage": [[op, arg], ...] (see `damage`)."""
    data = build_template(**recipe["template"]) if "template" in recipe else build_xlsx(recipe["xlsx"])
    for op, arg in recipe.get("damage", []):
        data = damage(data, op, tuple(arg) if isinstance(arg, list) else arg)
    return data


# --------------------------------------------------------------------------------------------- all of them

FAMILIES = {
    "valid spec": valid_specs,
    "near-valid spec": near_valid_specs,
    "example mutant": example_mutants,
    "plan workbook": workbooks,
    "plan export/import": exported_plans,
    "offices table": offices_tables,
    "office template": office_templates,
}


def random_backend() -> str:
    """A Hypothesis backend that draws every case afresh from the run's seeded random: Hypothesis's own generator
    without its search (after each case it mostly tries variations of that case, and it starts small), which
    suits running commands on a few varied cases; Hypothesis's own where providers are not registrable."""
    try:
        from hypothesis.internal.conjecture.providers import AVAILABLE_PROVIDERS
    except ImportError:
        return "hypothesis"
    AVAILABLE_PROVIDERS.setdefault("zi-fuzz-random", "hypothesis.internal.conjecture.providers.HypothesisProvider")
    return "zi-fuzz-random"


def cases(families: tuple[str, ...] | None = None) -> st.SearchStrategy[Case]:
    """Any case of the named families (default: all), each family as likely as the others."""
    chosen = [FAMILIES[f] for f in (families or tuple(FAMILIES))]
    return st.one_of(*[make() for make in chosen])
