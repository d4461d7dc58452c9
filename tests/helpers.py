"""Shared test helpers (plain functions; fixtures live in conftest.py)."""
from __future__ import annotations

import textwrap
from pathlib import Path

from lintnews.kinds import lintnews_rule_kinds
from lintnews.rulefile import parse_rule_file

KINDS = dict(lintnews_rule_kinds())


def make_rule(folder: Path, rule_id: str, body: str):
    """Write `<rule_id>.yaml` (a minimal header plus `body`) to `folder` and build it with its kind."""
    header = f"id: {rule_id}\nmessage: 'found {{match}}'\ndescription: test rule\nwhy: test rule\n"
    path = folder / f"{rule_id}.yaml"
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    spec = parse_rule_file(str(path))
    return KINDS[spec.kind].build(spec)
