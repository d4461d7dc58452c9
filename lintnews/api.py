"""Library entry points: lint or fix a string with the configured rules."""
from __future__ import annotations

import functools
from collections.abc import Sequence

from lintnews.config import Settings
from lintnews.diagnostics import Diagnostic
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document
from lintnews.registry import RuleSet, build_ruleset


@functools.lru_cache(maxsize=8)
def _default_ruleset(select: tuple[str, ...] | None) -> RuleSet:
    return build_ruleset(Settings(), select)


def _ruleset(settings: Settings | None, select: tuple[str, ...] | None) -> RuleSet:
    # Settings hold mappings, so they are not hashable: only defaults are cached.
    return _default_ruleset(select) if settings is None else build_ruleset(settings, select)


def lint_text(text: str, select: Sequence[str] | None = None, settings: Settings | None = None) -> list[Diagnostic]:
    """Diagnostics for `text` (offsets into it); rule errors raise RuntimeError."""
    ruleset = _ruleset(settings, tuple(select) if select is not None else None)
    diagnostics, errors = lint_document(Document(text), list(ruleset.rules.values()))
    if errors:
        raise RuntimeError("; ".join(e.message for e in errors))
    return diagnostics


def fix_text(text: str, select: Sequence[str] | None = None, settings: Settings | None = None, unsafe: bool = False) -> str:
    """`text` with every allowed fix applied (to a fixpoint)."""
    ruleset = _ruleset(settings, tuple(select) if select is not None else None)
    limit = (settings or Settings()).runaway_limit
    outcome = fix_document(Document(text), list(ruleset.rules.values()), unsafe=unsafe, runaway_limit=limit)
    return outcome.text
