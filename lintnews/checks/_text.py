"""Line helpers shared by the python-kind checks."""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from lintnews.checks import BYTE_TESTS_UP_TO, DELETED_ELSEWHERE, utf8
from lintnews.document import Document
from lintnews.kinds.python import Hit

# The same test on the UTF-8 bytes, several times cheaper than the class scan:
# the single-byte ones by deleting every other byte, then the encodings of
# the rest (C1 controls and the soft hyphen are 0xC2 0x80-0x9F / 0xAD).
_NOT_DELETED_BYTE = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1B or b == 0x7F))
_C2_DELETED = re.compile(rb"\xc2[\x80-\x9f\xad]")
# (A lead byte is looked for first: finding one byte is a memchr, while each
# search for a three-byte string costs about a nanosecond a byte, and 0xE2
# 0x80 starts every curly quote.)
_E2_DELETED = re.compile(rb"\xe2(?:\x80[\x8b-\x8d]|\x81\xa0)")
# The last text asked about and the answer: the decorated checks (up to six)
# ask about the same document one after the other.
_last_answer: tuple[str, bool] = ("", False)


def has_deleted_elsewhere(text: str) -> bool:
    """Whether `text` holds a character other rules delete (DELETED_ELSEWHERE)."""
    global _last_answer
    last = _last_answer
    if last[0] is text:
        return last[1]
    data = utf8(text)
    if data is None:  # a huge text: scanned as it is, no copy
        return DELETED_ELSEWHERE.search(text) is not None
    answer = (
        bool(data.translate(None, _NOT_DELETED_BYTE))
        or (b"\xc2" in data and _C2_DELETED.search(data) is not None)
        or (b"\xe2" in data and _E2_DELETED.search(data) is not None)
        or (b"\xe1" in data and b"\xe1\xa0\x8e" in data)
        or (b"\xef" in data and b"\xef\xbb\xbf" in data)
    )
    _last_answer = (text, answer)
    return answer


def line_spans(text: str) -> Sequence[tuple[int, int, int]]:
    """(start, content_end, end) of every line, as the engine counts lines
    (\\n, \\r\\n and \\r end a line; the terminator lies in content_end..end).
    Shared with the engine's document when `text` is the one being checked."""
    return Document.of(text).line_spans()


def lines_holding(text: str, literals: tuple[str, ...]) -> Sequence[tuple[int, int, int]]:
    """line_spans(text), but only the lines whose casefolded text holds one of
    `literals` (casefolded), in order: for a check that can only match such
    a line, answered from the shared literal scan where it holds them. Every
    line when casefolding changes the text's length (the lines of the
    casefolded text are then not those of the text)."""
    doc = Document.of(text)
    spans = doc.line_spans()
    if not doc.fold_keeps_offsets:
        return spans
    return [spans[i] for i in doc.lines_containing(literals)]


def is_blank(text: str, span: tuple[int, int, int]) -> bool:
    return not text[span[0]:span[1]].strip()


Check = TypeVar("Check", bound=Callable[..., Iterator[Hit]])
_last_view: tuple[str, str, list[int]] = ("", "", [])


def _view_without_deleted(text: str) -> tuple[str, list[int]]:
    """`text` without the characters other rules delete, and the view offset
    at which each of them stood (sorted; one per deleted character), so that
    a view offset maps back by counting marks at or before it. Remembered for
    the last text: the decorated checks ask about one document in a row."""
    global _last_view
    last = _last_view
    if last[0] is text:
        return last[1], last[2]
    marks = [m.start() - k for k, m in enumerate(DELETED_ELSEWHERE.finditer(text))]
    view = DELETED_ELSEWHERE.sub("", text)
    if len(text) <= BYTE_TESTS_UP_TO:  # a huge view is not kept past its document
        _last_view = (text, view, marks)
    return view, marks



class ViewOffsets:
    """Maps offsets in the view without deleted characters back to the text."""

    __slots__ = ("marks",)

    def __init__(self, marks: list[int]) -> None:
        self.marks = marks

    def at(self, offset: int) -> int:
        """Where the view's character at `offset` stands in the text: each
        deleted character before it shifts it by one."""
        return offset + bisect.bisect_right(self.marks, offset)

    def end_at(self, offset: int) -> int:
        """The text offset just after the view's character before `offset`
        (so a span's end does not swallow deleted characters after it)."""
        return self.at(offset - 1) + 1 if offset else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        return (self.at(start), self.end_at(end) if end > start else self.at(end))

    def whole_line_span(self, text: str, start: int, end: int) -> tuple[int, int]:
        """span() of an edit that deletes whole lines: one that starts a line
        in the view takes the deleted characters opening that line with it."""
        first, last = self.span(start, end)
        at = first
        while at and DELETED_ELSEWHERE.match(text, at - 1):
            at -= 1
        return (at if at == 0 or text[at - 1] in "\r\n" else first), last

    def place(
        self, text: str, start: int, end: int, edits: Sequence[tuple[int, int]], deletes_line: int | None
    ) -> tuple[int, int, list[tuple[int, int]], int | None]:
        """A finding's span, its edits' spans and the line it deletes (see
        Fix.deletes_line), found in the view, placed in `text`. A deleted
        line goes whole, with the deleted characters opening it."""
        start, end = self.span(start, end)
        if deletes_line is None:
            return start, end, [self.span(s, e) for s, e in edits], None
        spans = [self.whole_line_span(text, s, e) for s, e in edits]
        return min([start, *(s for s, _ in spans)]), end, spans, self.line_start(text, deletes_line)

    def line_start(self, text: str, offset: int) -> int:
        """The start, in `text`, of the line holding the view's `offset`."""
        at = self.at(offset)
        return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def view_without_deleted(text: str) -> tuple[str, ViewOffsets]:
    """`text` without the characters other rules delete, and the map of the
    view's offsets back to `text`."""
    view, marks = _view_without_deleted(text)
    return view, ViewOffsets(marks)


def judged_without_deleted(check: Check) -> Check:
    """Decorate a check so it runs on its text as if the characters other
    rules delete were gone, and reports its hits at their places in the
    text. A check whose verdict depends on the words around a place ("what
    \\ufeffCalls", a byline behind a BOM) then gives the same verdict before
    and after those fixes, so all fixes settle in one pass. Texts without
    such characters (nearly all) are checked as they are."""

    @functools.wraps(check)
    def judged(text: str, *args: Any, **kwargs: Any) -> Iterator[Hit]:
        if not has_deleted_elsewhere(text):
            yield from check(text, *args, **kwargs)
            return
        view, offsets = view_without_deleted(text)
        for hit in check(view, *args, **kwargs):
            start, end, spans, line = offsets.place(text, hit.start, hit.end, [(s, e) for s, e, _ in hit.edits], hit.deletes_line)
            edits = tuple((s, e, r) for (s, e), (_, _, r) in zip(spans, hit.edits))
            yield hit._replace(start=start, end=end, edits=edits, deletes_line=line)

    # Tells the python kind to hand this check the engine's view without
    # those characters, so that its `requires` gate is judged on it too.
    judged.skips_invisible = True  # type: ignore[attr-defined]
    return judged  # type: ignore[return-value]
