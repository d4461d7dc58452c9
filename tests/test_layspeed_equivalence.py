"""Shortcuts taken for speed change no result.

Each shortcut is compared with the logic it replaced, kept here as a private
copy (or the new shortcut switched off): the rule's findings and fixes, as
the engine produces them (shared Document, literal gate), must be identical
on texts made of the rules' own examples, the clean news fixtures, random
Unicode, and the shapes the shortcuts treat specially: every line ending
(CRLF, bare CR, U+2028/2029, NEL), control and zero-width characters, odd
spaces, long blank runs, the empty text, a text without a final newline.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document
from lintnews.kinds.python import Hit
from lintnews.registry import build_ruleset

from lintnews.checks import chrome, encoding, layout

RULESET = build_ruleset(Settings())
SPECS = RULESET.specs
CLEAN = sorted((Path(__file__).parent / "fixtures" / "clean_news").glob("*.txt"))
CLEAN_TEXTS = [p.read_text(encoding="utf-8") for p in CLEAN]


def _example_texts() -> list[str]:
    found: set[str] = set()
    for spec in SPECS.values():
        for ex in (*spec.flag_examples, *spec.pass_examples, *spec.known_failures):
            found.add(ex.text)
            found.update(line for line in re.split(r"\r\n|\r|\n", ex.text) if line.strip())
    return sorted(found)


EXAMPLES = _example_texts()
PARAGRAPHS = sorted({p for text in CLEAN_TEXTS for p in text.split("\n\n") if p.strip()})
# Characters the shortcuts treat specially: line endings of every kind,
# whitespace of every kind, characters other rules delete, characters whose
# UTF-8 shares bytes with those (©, », U+0080, hiragana), case-changing ones.
SPECIALS = [
    "\n", "\r", "\r\n", "\n\n", "\r\r", "\n\r", "\r\n\r\n", "\n\n\n\n", "\u2028", "\u2029", "\x85",
    " ", "  ", "\t", "\u00a0", "\u3000", "\u2009", "\u200a", "\u1680", "\u202f", "\u205f", "\x0b", "\x0c",
    "\x1c", "\x1d", "\x1e", "\x1f", "\x00", "\x01", "\x08", "\x0e", "\x1b", "\x1b[0m", "\x7f",
    "\x80", "\x81", "\x8d", "\x8f", "\x90", "\x93", "\x9d", "\x9f", "\u00ad", "\u180e",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufffd",
    "©", "»", "¨", "\u2080", "\u3041", "ß", "İ", "ſ", "K", "’", "“", "”", '"', "…", "...",
]
# Header-like lines, short and long, cased and spaced oddly, broken by line
# ends of every kind (also inside "don.?t miss").
HEADERS = [
    "Related", "RELATED STORIES", "  Most read  ", "\u00a0\tSee also:", "More from Sport", "Editor", "Editors’ picks",
    "Don't miss", "Don\x85t miss", "don\rt miss", "DON\u2028T MISS", "You may also like", "Up next \u00bb",
    "Most popular" + "x" * 40, "Most popular" + "x" * 41, " \t\u00a0Trending" + " now" * 10, "\x0bRelated\x0c",
    "Recommended\x1cfor you", "ReLaTeD", "\u212aelated", "Mo\u017ft read", "Read next\u2029Read also",
]
any_char = st.characters(exclude_categories=("Cs",))
pieces = st.one_of(
    st.sampled_from(EXAMPLES),
    st.sampled_from(HEADERS),
    st.sampled_from(PARAGRAPHS),
    st.sampled_from(SPECIALS),
    st.text(any_char, max_size=6),
    st.sampled_from(["The council voted to close the old bridge on Monday night.", "Photo: Reuters", "(AP)"]),
)


def _respaced(text: str, spaces: list[str]) -> str:
    """`text` with each space replaced by the next of `spaces` (cycled):
    a repeat that differs only in its whitespace."""
    if not spaces:
        return text
    parts = text.split(" ")
    return "".join(p + spaces[i % len(spaces)] for i, p in enumerate(parts[:-1])) + parts[-1]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Pieces joined, with some pieces repeated later (as they are or with
    their whitespace changed), since repeats are what the layout shortcuts
    must not miss."""
    chosen = draw(st.lists(pieces, max_size=16))
    out: list[str] = []
    for piece in chosen:
        out.append(piece)
        if draw(st.integers(0, 3)) == 0 and out:
            earlier = draw(st.sampled_from(out))
            spaces = draw(st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u3000", " \u200b", "\r\n"]), max_size=3))
            sep = draw(st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\r\r", "\n \n", "\n\u200b\n", "\u2028", ""]))
            out.append(sep + _respaced(earlier, spaces))
    return "".join(out)


SEPARATORS = ["\n", "\n\n", "\n", "\n\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\r\r", "\n \n", "\n\u200b\n", "\n\u00a0\n", "\n\n\n\n",
              "\n\x0c\n", "\n©\n", "\u2028", "\x85", "\n\x00\n"]
SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u3000", " \u200b", "\r\n", "\x0b", "\u2028"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Paragraphs of the clean fixtures (cut or whole) between separators of
    every kind, some repeated with their whitespace changed: documents with
    and without repeats, on the shortcuts' edges."""
    paragraphs = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6))
    paragraphs = [p[: draw(st.integers(1, len(p)))] if draw(st.booleans()) else p for p in paragraphs]
    for _ in range(draw(st.integers(0, 3))):
        spaces = draw(st.lists(st.sampled_from(SPACES), max_size=3))
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), _respaced(draw(st.sampled_from(paragraphs)), spaces))
    text = draw(st.sampled_from(["", "\n", "\u200b\n", " \n"]))
    for p in paragraphs:
        text += p + draw(st.sampled_from(SEPARATORS))
    return text[: -draw(st.integers(0, 2))] if draw(st.booleans()) else text  # perhaps no final line ending


