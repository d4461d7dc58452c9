"""Run rules over a document, isolating every rule from the others.

A rule that raises, or whose pattern runs past its time limit, becomes a
FileError naming the rule and its YAML file; the other rules still run and
the run goes on. A fix that edits outside its diagnostic's span is a bug in
the rule: the diagnostic is kept, the fix is dropped and reported.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lintnews.checks import DELETED_CHARS
from lintnews.checks._text import (
    ViewOffsets,
    has_deleted_elsewhere,
    view_without_deleted,
)
from lintnews.diagnostics import Applicability, Diagnostic, Edit, FileError
from lintnews.document import Document
from lintnews.kinds.base import Rule, line_deletion
from lintnews.literals import index_for


def lint_document(doc: Document, rules: Sequence[Rule]) -> tuple[list[Diagnostic], list[FileError]]:
    # All rules' prefilter literals are looked up in one scan of the text.
    doc.share_literals(index_for(rules, DELETED_CHARS))
    doc.make_current()  # python-kind checks given doc.text share its line index
    try:
        found, errors = _run_rules(doc, rules)
    finally:
        doc.make_current(False)
    found = coordinate_line_deletions(doc, found)
    found.sort(key=lambda d: (d.start, d.end, d.rule_id))
    return found, errors


def _run_rules(doc: Document, rules: Sequence[Rule]) -> tuple[list[Diagnostic], list[FileError]]:
    found: list[Diagnostic] = []
    errors: list[FileError] = []
    view: _InvisibleFree | None = None  # built for the first rule that asks, if the text needs one
    for rule in rules:
        judged = doc
        if getattr(rule, "skip_invisible", False):
            if view is None:
                view = _InvisibleFree(doc, rules)
            judged = view.doc
        # Most rules are gated by literals most documents lack: one set
        # operation here instead of a call into the rule (see Rule).
        gate = getattr(rule, "gate_literals", None)
        if gate and not judged.contains_any(gate):
            continue
        spec = rule.spec
        try:
            produced = list(rule.check(judged))
            if judged is not doc:
                assert view is not None
                produced = [view.placed(diag) for diag in produced]
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
    return found, errors


class _InvisibleFree:
    """The document as rules with `skip_invisible` judge it: without the
    characters other rules delete (controls, zero-width characters, stray
    BOMs), so that "\x00See also: ..." or "Scho\u200bltz" is found in the
    same pass that deletes the hiding character. Nearly every text has none:
    then it is the document itself."""

    __slots__ = ("_offsets", "_text", "doc")

    def __init__(self, doc: Document, rules: Sequence[Rule]) -> None:
        self._text = doc.text
        self.doc = doc
        self._offsets: ViewOffsets | None = None
        hidden = doc.scan_answers(DELETED_CHARS)  # from the shared scan: free
        if hidden is None:
            hidden = has_deleted_elsewhere(doc.text)
        if hidden:
            view, self._offsets = view_without_deleted(doc.text)
            self.doc = Document(view, path=doc.path)
            self.doc.share_literals(index_for(rules, DELETED_CHARS))

    def placed(self, diag: Diagnostic) -> Diagnostic:
        """`diag` (found in the view) at its place in the text."""
        offsets = self._offsets
        assert offsets is not None
        fix = diag.fix
        edits = fix.edits if fix is not None else ()
        start, end, spans, line = offsets.place(
            self._text, diag.start, diag.end, [(e.start, e.end) for e in edits], fix.deletes_line if fix is not None else None
        )
        if fix is not None:
            fix = replace(fix, edits=tuple(Edit(s, e, old.replacement) for (s, e), old in zip(spans, edits)), deletes_line=line)
        return replace(diag, start=start, end=end, fix=fix)


def coordinate_line_deletions(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    """Re-plan whole-line deletions knowing every line any rule deletes.

    Each rule plans its deletions alone; when a photo credit and an injected
    link sit on adjacent lines, neither knows the other goes too, and two
    blank lines would be left. Recomputing each span with the union of
    deleted lines keeps exactly one blank line around the removed block.
    """
    # Only safe deletions are coordinated: they are the ones --fix surely
    # applies, and planning around a deletion that does not happen could
    # join a kept line to the next paragraph.
    safe = [d for d in found if d.fix is not None and d.fix.deletes_line is not None and d.fix.applicability is Applicability.SAFE]
    starts = frozenset(d.fix.deletes_line for d in safe if d.fix is not None and d.fix.deletes_line is not None)
    if len(starts) < 2:
        return found
    out = []
    for d in found:
        fix = d.fix
        if fix is None or fix.deletes_line is None or fix.applicability is not Applicability.SAFE:
            out.append(d)
            continue
        start, end, replacement = line_deletion(doc, fix.deletes_line, starts)
        if (Edit(start, end, replacement),) != fix.edits:
            new_fix = replace(fix, edits=(Edit(start, end, replacement),))
            d = replace(d, start=start, end=end, fix=new_fix)
        out.append(d)
    return out
