"""`--output-format sarif`: SARIF 2.1.0, for code-scanning dashboards."""
from __future__ import annotations

import json
import os
from typing import Any

from lintnews import __version__
from lintnews.diagnostics import FileResult, Severity
from lintnews.output.base import Reporter, Summary

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative URI reference for a path: "/" separators, and every
    character a URI cannot hold as is (space, %, :, #, ?, non-ASCII, a
    backslash on POSIX) percent-encoded as UTF-8, so consumers get the name
    back with a plain URL-decode."""
    from urllib.parse import quote

    if os.sep == "\\":
        path = path.replace("\\", "/")
    return quote(path, safe="/")


class SarifReporter(Reporter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        uri = artifact_uri(result.path)
        container = result.record is not None
        where = f"{result.path}:{result.record}" if container else result.path
        for e in result.errors:
            self.notifications.append({
                "level": "error",
                "message": {"text": f"{where}: {e.message}"},
                "descriptor": {"id": e.code},
            })
        for f in result.findings:
            region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
            location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
            if container:
                # Regions are lines of the file: a JSON Lines record's own
                # line (parquet has none). The record, its id and the
                # position inside its text go in a logical location and
                # the result's properties.
                from lintnews.output.github import record_line

                line = record_line(result)
                location = {"physicalLocation": {"artifactLocation": {"uri": uri}, **({"region": {"startLine": line}} if line else {})}}
                name = result.doc_id if result.doc_id is not None else f"record {result.record}"
                location["logicalLocations"] = [{"name": name, "fullyQualifiedName": f"{result.path}:{result.record}", "kind": "object"}]
            item: dict[str, Any] = {
                "ruleId": f.rule_id,
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [location],
            }
            if container:
                item["properties"] = {"record": result.record, "id": result.doc_id, "textRegion": region}
            if f.edits and not container:  # edits of a record's text are not edits of the file's lines
                item["fixes"] = [{
                    "description": {"text": f.fix_description},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{
                            "deletedRegion": {"startLine": e.line, "startColumn": e.column, "endLine": e.end_line, "endColumn": e.end_column},
                            "insertedContent": {"text": e.replacement},
                        } for e in f.edits],
                    }],
                }]
            self.results.append(item)

    def finish(self, summary: Summary) -> None:
        rules = [
            {
                "id": spec.id,
                "shortDescription": {"text": spec.message},
                "fullDescription": {"text": spec.description},
                "help": {"text": spec.why},
                "defaultConfiguration": {"level": LEVELS[spec.severity]},
                **({"helpUri": spec.link} if spec.link else {}),
            }
            for spec in sorted(self.specs.values(), key=lambda s: s.id)
        ]
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "lintnews", "version": __version__, "rules": rules}},
                "results": self.results,
                "invocations": [{"executionSuccessful": not self.notifications, "toolExecutionNotifications": self.notifications}],
            }],
        }
        json.dump(log, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