any_text = st.one_of(
    texts(), articles(), st.text(any_char), st.sampled_from(CLEAN_TEXTS + ["", "\n", "\n\n\n", "x", " \n \n \n"])
)


def _rule_with(rule_id: str, **changes: Any) -> Any:
    """The shipped rule with some attributes changed (its function, its
    `requires` literals): the reference the shortcut is compared with."""
    rule = copy.copy(RULESET.rules[rule_id])
    for key, value in changes.items():
        setattr(rule, key, value)
    return rule


def assert_same(rule_id: str, reference: Any, text: str) -> None:
    """Findings (with their fixes) and the fixed texts, safe and unsafe, agree."""
    rule = RULESET.rules[rule_id]
    assert lint_document(Document(text), [rule]) == lint_document(Document(text), [reference])
    for unsafe in (False, True):
        new = fix_document(Document(text), [rule], unsafe=unsafe)
        old = fix_document(Document(text), [reference], unsafe=unsafe)
        assert (new.text, new.diagnostics) == (old.text, old.diagnostics)


# --- repeated-paragraph: a byte-level key test before the line-by-line work -----


def _old_repeated_paragraphs(text: str, min_chars: int = 40, min_words: int = 6) -> Iterator[Hit]:
    if "\n" not in text and "\r" not in text:
        return
    if not layout._may_repeat(text, min_chars):
        return
    yield from layout._repeated_paragraphs(text, min_chars, min_words)


OLD_REPEATED = _rule_with("repeated-paragraph", func=_old_repeated_paragraphs)


def test_the_key_bytes_cover_every_whitespace_and_invisible_character() -> None:
    whitespace = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(layout._WHITESPACE_CHARS) == whitespace
    for c in whitespace | layout._INVISIBLE_CHARS:
        assert set(c.encode()) <= set(layout._KEY_DELETE)


