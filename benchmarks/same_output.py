#!/usr/bin/env python3
"""Check that a change to lintnews leaves its output byte-identical.

    python benchmarks/same_output.py save REF.json [--corpus DIR] [--lintnews PATH]
    python benchmarks/same_output.py check REF.json [--corpus DIR] [--lintnews PATH]

Runs, on the benchmark corpus (bench.py's generator, 20 MB, seed 2024, unless
--corpus names a folder), with every rule on:

  lint   lintnews --output-format json CORPUS
  diff   lintnews --diff --unsafe-fixes CORPUS      (every fix, unsafe ones too)
  fix    lintnews --fix --output-format json COPY   (then a SHA-256 of every file)

`save` writes the three outputs to REF.json; `check` runs them again and
exits 1, naming the first difference, if anything changed. Save with the
version before a change, check with the version after it. Standard library
only; lintnews is run as a command, the one next to sys.executable by default.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus generator)


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def outputs(lintnews: str, corpus: Path, work: Path) -> dict[str, object]:
    config = work / "same-output.yaml"
    config.write_text("select: [ALL]\nrespect-gitignore: false\n", encoding="utf-8")
    base = [lintnews, "--config", str(config), "--jobs", "1"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run(args: list[str], cwd: Path) -> str:
        done = subprocess.run([*base, *args], cwd=cwd, env=env, capture_output=True, check=False)
        if done.returncode not in (0, 1):
            raise SystemExit(f"lintnews {' '.join(args)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
        return done.stdout.decode("utf-8")

    cwd = corpus.parent
    result: dict[str, object] = {
        "lint": run(["--output-format", "json", corpus.name], cwd),
        "diff": run(["--diff", "--unsafe-fixes", corpus.name], cwd),
    }
    copy = work / "fix-copy"
    shutil.copytree(corpus, copy)
    result["fix"] = run(["--fix", "--output-format", "json", copy.name], work)
    result["fixed-files"] = tree_hashes(copy)
    return result


def first_difference(a: object, b: object, where: str = "") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}/{key}: present in only one run"
            found = first_difference(a[key], b[key], f"{where}/{key}")
            if found:
                return found
        return None
    if a == b:
        return None
    if isinstance(a, str) and isinstance(b, str):
        la, lb = a.splitlines(), b.splitlines()
        for i, (x, y) in enumerate(zip(la, lb)):
            if x != y:
                return f"{where} line {i + 1}:\n  saved: {x}\n  now:   {y}"
        return f"{where}: {len(la)} lines saved, {len(lb)} now"
    return f"{where}: {a!r} != {b!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("save", "check"))
    parser.add_argument("reference", help="the JSON file to write (save) or compare with (check)")
    parser.add_argument("--corpus", help="a folder of .txt files (default: generate bench.py's 20 MB corpus)")
    parser.add_argument("--lintnews", default=str(Path(sys.executable).with_name("lintnews")))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lintnews-same-") as tmp:
        work = Path(tmp)
        if args.corpus:
            corpus = Path(args.corpus).resolve()
        else:
            corpus = work / "corpus"
            bench.generate(corpus, 20.0, 2024, 0.02)
        now = outputs(os.path.abspath(args.lintnews), corpus, work)
    ref = Path(args.reference)
    if args.mode == "save":
        ref.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        print(f"saved {ref}: {len(now['fixed-files'])} fixed files, {len(str(now['lint']))} characters of JSON")  # type: ignore[arg-type]
        return 0
    saved = json.loads(ref.read_text(encoding="utf-8"))
    diff = first_difference(saved, now)
    if diff:
        print(f"output changed: {diff}")
        return 1
    print(f"same output as {ref} (lint, diff, fix and {len(saved['fixed-files'])} fixed files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
