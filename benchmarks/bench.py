#!/usr/bin/env python3
"""Throughput and start-up benchmark for lintnews.

    python benchmarks/bench.py --size-mb 20 [--out DIR] [--lintnews PATH]
    python benchmarks/bench.py --format jsonl --size-mb 1000 [--skip-jobs1]

With --format txt (the default) it generates a synthetic corpus (one article of 2-8 KB per .txt file, built from
the sentences below with a seeded RNG; about 2% of the articles get each
defect family injected), then measures:

  lint           lintnews CORPUS                (default --jobs: all cores)
  lint --jobs 1  lintnews --jobs 1 CORPUS
  fix            lintnews --fix COPY            (on a fresh copy of the corpus)
  fix --jobs 1   lintnews --fix --jobs 1 COPY

(the corpus runs get `--config` with `select: [ALL]` and
`respect-gitignore: false`, so no project configuration interferes)
  one file       median wall time of 15 runs of `lintnews one_file.txt`
  --version      median wall time of 15 runs of `lintnews --version`
  import         python -X importtime -c "import lintnews.cli" (median of 5)

Wall time is time.perf_counter around the subprocess; CPU time (user + system)
and peak RSS come from resource.getrusage(RUSAGE_CHILDREN), taken inside a
small wrapper process per measurement so that runs do not mix. Peak RSS is
that of the largest single process (the parent or one pool worker), not the
sum over the pool. 1 MB = 1,000,000 bytes.

Only the standard library is used; lintnews is run as a command, by default
the one next to sys.executable.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------
# Text: ~40 sentences written for this benchmark (fictional, clean: lintnews
# must report nothing on an article made only of them).
SENTENCES = [
    "The council met on Tuesday evening to discuss the state of the harbour wall.",
    "Residents said the new bus timetable had left several villages without an evening service.",
    "The ministry declined to comment on the figures, citing an ongoing review.",
    "Officials expect the bridge to reopen before the end of the month.",
    "Farmers in the valley have reported the driest spring in thirty years.",
    "A spokesperson for the regional hospital said waiting times had fallen slightly since January.",
    "The proposal would raise the minimum wage by four percent over two years.",
    "Police closed the coastal road for several hours after a lorry shed its load.",
    "Teachers’ unions welcomed the announcement but warned that funding remained uncertain.",
    "The museum’s new wing, designed by a studio from Zürich, opens to the public in May.",
    "“We have waited a long time for this,” said one shop owner on the high street.",
    "Turnout in the local election was the lowest recorded since the district was created.",
    "The company said it would keep its factory open until at least the end of next year.",
    "Environmental groups have asked the court to pause construction of the new quarry road.",
    "Ticket prices for the regional rail network will rise by an average of three percent.",
    "The fire service said nobody was hurt, although two houses were badly damaged.",
    "Engineers found cracks in the supports during a routine inspection last autumn.",
    "Schools in the northern districts will stay closed on Friday because of the storm warning.",
    "A new café on the quay has become a meeting place for fishermen and tourists alike.",
    "The mayor said the city could not afford to repair every road at once.",
    "According to the statistics office, house prices rose by 2.4% in the third quarter.",
    "The festival drew visitors from across the country and from several neighbouring states.",
    "Negotiations between the two sides are expected to resume after the holidays.",
    "Local historians say the lighthouse was built in 1871 with stone from the island itself.",
    "The U.S. embassy issued a short statement and said it would not take questions.",
    "Critics argue that the plan does little for people who rent their homes.",
    "Dockworkers voted by a large majority to accept the offer on Monday night.",
    "The airport handled more passengers in August than in any month since it opened.",
    "Researchers at the university published their findings in a journal last week.",
    "Several roads in the old town will be closed to traffic during the summer market.",
    "The board’s chair, Helena Ruiz, said the decision had not been taken lightly.",
    "Volunteers spent the weekend clearing rubbish from the riverbank near the football ground.",
    "The library will extend its opening hours on weekdays from next month.",
    "Fuel prices at the pump have fallen for the third week in a row.",
    "Prosecutors said the trial was likely to last at least six weeks.",
    "The weather service expects heavy rain along the coast until Sunday.",
    "Anglers reported unusually large catches of mackerel off the northern point.",
    "The orchestra’s new season includes works by Dvořák, Sibelius and a local composer.",
    "Shopkeepers say footfall has not yet returned to the level seen before the roadworks.",
    "The inquiry will publish its final report in the spring, a spokesperson confirmed.",
]
TITLES = [
    "Harbour wall repairs approved", "Bus timetable changes anger villages", "Bridge to reopen this month",
    "Dry spring worries valley farmers", "Hospital waiting times fall", "Storm closes northern schools",
    "Rail fares to rise", "Museum wing opens in May", "Quarry road challenged in court", "Library extends hours",
]
HEADLINES = [
    "Ferry operators warn of winter timetable cuts", "Ten things to know about the new parking rules",
    "Why the harbour wall keeps cracking", "Storm closes mountain pass for a third day",
]

# Defect families (one per built-in rule) and how each is injected.
FAMILIES = [
    "injected-related-link", "comment-form-boilerplate", "cms-config", "photo-credit",
    "place-name-consistency", "misspelled-name", "mojibake", "doubled-punctuation",
    "article-agreement", "run-together-words",
]


def _inject(family: str, title: str, paras: list[str], tail: list[str], rng: random.Random) -> tuple[str, list[str], list[str]]:
    i = rng.randrange(len(paras))
    if family == "injected-related-link":
        label = rng.choice(["See also\u00a0 ", "ALSO READ: ", "Read more: ", "Related – "])
        paras[i] = paras[i] + "\n" + label + rng.choice(HEADLINES)
    elif family == "comment-form-boilerplate":
        tail += ["Leave a Reply", "Your email address will not be published. Required fields are marked *"]
    elif family == "cms-config":
        title = title + "\n\nenablePagination: false\nmaxItemsPerPage: 10"
    elif family == "photo-credit":
        title = title + "\n\n" + rng.choice(["Marta Kowalczyk/AFP/Getty Images", "Photo: Tom Reyes/Reuters"])
    elif family == "place-name-consistency":
        j = rng.randrange(len(paras))
        paras[i] += " A delegation from Kyiv is expected to attend the talks."
        paras[j] += " Officials in Kiev have not yet confirmed the date."
    elif family == "misspelled-name":
        paras[i] += " " + rng.choice(["Anthony Blinken", "Olaf Scholtz", "Jens Stoltenburg"]) + " was not mentioned by name."
    elif family == "mojibake":
        paras[i] += " " + "The mayor’s office called the café’s closure a loss.".encode().decode("cp1252")
    elif family == "doubled-punctuation":
        paras[i] += " Nobody was available to comment, the agency said. ."
    elif family == "article-agreement":
        paras[i] += " Officials called it a unusual decision."
    elif family == "run-together-words":
        paras[i] += " The vote was delayed again by the votersThe count resumed on Monday."
    return title, paras, tail


def make_article(rng: random.Random, rate: float, injected: dict[str, int]) -> str:
    target = rng.randint(2000, 8000)
    title = rng.choice(TITLES)
    paras: list[str] = []
    size = len(title)
    while size < target:
        para = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
        paras.append(para)
        size += len(para.encode("utf-8")) + 2
    tail: list[str] = []
    for family in FAMILIES:
        if rng.random() < rate:
            title, paras, tail = _inject(family, title, paras, tail, rng)
            injected[family] = injected.get(family, 0) + 1
    return "\n\n".join([title, *paras, *tail]) + "\n"


def generate(out: Path, size_mb: float, seed: int, rate: float) -> tuple[int, int, dict[str, int]]:
    """Write articles into out/ until size_mb is reached; return (files, bytes, injected counts)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    limit = int(size_mb * 1_000_000)
    total = files = 0
    injected: dict[str, int] = {}
    while total < limit:
        data = make_article(rng, rate, injected).encode("utf-8")
        sub = out / f"{files // 500:03d}"  # 500 files a folder
        sub.mkdir(exist_ok=True)
        (sub / f"article_{files:06d}.txt").write_bytes(data)
        total += len(data)
        files += 1
    return files, total, injected


