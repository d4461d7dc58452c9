"""The Markdown table and the JSON summary of an evaluation run."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .scoring import CleanResult, InjectedResult, Rules

FP_TARGET = 1.0  # error-severity rules: at most 1 false positive per 1,000 clean documents
RECALL_TARGET = 0.95  # families whose rule has a fix
RESTORE_TARGET = 0.95  # --fix gives back exactly the clean original


@dataclass
class Row:
    rule: str
    exists: bool  # the rule file loaded and the rule was built
    status: str = "ok"  # ok | no rule | failed to load
    severity: str = ""
    fix: str = ""  # "", "safe", "unsafe"
    injected: int = 0
    detected: int = 0
    on_target: int = 0
    off_target: int = 0
    clean_fp: int = 0
    fixable: int = 0
    restored: int = 0
    family: bool = True

    def recall(self) -> float | None:
        return self.detected / self.injected if self.family and self.exists and self.injected else None

    def precision(self) -> float | None:
        total = self.on_target + self.off_target
        return self.on_target / total if total else None

    def restore(self) -> float | None:
        return self.restored / self.fixable if self.fixable else None

    def checks(self, documents: int) -> dict[str, bool | None]:
        """Targets: True pass, False fail, None not applicable."""
        if not self.exists:
            return {"fp": None, "recall": None, "fix": None}
        per_k = 1000 * self.clean_fp / documents if documents else 0.0
        recall, restore = self.recall(), self.restore()
        return {
            "fp": per_k <= FP_TARGET if self.severity == "error" else None,
            "recall": recall >= RECALL_TARGET if self.fix and recall is not None else None,
            "fix": restore >= RESTORE_TARGET if restore is not None else None,
        }


def build_rows(rules: Rules, families: list[str], clean: CleanResult, injected: InjectedResult) -> list[Row]:
    fp = Counter(f.rule for f in clean.false_positives)
    rows: list[Row] = []
    for rule_id in families + sorted(set(rules.specs) - set(families)):
        spec = rules.specs.get(rule_id)
        score = injected.families.get(rule_id)
        row = Row(rule_id, rule_id in rules.built, family=rule_id in families)
        if spec is None:
            row.status = "no rule"
        elif not row.exists:
            row.status = "failed to load"
        if row.exists and spec is not None:
            row.severity = spec.severity.value
            row.fix = spec.fix_applicability.value if spec.fixable else ""
            row.clean_fp = fp[rule_id]
            row.on_target = injected.on_target.get(rule_id, 0)
            row.off_target = injected.off_target.get(rule_id, 0)
        if score is not None:
            row.injected, row.detected = score.injected, score.detected
            row.fixable, row.restored = score.fixable, score.restored
        rows.append(row)
    return rows


def _cli_line(meta: dict[str, Any]) -> str:
    check = meta.get("cli_check")
    if not check:
        return ""
    line = (f"CLI cross-check on {check['documents']} injected documents: the same findings (rule, line) in "
            f"{check['same_findings']}, the same `--fix --unsafe-fixes` output in {check['same_fix']}.")
    return line + "".join(f"\n- {d}" for d in check["differences"]) + "\n"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✅" if ok else " ❌")


def markdown(rows: list[Row], clean: CleanResult, injected: InjectedResult, meta: dict[str, Any]) -> str:
    n = clean.documents
    out = [
        (f"Clean originals: {n} real news documents ({meta['sources']}); "
         f"{len(clean.hosts)} with no finding at all host the injections; "
         f"{len(clean.allowed)} finding(s) on the reviewed allow-list (real defects in the source). "
         f"Seed {meta['seed']}, {meta['injections']} injected documents, {meta['seconds']:.0f} s."),
        "",
        (f"Targets: error rules ≤{FP_TARGET:g} FP per 1,000 clean documents; recall ≥{RECALL_TARGET:.0%} "
         f"for rules with a fix; `--fix` restores ≥{RESTORE_TARGET:.0%} exactly."),
        "",
        *([f"{len(meta['rule_load_errors'])} rule file(s) failed to load (listed on stderr and in --json).", ""]
          if meta.get("rule_load_errors") else []),
        _cli_line(meta),
        "| rule | severity | fix | recall | precision (injected set) | FP on clean (raw) | FP / 1,000 clean | fix restores |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        if not row.exists:
            out.append(f"| `{row.rule}` | {row.status} | | – ({row.injected} injected) | – | – | – | – |")
            continue
        ok = row.checks(n)
        per_k = 1000 * row.clean_fp / n if n else 0.0
        recall = (f"{_pct(row.recall())} ({row.detected}/{row.injected}){_mark(ok['recall'])}"
                  if row.family else "– (no injector)")
        precision = f"{_pct(row.precision())} ({row.on_target}/{row.on_target + row.off_target})"
        restore = (f"{_pct(row.restore())} ({row.restored}/{row.fixable}){_mark(ok['fix'])}" if row.fixable
                   else ("–" if not row.fix else "– (nothing fixable injected)"))
        out.append(f"| `{row.rule}` | {row.severity} | {row.fix or 'none'} | {recall} | {precision} | {row.clean_fp} | "
                   f"{per_k:.1f}{_mark(ok['fp'])} | {restore} |")
    return "\n".join(out) + "\n"


def details(clean: CleanResult, injected: InjectedResult) -> str:
    """Examples of misses, failed restorations and false positives, for review."""
    out = ["", "## False positives on the clean originals", ""]
    out += [f"- `{f.rule}` {f.doc_id}:{f.line}: {f.excerpt!r}" for f in clean.false_positives] or ["- none"]
    out += ["", "## Allow-listed (reviewed: real defects in the source)", ""]
    out += [f"- `{f.rule}` {f.doc_id}:{f.line}: {f.excerpt!r}" for f in clean.allowed] or ["- none"]
    for family, score in injected.families.items():
        if score.misses or score.unrestored:
            out += ["", f"## {family}", ""]
            out += [f"- missed: {m}" for m in score.misses]
            out += [f"- not restored: {m}" for m in score.unrestored]
    for rule, examples in sorted(injected.off_examples.items()):
        out += ["", f"## findings of `{rule}` off an injected position", ""] + [f"- {e}" for e in examples]
    if clean.errors or injected.errors:
        out += ["", "## rule errors", ""] + [f"- {e}" for e in (clean.errors + injected.errors)[:20]]
    return "\n".join(out) + "\n"


def as_json(rows: list[Row], clean: CleanResult, injected: InjectedResult, meta: dict[str, Any]) -> dict[str, Any]:
    n = clean.documents
    return {
        **meta,
        "clean_documents": n,
        "host_documents": len(clean.hosts),
        "allow_listed": [vars(f) for f in clean.allowed],
        "false_positives": [vars(f) for f in clean.false_positives],
        "targets": {"fp_per_1000_error_rules": FP_TARGET, "recall_with_fix": RECALL_TARGET, "fix_restores": RESTORE_TARGET},
        "rules": [
            {
                "rule": r.rule,
                "exists": r.exists,
                "status": r.status,
                "severity": r.severity or None,
                "fix": r.fix or None,
                "injected": r.injected,
                "detected": r.detected,
                "recall": r.recall(),
                "on_target_findings": r.on_target,
                "off_target_findings": r.off_target,
                "precision": r.precision(),
                "clean_false_positives": r.clean_fp,
                "false_positives_per_1000": (1000 * r.clean_fp / n) if (n and r.exists) else None,
                "fixable_injected": r.fixable,
                "restored": r.restored,
                "restore_rate": r.restore(),
                "targets": r.checks(n),
                "misses": injected.families[r.rule].misses if r.rule in injected.families else [],
                "not_restored": injected.families[r.rule].unrestored if r.rule in injected.families else [],
            }
            for r in rows
        ],
        "errors": (clean.errors + injected.errors)[:100],
    }
