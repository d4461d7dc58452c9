#!/usr/bin/env python3
"""CPU time per document of each rule, in one process, on bench.py's corpus.

    python benchmarks/rule_costs.py [--size-mb 2] [--seed 2024] [--defect-rate 0.02]

Each rule runs once over a few documents first (so its patterns are
compiled), then over every document; the table lists milliseconds per
document, most expensive first. Rules share a document's casefolded text
as in a real run. Not part of the tests: figures depend on the machine.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import bench

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.registry import build_ruleset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    args = parser.parse_args()
    ruleset = build_ruleset(Settings())
    with tempfile.TemporaryDirectory() as tmp:
        bench.generate(Path(tmp), args.size_mb, args.seed, args.defect_rate)
        docs = [Document(p.read_text(encoding="utf-8")) for p in sorted(Path(tmp).rglob("*.txt"))]
    for doc in docs:
        _ = doc.folded  # computed once per document in a real run too
    costs = {}
    for rule_id, rule in ruleset.rules.items():
        for doc in docs[:3]:
            list(rule.check(doc))
        start = time.process_time()
        for doc in docs:
            list(rule.check(doc))
        costs[rule_id] = (time.process_time() - start) * 1000 / len(docs)
    print(f"{len(docs)} documents, {args.size_mb} MB; CPU ms per document")
    for rule_id, cost in sorted(costs.items(), key=lambda kv: -kv[1]):
        print(f"  {rule_id:28s} {cost:6.3f}")
    print(f"  {'all rules':28s} {sum(costs.values()):6.3f}")


if __name__ == "__main__":
    main()
