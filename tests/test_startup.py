"""Start-up stays light and the bundled YAML is read fast: lazy imports, the fast YAML reader, the catalogue cache."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zi_decree
from zi_decree.base import yaml as zyaml
from zi_decree.errors import CatalogueError, SpecError
from zi_decree.legal import catalogue
from zi_decree.legal.catalogue import Catalogue, default_catalogue_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(zi_decree.__file__).resolve().parent.parent
# What a command that renders nothing must not pay for: the renderers and what they pull in, the model, YAML.
HEAVY = ("reportlab", "docx", "docxtpl", "openpyxl", "num2words", "jinja2", "PIL", "lxml", "babel", "pydantic",
         "ruamel")


def _main(*args: str) -> str:
    """A probe's code that runs `zi-decree ARGS` in its process (the command's exit is not the probe's)."""
    return (f"import sys\nfrom zi_decree.cli import main\nsys.argv = ['zi-decree', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")


def _probe(code: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`code` run in a fresh interpreter with this checkout's package (and the user cache in `cache`)."""
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=False)


@functools.cache
def _loaded_after(code: str) -> frozenset[str]:
    """Top-level packages in sys.modules after running `code` in a fresh interpreter (asked once per test process:
    two tests that probe the same command share its answer)."""
    result = _probe(code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    assert result.returncode == 0, result.stderr
    return frozenset(json.loads(result.stdout.splitlines()[-1]))


# ------------------------------------------------------------------------------------------------ imports

def test_importing_the_command_line_loads_no_renderer_or_model() -> None:
    loaded = _loaded_after("import zi_decree.cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_loads_no_renderer_or_model() -> None:
    code = ("import sys\nfrom zi_decree.cli import main\nfor args in (['--help'], ['render', '--help'], "
            "['batch', '--help'], ['plan', '--help']):\n    sys.argv = ['zi-decree', *args]\n    try:\n"
            "        main()\n    except SystemExit:\n        pass")
    loaded = _loaded_after(code)
    needed = {"pydantic"}  # typer checks its parameters with pydantic
    assert not loaded & (set(HEAVY) - needed), sorted(loaded & set(HEAVY))


def _command_loads(*args: str) -> frozenset[str]:
    return _loaded_after(_main(*args))


# The tests that probe `check` of this spec share one fresh process (on one xdist worker).
SURAKARTA_CHECK = pytest.mark.xdist_group("startup-surakarta-check")


@SURAKARTA_CHECK
def test_each_command_loads_only_what_it_needs(tmp_path: Path) -> None:
    spec = str(ROOT / "examples" / "kota-surakarta-2025.yaml")
    renderers = {"reportlab", "docx", "docxtpl", "jinja2", "openpyxl", "ruamel"}
    assert not _command_loads("check", spec) & renderers
    assert not _command_loads("render", spec, "-o", str(tmp_path / "txt"), "--format", "txt") & (
        renderers - {"reportlab"})  # (the layout measures still come from reportlab)
    assert not _command_loads("render", spec, "-o", str(tmp_path / "pdf"), "--format", "pdf") & {
        "docx", "docxtpl", "jinja2", "openpyxl", "ruamel"}
    assert list((tmp_path / "pdf").glob("*/*.pdf")) and list((tmp_path / "txt").glob("*/*.txt"))


def test_a_render_does_not_look_for_pydantic_plugins(tmp_path: Path) -> None:
    # pydantic's plugin search reads the entry points of every installed distribution (50 ms here); the command
    # line turns it off unless the user chose otherwise.
    spec = str(ROOT / "examples" / "kota-magelang-2022.yaml")
    code = ("import os\nos.environ.pop('PYDANTIC_DISABLE_PLUGINS', None)\n"
            + _main("render", spec, "-o", str(tmp_path), "--format", "txt")
            + "from pydantic.plugin import _loader\nprint('scanned' if _loader._plugins is not None else 'not scanned')")
    result = _probe(code)
    assert result.stdout.splitlines()[-1] == "not scanned", result.stdout + result.stderr
    assert list(tmp_path.glob("*/*.txt"))


def test_importing_the_package_is_lazy_and_its_names_are_the_api() -> None:
    assert not _loaded_after("import zi_decree") & set(HEAVY)
    # Each public name is what it names (a function or class), not a submodule of the same name.
    loaded = _loaded_after("import types, zi_decree\nfor name in zi_decree.__all__:\n"
                           "    assert not isinstance(getattr(zi_decree, name), types.ModuleType), name")
    assert "reportlab" in loaded  # render_pdf was looked up, so its renderer came with it
    assert set(zi_decree.__all__) <= set(dir(zi_decree))
    from zi_decree import check, render_package
    from zi_decree.tasks.check import check as real_check
    from zi_decree.tasks.package import render_package as real_render_package

    assert check is real_check and render_package is real_render_package
    with pytest.raises(AttributeError, match="no_such_name"):
        zi_decree.no_such_name  # noqa: B018


def test_the_lazy_names_are_those_type_checkers_see() -> None:
    import ast

    tree = ast.parse(Path(zi_decree.__file__).read_text(encoding="utf-8"))
    checked = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    seen = {(node.module, a.asname or a.name) for node in checked.body if isinstance(node, ast.ImportFrom)
            for a in node.names}
    lazy = {(module, name) for name, module in zi_decree._LAZY.items()}
    assert seen == lazy
    assert set(zi_decree.__all__) == set(zi_decree._LAZY)


def test_star_import_gives_every_public_name() -> None:
    namespace: dict = {}
    exec("from zi_decree import *", namespace)
    assert set(zi_decree.__all__) <= set(namespace)


# ------------------------------------------------------------------------------------------------ fast YAML reader

def _both(text: str, name: str = "f.yaml", prefix: tuple = ()):
    """The fast reader's result (None when it defers) and the round-trip reader's, for the same text."""
    fast = zyaml._read_fast(text, name, prefix)
    try:
        slow = zyaml._read_roundtrip(text, name, prefix)
    except SpecError as exc:
        slow = exc
    return fast, slow


def _same(a, b) -> bool:
    # NaN is not equal to itself; compare it by its text.
    return json.dumps(a, sort_keys=False, default=str) == json.dumps(b, sort_keys=False, default=str)


def _yaml_files() -> list[Path]:
    # The repository's own files: not the copies a wheel build leaves in build/ (test_packaging), nor hidden folders,
    # which would make the set of tests depend on what ran in the checkout before.
    found = [p for p in ROOT.rglob("*.yaml")
             if not any(part.startswith(".") or part == "build" for part in p.relative_to(ROOT).parts[:-1])]
    assert len(found) > 10
    return sorted(found)


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_reader_reads_the_repository_s_yaml_as_the_round_trip_reader_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast, slow = _both(text, str(path), ("lampiran", 0))
    assert fast is not None, "the fast reader deferred on a plain file"
    assert _same(fast[0], slow[0])
    assert fast[1] == slow[1]


SAME = [
    "a: 1\nb: 'x'\nc: \"y\\tz\"\n",
    "year: 2025\nnumber: 011\ncode: 076\nhex: 0x1F\noct: 0o17\nbin: 0b101\nbig: 1_000\nneg: -5\npos: +7\n",
    "f: 1.5\ng: 1e3\nh: .5\ni: 1.\nj: -.inf\nk: .NaN\nl: 2.5e-3\n",
    "t: true\nT: True\nu: FALSE\nyes: yes\nno: no\non: on\nn: ~\nm: null\nnn: Null\nempty:\ntRue: tRue\n",
    "date: 2025-01-05\nstamp: 2025-01-05 10:00:00\nbad: 2025-13-45\nmonth: 2025-04\n",
    "text: |\n  line one\n    indented\n  line two\n\nfolded: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\nz: 1\n",
    "plain: this is\n  a long plain\n  scalar\nq: 'it''s'\nqq: \"\\u00e9\\n\"\n",
    "a: >-\n\n  text\nb: |2\n  \n    x\nc:\n- >\n   \n   x\nd: | # note\n  y\n",
    "list:\n- a\n- b: 1\n  c: 2\n- - x\n  - y\n- [1, 2, {k: v}]\n- {}\n- []\n",
    "nested:\n  deep:\n    - name: A\n      items:\n        - 1\n        -\n        - 'x'\n",
    "ké: 'ünï'\nnamé: [á, b, {ç: d}]\n'quoted key': 1\n\"dq\": 2\n",
    "\ufeffa: 1\nb: 2\n",
    "# only a comment\n",
    "",
    "---\na: 1\n...\n",
    "- 1\n- two\n- 3.0\n",
    "just text\n",
    "a: 1 # comment\n# between\nb:   # after\n  - x  # item\n",
    "'2025': a\n'true': b\n",
    "b: '-'\nc: =x\nd: 1:20\ne: 12:30:45\nf: 0x\ng: 1_\n",
    "a: =\nb: <<\nc: [=, <<]\n=: 1\n",  # YAML 1.1's value and merge types, as values: text
]


@pytest.mark.parametrize("text", SAME)
def test_fast_reader_gives_the_same_values_and_places(text: str) -> None:
    fast, slow = _both(text)
    assert fast is not None, "the fast reader deferred"
    assert _same(fast[0], slow[0])
    assert fast[1] == slow[1]


DEFERRED = [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "base: &b {k: 1}\nmore:\n  <<: *b\n  j: 2\n",  # merge keys
    "a: !!str 5\n",  # explicit tags
    "a: !custom x\n",
    "a: !!python/object:os.system x\n",
    "a: 1\na: 2\n",  # duplicate keys: the round-trip reader says where
    "a: >-#\n  text\n",  # block scalars ruamel refuses and libyaml takes
    "a: >-\n  \n    text\n",
    "['a':1, b: 2]\n",  # a pair inside [...], which ruamel takes only with a space after the colon
    "a: [1, 2\n",  # syntax errors: the round-trip reader's message
    "a: b: c\n",
    "a: -\n",
    "a:\n\t- x\n",
    "%YAML 1.1\n---\na: yes\nb: 010\n",  # another YAML version
    "a: 1\n---\nb: 2\n",  # two documents
    "? [a, b]\n: 1\n",  # a complex key
    "1: one\ntrue: yes\n~: nothing\n2025-01-05: d\n",  # keys that are not text
]


@pytest.mark.parametrize("text", DEFERRED)
def test_fast_reader_defers_what_it_does_not_handle(text: str) -> None:
    assert zyaml._read_fast(text, "f.yaml", ()) is None


@pytest.mark.parametrize("text", DEFERRED)
def test_read_yaml_text_still_answers_as_the_round_trip_reader(text: str) -> None:
    _, slow = _both(text)
    try:
        got = zyaml.read_yaml_text(text, "f.yaml")
    except SpecError as exc:
        assert isinstance(slow, SpecError) and exc.problems == slow.problems
    else:
        assert not isinstance(slow, SpecError) and _same(got[0], slow[0]) and got[1] == slow[1]


def test_errors_keep_their_places_through_the_fast_reader(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("year: 2025\nnumber: 6\ndate: 2025-01-05\nbad: [1, 2\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        zyaml.read_yaml(spec)
    problem = caught.value.problems[0]
    assert problem.location.file == str(spec) and problem.location.line is not None
    assert problem.message.startswith("YAML syntax:")


def test_the_node_limit_holds_for_the_fast_reader() -> None:
    text = "[" + ",".join(["1"] * (zyaml.MAX_NODES + 5)) + "]\n"
    with pytest.raises(SpecError, match="more than"):
        zyaml.read_yaml_text(text, "big.yaml")


# ------------------------------------------------------------------------------------------------ catalogue cache

@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "legal_basis"
    shutil.copytree(default_catalogue_dir(), folder)
    return folder


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []

    def refuse(raw: str, name: str, prefix: tuple = ()):
        parsed.append(name)
        raise AssertionError(f"parsed {name}: the cache was not used")

    monkeypatch.setattr(zyaml, "read_yaml_text", refuse)
    return parsed


def test_catalogue_is_parsed_once_then_read_from_the_cache(cache_home: Path, catalogue_copy: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first = Catalogue.load(catalogue_copy)
    assert list((cache_home / "zi-decree").glob("*.json")), "nothing was cached"
    _no_parsing(monkeypatch)
    catalogue._LOADED.clear()  # as in a new process
    second = Catalogue.load(catalogue_copy)
    assert second.instruments == first.instruments and second.version == first.version
    assert second.sources == first.sources  # the places (file, line) come back from the cache too


def test_the_bundled_catalogue_and_guidelines_use_the_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zi_decree.legal import guideline

    guideline._load_guidelines.cache_clear()
    catalogue._LOADED.clear()  # read from the files, into this test's cache, as in a new process
    first = Catalogue.load()
    areas = guideline.load_guidelines()
    guideline._load_guidelines.cache_clear()
    catalogue._LOADED.clear()
    _no_parsing(monkeypatch)
    assert Catalogue.load().instruments == first.instruments
    assert guideline.load_guidelines() == areas
    guideline._load_guidelines.cache_clear()


def test_a_process_reads_an_unchanged_catalogue_once(catalogue_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A workspace or a batch asks for the catalogue for every decree: while its files are unchanged it is not read
    # again, and each caller gets a catalogue of its own to change.
    first = Catalogue.load(catalogue_copy)
    monkeypatch.setattr(zyaml, "read_yaml", lambda *args, **kwargs: pytest.fail("read again"))
    monkeypatch.setattr(catalogue, "read_yaml", zyaml.read_yaml)
    second = Catalogue.load(catalogue_copy)
    assert second == first and second.instruments is not first.instruments
    second.instruments.clear()
    assert Catalogue.load(catalogue_copy).instruments == first.instruments


def test_changing_a_catalogue_file_invalidates_its_cache(cache_home: Path, catalogue_copy: Path) -> None:
    Catalogue.load(catalogue_copy)
    uu = catalogue_copy / "uu.yaml"
    text = uu.read_text(encoding="utf-8")
    subject = Catalogue.load(catalogue_copy).get("uu-7-2017").subject
    uu.write_text(text.replace(subject, subject + " (diubah untuk uji)", 1), encoding="utf-8")
    assert Catalogue.load(catalogue_copy).get("uu-7-2017").subject == subject + " (diubah untuk uji)"


def test_catalogue_errors_stay_located_when_read_from_the_cache(cache_home: Path, catalogue_copy: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    uu = catalogue_copy / "uu.yaml"
    lines = uu.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("year:"))
    lines[at] = lines[at].split("year:")[0] + "year: tahun lalu\n"
    uu.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CatalogueError) as first:
        Catalogue.load(catalogue_copy)
    _no_parsing(monkeypatch)
    with pytest.raises(CatalogueError) as second:
        Catalogue.load(catalogue_copy)
    assert second.value.problems == first.value.problems
    where = first.value.problems[0].location
    assert where.file == str(uu) and where.line == at + 1, where


def test_a_catalogue_copied_elsewhere_is_located_in_its_own_files(cache_home: Path, catalogue_copy: Path,
                                                                   tmp_path: Path) -> None:
    Catalogue.load(catalogue_copy)  # cached under the first copy's names
    other = tmp_path / "elsewhere"
    shutil.copytree(catalogue_copy, other)
    sources = Catalogue.load(other).sources
    assert all(where.file and where.file.startswith(str(other)) for where in sources.values())


def test_an_unwritable_cache_is_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           catalogue_copy: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert Catalogue.load(catalogue_copy).instruments
    assert Catalogue.load(catalogue_copy).instruments


def test_a_damaged_cache_file_is_ignored(cache_home: Path, catalogue_copy: Path) -> None:
    first = Catalogue.load(catalogue_copy)
    for cached in (cache_home / "zi-decree").glob("*.json"):
        cached.write_text('{"data": [1, 2', encoding="utf-8")
    assert Catalogue.load(catalogue_copy).instruments == first.instruments


def test_cache_files_appear_whole(cache_home: Path, catalogue_copy: Path) -> None:
    Catalogue.load(catalogue_copy)
    names = [p.name for p in (cache_home / "zi-decree").iterdir()]
    assert names and all(n.endswith(".json") and not n.startswith(".") for n in names), names
    for cached in (cache_home / "zi-decree").glob("*.json"):
        json.loads(cached.read_text(encoding="utf-8"))


def test_nan_survives_the_cache(cache_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: .nan\nb: -.inf\n", encoding="utf-8")
    first = zyaml.read_yaml(path, cache=True)
    second = zyaml.read_yaml(path, cache=True)
    assert math.isnan(second[0]["a"]) and second[0]["b"] == -math.inf and second[1] == first[1]


# ------------------------------------------------------------------------------------------------ DOCX in batches

@pytest.fixture(scope="module")
def semarang_document():
    from zi_decree.composing.compose import compose
    from zi_decree.loading.spec import load
    from zi_decree.resolving.resolve import resolve

    return compose(resolve(load(ROOT / "examples" / "kab-semarang-2025.yaml")), "salinan")


def test_each_docx_part_is_compressed_once(semarang_document, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile
    import zlib

    from zi_decree.base import zips
    from zi_decree.base.kept import Kept
    from zi_decree.rendering.docx import render_docx

    compressed: list[int] = []
    real = zlib.compressobj

    def counting(*args, **kwargs):
        compressed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counting)
    monkeypatch.setattr(zips, "_KEPT", Kept(16))  # nothing kept from an earlier zip: every part is compressed
    data = render_docx(semarang_document)
    assert len(compressed) == len(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_a_template_is_prepared_once_per_process(semarang_document, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2
    from docx.styles.styles import Styles

    from zi_decree.rendering.docx import render_docx

    first = render_docx(semarang_document)
    work: list[str] = []
    real_compile, real_lookup = jinja2.Environment.compile, Styles._get_style_id_from_name

    def compile_(self, *args, **kwargs):
        work.append("jinja compile")
        return real_compile(self, *args, **kwargs)

    def lookup(self, *args, **kwargs):
        work.append("style lookup")
        return real_lookup(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    monkeypatch.setattr(Styles, "_get_style_id_from_name", lookup)
    assert render_docx(semarang_document) == first
    assert not work, work


def test_a_changed_template_is_read_again(semarang_document, tmp_path: Path) -> None:
    from docx import Document as WordDocument

    from zi_decree.rendering.docx import render_docx
    from zi_decree.rendering.house_template import HouseStyle, build_template

    template = tmp_path / "kantor.docx"
    template.write_bytes(build_template(HouseStyle(size=12.0)))
    before = WordDocument(io.BytesIO(render_docx(semarang_document, template))).styles["Normal"].font.size.pt
    template.write_bytes(build_template(HouseStyle(size=13.0, font="Liberation Sans")))
    after = WordDocument(io.BytesIO(render_docx(semarang_document, template))).styles["Normal"].font.size.pt
    assert (before, after) == (12.0, 13.0)


# ------------------------------------------------------------------------------------------------ writing

def test_each_file_is_flushed_before_anything_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Per file, not the whole file system (syncfs waits for every other program's unwritten data as well).
    from zi_decree.writing import files

    events: list[str] = []
    name = "fdatasync" if hasattr(os, "fdatasync") else "fsync"
    real_sync, real_fsync, real_replace = getattr(os, name), os.fsync, os.replace

    def sync(fd: int) -> None:
        events.append("data")
        real_sync(fd)

    def fsync(fd: int) -> None:
        events.append("folder")
        real_fsync(fd)

    def replace(a: str, b: str) -> None:
        events.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, name, sync)
    monkeypatch.setattr(os, "replace", replace)
    folder = tmp_path / "package"
    files.write_files([(folder / f"file-{i}.bin", bytes([i]) * 1000) for i in range(5)])
    assert sorted(p.name for p in folder.iterdir()) == [f"file-{i}.bin" for i in range(5)]
    assert all((folder / f"file-{i}.bin").read_bytes() == bytes([i]) * 1000 for i in range(5))
    # Every file's data first, then the renames, then the folder (the renames made durable).
    assert events[:5] == ["data"] * 5 and events[5:10] == ["replace"] * 5, events
    assert events[10:] == ["folder"], events


@pytest.mark.parametrize("style", [{}, {"size": 10.5, "top_cm": 2.1, "left_cm": 2.7},
                                   {"size": 13.0, "bottom_cm": 1.33, "right_cm": 1.77}])
def test_the_renderers_read_a_template_s_page_as_python_docx_does(style: dict, tmp_path: Path) -> None:
    from docx import Document as WordDocument

    from zi_decree.rendering.house_template import HouseStyle, build_template
    from zi_decree.rendering.pdf import _template_page
    from zi_decree.rendering.template import read_template

    template = tmp_path / "kantor.docx"
    template.write_bytes(build_template(HouseStyle(**style)))
    section, normal = WordDocument(str(template)).sections[0], WordDocument(str(template)).styles["Normal"]
    assert _template_page(str(template)) == (section.top_margin.pt, section.bottom_margin.pt,
                                             section.left_margin.pt, section.right_margin.pt,
                                             normal.font.size.pt)
    # The DOCX's text width comes from the same margins, in twips.
    assert read_template(template).margins_twips == tuple(
        round(m.twips) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin))


def test_dictum_ordinals_load_only_the_indonesian_converter() -> None:
    # Importing num2words' package loads all its languages (40-80 ms); the labels need only lang_ID.
    loaded = _loaded_after("from zi_decree.base.indonesian import dictum_label\n"
                           "assert [dictum_label(n) for n in (1, 2, 11, 12, 20, 21)] == ['KESATU', 'KEDUA', "
                           "'KESEBELAS', 'KEDUA BELAS', 'KEDUA PULUH', 'KEDUA PULUH SATU']")
    assert "num2words" not in loaded


# ------------------------------------------------------------------------------------------------ speller memory

def _check_counting_lookups(spec: Path, cache: Path) -> tuple[str, int]:
    """`zi-decree check spec` in a new process with its user cache in `cache`: what it says, and how many words
    the dictionary judged by its affix rules (not from memory)."""
    code = ("import sys\nfrom zi_decree.base.hunspell import Dictionary\ncount = [0]\n"
            "judge = Dictionary._checkword\n"
            "def counted(self, *args):\n    count[0] += 1\n    return judge(self, *args)\n"
            "Dictionary._checkword = counted\n" + _main("check", "--show-accepted", str(spec))
            + "sys.stdout.flush()\nprint('judged', count[0])")
    result = _probe(code, cache)
    *said, last = result.stdout.splitlines()
    assert last.startswith("judged "), result.stdout + result.stderr
    return "\n".join(said) + result.stderr, int(last.split()[1])


def test_the_spelling_verdicts_of_one_run_serve_the_next(tmp_path: Path) -> None:
    # Judging a decree's words and finding corrections for the unknown ones is a tenth of a render; the next run
    # over the same words reads the verdicts from the user cache, and says exactly the same.
    spec = ROOT / "examples" / "kota-surakarta-2025.yaml"
    first, judged_first = _check_counting_lookups(spec, tmp_path / "cache")
    assert judged_first > 1000 and "spelling-unknown" in first and "did you mean" in first
    kept = list((tmp_path / "cache" / "zi-decree").glob("speller-*.json"))
    assert len(kept) == 1, kept
    second, judged_second = _check_counting_lookups(spec, tmp_path / "cache")
    assert (second, judged_second) == (first, 0)
    kept[0].write_text('{"memo": [["x", true', encoding="utf-8")  # damaged: judged again, same verdicts
    assert _check_counting_lookups(spec, tmp_path / "cache") == (first, judged_first)


def test_the_spelling_memory_keeps_the_newest_verdicts_up_to_its_bound(tmp_path: Path) -> None:
    # Every check reads the memory as it starts: one that only grew (180,000 verdicts after a run of generated
    # texts) took longer to read than judging a decree's words anew. It keeps this run's verdicts first, then the
    # earlier ones, up to its bound.
    from zi_decree.base import spelling

    cache = tmp_path / "cache"

    def check(spec: str, bound: int) -> list[list]:
        code = (f"from zi_decree.base import spelling\nspelling._MEMORY_VERDICTS = {bound}\n"
                + _main("check", str(ROOT / "examples" / spec)))
        assert _probe(code, cache).returncode in (0, 1)
        kept, = (cache / "zi-decree").glob("speller-*.json")
        return json.loads(kept.read_text(encoding="utf-8"))["memo"]

    first = check("kota-magelang-2022.yaml", 100_000)
    assert 1000 < len(first) < spelling._MEMORY_VERDICTS
    second = check("kota-surakarta-2025.yaml", 1500)
    assert len(second) == 1500
    new = [entry for entry in second if entry not in first]
    assert new and second[:len(new)] == new  # Surakarta's words not judged for Magelang come first
    assert second[len(new):] == first[:1500 - len(new)]  # then Magelang's, as they were kept


MAGELANG_CHECK = pytest.mark.xdist_group("startup-magelang-check")
# After a check: what PyYAML's seldom-used patterns are.
_PYYAML_PATTERNS = (
    "import re, yaml\n"
    "kept = (yaml.reader.Reader.NON_PRINTABLE, yaml.constructor.SafeConstructor.timestamp_regexp)\n"
    "print(any(isinstance(p, re.Pattern) or p.compiled is not None for p in kept))\n"
    "print(yaml.safe_load('a: 2001-12-14 21:59:43.10\\nb: x'))\n"
    "try:\n    yaml.safe_load('a: \\x07')\nexcept yaml.YAMLError as exc:\n    print(str(exc).splitlines()[0])\n")


@pytest.fixture(scope="module")
def magelang_checks(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, list[str], str]]:
    """Two checks of Magelang, each in a fresh process, with one user cache (empty before the first), counting the
    times the dictionary is read: for each, what it said (all but its last line), the lines PyYAML's patterns
    printed after it, and its last line ('loaded N'). The two tests below read them."""
    spec = ROOT / "examples" / "kota-magelang-2022.yaml"
    cache = tmp_path_factory.mktemp("magelang-checks") / "cache"
    code = ("import sys\nfrom zi_decree.base.hunspell import Dictionary\nloads = [0]\nload = Dictionary.load\n"
            "def counted(*args, **kwargs):\n    loads[0] += 1\n    return load(*args, **kwargs)\n"
            "Dictionary.load = counted\n" + _main("check", str(spec)) + _PYYAML_PATTERNS
            + "sys.stdout.flush()\nprint('loaded', loads[0])")
    runs = []
    for _ in range(2):
        result = _probe(code, cache)
        *said, last = result.stdout.splitlines()
        runs.append(("\n".join(said) + result.stderr, said[-3:], last))
    return runs


@MAGELANG_CHECK
def test_a_run_whose_words_were_all_judged_before_does_not_read_the_dictionary(magelang_checks) -> None:
    # Reading the .dic's 31,000 words is 40 ms; the second check of a decree takes every verdict from memory.
    (first, _, loaded_first), (second, _, loaded_second) = magelang_checks
    assert loaded_first == "loaded 1", first
    assert (second, loaded_second) == (first, "loaded 0")


MAGELANG_PDF = pytest.mark.xdist_group("startup-magelang-pdf")
# After a PDF render: whether it loaded lxml (it checked the template), then what reportlab's seldom-used patterns are.
_REPORTLAB_PATTERNS = (
    "print('lxml.etree' in sys.modules)\n"
    "import re\nfrom reportlab.platypus import paragraph\nfrom reportlab.lib import textsplit\npattern = paragraph.uri_pat\n"
    "print(any(isinstance(p, re.Pattern) or p.compiled is not None for p in (pattern, textsplit.rx)))\n"
    "print(repr(textsplit.rx.sub(r'\\1|', '\u4e2d\u6587 ab')))\n"
    "real = re.compile(pattern.pattern, pattern.flags)\n"
    "uris = ['https://kpu.go.id/a/b', 'HTTP://Surakarta.KPU.go.id:8080/x?y#z', 'kpu.go.id', 'http://-x.id']\n"
    "print([bool(real.match(u)) for u in uris], [real.match(u) and real.match(u).groups() for u in uris] == "
    "[pattern.match(u) and pattern.match(u).groups() for u in uris])\n"
    "print(paragraph._uri_split_pairs('https://kpu.go.id/a/b'))")


@pytest.fixture(scope="module")
def first_pdf_render(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str], bytes]:
    """The first PDF render of Magelang with an empty user cache, in a fresh process (its folder, its cache, the
    lines it printed after rendering, the PDF): the two tests below read it, and one renders on from there."""
    folder = tmp_path_factory.mktemp("first-pdf")
    spec = str(ROOT / "examples" / "kota-magelang-2022.yaml")
    result = _probe(_main("render", spec, "-o", str(folder / "out"), "--format", "pdf", "--force") + _REPORTLAB_PATTERNS,
                    folder / "cache")
    assert result.returncode == 0, result.stderr
    return folder, folder / "cache", result.stdout.splitlines()[-5:], next((folder / "out").glob("*/*.pdf")).read_bytes()


@MAGELANG_PDF
def test_a_pdf_render_does_not_build_reportlab_s_seldom_used_patterns(first_pdf_render) -> None:
    # reportlab.platypus.paragraph compiles at import a pattern that takes 40 ms to build and serves only to
    # hyphenate web addresses, which our styles never ask for, and reportlab.lib.textsplit one for its cjkwrap
    # (9 ms): they are built on first use, and still work.
    *_, said, pdf = first_pdf_render
    built, cjk, matches, pairs = said[-4:]
    assert built == "False"
    assert cjk == "'\u4e2d|\u6587| ab'"
    assert matches == "[True, True, False, False] True"
    assert pairs == "[('https://kpu.go.id/a/', 'b'), ('https://kpu.go.id/', 'a/b'), ('https://', 'kpu.go.id/a/b')]"
    assert pdf.startswith(b"%PDF")


@MAGELANG_PDF
def test_a_template_checked_before_is_not_parsed_again(first_pdf_render) -> None:
    # Checking a template (lxml and its parts) is 30 ms of a PDF render; what the check found is kept in the user
    # cache by the template's bytes, so the next PDF render does not load lxml. A damaged entry is checked again.
    folder, cache, said, pdf = first_pdf_render
    spec = str(ROOT / "examples" / "kota-magelang-2022.yaml")
    code = _main("render", spec, "-o", str(folder / "out"), "--format", "pdf", "--force") + \
        "print('lxml.etree' in sys.modules)"

    def render() -> tuple[str, bytes]:
        result = _probe(code, cache)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1], next((folder / "out").glob("*/*.pdf")).read_bytes()

    first = (said[0], pdf)
    assert first[0] == "True"
    (kept,) = (cache / "zi-decree").glob("template-*.json")
    assert render() == ("False", first[1])
    kept.write_text('{"margins": [1, 2', encoding="utf-8")
    assert render() == first


def test_the_characters_yaml_refuses_are_listed_exactly() -> None:
    # The reader's pattern lists the refused characters (quick to build) rather than the complement of the
    # allowed ones (10 ms to build): the same characters, every one of them.
    allowed = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    everything = "".join(map(chr, range(0x110000)))
    assert zyaml._NOT_ALLOWED.findall(everything) == allowed.findall(everything)
    assert len(allowed.findall(everything)) == 2048 + 65 - 4 + 2  # surrogates, C0/C1 less tab, LF, CR, NEL; FFFE/F


@MAGELANG_CHECK
def test_reading_a_spec_does_not_build_pyyaml_s_unused_patterns(magelang_checks) -> None:
    # PyYAML compiles at import its pure-Python reader's printable characters (10 to 17 ms) and its timestamps (5
    # ms); the fast reader takes libyaml's events and uses neither: they are built on first use, and still work.
    for _, patterns, _ in magelang_checks:  # (read from the files, then the cache)
        assert patterns == [
            "False", "{'a': datetime.datetime(2001, 12, 14, 21, 59, 43, 100000), 'b': 'x'}",
            "unacceptable character #x0007: special characters are not allowed"]


@SURAKARTA_CHECK
def test_dates_are_written_as_babel_writes_them_without_loading_babel() -> None:
    # Loading babel and its `id` locale data took 15 ms of every render, for the decree's dates alone.
    from babel.dates import format_date

    from zi_decree.base.indonesian import format_date_id

    day, end = dt.date(1945, 8, 17), dt.date(2100, 12, 31)
    while day <= end:
        assert format_date_id(day) == format_date(day, "d MMMM y", locale="id"), day
        day += dt.timedelta(days=7)
    spec = str(ROOT / "examples" / "kota-surakarta-2025.yaml")
    assert "babel" not in _command_loads("check", spec)


def test_the_heap_is_not_collected_again_as_the_command_exits(tmp_path: Path) -> None:
    # Python collects the whole heap as it exits (35-50 ms after a render); the command line freezes it at exit
    # instead (the speller's memory is still written first), once however many times main() runs.
    spec = str(ROOT / "examples" / "kota-magelang-2022.yaml")
    code = ("import atexit, gc, sys\nfrom zi_decree.cli import main\n"
            f"sys.argv = ['zi-decree', 'check', {spec!r}]\n"
            "handlers = []\nfor _ in range(2):\n    try:\n        main()\n    except SystemExit:\n        pass\n"
            "    handlers.append(atexit._ncallbacks())\n"
            "assert gc.get_freeze_count() == 0\natexit._run_exitfuncs()\n"
            "print(handlers[0] == handlers[1], gc.get_freeze_count() > 10_000)")
    result = _probe(code, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "True True"
    assert list((tmp_path / "cache" / "zi-decree").glob("speller-*.json"))
