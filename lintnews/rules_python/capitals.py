"""Capitalised common words in mid-sentence, left by a spinner or a
stripped link ("a crisis And tens of thousands", "issued Arrest warrant")."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex

from lintnews.kinds.python import Finding
from lintnews.rules_python._text import line_spans

# A line that does not end like a sentence is a headline, caption or label,
# where title case is normal.
_SENTENCE_END = regex.compile(r"[.!?…][\"”’')\]]*[ \t]*$")
_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    alternation = "|".join(sorted(map(regex.escape, words), key=len, reverse=True))
    # previous word: all lower case, starting after a space or the line start
    # (not after a hyphen, apostrophe or dot: "e.g.", "al-", "o'");
    # then one space, the capitalised word, one space and a lower-case word.
    return regex.compile(
        rf"(?<=(?:^|[ \t])\p{{Ll}}+[ \t])(?:{alternation})(?=[ \t]\p{{Ll}})"
    )


def _title_case(line: str) -> bool:
    words = _WORD.findall(line)
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 4 and capitalised * 4 > len(words) * 3


def stray_capitals(text: str, words: Sequence[str] = ()) -> Iterator[Finding]:
    """Each listed capitalised word that sits between two lower-case words in
    a line that ends like a sentence; the (unsafe) fix lower-cases it."""
    # Plain substring tests first: most documents hold none of the words
    # between spaces, and then the pattern is never compiled.
    if not any(f" {word} " in text for word in words):
        return
    pattern = _pattern(tuple(words))
    for start, content_end, _end in line_spans(text):
        line = text[start:content_end]
        if not _SENTENCE_END.search(line) or _title_case(line):
            continue
        for m in pattern.finditer(line):
            word = m.group()
            yield Finding(start + m.start(), start + m.end(), word.lower(), True)
