"""The encoding and layout rules (issue 3): what the YAML examples cannot say.

- the false-positive guard: clean news prose written for this test
  (tests/fixtures/clean_news/) gives no error from any rule and no finding
  at all from the encoding and layout rules, with LF and with CRLF endings;
- how the rules share characters (mojibake before control-character,
  stray-bom before zero-width-character, a line deletion before nbsp-run);
- fixes reach a fixpoint on generated text full of the characters involved;
- the python kind's anchors and Hit, which these rules rely on;
- the CLI on real files: bytes, BOM and line endings after --fix.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_rule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintnews.config import Settings
from lintnews.diagnostics import Applicability, Severity
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document
from lintnews.registry import build_ruleset

NEW_RULES = [
    "html-entity", "html-tag", "control-character", "zero-width-character", "stray-bom", "nbsp-run",
    "replacement-character", "trailing-whitespace", "blank-line-run", "mixed-line-endings",
    "missing-final-newline", "repeated-paragraph", "truncated-ending",
]
CLEAN = sorted((Path(__file__).parent / "fixtures" / "clean_news").glob("*.txt"))
RULESET = build_ruleset(Settings())
ALL_RULES = list(RULESET.rules.values())
NEW = [RULESET.rules[r] for r in NEW_RULES]


def lint(text: str, rules=None):
    found, errors = lint_document(Document(text), ALL_RULES if rules is None else rules)
    assert errors == []
    return found


def ids(text: str, rules=None) -> list[str]:
    return [d.rule_id for d in lint(text, rules)]


# --- the false-positive guard ------------------------------------------------


def test_clean_fixture_is_big_and_varied() -> None:
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in CLEAN)
    assert len(CLEAN) >= 8 and lines >= 200


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.stem)
def test_clean_news_has_no_errors_and_no_layout_findings(path: Path, newline: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    found = lint(text)
    doc = Document(text)
    errors = [(d.rule_id, doc.position(d.start), d.message) for d in found if d.severity is Severity.ERROR]
    assert errors == []
    mine = [(d.rule_id, doc.position(d.start), d.message) for d in found if d.rule_id in NEW_RULES]
    assert mine == []


def test_clean_news_passes_through_the_cli(run_cli, tmp_path: Path) -> None:
    for path in CLEAN:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    proc = run_cli("--isolated", "--output-format", "json", ".")
    assert proc.returncode in (0, 1), proc.stderr
    findings = json.loads(proc.stdout)
    assert [f for f in findings if f["severity"] == "error" or f["rule"] in NEW_RULES] == []


# --- rules that share characters --------------------------------------------


def test_c1_controls_in_mojibake_are_reported_once_by_mojibake() -> None:
    text = "The mayorâ€\x9ds aide said \x93no\x94.\n"
    assert sorted(set(ids(text))) == ["mojibake"]
    assert fix_document(Document(text), ALL_RULES).text == "The mayor”s aide said “no”.\n"


def test_undefined_c1_control_alone_is_a_control_character() -> None:
    text = "A stray \x81 byte.\n"
    assert ids(text) == ["control-character"]


def test_c1_controls_are_all_flagged_when_mojibake_is_off(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "controls", """\
        extends: python
        function: "lintnews.checks.encoding:find_control_characters"
        arguments: {leave_c1_to_mojibake: false}
        """)
    assert [d.start for d in lint("a \x93b\x94 \x81\n", [rule])] == [2, 4, 6]


def test_feff_belongs_to_stray_bom_only() -> None:
    assert ids("Word\ufeffsplit and word\u200bsplit.\n") == ["stray-bom", "zero-width-character"]


def test_a_file_start_bom_is_not_stray(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfFirst.\n\xef\xbb\xbfSecond.\n")
    proc = run_cli("--isolated", "--select", "stray-bom", "--fix", "a.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "a.txt").read_bytes() == b"\xef\xbb\xbfFirst.\nSecond.\n"


def test_injected_link_line_deletion_wins_over_nbsp_run() -> None:
    text = "Para one.\nSee also\u00a0 Ferry fares rise again\n\nPara two.\n"
    assert sorted(ids(text)) == ["injected-related-link", "nbsp-run"]
    assert fix_document(Document(text), ALL_RULES).text == "Para one.\n\nPara two.\n"


def test_tag_line_and_photo_credit_on_adjacent_lines_leave_one_blank_line() -> None:
    text = "Para one.\n\n<figure>\nJane Doe/AFP/Getty Images\n\nPara two.\n"
    assert fix_document(Document(text), ALL_RULES).text == "Para one.\n\nPara two.\n"


def test_escaped_tags_are_decoded_then_deleted() -> None:
    text = "The vote&lt;br&gt;was close.\n"
    assert fix_document(Document(text), ALL_RULES).text == "The vote was close.\n"


def test_trailing_whitespace_and_missing_final_newline_fix_together() -> None:
    assert fix_document(Document("One.\nTwo.  "), ALL_RULES).text == "One.\nTwo.\n"
    assert fix_document(Document("One.\n   "), ALL_RULES).text == "One.\n"


# --- layout details ----------------------------------------------------------


def test_mixed_line_endings_tie_goes_to_lf_and_runs_group() -> None:
    rule = [RULESET.rules["mixed-line-endings"]]
    text = "a\r\nb\r\nc\nd\n"
    found = lint(text, rule)
    assert len(found) == 1 and "CRLF line ending" in found[0].message
    assert fix_document(Document(text), rule).text == "a\nb\nc\nd\n"


def test_repeated_last_paragraph_keeps_the_documents_ending() -> None:
    rule = [RULESET.rules["repeated-paragraph"]]
    para = "The harbour strike ended after nine days of talks in the city."
    for ending in ("\n", ""):
        text = f"{para}\n\nMiddle.\n\n{para}{ending}"
        assert fix_document(Document(text), rule, unsafe=True).text == f"{para}\n\nMiddle.{ending}"


def test_repeated_paragraph_fix_is_unsafe_and_findings_are_warnings() -> None:
    para = "The harbour strike ended after nine days of talks in the city."
    found = lint(f"{para}\n\n{para}\n", [RULESET.rules["repeated-paragraph"]])
    assert [(d.severity, d.fix.applicability if d.fix else None) for d in found] == [(Severity.WARNING, Applicability.UNSAFE)]


@pytest.mark.parametrize("text, flagged", [
    ("Title\n\nThe deal was signed, officials said, and the", True),
    ("Title\n\nThe deal was signed on Monday by both sides\n", True),
    ("Title\n\nThe deal was signed.\n\n\n", False),
    ("Title\n\nPosted by the news desk on Monday at noon in the city of Lyon\n", False),
    ("Title\n\nThe deal was signed 🎉\n", False),
    ("Only a headline without punctuation\n", False),
])
def test_truncated_ending(text: str, flagged: bool) -> None:
    assert (ids(text, [RULESET.rules["truncated-ending"]]) != []) is flagged


# --- fixes settle on generated text -----------------------------------------

ALPHABET = st.sampled_from(
    list("ab. \n") + ["\r\n", "\r", "\t", "\u00a0", "\u200b", "\u200d", "\ufeff", "\ufffd", "\x0b", "\x81",
                      "&amp;", "&#8217;", "<p>", "</p>", "<br>", "&", "<", "Ã©", "The harbour reopened today after the storm."]
)
texts = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.booleans())
def test_new_rules_fix_to_a_fixpoint(text: str, unsafe: bool) -> None:
    outcome = fix_document(Document(text), NEW, unsafe=unsafe)
    assert outcome.converged, outcome.errors
    again = fix_document(Document(outcome.text), NEW, unsafe=unsafe)
    assert again.text == outcome.text
    left = [d.rule_id for d in outcome.diagnostics if d.fix is not None and (unsafe or d.fix.applicability is Applicability.SAFE)]
    assert left == []


# --- the python kind's anchors and Hit --------------------------------------

HELPER = '''
from lintnews.kinds.python import Hit
CALLS = []

def spy(text):
    CALLS.append(text)
    at = text.find("XX")
    if at != -1:
        yield Hit(at, at + 2, "y", {"extra": "EXTRA"}, unsafe=True)

def two_edits(text):
    if text[:1] != "A":
        yield Hit(0, len(text), None, edits=((0, 1, "A"), (len(text) - 1, len(text), "Z")))
'''


@pytest.fixture
def helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    import sys

    name = f"lintnews_enc_helper_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(HELPER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_python_kind_requires_and_prefilter_skip_the_callable(tmp_path: Path, helper: str) -> None:
    import importlib

    module = importlib.import_module(helper)
    rule = make_rule(tmp_path, "spy-rule", f"""\
        extends: python
        message: "{{match}} {{extra}}"
        function: "{helper}:spy"
        requires: ["xx"]
        prefilter: "X{{2}}"
        fix: {{action: replace}}
        """)
    assert lint("no marker here", [rule]) == [] and module.CALLS == []
    assert lint("lower xx only", [rule]) == [] and module.CALLS == []  # requires passes, prefilter does not
    found = lint("an XX here", [rule])
    assert module.CALLS == ["an XX here"]
    assert [(d.message, d.fix.applicability if d.fix else None) for d in found] == [("XX EXTRA", Applicability.UNSAFE)]


def test_python_kind_hit_with_several_edits(tmp_path: Path, helper: str) -> None:
    rule = make_rule(tmp_path, "two-edits", f"extends: python\nfunction: '{helper}:two_edits'\nfix: {{action: replace}}\n")
    assert fix_document(Document("abc"), [rule]).text == "AbZ"


# --- the CLI on real files ---------------------------------------------------


def test_fix_on_files_keeps_bom_and_majority_endings(run_cli, tmp_path: Path) -> None:
    dirty = (
        "Ferry fares rise&nbsp;again\r\n\r\n"
        "<p>The operator said fares would rise by 4%.</p>\r\n\r\n\r\n"
        "Unions called the rise \u201cunfair\u201d.\u200b\n"
        "A spokesperson declined to comment.  \r\n"
    )
    (tmp_path / "story.txt").write_bytes(b"\xef\xbb\xbf" + dirty.encode("utf-8"))
    proc = run_cli("--isolated", "--fix", "story.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected = (
        "Ferry fares rise\u00a0again\r\n\r\n"
        "The operator said fares would rise by 4%.\r\n\r\n"
        "Unions called the rise \u201cunfair\u201d.\r\n"
        "A spokesperson declined to comment.\r\n"
    )
    assert (tmp_path / "story.txt").read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    again = run_cli("--isolated", "--fix", "story.txt")
    assert again.returncode == 0 and "Fixed" not in again.stdout


def test_unfixable_findings_keep_exit_1(run_cli, tmp_path: Path) -> None:
    (tmp_path / "cut.txt").write_text("Headline\n\nThe minister said the caf\ufffd would be sold to the\n", encoding="utf-8")
    proc = run_cli("--isolated", "--output-format", "json", "cut.txt")
    assert proc.returncode == 1
    assert sorted(f["rule"] for f in json.loads(proc.stdout)) == ["replacement-character", "truncated-ending"]
