"""Stray capitals: a capitalised common word in mid-sentence, left by a
spinner or a stripped link ("a crisis And tens of thousands", "issued
Arrest warrant"), and a capital inside a word, left by a broken case
conversion or a slipped shift key ("in hospItal", "WHen the vote")."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import compress, starmap
from operator import attrgetter

from lintnews import checks
from lintnews.checks import DELETED_ELSEWHERE, lazy_regex
from lintnews.checks._text import _NOT_DELETED_BYTE, judged_without_deleted
from lintnews.document import Document
from lintnews.kinds.python import Hit

# A line that does not end like a sentence is a headline, caption or label,
# where title case is normal.
_SENTENCE_END = lazy_regex(r"[.!?…][\"”’')\]]*[ \t]*$")
_WORD = lazy_regex(r"\p{L}[\p{L}'’-]*")

# One scan for both kinds of candidate, starting at the capital so that the
# engine jumps from capital to capital: a capitalised word after a
# lower-case letter and a space ("crisis And tens"; the space and
# lower-case letter after it are checked in Python), or a capital inside a
# word, after a letter and before a lower-case one ("hospItal", "WHen").
_CANDIDATE = lazy_regex(r"\p{Lu}(?<=[\p{Ll}\p{Lu}]\p{Lu}|\p{Ll}[ \t]\p{Lu})\p{Ll}+")
# (Only texts mostly outside ASCII, huge ones and those holding characters
# other rules delete are scanned so; the others on a sketch, see the end of
# this module, where _LU_OR_LL classes a character.)
_LU_OR_LL = lazy_regex(r"(\p{Lu})|\p{Ll}")
# The whole token around an inner capital: letters only, not part of a
# handle, hashtag, path, file name or identifier.
_EDGE_BEFORE = "'’@#/\\._"
_EDGE_AFTER = "@/\\_"
_LETTERS = lazy_regex(r"\p{L}+")
# Letters of mojibake ("â€œWe", "UNâ€™s").
_MOJIBAKE = lazy_regex(r"[âÃÂœ]")
# After a code identifier: an assignment, a key's colon, a call.
_IDENTIFIER_AFTER = lazy_regex(r"[ \t]*[:=(]")

# Words written with a lower-case initial and a capital inside on purpose:
# brands, products and units (compared casefolded).
_INNER_OK = frozenset("""
    iphone iphones ipad ipads ipod ipods imac imacs itunes icloud ibook imessage iplayer iwatch irobot
    ebay ebook ebooks ecommerce esports evisa etoro emails ereader ereaders elearning egovernment ehealth
    eticket etickets edreams efootball easyjet easyhotel easycar airbaltic wikihow deviantart yougov myspace
    airbnb eharmony macos watchos tvos ipados visionos eprix freecodecamp myheritage paypal thredup ultrahd
    kwh khz kpa mah mmhg
""".split())
# Units and the like written with two capitals first.
_DOUBLE_OK = frozenset("""
    MHz GHz THz KHz MWh GWh TWh MWe GWe MVA MBq GBq
""".split())
# Lower-case name particles ("duPlessis", "deVries", "vanDyke").
_PARTICLES = frozenset("du de da di la le van von der den ter ten mac del della".split())
# Capitalised words that start a sentence: a lower-case word glued to one
# ("arrivalHe", "ministryThe") is run-together-words' finding, not a capital.
_STARTERS = frozenset("""
    The He She It They We In A An But And This That These There Mr Mrs Ms Dr His Her Its Our Their
    On At As After When While If For To Some One I
