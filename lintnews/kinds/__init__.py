"""The built-in rule kinds, registered as a pluggy plugin like any third-party kind."""
from __future__ import annotations

from collections.abc import Mapping

from lintnews.hookspecs import hookimpl
from lintnews.kinds.base import Kind, Option, Rule
from lintnews.kinds.consistency import ConsistencyKind
from lintnews.kinds.existence import ExistenceKind
from lintnews.kinds.mojibake import MojibakeKind
from lintnews.kinds.python import PythonKind
from lintnews.kinds.substitution import SubstitutionKind

__all__ = ["Kind", "Option", "Rule"]


@hookimpl
def lintnews_rule_kinds() -> Mapping[str, Kind]:
    kinds: list[Kind] = [ExistenceKind(), SubstitutionKind(), ConsistencyKind(), MojibakeKind(), PythonKind()]
    return {kind.name: kind for kind in kinds}
