"""The rewritten prefilters of run-together-words, article-agreement and
syndication-footer never skip a finding.

Each of these rules must find with its prefilter exactly what it finds with
prefilters off (test_prefilter's `unfiltered`), on its own examples, on the
fixture articles, and on generated text made of pieces of those, defect
fragments, random capitals and accented letters and every line break the
engines know (bare CR, U+2028 and the other (?w:^) line ends). The prefilter
itself is also compared with what it stands for: the rule's pattern on each
line, or the form it replaced.
"""
from __future__ import annotations

import copy
from pathlib import Path
from unittest import mock

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from test_prefilter import ODD, RULESET, SYNDICATION_LINE_START_FIRST, _cut, unfiltered

from lintnews.document import Document
from lintnews.kinds import existence

ROOT = Path(__file__).resolve().parent.parent
CHANGED = ["run-together-words", "article-agreement", "syndication-footer"]
FIXTURES = sorted(
    p.read_text(encoding="utf-8")
    for folder in (ROOT / "tests" / "fixtures" / "clean_news", ROOT / "examples" / "corpus")
    for p in folder.rglob("*.txt")
)
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]


def joined(*parts: list[str]) -> st.SearchStrategy[str]:
    return st.tuples(*(st.sampled_from(part) for part in parts)).map("".join)


BEFORE = ["", " ", "\t", "x", "9", "_", "-", ".", "’", "'", "@", "#", "/", "\\", ":", "(", "[", "\u00a0", *BREAKS]
# Pieces at each rule's edges: a lower-case run of 0-4 letters glued to a
# capital, with every neighbour the pattern looks at; an article before
# every word the prefilter or the swaps name; each footer opening after
# spaces, brackets and every kind of line break.
EDGES = {
    "run-together-words": joined(
        BEFORE, ["", "a", "ab", "abc", "abcd", "été", "ß", "σας"], ["T", "É", "Ã", "Σ", "ǅ", "İ"],
        ["", "he", "é", "©", "HE", "h9"], ["", " ", "  =", ":", "=", "\t:", "-", "_", "@", "/", "9", "x", "’", "é", *BREAKS],
    ),
    "article-agreement": joined(
        BEFORE, ["a", "an", "A", "An", "AN", "aN"], [" ", "\t", "  ", " \t", "", "\n"],
        ["apple", "island", "Amazing", "Irish", "old", "Oder", "ouija", "one", "one-off", "once-", "egg", "ewe", "Euro",
         "European", "europe", "euro", "unusual", "unique", "union", "united", "uniform", "universal", "unilateral",
         "university", "unanimous", "usual", "useful", "user", "usurp", "utility", "up", "ugly", "ugh", "umbrella", "ultra",
         "US", "USA", "Ukrainian", "Ukraine", "AI", "EU", "EUR", "FBI", "MP", "NHS", "IMF", "RAF", "LGBT", "MRI", "SUV",
         "SUV-sized", "NFL", "NBA", "FDA", "HIV", "X-ray", "x-ray", "AK-47", "banana", "hour", "honest", "mp3", "mRNA",
         "der", "dem", "den", "die", "das", "Baile", "b", "y"],
        ["", " ", ".", "-", "é", "9", "B", "\n"],
    ),
    "syndication-footer": joined(
        ["", *BREAKS], ["", " ", "\t", "\u00a0", "  ", "(", "[", " (", "x "],
        ["This article was originally published on", "The story was first published in", "This piece is republished from",
         "This report was published courtesy of", "This story has been published from a wire agency feed",
         "The story has been published from an agency feed", "This essay first ran in", "The column originally appeared in",
         "Originally published by", "Originally appeared at", "Only the headline of this report may have been reworked",
         "Copyright 2021", "© 2024", "(c) 2020", "Copyright © 1999-2003", "All rights reserved",
         "This material may not be published, broadcast, rewritten or redistributed", "Distributed by",
         "This column is Distributed by the", "This story was produced in partnership with",
         "This article was reported by X in collaboration with", "This interview was produced"],
        ["", " Harbour Weekly.", " Harbour Weekly", " The Associated Press. All rights reserved.", " NPR. To see more, visit npr.org",
         " Tribune Content Agency, LLC.", " the Red Cross, the parcels", ".", ")", " x" * 150, " x" * 200],
    ),
}

# Footers syndication-footer's patterns match but its gates skip, with the
# old prefilter as with the new (a known gap, not this file's subject; see
# test_known_footers_the_gates_skip): "posted" and "reworked" are not among
# its `requires` literals, and the prefilter knows neither "co-published"
# nor "This column is" before "Distributed by".
KNOWN_GAPS = {"syndication-footer": regex.compile(r"(?i:posted|reworked)|co-published|(?:is|was) Distributed by")}


