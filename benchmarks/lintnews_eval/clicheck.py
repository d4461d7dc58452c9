"""Cross-check: the in-process scoring must see what a user running the CLI sees.

Writes a sample of injected documents to a temporary folder as .txt files,
runs `lintnews --isolated --output-format json` and `lintnews --fix
--unsafe-fixes` on them in a subprocess, and compares findings (rule, line)
and fixed texts with what the in-process engine and fixer give.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.fixer import fix_document

from .injectors import Injector
from .scoring import Rules
from .sources import CleanDoc


@dataclass
class CliCheck:
    documents: int = 0
    same_findings: int = 0
    same_fix: int = 0
    differences: list[str] = field(default_factory=list)


def _cli(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lintnews", "--isolated", "--jobs", "1", *args],
                          cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False, timeout=600)


def cli_check(hosts: Sequence[CleanDoc], families: Mapping[str, Injector], rules: Rules, seed: int, per_family: int) -> CliCheck:
    texts: dict[str, str] = {}
    for family, injector in families.items():
        rng = random.Random(f"cli:{seed}:{family}")
        made = 0
        for host in rng.sample(list(hosts), len(hosts)):
            if made >= per_family:
                break
            inj = injector(host.text, rng)
            if inj is not None:
                texts[f"{family}--{made}.txt"] = inj.text
                made += 1
    result = CliCheck(documents=len(texts))
    with tempfile.TemporaryDirectory(prefix="lintnews-eval-") as tmp:
        folder = Path(tmp)
        for name, text in texts.items():
            (folder / name).write_bytes(text.encode("utf-8"))
        run = _cli(["--output-format", "json", "--exit-zero", "."], folder)
        cli_found: dict[str, set[tuple[str, int]]] = {name: set() for name in texts}
        for item in json.loads(run.stdout or "[]"):
            cli_found.setdefault(Path(item["path"]).name, set()).add((item["rule"], item["line"]))
        _cli(["--fix", "--unsafe-fixes", "--exit-zero", "-q", "."], folder)
        for name, text in texts.items():
            doc = Document(text, name)
            diagnostics, _ = lint_document(doc, rules.rules)
            mine = {(d.rule_id, doc.position(d.start)[0]) for d in diagnostics}
            if mine == cli_found.get(name, set()):
                result.same_findings += 1
            elif len(result.differences) < 10:
                result.differences.append(f"{name}: in-process {sorted(mine)}, CLI {sorted(cli_found.get(name, set()))}")
            fixed = fix_document(doc, rules.rules, unsafe=True).text
            on_disk = (folder / name).read_bytes().decode("utf-8", errors="replace")
            if fixed == on_disk:
                result.same_fix += 1
            elif len(result.differences) < 10:
                result.differences.append(f"{name}: --fix wrote a different text than the in-process fixer")
    return result
