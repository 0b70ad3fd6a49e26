"""Fault injection (issue 12): a render interrupted at any moment of its write phase leaves the old package or
the new one, never a mix, and the next run leaves nothing else behind.

Run from the repository root (POSIX: it forks):

    python -m benchmarks.fault_injection [--tries N] [--seed S] [--two-renames] [--steps]

The old package is that of examples/kab-semarang-2025.yaml in docx, pdf and txt, both variants, on F4, with two
things staff put in its folder (a scan, and a folder holding a page); the new one is the default package on A4
(its DOCX and PDF differ, its txt files are gone). Both are rendered once, before the tries. Each try copies the
old package into a fresh output folder, forks a child that renders the new one (render_package with the
rendering already done: the write phase alone, which is what is being tested), and interrupts it at a random
moment of its write phase (between the median times, after the fork, at which it begins and ends): SIGKILL
(kill -9) and SIGINT (Ctrl-C) alternately. The package folder is then classified:

- old, new: every file is as the record.json present lists it (same hash), the files are the record's and
  staff's, staff's unchanged (temporary files and hidden folders aside: they are counted as leftovers);
- missing, restored: the two-rename swap (--two-renames: as on Windows and macOS) was cut between its renames,
  and recover_folder (which every render runs first) put the old package back;
- mixed: anything else, a failure.

Then the next run renders the new package; "not clean after it" counts the tries after which the output
folder holds anything but the new package (a staging or old folder, a temporary file, a file of the old
package). --steps also interrupts every file-system call of the write phase in turn, deterministically: an
error (OSError), Ctrl-C (KeyboardInterrupt), and kill -9 (the child exits at once); tests/test_replace.py runs
both kinds in CI. With PYTHONPATH naming a checkout of an earlier version, the same tries measure that version
(`python benchmarks/fault_injection.py --tries N`, without --steps or --two-renames).
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import errno
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "kab-semarang-2025.yaml"
# What staff put in the package folder: kept by every render.
STAFF = {"scan-sk-ditandatangani.pdf": b"%PDF-1.4 scan " * 500, "arsip/halaman-1.png": b"\x89PNG scan " * 300}
# The file-system calls of the write phase that --steps interrupts, one at a time (reads such as stat are left).
OS_STEPS = ("mkdir", "open", "rename", "replace", "link", "symlink", "chmod", "fsync", "fdatasync", "listdir",
            "unlink", "rmdir")
SHUTIL_STEPS = ("rmtree", "copy2", "copystat")


@dataclass
class Scenario:
    """The old and new packages of one decree (already rendered) and a folder holding the old one."""

    loaded: Any
    slug: str
    old: dict[str, bytes]
    new: dict[str, bytes]
    template: Path  # an output folder holding the old package with staff's files, copied for each try


def scenario(work: Path, old_formats: tuple[str, ...] = ("docx", "pdf", "txt"),
             new_formats: tuple[str, ...] = ("docx", "pdf")) -> Scenario:
    from zi_decree.loading.spec import load
    from zi_decree.tasks.package import build_package, check_formats

    loaded = load(SPEC)
    formats, variants = check_formats(old_formats, ["original", "salinan"])
    slug, old, _ = build_package(loaded, formats, variants, None, None)
    formats, _ = check_formats(new_formats, None)
    _, new, _ = build_package(loaded, formats, None, "a4", None)
    sc = Scenario(loaded, slug, dict(old), dict(new), work / "template")
    render(sc, sc.template, sc.old)
    for name, data in STAFF.items():
        (sc.template / slug / name).parent.mkdir(exist_ok=True)
        (sc.template / slug / name).write_bytes(data)
    return sc


@contextlib.contextmanager
def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    saved = getattr(owner, name, None)
    had = hasattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if had:
            setattr(owner, name, saved)
        else:
            delattr(owner, name)


def render(sc: Scenario, out: Path, files: dict[str, bytes] | None = None, force: bool = False) -> None:
    """render_package of the decree into `out`, its rendering replaced by the files given (default: the new)."""
    from zi_decree.tasks import package

    made = list((files if files is not None else sc.new).items())
    with patched(package, "build_package", lambda *args: (sc.slug, made, ())):
        # An earlier version (the figures before issue 12) has no force.
        package.render_package(sc.loaded, out, **({"force": True} if force else {}))


@contextlib.contextmanager
def two_renames(on: bool = True) -> Iterator[None]:
    """The swap done as where no atomic exchange exists (Windows, macOS): two renames."""
    from zi_decree.writing import files

    if not on:
        yield
        return
    with patched(files, "_exchange", lambda a, b: False):
        yield


def fresh(sc: Scenario, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(sc.template, out, symlinks=True)
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def classify(sc: Scenario, out: Path) -> tuple[str, list[str]]:
    """What an output folder holds: ('old' | 'new' | 'missing' | 'mixed', [anything else left in it])."""
    folder = out / sc.slug
    left = sorted(n for n in os.listdir(out) if n != sc.slug)
    if not folder.is_dir():
        return "missing", left
    found = _tree(folder)
    stray = [n for n in found if n.endswith(".tmp") or "/." in f"/{n}"]  # reported as left, not as a mix
    left += [f"{sc.slug}/{n}" for n in stray]
    for name in stray:
        del found[name]
    try:
        listed = {o["file"]: o["sha256"] for o in json.loads(found["record.json"])["outputs"]}
    except (KeyError, ValueError):
        return "mixed", left
    hashes_match = all(name in found and "sha256:" + hashlib.sha256(found[name]).hexdigest() == digest
                       for name, digest in listed.items())
    for version, files in (("old", sc.old), ("new", sc.new)):
        if hashes_match and found == {**files, **STAFF}:
            return version, left
    return "mixed", left


@dataclass
class Tally:
    """Outcomes of the tries: counts, and what went wrong (which must stay empty)."""

    outcomes: Counter[str] = field(default_factory=Counter)
    left_before: int = 0  # tries after which something was left before the next run (cleaned up by it)
    failures: list[str] = field(default_factory=list)
    sync: bool = True  # False: the next run's fsync and fdatasync are skipped (Faults)

    def settle(self, sc: Scenario, out: Path, what: str) -> None:
        """Classify an interrupted try, then check what a reader and the next run see."""
        outcome, left = classify(sc, out)
        if outcome == "missing":
            from zi_decree.writing.files import recover_folder

            recover_folder(out / sc.slug)  # as a reader and the next render do first
            again, _ = classify(sc, out)
            outcome = "missing, restored" if again == "old" else f"missing, then {again}"
        self.outcomes[outcome] += 1
        if outcome not in ("old", "new", "missing, restored"):
            self.failures.append(f"{what}: {outcome} {left}")
        self.left_before += bool(left)
        try:
            with Faults(sync=self.sync).installed():
                render(sc, out)
        except BaseException as exc:  # a failure to report, whatever it is
            self.failures.append(f"{what}: the next run failed: {type(exc).__name__}: {exc}")
            return
        outcome, left = classify(sc, out)
        if outcome != "new" or left:
            self.failures.append(f"{what}: after the next run, {outcome}, left {left}")


def _child(run: Callable[[], None]) -> int:
    """Run `run` in a forked child, which exits when it is done; the child's pid."""
    # SIGINT held back until the child is ready for it: one that came during the fork itself would interrupt
    # Python's own after-fork work instead (and print about it).
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller
        code = 0
        try:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            # Ctrl-C during a callback Python cannot raise from (a gc callback, say) is lost, not an error to print.
            sys.unraisablehook = lambda unraisable: None
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            run()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    return pid


