"""Run the rules in-process and score them.

In-process (lintnews's engine and fixer, the same code the CLI runs per
document) because the evaluation lints tens of thousands of documents; the
CLI would spend most of its time starting up. All rules are on; fixes are
applied with unsafe fixes allowed.

Per rule:
- false positives: findings on the clean originals (minus the reviewed
  allow-list), raw and per 1,000 clean documents;
- recall: injected defects of the rule's family that the rule flags at the
  injected line(s) (a block of chrome lines needs every line flagged);
- precision on the injected set: the rule's findings in injected documents
  that sit on a line of its own family's injected defect, over all its findings
  there (injections go only into documents with no findings at all, so every
  other finding was caused by some injection: another family's, or the
  rule's own but on the wrong line);
- fix: among injected defects that a fix could undo, the share whose document
  `--fix --unsafe-fixes` turns back into exactly the expected text.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lintnews.config import Settings
from lintnews.diagnostics import Diagnostic
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document
from lintnews.kinds.base import Rule
from lintnews.registry import build_ruleset
from lintnews.rulefile import RuleSpec

from .injectors import Injection, Injector
from .sources import CleanDoc


@dataclass(frozen=True)
class Rules:
    specs: Mapping[str, RuleSpec]  # every rule file found
    rules: Sequence[Rule]  # built and selected (all)
    errors: Sequence[str]

    @property
    def built(self) -> frozenset[str]:
        return frozenset(rule.spec.id for rule in self.rules)


def load_rules(rule_paths: Sequence[str] = (), builtin: bool = True) -> Rules:
    """Every rule, as `lintnews --select ALL --isolated` sees them (plus
    `rule_paths`: folders of extra rule files; `builtin=False` leaves the
    shipped rules out, for tests that bring their own)."""
    ruleset = build_ruleset(Settings(rule_paths=tuple(rule_paths), builtin_rules=builtin), ["ALL"])
    return Rules(ruleset.specs, list(ruleset.rules.values()), ruleset.errors)


def finding_lines(doc: Document, diag: Diagnostic) -> range:
    """Lines a finding covers (a span ending at a line start does not cover that line)."""
    first, _ = doc.position(diag.start)
    last, _ = doc.position(max(diag.start, diag.end - 1))
    return range(first, last + 1)


@dataclass
class FalsePositive:
    doc_id: str
    rule: str
    line: int
    excerpt: str


@dataclass
class CleanResult:
    documents: int = 0
    false_positives: list[FalsePositive] = field(default_factory=list)
    allowed: list[FalsePositive] = field(default_factory=list)  # on the allow-list
    hosts: list[CleanDoc] = field(default_factory=list)  # documents with no finding at all
    errors: list[str] = field(default_factory=list)


def lint_clean(docs: Iterable[CleanDoc], rules: Rules, allow: Mapping[tuple[str, str], str]) -> CleanResult:
    result = CleanResult()
    for clean in docs:
        result.documents += 1
        doc = Document(clean.text, clean.doc_id)
        diagnostics, errors = lint_document(doc, rules.rules)
        result.errors.extend(f"{clean.doc_id}: {e.message}" for e in errors)
        for diag in diagnostics:
            line = doc.position(diag.start)[0]
            excerpt = clean.text[max(0, diag.start - 40):diag.end + 40].replace("\n", "⏎")
            fp = FalsePositive(clean.doc_id, diag.rule_id, line, excerpt)
            (result.allowed if (clean.doc_id, diag.rule_id) in allow else result.false_positives).append(fp)
        if not diagnostics and not errors:
            result.hosts.append(clean)
    return result


@dataclass
class FamilyScore:
    family: str
    injected: int = 0
    detected: int = 0
    fixable: int = 0  # injected defects a fix could undo
    restored: int = 0  # ... that --fix undid exactly
    misses: list[str] = field(default_factory=list)  # examples, for the report
    unrestored: list[str] = field(default_factory=list)


@dataclass
class InjectedResult:
    families: dict[str, FamilyScore] = field(default_factory=dict)
    on_target: dict[str, int] = field(default_factory=dict)  # rule -> findings on its own injected lines
    off_target: dict[str, int] = field(default_factory=dict)  # rule -> other findings in injected docs
    off_examples: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _detected(inj: Injection, covered: set[int]) -> bool:
    return inj.lines <= covered if inj.need_all else bool(inj.lines & covered)


def score_injection(inj: Injection, rules: Rules, result: InjectedResult, doc_id: str, fix: bool = True) -> None:
    score = result.families.setdefault(inj.family, FamilyScore(inj.family))
    score.injected += 1
    doc = Document(inj.text, doc_id)
    diagnostics, errors = lint_document(doc, rules.rules)
    result.errors.extend(f"{doc_id} ({inj.family}): {e.message}" for e in errors)
    covered: set[int] = set()
    for diag in diagnostics:
        lines = set(finding_lines(doc, diag))
        if diag.rule_id == inj.family and lines & inj.lines:
            covered |= lines
            result.on_target[diag.rule_id] = result.on_target.get(diag.rule_id, 0) + 1
        else:
            result.off_target[diag.rule_id] = result.off_target.get(diag.rule_id, 0) + 1
            examples = result.off_examples.setdefault(diag.rule_id, [])
            if len(examples) < 5:
                examples.append(f"{doc_id} +{inj.family}: {inj.text[max(0, diag.start - 30):diag.end + 30]!r}")
    if _detected(inj, covered):
        score.detected += 1
    elif len(score.misses) < 5:
        score.misses.append(f"{doc_id}: {inj.detail}")
    spec = rules.specs.get(inj.family)
    if fix and inj.fixable and spec is not None and spec.fixable:
        score.fixable += 1
        outcome = fix_document(doc, rules.rules, unsafe=True)
        if outcome.text == inj.expected:
            score.restored += 1
        elif len(score.unrestored) < 5:
            score.unrestored.append(f"{doc_id}: {inj.detail}: got {_first_difference(outcome.text, inj.expected)}")


def _first_difference(got: str, want: str) -> str:
    i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return f"{got[max(0, i - 25):i + 25]!r}, want {want[max(0, i - 25):i + 25]!r}"


def run_injections(hosts: Sequence[CleanDoc], families: Mapping[str, Injector], rules: Rules, seed: int,
                   per_family: int | None, progress: Callable[[str], None] | None = None) -> InjectedResult:
    """Inject every family into (up to `per_family` of) the host documents, one
    defect per copy; the choice of hosts and of every injection is fixed by `seed`."""
    result = InjectedResult()
    for family, injector in families.items():
        rng = random.Random(f"{seed}:{family}")
        order = list(hosts)
        rng.shuffle(order)
        result.families[family] = FamilyScore(family)
        count = 0
        for host in order:
            if per_family is not None and count >= per_family:
                break
            inj = injector(host.text, rng)
            if inj is None:
                continue
            count += 1
            score_injection(inj, rules, result, host.doc_id)
        if progress:
            score = result.families[family]
            progress(f"{family}: {score.detected}/{score.injected} detected")
    return result
