"""substitution: a map of wrong → right forms; flag the wrong one, fix to the right.

Keys are literal text by default (matched as whole words when they start and
end with word characters) or regular expressions with `regex: true`, in
which case the right-hand side may use \\1 or \\g<name>. With `ignorecase`,
the replacement follows the case of what it replaces (KIEV → KYIV,
Kiev → Kyiv). All keys are joined into one pattern compiled once, so a rule
with a hundred entries costs one scan per document.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from lintnews.diagnostics import Diagnostic, Edit
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    Kind,
    Option,
    compile_pattern,
    format_message,
    make_fix,
    preview,
)
from lintnews.kinds.existence import compile_alternation, excepted_spans, inside_any
from lintnews.rulefile import RuleSpec


def literal_pattern(word: str) -> str:
    """A regex for a literal that only matches as a whole word at word edges."""
    body: str = regex.escape(word)
    if regex.match(r"\w", word):
        body = r"(?<!\w)" + body
    if regex.search(r"\w$", word):
        body += r"(?!\w)"
    return body


def match_case(template: str, replacement: str) -> str:
    """Give `replacement` the case pattern of `template` (all caps, Title, lower)."""
    letters = [c for c in template if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return replacement.upper()
    if letters and letters[0].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    if letters and all(c.islower() for c in letters):
        return replacement.lower()
    return replacement


class SubstitutionRule:
    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.ignorecase = bool(options["ignorecase"])
        self.keep_case = self.ignorecase if options["keep_case"] is None else bool(options["keep_case"])
        self.is_regex = bool(options["regex"])
        self.timeout = float(options["timeout"])
        swap: dict[str, str] = options["swap"]
        if not swap:
            raise RuleFileError(spec.source, f"`swap` in rule {spec.id!r} is empty", spec.line_of("swap"))
        self.replacements = list(swap.values())
        # One named group per entry tells which key matched.
        parts = [f"(?P<s{i}>{wrong if self.is_regex else literal_pattern(wrong)})" for i, wrong in enumerate(swap)]
        try:
            self.pattern = compile_pattern(spec, "|".join(parts), "swap", ignorecase=self.ignorecase)
        except RuleFileError:
            for wrong in swap:  # find the bad entry, so the error names its line
                compile_pattern(spec, wrong if self.is_regex else literal_pattern(wrong), "swap", wrong, ignorecase=self.ignorecase)
            raise
        self.exceptions = compile_alternation(spec, "exceptions", options["exceptions"], self.ignorecase)
        self.entry_patterns = (
            [compile_pattern(spec, wrong, "swap", wrong, ignorecase=self.ignorecase) for wrong in swap]
            if self.is_regex
            else []
        )

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        exceptions: list[tuple[int, int]] | None = None
        for m in self.pattern.finditer(text, timeout=self.timeout):
            start, end = m.span()
            if start == end:
                continue
            if self.exceptions is not None:
                if exceptions is None:
                    exceptions = excepted_spans(self.exceptions, text, self.timeout)
                if inside_any(start, end, exceptions):
                    continue
            index = int(m.lastgroup[1:]) if m.lastgroup and m.lastgroup.startswith("s") else self._which(m)
            right = self.replacements[index]
            if self.is_regex:
                # Re-match the single entry so \1 refers to that entry's groups.
                single = self.entry_patterns[index].match(text, start, end, timeout=self.timeout)
                right = single.expand(right) if single else right
            if self.keep_case:
                right = match_case(m.group(), right)
            if right == m.group():
                continue
            spec = self.spec
            wrong = m.group()
            yield Diagnostic(
                spec.id,
                start,
                end,
                format_message(spec, match=preview(wrong), replacement=preview(right)),
                spec.severity,
                make_fix(spec, (Edit(start, end, right),), f"replace {preview(wrong)!r} with {preview(right)!r}"),
            )

    def _which(self, m: regex.Match[str]) -> int:
        # lastgroup is the innermost group for nested regex keys; find the outer one.
        for i in range(len(self.replacements)):
            if m.group(f"s{i}") is not None:
                return i
        raise AssertionError("substitution matched no entry")  # pragma: no cover


class SubstitutionKind(Kind):
    name = "substitution"
    description = "Flags the wrong form of a word or phrase and replaces it with the right one."
    fix_actions = ("replace",)
    options = {
        "swap": Option("mapping of strings", "wrong → right; keys are literals (whole words) or, with regex: true, patterns", required=True),
        "regex": Option("boolean", "treat keys as regular expressions (\\1 allowed in replacements)", default=False),
        "ignorecase": Option("boolean", "match regardless of case; the replacement keeps the matched case", default=False),
        "keep_case": Option("boolean", "give the replacement the case of the matched text (default: as ignorecase)", default=None),
        "exceptions": Option("list of strings", "matches inside a match of one of these are not flagged", default=[]),
        "timeout": Option("number", "seconds one document may take before the rule is stopped", default=DEFAULT_REGEX_TIMEOUT),
    }

    def build(self, spec: RuleSpec) -> SubstitutionRule:
        return SubstitutionRule(spec, self.validate(spec))
