"""How the page-chrome rules divide the work with the older rules (no line
reported twice), and a whole scraped page cleaned by `lintnews --fix` as a
user runs it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.registry import build_ruleset

RULESET = build_ruleset(Settings())
RULES = list(RULESET.rules.values())


def rules_on(text: str) -> list[tuple[int, str]]:
    doc = Document(text)
    found, errors = lint_document(doc, RULES)
    assert errors == []
    return [(doc.position(d.start)[0], d.rule_id) for d in found]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Read more: Ferry fares to rise in spring", "injected-related-link"),
        ("Read more", "read-more-link"),
        ("Read More »", "read-more-link"),
        ("Related: Council closes two libraries", "injected-related-link"),
        ("Related Stories", "related-stories-block"),
        ("Marta Kowalczyk/AFP/Getty Images", "photo-credit"),
        ("Dockworkers wave flags outside the port in Rotterdam, October 3, 2024. REUTERS/Jan Smit", "photo-caption"),
        ("Your email address will not be published. Required fields are marked *", "comment-form-boilerplate"),
        ("Enter your email address", "newsletter-prompt"),
        ("Advertisement - scroll to continue", "advertisement-label"),
        ("Share on Facebook", "share-prompt"),
        # Variants a scraper leaves, one rule each.
        *[(line, "share-prompt") for line in (
            "SHARE", "Share:", "Share this article", "Share via Email", "Facebook Twitter LinkedIn Email",
            "Click to email a link to a friend (Opens in new window)", "Print this page", "Copy link")],
        *[(line, "newsletter-prompt") for line in (
            "Sign up to our newsletter", "Subscribe", "Get the latest news delivered straight to your inbox",
            "Sign up for the Morning Briefing newsletter.", "Thanks for subscribing!", "You're all signed up!")],
        *[(line, "advertisement-label") for line in (
            "Advertisement", "Advertisement · Scroll to continue", "- Advertisement -", "Article continues below",
            "[Advertisement]", "Paid Content")],
        *[(line, "skip-link") for line in ("Skip to Main Content", "Skip to content", "Back to top")],
        *[(line, "cookie-notice") for line in (
            "This website uses cookies to ensure you get the best experience.", "Reject all", "Cookie Policy")],
        *[(line, "read-more-link") for line in (
            "Continue reading", "Read the full story", "READ MORE", "Read more...", "Continue reading →")],
        *[(line, "related-stories-block") for line in (
            "Related articles", "More on this story", "Trending now", "RELATED", "Most Popular", "See also")],
        *[(line, "syndication-footer") for line in (
            "This article first appeared in Harbour Weekly.", "Originally published by Harbour Weekly.",
            "Copyright 2023 NPR. To see more, visit https://www.npr.org.",
            "This story was produced in partnership with the Quayside Data Project.",
            "Distributed by Harbourline Features, LLC.")],
        # Phrasings added after the real-data evaluation.
        *[(line, "share-prompt") for line in (
            "Share on X (opens in a new window)", "Share: Facebook | X | LinkedIn | Email",
            "Share this article with a friend")],
        *[(line, "newsletter-prompt") for line in (
            "Join our mailing list", "Like what you read? Sign up for our weekly digest.",
            "Stay informed: join our free daily newsletter")],
        ("AD", "advertisement-label"),
        ("Manage cookie preferences", "cookie-notice"),
        ("MORE FROM BUSINESS", "related-stories-block"),
        ("Lena Ford/AFP via Getty Images", "photo-credit"),
        *[(line, "photo-caption") for line in (
            "Image caption Dockworkers wave flags outside the port", "Caption: Ships wait outside the harbour.",
            "Pictured: the harbour master on Monday", "IMAGE: Cranes stand idle on the empty quay.")],
    ],
)
def test_each_chrome_line_is_reported_by_exactly_one_rule(line: str, rule: str) -> None:
    text = f"The port reopened on Monday.\n\n{line}\n\nShips queued outside the harbour.\n"
    assert rules_on(text) == [(3, rule)]


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("ADVERTISEMENT", "advertisement-label"),
        ("Sign up for our newsletter", "newsletter-prompt"),
        ("Accept all cookies", "cookie-notice"),
        ("Originally published on Harbour Weekly.", "syndication-footer"),
        ("FILE PHOTO: Containers wait at the port of Valencia, Spain.", "photo-caption"),
        ("Ships queue outside the port in Rotterdam, October 3, 2024.", "photo-caption"),
        ("Related Stories", "related-stories-block"),
    ],
)
def test_chrome_lines_are_found_whatever_the_line_ending(line: str, rule: str, ending: str) -> None:
    """The prefilters are anchored at line edges: a bare CR (old Mac files,
    mixed endings) and CRLF must count as a line end there too, as they do
    for the line-by-line patterns."""
    text = f"The port reopened on Monday.{ending}{line}{ending}Ships queued outside the harbour for most of the morning.{ending}"
    assert rules_on(text) == [(2, rule)]


def test_a_multi_paragraph_quotation_in_one_line_per_paragraph_text_passes() -> None:
    text = "“The first point is money,\n“the second is time,\n“and the third is trust,” she said.\nThe vote is on Friday.\n"
    assert [r for r in rules_on(text) if r[1] == "mismatched-quotes"] == []


def test_a_quote_left_open_in_one_line_per_paragraph_text_is_found_at_the_next_quote() -> None:
    text = "“We will not sign, the union said.\nThe vote is on Friday.\n“It is over,” he said.\n"
    assert [r for r in rules_on(text) if r[1] == "mismatched-quotes"] == [(1, "mismatched-quotes")]


def test_related_header_with_prose_under_it_flags_only_the_header_unsafely() -> None:
    text = "Intro.\n\nMost read\nThe council met on Monday to discuss the budget.\n"
    doc = Document(text)
    found = [d for d in lint_document(doc, [RULESET.rules["related-stories-block"]])[0]]
    assert [doc.position(d.start)[0] for d in found] == [3]
    assert found[0].fix is not None and found[0].fix.applicability.value == "unsafe"


PAGE = """Skip to main content
Harbour reopens after storm repairs

