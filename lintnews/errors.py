"""The exceptions lintnews raises; every message names the file (and line or rule).

A `LintnewsError` is a problem with the *setup* (configuration, a rule file, a
plugin): the CLI prints it without a traceback and exits with status 2.
Problems with one input file never raise; they become a FileResult error.
"""
from __future__ import annotations


class LintnewsError(Exception):
    """Base class: a setup problem the user can fix; printed without traceback."""


class ConfigError(LintnewsError):
    """A configuration file (lintnews.yaml, pyproject.toml) is invalid."""


class RuleFileError(LintnewsError):
    """A YAML rule file is malformed or fails validation."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class PluginError(LintnewsError):
    """A plugin failed to load or broke the hook contract."""


class RuleCrashed(LintnewsError):
    """A rule raised (or timed out) while checking one document."""