def write_time(sc: Scenario, work: Path, runs: int = 5) -> tuple[float, float]:
    """When the write phase of the new package over the old one begins and ends, in a forked child, counted
    from the fork (medians): the span in which kill_tries interrupts it."""
    begins, ends = [], []
    for _ in range(runs):
        out = fresh(sc, work / "timing")
        read, write = os.pipe()

        def timed() -> None:
            begin = time.perf_counter()  # CLOCK_MONOTONIC: the same clock in both processes
            render(sc, out)
            os.write(write, f"{begin} {time.perf_counter()}".encode())

        start = time.perf_counter()
        os.waitpid(_child(timed), 0)
        os.close(write)
        with os.fdopen(read) as handle:
            begin, end = (float(t) - start for t in handle.read().split())
        begins.append(begin)
        ends.append(end)
        if classify(sc, out)[0] != "new":
            raise SystemExit("the write phase did not give the new package")
    return statistics.median(begins), statistics.median(ends)


def kill_tries(sc: Scenario, work: Path, tries: int, seed: int, span: tuple[float, float], tally: Tally) -> None:
    """`tries` children killed at a random delay after their fork, in `span` (seconds): SIGKILL and SIGINT
    alternately."""
    rng = random.Random(seed)
    for i in range(tries):
        out = fresh(sc, work / "try")
        delay = rng.uniform(*span)
        sig = signal.SIGKILL if i % 2 == 0 else signal.SIGINT
        pid = _child(lambda: render(sc, out))
        time.sleep(delay)
        os.kill(pid, sig)
        os.waitpid(pid, 0)
        tally.settle(sc, out, f"try {i} ({sig.name} after {delay * 1000:.1f} ms)")


