"""Double quotation marks that do not pair up within a paragraph."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from lintnews.checks import lazy_regex
from lintnews.checks._text import is_blank, line_spans
from lintnews.kinds.python import Hit

OPEN, CLOSE, STRAIGHT = "“", "”", '"'
_SENTENCE_END = lazy_regex(r"[.!?…:][\"”’')\]]*[ \t]*$")
# Speech attributed inside what reads as one quotation ("We will not sign,
# the union said. ...") means its closing quote was lost: a quotation does
# not carry its own attribution.
_ATTRIBUTION = lazy_regex(
    r",[ \t]+(?:(?:he|she|they|we|it|the[ \t]+\p{L}+|\p{Lu}\p{L}+(?:[ \t]+\p{Lu}\p{L}+){0,2})[ \t]+"
    r"(?:said|says|added|told|asked|warned|explained|insisted|claimed|stated)\b"
    r"|(?:said|says|added)[ \t]+(?:the[ \t]|\p{Lu}))"
)
_BEFORE_OPENING = " \t([{\u2014\u2013-/"


def _opens(text: str, pos: int, line_start: int, content_end: int, ch: str, quote_open: bool) -> bool:
    """Whether the quote at text[pos] opens a quotation (or closes one).
    Curly quotes say so; a straight quote by its shape: after a space or at
    a line start and before a non-space it opens, after a non-space and
    before a space, punctuation or the line end it closes; otherwise it
    closes whatever is open."""
    if ch != STRAIGHT:
        return ch == OPEN
    before = text[pos - 1] if pos > line_start else " "
    after = text[pos + 1] if pos + 1 < content_end else " "
    if before in _BEFORE_OPENING and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return not quote_open


def _after_sentence_end(text: str, pos: int, line_start: int) -> bool:
    """The quote at text[pos] follows the end of a sentence and a space
    ("... done. \"We"): where a quotation that runs over several paragraphs
    re-opens once the paragraphs were run together into one line."""
    k = pos
    while k > line_start and text[k - 1] in " \t":
        k -= 1
    return line_start < k < pos and text[k - 1] in ".!?…:"


def _may_go_on(text: str, open_at: int, content_end: int, line_start: int) -> bool:
    """Whether the quotation opened at text[open_at], still open at the end
    of its paragraph, may go on into the next one: it opened a sentence (at
    the line start, after the end of a sentence, or after "said:" or "said,"),
    not in mid-sentence (a quoted phrase does not run over paragraphs), and
    holds no attribution."""
    k = open_at
    while k > line_start and text[k - 1] in " \t":
        k -= 1
    if k > line_start and text[k - 1] not in ".!?…:,":
        return False
    return not _ATTRIBUTION.search(text, open_at, content_end)


def _curly_quotes_pair_up(text: str) -> bool:
    """The usual clean case, decided without walking the lines: no straight
    quote, and the curly quotes alternate “ ” “ ” ..., each quotation closed
    on the line it opened. The walk below finds nothing in such a text:
    every quote opens with nothing open or closes the quotation it opened."""
    if STRAIGHT in text:
        return False
    find = text.find
    pos = 0
    while True:
        opening = find(OPEN, pos)
        closing = find(CLOSE, pos)
        if opening == -1:
            return closing == -1
        if closing < opening:
            return False  # a closing quote first, or none after the opening one
        if find(OPEN, opening + 1, closing) != -1 or find("\n", opening, closing) != -1 or find("\r", opening, closing) != -1:
            return False
        pos = closing + 1


def mismatched_quotes(text: str) -> Iterator[Hit]:
    """Walk the double quotes of the text in order, keeping at most one open
    quotation (double quotes do not nest in English news; inner quotes are
    single). Reported: a curly quote closed by a straight one or the other
    way round, a closing quote with none open, a second opening quote while
    one is open, and a quotation never closed.

    A quotation that runs over several paragraphs is not an error: by the
    newspaper convention each paragraph re-opens it and only the last
    closes it. So an opening quote while one is open is fine at the start
    of a paragraph, or after the end of a sentence (paragraphs run together
    into one line: "... done. \"We still ..."), and a quotation still open
    at the end of a paragraph goes on into the next one, which may re-open
    it with a quote at its start or close it (a paragraph break put into a
    quotation that had none). It is reported when it opened in mid-sentence
    (a quoted phrase does not run over paragraphs), when another quotation
    opens in mid-sentence while it is open, when the text ends, and at once
    when it holds an attribution (", the union said"): then its closing
    quote was lost. In hard-wrapped text (see _hard_wrapped) a line break
    inside a paragraph does not end a quotation; otherwise every line is a
    paragraph."""
    if _curly_quotes_pair_up(text):
        return
    yield from _walk_quotes(text)


def _walk_quotes(text: str) -> Iterator[Hit]:
    spans = line_spans(text)
    wrapped = _hard_wrapped(text, spans)
    open_at: int | None = None  # offset of the quote that opened (or last re-opened) the quotation
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
            opens = _opens(text, pos, start, content_end, ch, open_at is not None)
            if open_at is None:
                if opens:
                    open_at, open_char = pos, ch
                else:
                    yield Hit(pos, pos + 1)  # closing quote with nothing open
            elif not opens:
                if (open_char == STRAIGHT) != (ch == STRAIGHT):
                    yield Hit(open_at, pos + 1)  # straight opens, curly closes, or the reverse
                open_at = None
            else:
                # An opening quote while one is open: the quotation re-opened
                # by the convention, or the first one was never closed.
                starts_line = not text[start:pos].strip()
                if _ATTRIBUTION.search(text, open_at, pos) or not (
                    starts_line or _after_sentence_end(text, pos, start)
                ):
                    yield Hit(open_at, open_at + 1)
                open_at, open_char = pos, ch
            pos += 1
        if open_at is None:
            continue
        # The paragraph ends with the quotation open.
        nxt = index + 1
        while nxt < len(spans) and is_blank(text, spans[nxt]):
            nxt += 1
        if wrapped and nxt == index + 1:
            continue  # the next line of a hard-wrapped paragraph
        if nxt < len(spans) and _may_go_on(text, open_at, content_end, start):
            continue  # it may go on in the next paragraph
        yield Hit(open_at, open_at + 1)  # never closed
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