@given(any_text)
@example("The ferry service will resume on Friday morning, officials said.\r\rThe ferry service will resume on Friday morning, officials said.\r")
@example("\u200b\nThe museum reopened its east wing after a long renovation.\n\nThe museum reopened its east\nwing after\u00a0a long renovation.\n")
# a line of "©" (all its bytes are key bytes) joining two lines into one block
@example("Prices rose for the third month in a row, the agency\n©\nsaid today.\n\nPrices rose for the third month in a row, the agency\n©\nsaid today.\n")
@example("Prices rose for the third month in a row\u2028the agency said.\n\nPrices rose for the third month in a row the agency said.\n")
def test_repeated_paragraph(text: str) -> None:
    assert_same("repeated-paragraph", OLD_REPEATED, text)


@given(any_text, st.integers(0, 60), st.integers(0, 8))
def test_repeated_paragraph_any_arguments(text: str, min_chars: int, min_words: int) -> None:
    new = list(layout.find_repeated_paragraphs(text, min_chars, min_words))
    assert new == list(_old_repeated_paragraphs(text, min_chars, min_words))


def test_repeated_paragraph_shortcut_decides_the_clean_fixtures() -> None:
    # The shortcut must settle clean articles by itself, or it saves nothing.
    for text in CLEAN_TEXTS:
        assert layout._distinct_paragraphs(text, 40) is True, text[:60]


# --- related-stories-block: the prefilter pattern tested line by line ------------

OLD_HEADER_PREFILTER = regex.compile(
    r"(?i)(?w:^)[ \t\u00a0\x0b\x0c]*(?:related|more (?:on this|from)|more stories|you (?:may|might)|most (?:read|popular|viewed|shared|watched)|trending|recommended|editor|don.?t miss|what to read|read next|up next|see also|also read|read also|also see)[^\r\n]{0,40}(?w:$)|[\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u180e\u200b-\u200d\u2060\ufeff]",
    regex.MULTILINE,
)


def _old_related_stories(text: str, max_headlines: int = 10, max_length: int = 160) -> Iterator[Hit]:
    return chrome._related_stories(text, max_headlines, max_length)


OLD_RELATED = _rule_with("related-stories-block", func=_old_related_stories, prefilter=OLD_HEADER_PREFILTER)


def test_related_stories_line_ends_are_those_of_the_header_pattern() -> None:
    # (?w:^) holds after these and nowhere else; the line-by-line test
    # relies on the list, and on no match being longer than the limit.
    ends = {chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000
            and regex.search(r"(?w:^)x", "a" + chr(c) + "x", regex.MULTILINE)}
    assert ends == {"\n", "\r", *chrome._OTHER_LINE_ENDS}
    assert chrome._HEADER_LINE.search("Most popular" + "x" * 40)
    assert not chrome._HEADER_LINE.search("Most popular" + "x" * 41)


@given(any_text)
@example("The vote.\nDon\x85t miss\nMore.\n")
@example("The vote.\r\nSee also\r\nMore.\r\n")
@example("The vote.\rRelated\rMore.\r")
@example("The vote passed.\n\nMore from Sportsandleisureandallthingsoutdoorsandmore\nCity sign a keeper\n\nEnd.\n")
def test_related_stories_block(text: str) -> None:
    assert chrome._may_hold_header(text) == (OLD_HEADER_PREFILTER.search(text) is not None)
    assert_same("related-stories-block", OLD_RELATED, text)


# --- control-character: `requires` of its characters instead of a text scan ------

CONTROLS = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
NO_REQUIRES = _rule_with("control-character", requires=(), prefilter_literals=())


def test_control_character_requires_exactly_what_the_check_looks_for() -> None:
    rule = RULESET.rules["control-character"]
    assert set(rule.requires) == CONTROLS
    assert all(encoding._ANY_CONTROL.search(c) for c in CONTROLS)
    # The literals are looked up in the casefolded text: a control character
    # is there exactly when it is in the text.
    for c in map(chr, range(0x110000)):
        if not 0xD800 <= ord(c) < 0xE000:
            assert (set(c.casefold()) & CONTROLS) == ({c} & CONTROLS)


