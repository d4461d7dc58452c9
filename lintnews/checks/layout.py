"""Layout of a whole document: blank lines, line endings, the final newline,
repeated paragraphs, an ending cut off mid-sentence.

These look at the document's line structure rather than at a pattern, and
fixes are planned line by line so they never touch a character of text.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, repeat

from lintnews.checks import lazy_re, utf8
from lintnews.document import Document, dominant_newline
from lintnews.kinds.base import line_deletion
from lintnews.kinds.python import Hit

_NEWLINE = lazy_re(r"\r\n|\r|\n")
ENDING_NAMES = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}


# Characters other rules delete (control-character, zero-width-character,
# stray-bom) do not make a line non-blank, so the verdict is the same before
# and after those fixes and all of them settle in one pass.
# (zero-width-character deletes all six of its characters on a line of only
# blanks: the joiners and the soft hyphen too.)
_INVISIBLE_CHARS = frozenset(
    [chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D,
                      0xAD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)]
)
_INVISIBLE_CLASS = "".join(sorted(_INVISIBLE_CHARS))  # for character classes: none needs escaping
_INVISIBLE = lazy_re(f"[{_INVISIBLE_CLASS}]")


def _blank(text: str, span: tuple[int, int, int]) -> bool:
    stripped = text[span[0] : span[1]].strip()
    # A line whose first non-space character is visible is not blank: the
    # usual case, decided without the substitution below.
    return not stripped or (stripped[0] in _INVISIBLE_CHARS and not _INVISIBLE.sub("", stripped).strip())


# The whitespace characters (str.isspace: what split() and strip() remove,
# and \s matches).
_WHITESPACE_CHARS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    map(chr, range(0x2000, 0x200B))
)
# A character of a blank line, other than a line feed: one character class
# (not [^\S\n] or'ed with the invisible ones), which re repeats in a C loop,
# where a group costs it a step of its matching machinery per character.
_BLANK_CHAR = "[" + _WHITESPACE_CHARS.replace("\n", "") + _INVISIBLE_CLASS + "]"
# Quick tests on the text with every line ending made a line feed: patterns
# that start with the line-feed literal, so re jumps from line ending to line
# ending instead of walking the lines in Python.
_BLANK_LINE_RUN = lazy_re(rf"\n{_BLANK_CHAR}*\n{_BLANK_CHAR}*\n")
# A run of blank lines: the same strings as \n(?:{_BLANK_CHAR}*\n)+, written as
# one character class (a blank character or a line feed is \s or invisible),
# since stdlib re keeps state for every repeat of a group: that form took
# 800 MB on a file of 4 million empty lines.
_BLOCK_BREAK = lazy_re(rf"\n[\s{_INVISIBLE_CLASS}]*\n")


def _content_end(text: str) -> int:
    """len(text.rstrip()), reading only the end of the text: rstrip() copies
    all of it (a few thousand characters) to drop a line ending."""
    tail = text[-64:]
    stripped = len(tail.rstrip())
    if stripped == 0 and len(tail) < len(text):
        return len(text.rstrip())  # 64 spaces or more at the end: rare
    return len(text) - len(tail) + stripped


def _line_feeds_only(text: str) -> str:
    """The text with each line ending ("\r\n", "\r", "\n") made one "\n":
    the same lines, so the same blank lines and paragraphs."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# --- blank-line-run --------------------------------------------------------


def find_blank_line_runs(text: str) -> Iterator[Hit]:
    """Two or more blank lines (whitespace-only lines count) between two
    paragraphs. The fix keeps the first blank line and deletes the others,
    so paragraphs stay separated by exactly one. Blank lines at the start or
    the end of a document are not this rule's business."""
    if _BLANK_LINE_RUN.search(_line_feeds_only(text)) is None:
        return  # no two blank lines in a row anywhere: nearly every document
    yield from _blank_line_runs(text)


