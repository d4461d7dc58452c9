"""The plugin manager: built-ins first, then `lintnews` entry points.

Built-in kinds, the shipped rule folder and the output formats register
through the same hooks a third-party package uses (tox's pattern). Each
entry point is loaded on its own, so one broken plugin is reported by name
and version while the others still load.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pluggy

from lintnews import hookspecs
from lintnews.hookspecs import hookimpl

ENTRY_POINT_GROUP = "lintnews"


def builtin_rules_dir() -> Path:
    """The shipped rule folder: inside the installed package (the wheel maps
    the repository's rules/ to lintnews/rules), else the source checkout."""
    packaged = resources.files("lintnews") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules"


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


def _load_entry_points(pm: pluggy.PluginManager) -> list[str]:
    from importlib.metadata import entry_points

    errors = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        dist = getattr(ep, "dist", None)
        where = f"{dist.name} {dist.version}" if dist is not None else ep.value
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as exc:  # a plugin's bug must not take the run down
            errors.append(f"plugin {ep.name!r} ({where}) failed to load: {type(exc).__name__}: {exc}")
    return errors


def reset_plugin_manager() -> None:
    """Forget the cached manager (for tests that install plugins)."""
    plugin_manager.cache_clear()
