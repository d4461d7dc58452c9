"""Capitalised common words in mid-sentence, left by a spinner or a
stripped link ("a crisis And tens of thousands", "issued Arrest warrant")."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex

from lintnews.kinds.python import Hit

# A line that does not end like a sentence is a headline, caption or label,
# where title case is normal.
_SENTENCE_END = regex.compile(r"[.!?…][\"”’')\]]*[ \t]*$")
_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    alternation = "|".join(sorted(map(regex.escape, words), key=len, reverse=True))
    # A lower-case letter and one space before, one space and a lower-case
    # letter after. The fixed-width lookbehind keeps the scan to one cheap
    # pass over the text; the whole previous word is checked in Python.
    return regex.compile(rf"(?<=\p{{Ll}}[ \t])(?:{alternation})(?=[ \t]\p{{Ll}})")


@lru_cache(maxsize=8)
def _needles(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f" {word} " for word in words)


def _title_case(line: str) -> bool:
    words = _WORD.findall(line)
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 4 and capitalised * 4 > len(words) * 3


def _line_at(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i != -1]
    return start, min(ends) if ends else len(text)


def _lower_word_before(text: str, space: int, line_start: int) -> bool:
    """The word ending just before text[space] is all lower-case letters and
    starts the line or follows whitespace (not "e.g.", "al-", "o'"). Any
    whitespace counts, a stray vertical tab too, so the verdict does not
    change when control-character deletes one (fixes settle in one pass)."""
    start = space
    while start > line_start and not text[start - 1].isspace():
        start -= 1
    word = text[start:space]
    return word.isalpha() and word.islower()


def stray_capitals(text: str, words: Sequence[str] = ()) -> Iterator[Hit]:
    """Each listed capitalised word that sits between two lower-case words in
    a line that ends like a sentence; the (unsafe) fix lower-cases it."""
    # Plain substring tests first: most documents hold none of the words
    # between spaces, and then the pattern is never compiled.
    if not any(needle in text for needle in _needles(tuple(words))):
        return
    lines_ok: dict[int, bool] = {}
    for m in _pattern(tuple(words)).finditer(text):
        line_start, line_end = _line_at(text, m.start())
        if not _lower_word_before(text, m.start() - 1, line_start):
            continue
        ok = lines_ok.get(line_start)
        if ok is None:
            line = text[line_start:line_end]
            ok = lines_ok[line_start] = bool(_SENTENCE_END.search(line)) and not _title_case(line)
        if ok:
            yield Hit(m.start(), m.end(), m.group().lower(), unsafe=True)
