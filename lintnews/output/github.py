"""`--output-format github`: GitHub Actions workflow commands (annotations).

Values are escaped as the Actions runner expects (% CR LF in messages, and
also : and , in properties), so text from a document cannot end an
annotation early or inject a second command.
"""
from __future__ import annotations

from lintnews.diagnostics import FileResult, Severity
from lintnews.output.base import Reporter

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def file(self, result: FileResult) -> None:
        path = escape_property(result.path)
        for e in result.errors:
            self.stream.write(f"::error file={path},title={escape_property('lintnews ' + e.code)}::{escape_data(e.message)}\n")
        for f in result.findings:
            props = f"file={path},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},title={escape_property(f.rule_id)}"
            self.stream.write(f"::{LEVELS[f.severity]} {props}::{escape_data(f.rule_id + ': ' + f.message)}\n")
