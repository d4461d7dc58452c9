"""Run rules over a document, isolating every rule from the others.

A rule that raises, or whose pattern runs past its time limit, becomes a
FileError naming the rule and its YAML file; the other rules still run and
the run goes on. A fix that edits outside its diagnostic's span is a bug in
the rule: the diagnostic is kept, the fix is dropped and reported.
"""
from __future__ import annotations

from collections.abc import Sequence

from lintnews.diagnostics import Diagnostic, FileError
from lintnews.document import Document
from lintnews.kinds.base import Rule


def lint_document(doc: Document, rules: Sequence[Rule]) -> tuple[list[Diagnostic], list[FileError]]:
    found: list[Diagnostic] = []
    errors: list[FileError] = []
    for rule in rules:
        spec = rule.spec
        try:
            produced = list(rule.check(doc))
        except TimeoutError:
            errors.append(FileError(
                "rule-timeout",
                f"rule {spec.id!r} ({spec.source}) ran past its time limit on this document and was stopped; "
                "its pattern probably backtracks catastrophically",
                spec.id,
            ))
            continue
        except Exception as exc:  # isolate: one broken rule must not stop the others
            errors.append(FileError(
                "rule-error", f"rule {spec.id!r} ({spec.source}) crashed: {type(exc).__name__}: {exc}", spec.id
            ))
            continue
        for diag in produced:
            if diag.end > len(doc.text) or diag.start > diag.end:
                errors.append(FileError("rule-error", f"rule {spec.id!r} reported a span outside the text", spec.id))
                continue
            if diag.fix_escapes_span():
                errors.append(FileError(
                    "rule-error",
                    f"rule {spec.id!r} ({spec.source}) proposed a fix outside the span it reported; fix dropped",
                    spec.id,
                ))
                diag = Diagnostic(diag.rule_id, diag.start, diag.end, diag.message, diag.severity, None)
            found.append(diag)
    found.sort(key=lambda d: (d.start, d.end, d.rule_id))
    return found, errors
