"""Apply fixes: non-overlapping edits in position order, repeated to a fixpoint.

ruff's rule for one pass (sort by position, skip a fix that overlaps one
already taken) and sqlfluff's loop around it (lint again, stop when nothing
applies; give up and keep the original if the text repeats or a runaway
limit is reached, and say which rules were involved).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from lintnews.diagnostics import Applicability, Diagnostic, FileError, Fix
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.kinds.base import Rule

DEFAULT_RUNAWAY_LIMIT = 10


def allowed(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[int]]:
    """Apply every fix that overlaps no earlier-taken fix; return the new text
    and the indexes (into `fixes`) of the fixes applied.

    Fixes are taken in order of their first edit; a fix is all-or-nothing.
    Two edits overlap when they share a character; an insertion overlaps
    an edit that strictly contains its position, or another insertion at the
    same point (whose order would be arbitrary).
    """
    order = sorted(range(len(fixes)), key=lambda i: (fixes[i].start, fixes[i].end))
    taken: list[tuple[int, int]] = []
    applied: list[int] = []
    for i in order:
        edits = sorted(fixes[i].edits, key=lambda e: (e.start, e.end))
        if _overlaps_itself(edits) or any(_overlap(e.start, e.end, s, t) for e in edits for s, t in taken):
            continue
        taken.extend((e.start, e.end) for e in edits)
        applied.append(i)
    edits = sorted((e for i in applied for e in fixes[i].edits), key=lambda e: (e.start, e.end))
    out: list[str] = []
    cursor = 0
    for e in edits:
        out.append(text[cursor : e.start])
        out.append(e.replacement)
        cursor = e.end
    out.append(text[cursor:])
    return "".join(out), applied


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def _overlaps_itself(edits: Sequence[object]) -> bool:
    spans = [(e.start, e.end) for e in edits]  # type: ignore[attr-defined]
    return any(_overlap(*spans[i], *spans[j]) for i in range(len(spans)) for j in range(i + 1, len(spans)))


@dataclass
class FixOutcome:
    text: str  # the fixed text, or the original if fixing did not settle
    diagnostics: list[Diagnostic]  # what remains in `text`
    fixed: Counter[str] = field(default_factory=Counter)
    errors: list[FileError] = field(default_factory=list)
    converged: bool = True


def fix_document(
    doc: Document,
    rules: Sequence[Rule],
    *,
    unsafe: bool = False,
    runaway_limit: int = DEFAULT_RUNAWAY_LIMIT,
    first_pass: tuple[list[Diagnostic], list[FileError]] | None = None,
) -> FixOutcome:
    """Fix `doc` to a fixpoint. The outcome's diagnostics are those of the
    final text (positions in that text), as ruff reports after --fix."""
    diagnostics, errors = first_pass if first_pass is not None else lint_document(doc, rules)
    first = diagnostics
    original = doc.text
    seen = {original}
    fixed: Counter[str] = Counter()
    involved: set[str] = set()
    current = doc
    for attempt in range(runaway_limit + 1):
        candidates = [d for d in diagnostics if allowed(d.fix, unsafe)]
        if not candidates:
            return FixOutcome(current.text, diagnostics, fixed, errors)
        if attempt == runaway_limit:
            break
        new_text, applied = apply_fixes(current.text, [d.fix for d in candidates])  # type: ignore[misc]
        for i in applied:
            fixed[candidates[i].rule_id] += 1
            involved.add(candidates[i].rule_id)
        if new_text in seen:
            break  # a cycle: two fixes undo each other
        seen.add(new_text)
        current = current.with_text(new_text)
        diagnostics, new_errors = lint_document(current, rules)
        errors.extend(e for e in new_errors if e not in errors)
    # Did not settle: keep the original and say who kept changing it.
    names = ", ".join(sorted(involved))
    errors.append(FileError(
        "fix-error",
        f"fixes did not settle after {runaway_limit} passes (rules involved: {names}); the file was left unchanged",
    ))
    return FixOutcome(original, first, Counter(), errors, converged=False)
