"""Rules judge the text without the characters other rules delete.

A NUL before a CMS line or a zero-width space inside a misspelled name must
not hide the defect from the first pass (`skip_invisible`, on by default for
the existence, substitution and consistency kinds): check mode would report
less than --fix then changes.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_rule
from hypothesis import given, settings
from hypothesis import strategies as st

from lintnews.checks._text import DELETED_ELSEWHERE
from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document
from lintnews.registry import build_ruleset

RULESET = build_ruleset(Settings())
RULES = list(RULESET.rules.values())
PATTERN_RULES = [rule for rule in RULES if getattr(rule, "skip_invisible", False)]
EXAMPLES = sorted({
    DELETED_ELSEWHERE.sub("", example.text)
    for rule in PATTERN_RULES
    for example in rule.spec.flag_examples
})
INVISIBLE = ["\x00", "\x08", "\x1b", "\x7f", "\x81", "\u00ad", "\u200b", "\u200d", "\u2060", "\ufeff"]


def test_which_rules_skip_invisible_characters() -> None:
    # Every rule of the pattern kinds; python checks decorated with
    # judged_without_deleted (their gates then see the view too).
    pattern_kinds = {"existence", "substitution", "consistency"}
    assert all(getattr(rule, "skip_invisible", False) for rule in RULES if rule.spec.kind in pattern_kinds)
    python = sorted(rule.spec.id for rule in PATTERN_RULES if rule.spec.kind == "python")
    assert python == ["duplicated-byline", "read-more-link", "share-prompt"]  # stray-capital sees them itself


@pytest.mark.parametrize(("hidden", "rule_id"), [
    ('\x00"adSlotId": "top-banner",\nThe council met on Monday.\n', "cms-config"),
    ("The council met.\n\u200bSee also: Storm closes the coastal road\nIt ended late.\n", "injected-related-link"),
    ("Talks with Olaf Scho\u200bltz resumed on Monday.\n", "misspelled-name"),
    ("Shelling hit Kiev\u00ad overnight; Kyiv said the strikes continued.\n", "place-name-consistency"),
    # between the CR and LF of a deleted line: both go with the line
    ("Skip to content\r\nThe council met.\r\nSee also: Storm closes the coastal road\r\x00\nIt ended late.\r\n", "injected-related-link"),
    # a python check: its `requires` gate ("read more") is judged on the view too
    ("The pier reopened.\nRead\u200b More \u00bb\nIt was sunny.\n", "read-more-link"),
])
def test_a_defect_behind_an_invisible_character_is_reported_in_the_first_pass(hidden: str, rule_id: str) -> None:
    diagnostics, errors = lint_document(Document(hidden), RULES)
    assert errors == []
    assert rule_id in {d.rule_id for d in diagnostics}
    # The fix is the fix of the text without the character. (A deleted line
    # goes whole, with the character opening it: that edit overlaps the
    # character's own deletion and is applied in the next pass.)
    clean = DELETED_ELSEWHERE.sub("", hidden)
    assert fix_document(Document(hidden), RULES).text == fix_document(Document(clean), RULES).text


def _hide(text: str, places: list[int], chars: list[str]) -> str:
    for place, char in sorted(zip((p % (len(text) + 1) for p in places), chars), reverse=True):
        text = text[:place] + char + text[place:]
    return text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=4).map("".join),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
    st.lists(st.sampled_from(INVISIBLE), min_size=4, max_size=4),
)
def test_findings_are_those_of_the_text_without_them(text: str, places: list[int], chars: list[str]) -> None:
    hidden = _hide(text, places, chars)
    for rule in PATTERN_RULES:
        want, _ = lint_document(Document(text), [rule])
        got, _ = lint_document(Document(hidden), [rule])
        assert [(d.rule_id, d.message) for d in got] == [(d.rule_id, d.message) for d in want], rule.spec.id
        for g, w in zip(got, want):
            # The same stretch of text, give or take the invisible characters
            # (a deleted line takes those opening it along).
            assert DELETED_ELSEWHERE.sub("", hidden[g.start:g.end]) == text[w.start:w.end], rule.spec.id


def test_a_rule_that_looks_for_such_characters_can_see_them(tmp_path: Path) -> None:
    text = "NOTE\x00here\n"
    body = "extends: existence\npatterns: ['NOTE\\x00[a-z]+']\n"
    sees = make_rule(tmp_path, "sees-nul", body + "skip_invisible: false\n")
    skips = make_rule(tmp_path, "skips-nul", body)
    assert [d.message for d in lint_document(Document(text), [sees])[0]] == ["found NOTE\x00here"]
    assert lint_document(Document(text), [skips])[0] == []  # the view has no NUL to match


def test_the_engine_literals_are_the_deleted_class() -> None:
    from lintnews.checks import DELETED_CHARS

    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert set(DELETED_CHARS) == {c for c in every if DELETED_ELSEWHERE.match(c)}
    # The shared scan reads the casefolded text: casefolding must neither make
    # nor unmake one of them.
    assert all((DELETED_ELSEWHERE.search(c.casefold()) is None) == (DELETED_ELSEWHERE.match(c) is None) for c in every)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(EXAMPLES), st.sampled_from(INVISIBLE), st.text(max_size=3)), max_size=6).map("".join))
def test_the_shared_scan_tells_what_the_byte_test_tells(text: str) -> None:
    from lintnews.checks import DELETED_CHARS
    from lintnews.checks._text import has_deleted_elsewhere
    from lintnews.literals import index_for

    doc = Document(text)
    doc.share_literals(index_for(RULES, DELETED_CHARS))
    answer = doc.scan_answers(DELETED_CHARS)
    assert answer is None or answer == has_deleted_elsewhere(text)
