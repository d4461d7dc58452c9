"""The fixer: ruff's one-pass rules for applying edits and sqlfluff's fixpoint loop.
Their properties on generated text, with every shipped rule on, are in
test_invariants.py."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_rule

from lintnews.config import Settings
from lintnews.diagnostics import Applicability, Diagnostic, Edit, Fix
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import allowed, apply_fixes, fix_document
from lintnews.registry import build_ruleset


def fix(*edits: tuple[int, int, str], unsafe: bool = False) -> Fix:
    applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
    return Fix(tuple(Edit(s, e, r) for s, e, r in edits), applicability)


# --- apply_fixes: one pass ---------------------------------------------------


def test_insertion() -> None:
    assert apply_fixes("ferry sailed", [fix((6, 6, "has "))]) == ("ferry has sailed", [0])


def test_insertion_at_start_and_end() -> None:
    text, applied = apply_fixes("middle", [fix((6, 6, ">")), fix((0, 0, "<"))])
    assert text == "<middle>"
    assert sorted(applied) == [0, 1]


def test_replacement() -> None:
    assert apply_fixes("Kiev said", [fix((0, 4, "Kyiv"))]) == ("Kyiv said", [0])


def test_replacement_with_longer_and_shorter_text() -> None:
    text, applied = apply_fixes("ab cd ef", [fix((0, 2, "ABCD")), fix((6, 8, "E"))])
    assert text == "ABCD cd E"
    assert applied == [0, 1]


def test_deletion() -> None:
    assert apply_fixes("keep drop keep", [fix((5, 10, ""))]) == ("keep keep", [0])


def test_two_deletions() -> None:
    text, applied = apply_fixes("a-b-c-d", [fix((5, 6, "")), fix((1, 2, ""))])
    assert text == "ab-cd"
    assert applied == [1, 0]  # taken in position order


def test_overlapping_fixes_later_one_skipped() -> None:
    fixes = [fix((4, 9, "Y")), fix((0, 6, "X"))]
    text, applied = apply_fixes("0123456789", fixes)
    assert applied == [1]  # the one that starts first wins, whatever the list order
    assert text == "X6789"


def test_fix_nested_inside_another_is_skipped() -> None:
    text, applied = apply_fixes("0123456789", [fix((2, 8, "-")), fix((3, 5, "+"))])
    assert applied == [0]
    assert text == "01-89"


def test_same_span_twice_second_skipped() -> None:
    text, applied = apply_fixes("Kiev", [fix((0, 4, "Kyiv")), fix((0, 4, "KYIV"))])
    assert (text, applied) == ("Kyiv", [0])


def test_adjacent_edits_both_applied() -> None:
    text, applied = apply_fixes("aaabbb", [fix((3, 6, "B")), fix((0, 3, "A"))])
    assert text == "AB"
    assert sorted(applied) == [0, 1]


def test_insertion_at_edge_of_replacement_is_not_an_overlap() -> None:
    text, applied = apply_fixes("abc", [fix((0, 3, "XYZ")), fix((3, 3, "!"))])
    assert (text, sorted(applied)) == ("XYZ!", [0, 1])
    text, applied = apply_fixes("abc", [fix((0, 3, "XYZ")), fix((0, 0, "!"))])
    assert (text, sorted(applied)) == ("!XYZ", [0, 1])


def test_insertion_strictly_inside_a_replacement_is_skipped() -> None:
    text, applied = apply_fixes("abcdef", [fix((1, 5, "-")), fix((3, 3, "!"))])
    assert (text, applied) == ("a-f", [0])


def test_two_insertions_at_same_point_second_skipped() -> None:
    text, applied = apply_fixes("ab", [fix((1, 1, "X")), fix((1, 1, "Y"))])
    assert (text, applied) == ("aXb", [0])


def test_multi_edit_fix_is_all_or_nothing() -> None:
    text = "0123456789"
    # The first fix takes 2..4; the second starts later and one of its edits
    # overlaps, so none of its edits apply (not even the far one at 8..9).
    fixes = [fix((2, 4, "ab")), fix((3, 5, "X"), (8, 9, "Z"))]
    new, applied = apply_fixes(text, fixes)
    assert applied == [0]
    assert new == "01ab456789"


def test_multi_edit_fix_applied_whole_when_free() -> None:
    new, applied = apply_fixes("“quoted„", [fix((0, 1, '"'), (7, 8, '"'))])
    assert (new, applied) == ('"quoted"', [0])


def test_multi_edit_fix_blocks_a_later_single_edit() -> None:
    new, applied = apply_fixes("0123456789", [fix((0, 1, "A"), (6, 8, "B")), fix((7, 9, "C"))])
    assert applied == [0]
    assert new == "A12345B89"


def test_fix_whose_own_edits_overlap_is_skipped() -> None:
    new, applied = apply_fixes("abcdef", [fix((1, 4, "X"), (2, 5, "Y")), fix((5, 6, "F"))])
    assert applied == [1]
    assert new == "abcdeF"


def test_empty_text() -> None:
    assert apply_fixes("", []) == ("", [])
    assert apply_fixes("", [fix((0, 0, "new"))]) == ("new", [0])
    assert apply_fixes("unchanged", []) == ("unchanged", [])


def test_edit_rejects_a_reversed_span() -> None:
    with pytest.raises(ValueError):
        Edit(5, 3, "")
    with pytest.raises(ValueError):
        Edit(-1, 2, "")


def test_allowed_respects_applicability() -> None:
    assert allowed(fix((0, 1, "")), unsafe=False)
    assert not allowed(fix((0, 1, ""), unsafe=True), unsafe=False)
    assert allowed(fix((0, 1, ""), unsafe=True), unsafe=True)
    assert not allowed(None, unsafe=True)


# --- fix_document: the fixpoint loop -------------------------------------------


def test_fix_document_converges_with_rules_that_need_several_passes(tmp_path: Path) -> None:
    # "aa" -> "a" shrinks a run by half per pass: "aaaa" -> "aa" -> "a".
    rule = make_rule(tmp_path, "halve-a", "extends: substitution\nregex: true\nswap: {'aa': 'a'}\nfix: {action: replace}\n")
    outcome = fix_document(Document("x aaaa y"), [rule])
    assert outcome.converged
    assert outcome.text == "x a y"
    assert outcome.fixed["halve-a"] == 3  # two in the first pass, one in the second
    assert outcome.diagnostics == []
    assert outcome.errors == []


def test_fix_document_reports_the_remaining_diagnostics_of_the_final_text(tmp_path: Path) -> None:
    fixer = make_rule(tmp_path, "dash-fix", "extends: substitution\nswap: {'--': '—'}\nfix: {action: replace}\n")
    flagger = make_rule(tmp_path, "flag-tbd", "extends: existence\npatterns: ['TBD']\n")
    text = "Start -- then TBD."
    outcome = fix_document(Document(text), [fixer, flagger])
    assert outcome.converged
    assert outcome.text == "Start — then TBD."
    assert [(d.rule_id, outcome.text[d.start:d.end]) for d in outcome.diagnostics] == [("flag-tbd", "TBD")]


def test_fix_document_on_the_shipped_rules_converges() -> None:
    rules = list(build_ruleset(Settings()).rules.values())
    text = (
        "Kiev replied at once.\n\nLeave a Reply\n\nUS envoy Anthony Blinken arrived in Kyiv. .\n"
        "The ministerâ€™s aide was a Amazing host.\n"
    )
    safe = fix_document(Document(text), rules)
    assert safe.converged, safe.errors
    assert safe.text == (
        "Kyiv replied at once.\n\nUS envoy Antony Blinken arrived in Kyiv.\n"
        "The minister’s aide was a Amazing host.\n"
    )
    assert [d.rule_id for d in safe.diagnostics] == ["article-agreement"]  # unsafe fix left
    unsafe = fix_document(Document(text), rules, unsafe=True)
    assert unsafe.converged
    assert unsafe.text == safe.text.replace("a Amazing", "an Amazing")
    assert unsafe.diagnostics == []


def test_fixes_that_undo_each_other_keep_the_original(tmp_path: Path) -> None:
    to_b = make_rule(tmp_path, "swap-alpha-beta", "extends: substitution\nswap: {alpha: beta}\nfix: {action: replace}\n")
    to_a = make_rule(tmp_path, "swap-beta-alpha", "extends: substitution\nswap: {beta: alpha}\nfix: {action: replace}\n")
    for text in ("alpha and beta\n", "only alpha here\n"):
        doc = Document(text)
        first = lint_document(doc, [to_b, to_a])[0]
        outcome = fix_document(doc, [to_b, to_a])
        assert not outcome.converged
        assert outcome.text == text
        assert outcome.fixed == {}
        assert outcome.diagnostics == first  # the original text's findings
        fix_errors = [e for e in outcome.errors if e.code == "fix-error"]
        assert len(fix_errors) == 1
        assert "swap-alpha-beta" in fix_errors[0].message
        assert "swap-beta-alpha" in fix_errors[0].message


class CountingRule:
    """Wraps a rule and counts how often it checks a document."""

    def __init__(self, rule) -> None:
        self.rule = rule
        self.spec = rule.spec
        self.calls = 0

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        self.calls += 1
        return self.rule.check(doc)


def test_runaway_limit_is_respected(tmp_path: Path) -> None:
    # Every pass lengthens the run of z's: the text never repeats, never settles.
    grow = CountingRule(make_rule(tmp_path, "grow-z", "extends: substitution\nregex: true\nswap: {'z+': '\\g<0>z'}\nfix: {action: replace}\n"))
    text = "buzz\n"
    outcome = fix_document(Document(text), [grow], runaway_limit=3)
    assert not outcome.converged
    assert outcome.text == text
    assert grow.calls == 4  # the first lint, then one after each of the 3 passes
    [error] = outcome.errors
    assert error.code == "fix-error"
    assert "3 passes" in error.message and "grow-z" in error.message


def test_runaway_limit_boundary(tmp_path: Path) -> None:
    # "aaaa" needs exactly two passes to settle.
    rule = make_rule(tmp_path, "halve-a", "extends: substitution\nregex: true\nswap: {'aa': 'a'}\nfix: {action: replace}\n")
    assert fix_document(Document("aaaa"), [rule], runaway_limit=2).text == "a"
    short = fix_document(Document("aaaa"), [rule], runaway_limit=1)
    assert (short.text, short.converged) == ("aaaa", False)


def test_unsafe_fixes_only_with_unsafe(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "risky", "extends: substitution\nswap: {colour: color}\nfix: {action: replace, applicability: unsafe}\n")
    text = "The colour changed.\n"
    safe = fix_document(Document(text), [rule])
    assert safe.converged and safe.text == text
    assert [d.rule_id for d in safe.diagnostics] == ["risky"]
    assert fix_document(Document(text), [rule], unsafe=True).text == "The color changed.\n"


def test_fix_document_uses_a_given_first_pass(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "swap-x", "extends: substitution\nswap: {old: new}\nfix: {action: replace}\n")
    doc = Document("old and old")
    outcome = fix_document(doc, [rule], first_pass=([], []))
    assert outcome.text == "old and old"  # nothing to fix in the given first pass
    assert fix_document(doc, [rule]).text == "new and new"


# Properties of the fixer over the shipped rule set on generated text
# (idempotence, edits inside the reported spans, nothing fixable left) are in
# test_invariants.py.
