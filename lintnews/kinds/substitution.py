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

from lintnews.diagnostics import Diagnostic
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    SKIP_INVISIBLE,
    Deadline,
    Kind,
    LiteralAlternation,
    Option,
    compile_pattern,
    replacement_diagnostic,
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
    # False only in tests that compare prefiltered and unfiltered results.
    use_prefilter = True

    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.ignorecase = bool(options["ignorecase"])
        self.keep_case = self.ignorecase if options["keep_case"] is None else bool(options["keep_case"])
        self.is_regex = bool(options["regex"])
        self.timeout = float(options["timeout"])
        self.skip_invisible = bool(options["skip_invisible"])  # see Rule
        swap: dict[str, str] = options["swap"]
        if not swap:
            raise RuleFileError(spec.source, f"`swap` in rule {spec.id!r} is empty", spec.line_of("swap"))
        self.replacements = list(swap.values())
        self.exceptions = compile_alternation(spec, "exceptions", options["exceptions"], self.ignorecase)
        self.prefilter = compile_pattern(spec, options["prefilter"], "prefilter", ignorecase=self.ignorecase) if options["prefilter"] else None
        # Literal keys are their own prefilter: no key in the casefolded text, no match.
        self.literals = () if self.is_regex else tuple(k.casefold() for k in swap)
        self.requires = tuple(r.casefold() for r in options["requires"])
        # looked up for all rules at once (lintnews.literals)
        self.prefilter_literals = self.literals + self.requires
        if self.is_regex:
            # Each pattern on its own, so \1 in a key or a replacement means
            # that entry's first group (joining them would renumber groups).
            self.entries = [compile_pattern(spec, wrong, "swap", wrong, ignorecase=self.ignorecase) for wrong in swap]
            return
        # Literals: one alternation, one scan; the named group says which entry.
        self.alternation = LiteralAlternation(
            spec, [f"(?P<s{i}>{literal_pattern(wrong)})" for i, wrong in enumerate(swap)], self.literals, "swap", self.ignorecase)
        self.entries = [self.alternation.full]

    def _matches(self, text: str, deadline: Deadline, patterns: list[Any]) -> list[tuple[int, int, int, str]]:
        """(start, end, entry, replacement) of every match, in text order;
        where regex entries overlap, the earlier (then the longer) wins."""
        found: list[tuple[int, int, int, str]] = []
        for pattern_index, pattern in enumerate(patterns):
            for m in pattern.finditer(text, timeout=deadline.left()):
                if m.start() == m.end():
                    continue
                if self.is_regex:
                    found.append((m.start(), m.end(), pattern_index, m.expand(self.replacements[pattern_index])))
                else:
                    index = int(str(m.lastgroup)[1:])
                    found.append((m.start(), m.end(), index, self.replacements[index]))
        if not self.is_regex:
            return found
        found.sort(key=lambda f: (f[0], -f[1], f[2]))
        kept: list[tuple[int, int, int, str]] = []
        for item in found:
            if not kept or item[0] >= kept[-1][1]:
                kept.append(item)
        return kept

    @property
    def gate_literals(self) -> tuple[str, ...]:
        """See Rule.gate_literals: the `requires` literals, while prefilters are on."""
        return self.requires if self.use_prefilter else ()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if self.use_prefilter:
            if (self.literals and (not self.ignorecase or doc.fold_keeps_offsets)
                    and not doc.contains_any(self.literals)):
                return
            if self.requires and not doc.contains_any(self.requires):
                return
            if self.prefilter is not None and not self.prefilter.search(text, timeout=self.timeout):
                return
        deadline = Deadline(self.timeout)
        exceptions: list[tuple[int, int]] | None = None
        spec = self.spec
        patterns = self.entries if self.is_regex or not self.use_prefilter else [self.alternation.for_document(doc)]
        for start, end, _entry, right in self._matches(text, deadline, patterns):
            if self.exceptions is not None:
                if exceptions is None:
                    exceptions = excepted_spans(self.exceptions, text, deadline.left())
                if inside_any(start, end, exceptions):
                    continue
            wrong = text[start:end]
            if self.keep_case:
                right = match_case(wrong, right)
            if right == wrong:
                continue
            yield replacement_diagnostic(spec, start, end, wrong, right)


class SubstitutionKind(Kind):
    name = "substitution"
    description = "Flags the wrong form of a word or phrase and replaces it with the right one."
    fix_actions = ("replace",)
    options = {
        "swap": Option("mapping of strings", "wrong → right; keys are literals (whole words) or, with regex: true, patterns", required=True),
        "regex": Option("boolean", "treat keys as regular expressions (\\1 allowed in replacements)", default=False),
        "ignorecase": Option("boolean", "match regardless of case; the replacement keeps the matched case", default=False),
        "prefilter": Option("string", "a simple pattern that must match somewhere in the document for the rule to run (a fast prefilter)", default=""),
        "requires": Option("list of strings", "literal strings, one of which every match contains, compared without regard to case (a fast prefilter)", default=[]),
        "keep_case": Option("boolean", "give the replacement the case of the matched text (default: as ignorecase)", default=None),
        "exceptions": Option("list of strings", "matches inside a match of one of these are not flagged", default=[]),
        "timeout": Option("number", "seconds one document may take before the rule is stopped", default=DEFAULT_REGEX_TIMEOUT),
        "skip_invisible": SKIP_INVISIBLE,
    }

    def build(self, spec: RuleSpec) -> SubstitutionRule:
        return SubstitutionRule(spec, self.validate(spec))
