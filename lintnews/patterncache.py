"""Compile rule patterns once, and only when a document needs them.

The `regex` module parses patterns in Python, which costs ~2 ms a pattern:
compiling every shipped pattern up front would dominate a one-file
pre-commit run. So a pattern is checked eagerly only the first time lintnews
sees it (a bad pattern must be reported at load time, naming its rule file),
its key is then remembered in a small cache file, and on later runs the
pattern is compiled lazily on first use — often never, when a rule's cheap
prefilter rules the document out.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import regex

_known: set[str] | None = None
_new: set[str] = set()


def cache_dir() -> Path | None:
    if os.environ.get("LINTNEWS_NO_CACHE"):
        return None
    root = os.environ.get("LINTNEWS_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if root:
        return Path(root) / "lintnews" if not os.environ.get("LINTNEWS_CACHE_DIR") else Path(root)
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "lintnews" if home and home != "~" else None


def _cache_file() -> Path | None:
    folder = cache_dir()
    return folder / f"patterns-{regex.__version__}.json" if folder else None


def _load() -> set[str]:
    global _known
    if _known is None:
        _known = set()
        path = _cache_file()
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, list):
                    _known = {k for k in data if isinstance(k, str)}
            except (OSError, ValueError):
                pass
    return _known


def key(pattern: str, flags: int) -> str:
    return hashlib.blake2b(f"{flags}\0{pattern}".encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class LazyPattern:
    """Stands in for a compiled pattern already known to be valid."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(self.pattern, self.flags)
        return getattr(compiled, name)

    def __reduce__(self) -> Any:  # picklable for spawn-based worker pools
        return (LazyPattern, (self.pattern, self.flags))


def compile_cached(pattern: str, flags: int) -> Any:
    """A compiled pattern, or a lazy one if this pattern compiled before.
    Raises regex.error for an invalid pattern, as regex.compile does."""
    k = key(pattern, flags)
    if k in _load():
        return LazyPattern(pattern, flags)
    compiled = regex.compile(pattern, flags)
    _new.add(k)
    return compiled


def flush() -> None:
    """Remember the patterns validated in this process (best effort)."""
    global _new
    if not _new:
        return
    path = _cache_file()
    known = _load()
    known |= _new
    _new = set()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(sorted(known)), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass
