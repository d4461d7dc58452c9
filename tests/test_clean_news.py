"""False-positive guard: clean news prose, written for this suite (see
tests/fixtures/clean_news/README.md), linted as a user would lint it.

No error-severity rule may fire on it, and the rules of the page-chrome and
spinning families (warnings included) must stay silent too. A companion
test puts real defects into a copy, so the guard is known to see findings
when there are some."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "clean_news"
ARTICLES = sorted(FIXTURE.glob("*.txt"))

# Rules whose every finding on clean prose would be a false positive,
# whatever their severity.
CHROME_AND_SPINNING = [
    "share-prompt", "newsletter-prompt", "advertisement-label", "skip-link", "cookie-notice",
    "read-more-link", "related-stories-block", "duplicated-byline", "syndication-footer",
    "stray-capital", "photo-caption", "mismatched-quotes", "misspelled-name",
    "place-name-consistency", "run-together-words", "article-agreement",
]


def lint_json(run_cli, folder: Path) -> list[dict]:
    result = run_cli("--output-format", "json", "--select", "ALL", str(folder))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_the_fixture_is_a_few_hundred_lines_of_varied_prose() -> None:
    lines = [line for path in ARTICLES for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(ARTICLES) >= 10
    assert len(lines) >= 250


def test_no_error_on_clean_news(run_cli, tmp_path: Path) -> None:
    copy = tmp_path / "clean"
    shutil.copytree(FIXTURE, copy)
    found = lint_json(run_cli, copy)
    errors = [f"{Path(d['path']).name}:{d['line']}: {d['rule']} {d['message']}" for d in found if d["severity"] == "error"]
    assert errors == []


@pytest.mark.parametrize("rule", CHROME_AND_SPINNING)
def test_rule_is_silent_on_clean_news(run_cli, tmp_path: Path, rule: str) -> None:
    copy = tmp_path / "clean"
    shutil.copytree(FIXTURE, copy)
    result = run_cli("--output-format", "json", "--select", rule, str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_the_guard_sees_defects_put_into_the_same_prose(run_cli, tmp_path: Path) -> None:
    copy = tmp_path / "damaged"
    shutil.copytree(FIXTURE, copy)
    target = copy / "harbour-strike.txt"
    lines = target.read_text(encoding="utf-8").split("\n")
    # after the headline, the dateline paragraph, and the third paragraph
    lines.insert(1, "Skip to main content")
    lines.insert(5, "ADVERTISEMENT")
    lines.insert(9, "Share this:")
    target.write_text("\n".join(lines), encoding="utf-8")
    found = lint_json(run_cli, copy)
    assert sorted((Path(d["path"]).name, d["line"], d["rule"]) for d in found if d["severity"] == "error") == [
        ("harbour-strike.txt", 2, "skip-link"),
        ("harbour-strike.txt", 6, "advertisement-label"),
        ("harbour-strike.txt", 10, "share-prompt"),
    ]