FORMATS = ("txt", "jsonl", "jsonl.gz", "jsonl.zst", "parquet")


def generate_container(out: Path, fmt: str, size_mb: float, seed: int, rate: float) -> tuple[Path, int, int, dict[str, int]]:
    """Write one container file holding the same articles as records
    ({"id", "url", "text", "meta"}, datatrove/dolma style) until size_mb MB
    of JSON Lines (uncompressed) is reached; stream it, so any size fits in
    memory. Returns (file, records, bytes of JSON Lines, injected counts)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"corpus.{fmt}"
    limit = int(size_mb * 1_000_000)
    total = records = 0
    injected: dict[str, int] = {}

    def rows() -> Any:
        nonlocal total, records
        while total < limit:
            row = {"id": f"doc-{records:08d}", "url": f"https://news.example/{records}", "text": make_article(rng, rate, injected),
                   "meta": {"lang": "en", "score": round(rng.random(), 4)}}
            line = json.dumps(row, ensure_ascii=False) + "\n"
            total += len(line.encode("utf-8"))
            records += 1
            yield row, line

    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([("id", pa.string()), ("url", pa.string()), ("text", pa.string()),
                            ("meta", pa.struct([("lang", pa.string()), ("score", pa.float64())]))])
        with pq.ParquetWriter(target, schema, compression="zstd") as writer:
            chunk: list[dict[str, Any]] = []
            for row, _ in rows():
                chunk.append(row)
                if len(chunk) == 5000:  # one row group per 5,000 articles (~25 MB)
                    writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                    chunk = []
            if chunk:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
        return target, records, total, injected
    if fmt == "jsonl.gz":
        import gzip

        handle: Any = gzip.open(target, "wb", compresslevel=6)
    elif fmt == "jsonl.zst":
        import zstandard

        handle = zstandard.ZstdCompressor(level=3).stream_writer(open(target, "wb"))
    else:
        handle = open(target, "wb")
    with handle:
        for _, line in rows():
            handle.write(line.encode("utf-8"))
    return target, records, total, injected


def run_container(args: argparse.Namespace, lintnews: str) -> int:
    """Lint and fix one container file; report wall, MB/s, CPU and peak RSS."""
    tmp = tempfile.mkdtemp(prefix="lintnews-bench-")
    try:
        work = Path(tmp)
        folder = Path(args.out).resolve() if args.out else work / "corpus"
        t0 = time.perf_counter()
        target, records, nbytes, _ = generate_container(folder, args.format, args.size_mb, args.seed, args.defect_rate)
        mb = nbytes / 1e6
        version = subprocess.run([lintnews, "--version"], check=False, capture_output=True, text=True).stdout.strip()
        print(f"{version} at {lintnews}")
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"corpus: {target.name}, {records} records, {mb:.1f} MB of JSON Lines, {target.stat().st_size / 1e6:.1f} MB on disk "
              f"(generated in {time.perf_counter() - t0:.1f} s, seed {args.seed})")
        config = work / "bench-lintnews.yaml"
        config.write_text("select: [ALL]\nrespect-gitignore: false\n", encoding="utf-8")
        base = [lintnews, "--config", str(config), "--no-progress"]
        variants = [("lint", []), ("lint --jobs 1", ["--jobs", "1"])]
        if args.skip_jobs1:
            variants = variants[:1]
        rows: list[tuple[str, dict[str, Any]]] = []
        for label, extra in variants:
            rows.append((label, measure([*base, *extra, target.name], str(folder))))
        for label, extra in variants:
            copy = work / f"fix-copy.{args.format}"
            shutil.copyfile(target, copy)
            rows.append((label.replace("lint", "fix", 1), measure([*base, "--fix", *extra, copy.name], str(work))))
            copy.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_table(rows, mb)
    return 0


# --------------------------------------------------------------------------
# Measuring

def _measure_child(cmd: list[str], cwd: str) -> None:
    """Run inside a wrapper process: run cmd, print wall/cpu/maxrss as JSON."""
    import resource

    start = time.perf_counter()
    proc = subprocess.run(cmd, check=False, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
        "status": proc.returncode, "stderr": proc.stderr.decode("utf-8", "replace")[-2000:],
    }))


def measure(cmd: list[str], cwd: str) -> dict[str, Any]:
    wrapper = [sys.executable, os.path.abspath(__file__), "--_measure", cwd, "--", *cmd]
    out = subprocess.run(wrapper, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def wall_once(cmd: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interpreter_of(script: str) -> str:
    """The Python that runs a console script (its #! line), else sys.executable."""
    try:
        with open(script, "rb") as f:
            first = f.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        parts = first[2:].split()
        if parts and os.path.basename(parts[0]).startswith("python") and os.access(parts[0], os.X_OK):
            return parts[0]
    return sys.executable


def import_time(python: str, cwd: str) -> tuple[float, float]:
    """(cumulative µs of `import lintnews.cli`, sum of every import's self µs)."""
    proc = subprocess.run([python, "-X", "importtime", "-c", "import lintnews.cli"], cwd=cwd,
                          capture_output=True, text=True, check=True)
    cumulative = self_total = 0
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if not m:
            continue
        self_total += int(m.group(1))
        if m.group(4) == "lintnews.cli" and len(m.group(3)) == 1:
            cumulative = int(m.group(2))
    return cumulative, self_total


def print_table(rows: list[tuple[str, dict[str, Any]]], mb: float) -> None:
    """The timing table of the corpus runs (wall, MB/s, CPU, peak RSS, exit)."""
    print()
    print(f"{'benchmark':<16} {'wall s':>8} {'MB/s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'exit':>5}")
    for label, r in rows:
        wall = float(r["wall"])
        print(f"{label:<16} {wall:>8.2f} {mb / wall:>8.2f} {float(r['cpu']):>8.2f} "
              f"{int(r['maxrss_kb']) / 1024:>12.1f} {r['status']:>5}")
        if r["status"] not in (0, 1):
            print(f"  stderr: {str(r['stderr']).strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:
        _measure_child(argv[3:], argv[1])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--out", help="generate the corpus here (kept) instead of a temporary folder")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--defect-rate", type=float, default=0.02, help="share of articles that get each defect family (default 0.02)")
    parser.add_argument("--lintnews", help="the lintnews command (default: next to sys.executable)")
    parser.add_argument("--runs", type=int, default=15, help="runs for the one-file and --version medians")
    parser.add_argument("--skip-jobs1", action="store_true", help="skip the --jobs 1 measurements")
    parser.add_argument("--format", choices=FORMATS, default="txt",
                        help="txt: one article per file (default); otherwise one container file of records")
    args = parser.parse_args(argv)

    lintnews = args.lintnews or str(Path(sys.executable).with_name("lintnews"))
    if not (os.path.isfile(lintnews) and os.access(lintnews, os.X_OK)):
        found = shutil.which(lintnews)
        if not found:
            parser.error(f"no lintnews command at {lintnews} (use --lintnews PATH)")
        lintnews = found
    lintnews = os.path.abspath(lintnews)
    python = interpreter_of(lintnews)
    if args.format != "txt":
        return run_container(args, lintnews)

    tmp = tempfile.mkdtemp(prefix="lintnews-bench-")
    try:
        work = Path(tmp)
        corpus = Path(args.out).resolve() if args.out else work / "corpus"
        t0 = time.perf_counter()
        files, nbytes, injected = generate(corpus, args.size_mb, args.seed, args.defect_rate)
        mb = nbytes / 1e6
        version = subprocess.run([lintnews, "--version"], check=False, capture_output=True, text=True).stdout.strip()
        print(f"{version} at {lintnews}")
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"corpus: {files} files, {mb:.1f} MB in {corpus} (generated in {time.perf_counter() - t0:.1f} s, seed {args.seed})")
        one_file = next(p for p in sorted(corpus.rglob("*.txt")) if p.stat().st_size > 4000)
        one_size = one_file.stat().st_size
        cwd = str(corpus.parent)

        # warm-up: fills lintnews's on-disk cache (rule files, plugins, patterns)
        subprocess.run([lintnews, str(one_file)], check=False, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        # The corpus runs use an explicit configuration: every rule on, and
        # .gitignore not consulted (an --out folder inside a repository may be
        # git-ignored, e.g. benchmarks/out/, and lintnews would skip it).
        config = work / "bench-lintnews.yaml"
        config.write_text("select: [ALL]\nrespect-gitignore: false\n", encoding="utf-8")
        base = [lintnews, "--config", str(config)]

        rows: list[tuple[str, dict[str, Any]]] = []
        variants = [("lint", []), ("lint --jobs 1", ["--jobs", "1"])]
        if args.skip_jobs1:
            variants = variants[:1]
        for label, extra in variants:
            rows.append((label, measure([*base, *extra, corpus.name], cwd)))
        for label, extra in variants:
            copy = work / "fix-copy"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(corpus, copy)
            rows.append((label.replace("lint", "fix", 1), measure([*base, "--fix", *extra, copy.name], str(work))))

        one = [wall_once([lintnews, str(one_file)], cwd) for _ in range(args.runs)]
        ver = [wall_once([lintnews, "--version"], cwd) for _ in range(args.runs)]
        imports = [import_time(python, cwd) for _ in range(5)]

        # Untimed sanity check: what the lint run found, per rule, against what was injected.
        stats = subprocess.run([*base, "--statistics", corpus.name], check=False, cwd=cwd, capture_output=True, text=True).stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print_table(rows, mb)
    print()
    print(f"{'one file (' + f'{one_size / 1000:.1f}' + ' KB)':<26} median {statistics.median(one) * 1000:7.1f} ms  (min {min(one) * 1000:.1f}, max {max(one) * 1000:.1f}, {len(one)} runs)")
    print(f"{'lintnews --version':<26} median {statistics.median(ver) * 1000:7.1f} ms  (min {min(ver) * 1000:.1f}, max {max(ver) * 1000:.1f}, {len(ver)} runs)")
    cum = statistics.median(c for c, _ in imports) / 1000
    tot = statistics.median(t for _, t in imports) / 1000
    print(f"{'import lintnews.cli':<26} median {cum:7.1f} ms  cumulative (-X importtime; all imports incl. interpreter start-up: {tot:.1f} ms)")
    print()
    print("findings per rule (lint run) vs. articles injected with that defect family:")
    counts = {m.group(2): int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+(\S+)", stats, re.MULTILINE)}
    for family in FAMILIES:
        print(f"  {family:<28} found {counts.get(family, 0):>5}  injected into {injected.get(family, 0):>5} articles")
    for rule in sorted(set(counts) - set(FAMILIES)):
        print(f"  {rule:<28} found {counts[rule]:>5}  (not injected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
