"""Which rules are on for which path: select / ignore / per-file ignores.

Kept apart from the rules (flake8's DecisionEngine idea). Tokens in select
and ignore may be a rule id, an old id kept as an alias, a tag, or ALL.
A more specific token wins over a broader one: `select: [ALL]` with
`ignore: [layout]` turns off the layout tag; `select: [layout-x]` with
`ignore: [layout]` keeps layout-x on, because an id is more specific than a tag.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from lintnews.errors import ConfigError
from lintnews.rulefile import RuleSpec

ALL = "ALL"


class Selection:
    def __init__(
        self,
        specs: Mapping[str, RuleSpec],
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.specs = specs
        self._aliases = {a: s.id for s in specs.values() for a in s.aliases}
        self._tags: dict[str, set[str]] = {}
        for s in specs.values():
            for tag in s.tags:
                self._tags.setdefault(tag, set()).add(s.id)
        chosen: dict[str, int] = {}  # rule id -> specificity of the deciding token
        decision: dict[str, bool] = {}
        for on, tokens in ((True, select if select is not None else [ALL]), (False, ignore)):
            for token in tokens:
                ids, weight = self.resolve(token)
                for rule_id in ids:
                    if weight >= chosen.get(rule_id, -1):
                        chosen[rule_id] = weight
                        decision[rule_id] = on
        self.enabled = frozenset(r for r, on in decision.items() if on)
        self._cache: dict[str, frozenset[str]] = {}
        self._per_file = [
            (pattern, frozenset(i for token in tokens for i in self.resolve(token)[0]))
            for pattern, tokens in (per_file_ignores or {}).items()
        ]

    def resolve(self, token: str) -> tuple[set[str], int]:
        """Rule ids a token names, and how specific it is (id > tag > ALL)."""
        if token == ALL:
            return set(self.specs), 0
        if token in self.specs:
            return {token}, 2
        if token in self._aliases:
            return {self._aliases[token]}, 2
        if token in self._tags:
            return set(self._tags[token]), 1
        raise ConfigError(f"unknown rule, alias or tag {token!r} (see `lintnews --list-rules`)")

    def rules_for(self, path: str) -> frozenset[str]:
        """Enabled rule ids for one path, after per-file ignores (cached per path)."""
        if not self._per_file:
            return self.enabled
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        off: set[str] = set()
        posix = PurePosixPath(path.replace("\\", "/"))
        for pattern, ids in self._per_file:
            if path_matches(posix, pattern):
                off |= ids
        result = self._cache[path] = self.enabled - off
        return result


def path_matches(path: PurePosixPath, pattern: str) -> bool:
    """gitignore-flavoured glob: a pattern without '/' matches the file name
    anywhere; with '/', the path (relative to the working directory); a
    trailing '/' matches everything below a folder."""
    text = str(path)
    if text.startswith("./"):
        text = text[2:]
    if pattern.endswith("/"):
        return any(fnmatch.fnmatchcase(str(parent), pattern.rstrip("/")) for parent in path.parents) or text.startswith(pattern)
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.name, pattern) or any(fnmatch.fnmatchcase(p, pattern) for p in path.parts)
    return fnmatch.fnmatchcase(text, pattern.lstrip("/"))


def expand(tokens: Iterable[str]) -> list[str]:
    """Split comma-separated CLI values: --select a,b --select c -> [a, b, c]."""
    return [t.strip() for token in tokens for t in token.split(",") if t.strip()]
