"""Document: the decoded text of one article plus a line index.

A document is not necessarily a whole file: `record` and `doc_id` name an
article inside a container file (JSON Lines, parquet) when there is one, so
diagnostics can point at path + record + line/column within the text.
Line terminators are "\\r\\n", "\\n" and "\\r" (not the exotic ones
str.splitlines knows), because those are what files really contain.
"""
from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lintnews.literals import LiteralIndex

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Characters up to which one shared literal scan serves all rules (see
# Document.share_literals); news articles are a few thousand.
SHARED_SCAN_LIMIT = 1 << 20
# Lines up to which line_spans() is a list computed once (fast to index);
# beyond, a LineView computing each line when asked (a tuple per line would
# cost hundreds of megabytes for a file of millions of empty lines).
LINE_LIST_LIMIT = 1 << 16
# The document the engine is checking now (see Document.of).
_current: Document | None = None


def dominant_newline(text: str) -> str:
    """The most common line ending in `text` ("\\n" if there is none)."""
    counts = Counter(m.group() for m in _NEWLINE.finditer(text))
    if not counts:
        return "\n"
    return max(counts.items(), key=lambda kv: (kv[1], kv[0] == "\n"))[0]


_ASCII = bytes(range(128))
_NEWLINE_BYTES = re.compile(rb"\r\n|\r|\n")


def fold_utf8(utf8: bytes) -> bytes | None:
    """The UTF-8 of the casefolded text, computed on bytes, when that is
    exact: when casefolding changes no non-ASCII character of the text (curly
    quotes, dashes, lower-case accented letters stay as they are), it only
    lower-cases ASCII letters, which bytes.lower does at C speed (str.casefold
    looks up every character). None when some character would change ("É",
    "ß"): then only str.casefold is right. Deleting the ASCII bytes from
    UTF-8 leaves whole characters, so the test is on those alone."""
    if utf8.isascii():
        return utf8.lower()
    others = utf8.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    return utf8.lower() if others.casefold() == others else None


def _line_starts_of(data: str | bytes) -> array[int]:
    """Offsets where lines start (after "\r\n", "\r" or "\n"): of
    characters for a str, of bytes for its UTF-8 (same lines, other units)."""
    starts = array("q", [0])
    pieces: list[str] | list[bytes]
    if isinstance(data, str):
        if "\r" in data:
            starts.extend(m.end() for m in _NEWLINE.finditer(data))
            return starts
        pieces = data.split("\n")
    else:
        if b"\r" in data:
            starts.extend(m.end() for m in _NEWLINE_BYTES.finditer(data))
            return starts
        pieces = data.split(b"\n")
    # Only "\n" ends lines: each line starts one past the end of the
    # previous piece. C-level maps, no Python loop per line.
    starts.extend(accumulate(map((1).__add__, map(len, pieces))))
    starts.pop()  # one past the end of the text: no line starts there
    return starts


class Document:
    """Immutable view of one article's text; positions are computed on demand."""

    __slots__ = ("path", "text", "record", "doc_id", "_line_starts", "_newline", "_folded", "_spans", "_has",
                 "_hit_lines", "_index", "_found", "_matches", "_utf8", "_folded_utf8", "_byte_starts")

    def __init__(
        self,
        text: str,
        path: str = "<text>",
        record: int | None = None,
        doc_id: str | None = None,
        utf8: bytes | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.record = record
        self.doc_id = doc_id
        # The text's UTF-8 when the caller has it (a file's bytes, its BOM
        # removed): the shared literal scan runs on bytes (see _prepare_fold).
        self._utf8 = utf8
        self._folded_utf8: bytes | None = b""  # b"": not computed yet; None: bytes cannot fold this text
        self._byte_starts: array[int] | None = None
        self._line_starts: array[int] | None = None
        self._newline: str | None = None
        self._folded: str | None = None
        self._spans: list[tuple[int, int, int]] | None = None
        # Shared by every rule's prefilter, so a literal several rules
        # (or several passes of one rule) need is searched for once.
        self._has: dict[str, bool] = {}
        self._hit_lines: dict[str, list[int]] = {}
        self._index: LiteralIndex | None = None  # scanned on first use
        self._found: set[int] | None = None  # numbers of the index's literals present
        # (literal number, start, end) of each occurrence: offsets in the
        # folded UTF-8 when _folded_utf8 is set, else in the folded text.
        self._matches: list[tuple[int, int, int]] = []

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, chars={len(self.text)})"

    @staticmethod
    def of(text: str) -> Document:
        """The Document the engine is checking when `text` is its text, so
        python-kind checks (which are given the text) share its line index
        and literal lookups instead of each building their own; otherwise a
        new Document."""
        current = _current
        if current is not None and current.text is text:
            return current
        return Document(text)

    def make_current(self, current: bool = True) -> None:
        """Let Document.of(self.text) hand back this document, or stop doing
        so (engine only). Always correct, even across threads: Document.of
        compares the text by identity."""
        global _current
        _current = self if current else None

    @property
    def newline(self) -> str:
        """The file's dominant line ending, for fixes that insert lines."""
        if self._newline is None:
            self._newline = dominant_newline(self.text)
        return self._newline

    @property
    def folded(self) -> str:
        """The text casefolded, computed once and shared by every rule's prefilter."""
        if self._folded is None:
            folded_utf8 = self._prepare_fold()
            self._folded = self.text.casefold() if folded_utf8 is None else folded_utf8.decode("utf-8", "surrogatepass")
        return self._folded

    def utf8(self) -> bytes:
        """The text's UTF-8 (lone surrogates, from JSON records, pass through),
        encoded once: checks that test bytes share it with the literal scan."""
        if self._utf8 is None:
            self._utf8 = self.text.encode("utf-8", "surrogatepass")
        return self._utf8

    def _prepare_fold(self) -> bytes | None:
        """The folded text's UTF-8 where bytes can fold it exactly (see
        fold_utf8), computed once; None otherwise."""
        folded = self._folded_utf8
        if folded == b"" and self.text:
            if len(self.text) > SHARED_SCAN_LIMIT:
                folded = None  # no shared scan there; not worth a second copy of the text
            else:
                folded = fold_utf8(self.utf8())
            self._folded_utf8 = folded
        return folded

    @property
    def fold_keeps_offsets(self) -> bool:
        """Whether the casefolded text has the text's length (so offsets and
        lines found in one hold in the other): always, when bytes fold it."""
        if self._prepare_fold() is not None:
            return True
        return len(self.folded) == len(self.text)

    def share_literals(self, index: LiteralIndex | None) -> None:
        """Answer lookups of the index's literals from one scan of the text
        (made on the first lookup), instead of one search per literal. Not
        for a very large text: the scan lists every occurrence of every
        literal at once (millions of them in a 100 MB single-line file), so
        there the per-literal searches, which give the same answers, are used."""
        self._index = index if len(self.text) <= SHARED_SCAN_LIMIT else None

    def _shared(self, literal: str) -> bool | None:
        """Whether `literal` occurs, answered by the shared scan (run on the
        first such question); None if it is not one of the scan's literals."""
        index = self._index
        if index is None:
            return None
        number = index.numbers.get(literal)
        if number is None:
            return None
        return number in self._scanned(index)

    def _scanned(self, index: LiteralIndex) -> set[int]:
        """The numbers of the index's literals present, scanning on first use."""
        found = self._found
        if found is None:
            folded_utf8 = self._prepare_fold()
            # On bytes when possible: a str scan pays for encoding the text
            # to UTF-8 and converting every offset back to characters.
            self._matches = index.matches(self.folded) if folded_utf8 is None else index.matches_utf8(folded_utf8)
            found = self._found = {m[0] for m in self._matches}
        return found

    def contains(self, literal: str) -> bool:
        """Whether `literal` (already casefolded) occurs in the casefolded text;
        remembered, so each literal is searched for once per document."""
        has = self._has.get(literal)
        if has is None:
            has = self._shared(literal)
            if has is None:
                folded_utf8 = self._prepare_fold()
                has = literal in self.folded if folded_utf8 is None else literal.encode("utf-8", "surrogatepass") in folded_utf8
            self._has[literal] = has
        return has

    def contains_any(self, literals: Iterable[str]) -> bool:
        """Whether one of `literals` (casefolded) occurs. A tuple whose
        literals are all in the shared scan is answered with one set
        operation instead of a lookup per literal (a rule may have dozens)."""
        if isinstance(literals, tuple):
            answer = self.scan_answers(literals)
            if answer is not None:
                return answer
        return any(self.contains(literal) for literal in literals)

    def scan_answers(self, literals: tuple[str, ...]) -> bool | None:
        """contains_any(literals) if the shared scan holds them all (one set
        operation); None if it cannot tell."""
        index = self._index
        if index is None:
            return None
        numbers = index.numbers_of(literals)
        if numbers is None:
            return None
        found = self._found  # (a call fewer once scanned: ~25 rules ask per document)
        return not numbers.isdisjoint(self._scanned(index) if found is None else found)

    def which_of(self, literals: tuple[str, ...]) -> list[int] | None:
        """The positions in `literals` (casefolded) of those that occur, in
        order; None when the shared scan cannot tell (no index, a literal it
        does not hold, a very large text): then ask `contains` one by one or
        do without."""
        index = self._index
        if index is None or index.numbers_of(literals) is None:
            return None
        found = self._scanned(index)
        numbers = index.numbers
        return [i for i, literal in enumerate(literals) if numbers[literal] in found]

    def lines_containing(self, literals: Iterable[str]) -> list[int]:
        """Sorted indexes of the lines whose casefolded text holds one of
        `literals`. Only meaningful when casefolding kept the text's length
        (then folded and original offsets, and so lines, coincide)."""
        found: set[int] = set()
        for literal in literals:
            lines = self._hit_lines.get(literal)
            if lines is None:
                lines = self._hit_lines[literal] = self._find_lines(literal)
            found.update(lines)
        return sorted(found)

    def _find_lines(self, literal: str) -> list[int]:
        if not self.contains(literal):
            return []
        starts = self.line_starts
        if self._found is not None and self._index is not None and literal in self._index.numbers:
            # Every occurrence is known from the shared scan.
            number = self._index.numbers[literal]
            bisect_right = bisect.bisect_right
            if self._folded_utf8:  # the scan ran on bytes: byte offsets, lines of bytes
                if self._byte_starts is None:
                    self._byte_starts = _line_starts_of(self._folded_utf8)
                starts = self._byte_starts
            return [bisect_right(starts, at) - 1 for n, at, _end in self._matches if n == number]
        folded = self.folded
        last = len(starts) - 1
        lines = []
        at = folded.find(literal)
        while at != -1:
            index = bisect.bisect_right(starts, at) - 1
            lines.append(index)
            if index == last:
                break
            # One hit per line is enough: go on from the next line.
            at = folded.find(literal, max(starts[index + 1], at + 1))
        return lines

    @property
    def line_starts(self) -> array[int]:
        # A packed array, not a list: 8 bytes a line instead of ~36, which is
        # what keeps a file of millions of short or empty lines in bounds.
        if self._line_starts is None:
            self._line_starts = _line_starts_of(self.text)
        return self._line_starts

    def line_spans(self) -> Sequence[tuple[int, int, int]]:
        """What lines() yields, indexable: a list computed once per document,
        or for a document of very many lines a LineView."""
        if self._spans is None:
            count = self.line_count()
            if count > LINE_LIST_LIMIT:
                return LineView(self)
            span = self._span
            self._spans = [span(index) for index in range(count)]
        return self._spans

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def lines(self) -> Iterator[tuple[int, int, int]]:
        """Yield (start, content_end, end) for every line: content_end excludes
        the terminator, end includes it. No line follows a final newline.
        Lazy, unlike line_spans(): a file of millions of lines is walked
        without a tuple per line held in memory."""
        span = self._span
        for index in range(self.line_count()):
            yield span(index)

    def line_count(self) -> int:
        """How many lines lines() yields."""
        starts = self.line_starts
        count = len(starts)
        if starts[-1] == len(self.text) and count > 1:
            count -= 1
        return count

    def line_span(self, offset: int) -> tuple[int, int, int]:
        """(start, content_end, end) of the line holding `offset`."""
        return self._span(bisect.bisect_right(self.line_starts, offset) - 1)

    def line_span_at(self, index: int) -> tuple[int, int, int]:
        """(start, content_end, end) of line `index` (0-based)."""
        return self._span(index)

    def _span(self, index: int) -> tuple[int, int, int]:
        starts, text = self.line_starts, self.text
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        content_end = end
        if content_end > start and text[content_end - 1] == "\n":
            content_end -= 1
        if content_end > start and text[content_end - 1] == "\r":
            content_end -= 1
        return start, content_end, end

    def with_text(self, text: str) -> Document:
        return Document(text, self.path, self.record, self.doc_id)


class LineView(Sequence[tuple[int, int, int]]):
    """The lines of a document by index, each computed when asked for."""

    __slots__ = ("_doc", "_count")

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._count = doc.line_count()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> tuple[int, int, int]:  # type: ignore[override]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._doc.line_span_at(index)
