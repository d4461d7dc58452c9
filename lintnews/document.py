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
from collections.abc import Iterator

_NEWLINE = re.compile(r"\r\n|\r|\n")


def dominant_newline(text: str) -> str:
    """The most common line ending in `text` ("\\n" if there is none)."""
    counts = Counter(m.group() for m in _NEWLINE.finditer(text))
    if not counts:
        return "\n"
    return max(counts.items(), key=lambda kv: (kv[1], kv[0] == "\n"))[0]


class Document:
    """Immutable view of one article's text; positions are computed on demand."""

    __slots__ = ("path", "text", "record", "doc_id", "_line_starts", "_newline", "_folded")

    def __init__(
        self,
        text: str,
        path: str = "<text>",
        record: int | None = None,
        doc_id: str | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.record = record
        self.doc_id = doc_id
        self._line_starts: array[int] | None = None
        self._newline: str | None = None
        self._folded: str | None = None

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, chars={len(self.text)})"

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
            self._folded = self.text.casefold()
        return self._folded

    @property
    def line_starts(self) -> array[int]:
        # A packed array, not a list: 8 bytes a line instead of ~36, which is
        # what keeps a file of millions of short or empty lines in bounds.
        if self._line_starts is None:
            starts = array("q", [0])
            starts.extend(m.end() for m in _NEWLINE.finditer(self.text))
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def lines(self) -> Iterator[tuple[int, int, int]]:
        """Yield (start, content_end, end) for every line: content_end excludes
        the terminator, end includes it. No line follows a final newline."""
        starts = self.line_starts
        count = len(starts)
        if starts[-1] == len(self.text) and count > 1:
            count -= 1
        for index in range(count):
            yield self._span(index)

    def line_span(self, offset: int) -> tuple[int, int, int]:
        """(start, content_end, end) of the line holding `offset`."""
        return self._span(bisect.bisect_right(self.line_starts, offset) - 1)

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
