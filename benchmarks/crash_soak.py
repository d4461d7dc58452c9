#!/usr/bin/env python3
"""Crash-safety soak test for `lintnews --fix`.

    python benchmarks/crash_soak.py --files 3000 --kills 50 [--seed N] [--jobs 2]

The long version of tests/test_crash_safety.py. Generates a corpus (the
articles of bench.py, with a high defect rate so most files need fixing, 500
files a folder), computes every file's fully fixed bytes with one complete
`lintnews --fix` on a copy, then on the real corpus:

  Ctrl-C       start `lintnews --fix --jobs J` and send SIGINT to its whole
               process group (as a terminal does) at a random moment after
               its first output: exit 130, a summary, no traceback, no
               temporary file left.
  concurrent   two `--fix` runs over the same files at once: every file ends
               up fixed, exit codes 0/1/2, no traceback.
  kills        start `lintnews --fix --jobs J`, SIGKILL its whole process
               group (workers included) after a random delay scaled to the
               length of a complete run; check every file. Each round starts
               from the original files (--no-reset: from what the last kill
               left); temporary files left by earlier kills stay. When a kill
               leaves temporary files, a check run (`--output-format json`)
               over their folders, naming them too, must not list them.
  final        a clean `--fix` must fix every file and remove the temporary
               files the kills left.

After each of these every file must hold either its original or its fixed
bytes. The table counts what must be 0: bytes lost (files holding anything
else), truncated files (a prefix of either version), temporary files left
behind at the end, temporary files read as data, and hangs (a run that did
not finish within --timeout, or a process that outlived SIGKILL of its
group). Exit status 1 if any of them is not 0.

POSIX only (process groups, SIGKILL). Standard library only; lintnews is
run as a command, by default the one next to sys.executable.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TEMP_PREFIX = ".lintnews-tmp-"  # lintnews.files.TEMP_PREFIX


@dataclass
class Tally:
    kills: int = 0
    kills_mid_run: int = 0  # some, not all, files were fixed when the kill landed
    kills_survived: int = 0  # every file old or fixed afterwards
    lost: int = 0  # file checks that found neither the old nor the fixed bytes
    truncated: int = 0  # ... of which a prefix of either version
    temps_seen: set[str] = field(default_factory=set)  # temporary files left by kills
    temps_read: int = 0  # temporary files a later run listed as input
    interrupts: int = 0
    interrupts_clean: int = 0  # exit 130, summary, no traceback, no temporary file
    interrupts_late: int = 0  # the run had finished before Ctrl-C arrived
    interrupt_problems: list[str] = field(default_factory=list)
    pairs: int = 0
    pair_problems: list[str] = field(default_factory=list)
    hangs: int = 0
    final_unfixed: int = 0
    final_before: int = 0  # temporary files the last kills left
    final_temps: int = 0
    final_status: int | None = None


def generate(root: Path, files: int, seed: int, rate: float) -> dict[str, bytes]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import make_article  # the throughput benchmark's articles

    rng = random.Random(seed)
    injected: dict[str, int] = {}
    original: dict[str, bytes] = {}
    for i in range(files):
        rel = f"{i // 500:03d}/article_{i:06d}.txt"
        data = make_article(rng, rate, injected).encode("utf-8")
        if i % 29 == 0:
            data = data.replace(b"\n", b"\r\n")  # line endings must survive a fix
        original[rel] = data
    write(root, original)
    return original


def write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def temp_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(TEMP_PREFIX + "*"))


def check(root: Path, original: dict[str, bytes], fixed: dict[str, bytes], tally: Tally) -> tuple[int, int]:
    """Count (files fixed, files neither old nor fixed), updating the tally."""
    done = bad = 0
    for rel, old in original.items():
        try:
            data = (root / rel).read_bytes()
        except OSError:
            data = b""  # a missing file is as lost as an empty one
        if data == old:
            continue
        if data == fixed[rel]:
            done += 1
            continue
        bad += 1
        tally.lost += 1
        if old.startswith(data) or fixed[rel].startswith(data):
            tally.truncated += 1
        print(f"  LOST: {rel}: {len(data)} bytes, neither the original ({len(old)}) nor the fixed ({len(fixed[rel])})")
    return done, bad


def group_alive(pgid: int) -> bool:
    """Any non-zombie process left in the group (orphaned workers may wait
    a while for a reaper in a container; zombies do nothing)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                return True
    return False


