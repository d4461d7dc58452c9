"""consistency: variant spellings of one name used together in a document.

Each group lists the spellings of one name (Kyiv, Kiev). A document that uses
more than one spelling of a group is flagged at every non-preferred use; a
document that uses only one spelling is left alone (that is a style choice,
not a defect). With `prefer` (the first spelling of each group by default
when `prefer_first` is on) the fix replaces the other spellings with the
preferred one; without a preference the majority spelling wins and the fix
is unsafe.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from lintnews.diagnostics import Applicability, Diagnostic
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    SKIP_INVISIBLE,
    Kind,
    LiteralAlternation,
    Option,
    replacement_diagnostic,
)
from lintnews.kinds.existence import compile_alternation, excepted_spans, inside_any
from lintnews.kinds.substitution import literal_pattern, match_case
from lintnews.rulefile import RuleSpec


class ConsistencyRule:
    # False only in tests that compare prefiltered and unfiltered results.
    use_prefilter = True

    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.timeout = float(options["timeout"])
        self.skip_invisible = bool(options["skip_invisible"])  # see Rule
        self.ignorecase = bool(options["ignorecase"])
        groups: list[list[str]] = options["variants"]
        prefer: list[str] = options["prefer"] or []
        if not groups:
            raise RuleFileError(spec.source, f"`variants` in rule {spec.id!r} is empty", spec.line_of("variants"))
        self.groups: list[list[str]] = []
        self.preferred: list[str | None] = []
        self.lookup: dict[str, tuple[int, str]] = {}  # folded spelling -> (group, spelling)
        self.spellings: list[tuple[int, str]] = []  # by named-group index: (group, spelling)
        parts = []
        for gi, group in enumerate(groups):
            if len(group) < 2:
                raise RuleFileError(spec.source, f"variant group {group!r} in rule {spec.id!r} needs two spellings or more", spec.line_of("variants", gi))
            chosen = [p for p in prefer if p in group]
            if len(chosen) > 1:
                raise RuleFileError(spec.source, f"`prefer` names two spellings of one group: {chosen}", spec.line_of("prefer"))
            self.groups.append(group)
            self.preferred.append(chosen[0] if chosen else (group[0] if options["prefer_first"] else None))
            for spelling in group:
                key = self._fold(spelling)
                if key in self.lookup:
                    raise RuleFileError(spec.source, f"spelling {spelling!r} appears twice in `variants` of rule {spec.id!r}", spec.line_of("variants", gi))
                self.lookup[key] = (gi, spelling)
                # A named group per spelling identifies the match without
                # re-folding it (str.casefold and regex disagree on "KİEV").
                parts.append((len(spelling), len(self.spellings), f"(?P<v{len(self.spellings)}>{literal_pattern(spelling)})"))
                self.spellings.append((gi, spelling))
        for p in prefer:
            if self._fold(p) not in self.lookup:
                raise RuleFileError(spec.source, f"preferred spelling {p!r} is in no variant group of rule {spec.id!r}", spec.line_of("prefer"))
        parts.sort(key=lambda p: p[0], reverse=True)  # longest first, so "Kyivan" beats "Kyiv"
        self.alternation = LiteralAlternation(
            spec, [p for _, _, p in parts], tuple(self.spellings[i][1].casefold() for _, i, _ in parts),
            "variants", self.ignorecase)
        self.pattern = self.alternation.full
        self.exceptions = compile_alternation(spec, "exceptions", options["exceptions"], self.ignorecase)
        self.group_literals = [tuple(s.casefold() for s in group) for group in self.groups]
        self.prefilter_literals = tuple(lit for group in self.group_literals for lit in group)

    def _may_mix(self, doc: Document) -> bool:
        """Whether some group has two spellings in the casefolded text. A group
        is given up as soon as too few of its spellings are left to make two,
        so most groups cost one search."""
        if not doc.contains_any(self.prefilter_literals):
            return False  # no spelling at all: the usual case, one set operation
        contains = doc.contains
        for literals in self.group_literals:
            found, left = 0, len(literals)
            for literal in literals:
                left -= 1
                if contains(literal):
                    found += 1
                    if found == 2:
                        return True
                elif found + left < 2:
                    break
        return False

    def _fold(self, s: str) -> str:
        return s.casefold() if self.ignorecase else s

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        # Prefilter: a document must hold two spellings of one group to be
        # flagged. (Skipped when casefolding changed the text's length, e.g.
        # "İ": then the regex's case-insensitive match is the only judge.)
        if self.use_prefilter and (not self.ignorecase or doc.fold_keeps_offsets) and not self._may_mix(doc):
            return
        hits: list[tuple[int, int, int, str, str]] = []  # start, end, group, spelling, matched
        exceptions: list[tuple[int, int]] | None = None
        pattern = self.alternation.for_document(doc) if self.use_prefilter else self.pattern
        for m in pattern.finditer(text, timeout=self.timeout):
            if self.exceptions is not None:
                if exceptions is None:
                    exceptions = excepted_spans(self.exceptions, text, self.timeout)
                if inside_any(m.start(), m.end(), exceptions):
                    continue
            group, spelling = self.spellings[int(str(m.lastgroup)[1:])]
            hits.append((m.start(), m.end(), group, spelling, m.group()))
        if not hits:
            return
        used: dict[int, Counter[str]] = {}
        for _s, _e, group, spelling, _m in hits:
            used.setdefault(group, Counter())[spelling] += 1
        spec = self.spec
        for start, end, group, spelling, matched in hits:
            counts = used[group]
            if len(counts) < 2:
                continue
            preferred = self.preferred[group]
            applicability = spec.fix_applicability
            if preferred is None:
                # No configured preference: the majority spelling (first listed on a tie).
                order = self.groups[group]
                preferred = max(counts, key=lambda s: (counts[s], -order.index(s)))
                applicability = Applicability.UNSAFE
            if spelling == preferred:
                continue
            right = match_case(matched, preferred) if self.ignorecase else preferred
            others = ", ".join(f"{s!r} ×{n}" for s, n in sorted(counts.items()))
            yield replacement_diagnostic(spec, start, end, matched, right, applicability, preferred=right, variants=others)


class ConsistencyKind(Kind):
    name = "consistency"
    description = "Flags a document that spells one name in more than one way."
    fix_actions = ("replace",)
    options = {
        "variants": Option("list of lists of strings", "groups of spellings of one name, e.g. [[Kyiv, Kiev]]", required=True),
        "prefer": Option("list of strings", "the preferred spelling of each group (its fix target)", default=[]),
        "prefer_first": Option("boolean", "treat the first spelling of a group as preferred when `prefer` names none", default=False),
        "ignorecase": Option("boolean", "match regardless of case", default=False),
        "exceptions": Option("list of strings", "uses inside a match of one of these are ignored (e.g. 'Chicken Kiev')", default=[]),
        "timeout": Option("number", "seconds one document may take before the rule is stopped", default=DEFAULT_REGEX_TIMEOUT),
        "skip_invisible": SKIP_INVISIBLE,
    }

    def build(self, spec: RuleSpec) -> ConsistencyRule:
        return ConsistencyRule(spec, self.validate(spec))
