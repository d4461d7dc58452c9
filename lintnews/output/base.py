"""The reporter life cycle: one `file()` call per document, then `finish()`."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from lintnews.diagnostics import Applicability, FileResult


@dataclass
class Summary:
    files: int = 0
    records: int = 0  # records checked inside container files
    findings: int = 0
    errors: int = 0  # FileErrors: files or rules that could not be processed
    fixable_safe: int = 0
    fixable_unsafe: int = 0
    fixed: Counter[str] = field(default_factory=Counter)
    files_fixed: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    fix_mode: bool = False
    diff_mode: bool = False  # --diff: fixes were computed, not written

    def add(self, result: FileResult) -> None:
        # A container file yields a result per record worth reporting, then
        # one for the file (record None): only that one counts as a file.
        whole_file = result.record is None
        self.files += whole_file
        self.records += result.records
        self.findings += len(result.findings)
        self.errors += len(result.errors)
        for f in result.findings:
            self.by_rule[f.rule_id] += 1
            if f.applicability is Applicability.SAFE:
                self.fixable_safe += 1
            elif f.applicability is Applicability.UNSAFE:
                self.fixable_unsafe += 1
        if result.fixed:  # Counter.update costs microseconds even when empty
            self.fixed.update(result.fixed)
        if whole_file and (result.written or result.diff or (self.diff_mode and result.changed)):
            self.files_fixed += 1


class Reporter:
    """Base reporter; subclasses override what they need."""

    def __init__(self, stream: IO[str], specs: Mapping[str, Any] | None = None, **_: Any) -> None:
        self.stream = stream
        self.specs = specs or {}

    def file(self, result: FileResult) -> None:  # called once per document
        pass

    def finish(self, summary: Summary) -> None:  # called once, at the end
        pass
