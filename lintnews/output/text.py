"""Human-readable output: `path:line:col: rule-id [*] message`, ruff style.

`[*]` marks a finding `--fix` can repair, `[~]` one that needs
`--unsafe-fixes`. Problems that stopped a file from being checked are
printed as `path: error: message`.
"""
from __future__ import annotations

from lintnews.diagnostics import Applicability, FileResult, Severity
from lintnews.output.base import Reporter, Summary

MARKERS = {Applicability.SAFE: "[*] ", Applicability.UNSAFE: "[~] ", None: ""}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TextReporter(Reporter):
    def file(self, result: FileResult) -> None:
        write = self.stream.write
        where = result.path + (f"[{result.record}]" if result.record is not None else "")
        for error in result.errors:
            rule = f" [{error.rule_id}]" if error.rule_id else ""
            write(f"{where}: error: {error.code}{rule}: {error.message}\n")
        if result.fixed and (result.written or result.diff):
            counts = ", ".join(f"{rule} ×{n}" for rule, n in sorted(result.fixed.items()))
            verb = "would fix" if result.diff else "fixed"
            write(f"{where}: {verb} {sum(result.fixed.values())} ({counts})\n")
        if result.diff:
            write(result.diff)
        for f in result.findings:
            severity = "" if f.severity is Severity.ERROR else f"({f.severity.value}) "
            write(f"{where}:{f.line}:{f.column}: {f.rule_id} {MARKERS[f.applicability]}{severity}{f.message}\n")

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
            write(f"Found {plural(summary.findings, 'problem')}{left} in {plural(summary.files, 'file')} checked{extra}.\n")
        elif not summary.errors:
            write(f"All checks passed ({plural(summary.files, 'file')}).\n")
        if summary.errors:
            write(f"{plural(summary.errors, 'error')} stopped lintnews from checking or fixing part of the input (see above).\n")