""".split())

# Words that stand before or after a capitalised common word inside a name
# ("the Government", "Institute of Health and Welfare", "Theatre du
# Chatelet") or a title ("interim President", "acting Premier").
_NAME_BEFORE = frozenset("the of and for du de da la le von van al el interim acting former".split())
_NAME_AFTER = frozenset("of and de du".split())


_MID = {"where": "capitalised in mid-sentence (a spinner or a stripped link left it)"}
_INSIDE = {"where": "a capital inside the word (a broken case conversion)"}


@lru_cache(maxsize=8)
def _listed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def _title_case(line: str) -> bool:
    words = _WORD.findall(line)
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 4 and capitalised * 4 > len(words) * 3


def _line_at(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i != -1]
    return start, min(ends) if ends else len(text)


def _word_before(text: str, space: int, line_start: int) -> str:
    """The word ending just before text[space], when it starts the line or
    follows whitespace. Any whitespace counts, a stray vertical tab too, so
    the verdict does not change when control-character deletes one (fixes
    settle in one pass)."""
    start = space
    while start > line_start and not text[start - 1].isspace():
        start -= 1
    return text[start:space]


def _word_after(text: str, space: int) -> str:
    end = space + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[space + 1:end]


class _Vocabulary:
    """Which words the document holds, by their exact spelling (maximal runs
    of \\p{L}). The first few questions are answered by searching the text
    for the word; later ones by counting all its words once (the regex
    module's findall over a whole article costs ~500,000 instructions, a
    search a few thousand)."""

    SEARCHES = 8

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: Counter[str] | None = None
        self._asked = 0

    def has(self, word: str) -> bool:
        if self._counts is None:
            self._asked += 1
            if self._asked <= self.SEARCHES:
                return self._search(word)
            self._counts = Counter(_LETTERS.findall(self.text))
        return self._counts[word] > 0

    def _search(self, word: str) -> bool:
        if not word or not _LETTERS.fullmatch(word):
            return False  # never a run of letters of its own
        text = self.text
        size = len(word)
        at = text.find(word)
        while at != -1:
            end = at + size
            if not (at and _is_letter(text[at - 1])) and not (end < len(text) and _is_letter(text[end])):
                return True
            # (An occurrence starting inside this one would follow a letter.)
            at = text.find(word, end)
        return False


# Character -> whether it is \p{L} (as _LETTERS sees it), remembered.
_LETTER: dict[str, bool] = {}


def _is_letter(char: str) -> bool:
    known = _LETTER.get(char)
    if known is None:
        known = _LETTERS.match(char) is not None
        if len(_LETTER) < 4096:
            _LETTER[char] = known
    return known


def _whole_word_count(text: str, word: str, limit: int) -> int:
    """How many times `word` stands in text as a whole word (not inside
    another: "WHen" holds "Hen" but does not count), counting up to `limit`."""
    count = 0
    at = text.find(word)
    while at != -1 and count < limit:
        end = at + len(word)
        if not (at and text[at - 1].isalpha()) and not (end < len(text) and text[end].isalpha()):
            count += 1
        at = text.find(word, end)
    return count


def _written_lower(text: str, word: str) -> bool:
    """Whether `word` appears in lower case, as a whole word, in text."""
    lower = word.lower()
    at = text.find(lower)
    while at != -1:
        end = at + len(lower)
        if not (at and text[at - 1].isalpha()) and not (end < len(text) and text[end].isalpha()):
            return True
        at = text.find(lower, end)
    return False


def _beside_name_word(text: str, end: int, before: str) -> bool:
    """Whether a name particle or title word stands before the capitalised
    word ending at text[end], or "of"/"and" after it ("the Government",
    "interim President", "Securities and Exchange"): then it is a name."""
    return before in _NAME_BEFORE or _word_after(text, end) in _NAME_AFTER


def _lower_elsewhere_only(text: str, word: str) -> bool:
    """Whether the document writes `word` in lower case elsewhere and never
    capitalises it anywhere else: the evidence that an unlisted capitalised
    word between two lower-case words is a stray capital. Most candidates
    are names, never written in lower case: that test usually ends the
    search before the count."""
    # Counted as whole words: "WHen" holds "Hen" but does not count as one, so
    # fixing it elsewhere cannot change this verdict.
    return _written_lower(text, word) and _whole_word_count(text, word, 2) == 1


def _inner_capital(text: str, at: int, vocab: _Vocabulary) -> Hit | None:
    """The token around the capital at text[at], if it is a common word with
    one stray capital: lower-case but for it ("hospItal", fixed to
    "hospital"), or capitalised with a second capital after the first
    ("WHen", fixed to "When")."""
    start = at
    while start and text[start - 1].isalpha():
        start -= 1
    end = at + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    if (start and text[start - 1] in _EDGE_BEFORE) or (end < len(text) and text[end] in _EDGE_AFTER):
        return None
    if end + 1 < len(text) and text[end] in "'’" and text[end + 1].isalpha() and text[end + 1] != "s":
        return None
    if _IDENTIFIER_AFTER.match(text, end) or (start and text[start - 1] in "\"'" and text.startswith(text[start - 1], end)):
        return None  # a setting or key: "trackingEnabled = null", "enableComments": true
    token = text[start:end]
    if _MOJIBAKE.search(token):
        return None  # "UNâ€™s": the mojibake rule's finding
    head, tail = token[:at - start], token[at - start:]
    if tail[0].lower() == tail[0]:
        return None  # a capital with no lower case (U+1D400 𝐀): nothing to fix, and no case slip
    if head.islower() and tail[1:].islower():  # "hospItal"
        fixed = token.lower()
        if vocab.has(fixed.lower()):
            return Hit(start, end, fixed, _INSIDE, unsafe=True)
        if token.casefold() in _INNER_OK or head in _PARTICLES:
            return None
        if len(head) >= 3 and (
            tail in _STARTERS or vocab.has(head.lower()) or vocab.has(head.capitalize()) or vocab.has(head.upper())
            or vocab.has(tail)
        ):
            return None  # two words run together: "arrivalHe", "untilMonday": run-together-words' finding
        return Hit(start, end, fixed, _INSIDE, unsafe=True)
    if len(head) == 1 and head.isupper() and head.lower() != head and tail[1:].islower():  # "WHen"
        fixed = token.capitalize()
        if token in _DOUBLE_OK or tail[1:] == "s":  # "MHz", "MPs", "TVs"
            return None
        if head == "O" and not (vocab.has(fixed) or vocab.has(fixed.lower())):
            return None  # an Irish name that lost its apostrophe: "OBrien"
        return Hit(start, end, fixed, _INSIDE, unsafe=True)
    return None


def _mid_sentence_hits(text: str, spans: list[tuple[int, int]], listed: frozenset[str]) -> list[Hit]:
    """Capitalised words between two lower-case words (spans: each after a
    space or tab, before a space or tab and a lower-case character), in a
    line that ends like a sentence and is not in title case: listed ones,
    and others on the document's evidence (_lower_elsewhere_only)."""
    words = list(map(text.__getitem__, starmap(slice, spans)))
    # The evidence is asked once a word: most candidates are names, and most
    # articles have no finding. Each candidate stands as a whole word: one
    # that stands twice is capitalised elsewhere, with no search of the text.
    distinct = set(words)
    flagged = distinct & listed
    for word in distinct - listed:
        if words.count(word) < 2 and _lower_elsewhere_only(text, word):
            flagged.add(word)
    if not flagged:
        return []
    hits: list[Hit] = []
    lines_ok: dict[int, bool] = {}
    for (start, end), word in zip(spans, words):
        if word not in flagged or word.lower() == word:
            continue  # (no lower case for its capital: nothing a fix could change)
        before = _word_before(text, start - 1, 0)
        if not (before.isalpha() and before.islower()):
            continue
        if word not in listed and _beside_name_word(text, end, before):
            continue
        line_start, line_end = _line_at(text, start)
        ok = lines_ok.get(line_start)
        if ok is None:
            line = text[line_start:line_end]
            ok = lines_ok[line_start] = bool(_SENTENCE_END.search(line)) and not _title_case(line)
        if ok:
            hits.append(Hit(start, end, word.lower(), _MID, unsafe=True))
    return hits


