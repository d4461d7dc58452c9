"""One scan per document for every rule's prefilter literals.

Rules skip documents (and lines) that lack their literal anchors. Checking
each literal with `in` costs a pass over the text per literal, so the cost
grows with the number of rules. With the optional `ahocorasick-rs` package
(`pip install 'lintnews[fast]'`) all literals of a rule set are found in one
Aho-Corasick pass instead, shared by every rule through the Document; without
it, Document falls back to one `in` test per literal, with the same results.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_available: bool | None = None
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_indexes: dict[tuple[int, ...], LiteralIndex | None] = {}
_last: tuple[Sequence[object], int, LiteralIndex | None] | None = None


class LiteralIndex:
    """An automaton over a fixed set of (casefolded) literals."""

    __slots__ = ("literals", "numbers", "_automaton", "_bytes_automaton", "_sets", "_scans")

    # Documents scanned with the quick-to-build automaton before the DFA is
    # built: a DFA scans twice as fast but takes ~6 ms to build for the
    # shipped rules, which a one-file run would never win back.
    DFA_AFTER = 16

    def __init__(self, literals: Sequence[str]) -> None:
        self.literals = tuple(literals)
        self.numbers = {literal: number for number, literal in enumerate(self.literals)}
        # id(tuple of literals) -> (that tuple, its numbers or None), see numbers_of
        self._sets: dict[int, tuple[tuple[str, ...], frozenset[int] | None]] = {}
        self._scans = 0
        self._automaton: Any = None  # over str, for texts bytes cannot fold; built on first use
        self._bytes_automaton: Any = None  # over UTF-8

    def _build(self, utf8: bool) -> Any:
        import ahocorasick_rs

        # A DFA scans twice as fast but takes ~6 ms to build: only once
        # enough documents have been scanned to win that back.
        implementation = ahocorasick_rs.Implementation.DFA if self._scans >= self.DFA_AFTER else ahocorasick_rs.Implementation.ContiguousNFA
        if utf8:
            patterns = [literal.encode("utf-8", "surrogatepass") for literal in self.literals]
            return ahocorasick_rs.BytesAhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=implementation)
        return ahocorasick_rs.AhoCorasick(self.literals, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=implementation)

    def _count_scan(self) -> None:
        self._scans += 1
        if self._scans == self.DFA_AFTER:  # rebuild what exists as DFAs
            self._automaton = self._automaton and self._build(False)
            self._bytes_automaton = self._bytes_automaton and self._build(True)

    def numbers_of(self, literals: tuple[str, ...]) -> frozenset[int] | None:
        """The numbers of `literals`, or None if one of them is not in this
        index. Remembered per tuple (rules keep theirs for life), so the
        question costs a dict lookup."""
        known = self._sets.get(id(literals))
        if known is not None and known[0] is literals:
            return known[1]
        numbers = self.numbers
        result = frozenset(numbers[lit] for lit in literals) if all(lit in numbers for lit in literals) else None
        self._sets[id(literals)] = (literals, result)
        return result

    def matches(self, folded: str) -> list[tuple[int, int, int]]:
        """(literal number, start, end) of every occurrence, overlapping ones
        too, of the literals in `folded`. Kept as the automaton returns them:
        grouping them by literal costs more than the few lookups of positions
        that follow (only line-scope rules ask for them)."""
        self._count_scan()
        if self._automaton is None:
            self._automaton = self._build(False)
        try:
            return self._automaton.find_matches_as_indexes(folded, overlapping=True)  # type: ignore[no-any-return]
        except UnicodeEncodeError:
            # A lone surrogate (JSON allows them) cannot cross into the
            # automaton: stand each in by a noncharacter, one for one, so
            # offsets stay the same and no literal matches across it.
            folded = _LONE_SURROGATE.sub("\uffff", folded)
            return self._automaton.find_matches_as_indexes(folded, overlapping=True)  # type: ignore[no-any-return]

    def matches_utf8(self, folded: bytes) -> list[tuple[int, int, int]]:
        """matches() on the folded text's UTF-8: offsets are in bytes."""
        self._count_scan()
        if self._bytes_automaton is None:
            self._bytes_automaton = self._build(True)
        return self._bytes_automaton.find_matches_as_indexes(folded, overlapping=True)  # type: ignore[no-any-return]


def _have_automaton() -> bool:
    global _available
    if _available is None:
        try:
            import ahocorasick_rs  # noqa: F401
        except ImportError:
            _available = False
        else:
            _available = True
    return _available


def index_for(rules: Sequence[object], also: tuple[str, ...] = ()) -> LiteralIndex | None:
    """The shared index for these rules' `prefilter_literals` and the
    literals `also` (the same tuple at every call), built once per rule list;
    None when there are too few literals to be worth it or the automaton
    package is not installed."""
    # Keyed by identity: a reused id can only hand back an index for other
    # literals, and literals an index does not hold fall back to `in` tests.
    last = _last
    if last is not None and last[0] is rules and last[1] == len(rules):
        return last[2]  # the same rule list as the previous document: the usual case
    key = tuple(id(rule) for rule in rules)
    if key in _indexes:
        _remember(rules, _indexes[key])
        return _indexes[key]
    if len(_indexes) > 64:  # many rule sets in one process (tests): stay small
        _indexes.clear()
    index = None
    literals = sorted({lit for rule in rules for lit in getattr(rule, "prefilter_literals", ()) if lit} | set(also))
    if len(literals) >= 2 and _have_automaton():
        index = LiteralIndex(literals)
    _indexes[key] = index
    _remember(rules, index)
    return index


def _remember(rules: Sequence[object], index: LiteralIndex | None) -> None:
    global _last
    _last = (rules, len(rules), index)