def wait_gone(pgid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while group_alive(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000, help="articles in the corpus (default 3000)")
    parser.add_argument("--kills", type=int, default=50, help="SIGKILL rounds (default 50)")
    parser.add_argument("--interrupts", type=int, default=10, help="Ctrl-C rounds (default 10)")
    parser.add_argument("--concurrent", type=int, default=3, help="rounds of two simultaneous --fix runs (default 3)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--defect-rate", type=float, default=0.25, help="share of articles that get each defect family (default 0.25)")
    parser.add_argument("--jobs", default="2", help="--jobs for the runs (default 2)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a run may take before it counts as a hang")
    parser.add_argument("--no-reset", action="store_true", help="start each kill round from what the last one left")
    parser.add_argument("--out", help="build the corpus here (kept) instead of a temporary folder")
    parser.add_argument("--lintnews", help="the lintnews command (default: next to sys.executable)")
    args = parser.parse_args(argv)
    if not hasattr(os, "killpg"):
        parser.error("needs POSIX process groups and signals")

    lintnews = args.lintnews or str(Path(sys.executable).with_name("lintnews"))
    if not (os.path.isfile(lintnews) and os.access(lintnews, os.X_OK)):
        found = shutil.which(lintnews)
        if not found:
            parser.error(f"no lintnews command at {lintnews} (use --lintnews PATH)")
        lintnews = found
    lintnews = os.path.abspath(lintnews)

    tmp = Path(tempfile.mkdtemp(prefix="lintnews-soak-"))
    rng = random.Random(args.seed)
    tally = Tally()
    try:
        corpus = Path(args.out).resolve() if args.out else tmp / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        original = generate(corpus, args.files, args.seed, args.defect_rate)
        config = tmp / "soak-lintnews.yaml"
        config.write_text("select: [ALL]\nrespect-gitignore: false\n", encoding="utf-8")
        # A private cache: a kill while lintnews updates its cache must not
        # leave anything in the user's.
        env = {**os.environ, "LINTNEWS_CACHE_DIR": str(tmp / "cache"), "PYTHONUNBUFFERED": "1"}
        env.pop("GITHUB_ACTIONS", None)
        base = [lintnews, "--config", str(config)]
        fix = [*base, "--fix", "--jobs", args.jobs, "."]

        def start(output: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
            # A new session: the whole group (workers too) can be signalled.
            return subprocess.Popen(fix, cwd=corpus, env=env, start_new_session=True, stdout=output, stderr=output)

        def listed_temps(left: list[str]) -> int:
            """How many temporary files a check run lists as input when they
            sit in the folders it walks and are also named explicitly."""
            folders = sorted({str(Path(rel).parent) for rel in left})
            try:
                listing = subprocess.run([*base, "--output-format", "json", *folders, *left], cwd=corpus, env=env,
                                         capture_output=True, timeout=args.timeout, check=False)
            except subprocess.TimeoutExpired:
                tally.hangs += 1
                return 0
            listed = json.loads(listing.stdout) if listing.stdout.strip() else []
            return sum(TEMP_PREFIX in item["path"] for item in listed)

        def reset() -> None:
            for rel, data in original.items():
                path = corpus / rel
                if path.read_bytes() != data:
                    path.write_bytes(data)

        # The reference: one complete run on a copy gives every file's fixed bytes.
        reference = tmp / "reference"
        shutil.copytree(corpus, reference)
        t0 = time.perf_counter()
        ref = subprocess.run(fix, cwd=reference, env=env, capture_output=True, check=False)
        seconds = time.perf_counter() - t0
        if ref.returncode not in (0, 1):
            print(ref.stderr.decode("utf-8", "replace")[-2000:])
            return 1
        fixed = {rel: (reference / rel).read_bytes() for rel in original}
        changing = sum(original[r] != fixed[r] for r in original)
        shutil.rmtree(reference)
        version = subprocess.run([lintnews, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        print(f"{version} at {lintnews}; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"corpus: {len(original)} files ({changing} need fixing), {sum(map(len, original.values())) / 1e6:.1f} MB, "
              f"seed {args.seed}; a complete `--fix --jobs {args.jobs}` takes {seconds:.2f} s")

        # --- Ctrl-C rounds ---
        for i in range(args.interrupts):
            reset()
            before = set(temp_files(corpus))
            proc = start()
            assert proc.stdout is not None
            select.select([proc.stdout], [], [], args.timeout)  # the first file reported
            delay = rng.uniform(0.0, seconds / 2)
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGINT)
            try:
                out_b, err_b = proc.communicate(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                tally.hangs += 1
                os.killpg(proc.pid, signal.SIGKILL)
                out_b, err_b = proc.communicate()
                print(f"  HANG: Ctrl-C round {i + 1} did not stop")
            out, err = out_b.decode("utf-8", "replace"), err_b.decode("utf-8", "replace")
            wait_gone(proc.pid, 15.0)
            tally.interrupts += 1
            done, bad = check(corpus, original, fixed, tally)
            new_temps = sorted(set(temp_files(corpus)) - before)
            last = out.splitlines()[-1] if out.strip() else ""
            problems = []
            if proc.returncode in (0, 1) and "Traceback" not in err:
                tally.interrupts_late += 1  # finished before the signal arrived
            elif proc.returncode != 130:
                problems.append(f"exit {proc.returncode}")
            if proc.returncode == 130 and "interrupted" not in err:
                problems.append("no 'interrupted' line on stderr")
            if not last.startswith(("Fixed ", "Found ", "All checks passed")):
                problems.append(f"no summary (last line {last[:60]!r})")
            if "Traceback" in err:
                problems.append("traceback: " + err.strip().splitlines()[-1][:100])
            if new_temps:
                problems.append(f"{len(new_temps)} temporary file(s) left")
            if bad:
                problems.append(f"{bad} file(s) lost")
            if problems:
                tally.interrupt_problems.append(f"Ctrl-C round {i + 1}: " + "; ".join(problems))
            elif proc.returncode == 130:
                tally.interrupts_clean += 1
            print(f"Ctrl-C {i + 1:>3} {delay:5.2f} s after the first output: exit {proc.returncode}, "
                  f"{done:>5} of {changing} files fixed{'; ' + '; '.join(problems) if problems else ''}")

        # --- two runs at once ---
        for i in range(args.concurrent):
            reset()
            runs = [start() for _ in range(2)]
            statuses = []
            for proc in runs:
                try:
                    out_b, err_b = proc.communicate(timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    tally.hangs += 1
                    os.killpg(proc.pid, signal.SIGKILL)
                    out_b, err_b = proc.communicate()
                statuses.append(proc.returncode)
                err = err_b.decode("utf-8", "replace")
                if proc.returncode not in (0, 1, 2) or "Traceback" in err:
                    tally.pair_problems.append(f"pair {i + 1}: exit {proc.returncode}: {err.strip()[-200:]}")
            tally.pairs += 1
            unfixed = sum((corpus / r).read_bytes() != fixed[r] for r in original)
            check(corpus, original, fixed, tally)
            if unfixed:
                tally.pair_problems.append(f"pair {i + 1}: {unfixed} file(s) not fixed")
            print(f"concurrent pair {i + 1}: exits {statuses}, {unfixed} file(s) not fixed")

        # --- SIGKILL rounds ---
        for k in range(args.kills):
            if k == 0 or not args.no_reset:
                reset()
            delay = rng.uniform(0.05, seconds * 1.1)
            proc = start(subprocess.DEVNULL)
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if not wait_gone(proc.pid, 15.0):
                tally.hangs += 1
                print(f"  HANG: processes of group {proc.pid} outlived SIGKILL")
            done, bad = check(corpus, original, fixed, tally)
            tally.kills += 1
            tally.kills_survived += bad == 0
            tally.kills_mid_run += 0 < done < changing
            left = temp_files(corpus)
            tally.temps_seen.update(left)
            if left:
                tally.temps_read += listed_temps(left)
            print(f"kill {k + 1:>3} after {delay:5.2f} s: {done:>5} of {changing} files fixed, {bad} lost, "
                  f"{len(left)} temporary file(s) present")

        # --- final: a clean run finishes the job and removes the leftovers ---
        leftovers = temp_files(corpus)
        tally.final_before = len(leftovers)
        try:
            final = subprocess.run(fix, cwd=corpus, env=env, capture_output=True, timeout=args.timeout, check=False)
            tally.final_status = final.returncode
        except subprocess.TimeoutExpired:
            tally.hangs += 1
        check(corpus, original, fixed, tally)
        tally.final_unfixed = sum((corpus / r).read_bytes() != fixed[r] for r in original)
        tally.final_temps = len(temp_files(corpus))
        print(f"final: {len(leftovers)} temporary file(s) before the clean run, {tally.final_temps} after")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    must_be_zero = {
        "bytes lost (files neither old nor fixed)": tally.lost,
        "truncated files": tally.truncated,
        "stray temp files left (after the final run)": tally.final_temps,
        "temp files read as data by a later run": tally.temps_read,
        "hangs": tally.hangs,
        "files not fixed by the final run": tally.final_unfixed,
        "Ctrl-C rounds with a problem": len(tally.interrupt_problems),
        "concurrent pairs with a problem": len(tally.pair_problems),
    }
    rows: list[tuple[str, object]] = [
        ("files", len(original)),
        ("SIGKILLs of the whole process group", tally.kills),
        ("  landed mid-run (some files fixed, not all)", tally.kills_mid_run),
        ("  kills survived (every file old or fixed)", tally.kills_survived),
        ("  temp files left by kills (seen in total)", len(tally.temps_seen)),
        ("  temp files present before the final run", tally.final_before),
        ("Ctrl-C runs", tally.interrupts),
        ("  exit 130 + summary, no traceback, no temp", tally.interrupts_clean),
        ("  finished before Ctrl-C arrived", tally.interrupts_late),
        ("concurrent --fix pairs", tally.pairs),
        ("final --fix exit status", tally.final_status),
        *must_be_zero.items(),
    ]
    print()
    for label, value in rows:
        mark = "" if label not in must_be_zero else ("  (must be 0)" if value == 0 else "  <-- must be 0")
        print(f"{label:<48} {value!s:>8}{mark}")
    for problem in tally.interrupt_problems + tally.pair_problems:
        print(f"  {problem}")
    return 0 if not any(must_be_zero.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
