"""existence: flag text that matches any of a rule's patterns.

Patterns are compiled once, into a single alternation, with the `regex`
module. `scope: line` matches each line on its own (anchors ^ and $ are the
line's edges and the terminator is never part of the match); `scope: text`
matches the whole document. Matches that fall inside an `exceptions` match
are not flagged. Fixes: delete the match, or delete the whole line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import regex

from lintnews.diagnostics import Diagnostic, Edit
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    SKIP_INVISIBLE,
    Deadline,
    Kind,
    Option,
    compile_pattern,
    format_message,
    line_deletion,
    make_fix,
    preview,
)
from lintnews.patterncache import is_compiled
from lintnews.rulefile import RuleSpec


def compile_alternation(spec: RuleSpec, key: str, patterns: list[str], ignorecase: bool) -> regex.Pattern[str] | None:
    """Join the patterns into one; if that fails, compile each on its own so
    the error names the line of the bad one."""
    if not patterns:
        return None
    joined = "|".join(f"(?:{p})" for p in patterns)
    try:
        return compile_pattern(spec, joined, key, ignorecase=ignorecase)
    except RuleFileError:
        for i, pattern in enumerate(patterns):
            compile_pattern(spec, pattern, key, i, ignorecase=ignorecase)
        raise


def excepted_spans(pattern: regex.Pattern[str] | None, text: str, timeout: float) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text, timeout=timeout)]


def inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


_FLAGS_PREFIX = re.compile(r"\(\?[a-zA-Z]+\)")


# What the structure scan skips: an escaped character, and a character class
# (a ] right after [ or [^ is a literal; escapes inside it count too).
_NOT_STRUCTURE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]?", re.DOTALL)
_STRUCTURE = re.compile(r"[()|]")


def starts_anchored(pattern: str) -> bool:
    """Whether every alternative of `pattern` starts with ^: it starts with
    ^ (after inline flags such as (?i)) and has no | outside brackets.
    (Asked once per rule, on its first use: a character loop over the
    shipped patterns cost a one-file run ~10 ms when rules were built.)"""
    flags = _FLAGS_PREFIX.match(pattern)
    if not pattern[flags.end() if flags else 0:].startswith("^"):
        return False
    depth = 0
    for m in _STRUCTURE.finditer(_NOT_STRUCTURE.sub("", pattern)):
        c = m.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            return False
    return True


class ExistenceRule:
    # False only in tests that compare prefiltered and unfiltered results.
    use_prefilter = True

    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        ignorecase = options["ignorecase"]
        self.pattern = compile_alternation(spec, "patterns", options["patterns"], ignorecase)
        self.exceptions = compile_alternation(spec, "exceptions", options["exceptions"], ignorecase)
        self.line_scope = options["scope"] == "line"
        # In line scope a line is matched as a string holding no line break,
        # where ^ can match only at its start: patterns that all begin with ^
        # need one match() per line instead of a search along it.
        self._patterns = tuple(options["patterns"])
        self._anchored: bool | None = None  # see anchored
        self.timeout = float(options["timeout"])
        self.skip_invisible = bool(options["skip_invisible"])  # see Rule
        self.max_line = int(options["max_line_length"])
        # A literal that every match must contain lets most documents skip the
        # regex entirely (the prefilter is a plain `in` test).
        self.requires = tuple(r.casefold() for r in options["requires"])
        self.prefilter_literals = self.requires  # looked up for all rules at once (lintnews.literals)
        self.prefilter = compile_pattern(spec, options["prefilter"], "prefilter", ignorecase=ignorecase) if options["prefilter"] else None

    @property
    def gate_literals(self) -> tuple[str, ...]:
        """See Rule.gate_literals: the `requires` literals, while prefilters are on."""
        return self.requires if self.use_prefilter else ()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        assert self.pattern is not None
        prefilter_last = False
        if self.use_prefilter:
            if self.requires and not doc.contains_any(self.requires):
                return
            # The prefilter and the pattern must both match for a finding. In
            # line scope with literals, the pattern runs only on the few lines
            # holding a literal, which is cheaper than a prefilter over the
            # whole text: so the pattern goes first, and the prefilter is
            # consulted only if it found something (same findings, less work).
            # Not while the pattern is still uncompiled, though: compiling a
            # long pattern costs a one-file run more than the prefilter.
            prefilter_last = (
                self.line_scope and bool(self.requires) and doc.fold_keeps_offsets and is_compiled(self.pattern)
            )
            if self.prefilter is not None and not prefilter_last and not self.prefilter.search(doc.text, timeout=self.timeout):
                return
        deadline = Deadline(self.timeout)
        anchored = self._anchored
        if anchored is None:
            anchored = self._anchored = self.line_scope and all(starts_anchored(p) for p in self._patterns)
        matches = [span for span in self._spans(self.pattern, doc, deadline, anchored=anchored) if span[0] != span[1]]
        if matches and prefilter_last and self.prefilter is not None and not self.prefilter.search(doc.text, timeout=deadline.left()):
            return
        if matches and self.exceptions is not None:
            # In line scope an exception can only cover a match on its own
            # line: only the lines holding matches are searched.
            lines = sorted({doc.line_span(m[0]) for m in matches}) if self.line_scope else None
            excepted = self._spans(self.exceptions, doc, deadline, lines)
            matches = [m for m in matches if not inside_any(m[0], m[1], excepted)]
        deleted = (
            frozenset(doc.line_span(m[0])[0] for m in matches) if self.spec.fix_action == "delete-line" else frozenset()
        )
        for start, end in matches:
            yield self._diagnose(doc, start, end, deleted)

    def _spans(
        self, pattern: regex.Pattern[str], doc: Document, deadline: Deadline,
        lines: Sequence[tuple[int, int, int]] | None = None, anchored: bool = False,
    ) -> list[tuple[int, int]]:
        """Match spans over the text, or line by line. In line scope each line
        is matched as a string of its own, so ^ and $ are its edges whatever
        its terminator (a bare \r included) and no match crosses a line."""
        if not self.line_scope:
            return [m.span() for m in pattern.finditer(doc.text, timeout=deadline.left())]
        text = doc.text
        max_line = self.max_line
        spans: list[tuple[int, int]] = []
        for start, content_end, _end in self._candidate_lines(doc) if lines is None else lines:
            if content_end == start or (max_line and content_end - start > max_line):
                continue
            line = text[start:content_end]
            if anchored:
                m = pattern.match(line, timeout=deadline.left())
                if m is not None:
                    spans.append((start + m.start(), start + m.end()))
                continue
            spans.extend((start + m.start(), start + m.end()) for m in pattern.finditer(line, timeout=deadline.left()))
        return spans

    def _candidate_lines(self, doc: Document) -> Sequence[tuple[int, int, int]]:
        """Lines worth matching: with a `requires` list, only lines holding one
        of its literals (found with str.find, much faster than a regex call
        per line, and shared with other rules through the document);
        otherwise every line."""
        if not self.requires or not self.use_prefilter or not doc.fold_keeps_offsets:
            return doc.line_spans()  # no literals, or casefold changed offsets
        span = doc.line_span_at
        return [span(index) for index in doc.lines_containing(self.requires)]

    def _diagnose(self, doc: Document, start: int, end: int, deleted: frozenset[int]) -> Diagnostic:
        matched = doc.text[start:end]
        spec = self.spec
        edits: tuple[Edit, ...] = ()
        description = ""
        deletes_line = None
        if spec.fix_action == "delete-line":
            deletes_line = doc.line_span(start)[0]
            start, end, replacement = line_deletion(doc, start, deleted)
            edits = (Edit(start, end, replacement),)
            description = "delete the line"
        elif spec.fix_action == "delete-match":
            edits = (Edit(start, end, ""),)
            description = f"delete {preview(matched)!r}"
        return Diagnostic(
            spec.id,
            start,
            end,
            format_message(spec, match=preview(matched)),
            spec.severity,
            make_fix(spec, edits, description, deletes_line),
        )


class ExistenceKind(Kind):
    name = "existence"
    description = "Flags text matching any of the patterns; can delete the match or the line."
    fix_actions = ("delete-line", "delete-match")
    options = {
        "patterns": Option("list of strings", "regular expressions (regex module syntax); any match is flagged", required=True),
        "exceptions": Option("list of strings", "matches lying inside a match of one of these are not flagged", default=[]),
        "scope": Option("string", "line: match each line on its own; text: match the whole document", default="line", choices=("line", "text")),
        "ignorecase": Option("boolean", "match without regard to case", default=False),
        "prefilter": Option("string", "a simple pattern that must match somewhere in the document for the rule to run (a fast prefilter)", default=""),
        "requires": Option("list of strings", "literal strings, one of which every match contains, compared without regard to case (a fast prefilter)", default=[]),
        "max_line_length": Option("number", "with scope: line, skip lines longer than this many characters (0: no limit)", default=0),
        "timeout": Option("number", "seconds one document may take before the rule is stopped", default=DEFAULT_REGEX_TIMEOUT),
        "skip_invisible": SKIP_INVISIBLE,
    }

    def build(self, spec: RuleSpec) -> ExistenceRule:
        return ExistenceRule(spec, self.validate(spec))
