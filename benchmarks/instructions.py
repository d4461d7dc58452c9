#!/usr/bin/env python3
"""Instructions per article of the rules, counted by callgrind.

    python benchmarks/instructions.py CORPUS [--articles 300] [--warm-up 40]

Runs itself twice under `valgrind --tool=callgrind`: once linting
`--warm-up` articles (rules built, patterns compiled, literal automaton a
DFA), once linting `--articles` more after them, and prints the difference
divided by `--articles`. Instruction counts do not move with the machine's
load (the script fixes the hash seed and turns lintnews's cache off, so that
patterns compile before the counted articles), so this compares two versions of lintnews on a busy machine (put the
other version first on PYTHONPATH). CORPUS is a folder of .txt articles, such
as one written by `bench.py --out`. Not part of the tests.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path


def lint(paths: list[Path], warm_up: int, articles: int) -> None:
    from lintnews.config import Settings
    from lintnews.document import Document
    from lintnews.engine import lint_document
    from lintnews.registry import build_ruleset

    rules = list(build_ruleset(Settings()).rules.values())
    texts = [p.read_text(encoding="utf-8") for p in paths[: warm_up + articles]]
    for text in texts:
        lint_document(Document(text), rules)


def count(corpus: str, warm_up: int, articles: int) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           corpus, "--warm-up", str(warm_up), "--articles", str(articles), "--inside"]
    # Repeatable: no on-disk cache (every pattern compiled when the rules are
    # built, not on first use inside the counted articles), a fixed hash seed.
    env = {**os.environ, "LINTNEWS_NO_CACHE": "1", "PYTHONHASHSEED": "0"}
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        sys.exit(f"no callgrind total in:\n{out}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--warm-up", type=int, default=40)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    paths = sorted(Path(args.corpus).rglob("*.txt"))
    if args.inside:
        lint(paths, args.warm_up, args.articles)
        return
    if len(paths) < args.warm_up + args.articles:
        sys.exit(f"{args.corpus} holds {len(paths)} .txt files; need {args.warm_up + args.articles}")
    base = count(args.corpus, args.warm_up, 0)
    total = count(args.corpus, args.warm_up, args.articles)
    import lintnews

    print(f"{(total - base) / args.articles / 1e6:.2f} M instructions an article "
          f"({args.articles} articles after {args.warm_up}; lintnews from {Path(lintnews.__file__).parent})")


if __name__ == "__main__":
    main()
