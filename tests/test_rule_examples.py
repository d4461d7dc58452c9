"""Every example in every rule file is a test (shipped rules and plugin packs).

Contract (sqlfluff's rules test helper, pycodestyle's positions):
- a `pass` example yields no diagnostic from its rule;
- a `flag` example yields at least one (exactly the `at` line:col list, if given);
- `fixed` given: the fix produces exactly that text, and the result passes the rule;
  `unsafe: true` means the fix needs --unsafe-fixes;
- `fixed` absent: the rule's fixes leave the text unchanged;
- `known_failure` examples run as strict xfail, so a limit that goes away is noticed.
Ids look like `injected-related-link::flag[0]`, so `pytest -k injected-related-link` works.
"""
from __future__ import annotations

import pytest

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document
from lintnews.registry import build_ruleset

RULESET = build_ruleset(Settings())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "rule_example" not in metafunc.fixturenames:
        return
    params = []
    for rule_id, spec in sorted(RULESET.specs.items()):
        for group, examples in (("flag", spec.flag_examples), ("pass", spec.pass_examples), ("known_failure", spec.known_failures)):
            for i, example in enumerate(examples):
                marks = [pytest.mark.xfail(strict=True, reason=example.reason or "known failure")] if group == "known_failure" else []
                params.append(pytest.param((rule_id, group, example), id=f"{rule_id}::{group}[{i}]", marks=marks))
    metafunc.parametrize("rule_example", params)


def test_ruleset_loads_cleanly() -> None:
    assert RULESET.errors == []
    assert set(RULESET.rules) == set(RULESET.specs)


def test_rule_example(rule_example) -> None:
    rule_id, group, example = rule_example
    rule = RULESET.rules[rule_id]
    doc = Document(example.text)
    found, errors = lint_document(doc, [rule])
    assert errors == [], errors
    where = f"{RULESET.specs[rule_id].source}"
    if group == "pass":
        assert found == [], f"{where}: pass example was flagged: {[(d.message, doc.position(d.start)) for d in found]}"
        return
    if group == "known_failure":
        # A known failure is a flag example the rule cannot yet catch (or fix right).
        assert found, "not flagged"
        if example.fixed is not None:
            assert fix_document(doc, [rule], unsafe=True).text == example.fixed
        return
    assert found, f"{where}: flag example was not flagged: {example.text!r}"
    if example.positions:
        assert [doc.position(d.start) for d in found] == list(example.positions)
    if example.fixed is None:
        outcome = fix_document(doc, [rule], unsafe=True)
        assert outcome.text == example.text, "a rule without `fixed` in an example must not change the text"
        return
    if example.unsafe:
        assert fix_document(doc, [rule], unsafe=False).text == example.text, "an `unsafe: true` example changed under safe fixes"
    outcome = fix_document(doc, [rule], unsafe=example.unsafe)
    assert outcome.converged, outcome.errors
    assert outcome.text == example.fixed
    again, _ = lint_document(Document(outcome.text), [rule])
    assert [d for d in again if d.fix is not None] == [], "the fixed text still has fixable findings"
