"""The plugin manager: built-ins first, then `lintnews` entry points.

Built-in kinds, the shipped rule folder and the output formats register
through the same hooks a third-party package uses (tox's pattern). Each
entry point is loaded on its own, so one broken plugin is reported by name
and version while the others still load.
"""
from __future__ import annotations

import functools
import importlib
import os
import sys
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pluggy

from lintnews import hookspecs
from lintnews.hookspecs import hookimpl

ENTRY_POINT_GROUP = "lintnews"


def builtin_rules_dir() -> Path:
    """The shipped rule folder: inside the installed package (the wheel maps
    the repository's rules/ to lintnews/rules), else the source checkout."""
    # A plain path, not importlib.resources: that import costs ~8 ms of
    # start-up, and lintnews is never imported from a zip file.
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


class _BuiltinRules:
    @hookimpl
    def lintnews_rule_paths(self) -> list[Path]:
        return [builtin_rules_dir()]


class _BuiltinOutputs:
    @hookimpl
    def lintnews_output_formats(self) -> Mapping[str, Callable[..., Any]]:
        from lintnews.output import BUILTIN_FORMATS

        return BUILTIN_FORMATS


@functools.lru_cache(maxsize=1)
def plugin_manager() -> tuple[pluggy.PluginManager, tuple[str, ...]]:
    """The process-wide plugin manager and the plugin load errors (messages)."""
    from lintnews import kinds

    pm = pluggy.PluginManager("lintnews")
    pm.add_hookspecs(hookspecs)
    pm.register(kinds, name="lintnews.kinds")
    pm.register(_BuiltinRules(), name="lintnews.rules")
    pm.register(_BuiltinOutputs(), name="lintnews.output")
    errors = _load_entry_points(pm)
    pm.check_pending()
    return pm, tuple(errors)


def _entry_points() -> list[tuple[str, str, str]]:
    """(name, "module:attr", "dist version") of every `lintnews` entry point.

    Scanning installed packages with importlib.metadata costs tens of
    milliseconds, so the answer is cached, keyed by the modification times
    of the sys.path folders (installing or removing a package changes them).
    """
    from lintnews import cache

    # The working directory (sys.path[0] under `python -m`) changes whenever a
    # file is created there and holds no installed packages: leave it out.
    cwd = os.getcwd()
    folders = [p for p in sys.path if p and p != cwd and os.path.isdir(p)]
    stamp = [[p, cache.file_stamp(p)] for p in folders]
    # One cache file per environment and search path, so alternating venvs (a
    # pre-commit hook env and a dev env) or PYTHONPATHs (two checkouts run
    # from one venv) do not keep invalidating each other.
    key = "\0".join([sys.prefix, *folders])
    name = f"entrypoints-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}"
    cached = cache.load(name)
    if isinstance(cached, dict) and cached.get("stamp") == stamp and isinstance(cached.get("entry_points"), list):
        return [tuple(ep) for ep in cached["entry_points"]]
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        found.append((ep.name, ep.value, f"{dist.name} {dist.version}" if dist is not None else "?"))
    cache.store(name, {"stamp": stamp, "entry_points": found})
    return found


def _load_object(value: str) -> Any:
    """Import what an entry-point value names: 'module' or 'module:attr.attr'."""
    module_name, _, attrs = value.partition(":")
    obj = importlib.import_module(module_name.strip())
    for attr in filter(None, attrs.strip().split(".")):
        obj = getattr(obj, attr)
    return obj


def _load_entry_points(pm: pluggy.PluginManager) -> list[str]:
    errors = []
    for name, value, dist in _entry_points():
        if pm.get_plugin(name) is not None or pm.is_blocked(name):
            continue
        try:
            pm.register(_load_object(value), name=name)
        except Exception as exc:  # a plugin's bug must not take the run down
            errors.append(f"plugin {name!r} ({dist}) failed to load: {type(exc).__name__}: {exc}")
    return errors


def call_hook(pm: pluggy.PluginManager, hook: str, valid: Callable[[Any], bool], expected: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """Call `hook` plugin by plugin, in pluggy's order (last registered
    first): [(plugin name, result)] and error messages.

    pluggy's own call stops at the first implementation that raises, and
    its exception would end the run with a traceback. Here a plugin whose
    hook raises, or returns something that is not `expected`, is reported
    by name and skipped; every other plugin still contributes."""
    results: list[tuple[str, Any]] = []
    errors: list[str] = []
    for impl in reversed(getattr(pm.hook, hook).get_hookimpls()):
        name = impl.plugin_name
        try:
            value = impl.function()
        except Exception as exc:  # a plugin's bug must not take the run down
            errors.append(f"plugin {name!r}: hook {hook} failed: {type(exc).__name__}: {exc}; what it provides was skipped")
            continue
        if value is None:
            continue
        if not valid(value):
            errors.append(f"plugin {name!r}: hook {hook} returned {type(value).__name__}, not {expected}; skipped")
            continue
        results.append((name, value))
    return results, errors


def is_str_mapping(value: Any) -> bool:
    return isinstance(value, Mapping) and all(isinstance(k, str) for k in value)


def reset_plugin_manager() -> None:
    """Forget the cached manager (for tests that install plugins)."""
    plugin_manager.cache_clear()
