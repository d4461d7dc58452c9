"""Meta-tests over the shipped rule files: what sqlfluff's rule metaclass
enforces, done openly. Each test is parametrized by rule id, so a failure
names the rule (and `pytest -k <rule-id>` selects it)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lintnews.config import Settings
from lintnews.diagnostics import Severity
from lintnews.docs import render_rule
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.plugins import builtin_rules_dir
from lintnews.registry import build_ruleset
from lintnews.rulefile import RULE_ID, parse_rule_file

RULESET = build_ruleset(Settings())
SPECS = sorted(RULESET.specs.values(), key=lambda s: s.id)
IDS = [s.id for s in SPECS]


def by_id(argname: str = "spec"):
    return pytest.mark.parametrize(argname, SPECS, ids=IDS)


def test_the_shipped_set_is_not_empty_and_loads_without_errors() -> None:
    assert len(SPECS) >= 10
    assert RULESET.errors == []


def test_every_rule_file_in_the_folder_is_loaded() -> None:
    folder = builtin_rules_dir().resolve()
    files = sorted(p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    shipped = sorted(s.id for s in SPECS if Path(s.source).resolve().parent == folder)
    assert files == shipped


def test_ids_are_unique_across_ids_and_aliases() -> None:
    names = [s.id for s in SPECS] + [a for s in SPECS for a in s.aliases]
    assert len(names) == len(set(names))


@by_id()
def test_id_equals_file_name_and_is_kebab_case(spec) -> None:
    assert Path(spec.source).stem == spec.id
    assert RULE_ID.match(spec.id)
    assert parse_rule_file(spec.source).id == spec.id


@by_id()
def test_has_flag_and_pass_examples(spec) -> None:
    assert len(spec.flag_examples) >= 1, f"{spec.source}: no `flag` example"
    assert len(spec.pass_examples) >= 1, f"{spec.source}: no `pass` example"


@by_id()
def test_fixed_text_given_iff_rule_declares_a_fix(spec) -> None:
    with_fixed = [ex for ex in spec.flag_examples if ex.fixed is not None]
    if spec.fixable:
        assert with_fixed, f"{spec.source}: the rule has a fix but no flag example shows a `fixed` text"
    else:
        assert with_fixed == [], f"{spec.source}: `fixed` given but the rule declares no fix"


@by_id()
def test_pass_examples_have_no_fixed_text(spec) -> None:
    assert all(ex.fixed is None for ex in spec.pass_examples)


@by_id()
def test_documentation_fields_are_filled(spec) -> None:
    for field in ("description", "why", "message"):
        value = getattr(spec, field)
        assert isinstance(value, str) and value.strip(), f"{spec.source}: empty `{field}`"


@by_id()
def test_severity_is_valid(spec) -> None:
    assert isinstance(spec.severity, Severity)
    assert spec.severity.value in {"error", "warning", "info"}


@by_id()
def test_kind_is_known_and_rule_builds(spec) -> None:
    assert spec.kind in RULESET.kinds
    assert spec.id in RULESET.rules
    if spec.fixable:
        assert spec.fix_action in RULESET.kinds[spec.kind].fix_actions


@by_id()
def test_renders_with_its_id_description_and_why(spec) -> None:
    page = render_rule(spec)
    assert page.startswith(f"# {spec.id}\n")
    assert spec.description in page
    assert spec.why in page
    assert spec.severity.value in page
    # the examples are shown too
    assert "Flagged" in page and "Not flagged" in page


# `requires` is a prefilter: "literal strings, one of which every match
# contains". If it is right, dropping it changes no result. These texts hold
# lines each rule's patterns match, written to probe the prefilter lists.
PREFILTER_PROBES = [
    "Story.\n\nLeave a Response\n\nNext story.\n",
    "Story.\n\nName *\nEmail *\nWebsite\n",
    "Story.\nMore from: Harbour reopens after the storm\nEnd.\n",
    "Story.\nMORE » Harbour reopens after the storm\nEnd.\n",
    "Story.\nRead also - Ferry strike ends at last\n",
    "Harbour strike ends\n\nMarta Kowalczyk/AP\n\nDockworkers returned.\n",
    "Harbour strike ends\n\nPicture: Tom Reyes\n\nDockworkers returned.\n",
    "Harbour strike ends\n\nPhoto : Tom Reyes/Reuters\n\nDockworkers returned.\n",
]
PREFILTERED = [s for s in SPECS if s.options.get("requires")]


@pytest.mark.parametrize(
    "spec",
    [pytest.param(s, id=s.id) for s in PREFILTERED],
)
def test_requires_prefilter_never_hides_a_match(spec) -> None:
    unfiltered = unfiltered_rule(spec)
    rule = RULESET.rules[spec.id]
    texts = PREFILTER_PROBES + [ex.text for s in SPECS for ex in (*s.flag_examples, *s.pass_examples)]
    missed = []
    for text in texts:
        with_prefilter = lint_document(Document(text), [rule])[0]
        without = lint_document(Document(text), [unfiltered])[0]
        if with_prefilter != without:
            missed.append(text)
    assert not missed, "results change without `requires` on:\n" + "\n".join(map(repr, missed))


def unfiltered_rule(spec):
    return RULESET.kinds[spec.kind].build(dataclasses.replace(spec, options={k: v for k, v in spec.options.items() if k != "requires"}))


@pytest.mark.parametrize(
    "spec",
    [pytest.param(s, id=s.id) for s in PREFILTERED],
)
def test_pass_examples_hold_without_the_prefilter(spec) -> None:
    # The prefilter is an optimisation: a pass example must not rely on it,
    # or the same line is flagged once the document contains a prefilter word.
    rule = unfiltered_rule(spec)
    flagged = [ex.text for ex in spec.pass_examples if lint_document(Document(ex.text), [rule])[0]]
    assert flagged == []


def test_prefiltered_rules_exist() -> None:
    # The test above must have something to check.
    assert PREFILTERED


# `prefilter` is a pattern that must match somewhere in a document for the
# rule to run. Like `requires`, it is an optimisation: without it, no
# example (of any rule) may get a different result.
WITH_PREFILTER = [s for s in SPECS if s.options.get("prefilter")]


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.id) for s in WITH_PREFILTER])
def test_prefilter_pattern_never_hides_a_match(spec) -> None:
    rule = RULESET.rules[spec.id]
    bare = RULESET.kinds[spec.kind].build(
        dataclasses.replace(spec, options={k: v for k, v in spec.options.items() if k != "prefilter"})
    )
    texts = PREFILTER_PROBES + [ex.text for s in SPECS for ex in (*s.flag_examples, *s.pass_examples)]
    missed = [t for t in texts if lint_document(Document(t), [rule])[0] != lint_document(Document(t), [bare])[0]]
    assert not missed, "results change without `prefilter` on:\n" + "\n".join(map(repr, missed))


def test_prefiltered_pattern_rules_exist() -> None:
    assert len(WITH_PREFILTER) >= 5
