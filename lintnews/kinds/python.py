"""python: a rule whose check is a Python callable named in the YAML.

For defects a pattern cannot express. The YAML still carries the header,
message, documentation and examples, so the rule is documented and tested
like every other. The callable is imported when the rule is built:

    function: "mypackage.checks:find_orphan_quotes"
    arguments: {min_length: 3}

It is called as `function(text, **arguments)` and yields `(start, end)` to
flag a span, or `(start, end, replacement)` to flag it with a fix, or a
`Hit` for more control: message fields beyond {match} and {replacement},
a per-finding fix grade (a rule whose fix is safe for some findings and
only plausible for others), several edits in one fix, or a whole-line
deletion the engine coordinates with other rules' deletions. With the
`delete-line` fix action, a finding that carries no fix of its own (no
replacement, edits or deletes_line) deletes the whole line holding it.

`requires` (literals, compared casefolded) and `prefilter` (a pattern) are
the same cheap document-level anchors as in the existence kind: a document
that holds none of the literals, or where the pattern finds nothing, never
reaches the callable.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from lintnews.diagnostics import Applicability, Diagnostic, Edit, Fix
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    Kind,
    Option,
    compile_pattern,
    format_message,
    line_deletion,
    preview,
    replacement_diagnostic,
)
from lintnews.rulefile import RuleSpec


class Hit(NamedTuple):
    """One finding of a python-kind callable.

    `replacement` replaces text[start:end]; `edits` (absolute (start, end,
    replacement) triples inside the span) are used instead when one fix
    needs several separate edits. `unsafe` grades this finding's fix
    unsafe even when the rule's fix is safe. `deletes_line` is the offset
    of the line a whole-line deletion removes (see Fix.deletes_line)."""

    start: int
    end: int
    replacement: str | None = None
    fields: Mapping[str, str] | None = None
    unsafe: bool = False
    edits: tuple[tuple[int, int, str], ...] = ()
    deletes_line: int | None = None


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


def _plain(hit: Hit) -> bool:
    """A finding without a fix of its own: with the `delete-line` fix action,
    its line is deleted."""
    return hit.replacement is None and not hit.edits and hit.deletes_line is None


class PythonRule:
    use_prefilter = True  # tests turn it off to prove the prefilters change nothing

    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.func = import_callable(spec, options["function"])
        # A check judged without invisible characters (checks._text) gets the
        # engine's view without them (see Rule), gate included.
        self.skip_invisible = bool(getattr(self.func, "skips_invisible", False))
        self.arguments: dict[str, Any] = dict(options["arguments"] or {})
        self.requires = tuple(r.casefold() for r in options["requires"])
        self.prefilter_literals = self.requires  # looked up for all rules at once (lintnews.literals)
        self.timeout = float(options["timeout"])
        self.prefilter = compile_pattern(spec, options["prefilter"], "prefilter") if options["prefilter"] else None

    @property
    def gate_literals(self) -> tuple[str, ...]:
        """See Rule.gate_literals: the `requires` literals, while prefilters are on."""
        return self.requires if self.use_prefilter else ()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        spec = self.spec
        text = doc.text
        if self.use_prefilter:
            if self.requires and not doc.contains_any(self.requires):
                return
            if self.prefilter is not None and not self.prefilter.search(text, timeout=self.timeout):
                return
        hits: list[Hit] = []
        for item in self.func(text, **self.arguments):
            if isinstance(item, Diagnostic):
                yield item
                continue
            hit = item if isinstance(item, Hit) else Hit(int(item[0]), int(item[1]), item[2] if len(item) > 2 else None)
            if not 0 <= hit.start <= hit.end <= len(text):
                raise ValueError(f"{spec.id}: span {hit.start}..{hit.end} is outside the text")
            hits.append(hit)
        deleting = [h for h in hits if spec.fix_action == "delete-line" and _plain(h)]
        # Every line this rule deletes in the document, so a block of adjacent
        # deleted lines leaves exactly one blank line (see line_deletion).
        deleted = frozenset(doc.line_span(h.start)[0] for h in deleting)
        for hit in hits:
            if spec.fix_action == "delete-line" and _plain(hit):
                yield self._delete_line(doc, hit, deleted)
            else:
                yield self._from_hit(text, hit)

    def _delete_line(self, doc: Document, hit: Hit, deleted: frozenset[int]) -> Diagnostic:
        spec = self.spec
        start, end, blank = line_deletion(doc, hit.start, deleted)
        applicability = Applicability.UNSAFE if hit.unsafe else spec.fix_applicability
        fix = Fix((Edit(start, end, blank),), applicability, "delete the line", doc.line_span(hit.start)[0])
        message = format_message(spec, match=preview(doc.text[hit.start : hit.end]), replacement="", **(hit.fields or {}))
        return Diagnostic(spec.id, start, end, message, spec.severity, fix)

    def _from_hit(self, text: str, hit: Hit) -> Diagnostic:
        spec = self.spec
        applicability = Applicability.UNSAFE if hit.unsafe else spec.fix_applicability
        if not hit.edits and hit.deletes_line is None:
            return replacement_diagnostic(
                spec, hit.start, hit.end, text[hit.start : hit.end], hit.replacement, applicability, **(hit.fields or {})
            )
        wrong = text[hit.start : hit.end]
        edits = tuple(Edit(s, e, r) for s, e, r in hit.edits) or (Edit(hit.start, hit.end, hit.replacement or ""),)
        fix = None
        if spec.fix_action is not None:
            description = "delete the line" if hit.deletes_line is not None and not hit.edits else f"fix {preview(wrong)!r}"
            fix = Fix(edits, applicability, description, hit.deletes_line)
        message = format_message(spec, match=preview(wrong), replacement=preview(hit.replacement or ""), **(hit.fields or {}))
        return Diagnostic(spec.id, hit.start, hit.end, message, spec.severity, fix)


class PythonKind(Kind):
    name = "python"
    description = "Runs a Python callable named in the YAML as the rule's check."
    fix_actions = ("replace", "delete-line")
    options = {
        "function": Option("string", "'package.module:callable', called as callable(text, **arguments)", required=True),
        "arguments": Option("mapping", "keyword arguments passed to the callable", default={}),
        "requires": Option("list of strings", "literal strings, one of which a document must contain (compared without regard to case) for the callable to run (a fast prefilter)", default=[]),
        "prefilter": Option("string", "a simple pattern that must match somewhere in the document for the callable to run (a fast prefilter)", default=""),
        "timeout": Option("number", "seconds the prefilter pattern may take on one document", default=DEFAULT_REGEX_TIMEOUT),
    }

    def build(self, spec: RuleSpec) -> PythonRule:
        return PythonRule(spec, self.validate(spec))
