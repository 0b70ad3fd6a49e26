"""Shared fixtures: the examples rendered once through the real command line, and the command line run in
this process or in a new one."""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import subprocess
import sys
import traceback
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = Path(__file__).resolve().parent / "seeds"


# Fixtures that cost seconds and that several tests share, with their xdist group: each test that uses one runs on
# the same worker (with --dist loadgroup), so that the fixture is made once, not once per worker. The LibreOffice
# conversions of test_docx_pages.py's own decrees go with the examples' (one worker starts LibreOffice for both); the
# browser tests run one after another on one worker, in one Chromium.
SHARED_FIXTURES = {"libreoffice_run": "libreoffice_pdfs",
                   "rolled": "rolled", "full_batch": "full_batch", "chromium": "chromium"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        shared = next((name for name in SHARED_FIXTURES if name in getattr(item, "fixturenames", ())), None)
        if shared is not None:
            item.add_marker(pytest.mark.xdist_group(SHARED_FIXTURES[shared]))


@pytest.fixture(autouse=True)
def _language_of_each_test() -> Iterator[None]:
    """Each test ends in the language it began in. `--lang` in an in-process run (run_cli, typer's CliRunner) sets
    the language of the thread and nothing sets it back, so the test that ran before on the same worker chose the
    language of the next one's messages (which test that is depends on how xdist shares the tests out)."""
    from zi_decree.i18n import language, set_language

    before = language()
    yield
    set_language(before)


@pytest.fixture(scope="session", autouse=True)
def _web_event_loop() -> Iterator[None]:
    """The web tests' one event loop (web_support.web_client), stopped at the end of the run."""
    yield
    if "web_support" in sys.modules:
        sys.modules["web_support"].stop_event_loop()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace of the browser workspace's tests: a folder (with a space in its name) holding the examples."""
    folder = tmp_path / "ruang kerja"
    shutil.copytree(EXAMPLES, folder)
    return folder


def example_specs() -> list[Path]:
    """Every spec in examples/ (plan files, *.plan.yaml, belong to the spec that names them)."""
    return sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".plan.yaml"))


def indonesian(message: str, **values: object) -> str:
    """A library message as the workspace shows it (in Indonesian): the catalogue's translation of `message`,
    formatted with `values` as the library formats it."""
    from zi_decree.i18n import _, use_language

    with use_language("id"):
        return _(message).format(**values)


def unaccepted(text: str) -> str:
    """An example spec's text without its `accepted:` list (and the comment above it): the published decree's
    warnings shown again, for tests that inject a defect into a copy and look for what check says of it."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("accepted:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith((" ", "#")))
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    return "".join(lines[:start] + lines[end:])


def run_command(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m zi_decree` in a new process, exactly as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ZI_DECREE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "zi_decree", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=300)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line's entry point (`main`, the one `zi-decree` runs) in this process, with its own
    arguments, folder, environment, output and exit status: what a user sees, without a new Python each time.

    Starting Python and importing the package costs more than most commands; `run_command` is the same in a
    new process, for the end-to-end tests of each command.
    """
    from zi_decree.cli import main

    changes = {"ZI_DECREE_DEBUG": None, **(env or {})}
    saved_env = {k: os.environ.get(k) for k in changes}
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr, sys.modules["__main__"], os.getcwd()
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    code: int | str | None = 0
    try:
        for key, value in changes.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        os.chdir(cwd or ROOT)
        # click names the program from argv[0] when __main__ is not a package's (pytest's is)
        sys.modules["__main__"] = types.ModuleType("__main__")
        sys.argv = ["zi-decree", *args]
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        except Exception:  # as Python would report an exception that escaped the program
            traceback.print_exc()
            code = 1
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr, sys.modules["__main__"], cwd_before = saved
        os.chdir(cwd_before)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if isinstance(code, str):  # sys.exit("message"): printed, status 1
        err.write(code + "\n")
        code = 1
    out.flush()
    err.flush()
    return subprocess.CompletedProcess(["zi-decree", *args], code or 0, out.buffer.getvalue().decode("utf-8"),
                                       err.buffer.getvalue().decode("utf-8"))


