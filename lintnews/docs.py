"""Rule documentation rendered from the YAML files (for --explain and docs/rules.md).

The rule file is the single source: its description, why, link, fix and
examples become ruff-style sections, so documentation cannot drift from
what the tests check.
"""
from __future__ import annotations

from collections.abc import Iterable

from lintnews.rulefile import RuleSpec


def visible(text: str) -> str:
    """Show invisible characters (CR, no-break space, controls) as escapes,
    since they are often the very defect an example is about."""
    out = []
    for ch in text:
        if ch in "\n\t" or (ch.isprintable() and ch not in "\u00a0\u200b\u200c\u200d\u2060\ufeff"):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ch != "\r" else "\\r")
    return "".join(out)


def _block(text: str) -> str:
    shown = visible(text).rstrip("\n")
    return "\n".join("    " + line for line in shown.split("\n")) + "\n"


def fix_safety(spec: RuleSpec) -> str:
    if not spec.fixable:
        return "No automatic fix: the finding needs a person to decide."
    if spec.fix_applicability.value == "safe":
        return f"Safe fix ({spec.fix_action}): applied by `lintnews --fix`."
    return f"Unsafe fix ({spec.fix_action}): applied only with `--fix --unsafe-fixes`, because it may change meaning."


def render_rule(spec: RuleSpec, heading: str = "#") -> str:
    out = [f"{heading} {spec.id}\n\n"]
    meta = f"Kind: {spec.kind} · severity: {spec.severity.value} · fix: {spec.fix_applicability.value if spec.fixable else 'none'}"
    if spec.tags:
        meta += f" · tags: {', '.join(spec.tags)}"
    if spec.aliases:
        meta += f" · formerly: {', '.join(spec.aliases)}"
    out.append(meta + "\n\n")
    out.append(f"{heading}# What it does\n\n{spec.description}\n\n")
    out.append(f"{heading}# Why is this bad?\n\n{spec.why}\n\n")
    if spec.link:
        out.append(f"More: {spec.link}\n\n")
    out.append(f"{heading}# Fix safety\n\n{fix_safety(spec)}\n\n")
    if spec.flag_examples:
        out.append(f"{heading}# Flagged\n\n")
        for ex in spec.flag_examples:
            out.append(_block(ex.text))
            if ex.fixed is not None:
                out.append("  fixed to:\n" + _block(ex.fixed))
            out.append("\n")
    if spec.pass_examples:
        out.append(f"{heading}# Not flagged\n\n")
        for ex in spec.pass_examples:
            out.append(_block(ex.text) + "\n")
    if spec.known_failures:
        out.append(f"{heading}# Known limits\n\n")
        for ex in spec.known_failures:
            out.append(_block(ex.text) + (f"  ({ex.reason})\n" if ex.reason else "") + "\n")
    return "".join(out)


def render_reference(specs: Iterable[RuleSpec]) -> str:
    specs = sorted(specs, key=lambda s: s.id)
    out = ["# lintnews rules\n\n", "Generated from `rules/*.yaml` by `python -m lintnews.docs`; a test keeps it in sync.\n\n"]
    out.append("| rule | severity | fix | what it flags |\n| --- | --- | --- | --- |\n")
    for s in specs:
        fix = s.fix_applicability.value if s.fixable else "—"
        out.append(f"| [{s.id}](#{s.id}) | {s.severity.value} | {fix} | {s.message} |\n")
    out.append("\n")
    for s in specs:
        out.append(render_rule(s, "##"))
    return "".join(out)


if __name__ == "__main__":  # python -m lintnews.docs > docs/rules.md
    import sys

    from lintnews.config import Settings
    from lintnews.registry import build_ruleset

    sys.stdout.write(render_reference(build_ruleset(Settings()).specs.values()))
