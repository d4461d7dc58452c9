"""What a rule kind is, and the helpers kinds share.

A kind turns a RuleSpec (one YAML file) into a Rule. It declares its options
as an explicit schema, so a typo in a rule file is an error that names the
file, line and key instead of an option silently ignored.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import regex

from lintnews.checks import DELETED_ELSEWHERE
from lintnews.diagnostics import Applicability, Diagnostic, Edit, Fix
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.patterncache import compile_cached
from lintnews.rulefile import RuleSpec

# How long one rule may search one document, in seconds. A pattern that
# backtracks catastrophically is stopped and reported instead of hanging a run.
DEFAULT_REGEX_TIMEOUT = 5.0


class Deadline:
    """The time one rule may spend on one document, shared by all the regex
    calls it makes there (a line-scope rule makes one call per line)."""

    __slots__ = ("end",)

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("regex timed out")
        return remaining


class Rule(Protocol):
    """What the engine runs. A rule may also have `gate_literals`, a tuple of
    casefolded literals one of which a document must hold for the rule to
    find anything in it (empty: no such gate). The engine then skips the rule
    for a document without them, answered from the shared literal scan,
    without calling it: exactly what the rule's own first test would do.

    A rule may also have `skip_invisible`: True when it is to be judged on
    the document as if the characters other rules delete (controls,
    zero-width characters, stray BOMs) were gone; the engine then hands it
    that view and maps its findings back (see lintnews.engine)."""

    spec: RuleSpec

    def check(self, doc: Document) -> Iterator[Diagnostic]: ...


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


# Option types: a name (shown in errors) and a predicate.
TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "list of strings": _is_str_list,
    "mapping of strings": lambda v: isinstance(v, dict)
    and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()),
    "list of lists of strings": lambda v: isinstance(v, list) and all(_is_str_list(x) for x in v),
    "string or list of strings": lambda v: isinstance(v, str) or _is_str_list(v),
    "mapping": lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v),
}


@dataclass(frozen=True)
class Option:
    type: str
    doc: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()


# Taken by the pattern kinds (existence, substitution, consistency).
SKIP_INVISIBLE = Option(
    "boolean",
    "judge the text as if the control, zero-width and byte-order-mark characters that other rules delete "
    "were not there, so a line or word hidden behind one is found in the first pass (false for a rule "
    "that looks for such characters itself)",
    default=True,
)


class Kind:
    """Base class for rule kinds. Subclasses set `name`, `options`,
    `fix_actions` and implement `build`."""

    name: str = ""
    options: Mapping[str, Option] = {}
    fix_actions: tuple[str, ...] = ()
    description: str = ""

    def validate(self, spec: RuleSpec) -> dict[str, Any]:
        """Check the kind-specific keys of a rule; return them with defaults."""
        resolved: dict[str, Any] = {}
        for key, value in spec.options.items():
            option = self.options.get(key)
            if option is None:
                known = ", ".join(sorted(self.options)) or "none"
                raise RuleFileError(
                    spec.source,
                    f"unknown key `{key}` in rule {spec.id!r} (kind {self.name} takes: {known})",
                    spec.line_of(key),
                )
            if not TYPES[option.type](value) and not (value is None and option.default is None):
                raise RuleFileError(
                    spec.source, f"`{key}` in rule {spec.id!r} must be a {option.type}", spec.line_of(key)
                )
            if option.choices and value not in option.choices:
                raise RuleFileError(
                    spec.source,
                    f"`{key}` in rule {spec.id!r} is {value!r}; expected {' | '.join(option.choices)}",
                    spec.line_of(key),
                )
            resolved[key] = value
        for key, option in self.options.items():
            if key not in resolved:
                if option.required:
                    raise RuleFileError(spec.source, f"rule {spec.id!r} (kind {self.name}) needs `{key}`", 1)
                resolved[key] = option.default
        if spec.fix_action is not None and spec.fix_action not in self.fix_actions:
            allowed = " | ".join(self.fix_actions) or "none (this kind cannot fix)"
            raise RuleFileError(
                spec.source,
                f"fix action {spec.fix_action!r} in rule {spec.id!r} is not one of: {allowed}",
                spec.line_of("fix", "action"),
            )
        return resolved

    def build(self, spec: RuleSpec) -> Rule:  # pragma: no cover - abstract
        raise NotImplementedError


def compile_pattern(spec: RuleSpec, pattern: str, *keys: str | int, ignorecase: bool = False) -> regex.Pattern[str]:
    """Compile with the `regex` module (VERSION1 semantics off, MULTILINE on);
    a bad pattern is a RuleFileError naming the rule file and line."""
    flags = regex.MULTILINE | (regex.IGNORECASE if ignorecase else 0)
    try:
        return compile_cached(pattern, flags)  # type: ignore[no-any-return]
    except (regex.error, ValueError) as exc:
        raise RuleFileError(
            spec.source, f"invalid regular expression in rule {spec.id!r}: {exc} (pattern {pattern!r})",
            spec.line_of(*keys) if keys else None,
        ) from None


class LiteralAlternation:
    """An alternation of literal parts (one named group each), and on demand
    the alternation of only the parts whose literal a document holds.

    A document names one or two of a hundred misspellings or place names,
    and a long case-insensitive alternation scans many times slower than a
    short one. Parts whose (casefolded) literal is absent cannot match, which
    the rules' whole-document prefilters already rely on; the kept parts keep
    their order, so the same part wins where two could match at one place."""

    def __init__(self, spec: RuleSpec, parts: list[str], literals: tuple[str, ...], key: str, ignorecase: bool) -> None:
        self.parts = parts
        self.literals = literals  # the literal of each part, casefolded
        self.ignorecase = ignorecase
        self.full: Any = compile_pattern(spec, "|".join(parts), key, ignorecase=ignorecase)
        self._narrowed: dict[tuple[int, ...], Any] = {}

    def for_document(self, doc: Document) -> Any:
        """The pattern to run on `doc`: the full alternation unless the
        shared literal scan tells which parts the document holds."""
        if len(self.parts) < 2 or (self.ignorecase and not doc.fold_keeps_offsets):
            return self.full  # casefolding moved offsets: the literals prove nothing
        present = doc.which_of(self.literals)
        if present is None or not present or len(present) == len(self.parts):
            return self.full
        key = tuple(present)
        pattern = self._narrowed.get(key)
        if pattern is None:
            if len(self._narrowed) >= 256:  # many combinations: start again rather than grow
                self._narrowed.clear()
            flags = regex.MULTILINE | (regex.IGNORECASE if self.ignorecase else 0)
            # A subset of a valid alternation: compiled directly, never cached on disk.
            pattern = self._narrowed[key] = regex.compile("|".join(self.parts[i] for i in present), flags)
        return pattern


def format_message(spec: RuleSpec, **fields: str) -> str:
    """Fill {match}, {replacement}, ... into the rule's message; unknown
    placeholders are left as they are rather than crashing a run."""
    class _Keep(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    try:
        return spec.message.format_map(_Keep(fields))
    except (ValueError, IndexError):
        return spec.message


def preview(text: str, limit: int = 60) -> str:
    """A short, single-line rendering of matched text for messages."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_deletion(doc: Document, offset: int, deleted: frozenset[int] = frozenset()) -> tuple[int, int, str]:
    """The edit (start, end, replacement) that removes the line holding
    `offset` cleanly.

    The line and its terminator go. When the line (or the block of adjacent
    lines being deleted with it, whose starts are in `deleted`) stands alone
    between blank lines, the blank line after it goes too, so paragraphs stay
    separated by exactly one blank line. The span never starts before the
    line, so the diagnostic points at the line it deletes.
    """
    text = doc.text
    start, _content_end, end = doc.line_span(offset)
    if text[end - 1 : end] == "\r":
        # "\r", characters other rules delete, "\n": one CRLF once they are
        # gone, so the line ends after the "\n" (else it would be left as
        # an empty line of its own).
        after = end
        while after < len(text) and DELETED_ELSEWHERE.match(text, after):
            after += 1
        if after > end and text[after : after + 1] == "\n":
            end = after + 1
    if end < len(text) and doc.line_span(end)[0] in deleted:
        return start, end, ""  # the last line of the block decides about the blank line
    top = start
    while top > 0 and doc.line_span(top - 1)[0] in deleted:
        top = doc.line_span(top - 1)[0]
    prev_blank = top == 0 or _is_blank_line(doc, top - 1)
    if prev_blank and end < len(text) and _is_blank_line(doc, end):
        end = doc.line_span(end)[2]
    # Deleting the block must not put a bare "\r" (the line before ended with
    # one) right before a "\n" (an empty line after): the two would read as
    # one CRLF and the empty line would be lost. A "\n" put in the deleted
    # span's place joins the "\r" instead, and the empty line stays a line.
    if 0 < top and end < len(text) and text[top - 1] == "\r" and text[end] == "\n":
        return start, end, "\n"
    return start, end, ""


