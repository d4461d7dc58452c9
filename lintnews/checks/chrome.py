"""Page chrome that needs more than one line of context to judge:
"Read more" links, related-stories blocks, and bylines or datelines that a
scraper copied twice."""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from lintnews.checks import lazy_regex
from lintnews.checks._text import (
    has_deleted_elsewhere,
    is_blank,
    judged_without_deleted,
    line_spans,
    lines_holding,
)
from lintnews.kinds.python import Hit

_SP = r"[ \t\u00a0\x0b\x0c]"  # VT and FF too: control-character removes them, revealing the line
_READ_MORE = (
    r"Read more|Read More|READ MORE|Continue reading|Continue Reading|CONTINUE READING"
    r"|Read the full (?:story|article)|Read full (?:story|article)|Read More Here"
    r"|Click here to read (?:more|the full (?:story|article))|Click here for more|Keep reading|Keep Reading"
)
_ARROW = r"(?:[»›→>]+|…|\.\.\.)"
# Every phrase of _READ_MORE (and so every match) holds one of these, casefolded.
_READ_MORE_LITERALS = ("read more", "continue reading", "read the full", "read full", "click here", "keep reading")


@cache
def _read_more_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    lone = regex.compile(
        rf"^{_SP}*[\[(]?{_SP}*(?:{_READ_MORE}|Continue reading the main story)(?:{_SP}+[Hh]ere)?"
        rf"{_SP}*:?{_SP}*{_ARROW}?{_SP}*[\])]?{_SP}*$"
    )
    # After the end of a sentence; no terminal period of its own, so a
    # paragraph that really ends with the sentence "Read more." is left alone.
    trailing = regex.compile(rf"(?<=[.!?…\"”’)]){_SP}+(?:{_READ_MORE})(?:{_SP}*{_ARROW})?{_SP}*$")
    return lone, trailing


@judged_without_deleted
def read_more_links(text: str) -> Iterator[Hit]:
    """A "Read more"-style link: a line of its own (the line is deleted) or
    the tail of a paragraph (the tail is deleted)."""
    lone, trailing = _read_more_patterns()
    # Only a line holding one of the phrases can match: the patterns run on
    # those, not on every line (two calls into the regex module a line).
    for start, content_end, _end in lines_holding(text, _READ_MORE_LITERALS):
        line = text[start:content_end]
        if lone.match(line):
            yield Hit(start, content_end)
            continue
        m = trailing.search(line)
        if m:
            yield Hit(start + m.start(), start + m.end(), "")


_HEADERS = (
    r"Related(?: Stories| Story| Articles?| Content| Coverage| News| Links| Reading| Topics| Posts)?"
    r"|More on this (?:story|topic|subject)|More from this (?:section|author)|More stories|More Stories"
    # a section's or a site's own list: "More from Sport", "MORE FROM NEWS" (one to three words)
    r"|More from (?:the )?\p{L}[\p{L}&'’-]*(?: \p{L}[\p{L}&'’-]*){0,2}"
    r"|You (?:may|might) also (?:like|be interested in|enjoy)|You may be interested in"
    r"|Most (?:read|popular|viewed|shared|watched)(?: (?:today|this week|stories|articles|news))?"
    r"|Trending(?: now| stories| news| articles)?|Recommended(?: for you| stories| articles| reading)"
    r"|Editor'?s'? picks?|Editors’ picks?|Don'?t miss|Don’t miss|What to read next|Read next|Up next"
    # the label alone; with a headline on the same line it is injected-related-link's
    r"|See also|Also read|Read also|Also see"
)


@cache
def _header_pattern() -> regex.Pattern[str]:
    return regex.compile(rf"^{_SP}*(?:{_HEADERS}){_SP}*:?{_SP}*$", regex.IGNORECASE)


def _headline_like(line: str, max_length: int) -> bool:
    """A short line that reads like a linked headline, not a paragraph: no
    sentence-final period (a question or exclamation mark is allowed)."""
    stripped = line.strip()
    if not stripped or len(stripped) > max_length:
        return False
    return not regex.search(r"[.:;,]['\"”’)]*$", stripped) or stripped.endswith("...")


# The quick test run before the full check (the rule file's `prefilter` once,
# which the regex module took ~400 µs to scan a 5 KB article with): a short
# line of its own that starts with a header word. (?w:^) is ^ that also sees
# a bare CR, VT, FF, NEL, U+2028 and U+2029 as line ends.
_HEADER_LINE = lazy_regex(
    r"(?i)(?w:^)[ \t\u00a0\x0b\x0c]*(?:related|more (?:on this|from)|more stories|you (?:may|might)"
    r"|most (?:read|popular|viewed|shared|watched)|trending|recommended|editor|don.?t miss|what to read"
    r"|read next|up next|see also|also read|read also|also see)[^\r\n]{0,40}(?w:$)",
    regex.MULTILINE,
)
# No match holds more than this many characters after its leading blanks:
# the longest header word ("more on this", "most popular") and 40 more.
_HEADER_LINE_MAX = 12 + 40
# Line ends of (?w:^) other than "\n" and "\r\n" (a bare "\r" is told apart
# by counting).
_OTHER_LINE_ENDS = ("\x0b", "\x0c", "\x85", "\u2028", "\u2029")


