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


def record_line(result: FileResult) -> int | None:
    """The line of the file a record starts on: its number in JSON Lines."""
    from lintnews.formats import container_kind

    kind = container_kind(result.path)
    return result.record if kind is not None and kind[0] == "jsonl" else None


def record_label(result: FileResult) -> str:
    label = f"record {result.record}"
    return label + (f", id {result.doc_id}" if result.doc_id is not None else "")


class GithubReporter(Reporter):
    def file(self, result: FileResult) -> None:
        path = escape_property(result.path)
        where = ""
        if result.record is not None:
            # Annotations point at lines of the file: a record's own line in
            # JSON Lines (the first line in parquet); the position inside
            # the record's text goes into the message.
            where = f",line={record_line(result) or 1}"
        for e in result.errors:
            self.stream.write(f"::error file={path}{where},title={escape_property('lintnews ' + e.code)}::{escape_data(e.message)}\n")
        for f in result.findings:
            if result.record is None:
                props = f"file={path},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},title={escape_property(f.rule_id)}"
                message = f.rule_id + ": " + f.message
            else:
                props = f"file={path}{where},title={escape_property(f.rule_id)}"
                message = f"{f.rule_id}: {f.message} ({record_label(result)}, text line {f.line} column {f.column})"
            self.stream.write(f"::{LEVELS[f.severity]} {props}::{escape_data(message)}\n")