def rule_examples(rule_id: str) -> list[str]:
    spec = RULESET.specs[rule_id]
    return [e.text for e in (*spec.flag_examples, *spec.pass_examples, *spec.known_failures)]


def texts_for(rule_id: str) -> st.SearchStrategy[str]:
    own = rule_examples(rule_id) + FIXTURES
    piece = st.one_of(
        st.sampled_from(own),
        st.builds(_cut, st.sampled_from(own), st.integers(0, 3000), st.integers(0, 3000)),
        st.sampled_from(own).map(str.upper),
        st.sampled_from(own).map(str.lower),
        EDGES[rule_id],
        EDGES[rule_id],
        st.sampled_from(BREAKS),
        st.sampled_from(ODD),
        st.text(st.characters(categories=["Lu", "Ll", "Lt", "Lo", "Mn", "Nd", "Zs", "Zl", "Zp", "Cc", "Po"]), max_size=6),
        st.text(st.sampled_from("aAnNeEuUoOiIbTtCcÉéÃ©ΣσΑα \t\u00a0-_@#/.:=()[]’'\n\r\u2028"), max_size=8),
    )
    return st.lists(piece, max_size=12).map("".join)


TEXTS = {rule_id: texts_for(rule_id) for rule_id in CHANGED}


def findings(rule: object, text: str) -> list[object]:
    return list(rule.check(Document(text)))  # type: ignore[attr-defined]


def without_prefilter(rule: object) -> object:
    """The rule with only its `prefilter` pattern off (`requires` kept)."""
    clone = copy.copy(rule)
    clone.prefilter = None  # type: ignore[attr-defined]
    return clone


def assert_prefilter_skips_nothing(rule_id: str, text: str) -> None:
    gap = KNOWN_GAPS.get(rule_id)
    if gap is not None and gap.search(text):
        return
    fast = RULESET.rules[rule_id]
    want = findings(without_prefilter(fast), text)
    assert findings(fast, text) == want
    # An existence rule with `requires` consults its prefilter after the
    # pattern once the pattern is compiled; force the prefilter-first path too.
    with mock.patch.object(existence, "is_compiled", lambda pattern: False):
        assert findings(fast, text) == want
    # With every prefilter off, the same.
    assert findings(unfiltered(fast), text) == want


def line_matches(rule_id: str, text: str) -> bool:
    """Whether the rule's patterns match on one of the lines it would read."""
    rule = RULESET.rules[rule_id]
    doc = Document(text)
    return any(
        rule.pattern.search(text[start:end]) is not None  # type: ignore[attr-defined]
        for start, end, _ in doc.line_spans()
        if start < end and not (rule.max_line and end - start > rule.max_line)  # type: ignore[attr-defined]
    )


def swap_matches(text: str) -> bool:
    return any(p.search(text) is not None for p in RULESET.rules["article-agreement"].entries)  # type: ignore[attr-defined]


def prefilter(rule_id: str) -> regex.Pattern[str]:
    return RULESET.rules[rule_id].prefilter  # type: ignore[attr-defined, no-any-return]


# What article-agreement's prefilter was: the new one must pass the same texts.
OLD_ARTICLE_PREFILTER = regex.compile(
    r"\b[aA](?:[ \t]+(?:[aiAIoOeE]|[uU](?:n[^i]|[pm]|g[lh]|lt|s)|AI|EU|FBI|MP|NHS|IMF|RAF|LGBT|MRI|SUV|NFL|NBA|FDA|HIV|X-ray|AK-47)"
    r"|[nN][ \t]+(?:[bcdfgjklmnpqrstvwyz]|uni|us[eu]|uti|[eE]uro|one\b|one-|once-|Ukr))",
    regex.MULTILINE,
)


def check_prefilter_stands_for_its_test(rule_id: str, text: str) -> None:
    passes = prefilter(rule_id).search(text) is not None
    if rule_id == "run-together-words":
        assert passes == line_matches(rule_id, text)  # the pattern itself, capital first
    elif rule_id == "article-agreement":
        assert passes == (OLD_ARTICLE_PREFILTER.search(text) is not None)
        assert passes or not swap_matches(text)
    else:
        assert passes == (regex.search(SYNDICATION_LINE_START_FIRST, text, regex.MULTILINE) is not None)
        assert passes or not line_matches(rule_id, text) or KNOWN_GAPS[rule_id].search(text)