def _blank_line_runs(text: str) -> Iterator[Hit]:
    lines = Document.of(text).line_spans()
    i = 0
    while i < len(lines) and _blank(text, lines[i]):
        i += 1  # leading blank lines: not between paragraphs
    while i < len(lines):
        if not _blank(text, lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _blank(text, lines[j]):
            j += 1
        if j < len(lines) and j - i >= 2:
            start, end = lines[i + 1][0], lines[j][0]
            yield Hit(start, end, "", {"count": str(j - i)})
        i = j


# --- trailing-blank-lines --------------------------------------------------


def find_trailing_blank_lines(text: str) -> Iterator[Hit]:
    """Blank lines (whitespace-only lines count) after the last line of text.
    They are what a deleted footer, comment form or share bar leaves behind,
    so this rule is also the second pass of those rules' fixes: the fix
    deletes the blank lines and keeps the last text line's own ending. A
    document with no text line at all is left alone."""
    end = _content_end(text)
    if not (end and text[end - 1] in _INVISIBLE_CHARS):
        # Only whitespace ends the text (the usual case): blank lines
        # follow the last text line only if two line endings do.
        tail = text[end:]
        if tail.count("\n") + tail.count("\r") - tail.count("\r\n") < 2:
            return
    lines = Document.of(text).line_spans()
    last = len(lines) - 1
    while last >= 0 and _blank(text, lines[last]):
        last -= 1
    if last < 0 or last == len(lines) - 1:
        return
    start = lines[last][2]  # end of the last text line, its line ending included
    if start < len(text):
        yield Hit(start, len(text), "", {"count": str(len(lines) - 1 - last)})


# --- mixed-line-endings ----------------------------------------------------


def find_mixed_line_endings(text: str) -> Iterator[Hit]:
    """Line endings that differ from the document's majority ending (CRLF,
    LF or a lone CR). Consecutive lines with the same minority ending make
    one finding; the fix rewrites each of them to the majority ending, which
    changes no visible character."""
    endings = [(m.start(), m.end(), m.group()) for m in _NEWLINE.finditer(text)]
    kinds = {e[2] for e in endings}
    if len(kinds) < 2:
        return
    majority = dominant_newline(text)
    counts = {k: sum(1 for e in endings if e[2] == k) for k in kinds}
    # Ties in a fixed order: iterating a set of strings differs between
    # processes (hash randomisation), and --jobs 1 and N must agree.
    order = list(ENDING_NAMES)
    summary = ", ".join(
        f"{ENDING_NAMES[k]} ×{n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    )
    minority = [e for e in endings if e[2] != majority]
    # One finding and one fix for the whole document: fixes planned apart
    # could be applied apart (one skipped for overlapping another rule's
    # edit), and a lone "\r" rewritten next to a "\n" left alone would join
    # them into one CRLF, losing a line.
    found = minority[0][2]
    yield Hit(
        minority[0][0], minority[-1][1], majority,
        {"found": ENDING_NAMES[found], "majority": ENDING_NAMES[majority], "counts": summary,
         "lines": str(len(minority))},
        edits=tuple((s, e, majority) for s, e, _ in minority),
    )


# --- missing-final-newline -------------------------------------------------


def find_missing_final_newline(text: str) -> Iterator[Hit]:
    """A document whose last line has no line ending. The fix appends the
    document's own (majority) line ending. An empty document passes, and a
    last line of nothing but spaces is left to trailing-whitespace (whose
    fix leaves the document ending in a newline)."""
    if not text or text[-1] in "\r\n":
        return
    start = max(text.rfind("\n"), text.rfind("\r")) + 1
    if _NON_SPACE.search(text, start) is None:  # (no copy of a huge last line)
        return
    yield Hit(len(text), len(text), dominant_newline(text))


# --- repeated-paragraph ----------------------------------------------------


def _paragraphs(doc: Document) -> list[list[tuple[int, int, int]]]:
    blocks: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    text = doc.text
    for span in doc.line_spans():
        if _blank(text, span):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(span)
    if current:
        blocks.append(current)
    return blocks


_WHITESPACE = lazy_re(r"\s+")


def _normalise(paragraph: str) -> str:
    """Whitespace runs made single spaces, ends trimmed. split() and join()
    for a paragraph of ordinary size; for a huge one (a 100 MB single-line
    file) one substitution, which never holds a list of millions of words."""
    if len(paragraph) < 1 << 16:
        return " ".join(paragraph.split())
    return _WHITESPACE.sub(" ", paragraph).strip()


def _long_enough(normal: str, min_chars: int, min_words: int) -> bool:
    return len(normal) >= min_chars and normal.count(" ") + 1 >= min_words


def _units(text: str) -> Iterator[str]:
    """The text of every block and, in a block of several lines, of every
    line, with whatever whitespace it holds: what find_repeated_paragraphs
    compares after normalising, found by one split at the blank lines.
    Blank lines can only be left at the edges of the first and the last
    piece (the start and the end of the text); they are dropped there."""
    for piece in _BLOCK_BREAK.split(_line_feeds_only(text)):
        if "\n" not in piece:
            yield piece
            continue
        lines = [line for line in piece.split("\n") if not _blank(line, (0, len(line), len(line)))]
        if len(lines) > 1:
            yield " ".join(lines)
            yield from lines
        elif lines:
            yield lines[0]


def _may_repeat(text: str, min_chars: int) -> bool:
    """False when no two paragraphs can be the same after normalising: no two
    long enough share their first and last word and their count of "e"
    (which normalising whitespace cannot change). Cheaper than normalising
    every paragraph, which makes a string of every word."""
    keys: set[tuple[str, str, int]] = set()
    for unit in _units(text):
        if len(unit) < min_chars:
            continue  # normalising never lengthens
        head = unit.split(None, 1)
        if not head:
            continue
        key = (head[0], unit.rsplit(None, 1)[-1], unit.count("e"))
        if key in keys:
            return True
        keys.add(key)
    return False


# Every byte of the UTF-8 of a whitespace character and of a character
# _blank ignores. Deleting them from a paragraph's bytes gives a key that
# normalising its whitespace cannot change (see _distinct_paragraphs).
_KEY_DELETE = bytes(sorted({b for c in _WHITESPACE_CHARS + "".join(_INVISIBLE_CHARS) for b in c.encode()}))


def _distinct_paragraphs(text: str, min_chars: int) -> bool | None:
    """True when no two paragraphs can be the same after normalising, told
    from the text's UTF-8 by C-level operations, without a Python loop over
    its lines: a paragraph's key is its bytes without any byte of
    _KEY_DELETE, so two paragraphs equal after normalising have equal keys,
    and no two paragraphs long enough sharing a key settles it. None when
    the bytes cannot tell: a huge text, or a line that is not empty but has
    an empty key (blank, or made only of characters whose bytes all lie in
    _KEY_DELETE, such as "©"), where the paragraphs cannot be told from the
    empty lines."""
    data = utf8(text)
    if data is None:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    lines = data.split(b"\n")
    filled = list(filter(None, lines))
    keys = list(map(bytes.translate, filled, repeat(None), repeat(_KEY_DELETE)))
    if b"" in keys:
        return None
    # Now the blank lines are the empty ones. A line of fewer bytes than
    # min_chars has fewer characters, and normalising never lengthens: it
    # cannot count.
    units = list(compress(keys, map(min_chars.__le__, map(len, filled))))
    # A block of several lines is a unit too, its key its lines' keys run
    # together: found as a run in a byte string of one flag a line.
    flags = bytes(map(bool, lines))
    start, end, first = flags.find(b"\x01\x01"), 0, 0
    while start >= 0:
        first += flags.count(b"\x01", end, start)  # the block's first line's place in `keys`
        end = flags.find(b"\x00", start)
        end = len(flags) if end < 0 else end
        if sum(map(len, lines[start:end])) + end - start - 1 >= min_chars:
            units.append(b"".join(keys[first : first + end - start]))
        first += end - start
        start = flags.find(b"\x01\x01", end)
    return len(set(units)) == len(units)


def find_repeated_paragraphs(text: str, min_chars: int = 40, min_words: int = 6) -> Iterator[Hit]:
    """A paragraph (a block between blank lines, or a line of a multi-line
    block, for scrapes that put one paragraph on each line) that repeats an
    earlier one of the same document word for word, after whitespace is
    normalised. Short repeats ("Photo: Reuters", "(AP)") do not count: a
    paragraph needs `min_chars` characters and `min_words` words. The fix
    deletes the repeat with the blank line that set it off."""
    if "\n" not in text and "\r" not in text:
        return  # one line: nothing to repeat
    distinct = _distinct_paragraphs(text, min_chars)
    if distinct or (distinct is None and not _may_repeat(text, min_chars)):
        return  # nearly every document: told without a Python loop over its lines
    yield from _repeated_paragraphs(text, min_chars, min_words)


def _repeated_paragraphs(text: str, min_chars: int, min_words: int) -> Iterator[Hit]:
    doc = Document.of(text)
    seen: set[str] = set()
    blocks = _paragraphs(doc)
    repeats: dict[int, str] = {}  # block index -> its normalised text
    line_repeats: dict[int, str] = {}  # line start -> its normalised text
    for bi, block in enumerate(blocks):
        normal = _normalise(text[block[0][0] : block[-1][1]])
        if not _long_enough(normal, min_chars, min_words):
            pass
        elif normal in seen:
            repeats[bi] = normal
            continue
        else:
            seen.add(normal)
        if len(block) == 1:
            continue
        repeated_lines = []
        added_here = set()
        for line in block:
            line_normal = _normalise(text[line[0] : line[1]])
            if not _long_enough(line_normal, min_chars, min_words):
                continue
            if line_normal in seen:
                line_repeats[line[0]] = line_normal
                repeated_lines.append(line[0])
            else:
                seen.add(line_normal)
                added_here.add(line_normal)
        if repeated_lines:
            # Without its repeated lines the block may repeat an earlier one
            # (not a line of its own): then it goes whole now, not in a
            # second pass.
            rest = _normalise(" ".join(text[line[0] : line[1]] for line in block if line[0] not in line_repeats))
            if rest in seen and rest not in added_here and _long_enough(rest, min_chars, min_words):
                for at in repeated_lines:
                    del line_repeats[at]
                repeats[bi] = rest
    yield from _delete_blocks(blocks, repeats, line_repeats)
    deleted = frozenset(line_repeats)  # deleted together: one blank line stays
    for at, line_normal in line_repeats.items():
        start, end, blank = line_deletion(doc, at, deleted)
        yield Hit(start, end, blank, {"preview": line_normal[:60]}, deletes_line=at)


def _delete_blocks(
    blocks: list[list[tuple[int, int, int]]], repeats: dict[int, str], line_repeats: dict[int, str]
) -> Iterator[Hit]:
    """One deletion per repeated block, none overlapping another. A block
    goes with the blank lines after it, up to the next paragraph. The run of
    repeated blocks that ends the document is one deletion, from the end of
    the last kept text through the last block's text (keeping the last line
    ending, so the document still ends as it did); repeated lines at the end
    of the paragraph before it join that deletion (and leave `line_repeats`)."""
    last = len(blocks) - 1
    tail = last  # first block of the run of repeats that ends the document
    while tail in repeats and tail - 1 in repeats:
        tail -= 1
    for bi, normal in sorted(repeats.items()):
        block = blocks[bi]
        if last not in repeats or bi < tail:
            start, end = block[0][0], blocks[bi + 1][0][0]
        elif bi == tail:
            # Back over the repeated lines before the run; a paragraph made
            # only of repeated lines goes with it (its own line deletions
            # would overlap this one).
            b = bi - 1
            while True:
                prev = blocks[b]
                k = len(prev) - 1
                while k >= 0 and prev[k][0] in line_repeats:
                    del line_repeats[prev[k][0]]
                    k -= 1
                if k >= 0 or b == 0:
                    break
                b -= 1
            start, end = (prev[k][1] if k >= 0 else prev[0][0]), blocks[last][-1][1]
        else:
            continue
        yield Hit(start, end, "", {"preview": normal[:60]}, edits=((start, end, ""),))


# --- truncated-ending ------------------------------------------------------

_TERMINAL = set(".!?\"”'’)…:»]›」』。！？*")
_LABEL_START = lazy_re(
    r"(?i)^[(\[]?(?:(?:additional )?reporting|editing|writing|compiled|produced|translated|"
    r"source|sources|tags?|topics?|photo|photos|image|images|video|copyright|©|follow|contact|e-?mail|"
    r"updated|published|posted|by|read more|more|related|share|advertisement)\b"
)
_LIST_ITEM = lazy_re(r"^(?:[-*•·▪–—]\s|\d{1,3}[.)]\s)")
_TAIL_TOKEN = lazy_re(r"(?:https?://|www\.)\S+$|\S+@\S+\.\w+$|#\w+$")
_NON_SPACE = lazy_re(r"\S")
_CONTINUES = set(",;–—-/&(“‘")
# Words a sentence cannot end on: a short last line ending with one of them
# was cut off, not a label.
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to in on at for with by from into onto than that which who whose whom "
    "until as if because while when where whether is are was were be been has have had will would "
    "could should can may might must said says its their his her our my your "
    "not between despite against among through across towards toward about via also very being".split()
)
# A pronoun and a lower-case word: a sentence, not a label.
_SENTENCE_START = lazy_re(r"(?:He|She|It|They|We|I)\s+[a-z]")
# How much of a very long last line is read: its end is enough, and the
# check stays constant work on a one-line document of any size.
_TAIL_CHARS = 4000


def find_truncated_ending(text: str, label_words: int = 6, headline_words: int = 20) -> Iterator[Hit]:
    """A document whose last line stops mid-sentence: no closing punctuation
    (. ! ? … : a closing quote or bracket), or a bare ellipsis right after a
    word ("... the minister said the…", the mark of a teaser or a length
    limit). Not flagged: a one-line document of at most `headline_words`
    words (a headline), a short label-like last line of at most
    `label_words` words (a byline, a credit, "More on this story") unless it
    opens with a quote or ends with a comma, semicolon, dash or a word no
    sentence ends on ("the", "and", "until", "not"), a credit or byline line
    of any length ("Reporting by ..."), a list item, a line ending in a
    number (a score, the dates under an obituary) unless a word no sentence
    ends on stands before it ("between 10"), a line in title case or
    capitals, and a line ending in a link, an address or a hashtag."""
    # Only the end of the document is read: constant work, whatever its size.
    content_end = _content_end(text)
    if content_end == 0:
        return
    start = max(text.rfind("\n", 0, content_end), text.rfind("\r", 0, content_end)) + 1
    whole = content_end - start <= _TAIL_CHARS  # the line is read from its start
    raw = text[start if whole else content_end - _TAIL_CHARS:content_end]
    line = raw.strip()
    last = line[-1]
    ellipsis = 3 if line.endswith("...") else 1 if last == "…" else 0
    if not ellipsis and (last in _TERMINAL or not (last.isalnum() or last in _CONTINUES)):
        return  # punctuation that closes, or a symbol or emoji
    words = line.split()
    if whole and not _NON_SPACE.search(text, 0, start) and len(words) <= headline_words:
        return  # a document of one short line: a headline
    if whole and (_LABEL_START.match(line) or _LIST_ITEM.match(line)):
        return
    at = start + len(raw) - len(raw.lstrip()) if whole else content_end - len(line)
    end = at + len(line)
    if ellipsis:
        body = line[:-ellipsis].rstrip()
        if len(body.split()) >= 3 and (body[-1].isalnum() or body[-1] in ",;&"):
            yield Hit(end - ellipsis, end, None, {"tail": " ".join(words[-6:])})
        return
    ends_open = last in _CONTINUES or words[-1].lower() in _FUNCTION_WORDS
    if not ends_open:
        # A short line is a label, unless it opens a quotation or a
        # sentence ("He was recently re-elected"); a line
        # ending in a number is data (a score, an obituary's "born 2
        # February 1941; died 9 March 2025"), unless the number follows a
        # word no sentence ends on ("... all that stand between 10").
        if len(words) <= label_words and not (whole and (line[0] in "\"“‘" or _SENTENCE_START.match(line))):
            return
        if last.isdigit() and (len(words) < 2 or words[-2].lower() not in _FUNCTION_WORDS):
            return
        if _TAIL_TOKEN.search(line) or not any(c.islower() for c in line):
            return
        capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if capitalised >= 0.8 * len(words):
            return
    yield Hit(max(at, end - 1), end, None, {"tail": " ".join(words[-6:])})


# --- trailing-whitespace ---------------------------------------------------

_SPACES = " \t\u00a0\u2007\u202f\u3000\u2000-\u200a\u205f\u1680"
_TRAILING = lazy_re(rf"(?<![{_SPACES}])[{_SPACES}]+(?=[\r\n]|\Z)")
_SPACE_CHARS = frozenset(" \t\u00a0\u2007\u202f\u3000\u1680\u205f" + "".join(map(chr, range(0x2000, 0x200B))))
# A line ending after a space: patterns that start with a literal, so re
# jumps from line ending to line ending (a character class is tested at
# every character, several times slower).
_LF_AFTER_SPACE = lazy_re(rf"\n(?<=[{_SPACES}]\n)")
_CR_AFTER_SPACE = lazy_re(rf"\r(?<=[{_SPACES}]\r)")


def find_trailing_whitespace(text: str) -> Iterator[Hit]:
    """Spaces, tabs and odd spaces before a line ending or at the end of the
    text; the fix deletes them. Whether there are any is decided first,
    exactly and cheaply: a space at the end of the text, or a line ending
    right after one (the end of the text cannot be a `requires` literal, so
    the rule carries its own prefilter)."""
    if not (
        (text and text[-1] in _SPACE_CHARS)
        or _LF_AFTER_SPACE.search(text) is not None
        or ("\r" in text and _CR_AFTER_SPACE.search(text) is not None)
    ):
        return
    for m in _TRAILING.finditer(text):
        yield Hit(m.start(), m.end(), "")