@given(any_text, st.booleans())
@example("Menu du caf\u00e9\x00", False)
@example("The mayor\u00e2\u20ac\x9ds aide left.\n", False)
@example("A ß and a \x93quote\x94.\n", True)
def test_control_character(text: str, leave_c1: bool) -> None:
    if leave_c1:
        assert_same("control-character", NO_REQUIRES, text)
    else:  # the argument a user sets with the mojibake rule off: the same literals still do
        rule = _rule_with("control-character", arguments={"leave_c1_to_mojibake": False})
        reference = _rule_with("control-character", arguments={"leave_c1_to_mojibake": False}, requires=(), prefilter_literals=())
        assert lint_document(Document(text), [rule]) == lint_document(Document(text), [reference])


# --- blank-line-run: the quick test's blank character as one class ------------------

_OLD_BLANK_CHAR = rf"(?:[^\S\n]|[{layout._INVISIBLE_CLASS}])"
_OLD_BLANK_LINE_RUN = re.compile(rf"\n{_OLD_BLANK_CHAR}*\n{_OLD_BLANK_CHAR}*\n")


def _old_blank_line_runs(text: str) -> Iterator[Hit]:
    if _OLD_BLANK_LINE_RUN.search(layout._line_feeds_only(text)) is None:
        return
    yield from layout._blank_line_runs(text)


OLD_BLANK_LINE_RUN = _rule_with("blank-line-run", func=_old_blank_line_runs)


def test_blank_character_class_is_the_old_alternation() -> None:
    old, new = re.compile(_OLD_BLANK_CHAR), re.compile(layout._BLANK_CHAR)
    assert [c for c in range(0x110000) if bool(old.fullmatch(chr(c))) != bool(new.fullmatch(chr(c)))] == []


@given(any_text)
@example("One.\n\u3000\n\n\u200b\nTwo.\n")
@example("One.\r\n\u2028\r\n\x1f\r\nTwo.\r\n")
def test_blank_line_run(text: str) -> None:
    assert_same("blank-line-run", OLD_BLANK_LINE_RUN, text)


# --- trailing-blank-lines, truncated-ending: only the end of the text is read ----


def _old_trailing_blank_lines(text: str) -> Iterator[Hit]:
    body = text.rstrip()
    if not (body and layout._INVISIBLE.match(body, len(body) - 1)):
        tail = text[len(body):]
        if tail.count("\n") + tail.count("\r") - tail.count("\r\n") < 2:
            return
    lines = Document.of(text).line_spans()
    last = len(lines) - 1
    while last >= 0 and layout._blank(text, lines[last]):
        last -= 1
    if last < 0 or last == len(lines) - 1:
        return
    start = lines[last][2]
    if start < len(text):
        yield Hit(start, len(text), "", {"count": str(len(lines) - 1 - last)})


def _with_whole_rstrip(check: Callable[..., Iterator[Hit]]) -> Callable[..., list[Hit]]:
    """`check` run with _content_end made len(text.rstrip()) again."""

    def run(text: str, **arguments: Any) -> list[Hit]:
        saved = layout._content_end
        layout._content_end = lambda t: len(t.rstrip())
        try:
            return list(check(text, **arguments))
        finally:
            layout._content_end = saved

    return run


OLD_TRAILING_BLANK_LINES = _rule_with("trailing-blank-lines", func=_old_trailing_blank_lines)
OLD_TRUNCATED_ENDING = _rule_with("truncated-ending", func=_with_whole_rstrip(layout.find_truncated_ending))
ENDINGS = ["", "\n", "\r\n", "\r", "\n\n", " \n \t\n", "\u200b\n\n", "\n\u3000\n\u2028", "\x00", " " * 63 + "\n", " " * 64 + "\n",
           "\n" * 70, " \u00a0" * 40, "\x85\n\n", "\n\u200b"]


def test_invisible_pattern_is_the_invisible_set() -> None:
    assert {chr(c) for c in range(0x110000) if layout._INVISIBLE.fullmatch(chr(c))} == layout._INVISIBLE_CHARS