By Lena Ford

ADVERTISEMENT

HAMBURG, Germany (dpa) — The harbour reopened on Monday after three weeks of repairs. Read more »

"We are back in business," the harbour master said.

Share this:
Facebook | Twitter | Email

Related Stories

Sign up for our newsletter

We use cookies to improve your experience. By continuing, you agree.
Accept all cookies

By Lena Ford

Ships queued outside the harbour all morning.

This article was originally published on Harbour Weekly.
"""

CLEANED = """Harbour reopens after storm repairs

By Lena Ford

HAMBURG, Germany (dpa) — The harbour reopened on Monday after three weeks of repairs.

"We are back in business," the harbour master said.

By Lena Ford

Ships queued outside the harbour all morning.

This article was originally published on Harbour Weekly.
"""


def test_fix_cleans_a_scraped_page_and_a_second_fix_changes_nothing(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    first = run_cli("--fix", "page.txt")
    assert first.returncode == 1, first.stderr  # warnings with unsafe fixes remain
    assert page.read_text(encoding="utf-8") == CLEANED
    second = run_cli("--fix", "--output-format", "json", "page.txt")
    assert page.read_text(encoding="utf-8") == CLEANED
    remaining = sorted((d["line"], d["rule"]) for d in json.loads(second.stdout))
    assert remaining == [(9, "duplicated-byline"), (13, "syndication-footer")]
    unsafe = run_cli("--fix", "--unsafe-fixes", "page.txt")
    assert unsafe.returncode == 0, unsafe.stdout
    assert page.read_text(encoding="utf-8") == (
        "Harbour reopens after storm repairs\n\nBy Lena Ford\n\n"
        "HAMBURG, Germany (dpa) — The harbour reopened on Monday after three weeks of repairs.\n\n"
        "\"We are back in business,\" the harbour master said.\n\nShips queued outside the harbour all morning.\n"
    )  # the blank line a deleted last line leaves goes in the next pass (trailing-blank-lines)