def _may_hold_header(text: str) -> bool:
    """_HEADER_LINE.search(text), or a character other rules delete (the
    check judges the text as if it were gone): what the rule's prefilter
    pattern tested, answered without running the pattern over the whole
    text. Where lines end only at "\n" and "\r\n", a match lies within one
    of them (no part of the pattern matches a "\n"), and only a line short
    enough once its leading blanks are stripped can hold one."""
    if has_deleted_elsewhere(text):
        return True
    if any(c in text for c in _OTHER_LINE_ENDS) or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return _HEADER_LINE.search(text) is not None
    limit = _HEADER_LINE_MAX + 1  # a line's "\r" of "\r\n" is kept
    search = _HEADER_LINE.search
    return any(
        (len(line) <= limit or len(line.lstrip(" \t\u00a0")) <= limit) and search(line) is not None
        for line in text.split("\n")
    )


def related_stories(text: str, max_headlines: int = 10, max_length: int = 160) -> Iterator[Hit]:
    """A related-stories header line, and the headline lines right under it
    up to the next blank line. A header on its own is deleted safely; when
    headlines follow, which lines belong to the block is a judgement, so the
    header and each headline get an unsafe delete."""
    if _may_hold_header(text):
        yield from _related_stories(text, max_headlines, max_length)


@judged_without_deleted
def _related_stories(text: str, max_headlines: int, max_length: int) -> Iterator[Hit]:
    header = _header_pattern()
    spans = line_spans(text)
    i = 0
    while i < len(spans):
        start, content_end, _ = spans[i]
        if not header.match(text[start:content_end]):
            i += 1
            continue
        block: list[tuple[int, int, int]] = []
        j = i + 1
        while j < len(spans) and len(block) < max_headlines and not is_blank(text, spans[j]):
            s, ce, _e = spans[j]
            if not _headline_like(text[s:ce], max_length):
                break
            block.append(spans[j])
            j += 1
        # A block that runs straight on into a paragraph line is not a list
        # of links: flag the header alone, and do not guess about the rest.
        runs_on = j < len(spans) and not is_blank(text, spans[j]) and len(block) < max_headlines
        if runs_on:
            block = []
        unsafe = bool(block) or runs_on
        yield Hit(start, content_end, None, unsafe=unsafe)
        for s, ce, _e in block:
            yield Hit(s, ce, None, unsafe=True)
        i = j if block else i + 1


# Blanks in bylines include the vertical tab and the form feed:
# control-character deletes them or turns them into spaces, and that must not
# reveal a byline in the second pass that the first did not see.
_BLANK = r"[ \t\x0b\x0c]"
_NAME = rf"\p{{Lu}}[\p{{L}}.'’-]*(?:{_BLANK}+(?:\p{{Lu}}[\p{{L}}.'’-]*|de|da|van|von|der|den|del|la|le|bin|al|el|di|du)){{0,4}}"
_AGENCIES = r"AP|Reuters|AFP|UPI|Bloomberg|dpa|DPA|Xinhua|CNN|PTI|IANS|ANI|EFE|ANSA|Kyodo|Yonhap|TASS|Interfax"


@cache
def _byline_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    byline = regex.compile(
        rf"^{_BLANK}*(?:By|BY){_BLANK}+{_NAME}(?:(?:{_BLANK}*,{_BLANK}*|{_BLANK}+(?:and|AND){_BLANK}+|{_BLANK}*&{_BLANK}*){_NAME})*"
        # a role or an outlet after the names: ", Reuters", "| The Courier", ", staff reporter"
        rf"(?:{_BLANK}*[,|–—-]{_BLANK}*\p{{L}}[\p{{L}}&.' ]{{1,40}})?{_BLANK}*$"
    )
    dateline = regex.compile(
        rf"^{_BLANK}*(?:\p{{Lu}}[\p{{Lu}}.'’ -]{{1,40}}(?:,{_BLANK}+\p{{Lu}}[\p{{L}}\d. ]{{1,30}})?{_BLANK}+)?"
        rf"\((?:{_AGENCIES})\)(?:{_BLANK}*[—–-]+)?{_BLANK}*"
    )
    return byline, dateline


def _may_repeat(text: str) -> bool:
    """A cheap necessary condition, tested before any pattern is compiled:
    two lines open with the same text up to a ")" within the first 100
    characters (a dateline), or two lines are the same "By ..." (or
    "BY ...") line."""
    keys: set[str] = set()
    for start, content_end, _end in line_spans(text):
        line = text[start:content_end].strip()
        if line.startswith(("By ", "BY ")):
            key = line
        else:
            close = line.find(")", 0, 100)
            if close == -1:
                continue
            key = line[: close + 1]
        if key in keys:
            return True
        keys.add(key)
    return False


