"""Baselines for CI gates: accept the findings a corpus has today, fail on new ones.

`--write-baseline FILE` records every finding as (path, rule, fingerprint);
`--baseline FILE` hides findings recorded there. The fingerprint hashes the
rule, the flagged text and its line (see runner.fingerprint), not the line
number, so inserting text above a known finding does not resurrect it. Each
recorded entry absorbs one finding, so a second copy of a known defect is new.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lintnews.diagnostics import FileResult
from lintnews.errors import ConfigError

VERSION = 1

Key = tuple[str, str, str]  # path, rule, fingerprint


def load(path: str) -> Counter[Key]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"baseline {path} does not exist (create it with --write-baseline)") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"baseline {path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"baseline {path} is not a lintnews baseline (version {VERSION})")
    keys: Counter[Key] = Counter()
    for item in data["findings"]:
        try:
            keys[(str(item["path"]), str(item["rule"]), str(item["fingerprint"]))] += 1
        except (KeyError, TypeError):
            raise ConfigError(f"baseline {path}: malformed entry {item!r}") from None
    return keys


def filter_known(result: FileResult, known: Counter[Key]) -> int:
    """Drop findings recorded in the baseline from `result`; return how many."""
    kept, dropped = [], 0
    for f in result.findings:
        key = (result.path, f.rule_id, f.fingerprint)
        if known[key] > 0:
            known[key] -= 1
            dropped += 1
        else:
            kept.append(f)
    result.findings = kept
    return dropped


def write(path: str, results: Iterable[FileResult]) -> int:
    items = [
        {"path": r.path, "rule": f.rule_id, "fingerprint": f.fingerprint, "line": f.line, "message": f.message}
        for r in results for f in r.findings
    ]
    items.sort(key=lambda i: (i["path"], i["line"], i["rule"]))
    text = json.dumps({"version": VERSION, "findings": items}, ensure_ascii=False, indent=1) + "\n"
    import tempfile

    # A fresh temporary name (O_EXCL, never a planted file or link) beside
    # the target, renamed over it: only the file the user named is written.
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ConfigError(f"cannot write the baseline {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except OSError as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise ConfigError(f"cannot write the baseline {path}: {exc.strerror or exc}") from None
    return len(items)


def _mode_for(path: str) -> int:
    """The target's current mode, or what a plain open() would give it
    (mkstemp makes its files private)."""
    import stat

    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
