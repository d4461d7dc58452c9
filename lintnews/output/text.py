"""Human-readable output: `path:line:col: rule-id [*] message`, ruff style.

A record inside a container file is named `path:RECORD[id=ID]:line:col:`
(RECORD: the line number in a JSON Lines file, the row index in a parquet
file; `[id=...]` only when the record has an id), so the first field after
the path is always the record and the last two the position in its text.
`[*]` marks a finding `--fix` can repair, `[~]` one that needs
`--unsafe-fixes`. Problems that stopped a file from being checked are
printed as `path: error: message`.

Paths and messages carry text from the documents (a matched phrase, a file
name), so control characters in them are written as escapes: an ESC
sequence or a bare CR in a scraped article must not recolour, move the
cursor or overwrite lines of the user's terminal.
"""
from __future__ import annotations

import re

from lintnews.diagnostics import Applicability, FileResult, Severity
from lintnews.output.base import Reporter, Summary

MARKERS = {Applicability.SAFE: "[*] ", Applicability.UNSAFE: "[~] ", None: ""}

# C0 and C1 controls (tab excepted) and DEL, plus the bidirectional
# overrides and isolates that reorder how a line is displayed.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
# In a diff, line ends stay (so it still applies with `patch`), and so do
# CRs, which only appear there as (part of) a line end.
_UNSAFE_IN_DIFF = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape_one(m: re.Match[str]) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def terminal_safe(text: str) -> str:
    """`text` with every character that could act on a terminal escaped."""
    return _UNSAFE.sub(_escape_one, text) if _UNSAFE.search(text) else text


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def location(result: FileResult) -> str:
    """`path`, or `path:RECORD[id=ID]` for a record in a container file."""
    if result.record is None:
        return result.path
    where = f"{result.path}:{result.record}"
    if result.doc_id is not None:
        # An id is data: keep it on one line and let "]" not end the field early.
        ident = "".join(c if c.isprintable() else "?" for c in result.doc_id).replace("]", "%5D")
        where += f"[id={ident}]"
    return where


def files(summary: Summary, inside: bool = False) -> str:
    """"2 files", with the records of container files: "2 files (10 records)"
    (or "2 files, 10 records" inside brackets)."""
    counted = plural(summary.files, "file")
    if not summary.records:
        return counted
    records = f"{summary.records:,} record{'' if summary.records == 1 else 's'}"
    return f"{counted}, {records}" if inside else f"{counted} ({records})"


class TextReporter(Reporter):
    def file(self, result: FileResult) -> None:
        if not (result.errors or result.fixed or result.diff or result.findings):
            return  # the usual file: nothing to print
        write = self.stream.write
        where = terminal_safe(location(result))
        for error in result.errors:
            rule = f" [{error.rule_id}]" if error.rule_id else ""
            write(f"{where}: error: {error.code}{rule}: {terminal_safe(error.message)}\n")
        if result.fixed and (result.written or result.diff or result.changed):
            counts = ", ".join(f"{rule} ×{n}" for rule, n in sorted(result.fixed.items()))
            verb = "fixed" if result.written else "would fix"
            write(f"{where}: {verb} {sum(result.fixed.values())} ({counts})\n")
        if result.diff:
            write(_safe_diff(result.diff))
        for f in result.findings:
            severity = "" if f.severity is Severity.ERROR else f"({f.severity.value}) "
            write(f"{where}:{f.line}:{f.column}: {f.rule_id} {MARKERS[f.applicability]}{severity}{terminal_safe(f.message)}\n")

    def finish(self, summary: Summary) -> None:
        write = self.stream.write
        fixed = sum(summary.fixed.values())
        if summary.diff_mode and fixed:
            write(f"Would fix {plural(fixed, 'problem')} in {plural(summary.files_fixed, 'file')} (nothing was written).\n")
        elif summary.fix_mode and fixed:
            write(f"Fixed {plural(fixed, 'problem')} in {plural(summary.files_fixed, 'file')}.\n")
        if summary.findings:
            hints = []
            if summary.fixable_safe:
                hints.append(f"{summary.fixable_safe} fixable with `--fix`")
            if summary.fixable_unsafe:
                more = "more " if summary.fixable_safe else ""
                hints.append(f"{summary.fixable_unsafe} {more}fixable with `--unsafe-fixes`")
            extra = f" ({', '.join(hints)})" if hints else ""
            left = " remaining" if summary.fix_mode and not summary.diff_mode else ""
            write(f"Found {plural(summary.findings, 'problem')}{left} in {files(summary)} checked{extra}.\n")
        elif not summary.errors:
            write(f"All checks passed ({files(summary, inside=True)}).\n")
        if summary.errors:
            write(f"{plural(summary.errors, 'error')} stopped lintnews from checking or fixing part of the input (see above).\n")


def _safe_diff(diff: str) -> str:
    """A unified diff with control characters escaped, line ends kept."""
    return _UNSAFE_IN_DIFF.sub(_escape_one, diff)