@judged_without_deleted
def duplicated_bylines(text: str) -> Iterator[Hit]:
    """The second and later copies of a byline line or a dateline. A copy
    that is a line of its own is deleted; a dateline that opens a paragraph
    is cut from it. Both unsafe: a file holding two stories by one author
    would lose the second story's byline."""
    if not _may_repeat(text):
        return
    byline, dateline = _byline_patterns()
    seen: set[str] = set()
    for start, content_end, _end in line_spans(text):
        line = text[start:content_end]
        m = byline.match(line)
        kind = "by"
        if m is None:
            m = dateline.match(line)
            kind = "dateline"
        if m is None or m.end() == 0:
            continue
        key = kind + " ".join(regex.sub(r"[—–-]+$", "", m.group().strip()).split())
        if key not in seen:
            seen.add(key)
            continue
        if not line[m.end():].strip():
            yield Hit(start, content_end, None, unsafe=True)
        else:
            yield Hit(start + m.start(), start + m.end(), "", unsafe=True)


_PLATFORMS = ("facebook", "twitter", "x", "linkedin", "whatsapp", "reddit", "pinterest", "telegram",
              "flipboard", "messenger", "tumblr", "pocket", "threads", "bluesky", "mastodon", "email", "e-mail")
_BARE = frozenset(p for p in _PLATFORMS if p not in ("x", "pocket", "threads", "e-mail"))
# Platform names that are also plain words: part of a row, never a row on their own.
_WEAK = frozenset(("x", "pocket", "threads", "e-mail"))


def _share_labels() -> frozenset[tuple[str, ...]]:
    """Share-bar labels as tuples of casefolded words."""
    phrases = ["share", "share this", "share this article", "share this story", "share this page",
               "share this post", "share via email", "share via whatsapp", "tweet", "tweet this", "pin it",
               "email this", "e-mail this", "print", "print this", "print this article", "print this page",
               "print this story", "copy link", "link copied", "click to email a link to a friend",
               "click to email this", "click to print", "click to print this"]
    phrases += [f"share on {p}" for p in _PLATFORMS] + [f"click to share on {p}" for p in _PLATFORMS]
    # "Share this page with a friend", "Email this article to a friend"
    for what in ("", " this", " this article", " this story", " this page", " this post"):
        phrases += [f"share{what} with a friend", f"email{what} to a friend", f"e-mail{what} to a friend"]
    labels = {tuple(p.split()) for p in phrases}
    # Link text for screen readers: WordPress's "(Opens in new window)",
    # "(opens in a new window)", "(opens in a new tab)".
    suffixes = [("opens", "in", "new", "window"), ("opens", "in", "a", "new", "window"),
                ("opens", "in", "new", "tab"), ("opens", "in", "a", "new", "tab")]
    labels |= {label + suffix for label in labels for suffix in suffixes}
    return frozenset(labels)


_LABELS = _share_labels()
# A row of share labels holds one of these words, casefolded: every label
# that counts alone holds one of the first eight, and a row of bare
# platform names holds one that is not also a plain word (_BARE).
_ROW_WORDS = ("share", "tweet", "pin", "email", "e-mail", "print", "copy", "link", *sorted(_BARE))
_LONGEST = max(len(label) for label in _LABELS)
_SEPARATORS = str.maketrans({c: " " for c in "|•·,/():\u00a0\t"})


def _share_row(line: str) -> bool:
    """True when the line is nothing but share labels: one label that is
    chrome on its own (Share this, Tweet, Print, ...), or two or more
    labels of any kind (Facebook | Twitter), at least one of them not a
    platform name that is also a plain word (X, Threads, Pocket)."""
    words = line.casefold().translate(_SEPARATORS).split()
    if not words:
        return False
    count = strong = weak = 0
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            label = tuple(words[i:i + size])
            if label in _LABELS or (size == 1 and (label[0] in _BARE or label[0] in _WEAK)):
                break
        else:
            return False  # a word that is not part of any label: prose
        count += 1
        bare = size == 1 and (label[0] in _BARE or label[0] in _WEAK)
        strong += not bare
        weak += bare and label[0] in _WEAK
        i += size
    return strong > 0 or (count >= 2 and count > weak)


@judged_without_deleted
def share_prompts(text: str, max_length: int = 300) -> Iterator[Hit]:
    """Lines made only of social-sharing labels (deleted)."""
    # Only the lines holding one of the words are split into words.
    for start, content_end, _end in lines_holding(text, _ROW_WORDS):
        if content_end - start <= max_length and _share_row(text[start:content_end]):
            yield Hit(start, content_end)
