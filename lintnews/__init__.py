"""lintnews: a quality-control linter and fixer for corpora of scraped news text.

The public API is what `__all__` lists; everything else is internal.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Applicability",
    "Diagnostic",
    "Document",
    "Edit",
    "FileResult",
    "Fix",
    "Severity",
    "__version__",
    "fix_text",
    "hookimpl",
    "lint_text",
]

if TYPE_CHECKING:
    from lintnews.api import fix_text, lint_text
    from lintnews.diagnostics import (
        Applicability,
        Diagnostic,
        Edit,
        FileResult,
        Fix,
        Severity,
    )
    from lintnews.document import Document
    from lintnews.hookspecs import hookimpl

_LAZY = {
    "fix_text": "lintnews.api",
    "lint_text": "lintnews.api",
    "Applicability": "lintnews.diagnostics",
    "Diagnostic": "lintnews.diagnostics",
    "Edit": "lintnews.diagnostics",
    "FileResult": "lintnews.diagnostics",
    "Fix": "lintnews.diagnostics",
    "Severity": "lintnews.diagnostics",
    "Document": "lintnews.document",
    "hookimpl": "lintnews.hookspecs",
}


def __getattr__(name: str) -> Any:
    # Lazy, so `lintnews --version` and a one-file pre-commit run import only what they use.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lintnews' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
