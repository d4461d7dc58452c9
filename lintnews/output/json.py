"""`--output-format json`: one JSON array, one object per finding.

The published contract (README, "JSON output") — keys: path, line, column,
end_line, end_column (1-based; columns count characters), rule, severity,
message, fix (null or {applicability, description, edits: [{line, column,
end_line, end_column, replacement}]}), and record / id for documents inside
container files (null for plain files). A problem that stopped a file from
being checked appears with its code as `rule` (e.g. "decode-error").
"""
from __future__ import annotations

import json
from typing import Any

from lintnews.diagnostics import FileResult, Finding
from lintnews.output.base import Reporter, Summary


def finding_record(result: FileResult, f: Finding) -> dict[str, Any]:
    fix = None
    if f.applicability is not None:
        fix = {
            "applicability": f.applicability.value,
            "description": f.fix_description,
            "edits": [
                {"line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column, "replacement": e.replacement}
                for e in f.edits
            ],
        }
    return {
        "path": result.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule": f.rule_id,
        "severity": f.severity.value,
        "message": f.message,
        "fix": fix,
        "record": result.record,
        "id": result.doc_id,
    }


def error_record(result: FileResult, code: str, message: str) -> dict[str, Any]:
    return {
        "path": result.path, "line": 1, "column": 1, "end_line": 1, "end_column": 1,
        "rule": code, "severity": "error", "message": message, "fix": None,
        "record": result.record, "id": result.doc_id,
    }


class JsonReporter(Reporter):
    """Writes the array as it goes (the same bytes json.dump(indent=2) would
    give), so a corpus with millions of findings is not held in memory."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = 0

    def _write(self, item: dict[str, Any]) -> None:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def file(self, result: FileResult) -> None:
        for e in result.errors:
            self._write(error_record(result, e.code, e.message))
        for f in result.findings:
            self._write(finding_record(result, f))

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n]\n" if self.count else "[]\n")
