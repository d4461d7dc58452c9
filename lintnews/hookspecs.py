"""The hooks through which plugins (and lintnews's own built-ins) extend lintnews.

A plugin is a module or object registered under the `lintnews` entry-point
group that implements some of these hooks with `@lintnews.hookimpl`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pluggy

if TYPE_CHECKING:
    from lintnews.kinds.base import Kind

F = TypeVar("F", bound=Callable[..., Any])
hookspec = cast(Callable[[F], F], pluggy.HookspecMarker("lintnews"))
hookimpl = cast(Callable[[F], F], pluggy.HookimplMarker("lintnews"))


@hookspec
def lintnews_rule_kinds() -> Mapping[str, Kind]:  # type: ignore[empty-body]
    """Return the rule kinds this plugin provides, by the name rule files use
    in `extends:`. Called once, when the rule set is built."""


@hookspec
def lintnews_rule_paths() -> Iterable[Any]:  # type: ignore[empty-body]
    """Return folders (paths or importlib.resources Traversables) of YAML rule
    files this plugin ships. Their rules join the built-in rule set."""


@hookspec
def lintnews_output_formats() -> Mapping[str, Callable[..., Any]]:  # type: ignore[empty-body]
    """Return extra --output-format choices: name -> reporter factory, called
    as factory(stream, specs) (specs: rule id -> RuleSpec) and returning an object with the Reporter methods
    (see lintnews.output.base)."""
