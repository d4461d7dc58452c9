"""Kind behaviour that rule-file examples cannot express: blank-line handling of
delete-line, scopes, the `requires` prefilter, regex time limits, python-kind
callables, case keeping, majority-wins consistency, and mojibake restraint."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from helpers import make_rule

from lintnews.config import Settings
from lintnews.diagnostics import Applicability
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.errors import RuleFileError
from lintnews.fixer import fix_document
from lintnews.kinds.substitution import match_case
from lintnews.registry import build_ruleset


def spans(text: str, rule) -> list[str]:
    found, errors = lint_document(Document(text), [rule])
    assert errors == []
    return [text[d.start:d.end] for d in found]


def fixed(text: str, *rules, unsafe: bool = False) -> str:
    outcome = fix_document(Document(text), list(rules), unsafe=unsafe)
    assert outcome.converged, outcome.errors
    return outcome.text


@pytest.fixture(scope="module")
def shipped():
    ruleset = build_ruleset(Settings())
    assert ruleset.errors == []
    return ruleset.rules


# --- existence: delete-line ------------------------------------------------------

JUNK = "extends: existence\npatterns: ['^JUNK.*$']\nfix: {action: delete-line}\n"


@pytest.fixture
def junk(tmp_path: Path):
    return make_rule(tmp_path, "junk-line", JUNK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # between blank lines: the blank line after it goes too
        ("Para one.\n\nJUNK here\n\nPara two.\n", "Para one.\n\nPara two.\n"),
        # glued to the paragraph above: only the line goes
        ("Para one.\nJUNK here\n\nPara two.\n", "Para one.\n\nPara two.\n"),
        # glued to the paragraph below: only the line goes
        ("Para one.\n\nJUNK here\nPara two.\n", "Para one.\n\nPara two.\n"),
        # inside a paragraph
        ("One.\nJUNK here\nTwo.\n", "One.\nTwo.\n"),
        # first line of the document, followed by a blank line
        ("JUNK here\n\nPara.\n", "Para.\n"),
        # last line, without a final newline
        ("Para.\nJUNK here", "Para.\n"),
        # the whole document
        ("JUNK here\n", ""),
        # a blank line holding only spaces counts as blank
        ("Para one.\n  \nJUNK here\n \t\nPara two.\n", "Para one.\n  \nPara two.\n"),
        # CRLF text keeps its line ends
        ("Para one.\r\n\r\nJUNK here\r\n\r\nPara two.\r\n", "Para one.\r\n\r\nPara two.\r\n"),
        ("JUNK here\rTwo.\r", "Two.\r"),  # lone CR: first line only, see below
    ],
)
def test_delete_line_blank_line_handling(junk, text: str, expected: str) -> None:
    assert fixed(text, junk) == expected


def test_scope_line_anchor_after_a_lone_cr(junk, shipped) -> None:
    assert fixed("One.\rJUNK here\rTwo.\r", junk) == "One.\rTwo.\r"
    text = "The ferry sailed at noon.\rLeave a Reply\renablePagination: false\rEnd.\r"
    rules = [shipped["comment-form-boilerplate"], shipped["cms-config"]]
    assert [d.rule_id for d in lint_document(Document(text), rules)[0]] == ["comment-form-boilerplate", "cms-config"]


def test_delete_line_block_between_blank_lines(junk) -> None:
    text = "Para one.\n\nJUNK a\nJUNK b\nJUNK c\n\nPara two.\n"
    found, _ = lint_document(Document(text), [junk])
    # Only the last line of the block takes the blank line with it.
    assert [text[d.start:d.end] for d in found] == ["JUNK a\n", "JUNK b\n", "JUNK c\n\n"]
    assert fixed(text, junk) == "Para one.\n\nPara two.\n"


def test_delete_line_two_blocks_separated_by_a_blank_line(junk) -> None:
    text = "Para one.\n\nJUNK a\n\nJUNK b\n\nPara two.\n"
    assert fixed(text, junk) == "Para one.\n\nPara two.\n"


def test_delete_line_diagnostic_starts_at_the_line(junk) -> None:
    text = "Intro.\n\nJUNK: see page 4\n\nEnd.\n"
    doc = Document(text)
    [d] = lint_document(doc, [junk])[0]
    assert doc.position(d.start) == (3, 1)
    assert (d.fix.edits[0].start, d.fix.edits[0].end) == (d.start, d.end)
    assert d.fix.description == "delete the line"


def test_delete_line_block_made_by_two_rules_keeps_one_blank_line(shipped) -> None:
    text = (
        "Harbour strike ends\n\nMarta Kowalczyk/AFP/Getty Images\n"
        "See also: Ferry timetable changes again\n\nDockworkers returned on Monday.\n"
    )
    rules = [shipped["photo-credit"], shipped["injected-related-link"]]
    assert fixed(text, *rules) == "Harbour strike ends\n\nDockworkers returned on Monday.\n"


def test_delete_match(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "tracking-tag", "extends: existence\nscope: text\npatterns: ['\\[tracking:\\w+\\] ?']\nfix: {action: delete-match}\n")
    assert fixed("The vote [tracking:abc] passed.\n", rule) == "The vote passed.\n"


def test_existence_without_fix_changes_nothing(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "flag-only", "extends: existence\npatterns: ['JUNK']\n")
    found, _ = lint_document(Document("JUNK\n"), [rule])
    assert len(found) == 1 and found[0].fix is None
    assert fix_document(Document("JUNK\n"), [rule], unsafe=True).text == "JUNK\n"


def test_exceptions_suppress_matches_inside_them(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "word-kiev", "extends: existence\npatterns: ['Kiev']\nexceptions: ['Chicken Kiev']\n")
    assert spans("Chicken Kiev in Kiev.", rule) == ["Kiev"]
    found, _ = lint_document(Document("Chicken Kiev in Kiev."), [rule])
    assert found[0].start == len("Chicken Kiev in ")


# --- existence: scope and the prefilter -----------------------------------------


def test_scope_line_never_matches_across_lines(tmp_path: Path) -> None:
    line = make_rule(tmp_path, "across-line", "extends: existence\nscope: line\npatterns: ['end\\s+start']\n")
    text = make_rule(tmp_path, "across-text", "extends: existence\nscope: text\npatterns: ['end\\s+start']\n")
    sample = "the end\nstart again; the end  start"
    assert spans(sample, line) == ["end  start"]
    assert spans(sample, text) == ["end\nstart", "end  start"]


def test_scope_line_anchors_are_the_line_edges_even_with_crlf(tmp_path: Path) -> None:
    line = make_rule(tmp_path, "anchored-line", "extends: existence\nscope: line\npatterns: ['^Menu$']\n")
    text = make_rule(tmp_path, "anchored-text", "extends: existence\nscope: text\npatterns: ['^Menu$']\n")
    sample = "Menu\r\nThe Menu\r\nMenu"
    assert spans(sample, line) == ["Menu", "Menu"]
    found, _ = lint_document(Document(sample), [line])
    assert [Document(sample).position(d.start) for d in found] == [(1, 1), (3, 1)]
    # In text scope `$` is the regex module's: it does not stop before "\r".
    assert spans(sample, text) == ["Menu"]


def test_scope_line_match_never_includes_the_terminator(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "whole-line", "extends: existence\nscope: line\npatterns: ['^Tags:[\\s\\S]*']\n")
    assert spans("Tags: a, b\r\nNext line\n", rule) == ["Tags: a, b"]


def test_max_line_length_skips_long_lines(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "short-only", "extends: existence\nmax_line_length: 20\npatterns: ['Menu']\n")
    assert spans("Menu\n" + "Menu " * 10 + "\n", rule) == ["Menu"]


def test_requires_prefilter_skips_documents_without_the_literal(tmp_path: Path) -> None:
    # The pattern matches "horse", but the prefilter says every match contains
    # "zebra": a document without "zebra" is skipped without running the regex.
    rule = make_rule(tmp_path, "prefiltered", "extends: existence\nscope: text\npatterns: ['horse']\nrequires: [Zebra]\n")
    assert spans("a horse", rule) == []
    assert spans("a horse and a ZEBRA", rule) == ["horse"]  # compared without regard to case
    assert spans("a horse and a zebra", rule) == ["horse"]


def test_requires_skips_the_regex_entirely(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "prefiltered-slow", "extends: existence\nscope: text\npatterns: ['(a|aa)+$']\nrequires: [needle]\ntimeout: 0.2\n")
    started = time.monotonic()
    found, errors = lint_document(Document("a" * 5000 + "b"), [rule])
    assert (found, errors) == ([], [])
    assert time.monotonic() - started < 0.2


# --- regex time limits ------------------------------------------------------------


def test_catastrophic_backtracking_becomes_a_rule_timeout(tmp_path: Path) -> None:
    slow = make_rule(tmp_path, "slow-pattern", "extends: existence\nscope: text\npatterns: ['(a|aa)+$']\ntimeout: 0.2\n")
    other = make_rule(tmp_path, "find-b", "extends: existence\nscope: text\npatterns: ['b']\n")
    text = "a" * 5000 + "b"
    started = time.monotonic()
    found, errors = lint_document(Document(text), [slow, other])
    elapsed = time.monotonic() - started
    assert elapsed < 5
    [error] = errors
    assert error.code == "rule-timeout"
    assert error.rule_id == "slow-pattern"
    assert "slow-pattern.yaml" in error.message
    assert [d.rule_id for d in found] == ["find-b"]  # the other rule still ran


def test_timeout_in_substitution(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "slow-swap", "extends: substitution\nregex: true\nswap: {'(a|aa)+$': 'x'}\ntimeout: 0.2\nfix: {action: replace}\n")
    outcome = fix_document(Document("a" * 5000 + "b"), [rule])
    assert [e.code for e in outcome.errors] == ["rule-timeout"]
    assert outcome.text == "a" * 5000 + "b"


def test_timeout_is_per_document_in_line_scope(tmp_path: Path) -> None:
    # Each line takes about a hundredth of a second (far below the limit);
    # 100 of them take well over the 0.3 s the rule may spend on one document.
    rule = make_rule(tmp_path, "slow-lines", "extends: existence\nscope: line\npatterns: ['(a|aa)+$']\ntimeout: 0.3\n")
    text = ("a" * 20 + "b\n") * 100
    _found, errors = lint_document(Document(text), [rule])
    assert [e.code for e in errors] == ["rule-timeout"]


# --- python kind ----------------------------------------------------------------

HELPER = '''
def find_tbd(text, marker="TBD", replacement=None):
    start = text.find(marker)
    while start != -1:
        if replacement is None:
            yield (start, start + len(marker))
        else:
            yield (start, start + len(marker), replacement)
        start = text.find(marker, start + 1)

def broken(text):
    raise KeyError("no such thing")
    yield

def out_of_range(text):
    yield (0, len(text) + 5)

def find_lines(text, marker="TBD"):
    # a whole-line finding (no replacement) for each line holding the marker
    from lintnews.kinds.python import Hit
    pos = 0
    for line in text.splitlines(keepends=True):
        if marker in line:
            yield Hit(pos, pos + len(line.rstrip("\\r\\n")), None, unsafe="maybe" in line)
        pos += len(line)

def escaping_fix(text):
    from lintnews.diagnostics import Diagnostic, Edit, Fix
    yield Diagnostic("escaping", 2, 4, "msg", fix=Fix((Edit(0, 4, "x"),)))

NOT_CALLABLE = 3
'''


@pytest.fixture
def helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"lintnews_test_helper_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(HELPER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_python_kind_flags_spans(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-tbd", f"extends: python\nfunction: '{helper}:find_tbd'\n")
    text = "Score TBD, venue TBD."
    found, errors = lint_document(Document(text), [rule])
    assert errors == []
    assert [(text[d.start:d.end], d.message, d.fix) for d in found] == [("TBD", "found TBD", None)] * 2


def test_python_kind_passes_arguments_and_fixes(tmp_path: Path, helper: str) -> None:
    rule = make_rule(
        tmp_path,
        "python-xx",
        f"extends: python\nfunction: '{helper}:find_tbd'\narguments: {{marker: XX, replacement: '—'}}\nfix: {{action: replace}}\n",
    )
    assert fixed("Result XX, date XX, TBD.", rule) == "Result —, date —, TBD."


def test_python_kind_replacement_without_declared_fix_is_not_a_fix(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-nofix", f"extends: python\nfunction: '{helper}:find_tbd'\narguments: {{replacement: done}}\n")
    [d] = lint_document(Document("TBD"), [rule])[0]
    assert d.fix is None


def test_python_kind_crash_is_a_rule_error(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-broken", f"extends: python\nfunction: '{helper}:broken'\n")
    ok = make_rule(tmp_path, "python-ok", f"extends: python\nfunction: '{helper}:find_tbd'\n")
    found, errors = lint_document(Document("TBD"), [rule, ok])
    assert [(e.code, e.rule_id) for e in errors] == [("rule-error", "python-broken")]
    assert "KeyError" in errors[0].message
    assert [d.rule_id for d in found] == ["python-ok"]


def test_python_kind_span_outside_text_is_a_rule_error(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-range", f"extends: python\nfunction: '{helper}:out_of_range'\n")
    found, errors = lint_document(Document("short"), [rule])
    assert found == []
    assert [e.code for e in errors] == ["rule-error"]


def test_fix_outside_the_reported_span_is_dropped(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-escape", f"extends: python\nfunction: '{helper}:escaping_fix'\n")
    found, errors = lint_document(Document("abcdef"), [rule])
    assert [(d.start, d.end, d.fix) for d in found] == [(2, 4, None)]  # kept, without its fix
    assert [e.code for e in errors] == ["rule-error"]
    assert "outside the span" in errors[0].message


def test_python_kind_delete_line_removes_the_line_and_one_blank(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-del", f"extends: python\nfunction: '{helper}:find_lines'\nfix: {{action: delete-line}}\n")
    text = "Intro.\n\nTBD\nTBD too\n\nBody.\n"
    assert fixed(text, rule) == "Intro.\n\nBody.\n"
    [first, second] = lint_document(Document(text), [rule])[0]
    # each diagnostic points at the line it deletes
    assert (first.start, second.start) == (8, 12)
    assert first.fix is not None and first.fix.deletes_line == 8


def test_python_kind_finding_can_grade_its_fix_unsafe(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "python-maybe", f"extends: python\nfunction: '{helper}:find_lines'\nfix: {{action: delete-line}}\n")
    text = "Intro.\nTBD maybe\nTBD\nBody.\n"
    grades = [d.fix.applicability for d in lint_document(Document(text), [rule])[0] if d.fix]
    assert grades == [Applicability.UNSAFE, Applicability.SAFE]
    assert fixed(text, rule) == "Intro.\nTBD maybe\nBody.\n"
    assert fixed(text, rule, unsafe=True) == "Intro.\nBody.\n"


@pytest.mark.parametrize(
    ("option", "skipped", "checked"),
    [
        ("requires: [tbd]", "Nothing to see.", "Venue tbd, date TBD."),
        ("prefilter: 'T.D'", "Venue tbd.", "Date TBD."),
    ],
)
def test_python_kind_prefilters_skip_documents(tmp_path: Path, helper: str, option: str, skipped: str, checked: str) -> None:
    rule = make_rule(tmp_path, "python-pre", f"extends: python\nfunction: '{helper}:find_tbd'\n{option}\n")
    calls = []
    original = rule.func
    rule.func = lambda text, **kw: calls.append(text) or original(text, **kw)
    assert lint_document(Document(skipped), [rule])[0] == []
    assert calls == []  # the callable never ran
    assert [d.start for d in lint_document(Document(checked), [rule])[0]] == [checked.index("TBD")]
    assert calls == [checked]


@pytest.mark.parametrize(
    ("target", "complaint"),
    [
        ("no_colon_here", "must look like"),
        ("lintnews_module_that_does_not_exist:f", "cannot import"),
        ("{helper}:missing_function", "cannot import"),
        ("{helper}:NOT_CALLABLE", "not callable"),
    ],
)
def test_python_kind_bad_function_is_a_rule_file_error(tmp_path: Path, helper: str, target: str, complaint: str) -> None:
    target = target.format(helper=helper)
    with pytest.raises(RuleFileError) as info:
        make_rule(tmp_path, "python-bad", f"extends: python\nfunction: '{target}'\n")
    assert complaint in str(info.value)
    assert info.value.path.endswith("python-bad.yaml")
    assert info.value.line == 6  # the `function:` line


# --- substitution ---------------------------------------------------------------


def test_substitution_keeps_case_with_ignorecase(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "kiev-kyiv", "extends: substitution\nignorecase: true\nswap: {kiev: kyiv}\nfix: {action: replace}\n")
    assert fixed("Kiev, KIEV and kiev.", rule) == "Kyiv, KYIV and kyiv."


def test_substitution_ignorecase_without_keep_case(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "kiev-plain", "extends: substitution\nignorecase: true\nkeep_case: false\nswap: {kiev: Kyiv}\nfix: {action: replace}\n")
    assert fixed("KIEV and kiev.", rule) == "Kyiv and Kyiv."


def test_substitution_is_case_sensitive_by_default(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "kiev-exact", "extends: substitution\nswap: {Kiev: Kyiv}\nfix: {action: replace}\n")
    assert fixed("KIEV, kiev, Kiev.", rule) == "KIEV, kiev, Kyiv."


def test_substitution_literals_match_whole_words_only(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "whole-word", "extends: substitution\nswap: {Kiev: Kyiv}\nfix: {action: replace}\n")
    assert spans("Kievan Rus and Kiev's past", rule) == ["Kiev"]


def test_substitution_runs_only_the_entries_a_document_holds(tmp_path: Path) -> None:
    # The shared literal scan tells which keys occur; the rule then runs an
    # alternation of those alone, in their order: where two present keys
    # could match at one place, the earlier-listed one must still win.
    rule = make_rule(tmp_path, "harbour-names", (
        "extends: substitution\nignorecase: true\n"
        "swap: {'New York City': NYC, 'York City': 'City of York', 'City Hall': 'town hall', York: Jorvik}\n"
        "fix: {action: replace}\n"))
    text = "The York City Hall opened. york was quiet."
    assert spans(text, rule) == ["York City", "york"]
    assert list(rule.alternation._narrowed) == [(1, 2, 3)]  # "New York City" is absent
    rule.use_prefilter = False  # the full alternation gives the same answer
    assert spans(text, rule) == ["York City", "york"]


def test_substitution_regex_groups_in_replacement(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "per-cent", "extends: substitution\nregex: true\nswap: {'(\\d+) per cent': '\\1%'}\nfix: {action: replace}\n")
    assert fixed("Turnout rose 7 per cent, then 12 per cent.", rule) == "Turnout rose 7%, then 12%."


def test_substitution_regex_groups_with_lookahead(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "percent-of", "extends: substitution\nregex: true\nswap: {'(\\d+) percent(?= of)': '\\1%'}\nfix: {action: replace}\n")
    assert fixed("Turnout was 40 percent of voters.", rule) == "Turnout was 40% of voters."


@pytest.mark.parametrize("keys", ["{'\\b(\\w+) \\1\\b': '\\1'}", "{colour: color, '\\b(\\w+) \\1\\b': '\\1'}"], ids=["one-key", "two-keys"])
def test_substitution_regex_key_with_backreference(tmp_path: Path, keys: str) -> None:
    # One key: rejected as an invalid pattern; two keys: silently never matches.
    rule = make_rule(tmp_path, "doubled-word", f"extends: substitution\nregex: true\nswap: {keys}\nfix: {{action: replace}}\n")
    assert fixed("The council said the the vote stands.", rule) == "The council said the vote stands."


def test_substitution_exceptions(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "kiev-except", "extends: substitution\nswap: {Kiev: Kyiv}\nexceptions: ['Dynamo Kiev']\nfix: {action: replace}\n")
    assert fixed("Dynamo Kiev played in Kiev.", rule) == "Dynamo Kiev played in Kyiv."


@pytest.mark.parametrize(
    ("template", "replacement", "expected"),
    [("KIEV", "kyiv", "KYIV"), ("Kiev", "kyiv", "Kyiv"), ("kiev", "Kyiv", "kyiv"), ("A", "an", "An"), ("a", "an", "an"), ("KiEv", "kyiv", "Kyiv")],
)
def test_match_case(template: str, replacement: str, expected: str) -> None:
    assert match_case(template, replacement) == expected


# --- consistency ----------------------------------------------------------------

VARIANTS = "extends: consistency\nvariants: [[Kyiv, Kiev], [Odesa, Odessa]]\nfix: {action: replace}\n"


def test_consistency_without_prefer_majority_wins_with_an_unsafe_fix(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "majority", VARIANTS)
    text = "Kiev said no. Kiev said it twice. Kyiv disagreed."
    found, _ = lint_document(Document(text), [rule])
    assert [text[d.start:d.end] for d in found] == ["Kyiv"]
    assert found[0].fix.applicability is Applicability.UNSAFE
    assert found[0].fix.edits[0].replacement == "Kiev"
    assert fixed(text, rule) == text
    assert fixed(text, rule, unsafe=True) == "Kiev said no. Kiev said it twice. Kiev disagreed."


def test_consistency_runs_only_the_spellings_a_document_holds(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "places-narrowed", VARIANTS.replace("[Odesa, Odessa]", "[Odesa, Odessa], [Kyivan, Kievan]"))
    text = "Kyiv woke. Kiev slept. Kyiv again, and a Kyivan poet.\n"
    assert spans(text, rule) == ["Kiev"]
    assert len(rule.alternation._narrowed) == 1  # Odesa, Odessa and Kievan are absent
    rule.use_prefilter = False
    assert spans(text, rule) == ["Kiev"]


def test_consistency_tie_goes_to_the_first_listed_spelling(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "tie", VARIANTS)
    assert fixed("Odessa then Odesa.", rule, unsafe=True) == "Odesa then Odesa."
    assert fixed("Kiev then Kyiv.", rule, unsafe=True) == "Kyiv then Kyiv."


def test_consistency_with_prefer_is_safe_and_ignores_the_majority(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "preferred", VARIANTS + "prefer: [Kyiv]\n")
    text = "Kiev, Kiev, Kiev and Kyiv; Odessa and Odesa."
    found, _ = lint_document(Document(text), [rule])
    kyiv = [d for d in found if text[d.start:d.end] == "Kiev"]
    assert len(kyiv) == 3 and all(d.fix.applicability is Applicability.SAFE for d in kyiv)
    # No preference for the second group: majority rule, unsafe, tie -> Odesa.
    assert fixed(text, rule) == "Kyiv, Kyiv, Kyiv and Kyiv; Odessa and Odesa."
    assert fixed(text, rule, unsafe=True) == "Kyiv, Kyiv, Kyiv and Kyiv; Odesa and Odesa."


def test_consistency_one_spelling_is_left_alone(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "single", VARIANTS)
    assert spans("Kiev and Kiev again; Odesa too.", rule) == []


def test_consistency_ignorecase_keeps_case(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "folded", VARIANTS + "ignorecase: true\nprefer: [Kyiv]\n")
    assert fixed("KIEV news from Kyiv.", rule) == "KYIV news from Kyiv."


def test_consistency_ignorecase_with_turkish_capital_i(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "folded-tr", VARIANTS + "ignorecase: true\nprefer: [Kyiv]\n")
    found, errors = lint_document(Document("KİEV and Kyiv"), [rule])
    assert errors == []
    assert [d.start for d in found] == [0]


# --- mojibake -------------------------------------------------------------------

CORRECT = [
    "The minister’s office said “no” to the plan.",
    "The “ﬁnal” offer, with ﬂoor prices.",
    "Fullwidth Ａ and ｂ stay as they are.",
    "Cafe\u0301 owners in Zu\u0308rich and Krako\u0301w.",
    "Straße, naïve, São Paulo, Ærø, Łódź and İzmir.",
    "the café’s terrace and the résumé’s gaps",
    "Prices fell 3%… then rose to €12 — or ¥900.",
    "Ελληνικά, русский, العربية, 中文.",
]


@pytest.mark.parametrize("text", CORRECT)
def test_mojibake_never_changes_correct_text(shipped, text: str) -> None:
    rule = shipped["mojibake"]
    assert lint_document(Document(text), [rule]) == ([], [])
    assert fixed(text, rule, unsafe=True) == text


def test_mojibake_repairs_only_the_damaged_run(shipped) -> None:
    text = "The “ﬁnal” word: the ministerâ€™s cafe\u0301.\n"
    found, _ = lint_document(Document(text), [shipped["mojibake"]])
    assert [text[d.start:d.end] for d in found] == ["â€™"]
    assert fixed(text, shipped["mojibake"]) == "The “ﬁnal” word: the minister’s cafe\u0301.\n"


def test_ascii_text_never_imports_ftfy() -> None:
    code = textwrap.dedent(
        """
        import sys
        from lintnews.config import Settings
        from lintnews.document import Document
        from lintnews.fixer import fix_document
        from lintnews.registry import build_ruleset
        rules = list(build_ruleset(Settings()).rules.values())
        text = "Plain ASCII news: Kiev and Kyiv, Anthony Blinken added. .\\n" * 20
        outcome = fix_document(Document(text), rules)
        assert outcome.converged and outcome.text != text
        print("ftfy" in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_mojibake_does_no_work_without_a_suspect_pair(shipped, monkeypatch: pytest.MonkeyPatch) -> None:
    import ftfy

    calls = []
    real = ftfy.fix_encoding_and_explain
    monkeypatch.setattr(ftfy, "fix_encoding_and_explain", lambda *a, **k: calls.append(a) or real(*a, **k))
    rule = shipped["mojibake"]
    lint_document(Document("Plain ASCII text.\n" * 10), [rule])
    lint_document(Document("Zürich, “quoted”, naïve.\n"), [rule])
    assert calls == []
    lint_document(Document("the ministerâ€™s aide\n"), [rule])
    assert len(calls) == 1


def _starts_anchored_by_loop(pattern: str) -> bool:
    """The character loop starts_anchored replaced (reference)."""
    import re as stdlib_re

    flags = stdlib_re.match(r"\(\?[a-zA-Z]+\)", pattern)
    if not pattern[flags.end() if flags else 0:].startswith("^"):
        return False
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


@given(st.text(alphabet="^|()[]\\ab?i:", max_size=14).map(lambda s: "^" + s))
def test_starts_anchored_equals_the_character_loop(pattern: str) -> None:
    from lintnews.kinds.existence import starts_anchored

    assert starts_anchored(pattern) is _starts_anchored_by_loop(pattern)
    assert starts_anchored("(?i)" + pattern) is _starts_anchored_by_loop("(?i)" + pattern)


@pytest.mark.parametrize("pattern, anchored", [
    ("^a|b", False), ("^(a|b)", True), ("^[|]a", True), ("^[]|]a", True), ("^[^]|]a", True), (r"^a\|b", True),
    (r"^[\]|]a", True), ("(?i)^a", True), ("a|^b", False),
])
def test_starts_anchored_examples(pattern: str, anchored: bool) -> None:
    from lintnews.kinds.existence import starts_anchored

    assert starts_anchored(pattern) is anchored