@contextlib.contextmanager
def _one_at_a_time(path: Path) -> Iterator[None]:
    import fcntl

    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """{example stem: {"original.docx": path, "salinan.pdf": ..., "record.json": ...}}: every output of one
    `zi-decree render --format docx,pdf,txt --variant both` run of every example, in a process of its own.

    Made once per test run: the first xdist worker that needs it renders, the others wait and read (on systems
    without fcntl, each worker renders its own).
    """
    root = tmp_path_factory.getbasetemp()
    try:
        import fcntl  # noqa: F401
    except ImportError:
        shared = False
    else:
        shared = "PYTEST_XDIST_WORKER" in os.environ
    if shared:
        root = root.parent  # the run's folder, above each worker's own
    out, listing = root / "examples", root / "examples.stdout"
    specs = example_specs()
    with _one_at_a_time(root / "examples.lock") if shared else contextlib.nullcontext():
        if not listing.is_file():
            shutil.rmtree(out, ignore_errors=True)
            result = run_command("render", *map(str, specs), "--format", "docx,pdf,txt", "--variant", "both",
                                 "-o", str(out))
            assert result.returncode == 0, result.stderr
            assert "Traceback" not in result.stderr
            listing.write_text(result.stdout, encoding="utf-8")
        stdout = listing.read_text(encoding="utf-8")
    # The command prints each package's files, spec by spec.
    folders = list(dict.fromkeys(Path(line).parent for line in stdout.splitlines() if Path(line).is_file()))
    assert len(folders) == len(specs), stdout
    outputs: dict[str, dict[str, Path]] = {}
    for spec, folder in zip(specs, folders):
        files = {p.name.removeprefix(folder.name + "."): p for p in folder.iterdir()}
        assert sorted(files) == sorted([f"{v}.{f}" for v in ("original", "salinan") for f in ("docx", "pdf", "txt")]
                                       + ["record.json"]), files
        outputs[spec.stem] = files
    return outputs


def _variants(rendered: dict[str, dict[str, Path]], fmt: str) -> dict[str, dict[str, Path]]:
    return {stem: {v: files[f"{v}.{fmt}"] for v in ("original", "salinan")} for stem, files in rendered.items()}


@pytest.fixture(scope="session")
def rendered_txt(rendered) -> dict[str, dict[str, str]]:
    """{example stem: {variant: text}} of the rendered examples."""
    return {stem: {v: path.read_text(encoding="utf-8") for v, path in variants.items()}
            for stem, variants in _variants(rendered, "txt").items()}


@pytest.fixture(scope="session")
def rendered_docx(rendered) -> dict[str, dict[str, Path]]:
    """{example stem: {variant: DOCX}} of the rendered examples."""
    return _variants(rendered, "docx")


@pytest.fixture(scope="session")
def rendered_pdf(rendered) -> dict[str, dict[str, Path]]:
    """{example stem: {variant: PDF}} of the rendered examples."""
    return _variants(rendered, "pdf")


