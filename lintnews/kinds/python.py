"""python: a rule whose check is a Python callable named in the YAML.

For defects a pattern cannot express. The YAML still carries the header,
message, documentation and examples, so the rule is documented and tested
like every other. The callable is imported when the rule is built:

    function: "mypackage.checks:find_orphan_quotes"
    arguments: {min_length: 3}

It is called as `function(text, **arguments)` and yields `(start, end)` to
flag a span, or `(start, end, replacement)` to flag it with a fix, or a
`Finding` (the same fields plus `unsafe`, which grades that one fix unsafe
even when the rule file says safe). With `fix: {action: delete-line}`, a
span yielded without a replacement deletes the whole line holding it, with
the same blank-line handling as the existence kind. `requires` and
`prefilter` work as in the existence kind: a document that cannot match is
skipped before the callable runs. The rule's message may use {match} and
{replacement}.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, NamedTuple

from lintnews.diagnostics import Applicability, Diagnostic, Edit
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    Kind,
    Option,
    compile_pattern,
    format_message,
    line_deletion,
    make_fix,
    preview,
    replacement_diagnostic,
)
from lintnews.rulefile import RuleSpec


class Finding(NamedTuple):
    """What a rule callable may yield (a plain tuple of the first fields works too)."""

    start: int
    end: int
    replacement: str | None = None  # None: the rule's delete-line fix, or no fix
    unsafe: bool = False  # this fix is only plausible, whatever the rule file says


def import_callable(spec: RuleSpec, target: str) -> Callable[..., Any]:
    module_name, _, attr = target.partition(":")
    if not module_name or not attr:
        raise RuleFileError(spec.source, f"`function` must look like 'package.module:name', not {target!r}", spec.line_of("function"))
    try:
        module = importlib.import_module(module_name)
        func = module
        for part in attr.split("."):
            func = getattr(func, part)
    except Exception as exc:  # any import-time error belongs to the rule file
        raise RuleFileError(spec.source, f"cannot import {target!r} for rule {spec.id!r}: {type(exc).__name__}: {exc}", spec.line_of("function")) from None
    if not callable(func):
        raise RuleFileError(spec.source, f"{target!r} is not callable", spec.line_of("function"))
    return func


class PythonRule:
    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.func = import_callable(spec, options["function"])
        self.arguments: dict[str, Any] = dict(options["arguments"] or {})
        # Same prefilters as the existence kind, so a callable that cannot
        # match a document costs one `in` test, not a Python scan.
        self.requires = tuple(r.casefold() for r in options["requires"])
        self.timeout = float(options["timeout"])
        self.prefilter = compile_pattern(spec, options["prefilter"], "prefilter") if options["prefilter"] else None

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        spec = self.spec
        text = doc.text
        if self.requires and not any(r in doc.folded for r in self.requires):
            return
        if self.prefilter is not None and not self.prefilter.search(text, timeout=self.timeout):
            return
        items: list[Finding] = []
        for item in self.func(text, **self.arguments):
            if isinstance(item, Diagnostic):
                yield item
                continue
            finding = Finding(*item)
            if not 0 <= finding.start <= finding.end <= len(text):
                raise ValueError(f"{spec.id}: span {finding.start}..{finding.end} is outside the text")
            items.append(finding)
        deleting = spec.fix_action == "delete-line"
        # Every line this rule deletes in the document, so a block of adjacent
        # deleted lines leaves exactly one blank line (see line_deletion).
        deleted = frozenset(doc.line_span(f.start)[0] for f in items if deleting and f.replacement is None)
        for f in items:
            grade = Applicability.UNSAFE if f.unsafe else None
            if deleting and f.replacement is None:
                yield self._delete_line(doc, f, deleted, grade)
            else:
                yield replacement_diagnostic(spec, f.start, f.end, text[f.start:f.end], f.replacement, grade)

    def _delete_line(self, doc: Document, f: Finding, deleted: frozenset[int], grade: Applicability | None) -> Diagnostic:
        spec = self.spec
        line_start = doc.line_span(f.start)[0]
        start, end = line_deletion(doc, f.start, deleted)
        fix = make_fix(spec, (Edit(start, end, ""),), "delete the line", line_start)
        if fix is not None and grade is not None:
            fix = replace(fix, applicability=grade)
        message = format_message(spec, match=preview(doc.text[f.start:f.end]), replacement="")
        return Diagnostic(spec.id, start, end, message, spec.severity, fix)


class PythonKind(Kind):
    name = "python"
    description = "Runs a Python callable named in the YAML as the rule's check."
    fix_actions = ("replace", "delete-line")
    options = {
        "function": Option("string", "'package.module:callable', called as callable(text, **arguments)", required=True),
        "arguments": Option("mapping", "keyword arguments passed to the callable", default={}),
        "requires": Option("list of strings", "literal strings, one of which every finding contains, compared without regard to case (a fast prefilter)", default=[]),
        "prefilter": Option("string", "a simple pattern that must match somewhere in the document for the callable to run (a fast prefilter)", default=""),
        "timeout": Option("number", "seconds the prefilter pattern may take on one document", default=DEFAULT_REGEX_TIMEOUT),
    }

    def build(self, spec: RuleSpec) -> PythonRule:
        return PythonRule(spec, self.validate(spec))
