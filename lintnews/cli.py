"""The `lintnews` command: argument parsing, wiring, exit codes. No rule logic.

Exit codes follow ruff: 0 nothing found, 1 findings remain, 2 a usage,
configuration or rule-file error, or an input that could not be processed
(reported after every other file has been handled). 130 on Ctrl-C.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from lintnews import __version__
from lintnews.errors import LintnewsError

if TYPE_CHECKING:  # imported lazily at run time: a one-file run must start fast
    from lintnews.config import Settings
    from lintnews.output.base import Reporter, Summary
    from lintnews.registry import RuleSet

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
    out.add_argument("--progress", action="store_true", default=None, help="show a progress bar on standard error (default: on a terminal, outside CI, for long runs)")
    out.add_argument("--no-progress", action="store_false", dest="progress", help="never show the progress bar")
    corpus = parser.add_argument_group("container files (JSON Lines, parquet)")
    corpus.add_argument("--text-field", metavar="FIELD", help="the record field holding the article text (default: text; a dotted path such as metadata.body reaches into nested objects)")
    corpus.add_argument("--id-field", metavar="FIELD", help="the record field holding its id (default: id)")
    misc = parser.add_argument_group("other")
    gate = parser.add_argument_group("CI gate")
    gate.add_argument("--baseline", metavar="FILE", help="hide findings recorded in this baseline file; fail only on new ones")
    gate.add_argument("--write-baseline", metavar="FILE", help="record every current finding in FILE (exit 0) for later --baseline runs")
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
    for option in ("text_field", "id_field"):
        value = getattr(args, option)
        if value is not None and not all(value.split(".")):
            parser.error(f"--{option.replace('_', '-')} must be a field name or a dotted path, not {value!r}")
    settings = settings.merged(unsafe_fixes=args.unsafe_fixes, jobs=args.jobs, text_field=args.text_field, id_field=args.id_field)
    # Command-line selection is a layer over the configuration: --select
    # replaces the configured select *and* ignore (so `--select x` runs x even
    # if the configuration ignores it); --ignore and --extend-select add to
    # whatever selection is in force.
    select = expand(args.select) if args.select else None
    ignore: list[str] | None = [] if select is not None else None
    if args.extend_select:
        base = select if select is not None else list(settings.select or ["ALL"])
        select = base + expand(args.extend_select)
    if args.ignore:
        ignore = (ignore if ignore is not None else list(settings.ignore)) + expand(args.ignore)
    ruleset = build_ruleset(settings, select, ignore)
    for message in ruleset.errors:
        print(f"lintnews: error: {message}", file=sys.stderr)

    if args.list_rules:
        list_rules(ruleset, sys.stdout)
        return EXIT_ERROR if ruleset.errors else EXIT_CLEAN
    if args.explain:
        return explain(ruleset, args.explain, sys.stdout)

    fmt = args.output_format or settings.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    from lintnews.plugins import call_hook, is_str_mapping, plugin_manager

    formats: dict[str, Callable[..., Reporter]] = {}
    provided, hook_errors = call_hook(plugin_manager()[0], "lintnews_output_formats", is_str_mapping, "a mapping of format names to reporters")
    for message in hook_errors:
        print(f"lintnews: error: {message}", file=sys.stderr)
    ruleset.errors.extend(hook_errors)  # reported: the run ends with status 2
    for _, mapping in provided:  # pluggy's order, as before: built-ins last, so they win
        formats.update(mapping)
    if fmt not in formats:
        parser.error(f"unknown --output-format {fmt!r} (choose from {', '.join(sorted(formats))})")
    return lint(args, settings, ruleset, select, ignore, fmt, formats[fmt])


def lint(args: argparse.Namespace, settings: Settings, ruleset: RuleSet, select: list[str] | None,
         ignore: list[str] | None, fmt: str, factory: Callable[..., Reporter]) -> int:
    import contextlib

    from lintnews import baseline
    from lintnews.diagnostics import FileResult, Severity
    from lintnews.files import discover, display_path, display_paths
    from lintnews.output.base import Summary
    from lintnews.runner import Job
    from lintnews.runner import run as run_files

    files, missing = discover(args.paths or ["."], settings)
    if not files and not missing:
        print("lintnews: warning: no files to check under the given paths (see include/exclude and .gitignore)", file=sys.stderr)
    job = Job(
        settings,
        tuple(select) if select is not None else None,
        tuple(ignore) if ignore is not None else None,
        fix=args.fix and not args.diff,
        diff=args.diff,
        unsafe_fixes=settings.unsafe_fixes,
    )
    known = baseline.load(args.baseline) if args.baseline else None
    # Machine formats own stdout: file errors and the summary go to stderr there.
    machine = fmt not in ("text", "concise")
    reporter = factory(sys.stdout, ruleset.specs)
    summary = Summary(fix_mode=args.fix or args.diff, diff_mode=args.diff)
    fail_levels = {
        "error": {Severity.ERROR},
        "warning": {Severity.ERROR, Severity.WARNING},
        "info": set(Severity),
    }[args.fail_on]
    failing = hidden = 0
    kept: list[FileResult] = []
    from lintnews import progress as progress_module

    bar = progress_module.ProgressBar(sys.stderr, forced=bool(args.progress)) if progress_module.wanted(args.progress, sys.stderr) else None

    reporter_broken = False

    def reporter_call(method: Callable[[Any], None], argument: Any) -> None:
        """Call the reporter; one that raises (a plugin's) is named once and
        not called again, and the run goes on and exits 2."""
        nonlocal reporter_broken
        try:
            method(argument)
        except BrokenPipeError:
            raise
        except Exception as exc:
            reporter_broken = True
            print(f"lintnews: error: the {fmt!r} output format failed: {type(exc).__name__}: {exc}; "
                  "its output is incomplete (the files were still checked)", file=sys.stderr)

    def handle(result: FileResult) -> None:
        nonlocal failing, hidden
        if bar is not None and (result.findings or result.errors or result.diff or result.fixed):
            bar.clear()  # findings may go to the same terminal
        if known is not None:
            hidden += baseline.filter_known(result, known)
        if args.write_baseline:
            kept.append(result)
        summary.add(result)
        failing += sum(1 for f in result.findings if f.severity in fail_levels)
        if machine or args.statistics:
            from lintnews.output.text import location, terminal_safe

            for error in result.errors:
                print(terminal_safe(f"{location(result)}: error: {error.code}: {error.message}"), file=sys.stderr)
        if not args.statistics and not reporter_broken:
            reporter_call(reporter.file, result)

    interrupted = False
    try:
        for path, error in missing:
            handle(FileResult(display_path(path), errors=[error]))
        pairs = list(zip(files, display_paths(files)))
        # closing(): on Ctrl-C in handle() the worker pool stops right here.
        with contextlib.closing(run_files(pairs, job, ruleset, settings.jobs, bar)) as results:
            for result in results:
                handle(result)
    except KeyboardInterrupt:
        interrupted = True
    if bar is not None:
        bar.close()
    if args.statistics:
        print_statistics(summary, ruleset, sys.stdout)
    elif (machine or not args.quiet) and not reporter_broken:  # a machine format must always close its output
        reporter_call(reporter.finish, summary)
    if machine and not args.quiet:
        from lintnews.output.text import TextReporter

        TextReporter(sys.stderr).finish(summary)
    if hidden and not args.quiet:
        print(f"{hidden} known finding(s) hidden by the baseline {args.baseline}.", file=sys.stderr)
    if args.write_baseline:
        count = baseline.write(args.write_baseline, kept)
        print(f"Wrote {count} finding(s) to the baseline {args.write_baseline}.", file=sys.stderr)
        return EXIT_ERROR if (summary.errors or ruleset.errors) else EXIT_CLEAN
    if interrupted:
        total = len(files) + len(missing)
        print(f"lintnews: interrupted after {summary.files} of {total} files (reported above); the rest were not "
              "checked, and a file being fixed at that moment holds either its old or its fixed text", file=sys.stderr)
        return EXIT_INTERRUPTED
    if summary.errors or ruleset.errors or reporter_broken:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if failing or (args.diff and summary.files_fixed):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def print_statistics(summary: Summary, ruleset: RuleSet, stream: IO[str]) -> None:
    from lintnews.diagnostics import Applicability

    for rule_id, count in summary.by_rule.most_common():
        spec = ruleset.specs.get(rule_id)
        marker = "   "
        if spec is not None and spec.fixable:
            marker = "[*]" if spec.fix_applicability is Applicability.SAFE else "[~]"
        # The description's first sentence: the message is a template ({match}).
        about = spec.description.split(". ")[0].rstrip(".") if spec is not None else ""
        stream.write(f"{count:>7}  {rule_id:<32} {marker} {about}\n")
    if summary.fixed:
        stream.write(f"Fixed: {sum(summary.fixed.values())}\n")


def list_rules(ruleset: RuleSet, stream: IO[str]) -> None:
    stream.write(f"{'rule':<32} {'kind':<13} {'severity':<8} {'fix':<7} on  message\n")
    for spec in sorted(ruleset.specs.values(), key=lambda s: s.id):
        fix = spec.fix_applicability.value if spec.fixable else "-"
        on = "yes" if spec.id in ruleset.selection.enabled else "no "
        stream.write(f"{spec.id:<32} {spec.kind:<13} {spec.severity.value:<8} {fix:<7} {on} {spec.message}\n")


def explain(ruleset: RuleSet, rule: str, stream: IO[str]) -> int:
    spec = ruleset.specs.get(rule) or next((s for s in ruleset.specs.values() if rule in s.aliases), None)
    if spec is None:
        print(f"lintnews: error: unknown rule {rule!r} (see `lintnews --list-rules`)", file=sys.stderr)
        return EXIT_ERROR
    from lintnews.docs import render_rule

    stream.write(render_rule(spec))
    return EXIT_CLEAN
