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
from collections.abc import Generator, Sequence
from dataclasses import dataclass

from lintnews.config import Settings
from lintnews.diagnostics import Diagnostic, FileError, FileResult, Finding, PlacedEdit
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.files import encode, read_document, remove_stale_temps, write_atomically
from lintnews.fixer import fix_document
from lintnews.registry import RuleSet, build_ruleset


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
    material = "\0".join((diag.rule_id, doc.text[diag.start : diag.end], doc.text[start:content_end]))
    return hashlib.blake2b(material.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


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


def _worker_run(item: tuple[str, str]) -> FileResult:
    assert _state is not None
    job, ruleset = _state
    return _safe_check(item[0], item[1], ruleset, job)


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


def run(files: Sequence[tuple[str, str]], job: Job, ruleset: RuleSet, jobs: int = 0) -> Generator[FileResult, None, None]:
    """Yield a FileResult per (path, display name), in the order given."""
    if job.fix:
        sweep_temps(files)
    workers = effective_jobs(jobs, len(files))
    if workers == 1 or len(files) < 2:
        for path, display in files:
            yield _safe_check(path, display, ruleset, job)
        return
    import multiprocessing

    global _state
    _state = (job, ruleset)  # inherited by forked workers: no second rule build
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, min(64, len(files) // (workers * 8) or 1))
    previous = _block_sigint()
    try:
        pool = context.Pool(workers, initializer=_worker_init, initargs=(job,))
    except BaseException:
        _restore_mask(previous)
        raise
    # Leaving the block on any exception (KeyboardInterrupt included)
    # terminates the workers; none of them is left running.
    with pool:
        _restore_mask(previous)
        yield from pool.imap(_worker_run, files, chunksize=chunk)