def line_break_variants(text: str) -> list[str]:
    return [text.replace("\n", brk) for brk in BREAKS]


@pytest.mark.parametrize("rule_id", CHANGED)
def test_examples_and_fixtures_give_the_unfiltered_findings(rule_id: str) -> None:
    for text in rule_examples(rule_id) + FIXTURES:
        for variant in line_break_variants(text):
            assert_prefilter_skips_nothing(rule_id, variant)
            check_prefilter_stands_for_its_test(rule_id, variant)


@pytest.mark.parametrize("rule_id", CHANGED)
def test_flag_examples_pass_the_prefilter(rule_id: str) -> None:
    # Otherwise the comparisons above would prove little.
    for example in RULESET.specs[rule_id].flag_examples:
        assert prefilter(rule_id).search(example.text), example.text


@pytest.mark.parametrize("rule_id", CHANGED)
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_generated_text_gives_the_unfiltered_findings(rule_id: str, data: st.DataObject) -> None:
    text = data.draw(TEXTS[rule_id])
    assert_prefilter_skips_nothing(rule_id, text)
    check_prefilter_stands_for_its_test(rule_id, text)


@pytest.mark.parametrize("rule_id", CHANGED)
@settings(max_examples=2000, deadline=None)
@given(data=st.data())
def test_each_edge_piece_alone_gives_the_unfiltered_findings(rule_id: str, data: st.DataObject) -> None:
    # In a longer text another match can open the prefilter's gate and hide
    # a context it wrongly rejects; alone, a piece has one candidate.
    text = data.draw(EDGES[rule_id])
    assert_prefilter_skips_nothing(rule_id, text)
    check_prefilter_stands_for_its_test(rule_id, text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZé É-_1 \n\r\u2028ßİ@#/.:=\t"), max_size=30))
def test_run_together_prefilter_is_the_pattern_on_some_line(text: str) -> None:
    check_prefilter_stands_for_its_test("run-together-words", text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["a", "A", "n", "N", " ", "\t", "\n", "e", "E", "u", "U", "b", "é", "’", "-", ".", "one",
                                 "uni", "MP", "Euro", "Ukr", "X-ray"]), max_size=12).map("".join))
def test_article_prefilter_passes_the_texts_the_old_one_passed(text: str) -> None:
    check_prefilter_stands_for_its_test("article-agreement", text)


def test_a_line_skip_blind_to_bare_cr_would_be_caught() -> None:
    # "." stops only at \n: a prefilter skipping lines with it would jump over
    # a footer after a bare CR, and the comparison must notice.
    rule = RULESET.rules["syndication-footer"]
    broken = copy.copy(rule)
    broken.prefilter = regex.compile(rule.prefilter.pattern.replace("(?w:.)++", ".++"), regex.MULTILINE)  # type: ignore[attr-defined]
    text = "Shipping rates fell.\rThis article was originally published on Harbour Weekly.\r"
    with mock.patch.object(existence, "is_compiled", lambda pattern: False):
        assert findings(broken, text) == []
    assert findings(unfiltered(rule), text) != []
    assert_prefilter_skips_nothing("syndication-footer", text)


# The gates once skipped these, which the patterns match: `requires` lacked
# "posted" and "only the headline", the prefilter "posted", "co-published"
# and the "This column is" before "Distributed by".
@pytest.mark.parametrize("footer", [
    "Originally posted on Harbour Weekly.",  # `requires`
    "This article was originally posted on Harbour Weekly.",  # `requires` and prefilter
    "Only the headline and picture of this report may have been reworked by the Harbour Weekly staff.",  # `requires`
    "This story was co-published by Dockside Data in partnership with the Tribune.",  # prefilter
    "This column is Distributed by Harbourline Features, LLC.",  # prefilter
])
def test_known_footers_the_gates_skip(footer: str) -> None:
    rule = RULESET.rules["syndication-footer"]
    text = f"Shipping rates fell.\n{footer}\n"
    assert findings(unfiltered(rule), text) != []
    assert findings(rule, text) != []


def test_share_prompt_gate_holds_every_word_a_row_can_be_made_of() -> None:
    # A row of two platform names is chrome; the `requires` gate must let
    # each through (it lacked "bluesky" and "mastodon").
    from lintnews.checks.chrome import _BARE

    rule = RULESET.rules["share-prompt"]
    for name in sorted(_BARE):
        text = f"The pier reopened.\n{name.title()} | {name.title()}\n"
        assert findings(rule, text) == findings(unfiltered(rule), text) != [], name
