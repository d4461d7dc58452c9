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

from typing import Any

import regex

from lintnews import cache
from lintnews.checks import BOUND_METHODS  # bound once compiled (see there)

_known: set[str] | None = None
_new: set[str] = set()
CACHE_NAME = f"patterns-regex{regex.__version__}"


def _load() -> set[str]:
    global _known
    if _known is None:
        data = cache.load(CACHE_NAME)
        _known = {k for k in data if isinstance(k, str)} if isinstance(data, list) else set()
    return _known


def key(pattern: str, flags: int) -> str:
    return f"{flags}:{pattern}"




class LazyPattern:
    """Stands in for a compiled pattern already known to be valid."""

    __slots__ = ("pattern", "flags", "_compiled", *BOUND_METHODS)

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(self.pattern, self.flags)
            for method in BOUND_METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __reduce__(self) -> Any:  # picklable for spawn-based worker pools
        return (LazyPattern, (self.pattern, self.flags))


def is_compiled(pattern: Any) -> bool:
    """Whether using `pattern` costs no compilation any more."""
    return not isinstance(pattern, LazyPattern) or pattern._compiled is not None


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
    known = _load()
    known |= _new
    _new = set()
    cache.store(CACHE_NAME, sorted(known))
