"""The speed machinery must never change a result.

Prefilters (literal `requires`, substitution and consistency literals,
`prefilter` patterns) and candidate lines let rules skip most of most
documents; the Document shares literal lookups and its line table between
rules. These properties compare every shipped rule with prefilters on
(sharing one Document, as the engine runs them) against the same rule with
prefilters off (each on a Document of its own), on texts stitched together
from the rules' own examples, cut at random places, re-cased, with every
kind of line ending and characters whose casefold changes length.
"""
from __future__ import annotations

import copy
import re

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.kinds import mojibake
from lintnews.registry import build_ruleset

RULESET = build_ruleset(Settings())
RULES = list(RULESET.rules.values())


def unfiltered(rule: object) -> object:
    clone = copy.copy(rule)
    if hasattr(clone, "use_prefilter"):
        clone.use_prefilter = False  # type: ignore[attr-defined]
    return clone


UNFILTERED = [unfiltered(rule) for rule in RULES]
EXAMPLES = sorted({
    example.text
    for spec in RULESET.specs.values()
    for example in (*spec.flag_examples, *spec.pass_examples, *spec.known_failures)
})
# Casefolding grows "ß" and "İ" and the ligature, so offsets in the folded
# text stop matching the original's: the code must notice and fall back.
# Lone surrogates come from JSON records ("\\ud800" is valid JSON).
ODD = ["ß", "İ", "ﬁ", "\u00a0", "\t", "  ", ": ", "=", "/", "’", "Ã©", "â€™", "KIEV", "kyiv", "\ud800", "É\udfff"]


def _cut(text: str, a: int, b: int) -> str:
    a, b = sorted((a % (len(text) + 1), b % (len(text) + 1)))
    return text[a:b]


piece = st.one_of(
    st.sampled_from(EXAMPLES),
    st.builds(_cut, st.sampled_from(EXAMPLES), st.integers(0, 400), st.integers(0, 400)),
    st.sampled_from(EXAMPLES).map(str.upper),
    st.sampled_from(EXAMPLES).map(str.lower),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n"]),
    st.sampled_from(ODD),
    st.text(max_size=8),
)
texts = st.lists(piece, max_size=12).map("".join)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(texts)
def test_prefilters_never_skip_a_finding(text: str) -> None:
    shared = Document(text)  # one document for all rules, as the engine does
    for fast, slow in zip(RULES, UNFILTERED):
        got = list(fast.check(shared))
        want = list(slow.check(Document(text)))  # type: ignore[attr-defined]
        assert got == want, fast.spec.id


@PROPERTY
@given(texts)
def test_engine_result_is_the_unfiltered_result(text: str) -> None:
    assert lint_document(Document(text), RULES) == lint_document(Document(text), UNFILTERED)  # type: ignore[arg-type]


@PROPERTY
@given(texts)
def test_without_the_automaton_package_the_result_is_the_same(text: str) -> None:
    # Without ahocorasick-rs (the optional [fast] extra) each literal is one
    # search of the folded text, as bytes or as str: the same answers.
    from lintnews import literals

    with_scan = lint_document(Document(text), RULES)
    saved = literals._available, literals._last
    literals._available, literals._last = False, None
    literals._indexes.clear()
    try:
        assert lint_document(Document(text), RULES) == with_scan
    finally:
        literals._available, literals._last = saved
        literals._indexes.clear()


@pytest.mark.parametrize("text", ["É\ud800 see also\n", "\udfffSee also: Another story\nÉ", "İ\ud800kiev and kyiv\n"])
def test_a_lone_surrogate_beside_text_bytes_cannot_fold(text: str) -> None:
    # Such text takes the str scan, which cannot hand a surrogate to the
    # automaton: it once raised UnicodeEncodeError out of lint_document.
    assert lint_document(Document(text), RULES) == lint_document(Document(text), UNFILTERED)  # type: ignore[arg-type]


