"""The generated rules reference stays in sync with the rule files."""
from __future__ import annotations

from pathlib import Path

from lintnews.config import Settings
from lintnews.docs import render_reference
from lintnews.registry import build_ruleset

ROOT = Path(__file__).resolve().parent.parent


def test_rules_reference_is_up_to_date() -> None:
    expected = render_reference(build_ruleset(Settings()).specs.values())
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `python -m lintnews.docs > docs/rules.md`"


def test_readme_lists_every_shipped_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [rule_id for rule_id in build_ruleset(Settings()).specs if f"`{rule_id}`" not in readme]
    assert missing == []
