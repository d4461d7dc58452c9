"""Lint (and fix) files: one process for one file, a process pool for many.

The rule set is built once per process: in the parent, and inherited by
forked workers (or rebuilt once by each worker where fork is unavailable).
Workers return FileResults with positions already computed, so document
text never crosses a process boundary.

Ctrl-C reaches the whole process group. Workers ignore it: the parent alone
turns it into KeyboardInterrupt, stops the pool (a worker in the middle of
a write finishes that write first, see files.write_atomically) and lets the
CLI print its summary, so no worker prints a traceback.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lintnews.config import Settings
from lintnews.diagnostics import Diagnostic, FileError, FileResult, Finding, PlacedEdit
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.files import encode, read_document, remove_stale_temps, write_atomically
from lintnews.fixer import fix_document
from lintnews.registry import RuleSet, build_ruleset

if TYPE_CHECKING:
    import multiprocessing.pool


@dataclass(frozen=True)
class Job:
    """What to do with each file; picklable, so it can be sent to workers."""

    settings: Settings
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fix: bool = False
    diff: bool = False  # compute the fix and a diff, but write nothing
    unsafe_fixes: bool = False


def fingerprint(doc: Document, diag: Diagnostic) -> str:
    """Identify a finding by its rule, its text and its line's text, not by its
    position, so a baseline survives edits elsewhere in the file."""
    import hashlib

    start, content_end, _ = doc.line_span(diag.start)
    digest = hashlib.blake2b(digest_size=8)
    text = doc.text
    # The hash of "rule\0flagged text\0line text", fed a slice at a time: a
    # finding on a 100 MB line must not copy (and encode) the whole line.
    for a, b in ((0, -1), (diag.start, diag.end), (-1, -1), (start, content_end)):
        if a == -1:
            digest.update(b"\0")
        elif b == -1:
            digest.update(diag.rule_id.encode("utf-8") + b"\0")
        else:
            for at in range(a, b, _HASH_CHUNK):
                digest.update(text[at : min(at + _HASH_CHUNK, b)].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


_HASH_CHUNK = 1 << 20


def place(doc: Document, diag: Diagnostic) -> Finding:
    line, column = doc.position(diag.start)
    end_line, end_column = doc.position(diag.end)
    fix = diag.fix
    edits = () if fix is None else tuple(PlacedEdit(*doc.position(e.start), *doc.position(e.end), e.replacement) for e in fix.edits)
    return Finding(
        diag.rule_id, diag.severity, diag.message, line, column, end_line, end_column,
        fix.applicability if fix else None, fix.description if fix else "", edits, fingerprint(doc, diag),
    )


def check_file(path: str, display: str, ruleset: RuleSet, job: Job) -> FileResult:
    result = FileResult(display)
    loaded = read_document(path, display)
    if isinstance(loaded, FileError):
        result.errors.append(loaded)
        return result
    doc = loaded.document
    rules = ruleset.rules_for(display)
    if not (job.fix or job.diff):
        del loaded  # the raw bytes only serve a write: free them (a 100 MB file holds 100 MB)
        diagnostics, errors = lint_document(doc, rules)
        result.errors.extend(errors)
        result.findings = [place(doc, d) for d in diagnostics]
        return result
    diagnostics, errors = lint_document(doc, rules)
    result.errors.extend(errors)
    outcome = fix_document(
        doc, rules, unsafe=job.unsafe_fixes, runaway_limit=job.settings.runaway_limit,
        first_pass=(diagnostics, errors),
    )
    result.errors = outcome.errors
    result.fixed = dict(outcome.fixed)
    result.changed = outcome.text != doc.text
    if not result.changed:
        result.findings = [place(doc, d) for d in outcome.diagnostics]
        return result
    if job.diff:
        # Nothing is written: what is on disk still has every first-pass finding.
        result.diff = unified_diff(display, doc.text, outcome.text)
        result.findings = [place(doc, d) for d in diagnostics]
        return result
    if any(e.code in {"rule-error", "rule-timeout"} for e in outcome.errors):
        # A rule failed on this file: its view of the text is incomplete, so
        # do not write a half-fixed file; report instead.
        error: FileError | None = FileError("write-error", "not fixed because a rule failed on this file (see above)")
    else:
        error = write_atomically(path, encode(outcome.text, loaded.bom), loaded.raw)
    if error is not None:
        # The file keeps its original text: report that text's findings, no fixes.
        result.errors.append(error)
        result.fixed, result.changed = {}, False
        result.findings = [place(doc, d) for d in diagnostics]
        return result
    result.written = True
    result.findings = [place(doc.with_text(outcome.text), d) for d in outcome.diagnostics]
    return result


def unified_diff(name: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=name, tofile=name
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


# --- process pool -------------------------------------------------------------

_state: tuple[Job, RuleSet] | None = None


def _worker_init(job: Job) -> None:
    global _state
    _ignore_sigint()
    if _state is None or _state[0] != job:
        _state = (job, build_ruleset(job.settings, job.select, job.ignore))


# The run's (path, display name) list, inherited by forked workers, so a
# task is a range of positions in it rather than the names themselves.
_files: Sequence[tuple[str, str]] = ()


def _worker_run(task: tuple[int, int] | list[tuple[str, str]]) -> list[FileResult | None]:
    """Check a slice of the run's files, given as (start, stop) in the
    inherited list or, to a spawned worker, as the pairs themselves; None
    stands for a file with nothing to report, so the parent does not
    unpickle thousands of empty results."""
    assert _state is not None
    job, ruleset = _state
    items = _files[task[0] : task[1]] if isinstance(task, tuple) else task
    results: list[FileResult | None] = []
    for path, display in items:
        result = _safe_check(path, display, ruleset, job)
        results.append(None if _nothing_to_report(result) else result)
    return results


def _nothing_to_report(result: FileResult) -> bool:
    return not (result.findings or result.errors or result.fixed or result.changed or result.written
                or result.diff or result.records or result.record is not None or result.doc_id is not None)


def _safe_check(path: str, display: str, ruleset: RuleSet, job: Job) -> FileResult:
    try:
        return check_file(path, display, ruleset, job)
    except Exception as exc:  # never lose the other files to one bug
        return FileResult(display, errors=[FileError("internal-error", f"lintnews failed on this file: {type(exc).__name__}: {exc}")])


def effective_jobs(requested: int, files: int) -> int:
    jobs = requested or os.cpu_count() or 1
    return max(1, min(jobs, files))


def _ignore_sigint() -> None:
    """In a worker: Ctrl-C is the parent's to handle. Start-up ran with it
    blocked (see _block_sigint); one that arrived meanwhile is discarded."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _block_sigint() -> set[int] | None:
    """Block Ctrl-C while the pool starts: workers (and the pool's threads)
    inherit the mask, so none can be hit before _ignore_sigint runs; the
    parent gets a Ctrl-C of that moment when it restores its mask."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return None
    return {int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})}


def _restore_mask(previous: set[int] | None) -> None:
    import signal

    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def sweep_temps(files: Sequence[tuple[str, str]]) -> None:
    """Remove temporary files a killed earlier run left in the folders this
    run may write to (see files.remove_stale_temps)."""
    folders = {os.path.dirname(os.path.abspath(path)) for path, _ in files}
    for folder in sorted(folders):
        remove_stale_temps(folder)


Progress = Callable[[int, int, int], None]  # files, records, bytes done since the last call


def run(files: Sequence[tuple[str, str]], job: Job, ruleset: RuleSet, jobs: int = 0,
        progress: Progress | None = None) -> Generator[FileResult, None, None]:
    """Yield a FileResult per (path, display name), in the order given; for
    a container file (JSON Lines, parquet), one per record worth reporting
    and then one for the file (see lintnews.formats)."""
    if job.fix:
        sweep_temps(files)
    if any(_is_container(path) for path, _ in files):
        yield from _run_units(files, job, ruleset, jobs, progress)
        return
    results = _run_files(files, job, ruleset, jobs)
    if progress is None:
        yield from results
        return
    for (path, _), result in zip(files, results):
        progress(1, 0, _size(path))
        yield result


def _is_container(path: str) -> bool:
    from lintnews.formats import container_kind  # light: names only, no readers

    return container_kind(path) is not None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _run_files(files: Sequence[tuple[str, str]], job: Job, ruleset: RuleSet, jobs: int) -> Generator[FileResult, None, None]:
    workers = effective_jobs(jobs, len(files))
    if workers == 1 or len(files) < 2:
        for path, display in files:
            yield _safe_check(path, display, ruleset, job)
        return
    # Big chunks cost the parent less (one message, one wake-up of its pool
    # threads per chunk); at least 32 a worker keep the last ones short.
    chunk = max(1, min(256, len(files) // (workers * 32) or 1))
    global _files
    _files = files  # inherited by forked workers, like the rule set
    try:
        # Leaving the block on any exception (KeyboardInterrupt included)
        # terminates the workers; none of them is left running.
        with _start_pool(job, ruleset, workers) as pool:
            forked = _can_fork()
            tasks: Iterable[Any] = (
                (start, min(start + chunk, len(files))) if forked else list(files[start : start + chunk])
                for start in range(0, len(files), chunk)
            )
            position = 0
            for results in pool.imap(_worker_run, tasks):
                for result in results:
                    yield FileResult(files[position][1]) if result is None else result
                    position += 1
    finally:
        _files = ()


def _start_pool(job: Job, ruleset: RuleSet, workers: int) -> multiprocessing.pool.Pool:
    """A worker pool whose workers inherit the built rule set (where fork is
    available) and start with Ctrl-C blocked (see _block_sigint)."""
    import multiprocessing

    global _state
    _state = (job, ruleset)  # inherited by forked workers: no second rule build
    context = multiprocessing.get_context("fork" if _can_fork() else "spawn")
    previous = _block_sigint()
    try:
        return context.Pool(workers, initializer=_worker_init, initargs=(job,))
    finally:
        _restore_mask(previous)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


# --- container files: batches of records, in order ------------------------------------
#
# A container file is cut into batches of records (lintnews.formats.container),
# so one big file keeps every core busy. Units go to the pool with
# apply_async, at most a few per worker ahead of the one whose outcome the
# parent needs next (Pool.imap would read the whole input ahead of the
# workers); the parent takes outcomes back in submission order, so the
# output is the same for any --jobs.

_AHEAD_PER_WORKER = 4


def _all_units(files: Sequence[tuple[str, str]], job: Job, progress: Progress | None) -> Generator[tuple[Any, Callable[[Any], list[FileResult]]], None, None]:
    from lintnews.formats.container import units

    for path, display in files:
        if _is_container(path):
            yield from units(path, display, job, progress)
        else:
            yield ("file", path, display), _plain_done(path, progress)


def _plain_done(path: str, progress: Progress | None) -> Callable[[Any], list[FileResult]]:
    def done(result: FileResult) -> list[FileResult]:
        if progress is not None:
            progress(0, 0, _size(path))
        return [result]

    return done


def _execute(task: Any, ruleset: RuleSet, job: Job) -> Any:
    if isinstance(task, tuple):
        return _safe_check(task[1], task[2], ruleset, job)
    from lintnews.formats.batch import BatchOutcome
    from lintnews.formats.container import check_batch

    try:
        return check_batch(task, ruleset, job)
    except Exception as exc:  # never lose the other records to one bug; the batch is copied unchanged
        error = FileError("internal-error", f"lintnews failed on the records from {task.first} on: {type(exc).__name__}: {exc}")
        return BatchOutcome(results=[FileResult(task.display, errors=[error], record=task.first)])


def _worker_task(task: Any) -> Any:
    assert _state is not None
    job, ruleset = _state
    return _execute(task, ruleset, job)


def _work_estimate(files: Sequence[tuple[str, str]]) -> int:
    """Roughly how many batches the run holds, to size the pool: a small
    file alone starts no pool, one big container file uses every core."""
    from lintnews.formats import container_kind

    total = 0
    for path, _ in files:
        kind = container_kind(path)
        if kind is None:
            total += 1
            continue
        ratio = 4 if kind[1] != "none" or kind[0] == "parquet" else 1  # compressed
        total += 1 + _size(path) * ratio // 65536
    return total


def _deliver(results: Iterable[FileResult], progress: Progress | None) -> Iterator[FileResult]:
    for result in results:
        if progress is not None and result.record is None:
            progress(1, 0, 0)
        yield result


def _run_units(files: Sequence[tuple[str, str]], job: Job, ruleset: RuleSet, jobs: int,
               progress: Progress | None) -> Generator[FileResult, None, None]:
    from lintnews.formats.container import abort_open_writers

    units = _all_units(files, job, progress)
    workers = effective_jobs(jobs, _work_estimate(files))
    try:
        if workers == 1:
            for task, then in units:
                yield from _deliver(then(_execute(task, ruleset, job) if task is not None else None), progress)
            return
        with _start_pool(job, ruleset, workers) as pool:
            pending: deque[tuple[Any, Callable[[Any], list[FileResult]]]] = deque()
            for task, then in units:
                pending.append((pool.apply_async(_worker_task, (task,)) if task is not None else None, then))
                while len(pending) > workers * _AHEAD_PER_WORKER:
                    handle, first = pending.popleft()
                    yield from _deliver(first(handle.get() if handle is not None else None), progress)
            while pending:
                handle, first = pending.popleft()
                yield from _deliver(first(handle.get() if handle is not None else None), progress)
    finally:
        units.close()
        abort_open_writers()  # a run stopped early leaves no temporary file
