"""Time each rule on its own over a folder of documents (in process).

    .venv/bin/python benchmarks/rule_cost.py [FOLDER ...] [--repeat N] [--rules ID,ID]

Default folders: examples/corpus and tests/fixtures/clean_news. Each
document is linted by each rule alone, `--repeat` times; the best total per
rule is kept (the least disturbed by other load on the machine), so the
figures compare rules with each other, and a rule before and after a change.
Also prints the time to import the python-kind check modules (on top of
the engine and kinds, which every run imports) and to build the rule set.
A rule using `requires` pays for casefolding each document here, since
every rule gets fresh documents; in a real run the rules share that cost. Standard library only, besides lintnews itself.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[ROOT / "examples" / "corpus", ROOT / "tests" / "fixtures" / "clean_news"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rules", default="")
    args = parser.parse_args(argv)

    import lintnews.engine
    import lintnews.kinds  # noqa: F401  (what every run imports anyway)

    started = time.perf_counter()
    import lintnews.checks.encoding  # noqa: F401
    import lintnews.checks.layout  # noqa: F401
    imported = time.perf_counter() - started

    from lintnews.config import Settings
    from lintnews.document import Document
    from lintnews.engine import lint_document
    from lintnews.registry import build_ruleset

    started = time.perf_counter()
    ruleset = build_ruleset(Settings())
    built = time.perf_counter() - started
    texts = [p.read_text(encoding="utf-8") for folder in args.folders for p in sorted(folder.glob("*.txt"))]
    chars = sum(map(len, texts))
    wanted = set(filter(None, args.rules.split(",")))
    print(f"import lintnews.checks.*: {imported * 1000:.1f} ms; build_ruleset: {built * 1000:.1f} ms")
    print(f"{len(texts)} documents, {chars:,} characters, best of {args.repeat}\n")
    print(f"{'rule':28} {'µs/doc':>8} {'MB/s':>8}")
    total = 0.0
    for rule_id, rule in sorted(ruleset.rules.items()):
        if wanted and rule_id not in wanted:
            continue
        best = float("inf")
        for _ in range(args.repeat):
            docs = [Document(t) for t in texts]  # fresh: no cached line index or casefold
            started = time.perf_counter()
            for doc in docs:
                lint_document(doc, [rule])
            best = min(best, time.perf_counter() - started)
        total += best
        print(f"{rule_id:28} {best / len(texts) * 1e6:8.1f} {chars / best / 1e6:8.1f}")
    print(f"{'(sum)':28} {total / len(texts) * 1e6:8.1f} {chars / total / 1e6:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