def test_the_comparison_can_fail() -> None:
    """A prefilter that is wrong must be caught by the comparison above."""
    rule = next(r for r in RULES if r.spec.id == "misspelled-name")
    broken = copy.copy(rule)
    broken.literals = ("no such name",)  # type: ignore[attr-defined]
    text = "Talks between Xi Jingping and Olaf Scholtz ended early.\n"
    assert list(broken.check(Document(text))) == []
    assert list(unfiltered(rule).check(Document(text))) != []  # type: ignore[attr-defined]


# --- rewritten scan patterns are the patterns they replace ------------------------

OLD_SUSPECT = re.compile(f"[\u00c2-\u00f4][{mojibake.CONTINUATION}]|\u00c3 |[\u0080-\u009f]")
suspect_text = st.text(alphabet=st.sampled_from("a \nÃâ€™©Â\u00a0é" + "\u00c2\u00f4\u00f5\u0080\u00bf\u2122"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.one_of(suspect_text, st.text(max_size=40)))
def test_mojibake_suspect_scan_matches_the_plain_pattern(text: str) -> None:
    assert [m.span() for m in mojibake.SUSPECT.finditer(text)] == [m.span() for m in OLD_SUSPECT.finditer(text)]


# run-together-words's prefilter is compared with its pattern in test_prefilter_equivalence.


# --- the document's shared tables -------------------------------------------------

line_texts = st.lists(st.sampled_from(["a", "bc", "\n", "\r\n", "\r", "", "ß", "x y"]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(line_texts)
def test_line_starts_match_the_newline_regex(text: str) -> None:
    expected = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    assert list(Document(text).line_starts) == expected


@settings(max_examples=300, deadline=None)
@given(line_texts, st.lists(st.sampled_from(["a", "b", "c", "x y", "\n"]), min_size=1, max_size=3))
def test_lines_containing_lists_exactly_the_lines_with_a_literal(text: str, literals: list[str]) -> None:
    doc = Document(text)
    literals = [lit for lit in literals if "\n" not in lit] or ["a"]
    expected = [
        i for i, (start, content_end, end) in enumerate(doc.line_spans())
        if any(lit in text[start:end] for lit in literals)
    ]
    if len(doc.folded) == len(text):
        assert doc.lines_containing(literals) == expected
    assert doc.contains_any(literals) == any(lit in doc.folded for lit in literals)


# --- the shared Aho-Corasick scan (optional extra `fast`) -------------------------

literal_sets = st.lists(st.sampled_from(["a", "ab", "b", "x y", "’x", "ß", "ss", "kyiv", "/"]), min_size=2, max_size=6, unique=True)
scan_texts = st.lists(st.sampled_from(["a", "ab", "b", "\n", "\r\n", "\r", "x y", "’x", "ß", "SS", "KYIV", "/", " "]), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(scan_texts, literal_sets, st.sampled_from(["a", "zz", "b"]))
def test_shared_scan_answers_as_the_per_literal_search(text: str, literals: list[str], other: str) -> None:
    pytest.importorskip("ahocorasick_rs")
    from lintnews.literals import LiteralIndex

    indexed = Document(text)
    indexed.share_literals(LiteralIndex(literals))
    plain = Document(text)
    for lit in [*literals, other]:  # `other` may be outside the index: the fallback answers
        assert indexed.contains(lit) == plain.contains(lit) == (lit in text.casefold())
    if len(indexed.folded) == len(text):
        assert indexed.lines_containing(literals) == plain.lines_containing(literals)


def test_mojibake_high_continuation_lists_the_class() -> None:
    above = {chr(c) for c in range(0x100, 0x10000) if re.match(f"[{mojibake.CONTINUATION}]", chr(c))}
    assert above == set(mojibake.HIGH_CONTINUATION)


# Edges the byte-level test must not miss: a lead character before a
# continuation outside Latin-1 (’, €, ™), "Ã " , a lone C1 control, a lead
# character at the very end, a lone surrogate next to a lead character.
MOJIBAKE_EDGES = ["é’", "Ã ", "Ã", "é", "\x85", "\x9f", "\xa0", "é?", "Ã?", "éŒ", "ô€", "õ€", "Â™", "Á€", "a\u00c3\u00a9", "\ud800é", "é\ud800", "\ud800\x85", "x\u0152"]
mojibake_text = st.text(alphabet=st.sampled_from("a ?\nÃâ€™©Â\u00a0é\u00c1\u00c2\u00f4\u00f5\u0080\u009f\u00a0\u00bf\u00c0\u2122\u2019\u201f\u0152\u0151\ud800"), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.sampled_from(MOJIBAKE_EDGES), mojibake_text, st.text(max_size=40)))
def test_mojibake_byte_test_is_the_suspect_scan(text: str) -> None:
    assert mojibake.has_suspect(text) == bool(mojibake.SUSPECT.search(text))


# --- python-kind checks' own quick tests decide as their full scans ---------------

spaced_text = st.text(alphabet=st.sampled_from("ab .\t\n\r\u00a0\u3000\u2009\u200a\u200b\u1680\x0b"), max_size=30)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(spaced_text, st.text(max_size=30)))
def test_trailing_whitespace_quick_test_misses_nothing(text: str) -> None:
    from lintnews.checks import layout

    assert [(h.start, h.end) for h in layout.find_trailing_whitespace(text)] == [m.span() for m in layout._TRAILING.finditer(text)]


layout_text = st.lists(
    st.sampled_from(["\n", "\r\n", "\r", " ", "\t", "\u3000", "\u00a0", "\u200b", "\x00", "\u2028", "e",
                     "The same long paragraph of words is here.", "The same long\nparagraph of words is here.", "Other words"]),
    max_size=14,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(layout_text, spaced_text))
def test_layout_quick_tests_miss_nothing(text: str) -> None:
    from lintnews.checks import layout

    assert list(layout.find_blank_line_runs(text)) == list(layout._blank_line_runs(text))
    if "\n" in text or "\r" in text:
        assert list(layout.find_repeated_paragraphs(text)) == list(layout._repeated_paragraphs(text, 40, 6))


SYNDICATION_LINE_START_FIRST = (
    r"(?w:^)[ \t\u00a0]*[(\[]?(?:Originally (?:published|posted|appeared)|(?:This (?:article|story|column|piece) (?:is|was) )?"
    r"Distributed by|(?:This|The) (?:article|story|piece|post|report|column|interview|essay) (?:(?:was|is|has been) "
    r"(?:(?:originally|first) )?(?:(?:re)?publ|posted)|(?:was|is|has been) (?:produced|co-published|reported)|"
    r"(?:originally|first) (?:appeared|ran)|has been published from)|"
    r"Only the headline|©|\(c\)|Copyright|All rights reserved|This material may not)"
)
footer_text = st.lists(
    st.sampled_from(["\n", "\r", "\r\n", " ", "\t", "\u00a0", "(", "[", "x", "Copyright", "©", "(c)", "All rights reserved",
                     "This article was first published", "The story has been published from", "Originally posted",
                     "Distributed by", "This column is ", "co-published", "was originally posted", "Only the headline",
                     "This material may not"]),
    max_size=10,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(footer_text, st.sampled_from(EXAMPLES)))
def test_syndication_prefilter_is_the_line_start_first_test(text: str) -> None:
    spec = RULESET.specs["syndication-footer"]
    fast = regex.compile(spec.options["prefilter"], regex.MULTILINE)
    assert bool(fast.search(text)) == bool(regex.search(SYNDICATION_LINE_START_FIRST, text, regex.MULTILINE))


control_text = st.text(alphabet=st.sampled_from("a \n\t\r\x00\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x81\x9f\xa0\xc2\xe9\u0100\u0180\u2028\ud800\ufeff"), max_size=20)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(control_text, st.text(max_size=20)))
def test_control_character_byte_test_is_the_class_scan(text: str) -> None:
    from lintnews.checks import encoding

    assert encoding._has_control(text) == bool(encoding._ANY_CONTROL.search(text))


quote_text = st.lists(
    st.sampled_from(["“", "”", '"', "a", " ", ".", ",", "\n", "\r", "\n\n", "“We", "said.", ", he said ", '5"']), max_size=16
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(quote_text)
def test_mismatched_quotes_quick_test_misses_nothing(text: str) -> None:
    from lintnews.checks import quotes

    assert list(quotes.mismatched_quotes(text)) == list(quotes._walk_quotes(text))


@given(st.text(alphabet=st.sampled_from(
    ["a", " ", "\n", "\r", "é", "’", "\x00", "\x08", "\x09", "\x0b", "\x0e", "\x1b", "\x1c", "\x7f", "\x80", "\x9f",
     "\xa0", "\xad", "\u180e", "\u200a", "\u200b", "\u200d", "\u200e", "\u2060", "\ufeff", "\ufffe", "\ud800", "😀"]),
    max_size=12))
def test_deleted_elsewhere_byte_test_equals_the_class_scan(text: str) -> None:
    from lintnews.checks._text import DELETED_ELSEWHERE, has_deleted_elsewhere

    assert has_deleted_elsewhere(text) is (DELETED_ELSEWHERE.search(text) is not None)


@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\x00", "\x08", "\x0b", "\xad", "\u200b", "\ufeff", "é"]), max_size=10))
def test_hits_in_the_view_without_deleted_characters_map_back_as_by_a_table(text: str) -> None:
    # Reference: the table of kept offsets the decorator used to build with a
    # Python loop over every character.
    from lintnews.checks._text import DELETED_ELSEWHERE, judged_without_deleted
    from lintnews.kinds.python import Hit

    kept = [i for i, c in enumerate(text) if not DELETED_ELSEWHERE.match(c)] + [len(text)]
    view = "".join(text[i] for i in kept[:-1])

    def every_span(t: str):  # type: ignore[no-untyped-def]
        assert t == view
        for a in range(len(t) + 1):
            for b in range(a, len(t) + 1):
                yield Hit(a, b, None, edits=((a, b, "x"),))
                yield Hit(a, b, None, edits=((a, b, "x"),), deletes_line=a)

    def end_at(offset: int) -> int:
        return kept[offset - 1] + 1 if offset else 0

    def line_start(at: int) -> int:
        return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1

    want = []
    for a in range(len(view) + 1):
        for b in range(a, len(view) + 1):
            start, end = kept[a], end_at(b) if b > a else kept[b]
            want.append((start, end, ((start, end, "x"),), None))
            if view == text:  # nothing deleted: the hits pass as they are
                want.append((a, b, ((a, b, "x"),), a))
                continue
            # A line deletion takes the deleted characters opening its line.
            if a == 0 or view[a - 1] in "\r\n":
                start = line_start(kept[a])
            want.append((start, end, ((start, end, "x"),), line_start(kept[a])))
    got = [(h.start, h.end, h.edits, h.deletes_line) for h in judged_without_deleted(every_span)(text)]
    assert got == want


@pytest.mark.parametrize("text", ["plain words", "caf\u00c3\u00a9 ok", "a\x07bell", "soft\u00adhyphen", "zero\u200bwidth", "\u2019quoted\u2019"])
def test_byte_tests_fall_back_to_the_scan_for_huge_texts(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    # Beyond BYTE_TESTS_UP_TO characters no UTF-8 copy is made: the same
    # questions are answered by scanning the str.
    import lintnews.checks as checks
    from lintnews.checks._text import DELETED_ELSEWHERE, has_deleted_elsewhere
    from lintnews.checks.encoding import _ANY_CONTROL, _has_control

    expected = (mojibake.SUSPECT.search(text) is not None, _ANY_CONTROL.search(text) is not None,
                DELETED_ELSEWHERE.search(text) is not None)
    monkeypatch.setattr(checks, "BYTE_TESTS_UP_TO", 0)
    assert checks.utf8(text) is None
    assert (mojibake.has_suspect(text), _has_control(text), has_deleted_elsewhere(text + " ")) == expected