class Faults:
    """Counts the file-system calls of zi_decree.writing.files, and interrupts the k-th: `error` raises OSError,
    `interrupt` KeyboardInterrupt, `kill` ends the process at once (as kill -9 does)."""

    def __init__(self, at: int = 0, how: str = "error", sync: bool = True) -> None:
        self.at, self.how, self.calls, self.sync = at, how, 0, sync
        self.names: list[str] = []

    def step(self, name: str) -> None:
        self.calls += 1
        self.names.append(name)
        if self.calls == self.at:
            if self.how == "kill":
                os._exit(137)
            if self.how == "interrupt":
                raise KeyboardInterrupt
            raise OSError(errno.EIO, f"injected fault at {name}")

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def faulty(*args: Any, **kwargs: Any) -> Any:
            self.step(name)
            if not self.sync and name in ("fsync", "fdatasync"):
                return None  # what a process sees does not depend on what reached the disk: faster, same steps
            return function(*args, **kwargs)
        return faulty

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        from zi_decree.writing import files

        os_proxy = _Proxy(os, {n: self.wrap(n, getattr(os, n)) for n in OS_STEPS if hasattr(os, n)})
        shutil_proxy = _Proxy(shutil, {n: self.wrap(n, getattr(shutil, n)) for n in SHUTIL_STEPS})
        exchange = getattr(files, "_exchange", None)  # None in versions before issue 12
        with patched(files, "os", os_proxy), patched(files, "shutil", shutil_proxy), \
                patched(files, "open", self.wrap("open (builtin)", builtins.open)), \
                patched(files, "_exchange", exchange and self.wrap("exchange", exchange)):
            yield


class _Proxy:
    """A module with some of its functions replaced."""

    def __init__(self, module: Any, replaced: dict[str, Callable[..., Any]]) -> None:
        self._module, self._replaced = module, replaced

    def __getattr__(self, name: str) -> Any:
        return self._replaced.get(name) or getattr(self._module, name)


def steps(sc: Scenario, work: Path, sync: bool = True) -> list[str]:
    """The file-system calls of one write phase of the new package over the old one, in order."""
    counter = Faults(sync=sync)
    out = fresh(sc, work / "steps")
    with counter.installed():
        render(sc, out)
    return counter.names


def step_tries(sc: Scenario, work: Path, how: str, tally: Tally, sync: bool = True) -> int:
    """Interrupt every file-system call of the write phase in turn (`how`: error, interrupt or kill); the number
    of calls. Without `sync`, fsync and fdatasync are counted but not done."""
    from zi_decree.errors import ZiDecreeError

    names = steps(sc, work, sync)
    for k, name in enumerate(names, 1):
        out = fresh(sc, work / "step")
        faults = Faults(k, how, sync)
        what = f"{how} at call {k} ({name})"
        if how == "kill":
            def run() -> None:
                with faults.installed():
                    render(sc, out)
            os.waitpid(_child(run), 0)
        else:
            raised: BaseException | None = None
            try:
                with faults.installed():
                    render(sc, out)
            except (ZiDecreeError, KeyboardInterrupt) as exc:
                raised = exc
            outcome, _ = classify(sc, out)
            if isinstance(raised, ZiDecreeError) and (outcome != "old" or "the old package is as it was" not in
                                                      str(raised)):
                tally.failures.append(f"{what}: {outcome} after the message {raised}")
            elif raised is None and outcome != "new":
                tally.failures.append(f"{what}: no error, but {outcome}")
        tally.settle(sc, out, what)
    return len(names)


def _row(swap: str, kind: str, tries: int, tally: Tally, seconds: float) -> str:
    counts = tally.outcomes
    after = sum("after the next run" in f or "next run failed" in f for f in tally.failures)
    return (f"| {swap} | {kind} | {tries} | {counts['old']} | {counts['new']} | {counts['missing, restored']} | "
            f"{sum(v for k, v in counts.items() if k not in ('old', 'new', 'missing, restored'))} | "
            f"{tally.left_before} | {after} | {seconds:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tries", type=int, default=100, help="random interruptions (default 100)")
    parser.add_argument("--seed", type=int, default=12, help="of the random delays (default 12)")
    parser.add_argument("--two-renames", action="store_true", help="swap with two renames, as on Windows")
    parser.add_argument("--steps", action="store_true", help="also interrupt every file-system call in turn")
    args = parser.parse_args()
    from zi_decree.writing import files

    swap = "none (earlier version)" if not hasattr(files, "replace_folder") else \
        "two renames" if args.two_renames else "exchange"
    with tempfile.TemporaryDirectory(prefix="fault-injection-") as tmp, two_renames(args.two_renames):
        work = Path(tmp)
        sc = scenario(work)
        begin, end = write_time(sc, work)
        lines = [f"The write phase of the new package over the old one, in a forked child, runs from "
                 f"{begin * 1000:.1f} to {end * 1000:.1f} ms after the fork (medians of 5); random delays in that "
                 f"span, seed {args.seed}.", "",
                 "| swap | interruption | tries | old | new | missing, restored | mixed | leftovers before the next "
                 "run | not clean after it | time (s) |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        start = time.perf_counter()
        tally = Tally()
        kill_tries(sc, work, args.tries, args.seed, (begin, end), tally)
        lines.append(_row(swap, "SIGKILL, SIGINT at random", args.tries, tally, time.perf_counter() - start))
        failures = tally.failures
        if args.steps:
            for how in ("error", "interrupt", "kill"):
                start = time.perf_counter()
                tally = Tally()
                count = step_tries(sc, work, how, tally)
                lines.append(_row(swap, f"{how} at each call", count, tally, time.perf_counter() - start))
                failures += tally.failures
        print("\n".join(lines))
        for failure in failures:
            print("FAILURE:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