def _findings(text: str, inside: list[tuple[int, int]], after: list[tuple[int, int]], words: Sequence[str]) -> list[Hit]:
    """The check's findings from its candidates (see _sketch_spans), in order."""
    hits = _mid_sentence_hits(text, after, _listed(tuple(words))) if after else []
    if inside:
        vocab = _Vocabulary(text)
        last = -1
        found = []
        for start, _end in inside:
            if start < last:
                continue  # inside the word of the previous finding
            hit = _inner_capital(text, start, vocab)
            if hit is not None:
                found.append(hit)
                last = hit.end
        if found:
            # A word after a space never overlaps a word with a capital inside.
            hits = sorted(hits + found, key=attrgetter("start"))
    return hits


def stray_capitals(text: str, words: Sequence[str] = ()) -> Iterator[Hit]:
    """Stray capitals, each fixed (unsafely) by lower-casing the capital:
    - a capitalised word between two lower-case words, in a line that ends
      like a sentence and is not in title case: always when it is listed in
      `words` (function words), otherwise when the document writes it in
      lower case elsewhere and never capitalised (see _lower_elsewhere_only);
    - a capital inside a word (see _inner_capital).
    Judged as if the characters other rules delete were gone (see
    judged_without_deleted): a text that holds none, nearly all, is checked
    as it is, on its sketch, which tells that too."""
    data = _utf8(text)
    sketch = None if data is None else _sketch(text, data)
    if sketch is None:
        return _judged(text, words)
    return iter(_findings(text, *_sketch_spans(sketch), words))


