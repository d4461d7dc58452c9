#!/usr/bin/env python3
"""lintnews against peer tools on the same generated corpus.

    python benchmarks/compare.py --size 200              # the comparison table
    python benchmarks/compare.py --growth                # lintnews at 10, 50, 200, 1000 MB

Run it with the Python of a lintnews install (it uses PyYAML from there to read
the rule files). Everything it makes goes into --workdir (default
$LINTNEWS_BENCH_DIR or ~/.cache/lintnews-bench), outside the repository:

  corpus/      generated corpora, kept between runs (bench.py's generator:
               one 2-8 KB article per .txt file, ~2% of articles get each
               defect family); a smaller corpus with the same seed is exactly
               the first files of a larger one
  npm/         textlint + textlint-rule-prh (npm install --prefix)
  proselint/   a private venv with proselint (pip)
  peers/       the prh dictionary, textlintrc, lintnews config
  out/         each tool's output of the last run (findings are counted there)
  results/     one JSON file per run with every measurement

Peers that are missing are installed (npm, pip) unless --no-install; ripgrep
comes from the system (`apt-get install ripgrep`). A peer that cannot be had
gets a row saying why. Vale cannot be installed here (its npm and PyPI
packages download the binary at run time), so unless `vale` is on PATH its
row quotes the published figure.

"Same rules": the lintnews rules misspelled-name, place-name-consistency and
doubled-punctuation, translated from the rule YAMLs into a prh dictionary and
ripgrep patterns. Wall time is time.perf_counter around the command; CPU
seconds (user + system, all processes of the run) and peak RSS (largest single
process) come from resource.getrusage(RUSAGE_CHILDREN) in a wrapper process per
measurement. The page cache is warmed (every file read once) before timing.
1 MB = 10^6 bytes.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # the corpus generator

SAME_RULES = ["misspelled-name", "place-name-consistency", "doubled-punctuation"]
TEXTLINT_VERSION = "15.8.0"
PRH_RULE_VERSION = "6.1.0"
PROSELINT_VERSION = "0.16.0"
# Vale's own benchmark (vale.sh/docs, "Benchmarks"): 31.3 MB of Markdown in
# 19.5 s with 82 rules, reported as 145 pages/s. Not measured here.
VALE_PUBLISHED = {"mb": 31.3, "wall": 19.5}


# --------------------------------------------------------------------------
# Corpus

def corpus_for(workdir: Path, size_mb: float, seed: int, rate: float) -> tuple[Path, dict[str, Any]]:
    """The cached corpus of size_mb (generated on first use) and its metadata."""
    name = f"seed{seed}-rate{rate:g}-{size_mb:g}mb"
    folder = workdir / "corpus" / name
    meta_path = workdir / "corpus" / f"{name}.json"
    if meta_path.exists() and folder.is_dir():
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        return folder, meta
    shutil.rmtree(folder, ignore_errors=True)  # a half-written corpus from an interrupted run
    t0 = time.perf_counter()
    print(f"generating {size_mb:g} MB corpus in {folder} ...", flush=True)
    files, nbytes, injected = bench.generate(folder, size_mb, seed, rate)
    meta = {"files": files, "bytes": nbytes, "injected": injected, "seed": seed, "rate": rate}
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")  # written last: marks it complete
    print(f"  {files} files, {nbytes / 1e6:.1f} MB in {time.perf_counter() - t0:.0f} s", flush=True)
    return folder, meta


def warm(folder: Path) -> None:
    """Read every file once so that every tool finds the corpus in the page cache."""
    for path in folder.rglob("*.txt"):
        path.read_bytes()


# --------------------------------------------------------------------------
# Translating the lintnews rules for the peers

def load_rules() -> dict[str, dict[str, Any]]:
    import yaml  # from the lintnews install

    rules = {}
    for rule_id in SAME_RULES:
        with open(REPO / "rules" / f"{rule_id}.yaml", encoding="utf-8") as f:
            rules[rule_id] = yaml.safe_load(f)
    return rules


@dataclass
class Pattern:
    """One substitution: a regex (a subset of syntax that Python's regex, JavaScript and PCRE2 share) and its fix."""
    regex: str
    expected: str
    rule: str
    literal: bool  # whole-word literal (no lookaround): ripgrep's default engine can run it


def escape(literal: str) -> str:
    """Escape regex metacharacters only: re.escape also escapes spaces, which JavaScript's /u mode and Rust reject."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", literal)


def translate(rules: dict[str, dict[str, Any]]) -> list[Pattern]:
    out: list[Pattern] = []
    for wrong, right in rules["misspelled-name"]["swap"].items():
        out.append(Pattern(r"\b" + escape(wrong) + r"\b", right, "misspelled-name", True))
    spec = rules["place-name-consistency"]
    preferred = set(spec["prefer"])
    for group in spec["variants"]:
        best = next(v for v in group if v in preferred)
        for other in group:
            if other != best:
                out.append(Pattern(r"\b" + escape(other) + r"\b", best, "place-name-consistency", True))
    for wrong, right in rules["doubled-punctuation"]["swap"].items():
        out.append(Pattern(wrong, right, "doubled-punctuation", False))
    return out


def js_regex(p: str) -> str:
    return p.replace("/", r"\/")  # the rule patterns have no "/" of their own; names could


def pcre_regex(p: str) -> str:
    # PCRE2 and Rust's regex spell a code point \x{HHHH}, not \uHHHH.
    return re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", p)


def write_prh(path: Path, patterns: list[Pattern]) -> None:
    lines = ["# Generated by benchmarks/compare.py from rules/{" + ",".join(SAME_RULES) + "}.yaml", "version: 1", "rules:"]
    for p in patterns:
        lines.append(f"  # {p.rule}")  # a comment: prh's own "prh:" note would be printed inside each message
        lines.append(f"  - expected: {json.dumps(p.expected)}")
        lines.append(f"    pattern: {json.dumps('/' + js_regex(p.regex) + '/')}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# Measuring

def _measure_child(out_path: str, cwd: str, cmd: list[str]) -> None:
    """Run inside a wrapper process: run cmd (stdout to out_path), print wall/cpu/maxrss as JSON."""
    import resource

    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.run(cmd, check=False, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
        "status": proc.returncode, "stderr": proc.stderr.decode("utf-8", "replace")[-1500:],
    }))


def measure(cmd: list[str], cwd: Path, out_path: str) -> dict[str, Any]:
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--_measure", out_path, str(cwd), "--", *cmd]
    proc = subprocess.run(wrapper, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# Counting findings in each tool's own output format.
LINTNEWS_LINE = re.compile(r"^.+?:\d+:\d+: ([a-z0-9-]+) ", re.MULTILINE)
TEXTLINT_LINE = re.compile(r"^.+?:\d+:\d+: .*\[(?:Error|Warning|Info)/([^\]]+)\]$", re.MULTILINE)
PROSELINT_LINE = re.compile(r"^.+?:\d+:\d+: ([\w.]+): ", re.MULTILINE)
RG_LINE = re.compile(r"^.+?:\d+:\d+:", re.MULTILINE)


def count_lines(regex: re.Pattern[str]) -> Callable[[str], int]:
    return lambda text: sum(1 for _ in regex.finditer(text))


@dataclass
class Tool:
    name: str
    checks: str
    cmd: list[str]
    counter: Callable[[str], int] | None
    corpus: str = "full"  # or "subset"
    skip: str = ""  # why it cannot run
    runs: list[dict[str, Any]] = field(default_factory=list)
    findings: int | None = None


def find_lintnews(explicit: str | None) -> str:
    cand = explicit or str(Path(sys.executable).with_name("lintnews"))
    if os.path.isfile(cand) and os.access(cand, os.X_OK):
        return os.path.abspath(cand)
    found = shutil.which(cand) or shutil.which("lintnews")
    if not found:
        sys.exit(f"no lintnews command at {cand}: run this script with the Python of a lintnews install, or pass --lintnews PATH")
    return os.path.abspath(found)


def run_quiet(cmd: list[str], **kw: Any) -> bool:
    print("  $ " + shlex.join(cmd), flush=True)
    proc = subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    if proc.returncode:
        print("    failed: " + proc.stderr.strip()[-800:], flush=True)
    return proc.returncode == 0


def setup_textlint(workdir: Path, install: bool) -> tuple[str | None, str]:
    prefix = workdir / "npm"
    exe = prefix / "node_modules" / ".bin" / "textlint"
    if not exe.exists() and install:
        if not shutil.which("npm"):
            return None, "npm not found (install Node.js and npm)"
        print("installing textlint with npm ...", flush=True)
        run_quiet(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                   f"textlint@{TEXTLINT_VERSION}", f"textlint-rule-prh@{PRH_RULE_VERSION}"])
    if not exe.exists():
        return None, f"not installed: npm install --prefix {prefix} textlint@{TEXTLINT_VERSION} textlint-rule-prh@{PRH_RULE_VERSION}"
    return str(exe), ""


def setup_proselint(workdir: Path, install: bool) -> tuple[str | None, str]:
    venv = workdir / "proselint"
    exe = venv / "bin" / "proselint"
    if not exe.exists() and install:
        print("installing proselint into a private venv ...", flush=True)
        if run_quiet([sys.executable, "-m", "venv", str(venv)]):
            run_quiet([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"proselint=={PROSELINT_VERSION}"])
    if not exe.exists():
        return None, f"not installed: python3 -m venv {venv} && {venv}/bin/pip install proselint=={PROSELINT_VERSION}"
    return str(exe), ""


def version_of(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[0] if text else "?"


# --------------------------------------------------------------------------
# The comparison table

def build_tools(args: argparse.Namespace, workdir: Path, corpus: Path, subset: Path, lintnews: str) -> tuple[list[Tool], dict[str, str]]:
    peers = workdir / "peers"
    peers.mkdir(parents=True, exist_ok=True)
    patterns = translate(load_rules())
    prh = peers / "prh.yml"
    write_prh(prh, patterns)
    textlintrc = peers / "textlintrc.json"
    textlintrc.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(prh)]}}}, indent=1) + "\n", encoding="utf-8")
    config = peers / "lintnews-bench.yaml"
    config.write_text("select: [ALL]\nrespect-gitignore: false\n", encoding="utf-8")

    versions: dict[str, str] = {"lintnews": version_of([lintnews, "--version"])}
    tools: list[Tool] = []

    find_cat = ["sh", "-c", 'find "$1" -name "*.txt" -print0 | xargs -0 cat', "sh", str(corpus)]
    tools.append(Tool("cat", "I/O floor: read every file", find_cat, None))

    rg = shutil.which("rg")
    rg_base = [rg or "rg", "--no-config", "--no-ignore", "--only-matching", "--line-number", "--column",
               "--with-filename", "--no-heading", "--color", "never", "-g", "*.txt"]
    literal = [p for p in patterns if p.literal]
    rg_why = "" if rg else "not found: apt-get install ripgrep"
    if rg:
        versions["ripgrep"] = version_of([rg, "--version"])
    tools.append(Tool("ripgrep (default engine)", "names + places only (no lookaround; -w for whole words)",
                      [*rg_base, "--word-regexp", *(a for p in literal for a in ("-e", pcre_regex(p.regex.removeprefix(r"\b").removesuffix(r"\b")))), str(corpus)],
                      count_lines(RG_LINE), skip=rg_why))
    tools.append(Tool("ripgrep --pcre2", "same rules (PCRE2 for doubled-punctuation's lookarounds)",
                      [*rg_base, "--pcre2", *(a for p in patterns for a in ("-e", pcre_regex(p.regex))), str(corpus)],
                      count_lines(RG_LINE), skip=rg_why))

    textlint, why = setup_textlint(workdir, not args.no_install)
    if textlint:
        versions["textlint"] = version_of([textlint, "--version"])
    # textlint opens every file at once (Promise.all over the file list): past
    # the open-file limit (ulimit -n, 20,000 here) it fails with EMFILE and prints
    # nothing. So it gets the corpus in batches of 20 folders (10,000 files), one
    # textlint process per batch, one after the other.
    textlint_cmd = [textlint or "textlint", "--no-color", "--config", str(textlintrc), "--rules-base-directory",
                    str(workdir / "npm" / "node_modules"), "--format", "unix"]
    script = ('c="$1"; shift; find "$c" -mindepth 1 -maxdepth 1 -type d -print0 | sort -z | xargs -0 -n 20 "$@"; '
              's=$?; [ $s -eq 123 ] && exit 1; exit $s')  # xargs: 123 = some batch exited 1 (findings)
    batched = ["sh", "-c", script, "sh", str(corpus), *textlint_cmd]
    tools.append(Tool("textlint + prh", "same rules (generated prh.yml); 20 folders a process",
                      batched, count_lines(TEXTLINT_LINE), skip=why))

    base = [lintnews, "--config", str(config)]
    same = ["--select", ",".join(SAME_RULES)]
    lint_count = count_lines(LINTNEWS_LINE)
    tools.append(Tool("lintnews same rules", "same rules, all cores", [*base, *same, str(corpus)], lint_count))
    tools.append(Tool("lintnews same rules -j1", "same rules, --jobs 1", [*base, *same, "--jobs", "1", str(corpus)], lint_count))
    shipped = len(list((REPO / "rules").glob("*.yaml")))
    tools.append(Tool("lintnews all rules", f"all {shipped} built-in rules, all cores", [*base, str(corpus)], lint_count))
    tools.append(Tool("lintnews all rules -j1", f"all {shipped} built-in rules, --jobs 1", [*base, "--jobs", "1", str(corpus)], lint_count))

    proselint, why = setup_proselint(workdir, not args.no_install)
    if proselint:
        versions["proselint"] = version_of([proselint, "version"])
    tools.append(Tool("proselint", "its default checks (other defects)",
                      [proselint or "proselint", "check", "--output-format", "compact", str(subset)],
                      count_lines(PROSELINT_LINE), corpus="subset", skip=why))

    vale = shutil.which("vale")
    if vale:
        versions["vale"] = version_of([vale, "--version"])
        valeini = peers / ".vale.ini"
        valeini.write_text("MinAlertLevel = suggestion\n[*.txt]\nBasedOnStyles = Vale\n", encoding="utf-8")
        tools.append(Tool("vale", "its built-in Vale style", [vale, "--config", str(valeini), "--output", "line", str(corpus)],
                          count_lines(RG_LINE)))
    return tools, versions


def fmt(v: float | None, digits: int = 2) -> str:
    return "" if v is None else f"{v:,.{digits}f}"


def _rates(r: dict[str, Any]) -> tuple[float, float | None]:
    """(MB per wall second, MB per CPU second) of a row."""
    cpu = r.get("cpu")
    return r["mb"] / r["wall"], (r["mb"] / cpu if cpu else None)


def _ratio(a: float | None, b: float | None, digits: int) -> str:
    return f"{a / b:.{digits}f}" if a and b else "–"


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table; × columns are this row's throughput over textlint's and
    ripgrep --pcre2's, by wall time / by CPU time."""
    refs = {r["name"]: _rates(r) for r in rows if not r.get("skip") and r["name"] in ("textlint + prh", "ripgrep --pcre2")}
    tl = refs.get("textlint + prh", (None, None))
    rg = refs.get("ripgrep --pcre2", (None, None))
    head = ("| tool | checks | MB | wall s | MB/s | CPU s | MB/CPU-s | peak RSS MB | findings "
            "| × textlint (wall / CPU) | × ripgrep (wall / CPU) |\n"
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines = [head]
    for r in rows:
        if r.get("skip"):
            lines.append(f"| {r['name']} | {r['checks']} | | | | | | | | | {r['skip']} |")
            continue
        wall_rate, cpu_rate = _rates(r)
        x_tl = f"{_ratio(wall_rate, tl[0], 1)} / {_ratio(cpu_rate, tl[1], 1)}" if tl[0] else ""
        x_rg = f"{_ratio(wall_rate, rg[0], 2)} / {_ratio(cpu_rate, rg[1], 2)}" if rg[0] else ""
        lines.append(
            f"| {r['name']} | {r['checks']} | {r['mb']:.1f} | {r['wall']:.2f} | {wall_rate:.1f} | {fmt(r.get('cpu'))} | "
            f"{fmt(cpu_rate, 1)} | {fmt(r.get('rss_mb'), 0)} | "
            f"{'' if r.get('findings') is None else r['findings']} | {x_tl} | {x_rg} |")
    return "\n".join(lines)


def summarize(tool: Tool, mb: float) -> dict[str, Any]:
    walls = [r["wall"] for r in tool.runs]
    med = statistics.median(walls)
    pick = min(tool.runs, key=lambda r: abs(r["wall"] - med))  # the run with the median wall time
    return {
        "name": tool.name, "checks": tool.checks, "mb": mb, "wall": med, "walls": walls,
        "cpu": pick["user"] + pick["sys"], "cpus": [r["user"] + r["sys"] for r in tool.runs],
        "rss_mb": max(r["maxrss_kb"] for r in tool.runs) / 1024, "findings": tool.findings,
        "status": [r["status"] for r in tool.runs], "cmd": shlex.join(tool.cmd),
    }


def run_table(args: argparse.Namespace, workdir: Path, lintnews: str) -> dict[str, Any]:
    corpus, meta = corpus_for(workdir, args.size, args.seed, args.defect_rate)
    subset, sub_meta = corpus_for(workdir, args.subset_mb, args.seed, args.defect_rate)
    tools, versions = build_tools(args, workdir, corpus, subset, lintnews)
    if args.only:
        wanted = [w.strip() for w in args.only.split(",")]
        tools = [t for t in tools if t.name == "cat" or any(w in t.name for w in wanted)]
    mb = {"full": meta["bytes"] / 1e6, "subset": sub_meta["bytes"] / 1e6}
    outdir = workdir / "out"
    outdir.mkdir(exist_ok=True)

    print("warming the page cache ...", flush=True)
    warm(corpus)
    warm(subset)
    # lintnews's own cache (parsed rules, plugin list) is warmed by one small run.
    subprocess.run([lintnews, str(next(subset.rglob("*.txt")))], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # Rounds go through every tool in turn, so a burst of load from elsewhere on
    # the machine does not land on one tool only.
    for rnd in range(args.repeat):
        for tool in tools:
            if tool.skip:
                continue
            target = corpus if tool.corpus == "full" else subset
            out_path = os.devnull if tool.counter is None else str(outdir / (re.sub(r"\W+", "_", tool.name) + ".out"))
            print(f"[{rnd + 1}/{args.repeat}] {tool.name} on {mb[tool.corpus]:.1f} MB ...", end=" ", flush=True)
            r = measure(tool.cmd, workdir, out_path)
            tool.runs.append(r)
            print(f"{r['wall']:.1f} s wall, {r['user'] + r['sys']:.1f} s CPU, exit {r['status']}", flush=True)
            if r["status"] not in (0, 1):
                print("  stderr: " + r["stderr"].strip()[-600:], flush=True)
            if tool.counter and rnd == 0:
                tool.findings = tool.counter(Path(out_path).read_text(encoding="utf-8", errors="replace"))
            del target

    rows: list[dict[str, Any]] = []
    for tool in tools:
        if tool.skip:
            rows.append({"name": tool.name, "checks": tool.checks, "skip": tool.skip, "cmd": shlex.join(tool.cmd)})
        else:
            rows.append(summarize(tool, mb[tool.corpus]))
            if tool.corpus == "subset":
                rows[-1]["name"] += f" ({mb['subset']:.0f} MB subset)"
    if not any(t.name == "vale" for t in tools):
        rows.append({"name": "Vale (published figure)", "checks": "82 rules, Vale's own 31.3 MB Markdown benchmark, not run here",
                     "mb": VALE_PUBLISHED["mb"], "wall": VALE_PUBLISHED["wall"], "findings": None, "reference": True})
    return {"rows": rows, "versions": versions, "corpus": {"path": str(corpus), **meta},
            "subset": {"path": str(subset), **sub_meta}}


# --------------------------------------------------------------------------
# Growth

def run_growth(args: argparse.Namespace, workdir: Path, lintnews: str) -> list[dict[str, Any]]:
    config = workdir / "peers" / "lintnews-bench.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("select: [ALL]\nrespect-gitignore: false\n", encoding="utf-8")
    outdir = workdir / "out"
    outdir.mkdir(exist_ok=True)
    rows = []
    for size in [float(s) for s in args.growth_sizes.split(",")]:
        corpus, meta = corpus_for(workdir, size, args.seed, args.defect_rate)
        warm(corpus)
        cmd = [lintnews, "--config", str(config), str(corpus)]
        tool = Tool(f"{size:g} MB", "all rules", cmd, count_lines(LINTNEWS_LINE))
        for rnd in range(args.repeat):
            out_path = str(outdir / f"growth-{size:g}mb.out")  # one per size: two --growth runs may overlap
            r = measure(cmd, workdir, out_path)
            tool.runs.append(r)
            print(f"[{rnd + 1}/{args.repeat}] lintnews all rules on {meta['bytes'] / 1e6:.0f} MB: {r['wall']:.1f} s wall, "
                  f"{r['user'] + r['sys']:.1f} s CPU, {r['maxrss_kb'] / 1024:.0f} MB peak RSS, exit {r['status']}", flush=True)
            if rnd == 0 and tool.counter:
                tool.findings = tool.counter(Path(out_path).read_text(encoding="utf-8", errors="replace"))
        row = summarize(tool, meta["bytes"] / 1e6)
        row["files"] = meta["files"]
        rows.append(row)
    return rows


def growth_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| corpus | files | wall s | MB/s | CPU s | peak RSS MB | findings |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['mb']:.0f} MB | {r['files']:,} | {r['wall']:.1f} | {r['mb'] / r['wall']:.1f} | {r['cpu']:.1f} | "
                     f"{r['rss_mb']:.0f} | {r['findings']:,} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------

def report(results: dict[str, Any]) -> None:
    repeat = results.get("repeat", 1)
    print(f"{results['machine']}, {results['when']}")
    if "growth" in results:
        rows = results["growth"]
        print(f"lintnews, all rules, all cores ({repeat} run(s) each, median wall time):")
        print(growth_table(rows))
        print()
        print("command: " + rows[-1]["cmd"])
        return
    c = results["corpus"]
    print(f"corpus: {c['files']:,} files, {c['bytes'] / 1e6:.1f} MB ({c['path']}); "
          f"subset: {results['subset']['files']:,} files, {results['subset']['bytes'] / 1e6:.1f} MB; "
          f"{repeat} round(s), median wall time")
    print("versions: " + "; ".join(f"{k} {v}" for k, v in results["versions"].items()))
    print()
    print(table(results["rows"]))
    print()
    print("commands (run in the workdir):")
    for r in results["rows"]:
        if r.get("cmd"):
            print(f"  {r['name']}: {r['cmd']}")
    print()
    print("injected into the full corpus (articles): " + ", ".join(f"{k} {v}" for k, v in sorted(c["injected"].items())))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:
        _measure_child(argv[1], argv[2], argv[4:])
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", type=float, default=200.0, help="corpus size in MB for the table (default 200)")
    parser.add_argument("--subset-mb", type=float, default=10.0, help="corpus size for the slow peers (proselint; default 10)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of measurements; the table shows the median wall time")
    parser.add_argument("--growth", action="store_true", help="instead of the table: lintnews (all rules) at --growth-sizes")
    parser.add_argument("--growth-sizes", default="10,50,200,1000", help="MB, comma-separated (default 10,50,200,1000)")
    parser.add_argument("--workdir", default=os.environ.get("LINTNEWS_BENCH_DIR", "~/.cache/lintnews-bench"))
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--lintnews", help="the lintnews command (default: next to sys.executable)")
    parser.add_argument("--only", help="comma-separated substrings of tool names to run (plus cat)")
    parser.add_argument("--no-install", action="store_true", help="do not install missing peers with npm / pip")
    parser.add_argument("--report", metavar="JSON", help="print the tables of a saved results file and exit")
    args = parser.parse_args(argv)
    if args.report:
        report(json.loads(Path(args.report).read_text(encoding="utf-8")))
        return 0

    workdir = Path(os.path.expanduser(args.workdir)).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    lintnews = find_lintnews(args.lintnews)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"{machine}; workdir {workdir}", flush=True)

    results: dict[str, Any] = {"machine": machine, "argv": argv, "repeat": args.repeat,
                               "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    if args.growth:
        results["growth"] = run_growth(args, workdir, lintnews)
    else:
        results.update(run_table(args, workdir, lintnews))
    print()
    report(results)
    resdir = workdir / "results"
    resdir.mkdir(exist_ok=True)
    path = resdir / f"compare-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
