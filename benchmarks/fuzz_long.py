"""The long run of tests/test_invariants.py: the same properties, for minutes.

    python benchmarks/fuzz_long.py --minutes 10 [--jobs 2] [--files 200] [--seed N]

Part of the time (--share, 0.7 by default) goes to the hypothesis properties,
round after round (--examples per property per round), with the settings of
the "long" profile of tests/conftest.py and no example database, so each
round explores afresh. The rest goes to CLI comparisons on
seeded random corpora: lint with --jobs 1 and --jobs N, --fix with both (the
resulting bytes must be identical), then a second --fix that must change
nothing; safe and --unsafe-fixes alternate. It prints how many examples and
files were tried, and every failure with a reproducer. Exit status 1 if
anything failed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
sys.path.insert(0, str(TESTS))

import conftest  # noqa: E402  (registers the hypothesis profiles)
import test_invariants as inv  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

del conftest


def file_round_trip(text: str, bom: bool, newline: str) -> None:
    folder = tempfile.mkdtemp(prefix="lintnews-fuzz-")
    try:
        inv.check_file_round_trip(text, bom, newline, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# name -> (check, strategies): the checks the test module runs, on the same strategies.
PROPERTIES: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    "lint never raises, positions hold": (inv.check_lint, (inv.texts,)),
    "fix is idempotent": (inv.check_idempotent, (inv.texts, st.booleans())),
    "fix changes only first-pass spans": (inv.check_changes_inside_first_spans, (inv.texts, st.booleans())),
    "each rule settles in one pass": (inv.check_each_rule_settles_in_one_pass, (inv.texts, st.booleans())),
    "nothing fixable left": (inv.check_nothing_fixable_left, (inv.texts, st.booleans())),
    "file layer round-trips": (file_round_trip, (inv.texts, st.booleans(), st.sampled_from(inv.NEWLINES))),
}


def run_property(name: str, check: Callable[..., Any], strategies: Sequence[Any], examples: int,
                 counts: dict[str, int], failures: list[str]) -> None:
    failing: list[tuple[Any, ...]] = []

    @settings(settings.get_profile("long"), max_examples=examples, database=None, print_blob=True)
    @given(st.tuples(*strategies))
    def prop(args: tuple[Any, ...]) -> None:
        counts[name] += 1
        try:
            check(*args)
        except BaseException:
            failing.append(args)  # the last one is the shrunk example hypothesis reports
            raise

    try:
        prop()
    except Exception as exc:
        args = ", ".join(repr(a) for a in failing[-1]) if failing else "?"
        failures.append(
            f"PROPERTY {name!r} failed: {type(exc).__name__}: {str(exc)[:2000]}\n"
            f"  reproduce: cd tests && python -c \"import test_invariants as t; t.{check.__name__}({args})\"\n"
            f"  keep it:   @example({args})\n"
            + "".join(traceback.format_exception_only(type(exc), exc))[-500:]
        )


def run_cli_factory(cache: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    from conftest import cli_env

    def run(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lintnews", *args], cwd=str(cwd),
            env=cli_env({"LINTNEWS_CACHE_DIR": cache, **(env or {})}),
            capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
        )

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="total run time (default 10)")
    parser.add_argument("--share", type=float, default=0.7, help="fraction of the time for the hypothesis properties")
    parser.add_argument("--examples", type=int, default=1000,
                        help="examples per property per round (default 1000: short rounds, so every property "
                             "gets its share of the time; 0: the long profile's max_examples)")
    parser.add_argument("--files", type=int, default=200, help="files per random CLI corpus")
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2),
                        help="N for the --jobs N runs, compared with --jobs 1 (at least 2)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="first corpus seed (one more per corpus)")
    parser.add_argument("--keep", type=Path, default=None, help="copy failing corpora here")
    args = parser.parse_args(argv)
    if args.jobs < 2:
        parser.error("--jobs must be at least 2: the CLI phase compares --jobs 1 with --jobs N")

    start = time.monotonic()
    deadline = start + args.minutes * 60
    property_end = start + args.minutes * 60 * args.share
    examples = args.examples or settings.get_profile("long").max_examples
    counts = {name: 0 for name in PROPERTIES}
    failures: list[str] = []
    rounds = 0
    print(f"properties: rounds of {examples} examples each until {args.minutes * args.share:.1f} min", flush=True)
    while time.monotonic() < property_end:
        rounds += 1
        for name, (check, strategies) in PROPERTIES.items():
            if time.monotonic() >= property_end:
                break
            t0 = time.monotonic()
            before = len(failures)
            run_property(name, check, strategies, examples, counts, failures)
            status = "FAILED" if len(failures) > before else "ok"
            print(f"  round {rounds} {name}: {status} ({time.monotonic() - t0:.0f} s, {counts[name]} examples so far)", flush=True)
            if len(failures) > before:
                print(failures[-1], flush=True)

    corpora = files_tried = 0
    seed = args.seed
    with tempfile.TemporaryDirectory(prefix="lintnews-fuzz-cli-") as work:
        run_cli = run_cli_factory(os.path.join(work, "cache"))
        print(f"CLI: corpora of {args.files} files, --jobs 1 vs --jobs {args.jobs}, seeds from {args.seed}", flush=True)
        while time.monotonic() < deadline or corpora == 0:
            extra = ("--unsafe-fixes",) if corpora % 2 else ()
            root = Path(work) / f"corpus-{seed}"
            root.mkdir()
            inv.random_corpus(root, args.files, seed)
            t0 = time.monotonic()
            try:
                inv.compare_jobs(run_cli, root, args.jobs, extra)
                status = "ok"
            except AssertionError as exc:
                status = "FAILED"
                kept = ""
                if args.keep is not None:
                    shutil.copytree(root, args.keep / root.name)
                    kept = f" (corpus kept in {args.keep / root.name})"
                failures.append(
                    f"CLI corpus seed {seed} ({' '.join(extra) or 'safe fixes'}) failed{kept}: {str(exc)[:2000]}\n"
                    f"  reproduce: cd tests && python -c \"from pathlib import Path; import test_invariants as t; "
                    f"p = Path('corpus'); p.mkdir(); t.random_corpus(p, {args.files}, {seed})\" "
                    f"then compare lintnews --isolated --select ALL --output-format json --jobs 1 / --jobs {args.jobs} "
                    f"{' '.join(extra)} (and --fix)"
                )
                print(failures[-1], flush=True)
            corpora += 1
            files_tried += args.files
            print(f"  corpus seed {seed} {' '.join(extra) or 'safe'}: {status} ({time.monotonic() - t0:.0f} s)", flush=True)
            for sub in Path(work).glob(f"corpus-{seed}*"):
                shutil.rmtree(sub, ignore_errors=True)
            seed += 1

    minutes = (time.monotonic() - start) / 60
    print(f"\nran {minutes:.1f} min")
    for name, n in counts.items():
        print(f"  {n:8d} examples  {name}")
    print(f"  {sum(counts.values()):8d} examples in all ({rounds} rounds)")
    print(f"  {corpora:8d} CLI corpora, {files_tried} files, each linted and fixed with --jobs 1 and --jobs {args.jobs}, then fixed again")
    print(f"  {len(failures):8d} failures")
    for failure in failures:
        print("\n" + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
