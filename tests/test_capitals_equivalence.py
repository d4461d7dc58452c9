"""stray-capital's check gives exactly the findings it gave before it
scanned a sketch of the text (lintnews/checks/capitals.py): same spans,
messages and fixes, on texts built from the rule's examples, the clean news
fixtures, random capitals, letters outside ASCII (every letter, every code
point, in direct loops), digits, punctuation, every line break, and the
characters other rules delete. Each of the check's paths is forced in turn
(every character outside ASCII looked up, or curly quotes and Latin-1
lower-case letters classed at once first, a text mostly outside ASCII or
too long for bytes scanned by the regex module). The reference is a private copy of the check as it was.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

import lintnews.checks
from lintnews.checks import capitals, lazy_regex
from lintnews.checks._text import DELETED_ELSEWHERE, has_deleted_elsewhere, judged_without_deleted
from lintnews.kinds.python import Hit

ROOT = Path(__file__).resolve().parent.parent
RULE = yaml.safe_load((ROOT / "rules" / "stray-capital.yaml").read_text(encoding="utf-8"))
WORDS: list[str] = RULE["arguments"]["words"]
EXAMPLES = [e["text"] if isinstance(e, dict) else e for e in RULE["examples"]["flag"] + RULE["examples"]["pass"]]
CLEAN = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "clean_news").glob("*.txt"))]


# --- the reference: the check before the sketch (verbatim) -------------------------

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
def old_stray_capitals(text: str, words: Sequence[str] = ()) -> Iterator[Hit]:
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


# --- the comparison ---

_LU = regex.compile(r"\p{Lu}")
_LL = regex.compile(r"\p{Ll}")
_CASED_OR_LETTER = regex.compile(r"[\p{L}\p{Lu}\p{Ll}\p{Lt}]")

# The check's paths, each forced in turn: as shipped; characters outside
# ASCII classed at once where it can; each looked up; the sketch even for a
# text mostly outside ASCII; the regex module for any character outside
# ASCII; and for a text too long for bytes.
PATHS: list[dict[str, int]] = [
    {},
    {"_FEW_OTHERS": -1},
    {"_FEW_OTHERS": 1 << 30},
    {"_OTHER_SHARE": 0},
    {"_OTHER_SHARE": 1 << 30},
    {"BYTE_TESTS_UP_TO": 0},
    {"BYTE_TESTS_UP_TO": 0, "REGEX_BATCH": 1},  # a huge text's candidates in batches
]


@contextmanager
def forced(**values: int) -> Iterator[None]:
    saved = {}
    for name, value in values.items():
        module = lintnews.checks if name == "BYTE_TESTS_UP_TO" else capitals
        saved[name] = (module, getattr(module, name))
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, (module, value) in saved.items():
            setattr(module, name, value)


def assert_same(text: str) -> None:
    expected = list(old_stray_capitals(text, WORDS))
    for path in PATHS:
        with forced(**path):
            assert list(capitals.stray_capitals(text, WORDS)) == expected, (path, text)


def reference_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """_CANDIDATE's matches as the old check sorted them: inside a word, and
    after a space or tab with a space or tab and a lower-case character
    after the word (the old check passed over the others)."""
    inside, after = [], []
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if not text[start - 1].isspace():
            inside.append((start, end))
        elif end + 1 < len(text) and text[end] in " \t" and text[end + 1].islower():
            after.append((start, end))
    return inside, after


def sketch_of(text: str) -> bytes | bytearray | None:
    return capitals._sketch(text, text.encode("utf-8", "surrogatepass"))


def expected_class(char: str) -> int:
    if char.isascii():
        return ord("a" if "a" <= char <= "z" else "A" if "A" <= char <= "Z" else " " if char in " \t" else ".")
    if _LU.match(char):
        return ord("A")
    if _LL.match(char):
        return ord("a" if char.islower() else "b")
    return ord("l" if char.islower() else ".")


ALL_CHARS = [chr(cp) for cp in range(0x110000)]
KEPT_CHARS = [c for c in ALL_CHARS if not DELETED_ELSEWHERE.match(c)]
LETTERS = [c for c in ALL_CHARS if _CASED_OR_LETTER.match(c) or c.isalpha() or c.islower() or c.isupper() or c.istitle()]


def test_no_capital_is_lower_case() -> None:
    # The sketch gives a character one class: "A" where \p{Lu}, though a
    # lower-case character may follow a word ("l"). Were a capital also
    # str.islower() (a later Unicode version for one of the two), it would
    # need a class of its own.
    assert [c for c in ALL_CHARS if _LU.match(c) and c.islower()] == []


def test_e2_special_holds_every_cased_or_deleted_character() -> None:
    special = re.compile(capitals._E2_SPECIAL)  # searched for: a match at the character is enough
    for cp in range(0x2000, 0x3000):
        char = chr(cp)
        if _CASED_OR_LETTER.match(char) or char.isalpha() or char.islower() or char.isupper() or char.istitle() or DELETED_ELSEWHERE.match(char):
            assert special.match(char.encode()), hex(cp)


@pytest.mark.parametrize("path", [{"_FEW_OTHERS": -1}, {"_FEW_OTHERS": 1 << 30}], ids=["shortcuts", "looked-up"])
def test_sketch_class_of_every_character(path: dict[str, int]) -> None:
    """Every character but those other rules delete, behind an "x" (so its
    class is every second byte), in texts of a few thousand; curly quotes
    and dashes also in texts without a cased character led by 0xE2, where
    they are "." at once."""
    e2_plain = [c for c in KEPT_CHARS if 0x2000 <= ord(c) < 0x3000 and not re.match(capitals._E2_SPECIAL, c.encode())]
    with forced(_OTHER_SHARE=0, **path):
        for chars in (KEPT_CHARS, e2_plain):
            for i in range(0, len(chars), 4000):
                chunk = chars[i:i + 4000]
                sketch = sketch_of("".join("x" + c for c in chunk))
                assert sketch is not None
                got = sketch[1::2]
                want = bytes(map(expected_class, chunk))
                if got != want:
                    wrong = [hex(ord(c)) for c, g, w in zip(chunk, got, want) if g != w]
                    pytest.fail(f"wrong class for {wrong[:20]}")


@pytest.mark.parametrize("path", [{"_FEW_OTHERS": -1}, {"_FEW_OTHERS": 1 << 30}], ids=["shortcuts", "looked-up"])
def test_sketch_tells_every_character_other_rules_delete(path: dict[str, int]) -> None:
    """A sketch for a text is made only when the text holds no character
    that judged_without_deleted would remove (it decides otherwise)."""
    pad = "x" * 40
    with forced(_OTHER_SHARE=0, **path):
        for cp in [*range(0x10000), 0x1D400, 0x10FFFF]:
            text = f"ab {chr(cp)} cd’s “é”{pad}"
            assert (sketch_of(text) is None) == has_deleted_elsewhere(text), hex(cp)


def letter_contexts(chars: Sequence[str]) -> str:
    """Each character as a capital after a space and inside a word, inside
    a lower-case run, before a capital, before the space ahead of one,
    after a candidate word, and as the evidence for an unlisted word (its
    lower-case twin once elsewhere)."""
    parts = []
    for c in chars:
        low = c.lower()
        parts.append(
            f"so {c}ab cd. ab{c}cd and {c}Bc. so Ab{c} cd. a{c}Bcd. so{c} Abc de. so Abc {c}d. "
            f"we saw {c}ey now. the {low}ey one. {c}\tAx {c}x\n"
        )
    return "".join(parts)


def test_candidates_and_findings_of_every_letter() -> None:
    for i in range(0, len(LETTERS), 400):
        text = letter_contexts(LETTERS[i:i + 400])
        with forced(_OTHER_SHARE=0):
            sketch = sketch_of(text)
            assert sketch is not None
            assert capitals._sketch_spans(sketch) == reference_spans(text), i
        expected = list(old_stray_capitals(text, WORDS))
        assert list(capitals.stray_capitals(text, WORDS)) == expected, i


def test_words_known_by_search_and_by_count() -> None:
    """_Vocabulary answers its first questions by search, the rest from
    counted words: both as Counter(findall) answers."""
    texts = [*EXAMPLES, *CLEAN[:3], "İstanbul iSTANBUL i\u0307stanbul ǅemal ǆemal ab-cd ab’cd 𝐀b Ab ab\u00adcd Ⅰx ⓐb"]
    for text in texts:
        counts = Counter(_LETTERS.findall(text))
        words = {*counts, *(w.lower() for w in counts), *(w.upper() for w in counts), "", " ", "ab cd", "i\u0307"}
        searched = capitals._Vocabulary(text)
        counted = capitals._Vocabulary(text)
        counted._asked = capitals._Vocabulary.SEARCHES
        for word in sorted(words):
            searched._asked = 0
            assert searched.has(word) == (counts[word] > 0) == counted.has(word), (word, text[:40])


def test_many_capitals_inside_words() -> None:
    # More than _Vocabulary.SEARCHES questions in one document.
    words = ["hospItal", "imPortant", "WHen", "arrivalHe", "intoPakistan", "OBrien", "Obrien", "iPhone", "MPs", "deVries"]
    text = " ".join(words * 3) + ". The hospital and the important arrival. " + " ".join(w.lower() for w in words) + ".\n"
    assert_same(text)


# --- random texts --------------------------------------------------------------------

_FRAGMENTS = sorted({w for t in EXAMPLES for w in t.split()} | {line for t in CLEAN for line in t.splitlines() if line})
_OTHER_LETTERS = "éÉßřŘáüÜçñÑøØœŒªµºʰǅǈℂⅠⅰⒶⓐⁱⁿ𝐀𝐚İıſﬀΣσςΩωДдЖжԱաაⴀᏎꭰǄǆǇǉ"
_SPACES = [" ", " ", " ", "\t", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\xa0", "\u2009", "\u3000", ""]
_DELETED = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"]
_PUNCT = list(".,;:!?…’‘“”\"'()[]—–-@#/\\_=*&%$€£©™0123456789") + ["...", ". ", ", ", "’s", "n’t", "\ud800"]


def _capitalised(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flips: "".join(c.upper() if f else c for c, f in zip(word, flips))
    )


_words = st.sampled_from([*WORDS, *(w.lower() for w in WORDS), "tuesday", "Tuesday", "flooding", "Flooding", "government",
                          "Government", "the", "of", "and", "interim", "du", "said", "hospital", "when", "pakistan", "into"])
_fragment = st.one_of(
    st.sampled_from(EXAMPLES),
    st.sampled_from(_FRAGMENTS),
    _words,
    _words.flatmap(_capitalised),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=9),
    st.text(alphabet="abcdeAB" + _OTHER_LETTERS, min_size=1, max_size=6),
    st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "So", "Mn"]),
    st.sampled_from(_PUNCT),
    st.sampled_from(_DELETED),
    st.sampled_from(["Москва москва Київ", "Αθήνα αθήνα", "Dvořák dvořák Zürich"]),
)
_texts = st.lists(st.tuples(_fragment, st.sampled_from(_SPACES)), max_size=60).map(lambda parts: "".join(a + b for a, b in parts))


@given(_texts)
@example("Officials say the flooding is easing, but rescuers fear Flooding will return next week.\n")
@example("Russia continues an offensive, a humanitarian crisis And tens of thousands died.\n")
@example("what \ufeffCalls for a ceasefire — was drawn up.\n")
@example("The injured driver was taken to hosp\u00adItal, where he died.\n")
@example(" Abc de. a\u2028 Tens of them.\r\nso Tuesday come. a tuesday.")
@example("Москва Москва Москва Москва Москва a crisis And tens of thousands.")
@example("He was taken to hospItal. Later a crisis And tens of thousands died, WHen the vote came.\n")
def test_same_findings_on_random_texts(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize("text", [*EXAMPLES, *CLEAN])
def test_same_findings_on_examples_and_clean_news(text: str) -> None:
    assert_same(text)
    assert_same(text.replace("\n", "\r\n"))
    assert_same(text.upper())