def libreoffice_to_pdf(files: list[Path], outdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Convert DOCX files to PDF (same names, in `outdir`) in one LibreOffice run. Its user profile is made once
    per test process (the first run in a new one costs more) and shared by the runs, which never overlap there."""
    command = soffice()
    profile = tmp_path_factory.getbasetemp() / "libreoffice-profile"
    result = subprocess.run([command, "--headless", f"-env:UserInstallation=file://{profile}",
                             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


# test_docx_pages.py's own decrees, whose DOCX LibreOffice converts in the run that converts the examples'.
SIGN_OFF_DECREE = ROOT / "tests" / "decrees" / "docx-sign-off-alone.yaml"
KENDAL_DECREE = ROOT / "tests" / "decrees" / "kab-kendal-2026-grid.yaml"


@pytest.fixture(scope="session")
def libreoffice_run(rendered_docx, tmp_path_factory) -> dict[str, Path]:
    """Every rendered example's DOCX and test_docx_pages.py's decrees converted by LibreOffice in one run: a run's
    start costs LibreOffice some 2 s of CPU. {"example/variant": LibreOffice's PDF or absent, "sign-off/variant.docx"
    and "sign-off/variant" (its PDF) of the sign-off decree (both variants), "kendal.docx", "kendal.pdf" (ours) and
    "kendal" (LibreOffice's) of the month-grid decree}."""
    soffice()
    tmp = tmp_path_factory.mktemp("libreoffice")
    signed = run_cli("render", str(SIGN_OFF_DECREE), "--format", "docx,txt", "--variant", "both",
                     "-o", str(tmp / "sign-off"))
    assert signed.returncode == 0, signed.stderr
    kendal = run_cli("render", str(KENDAL_DECREE), "--format", "docx,pdf", "-o", str(tmp / "kendal"))
    assert kendal.returncode == 0, kendal.stderr
    ours: dict[str, Path] = {f"{name}/{variant}": docx for name, variants in rendered_docx.items()
                             for variant, docx in variants.items()}
    for variant in ("original", "salinan"):
        (ours[f"sign-off/{variant}"],) = tmp.glob(f"sign-off/*/*.{variant}.docx")
    (ours["kendal"],) = tmp.glob("kendal/*/*.salinan.docx")
    libreoffice_to_pdf(list(ours.values()), tmp / "pdf", tmp_path_factory)
    out: dict[str, Path] = {}
    for key, docx in ours.items():
        pdf = tmp / "pdf" / (docx.stem + ".pdf")
        if pdf.is_file():
            out[key] = pdf
        if key.startswith("sign-off/"):
            out[key + ".docx"] = docx
    (out["kendal.pdf"],) = tmp.glob("kendal/*/*.salinan.pdf")
    out["kendal.docx"] = ours["kendal"]
    return out


@pytest.fixture(scope="session")
def libreoffice_pdfs(rendered_docx, libreoffice_run) -> dict[str, dict[str, Path | None]]:
    """{example: {variant: PDF or None}}: every rendered DOCX converted by LibreOffice (in libreoffice_run)."""
    return {name: {variant: libreoffice_run.get(f"{name}/{variant}") for variant in variants}
            for name, variants in rendered_docx.items()}


_OPENED_PDFS: dict[tuple[Path, int, int], Any] = {}


def read_pdf(path: Path | str) -> Any:
    """A PDF's pages as tests/pdf_words.py reads them (pdfplumber's words, from PDFium's reading), opened once per
    test process while the file is unchanged (its path, size and time of change): several tests read the same PDFs
    (the rendered examples, LibreOffice's conversions), and each page is read once, when first asked for. Do not
    close it; it stays open."""
    from pdf_words import Document

    resolved = Path(path).resolve()
    stat = resolved.stat()
    key = (resolved, stat.st_size, stat.st_mtime_ns)
    found = _OPENED_PDFS.get(key)
    if found is None:
        if not _OPENED_PDFS:
            atexit.register(lambda: [doc.close() for doc in _OPENED_PDFS.values()])
        found = _OPENED_PDFS[key] = Document(resolved)
    return found


@contextlib.contextmanager
def opened_pdf(path: Path | str) -> Iterator[Any]:
    """read_pdf for a `with` block (the PDF stays open at its end)."""
    yield read_pdf(path)


CHROMIUM = Path("/usr/bin/chromium")


def _need(what: str, ok: bool, install: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing; .ci/run installs {install}")
        pytest.skip(f"{what} is missing ({install})")


# The running browser (Playwright's manager, the browser, then the tests' context and page) while browser tests run
# one after another.
_CHROMIUM: list[Any] = []


@pytest.fixture
def chromium() -> Any:
    """Debian's Chromium driven by Playwright, started once for the browser tests that run one after another (they
    share one xdist group) and stopped after the last of them (pytest_runtest_teardown below): its start costs
    about a second of CPU. The tests share one page in it (`chromium_page`). Not kept to the end of the session:
    while Playwright's synchronous API is started, the main thread counts as running an event loop, and
    `asyncio.run` there would fail in any test that follows."""
    if not _CHROMIUM:
        _need("Debian's chromium", CHROMIUM.is_file(), "the chromium package")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            _need("Playwright", False, "the playwright pip package")
            raise
        manager = sync_playwright()
        playwright = manager.start()
        try:
            # Debian's Chromium, by its path: Playwright's own browser download does not work here. As root (CI),
            # the sandbox cannot start.
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--lang=id-ID"])
        except BaseException:
            manager.__exit__(None, None, None)
            raise
        _CHROMIUM[:] = [manager, browser]
    return _CHROMIUM[1]


@pytest.fixture
def chromium_page(chromium: Any) -> Any:
    """The browser's one page for the browser tests that take `page` (test_browser.py), made with the first of them
    in a context of its own and closed with the browser, its cookies cleared before each test, which then goes to
    its own server's address. A context and page of each test's own cost Chromium about 1 s of CPU more: a new
    renderer process, its first page drawn cold, and the omnibox popup's renderer, which headless Chromium makes
    for each new window though nothing shows it. Nothing else of a test's remains for the next: each test's server
    has a port, so an origin (its storage), of its own, and the workspace keeps its state (the language, the
    session) in cookies."""
    if len(_CHROMIUM) == 2 or _CHROMIUM[3].is_closed():
        context = chromium.new_context(viewport={"width": 1360, "height": 900}, locale="id-ID",
                                       accept_downloads=True)
        _CHROMIUM[2:] = [context, context.new_page()]
    _CHROMIUM[2].clear_cookies()
    return _CHROMIUM[3]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield  # the test's own fixtures (a context of its own, its server) are closed first
    if _CHROMIUM and (nextitem is None or "chromium" not in getattr(nextitem, "fixturenames", ())):
        manager, browser = _CHROMIUM[:2]  # the page and its context (if any) close with the browser
        _CHROMIUM.clear()
        try:
            browser.close()
        finally:
            manager.__exit__(None, None, None)


def soffice() -> str:
    """LibreOffice's command; CI must have it (.ci/run installs it), elsewhere the test is skipped."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed; .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice not installed")
    return found
