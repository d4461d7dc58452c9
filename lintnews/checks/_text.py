"""Line helpers shared by the python-kind checks."""
from __future__ import annotations

from collections.abc import Sequence

from lintnews.document import Document


def line_spans(text: str) -> Sequence[tuple[int, int, int]]:
    """(start, content_end, end) of every line, as the engine counts lines
    (\\n, \\r\\n and \\r end a line; the terminator lies in content_end..end).
    Shared with the engine's document when `text` is the one being checked."""
    return Document.of(text).line_spans()


def is_blank(text: str, span: tuple[int, int, int]) -> bool:
    return not text[span[0]:span[1]].strip()
