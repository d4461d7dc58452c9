"""Reporters: turn FileResults into text, JSON, GitHub annotations or SARIF.

Each format is a factory `factory(stream, specs) -> Reporter`, looked up
lazily, so `--output-format text` never imports the JSON or SARIF code.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from lintnews.output.base import Reporter, Summary

__all__ = ["BUILTIN_FORMATS", "Reporter", "Summary"]


def _lazy(module: str, name: str) -> Callable[..., Any]:
    def factory(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return factory


BUILTIN_FORMATS: Mapping[str, Callable[..., Any]] = {
    "text": _lazy("lintnews.output.text", "TextReporter"),
    "concise": _lazy("lintnews.output.text", "TextReporter"),
    "json": _lazy("lintnews.output.json", "JsonReporter"),
    "github": _lazy("lintnews.output.github", "GithubReporter"),
    "sarif": _lazy("lintnews.output.sarif", "SarifReporter"),
}
