"""Lint and fix container files record by record, in batches.

The parent process reads a container file as a stream and cuts it into
Batches (`units`); workers lint (and fix) the records of a batch
(`check_batch`) and send back only what is worth reporting plus the new
content of changed records; the parent, taking batches back in order,
copies every unchanged record to the temporary file byte for byte and
writes the changed ones, then replaces the file atomically. Memory holds a
few batches per worker, whatever the size of the file.

`--fix` first reads the file once to check that every record is usable: a
file with a record that is not valid JSON, not an object, lacks the text
field or holds a non-string there is linted but never rewritten.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from lintnews.diagnostics import FileError, FileResult
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.files import StreamWrite
from lintnews.fixer import fix_document
from lintnews.formats import BATCH_RECORDS, MissingExtra, container_kind, field_path
from lintnews.formats.batch import Batch, BatchOutcome

if TYPE_CHECKING:
    from lintnews.kinds.base import Rule
    from lintnews.registry import RuleSet
    from lintnews.runner import Job

# A unit of work: a task for a worker (or None: parent-only work) and what
# the parent does with its outcome, in order; it returns results to report.
Callback = Callable[[Any], list[FileResult]]
Unit = tuple[Any, Callback]
Progress = Callable[[int, int, int], None]  # files, records, bytes

# Writers not yet committed or aborted: the runner aborts them if the run
# stops early (Ctrl-C, an internal error), so no temporary file is left.
_open_writers: set[StreamWrite] = set()


def abort_open_writers() -> None:
    for writer in list(_open_writers):
        writer.abort()
        _open_writers.discard(writer)


# --- worker side ----------------------------------------------------------------


def check_batch(batch: Batch, ruleset: RuleSet, job: Job) -> BatchOutcome:
    from lintnews.formats.jsonl import (
        InvalidRecord,
        parse_record,
        replace_text,
        split_terminator,
    )

    text_path, id_path = field_path(job.settings.text_field), field_path(job.settings.id_field)
    rules = ruleset.rules_for(batch.display)
    out = BatchOutcome()
    for index, item in enumerate(batch.items):
        number = batch.first + index
        line = bom = ""
        terminator = b""
        if isinstance(item, bytes):
            content, terminator = split_terminator(item)
            try:
                line = content.decode("utf-8")
            except UnicodeDecodeError as exc:
                out.invalid += 1
                out.results.append(_invalid(batch, number, f"is not valid UTF-8 (byte 0x{content[exc.start]:02x} at column {exc.start + 1})"))
                continue
            if number == 1 and line.startswith("\ufeff"):
                bom, line = "\ufeff", line[1:]
            if not line.strip(" \t\r"):
                continue  # a blank line holds no record
            try:
                text, ident = parse_record(line, text_path, id_path)
            except InvalidRecord as exc:
                out.invalid += 1
                out.results.append(_invalid(batch, number, str(exc)))
                continue
        else:
            value, ident = item
            if value is None:
                out.invalid += 1
                out.results.append(_invalid(batch, number, f"has a null `{job.settings.text_field}` value", ident))
                continue
            text = value
        out.records += 1
        result, fixed, new_text = check_text(Document(text, batch.display, number, ident), rules, job, batch)
        if result is not None:
            out.results.append(result)
        out.fixed.update(fixed)
        if new_text is not None:
            if isinstance(item, bytes):
                out.replacements[index] = (bom + replace_text(line, text_path, new_text)).encode("utf-8", "surrogatepass") + terminator
            else:
                out.replacements[index] = new_text
    return out


def _invalid(batch: Batch, number: int, why: str, ident: str | None = None) -> FileResult:
    what = "line" if batch.fmt == "jsonl" else "row"
    tail = "it was not checked" + (", and the file was not fixed" if batch.fix else "")
    return FileResult(batch.display, errors=[FileError("invalid-record", f"{what} {number} {why}; {tail}")], record=number, doc_id=ident)


def check_text(doc: Document, rules: list[Rule], job: Job, batch: Batch) -> tuple[FileResult | None, Counter[str], str | None]:
    """Lint (and with batch.fix / batch.diff, fix) one record's text:
    (a result if there is something to report, fixes applied, the new text
    if it changed and may be written)."""
    from lintnews.runner import place, unified_diff

    result = FileResult(doc.path, record=doc.record, doc_id=doc.doc_id)
    diagnostics, errors = lint_document(doc, rules)
    result.errors.extend(errors)
    none: Counter[str] = Counter()
    if not (batch.fix or batch.diff):
        result.findings = [place(doc, d) for d in diagnostics]
        return (result if result.findings or result.errors else None), none, None
    outcome = fix_document(doc, rules, unsafe=job.unsafe_fixes, runaway_limit=job.settings.runaway_limit, first_pass=(diagnostics, errors))
    result.errors = outcome.errors
    keep = result if result.errors else None
    if outcome.text == doc.text:
        result.findings = [place(doc, d) for d in outcome.diagnostics]
        return (result if result.findings or result.errors else None), none, None
    if any(e.code in {"rule-error", "rule-timeout"} for e in outcome.errors):
        # The rules' view of this record is incomplete: leave it as it is.
        result.errors.append(FileError("write-error", "record not fixed because a rule failed on it (see above)"))
        result.findings = [place(doc, d) for d in diagnostics]
        return result, none, None
    if batch.diff:
        label = f"{doc.path}:{doc.record}" + (f"[id={doc.doc_id}]" if doc.doc_id is not None else "")
        result.diff = unified_diff(label, doc.text, outcome.text)
        result.findings = [place(doc, d) for d in diagnostics]
        return result, Counter(outcome.fixed), None
    result.findings = [place(doc.with_text(outcome.text), d) for d in outcome.diagnostics]
    keep = result if result.findings or result.errors else None
    return keep, Counter(outcome.fixed), outcome.text


# --- parent side ----------------------------------------------------------------


@dataclass
class _Totals:
    display: str
    records: int = 0
    invalid: int = 0
    fixed: Counter[str] = field(default_factory=Counter)
    errors: list[FileError] = field(default_factory=list)
    write_failed: BaseException | None = None  # writing the temporary file failed

    def add(self, outcome: BatchOutcome) -> None:
        self.records += outcome.records
        self.invalid += outcome.invalid
        self.fixed.update(outcome.fixed)

    def result(self, written: bool = False, diff: bool = False) -> FileResult:
        changed = bool(self.fixed) and (written or diff)
        return FileResult(self.display, errors=list(self.errors), fixed=dict(self.fixed) if changed else {},
                          changed=changed, written=written, records=self.records)


def _error_unit(display: str, code: str, message: str) -> Unit:
    return None, lambda _: [FileResult(display, errors=[FileError(code, message)])]


def units(path: str, display: str, job: Job, progress: Progress | None) -> Iterator[Unit]:
    """The work for one container file, in order; the last unit reports
    the file as a whole (records checked, fixes written, file errors)."""
    kind = container_kind(path)
    assert kind is not None
    fmt, compression = kind
    try:
        yield from (_jsonl_units if fmt == "jsonl" else _parquet_units)(path, display, job, compression, progress)
    except MissingExtra as exc:
        yield _error_unit(display, "missing-extra", str(exc))


def _open_writer(path: str, totals: _Totals) -> StreamWrite | None:
    if os.path.islink(path):
        totals.errors.append(FileError("write-error", "is a symbolic link; lintnews does not write through links, so it was not fixed"))
        return None
    try:
        writer = StreamWrite(path)
    except OSError as exc:
        totals.errors.append(FileError("write-error", f"cannot write the fixed file: {exc.strerror or exc}; the original is unchanged"))
        return None
    _open_writers.add(writer)
    return writer


def _finish(writer: StreamWrite | None, close: Callable[[], None] | None, totals: _Totals, diff: bool) -> Callback:
    def finish(_: Any) -> list[FileResult]:
        if writer is None:
            return [totals.result(diff=diff)]
        error: FileError | None = None
        try:
            if close is not None:
                close()  # finishes the compressed stream or the parquet footer
            if totals.write_failed is not None:
                raise totals.write_failed
            if not totals.fixed:
                writer.abort()
                _open_writers.discard(writer)
                return [totals.result()]
            error = writer.commit()
        except Exception as exc:  # the disk, a compressor or the parquet writer failed
            writer.abort()
            error = FileError("write-error", f"cannot write the fixed file: {type(exc).__name__}: {exc}; the original is unchanged")
        _open_writers.discard(writer)
        if error is not None:
            totals.errors.append(FileError(error.code, error.message + " (the fixes reported above were not written)"))
            return [totals.result()]
        return [totals.result(written=True)]

    return finish


def _read_failed(display: str, writer: StreamWrite | None, totals: _Totals, exc: BaseException) -> Unit:
    def failed(_: Any) -> list[FileResult]:
        if writer is not None:
            writer.abort()
            _open_writers.discard(writer)
        totals.errors.append(FileError("read-error", f"cannot be read past record {totals.records + totals.invalid}: "
                                                     f"{type(exc).__name__}: {exc}" + ("; it was not fixed" if writer else "")))
        return [totals.result()]

    return None, failed


def _jsonl_units(path: str, display: str, job: Job, compression: str, progress: Progress | None) -> Iterator[Unit]:
    from lintnews.formats.jsonl import batches, open_lines, open_writer

    totals = _Totals(display)
    fix = job.fix
    if fix:
        bad = _first_invalid_line(path, compression, job)
        if bad is not None:
            fix = False
            totals.errors.append(FileError("write-error", f"not fixed: line {bad} is not a usable record (see the invalid-record errors); the file is unchanged"))
    try:
        stream = open_lines(path, compression)
    except OSError as exc:
        yield _error_unit(display, "read-error", f"cannot read: {exc.strerror or exc}")
        return
    writer = _open_writer(path, totals) if fix else None
    out: IO[bytes] | None = open_writer(writer.handle, compression) if writer is not None else None
    try:
        with stream:
            for first, lines in batches(stream):
                yield Batch(display, "jsonl", first, tuple(lines), writer is not None, job.diff), _jsonl_done(lines, out, totals, progress)
    except (OSError, EOFError, ValueError) as exc:  # a truncated or corrupt compressed stream
        yield _read_failed(display, writer, totals, exc)
        return
    yield None, _finish(writer, out.close if out is not None else None, totals, job.diff)


def _jsonl_done(lines: list[bytes], out: IO[bytes] | None, totals: _Totals, progress: Progress | None) -> Callback:
    def done(outcome: BatchOutcome) -> list[FileResult]:
        totals.add(outcome)
        if out is not None and totals.write_failed is None:
            replacements = outcome.replacements
            try:
                # One write per batch: zstandard's writer has no writelines.
                if replacements:
                    out.write(b"".join(replacements.get(i, raw) for i, raw in enumerate(lines)))  # type: ignore[misc]
                else:
                    out.write(b"".join(lines))
            except Exception as exc:  # reported (and the file left alone) when the file is finished
                totals.write_failed = exc
        if progress is not None:
            progress(0, outcome.records + outcome.invalid, sum(map(len, lines)))
        return outcome.results

    return done


def _first_invalid_line(path: str, compression: str, job: Job) -> int | None:
    """The first line that is not a usable record, or None (reading
    problems are left to the main pass, which reports them)."""
    from lintnews.formats.jsonl import InvalidRecord, open_lines, parse_record

    text_path, id_path = field_path(job.settings.text_field), field_path(job.settings.id_field)
    try:
        with open_lines(path, compression) as stream:
            for number, raw in enumerate(stream, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    return number
                if number == 1:
                    line = line.removeprefix("\ufeff")
                if line.strip(" \t\r\n"):
                    parse_record(line, text_path, id_path)
    except InvalidRecord:
        return number
    except (OSError, EOFError, ValueError):
        return None
    return None


def _parquet_units(path: str, display: str, job: Job, compression: str, progress: Progress | None) -> Iterator[Unit]:
    from lintnews.formats import parquet

    totals = _Totals(display)
    try:
        pf = parquet.open_file(path)
        text, ident = parquet.columns(pf, job.settings.text_field, job.settings.id_field)
    except parquet.SchemaError as exc:
        yield _error_unit(display, "invalid-record", f"{exc}; it was not checked")
        return
    except MissingExtra:
        raise
    except Exception as exc:  # pyarrow raises its own errors for unreadable files
        yield _error_unit(display, "read-error", f"cannot be read as parquet: {exc}")
        return
    fix = job.fix
    if fix:
        try:
            nulls = sum(batch.column(0).null_count for batch in pf.iter_batches(columns=[text], use_threads=False))
        except Exception:
            nulls = 0  # the main pass reports what cannot be read
        if nulls:
            fix = False
            totals.errors.append(FileError("write-error", f"not fixed: {nulls} row(s) have no text (see the invalid-record errors); the file is unchanged"))
    writer = _open_writer(path, totals) if fix else None
    try:
        if writer is None:
            row = 0
            for texts, ids in parquet.read_batches(pf, text, ident, BATCH_RECORDS):
                yield Batch(display, "parquet", row, tuple(zip(texts, ids)), False, job.diff), _parquet_done(None, totals, progress, texts)
                row += len(texts)
            yield None, _finish(None, None, totals, job.diff)
            return
        out = parquet.open_writer(writer.handle, pf)
        row = 0
        for table, texts, ids in parquet.read_row_groups(pf, text, ident):
            new_texts: dict[int, str] = {}
            chunks = range(0, len(texts), BATCH_RECORDS)
            for start in chunks:
                last = start == chunks[-1]
                write = _write_row_group(out, table, text, new_texts) if last else None
                part = tuple(zip(texts[start : start + BATCH_RECORDS], ids[start : start + BATCH_RECORDS]))
                yield Batch(display, "parquet", row + start, part, True, False), _parquet_done((start, new_texts, write), totals, progress, texts[start : start + BATCH_RECORDS])
            row += len(texts)
    except MissingExtra:
        raise
    except Exception as exc:
        yield _read_failed(display, writer, totals, exc)
        return
    yield None, _finish(writer, out.close, totals, False)


def _write_row_group(out: Any, table: Any, text: str, new_texts: dict[int, str]) -> Callable[[], None]:
    def write() -> None:
        from lintnews.formats.parquet import replaced

        out.write_table(replaced(table, text, new_texts) if new_texts else table, row_group_size=max(1, table.num_rows))

    return write


def _parquet_done(fixing: tuple[int, dict[int, str], Callable[[], None] | None] | None, totals: _Totals,
                  progress: Progress | None, texts: list[str | None]) -> Callback:
    def done(outcome: BatchOutcome) -> list[FileResult]:
        totals.add(outcome)
        if fixing is not None:
            start, new_texts, write = fixing
            for index, value in outcome.replacements.items():
                assert isinstance(value, str)
                new_texts[start + index] = value
            if write is not None and totals.write_failed is None:
                try:
                    write()
                except Exception as exc:  # reported when the file is finished
                    totals.write_failed = exc
        if progress is not None:
            progress(0, outcome.records + outcome.invalid, sum(len(t.encode("utf-8", "surrogatepass")) for t in texts if t))
        return outcome.results

    return done