def _is_blank_line(doc: Document, offset: int) -> bool:
    start, content_end, _ = doc.line_span(offset)
    content = doc.text[start:content_end].strip()
    # A line of characters other rules delete is blank once they are gone:
    # judged so here too, a deletion plans for the text it will leave.
    return not content or not DELETED_ELSEWHERE.sub("", content).strip()


def replacement_diagnostic(
    spec: RuleSpec,
    start: int,
    end: int,
    wrong: str,
    right: str | None,
    applicability: Applicability | None = None,
    **fields: str,
) -> Diagnostic:
    """A diagnostic for text[start:end] (== `wrong`) whose fix, when the rule
    declares one and `right` is given, replaces it with `right`. The message
    may use {match} and {replacement} plus any `fields`."""
    fix = None
    if spec.fix_action is not None and right is not None:
        description = f"replace {preview(wrong)!r} with {preview(right)!r}"
        fix = Fix((Edit(start, end, right),), applicability or spec.fix_applicability, description)
    message = format_message(spec, match=preview(wrong), replacement=preview(right or ""), **fields)
    return Diagnostic(spec.id, start, end, message, spec.severity, fix)


def make_fix(spec: RuleSpec, edits: tuple[Edit, ...], description: str, deletes_line: int | None = None) -> Fix | None:
    """A Fix graded as the rule file says, or None if the rule has no fix."""
    if spec.fix_action is None:
        return None
    return Fix(edits, spec.fix_applicability, description, deletes_line)
