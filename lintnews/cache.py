"""A small on-disk cache that keeps one-file runs fast.

pre-commit starts lintnews for every commit, so start-up time matters more
than anything. Three things are expensive at start and rarely change: the
parsed rule files (parsing needs PyYAML), the list of installed plugins
(needs importlib.metadata to scan every installed package) and the check
that each regex pattern compiles. Each is cached here as JSON, keyed by what
would invalidate it (file mtimes and sizes, site-packages mtimes, the
pattern text). The cache is an optimisation only: if it is missing,
unreadable, stale or unwritable, lintnews does the work and carries on.

Location: $LINTNEWS_CACHE_DIR, else $XDG_CACHE_HOME/lintnews, else
~/.cache/lintnews. LINTNEWS_NO_CACHE=1 turns it off.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from lintnews import __version__


def cache_dir() -> Path | None:
    if os.environ.get("LINTNEWS_NO_CACHE"):
        return None
    explicit = os.environ.get("LINTNEWS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "lintnews"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "lintnews" if home and home != "~" else None


def _path(name: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{name}-{__version__}.json" if folder else None


def load(name: str) -> Any:
    path = _path(name)
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(name: str, data: Any) -> None:
    path = _path(name)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, path)  # atomic: concurrent runs never read half a file
    except OSError:
        pass


def file_stamp(path: str | os.PathLike[str]) -> list[int] | None:
    """What changes when a file changes: [mtime_ns, size, inode]."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]
