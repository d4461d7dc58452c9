"""Double quotation marks that do not pair up within a paragraph."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from lintnews.checks._text import is_blank, line_spans
from lintnews.kinds.python import Hit

OPEN, CLOSE, STRAIGHT = "“", "”", '"'
_SENTENCE_END = regex.compile(r"[.!?…:][\"”’')\]]*[ \t]*$")


def _starts_with_quote(text: str, span: tuple[int, int, int]) -> bool:
    return text[span[0]:span[1]].lstrip()[:1] in (OPEN, STRAIGHT)


def mismatched_quotes(text: str) -> Iterator[Hit]:
    """Walk the double quotes of the text in order, keeping at most one open
    quotation (double quotes do not nest in English news; inner quotes are
    single). Reported: a curly quote closed by a straight one or the other
    way round, a second opening quote while one is open, a closing quote
    with none open, and a quote still open at the end of a paragraph unless
    the next paragraph opens with a quote (the newspaper convention for a
    quotation that runs over several paragraphs). In hard-wrapped text (see
    _hard_wrapped) a line break inside a paragraph does not end a
    quotation; otherwise every line is a paragraph."""
    spans = line_spans(text)
    wrapped = _hard_wrapped(text, spans)
    open_at: int | None = None  # offset of the quote that opened the current quotation
    open_char = ""
    for index, span in enumerate(spans):
        start, content_end, _ = span
        if is_blank(text, span):
            continue
        pos = start
        while True:
            pos = _next_quote(text, pos, content_end)
            if pos == -1:
                break
            ch = text[pos]
            if ch == STRAIGHT and _is_inch_mark(text, pos, start, open_at is not None and open_char == STRAIGHT):
                pos += 1
                continue
            if open_at is None:
                if ch == CLOSE:
                    yield Hit(pos, pos + 1)  # closing quote with nothing open
                else:
                    open_at, open_char = pos, ch
            elif ch == CLOSE or (ch == STRAIGHT and open_char == STRAIGHT):
                if open_char == STRAIGHT and ch == CLOSE:
                    yield Hit(open_at, pos + 1)  # straight opens, curly closes
                open_at = None
            elif ch == STRAIGHT and open_char == OPEN:
                yield Hit(open_at, pos + 1)  # curly opens, straight closes
                open_at = None
            else:  # an opening quote while one is open: the first was never closed
                yield Hit(open_at, open_at + 1)
                open_at, open_char = pos, ch
            pos += 1
        if open_at is None:
            continue
        # Where does the quotation go on? The next line straight after
        # (hard-wrapped text), or the next paragraph after a blank line.
        nxt = index + 1
        while nxt < len(spans) and is_blank(text, spans[nxt]):
            nxt += 1
        if nxt < len(spans) and _starts_with_quote(text, spans[nxt]):
            # The next paragraph (or line) re-opens the quotation: the
            # convention for a quotation that runs over several paragraphs.
            open_at = None
            continue
        if nxt == len(spans) or nxt > index + 1 or not wrapped:
            yield Hit(open_at, open_at + 1)  # the paragraph ends with the quote open
            open_at = None


def _hard_wrapped(text: str, spans: Sequence[tuple[int, int, int]], width: int = 100) -> bool:
    """Text whose paragraphs are broken into short lines: nearly all lines
    are short, and most lines followed by another line of the same
    paragraph stop mid-sentence. Scraped news usually has one paragraph,
    ending with a full stop, per line."""
    lengths = [ce - s for s, ce, _ in spans if text[s:ce].strip()]
    if len(lengths) < 2 or sum(1 for n in lengths if n <= width) * 10 < len(lengths) * 9:
        return False
    inner = [a for a, b in zip(spans, spans[1:]) if not is_blank(text, a) and not is_blank(text, b)]
    ending = sum(1 for s, ce, _ in inner if _SENTENCE_END.search(text, s, ce))
    return bool(inner) and ending * 2 < len(inner)


def _next_quote(text: str, pos: int, end: int) -> int:
    found = [i for i in (text.find(OPEN, pos, end), text.find(CLOSE, pos, end), text.find(STRAIGHT, pos, end)) if i != -1]
    return min(found) if found else -1


def _is_inch_mark(text: str, pos: int, line_start: int, straight_open: bool) -> bool:
    """A straight quote after a digit with no straight quotation open is a
    unit (a 65" screen, 5'11"), not a quotation mark."""
    return not straight_open and pos > line_start and text[pos - 1].isdigit()
