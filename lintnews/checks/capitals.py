"""Stray capitals: a capitalised common word in mid-sentence, left by a
spinner or a stripped link ("a crisis And tens of thousands", "issued
Arrest warrant"), and a capital inside a word, left by a broken case
conversion or a slipped shift key ("in hospItal", "WHen the vote")."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

from lintnews.checks import lazy_regex
from lintnews.checks._text import judged_without_deleted
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
    """The document's words, counted by their exact spelling: built on first
    use, only for a document with a candidate that needs it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(_LETTERS.findall(self.text))
        return self._counts

    def lower(self, word: str) -> int:
        return self.counts[word.lower()]

    def any_case(self, word: str) -> int:
        return self.counts[word.lower()] + self.counts[word.capitalize()] + self.counts[word.upper()]


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


def _mid_sentence_capital(text: str, word: str, start: int, before: str) -> bool:
    """An unlisted capitalised word between two lower-case words is a stray
    capital when the document writes it in lower case elsewhere, never
    capitalises it anywhere else, and no name particle or title word stands
    beside it ("the Government", "interim President", "Securities and
    Exchange"). Cheapest tests first: most candidates are names."""
    if before in _NAME_BEFORE or _word_after(text, start + len(word)) in _NAME_AFTER:
        return False
    # Most candidates are names, never written in lower case: that test
    # usually ends the search before the count.
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
        if vocab.lower(fixed):
            return Hit(start, end, fixed, _INSIDE, unsafe=True)
        if token.casefold() in _INNER_OK or head in _PARTICLES:
            return None
        if len(head) >= 3 and (tail in _STARTERS or vocab.any_case(head) or vocab.counts[tail]):
            return None  # two words run together: "arrivalHe", "untilMonday": run-together-words' finding
        return Hit(start, end, fixed, _INSIDE, unsafe=True)
    if len(head) == 1 and head.isupper() and head.lower() != head and tail[1:].islower():  # "WHen"
        fixed = token.capitalize()
        if token in _DOUBLE_OK or tail[1:] == "s":  # "MHz", "MPs", "TVs"
            return None
        if head == "O" and not (vocab.counts[fixed] or vocab.lower(fixed)):
            return None  # an Irish name that lost its apostrophe: "OBrien"
        return Hit(start, end, fixed, _INSIDE, unsafe=True)
    return None


@judged_without_deleted
def stray_capitals(text: str, words: Sequence[str] = ()) -> Iterator[Hit]:
    """Stray capitals, each fixed (unsafely) by lower-casing the capital:
    - a capitalised word between two lower-case words, in a line that ends
      like a sentence and is not in title case: always when it is listed in
      `words` (function words), otherwise when the document writes it in
      lower case elsewhere and never capitalised (see _mid_sentence_capital);
    - a capital inside a word (see _inner_capital)."""
    listed = _listed(tuple(words))
    vocab = _Vocabulary(text)
    hits: list[Hit] = []
    lines_ok: dict[int, bool] = {}
    size = len(text)
    last = -1
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if start < last:
            continue
        if not text[start - 1].isspace():
            hit = _inner_capital(text, start, vocab)
            if hit is not None:
                hits.append(hit)
                last = hit.end
            continue
        # A capitalised word after a space: between two lower-case words?
        if end + 1 >= size or text[end] not in " \t" or not text[end + 1].islower():
            continue
        word = m.group()
        if word.lower() == word:
            continue  # a capital with no lower case: nothing a fix could change
        before = _word_before(text, start - 1, 0)
        if not (before.isalpha() and before.islower()):
            continue
        if word not in listed and not _mid_sentence_capital(text, word, start, before):
            continue
        line_start, line_end = _line_at(text, start)
        ok = lines_ok.get(line_start)
        if ok is None:
            line = text[line_start:line_end]
            ok = lines_ok[line_start] = bool(_SENTENCE_END.search(line)) and not _title_case(line)
        if ok:
            hits.append(Hit(start, end, word.lower(), _MID, unsafe=True))
    yield from hits
