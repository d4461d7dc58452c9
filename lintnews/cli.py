"""The `lintnews` command: argument parsing, wiring, exit codes. No rule logic.

Exit codes follow ruff: 0 nothing found, 1 findings remain, 2 a usage,
configuration or rule-file error, or an input that could not be processed
(reported after every other file has been handled). 130 on Ctrl-C.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from lintnews import __version__
from lintnews.errors import LintnewsError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ("text", "concise", "json", "github", "sarif")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lintnews",
        description="Find and fix the defects scraping leaves in news text (injected links, boilerplate, "
        "mojibake, misspelled names, inconsistent place names, ...).",
        epilog="Exit status: 0 clean, 1 findings, 2 error. Configuration: lintnews.yaml, .lintnews.yaml "
        "or [tool.lintnews] in pyproject.toml, found from the working directory upward.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to lint (default: the current folder)")
    fixing = parser.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes in place (atomically)")
    fixing.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply fixes graded unsafe")
    fixing.add_argument("--no-unsafe-fixes", action="store_false", dest="unsafe_fixes", help="never apply unsafe fixes (overrides the configuration)")
    fixing.add_argument("--diff", action="store_true", help="print a unified diff of what --fix would change; write nothing")
    rules = parser.add_argument_group("rule selection")
    rules.add_argument("--select", action="append", metavar="RULES", help="comma-separated rule ids, aliases or tags to enable (replaces the configured set; ALL for every rule)")
    rules.add_argument("--ignore", action="append", metavar="RULES", help="comma-separated rule ids, aliases or tags to disable")
    rules.add_argument("--extend-select", action="append", metavar="RULES", help="enable these on top of the configured selection")
    out = parser.add_argument_group("output")
    out.add_argument("--output-format", choices=None, metavar="FORMAT", help=f"one of {', '.join(FORMATS)} (or a plugin's); github is the default under GitHub Actions")
    out.add_argument("--statistics", action="store_true", help="print a count per rule instead of every finding")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain (errors still exit 2)")
    out.add_argument("--fail-on", choices=("error", "warning", "info"), default="info", help="lowest severity that makes the exit status 1 (default: info, i.e. any finding)")
    out.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    misc = parser.add_argument_group("other")
    misc.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching for one")
    misc.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    misc.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores; 1: no pool)")
    misc.add_argument("--list-rules", action="store_true", help="list every rule with its severity and fix safety, then exit")
    misc.add_argument("--explain", metavar="RULE", help="explain a rule: what it flags, why, examples, fix safety")
    misc.add_argument("--version", action="version", version=f"lintnews {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args, parser)
    except LintnewsError as exc:
        print(f"lintnews: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("lintnews: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `lintnews ... | head`
        sys.stderr.close()
        return EXIT_FINDINGS


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from lintnews.config import Settings, load_settings
    from lintnews.registry import build_ruleset
    from lintnews.selection import expand

    if args.config and args.isolated:
        parser.error("--config and --isolated cannot be used together")
    if args.jobs is not None and args.jobs < 0:
        parser.error("--jobs must be 0 (all cores) or more")
    settings = Settings() if args.isolated else load_settings(args.config)
    settings = settings.merged(unsafe_fixes=args.unsafe_fixes, jobs=args.jobs)
    select = expand(args.select) if args.select else None
    if args.extend_select:
        base = select if select is not None else list(settings.select or ["ALL"])
        select = base + expand(args.extend_select)
    ignore = (list(settings.ignore) + expand(args.ignore)) if args.ignore else None
    ruleset = build_ruleset(settings, select, ignore)
    for message in ruleset.errors:
        print(f"lintnews: error: {message}", file=sys.stderr)

    if args.list_rules:
        list_rules(ruleset, sys.stdout)
        return EXIT_ERROR if ruleset.errors else EXIT_CLEAN
    if args.explain:
        return explain(ruleset, args.explain, sys.stdout)

    fmt = args.output_format or settings.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    from lintnews.plugins import plugin_manager

    formats: dict[str, object] = {}
    for mapping in plugin_manager()[0].hook.lintnews_output_formats():
        formats.update(mapping)
    if fmt not in formats:
        parser.error(f"unknown --output-format {fmt!r} (choose from {', '.join(sorted(formats))})")
    return lint(args, settings, ruleset, select, ignore, fmt, formats[fmt])  # type: ignore[arg-type]


def lint(args: argparse.Namespace, settings: object, ruleset: object, select: list[str] | None,
         ignore: list[str] | None, fmt: str, factory: object) -> int:
    from lintnews.diagnostics import Severity
    from lintnews.files import discover, display_path
    from lintnews.output.base import Summary
    from lintnews.runner import Job, run as run_files

    paths = args.paths or ["."]
    files, missing = discover(paths, settings)  # type: ignore[arg-type]
    job = Job(
        settings,  # type: ignore[arg-type]
        tuple(select) if select is not None else None,
        tuple(ignore) if ignore is not None else None,
        fix=args.fix and not args.diff,
        diff=args.diff,
        unsafe_fixes=bool(settings.unsafe_fixes),  # type: ignore[attr-defined]
    )
    machine = fmt not in ("text", "concise")
    # Machine formats own stdout; the per-file fix lines and the summary go to stderr there.
    reporter = factory(sys.stdout, ruleset.specs)  # type: ignore[attr-defined,operator]
    summary = Summary(fix_mode=args.fix or args.diff)
    fail_levels = {"error": {Severity.ERROR}, "warning": {Severity.ERROR, Severity.WARNING}, "info": set(Severity)}[args.fail_on]
    failing = 0
    from lintnews.diagnostics import FileResult, FileError

    def handle(result: FileResult) -> None:
        nonlocal failing
        summary.add(result)
        failing += sum(1 for f in result.findings if f.severity in fail_levels)
        if args.statistics:
            for error in result.errors:
                print(f"{result.path}: error: {error.code}: {error.message}", file=sys.stderr)
            return
        if machine:
            for error in result.errors:
                print(f"{result.path}: error: {error.code}: {error.message}", file=sys.stderr)
        reporter.file(result)

    interrupted = False
    try:
        for path, error in missing:
            handle(FileResult(path, errors=[error]))
        pairs = [(p, display_path(p)) for p in files]
        for result in run_files(pairs, job, ruleset, settings.jobs):  # type: ignore[attr-defined,arg-type]
            handle(result)
    except KeyboardInterrupt:
        interrupted = True
    if args.statistics:
        print_statistics(summary, ruleset, sys.stdout)
    else:
        reporter.finish(summary)
    if machine and not args.quiet:
        from lintnews.output.text import TextReporter

        TextReporter(sys.stderr).finish(summary)
    if interrupted:
        print("lintnews: interrupted; the files listed above were processed, the rest were not", file=sys.stderr)
        return EXIT_INTERRUPTED
    if summary.errors or ruleset.errors:  # type: ignore[attr-defined]
        return EXIT_ERROR
    if failing and not args.exit_zero:
        return EXIT_FINDINGS
    if args.diff and summary.files_fixed and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def print_statistics(summary: object, ruleset: object, stream: IO[str]) -> None:
    by_rule = summary.by_rule  # type: ignore[attr-defined]
    specs = ruleset.specs  # type: ignore[attr-defined]
    for rule_id, count in by_rule.most_common():
        spec = specs.get(rule_id)
        marker = "[*]" if spec is not None and spec.fixable else "   "
        message = spec.message if spec is not None else ""
        stream.write(f"{count:>7}  {rule_id:<32} {marker} {message}\n")
    fixed = summary.fixed  # type: ignore[attr-defined]
    if fixed:
        stream.write(f"Fixed: {sum(fixed.values())}\n")


def list_rules(ruleset: object, stream: IO[str]) -> None:
    specs = ruleset.specs  # type: ignore[attr-defined]
    enabled = ruleset.selection.enabled  # type: ignore[attr-defined]
    stream.write(f"{'rule':<32} {'kind':<13} {'severity':<8} {'fix':<7} on  message\n")
    for spec in sorted(specs.values(), key=lambda s: s.id):
        fix = spec.fix_applicability.value if spec.fixable else "-"
        on = "yes" if spec.id in enabled else "no "
        stream.write(f"{spec.id:<32} {spec.kind:<13} {spec.severity.value:<8} {fix:<7} {on} {spec.message}\n")


def explain(ruleset: object, rule: str, stream: IO[str]) -> int:
    specs = ruleset.specs  # type: ignore[attr-defined]
    spec = specs.get(rule) or next((s for s in specs.values() if rule in s.aliases), None)
    if spec is None:
        print(f"lintnews: error: unknown rule {rule!r} (see `lintnews --list-rules`)", file=sys.stderr)
        return EXIT_ERROR
    from lintnews.docs import render_rule

    stream.write(render_rule(spec))
    return EXIT_CLEAN