@given(any_text, st.sampled_from(ENDINGS))
@example("The pier reopened.\n\nIts café did not.\n \t\n", "")
@example("Its café did not." + " " * 64 + "\n\n", "")
def test_trailing_blank_lines_and_truncated_ending(text: str, ending: str) -> None:
    text += ending
    assert layout._content_end(text) == len(text.rstrip())
    assert_same("trailing-blank-lines", OLD_TRAILING_BLANK_LINES, text)
    assert_same("truncated-ending", OLD_TRUNCATED_ENDING, text)


# --- read-more-link: the patterns run only on lines holding a phrase ----------------


def _expand(pattern: str) -> set[str]:
    """Every string of a pattern made of literal text, | and (?:...) only."""

    def alternatives(at: int) -> tuple[set[str], int]:
        found: set[str] = set()
        current = {""}
        while at < len(pattern) and pattern[at] != ")":
            if pattern.startswith("(?:", at):
                inner, at = alternatives(at + 3)
                current = {c + i for c in current for i in inner}
                at += 1  # the ")"
            elif pattern[at] == "|":
                found |= current
                current = {""}
                at += 1
            else:
                assert pattern[at] not in "()[]\\?*+.^${}", pattern[at:]
                current = {c + pattern[at] for c in current}
                at += 1
        return found | current, at

    strings, end = alternatives(0)
    assert end == len(pattern)
    return strings


def _old_read_more_links(text: str) -> Iterator[Hit]:
    lone, trailing = chrome._read_more_patterns()
    for start, content_end, _end in chrome.line_spans(text):
        line = text[start:content_end]
        if lone.match(line):
            yield Hit(start, content_end)
            continue
        m = trailing.search(line)
        if m:
            yield Hit(start + m.start(), start + m.end(), "")


OLD_READ_MORE = _rule_with("read-more-link", func=chrome.judged_without_deleted(_old_read_more_links))


def test_every_read_more_phrase_holds_a_literal() -> None:
    phrases = _expand(chrome._READ_MORE) | {"Continue reading the main story"}
    assert len(phrases) > 10
    for phrase in phrases:
        assert any(literal in phrase.casefold() for literal in chrome._READ_MORE_LITERALS), phrase


@given(any_text)
@example("The bridge will close, officials said. Click here to read the full story\nRead More Here\n")
@example("The bridge will close.\r\n[Click here to read more]\r\nStraße.\r\n")
@example("The bridge will close.\n\u200bRead more\nİstanbul said. Read more »\n")
def test_read_more_link(text: str) -> None:
    assert_same("read-more-link", OLD_READ_MORE, text)


# --- share-prompt: only lines holding a label word are split into words -----------


def _old_share_prompts(text: str, max_length: int = 300) -> Iterator[Hit]:
    for start, content_end, _end in chrome.line_spans(text):
        if content_end - start <= max_length and chrome._share_row(text[start:content_end]):
            yield Hit(start, content_end)


OLD_SHARE = _rule_with("share-prompt", func=chrome.judged_without_deleted(_old_share_prompts))
SHARE_ROWS = ["Bluesky | Mastodon", "Pin|it", "Copy / Link", "X  Threads  Pocket", "Pin\u00a0it", "Bluesky X",
              "(Share)", "PRINT", "ſhare this", "Click to email a link to a friend (Opens in new window)",
              "Facebook\tTwitter", "Email", "Threads X"]


def test_every_share_row_holds_a_row_word() -> None:
    for label in chrome._LABELS:
        if len(label) > 1 or label[0] not in chrome._BARE | chrome._WEAK:
            assert any(word in " ".join(label) for word in chrome._ROW_WORDS), label
    assert chrome._BARE <= set(chrome._ROW_WORDS)


@given(any_text, st.lists(st.sampled_from(SHARE_ROWS), max_size=4), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
@example("The pier reopened.\nBluesky | Mastodon\nPin|it\n", [], "\n")
def test_share_prompt(text: str, rows: list[str], newline: str) -> None:
    text = newline.join([text, *rows])
    assert_same("share-prompt", OLD_SHARE, text)