@judged_without_deleted
def _judged(text: str, words: Sequence[str] = ()) -> Iterator[Hit]:
    """The check of a text that may hold characters other rules delete (on
    the text without them), a text mostly outside ASCII, or a huge one."""
    data = _utf8(text)
    sketch = None if data is None else _sketch(text, data)
    if sketch is not None:
        yield from _findings(text, *_sketch_spans(sketch), words)
        return
    for inside, after in _regex_spans(text):
        yield from _findings(text, inside, after, words)


# --- the sketch ---------------------------------------------------------------
# The regex module walks every character with its Unicode classes, ~80
# instructions a character; stdlib re finds a literal byte ten times as
# fast. So the candidates are found on a sketch of the text: one byte per
# character, its class: "A" a capital (\p{Lu}), "a" a lower-case letter
# (\p{Ll} and str.islower()), "b" a \p{Ll} that Python's older Unicode does
# not call lower-case, "l" a lower-case character that is no \p{Ll} ("ª",
# "ʰ"), " " a space or tab, "D" a character other rules delete, "." anything
# else. It is the text's UTF-8, each byte mapped by one bytes.translate that
# also deletes the continuation bytes (each character keeps its lead byte,
# so offsets stay those of the text). A lead byte does not tell a
# character's class, so each character outside ASCII is looked up
# (_OTHER_CLASS), ~0.2 us each (a loop of C calls: split, map and join cost
# more). A text with many first gets cheaper: curly quotes and dashes
# (0xE2 ...) become "." at once when it holds no cased or deleted character
# led by 0xE2 (_E2_SPECIAL; an exhaustive test checks the list), and
# Latin-1 lower-case letters "a" (0xC3 0x9F-0xBF less "÷", replaced by a
# byte UTF-8 never uses, 0xF5). A text mostly outside ASCII (Cyrillic,
# Greek) is scanned by the regex module.
_CONTINUATION = bytes(range(0x80, 0xC0))
_SKETCH_TABLE = bytes(
    ord("a") if 0x61 <= b <= 0x7A or b == 0xF5 else ord("A") if 0x41 <= b <= 0x5A else ord(" ") if b in (0x20, 0x09)
    else ord("D") if b not in _NOT_DELETED_BYTE else ord(".") if b < 0x80 else ord("X")
    for b in range(256)
)
_SKETCH_TABLE_E2 = _SKETCH_TABLE[:0xE2] + b"." + _SKETCH_TABLE[0xE3:]
# Characters U+2000-U+2FFF (led by 0xE2) that are \p{Lu}, \p{Ll}, \p{Lt},
# \p{L} or cased for Python (with some room for later Unicode versions), or
# that other rules delete (U+200B-U+200D, U+2060).
_E2_SPECIAL = (
    rb"\xe2(?:\x80[\x8b-\x8d]|\x81[\xa0\xb0-\xbf]|\x82[\x80-\x9f]"
    rb"|\x84[\x80-\x93\x95\x99-\x9d\xa4\xa6\xa8\xaa-\xad\xaf-\xbf]|\x85|\x86[\x80-\x8f]|\x92[\xb6-\xbf]|\x93"
    rb"|[\xb0-\xb7]|\xb8\xaf)"
)
_LATIN1_LOWER = rb"\xc3[\x9f-\xb6\xb8-\xbf]"
# _CANDIDATE on the sketch: a capital after a letter, before a lower-case
# run (group 1), or after a lower-case letter and a space or tab, before a
# lower-case run, a space or tab and a lower-case character (the test the
# check makes next, so those that fail it never reach Python). With a
# literal first byte the search only stops at capitals.
_SKETCH_CANDIDATE = rb"A(?:(?<=[abA]A)([ab]+)|(?<=[ab] A)[ab]+(?= [al]))"
_compiled: tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]] | None = None
_span = re.Match.span
_inner = attrgetter("lastindex")  # 1 for a capital inside a word
# Character outside ASCII -> its class in the sketch (a byte value), asked
# of DELETED_ELSEWHERE, the regex module (its Unicode version decides, as
# in _CANDIDATE) and str.islower.
_OTHER_CLASS: dict[str, int] = {}
# With more continuation bytes than this, the two shortcuts above pay; with
# more than one in this many characters, the regex module's scan costs less.
_FEW_OTHERS = 64
_OTHER_SHARE = 16


def _utf8(text: str) -> bytes | None:
    """lintnews.checks.utf8 without its import inside (~0.7 us a call, a
    fortieth of the check)."""
    return None if len(text) > checks.BYTE_TESTS_UP_TO else Document.of(text).utf8()


def _patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    """(_SKETCH_CANDIDATE, _E2_SPECIAL, _LATIN1_LOWER), compiled on first
    use: a one-file run that never reaches the check compiles nothing."""
    global _compiled
    if _compiled is None:
        _compiled = (re.compile(_SKETCH_CANDIDATE), re.compile(_E2_SPECIAL), re.compile(_LATIN1_LOWER))
    return _compiled


def _other_class(char: str) -> int:
    known = _OTHER_CLASS.get(char)
    if known is not None:
        return known
    if DELETED_ELSEWHERE.match(char):
        known = ord("D")
    else:
        m = _LU_OR_LL.match(char)
        if m is None:
            known = ord("l") if char.islower() else ord(".")
        else:
            known = ord("A") if m.group(1) else ord("a") if char.islower() else ord("b")
    if len(_OTHER_CLASS) < 4096:
        _OTHER_CLASS[char] = known
    return known


def _sketch(text: str, data: bytes) -> bytes | bytearray | None:
    """The sketch of `text` (see above), from its UTF-8 `data`; None when
    the text holds a character other rules delete (as has_deleted_elsewhere
    tells, for a fraction of its cost) or is mostly outside ASCII."""
    others = len(data) - len(text)  # continuation bytes
    if not others:
        sketch = data.translate(_SKETCH_TABLE)
        return None if b"D" in sketch else sketch
    if others * _OTHER_SHARE > len(text):
        return None
    table = _SKETCH_TABLE
    if others > _FEW_OTHERS:
        _, e2_special, latin1_lower = _patterns()
        if b"\xe2" in data and e2_special.search(data) is None:
            table = _SKETCH_TABLE_E2
        if b"\xc3" in data:
            data = latin1_lower.sub(b"\xf5", data)
    sketch = data.translate(table, _CONTINUATION)
    at = sketch.find(b"X")
    if at != -1:
        patched = bytearray(sketch)
        known = _OTHER_CLASS.get
        find = sketch.find
        while at != -1:
            char = text[at]
            patched[at] = known(char) or _other_class(char)
            at = find(b"X", at + 1)
        return None if b"D" in patched else patched  # (re scans a bytearray as it is: no copy)
    return None if b"D" in sketch else sketch


def _sketch_spans(sketch: bytes | bytearray) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of _CANDIDATE's matches, in order: those inside a word, and
    those after a space or tab that a space or tab and a lower-case
    character follow (the others after a space are no finding)."""
    matches = list(_patterns()[0].finditer(sketch))
    spans = list(map(_span, matches))
    kinds = list(map(_inner, matches))
    if 1 not in kinds:
        return [], spans
    return list(compress(spans, kinds)), [span for span, kind in zip(spans, kinds) if kind is None]


# Candidates handed to _findings at a time on the regex path: a 100 MB text
# can hold millions (each a tuple in a list: ~120 bytes), so they go in
# batches, cut before a candidate after a space (never inside the word of
# an earlier finding), and the findings are the same.
REGEX_BATCH = 50_000


def _regex_spans(text: str) -> Iterator[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """The same by the regex module, on the text itself, in batches."""
    inside: list[tuple[int, int]] = []
    after: list[tuple[int, int]] = []
    size = len(text)
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if not text[start - 1].isspace():
            inside.append((start, end))
        elif end + 1 < size and text[end] in " \t" and text[end + 1].islower():
            if len(inside) + len(after) >= REGEX_BATCH:
                yield inside, after
                inside, after = [], []
            after.append((start, end))
    yield inside, after
